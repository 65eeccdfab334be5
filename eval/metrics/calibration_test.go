package metrics

import (
	"errors"
	"math"
	"testing"
)

func TestReliabilityAndECE(t *testing.T) {
	// Five bins (0,.2] (.2,.4] (.4,.6] (.6,.8] (.8,1]:
	//   0.1 ✗, 0.0 ✗     → bin 1: conf 0.05,  acc 0   → |gap| 0.05
	//   0.3 ✓, 0.35 ✗    → bin 2: conf 0.325, acc 0.5 → 0.175
	//   (none)           → bin 3: empty
	//   0.8 ✓ (edge)     → bin 4: conf 0.8,   acc 1   → 0.2
	//   0.95 ✓, 1.0 ✓    → bin 5: conf 0.975, acc 1   → 0.025
	// ECE = (2·0.05 + 2·0.175 + 1·0.2 + 2·0.025) / 7 = 0.7/7 = 0.1.
	conf := []float64{0.1, 0.3, 0.35, 0.8, 0.95, 1.0, 0.0}
	correct := []bool{false, true, false, true, true, true, false}
	bins, err := ReliabilityBins(conf, correct, 5)
	if err != nil {
		t.Fatal(err)
	}
	want := []Bin{
		{0, 0.2, 2, 0.05, 0},
		{0.2, 0.4, 2, 0.325, 0.5},
		{0.4, 0.6, 0, math.NaN(), math.NaN()},
		{0.6, 0.8, 1, 0.8, 1},
		{0.8, 1, 2, 0.975, 1},
	}
	for k, b := range bins {
		w := want[k]
		if !near(b.Lo, w.Lo, 1e-12) || !near(b.Hi, w.Hi, 1e-12) || b.Count != w.Count ||
			!near(b.Confidence, w.Confidence, 1e-12) || !near(b.Accuracy, w.Accuracy, 1e-12) {
			t.Errorf("bin %d = %+v, want %+v", k, b, w)
		}
	}
	ece, err := ECE(conf, correct, 5)
	if err != nil || !near(ece, 0.1, 1e-12) {
		t.Errorf("ECE = %v, %v; want 0.1", ece, err)
	}
}

func TestBinEdges(t *testing.T) {
	// With 10 bins, 0.3 and 0.7 sit on upper edges: (0.2,0.3] and (0.6,0.7],
	// even though 0.3·10 rounds to 3.0000000000000004 in floating point.
	bins, err := ReliabilityBins([]float64{0.3, 0.7, 0.30000000000000004}, []bool{true, true, true}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if bins[2].Count != 1 || bins[6].Count != 1 || bins[3].Count != 1 {
		t.Errorf("counts = %v %v %v, want 1 1 1 in bins 3, 7, 4", bins[2].Count, bins[6].Count, bins[3].Count)
	}
}

func TestECEPerfect(t *testing.T) {
	// Every item in bin (0.7,0.8] at confidence 0.75 with 3 of 4 right:
	// accuracy 0.75 = confidence → ECE 0.
	ece, err := ECE([]float64{0.75, 0.75, 0.75, 0.75}, []bool{true, true, true, false}, 10)
	if err != nil || !near(ece, 0, 1e-12) {
		t.Errorf("ECE = %v, %v; want 0", ece, err)
	}
}

func TestCalibrationErrors(t *testing.T) {
	tests := []struct {
		name    string
		conf    []float64
		correct []bool
		m       int
		want    error
	}{
		{"empty", nil, nil, 10, ErrEmpty},
		{"mismatch", []float64{0.5}, nil, 10, ErrLength},
		{"no bins", []float64{0.5}, []bool{true}, 0, ErrDomain},
		{"above 1", []float64{1.5}, []bool{true}, 10, ErrDomain},
		{"NaN", []float64{math.NaN()}, []bool{true}, 10, ErrDomain},
	}
	for _, tt := range tests {
		if _, err := ECE(tt.conf, tt.correct, tt.m); !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestTopLabel(t *testing.T) {
	// Row 0: max 0.6 at class 1, truth 1 → correct.
	// Row 1: tie 0.5/0.5 → first (class 0), truth 1 → wrong.
	conf, correct, err := TopLabel([][]float64{{0.3, 0.6, 0.1}, {0.5, 0.5, 0}}, []int{1, 1})
	if err != nil {
		t.Fatal(err)
	}
	if conf[0] != 0.6 || !correct[0] || conf[1] != 0.5 || correct[1] {
		t.Errorf("TopLabel = %v %v", conf, correct)
	}
}

func TestBrierLogLoss(t *testing.T) {
	probs := [][]float64{{0.7, 0.2, 0.1}, {0.1, 0.5, 0.4}}
	truth := []int{0, 2}
	// Brier: row 0 (0.3² + 0.2² + 0.1²) = 0.14; row 1 (0.1² + 0.5² + 0.6²) = 0.62;
	// mean 0.38.
	if got, err := Brier(probs, truth); err != nil || !near(got, 0.38, 1e-12) {
		t.Errorf("Brier = %v, %v; want 0.38", got, err)
	}
	// Log loss: −(ln 0.7 + ln 0.4)/2 = 0.6364828379064438.
	if got, err := LogLoss(probs, truth); err != nil || !near(got, 0.6364828379064438, 1e-12) {
		t.Errorf("LogLoss = %v, %v", got, err)
	}
	// A certain, wrong prediction costs −ln(1e-15) = 34.538776394910684.
	if got, err := LogLoss([][]float64{{1, 0}}, []int{1}); err != nil || !near(got, 34.538776394910684, 1e-9) {
		t.Errorf("LogLoss(certain wrong) = %v, %v", got, err)
	}
	// Binary: (0.1² + 0.8²)/2 = 0.325.
	if got, err := BinaryBrier([]float64{0.9, 0.2}, []bool{true, true}); err != nil || !near(got, 0.325, 1e-12) {
		t.Errorf("BinaryBrier = %v, %v; want 0.325", got, err)
	}
}

func TestProbErrors(t *testing.T) {
	tests := []struct {
		name  string
		probs [][]float64
		truth []int
		want  error
	}{
		{"empty", nil, nil, ErrEmpty},
		{"rows", [][]float64{{0.5, 0.5}}, nil, ErrLength},
		{"ragged", [][]float64{{0.5, 0.5}, {1}}, []int{0, 0}, ErrLength},
		{"one class", [][]float64{{1}}, []int{0}, ErrDomain},
		{"sum", [][]float64{{0.5, 0.6}}, []int{0}, ErrDomain},
		{"negative", [][]float64{{-0.5, 1.5}}, []int{0}, ErrDomain},
		{"truth", [][]float64{{0.5, 0.5}}, []int{2}, ErrDomain},
		{"NaN", [][]float64{{math.NaN(), 1}}, []int{0}, ErrDomain},
	}
	for _, tt := range tests {
		if _, err := Brier(tt.probs, tt.truth); !errors.Is(err, tt.want) {
			t.Errorf("Brier %s: err = %v, want %v", tt.name, err, tt.want)
		}
		if _, err := LogLoss(tt.probs, tt.truth); !errors.Is(err, tt.want) {
			t.Errorf("LogLoss %s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
	if _, err := BinaryBrier([]float64{2}, []bool{true}); !errors.Is(err, ErrDomain) {
		t.Errorf("BinaryBrier(2): err = %v", err)
	}
	if _, err := BinaryBrier(nil, nil); !errors.Is(err, ErrEmpty) {
		t.Errorf("BinaryBrier(empty): err = %v", err)
	}
}
