package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"unicode"

	"github.com/slant-project/slant/eval/metrics"
	"github.com/slant-project/slant/models/stance"
	"github.com/slant-project/slant/pipeline/ingest"
	"github.com/slant-project/slant/pipeline/profile"
)

// The official SemEval-2016 Task 6 release files (Mohammad et al. 2016),
// read from a directory given at run time.
const (
	SemEvalTrain = "trainingdata-all-annotations.txt"
	SemEvalTrial = "trialdata-all-annotations.txt"
	SemEvalTest  = "testdata-taskA-all-annotations.txt"
)

// SemEval stance labels.
const (
	Favor   = "FAVOR"
	Against = "AGAINST"
	None    = "NONE"
)

// SemEvalStances are the classes, in probability order.
var SemEvalStances = []string{Favor, Against, None}

// SemEvalPublished are published subtask A scores (F_avg × 100, pooled
// over the five targets) printed next to ours.
var SemEvalPublished = []Published{
	{Name: "majority class (Mohammad et al. 2016)", FAvg: 65.22},
	{Name: "MITRE, best of 19 teams (Zarrella & Marsh 2016)", FAvg: 67.82},
	{Name: "SVM, word 1–3 + char 2–5 grams (Mohammad et al. 2016)", FAvg: 68.98},
	{Name: "BERTweet (Nguyen et al. 2020, TweetEval stance)", FAvg: 71.2},
}

// Published is a published score.
type Published struct {
	Name string
	FAvg float64
}

// Tweet is one line of a SemEval file.
type Tweet struct {
	ID, Target, Text, Stance string
	Line                     int
}

// maxSemEvalFile bounds one release file (the largest is under 1 MiB).
const maxSemEvalFile = 64 << 20

// ReadSemEval reads one release file: tab-separated, a header line naming
// at least ID, Target, Tweet and Stance (the release's is "ID Target Tweet
// Stance Opinion towards Sentiment"), CRLF or LF line ends. Lines are split
// on tabs only (tweets hold bare double quotes, so the file is not CSV).
// Each line is decoded on its own by ingest.Decode: valid UTF-8 is kept,
// any other byte is read as Windows-1252 (the training file has such
// bytes). A bad line (undecodable, a field count unlike the header's, an
// empty ID, target or tweet, a stance other than FAVOR, AGAINST or NONE)
// is reported through skip as "name:line: problem" and left out; reading
// goes on. notes says how many lines were decoded from Windows-1252. The
// error is for I/O failures and a missing or wrong header.
func ReadSemEval(r io.Reader, name string, skip func(error)) (tweets []Tweet, notes []string, err error) {
	br := bufio.NewReaderSize(io.LimitReader(r, maxSemEvalFile+1), 64<<10)
	var col map[string]int
	var width int
	decoded, total := 0, 0
	for line := 1; ; line++ {
		raw, rerr := br.ReadBytes('\n')
		if rerr != nil && rerr != io.EOF {
			return nil, nil, fmt.Errorf("read %s: %w", name, rerr)
		}
		total += len(raw)
		if total > maxSemEvalFile {
			return nil, nil, fmt.Errorf("%s: longer than %d bytes", name, maxSemEvalFile)
		}
		if len(raw) > 0 {
			text, notices, derr := ingest.Decode(raw)
			text = strings.TrimRight(text, "\n")
			switch {
			case errors.Is(derr, ingest.ErrEmpty):
				// a blank line
			case derr != nil:
				if col == nil {
					return nil, nil, fmt.Errorf("%s:%d: header: %v", name, line, derr)
				}
				skip(fmt.Errorf("%s:%d: %v", name, line, derr))
			case col == nil:
				if col, width, err = semEvalHeader(text); err != nil {
					return nil, nil, fmt.Errorf("%s:%d: %w", name, line, err)
				}
			default:
				if len(notices) > 0 {
					decoded++
				}
				if t, bad := parseTweet(text, col, width); bad != "" {
					skip(fmt.Errorf("%s:%d: %s", name, line, bad))
				} else {
					t.Line = line
					tweets = append(tweets, t)
				}
			}
		}
		if rerr == io.EOF {
			break
		}
	}
	if col == nil {
		return nil, nil, fmt.Errorf("%s: empty file, no header", name)
	}
	if decoded > 0 {
		notes = append(notes, fmt.Sprintf("%s: %d line(s) not valid UTF-8, decoded as Windows-1252", name, decoded))
	}
	return tweets, notes, nil
}

// semEvalHeader finds the columns of a header line.
func semEvalHeader(s string) (map[string]int, int, error) {
	f := strings.Split(strings.TrimPrefix(s, "\uFEFF"), "\t")
	col := map[string]int{}
	for i, h := range f {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, need := range []string{"id", "target", "tweet", "stance"} {
		if _, ok := col[need]; !ok {
			return nil, 0, fmt.Errorf("header %q has no %q column (want ID, Target, Tweet, Stance, tab-separated)", s, need)
		}
	}
	return col, len(f), nil
}

func parseTweet(s string, col map[string]int, width int) (Tweet, string) {
	f := strings.Split(s, "\t")
	if len(f) != width {
		return Tweet{}, fmt.Sprintf("%d tab-separated fields, the header has %d", len(f), width)
	}
	t := Tweet{ID: strings.TrimSpace(f[col["id"]]), Target: strings.TrimSpace(f[col["target"]]),
		Text: strings.TrimSpace(f[col["tweet"]]), Stance: strings.ToUpper(strings.TrimSpace(f[col["stance"]]))}
	switch {
	case t.ID == "":
		return t, "empty ID"
	case t.Target == "":
		return t, "empty target"
	case t.Text == "":
		return t, "empty tweet"
	}
	switch t.Stance {
	case Favor, Against, None:
	default:
		return t, fmt.Sprintf("stance %q is not FAVOR, AGAINST or NONE", f[col["stance"]])
	}
	return t, ""
}

// LoadSemEval reads the training, trial and test files from dir; train
// holds the training and trial tweets.
func LoadSemEval(dir string, skip func(error)) (train, test []Tweet, notes []string, err error) {
	read := func(name string) ([]Tweet, error) {
		path := filepath.Join(dir, name)
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		ts, n, err := ReadSemEval(f, path, skip)
		notes = append(notes, n...)
		return ts, err
	}
	for _, name := range []string{SemEvalTrain, SemEvalTrial} {
		ts, err := read(name)
		if err != nil {
			return nil, nil, nil, err
		}
		train = append(train, ts...)
	}
	if test, err = read(SemEvalTest); err != nil {
		return nil, nil, nil, err
	}
	return train, test, notes, nil
}

// SemEvalConfig sets up RunSemEval.
type SemEvalConfig struct {
	// Train is the classifier training setup (λ grid, folds, seed).
	Train stance.TrainConfig
	// Boot is the number of bootstrap replicates (tweets resampled) of the
	// pooled F_avg interval (0: none); Seed seeds it.
	Boot int
	Seed uint64
}

// SemEvalFeatures is the classifier's feature set for tweets: its word
// unigrams and bigrams, plus word trigrams and character 2–5-grams as
// extra features (see TweetFeatures).
func SemEvalFeatures() stance.FeatureConfig {
	return stance.FeatureConfig{HashBits: 20, Words: true, Bigrams: true, Extra: true, ExtraScale: 1}
}

// TweetFeatures returns a tweet's word trigrams (profile.Keys words) and
// character 2- to 5-grams of its lower-cased text with white space runs
// made one space, as two blocks of named features, each block's counts
// scaled to unit L2 norm (the classifier's unigrams and bigrams form the
// third unit-norm block).
func TweetFeatures(text string) []stance.Feature {
	var out []stance.Feature
	block := func(prefix string, grams []string) {
		if len(grams) == 0 {
			return
		}
		counts := map[string]float64{}
		for _, g := range grams {
			counts[g]++
		}
		norm := 0.0
		for _, c := range counts {
			norm += c * c
		}
		norm = math.Sqrt(norm)
		keys := make([]string, 0, len(counts))
		for k := range counts {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			out = append(out, stance.Feature{Name: prefix + k, Value: counts[k] / norm})
		}
	}
	words := profile.Keys(text)
	var tri []string
	for i := 0; i+3 <= len(words); i++ {
		tri = append(tri, words[i]+" "+words[i+1]+" "+words[i+2])
	}
	block("t|", tri)
	rs := []rune(strings.Join(strings.FieldsFunc(strings.ToLower(text), unicode.IsSpace), " "))
	var chars []string
	for n := 2; n <= 5; n++ {
		for i := 0; i+n <= len(rs); i++ {
			chars = append(chars, string(rs[i:i+n]))
		}
	}
	block("c|", chars)
	return out
}

// SemEvalScore is subtask A's score on a set of tweets.
type SemEvalScore struct {
	N                  int
	F1Favor, F1Against float64
	// FAvg = (F1(FAVOR) + F1(AGAINST)) / 2, the official score; Lo and Hi
	// its bootstrap interval (NaN without one).
	FAvg, Lo, Hi float64
	MacroF1      float64
	Accuracy     float64
}

// SemEvalTarget is one target's model and scores.
type SemEvalTarget struct {
	Target        string
	NTrain        int
	Lambda        float64
	Score         SemEvalScore
	MajorityClass string
	Majority      SemEvalScore
}

// SemEvalResult is the benchmark's outcome.
type SemEvalResult struct {
	Targets []SemEvalTarget
	// All pools every test tweet (the official score); Majority pools the
	// majority-class baseline computed here.
	All, Majority SemEvalScore
	NTrain        int
	// Skipped lists test tweets whose target has no training tweets.
	Skipped []string
}

// RunSemEval trains one classifier per target on train (FAVOR, AGAINST,
// NONE; SemEvalFeatures, stance.TrainClassifier), predicts every test
// tweet of a known target and scores the predictions. pred[i] is test
// tweet i's predicted stance ("" when its target had no training data).
func RunSemEval(ctx context.Context, train, test []Tweet, cfg SemEvalConfig) (*SemEvalResult, []string, error) {
	byTarget := map[string][]stance.Example{}
	counts := map[string]map[string]int{}
	var targets []string
	for _, t := range train {
		if _, ok := byTarget[t.Target]; !ok {
			targets = append(targets, t.Target)
			counts[t.Target] = map[string]int{}
		}
		byTarget[t.Target] = append(byTarget[t.Target], stance.Example{Text: t.Text, Extra: TweetFeatures(t.Text), Label: t.Stance})
		counts[t.Target][t.Stance]++
	}
	sort.Strings(targets)
	res := &SemEvalResult{NTrain: len(train)}
	pred := make([]string, len(test))
	var gold, guess, major []string
	for _, target := range targets {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		c, err := stance.TrainClassifier(SemEvalStances, byTarget[target], SemEvalFeatures(), cfg.Train)
		if err != nil {
			return nil, nil, fmt.Errorf("semeval %s: %w", target, err)
		}
		maj := majority(counts[target])
		st := SemEvalTarget{Target: target, NTrain: len(byTarget[target]), Lambda: c.Lambda(), MajorityClass: maj}
		var g, p, m []string
		for i, t := range test {
			if t.Target != target {
				continue
			}
			probs := c.Probs(t.Text, nil, TweetFeatures(t.Text))
			pred[i] = SemEvalStances[argmax(probs)]
			g, p, m = append(g, t.Stance), append(p, pred[i]), append(m, maj)
		}
		if st.Score, err = semEvalScore(g, p, 0, 0); err != nil {
			return nil, nil, err
		}
		if st.Majority, err = semEvalScore(g, m, 0, 0); err != nil {
			return nil, nil, err
		}
		res.Targets = append(res.Targets, st)
		gold, guess, major = append(gold, g...), append(guess, p...), append(major, m...)
	}
	for i, t := range test {
		if pred[i] == "" {
			res.Skipped = append(res.Skipped, fmt.Sprintf("test tweet %s (line %d): no training tweets for target %q", t.ID, t.Line, t.Target))
		}
	}
	var err error
	if res.All, err = semEvalScore(gold, guess, cfg.Boot, cfg.Seed); err != nil {
		return nil, nil, err
	}
	if res.Majority, err = semEvalScore(gold, major, 0, 0); err != nil {
		return nil, nil, err
	}
	return res, pred, nil
}

// majority returns the most frequent label (ties: SemEvalStances order).
func majority(c map[string]int) string {
	best := SemEvalStances[0]
	for _, s := range SemEvalStances[1:] {
		if c[s] > c[best] {
			best = s
		}
	}
	return best
}

func argmax(p []float64) int {
	best := 0
	for i, v := range p {
		if v > p[best] {
			best = i
		}
	}
	return best
}

// semEvalScore scores predictions: F1 of FAVOR and AGAINST, their mean
// F_avg (with a percentile bootstrap interval resampling tweets when boot
// > 0), macro-F1 over the three classes and accuracy. No tweets give NaN.
func semEvalScore(gold, pred []string, boot int, seed uint64) (SemEvalScore, error) {
	s := SemEvalScore{N: len(gold), Lo: math.NaN(), Hi: math.NaN()}
	c, err := metrics.ConfusionOf(SemEvalStances, gold, pred)
	if err != nil {
		return s, fmt.Errorf("semeval score: %w", err)
	}
	if len(gold) == 0 {
		s.F1Favor, s.F1Against, s.FAvg, s.MacroF1, s.Accuracy = math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()
		return s, nil
	}
	fav, _ := c.Class(Favor)
	ag, _ := c.Class(Against)
	s.F1Favor, s.F1Against = fav.F1, ag.F1
	s.FAvg, _ = c.FAvg(Favor, Against)
	s.MacroF1, s.Accuracy = c.MacroF1(), c.Accuracy()
	if boot > 0 {
		stat := func(idx []int) float64 {
			m, _ := metrics.NewConfusion(SemEvalStances)
			for _, i := range idx {
				_ = m.Add(gold[i], pred[i])
			}
			v, _ := m.FAvg(Favor, Against)
			return v
		}
		s.Lo, s.Hi, _, err = metrics.ClusterBootstrap(metrics.Singletons(len(gold)), stat, boot, rand.New(rand.NewPCG(seed, 0)))
		if err != nil {
			return s, fmt.Errorf("semeval bootstrap: %w", err)
		}
	}
	return s, nil
}

// WriteSemEvalPredictions writes predictions in the release's format, as
// the official scorer reads them: a header "ID<TAB>Target<TAB>Tweet<TAB>
// Stance" and one line per test tweet with a prediction, in test order
// (tweets as decoded, UTF-8; tabs and line breaks inside a tweet become
// spaces).
func WriteSemEvalPredictions(w io.Writer, test []Tweet, pred []string) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("ID\tTarget\tTweet\tStance\n")
	clean := strings.NewReplacer("\t", " ", "\n", " ", "\r", " ")
	for i, t := range test {
		if i >= len(pred) || pred[i] == "" {
			continue
		}
		fmt.Fprintf(bw, "%s\t%s\t%s\t%s\n", clean.Replace(t.ID), clean.Replace(t.Target), clean.Replace(t.Text), pred[i])
	}
	return bw.Flush()
}

// WriteTable prints the per-target and pooled scores (×100, as published)
// next to the published figures.
func (r *SemEvalResult) WriteTable(w io.Writer) error {
	pct := func(v float64) string {
		if math.IsNaN(v) {
			return "–"
		}
		return fmt.Sprintf("%.2f", 100*v)
	}
	fmt.Fprintf(w, "SemEval-2016 Task 6, subtask A: %d training+trial tweets, %d test tweets scored\n", r.NTrain, r.All.N)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "target\ttrain\ttest\tF1 FAVOR\tF1 AGAINST\tF_avg\tmacro-F1\tmajority class\tmajority F_avg\tλ")
	for _, t := range r.Targets {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%g\n", t.Target, t.NTrain, t.Score.N, pct(t.Score.F1Favor), pct(t.Score.F1Against),
			pct(t.Score.FAvg), pct(t.Score.MacroF1), t.MajorityClass, pct(t.Majority.FAvg), t.Lambda)
	}
	ci := ""
	if !math.IsNaN(r.All.Lo) {
		ci = fmt.Sprintf(" [%s, %s]", pct(r.All.Lo), pct(r.All.Hi))
	}
	fmt.Fprintf(tw, "all (pooled, official)\t%d\t%d\t%s\t%s\t%s%s\t%s\t\t%s\t\n", r.NTrain, r.All.N, pct(r.All.F1Favor), pct(r.All.F1Against),
		pct(r.All.FAvg), ci, pct(r.All.MacroF1), pct(r.Majority.FAvg))
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nofficial score F_avg = (F1(FAVOR) + F1(AGAINST)) / 2 over all test tweets pooled; 95% CI resamples tweets")
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "system\tF_avg")
	fmt.Fprintf(tw, "slant (this run: one classifier per target, word 1–3 + char 2–5 grams)\t%s\n", pct(r.All.FAvg))
	fmt.Fprintf(tw, "majority class (computed here)\t%s\n", pct(r.Majority.FAvg))
	for _, p := range SemEvalPublished {
		fmt.Fprintf(tw, "%s\t%.2f\n", p.Name, p.FAvg)
	}
	return tw.Flush()
}
