package metrics

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Correlation is a correlation coefficient with its confidence interval.
type Correlation struct {
	// R is the coefficient; NaN when either variable is constant.
	R float64
	// Lo and Hi bound the Level confidence interval of R; NaN when N ≤ 3
	// or R is NaN.
	Lo, Hi float64
	// N is the number of pairs and Level the interval's coverage (0.95).
	N     int
	Level float64
}

// Pearson returns Pearson's product-moment correlation of x and y,
//
//	r = Σ (x_i − x̄)(y_i − ȳ) / √(Σ (x_i − x̄)² · Σ (y_i − ȳ)²)
//
// with the Fisher-z confidence interval at the given level (e.g. 0.95):
//
//	z = atanh(r),  se = 1/√(N − 3),  [tanh(z − q·se), tanh(z + q·se)]
//
// where q is the (1+level)/2 quantile of the standard normal. It returns
// errors wrapping ErrLength, ErrEmpty (fewer than 2 pairs) or ErrDomain
// (NaN or infinite values, level outside (0,1)).
func Pearson(x, y []float64, level float64) (Correlation, error) {
	if err := checkPairs(x, y, level); err != nil {
		return Correlation{}, fmt.Errorf("pearson: %w", err)
	}
	r := stat.Correlation(x, y, nil)
	return fisherCI(r, len(x), level, 1), nil
}

// Spearman returns Spearman's rank correlation of x and y: Pearson's r of
// their ranks, ties getting the mean of the ranks they span. Its interval
// is the Fisher-z interval with the Fieller, Hartley & Pearson (1957)
// standard error se = √(1.06 / (N − 3)). Errors are those of Pearson.
func Spearman(x, y []float64, level float64) (Correlation, error) {
	if err := checkPairs(x, y, level); err != nil {
		return Correlation{}, fmt.Errorf("spearman: %w", err)
	}
	r := stat.Correlation(Ranks(x), Ranks(y), nil)
	return fisherCI(r, len(x), level, 1.06), nil
}

func checkPairs(x, y []float64, level float64) error {
	if len(x) != len(y) {
		return fmt.Errorf("%d and %d values: %w", len(x), len(y), ErrLength)
	}
	if len(x) < 2 {
		return fmt.Errorf("%d pairs, need at least 2: %w", len(x), ErrEmpty)
	}
	if !(level > 0 && level < 1) {
		return fmt.Errorf("confidence level %v outside (0,1): %w", level, ErrDomain)
	}
	for i := range x {
		if math.IsNaN(x[i]) || math.IsInf(x[i], 0) || math.IsNaN(y[i]) || math.IsInf(y[i], 0) {
			return fmt.Errorf("pair %d (%v, %v) not finite: %w", i, x[i], y[i], ErrDomain)
		}
	}
	return nil
}

func fisherCI(r float64, n int, level, varFactor float64) Correlation {
	c := Correlation{R: r, N: n, Level: level, Lo: math.NaN(), Hi: math.NaN()}
	if math.IsNaN(r) || n <= 3 {
		return c
	}
	r = math.Max(-1, math.Min(1, r)) // rounding can leave |r| a hair above 1
	c.R = r
	q := distuv.UnitNormal.Quantile((1 + level) / 2)
	z := math.Atanh(r)
	se := math.Sqrt(varFactor / float64(n-3))
	c.Lo = math.Tanh(z - q*se)
	c.Hi = math.Tanh(z + q*se)
	return c
}

// Ranks returns the fractional (1-based) ranks of x: tied values share the
// mean of the ranks they occupy. NaN values rank last, in input order.
func Ranks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Or(cmp.Compare(x[a], x[b]), cmp.Compare(a, b)) })
	// cmp.Compare orders NaN first; move the NaNs to the end, in input order.
	nan := 0
	for nan < len(idx) && math.IsNaN(x[idx[nan]]) {
		nan++
	}
	idx = append(idx[nan:], idx[:nan]...)
	r := make([]float64, len(x))
	for i := 0; i < len(idx); {
		j := i + 1
		for j < len(idx) && x[idx[j]] == x[idx[i]] {
			j++
		}
		mean := float64(i+j+1) / 2 // mean of ranks i+1 .. j
		for k := i; k < j; k++ {
			r[idx[k]] = mean
		}
		i = j
	}
	return r
}
