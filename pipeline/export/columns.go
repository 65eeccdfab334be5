package export

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/bias"
)

// column is one CSV column of rows of type T.
type column[T any] struct {
	name     string
	text     bool // a text column: neutralised on write, unneutralised on read
	required bool // a reader fails without it
	newer    bool // added in a later version: its absence is expected in older files, not reported
	get      func(*T) string
	set      func(*T, string) error
}

func names[T any](cols []column[T]) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.name
	}
	return out
}

func textCol[T any](name string, required bool, p func(*T) *string) column[T] {
	return column[T]{name: name, text: true, required: required,
		get: func(r *T) string { return *p(r) },
		set: func(r *T, s string) error { *p(r) = s; return nil }}
}

func intCol[T any](name string, required bool, p func(*T) *int) column[T] {
	return column[T]{name: name, required: required,
		get: func(r *T) string { return strconv.Itoa(*p(r)) },
		set: func(r *T, s string) (err error) { *p(r), err = parseInt(s); return err }}
}

func floatCol[T any](name string, p func(*T) *float64) column[T] {
	return column[T]{name: name,
		get: func(r *T) string { return FormatFloat(*p(r)) },
		set: func(r *T, s string) (err error) { *p(r), err = ParseFloat(s); return err }}
}

func sectionCol[T any](p func(*T) *article.Section) column[T] {
	return column[T]{name: "section", text: true, required: true,
		get: func(r *T) string { return string(*p(r)) },
		set: func(r *T, s string) error {
			switch article.Section(s) {
			case article.SectionBody, article.SectionComment:
				*p(r) = article.Section(s)
				return nil
			}
			return fmt.Errorf("section %q is neither body nor comment", s)
		}}
}

// measureCols returns the columns m, m_lo, m_hi of every measure.
func measureCols[T any](est func(*T) *bias.Estimates) []column[T] {
	var cols []column[T]
	for m := range bias.NumMeasures {
		cols = append(cols,
			floatCol(m.String(), func(r *T) *float64 { return &est(r).Value[m] }),
			floatCol(m.String()+"_lo", func(r *T) *float64 { return &est(r).Lo[m] }),
			floatCol(m.String()+"_hi", func(r *T) *float64 { return &est(r).Hi[m] }))
	}
	return cols
}

// countCols returns the count columns of bias.Counts (all but n_claims and
// n_scored, which come first) and the distinct speakers.
func countCols[T any](c func(*T) *bias.Counts, sp func(*T) *[bias.NumParties]int, required bool) []column[T] {
	ic := func(name string, req bool, p func(*bias.Counts) *int) column[T] {
		return intCol(name, req, func(r *T) *int { return p(c(r)) })
	}
	return []column[T]{
		ic("n_pro_gov", required, func(c *bias.Counts) *int { return &c.Stance[0] }),
		ic("n_neutral", required, func(c *bias.Counts) *int { return &c.Stance[1] }),
		ic("n_pro_jdc", required, func(c *bias.Counts) *int { return &c.Stance[2] }),
		ic("n_praise_gov", false, func(c *bias.Counts) *int { return &c.Praise[bias.PartyGov] }),
		ic("n_criticism_gov", false, func(c *bias.Counts) *int { return &c.Criticism[bias.PartyGov] }),
		ic("n_praise_jdc", false, func(c *bias.Counts) *int { return &c.Praise[bias.PartyJDC] }),
		ic("n_criticism_jdc", false, func(c *bias.Counts) *int { return &c.Criticism[bias.PartyJDC] }),
		ic("n_target_gov", false, func(c *bias.Counts) *int { return &c.Target[0] }),
		ic("n_target_jdc", false, func(c *bias.Counts) *int { return &c.Target[1] }),
		ic("n_target_both", false, func(c *bias.Counts) *int { return &c.Target[2] }),
		ic("n_attributed", false, func(c *bias.Counts) *int { return &c.Attributed }),
		ic("n_voice_gov", false, func(c *bias.Counts) *int { return &c.Voice[bias.PartyGov] }),
		ic("n_voice_jdc", false, func(c *bias.Counts) *int { return &c.Voice[bias.PartyJDC] }),
		ic("n_voice_other", false, func(c *bias.Counts) *int { return &c.Voice[bias.PartyOther] }),
		intCol("speakers_gov", false, func(r *T) *int { return &sp(r)[bias.PartyGov] }),
		intCol("speakers_jdc", false, func(r *T) *int { return &sp(r)[bias.PartyJDC] }),
		intCol("speakers_other", false, func(r *T) *int { return &sp(r)[bias.PartyOther] }),
		ic("n_author_scored", false, func(c *bias.Counts) *int { return &c.Author.Scored }),
		ic("n_author_pro_gov", false, func(c *bias.Counts) *int { return &c.Author.Stance[0] }),
		ic("n_author_pro_jdc", false, func(c *bias.Counts) *int { return &c.Author.Stance[2] }),
		ic("n_quoted_scored", false, func(c *bias.Counts) *int { return &c.Quoted.Scored }),
		ic("n_quoted_pro_gov", false, func(c *bias.Counts) *int { return &c.Quoted.Stance[0] }),
		ic("n_quoted_pro_jdc", false, func(c *bias.Counts) *int { return &c.Quoted.Stance[2] }),
	}
}

// claimRow is one row of claims.csv.
type claimRow struct {
	articleID, source string
	claim             article.Claim
	score             article.Score
	scored            bool
}

var claimCols = func() []column[claimRow] {
	type R = claimRow
	str := func(name string, req bool, p func(*R) *string) column[R] { return textCol(name, req, p) }
	in := func(name string, p func(*R) *int) column[R] { return intCol(name, false, p) }
	// Score columns are empty when the claim has no score.
	sf := func(name string, p func(*R) *float64) column[R] {
		return column[R]{name: name,
			get: func(r *R) string {
				if !r.scored {
					return ""
				}
				return FormatFloat(*p(r))
			},
			set: func(r *R, s string) (err error) { *p(r), err = ParseFloat(s); return err }}
	}
	ss := func(name string, p func(*R) *string) column[R] {
		return column[R]{name: name, text: true,
			get: func(r *R) string {
				if !r.scored {
					return ""
				}
				return *p(r)
			},
			set: func(r *R, s string) error { *p(r) = s; return nil }}
	}
	strT := func(name string, p func(*R) *string) column[R] { return str(name, false, p) }
	return []column[R]{
		str("article_id", true, func(r *R) *string { return &r.articleID }),
		str("source", true, func(r *R) *string { return &r.source }),
		sectionCol(func(r *R) *article.Section { return &r.claim.Section }),
		in("comment", func(r *R) *int { return &r.claim.Comment }),
		strT("commenter", func(r *R) *string { return &r.claim.Commenter }),
		str("claim_id", true, func(r *R) *string { return &r.claim.ID }),
		in("paragraph", func(r *R) *int { return &r.claim.Paragraph }),
		in("sentence", func(r *R) *int { return &r.claim.Sentence }),
		in("start", func(r *R) *int { return &r.claim.Start }),
		in("end", func(r *R) *int { return &r.claim.End }),
		strT("kind", func(r *R) *string { return (*string)(&r.claim.Kind) }),
		strT("speaker", func(r *R) *string { return &r.claim.Speaker }),
		strT("speaker_side", func(r *R) *string { return (*string)(&r.claim.SpeakerSide) }),
		strT("voice", func(r *R) *string { return (*string)(&r.claim.Voice) }),
		strT("text", func(r *R) *string { return &r.claim.Text }),
		ss("stance", func(r *R) *string { return (*string)(&r.score.Stance) }),
		sf("p_pro_gov", func(r *R) *float64 { return &r.score.P[0] }),
		sf("p_neutral", func(r *R) *float64 { return &r.score.P[1] }),
		sf("p_pro_jdc", func(r *R) *float64 { return &r.score.P[2] }),
		sf("stance_score", func(r *R) *float64 { return &r.score.StanceScore }),
		sf("sentiment", func(r *R) *float64 { return &r.score.Sentiment }),
		ss("sentiment_label", func(r *R) *string { return &r.score.SentimentLabel }),
		ss("target_side", func(r *R) *string { return (*string)(&r.score.TargetSide) }),
		ss("model", func(r *R) *string { return &r.score.Model }),
	}
}()

var articleCols = func() []column[bias.ArticleMeasures] {
	type R = bias.ArticleMeasures
	str := func(name string, req bool, p func(*R) *string) column[R] { return textCol(name, req, p) }
	cols := []column[R]{
		str("article_id", true, func(r *R) *string { return &r.ArticleID }),
		str("source", true, func(r *R) *string { return &r.Source }),
		sectionCol(func(r *R) *article.Section { return &r.Section }),
		str("outlet", false, func(r *R) *string { return &r.Outlet }),
		str("title", false, func(r *R) *string { return &r.Title }),
		str("author", false, func(r *R) *string { return &r.Author }),
		str("date", false, func(r *R) *string { return &r.Date }),
		str("url", false, func(r *R) *string { return &r.URL }),
		str("kind", false, func(r *R) *string { return &r.Kind }),
		intCol("n_claims", false, func(r *R) *int { return &r.Counts.Claims }),
		intCol("n_scored", false, func(r *R) *int { return &r.Counts.Scored }),
	}
	cols = append(cols, measureCols(func(r *R) *bias.Estimates { return &r.Estimates })...)
	return append(cols, countCols(func(r *R) *bias.Counts { return &r.Counts },
		func(r *R) *[bias.NumParties]int { return &r.Speakers }, false)...)
}()

// CIMethodColumn names the column of sources.csv that says how a row's
// intervals were computed (bias.CIMethod): "articles" (bootstrap over the
// source's articles), "claims" (a single article: claim-level intervals,
// which treat its claims as independent and understate the uncertainty)
// or empty (no interval).
const CIMethodColumn = "ci_method"

var sourceCols = func() []column[bias.SourceMeasures] {
	type R = bias.SourceMeasures
	cols := []column[R]{
		textCol("source", true, func(r *R) *string { return &r.Source }),
		sectionCol(func(r *R) *article.Section { return &r.Section }),
		textCol("outlet", false, func(r *R) *string { return &r.Outlet }),
		intCol("n_articles", true, func(r *R) *int { return &r.Articles }),
		{name: "small_sample",
			get: func(r *R) string { return strconv.FormatBool(r.SmallSample) },
			set: func(r *R, s string) (err error) { r.SmallSample, err = parseBool(s); return err }},
		{name: CIMethodColumn, text: true, newer: true,
			get: func(r *R) string { return string(r.CI) },
			set: func(r *R, s string) error {
				m, ok := bias.ParseCIMethod(strings.TrimSpace(s))
				if !ok {
					return fmt.Errorf("%q is not articles, claims or empty", s)
				}
				r.CI = m
				return nil
			}},
		intCol("n_claims", true, func(r *R) *int { return &r.Counts.Claims }),
		intCol("n_scored", true, func(r *R) *int { return &r.Counts.Scored }),
	}
	cols = append(cols, measureCols(func(r *R) *bias.Estimates { return &r.Estimates })...)
	return append(cols, countCols(func(r *R) *bias.Counts { return &r.Counts },
		func(r *R) *[bias.NumParties]int { return &r.Speakers }, true)...)
}()

// ClaimsColumns returns the header of claims.csv.
func ClaimsColumns() []string { return names(claimCols) }

// ArticlesColumns returns the header of articles.csv.
func ArticlesColumns() []string { return names(articleCols) }

// SourcesColumns returns the header of sources.csv.
func SourcesColumns() []string { return names(sourceCols) }
