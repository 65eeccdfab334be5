package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/slant-project/slant/models/stance"
	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/profile"
	"github.com/slant-project/slant/pipeline/tokenize"
)

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// cmdTrain retrains the stance model from labels and writes it, with a
// MANIFEST, into --out. With --cv loao it first reports a
// leave-one-article-out cross-validation over the gold files' articles
// (synthetic rows are only ever trained on).
//
//	slant train --gold FILE [--gold FILE]... --out DIR [--synthetic FILE] [--profile FILE]
//	            [--cv loao] [--gold-weight W] [--seed N] [--no-pieces] [--context signals|first_pass]
//	            [--class-weights equal|balanced]
//
// Label files are CSV or JSONL with text and stance columns (and
// optionally voice, speaker_side, section; the gold format adds
// article_id, start, …). Extra positional arguments are more gold files.
func cmdTrain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("slant train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var gold listFlag
	fs.Var(&gold, "gold", "gold label file (CSV or JSONL; repeatable)")
	out := fs.String("out", "", "directory to write the model and MANIFEST into")
	synth := fs.String("synthetic", "", "synthetic training rows (trained on, never evaluated)")
	profPath := fs.String("profile", "", "dispute profile (default: embedded junior-doctors-2016)")
	cv := fs.String("cv", "", `cross-validate first: "loao" (leave one article out)`)
	goldWeight := fs.Float64("gold-weight", 1, "weight of each gold row relative to a synthetic row")
	seed := fs.Uint64("seed", 1, "seed for cross-validation folds")
	noPieces := fs.Bool("no-pieces", false, "train without WordPiece features")
	useContext := fs.String("context", "", `features of the previous claim: "signals" or "first_pass" (default none)`)
	cvOut := fs.String("cv-out", "", "with --cv: write every held-out prediction to this CSV")
	weighting := fs.String("class-weights", string(stance.WeightBalanced), `class weights: "equal" (the training data's class mix is the prior) or "balanced" (every class counts the same)`)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	gold = append(gold, fs.Args()...)
	if len(gold) == 0 && *synth == "" {
		fmt.Fprintln(stderr, "slant train: need --gold FILE (or --synthetic FILE)")
		return exitUsage
	}
	if *out == "" && *cv == "" {
		fmt.Fprintln(stderr, "slant train: need --out DIR (or --cv loao)")
		return exitUsage
	}
	if *cv != "" && *cv != "loao" {
		fmt.Fprintf(stderr, "slant train: --cv %q: only loao is supported\n", *cv)
		return exitUsage
	}
	weights, err := stance.ParseWeighting(*weighting)
	if err != nil {
		fmt.Fprintf(stderr, "slant train: --class-weights %q: want equal or balanced\n", *weighting)
		return exitUsage
	}
	if !(*goldWeight > 0) {
		fmt.Fprintln(stderr, "slant train: --gold-weight must be > 0")
		return exitUsage
	}
	p, err := profile.Load(*profPath)
	if err != nil {
		fmt.Fprintf(stderr, "slant train: %v\n", err)
		return exitFailure
	}
	sums := map[string]string{}
	skipped := 0
	read := func(path string, w float64) ([]stance.Labeled, error) {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		sums[filepath.ToSlash(path)] = stance.FileSum(b)
		set, err := stance.ReadLabels(strings.NewReader(string(b)), path, p)
		if err != nil {
			return nil, err
		}
		for _, s := range set.Skipped {
			fmt.Fprintln(stderr, "slant train: skipped", s)
		}
		skipped += len(set.Skipped)
		for i := range set.Rows {
			set.Rows[i].Weight = w
		}
		return set.Rows, nil
	}
	var goldRows, synRows []stance.Labeled
	for _, g := range gold {
		rows, err := read(g, *goldWeight)
		if err != nil {
			fmt.Fprintf(stderr, "slant train: %v\n", err)
			return exitFailure
		}
		goldRows = append(goldRows, rows...)
	}
	if *synth != "" {
		rows, err := read(*synth, 1)
		if err != nil {
			fmt.Fprintf(stderr, "slant train: %v\n", err)
			return exitFailure
		}
		// Synthetic rows are trained on, never evaluated; ReadLabels
		// groups the sentences of one passage.
		synRows = rows
	}
	if len(goldRows)+len(synRows) == 0 {
		fmt.Fprintln(stderr, "slant train: no usable labelled rows")
		return exitFailure
	}
	opt := stance.Options{Train: stance.TrainConfig{Seed: *seed, Weighting: weights},
		Training: map[string]string{"gold_rows": strconv.Itoa(len(goldRows)), "synthetic_rows": strconv.Itoa(len(synRows)),
			"gold_weight": strconv.FormatFloat(*goldWeight, 'g', -1, 64), "class_weights": *weighting}}
	f := stance.DefaultFeatures()
	switch c := stance.ContextMode(*useContext); c {
	case stance.ContextOff, stance.ContextSignals, stance.ContextFirstPass:
		f.Context = c
	default:
		fmt.Fprintf(stderr, "slant train: --context %q: want signals or first_pass\n", *useContext)
		return exitUsage
	}
	if *noPieces {
		f.Pieces = false
	}
	opt.Features = f
	if f.Context != stance.ContextOff {
		opt.Training["context"] = string(f.Context)
	}
	if !*noPieces {
		tk, err := tokenize.New()
		if err != nil {
			fmt.Fprintf(stderr, "slant train: %v\n", err)
			return exitFailure
		}
		opt.Encoder, opt.EncoderName = tk, "bert-base-uncased-wordpiece"
	}
	var extra []string
	if *cv == "loao" {
		if err := ctx.Err(); err != nil {
			fmt.Fprintf(stderr, "slant train: %v\n", err)
			return exitFailure
		}
		rep, err := stance.CrossValidate(p, goldRows, synRows, opt)
		if err != nil {
			fmt.Fprintf(stderr, "slant train: %v\n", err)
			return exitFailure
		}
		extra = writeCV(stdout, rep)
		if *cvOut != "" {
			if err := writeCVPredictions(*cvOut, rep); err != nil {
				fmt.Fprintf(stderr, "slant train: %v\n", err)
				return exitFailure
			}
		}
		opt.Training["loao_macro_f1"] = strconv.FormatFloat(rep.MacroF1[stance.SignalCombined], 'f', 3, 64)
	}
	if *out == "" {
		if skipped > 0 {
			return exitSkipped
		}
		return exitOK
	}
	if err := ctx.Err(); err != nil {
		fmt.Fprintf(stderr, "slant train: %v\n", err)
		return exitFailure
	}
	m, err := stance.Train(p, append(append([]stance.Labeled(nil), goldRows...), synRows...), opt)
	if err != nil {
		fmt.Fprintf(stderr, "slant train: %v\n", err)
		return exitFailure
	}
	sum, err := m.Save(*out)
	if err != nil {
		fmt.Fprintf(stderr, "slant train: %v\n", err)
		return exitFailure
	}
	c := m.Classifier(stance.SignalCombined)
	extra = append(extra,
		fmt.Sprintf("profile: %s", p.VersionString()),
		fmt.Sprintf("rows: gold %d (weight %g), synthetic %d", len(goldRows), *goldWeight, len(synRows)),
		fmt.Sprintf("class_weights: %s", *weighting),
		fmt.Sprintf("combined: lambda %g, temperature %.3f, %d feature rows, hash bits %d, within-training grouped %d-fold macro-F1 %.3f",
			c.Lambda(), c.Temperature(), c.Size(), c.Features().HashBits, 5, c.CVMacroF1()))
	mi := stance.ManifestInfo{Command: "slant train " + quoteArgs(args), Inputs: sums, ModelSum: sum,
		Date: time.Now().UTC().Format(time.RFC3339), Version: m.Version(), Extra: extra}
	if err := stance.WriteManifest(*out, mi); err != nil {
		fmt.Fprintf(stderr, "slant train: %v\n", err)
		return exitFailure
	}
	fmt.Fprintf(stdout, "wrote %s (%s) and %s to %s\n", stance.ModelFile, m.Version(), stance.Manifest, *out)
	if skipped > 0 {
		return exitSkipped
	}
	return exitOK
}

// writeCV prints the cross-validation table and returns it as MANIFEST lines.
func writeCV(w io.Writer, rep *stance.CVReport) []string {
	var lines []string
	lines = append(lines, fmt.Sprintf("loao: %d held-out gold claims in %d articles (trained on the other articles + synthetic)", rep.N, len(rep.Folds)))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "leave-one-article-out cross-validation: %d claims, %d articles\n", rep.N, len(rep.Folds))
	fmt.Fprintln(tw, "predictor\tmacro-F1\tF1 pro_gov\tF1 neutral\tF1 pro_jdc")
	for _, s := range stance.AllSignals {
		f, ok := rep.MacroF1[s]
		if !ok {
			continue
		}
		pc := rep.PerClass[s]
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t%.3f\n", s, f, pc[0], pc[1], pc[2])
		lines = append(lines, fmt.Sprintf("loao %s: macro-F1 %.3f (pro_gov %.3f, neutral %.3f, pro_jdc %.3f)", s, f, pc[0], pc[1], pc[2]))
	}
	tw.Flush()
	fmt.Fprintln(tw, "\nper article (combined)\tn\tmacro-F1\taccuracy\tlambda")
	for _, f := range rep.Folds {
		var gold, pred []int
		correct := 0
		for i, g := range f.Gold {
			gi, pi := stanceIdx(g), stanceIdx(f.Pred[stance.SignalCombined][i].Stance)
			gold, pred = append(gold, gi), append(pred, pi)
			if gi == pi {
				correct++
			}
		}
		mf := stance.MacroF1(gold, pred, 3)
		fmt.Fprintf(tw, "%s\t%d\t%.3f\t%.3f\t%g\n", f.Group, len(f.Gold), mf, float64(correct)/float64(max(1, len(f.Gold))), f.Lambda)
		lines = append(lines, fmt.Sprintf("loao article %s: n %d, macro-F1 %.3f (lambda %g)", f.Group, len(f.Gold), mf, f.Lambda))
	}
	tw.Flush()
	return lines
}

// writeCVPredictions writes one row per held-out claim: group, gold
// stance, each predictor's stance and the combined probabilities.
func writeCVPredictions(path string, rep *stance.CVReport) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	head := []string{"group", "text", "voice", "speaker_side", "gold"}
	for _, s := range stance.AllSignals {
		head = append(head, string(s))
	}
	head = append(head, "p_pro_gov", "p_neutral", "p_pro_jdc", "target_side")
	w.Write(head)
	for _, fd := range rep.Folds {
		for i, d := range fd.Test {
			row := []string{fd.Group, safeCell(d.Text), string(d.Voice), string(d.SpeakerSide), string(fd.Gold[i])}
			for _, s := range stance.AllSignals {
				row = append(row, string(fd.Pred[s][i].Stance))
			}
			c := fd.Pred[stance.SignalCombined][i]
			row = append(row, fmtP(c.P[0]), fmtP(c.P[1]), fmtP(c.P[2]), string(c.Target))
			w.Write(row)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}

func stanceIdx(s article.Stance) int {
	for i, x := range article.Stances {
		if x == s {
			return i
		}
	}
	return -1
}

// quoteArgs joins args for a shell, quoting those that need it.
func quoteArgs(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		if a == "" || strings.ContainsAny(a, " \t\n'\"\\$`*?[]#~;&|<>(){}") {
			out[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		} else {
			out[i] = a
		}
	}
	return strings.Join(out, " ")
}
