package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slant-project/slant/models/stance"
)

const semevalDir = "testdata/semeval"

// fastTrain keeps the fixture runs quick: one λ, no inner cross-validation.
var fastTrain = stance.TrainConfig{Lambdas: []float64{1e-3}, Folds: 1, Seed: 1}

func TestReadSemEvalFixture(t *testing.T) {
	f, err := os.Open(filepath.Join(semevalDir, SemEvalTrain))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var skipped []string
	tweets, notes, err := ReadSemEval(f, SemEvalTrain, func(err error) { skipped = append(skipped, err.Error()) })
	if err != nil {
		t.Fatal(err)
	}
	if len(tweets) != 46 {
		t.Errorf("got %d tweets, want 46 (45 regular + the Windows-1252 one)", len(tweets))
	}
	wantSkip := []string{
		SemEvalTrain + ":48: 3 tab-separated fields, the header has 6",
		SemEvalTrain + `:49: stance "MAYBE" is not FAVOR, AGAINST or NONE`,
	}
	if strings.Join(skipped, "\n") != strings.Join(wantSkip, "\n") {
		t.Errorf("skipped:\n%s\nwant:\n%s", strings.Join(skipped, "\n"), strings.Join(wantSkip, "\n"))
	}
	last := tweets[len(tweets)-1]
	if last.ID != "190" || last.Line != 47 || last.Text != "I \u2019m with \"the \"free thinkers\" and love religion-free life #SemST" || last.Stance != Favor {
		t.Errorf("Windows-1252 line read as %+v", last)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "1 line(s) not valid UTF-8, decoded as Windows-1252") {
		t.Errorf("notes = %q", notes)
	}
	for _, tw := range tweets {
		if strings.ContainsAny(tw.Text+tw.Stance, "\r\n") {
			t.Fatalf("line end left in %+v", tw)
		}
	}
}

func TestReadSemEvalCases(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		n        int
		skips    []string
		err      string
	}{
		{name: "lf line ends", in: "ID\tTarget\tTweet\tStance\n1\tA\thi\tNONE\n2\tA\tyo\tfavor\n", n: 2},
		{name: "blank lines and no final newline", in: "ID\tTarget\tTweet\tStance\r\n\r\n1\tA\thi\tAGAINST", n: 1},
		{name: "columns in another order", in: "Stance\tTweet\tID\tTarget\nNONE\thi\t1\tA\n", n: 1},
		{name: "empty tweet", in: "ID\tTarget\tTweet\tStance\n1\tA\t \tNONE\n", skips: []string{"x:2: empty tweet"}},
		{name: "empty id", in: "ID\tTarget\tTweet\tStance\n\tA\thi\tNONE\n", skips: []string{"x:2: empty ID"}},
		{name: "too many fields", in: "ID\tTarget\tTweet\tStance\n1\tA\thi\tthere\tNONE\n", skips: []string{"x:2: 5 tab-separated fields, the header has 4"}},
		{name: "undefined windows-1252 byte", in: "ID\tTarget\tTweet\tStance\n1\tA\th\x81i\tNONE\n2\tA\tok\tNONE\n", n: 1, skips: []string{"x:2: "}},
		{name: "no header column", in: "ID\tTarget\tText\tStance\n1\tA\thi\tNONE\n", err: `x:1: header "ID\tTarget\tText\tStance" has no "tweet" column`},
		{name: "empty file", in: "", err: "x: empty file, no header"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var skipped []string
			tweets, _, err := ReadSemEval(strings.NewReader(tc.in), "x", func(err error) { skipped = append(skipped, err.Error()) })
			if tc.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tc.err) {
					t.Fatalf("err = %v, want prefix %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(tweets) != tc.n {
				t.Errorf("%d tweets, want %d", len(tweets), tc.n)
			}
			if len(skipped) != len(tc.skips) {
				t.Fatalf("skipped %q, want %q", skipped, tc.skips)
			}
			for i := range skipped {
				if !strings.HasPrefix(skipped[i], tc.skips[i]) {
					t.Errorf("skip %d = %q, want prefix %q", i, skipped[i], tc.skips[i])
				}
			}
		})
	}
}

func TestSemEvalScoreHandComputed(t *testing.T) {
	// gold F F A A N N, pred F A A A N F:
	// FAVOR TP1 FP1 FN1 → F1 0.5; AGAINST TP2 FP1 FN0 → 0.8; NONE TP1 FP0 FN1 → 2/3.
	gold := []string{Favor, Favor, Against, Against, None, None}
	pred := []string{Favor, Against, Against, Against, None, Favor}
	s, err := semEvalScore(gold, pred, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"F1 favor", s.F1Favor, 0.5}, {"F1 against", s.F1Against, 0.8}, {"F_avg", s.FAvg, 0.65},
		{"macro-F1", s.MacroF1, (0.5 + 0.8 + 2.0/3) / 3}, {"accuracy", s.Accuracy, 4.0 / 6},
	} {
		if math.Abs(c.got-c.want) > 1e-12 {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if !math.IsNaN(s.Lo) {
		t.Errorf("no bootstrap asked, got interval %v", s.Lo)
	}
	b1, _ := semEvalScore(gold, pred, 200, 7)
	b2, _ := semEvalScore(gold, pred, 200, 7)
	if b1.Lo != b2.Lo || b1.Hi != b2.Hi || !(b1.Lo <= b1.FAvg && b1.FAvg <= b1.Hi) {
		t.Errorf("bootstrap [%v, %v] around %v not reproducible or not covering", b1.Lo, b1.Hi, b1.FAvg)
	}
}

func TestTweetFeatures(t *testing.T) {
	// "Ab  c": lower-cased, white space made one: "ab c". Char grams:
	// ab, "b ", " c", "ab ", "b c", "ab c": six distinct, each 1/√6. No
	// word trigram (two words).
	fs := TweetFeatures("Ab  c")
	if len(fs) != 6 {
		t.Fatalf("features %v, want 6", fs)
	}
	want := map[string]bool{"c|ab": true, "c|b ": true, "c| c": true, "c|ab ": true, "c|b c": true, "c|ab c": true}
	for _, f := range fs {
		if !want[f.Name] || math.Abs(f.Value-1/math.Sqrt(6)) > 1e-12 {
			t.Errorf("unexpected feature %+v", f)
		}
	}
	// Repeats count: "aa aa aa" has words aa aa aa → one trigram "aa aa aa"
	// (value 1); char bigram "aa" occurs 3 times.
	got := map[string]float64{}
	for _, f := range TweetFeatures("aa aa aa") {
		got[f.Name] = f.Value
	}
	if got["t|aa aa aa"] != 1 {
		t.Errorf("trigram value %v, want 1", got["t|aa aa aa"])
	}
	if !(got["c|aa"] > got["c|a a"]) {
		t.Errorf("repeated bigram aa (%v) should weigh more than a a (%v)", got["c|aa"], got["c|a a"])
	}
}

func TestSemEvalFixtureEndToEnd(t *testing.T) {
	var skipped []string
	train, test, _, err := LoadSemEval(semevalDir, func(err error) { skipped = append(skipped, err.Error()) })
	if err != nil {
		t.Fatal(err)
	}
	if len(train) != 56 || len(test) != 17 || len(skipped) != 2 {
		t.Fatalf("train %d (want 56), test %d (want 17), skipped %q (want 2)", len(train), len(test), skipped)
	}
	res, pred, err := RunSemEval(context.Background(), train, test, SemEvalConfig{Train: fastTrain, Boot: 100, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Targets) != 5 {
		t.Errorf("%d targets, want 5", len(res.Targets))
	}
	if len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0], `"Donald Trump"`) {
		t.Errorf("skipped %q, want the Donald Trump tweet", res.Skipped)
	}
	if res.All.N != 16 {
		t.Errorf("scored %d test tweets, want 16", res.All.N)
	}
	// The fixture's classes are separable by their words: a model trained
	// per target must get them nearly all right; the majority class
	// cannot.
	if res.All.FAvg < 0.85 {
		t.Errorf("pooled F_avg %.3f, want >= 0.85 on the separable fixture", res.All.FAvg)
	}
	if res.Majority.FAvg > 0.6 {
		t.Errorf("majority-class F_avg %.3f, want low", res.Majority.FAvg)
	}
	for _, tg := range res.Targets {
		if tg.Target == "Atheism" && tg.MajorityClass != Favor {
			t.Errorf("Atheism majority class %s, want FAVOR (5 of 11)", tg.MajorityClass)
		}
	}
	var buf bytes.Buffer
	if err := WriteSemEvalPredictions(&buf, test, pred); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if lines[0] != "ID\tTarget\tTweet\tStance" || len(lines) != 17 {
		t.Fatalf("predictions file: %d lines, header %q", len(lines), lines[0])
	}
	if !strings.Contains(buf.String(), "10100\tAtheism\tCafé talk: \"love\" religion-free \"thinking #SemST\t") {
		t.Errorf("the Windows-1252 test tweet is not written decoded with its bare quotes:\n%s", buf.String())
	}
	var tbl bytes.Buffer
	if err := res.WriteTable(&tbl); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"all (pooled, official)", "65.22", "67.82", "68.98", "71.20", "Hillary Clinton"} {
		if !strings.Contains(tbl.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, tbl.String())
		}
	}
}

func TestLoadSemEvalMissingFile(t *testing.T) {
	_, _, _, err := LoadSemEval(t.TempDir(), func(error) {})
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v, want not-exist", err)
	}
}

func BenchmarkTweetFeatures(b *testing.B) {
	for _, n := range []int{10, 40, 140} {
		text := strings.Repeat("word ", n/5+1)[:n]
		b.Run(fmt.Sprintf("%dchars", n), func(b *testing.B) {
			for b.Loop() {
				TweetFeatures(text)
			}
		})
	}
}

func FuzzReadSemEval(f *testing.F) {
	f.Add([]byte("ID\tTarget\tTweet\tStance\r\n1\tA\thi \"there\tNONE\r\n"))
	f.Add([]byte("ID\tTarget\tTweet\tStance\n1\tA\th\x92i\tFAVOR\n2\tA\n"))
	f.Add([]byte("\xef\xbb\xbfID\tTarget\tTweet\tStance\n\x00\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		tweets, _, err := ReadSemEval(bytes.NewReader(in), "f.txt", func(err error) {
			if !strings.HasPrefix(err.Error(), "f.txt:") {
				t.Errorf("skip message without file:line: %v", err)
			}
		})
		if err != nil {
			return
		}
		for _, tw := range tweets {
			if tw.ID == "" || tw.Text == "" || (tw.Stance != Favor && tw.Stance != Against && tw.Stance != None) || strings.ContainsAny(tw.Text, "\t\r\n") {
				t.Errorf("invalid tweet kept: %+v", tw)
			}
		}
	})
}
