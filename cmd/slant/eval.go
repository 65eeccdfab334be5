package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/slant-project/slant/data"
	"github.com/slant-project/slant/eval/harness"
	"github.com/slant-project/slant/models/sentiment"
	"github.com/slant-project/slant/models/stance"
	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/ingest"
	"github.com/slant-project/slant/pipeline/profile"
	"github.com/slant-project/slant/pipeline/tokenize"
)

const evalUsage = `usage: slant eval --gold FILE [--pred FILE] [--cv article|source] [--out DIR]
                  [--compare OTHER_PRED] [--boot N] [--seed N] [flags]

Evaluates stance and sentiment labels against gold, and (for the project's
gold format, data/gold/GUIDELINES.md section 7) the cleaning, segmentation
and quote attribution of the pipeline, with 95% bootstrap intervals that
resample articles. Prints the headline table; with --out writes eval.json
(every figure), eval.md, eval.html and predictions.csv (the predictions
evaluated, e.g. the cross-validated ones, in the --pred format, to
compare with another system later via --compare).

Gold: the gold format, or a CSV/JSONL file with id, text, stance (optional
article_id, source, sentiment, speaker_side, voice). Gold units are matched
to the pipeline's claims on the --articles corpus by (article_id, start,
end), with the text hash checked; mismatched and unmatched units are listed.

What is scored:
  (default)      the stance model (--model, default the embedded one) on the
                 claims; units no claim matches are scored on the gold text.
                 The embedded model is trained on all gold: in-sample.
  --cv article   retrains per fold (grouped by article, or by source) on the
                 other folds' gold plus --synthetic; out-of-sample.
  --pred FILE    a predictions CSV: article_id,start,end (as claims.csv) or
                 id, with stance and optionally p_pro_gov, p_neutral,
                 p_pro_jdc, sentiment_label.

Exit codes: 0 ok, 1 failure, 2 bad usage or file shape, 3 some rows were
skipped or some units had hash mismatches (all reported as file:line).

flags:
`

// cmdEval evaluates predictions or the model against gold labels.
func cmdEval(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("slant eval", evalUsage, stderr)
	goldPath := fs.String("gold", "", "gold label `file` (required)")
	predPath := fs.String("pred", "", "predictions `file` to evaluate instead of the model")
	cv := fs.String("cv", "", "cross-validate, folds grouped by `article` or source")
	folds := fs.Int("folds", 0, "number of cross-validation `folds` (0: one per group)")
	outDir := fs.String("out", "", "write eval.json, eval.md, eval.html and predictions.csv into `dir`")
	comparePath := fs.String("compare", "", "second predictions `file`: paired bootstrap test of the difference")
	boot := fs.Int("boot", 2000, "bootstrap `replicates` (0: no intervals)")
	seed := fs.Uint64("seed", 1, "random `seed` of the bootstrap and of fold assignment")
	articles := fs.String("articles", "", "corpus `path` the gold units are over (default: the embedded sample articles)")
	synth := fs.String("synthetic", "embedded", "extra training rows for --cv, never evaluated: a `file`, \"embedded\" (data/gold/synthetic.csv) or \"none\"")
	modelDir := fs.String("model", "", "stance model `dir` (default: the embedded model)")
	profPath := fs.String("profile", "", "dispute profile `file` (default: embedded junior-doctors-2016)")
	lambdas := fs.String("lambdas", "", "comma-separated L2 `grid` for --cv retraining (default: the stance package's)")
	noPieces := fs.Bool("no-pieces", false, "retrain under --cv without WordPiece features (faster)")
	weighting := fs.String("class-weights", string(stance.WeightBalanced), `class weights when retraining under --cv: "equal" or "balanced" (as slant train)`)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "slant eval: "+format+"\n", a...)
		return exitUsage
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "slant eval: %v\n", err)
		if errors.Is(err, harness.ErrUsage) {
			return exitUsage
		}
		return exitFailure
	}
	switch {
	case *goldPath == "":
		return usageErr("--gold FILE is required (see slant eval -h)")
	case fs.NArg() > 0:
		return usageErr("unexpected argument %q", fs.Arg(0))
	case *cv != "" && *cv != string(harness.GroupByArticle) && *cv != string(harness.GroupBySource):
		return usageErr("--cv %q: want article or source", *cv)
	case *cv != "" && *predPath != "":
		return usageErr("--cv retrains the model; it cannot be combined with --pred")
	case *boot < 0:
		return usageErr("--boot %d: must be 0 or more", *boot)
	case *folds < 0:
		return usageErr("--folds %d: must be 0 or more", *folds)
	}
	grid, err := parseLambdas(*lambdas)
	if err != nil {
		return usageErr("--lambdas: %v", err)
	}
	weights, err := stance.ParseWeighting(*weighting)
	if err != nil {
		return usageErr("--class-weights %q: want equal or balanced", *weighting)
	}

	problems := 0
	report := func(lines []string) {
		for _, l := range lines {
			fmt.Fprintf(stderr, "slant eval: %s\n", l)
		}
		problems += len(lines)
	}
	gold, goldSum, err := readHashed(*goldPath, func(r io.Reader) (*harness.Gold, error) { return harness.ReadGold(r, *goldPath) })
	if err != nil {
		return fail(err)
	}
	report(gold.Problems)
	var preds, other *harness.PredSet
	var predSum, otherSum string
	readPreds := func(path string) (*harness.PredSet, string, error) {
		return readHashed(path, func(r io.Reader) (*harness.PredSet, error) { return harness.ReadPredictions(r, path) })
	}
	if *predPath != "" {
		if preds, predSum, err = readPreds(*predPath); err != nil {
			return fail(err)
		}
		report(preds.Problems)
	}
	if *comparePath != "" {
		if other, otherSum, err = readPreds(*comparePath); err != nil {
			return fail(err)
		}
		report(other.Problems)
	}
	p, err := profile.Load(*profPath)
	if err != nil {
		return fail(err)
	}
	cfg := harness.Config{Gold: gold, Preds: preds, Compare: other, CV: harness.GroupBy(*cv), Folds: *folds,
		Profile: p, Boot: harness.Boot{B: *boot, Seed: *seed},
		Progress: func(s string) { fmt.Fprintf(stderr, "slant eval: %s\n", s) }}

	var tk *tokenize.Tokenizer
	needTokens := gold.Format == harness.FormatGold || preds == nil
	if needTokens {
		if tk, err = tokenize.New(); err != nil {
			return fail(err)
		}
	}
	if gold.Format == harness.FormatGold {
		arts, msgs, err := loadArticles(ctx, *articles)
		if err != nil {
			return fail(err)
		}
		report(msgs)
		chain, err := harness.Stages(p)
		if err != nil {
			return fail(err)
		}
		arts, msgs, err = harness.Prepare(ctx, arts, chain)
		if err != nil {
			return fail(err)
		}
		report(msgs)
		cfg.Articles = arts
	}
	if preds == nil {
		se, err := sentiment.Default()
		if err != nil {
			return fail(fmt.Errorf("sentiment model: %w", err))
		}
		cfg.Sentiment = se
		if *cv == "" {
			var m *stance.Model
			if *modelDir == "" {
				m, err = stance.Default(p)
			} else {
				m, err = stance.Load(*modelDir, p)
			}
			if err != nil {
				return fail(fmt.Errorf("stance model: %w (evaluate with --cv article to retrain per fold, or give --model DIR)", err))
			}
			cfg.Model, cfg.ModelName = m.WithEncoder(tk), m.Version()
		} else {
			if cfg.Extra, cfg.ExtraName, err = loadSynthetic(*synth, p, report); err != nil {
				return fail(err)
			}
			opt := stance.Options{Train: stance.TrainConfig{Lambdas: grid, Seed: *seed, Weighting: weights}}
			if *noPieces {
				f := stance.DefaultFeatures()
				f.Pieces = false
				opt.Features = f
			} else {
				opt.Encoder, opt.EncoderName = tk, "bert-base-uncased-wordpiece"
			}
			cfg.Trainer = harness.TrainerFunc(func(ctx context.Context, rows []stance.Labeled) (harness.Model, error) {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				return stance.Train(p, rows, opt)
			})
		}
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	rep, err := harness.Evaluate(ctx, cfg)
	if err != nil {
		return fail(err)
	}
	rep.Command = "slant eval " + quoteArgs(args)
	rep.Created = time.Now().UTC().Format(time.RFC3339)
	rep.Gold.SHA256 = goldSum
	if rep.Predictions != nil {
		rep.Predictions.SHA256 = predSum
	}
	if rep.Compare != nil {
		rep.Compare.Other.SHA256 = otherSum
		report(rep.Compare.Other.Problems[len(other.Problems):])
	}
	report(rep.Alignment.HashMismatch)
	report(rep.Alignment.NoArticle)
	if err := rep.WriteHeadline(stdout); err != nil {
		return fail(err)
	}
	if *outDir != "" {
		if err := writeEvalFiles(*outDir, rep); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "wrote eval.json, eval.md, eval.html and predictions.csv to %s\n", *outDir)
	}
	if problems > 0 {
		return exitSkipped
	}
	return exitOK
}

// readHashed opens path, parses it with read and returns the result with
// the file's hex SHA-256.
func readHashed[T any](path string, read func(io.Reader) (T, error)) (T, string, error) {
	var zero T
	f, err := os.Open(path)
	if err != nil {
		return zero, "", err
	}
	defer f.Close()
	h := sha256.New()
	v, err := read(io.TeeReader(f, h))
	if err != nil {
		return zero, "", err
	}
	if _, err := io.Copy(h, f); err != nil {
		return zero, "", fmt.Errorf("%s: %w", path, err)
	}
	return v, hex.EncodeToString(h.Sum(nil)), nil
}

// loadArticles reads the corpus (default: the embedded sample) and
// returns its articles and one line per input that yielded none.
func loadArticles(ctx context.Context, path string) ([]*article.Article, []string, error) {
	out := make(chan ingest.Item, 16)
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		if path == "" {
			_, err = ingest.StreamDefault(ctx, ingest.Options{}, out)
		} else {
			_, err = ingest.Stream(ctx, []string{path}, ingest.Options{}, out)
		}
		close(out)
	}()
	var arts []*article.Article
	var msgs []string
	for it := range out {
		switch {
		case it.Article != nil:
			arts = append(arts, it.Article)
		case it.Problem != nil:
			msgs = append(msgs, it.Problem.Error())
		}
	}
	<-done
	if err != nil {
		return nil, nil, fmt.Errorf("articles: %w", err)
	}
	return arts, msgs, nil
}

// loadSynthetic reads the extra training rows for --cv: "embedded" is
// data/gold/synthetic.csv when the binary has it, "none" nothing.
func loadSynthetic(spec string, p *profile.Profile, report func([]string)) ([]stance.Labeled, string, error) {
	var b []byte
	var name string
	switch spec {
	case "none", "":
		return nil, "", nil
	case "embedded":
		var err error
		b, err = data.FS.ReadFile("gold/synthetic.csv")
		if errors.Is(err, os.ErrNotExist) {
			return nil, "", nil
		}
		if err != nil {
			return nil, "", err
		}
		name = "data/gold/synthetic.csv (embedded)"
	default:
		var err error
		if b, err = os.ReadFile(spec); err != nil {
			return nil, "", err
		}
		name = spec
	}
	set, err := stance.ReadLabels(bytes.NewReader(b), name, p)
	if err != nil {
		return nil, "", err
	}
	report(set.Skipped)
	return set.Rows, name, nil
}

// parseLambdas reads a comma-separated list of positive numbers; "" is nil.
func parseLambdas(s string) ([]float64, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []float64
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || !(v > 0) {
			return nil, fmt.Errorf("%q is not a positive number", f)
		}
		out = append(out, v)
	}
	return out, nil
}

// writeEvalFiles writes eval.json, eval.md, eval.html and predictions.csv
// (the evaluated predictions, readable by --pred and --compare) into dir.
func writeEvalFiles(dir string, rep *harness.Report) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range []struct {
		name  string
		write func(io.Writer) error
	}{{"eval.json", rep.WriteJSON}, {"eval.md", rep.WriteMarkdown}, {"eval.html", rep.WriteHTML}, {"predictions.csv", rep.WritePredictions}} {
		path := filepath.Join(dir, f.name)
		var buf bytes.Buffer
		if err := f.write(&buf); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}
