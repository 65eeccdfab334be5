package stance

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sort"
	"sync"

	"github.com/slant-project/slant/models/stance/logreg"
)

// Example is one labelled text for a Classifier: its text, optional
// WordPiece tokens, optional extra features, its label, and optionally a
// group (examples of one group stay in one cross-validation fold, e.g. the
// sentences of one article) and a weight (0 means 1).
type Example struct {
	Text   string
	Pieces []string
	Extra  []Feature
	Label  string
	Group  string
	Weight float64
}

// TrainConfig sets up classifier training.
type TrainConfig struct {
	// Lambdas are the L2 strengths tried; the one with the best grouped
	// cross-validated macro-F1 (ties: lower log-loss) wins. Empty means
	// DefaultLambdas.
	Lambdas []float64
	// Folds is the number of cross-validation folds used to choose λ and
	// to collect out-of-fold logits for the temperature (0 → 5; < 2 turns
	// both off: the first λ is used and T = 1).
	Folds int
	// Seed fixes the fold assignment.
	Seed uint64
	// MaxIter bounds L-BFGS iterations per fit (0 → 500).
	MaxIter int
	// Weighting says how classes are weighted (zero → WeightBalanced).
	Weighting Weighting
}

// Weighting is how a classifier weights its classes in training.
type Weighting string

// Class weightings.
const (
	// WeightEqual counts every example once (times its own weight), so
	// the training data's class mix acts as the prior.
	WeightEqual Weighting = "equal"
	// WeightBalanced gives class k the weight c_k = n/(K·n_k), so every
	// class counts the same in total whatever its frequency.
	WeightBalanced Weighting = "balanced"
)

// ParseWeighting returns the weighting named s ("equal" or "balanced").
func ParseWeighting(s string) (Weighting, error) {
	switch w := Weighting(s); w {
	case WeightEqual, WeightBalanced:
		return w, nil
	}
	return "", fmt.Errorf("class weighting %q: want %s or %s", s, WeightEqual, WeightBalanced)
}

// classWeights returns the logreg class weights of w for k classes (nil
// means balanced to logreg.Train).
func (w Weighting) classWeights(k int) ([]float64, error) {
	if w == "" {
		return nil, nil
	}
	w, err := ParseWeighting(string(w))
	if err != nil || w == WeightBalanced {
		return nil, err
	}
	cw := make([]float64, k)
	for i := range cw {
		cw[i] = 1
	}
	return cw, nil
}

// DefaultLambdas is the λ grid tried when none is given.
var DefaultLambdas = []float64{1e-4, 3e-4, 1e-3, 3e-3, 1e-2}

// Classifier is a multinomial logistic regression over hashed text
// features (and optional extra features) for any label set, calibrated by
// a softmax temperature fitted on out-of-fold logits. It is immutable once
// trained or loaded and safe for concurrent use.
type Classifier struct {
	classes  []string
	features FeatureConfig
	lambda   float64
	temp     float64
	cvF1     float64 // cross-validated macro-F1 of the chosen λ (NaN when not run)

	rows   map[uint32]int32 // hashed feature → weight row
	hashes []uint32         // row → hashed feature
	w      []float64        // rows × K
	b      []float64        // K
}

// Classes returns the label set, in probability order.
func (c *Classifier) Classes() []string { return slices.Clone(c.classes) }

// Temperature returns the calibration temperature.
func (c *Classifier) Temperature() float64 { return c.temp }

// Lambda returns the chosen L2 strength.
func (c *Classifier) Lambda() float64 { return c.lambda }

// CVMacroF1 returns the cross-validated macro-F1 measured when choosing λ
// (NaN when cross-validation was off).
func (c *Classifier) CVMacroF1() float64 { return c.cvF1 }

// Features returns the feature configuration.
func (c *Classifier) Features() FeatureConfig { return c.features }

// Size returns the number of weight rows (distinct features kept).
func (c *Classifier) Size() int { return len(c.hashes) }

// Probs returns the calibrated class probabilities of one text, in
// Classes order.
func (c *Classifier) Probs(text string, pieces []string, extra []Feature) []float64 {
	z := c.logits(c.features.vectorize(text, pieces, extra, nil), nil)
	logreg.Softmax(z, c.temp, z)
	return z
}

func (c *Classifier) logits(xs []hashed, out []float64) []float64 {
	k := len(c.classes)
	if cap(out) < k {
		out = make([]float64, k)
	}
	out = out[:k]
	copy(out, c.b)
	for _, x := range xs {
		r, ok := c.rows[x.h]
		if !ok {
			continue
		}
		row := c.w[int(r)*k : int(r)*k+k]
		for j := range out {
			out[j] += x.v * row[j]
		}
	}
	return out
}

// TrainClassifier fits a classifier on examples with the given label set
// (every example's Label must be one of classes). Training: hash features;
// for each λ, grouped K-fold cross-validation (class weights per
// TrainConfig.Weighting × example weights) gives out-of-fold
// predictions; the λ with the best macro-F1 wins; the temperature is
// fitted on its out-of-fold logits; the final model is fitted on all
// examples. Weights are stored as float32.
func TrainClassifier(classes []string, examples []Example, fc FeatureConfig, tc TrainConfig) (*Classifier, error) {
	c, _, err := trainClassifier(classes, examples, fc, tc)
	return c, err
}

// trainClassifier is TrainClassifier that also returns each example's
// calibrated out-of-fold probabilities under the chosen λ (nil when
// cross-validation is off).
func trainClassifier(classes []string, examples []Example, fc FeatureConfig, tc TrainConfig) (*Classifier, [][]float64, error) {
	if len(classes) < 2 {
		return nil, nil, fmt.Errorf("train classifier: need at least 2 classes, have %d", len(classes))
	}
	if len(examples) == 0 {
		return nil, nil, errors.New("train classifier: no examples")
	}
	classIdx := map[string]int{}
	for i, c := range classes {
		if _, dup := classIdx[c]; dup {
			return nil, nil, fmt.Errorf("train classifier: class %q listed twice", c)
		}
		classIdx[c] = i
	}
	ys := make([]int, len(examples))
	sw := make([]float64, len(examples))
	hs := make([][]hashed, len(examples))
	for i, e := range examples {
		y, ok := classIdx[e.Label]
		if !ok {
			return nil, nil, fmt.Errorf("train classifier: example %d: label %q not in %v", i+1, e.Label, classes)
		}
		ys[i] = y
		sw[i] = e.Weight
		if sw[i] == 0 {
			sw[i] = 1
		}
		if sw[i] < 0 || math.IsNaN(sw[i]) {
			return nil, nil, fmt.Errorf("train classifier: example %d: bad weight %v", i+1, e.Weight)
		}
		hs[i] = fc.vectorize(e.Text, e.Pieces, e.Extra, nil)
	}
	lambdas := tc.Lambdas
	if len(lambdas) == 0 {
		lambdas = DefaultLambdas
	}
	folds := tc.Folds
	if folds == 0 {
		folds = 5
	}
	c := &Classifier{classes: slices.Clone(classes), features: fc, lambda: lambdas[0], temp: 1, cvF1: math.NaN()}
	cw, err := tc.Weighting.classWeights(len(classes))
	if err != nil {
		return nil, nil, fmt.Errorf("train classifier: %w", err)
	}
	var oof [][]float64
	if folds >= 2 {
		fold := assignFolds(examples, folds, tc.Seed)
		bestF1, bestNLL := -1.0, math.Inf(1)
		var bestZ [][]float64
		for _, lam := range lambdas {
			z, err := outOfFold(hs, ys, sw, cw, fold, folds, len(classes), lam, tc.MaxIter)
			if err != nil {
				return nil, nil, fmt.Errorf("train classifier: %w", err)
			}
			pred := make([]int, len(z))
			for i, row := range z {
				pred[i] = argmax(row)
			}
			f1 := MacroF1(ys, pred, len(classes))
			nll := logreg.NLL(z, ys, 1)
			if f1 > bestF1+1e-9 || (math.Abs(f1-bestF1) <= 1e-9 && nll < bestNLL) {
				bestF1, bestNLL, bestZ, c.lambda = f1, nll, z, lam
			}
		}
		c.cvF1 = bestF1
		t, err := logreg.FitTemperature(bestZ, ys)
		if err != nil {
			return nil, nil, fmt.Errorf("train classifier: %w", err)
		}
		c.temp = t
		oof = make([][]float64, len(bestZ))
		for i, z := range bestZ {
			oof[i] = make([]float64, len(z))
			logreg.Softmax(z, t, oof[i])
		}
	}
	if err := c.fit(hs, ys, sw, cw, tc.MaxIter); err != nil {
		return nil, nil, fmt.Errorf("train classifier: %w", err)
	}
	return c, oof, nil
}

// fit trains the final weights on all examples with c.lambda.
func (c *Classifier) fit(hs [][]hashed, ys []int, sw, cw []float64, maxIter int) error {
	dict, xs := columns(hs, nil)
	k := len(c.classes)
	m, err := logreg.Train(xs, ys, k, len(dict), logreg.Config{Lambda: c.lambda, SampleWeights: sw, ClassWeights: cw, MaxIter: maxIter})
	if err != nil {
		return err
	}
	c.hashes = make([]uint32, len(dict))
	for h, j := range dict {
		c.hashes[j] = h
	}
	// Store rows in hash order so saved files are deterministic.
	order := make([]int, len(c.hashes))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return c.hashes[order[a]] < c.hashes[order[b]] })
	hashes := make([]uint32, len(order))
	w := make([]float64, len(order)*k)
	for r, j := range order {
		hashes[r] = c.hashes[j]
		for cl := range k {
			w[r*k+cl] = float64(float32(m.W[j*k+cl]))
		}
	}
	c.hashes, c.w = hashes, w
	c.b = make([]float64, k)
	for cl := range k {
		c.b[cl] = float64(float32(m.B[cl]))
	}
	c.temp = float64(float32(c.temp))
	c.index()
	return nil
}

func (c *Classifier) index() {
	c.rows = make(map[uint32]int32, len(c.hashes))
	for r, h := range c.hashes {
		c.rows[h] = int32(r)
	}
}

// columns maps hashed features to dense columns (building dict from the
// examples when it is nil; unknown features are dropped otherwise) and
// merges duplicates.
func columns(hs [][]hashed, dict map[uint32]int) (map[uint32]int, []logreg.Vector) {
	grow := dict == nil
	if grow {
		dict = map[uint32]int{}
	}
	xs := make([]logreg.Vector, len(hs))
	for i, h := range hs {
		acc := map[int]float64{}
		var order []int
		for _, f := range h {
			j, ok := dict[f.h]
			if !ok {
				if !grow {
					continue
				}
				j = len(dict)
				dict[f.h] = j
			}
			if _, seen := acc[j]; !seen {
				order = append(order, j)
			}
			acc[j] += f.v
		}
		v := logreg.Vector{Idx: order, Val: make([]float64, len(order))}
		for n, j := range order {
			v.Val[n] = acc[j]
		}
		xs[i] = v
	}
	return dict, xs
}

// assignFolds gives each example a fold in [0, k): groups (an example
// without a group is its own) are shuffled with seed and dealt round-robin.
func assignFolds(examples []Example, k int, seed uint64) []int {
	groupOf := make([]string, len(examples))
	seen := map[string]bool{}
	var groups []string
	for i, e := range examples {
		g := e.Group
		if g == "" {
			g = fmt.Sprintf("\x00%d", i)
		}
		groupOf[i] = g
		if !seen[g] {
			seen[g] = true
			groups = append(groups, g)
		}
	}
	sort.Strings(groups)
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	r.Shuffle(len(groups), func(i, j int) { groups[i], groups[j] = groups[j], groups[i] })
	gf := make(map[string]int, len(groups))
	for i, g := range groups {
		gf[g] = i % k
	}
	out := make([]int, len(examples))
	for i := range examples {
		out[i] = gf[groupOf[i]]
	}
	return out
}

// outOfFold returns each example's logits from a model trained on the
// other folds (class weights cw, nil for balanced). Folds are fitted
// concurrently, up to GOMAXPROCS at a time; each writes only its own
// examples' rows, so the result does not depend on scheduling.
func outOfFold(hs [][]hashed, ys []int, sw, cw []float64, fold []int, k, classes int, lambda float64, maxIter int) ([][]float64, error) {
	z := make([][]float64, len(hs))
	errs := make([]error, k)
	sem := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
	var wg sync.WaitGroup
	for f := range k {
		var trH, teH [][]hashed
		var trY []int
		var trW []float64
		var teI []int
		for i := range hs {
			if fold[i] == f {
				teH = append(teH, hs[i])
				teI = append(teI, i)
			} else {
				trH = append(trH, hs[i])
				trY = append(trY, ys[i])
				trW = append(trW, sw[i])
			}
		}
		if len(teI) == 0 {
			continue
		}
		if len(trH) == 0 {
			return nil, errors.New("a fold holds every example")
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			dict, trX := columns(trH, nil)
			m, err := logreg.Train(trX, trY, classes, len(dict), logreg.Config{Lambda: lambda, SampleWeights: trW, ClassWeights: cw, MaxIter: maxIter})
			if err != nil {
				errs[f] = err
				return
			}
			_, teX := columns(teH, dict)
			for n, i := range teI {
				z[i] = m.Logits(teX[n], nil)
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return z, nil
}

func argmax(p []float64) int {
	best := 0
	for i, v := range p {
		if v > p[best] {
			best = i
		}
	}
	return best
}

// MacroF1 is the unweighted mean over classes 0..k-1 of
// F1_c = 2·TP_c / (2·TP_c + FP_c + FN_c); a class absent from both gold
// and predictions is left out of the mean.
func MacroF1(gold, pred []int, k int) float64 {
	f1s := PerClassF1(gold, pred, k)
	var sum float64
	n := 0
	for _, f := range f1s {
		if !math.IsNaN(f) {
			sum += f
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

// PerClassF1 returns F1_c for each class (NaN for a class absent from both
// gold and predictions).
func PerClassF1(gold, pred []int, k int) []float64 {
	tp := make([]float64, k)
	fp := make([]float64, k)
	fn := make([]float64, k)
	for i := range gold {
		g, p := gold[i], pred[i]
		if g == p {
			tp[g]++
			continue
		}
		if p >= 0 && p < k {
			fp[p]++
		}
		if g >= 0 && g < k {
			fn[g]++
		}
	}
	out := make([]float64, k)
	for c := range out {
		den := 2*tp[c] + fp[c] + fn[c]
		if den == 0 {
			out[c] = math.NaN()
			continue
		}
		out[c] = 2 * tp[c] / den
	}
	return out
}
