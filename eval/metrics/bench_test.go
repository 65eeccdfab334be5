package metrics

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

var benchSizes = []int{100, 10_000, 1_000_000}

// benchLabels returns n gold and predicted stance labels, ~70% agreeing.
func benchLabels(n int) (gold, pred []string) {
	rng := seeded(1)
	gold, pred = make([]string, n), make([]string, n)
	for i := range gold {
		gold[i] = stanceLabels[rng.IntN(3)]
		pred[i] = gold[i]
		if rng.Float64() < 0.3 {
			pred[i] = stanceLabels[rng.IntN(3)]
		}
	}
	return gold, pred
}

func BenchmarkConfusionScores(b *testing.B) {
	for _, n := range benchSizes {
		gold, pred := benchLabels(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				c, err := ConfusionOf(stanceLabels, gold, pred)
				if err != nil {
					b.Fatal(err)
				}
				_ = c.MacroF1()
				_, _ = c.FAvg("pro_gov", "pro_jdc")
				_ = c.Kappa()
			}
		})
	}
}

func BenchmarkECE(b *testing.B) {
	for _, n := range benchSizes {
		rng := seeded(2)
		conf, correct := make([]float64, n), make([]bool, n)
		for i := range conf {
			conf[i] = rng.Float64()
			correct[i] = rng.Float64() < conf[i]
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := ECE(conf, correct, 15); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkBrierLogLoss(b *testing.B) {
	for _, n := range benchSizes {
		rng := seeded(3)
		probs, truth := make([][]float64, n), make([]int, n)
		for i := range probs {
			p := rng.Float64()
			q := (1 - p) * rng.Float64()
			probs[i] = []float64{p, q, 1 - p - q}
			truth[i] = rng.IntN(3)
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Brier(probs, truth); err != nil {
					b.Fatal(err)
				}
				if _, err := LogLoss(probs, truth); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkPearsonSpearman(b *testing.B) {
	for _, n := range benchSizes {
		rng := seeded(4)
		x, y := make([]float64, n), make([]float64, n)
		for i := range x {
			x[i] = rng.NormFloat64()
			y[i] = x[i] + rng.NormFloat64()
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Pearson(x, y, 0.95); err != nil {
					b.Fatal(err)
				}
				if _, err := Spearman(x, y, 0.95); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkClusterBootstrap: 1000 replicates of accuracy over n items in
// articles of 20 sentences.
func BenchmarkClusterBootstrap(b *testing.B) {
	for _, n := range []int{100, 10_000} {
		gold, pred := benchLabels(n)
		keys := make([]string, n)
		for i := range keys {
			keys[i] = fmt.Sprint(i / 20)
		}
		groups := Groups(keys)
		acc := func(idx []int) float64 {
			var hit int
			for _, i := range idx {
				if gold[i] == pred[i] {
					hit++
				}
			}
			return float64(hit) / float64(len(idx))
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, _, _, err := ClusterBootstrap(groups, acc, 1000, rand.New(rand.NewPCG(1, 0))); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkChiSquare(b *testing.B) {
	for _, rows := range []int{5, 50, 500} {
		rng := seeded(5)
		table := make([][]float64, rows)
		for i := range table {
			table[i] = []float64{float64(1 + rng.IntN(50)), float64(1 + rng.IntN(50)), float64(1 + rng.IntN(50))}
		}
		b.Run(fmt.Sprint(rows), func(b *testing.B) {
			for b.Loop() {
				if _, err := ChiSquare(table); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkJensenShannon(b *testing.B) {
	for _, n := range []int{3, 100, 10_000} {
		rng := seeded(6)
		p, q := make([]float64, n), make([]float64, n)
		for i := range p {
			p[i], q[i] = rng.Float64(), rng.Float64()
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := JensenShannon(p, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkMatchSpans(b *testing.B) {
	for _, n := range []int{10, 1000, 10_000} {
		rng := seeded(7)
		gold, pred := make([]Span, n), make([]Span, n)
		for i := range gold {
			doc := fmt.Sprint(i / 10) // ten quotes per article
			s := rng.IntN(5000)
			gold[i] = Span{doc, s, s + 50 + rng.IntN(200)}
			d := rng.IntN(60) - 30
			pred[i] = Span{doc, max(0, s+d), gold[i].End + d}
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := MatchSpans(gold, pred, LooseOverlap); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
