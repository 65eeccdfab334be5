// Package agree measures inter-annotator agreement: Krippendorff's alpha
// for nominal, ordinal, interval and ratio data with missing values, with a
// bootstrap confidence interval, and the report behind "slant agree"
// (alpha, pairwise Cohen's kappa, label counts) built from annotators' CSV
// files.
//
// Alpha follows Krippendorff, "Computing Krippendorff's Alpha-Reliability"
// (2011): values are tabulated in a coincidence matrix over the pairable
// units, and
//
//	α = 1 − D_o / D_e = 1 − (n − 1) · Σ_ck o_ck δ²_ck / Σ_ck n_c n_k δ²_ck
//
// The test suite reproduces the paper's worked examples.
package agree

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Level is the level of measurement, which fixes the difference function δ².
type Level int

const (
	// Nominal: δ²_ck = 0 if c = k, else 1.
	Nominal Level = iota + 1
	// Ordinal: δ²_ck = (Σ_{g=c..k} n_g − (n_c + n_k)/2)², with values in
	// ascending order and n_g the coincidence-matrix marginals.
	Ordinal
	// Interval: δ²_ck = (c − k)².
	Interval
	// Ratio: δ²_ck = ((c − k)/(c + k))², 0 when c = k = 0; values must be ≥ 0.
	Ratio
)

var levelNames = map[Level]string{Nominal: "nominal", Ordinal: "ordinal", Interval: "interval", Ratio: "ratio"}

// String returns the level's lower-case name.
func (l Level) String() string {
	if s, ok := levelNames[l]; ok {
		return s
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// ParseLevel parses "nominal", "ordinal", "interval" or "ratio"
// (case-insensitive).
func ParseLevel(s string) (Level, error) {
	for l, name := range levelNames {
		if strings.EqualFold(strings.TrimSpace(s), name) {
			return l, nil
		}
	}
	return 0, fmt.Errorf("unknown level of measurement %q (want nominal, ordinal, interval or ratio)", s)
}

// Errors returned with a NaN alpha, and for malformed reliability data.
var (
	// ErrNoPairable: no unit has values from two or more coders, so no
	// pair of values can be compared.
	ErrNoPairable = errors.New("no pairable units: no unit was coded by two or more coders")
	// ErrNoVariation: every pairable value is the same, so the expected
	// disagreement D_e is 0 and α = 1 − 0/0 is undefined. (Perfect
	// agreement on data without variation says nothing about reliability.)
	ErrNoVariation = errors.New("no variation: every pairable value is the same, so expected disagreement is 0 and alpha is undefined")
	// ErrData: the reliability data are malformed (ragged rows, an
	// infinite value, a negative value at the ratio level, an unknown level).
	ErrData = errors.New("malformed reliability data")
)

// Coincidence is the coincidence matrix of reliability data:
//
//	o_ck = Σ_u (number of c-k pairs of values in unit u) / (m_u − 1)
//
// over the pairable units u (those with m_u ≥ 2 values), where pairs are
// ordered and taken between different coders.
type Coincidence struct {
	// Values are the distinct pairable values, ascending.
	Values []float64
	// O[c][k] is o_ck for Values[c], Values[k]; it is symmetric.
	O [][]float64
	// N[c] = Σ_k o_ck is the number of pairable values equal to Values[c],
	// and Total = Σ_c N[c] = n, the number of pairable values.
	N     []float64
	Total float64
}

// Result is Krippendorff's alpha with the quantities it is made of.
type Result struct {
	// Alpha = 1 − Do/De; NaN when undefined (see the error returned with it).
	Alpha float64
	// Do and De are the observed and expected disagreement:
	// Do = Σ o_ck δ²_ck / n and De = Σ n_c n_k δ²_ck / (n (n − 1)).
	Do, De float64
	// Units is the number of pairable units, Values the number of
	// pairable values n, and Unpairable the number of units with exactly
	// one value (left out; units with none are not counted).
	Units, Values, Unpairable int
	Coincidence               Coincidence
}

// prepared reliability data: the pairable units, each as counts per value
// index, stored flat: unit i's entries are val[start[i]:start[i+1]] (value
// indices) with cnt (how many coders gave that value), and m[i] values in all.
type prepared struct {
	values     []float64
	start      []int
	val        []int
	cnt        []float64
	m          []float64
	cols       []int // column of each pairable unit in the input
	unpairable int
}

func (p *prepared) units() int { return len(p.cols) }

// prepare checks data (coders × units, NaN = missing) and keeps the
// pairable units.
func prepare(data [][]float64, level Level) (*prepared, error) {
	if _, ok := levelNames[level]; !ok {
		return nil, fmt.Errorf("alpha: level %v: %w", level, ErrData)
	}
	var nu int
	if len(data) > 0 {
		nu = len(data[0])
	}
	for c, row := range data {
		if len(row) != nu {
			return nil, fmt.Errorf("alpha: coder %d has %d units, coder 0 has %d: %w", c, len(row), nu, ErrData)
		}
		for u, v := range row {
			if math.IsInf(v, 0) {
				return nil, fmt.Errorf("alpha: coder %d, unit %d: infinite value: %w", c, u, ErrData)
			}
			if level == Ratio && v < 0 {
				return nil, fmt.Errorf("alpha: coder %d, unit %d: negative value %v at the ratio level: %w", c, u, v, ErrData)
			}
		}
	}
	p := &prepared{}
	// Pass 1: which units are pairable, and their values.
	for u := range nu {
		var m int
		for c := range data {
			if !math.IsNaN(data[c][u]) {
				m++
			}
		}
		switch {
		case m == 1:
			p.unpairable++
		case m >= 2:
			p.cols = append(p.cols, u)
			for c := range data {
				if v := data[c][u]; !math.IsNaN(v) {
					p.values = append(p.values, v)
				}
			}
		}
	}
	n := len(p.values)
	slices.Sort(p.values)
	p.values = slices.Compact(p.values)
	// Pass 2: each pairable unit's values, run-length counted.
	p.start = make([]int, 0, len(p.cols)+1)
	p.m = make([]float64, 0, len(p.cols))
	p.val = make([]int, 0, n)
	p.cnt = make([]float64, 0, n)
	buf := make([]float64, 0, len(data))
	for _, u := range p.cols {
		buf = buf[:0]
		for c := range data {
			if v := data[c][u]; !math.IsNaN(v) {
				buf = append(buf, v)
			}
		}
		slices.Sort(buf)
		p.start = append(p.start, len(p.val))
		for i, v := range buf {
			if i > 0 && v == buf[i-1] {
				p.cnt[len(p.cnt)-1]++
				continue
			}
			k, _ := slices.BinarySearch(p.values, v)
			p.val = append(p.val, k)
			p.cnt = append(p.cnt, 1)
		}
		p.m = append(p.m, float64(len(buf)))
	}
	p.start = append(p.start, len(p.val))
	return p, nil
}

// coincidences builds the coincidence matrix of the pairable units at idx
// (a unit may appear several times, as in a bootstrap replicate).
func (p *prepared) coincidences(idx []int) Coincidence {
	v := len(p.values)
	co := Coincidence{Values: p.values, O: make([][]float64, v), N: make([]float64, v)}
	flat := make([]float64, v*v)
	for c := range co.O {
		co.O[c] = flat[c*v : (c+1)*v : (c+1)*v]
	}
	for _, u := range idx {
		val, cnt := p.val[p.start[u]:p.start[u+1]], p.cnt[p.start[u]:p.start[u+1]]
		w := 1 / (p.m[u] - 1)
		for a, c := range val {
			for b, k := range val {
				pairs := cnt[a] * cnt[b]
				if a == b {
					pairs = cnt[a] * (cnt[a] - 1)
				}
				co.O[c][k] += pairs * w
			}
		}
	}
	for c, row := range co.O {
		for _, o := range row {
			co.N[c] += o
		}
		co.Total += co.N[c]
	}
	return co
}

// delta2 returns the squared difference δ²_ck for value indices c ≤ k or
// c > k under level, given the marginals n (needed by Ordinal).
func delta2(level Level, values, n []float64, c, k int) float64 {
	if c == k {
		return 0
	}
	switch level {
	case Nominal:
		return 1
	case Ordinal:
		if c > k {
			c, k = k, c
		}
		var s float64
		for g := c; g <= k; g++ {
			s += n[g]
		}
		s -= (n[c] + n[k]) / 2
		return s * s
	case Interval:
		d := values[c] - values[k]
		return d * d
	case Ratio:
		sum := values[c] + values[k]
		if sum == 0 {
			return 0
		}
		d := (values[c] - values[k]) / sum
		return d * d
	}
	return math.NaN()
}

// alphaOf computes alpha from a coincidence matrix.
func alphaOf(co Coincidence, level Level) (alpha, do, de float64, err error) {
	n := co.Total
	if n == 0 {
		return math.NaN(), math.NaN(), math.NaN(), ErrNoPairable
	}
	var obs, exp float64
	for c := range co.Values {
		for k := range co.Values {
			if c == k {
				continue
			}
			d := delta2(level, co.Values, co.N, c, k)
			obs += co.O[c][k] * d
			exp += co.N[c] * co.N[k] * d
		}
	}
	do = obs / n
	de = exp / (n * (n - 1))
	if exp == 0 {
		return math.NaN(), do, de, ErrNoVariation
	}
	return 1 - (n-1)*obs/exp, do, de, nil
}

// Compute returns Krippendorff's alpha of reliability data at the given
// level. data[c][u] is the value coder c gave unit u, NaN when the coder
// did not code the unit; all rows have the same length. Units with fewer
// than two values are not pairable and are left out (Unpairable counts the
// ones with exactly one value).
//
// Alpha is 1 for perfect agreement and 0 for agreement at chance level; it
// can be negative. When no unit is pairable, or every pairable value is
// the same (no variation, De = 0), Alpha is NaN and the error wraps
// ErrNoPairable or ErrNoVariation; the other fields are still filled in.
// Malformed data give an error wrapping ErrData and a zero Result.
func Compute(data [][]float64, level Level) (Result, error) {
	p, err := prepare(data, level)
	if err != nil {
		return Result{Alpha: math.NaN()}, err
	}
	all := make([]int, p.units())
	for i := range all {
		all[i] = i
	}
	co := p.coincidences(all)
	r := Result{Units: p.units(), Values: int(math.Round(co.Total)), Unpairable: p.unpairable, Coincidence: co}
	r.Alpha, r.Do, r.De, err = alphaOf(co, level)
	if err != nil {
		return r, fmt.Errorf("alpha: %w", err)
	}
	return r, nil
}

// Alpha returns Compute(data, level).Alpha and its error.
func Alpha(data [][]float64, level Level) (float64, error) {
	r, err := Compute(data, level)
	return r.Alpha, err
}
