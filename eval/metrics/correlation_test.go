package metrics

import (
	"errors"
	"math"
	"testing"
)

func TestPearson(t *testing.T) {
	// x = 1..5, y = 2 4 5 4 5: deviations dx = −2 −1 0 1 2, dy = −2 0 1 0 1;
	// Σdx·dy = 6, Σdx² = 10, Σdy² = 6 → r = 6/√60 = 0.7745966692414834.
	// Fisher z = atanh(r) = 1.0317, se = 1/√2, q = 1.959964:
	// CI = tanh(1.0317 ∓ 1.3859) = [−0.34008203518751035, 0.9842357551507267].
	c, err := Pearson([]float64{1, 2, 3, 4, 5}, []float64{2, 4, 5, 4, 5}, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	if !near(c.R, 0.7745966692414834, 1e-12) || !near(c.Lo, -0.34008203518751035, 1e-9) || !near(c.Hi, 0.9842357551507267, 1e-9) || c.N != 5 {
		t.Errorf("Pearson = %+v", c)
	}
}

func TestSpearman(t *testing.T) {
	// y = 5 6 7 8 7 ranks to 1 2 3.5 5 3.5 (the two 7s share 3 and 4).
	// dy = −2 −1 0.5 2 0.5; Σdx·dy = 8, Σdx² = 10, Σdy² = 9.5 → ρ = 8/√95.
	// CI with se = √(1.06/2): [−0.2614498675621887, 0.9887195287096668].
	c, err := Spearman([]float64{1, 2, 3, 4, 5}, []float64{5, 6, 7, 8, 7}, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	if !near(c.R, 0.8207826816681233, 1e-12) || !near(c.Lo, -0.2614498675621887, 1e-9) || !near(c.Hi, 0.9887195287096668, 1e-9) {
		t.Errorf("Spearman = %+v", c)
	}
}

func TestCorrelationEdges(t *testing.T) {
	// Perfect line: r = 1, CI collapses to [1, 1].
	c, err := Pearson([]float64{1, 2, 3, 4, 5}, []float64{3, 5, 7, 9, 11}, 0.95)
	if err != nil || !near(c.R, 1, 1e-12) || !near(c.Lo, 1, 1e-12) || !near(c.Hi, 1, 1e-12) {
		t.Errorf("perfect: %+v, %v", c, err)
	}
	// Constant y: r undefined.
	c, err = Pearson([]float64{1, 2, 3, 4}, []float64{2, 2, 2, 2}, 0.95)
	if err != nil || !math.IsNaN(c.R) || !math.IsNaN(c.Lo) {
		t.Errorf("constant: %+v, %v", c, err)
	}
	// Three pairs: r defined, no interval (N − 3 = 0).
	c, err = Pearson([]float64{1, 2, 3}, []float64{1, 3, 2}, 0.95)
	if err != nil || !near(c.R, 0.5, 1e-12) || !math.IsNaN(c.Lo) || !math.IsNaN(c.Hi) {
		t.Errorf("n=3: %+v, %v", c, err)
	}
	tests := []struct {
		name  string
		x, y  []float64
		level float64
		want  error
	}{
		{"mismatch", []float64{1, 2}, []float64{1}, 0.95, ErrLength},
		{"one pair", []float64{1}, []float64{1}, 0.95, ErrEmpty},
		{"NaN", []float64{1, math.NaN()}, []float64{1, 2}, 0.95, ErrDomain},
		{"Inf", []float64{1, 2}, []float64{math.Inf(1), 2}, 0.95, ErrDomain},
		{"level", []float64{1, 2}, []float64{1, 2}, 95, ErrDomain},
	}
	for _, tt := range tests {
		if _, err := Pearson(tt.x, tt.y, tt.level); !errors.Is(err, tt.want) {
			t.Errorf("Pearson %s: err = %v, want %v", tt.name, err, tt.want)
		}
		if _, err := Spearman(tt.x, tt.y, tt.level); !errors.Is(err, tt.want) {
			t.Errorf("Spearman %s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestRanks(t *testing.T) {
	tests := []struct {
		x, want []float64
	}{
		{[]float64{10, 20, 10, 30}, []float64{1.5, 3, 1.5, 4}},
		{[]float64{3, 3, 3}, []float64{2, 2, 2}},
		{[]float64{2, 1}, []float64{2, 1}},
		{nil, []float64{}},
	}
	for _, tt := range tests {
		got := Ranks(tt.x)
		if len(got) != len(tt.want) {
			t.Fatalf("Ranks(%v) = %v", tt.x, got)
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("Ranks(%v) = %v, want %v", tt.x, got, tt.want)
				break
			}
		}
	}
}
