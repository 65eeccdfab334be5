// Package logreg fits multinomial (softmax) logistic regression on sparse
// feature vectors, for any number of classes, with L2 regularisation and
// per-class example weights, using gonum's L-BFGS with an analytic
// gradient; and fits a softmax temperature for calibration.
//
// Model: for x ∈ R^D and classes k = 0..K-1,
//
//	z_k(x) = b_k + Σ_j W[j,k]·x_j,   p_k(x) = exp(z_k/T) / Σ_c exp(z_c/T)
//
// Training minimises (T = 1)
//
//	f(W, b) = (1/S) Σ_i c_{y_i} · (log Σ_k exp z_k(x_i) − z_{y_i}(x_i)) + (λ/2)·‖W‖²,
//	S = Σ_i c_{y_i},
//
// whose gradient is ∂f/∂W[j,k] = (1/S) Σ_i c_{y_i}(p_k(x_i) − [k = y_i]) x_ij + λ W[j,k]
// (the same without the λ term for b_k).
package logreg

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/optimize"
)

// Vector is a sparse vector: Val[n] at dimension Idx[n]. Indices need not be
// sorted but must be distinct and in [0, D).
type Vector struct {
	Idx []int
	Val []float64
}

// Config sets up training.
type Config struct {
	// Lambda is the L2 penalty on weights (biases are not penalised).
	Lambda float64
	// ClassWeights gives c_k per class; nil means balanced: c_k = n/(K·n_k)
	// (inverse class frequency), 0 for classes with no examples.
	ClassWeights []float64
	// SampleWeights, when not nil, multiplies each example's class weight
	// (c_{y_i} above becomes c_{y_i}·s_i); it must have one entry per example.
	SampleWeights []float64
	// MaxIter bounds L-BFGS major iterations (0 → 500).
	MaxIter int
}

// Model is a fitted multinomial logistic regression.
type Model struct {
	K int       // number of classes
	D int       // number of dimensions
	W []float64 // D×K, row-major: W[j*K+k]
	B []float64 // K biases
}

// BalancedWeights returns c_k = n/(K·n_k) for labels ys in [0, k).
func BalancedWeights(ys []int, k int) []float64 {
	n := make([]float64, k)
	for _, y := range ys {
		if y >= 0 && y < k {
			n[y]++
		}
	}
	c := make([]float64, k)
	for i := range c {
		if n[i] > 0 {
			c[i] = float64(len(ys)) / (float64(k) * n[i])
		}
	}
	return c
}

// Train fits a model on xs (dimension d) with labels ys in [0, k).
func Train(xs []Vector, ys []int, k, d int, cfg Config) (*Model, error) {
	if err := check(xs, ys, k, d); err != nil {
		return nil, fmt.Errorf("logreg train: %w", err)
	}
	cw := cfg.ClassWeights
	if cw == nil {
		cw = BalancedWeights(ys, k)
	}
	if len(cw) != k {
		return nil, fmt.Errorf("logreg train: %d class weights for %d classes", len(cw), k)
	}
	if cfg.SampleWeights != nil && len(cfg.SampleWeights) != len(xs) {
		return nil, fmt.Errorf("logreg train: %d sample weights for %d examples", len(cfg.SampleWeights), len(xs))
	}
	obj := &objective{xs: xs, ys: ys, k: k, d: d, lambda: cfg.Lambda, cw: cw, sw: cfg.SampleWeights}
	iters := cfg.MaxIter
	if iters <= 0 {
		iters = 500
	}
	theta := make([]float64, d*k+k)
	res, err := optimize.Minimize(optimize.Problem{Func: obj.f, Grad: obj.g}, theta,
		&optimize.Settings{MajorIterations: iters, GradientThreshold: 1e-6,
			Converger: &optimize.FunctionConverge{Absolute: 1e-9, Relative: 1e-9, Iterations: 20}},
		&optimize.LBFGS{})
	if err != nil && res == nil {
		return nil, fmt.Errorf("logreg train: %w", err)
	}
	// An iteration limit or a line-search stall near the optimum still
	// leaves a usable point; only non-finite results are errors.
	x := res.X
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, errors.New("logreg train: optimiser diverged")
		}
	}
	m := &Model{K: k, D: d, W: append([]float64(nil), x[:d*k]...), B: append([]float64(nil), x[d*k:]...)}
	return m, nil
}

func check(xs []Vector, ys []int, k, d int) error {
	if len(xs) == 0 {
		return errors.New("no examples")
	}
	if len(xs) != len(ys) {
		return fmt.Errorf("%d vectors but %d labels", len(xs), len(ys))
	}
	if k < 2 {
		return fmt.Errorf("need at least 2 classes, have %d", k)
	}
	for i, x := range xs {
		if len(x.Idx) != len(x.Val) {
			return fmt.Errorf("example %d: %d indices but %d values", i, len(x.Idx), len(x.Val))
		}
		for _, j := range x.Idx {
			if j < 0 || j >= d {
				return fmt.Errorf("example %d: index %d outside [0,%d)", i, j, d)
			}
		}
		if ys[i] < 0 || ys[i] >= k {
			return fmt.Errorf("example %d: label %d outside [0,%d)", i, ys[i], k)
		}
	}
	return nil
}

// Logits writes z(x) into out (len K) and returns it; out may be nil.
// Indices outside [0, D) are ignored.
func (m *Model) Logits(x Vector, out []float64) []float64 {
	return logits(m.W, m.B, m.K, m.D, x, out)
}

// Probs writes softmax(z(x)/t) into out and returns it; t <= 0 means 1.
func (m *Model) Probs(x Vector, t float64, out []float64) []float64 {
	out = m.Logits(x, out)
	Softmax(out, t, out)
	return out
}

func logits(w, b []float64, k, d int, x Vector, out []float64) []float64 {
	if cap(out) < k {
		out = make([]float64, k)
	}
	out = out[:k]
	copy(out, b[:k])
	for n, j := range x.Idx {
		if j < 0 || j >= d {
			continue
		}
		v := x.Val[n]
		row := w[j*k : j*k+k]
		for c := range out {
			out[c] += v * row[c]
		}
	}
	return out
}

// Softmax writes softmax(z/t) into out (which may alias z) and returns
// log Σ exp(z/t); t <= 0 means 1. It is stable for large |z|.
func Softmax(z []float64, t float64, out []float64) float64 {
	if t <= 0 {
		t = 1
	}
	mx := math.Inf(-1)
	for _, v := range z {
		if v/t > mx {
			mx = v / t
		}
	}
	sum := 0.0
	for i, v := range z {
		e := math.Exp(v/t - mx)
		out[i] = e
		sum += e
	}
	for i := range out[:len(z)] {
		out[i] /= sum
	}
	return mx + math.Log(sum)
}

// objective evaluates f and its gradient, caching the last point so that
// L-BFGS's paired Func/Grad calls at one x cost one pass.
type objective struct {
	xs     []Vector
	ys     []int
	k, d   int
	lambda float64
	cw     []float64
	sw     []float64 // nil: all 1

	lastX []float64
	lastF float64
	lastG []float64
}

func (o *objective) eval(theta []float64) {
	if o.lastX != nil && equal(o.lastX, theta) {
		return
	}
	k, d := o.k, o.d
	w, b := theta[:d*k], theta[d*k:]
	if o.lastG == nil {
		o.lastG = make([]float64, len(theta))
	}
	g := o.lastG
	for i := range g {
		g[i] = 0
	}
	gw, gb := g[:d*k], g[d*k:]
	z := make([]float64, k)
	p := make([]float64, k)
	var f, s float64
	for i, x := range o.xs {
		c := o.cw[o.ys[i]]
		if o.sw != nil {
			c *= o.sw[i]
		}
		if c <= 0 {
			continue
		}
		s += c
		logits(w, b, k, d, x, z)
		lse := Softmax(z, 1, p)
		f += c * (lse - z[o.ys[i]])
		p[o.ys[i]]--
		for cl := range p {
			p[cl] *= c
			gb[cl] += p[cl]
		}
		for n, j := range x.Idx {
			v := x.Val[n]
			row := gw[j*k : j*k+k]
			for cl := range row {
				row[cl] += v * p[cl]
			}
		}
	}
	if s == 0 {
		s = 1
	}
	for i := range g {
		g[i] /= s
	}
	f /= s
	reg := 0.0
	for i, v := range w {
		reg += v * v
		gw[i] += o.lambda * v
	}
	f += 0.5 * o.lambda * reg
	o.lastF = f
	o.lastX = append(o.lastX[:0], theta...)
}

func (o *objective) f(theta []float64) float64 {
	o.eval(theta)
	return o.lastF
}

func (o *objective) g(grad, theta []float64) {
	o.eval(theta)
	copy(grad, o.lastG)
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// NLL returns the mean negative log-likelihood of labels ys under
// softmax(z/t) of the given logit rows:
//
//	NLL(t) = (1/n) Σ_i (log Σ_k exp(z_ik/t) − z_{i,y_i}/t).
func NLL(z [][]float64, ys []int, t float64) float64 {
	if len(z) == 0 {
		return 0
	}
	var f float64
	var p []float64
	for i, row := range z {
		if cap(p) < len(row) {
			p = make([]float64, len(row))
		}
		lse := Softmax(row, t, p[:len(row)])
		f += lse - row[ys[i]]/t
	}
	return f / float64(len(z))
}

// FitTemperature returns the temperature T > 0 minimising NLL(T) on the
// given held-out logits, found by L-BFGS on u = log T with the analytic
// derivative
//
//	dNLL/du = (1/n) Σ_i (z_{i,y_i} − Σ_k p_ik z_ik) / T,
//
// and kept within [0.05, 20]. It returns 1 when there is nothing to fit.
func FitTemperature(z [][]float64, ys []int) (float64, error) {
	if len(z) != len(ys) {
		return 0, fmt.Errorf("fit temperature: %d logit rows but %d labels", len(z), len(ys))
	}
	if len(z) == 0 {
		return 1, nil
	}
	for i, row := range z {
		if ys[i] < 0 || ys[i] >= len(row) {
			return 0, fmt.Errorf("fit temperature: row %d label %d outside [0,%d)", i, ys[i], len(row))
		}
	}
	const lo, hi = -3.0, 3.0 // log(0.05), log(20)
	clamp := func(u float64) float64 { return math.Max(lo, math.Min(hi, u)) }
	fn := func(x []float64) float64 { return NLL(z, ys, math.Exp(clamp(x[0]))) }
	grad := func(g, x []float64) {
		u := x[0]
		if u < lo || u > hi {
			// Outside the box the clamped function is flat; push back in.
			g[0] = u - clamp(u)
			return
		}
		t := math.Exp(u)
		var d float64
		var p []float64
		for i, row := range z {
			if cap(p) < len(row) {
				p = make([]float64, len(row))
			}
			Softmax(row, t, p[:len(row)])
			e := 0.0
			for k, v := range row {
				e += p[k] * v
			}
			d += (row[ys[i]] - e) / t
		}
		g[0] = d / float64(len(z))
	}
	res, err := optimize.Minimize(optimize.Problem{Func: fn, Grad: grad}, []float64{0},
		&optimize.Settings{MajorIterations: 200, GradientThreshold: 1e-8}, &optimize.LBFGS{})
	if err != nil && res == nil {
		return 0, fmt.Errorf("fit temperature: %w", err)
	}
	t := math.Exp(clamp(res.X[0]))
	if math.IsNaN(t) {
		return 1, nil
	}
	// Never return a temperature worse than none.
	if NLL(z, ys, t) > NLL(z, ys, 1) {
		return 1, nil
	}
	return t, nil
}
