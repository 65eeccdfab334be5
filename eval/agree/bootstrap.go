package agree

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/slant-project/slant/eval/metrics"
)

// DefaultMin is the smallest alpha Krippendorff (2004, 2011) accepts for
// tentative conclusions; the bootstrap reports P(α < DefaultMin).
const DefaultMin = 0.667

// BootResult is the bootstrap distribution of alpha.
type BootResult struct {
	// Lo and Hi bound the 95% percentile interval (metrics.PercentileCI).
	Lo, Hi float64
	// Min is the threshold and PBelow the share of defined replicates with
	// α < Min: the estimated probability that the data fail to reach Min.
	Min, PBelow float64
	// B is the number of replicates; Undefined counts those where alpha
	// was undefined (every resampled value the same), left out of Lo, Hi
	// and PBelow.
	B, Undefined int
	// Samples are the B replicate alphas in draw order (NaN = undefined).
	Samples []float64
}

// Bootstrap estimates the sampling distribution of alpha by the
// nonparametric unit bootstrap: each of b replicates draws pairable units
// with replacement, as many as there are, rebuilds the coincidence matrix
// from them and recomputes alpha, De included. This is not Krippendorff's
// (2011) bootstrap, which resamples pairs of values from the coincidence
// matrix with De held fixed; both estimate the same interval, but the
// numbers differ somewhat in small samples, so KALPHA's interval is not
// reproduced to the digit.
//
// groups, when not nil, makes it a cluster bootstrap: groups[g] lists
// columns (units) of data that are resampled together, such as the
// sentences of one article; units that are not pairable are ignored and
// groups left empty are dropped. nil resamples units one by one. Each
// column may appear in at most one group; columns in no group are left out.
//
// The error wraps ErrData for malformed data or groups, ErrNoPairable when
// no unit is pairable, and metrics.ErrDomain for b < 1 or a nil rng.
// Seeding rng (rand.New(rand.NewPCG(seed, 0))) makes the result reproducible.
func Bootstrap(data [][]float64, level Level, groups [][]int, b int, minAlpha float64, rng *rand.Rand) (BootResult, error) {
	p, err := prepare(data, level)
	if err != nil {
		return BootResult{}, err
	}
	if p.units() == 0 {
		return BootResult{}, fmt.Errorf("alpha bootstrap: %w", ErrNoPairable)
	}
	g, err := p.groups(groups, len(data[0]))
	if err != nil {
		return BootResult{}, err
	}
	stat := func(idx []int) float64 {
		a, _, _, err := alphaOf(p.coincidences(idx), level)
		if err != nil {
			return math.NaN()
		}
		return a
	}
	lo, hi, samples, err := metrics.ClusterBootstrap(g, stat, b, rng)
	if err != nil {
		return BootResult{}, fmt.Errorf("alpha bootstrap: %w", err)
	}
	iv := BootResult{Lo: lo, Hi: hi, Min: minAlpha, B: b, Samples: samples, PBelow: math.NaN()}
	var below, valid int
	for _, a := range samples {
		if math.IsNaN(a) {
			iv.Undefined++
			continue
		}
		valid++
		if a < minAlpha {
			below++
		}
	}
	if valid > 0 {
		iv.PBelow = float64(below) / float64(valid)
	}
	return iv, nil
}

// groups maps column groups to groups of pairable-unit indices.
func (p *prepared) groups(cols [][]int, ncols int) ([][]int, error) {
	if cols == nil {
		return metrics.Singletons(p.units()), nil
	}
	at := make(map[int]int, len(p.cols)) // column → pairable unit
	for i, c := range p.cols {
		at[c] = i
	}
	seen := make(map[int]bool)
	var out [][]int
	for gi, g := range cols {
		var units []int
		for _, c := range g {
			if c < 0 || c >= ncols {
				return nil, fmt.Errorf("alpha bootstrap: group %d: column %d outside [0,%d): %w", gi, c, ncols, ErrData)
			}
			if seen[c] {
				return nil, fmt.Errorf("alpha bootstrap: column %d in two groups: %w", c, ErrData)
			}
			seen[c] = true
			if u, ok := at[c]; ok {
				units = append(units, u)
			}
		}
		if len(units) > 0 {
			out = append(out, units)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("alpha bootstrap: no group holds a pairable unit: %w", ErrNoPairable)
	}
	return out, nil
}
