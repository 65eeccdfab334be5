package harness

import (
	"fmt"
	"html/template"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/slant-project/slant/internal/svgplot"
)

// Chart colours (Okabe–Ito, colour-blind safe).
var (
	colBar  = color.RGBA{0x00, 0x72, 0xb2, 0xff}
	colLine = color.RGBA{0xd5, 0x5e, 0x00, 0xff}
	colDiag = color.RGBA{0x88, 0x88, 0x88, 0xff}
)

// figure is one chart of eval.html: inline SVG, or why there is none.
type figure struct {
	Title, Caption string
	SVG            template.HTML // rendered by gonum/plot; its text is escaped by vgsvg
	Err            string
}

func rect(x0, y0, x1, y1 float64) plotter.XYs {
	return plotter.XYs{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
}

// reliabilityChart draws a reliability diagram: one bar per non-empty bin
// from its lower to upper edge with height its accuracy, the bins' mean
// confidence against accuracy as points, and the diagonal of perfect
// calibration.
func reliabilityChart(title string, c *Calibration) figure {
	f := figure{Title: title, Caption: fmt.Sprintf("Bars: accuracy of the predictions in each confidence bin (n above each bar); dots: mean confidence vs accuracy; dashed: perfect calibration. ECE %s.", fest(c.ECE))}
	build := func() (*plot.Plot, error) {
		p := svgplot.New(title, "confidence (probability of the predicted stance)", "accuracy")
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1.08
		diag, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
		if err != nil {
			return nil, err
		}
		diag.Color = colDiag
		diag.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(diag)
		var pts plotter.XYs
		var lab plotter.XYLabels
		for _, b := range c.Diagram {
			if b.Count == 0 || math.IsNaN(float64(b.Accuracy)) {
				continue
			}
			acc := float64(b.Accuracy)
			poly, err := plotter.NewPolygon(rect(float64(b.Lo), 0, float64(b.Hi), acc))
			if err != nil {
				return nil, err
			}
			poly.Color = color.NRGBA{0x00, 0x72, 0xb2, 0x70}
			poly.LineStyle.Color = colBar
			p.Add(poly)
			pts = append(pts, plotter.XY{X: float64(b.Confidence), Y: acc})
			lab.XYs = append(lab.XYs, plotter.XY{X: (float64(b.Lo) + float64(b.Hi)) / 2, Y: acc + 0.02})
			lab.Labels = append(lab.Labels, fmt.Sprintf("%d", b.Count))
		}
		if len(pts) > 0 {
			sc, err := plotter.NewScatter(pts)
			if err != nil {
				return nil, err
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: colLine, Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}}
			p.Add(sc)
			l, err := plotter.NewLabels(lab)
			if err != nil {
				return nil, err
			}
			for i := range l.TextStyle {
				l.TextStyle[i].Font.Size = vg.Points(8)
				l.TextStyle[i].Font.Variant = "Sans"
				l.TextStyle[i].XAlign = draw.XCenter
			}
			p.Add(l)
		}
		return p, nil
	}
	p, err := build()
	if err == nil {
		f.SVG, err = svgplot.Inline(p, title, 5*vg.Inch, 4.2*vg.Inch)
	}
	if err != nil {
		f.Err = err.Error()
	}
	return f
}

// confusionChart draws a confusion matrix: one cell per (gold, predicted)
// pair, shaded by its share of the gold row, with the count written in it.
func confusionChart(title string, l *LabelReport) figure {
	f := figure{Title: title, Caption: "Rows: gold label; columns: predicted label. Shade: share of the row (recall on the diagonal); numbers: counts."}
	build := func() (*plot.Plot, error) {
		k := len(l.Labels)
		p := svgplot.New(title, "predicted", "gold")
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, float64(k), 0, float64(k)
		var xt, yt []plot.Tick
		for i, name := range l.Labels {
			xt = append(xt, plot.Tick{Value: float64(i) + 0.5, Label: name})
			yt = append(yt, plot.Tick{Value: float64(k-1-i) + 0.5, Label: name})
		}
		p.X.Tick.Marker = plot.ConstantTicks(xt)
		p.Y.Tick.Marker = plot.ConstantTicks(yt)
		var lab plotter.XYLabels
		var dark []bool
		for i, row := range l.Confusion {
			total := 0
			for _, c := range row {
				total += c
			}
			for j, c := range row {
				share := 0.0
				if total > 0 {
					share = float64(c) / float64(total)
				}
				y := float64(k - 1 - i)
				poly, err := plotter.NewPolygon(rect(float64(j), y, float64(j+1), y+1))
				if err != nil {
					return nil, err
				}
				poly.Color = shade(share)
				poly.LineStyle.Color = color.White
				p.Add(poly)
				lab.XYs = append(lab.XYs, plotter.XY{X: float64(j) + 0.5, Y: y + 0.5})
				lab.Labels = append(lab.Labels, fmt.Sprintf("%d", c))
				dark = append(dark, share > 0.55)
			}
		}
		tl, err := plotter.NewLabels(lab)
		if err != nil {
			return nil, err
		}
		for i := range tl.TextStyle {
			tl.TextStyle[i].Font.Variant = "Sans"
			tl.TextStyle[i].Font.Size = vg.Points(12)
			tl.TextStyle[i].XAlign = draw.XCenter
			tl.TextStyle[i].YAlign = draw.YCenter
			if dark[i] {
				tl.TextStyle[i].Color = color.White
			}
		}
		p.Add(tl)
		return p, nil
	}
	p, err := build()
	if err == nil {
		f.SVG, err = svgplot.Inline(p, title, 4.6*vg.Inch, 4.2*vg.Inch)
	}
	if err != nil {
		f.Err = err.Error()
	}
	return f
}

// shade maps a share in [0, 1] to a colour from near white to blue.
func shade(s float64) color.Color {
	s = math.Max(0, math.Min(1, s))
	mix := func(a, b uint8) uint8 { return uint8(math.Round(float64(a) + s*(float64(b)-float64(a)))) }
	return color.RGBA{mix(0xf4, 0x00), mix(0xf7, 0x45), mix(0xfb, 0x8a), 0xff}
}

// htmlView is what the template renders.
type htmlView struct {
	R       *Report
	Head    []HeadRow
	Figures []figure
	Lists   []htmlList
}

type htmlList struct {
	Title string
	Items []string
	More  int
}

// WriteHTML writes eval.html: one self-contained page (no external
// resources) with the tables of eval.md and SVG charts (reliability
// diagram, confusion matrices). All text from the inputs is escaped by
// html/template; charts are escaped by vgsvg.
func (r *Report) WriteHTML(w io.Writer) error {
	v := htmlView{R: r, Head: r.Headline()}
	if r.Stance != nil {
		if r.Stance.Calib != nil {
			v.Figures = append(v.Figures, reliabilityChart("Stance reliability diagram", r.Stance.Calib))
		}
		v.Figures = append(v.Figures, confusionChart("Stance confusion matrix", r.Stance))
	}
	if r.Sentiment != nil {
		v.Figures = append(v.Figures, confusionChart("Sentiment confusion matrix", r.Sentiment))
	}
	list := func(title string, items []string) {
		if len(items) == 0 {
			return
		}
		l := htmlList{Title: title, Items: items}
		if len(items) > maxListed {
			l.Items, l.More = items[:maxListed], len(items)-maxListed
		}
		v.Lists = append(v.Lists, l)
	}
	al := r.Alignment
	list("Hash mismatches", al.HashMismatch)
	list("Content units no claim matches exactly", al.Unmatched)
	list("Units without a prediction", al.NoPrediction)
	list("Units whose article is not in the corpus", al.NoArticle)
	if r.Cleaning != nil {
		list("Boilerplate units the cleaner kept", r.Cleaning.Kept)
		list("Content units the cleaner removed", r.Cleaning.Dropped)
	}
	if r.Attribution != nil {
		list("Speaker errors", r.Attribution.Wrong)
	}
	list("Gold file problems", r.Gold.Problems)
	if r.Predictions != nil {
		list("Predictions file problems", r.Predictions.Problems)
	}
	list("Notes", r.Notes)
	return pageTmpl.Execute(w, v)
}

var pageTmpl = template.Must(template.New("eval").Funcs(template.FuncMap{"num": fnum, "est": fest, "ci": fci, "pval": fp}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>slant evaluation: {{.R.Gold.Path}}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
table{border-collapse:collapse;margin:0.8rem 0 1.4rem}
th,td{border:1px solid #ccc;padding:0.25rem 0.55rem;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
blockquote{border-left:4px solid #0072b2;margin:1rem 0;padding:0.3rem 1rem;background:#f4f7fb}
figure{display:inline-block;margin:0.5rem 1rem 1rem 0;vertical-align:top}
figcaption{font-size:0.85rem;color:#555;max-width:28rem}
svg.chart{max-width:100%;height:auto}
.small{font-size:0.85rem;color:#555}
</style>
</head>
<body>
<h1>slant evaluation</h1>
<p>Gold <code>{{.R.Gold.Path}}</code> ({{.R.Gold.Format}} format): {{.R.Gold.Units}} units, {{.R.Gold.Content}} content, {{.R.Gold.Boilerplate}} boilerplate, {{.R.Gold.Articles}} articles{{if .R.Gold.SHA256}}; sha256 <code>{{.R.Gold.SHA256}}</code>{{end}}.
Mode: {{.R.Mode}}{{if .R.Model}}, model <code>{{.R.Model}}</code>{{end}}{{if .R.Predictions}}, predictions <code>{{.R.Predictions.Path}}</code>{{end}}.
{{if .R.Command}}<br>Command: <code>{{.R.Command}}</code>{{end}}{{if .R.Created}}<br>Created: {{.R.Created}}{{end}}</p>
<blockquote>{{.R.Scoring}}</blockquote>
{{with .R.CV}}<table><tr><th>held out ({{.GroupBy}})</th><th>test units</th><th>training gold units</th></tr>
{{range .Folds}}<tr><td>{{range .Held}}{{.}} {{end}}</td><td class="n">{{.Test}}</td><td class="n">{{.Train}}</td></tr>
{{end}}</table>{{if .Extra}}<p>Every fold also trains on the {{.Extra}} rows of <code>{{.ExtraName}}</code>, never evaluated.</p>{{end}}{{end}}

<h2>Headline</h2>
<table><tr><th>figure</th><th>value</th><th>95% CI (articles resampled)</th><th>n</th></tr>
{{range .Head}}<tr><td>{{.Figure}}</td><td class="n">{{num .Est.Value}}</td><td>{{ci .Est}}</td><td>{{.N}}</td></tr>
{{end}}</table>

{{range .Figures}}<figure>{{if .SVG}}{{.SVG}}{{else}}<p>{{.Title}}: not drawn ({{.Err}})</p>{{end}}<figcaption>{{.Caption}}</figcaption></figure>
{{end}}

{{define "labels"}}<p>n = {{.N}} units in {{.Groups}} articles.</p>
<table><tr><th>label</th><th>gold n</th><th>predicted n</th><th>precision [95% CI]</th><th>recall [95% CI]</th><th>F1 [95% CI]</th></tr>
{{range .Classes}}<tr><td>{{.Label}}</td><td class="n">{{.Support}}</td><td class="n">{{.Predicted}}</td><td>{{est .Precision}}</td><td>{{est .Recall}}</td><td>{{est .F1}}</td></tr>
{{end}}<tr><td colspan="3">accuracy</td><td colspan="3">{{est .Accuracy}}</td></tr>
<tr><td colspan="3">macro-F1</td><td colspan="3">{{est .MacroF1}}</td></tr>
<tr><td colspan="3">F_avg ({{range .Sides}}{{.}} {{end}})</td><td colspan="3">{{est .FAvg}}</td></tr>
<tr><td colspan="3">Cohen's κ</td><td colspan="3">{{est .Kappa}}</td></tr>
{{with .Calib}}<tr><td colspan="3">ECE ({{.Bins}} bins)</td><td colspan="3">{{est .ECE}}</td></tr>
<tr><td colspan="3">Brier</td><td colspan="3">{{est .Brier}}</td></tr>
<tr><td colspan="3">log loss</td><td colspan="3">{{est .LogLoss}}</td></tr>{{end}}
</table>
<table><tr><th>gold \ predicted</th>{{range .Labels}}<th>{{.}}</th>{{end}}</tr>
{{$l := .Labels}}{{range $i, $row := .Confusion}}<tr><th>{{index $l $i}}</th>{{range $row}}<td class="n">{{.}}</td>{{end}}</tr>
{{end}}</table>{{end}}

{{with .R.Stance}}<h2>Stance</h2>{{template "labels" .}}{{end}}
{{with .R.ByVia}}<p>By how the prediction was obtained:</p><table><tr><th>via</th><th>n</th><th>accuracy</th><th>macro-F1</th></tr>
{{range .}}<tr><td>{{.Via}}</td><td class="n">{{.N}}</td><td>{{est .Accuracy}}</td><td>{{est .MacroF1}}</td></tr>{{end}}</table>{{end}}
{{if or .R.Sentiment .R.SentimentNote}}<h2>Sentiment</h2><p class="small">{{.R.SentimentNote}}</p>{{with .R.Sentiment}}{{template "labels" .}}{{end}}{{end}}

{{if or .R.Ablation .R.AblationNote}}<h2>Ablation (stance)</h2><p class="small">{{.R.AblationNote}}</p>
{{with .R.Ablation}}<table><tr><th>signal</th><th>n</th><th>macro-F1</th><th>F_avg</th><th>κ</th><th>accuracy</th><th>ECE</th></tr>
{{range .}}<tr><td>{{.Signal}}</td><td class="n">{{.N}}</td><td>{{est .MacroF1}}</td><td>{{est .FAvg}}</td><td>{{est .Kappa}}</td><td>{{est .Accuracy}}</td><td>{{est .ECE}}</td></tr>
{{end}}</table>{{end}}{{end}}

{{with .R.Compare}}<h2>Comparison with <code>{{.Other.Path}}</code></h2>
<p>Paired bootstrap on {{.N}} units ({{.Groups}} articles; {{.Missing}} without a prediction in the other file).</p>
<table><tr><th>figure</th><th>A</th><th>B</th><th>A − B</th><th>95% CI</th><th>p</th></tr>
<tr><td>macro-F1</td><td class="n">{{num .MacroF1.A}}</td><td class="n">{{num .MacroF1.B}}</td><td class="n">{{num .MacroF1.Diff}}</td><td>[{{num .MacroF1.Lo}}, {{num .MacroF1.Hi}}]</td><td class="n">{{pval .MacroF1.P}}</td></tr>
<tr><td>accuracy</td><td class="n">{{num .Accuracy.A}}</td><td class="n">{{num .Accuracy.B}}</td><td class="n">{{num .Accuracy.Diff}}</td><td>[{{num .Accuracy.Lo}}, {{num .Accuracy.Hi}}]</td><td class="n">{{pval .Accuracy.P}}</td></tr>
<tr><td>F_avg</td><td class="n">{{num .FAvg.A}}</td><td class="n">{{num .FAvg.B}}</td><td class="n">{{num .FAvg.Diff}}</td><td>[{{num .FAvg.Lo}}, {{num .FAvg.Hi}}]</td><td class="n">{{pval .FAvg.P}}</td></tr>
</table>{{end}}

{{with .R.Cleaning}}<h2>Cleaning (furniture removal)</h2><p>{{.Articles}} articles, {{.Units}} gold units, {{.Boilerplate}} boilerplate.</p>
<table><tr><th>figure</th><th>value [95% CI]</th><th>counts</th></tr>
<tr><td>precision (bytes)</td><td>{{est .BytePrecision.Est}}</td><td>{{.BytePrecision.Num}}/{{.BytePrecision.Den}}</td></tr>
<tr><td>recall (bytes)</td><td>{{est .ByteRecall.Est}}</td><td>{{.ByteRecall.Num}}/{{.ByteRecall.Den}}</td></tr>
<tr><td>precision (units)</td><td>{{est .UnitPrecision.Est}}</td><td>{{.UnitPrecision.Num}}/{{.UnitPrecision.Den}}</td></tr>
<tr><td>recall (units)</td><td>{{est .UnitRecall.Est}}</td><td>{{.UnitRecall.Num}}/{{.UnitRecall.Den}}</td></tr></table>{{end}}
{{with .R.Segmentation}}<h2>Segmentation</h2><table><tr><th>figure</th><th>value [95% CI]</th><th>counts</th></tr>
<tr><td>gold content units matched exactly by a claim</td><td>{{est .Recall.Est}}</td><td>{{.Recall.Num}}/{{.Recall.Den}}</td></tr>
<tr><td>claims matching a gold unit exactly</td><td>{{est .Precision.Est}}</td><td>{{.Precision.Num}}/{{.Precision.Den}}</td></tr></table>{{end}}
{{with .R.Attribution}}<h2>Attribution (quotes, Gender Gap Tracker matching)</h2>
<p>{{.GoldQuotes}} gold quotes, {{.PredQuotes}} predicted quote claims, {{.Articles}} articles.</p>
<table><tr><th>overlap</th><th>TP</th><th>FP</th><th>FN</th><th>precision [95% CI]</th><th>recall [95% CI]</th><th>F1</th></tr>
{{range .Matches}}<tr><td class="n">{{.Threshold}}</td><td class="n">{{.TP}}</td><td class="n">{{.FP}}</td><td class="n">{{.FN}}</td><td>{{est .Precision.Est}}</td><td>{{est .Recall.Est}}</td><td class="n">{{num .F1}}</td></tr>
{{end}}</table>
<table><tr><th>gold speaker side</th><th>n</th><th>speaker</th><th>side</th></tr>
<tr><td>all</td><td class="n">{{.Matched}}</td><td>{{est .Speaker}} (exact names {{est .SpeakerExact}})</td><td>{{est .Side}}</td></tr>
{{range .PerSide}}<tr><td>{{.Side}}</td><td class="n">{{.N}}</td><td>{{est .Speaker}}</td><td>{{est .SideAcc}}</td></tr>{{end}}</table>
{{with .Voice}}<p>Voice of content units matched exactly by a claim:</p>{{template "labels" .}}{{end}}{{end}}
{{with .R.StagesNote}}<p class="small">{{.}}</p>{{end}}

<h2>Alignment and input problems</h2>
<p>{{.R.Alignment.ContentUnits}} content units, {{.R.Alignment.Scored}} scored{{range $k, $v := .R.Alignment.ByVia}}; {{$v}} via {{$k}}{{end}}. {{.R.Alignment.MatchedClaims}} units have a claim with their exact span.</p>
{{range .Lists}}<h3>{{.Title}}</h3><ul>{{range .Items}}<li>{{.}}</li>{{end}}{{if .More}}<li>… {{.More}} more in eval.json</li>{{end}}</ul>
{{end}}
<h2>How computed</h2>
{{range .R.HowComputed}}<p>{{.}}</p>
{{end}}
</body>
</html>
`))
