package metrics

import (
	"fmt"
	"math"
	"sort"
)

// Bin is one bin of a reliability diagram: the items whose top-label
// confidence falls in (Lo, Hi] (the first bin also takes confidence 0).
type Bin struct {
	Lo, Hi float64
	// Count is the number of items in the bin.
	Count int
	// Confidence is the mean confidence of the bin's items and Accuracy
	// the share of them that are correct; both are NaN for an empty bin.
	Confidence, Accuracy float64
}

// ReliabilityBins sorts items into m equal-width confidence bins
// B_k = ((k−1)/m, k/m], k = 1..m (Guo et al. 2017; confidence 0 goes to
// B_1), and returns, per bin, its item count, mean confidence and accuracy.
// conf[i] is the confidence of item i's predicted (top) label and
// correct[i] whether that label is right.
//
// It returns an error wrapping ErrLength for mismatched slices, ErrEmpty
// for no items, and ErrDomain when m < 1 or a confidence is NaN or outside
// [0, 1].
func ReliabilityBins(conf []float64, correct []bool, m int) ([]Bin, error) {
	if err := checkConf(conf, correct, m); err != nil {
		return nil, err
	}
	edges := make([]float64, m) // upper edges k/m
	bins := make([]Bin, m)
	for k := range bins {
		edges[k] = float64(k+1) / float64(m)
		bins[k].Lo = float64(k) / float64(m)
		bins[k].Hi = edges[k]
	}
	edges[m-1] = 1
	sumConf := make([]float64, m)
	hits := make([]int, m)
	for i, p := range conf {
		k := sort.SearchFloat64s(edges, p) // first k with edges[k] >= p
		bins[k].Count++
		sumConf[k] += p
		if correct[i] {
			hits[k]++
		}
	}
	for k := range bins {
		if bins[k].Count == 0 {
			bins[k].Confidence, bins[k].Accuracy = math.NaN(), math.NaN()
			continue
		}
		n := float64(bins[k].Count)
		bins[k].Confidence = sumConf[k] / n
		bins[k].Accuracy = float64(hits[k]) / n
	}
	return bins, nil
}

func checkConf(conf []float64, correct []bool, m int) error {
	if len(conf) != len(correct) {
		return fmt.Errorf("calibration: %d confidences, %d outcomes: %w", len(conf), len(correct), ErrLength)
	}
	if len(conf) == 0 {
		return fmt.Errorf("calibration: %w", ErrEmpty)
	}
	if m < 1 {
		return fmt.Errorf("calibration: %d bins: %w", m, ErrDomain)
	}
	for i, p := range conf {
		if !(p >= 0 && p <= 1) {
			return fmt.Errorf("calibration: item %d: confidence %v outside [0,1]: %w", i, p, ErrDomain)
		}
	}
	return nil
}

// ECE returns the expected calibration error over m equal-width bins (see
// ReliabilityBins for the binning):
//
//	ECE = Σ_k (|B_k| / N) · |acc(B_k) − conf(B_k)|
//
// Empty bins contribute nothing. Errors are those of ReliabilityBins.
func ECE(conf []float64, correct []bool, m int) (float64, error) {
	bins, err := ReliabilityBins(conf, correct, m)
	if err != nil {
		return math.NaN(), err
	}
	var ece float64
	n := float64(len(conf))
	for _, b := range bins {
		if b.Count > 0 {
			ece += float64(b.Count) / n * math.Abs(b.Accuracy-b.Confidence)
		}
	}
	return ece, nil
}

// TopLabel returns, for each item, the largest predicted probability and
// whether its class (the first one on ties) is the true class truth[i].
// Errors are those of Brier.
func TopLabel(probs [][]float64, truth []int) (conf []float64, correct []bool, err error) {
	if err := checkProbs(probs, truth); err != nil {
		return nil, nil, err
	}
	conf = make([]float64, len(probs))
	correct = make([]bool, len(probs))
	for i, row := range probs {
		best := 0
		for k, p := range row {
			if p > row[best] {
				best = k
			}
		}
		conf[i] = row[best]
		correct[i] = best == truth[i]
	}
	return conf, correct, nil
}

// probTolerance is how far a probability row may sum from 1.
const probTolerance = 1e-6

// checkProbs validates a probability matrix against the true classes: same
// number of rows, at least one row, each row a distribution over the same K
// ≥ 2 classes (entries in [0,1], sum within 1e-6 of 1) and each truth in
// [0, K). It returns errors wrapping ErrLength, ErrEmpty or ErrDomain.
func checkProbs(probs [][]float64, truth []int) error {
	if len(probs) != len(truth) {
		return fmt.Errorf("probabilities: %d rows, %d true classes: %w", len(probs), len(truth), ErrLength)
	}
	if len(probs) == 0 {
		return fmt.Errorf("probabilities: %w", ErrEmpty)
	}
	k := len(probs[0])
	if k < 2 {
		return fmt.Errorf("probabilities: %d classes, need at least 2: %w", k, ErrDomain)
	}
	for i, row := range probs {
		if len(row) != k {
			return fmt.Errorf("probabilities: row %d has %d classes, row 0 has %d: %w", i, len(row), k, ErrLength)
		}
		var sum float64
		for _, p := range row {
			if !(p >= 0 && p <= 1) {
				return fmt.Errorf("probabilities: row %d: %v outside [0,1]: %w", i, p, ErrDomain)
			}
			sum += p
		}
		if math.Abs(sum-1) > probTolerance {
			return fmt.Errorf("probabilities: row %d sums to %v, not 1: %w", i, sum, ErrDomain)
		}
		if truth[i] < 0 || truth[i] >= k {
			return fmt.Errorf("probabilities: row %d: true class %d outside [0,%d): %w", i, truth[i], k, ErrDomain)
		}
	}
	return nil
}

// Brier returns the multi-class Brier score (Brier 1950), in [0, 2]:
//
//	BS = (1/N) Σ_i Σ_k (p_ik − y_ik)²,  y_ik = 1 if k = truth[i] else 0
//
// For two classes this is twice scikit-learn's brier_score_loss; use
// BinaryBrier for that convention. It returns errors wrapping ErrLength
// (rows ≠ truths, ragged rows), ErrEmpty (no rows) or ErrDomain (fewer than
// two classes, an entry outside [0,1] or NaN, a row not summing to 1 within
// 1e-6, a true class out of range).
func Brier(probs [][]float64, truth []int) (float64, error) {
	if err := checkProbs(probs, truth); err != nil {
		return math.NaN(), fmt.Errorf("brier: %w", err)
	}
	var s float64
	for i, row := range probs {
		for k, p := range row {
			y := 0.0
			if k == truth[i] {
				y = 1
			}
			s += (p - y) * (p - y)
		}
	}
	return s / float64(len(probs)), nil
}

// BinaryBrier returns the Brier score of probabilities p of the positive
// outcome, in [0, 1] (scikit-learn's brier_score_loss):
//
//	BS = (1/N) Σ_i (p_i − y_i)²
//
// It returns errors wrapping ErrLength, ErrEmpty, or ErrDomain for p
// outside [0,1] or NaN.
func BinaryBrier(p []float64, y []bool) (float64, error) {
	if len(p) != len(y) {
		return math.NaN(), fmt.Errorf("brier: %d probabilities, %d outcomes: %w", len(p), len(y), ErrLength)
	}
	if len(p) == 0 {
		return math.NaN(), fmt.Errorf("brier: %w", ErrEmpty)
	}
	var s float64
	for i, v := range p {
		if !(v >= 0 && v <= 1) {
			return math.NaN(), fmt.Errorf("brier: item %d: %v outside [0,1]: %w", i, v, ErrDomain)
		}
		d := v
		if y[i] {
			d = 1 - v
		}
		s += d * d
	}
	return s / float64(len(p)), nil
}

// LogLossFloor is the smallest probability LogLoss takes the log of, so
// that a confident wrong prediction costs −ln(1e-15) ≈ 34.5 rather than +Inf.
const LogLossFloor = 1e-15

// LogLoss returns the mean negative log-likelihood (cross-entropy, natural
// log) of the true classes:
//
//	LL = −(1/N) Σ_i ln max(p_{i,truth[i]}, 1e-15)
//
// Errors are those of Brier.
func LogLoss(probs [][]float64, truth []int) (float64, error) {
	if err := checkProbs(probs, truth); err != nil {
		return math.NaN(), fmt.Errorf("log loss: %w", err)
	}
	var s float64
	for i, row := range probs {
		s -= math.Log(math.Max(row[truth[i]], LogLossFloor))
	}
	return s / float64(len(probs)), nil
}
