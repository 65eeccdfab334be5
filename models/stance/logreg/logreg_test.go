package logreg

import (
	"math"
	"math/rand/v2"
	"testing"
)

// separable makes a 3-class problem where class c is marked by dimension c
// (plus noise dimensions 3..d-1).
func separable(n, d int, r *rand.Rand) ([]Vector, []int) {
	xs := make([]Vector, n)
	ys := make([]int, n)
	for i := range xs {
		y := i % 3
		v := Vector{Idx: []int{y}, Val: []float64{1}}
		for j := 3; j < d; j++ {
			if r.Float64() < 0.3 {
				v.Idx = append(v.Idx, j)
				v.Val = append(v.Val, r.Float64())
			}
		}
		xs[i], ys[i] = v, y
	}
	return xs, ys
}

func TestTrainSeparable(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	xs, ys := separable(90, 10, r)
	m, err := Train(xs, ys, 3, 10, Config{Lambda: 1e-3})
	if err != nil {
		t.Fatal(err)
	}
	test, tys := separable(60, 10, r)
	for i, x := range test {
		p := m.Probs(x, 1, nil)
		if argmax(p) != tys[i] {
			t.Errorf("example %d: p = %v, want class %d", i, p, tys[i])
		}
	}
}

func TestTrainRejects(t *testing.T) {
	x := []Vector{{Idx: []int{0}, Val: []float64{1}}}
	for name, tc := range map[string]struct {
		xs []Vector
		ys []int
		k  int
	}{
		"no examples": {nil, nil, 3},
		"label range": {x, []int{5}, 3},
		"one class":   {x, []int{0}, 1},
		"index range": {[]Vector{{Idx: []int{9}, Val: []float64{1}}}, []int{0}, 3},
		"ragged":      {[]Vector{{Idx: []int{0}, Val: nil}}, []int{0}, 3},
	} {
		if _, err := Train(tc.xs, tc.ys, tc.k, 2, Config{}); err == nil {
			t.Errorf("%s: Train succeeded, want error", name)
		}
	}
}

// TestGradient compares the analytic gradient with central finite
// differences at a random point.
func TestGradient(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	xs, ys := separable(30, 6, r)
	ys[0], ys[1] = 2, 0 // some noise
	k, d := 3, 6
	o := &objective{xs: xs, ys: ys, k: k, d: d, lambda: 0.05, cw: []float64{1, 2, 0.5}}
	theta := make([]float64, d*k+k)
	for i := range theta {
		theta[i] = r.NormFloat64()
	}
	g := make([]float64, len(theta))
	o.g(g, theta)
	const h = 1e-6
	for i := range theta {
		tp := append([]float64(nil), theta...)
		tm := append([]float64(nil), theta...)
		tp[i] += h
		tm[i] -= h
		num := (o.f(tp) - o.f(tm)) / (2 * h)
		if math.Abs(num-g[i]) > 1e-6*math.Max(1, math.Abs(num)) {
			t.Errorf("grad[%d] = %.9g, finite difference %.9g", i, g[i], num)
		}
	}
}

func TestBalancedWeights(t *testing.T) {
	got := BalancedWeights([]int{0, 0, 0, 1}, 3)
	want := []float64{4.0 / 9, 4.0 / 3, 0}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			t.Fatalf("BalancedWeights = %v, want %v", got, want)
		}
	}
}

// TestClassWeightsShiftDecision: with a 9:1 imbalance and an uninformative
// feature, balanced weights make the minority class's bias catch up.
func TestClassWeightsShiftDecision(t *testing.T) {
	var xs []Vector
	var ys []int
	for i := range 100 {
		xs = append(xs, Vector{Idx: []int{0}, Val: []float64{1}})
		ys = append(ys, map[bool]int{true: 1, false: 0}[i%10 == 0])
	}
	plain, err := Train(xs, ys, 2, 1, Config{Lambda: 1e-3, ClassWeights: []float64{1, 1}})
	if err != nil {
		t.Fatal(err)
	}
	bal, err := Train(xs, ys, 2, 1, Config{Lambda: 1e-3})
	if err != nil {
		t.Fatal(err)
	}
	pp := plain.Probs(xs[0], 1, nil)
	pb := bal.Probs(xs[0], 1, nil)
	if math.Abs(pp[1]-0.1) > 0.02 {
		t.Errorf("unweighted p(minority) = %.3f, want ≈ 0.1", pp[1])
	}
	if math.Abs(pb[1]-0.5) > 0.02 {
		t.Errorf("balanced p(minority) = %.3f, want ≈ 0.5", pb[1])
	}
}

// noisy makes a 3-class problem with strong but unreliable features: an
// unregularised model is over-confident on held-out data.
func noisy(n int, r *rand.Rand) ([]Vector, []int) {
	xs := make([]Vector, n)
	ys := make([]int, n)
	for i := range xs {
		y := r.IntN(3)
		shown := y
		if r.Float64() < 0.35 {
			shown = r.IntN(3)
		}
		v := Vector{Idx: []int{shown}, Val: []float64{1}}
		for range 4 {
			v.Idx = append(v.Idx, 3+r.IntN(200)) // rare noise features, memorisable
			v.Val = append(v.Val, 1)
		}
		v = dedup(v)
		xs[i], ys[i] = v, y
	}
	return xs, ys
}

func dedup(v Vector) Vector {
	seen := map[int]bool{}
	var out Vector
	for n, j := range v.Idx {
		if !seen[j] {
			seen[j] = true
			out.Idx = append(out.Idx, j)
			out.Val = append(out.Val, v.Val[n])
		}
	}
	return out
}

func TestTemperatureReducesHeldOutNLL(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	trainX, trainY := noisy(150, r)
	calX, calY := noisy(300, r)
	testX, testY := noisy(300, r)
	m, err := Train(trainX, trainY, 3, 203, Config{Lambda: 1e-6})
	if err != nil {
		t.Fatal(err)
	}
	rows := func(xs []Vector) [][]float64 {
		z := make([][]float64, len(xs))
		for i, x := range xs {
			z[i] = m.Logits(x, nil)
		}
		return z
	}
	temp, err := FitTemperature(rows(calX), calY)
	if err != nil {
		t.Fatal(err)
	}
	if temp <= 1 {
		t.Errorf("temperature = %.3f, want > 1 for an over-confident model", temp)
	}
	before, after := NLL(rows(testX), testY, 1), NLL(rows(testX), testY, temp)
	if after >= before {
		t.Errorf("held-out NLL %.4f with T=%.3f, not below %.4f with T=1", after, temp, before)
	}
}

func TestFitTemperatureEdgeCases(t *testing.T) {
	if temp, err := FitTemperature(nil, nil); err != nil || temp != 1 {
		t.Errorf("empty: T=%v err=%v, want 1, nil", temp, err)
	}
	if _, err := FitTemperature([][]float64{{1, 2}}, []int{3}); err == nil {
		t.Error("label out of range: want error")
	}
	// Perfectly separated, correct logits: sharpening helps, T < 1.
	z := [][]float64{{2, 0}, {0, 2}, {2, 0}}
	temp, err := FitTemperature(z, []int{0, 1, 0})
	if err != nil || temp >= 1 {
		t.Errorf("confident-correct: T=%v err=%v, want < 1", temp, err)
	}
}

func TestSoftmaxStable(t *testing.T) {
	p := make([]float64, 3)
	Softmax([]float64{1000, 1000, -1000}, 1, p)
	if math.Abs(p[0]-0.5) > 1e-12 || math.Abs(p[1]-0.5) > 1e-12 || p[2] != 0 {
		t.Errorf("softmax = %v", p)
	}
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

func BenchmarkTrain(b *testing.B) {
	for _, n := range []int{100, 1000} {
		r := rand.New(rand.NewPCG(7, 8))
		xs, ys := separable(n, 200, r)
		b.Run(itoa(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Train(xs, ys, 3, 200, Config{Lambda: 1e-2}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func itoa(n int) string {
	s := ""
	for n > 0 || s == "" {
		s = string(rune('0'+n%10)) + s
		n /= 10
	}
	return s
}
