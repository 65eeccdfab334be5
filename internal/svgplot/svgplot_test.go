package svgplot

import (
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

func TestNew(t *testing.T) {
	p := New("T", "x", "y")
	if p.Title.Text != "T" || p.X.Label.Text != "x" || p.Y.Label.Text != "y" {
		t.Errorf("texts %q %q %q", p.Title.Text, p.X.Label.Text, p.Y.Label.Text)
	}
	for name, v := range map[string]font.Variant{
		"title": p.Title.TextStyle.Font.Variant, "legend": p.Legend.TextStyle.Font.Variant,
		"x label": p.X.Label.TextStyle.Font.Variant, "x ticks": p.X.Tick.Label.Font.Variant,
		"y label": p.Y.Label.TextStyle.Font.Variant, "y ticks": p.Y.Tick.Label.Font.Variant,
	} {
		if v != "Sans" {
			t.Errorf("%s font variant %q, want Sans", name, v)
		}
	}
}

func TestInline(t *testing.T) {
	p := New("a <b> & c", "x", "y")
	l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 2}})
	if err != nil {
		t.Fatal(err)
	}
	p.Add(l)
	out, err := Inline(p, "a <b> & c", 4*vg.Inch, 3*vg.Inch)
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if !strings.HasPrefix(s, "<svg") || strings.Contains(s, "<?xml") {
		t.Errorf("does not start with <svg (no prolog): %.80q", s)
	}
	open := s[:strings.Index(s, ">")+1]
	if !strings.HasSuffix(open, ` role="img" class="chart">`) || !strings.Contains(open, `width="288pt"`) {
		t.Errorf("opening tag %q", open)
	}
	if !strings.Contains(s, "\n<title>a &lt;b&gt; &amp; c</title>") {
		t.Errorf("no escaped <title> after the opening tag: %.300q", s)
	}
	if strings.Contains(s, "<b>") {
		t.Error("unescaped title text in the drawing")
	}
	if !strings.HasSuffix(strings.TrimSpace(s), "</svg>") {
		t.Errorf("does not end with </svg>: %q", s[max(0, len(s)-40):])
	}
}

// TestInlinePanic checks that a plot gonum/plot cannot draw gives an
// error naming the chart, not a panic.
func TestInlinePanic(t *testing.T) {
	p := plot.New()
	p.Add(panicPlotter{})
	if _, err := Inline(p, "broken", 2*vg.Inch, 2*vg.Inch); err == nil || !strings.Contains(err.Error(), `chart "broken"`) {
		t.Errorf("err = %v, want an error naming the chart", err)
	}
}

type panicPlotter struct{}

func (panicPlotter) Plot(draw.Canvas, *plot.Plot) { panic("cannot draw") }
