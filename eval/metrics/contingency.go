package metrics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// ChiSquareResult is Pearson's chi-square test of independence on a
// contingency table.
type ChiSquareResult struct {
	// Stat is Pearson's X², DF its degrees of freedom and P the upper-tail
	// probability of X² under the chi-square distribution with DF degrees.
	Stat float64
	DF   int
	P    float64
	// N is the table total and CramersV = √(X² / (N · min(r−1, c−1))),
	// over the kept rows r and columns c.
	N, CramersV float64
	// Expected holds E_ij = R_i · C_j / N in the input's shape (0 in
	// dropped rows and columns); LowExpected counts kept cells with
	// E_ij < 5, where the chi-square approximation is doubtful.
	Expected    [][]float64
	LowExpected int
	// DroppedRows and DroppedCols list the all-zero rows and columns left
	// out of the test (indices into the input).
	DroppedRows, DroppedCols []int
}

// ChiSquare tests the independence of the rows and columns of a table of
// counts (for example sources × stance labels):
//
//	X² = Σ_ij (O_ij − E_ij)² / E_ij,  E_ij = R_i · C_j / N,
//	df = (r − 1)(c − 1),  p = P(χ²_df ≥ X²)
//
// without continuity correction (scipy.stats.chi2_contingency with
// correction=False). Rows and columns whose total is 0 have no expected
// counts; they are dropped before testing and listed in the result, and r
// and c count the kept ones. The p-value comes from gonum's distuv.ChiSquared.
//
// It returns errors wrapping ErrEmpty (no rows or columns), ErrLength
// (ragged rows) and ErrDomain (a negative or non-finite count, or fewer
// than two non-empty rows or columns).
func ChiSquare(table [][]float64) (ChiSquareResult, error) {
	if len(table) == 0 || len(table[0]) == 0 {
		return ChiSquareResult{}, fmt.Errorf("chi-square: empty table: %w", ErrEmpty)
	}
	nc := len(table[0])
	rows := make([]float64, len(table))
	cols := make([]float64, nc)
	var n float64
	for i, row := range table {
		if len(row) != nc {
			return ChiSquareResult{}, fmt.Errorf("chi-square: row %d has %d columns, row 0 has %d: %w", i, len(row), nc, ErrLength)
		}
		for j, v := range row {
			if !(v >= 0) || math.IsInf(v, 0) {
				return ChiSquareResult{}, fmt.Errorf("chi-square: cell (%d,%d) = %v is not a count: %w", i, j, v, ErrDomain)
			}
			rows[i] += v
			cols[j] += v
			n += v
		}
	}
	if math.IsInf(n, 0) {
		return ChiSquareResult{}, fmt.Errorf("chi-square: table total overflows: %w", ErrDomain)
	}
	res := ChiSquareResult{N: n, Expected: make([][]float64, len(table))}
	for i := range rows {
		res.Expected[i] = make([]float64, nc)
		if rows[i] == 0 {
			res.DroppedRows = append(res.DroppedRows, i)
		}
	}
	for j := range cols {
		if cols[j] == 0 {
			res.DroppedCols = append(res.DroppedCols, j)
		}
	}
	r, c := len(rows)-len(res.DroppedRows), nc-len(res.DroppedCols)
	if r < 2 || c < 2 {
		return ChiSquareResult{}, fmt.Errorf("chi-square: %d non-empty rows and %d non-empty columns, need 2 of each: %w", r, c, ErrDomain)
	}
	for i, row := range table {
		if rows[i] == 0 {
			continue
		}
		for j, o := range row {
			if cols[j] == 0 {
				continue
			}
			e := rows[i] * cols[j] / n
			res.Expected[i][j] = e
			res.Stat += (o - e) * (o - e) / e
			if e < 5 {
				res.LowExpected++
			}
		}
	}
	res.DF = (r - 1) * (c - 1)
	res.P = distuv.ChiSquared{K: float64(res.DF)}.Survival(res.Stat)
	res.CramersV = math.Sqrt(res.Stat / (n * float64(min(r, c)-1)))
	return res, nil
}

// JensenShannon returns the Jensen–Shannon divergence between the discrete
// distributions p and q, in bits, so that it lies in [0, 1]:
//
//	JSD(P‖Q) = ½ KL(P‖M) + ½ KL(Q‖M),  M = ½ (P + Q),
//	KL(P‖M) = Σ_i P_i log₂(P_i / M_i),  0·log 0 = 0
//
// p and q are normalised to sum 1 first, so counts may be passed directly.
// It is 0 for identical distributions and 1 for disjoint supports. It
// returns errors wrapping ErrLength, ErrEmpty, or ErrDomain (a negative or
// non-finite entry, or an all-zero input). Computed by gonum's
// stat.JensenShannon (natural log) divided by ln 2.
func JensenShannon(p, q []float64) (float64, error) {
	if len(p) != len(q) {
		return math.NaN(), fmt.Errorf("jensen-shannon: %d and %d categories: %w", len(p), len(q), ErrLength)
	}
	if len(p) == 0 {
		return math.NaN(), fmt.Errorf("jensen-shannon: %w", ErrEmpty)
	}
	pn, err := normalise(p)
	if err != nil {
		return math.NaN(), fmt.Errorf("jensen-shannon: first distribution: %w", err)
	}
	qn, err := normalise(q)
	if err != nil {
		return math.NaN(), fmt.Errorf("jensen-shannon: second distribution: %w", err)
	}
	js := stat.JensenShannon(pn, qn) / math.Ln2
	return math.Max(0, math.Min(1, js)), nil
}

func normalise(p []float64) ([]float64, error) {
	var sum float64
	for i, v := range p {
		if !(v >= 0) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("entry %d = %v: %w", i, v, ErrDomain)
		}
		sum += v
	}
	if sum == 0 {
		return nil, fmt.Errorf("all entries are 0: %w", ErrDomain)
	}
	if math.IsInf(sum, 0) {
		return nil, fmt.Errorf("entries sum to %v: %w", sum, ErrDomain)
	}
	out := make([]float64, len(p))
	for i, v := range p {
		out[i] = v / sum
	}
	return out, nil
}
