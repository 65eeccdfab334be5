package report

import (
	"fmt"
	"html/template"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/bias"
)

// table is one table of the report, in plain text cells; the HTML and the
// Markdown renderings escape the cells each in their own way.
type table struct {
	Caption string
	Head    []string
	Rows    [][]string
	Note    string
}

// figure is one chart (HTML only).
type figure struct {
	ID, Title, Caption string
	SVG                template.HTML // rendered by gonum/plot, text escaped by vgsvg
	Err                string        // why the chart could not be drawn
	Empty              string        // why there is nothing to draw
}

// part is one section of the report.
type part struct {
	ID, Title string
	Intro     []string // paragraphs
	Figures   []figure
	Tables    []table
}

// view is everything both renderings show.
type view struct {
	Title    string
	Summary  []string
	Parts    []part
	Warnings []string
}

const dash = "–" // an undefined number

// num formats a measure value with two decimals and an explicit sign.
func num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return dash
	}
	if math.Abs(v) < 0.005 {
		return "0.00" // no "-0.00" or "+0.00"
	}
	return fmt.Sprintf("%+.2f", v)
}

// pct formats a share as a whole percentage.
func pct(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return dash
	}
	return fmt.Sprintf("%.0f%%", 100*v)
}

// pctBare formats a share bound without the percent sign.
func pctBare(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return dash
	}
	return fmt.Sprintf("%.0f", 100*v)
}

// claimMark marks a claim-level interval (bias.CIClaims): a source with a
// single article, whose intervals treat its claims as independent.
const claimMark = "†"

// claimNote explains claimMark under a table that shows it.
const claimNote = claimMark + " Claim-level interval (ci_method claims): the source has a single article, so the interval treats its claims as independent, which they are not; it understates the uncertainty."

// est formats a measure with its interval: "+0.20 [-0.54, +0.76]" or
// "29% [8, 64]", followed by mark when there is an interval; the interval
// (and mark) are left out when it does not exist.
func est(e *bias.Estimates, m bias.Measure, mark string) string {
	v, lo, hi := e.Value[m], e.Lo[m], e.Hi[m]
	if m.Kind() == bias.KindShare {
		if math.IsNaN(v) || math.IsNaN(lo) || math.IsNaN(hi) {
			return pct(v)
		}
		return fmt.Sprintf("%s [%s, %s]%s", pct(v), pctBare(lo), pctBare(hi), mark)
	}
	if math.IsNaN(v) || math.IsNaN(lo) || math.IsNaN(hi) {
		return num(v)
	}
	return fmt.Sprintf("%s [%s, %s]%s", num(v), num(lo), num(hi), mark)
}

// markOf returns the mark est puts on the intervals of s.
func markOf(s *bias.SourceMeasures) string {
	if s.CI == bias.CIClaims {
		return claimMark
	}
	return ""
}

// noteMarks sets t's note to claimNote when a cell past the first column
// (the source) ends with claimMark.
func noteMarks(t *table) {
	for _, r := range t.Rows {
		for _, c := range r[1:] {
			if strings.HasSuffix(c, "]"+claimMark) {
				t.Note = claimNote
				return
			}
		}
	}
}

func sectionName(s article.Section) string {
	switch s {
	case article.SectionBody:
		return "articles"
	case article.SectionComment:
		return "reader comments"
	}
	return string(s)
}

// clip shortens s to n runes, with an ellipsis, and folds white space.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// sourceName is "id" or "Outlet (id)".
func sourceName(s *bias.SourceMeasures) string {
	if s.Outlet == "" || s.Outlet == s.Source {
		return s.Source
	}
	return s.Outlet + " (" + s.Source + ")"
}

func note(s *bias.SourceMeasures, min int) string {
	var parts []string
	if s.SmallSample {
		parts = append(parts, fmt.Sprintf("small sample (< %d articles)", min))
	}
	if s.CI == bias.CIClaims {
		parts = append(parts, claimMark+" claim-level intervals")
	}
	return strings.Join(parts, "; ")
}

// plural returns "1 article" or "3 articles".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
