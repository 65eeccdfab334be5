// Package svgplot renders gonum/plot charts as inline SVG for the HTML
// pages slant writes (the run report and the evaluation report).
package svgplot

import (
	"bytes"
	"fmt"
	"html"
	"html/template"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// New returns a plot with the given title and axis labels ("" for none),
// every text set in the sans-serif variant.
func New(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	for _, f := range []*plot.Axis{&p.X, &p.Y} {
		f.Label.TextStyle.Font.Variant = "Sans"
		f.Tick.Label.Font.Variant = "Sans"
	}
	p.Title.TextStyle.Font.Variant = "Sans"
	p.Legend.TextStyle.Font.Variant = "Sans"
	return p
}

// Inline renders p at w × h as an inline <svg> element (no XML prolog)
// with role="img", class="chart" and a <title> child holding title (HTML
// escaped) for assistive technology; all text in the drawing is escaped
// by vgsvg. gonum/plot panics on some inputs it cannot draw; that, like a
// failed rendering, is returned as an error naming the chart.
func Inline(p *plot.Plot, title string, w, h vg.Length) (out template.HTML, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = "", fmt.Errorf("chart %q: %v", title, r)
		}
	}()
	c := vgsvg.New(w, h)
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return "", fmt.Errorf("chart %q: %w", title, err)
	}
	s := buf.String()
	i := strings.Index(s, "<svg")
	if i < 0 {
		return "", fmt.Errorf("chart %q: no <svg> element in the rendering", title)
	}
	s = s[i:]
	j := strings.Index(s, ">")
	if j < 0 {
		return "", fmt.Errorf("chart %q: unterminated <svg> element", title)
	}
	s = s[:j] + ` role="img" class="chart">` + "\n<title>" + html.EscapeString(title) + "</title>" + s[j+1:]
	return template.HTML(s), nil
}
