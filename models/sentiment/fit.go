package sentiment

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat"
)

// FitSet is one data set for Fit: the evidence of each item and its gold
// rating.
type FitSet struct {
	Name     string
	Evidence []Evidence
	// Gold is the item's rating (a VADER mean rating, or a class −1, 0, +1);
	// only its correlation with the scores counts, except for Classes sets.
	Gold []float64
	// Classes marks gold that is a class (−1, 0, +1): such sets fix the
	// neutral threshold.
	Classes bool
}

// Grids searched for the length priors.
var (
	lexiconPriors = []float64{0, 2, 5, 10, 20}
	bayesPriors   = []float64{0, 2, 5, 10, 20}
)

// Fit trains a Combination on sets. Every choice maximises the mean over
// the sets of Pearson's r with gold, each set weighing the same whatever
// its size (Pearson's r is the benchmark's measure, and the tanh scales
// shape the scores, so they are fitted for r too, not for squared error):
//
//  1. LexiconPrior (grid) and LexiconScale, for Lexicon = tanh(zL/LexiconScale);
//  2. BayesPrior (grid) and BayesScale, for Bayes = tanh(zB/BayesScale);
//  3. θ in [0, π/2] (2° grid, then refined) and Gain, for
//     Score = tanh(Gain·(cos θ·zL/LexiconScale + sin θ·zB/BayesScale));
//  4. Neutral maximises the mean macro-F1 (3 classes) on Classes sets
//     (VADER's 0.05 when there are none).
//
// Scales and gain are found by scanning a log-spaced grid and refining the
// best bracket by golden-section search. Fit returns the combination
// (without provenance) and, per set, Pearson's r of each component and of
// Score.
func Fit(sets []FitSet) (Combination, map[string]float64, error) {
	if len(sets) == 0 {
		return Combination{}, nil, errors.New("fit: no data")
	}
	for _, s := range sets {
		if len(s.Evidence) != len(s.Gold) || len(s.Gold) < 3 {
			return Combination{}, nil, fmt.Errorf("fit: set %s: %d items, %d ratings", s.Name, len(s.Evidence), len(s.Gold))
		}
	}
	c := Combination{Format: formatVersion, LexiconScale: 1, BayesScale: 1, Gain: 1, WLexicon: 1}

	// 1 and 2: each component alone.
	bestL, bestB := math.Inf(-1), math.Inf(-1)
	for _, n0 := range lexiconPriors {
		for _, k0 := range bayesPriors {
			if n0 != lexiconPriors[0] && k0 != bayesPriors[0] {
				continue // the two searches are independent: a cross, not a square
			}
			try := Combination{LexiconPrior: n0, BayesPrior: k0, LexiconScale: 1, BayesScale: 1}
			zl, zb := raw(try, sets)
			if k0 == bayesPriors[0] {
				g, r := maximize1D(func(g float64) float64 { return meanR(sets, zl, g) }, 0.02, 50)
				if r > bestL {
					bestL, c.LexiconPrior, c.LexiconScale = r, n0, 1/g
				}
			}
			if n0 == lexiconPriors[0] {
				g, r := maximize1D(func(g float64) float64 { return meanR(sets, zb, g) }, 0.02, 50)
				if r > bestB {
					bestB, c.BayesPrior, c.BayesScale = r, k0, 1/g
				}
			}
		}
	}

	// 3: the combination.
	zl, zb := raw(c, sets) // z divides by the component scales
	comb := func(theta float64) (gain, r float64) {
		ct, st := math.Cos(theta), math.Sin(theta)
		return maximize1D(func(g float64) float64 { return meanRMix(sets, zl, zb, ct, st, g) }, 0.05, 20)
	}
	const step = math.Pi / 90
	bestTheta, bestR := 0.0, math.Inf(-1)
	for k := 0; k <= 45; k++ {
		if _, r := comb(float64(k) * step); r > bestR {
			bestTheta, bestR = float64(k)*step, r
		}
	}
	lo, hi := math.Max(0, bestTheta-step), math.Min(math.Pi/2, bestTheta+step)
	theta := golden(func(t float64) float64 { _, r := comb(t); return r }, lo, hi)
	if _, r := comb(theta); r < bestR {
		theta = bestTheta
	}
	c.WLexicon, c.WBayes = math.Cos(theta), math.Sin(theta)
	c.Gain, _ = comb(theta)

	// 4: the neutral threshold.
	score := make([][]float64, len(sets))
	for i := range sets {
		score[i] = make([]float64, len(zl[i]))
		for j := range score[i] {
			score[i][j] = math.Tanh(c.Gain * (c.WLexicon*zl[i][j] + c.WBayes*zb[i][j]))
		}
	}
	c.Neutral = fitNeutral(sets, score)

	report := map[string]float64{}
	for i, s := range sets {
		report[s.Name+" r lexicon"] = correlation(tanhOf(zl[i], 1), s.Gold)
		report[s.Name+" r bayes"] = correlation(tanhOf(zb[i], 1), s.Gold)
		report[s.Name+" r combined"] = correlation(score[i], s.Gold)
	}
	if err := c.validate(); err != nil {
		return Combination{}, nil, fmt.Errorf("fit: %w", err)
	}
	return c, report, nil
}

// raw returns zL/LexiconScale and zB/BayesScale of every item, per set.
func raw(c Combination, sets []FitSet) (zl, zb [][]float64) {
	zl = make([][]float64, len(sets))
	zb = make([][]float64, len(sets))
	for i, s := range sets {
		zl[i] = make([]float64, len(s.Evidence))
		zb[i] = make([]float64, len(s.Evidence))
		for j, e := range s.Evidence {
			zl[i][j], zb[i][j] = c.z(e)
		}
	}
	return zl, zb
}

func tanhOf(z []float64, g float64) []float64 {
	out := make([]float64, len(z))
	for i, v := range z {
		out[i] = math.Tanh(g * v)
	}
	return out
}

// correlation is Pearson's r (gonum/stat), 0 when undefined.
func correlation(x, y []float64) float64 {
	r := stat.Correlation(x, y, nil)
	if math.IsNaN(r) {
		return 0
	}
	return r
}

// meanR is the mean over sets of r(tanh(g·z), gold).
func meanR(sets []FitSet, z [][]float64, g float64) float64 {
	var sum float64
	for i, s := range sets {
		sum += correlation(tanhOf(z[i], g), s.Gold)
	}
	return sum / float64(len(sets))
}

// meanRMix is the mean over sets of r(tanh(g·(a·zl + b·zb)), gold).
func meanRMix(sets []FitSet, zl, zb [][]float64, a, b, g float64) float64 {
	var sum float64
	for i, s := range sets {
		x := make([]float64, len(zl[i]))
		for j := range x {
			x[j] = math.Tanh(g * (a*zl[i][j] + b*zb[i][j]))
		}
		sum += correlation(x, s.Gold)
	}
	return sum / float64(len(sets))
}

// maximize1D returns the x in [lo, hi] (lo > 0) maximising f, and f(x):
// 24 log-spaced points, then golden-section search between the
// neighbours of the best one.
func maximize1D(f func(float64) float64, lo, hi float64) (x, fx float64) {
	const n = 24
	ll, lh := math.Log(lo), math.Log(hi)
	at := func(k int) float64 { return ll + (lh-ll)*float64(k)/(n-1) }
	bk, bf := 0, math.Inf(-1)
	for k := range n {
		if v := f(math.Exp(at(k))); v > bf {
			bk, bf = k, v
		}
	}
	a, b := at(max(bk-1, 0)), at(min(bk+1, n-1))
	t := golden(func(u float64) float64 { return f(math.Exp(u)) }, a, b)
	if v := f(math.Exp(t)); v > bf {
		return math.Exp(t), v
	}
	return math.Exp(at(bk)), bf
}

// golden returns the maximiser of a unimodal f on [lo, hi] to about
// 1e-4 of the interval (golden-section search, 20 steps).
func golden(f func(float64) float64, lo, hi float64) float64 {
	const g = 0.6180339887498949
	a, b := hi-g*(hi-lo), lo+g*(hi-lo)
	fa, fb := f(a), f(b)
	for range 20 {
		if fa >= fb {
			hi, b, fb = b, a, fa
			a = hi - g*(hi-lo)
			fa = f(a)
		} else {
			lo, a, fa = a, b, fb
			b = lo + g*(hi-lo)
			fb = f(b)
		}
	}
	return (lo + hi) / 2
}

// fitNeutral returns the threshold τ in [0, 0.5] (steps of 0.005)
// maximising the mean macro-F1 over Classes sets of the labels of score
// against the classes; VADER's 0.05 when no set has classes.
func fitNeutral(sets []FitSet, score [][]float64) float64 {
	have := false
	for _, s := range sets {
		have = have || s.Classes
	}
	if !have {
		return 0.05
	}
	bestT, bestF := 0.05, math.Inf(-1)
	for k := 0; k <= 100; k++ {
		t := float64(k) * 0.005
		var sum float64
		var n int
		for i, s := range sets {
			if !s.Classes {
				continue
			}
			pred := make([]int, len(s.Gold))
			gold := make([]int, len(s.Gold))
			for j, v := range score[i] {
				pred[j] = classOf(v, t)
				gold[j] = classOf(s.Gold[j], 0.5)
			}
			sum += macroF1(gold, pred, 3)
			n++
		}
		if f := sum / float64(n); f > bestF {
			bestT, bestF = t, f
		}
	}
	return bestT
}

// classOf maps a score to a class: 0 negative (x ≤ −t), 2 positive
// (x ≥ t), 1 neutral; with t = 0, 0 itself is neutral.
func classOf(x, t float64) int {
	switch {
	case x > 0 && x >= t:
		return 2
	case x < 0 && x <= -t:
		return 0
	}
	return 1
}

// macroF1 is the unweighted mean over the k classes of
// F1_c = 2·TP_c / (2·TP_c + FP_c + FN_c), a class with no gold and no
// predicted item counting 0 (scikit-learn's zero_division=0).
func macroF1(gold, pred []int, k int) float64 {
	tp := make([]int, k)
	fp := make([]int, k)
	fn := make([]int, k)
	for i, g := range gold {
		p := pred[i]
		if g == p {
			tp[g]++
			continue
		}
		fp[p]++
		fn[g]++
	}
	var sum float64
	for c := range k {
		if d := 2*tp[c] + fp[c] + fn[c]; d > 0 {
			sum += 2 * float64(tp[c]) / float64(d)
		}
	}
	return sum / float64(k)
}
