package bench

import (
	"context"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slant-project/slant/models/sentiment"
)

// sentimentBenchDir returns the shared benchmark directory sub (env
// SLANT_BENCHMARKS, else ../../../shared/benchmarks from this package),
// skipping the test when it is absent.
func sentimentBenchDir(t testing.TB, sub string) string {
	t.Helper()
	root := os.Getenv("SLANT_BENCHMARKS")
	if root == "" {
		root = filepath.Join("..", "..", "..", "shared", "benchmarks")
	}
	dir := filepath.Join(root, sub)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("benchmark data %s absent (set SLANT_BENCHMARKS to the directory holding vader/ and newsmtsc/): %v", dir, err)
	}
	return dir
}

func collectSkips(msgs *[]string) func(error) {
	return func(err error) { *msgs = append(*msgs, err.Error()) }
}

// readFixture parses the file at path with read, returning the items
// and the skip messages; it fails the test on an error.
func readFixture[T any](t *testing.T, path string, read func(io.Reader, string, func(error)) ([]T, error)) ([]T, []string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var msgs []string
	items, err := read(f, path, collectSkips(&msgs))
	if err != nil {
		t.Fatal(err)
	}
	return items, msgs
}

// wantPrefixes checks that msgs are, one for one, prefix+want[i]
// followed by anything.
func wantPrefixes(t *testing.T, msgs []string, prefix string, want []string) {
	t.Helper()
	if len(msgs) != len(want) {
		t.Fatalf("messages %q, want %d", msgs, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(msgs[i], prefix+w) {
			t.Errorf("message %d = %q, want prefix %q", i, msgs[i], prefix+w)
		}
	}
}

func TestReadVaderFixture(t *testing.T) {
	path := filepath.Join("testdata", "vader", "tweets_GroundTruth.txt")
	items, msgs := readFixture(t, path, ReadVader)
	var ids []string
	for _, it := range items {
		ids = append(ids, it.ID)
		if strings.ContainsAny(it.Text, "\r\n") {
			t.Errorf("item %s keeps a line end: %q", it.ID, it.Text)
		}
	}
	if got, want := strings.Join(ids, " "), "1_1 1_2 1_4 1_8 1_9"; got != want {
		t.Errorf("ids %q, want %q", got, want)
	}
	if items[0].Mean != 2.5 || items[0].Line != 1 || items[4].Text != "The committee, after all, was pleased." {
		t.Errorf("first item %+v, last %+v", items[0], items[4])
	}
	wantPrefixes(t, msgs, path, []string{
		":3: mean rating \"abc\"",
		":6: want 3 tab-separated fields",
		":7: mean rating \"7.5\"",
		":8: empty text",
	})
}

func TestReadVaderBadBytes(t *testing.T) {
	in := "\uFEFF1\t1.0\tok text\n2\t1.0\tbad \xff byte\n" + "3\t-1\t" + strings.Repeat("x", maxSentimentLine+1) + "\n4\t-2\tlast"
	var msgs []string
	items, err := ReadVader(strings.NewReader(in), "mem.txt", collectSkips(&msgs))
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 || items[0].ID != "1" || items[1].ID != "4" {
		t.Errorf("items %+v, want ids 1 and 4", items)
	}
	if len(msgs) != 2 || !strings.Contains(msgs[0], "mem.txt:2: not valid UTF-8") || !strings.Contains(msgs[1], "mem.txt:3: line of") {
		t.Errorf("messages %q", msgs)
	}
}

func TestLoadVaderDir(t *testing.T) {
	var msgs []string
	sets, err := LoadVader(filepath.Join("testdata", "vader"), collectSkips(&msgs))
	if err != nil {
		t.Fatal(err)
	}
	if len(sets) != 2 || sets[0].File.Short != "tweets" || !sets[1].File.Test || sets[1].Lines != 3 || sets[0].Lines != 10 {
		t.Errorf("sets: %d, first %s (%d lines), second test=%v (%d lines)", len(sets), sets[0].File.Short, sets[0].Lines, sets[1].File.Test, sets[1].Lines)
	}
	missing := 0
	for _, m := range msgs {
		if strings.Contains(m, "movieReviewSnippets_GroundTruth.txt") || strings.Contains(m, "amazonReviewSnippets_GroundTruth.txt") {
			missing++
		}
	}
	if missing != 2 {
		t.Errorf("want two missing-file messages, got %q", msgs)
	}
	if _, err := LoadVader(t.TempDir(), func(error) {}); err == nil {
		t.Error("empty directory accepted")
	}
	if len(sets[0].SHA256) != 64 {
		t.Errorf("checksum %q", sets[0].SHA256)
	}
}

// TestEvalVader checks the metrics with scorers whose answers are known:
// the gold itself (r = 1, F1 = 1) and its negation (r = −1).
func TestEvalVader(t *testing.T) {
	sets, err := LoadVader(filepath.Join("testdata", "vader"), func(error) {})
	if err != nil {
		t.Fatal(err)
	}
	gold := map[string]float64{}
	for _, s := range sets {
		for _, it := range s.Items {
			gold[it.Text] = it.Mean
		}
	}
	scorers := []VaderScorer{
		{Name: "oracle", Score: func(s string) float64 { return gold[s] }},
		{Name: "contrary", Score: func(s string) float64 { return -gold[s] }},
	}
	rows, err := EvalVader(context.Background(), sets, scorers)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 {
		t.Fatalf("%d rows, want 4", len(rows))
	}
	for _, r := range rows {
		switch r.VaderScorer {
		case "oracle":
			if math.Abs(r.R.R-1) > 1e-9 || r.F1 != 1 || r.Accuracy != 1 {
				t.Errorf("oracle on %s: %+v", r.File.Short, r)
			}
		case "contrary":
			if math.Abs(r.R.R+1) > 1e-9 || r.Accuracy == 1 {
				t.Errorf("contrary on %s: %+v", r.File.Short, r)
			}
		}
	}
	var b strings.Builder
	if err := WriteVaderTable(&b, rows); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"nyt (test)", "0.881", "0.492", "oracle", "1.000"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := EvalVader(ctx, sets, scorers); err == nil {
		t.Error("cancelled context ignored")
	}
}

func TestVaderClass(t *testing.T) {
	for x, want := range map[float64]string{0.05: "positive", 0.049: "neutral", 0: "neutral", -0.05: "negative", -3: "negative", 2: "positive"} {
		if got := vaderClass(x); got != want {
			t.Errorf("vaderClass(%v) = %s, want %s", x, got, want)
		}
	}
}

// TestVaderBenchmark runs the shipped model on the real files: the NYT
// snippets (the test file, never fitted on) must reach r >= 0.50 and beat
// VADER's published 0.492.
func TestVaderBenchmark(t *testing.T) {
	dir := sentimentBenchDir(t, "vader")
	m, err := sentiment.Default()
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	sets, err := LoadVader(dir, collectSkips(&msgs))
	if err != nil || len(sets) != 4 || len(msgs) > 0 {
		t.Fatalf("load %s: %d sets, %v, %q", dir, len(sets), err, msgs)
	}
	rows, err := EvalVader(context.Background(), sets[3:], VaderScorers(m)[2:3])
	if err != nil {
		t.Fatal(err)
	}
	r := rows[0]
	t.Logf("NYT combined: r = %.3f [%.3f, %.3f], F1 %.3f (VADER 0.492 / 0.55)", r.R.R, r.R.Lo, r.R.Hi, r.F1)
	if r.R.N != 5190 || r.R.R < 0.50 || r.R.R <= r.File.PublishedR {
		t.Errorf("NYT r = %.3f on %d items, want >= 0.50 and > %.3f", r.R.R, r.R.N, r.File.PublishedR)
	}
}

// TestCombinationReproducible refits the combination as
// "slant bench vader --fit-out" does and compares it with the shipped
// combine.json.
func TestCombinationReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("refitting takes a few seconds")
	}
	dir := sentimentBenchDir(t, "vader")
	news := sentimentBenchDir(t, "newsmtsc")
	m, err := sentiment.Default()
	if err != nil {
		t.Fatal(err)
	}
	sets, err := LoadVader(dir, func(error) {})
	if err != nil {
		t.Fatal(err)
	}
	train, err := LoadNewsMTSC(news, NewsMTSCTrain, func(error) {})
	if err != nil {
		t.Fatal(err)
	}
	c, err := FitCombination(context.Background(), m, sets, &train, "test")
	if err != nil {
		t.Fatal(err)
	}
	want := m.Combination()
	got := []float64{c.LexiconPrior, c.BayesPrior, c.LexiconScale, c.BayesScale, c.WLexicon, c.WBayes, c.Gain, c.Neutral}
	exp := []float64{want.LexiconPrior, want.BayesPrior, want.LexiconScale, want.BayesScale, want.WLexicon, want.WBayes, want.Gain, want.Neutral}
	for i := range got {
		if math.Abs(got[i]-exp[i]) > 1e-3*math.Max(1, math.Abs(exp[i])) {
			t.Errorf("refitted combination %v differs from combine.json %v (regenerate it: see models/sentiment/README.md)", got, exp)
			break
		}
	}
	for _, f := range c.Provenance.Files {
		if strings.HasPrefix(f.Name, "nyt") && f.Role != "test, not used" {
			t.Errorf("NYT file used with role %q", f.Role)
		}
	}
}
