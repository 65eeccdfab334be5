package metrics

import (
	"errors"
	"math"
	"testing"
)

// near reports whether got equals want within tol; NaN equals NaN.
func near(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) <= tol
}

// The three-way stance example used by several tests:
//
//	gold: g g g n n n n j j j
//	pred: g g n n n g j j j n
//
// Confusion (rows gold, cols pred, order g n j):
//
//	g: 2 1 0   (row total 3)
//	n: 1 2 1   (4)
//	j: 0 1 2   (3)
//	   3 4 3   column totals, N = 10
var (
	stanceLabels = []string{"pro_gov", "neutral", "pro_jdc"}
	stanceGold   = []string{"pro_gov", "pro_gov", "pro_gov", "neutral", "neutral", "neutral", "neutral", "pro_jdc", "pro_jdc", "pro_jdc"}
	stancePred   = []string{"pro_gov", "pro_gov", "neutral", "neutral", "neutral", "pro_gov", "pro_jdc", "pro_jdc", "pro_jdc", "neutral"}
)

func TestConfusionScores(t *testing.T) {
	c, err := ConfusionOf(stanceLabels, stanceGold, stancePred)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]int{{2, 1, 0}, {1, 2, 1}, {0, 1, 2}}
	for i, row := range c.Matrix() {
		for j, v := range row {
			if v != want[i][j] {
				t.Errorf("C[%d][%d] = %d, want %d", i, j, v, want[i][j])
			}
		}
	}
	// accuracy = diagonal 6 / 10.
	if got := c.Accuracy(); !near(got, 0.6, 1e-12) {
		t.Errorf("Accuracy = %v, want 0.6", got)
	}
	// pro_gov: TP 2, FP 1 (n→g), FN 1 (g→n): P = R = 2/3, F1 = 4/6.
	// neutral: TP 2, FP 2 (g→n, j→n), FN 2 (n→g, n→j): P = R = F1 = 1/2.
	// pro_jdc: TP 2, FP 1, FN 1: 2/3 each.
	wantClass := []ClassScores{
		{"pro_gov", 2, 1, 1, 3, 2.0 / 3, 2.0 / 3, 2.0 / 3},
		{"neutral", 2, 2, 2, 4, 0.5, 0.5, 0.5},
		{"pro_jdc", 2, 1, 1, 3, 2.0 / 3, 2.0 / 3, 2.0 / 3},
	}
	for k, got := range c.Classes() {
		w := wantClass[k]
		if got.Label != w.Label || got.TP != w.TP || got.FP != w.FP || got.FN != w.FN || got.Support != w.Support ||
			!near(got.Precision, w.Precision, 1e-12) || !near(got.Recall, w.Recall, 1e-12) || !near(got.F1, w.F1, 1e-12) {
			t.Errorf("class %d = %+v, want %+v", k, got, w)
		}
	}
	// macro-F1 = (2/3 + 1/2 + 2/3) / 3 = 11/18.
	if got := c.MacroF1(); !near(got, 11.0/18, 1e-12) {
		t.Errorf("MacroF1 = %v, want %v", got, 11.0/18)
	}
	// F_avg over the two sides = (2/3 + 2/3) / 2.
	if got, err := c.FAvg("pro_gov", "pro_jdc"); err != nil || !near(got, 2.0/3, 1e-12) {
		t.Errorf("FAvg = %v, %v; want 2/3", got, err)
	}
	// κ: p_o = 0.6, p_e = (3·3 + 4·4 + 3·3)/100 = 0.34, κ = 0.26/0.66.
	if got := c.Kappa(); !near(got, 0.26/0.66, 1e-12) {
		t.Errorf("Kappa = %v, want %v", got, 0.26/0.66)
	}
	// Linear weights: observed Σ w·O = four off-by-one cells = 4;
	// expected E = r_i c_j / 10: off-by-one cells 1.2 ×4 (w 1) and the two
	// g↔j cells 0.9 (w 2) → 4.8 + 3.6 = 8.4; κ = 1 − 4/8.4.
	if got := c.WeightedKappa(LinearWeights); !near(got, 1-4/8.4, 1e-12) {
		t.Errorf("linear WeightedKappa = %v, want %v", got, 1-4/8.4)
	}
	// Quadratic: observed 4; expected 4.8 + 2·0.9·4 = 12; κ = 1 − 4/12.
	if got := c.WeightedKappa(QuadraticWeights); !near(got, 1-4.0/12, 1e-12) {
		t.Errorf("quadratic WeightedKappa = %v, want %v", got, 1-4.0/12)
	}
}

func TestZeroDivision(t *testing.T) {
	// Label "b" never occurs and "c" is only missed:
	// gold a a c, pred a a a.
	// a: TP 2, FP 1, FN 0 → P 2/3, R 1, F1 4/5.
	// b: 0/0 everywhere → 0 (zero_division=0).
	// c: TP 0, FP 0, FN 1 → P 0/0 → 0, R 0, F1 0.
	// macro = (4/5 + 0 + 0)/3 = 4/15, as scikit-learn with labels=[a b c].
	c, err := ConfusionOf([]string{"a", "b", "c"}, []string{"a", "a", "c"}, []string{"a", "a", "a"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][3]float64{"a": {2.0 / 3, 1, 0.8}, "b": {0, 0, 0}, "c": {0, 0, 0}}
	for _, s := range c.Classes() {
		w := want[s.Label]
		if !near(s.Precision, w[0], 1e-12) || !near(s.Recall, w[1], 1e-12) || !near(s.F1, w[2], 1e-12) {
			t.Errorf("%s: P,R,F1 = %v,%v,%v; want %v", s.Label, s.Precision, s.Recall, s.F1, w)
		}
	}
	if got := c.MacroF1(); !near(got, 4.0/15, 1e-12) {
		t.Errorf("MacroF1 = %v, want 4/15", got)
	}
}

func TestKappaPublished(t *testing.T) {
	// Cohen's kappa worked example (Wikipedia, "Cohen's kappa"): 50
	// proposals, both yes 20, A yes/B no 5, A no/B yes 10, both no 15.
	// p_o = 35/50 = 0.7; p_e = 0.5·0.6 + 0.5·0.4 = 0.5; κ = 0.4.
	var a, b []string
	add := func(x, y string, n int) {
		for range n {
			a, b = append(a, x), append(b, y)
		}
	}
	add("yes", "yes", 20)
	add("yes", "no", 5)
	add("no", "yes", 10)
	add("no", "no", 15)
	got, err := CohenKappa(a, b)
	if err != nil || !near(got, 0.4, 1e-12) {
		t.Errorf("CohenKappa = %v, %v; want 0.4", got, err)
	}
}

func TestKappaEdges(t *testing.T) {
	tests := []struct {
		name string
		a, b []string
		want float64
		err  error
	}{
		{"perfect", []string{"x", "y", "x"}, []string{"x", "y", "x"}, 1, nil},
		// p_e = 1: both raters used only "x"; κ = 0/0.
		{"one label", []string{"x", "x"}, []string{"x", "x"}, math.NaN(), nil},
		// p_o = 0, p_e = 0.5 → κ = −1.
		{"opposite", []string{"x", "y"}, []string{"y", "x"}, -1, nil},
		{"empty", nil, nil, math.NaN(), ErrEmpty},
		{"mismatch", []string{"x"}, nil, math.NaN(), ErrLength},
	}
	for _, tt := range tests {
		got, err := CohenKappa(tt.a, tt.b)
		if !errors.Is(err, tt.err) || !near(got, tt.want, 1e-12) {
			t.Errorf("%s: CohenKappa = %v, %v; want %v, %v", tt.name, got, err, tt.want, tt.err)
		}
	}
}

func TestConfusionErrors(t *testing.T) {
	if _, err := NewConfusion(nil); !errors.Is(err, ErrEmpty) {
		t.Errorf("no labels: err = %v", err)
	}
	if _, err := NewConfusion([]string{"a", "a"}); !errors.Is(err, ErrDomain) {
		t.Errorf("duplicate label: err = %v", err)
	}
	if _, err := ConfusionOf([]string{"a"}, []string{"a"}, nil); !errors.Is(err, ErrLength) {
		t.Errorf("mismatch: err = %v", err)
	}
	if _, err := ConfusionOf([]string{"a"}, []string{"a", "b"}, []string{"a", "a"}); !errors.Is(err, ErrDomain) {
		t.Errorf("unknown label: err = %v", err)
	}
	c, err := NewConfusion([]string{"a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]float64{"accuracy": c.Accuracy(), "macro": c.MacroF1(), "kappa": c.Kappa(), "wkappa": c.WeightedKappa(LinearWeights)} {
		if !math.IsNaN(v) {
			t.Errorf("empty matrix: %s = %v, want NaN", name, v)
		}
	}
	if _, err := c.FAvg(); !errors.Is(err, ErrEmpty) {
		t.Errorf("FAvg(): err = %v", err)
	}
	if _, err := c.FAvg("a", "z"); !errors.Is(err, ErrDomain) {
		t.Errorf("FAvg(unknown): err = %v", err)
	}
	if _, err := c.FAvg("a", "a"); !errors.Is(err, ErrDomain) {
		t.Errorf("FAvg(dup): err = %v", err)
	}
	if _, err := c.Class("z"); !errors.Is(err, ErrDomain) {
		t.Errorf("Class(unknown): err = %v", err)
	}
	if err := c.Add("a", "z"); err == nil || c.Total() != 0 {
		t.Errorf("Add(unknown) = %v, total %d", err, c.Total())
	}
}

func TestLabelSet(t *testing.T) {
	got := LabelSet([]string{"b", "a"}, []string{"c", "b"})
	want := []string{"b", "a", "c"}
	if len(got) != len(want) {
		t.Fatalf("LabelSet = %q, want %q", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("LabelSet = %q, want %q", got, want)
		}
	}
}
