package metrics

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// BootstrapLevel is the coverage of the intervals ClusterBootstrap and
// PairedBootstrap return.
const BootstrapLevel = 0.95

// Groups returns the item indices of each distinct key, groups in order of
// first appearance and indices ascending: Groups([a b a c]) = [[0 2] [1] [3]].
// Pass article ids to resample articles rather than sentences.
func Groups(keys []string) [][]int {
	at := make(map[string]int)
	var out [][]int
	for i, k := range keys {
		g, ok := at[k]
		if !ok {
			g = len(out)
			at[k] = g
			out = append(out, nil)
		}
		out[g] = append(out[g], i)
	}
	return out
}

// Singletons returns n groups of one item each, [[0] [1] … [n−1]]: the
// ordinary (item) bootstrap as a special case of the cluster bootstrap.
func Singletons(n int) [][]int {
	out := make([][]int, max(n, 0))
	for i := range out {
		out[i] = []int{i}
	}
	return out
}

// ClusterBootstrap is the cluster (grouped) nonparametric bootstrap: each of
// the b replicates draws len(groups) groups uniformly with replacement and
// evaluates stat on the concatenated item indices of the drawn groups (an
// item appears once per draw of its group). Resampling whole groups keeps
// the correlation of items within a group (sentences of one article) out
// of the interval's false precision.
//
// It returns Efron's percentile interval at BootstrapLevel (95%): the
// ⌈0.025·b′⌉-th and ⌈0.975·b′⌉-th smallest of the b′ replicates whose value
// is not NaN, together with all b replicates in draw order (NaN kept).
// lo and hi are NaN when every replicate is NaN.
//
// stat receives a slice that is reused between calls and must not be kept.
// The result depends only on groups, stat, b and the state of rng, so a
// seeded rng (rand.New(rand.NewPCG(seed, 0))) makes it reproducible.
// It returns an error wrapping ErrEmpty when there are no groups or a
// group is empty, and ErrDomain when b < 1, rng or stat is nil, or an index
// is negative.
func ClusterBootstrap(groups [][]int, stat func(idx []int) float64, b int, rng *rand.Rand) (lo, hi float64, samples []float64, err error) {
	if err := checkBoot(groups, b, rng); err != nil {
		return math.NaN(), math.NaN(), nil, fmt.Errorf("bootstrap: %w", err)
	}
	if stat == nil {
		return math.NaN(), math.NaN(), nil, fmt.Errorf("bootstrap: nil statistic: %w", ErrDomain)
	}
	samples = make([]float64, b)
	idx := make([]int, 0, totalItems(groups))
	for r := range samples {
		idx = resample(idx[:0], groups, rng)
		samples[r] = stat(idx)
	}
	lo, hi = PercentileCI(samples, BootstrapLevel)
	return lo, hi, samples, nil
}

func checkBoot(groups [][]int, b int, rng *rand.Rand) error {
	if len(groups) == 0 {
		return fmt.Errorf("no groups: %w", ErrEmpty)
	}
	for g, items := range groups {
		if len(items) == 0 {
			return fmt.Errorf("group %d is empty: %w", g, ErrEmpty)
		}
		for _, i := range items {
			if i < 0 {
				return fmt.Errorf("group %d: negative index %d: %w", g, i, ErrDomain)
			}
		}
	}
	if b < 1 {
		return fmt.Errorf("%d replicates: %w", b, ErrDomain)
	}
	if rng == nil {
		return fmt.Errorf("nil random source: %w", ErrDomain)
	}
	return nil
}

func totalItems(groups [][]int) int {
	var n int
	for _, g := range groups {
		n += len(g)
	}
	return n
}

// resample appends the items of len(groups) groups drawn with replacement.
func resample(dst []int, groups [][]int, rng *rand.Rand) []int {
	for range groups {
		dst = append(dst, groups[rng.IntN(len(groups))]...)
	}
	return dst
}

// PercentileCI returns the percentile interval of samples at the given
// level: with a = (1−level)/2 and the n non-NaN samples sorted, the
// ⌈a·n⌉-th and ⌈(1−a)·n⌉-th smallest (the inverse of the empirical CDF;
// a·n is taken to 1e-9 so that 0.025·2000 is 50, not 51 after rounding).
// It returns NaN, NaN when no sample is a number or level is outside
// (0,1). samples is not modified.
func PercentileCI(samples []float64, level float64) (lo, hi float64) {
	if !(level > 0 && level < 1) {
		return math.NaN(), math.NaN()
	}
	x := make([]float64, 0, len(samples))
	for _, v := range samples {
		if !math.IsNaN(v) {
			x = append(x, v)
		}
	}
	if len(x) == 0 {
		return math.NaN(), math.NaN()
	}
	slices.Sort(x)
	a := (1 - level) / 2
	return orderStat(x, a), orderStat(x, 1-a)
}

// orderStat returns the ⌈p·n⌉-th smallest of sorted x (1-based, clamped to
// [1, n]), forgiving p·n a rounding error of 1e-9.
func orderStat(x []float64, p float64) float64 {
	k := int(math.Ceil(p*float64(len(x)) - 1e-9))
	k = max(1, min(len(x), k))
	return x[k-1]
}

// PairedDiff is the result of PairedBootstrap.
type PairedDiff struct {
	// Diff = statA − statB on all items.
	Diff float64
	// Lo and Hi bound the 95% percentile interval of the difference.
	Lo, Hi float64
	// P is the two-sided bootstrap p-value of H0: no difference.
	P float64
	// Samples are the b replicate differences (NaN where either statistic
	// was undefined); Undefined counts the NaN ones, left out of Lo, Hi and P.
	Samples   []float64
	Undefined int
}

// PairedBootstrap compares two prediction sets on the same items (for
// example the macro-F1 of two models against one gold standard). Each
// replicate draws groups as ClusterBootstrap does and evaluates both
// statistics on the same indices, δ* = statA(idx) − statB(idx), so the
// pairing of the two sets is kept. With δ̂ = statA − statB on all items and
// the b′ replicates that are not NaN, the two-sided p-value tests H0: δ = 0
// by the shifted (null-centred) bootstrap distribution (Efron & Tibshirani
// 1993, §16.4; Hall & Wilson 1991):
//
//	p = (1 + #{ |δ*_r − δ̂| ≥ |δ̂| }) / (b′ + 1)
//
// so p is never 0 and is 1 when δ̂ = 0. Lo and Hi are the percentile
// interval of δ* (see ClusterBootstrap). stat functions receive a reused
// slice and must not keep it. Errors are those of ClusterBootstrap.
func PairedBootstrap(groups [][]int, statA, statB func(idx []int) float64, b int, rng *rand.Rand) (PairedDiff, error) {
	if err := checkBoot(groups, b, rng); err != nil {
		return PairedDiff{}, fmt.Errorf("paired bootstrap: %w", err)
	}
	if statA == nil || statB == nil {
		return PairedDiff{}, fmt.Errorf("paired bootstrap: nil statistic: %w", ErrDomain)
	}
	all := make([]int, 0, totalItems(groups))
	for _, g := range groups {
		all = append(all, g...)
	}
	res := PairedDiff{Diff: statA(all) - statB(all), Samples: make([]float64, b)}
	idx := make([]int, 0, len(all))
	for r := range res.Samples {
		idx = resample(idx[:0], groups, rng)
		res.Samples[r] = statA(idx) - statB(idx)
	}
	res.Lo, res.Hi = PercentileCI(res.Samples, BootstrapLevel)
	extreme, valid := 0, 0
	for _, d := range res.Samples {
		if math.IsNaN(d) {
			res.Undefined++
			continue
		}
		valid++
		if math.Abs(d-res.Diff) >= math.Abs(res.Diff) {
			extreme++
		}
	}
	res.P = math.NaN()
	if valid > 0 && !math.IsNaN(res.Diff) {
		res.P = float64(1+extreme) / float64(valid+1)
	}
	return res, nil
}
