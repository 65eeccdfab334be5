package bias

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/slant-project/slant/pipeline/article"
)

// corpus: alpha has fixtureA and a2 (one pro_gov, one neutral claim); beta
// has six identical articles (pro_jdc, pro_jdc, pro_gov); a0 has no claims.
func corpus() []*article.Article {
	arts := []*article.Article{fixtureA(), simple("a2", "alpha", pg, neu), {ID: "a0", Source: "alpha"}}
	for i := range 6 {
		arts = append(arts, simple(fmt.Sprintf("b%d", i), "beta", pj, pj, pg))
	}
	return arts
}

func find(t *testing.T, res Result, src string, sec article.Section) SourceMeasures {
	t.Helper()
	for _, s := range res.Sources {
		if s.Source == src && s.Section == sec {
			return s
		}
	}
	t.Fatalf("no row for %s/%s in %d rows", src, sec, len(res.Sources))
	return SourceMeasures{}
}

// TestAggregator checks the pooled source measures by hand:
//
//	alpha/body: fixtureA body (pro_gov 2, neutral 2, pro_jdc 3, Σss 0.8,
//	  8 claims, 7 scored) + a2 (pro_gov 1, neutral 1, Σss −1) →
//	  3/3/3 of 9 scored, net 0, mean (0.8 − 1)/9; 2 articles → small sample
//	beta/body: 6 × (2 pro_jdc, 1 pro_gov): net 1/3 in every replicate → [1/3, 1/3]
//	chi-square body, table [[3 3 3] [6 0 12]]: E = [[3 1 5] [6 2 10]],
//	  X² = 0 + 4 + 0.8 + 0 + 2 + 0.4 = 7.2, df 2, p = e^(−3.6), 3 cells E < 5
func TestAggregator(t *testing.T) {
	agg := NewAggregator(Options{Bootstrap: 400, Seed: 1, TopK: 2})
	var rows []ArticleMeasures
	for _, a := range corpus() {
		rows = append(rows, agg.Add(a)...)
	}
	// fixtureA gives two rows (body, comment), the empty article one.
	if len(rows) != 2+1+1+6 {
		t.Errorf("%d article rows, want 10", len(rows))
	}
	res, err := agg.Result(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Articles != 9 || res.Empty != 1 || res.Claims != 9+2+18 || res.Scored != 8+2+18 {
		t.Errorf("articles %d empty %d claims %d scored %d; want 9 1 29 28", res.Articles, res.Empty, res.Claims, res.Scored)
	}
	if len(res.Sources) != 3 {
		t.Fatalf("%d source rows, want alpha/body, alpha/comment, beta/body", len(res.Sources))
	}
	if res.Sources[0].Section != body || res.Sources[1].Section != comment || res.Sources[2].Source != "beta" {
		t.Errorf("order: %s/%s %s/%s %s/%s", res.Sources[0].Source, res.Sources[0].Section,
			res.Sources[1].Source, res.Sources[1].Section, res.Sources[2].Source, res.Sources[2].Section)
	}
	ab := find(t, res, "alpha", body)
	if ab.Articles != 2 || !ab.SmallSample || ab.Outlet != "Alpha News" {
		t.Errorf("alpha/body articles %d small %v outlet %q", ab.Articles, ab.SmallSample, ab.Outlet)
	}
	if ab.Value[ShareProGov] != 1.0/3 || ab.Value[NetSlant] != 0 || !near(ab.Value[MeanStanceScore], -0.2/9, 1e-12) {
		t.Errorf("alpha/body share_pro_gov %v net %v mean %v", ab.Value[ShareProGov], ab.Value[NetSlant], ab.Value[MeanStanceScore])
	}
	if ab.Speakers != [NumParties]int{1, 1, 1} {
		t.Errorf("alpha/body speakers %v, want [1 1 1]", ab.Speakers)
	}
	if len(ab.TopProGov) != 2 || ab.TopProGov[0].StanceScore != -1 || ab.TopProGov[1].ClaimID != "c03" {
		t.Errorf("alpha/body top pro_gov %+v, want a2's −1 claim then c03 (−0.8)", ab.TopProGov)
	}
	ac := find(t, res, "alpha", comment)
	if ac.Articles != 1 || ac.Counts.Claims != 1 {
		t.Errorf("alpha/comment mixes sections: %+v", ac.Counts)
	}
	// One article (one pro_gov claim): no article bootstrap, but the
	// claim-level fallback. With z = Z95: Wilson(1, 1) = [1/(1+z²), 1] for
	// share_pro_gov; net slant 2·Wilson(0, 1) − 1 = [−1, (z²−1)/(z²+1)];
	// a mean of one value has no interval.
	z2 := Z95 * Z95
	if ac.CI != CIClaims || ac.Value[NetSlant] != -1 ||
		!near(ac.Lo[NetSlant], -1, 1e-12) || !near(ac.Hi[NetSlant], (z2-1)/(z2+1), 1e-12) ||
		!near(ac.Lo[ShareProGov], 1/(1+z2), 1e-12) || ac.Hi[ShareProGov] != 1 ||
		!math.IsNaN(ac.Lo[MeanStanceScore]) || !math.IsNaN(ac.Hi[MeanStanceScore]) {
		t.Errorf("alpha/comment (1 article): ci %q net %v [%v, %v], share_pro_gov [%v, %v], mean [%v, %v]; want claims, -1 [-1, %v], [%v, 1], no mean interval",
			ac.CI, ac.Value[NetSlant], ac.Lo[NetSlant], ac.Hi[NetSlant], ac.Lo[ShareProGov], ac.Hi[ShareProGov],
			ac.Lo[MeanStanceScore], ac.Hi[MeanStanceScore], (z2-1)/(z2+1), 1/(1+z2))
	}
	if ab.CI != CIArticles {
		t.Errorf("alpha/body (2 articles): ci %q, want articles", ab.CI)
	}
	be := find(t, res, "beta", body)
	if be.SmallSample || be.Articles != 6 || be.CI != CIArticles {
		t.Errorf("beta/body articles %d small %v", be.Articles, be.SmallSample)
	}
	if be.Lo[NetSlant] != 1.0/3 || be.Hi[NetSlant] != 1.0/3 {
		t.Errorf("beta net slant CI [%v, %v], want zero width at 1/3", be.Lo[NetSlant], be.Hi[NetSlant])
	}
	if !math.IsNaN(be.Lo[ShareVoiceGov]) {
		t.Errorf("beta has no quotes: share_voice_gov_lo = %v, want NaN", be.Lo[ShareVoiceGov])
	}
	// alpha/body has variation between its 2 articles: a real interval.
	if !(ab.Lo[ShareProJDC] < ab.Hi[ShareProJDC]) {
		t.Errorf("alpha/body share_pro_jdc interval [%v, %v] has no width", ab.Lo[ShareProJDC], ab.Hi[ShareProJDC])
	}

	if len(res.Comparisons) != 2 {
		t.Fatalf("%d comparisons, want body and comment", len(res.Comparisons))
	}
	chi := res.Comparisons[0].Chi
	if res.Comparisons[0].Section != body || chi.Err != "" || !near(chi.Stat, 7.2, 1e-12) || chi.DF != 2 ||
		!near(chi.P, math.Exp(-3.6), 1e-12) || chi.LowExpected != 3 || chi.Cells != 6 {
		t.Errorf("body chi-square %+v, want 7.2, df 2, p e^-3.6, 3 of 6 low", chi)
	}
	if res.Comparisons[1].Chi.Err == "" {
		t.Error("comment section has one source: the test must say why it was not run")
	}
	ws := strings.Join(res.Warnings, "\n")
	for _, w := range []string{"alpha (body): 2 article(s), fewer than 5: its intervals are unreliable\n",
		"alpha (comment): 1 article(s), fewer than 5: its intervals are unreliable; with a single article they are claim-level", "chi-square (body): 3 of 6 cells", "1 article(s) had no claims", "1 of 29 claims had no usable score"} {
		if !strings.Contains(ws, w) {
			t.Errorf("warnings lack %q:\n%s", w, ws)
		}
	}
	if strings.Contains(ws, "beta") {
		t.Errorf("beta has 6 articles, must not be flagged:\n%s", ws)
	}
	if !slices.Equal(res.Models, []string{"m1"}) {
		t.Errorf("models %v", res.Models)
	}
}

// TestSingleArticleFallback: a source whose only article is fixtureA gets
// claim-level intervals (ClaimEstimates), by hand (claims as numbered in
// fixtureA, t_k the 0.975 quantile of Student's t with k df: t_2 =
// 0.95/√(2·0.975·0.025) = 4.302652729749464, t_6 = 2.4469118511449692):
//
//	share_pro_gov: Wilson(2, 7) = [0.0822189, 0.6410655]
//	net slant: 2·Wilson(3, 5) − 1 = [−0.5385514, 0.7647585]
//	mean stance score: n 7, Σv 0.8, Σv² 2.5, s² = (2.5 − 0.64/7)/6 = 0.4014286,
//	  0.8/7 ± t_6·√(s²/7) = [−0.4716817, 0.7002531]
//	mean sentiment: Σv −1.5, Σv² 1.75, s² = (1.75 − 2.25/7)/6 = 0.2380952,
//	  −1.5/7 ± t_6·√(s²/7) = [−0.6655642, 0.2369928]
//	author mean stance: {.6, −.4, .9}, s² = (1.33 − 1.21/3)/2 = 0.4633333,
//	  1.1/3 ± t_2·√(s²/3) = [−1.324, 2.058], clamped to [−1, 1]
//
// Its comment section (one claim) is its own single-article row. A second
// source of two articles keeps the article bootstrap, bit for bit.
func TestSingleArticleFallback(t *testing.T) {
	a := fixtureA()
	a.Source = "solo"
	others := []*article.Article{simple("m1", "multi", pj, pg, neu), simple("m2", "multi", pj, pj)}
	agg := NewAggregator(Options{Bootstrap: 300, Seed: 4, Workers: 1})
	agg.Add(a)
	for _, x := range others {
		agg.Add(x)
	}
	res, err := agg.Result(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	s := find(t, res, "solo", body)
	if s.CI != CIClaims || s.Articles != 1 || !s.SmallSample {
		t.Errorf("solo/body: ci %q articles %d small %v, want claims, 1, true", s.CI, s.Articles, s.SmallSample)
	}
	checks := []struct {
		m      Measure
		lo, hi float64
	}{
		{ShareProGov, 0.08221892400405678, 0.6410655481673808},
		{NetSlant, -0.5385514374479744, 0.7647584515347039},
		{MeanStanceScore, -0.4716816713853534, 0.7002530999567819},
		{MeanSentiment, -0.6655642309105727, 0.2369928023391442},
		{AuthorMeanStanceScore, -1, 1},
	}
	for _, c := range checks {
		if !near(s.Lo[c.m], c.lo, 1e-9) || !near(s.Hi[c.m], c.hi, 1e-9) {
			t.Errorf("solo/body %s interval [%v, %v], want [%v, %v]", c.m, s.Lo[c.m], s.Hi[c.m], c.lo, c.hi)
		}
	}
	if s.Value != Compute(&s.Counts) {
		t.Error("the fallback changed the point estimates")
	}
	if c := find(t, res, "solo", comment); c.CI != CIClaims || c.Articles != 1 || c.Counts.Claims != 1 {
		t.Errorf("solo/comment: ci %q articles %d claims %d", c.CI, c.Articles, c.Counts.Claims)
	}

	m := find(t, res, "multi", body)
	var units []Counts
	for _, x := range others {
		sum := Summarize(x, 0)
		units = append(units, sum.Sections[0].Counts)
	}
	// Both bounds are values that a resample of the two articles takes
	// (AA, AB or BB): an article bootstrap, not a claim-level interval.
	if m.CI != CIArticles {
		t.Errorf("multi/body: ci %q, want articles", m.CI)
	}
	replicates := map[float64]bool{}
	for _, pick := range [][2]int{{0, 0}, {0, 1}, {1, 1}} {
		var c Counts
		c.Add(&units[pick[0]])
		c.Add(&units[pick[1]])
		replicates[Compute(&c)[NetSlant]] = true
	}
	if !replicates[m.Lo[NetSlant]] || !replicates[m.Hi[NetSlant]] {
		t.Errorf("multi/body net slant [%v, %v] is not an article-bootstrap interval (replicate values %v)", m.Lo[NetSlant], m.Hi[NetSlant], replicates)
	}
}

// The result depends on the articles only: not on the order of Add nor on
// the number of workers; a different seed moves the intervals.
func TestAggregatorDeterministic(t *testing.T) {
	arts := corpus()
	for i := range 8 {
		arts = append(arts, simple(fmt.Sprintf("g%d", i), "gamma", []article.Stance{pg, neu, pj}[i%3], pj, []article.Stance{pg, pg, neu, pj}[i%4]))
	}
	run := func(order []*article.Article, opt Options) string {
		agg := NewAggregator(opt)
		for _, a := range order {
			agg.Add(a)
		}
		res, err := agg.Result(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("%+v", res.Sources)
	}
	base := run(arts, Options{Bootstrap: 600, Seed: 9, Workers: 1})
	shuffled := slices.Clone(arts)
	rand.New(rand.NewPCG(5, 5)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	if got := run(shuffled, Options{Bootstrap: 600, Seed: 9, Workers: 3}); got != base {
		t.Errorf("order or workers changed the result:\n%s\nvs\n%s", got, base)
	}
	if got := run(arts, Options{Bootstrap: 600, Seed: 10, Workers: 1}); got == base {
		t.Error("a different seed gave identical intervals")
	}
}

func TestAggregatorNoBootstrap(t *testing.T) {
	agg := NewAggregator(Options{Bootstrap: -1})
	for _, a := range corpus() {
		agg.Add(a)
	}
	res, err := agg.Result(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	s := find(t, res, "beta", body)
	if !math.IsNaN(s.Lo[NetSlant]) || s.Value[NetSlant] != 1.0/3 || s.CI != CINone {
		t.Errorf("no bootstrap: net %v lo %v ci %q, want 1/3, NaN and no method", s.Value[NetSlant], s.Lo[NetSlant], s.CI)
	}
	// No fallback either: a single-article source has no interval.
	if s := find(t, res, "alpha", comment); !math.IsNaN(s.Hi[ShareProGov]) || s.CI != CINone {
		t.Errorf("no bootstrap: alpha/comment share_pro_gov_hi %v ci %q, want NaN and no method", s.Hi[ShareProGov], s.CI)
	}
}

func TestAggregatorCancelled(t *testing.T) {
	agg := NewAggregator(Options{})
	for _, a := range corpus() {
		agg.Add(a)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := agg.Result(ctx); err == nil {
		t.Error("cancelled context: want an error")
	}
}

// TestCompareKnown: table [[10 20 30] [30 20 10]], E = 20 everywhere,
// X² = (100 + 0 + 100)·2/20 = 20, df 2, p = e^(−10); the distributions
// (1/6, 1/3, 1/2) and (1/2, 1/3, 1/6) have M = (1/3, 1/3, 1/3) and
// JSD = 1/6·log₂(1/2) + 1/2·log₂(3/2) = 0.1258145836939114 bits.
func TestCompareKnown(t *testing.T) {
	src := []SourceMeasures{
		{Source: "a", Section: comment, Counts: Counts{Stance: [3]int{5, 0, 0}}},
		{Source: "a", Section: body, Counts: Counts{Stance: [3]int{10, 20, 30}}},
		{Source: "b", Section: body, Counts: Counts{Stance: [3]int{30, 20, 10}}},
		{Source: "c", Section: body}, // no scored claims: left out
	}
	cs := Compare(src)
	if len(cs) != 2 || cs[0].Section != body || cs[1].Section != comment {
		t.Fatalf("comparisons %+v, want body then comment", cs)
	}
	c := cs[0]
	if !slices.Equal(c.Sources, []string{"a", "b"}) {
		t.Errorf("sources %v, want [a b]", c.Sources)
	}
	if !near(c.Chi.Stat, 20, 1e-12) || c.Chi.DF != 2 || !near(c.Chi.P, math.Exp(-10), 1e-15) || c.Chi.LowExpected != 0 {
		t.Errorf("chi-square %+v, want 20, 2, e^-10, 0 low", c.Chi)
	}
	if c.Chi.Warning(body) != "" {
		t.Errorf("unexpected warning %q", c.Chi.Warning(body))
	}
	if !near(c.JSD[0][1], 0.1258145836939114, 1e-12) || c.JSD[1][0] != c.JSD[0][1] || c.JSD[0][0] != 0 {
		t.Errorf("JSD %v, want 0.1258145836939114 off the diagonal", c.JSD)
	}
	if cs[1].Chi.Err == "" || !math.IsNaN(cs[1].Chi.P) {
		t.Errorf("one comment source: %+v, want an Err and NaN p", cs[1].Chi)
	}
}

func benchArticle(i, claims int) *article.Article {
	a := &article.Article{ID: fmt.Sprintf("art%06d", i), Source: fmt.Sprintf("src%02d", i%10)}
	for j := range claims {
		st := article.Stances[(i+j)%3]
		voice := []article.Voice{author, quote, rep}[j%3]
		side := []article.Side{gov, jdc, other, none}[j%4]
		a.Claims = append(a.Claims, cl(j, body, voice, fmt.Sprintf("speaker %d", j%7), side, st,
			float64((i*7+j)%21-10)/10, float64((i+j*3)%21-10)/10, []string{"negative", "neutral", "positive"}[(i+j)%3],
			[]article.Side{gov, jdc, both, none}[(i+2*j)%4]))
	}
	return a
}

func BenchmarkSummarize(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		a := benchArticle(1, n)
		b.Run(fmt.Sprintf("claims=%d", n), func(b *testing.B) {
			for b.Loop() {
				Summarize(a, DefaultTopK)
			}
		})
	}
}

func BenchmarkAdd(b *testing.B) {
	arts := make([]*article.Article, 1000)
	for i := range arts {
		arts[i] = benchArticle(i, 30)
	}
	agg := NewAggregator(Options{})
	i := 0
	for b.Loop() {
		agg.Add(arts[i%len(arts)])
		i++
	}
}

// BenchmarkResult measures the bootstrap (B = 2000) over n articles in 10
// sources: O(B · n) Counts additions.
func BenchmarkResult(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		agg := NewAggregator(Options{Seed: 1})
		for i := range n {
			agg.Add(benchArticle(i, 20))
		}
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := agg.Result(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
