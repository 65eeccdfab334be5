package agree

import (
	"bytes"
	"encoding/json"
	"errors"
	"github.com/slant-project/slant/internal/golden"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// inputs opens the named files of testdata/dir as Inputs named after them.
func inputs(t *testing.T, dir string, names ...string) []Input {
	t.Helper()
	var in []Input
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join("testdata", dir, n))
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, Input{Name: n, R: bytes.NewReader(b)})
	}
	return in
}

func TestGold2ByHand(t *testing.T) {
	// testdata/gold2: two passes in the gold format (key article_id,start,end).
	// Units labelled by both (8): A = g n j j b n g j, B = g n j n b n n j
	// (g pro_gov, n neutral, j pro_jdc, b boilerplate). A alone labels 2
	// (one row with an empty label in B, one row B lacks); B alone 1.
	//
	// Nominal: o_gg 2, o_nn 4, o_jj 4, o_bb 2, o_jn = o_nj = 1, o_gn = o_ng = 1;
	// n = (g 3, n 6, j 5, b 2) = 16; α = 1 − 15·4/(256 − 74) = 1 − 60/182.
	// Kappa: p_o = 6/8; p_e = (2·1 + 2·4 + 3·2 + 1·1)/64 = 17/64;
	// κ = (0.75 − 17/64)/(1 − 17/64) = 31/47.
	rep, err := Analyze(inputs(t, "gold2", "a.csv", "b.csv"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rep.Key, ",") != "article_id,start,end" || rep.Column != "stance" {
		t.Errorf("key %v, column %q", rep.Key, rep.Column)
	}
	if rep.Units != 11 || rep.Shared != 8 || rep.Labelled[0] != 10 || rep.Labelled[1] != 9 || rep.OnlyOne[0] != 2 || rep.OnlyOne[1] != 1 {
		t.Errorf("units %d shared %d labelled %v only-one %v; want 11 8 [10 9] [2 1]", rep.Units, rep.Shared, rep.Labelled, rep.OnlyOne)
	}
	if a := float64(rep.Alpha.Value); math.Abs(a-(1-60.0/182)) > 1e-12 || rep.Alpha.Units != 8 || rep.Alpha.Values != 16 {
		t.Errorf("alpha %v over %d units, %d values; want %v over 8, 16", a, rep.Alpha.Units, rep.Alpha.Values, 1-60.0/182)
	}
	if len(rep.Pairs) != 1 || rep.Pairs[0].N != 8 || math.Abs(float64(rep.Pairs[0].Kappa)-31.0/47) > 1e-12 || float64(rep.Pairs[0].Agreement) != 0.75 {
		t.Errorf("pairs = %+v; want n 8, agreement 0.75, kappa 31/47", rep.Pairs)
	}
	if rep.Alpha.Bootstrap != nil {
		t.Error("bootstrap ran with Boot = 0")
	}
	// Label table, counts per annotator over the 8 shared units; nominal
	// level, so alphabetical order.
	want := map[string][2]int{"boilerplate": {1, 1}, "neutral": {2, 4}, "pro_gov": {2, 1}, "pro_jdc": {3, 2}}
	if len(rep.Labels) != 4 || rep.Labels[0].Label != "boilerplate" {
		t.Fatalf("labels = %+v", rep.Labels)
	}
	for _, l := range rep.Labels {
		w := want[l.Label]
		if l.Counts[0] != w[0] || l.Counts[1] != w[1] || l.Total != w[0]+w[1] || l.OffScale {
			t.Errorf("label %+v, want counts %v", l, w)
		}
	}
}

func TestGold2Ordinal(t *testing.T) {
	// Ordinal with the default stance scale pro_gov < neutral < pro_jdc;
	// boilerplate is off the scale, so unit 5 drops out: 7 units, n = 14,
	// n_g 3, n_n 6, n_j 5. δ²_gn = (9/2)² = 20.25, δ²_nj = (11/2)² = 30.25,
	// δ²_gj = (14 − 4)² = 100. Σ o δ² = 2(20.25 + 30.25) = 101;
	// Σ n_c n_k δ² = 2(18·20.25 + 30·30.25 + 15·100) = 5544;
	// α = 1 − 13·101/5544 = 1 − 1313/5544.
	rep, err := Analyze(inputs(t, "gold2", "a.csv", "b.csv"), Options{Level: Ordinal, Boot: 200, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if a := float64(rep.Alpha.Value); math.Abs(a-(1-1313.0/5544)) > 1e-12 || rep.Alpha.Units != 7 {
		t.Errorf("ordinal alpha %v over %d units; want %v over 7", a, rep.Alpha.Units, 1-1313.0/5544)
	}
	if got := strings.Join(rep.Order, "<"); got != "pro_gov<neutral<pro_jdc" {
		t.Errorf("order %q", got)
	}
	if last := rep.Labels[len(rep.Labels)-1]; last.Label != "boilerplate" || !last.OffScale {
		t.Errorf("last label %+v, want boilerplate off scale", last)
	}
	b := rep.Alpha.Bootstrap
	if b == nil || b.B != 200 || b.Scheme != "units" || !(float64(b.Lo) <= float64(b.Hi)) {
		t.Fatalf("bootstrap = %+v", b)
	}
	var out bytes.Buffer
	if err := rep.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "gold2-ordinal.golden"), out.Bytes())
}

func TestGold2Text(t *testing.T) {
	rep, err := Analyze(inputs(t, "gold2", "a.csv", "b.csv"), Options{Boot: 500, Seed: 7, Cluster: "article_id"})
	if err != nil {
		t.Fatal(err)
	}
	if b := rep.Alpha.Bootstrap; b == nil || b.Scheme != "clusters by article_id (2 clusters)" {
		t.Fatalf("bootstrap = %+v", b)
	}
	var out bytes.Buffer
	if err := rep.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "gold2-nominal.golden"), out.Bytes())
}

func TestGold2JSON(t *testing.T) {
	rep, err := Analyze(inputs(t, "gold2", "a.csv", "b.csv"), Options{Column: "sentiment", Level: Ordinal, Boot: 100, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := rep.WriteJSON(&out); err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(out.Bytes(), &back); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	golden.Check(t, filepath.Join("testdata", "gold2-sentiment.golden"), out.Bytes())
}

func TestKrippendorff2011FromCSV(t *testing.T) {
	// The 2011 worked example as four annotators' id,score files (missing
	// values as absent rows or an empty score): the published values must
	// come out of the whole reading path.
	for level, want := range map[Level]float64{Nominal: 0.743, Ordinal: 0.815, Interval: 0.849, Ratio: 0.797} {
		rep, err := Analyze(inputs(t, "kripp2011", "A.csv", "B.csv", "C.csv", "D.csv"), Options{Column: "score", Level: level})
		if err != nil {
			t.Fatal(err)
		}
		if got := round3(float64(rep.Alpha.Value)); got != want || rep.Alpha.Units != 11 || rep.Alpha.Values != 40 {
			t.Errorf("%v: alpha %v over %d units, %d values; published %v over 11, 40", level, got, rep.Alpha.Units, rep.Alpha.Values, want)
		}
		if strings.Join(rep.Key, ",") != "id" || len(rep.Pairs) != 6 {
			t.Errorf("key %v, %d pairs", rep.Key, len(rep.Pairs))
		}
	}
	rep, err := Analyze(inputs(t, "kripp2011", "A.csv", "B.csv", "C.csv", "D.csv"), Options{Column: "score", Level: Interval, Boot: 300, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := rep.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "kripp2011-interval.golden"), out.Bytes())
}

func TestMalformed(t *testing.T) {
	// a.csv has a short row, a long row, an empty id, a duplicate id, a
	// bare quote and invalid UTF-8; b.csv has a BOM and CRLF line ends.
	rep, err := Analyze(inputs(t, "malformed", "a.csv", "b.csv"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"a.csv:3: 2 fields, header has 3; row skipped",
		"a.csv:4: 4 fields, header has 3; row skipped",
		"a.csv:5: empty id; row skipped",
		"a.csv:6: duplicate key 1 (first at line 2); row skipped",
		`a.csv:7: bare " in non-quoted-field`,
		"a.csv:10: invalid UTF-8; row skipped",
	}
	if strings.Join(rep.Problems, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(rep.Problems, "\n"), strings.Join(want, "\n"))
	}
	// Valid rows survive: ids 1, 5, 6 shared (2, 3, 4, 7 lost in a.csv).
	if rep.Shared != 3 || rep.OnlyOne[1] != 4 || rep.Labelled[0] != 3 {
		t.Errorf("shared %d, only-one %v, labelled %v; want 3, [0 4], [3 7]", rep.Shared, rep.OnlyOne, rep.Labelled)
	}
	var out bytes.Buffer
	if err := rep.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "malformed.golden"), out.Bytes())
}

func TestAnalyzeUsageErrors(t *testing.T) {
	gold := func() []Input { return inputs(t, "gold2", "a.csv", "b.csv") }
	tests := []struct {
		name string
		in   []Input
		opt  Options
	}{
		{"one file", gold()[:1], Options{}},
		{"missing column", gold(), Options{Column: "bias"}},
		{"missing key", gold(), Options{Key: []string{"id"}}},
		{"missing cluster", gold(), Options{Cluster: "outlet"}},
		{"ordinal needs order", gold(), Options{Column: "voice", Level: Ordinal}},
		{"duplicate order", gold(), Options{Level: Ordinal, Order: []string{"a", "a"}}},
		{"empty file", append(gold()[:1], Input{Name: "empty.csv", R: strings.NewReader("")}), Options{}},
	}
	for _, tt := range tests {
		if _, err := Analyze(tt.in, tt.opt); !errors.Is(err, ErrUsage) {
			t.Errorf("%s: err = %v, want ErrUsage", tt.name, err)
		}
	}
}

func TestUndefinedAlpha(t *testing.T) {
	// Both annotators say "neutral" for everything: no variation, alpha
	// undefined, explained, JSON null.
	a := "id,stance\n1,neutral\n2,neutral\n"
	rep, err := Analyze([]Input{{"a", strings.NewReader(a)}, {"b", strings.NewReader(a)}}, Options{Boot: 50})
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(float64(rep.Alpha.Value)) || !strings.Contains(rep.Alpha.Note, "no variation") || rep.Alpha.Bootstrap != nil {
		t.Errorf("alpha %v, note %q, bootstrap %v", rep.Alpha.Value, rep.Alpha.Note, rep.Alpha.Bootstrap)
	}
	var out bytes.Buffer
	if err := rep.WriteJSON(&out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"value": null`) {
		t.Errorf("JSON does not encode the undefined alpha as null:\n%s", out.String())
	}
	out.Reset()
	if err := rep.WriteText(&out); err != nil || !strings.Contains(out.String(), "alpha (nominal) = – over 2 units") {
		t.Errorf("text:\n%s", out.String())
	}
}

func TestDefaultOrder(t *testing.T) {
	if got := strings.Join(DefaultOrder("Stance"), ","); got != "pro_gov,neutral,pro_jdc" {
		t.Errorf("stance order %q", got)
	}
	if got := strings.Join(DefaultOrder("sentiment"), ","); got != "negative,neutral,positive" {
		t.Errorf("sentiment order %q", got)
	}
	if DefaultOrder("voice") != nil {
		t.Error("voice has an order")
	}
}

func FuzzAnalyze(f *testing.F) {
	f.Add("id,stance\n1,pro_gov\n2,neutral\n", "id,stance\n1,pro_gov\n2,pro_jdc\n")
	f.Add("id,stance\n1,\"x\n", "id\n")
	f.Add("", "id,stance\n")
	f.Fuzz(func(t *testing.T, a, b string) {
		for _, level := range []Level{Nominal, Ordinal} {
			rep, err := Analyze([]Input{{"a", strings.NewReader(a)}, {"b", strings.NewReader(b)}}, Options{Level: level, Boot: 5})
			if err != nil {
				continue
			}
			var out bytes.Buffer
			if err := rep.WriteText(&out); err != nil {
				t.Fatal(err)
			}
			if err := rep.WriteJSON(&out); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func TestProblemCap(t *testing.T) {
	// 30 short rows: 20 listed with their lines, then one count line.
	var sb strings.Builder
	sb.WriteString("id,stance\n1,pro_gov\n")
	for range 30 {
		sb.WriteString("x\n")
	}
	good := "id,stance\n1,pro_gov\n"
	rep, err := Analyze([]Input{{"bad.csv", strings.NewReader(sb.String())}, {"good.csv", strings.NewReader(good)}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Problems) != maxProblems+1 || rep.Problems[0] != "bad.csv:3: 1 fields, header has 2; row skipped" ||
		rep.Problems[maxProblems] != "bad.csv: 10 more malformed rows skipped, not listed" {
		t.Errorf("problems (%d): first %q, last %q", len(rep.Problems), rep.Problems[0], rep.Problems[len(rep.Problems)-1])
	}
	if rep.Shared != 1 {
		t.Errorf("shared = %d, want 1", rep.Shared)
	}
}
