package bias

import (
	"cmp"
	"context"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"

	"github.com/slant-project/slant/pipeline/article"
)

// Defaults for Options.
const (
	DefaultBootstrap   = 2000 // bootstrap replicates
	DefaultMinArticles = 5    // sources with fewer articles are flagged small_sample
	DefaultTopK        = 5    // claims kept per source and direction
)

// chunk is the number of replicates drawn from one random stream; the
// streams depend only on the seed, the source, the section and the chunk
// index, so results do not depend on the number of workers.
const chunk = 250

// Options configure an Aggregator. The zero value gives the defaults.
type Options struct {
	// Bootstrap is the number of bootstrap replicates (0: DefaultBootstrap;
	// negative: no intervals at source level, all bounds NaN).
	Bootstrap int `json:"bootstrap"`
	// Seed seeds the bootstrap's random streams (0 is a seed like any other).
	Seed uint64 `json:"seed"`
	// MinArticles: a source section with fewer articles is flagged
	// SmallSample (0: DefaultMinArticles).
	MinArticles int `json:"min_articles"`
	// TopK is the number of most pro_gov and most pro_jdc claims kept per
	// source section (0: DefaultTopK; negative: none).
	TopK int `json:"top_k"`
	// Workers bounds the goroutines of the bootstrap (0: GOMAXPROCS). It
	// does not change the result.
	Workers int `json:"-"`
}

// withDefaults returns o with zero fields set to their defaults.
func (o Options) withDefaults() Options {
	if o.Bootstrap == 0 {
		o.Bootstrap = DefaultBootstrap
	}
	if o.MinArticles == 0 {
		o.MinArticles = DefaultMinArticles
	}
	if o.TopK == 0 {
		o.TopK = DefaultTopK
	}
	if o.TopK < 0 {
		o.TopK = 0
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	return o
}

// CIMethod says how the intervals of a SourceMeasures were computed.
type CIMethod string

// Interval methods.
const (
	// CINone: no interval (the bootstrap is off, or no measure is defined).
	CINone CIMethod = ""
	// CIArticles: 95% percentile bootstrap resampling the source's
	// articles (Bootstrap), for a source section with two or more.
	CIArticles CIMethod = "articles"
	// CIClaims: the source section has a single article, so a bootstrap
	// over articles is degenerate; its intervals are claim-level
	// (ClaimEstimates: Wilson for shares and net slants, Student t for
	// means). They treat the article's claims as independent, which they
	// are not, and so understate the uncertainty.
	CIClaims CIMethod = "claims"
)

// ParseCIMethod returns the CIMethod named s ("", "articles" or "claims").
func ParseCIMethod(s string) (CIMethod, bool) {
	switch m := CIMethod(s); m {
	case CINone, CIArticles, CIClaims:
		return m, true
	}
	return CINone, false
}

// SourceMeasures are the measures of one section of one source (a row of
// sources.csv).
type SourceMeasures struct {
	Source, Outlet string
	Section        article.Section
	// Articles counts the source's articles with at least one claim in
	// this section: the units the bootstrap resamples.
	Articles int
	// SmallSample is Articles < Options.MinArticles: the intervals are
	// unreliable (but the row is kept).
	SmallSample bool
	// CI says how the intervals were computed: CIArticles for two or more
	// articles, CIClaims for one, CINone when there is no interval.
	CI CIMethod
	// Counts are the pooled counts of all those articles.
	Counts Counts
	// Speakers counts distinct speakers per Party over all the articles.
	Speakers [NumParties]int
	// Estimates hold the pooled measures (Compute of Counts) and their
	// 95% intervals: the article bootstrap (Bootstrap) for two or more
	// articles, the claim-level fallback (ClaimEstimates) for one; see CI.
	Estimates
	// TopProGov and TopProJDC are the most one-sided claims (see Top).
	TopProGov, TopProJDC []TopClaim
}

// Result is what an Aggregator found.
type Result struct {
	// Options are the options used, defaults filled in.
	Options Options
	// Sources holds one entry per source and section, sorted by source
	// then section (body before comment).
	Sources []SourceMeasures
	// Comparisons holds the between-source tests, one per section.
	Comparisons []Comparison
	// Articles counts the articles added, Empty those without claims;
	// Claims and Scored count all claims and the scored ones.
	Articles, Empty, Claims, Scored int
	// Models lists the distinct Score.Model values seen, sorted.
	Models []string
	// Warnings are one-line remarks for the report (small samples,
	// doubtful tests, unscored claims), sorted by kind then source.
	Warnings []string
}

type groupKey struct {
	source  string
	section article.Section
}

type unit struct {
	id     string
	counts Counts
}

type group struct {
	key      groupKey
	outlet   string
	outletBy string // article id that gave the outlet name (the smallest)
	units    []unit
	total    Counts
	speakers [NumParties]map[string]struct{}
	top      Top
}

// Aggregator accumulates per-article summaries and computes per-source
// measures. Add may be called from several goroutines. Memory grows by one
// Counts (about 290 bytes) per article section plus the distinct speakers
// and k claims per source, never by the claims themselves.
type Aggregator struct {
	opt Options

	mu       sync.Mutex
	groups   map[groupKey]*group
	models   map[string]struct{}
	articles int
	empty    int
}

// NewAggregator returns an empty Aggregator.
func NewAggregator(opt Options) *Aggregator {
	return &Aggregator{opt: opt.withDefaults(), groups: make(map[groupKey]*group), models: make(map[string]struct{})}
}

// Add summarises a (Summarize), adds the summary and returns the article's
// measures, one per section, for articles.csv. It keeps nothing of a.
func (g *Aggregator) Add(a *article.Article) []ArticleMeasures {
	s := Summarize(a, g.opt.TopK)
	var models []string
	for i := range a.Claims {
		if sc := a.Claims[i].Score; sc != nil && sc.Model != "" && !slices.Contains(models, sc.Model) {
			models = append(models, sc.Model)
		}
	}
	g.AddSummary(&s, models...)
	return s.Measures()
}

// AddSummary adds a summary made by Summarize (with the model versions of
// its scores, if known).
func (g *Aggregator) AddSummary(s *Summary, models ...string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.articles++
	for _, m := range models {
		g.models[m] = struct{}{}
	}
	counted := false
	for i := range s.Sections {
		ss := &s.Sections[i]
		if ss.Counts.Claims == 0 {
			continue
		}
		counted = true
		k := groupKey{s.Source, ss.Section}
		gr := g.groups[k]
		if gr == nil {
			gr = &group{key: k, top: Top{K: g.opt.TopK}}
			g.groups[k] = gr
		}
		if s.Outlet != "" && (gr.outlet == "" || s.ArticleID < gr.outletBy) {
			gr.outlet, gr.outletBy = s.Outlet, s.ArticleID
		}
		gr.units = append(gr.units, unit{s.ArticleID, ss.Counts})
		gr.total.Add(&ss.Counts)
		for p, names := range ss.Speakers {
			for _, n := range names {
				if gr.speakers[p] == nil {
					gr.speakers[p] = make(map[string]struct{})
				}
				gr.speakers[p][n] = struct{}{}
			}
		}
		gr.top.Merge(&ss.Top)
	}
	if !counted {
		g.empty++
	}
}

func sectionOrder(s article.Section) int {
	switch s {
	case article.SectionBody:
		return 0
	case article.SectionComment:
		return 1
	}
	return 2
}

// Result computes the per-source measures, their bootstrap intervals and
// the comparisons. The result depends only on the summaries added (not on
// their order or on Options.Workers): each source section's articles are
// sorted by id before resampling, and its random streams are derived from
// Options.Seed, the source and the section. It returns ctx.Err() when ctx
// is cancelled. The Aggregator stays usable.
func (g *Aggregator) Result(ctx context.Context) (Result, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	res := Result{Options: g.opt, Articles: g.articles, Empty: g.empty}
	for m := range g.models {
		res.Models = append(res.Models, m)
	}
	slices.Sort(res.Models)
	groups := make([]*group, 0, len(g.groups))
	for _, gr := range g.groups {
		groups = append(groups, gr)
	}
	slices.SortFunc(groups, func(a, b *group) int {
		return cmp.Or(cmp.Compare(a.key.source, b.key.source),
			cmp.Compare(sectionOrder(a.key.section), sectionOrder(b.key.section)),
			cmp.Compare(a.key.section, b.key.section))
	})
	for _, gr := range groups {
		if err := ctx.Err(); err != nil {
			return Result{}, err
		}
		sm := SourceMeasures{
			Source: gr.key.source, Outlet: gr.outlet, Section: gr.key.section,
			Articles: len(gr.units), Counts: gr.total,
			Estimates: Estimates{Value: Compute(&gr.total), Lo: NaNValues(), Hi: NaNValues()},
			TopProGov: slices.Clone(gr.top.ProGov), TopProJDC: slices.Clone(gr.top.ProJDC),
		}
		sm.SmallSample = sm.Articles < g.opt.MinArticles
		for p := range sm.Speakers {
			sm.Speakers[p] = len(gr.speakers[p])
		}
		switch {
		case g.opt.Bootstrap <= 0: // no intervals asked for
		case len(gr.units) >= 2:
			lo, hi, err := g.bootstrap(ctx, gr)
			if err != nil {
				return Result{}, err
			}
			sm.Lo, sm.Hi, sm.CI = lo, hi, CIArticles
		default:
			sm.Estimates, sm.CI = ClaimEstimates(&gr.total), CIClaims
		}
		if !sm.HasInterval() {
			sm.CI = CINone
		}
		res.Claims += sm.Counts.Claims
		res.Scored += sm.Counts.Scored
		res.Sources = append(res.Sources, sm)
	}
	res.Complete()
	return res, nil
}

// claimsNote ends the warning about a source section with claim-level
// intervals (CIClaims).
const claimsNote = "; with a single article they are claim-level (ci_method claims): they treat its claims as independent and understate the uncertainty"

// Complete fills r.Comparisons (Compare) and r.Warnings from r.Sources,
// r.Options and the totals: a warning per small-sample source section (and
// per section with claim-level intervals), per doubtful chi-square test,
// for articles without claims and for unscored claims. Result calls it;
// call it on a Result rebuilt from CSV files.
func (r *Result) Complete() {
	r.Comparisons = Compare(r.Sources)
	r.Warnings = nil
	for i := range r.Sources {
		s := &r.Sources[i]
		tail := ""
		if s.CI == CIClaims {
			tail = claimsNote
		}
		switch {
		case s.SmallSample && r.Options.MinArticles > 0:
			r.Warnings = append(r.Warnings, fmt.Sprintf("%s (%s): %d article(s), fewer than %d: its intervals are unreliable%s",
				s.Source, s.Section, s.Articles, r.Options.MinArticles, tail))
		case s.SmallSample:
			r.Warnings = append(r.Warnings, fmt.Sprintf("%s (%s): %d article(s), flagged small_sample: its intervals are unreliable%s",
				s.Source, s.Section, s.Articles, tail))
		case tail != "":
			r.Warnings = append(r.Warnings, fmt.Sprintf("%s (%s): %d article(s): its intervals are unreliable%s",
				s.Source, s.Section, s.Articles, tail))
		}
	}
	for _, c := range r.Comparisons {
		if w := c.Chi.Warning(c.Section); w != "" {
			r.Warnings = append(r.Warnings, w)
		}
	}
	if r.Empty > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%d article(s) had no claims and count in no source measure", r.Empty))
	}
	if u := r.Claims - r.Scored; u > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%d of %d claims had no usable score: they count only in n_claims and the voice balance", u, r.Claims))
	}
}

// bootstrap runs Options.Bootstrap replicates for one group, in chunks of
// chunk replicates spread over the workers.
func (g *Aggregator) bootstrap(ctx context.Context, gr *group) (lo, hi Values, err error) {
	units := slices.Clone(gr.units)
	slices.SortStableFunc(units, func(a, b unit) int { return cmp.Compare(a.id, b.id) })
	counts := make([]Counts, len(units))
	for i := range units {
		counts[i] = units[i].counts
	}
	b := g.opt.Bootstrap
	s := newSamples(b)
	h := fnv.New64a()
	h.Write([]byte(gr.key.source))
	h.Write([]byte{0})
	h.Write([]byte(gr.key.section))
	stream := h.Sum64()
	nchunks := (b + chunk - 1) / chunk
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(g.opt.Workers, nchunks) {
		wg.Go(func() {
			for c := range next {
				rng := rand.New(rand.NewPCG(g.opt.Seed, splitmix(stream+uint64(c)*0x9e3779b97f4a7c15)))
				replicate(counts, rng, s, c*chunk, min(b, (c+1)*chunk))
			}
		})
	}
	for c := range nchunks {
		if ctx.Err() != nil {
			break
		}
		next <- c
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return lo, hi, err
	}
	lo, hi = percentiles(s)
	return lo, hi, nil
}

// splitmix is the SplitMix64 finaliser, to decorrelate adjacent stream ids.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
