package metrics

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

func seeded(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0)) }

func TestGroups(t *testing.T) {
	got := Groups([]string{"a", "b", "a", "c", "b"})
	want := [][]int{{0, 2}, {1, 4}, {3}}
	if len(got) != len(want) {
		t.Fatalf("Groups = %v, want %v", got, want)
	}
	for g := range want {
		if len(got[g]) != len(want[g]) {
			t.Fatalf("Groups = %v, want %v", got, want)
		}
		for i := range want[g] {
			if got[g][i] != want[g][i] {
				t.Fatalf("Groups = %v, want %v", got, want)
			}
		}
	}
	if s := Singletons(3); len(s) != 3 || s[2][0] != 2 {
		t.Errorf("Singletons(3) = %v", s)
	}
	if s := Singletons(-1); len(s) != 0 {
		t.Errorf("Singletons(-1) = %v", s)
	}
}

func mean(vals []float64) func(idx []int) float64 {
	return func(idx []int) float64 {
		var s float64
		for _, i := range idx {
			s += vals[i]
		}
		return s / float64(len(idx))
	}
}

func TestClusterBootstrapResamplesGroups(t *testing.T) {
	// Two articles of 10 sentences: article A all 1, article B all 0.
	// Drawing 2 articles with replacement gives {A,A}, {A,B}, {B,A} or
	// {B,B}, so every replicate mean is exactly 1, 0.5 or 0 and has 20
	// items. A sentence-level bootstrap would give other means (0.45, …).
	vals := make([]float64, 20)
	keys := make([]string, 20)
	for i := range vals {
		keys[i] = "B"
		if i < 10 {
			vals[i], keys[i] = 1, "A"
		}
	}
	m := mean(vals)
	stat := func(idx []int) float64 {
		if len(idx) != 20 {
			t.Fatalf("replicate has %d items, want 20", len(idx))
		}
		return m(idx)
	}
	lo, hi, samples, err := ClusterBootstrap(Groups(keys), stat, 400, seeded(1))
	if err != nil {
		t.Fatal(err)
	}
	if len(samples) != 400 {
		t.Fatalf("%d samples, want 400", len(samples))
	}
	seen := map[float64]int{}
	for _, s := range samples {
		seen[s]++
	}
	for v := range seen {
		if v != 0 && v != 0.5 && v != 1 {
			t.Fatalf("replicate mean %v: items were resampled, not groups", v)
		}
	}
	// P(0) = P(1) = 1/4 ≫ 2.5%, so the percentile interval is [0, 1].
	if lo != 0 || hi != 1 || seen[0.5] < 120 || seen[0] < 50 || seen[1] < 50 {
		t.Errorf("CI = [%v, %v], counts %v", lo, hi, seen)
	}
}

func TestClusterBootstrapDeterministic(t *testing.T) {
	vals := []float64{3, 1, 4, 1, 5, 9, 2, 6, 5, 3}
	g := Singletons(len(vals))
	lo1, hi1, s1, err := ClusterBootstrap(g, mean(vals), 200, seeded(42))
	if err != nil {
		t.Fatal(err)
	}
	lo2, hi2, s2, _ := ClusterBootstrap(g, mean(vals), 200, seeded(42))
	if lo1 != lo2 || hi1 != hi2 {
		t.Errorf("same seed, different CI: [%v,%v] vs [%v,%v]", lo1, hi1, lo2, hi2)
	}
	for i := range s1 {
		if s1[i] != s2[i] {
			t.Fatalf("same seed, sample %d differs", i)
		}
	}
	_, _, s3, _ := ClusterBootstrap(g, mean(vals), 200, seeded(43))
	same := true
	for i := range s1 {
		same = same && s1[i] == s3[i]
	}
	if same {
		t.Error("different seeds gave identical samples")
	}
	// The sample mean is 3.9; its 95% interval must contain it and lie
	// inside the data range [1, 9].
	if !(lo1 < 3.9 && 3.9 < hi1 && lo1 >= 1 && hi1 <= 9) {
		t.Errorf("CI [%v, %v] does not bracket the mean 3.9", lo1, hi1)
	}
}

func TestPercentileCI(t *testing.T) {
	// 100 samples 1..100 (reversed) plus NaNs: the ⌈2.5⌉ = 3rd and
	// ⌈97.5⌉ = 98th smallest.
	s := []float64{math.NaN()}
	for v := 100; v >= 1; v-- {
		s = append(s, float64(v))
	}
	s = append(s, math.NaN())
	lo, hi := PercentileCI(s, 0.95)
	if lo != 3 || hi != 98 {
		t.Errorf("PercentileCI = [%v, %v], want [3, 98]", lo, hi)
	}
	if s[1] != 100 {
		t.Error("PercentileCI modified its input")
	}
	// 2000 samples: the 50th and 1950th.
	s = s[:0]
	for v := 1; v <= 2000; v++ {
		s = append(s, float64(v))
	}
	if lo, hi := PercentileCI(s, 0.95); lo != 50 || hi != 1950 {
		t.Errorf("B=2000: [%v, %v], want [50, 1950]", lo, hi)
	}
	if lo, hi := PercentileCI([]float64{math.NaN()}, 0.95); !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Errorf("all NaN: [%v, %v]", lo, hi)
	}
	if lo, _ := PercentileCI(s, 1); !math.IsNaN(lo) {
		t.Errorf("level 1: lo = %v", lo)
	}
}

func TestPairedBootstrap(t *testing.T) {
	gold := []string{"a", "b", "a", "b", "a", "b", "a", "b"}
	perfect := append([]string(nil), gold...)
	wrong := []string{"b", "a", "b", "a", "b", "a", "b", "a"}
	acc := func(pred []string) func([]int) float64 {
		return func(idx []int) float64 {
			var hit int
			for _, i := range idx {
				if pred[i] == gold[i] {
					hit++
				}
			}
			return float64(hit) / float64(len(idx))
		}
	}
	groups := Groups([]string{"x", "x", "y", "y", "z", "z", "w", "w"})
	// A always right, B always wrong: every δ* = 1 = δ̂, so no replicate is
	// as far from δ̂ as δ̂ is from 0: p = 1/(B+1), CI [1, 1].
	r, err := PairedBootstrap(groups, acc(perfect), acc(wrong), 999, seeded(7))
	if err != nil {
		t.Fatal(err)
	}
	if r.Diff != 1 || r.Lo != 1 || r.Hi != 1 || !near(r.P, 1.0/1000, 1e-15) || r.Undefined != 0 {
		t.Errorf("perfect vs wrong: %+v", r)
	}
	// Identical predictions: δ̂ = 0 and every |δ* − 0| ≥ 0, so p = 1.
	r, err = PairedBootstrap(groups, acc(perfect), acc(perfect), 200, seeded(7))
	if err != nil || r.Diff != 0 || r.P != 1 || r.Lo != 0 || r.Hi != 0 {
		t.Errorf("identical: %+v, %v", r, err)
	}
	// Undefined replicates are counted and left out.
	nan := func([]int) float64 { return math.NaN() }
	r, err = PairedBootstrap(groups, nan, acc(perfect), 10, seeded(7))
	if err != nil || r.Undefined != 10 || !math.IsNaN(r.P) || !math.IsNaN(r.Lo) {
		t.Errorf("NaN statistic: %+v, %v", r, err)
	}
}

func TestBootstrapErrors(t *testing.T) {
	s := func([]int) float64 { return 0 }
	tests := []struct {
		name   string
		groups [][]int
		stat   func([]int) float64
		b      int
		rng    *rand.Rand
		want   error
	}{
		{"no groups", nil, s, 10, seeded(1), ErrEmpty},
		{"empty group", [][]int{{0}, {}}, s, 10, seeded(1), ErrEmpty},
		{"negative index", [][]int{{-1}}, s, 10, seeded(1), ErrDomain},
		{"b = 0", [][]int{{0}}, s, 0, seeded(1), ErrDomain},
		{"nil rng", [][]int{{0}}, s, 10, nil, ErrDomain},
		{"nil stat", [][]int{{0}}, nil, 10, seeded(1), ErrDomain},
	}
	for _, tt := range tests {
		if _, _, _, err := ClusterBootstrap(tt.groups, tt.stat, tt.b, tt.rng); !errors.Is(err, tt.want) {
			t.Errorf("ClusterBootstrap %s: err = %v, want %v", tt.name, err, tt.want)
		}
		if _, err := PairedBootstrap(tt.groups, tt.stat, s, tt.b, tt.rng); !errors.Is(err, tt.want) {
			t.Errorf("PairedBootstrap %s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
}
