package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/slant-project/slant/eval/metrics"
	"github.com/slant-project/slant/models/sentiment"
)

// NewsMTSC files (Hamborg & Donnay, EACL 2021) and the published
// macro-F1 of the best model on the real-world test split.
const (
	NewsMTSCTrain      = "train.jsonl"
	NewsMTSCTest       = "devtest_mt.jsonl"
	NewsMTSCPublished  = 83.1
	NewsMTSCPublishedM = "RoBERTa GRU-TSC"
)

// NewsMTSCTarget is one rated mention. From and To are the file's rune
// (code point) offsets into the sentence; Start and End the byte offsets
// slant works with.
type NewsMTSCTarget struct {
	From, To   int
	Start, End int
	Mention    string
	Class      int // 0 negative, 1 neutral, 2 positive
}

// NewsMTSCRecord is one sentence with its rated mentions.
type NewsMTSCRecord struct {
	Line     int
	Sentence string
	Targets  []NewsMTSCTarget
}

// newsMTSCLine is the JSON shape of a line; only the fields slant reads.
type newsMTSCLine struct {
	Sentence *string `json:"sentence_normalized"`
	Targets  []struct {
		From     *int     `json:"from"`
		To       *int     `json:"to"`
		Mention  string   `json:"mention"`
		Polarity *float64 `json:"polarity"`
	} `json:"targets"`
}

// ReadNewsMTSC reads a NewsMTSC JSONL file: per line, sentence_normalized
// and targets[] with from, to (rune offsets), mention and polarity (2
// negative, 4 neutral, 6 positive). A bad line (not JSON, no sentence) or
// bad target (offsets outside the sentence, a mention that is not the
// text at its offsets, another polarity) is reported through skip as
// "name:line: problem" and left out, the line's good targets kept. The
// error is for I/O failures only.
func ReadNewsMTSC(r io.Reader, name string, skip func(error)) ([]NewsMTSCRecord, error) {
	br := bufio.NewReader(r)
	var recs []NewsMTSCRecord
	for line := 1; ; line++ {
		s, err := br.ReadString('\n')
		if strings.TrimSpace(s) != "" {
			rec, problems := parseNewsMTSCLine(s, line)
			for _, p := range problems {
				skip(fmt.Errorf("%s:%d: %s", name, line, p))
			}
			if len(rec.Targets) > 0 {
				recs = append(recs, rec)
			}
		}
		if errors.Is(err, io.EOF) {
			return recs, nil
		}
		if err != nil {
			return recs, fmt.Errorf("read %s: %w", name, err)
		}
	}
}

func parseNewsMTSCLine(s string, line int) (NewsMTSCRecord, []string) {
	if len(s) > maxSentimentLine {
		return NewsMTSCRecord{}, []string{fmt.Sprintf("line of %d bytes is longer than %d", len(s), maxSentimentLine)}
	}
	if !utf8.ValidString(s) {
		return NewsMTSCRecord{}, []string{"not valid UTF-8"}
	}
	var l newsMTSCLine
	if err := json.Unmarshal([]byte(s), &l); err != nil {
		return NewsMTSCRecord{}, []string{fmt.Sprintf("not a JSON object: %v", err)}
	}
	if l.Sentence == nil || strings.TrimSpace(*l.Sentence) == "" {
		return NewsMTSCRecord{}, []string{"no sentence_normalized"}
	}
	if len(l.Targets) == 0 {
		return NewsMTSCRecord{}, []string{"no targets"}
	}
	rec := NewsMTSCRecord{Line: line, Sentence: *l.Sentence}
	// byteAt[i] is the byte offset of rune i (and of the end).
	byteAt := make([]int, 0, len(rec.Sentence)+1)
	for i := range rec.Sentence {
		byteAt = append(byteAt, i)
	}
	byteAt = append(byteAt, len(rec.Sentence))
	var problems []string
	for k, t := range l.Targets {
		if t.From == nil || t.To == nil || t.Polarity == nil {
			problems = append(problems, fmt.Sprintf("target %d: missing from, to or polarity", k))
			continue
		}
		from, to := *t.From, *t.To
		if from < 0 || to <= from || to >= len(byteAt) {
			problems = append(problems, fmt.Sprintf("target %d: offsets [%d, %d) outside the sentence of %d characters", k, from, to, len(byteAt)-1))
			continue
		}
		start, end := byteAt[from], byteAt[to]
		if t.Mention != "" && rec.Sentence[start:end] != t.Mention {
			problems = append(problems, fmt.Sprintf("target %d: mention %q is not the text %q at [%d, %d)", k, t.Mention, rec.Sentence[start:end], from, to))
			continue
		}
		class := -1
		switch *t.Polarity {
		case 2:
			class = 0
		case 4:
			class = 1
		case 6:
			class = 2
		}
		if class < 0 {
			problems = append(problems, fmt.Sprintf("target %d: polarity %v is not 2, 4 or 6", k, *t.Polarity))
			continue
		}
		rec.Targets = append(rec.Targets, NewsMTSCTarget{From: from, To: to, Start: start, End: end, Mention: t.Mention, Class: class})
	}
	return rec, problems
}

// NewsMTSCSet is a file's records with its checksum.
type NewsMTSCSet struct {
	Name    string
	Records []NewsMTSCRecord
	SHA256  string
	Lines   int
}

// LoadNewsMTSC reads one file of dir.
func LoadNewsMTSC(dir, name string, skip func(error)) (NewsMTSCSet, error) {
	recs, sum, lines, err := loadFile("newsmtsc", filepath.Join(dir, name), ReadNewsMTSC, skip)
	if err != nil {
		return NewsMTSCSet{}, err
	}
	return NewsMTSCSet{Name: name, Records: recs, SHA256: sum, Lines: lines}, nil
}

// Targets returns the number of rated mentions.
func (s NewsMTSCSet) Targets() int {
	n := 0
	for _, r := range s.Records {
		n += len(r.Targets)
	}
	return n
}

// AgreeingSentences returns the sentences whose targets all have one
// class, with that class as −1, 0 or +1: a sentence-level news set for
// fitting the sentiment combination.
func (s NewsMTSCSet) AgreeingSentences() (texts []string, gold []float64) {
	for _, r := range s.Records {
		c := r.Targets[0].Class
		same := true
		for _, t := range r.Targets[1:] {
			same = same && t.Class == c
		}
		if same {
			texts = append(texts, r.Sentence)
			gold = append(gold, float64(c-1))
		}
	}
	return texts, gold
}

// TargetExamples returns the target-model features of every mention of
// set, scored by m.
func TargetExamples(ctx context.Context, m *sentiment.Model, set NewsMTSCSet) ([]sentiment.TargetExample, error) {
	var ex []sentiment.TargetExample
	for i, r := range set.Records {
		if i%256 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		for _, t := range r.Targets {
			x, _ := m.TargetFeatures(r.Sentence, t.Start, t.End)
			ex = append(ex, sentiment.TargetExample{X: x, Class: t.Class})
		}
	}
	return ex, nil
}

// NewsMTSCL2 are the L2 strengths FitNewsMTSC chooses from.
var NewsMTSCL2 = []float64{1e-3, 1e-2, 1e-1, 1}

// FitNewsMTSC trains the target model on train: the L2 strength with the
// best mean macro-F1 over 5 folds of train (contiguous, by sentence
// order), then a final fit on all of train.
func FitNewsMTSC(ex []sentiment.TargetExample) (*sentiment.Target, map[float64]float64, error) {
	const folds = 5
	if len(ex) < 10*folds {
		return nil, nil, fmt.Errorf("train target model: %d mentions, want at least %d for %d-fold cross-validation", len(ex), 10*folds, folds)
	}
	cv := map[float64]float64{}
	bestL2, bestF := NewsMTSCL2[0], math.Inf(-1)
	for _, l2 := range NewsMTSCL2 {
		var sum float64
		for f := range folds {
			lo, hi := len(ex)*f/folds, len(ex)*(f+1)/folds
			train := append(append([]sentiment.TargetExample(nil), ex[:lo]...), ex[hi:]...)
			t, err := sentiment.TrainTarget(train, l2)
			if err != nil {
				return nil, nil, err
			}
			conf := targetConfusion(t, ex[lo:hi])
			sum += conf.MacroF1()
		}
		cv[l2] = sum / folds
		if cv[l2] > bestF {
			bestL2, bestF = l2, cv[l2]
		}
	}
	t, err := sentiment.TrainTarget(ex, bestL2)
	return t, cv, err
}

var newsLabels = []string{sentiment.LabelNegative, sentiment.LabelNeutral, sentiment.LabelPositive}

func targetConfusion(t *sentiment.Target, ex []sentiment.TargetExample) *metrics.Confusion {
	gold := make([]string, len(ex))
	pred := make([]string, len(ex))
	for i, e := range ex {
		p := t.Probabilities(e.X)
		best := 0
		for c := 1; c < 3; c++ {
			if p[c] > p[best] {
				best = c
			}
		}
		gold[i], pred[i] = newsLabels[e.Class], newsLabels[best]
	}
	conf, _ := metrics.ConfusionOf(newsLabels, gold, pred)
	return conf
}

// NewsMTSCRow is one system's figures on the test file.
type NewsMTSCRow struct {
	System   string
	MacroF1  float64
	F1       [3]float64 // negative, neutral, positive
	Accuracy float64
}

func newsRow(name string, conf *metrics.Confusion) NewsMTSCRow {
	r := NewsMTSCRow{System: name, MacroF1: conf.MacroF1(), Accuracy: conf.Accuracy()}
	for k, c := range conf.Classes() {
		r.F1[k] = c.F1
	}
	return r
}

// EvalNewsMTSC scores the test mentions with: the trained target model
// (when not nil);
// m.ScoreSpan (the shipped target model); the label of m.Score on the
// whole sentence (no target information); and the majority class of
// train.
func EvalNewsMTSC(ctx context.Context, m *sentiment.Model, trained *sentiment.Target, train []sentiment.TargetExample, test NewsMTSCSet) ([]NewsMTSCRow, error) {
	testEx, err := TargetExamples(ctx, m, test)
	if err != nil {
		return nil, err
	}
	var rows []NewsMTSCRow
	if trained != nil {
		rows = append(rows, newsRow("target model (trained now)", targetConfusion(trained, testEx)))
	}

	var gold, span, sent []string
	for _, r := range test.Records {
		whole := m.Score(r.Sentence).Label
		for _, t := range r.Targets {
			gold = append(gold, newsLabels[t.Class])
			span = append(span, m.ScoreSpan(r.Sentence, t.Start, t.End).Label)
			sent = append(sent, whole)
		}
	}
	c, _ := metrics.ConfusionOf(newsLabels, gold, span)
	rows = append(rows, newsRow("ScoreSpan (shipped target.json)", c))
	c, _ = metrics.ConfusionOf(newsLabels, gold, sent)
	rows = append(rows, newsRow("Score of whole sentence", c))

	var counts [3]int
	for _, e := range train {
		counts[e.Class]++
	}
	major := 0
	for k := range counts {
		if counts[k] > counts[major] {
			major = k
		}
	}
	maj := make([]string, len(gold))
	for i := range maj {
		maj[i] = newsLabels[major]
	}
	c, _ = metrics.ConfusionOf(newsLabels, gold, maj)
	rows = append(rows, newsRow("majority class of train ("+newsLabels[major]+")", c))
	return rows, nil
}

// WriteNewsMTSCTable prints rows (F1 in percent, as published).
func WriteNewsMTSCTable(w io.Writer, n int, rows []NewsMTSCRow) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "system (test: %s, %d mentions)\tmacro-F1\tF1 neg\tF1 neu\tF1 pos\taccuracy\t\n", NewsMTSCTest, n)
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t\n", r.System, 100*r.MacroF1, 100*r.F1[0], 100*r.F1[1], 100*r.F1[2], 100*r.Accuracy)
	}
	fmt.Fprintf(tw, "published: %s\t%.1f\t\t\t\t\t\n", NewsMTSCPublishedM, NewsMTSCPublished)
	return tw.Flush()
}
