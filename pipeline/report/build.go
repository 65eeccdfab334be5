package report

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"

	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/bias"
)

// DefaultTitle heads a report whose Meta has no Title.
const DefaultTitle = "How each source covers the dispute"

// maxMatrix is the largest number of sources shown as a full JSD matrix;
// beyond it the report lists the most different pairs.
const maxMatrix = 12

// maxNotes is the most run remarks (Meta.Notes) the report lists.
const maxNotes = 20

// maxPairs is the number of pairs listed beyond maxMatrix sources.
const maxPairs = 30

// sectionRows groups res.Sources by section, body first.
func sectionRows(res *bias.Result) []sectionGroup {
	var out []sectionGroup
	for _, sec := range []article.Section{article.SectionBody, article.SectionComment} {
		g := sectionGroup{section: sec}
		for i := range res.Sources {
			if res.Sources[i].Section == sec {
				g.rows = append(g.rows, &res.Sources[i])
			}
		}
		if len(g.rows) > 0 {
			out = append(out, g)
		}
	}
	return out
}

type sectionGroup struct {
	section article.Section
	rows    []*bias.SourceMeasures
}

func (g sectionGroup) caption(what string) string {
	return fmt.Sprintf("%s — %s", what, sectionName(g.section))
}

func (g sectionGroup) labels() []string {
	l := make([]string, len(g.rows))
	for i, s := range g.rows {
		l[i] = rowLabel(s)
	}
	return l
}

func (g sectionGroup) values(m bias.Measure) (v, lo, hi []float64) {
	for _, s := range g.rows {
		v, lo, hi = append(v, s.Value[m]), append(lo, s.Lo[m]), append(hi, s.Hi[m])
	}
	return v, lo, hi
}

// claimsCaption is the chart caption's remark on claimMark: empty unless
// a row of g has claim-level intervals.
func (g sectionGroup) claimsCaption() string {
	for _, s := range g.rows {
		if s.CI == bias.CIClaims {
			return " (" + claimMark + ": over the claims of a single article)"
		}
	}
	return ""
}

// options returns the aggregation options to describe, and whether they
// are known.
func options(res *bias.Result, meta *Meta) (bias.Options, bool) {
	if res.Options.Bootstrap != 0 {
		return res.Options, true
	}
	if meta.Bias != nil {
		return *meta.Bias, true
	}
	return bias.Options{}, false
}

// build makes the report's view; charts only when withCharts.
func build(res *bias.Result, meta *Meta, withCharts bool) view {
	v := view{Title: meta.Title}
	if v.Title == "" {
		v.Title = DefaultTitle
	}
	opt, known := options(res, meta)
	minArticles := opt.MinArticles
	if minArticles == 0 {
		minArticles = bias.DefaultMinArticles
	}
	groups := sectionRows(res)
	nsrc := map[string]bool{}
	for _, s := range res.Sources {
		nsrc[s.Source] = true
	}
	v.Summary = append(v.Summary, fmt.Sprintf("%s from %s; %s, of which %d scored for stance and sentiment.",
		plural(res.Articles, "article"), plural(len(nsrc), "source"), plural(res.Claims, "claim"), res.Scored))
	v.Summary = append(v.Summary, "Stance runs from pro_gov (the government side: Jeremy Hunt, the Department of Health, NHS Employers, the new contract) "+
		"to pro_jdc (the BMA's Junior Doctors Committee and the striking doctors). An outlet's own text and its readers' comments are measured separately. "+
		"Figures in brackets are 95% intervals from a bootstrap over each source's articles.")
	for _, s := range res.Sources {
		if s.CI == bias.CIClaims {
			v.Summary[len(v.Summary)-1] += " A source with a single article has nothing to resample but its claims: its intervals (marked " + claimMark +
				") are claim-level, treat those claims as independent, and so are too narrow."
			break
		}
	}

	slant := part{ID: "slant", Title: "Net slant by source", Intro: []string{
		"Net slant = (n_pro_jdc − n_pro_gov) / (n_pro_jdc + n_pro_gov) over the claims that take a side: −1 when every such claim favours the government side, +1 when every one favours the JDC side, 0 when they balance. " +
			"The mean stance score is the average of p(pro_jdc) − p(pro_gov) over all scored claims, neutral ones included.",
	}}
	mix := part{ID: "mix", Title: "Stance mix", Intro: []string{"Share of scored claims in each stance class, with the mean sentiment of those claims (−1 negative … +1 positive)."}}
	praise := part{ID: "praise", Title: "Praise and criticism", Intro: []string{
		"Praise of a side = claims about that side (target gov, jdc or both) with a positive sentiment label; criticism = claims about it with a negative label; as shares of all scored claims. " +
			"Criticising one side is not the same as praising the other, so the four are counted separately.",
	}}
	voice := part{ID: "voice", Title: "Voice balance", Intro: []string{
		"Of the claims in someone else's words (direct quotes and reported speech), the share whose speaker is on each side; \"other\" covers speakers on neither side and unidentified ones. Distinct speakers are counted by name.",
	}}
	authorq := part{ID: "author", Title: "Author voice and quoted voice", Intro: []string{
		"The outlet's own sentences (in comments: the commenter's) against the words it quotes or reports. A source can quote one side while writing for the other.",
	}}
	coverage := part{ID: "coverage", Title: "Coverage", Intro: []string{
		"Share of scored claims about each side (a claim about both counts for each), and the mean sentiment of the claims about each side.",
	}}
	for _, g := range groups {
		labels := g.labels()
		n := len(g.rows)
		if withCharts {
			nv, nlo, nhi := g.values(bias.NetSlant)
			title := "Net slant by source — " + sectionName(g.section)
			slant.Figures = append(slant.Figures, chart("chart-slant-"+string(g.section), title,
				"Dots: net slant; whiskers: 95% interval, from a bootstrap over articles"+g.claimsCaption()+". * fewer than "+fmt.Sprint(minArticles)+" articles.",
				emptyIf(allNaN(nv), "no claim takes a side."), n,
				func() (*plot.Plot, error) {
					return dotChart(title, "net slant  (−1 all pro_gov … +1 all pro_jdc)", labels,
						[]dotSeries{{v: nv, lo: nlo, hi: nhi, colour: colAuthor, shape: draw.CircleGlyph{}}})
				}))
			mtitle := "Stance mix by source — " + sectionName(g.section)
			sg, _, _ := g.values(bias.ShareProGov)
			sn, _, _ := g.values(bias.ShareNeutral)
			sj, _, _ := g.values(bias.ShareProJDC)
			mix.Figures = append(mix.Figures, chart("chart-mix-"+string(g.section), mtitle, "Share of scored claims by stance.",
				emptyIf(allNaN(sg, sn, sj), "no scored claims."), n,
				func() (*plot.Plot, error) {
					return stackChart(mtitle, "share of scored claims", labels, []stackSeries{
						{"pro_gov", sg, colGov}, {"neutral", sn, colNeutral}, {"pro_jdc", sj, colJDC}})
				}))
			vtitle := "Voice balance by source — " + sectionName(g.section)
			vgov, _, _ := g.values(bias.ShareVoiceGov)
			vj, _, _ := g.values(bias.ShareVoiceJDC)
			vo, _, _ := g.values(bias.ShareVoiceOther)
			voice.Figures = append(voice.Figures, chart("chart-voice-"+string(g.section), vtitle,
				"Share of quoted and reported claims by the side of their speaker.",
				emptyIf(allNaN(vgov, vj, vo), "no quoted or reported claims."), n,
				func() (*plot.Plot, error) {
					return stackChart(vtitle, "share of quoted and reported claims", labels, []stackSeries{
						{"gov speakers", vgov, colGov}, {"other / unknown", vo, colOther}, {"jdc speakers", vj, colJDC}})
				}))
			atitle := "Author voice and quoted voice — " + sectionName(g.section)
			av, alo, ahi := g.values(bias.AuthorNetSlant)
			qv, qlo, qhi := g.values(bias.QuotedNetSlant)
			authorq.Figures = append(authorq.Figures, chart("chart-author-"+string(g.section), atitle,
				"Net slant of the author's own claims (dark circles) and of quoted and reported claims (green squares), with 95% intervals.",
				emptyIf(allNaN(av, qv), "no claim takes a side."), n,
				func() (*plot.Plot, error) {
					return dotChart(atitle, "net slant  (−1 all pro_gov … +1 all pro_jdc)", labels, []dotSeries{
						{name: "author", v: av, lo: alo, hi: ahi, colour: colAuthor, shape: draw.CircleGlyph{}, offset: 0.15},
						{name: "quoted / reported", v: qv, lo: qlo, hi: qhi, colour: colQuoted, shape: draw.BoxGlyph{}, offset: -0.15}})
				}))
		}

		st := table{Caption: g.caption("Net slant"), Head: []string{"Source", "Articles", "Claims", "Scored", "Net slant [95% CI]", "Mean stance score [95% CI]", "Note"}}
		mt := table{Caption: g.caption("Stance mix"), Head: []string{"Source", "pro_gov", "neutral", "pro_jdc", "Mean sentiment"}}
		pt := table{Caption: g.caption("Praise and criticism"), Head: []string{"Source", "Praise of gov", "Criticism of gov", "Praise of jdc", "Criticism of jdc"}}
		vt := table{Caption: g.caption("Voice balance"), Head: []string{"Source", "Quoted + reported", "gov speakers", "jdc speakers", "other / unknown", "Distinct speakers gov / jdc / other"}}
		at := table{Caption: g.caption("Author voice and quoted voice"), Head: []string{"Source", "Author claims", "Author net slant", "Author mean stance", "Quoted claims", "Quoted net slant", "Quoted mean stance"}}
		ct := table{Caption: g.caption("Coverage"), Head: []string{"Source", "About gov", "About jdc", "About both", "Sentiment toward gov", "Sentiment toward jdc"}}
		for _, s := range g.rows {
			e, mark := &s.Estimates, markOf(s)
			st.Rows = append(st.Rows, []string{sourceName(s), fmt.Sprint(s.Articles), fmt.Sprint(s.Counts.Claims), fmt.Sprint(s.Counts.Scored),
				est(e, bias.NetSlant, mark), est(e, bias.MeanStanceScore, mark), note(s, minArticles)})
			mt.Rows = append(mt.Rows, []string{s.Source, est(e, bias.ShareProGov, mark), est(e, bias.ShareNeutral, mark), est(e, bias.ShareProJDC, mark), est(e, bias.MeanSentiment, mark)})
			pt.Rows = append(pt.Rows, []string{s.Source, est(e, bias.SharePraiseGov, mark), est(e, bias.ShareCriticismGov, mark), est(e, bias.SharePraiseJDC, mark), est(e, bias.ShareCriticismJDC, mark)})
			vt.Rows = append(vt.Rows, []string{s.Source, fmt.Sprint(s.Counts.Attributed), est(e, bias.ShareVoiceGov, mark), est(e, bias.ShareVoiceJDC, mark), est(e, bias.ShareVoiceOther, mark),
				fmt.Sprintf("%d / %d / %d", s.Speakers[bias.PartyGov], s.Speakers[bias.PartyJDC], s.Speakers[bias.PartyOther])})
			at.Rows = append(at.Rows, []string{s.Source, fmt.Sprint(s.Counts.Author.Scored), est(e, bias.AuthorNetSlant, mark), est(e, bias.AuthorMeanStanceScore, mark),
				fmt.Sprint(s.Counts.Quoted.Scored), est(e, bias.QuotedNetSlant, mark), est(e, bias.QuotedMeanStanceScore, mark)})
			ct.Rows = append(ct.Rows, []string{s.Source, est(e, bias.ShareMentionsGov, mark), est(e, bias.ShareMentionsJDC, mark), est(e, bias.ShareMentionsBoth, mark),
				est(e, bias.SentimentTowardGov, mark), est(e, bias.SentimentTowardJDC, mark)})
		}
		for _, t := range []*table{&st, &mt, &pt, &vt, &at, &ct} {
			noteMarks(t)
		}
		slant.Tables = append(slant.Tables, st)
		mix.Tables = append(mix.Tables, mt)
		praise.Tables = append(praise.Tables, pt)
		voice.Tables = append(voice.Tables, vt)
		authorq.Tables = append(authorq.Tables, at)
		coverage.Tables = append(coverage.Tables, ct)
	}
	if len(groups) == 0 {
		slant.Intro = append(slant.Intro, "No source has any claims: there is nothing to measure.")
	}
	v.Parts = append(v.Parts, slant, mix, praise, voice, authorq, coverage, topClaims(groups, opt.TopK), compare(res), method(res, meta, opt, known, minArticles))
	v.Warnings = append(v.Warnings, res.Warnings...)
	notes := meta.Notes
	if len(notes) > maxNotes {
		notes = append(notes[:maxNotes:maxNotes], fmt.Sprintf("… and %d more remarks from the run (see run.json)", len(meta.Notes)-maxNotes))
	}
	v.Warnings = append(v.Warnings, notes...)
	return v
}

func emptyIf(cond bool, why string) string {
	if cond {
		return why
	}
	return ""
}

func speakerCell(c *bias.TopClaim) string {
	if c.Voice != article.VoiceQuote && c.Voice != article.VoiceReported {
		return "(author)"
	}
	name := strings.TrimSpace(c.Speaker)
	if name == "" {
		name = "unidentified"
	}
	side := string(c.SpeakerSide)
	if side == "" {
		side = "none"
	}
	return fmt.Sprintf("%s (%s, %s)", name, side, c.Voice)
}

func topClaims(groups []sectionGroup, k int) part {
	p := part{ID: "claims", Title: "Most one-sided claims", Intro: []string{
		"For each source, the claims labelled pro_gov with the lowest stance score and those labelled pro_jdc with the highest: what the numbers above are made of. Check them before quoting a figure.",
	}}
	if k > 0 {
		p.Intro[0] += fmt.Sprintf(" Up to %d per direction.", k)
	}
	for _, g := range groups {
		t := table{Caption: g.caption("Most one-sided claims"), Head: []string{"Source", "Direction", "Stance score", "Speaker", "Claim", "Article"}}
		for _, s := range g.rows {
			for _, dir := range []struct {
				name string
				cs   []bias.TopClaim
			}{{"pro_gov", s.TopProGov}, {"pro_jdc", s.TopProJDC}} {
				for i := range dir.cs {
					c := &dir.cs[i]
					t.Rows = append(t.Rows, []string{s.Source, dir.name, num(c.StanceScore), speakerCell(c), clip(c.Text, 400), c.ArticleID})
				}
			}
		}
		if len(t.Rows) == 0 {
			t.Note = "No claim is labelled pro_gov or pro_jdc."
		}
		p.Tables = append(p.Tables, t)
	}
	return p
}

func pval(p float64) string {
	switch {
	case math.IsNaN(p):
		return dash
	case p < 0.001:
		return "< 0.001"
	}
	return fmt.Sprintf("%.3f", p)
}

func fixed(v float64, prec int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return dash
	}
	return fmt.Sprintf("%.*f", prec, v)
}

func compare(res *bias.Result) part {
	p := part{ID: "compare", Title: "Comparing sources", Intro: []string{
		"Pearson's chi-square test of independence of source × stance (pro_gov, neutral, pro_jdc) over scored claims, and the Jensen–Shannon divergence (base 2: 0 identical stance mixes, 1 nothing in common) between each pair of sources. " +
			"The test treats claims as independent, but claims of one article are not, so its p-value is optimistic; prefer the bootstrap intervals above.",
	}}
	chi := table{Caption: "Chi-square test of source × stance", Head: []string{"Section", "Sources", "Claims", "χ²", "df", "p", "Cramér's V", "Cells with expected < 5", "Note"}}
	for _, c := range res.Comparisons {
		row := []string{sectionName(c.Section), fmt.Sprint(len(c.Sources)), fixed(c.Chi.N, 0), fixed(c.Chi.Stat, 2), fmt.Sprint(c.Chi.DF), pval(c.Chi.P), fixed(c.Chi.CramersV, 2),
			fmt.Sprintf("%d of %d", c.Chi.LowExpected, c.Chi.Cells), c.Chi.Err}
		if c.Chi.Err != "" {
			row[4], row[7] = dash, dash
		} else if c.Chi.LowExpected > 0 {
			row[8] = "approximate: expected counts below 5"
		}
		chi.Rows = append(chi.Rows, row)
	}
	if len(chi.Rows) == 0 {
		chi.Note = "No source has scored claims."
	}
	p.Tables = append(p.Tables, chi)
	for _, c := range res.Comparisons {
		if len(c.Sources) < 2 {
			continue
		}
		if len(c.Sources) <= maxMatrix {
			t := table{Caption: "Jensen–Shannon divergence of stance mixes — " + sectionName(c.Section), Head: append([]string{""}, c.Sources...)}
			for i, s := range c.Sources {
				row := []string{s}
				for j := range c.Sources {
					if i == j {
						row = append(row, dash)
					} else {
						row = append(row, fixed(c.JSD[i][j], 3))
					}
				}
				t.Rows = append(t.Rows, row)
			}
			p.Tables = append(p.Tables, t)
			continue
		}
		type pair struct {
			a, b string
			d    float64
		}
		var pairs []pair
		for i := range c.Sources {
			for j := range i {
				pairs = append(pairs, pair{c.Sources[j], c.Sources[i], c.JSD[i][j]})
			}
		}
		for i := 1; i < len(pairs); i++ { // insertion sort, largest first, stable
			for j := i; j > 0 && (pairs[j].d > pairs[j-1].d || math.IsNaN(pairs[j-1].d) && !math.IsNaN(pairs[j].d)); j-- {
				pairs[j], pairs[j-1] = pairs[j-1], pairs[j]
			}
		}
		t := table{Caption: fmt.Sprintf("Most different pairs of sources (Jensen–Shannon divergence) — %s", sectionName(c.Section)),
			Head: []string{"Source", "Source", "JSD"},
			Note: fmt.Sprintf("%d sources: the %d most different of %d pairs.", len(c.Sources), min(maxPairs, len(pairs)), len(pairs))}
		for _, pr := range pairs[:min(maxPairs, len(pairs))] {
			t.Rows = append(t.Rows, []string{pr.a, pr.b, fixed(pr.d, 3)})
		}
		p.Tables = append(p.Tables, t)
	}
	return p
}

// claimMethod describes the claim-level fallback intervals (bias.CIClaims).
const claimMethod = "A source with a single article (in a section) has no article bootstrap: resampling one article always gives the same article. " +
	"Its intervals are claim-level instead, marked " + claimMark + " (ci_method = claims in sources.csv; articles for the bootstrap): Wilson score intervals for shares and net slants " +
	"(the net slant's from the pro_jdc share p of its side-taking claims, as 2p − 1), and Student-t intervals for means (mean ± t·s/√n over the claims' values, " +
	"from their sum and sum of squares, within [−1, 1]). They treat the article's claims as independent, which they are not, so they understate the uncertainty."

func method(res *bias.Result, meta *Meta, opt bias.Options, known bool, minArticles int) part {
	p := part{ID: "method", Title: "How these figures were computed"}
	models := meta.Models
	if len(models) == 0 {
		models = res.Models
	}
	add := func(format string, a ...any) { p.Intro = append(p.Intro, fmt.Sprintf(format, a...)) }
	if len(models) > 0 {
		add("Claims were scored by model %s.", strings.Join(models, ", "))
	} else {
		add("The model version was not recorded.")
	}
	if meta.Profile != "" {
		add("Sides, actors and stance cues come from the dispute profile %s.", meta.Profile)
	}
	if meta.Version != "" {
		add("Made with slant %s.", meta.Version)
	}
	if meta.Created != "" {
		add("Run made %s.", meta.Created)
	}
	if len(meta.Inputs) > 0 {
		add("Inputs: %s.", strings.Join(meta.Inputs, ", "))
	}
	add("Counts: %s (%d with no claims), %s, %d scored.", plural(res.Articles, "article"), res.Empty, plural(res.Claims, "claim"), res.Scored)
	if meta.Failed > 0 || meta.Skipped > 0 {
		add("Not measured: %d article(s) failed to process, %d input record(s) skipped.", meta.Failed, meta.Skipped)
	}
	add("Articles are split into claims (sentences, or clauses of long sentences), each attributed to the author or to a quoted or reported speaker. " +
		"Each claim gets a stance (pro_gov, neutral, pro_jdc, with probabilities; stance score = p(pro_jdc) − p(pro_gov)), a sentiment in [−1, 1] with a label, and a target side (gov, jdc, both, none). " +
		"Claims without a usable score count only in the claim totals and the voice balance.")
	add("Source figures pool the claims of all the source's articles, so a long article weighs more than a short one. A figure with no claims in its denominator is undefined (–), not zero.")
	if known && opt.Bootstrap > 0 {
		add("95%% intervals: percentile bootstrap with %d replicates, resampling whole articles within each source and section (claims of one article are not independent), seed %d. "+
			"Sources with fewer than %d articles are marked as small samples: their intervals are unreliable.", opt.Bootstrap, opt.Seed, minArticles)
		add("%s", claimMethod)
	} else if known {
		add("No bootstrap was run: source figures have no intervals.")
	} else {
		add("The bootstrap settings were not recorded (no run.json): intervals are as found in sources.csv (percentile bootstrap over articles, or claim-level where its ci_method column says claims, marked %s). "+
			"Sources flagged small_sample have fewer articles than the run's threshold (default %d).", claimMark, bias.DefaultMinArticles)
		add("%s", claimMethod)
	}
	add("Files: claims.csv (one row per claim), articles.csv (one row per article and section, with claim-level Wilson intervals for shares), sources.csv (one row per source and section, with intervals and their ci_method (articles or claims)). They join on article_id, source and section.")
	return p
}
