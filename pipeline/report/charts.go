package report

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/slant-project/slant/internal/svgplot"
	"github.com/slant-project/slant/pipeline/bias"
)

// Colours (colour-blind safe, Okabe–Ito): government side blue, JDC side
// vermilion, neutral and other grey.
var (
	colGov     = color.RGBA{0x00, 0x72, 0xb2, 0xff}
	colJDC     = color.RGBA{0xd5, 0x5e, 0x00, 0xff}
	colNeutral = color.RGBA{0xbb, 0xbb, 0xbb, 0xff}
	colOther   = color.RGBA{0x88, 0x88, 0x88, 0xff}
	colAuthor  = color.RGBA{0x33, 0x33, 0x33, 0xff}
	colQuoted  = color.RGBA{0x00, 0x9e, 0x73, 0xff}
)

const chartWidth = 7 * vg.Inch

func chartHeight(rows int) vg.Length {
	return max(2.4*vg.Inch, vg.Length(rows)*0.34*vg.Inch+1.5*vg.Inch)
}

// rowLabel labels a source on a chart: "bbc (n=12)", starred when the
// sample is small, with the claimMark when its intervals are claim-level.
func rowLabel(s *bias.SourceMeasures) string {
	l := fmt.Sprintf("%s (n=%d)", s.Source, s.Articles)
	if s.SmallSample {
		l += " *"
	}
	if s.CI == bias.CIClaims {
		l += " " + claimMark
	}
	return l
}

// newPlot is svgplot.New with no y label, a larger title and the legend
// at the top.
func newPlot(title, xlabel string) *plot.Plot {
	p := svgplot.New(title, xlabel, "")
	p.Title.TextStyle.Font.Size = vg.Points(13)
	p.Legend.Top = true
	return p
}

// nominalY labels the rows 0..n−1 from the top down: row i is at y = n−1−i;
// legend leaves room for a legend above the first row.
func nominalY(p *plot.Plot, labels []string, legend bool) {
	n := len(labels)
	ticks := make([]plot.Tick, n)
	for i, l := range labels {
		ticks[i] = plot.Tick{Value: float64(n - 1 - i), Label: l}
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	p.Y.Tick.Length = 0
	p.Y.Width = 0
	p.Y.Min = -0.6
	p.Y.Max = float64(n) - 0.4
	if legend {
		p.Y.Max += 0.4 + 0.25*float64(legendRows)
	}
}

// legendRows is the most legend entries a chart has.
const legendRows = 3

// slantAxis sets the X axis to net slants: [−1, 1] with a margin so that
// points at ±1 are drawn whole, ticks at −1, −0.5, 0, 0.5, 1.
func slantAxis(p *plot.Plot) {
	p.X.Min, p.X.Max = -1.06, 1.06
	var ticks []plot.Tick
	for _, v := range []float64{-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1} {
		l := ""
		if v == -1 || v == -0.5 || v == 0 || v == 0.5 || v == 1 {
			l = strconv.FormatFloat(v, 'f', -1, 64)
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: l})
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
}

// allNaN reports whether no value is a number.
func allNaN(vs ...[]float64) bool {
	for _, v := range vs {
		for _, x := range v {
			if !math.IsNaN(x) {
				return false
			}
		}
	}
	return true
}

// dotSeries is one set of points with intervals, one per row.
type dotSeries struct {
	name      string
	v, lo, hi []float64
	colour    color.Color
	shape     draw.GlyphDrawer
	offset    float64
}

type errPoints struct {
	plotter.XYs
	plotter.XErrors
}

// dotChart draws measures in [−1, 1] per row with 95% whiskers and a line
// at 0.
func dotChart(title, xlabel string, labels []string, series []dotSeries) (*plot.Plot, error) {
	p := newPlot(title, xlabel)
	named := false
	for _, s := range series {
		named = named || s.name != ""
	}
	nominalY(p, labels, named)
	slantAxis(p)
	grid := plotter.NewGrid()
	grid.Horizontal.Width = 0
	p.Add(grid)
	zero, err := plotter.NewLine(plotter.XYs{{X: 0, Y: p.Y.Min}, {X: 0, Y: float64(len(labels)) - 0.4}})
	if err != nil {
		return nil, err
	}
	zero.Color = color.Gray{0x55}
	zero.Dashes = []vg.Length{vg.Points(3), vg.Points(3)}
	p.Add(zero)
	n := len(labels)
	for _, s := range series {
		var pts plotter.XYs
		var bars errPoints
		for i := range n {
			if math.IsNaN(s.v[i]) {
				continue
			}
			y := float64(n-1-i) + s.offset
			pts = append(pts, plotter.XY{X: s.v[i], Y: y})
			if !math.IsNaN(s.lo[i]) && !math.IsNaN(s.hi[i]) {
				bars.XYs = append(bars.XYs, plotter.XY{X: s.v[i], Y: y})
				bars.XErrors = append(bars.XErrors, struct{ Low, High float64 }{
					Low: math.Max(0, s.v[i]-s.lo[i]), High: math.Max(0, s.hi[i]-s.v[i])})
			}
		}
		if len(bars.XYs) > 0 {
			eb, err := plotter.NewXErrorBars(bars)
			if err != nil {
				return nil, err
			}
			eb.Color = s.colour
			eb.Width = vg.Points(1.2)
			p.Add(eb)
		}
		if len(pts) > 0 {
			sc, err := plotter.NewScatter(pts)
			if err != nil {
				return nil, err
			}
			sc.Color = s.colour
			sc.Shape = s.shape
			sc.Radius = vg.Points(3.5)
			p.Add(sc)
			if s.name != "" {
				p.Legend.Add(s.name, sc)
			}
		}
	}
	return p, nil
}

// stackSeries is one layer of a stacked bar chart.
type stackSeries struct {
	name   string
	v      []float64
	colour color.Color
}

// stackChart draws horizontal bars of shares stacked to 1 per row.
func stackChart(title, xlabel string, labels []string, series []stackSeries) (*plot.Plot, error) {
	p := newPlot(title, xlabel)
	nominalY(p, labels, true)
	p.X.Min, p.X.Max = 0, 1
	n := len(labels)
	var below *plotter.BarChart
	for _, s := range series {
		vals := make(plotter.Values, n)
		for i := range n {
			// Bars are placed at y = index, so row i goes to n−1−i.
			v := s.v[i]
			if math.IsNaN(v) {
				v = 0
			}
			vals[n-1-i] = v
		}
		bc, err := plotter.NewBarChart(vals, vg.Points(14))
		if err != nil {
			return nil, err
		}
		bc.Horizontal = true
		bc.Color = s.colour
		bc.LineStyle.Width = 0
		if below != nil {
			bc.StackOn(below)
		}
		p.Add(bc)
		p.Legend.Add(s.name, bc)
		below = bc
	}
	return p, nil
}

// chart renders a plot builder into a figure; when empty is not "", there
// is nothing to draw and the figure says so instead.
func chart(id, title, caption, empty string, rows int, build func() (*plot.Plot, error)) figure {
	f := figure{ID: id, Title: title, Caption: caption}
	if empty != "" {
		f.Empty = empty
		return f
	}
	p, err := build()
	if err == nil {
		f.SVG, err = svgplot.Inline(p, title, chartWidth, chartHeight(rows))
	}
	if err != nil {
		f.Err = err.Error()
	}
	return f
}
