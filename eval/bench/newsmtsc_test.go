package bench

import (
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slant-project/slant/models/sentiment"
)

func TestReadNewsMTSCFixture(t *testing.T) {
	path := filepath.Join("testdata", "newsmtsc", "train.jsonl")
	recs, msgs := readFixture(t, path, ReadNewsMTSC)
	if len(recs) != 4 {
		t.Fatalf("%d records, want 4: %+v", len(recs), recs)
	}
	// Rune offsets become byte offsets, curly quotes and all.
	r0 := recs[0]
	if len(r0.Targets) != 2 {
		t.Fatalf("first record targets %+v", r0.Targets)
	}
	for _, tg := range r0.Targets {
		if got := r0.Sentence[tg.Start:tg.End]; got != tg.Mention {
			t.Errorf("bytes [%d, %d) = %q, want %q", tg.Start, tg.End, got, tg.Mention)
		}
	}
	if r0.Targets[1].From != 17 || r0.Targets[1].Start != 17 || r0.Targets[1].End != 36 || r0.Targets[1].Class != 2 || r0.Targets[0].Class != 1 {
		t.Errorf("target %+v", r0.Targets[1])
	}
	if c := recs[3].Targets[0]; c.Mention != "Café owners" || recs[3].Sentence[c.Start:c.End] != "Café owners" {
		t.Errorf("accented mention %+v", c)
	}
	// f4 keeps its one good target of four.
	if recs[2].Line != 5 || len(recs[2].Targets) != 1 || recs[2].Targets[0].Class != 0 {
		t.Errorf("record of line 5: %+v", recs[2])
	}
	wantPrefixes(t, msgs, path, []string{
		":3: not a JSON object",
		":4: no sentence_normalized",
		":5: target 0: offsets [0, 99) outside",
		":5: target 1: mention \"Strikez\"",
		":5: target 2: polarity 5",
		":6: no targets",
	})
}

func TestAgreeingSentences(t *testing.T) {
	set, err := LoadNewsMTSC(filepath.Join("testdata", "newsmtsc"), NewsMTSCTrain, func(error) {})
	if err != nil {
		t.Fatal(err)
	}
	texts, gold := set.AgreeingSentences()
	// The first sentence's targets disagree (neutral, positive).
	if len(texts) != 3 || gold[0] != -1 || gold[2] != 1 || strings.HasPrefix(texts[0], "Hunt") {
		t.Errorf("texts %q gold %v", texts, gold)
	}
	if set.Targets() != 5 || set.Lines != 8 {
		t.Errorf("targets %d, lines %d; want 5, 8", set.Targets(), set.Lines)
	}
	if _, err := LoadNewsMTSC(t.TempDir(), NewsMTSCTrain, func(error) {}); err == nil {
		t.Error("missing file accepted")
	}
}

// TestEvalNewsMTSCFixture runs the whole bench on the fixture (train =
// test), checking that rows come out and F1 are percentages of sane size.
func TestEvalNewsMTSCFixture(t *testing.T) {
	m, err := sentiment.Default()
	if err != nil {
		t.Fatal(err)
	}
	set, err := LoadNewsMTSC(filepath.Join("testdata", "newsmtsc"), NewsMTSCTest, func(error) {})
	if err != nil {
		t.Fatal(err)
	}
	ex, err := TargetExamples(context.Background(), m, set)
	if err != nil {
		t.Fatal(err)
	}
	// Too few examples to train: the error must say so, not panic.
	if _, _, err := FitNewsMTSC(ex); err == nil {
		t.Error("5 examples trained a model")
	}
	rows, err := EvalNewsMTSC(context.Background(), m, nil, ex, set)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || !strings.HasPrefix(rows[2].System, "majority class of train (negative)") {
		t.Fatalf("rows %+v", rows)
	}
	for _, r := range rows {
		if r.MacroF1 < 0 || r.MacroF1 > 1 || math.IsNaN(r.Accuracy) {
			t.Errorf("row %+v", r)
		}
	}
	var b strings.Builder
	if err := WriteNewsMTSCTable(&b, set.Targets(), rows); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "83.1") || !strings.Contains(b.String(), "5 mentions") {
		t.Errorf("table:\n%s", b.String())
	}
}

// TestNewsMTSCBenchmark trains the target model on the real train split
// and checks it on devtest_mt: it must beat the whole-sentence score and
// the majority class, and the shipped target.json must be what training
// gives.
func TestNewsMTSCBenchmark(t *testing.T) {
	if testing.Short() {
		t.Skip("training takes a few seconds")
	}
	dir := sentimentBenchDir(t, "newsmtsc")
	m, err := sentiment.Default()
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	train, err := LoadNewsMTSC(dir, NewsMTSCTrain, collectSkips(&msgs))
	if err != nil {
		t.Fatal(err)
	}
	test, err := LoadNewsMTSC(dir, NewsMTSCTest, collectSkips(&msgs))
	if err != nil || len(msgs) > 0 {
		t.Fatalf("load: %v %q", err, msgs)
	}
	if train.Targets() != 8739 || test.Targets() != 1476 {
		t.Errorf("targets: train %d, test %d; want 8739, 1476", train.Targets(), test.Targets())
	}
	ex, err := TargetExamples(context.Background(), m, train)
	if err != nil {
		t.Fatal(err)
	}
	tg, _, err := FitNewsMTSC(ex)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := EvalNewsMTSC(context.Background(), m, tg, ex, test)
	if err != nil {
		t.Fatal(err)
	}
	trained, shipped, sentence, major := rows[0], rows[1], rows[2], rows[3]
	t.Logf("devtest_mt macro-F1: trained %.1f, shipped %.1f, sentence %.1f, majority %.1f (published 83.1)",
		100*trained.MacroF1, 100*shipped.MacroF1, 100*sentence.MacroF1, 100*major.MacroF1)
	if trained.MacroF1 <= sentence.MacroF1 || trained.MacroF1 < 0.55 {
		t.Errorf("target model macro-F1 %.3f, want >= 0.55 and above the whole-sentence score's %.3f", trained.MacroF1, sentence.MacroF1)
	}
	if math.Abs(trained.MacroF1-shipped.MacroF1) > 0.005 {
		t.Errorf("shipped target.json scores %.3f, training now gives %.3f: regenerate it (models/sentiment/README.md)", shipped.MacroF1, trained.MacroF1)
	}
}
