package bias

import (
	"fmt"
	"math"

	"github.com/slant-project/slant/eval/metrics"
	"github.com/slant-project/slant/pipeline/article"
)

// ChiSquare is Pearson's chi-square test of independence of source × stance
// (see metrics.ChiSquare for the formula). It treats claims as independent,
// which claims of one article are not, so its p-value is optimistic; the
// bootstrap intervals of each source are the safer guide.
type ChiSquare struct {
	Stat     float64
	DF       int
	P        float64
	N        float64 // claims in the table
	CramersV float64
	// Cells counts the table cells tested; LowExpected those with an
	// expected count below 5 (the approximation is then doubtful).
	Cells, LowExpected int
	// Err says why the test could not be run ("" when it was), e.g. fewer
	// than two sources with stance-labelled claims.
	Err string
}

// Warning returns a one-line warning about the test of section, or "".
func (c ChiSquare) Warning(section article.Section) string {
	if c.Err == "" && c.LowExpected > 0 {
		return fmt.Sprintf("chi-square (%s): %d of %d cells have an expected count below 5: the p-value is approximate", section, c.LowExpected, c.Cells)
	}
	return ""
}

// Comparison compares the stance distributions of the sources of one
// section.
type Comparison struct {
	Section article.Section
	// Sources lists the sources with at least one scored claim in the
	// section, in the order of the input.
	Sources []string
	// Chi tests independence of the Sources × (pro_gov, neutral, pro_jdc)
	// table of scored-claim counts.
	Chi ChiSquare
	// JSD[i][j] is the Jensen–Shannon divergence, base 2 (in [0, 1]),
	// between the stance distributions (share_pro_gov, share_neutral,
	// share_pro_jdc) of Sources[i] and Sources[j]; the diagonal is 0.
	JSD [][]float64
}

// Compare returns one Comparison per section present in sources (body
// first), from the stance counts Counts.Stance of each entry. It never
// mixes sections.
func Compare(sources []SourceMeasures) []Comparison {
	var out []Comparison
	bySection := make(map[article.Section]int)
	var tables [][][]float64
	for i := range sources {
		s := &sources[i]
		if s.Counts.Stance == [3]int{} {
			continue
		}
		k, ok := bySection[s.Section]
		if !ok {
			k = len(out)
			bySection[s.Section] = k
			out = append(out, Comparison{Section: s.Section})
			tables = append(tables, nil)
		}
		out[k].Sources = append(out[k].Sources, s.Source)
		row := make([]float64, 3)
		for j, n := range s.Counts.Stance {
			row[j] = float64(n)
		}
		tables[k] = append(tables[k], row)
	}
	for k := range out {
		c := &out[k]
		t := tables[k]
		if r, err := metrics.ChiSquare(t); err != nil {
			c.Chi = ChiSquare{Stat: math.NaN(), P: math.NaN(), N: math.NaN(), CramersV: math.NaN(), Err: chiReason(len(t), err)}
		} else {
			cells := (len(t) - len(r.DroppedRows)) * (3 - len(r.DroppedCols))
			c.Chi = ChiSquare{Stat: r.Stat, DF: r.DF, P: r.P, N: r.N, CramersV: r.CramersV, Cells: cells, LowExpected: r.LowExpected}
		}
		c.JSD = make([][]float64, len(t))
		for i := range t {
			c.JSD[i] = make([]float64, len(t))
			for j := range i {
				d, err := metrics.JensenShannon(t[i], t[j])
				if err != nil {
					d = math.NaN()
				}
				c.JSD[i][j], c.JSD[j][i] = d, d
			}
		}
	}
	// Body before comment, whatever the input order.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && sectionOrder(out[j].Section) < sectionOrder(out[j-1].Section); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func chiReason(rows int, err error) string {
	if rows < 2 {
		return fmt.Sprintf("only %d source with stance-labelled claims: nothing to compare", rows)
	}
	return err.Error()
}
