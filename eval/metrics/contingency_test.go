package metrics

import (
	"errors"
	"math"
	"testing"
)

func TestChiSquare2x2(t *testing.T) {
	// [[10 20] [30 40]]: rows 30, 70; columns 40, 60; N = 100.
	// E = [[12 18] [28 42]]; X² = 4/12 + 4/18 + 4/28 + 4/42 = 50/63.
	// df = 1, so p = P(Z² ≥ X²) = erfc(√(X²/2)) = 0.37299848361348714
	// (no Yates correction). V = √(X²/100) = 0.0890870806374748.
	r, err := ChiSquare([][]float64{{10, 20}, {30, 40}})
	if err != nil {
		t.Fatal(err)
	}
	if !near(r.Stat, 50.0/63, 1e-12) || r.DF != 1 || !near(r.P, 0.37299848361348714, 1e-9) ||
		!near(r.CramersV, 0.0890870806374748, 1e-12) || r.N != 100 || r.LowExpected != 0 {
		t.Errorf("ChiSquare = %+v", r)
	}
	if !near(r.Expected[1][0], 28, 1e-12) {
		t.Errorf("E[1][0] = %v, want 28", r.Expected[1][0])
	}
}

func TestChiSquare2x3WithEmptyRow(t *testing.T) {
	// [[10 20 30] [20 20 10]] (+ an all-zero third row, dropped):
	// rows 60, 50; columns 30, 40, 40; N = 110; E_ij = R_i C_j / 110.
	// X² = Σ (O·N − R·C)² / (R·C·N) = 451/36 = 12.52777…;
	// df = 2, so p = exp(−X²/2) = 0.0019038276076954956;
	// V = √(X² / (110·1)) = 0.3374742788552765.
	r, err := ChiSquare([][]float64{{10, 20, 30}, {20, 20, 10}, {0, 0, 0}})
	if err != nil {
		t.Fatal(err)
	}
	if !near(r.Stat, 451.0/36, 1e-10) || r.DF != 2 || !near(r.P, 0.0019038276076954956, 1e-12) ||
		!near(r.CramersV, 0.3374742788552765, 1e-12) {
		t.Errorf("ChiSquare = %+v", r)
	}
	if len(r.DroppedRows) != 1 || r.DroppedRows[0] != 2 || len(r.DroppedCols) != 0 {
		t.Errorf("dropped rows %v cols %v, want [2] []", r.DroppedRows, r.DroppedCols)
	}
}

func TestChiSquareLowExpected(t *testing.T) {
	// [[1 2] [3 4]]: N = 10, E = [[1.2 1.8] [2.8 4.2]], all four < 5.
	r, err := ChiSquare([][]float64{{1, 2}, {3, 4}})
	if err != nil || r.LowExpected != 4 {
		t.Errorf("LowExpected = %d, %v; want 4", r.LowExpected, err)
	}
	// Independence exactly: X² = 0, p = 1.
	r, err = ChiSquare([][]float64{{1, 2}, {2, 4}})
	if err != nil || !near(r.Stat, 0, 1e-12) || !near(r.P, 1, 1e-12) {
		t.Errorf("independent: %+v, %v", r, err)
	}
}

func TestChiSquareErrors(t *testing.T) {
	tests := []struct {
		name  string
		table [][]float64
		want  error
	}{
		{"empty", nil, ErrEmpty},
		{"no columns", [][]float64{{}}, ErrEmpty},
		{"ragged", [][]float64{{1, 2}, {3}}, ErrLength},
		{"negative", [][]float64{{1, -2}, {3, 4}}, ErrDomain},
		{"NaN", [][]float64{{1, math.NaN()}, {3, 4}}, ErrDomain},
		{"one row", [][]float64{{1, 2}}, ErrDomain},
		{"one live column", [][]float64{{1, 0}, {3, 0}}, ErrDomain},
		{"overflow", [][]float64{{math.MaxFloat64, math.MaxFloat64}, {1, 1}}, ErrDomain},
	}
	for _, tt := range tests {
		if _, err := ChiSquare(tt.table); !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestJensenShannon(t *testing.T) {
	tests := []struct {
		name string
		p, q []float64
		want float64
	}{
		{"same", []float64{0.2, 0.8}, []float64{0.2, 0.8}, 0},
		{"disjoint", []float64{1, 0}, []float64{0, 1}, 1},
		// M = (0.75, 0.25); KL(P‖M) = ½log₂(⅔) + ½log₂2 = 0.2075187…,
		// KL(Q‖M) = log₂(4/3) = 0.4150375…; JSD = ½(sum) = 0.31127812445913283.
		{"half", []float64{0.5, 0.5}, []float64{1, 0}, 0.31127812445913283},
		// Counts are normalised: (2,2) is (0.5,0.5).
		{"counts", []float64{2, 2}, []float64{7, 0}, 0.31127812445913283},
	}
	for _, tt := range tests {
		got, err := JensenShannon(tt.p, tt.q)
		if err != nil || !near(got, tt.want, 1e-12) {
			t.Errorf("%s: JSD = %v, %v; want %v", tt.name, got, err, tt.want)
		}
		back, _ := JensenShannon(tt.q, tt.p)
		if !near(back, got, 1e-12) {
			t.Errorf("%s: not symmetric: %v vs %v", tt.name, got, back)
		}
	}
	errs := []struct {
		name string
		p, q []float64
		want error
	}{
		{"empty", nil, nil, ErrEmpty},
		{"mismatch", []float64{1}, []float64{1, 0}, ErrLength},
		{"zero", []float64{0, 0}, []float64{1, 0}, ErrDomain},
		{"negative", []float64{-1, 2}, []float64{1, 0}, ErrDomain},
		{"NaN", []float64{math.NaN(), 2}, []float64{1, 0}, ErrDomain},
	}
	for _, tt := range errs {
		if _, err := JensenShannon(tt.p, tt.q); !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
}
