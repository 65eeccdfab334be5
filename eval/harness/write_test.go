package harness

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/slant-project/slant/internal/golden"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixtureReport evaluates testdata/twoarticles.input with its predictions
// (the twoArticles table of evaluate_test.go, plus a row with a bad
// stance).
func fixtureReport(t *testing.T) *Report {
	t.Helper()
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	g, err := ReadGold(bytes.NewReader(read("twoarticles.input")), "twoarticles.input")
	if err != nil {
		t.Fatal(err)
	}
	p, err := ReadPredictions(bytes.NewReader(read("twoarticles.pred.input")), "twoarticles.pred.input")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Evaluate(context.Background(), Config{Gold: g, Preds: p, Compare: p, Boot: Boot{B: 200, Seed: 1}})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestMarkdownGolden(t *testing.T) {
	rep := fixtureReport(t)
	var b bytes.Buffer
	if err := rep.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "twoarticles.md.golden"), b.Bytes())
}

func TestHTMLEscapesText(t *testing.T) {
	rep := fixtureReport(t)
	rep.Command = `slant eval --gold "<script>alert(1)</script>"`
	rep.Gold.Path = `g<img src=x onerror=alert(2)>.csv`
	rep.Notes = append(rep.Notes, `a note with <iframe> & "quotes"`)
	var b bytes.Buffer
	if err := rep.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, bad := range []string{"<script>alert", "<img src=x", "<iframe>", "<b>bold</b>"} {
		if strings.Contains(out, bad) {
			t.Errorf("eval.html contains unescaped %q", bad)
		}
	}
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "g&lt;img src=x onerror=alert(2)&gt;.csv", "&lt;iframe&gt; &amp; &#34;quotes&#34;",
		"&lt;b&gt;bold&lt;/b&gt;", `<svg`, "Stance reliability diagram", "Stance confusion matrix", "Sentiment confusion matrix"} {
		if !strings.Contains(out, want) {
			t.Errorf("eval.html lacks %q", want)
		}
	}
	if strings.Contains(out, `src="http`) || strings.Contains(out, `href="http`) || strings.Contains(out, "<link") || strings.Contains(out, "<script") || strings.Contains(out, "url(") {
		t.Error("eval.html is not self-contained")
	}
	var md bytes.Buffer
	if err := rep.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(md.String(), "<b>bold") || !strings.Contains(md.String(), `\<b\>bold\</b\>`) {
		t.Error("eval.md does not escape HTML in the input text")
	}
}

func TestJSONCarriesEveryFigure(t *testing.T) {
	rep := fixtureReport(t)
	var b bytes.Buffer
	if err := rep.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var back struct {
		Stance struct {
			N       int      `json:"n"`
			MacroF1 Estimate `json:"macro_f1"`
			Calib   struct {
				ECE     Estimate `json:"ece"`
				Diagram []Bin    `json:"reliability"`
			} `json:"calibration"`
		} `json:"stance"`
		Compare struct {
			MacroF1 Paired `json:"macro_f1"`
		} `json:"compare"`
		Gold struct {
			Problems []string `json:"problems"`
		} `json:"gold"`
		HowComputed []string `json:"how_computed"`
	}
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatalf("eval.json does not parse: %v", err)
	}
	if back.Stance.N != 6 || math.Abs(float64(back.Stance.MacroF1.Value)-(2.0/3+0.8+0.5)/3) > 1e-9 {
		t.Errorf("stance n %d macro-F1 %v", back.Stance.N, back.Stance.MacroF1.Value)
	}
	if len(back.Stance.Calib.Diagram) != DefaultBins || !math.IsNaN(float64(back.Stance.Calib.Diagram[0].Accuracy)) {
		t.Errorf("empty bins must come back as null/NaN: %+v", back.Stance.Calib.Diagram)
	}
	if !strings.Contains(b.String(), `"confidence": null`) {
		t.Error("NaN not written as null")
	}
	if back.Compare.MacroF1.P != 1 {
		t.Errorf("self-comparison p = %v", back.Compare.MacroF1.P)
	}
	if len(back.Gold.Problems) != 1 || !strings.HasPrefix(back.Gold.Problems[0], "twoarticles.input:9: stance") {
		t.Errorf("problems %q", back.Gold.Problems)
	}
	if len(back.HowComputed) < 4 {
		t.Errorf("how computed: %q", back.HowComputed)
	}
}

func TestHeadline(t *testing.T) {
	rep := fixtureReport(t)
	var b bytes.Buffer
	if err := rep.WriteHeadline(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"stance macro-F1", "0.656", "stance F_avg (pro_gov, pro_jdc)", "0.583", "stance Cohen's κ", "0.500",
		"6 units, 2 articles", "sentiment macro-F1", "versus twoarticles.pred.input"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("headline lacks %q:\n%s", want, b.String())
		}
	}
}

func TestMdEscape(t *testing.T) {
	for in, want := range map[string]string{
		"pro_gov":        "pro_gov",
		"_emph_":         `\_emph\_`,
		"a|b":            `a\|b`,
		"<b>x</b>":       `\<b\>x\</b\>`,
		"line\nbreak":    "line break",
		"[link](x) `c`*": "\\[link\\](x) \\`c\\`\\*",
	} {
		if got := mdEscape(in); got != want {
			t.Errorf("mdEscape(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkScoreLabels(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		in := LabelInput{Labels: StanceLabels, Sides: StanceSides}
		for i := 0; i < n; i++ {
			in.Gold = append(in.Gold, StanceLabels[i%3])
			in.Pred = append(in.Pred, StanceLabels[(i*7)%3])
			in.Group = append(in.Group, string(rune('a'+i%20)))
			in.Probs = append(in.Probs, []float64{0.2, 0.5, 0.3})
		}
		b.Run(fmt.Sprintf("n%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := ScoreLabels(in, Boot{B: 200, Seed: 1}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestPredictionsRoundTrip(t *testing.T) {
	rep := fixtureReport(t)
	var b bytes.Buffer
	if err := rep.WritePredictions(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "id,gold,stance,p_pro_gov,p_neutral,p_pro_jdc,sentiment_label,via,text\nu1,pro_gov,pro_gov,0.800000,0.100000,0.100000,negative,file,one\n") {
		t.Errorf("predictions.csv:\n%s", b.String())
	}
	p, err := ReadPredictions(&b, "predictions.csv")
	if err != nil || len(p.Problems) > 0 {
		t.Fatalf("read back: %v %q", err, p.Problems)
	}
	g, err := ReadGold(strings.NewReader(twoArticlesGold), "g.csv")
	if err != nil {
		t.Fatal(err)
	}
	again, err := Evaluate(context.Background(), Config{Gold: g, Preds: p})
	if err != nil {
		t.Fatal(err)
	}
	if again.Stance.MacroF1.Value != rep.Stance.MacroF1.Value || again.Sentiment.Accuracy.Value != rep.Sentiment.Accuracy.Value || again.Stance.Calib == nil {
		t.Error("figures differ after writing and reading the predictions back")
	}
}

func TestNeutralise(t *testing.T) {
	for _, s := range []string{"=SUM(A1)", "+1", "-x", "@me", "plain", "'quoted", ""} {
		if got := unneutralise(neutralise(s)); got != s {
			t.Errorf("round trip of %q gave %q", s, got)
		}
	}
	if neutralise("=x") != "'=x" || neutralise("x=") != "x=" {
		t.Error("neutralise")
	}
}
