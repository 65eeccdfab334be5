package harness

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode"
)

// WritePredictions writes the evaluated units' predictions as a CSV that
// ReadPredictions (and so slant eval --pred or --compare) reads back:
// article_id, start, end for gold-format units (else id), then gold,
// stance, p_pro_gov, p_neutral, p_pro_jdc (empty without probabilities),
// sentiment_label, via and text. Text cells a spreadsheet would run as a
// formula get a leading apostrophe.
func (r *Report) WritePredictions(w io.Writer) error {
	cw := csv.NewWriter(w)
	head := []string{"id"}
	if r.offsets {
		head = []string{"article_id", "start", "end"}
	}
	head = append(head, "gold", "stance", "p_pro_gov", "p_neutral", "p_pro_jdc", "sentiment_label", "via", "text")
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, s := range r.scored {
		row := []string{neutralise(s.unit.ID)}
		if r.offsets {
			row = []string{neutralise(s.unit.ArticleID), strconv.Itoa(s.unit.Start), strconv.Itoa(s.unit.End)}
		}
		p := []string{"", "", ""}
		if s.pred.HasP {
			for i, v := range s.pred.P {
				p[i] = strconv.FormatFloat(v, 'f', 6, 64)
			}
		}
		row = append(row, s.unit.Stance, s.pred.Stance, p[0], p[1], p[2], s.pred.Sentiment, string(s.pred.Via), neutralise(s.unit.Text))
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// neutralise prefixes an apostrophe to a cell a spreadsheet would run as
// a formula (starting with = + - @, tab or CR).
func neutralise(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteJSON writes the report as indented JSON (NaN as null).
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// fnum formats a figure with three decimals, "–" when undefined.
func fnum(x Num) string {
	f := float64(x)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "–"
	}
	return fmt.Sprintf("%.3f", f)
}

// fp formats a p-value: three decimals, "<0.001" below that.
func fp(x Num) string {
	if f := float64(x); !math.IsNaN(f) && f < 0.001 {
		return "<0.001"
	}
	return fnum(x)
}

// fci formats an interval "[lo, hi]", "" when there is none.
func fci(e Estimate) string {
	if math.IsNaN(float64(e.Lo)) && math.IsNaN(float64(e.Hi)) {
		return ""
	}
	return "[" + fnum(e.Lo) + ", " + fnum(e.Hi) + "]"
}

// fest formats "value [lo, hi]".
func fest(e Estimate) string {
	if ci := fci(e); ci != "" {
		return fnum(e.Value) + " " + ci
	}
	return fnum(e.Value)
}

// HeadRow is one row of the headline table.
type HeadRow struct {
	Figure string
	Est    Estimate
	N      string
}

// Headline returns the figures a researcher quotes first.
func (r *Report) Headline() []HeadRow {
	var rows []HeadRow
	add := func(name string, e Estimate, n string) { rows = append(rows, HeadRow{name, e, n}) }
	if s := r.Stance; s != nil {
		n := count(s.N, "unit") + ", " + count(s.Groups, "article")
		add("stance macro-F1", s.MacroF1, n)
		add("stance F_avg (pro_gov, pro_jdc)", s.FAvg, n)
		add("stance Cohen's κ", s.Kappa, n)
		add("stance accuracy", s.Accuracy, n)
		if s.Calib != nil {
			add("stance ECE (10 bins)", s.Calib.ECE, n)
		}
	}
	if s := r.Sentiment; s != nil {
		n := count(s.N, "unit") + ", " + count(s.Groups, "article")
		add("sentiment macro-F1", s.MacroF1, n)
		add("sentiment accuracy", s.Accuracy, n)
	}
	if c := r.Cleaning; c != nil {
		add("furniture removal precision (bytes)", c.BytePrecision.Est, fmt.Sprintf("%d/%d bytes", c.BytePrecision.Num, c.BytePrecision.Den))
		add("furniture removal recall (bytes)", c.ByteRecall.Est, fmt.Sprintf("%d/%d bytes", c.ByteRecall.Num, c.ByteRecall.Den))
	}
	if s := r.Segmentation; s != nil {
		add("segmentation: gold units matched exactly", s.Recall.Est, fmt.Sprintf("%d/%d units", s.Recall.Num, s.Recall.Den))
	}
	if a := r.Attribution; a != nil {
		for _, m := range a.Matches {
			add(fmt.Sprintf("quotes at %.1f overlap: precision", m.Threshold), m.Precision.Est, fmt.Sprintf("%d/%d predicted", m.TP, m.TP+m.FP))
			add(fmt.Sprintf("quotes at %.1f overlap: recall", m.Threshold), m.Recall.Est, fmt.Sprintf("%d/%d gold", m.TP, m.TP+m.FN))
		}
		add("quote speaker accuracy (matched at 0.3)", a.Speaker, fmt.Sprintf("%d quotes", a.Matched))
		add("quote speaker side accuracy", a.Side, fmt.Sprintf("%d quotes", a.Matched))
	}
	return rows
}

// WriteHeadline prints the headline table as aligned text.
func (r *Report) WriteHeadline(w io.Writer) error {
	fmt.Fprintf(w, "slant eval: %s (%s)\n", r.Gold.Path, r.Mode)
	fmt.Fprintln(w, wrap(r.Scoring, 100))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "figure\tvalue\t95% CI (articles resampled)\tn")
	for _, h := range r.Headline() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", h.Figure, fnum(h.Est.Value), fci(h.Est), h.N)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(r.Ablation) > 0 {
		fmt.Fprintln(w, "\nablation (stance)")
		tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "signal\tmacro-F1\tF_avg\tκ\taccuracy")
		for _, a := range r.Ablation {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", a.Signal, fest(a.MacroF1), fest(a.FAvg), fest(a.Kappa), fest(a.Accuracy))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if c := r.Compare; c != nil {
		fmt.Fprintf(w, "\nversus %s (%d units): macro-F1 %+.3f [%s, %s] p=%s; accuracy %+.3f [%s, %s] p=%s\n", c.Other.Path, c.N,
			float64(c.MacroF1.Diff), fnum(c.MacroF1.Lo), fnum(c.MacroF1.Hi), fp(c.MacroF1.P),
			float64(c.Accuracy.Diff), fnum(c.Accuracy.Lo), fnum(c.Accuracy.Hi), fp(c.Accuracy.P))
	}
	al := r.Alignment
	_, err := fmt.Fprintf(w, "\n%d content units scored (%s); %d hash mismatches, %d unmatched, %d without a prediction, %d with no article\n",
		al.Scored, viaSummary(al.ByVia), len(al.HashMismatch), len(al.Unmatched), len(al.NoPrediction), len(al.NoArticle))
	return err
}

func viaSummary(m map[Via]int) string {
	var parts []string
	for _, v := range []Via{ViaClaim, ViaGoldText, ViaFile} {
		if m[v] > 0 {
			parts = append(parts, fmt.Sprintf("%d via %s", m[v], v))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// mdEscape escapes text for a Markdown table cell or paragraph: the
// characters that start code, emphasis, links, HTML or cells are
// backslash-escaped (an underscore only at a word's edge, so that
// pro_gov stays readable), and line breaks become spaces.
func mdEscape(s string) string {
	var b strings.Builder
	rs := []rune(s)
	word := func(i int) bool {
		return i >= 0 && i < len(rs) && (unicode.IsLetter(rs[i]) || unicode.IsDigit(rs[i]))
	}
	for i, r := range rs {
		switch r {
		case '\\', '`', '*', '[', ']', '<', '>', '|':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '_':
			if !word(i-1) || !word(i+1) {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		case '\n', '\r':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// maxListed bounds the lines of each problem list in eval.md and
// eval.html (eval.json has them all).
const maxListed = 40

// WriteMarkdown writes eval.md: the tables with n and intervals, the
// problems met, and how everything was computed.
func (r *Report) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	p("# slant evaluation\n\n")
	p("- gold: `%s` (%s format, %d units: %d content, %d boilerplate, %d articles)", r.Gold.Path, r.Gold.Format, r.Gold.Units, r.Gold.Content, r.Gold.Boilerplate, r.Gold.Articles)
	if r.Gold.SHA256 != "" {
		p(", sha256 `%s`", r.Gold.SHA256)
	}
	p("\n- mode: %s", r.Mode)
	if r.Model != "" {
		p(", model `%s`", r.Model)
	}
	if r.Predictions != nil {
		p(", predictions `%s` (%d rows)", r.Predictions.Path, r.Predictions.Rows)
	}
	p("\n")
	if r.Command != "" {
		p("- command: `%s`\n", r.Command)
	}
	if r.Created != "" {
		p("- created: %s\n", r.Created)
	}
	p("\n> %s\n\n", mdEscape(r.Scoring))
	if r.CV != nil {
		p("Cross-validation folds (grouped by %s):\n\n| fold | held out | test units | training gold units |\n|---:|---|---:|---:|\n", r.CV.GroupBy)
		for i, f := range r.CV.Folds {
			p("| %d | %s | %d | %d |\n", i+1, mdEscape(strings.Join(f.Held, ", ")), f.Test, f.Train)
		}
		if r.CV.Extra > 0 {
			p("\nEvery fold also trains on the %d rows of `%s`, which are never evaluated.\n", r.CV.Extra, r.CV.ExtraName)
		}
		p("\n")
	}
	p("## Headline\n\n| figure | value | 95%% CI | n |\n|---|---:|---|---|\n")
	for _, h := range r.Headline() {
		p("| %s | %s | %s | %s |\n", mdEscape(h.Figure), fnum(h.Est.Value), fci(h.Est), h.N)
	}
	p("\n")
	if r.Stance != nil {
		p("## Stance\n\n")
		mdLabels(&b, r.Stance)
		if len(r.ByVia) > 0 {
			p("By how the prediction was obtained (claim: the pipeline's claim with the unit's span; gold-text: the model on the gold text):\n\n| via | n | accuracy | macro-F1 |\n|---|---:|---|---|\n")
			for _, v := range r.ByVia {
				p("| %s | %d | %s | %s |\n", v.Via, v.N, fest(v.Accuracy), fest(v.MacroF1))
			}
			p("\n")
		}
	}
	if r.Sentiment != nil || r.SentimentNote != "" {
		p("## Sentiment\n\n")
		if r.SentimentNote != "" {
			p("%s.\n\n", mdEscape(r.SentimentNote))
		}
		if r.Sentiment != nil {
			mdLabels(&b, r.Sentiment)
		}
	}
	if len(r.Ablation) > 0 || r.AblationNote != "" {
		p("## Ablation (stance)\n\n%s\n\n", mdEscape(r.AblationNote))
		if len(r.Ablation) > 0 {
			p("| signal | n | macro-F1 | F_avg | κ | accuracy | ECE |\n|---|---:|---|---|---|---|---|\n")
			for _, a := range r.Ablation {
				p("| %s | %d | %s | %s | %s | %s | %s |\n", a.Signal, a.N, fest(a.MacroF1), fest(a.FAvg), fest(a.Kappa), fest(a.Accuracy), fest(a.ECE))
			}
			p("\n")
		}
	}
	if c := r.Compare; c != nil {
		p("## Comparison with `%s`\n\nPaired bootstrap on the %d units both score (%d articles; %d units have no prediction in the other file). A = the evaluated predictions, B = the other file.\n\n", c.Other.Path, c.N, c.Groups, c.Missing)
		p("| figure | A | B | A − B | 95%% CI | p |\n|---|---:|---:|---:|---|---:|\n")
		for _, x := range []struct {
			name string
			v    Paired
		}{{"macro-F1", c.MacroF1}, {"accuracy", c.Accuracy}, {"F_avg", c.FAvg}} {
			p("| %s | %s | %s | %s | [%s, %s] | %s |\n", x.name, fnum(x.v.A), fnum(x.v.B), fnum(x.v.Diff), fnum(x.v.Lo), fnum(x.v.Hi), fp(x.v.P))
		}
		p("\n")
	}
	if c := r.Cleaning; c != nil {
		p("## Cleaning (furniture removal)\n\n%d articles, %d gold units of which %d boilerplate.\n\n", c.Articles, c.Units, c.Boilerplate)
		p("| figure | value | 95%% CI | counts |\n|---|---:|---|---|\n")
		for _, x := range []struct {
			name string
			r    Ratio
		}{{"precision (bytes)", c.BytePrecision}, {"recall (bytes)", c.ByteRecall}, {"precision (units)", c.UnitPrecision}, {"recall (units)", c.UnitRecall}} {
			p("| %s | %s | %s | %d/%d |\n", x.name, fnum(x.r.Est.Value), fci(x.r.Est), x.r.Num, x.r.Den)
		}
		p("\n")
		mdList(&b, "Boilerplate units the cleaner kept", c.Kept)
		mdList(&b, "Content units the cleaner removed", c.Dropped)
	}
	if s := r.Segmentation; s != nil {
		p("## Segmentation\n\n| figure | value | 95%% CI | counts |\n|---|---:|---|---|\n")
		p("| gold content units matched exactly by a claim | %s | %s | %d/%d |\n", fnum(s.Recall.Est.Value), fci(s.Recall.Est), s.Recall.Num, s.Recall.Den)
		p("| claims matching a gold unit exactly | %s | %s | %d/%d |\n\n", fnum(s.Precision.Est.Value), fci(s.Precision.Est), s.Precision.Num, s.Precision.Den)
	}
	if a := r.Attribution; a != nil {
		p("## Attribution (quotes, Gender Gap Tracker matching)\n\n%d gold quotes, %d predicted quote claims, %d articles.\n\n", a.GoldQuotes, a.PredQuotes, a.Articles)
		p("| overlap threshold | TP | FP | FN | precision [95%% CI] | recall [95%% CI] | F1 |\n|---:|---:|---:|---:|---|---|---:|\n")
		for _, m := range a.Matches {
			p("| %.1f | %d | %d | %d | %s | %s | %s |\n", m.Threshold, m.TP, m.FP, m.FN, fest(m.Precision.Est), fest(m.Recall.Est), fnum(m.F1))
		}
		p("\nSpeakers of the %d quotes matched at 0.3:\n\n| gold speaker side | n | speaker | side |\n|---|---:|---|---|\n", a.Matched)
		p("| all | %d | %s (exact names: %s) | %s |\n", a.Matched, fest(a.Speaker), fest(a.SpeakerExact), fest(a.Side))
		for _, s := range a.PerSide {
			p("| %s | %d | %s | %s |\n", mdEscape(s.Side), s.N, fest(s.Speaker), fest(s.SideAcc))
		}
		p("\n")
		mdList(&b, "Speaker errors", a.Wrong)
		if a.Voice != nil {
			p("Voice of the content units matched exactly by a claim: accuracy %s, macro-F1 %s, κ %s (n = %d).\n\n", fest(a.Voice.Accuracy), fest(a.Voice.MacroF1), fest(a.Voice.Kappa), a.Voice.N)
			mdConfusion(&b, a.Voice)
		}
	}
	if r.StagesNote != "" {
		p("## Cleaning, segmentation, attribution\n\n%s\n\n", mdEscape(r.StagesNote))
	}
	al := r.Alignment
	p("## Alignment and input problems\n\n%d content units, %d scored (%s); %d units (boilerplate included) have a claim with their exact span.\n\n",
		al.ContentUnits, al.Scored, viaSummary(al.ByVia), al.MatchedClaims)
	mdList(&b, "Hash mismatches", al.HashMismatch)
	mdList(&b, "Content units no claim matches exactly", al.Unmatched)
	mdList(&b, "Units without a prediction", al.NoPrediction)
	mdList(&b, "Units whose article is not in the corpus", al.NoArticle)
	mdList(&b, "Gold file problems", r.Gold.Problems)
	if r.Predictions != nil {
		mdList(&b, "Predictions file problems", r.Predictions.Problems)
	}
	if r.Compare != nil {
		mdList(&b, "Comparison file problems", r.Compare.Other.Problems)
	}
	mdList(&b, "Notes", r.Notes)
	p("## How computed\n\n")
	for _, h := range r.HowComputed {
		p("%s\n\n", mdEscape(h))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func mdLabels(b *strings.Builder, l *LabelReport) {
	p := func(format string, a ...any) { fmt.Fprintf(b, format, a...) }
	p("n = %d units in %d articles. Accuracy %s; macro-F1 %s; F_avg (%s) %s; Cohen's κ %s.\n\n",
		l.N, l.Groups, fest(l.Accuracy), fest(l.MacroF1), strings.Join(l.Sides, ", "), fest(l.FAvg), fest(l.Kappa))
	p("| label | gold n | predicted n | precision [95%% CI] | recall [95%% CI] | F1 [95%% CI] |\n|---|---:|---:|---|---|---|\n")
	for _, c := range l.Classes {
		p("| %s | %d | %d | %s | %s | %s |\n", c.Label, c.Support, c.Predicted, fest(c.Precision), fest(c.Recall), fest(c.F1))
	}
	p("\n")
	mdConfusion(b, l)
	if c := l.Calib; c != nil {
		p("Calibration (n = %d): ECE %s, Brier %s, log loss %s.\n\n| confidence bin | n | mean confidence | accuracy |\n|---|---:|---:|---:|\n",
			c.N, fest(c.ECE), fest(c.Brier), fest(c.LogLoss))
		for _, bin := range c.Diagram {
			p("| (%.1f, %.1f] | %d | %s | %s |\n", float64(bin.Lo), float64(bin.Hi), bin.Count, fnum(bin.Confidence), fnum(bin.Accuracy))
		}
		p("\n")
	}
}

func mdConfusion(b *strings.Builder, l *LabelReport) {
	fmt.Fprintf(b, "Confusion matrix (rows gold, columns predicted):\n\n| gold \\\\ predicted |")
	for _, x := range l.Labels {
		fmt.Fprintf(b, " %s |", x)
	}
	b.WriteString(" total |\n|---|")
	for range l.Labels {
		b.WriteString("---:|")
	}
	b.WriteString("---:|\n")
	for i, row := range l.Confusion {
		fmt.Fprintf(b, "| %s |", l.Labels[i])
		for _, c := range row {
			fmt.Fprintf(b, " %d |", c)
		}
		fmt.Fprintf(b, " %d |\n", l.GoldCounts[i])
	}
	b.WriteString("| total |")
	for _, c := range l.PredCounts {
		fmt.Fprintf(b, " %d |", c)
	}
	fmt.Fprintf(b, " %d |\n\n", l.N)
}

func mdList(b *strings.Builder, title string, items []string) {
	if len(items) == 0 {
		return
	}
	fmt.Fprintf(b, "%s (%d):\n\n", title, len(items))
	for i, s := range items {
		if i == maxListed {
			fmt.Fprintf(b, "- … %d more in eval.json\n", len(items)-maxListed)
			break
		}
		fmt.Fprintf(b, "- %s\n", mdEscape(s))
	}
	b.WriteString("\n")
}

// wrap breaks s into lines of at most width bytes at spaces.
func wrap(s string, width int) string {
	var b strings.Builder
	n := 0
	for i, w := range strings.Fields(s) {
		if i > 0 {
			if n+1+len(w) > width {
				b.WriteByte('\n')
				n = 0
			} else {
				b.WriteByte(' ')
				n++
			}
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}

// count writes n and a noun, plural unless n is 1.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
