package bias

import (
	"math/rand/v2"

	"github.com/slant-project/slant/eval/metrics"
)

// Bootstrap returns the 95% percentile bootstrap interval of every measure
// of the pooled Counts of units (one Counts per article), resampling whole
// articles: each of the b replicates draws len(units) units uniformly with
// replacement, sums them (Counts.Add) and computes every measure (Compute)
// on the sum. For each measure, with the b′ replicates where it is defined
// (not NaN) sorted,
//
//	lo = the ⌈0.025·b′⌉-th smallest,  hi = the ⌈0.975·b′⌉-th smallest
//
// (Efron's percentile interval, metrics.PercentileCI). A measure undefined
// in every replicate has NaN bounds, as do all measures when there are
// fewer than two units (one article says nothing about how articles vary:
// its "interval" would be a point; the Aggregator then falls back to
// ClaimEstimates) or b < 1. The result depends only on units (in order), b and the state of
// rng; rng must not be nil when units is not empty and b ≥ 1.
//
// Cost: O(b · len(units)) additions of Counts.
func Bootstrap(units []Counts, b int, rng *rand.Rand) (lo, hi Values) {
	if len(units) < 2 || b < 1 || rng == nil {
		return NaNValues(), NaNValues()
	}
	samples := newSamples(b)
	replicate(units, rng, samples, 0, b)
	return percentiles(samples)
}

// samples holds replicate values, one slice of length b per measure.
type samples [NumMeasures][]float64

func newSamples(b int) *samples {
	var s samples
	all := make([]float64, int(NumMeasures)*b)
	for m := range s {
		s[m] = all[m*b : (m+1)*b : (m+1)*b]
	}
	return &s
}

// replicate fills replicates [from, to) of s.
func replicate(units []Counts, rng *rand.Rand, s *samples, from, to int) {
	n := len(units)
	for r := from; r < to; r++ {
		var sum Counts
		for range n {
			sum.Add(&units[rng.IntN(n)])
		}
		v := Compute(&sum)
		for m := range v {
			s[m][r] = v[m]
		}
	}
}

func percentiles(s *samples) (lo, hi Values) {
	for m := range s {
		lo[m], hi[m] = metrics.PercentileCI(s[m], metrics.BootstrapLevel)
	}
	return lo, hi
}
