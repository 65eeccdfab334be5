package metrics

import (
	"fmt"
	"math"
)

// Confusion is a confusion matrix over a fixed, ordered label set. Rows are
// the reference (gold, or first rater) labels and columns the predicted (or
// second rater) labels: Count(g, p) is the number of items with reference
// label g and predicted label p.
//
// The zero value is not usable; build one with NewConfusion or ConfusionOf.
type Confusion struct {
	labels []string
	index  map[string]int
	counts [][]int
	total  int
}

// NewConfusion returns an empty confusion matrix over labels, in that
// order. It returns an error wrapping ErrEmpty when labels is empty and
// ErrDomain when a label is repeated.
func NewConfusion(labels []string) (*Confusion, error) {
	if len(labels) == 0 {
		return nil, fmt.Errorf("confusion: no labels: %w", ErrEmpty)
	}
	c := &Confusion{
		labels: append([]string(nil), labels...),
		index:  make(map[string]int, len(labels)),
		counts: make([][]int, len(labels)),
	}
	for i, l := range labels {
		if _, dup := c.index[l]; dup {
			return nil, fmt.Errorf("confusion: label %q given twice: %w", l, ErrDomain)
		}
		c.index[l] = i
		c.counts[i] = make([]int, len(labels))
	}
	return c, nil
}

// ConfusionOf tabulates parallel slices of reference and predicted labels
// over labels. It returns an error wrapping ErrLength when gold and pred
// differ in length, and ErrDomain (naming the item) when an item carries a
// label outside labels; items are never silently dropped.
func ConfusionOf(labels, gold, pred []string) (*Confusion, error) {
	if len(gold) != len(pred) {
		return nil, fmt.Errorf("confusion: %d reference labels, %d predicted: %w", len(gold), len(pred), ErrLength)
	}
	c, err := NewConfusion(labels)
	if err != nil {
		return nil, err
	}
	for i := range gold {
		if err := c.Add(gold[i], pred[i]); err != nil {
			return nil, fmt.Errorf("item %d: %w", i, err)
		}
	}
	return c, nil
}

// Add counts one item with reference label gold and predicted label pred.
// It returns an error wrapping ErrDomain, and counts nothing, when either
// label is outside the matrix's label set.
func (c *Confusion) Add(gold, pred string) error {
	g, ok := c.index[gold]
	if !ok {
		return fmt.Errorf("confusion: reference label %q not in label set %q: %w", gold, c.labels, ErrDomain)
	}
	p, ok := c.index[pred]
	if !ok {
		return fmt.Errorf("confusion: predicted label %q not in label set %q: %w", pred, c.labels, ErrDomain)
	}
	c.counts[g][p]++
	c.total++
	return nil
}

// Labels returns a copy of the label set, in matrix order.
func (c *Confusion) Labels() []string { return append([]string(nil), c.labels...) }

// Count returns the number of items with reference label gold and
// predicted label pred (0 for labels outside the set).
func (c *Confusion) Count(gold, pred string) int {
	g, ok1 := c.index[gold]
	p, ok2 := c.index[pred]
	if !ok1 || !ok2 {
		return 0
	}
	return c.counts[g][p]
}

// Matrix returns a copy of the counts, rows = reference, columns =
// predicted, both in Labels order.
func (c *Confusion) Matrix() [][]int {
	m := make([][]int, len(c.counts))
	for i, row := range c.counts {
		m[i] = append([]int(nil), row...)
	}
	return m
}

// Total returns the number of items counted.
func (c *Confusion) Total() int { return c.total }

// Accuracy returns the share of items on the diagonal:
//
//	accuracy = Σ_i C[i][i] / N
//
// It is NaN when the matrix is empty (N = 0).
func (c *Confusion) Accuracy() float64 {
	if c.total == 0 {
		return math.NaN()
	}
	var d int
	for i := range c.counts {
		d += c.counts[i][i]
	}
	return float64(d) / float64(c.total)
}

// ClassScores are the one-vs-rest scores of one label.
type ClassScores struct {
	Label string
	// TP = C[k][k]; FP = Σ_{i≠k} C[i][k]; FN = Σ_{j≠k} C[k][j];
	// Support = TP + FN (reference items with this label).
	TP, FP, FN, Support int
	// Precision = TP/(TP+FP), Recall = TP/(TP+FN),
	// F1 = 2·TP/(2·TP+FP+FN) (the harmonic mean of precision and recall);
	// each is 0 when its denominator is 0 (scikit-learn zero_division=0).
	Precision, Recall, F1 float64
}

// Class returns the scores of label; it returns an error wrapping
// ErrDomain when label is outside the label set.
func (c *Confusion) Class(label string) (ClassScores, error) {
	k, ok := c.index[label]
	if !ok {
		return ClassScores{}, fmt.Errorf("confusion: label %q not in label set %q: %w", label, c.labels, ErrDomain)
	}
	return c.class(k), nil
}

func (c *Confusion) class(k int) ClassScores {
	s := ClassScores{Label: c.labels[k], TP: c.counts[k][k]}
	for i := range c.counts {
		if i == k {
			continue
		}
		s.FP += c.counts[i][k]
		s.FN += c.counts[k][i]
	}
	s.Support = s.TP + s.FN
	s.Precision = ratio(s.TP, s.TP+s.FP)
	s.Recall = ratio(s.TP, s.TP+s.FN)
	s.F1 = ratio(2*s.TP, 2*s.TP+s.FP+s.FN)
	return s
}

// ratio returns a/b, or 0 when b is 0 (zero_division=0).
func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Classes returns the scores of every label, in Labels order.
func (c *Confusion) Classes() []ClassScores {
	out := make([]ClassScores, len(c.labels))
	for k := range c.labels {
		out[k] = c.class(k)
	}
	return out
}

// MacroF1 returns the unweighted mean of the per-class F1 over the whole
// label set, including labels absent from both reference and prediction
// (whose F1 is 0, as scikit-learn's f1_score(average="macro",
// labels=..., zero_division=0)):
//
//	macro-F1 = (1/K) Σ_k F1_k
//
// It is NaN when the matrix is empty.
func (c *Confusion) MacroF1() float64 {
	if c.total == 0 {
		return math.NaN()
	}
	var sum float64
	for k := range c.labels {
		sum += c.class(k).F1
	}
	return sum / float64(len(c.labels))
}

// FAvg returns the mean F1 of the given labels only, the other labels still
// counting as errors when predicted or missed. With sides = the two stance
// classes (FAVOR and AGAINST, here pro_gov and pro_jdc) this is the
// SemEval-2016 Task 6 score:
//
//	F_avg = (F1_favor + F1_against) / 2
//
// It returns an error wrapping ErrEmpty when no side is given and ErrDomain
// when a side is outside the label set or given twice; it returns NaN when
// the matrix is empty.
func (c *Confusion) FAvg(sides ...string) (float64, error) {
	if len(sides) == 0 {
		return math.NaN(), fmt.Errorf("f_avg: no side labels: %w", ErrEmpty)
	}
	seen := make(map[string]bool, len(sides))
	var sum float64
	for _, s := range sides {
		k, ok := c.index[s]
		if !ok {
			return math.NaN(), fmt.Errorf("f_avg: label %q not in label set %q: %w", s, c.labels, ErrDomain)
		}
		if seen[s] {
			return math.NaN(), fmt.Errorf("f_avg: label %q given twice: %w", s, ErrDomain)
		}
		seen[s] = true
		sum += c.class(k).F1
	}
	if c.total == 0 {
		return math.NaN(), nil
	}
	return sum / float64(len(sides)), nil
}

// Kappa returns Cohen's kappa between the row and column labelling:
//
//	κ = (p_o − p_e) / (1 − p_e),  p_o = Σ_i C[i][i] / N,
//	p_e = Σ_i (r_i · c_i) / N²
//
// where r_i and c_i are the row and column totals. It is NaN when the
// matrix is empty or p_e = 1 (both raters used one and the same label for
// every item, so chance agreement is total and κ is 0/0).
func (c *Confusion) Kappa() float64 {
	if c.total == 0 {
		return math.NaN()
	}
	n := float64(c.total)
	rows, cols := c.marginals()
	var po, pe float64
	for i := range c.counts {
		po += float64(c.counts[i][i])
		pe += rows[i] * cols[i]
	}
	po /= n
	pe /= n * n
	if pe == 1 {
		return math.NaN()
	}
	return (po - pe) / (1 - pe)
}

func (c *Confusion) marginals() (rows, cols []float64) {
	rows = make([]float64, len(c.labels))
	cols = make([]float64, len(c.labels))
	for i, row := range c.counts {
		for j, v := range row {
			rows[i] += float64(v)
			cols[j] += float64(v)
		}
	}
	return rows, cols
}

// Weighting selects the disagreement weights of WeightedKappa.
type Weighting int

const (
	// LinearWeights: w_ij = |i − j|.
	LinearWeights Weighting = iota + 1
	// QuadraticWeights: w_ij = (i − j)².
	QuadraticWeights
)

// WeightedKappa returns Cohen's weighted kappa, taking the label set's
// order as the ordinal scale:
//
//	κ_w = 1 − Σ_ij w_ij C[i][j] / Σ_ij w_ij E[i][j],  E[i][j] = r_i · c_j / N
//
// with w from the Weighting (as scikit-learn's cohen_kappa_score with
// weights="linear" or "quadratic"). It is NaN when the matrix is empty, the
// weighting is unknown, or the expected weighted disagreement is 0.
func (c *Confusion) WeightedKappa(w Weighting) float64 {
	if c.total == 0 || (w != LinearWeights && w != QuadraticWeights) {
		return math.NaN()
	}
	n := float64(c.total)
	rows, cols := c.marginals()
	var obs, exp float64
	for i, row := range c.counts {
		for j, v := range row {
			d := math.Abs(float64(i - j))
			if w == QuadraticWeights {
				d *= d
			}
			obs += d * float64(v)
			exp += d * rows[i] * cols[j] / n
		}
	}
	if exp == 0 {
		return math.NaN()
	}
	return 1 - obs/exp
}

// CohenKappa returns Cohen's kappa between two raters' parallel labels,
// over the union of the labels they used (see Confusion.Kappa for the
// formula). It returns an error wrapping ErrLength or ErrEmpty for
// mismatched or empty input, and NaN when kappa is undefined.
func CohenKappa(a, b []string) (float64, error) {
	if len(a) != len(b) {
		return math.NaN(), fmt.Errorf("kappa: %d and %d labels: %w", len(a), len(b), ErrLength)
	}
	if len(a) == 0 {
		return math.NaN(), fmt.Errorf("kappa: %w", ErrEmpty)
	}
	c, err := ConfusionOf(LabelSet(a, b), a, b)
	if err != nil {
		return math.NaN(), fmt.Errorf("kappa: %w", err)
	}
	return c.Kappa(), nil
}

// LabelSet returns the distinct labels of the given slices in order of
// first appearance.
func LabelSet(lists ...[]string) []string {
	seen := make(map[string]bool)
	var out []string
	for _, l := range lists {
		for _, s := range l {
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}
