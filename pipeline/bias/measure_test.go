package bias

import (
	"math"
	"testing"

	"github.com/slant-project/slant/pipeline/article"
)

func near(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol
}

// TestComputeFixture checks every measure of fixtureA's body against the
// hand computation below (claims numbered as in fixtureA).
//
//	claims 8, scored 7 (#6 has no score)
//	stance: pro_gov {2,3}=2, neutral {5,7}=2, pro_jdc {1,4,8}=3
//	net slant = (3−2)/(3+2) = 0.2
//	Σ stance_score = .6−.4−.8+.7+0−.2+.9 = 0.8; mean = 0.8/7
//	Σ sentiment = −.5+.2+.5−.6+0−.2−.9 = −1.5; mean = −1.5/7
//	praise gov (target gov|both, positive) {2,3}=2; criticism gov {1,4,8}=3
//	praise jdc 0; criticism jdc (target jdc|both, negative) {4,7}=2
//	attributed {3,4,5,7}=4: gov {3,7}=2, jdc {4}=1, other {5}=1
//	author scored {1,2,8}: pro_jdc 2, pro_gov 1 → net 1/3; mean (.6−.4+.9)/3 = 1.1/3
//	quoted scored {3,4,5,7}: pro_jdc 1, pro_gov 1 → net 0; mean (−.8+.7+0−.2)/4 = −0.075
//	target gov {1,2,3,8}=4, jdc {7}=1, both {4}=1 → about gov 5/7, jdc 2/7, both 1/7
//	sentiment toward gov: (−.5+.2+.5−.9−.6)/5 = −0.26; toward jdc (−.2−.6)/2 = −0.4
func TestComputeFixture(t *testing.T) {
	s := Summarize(fixtureA(), 5)
	if len(s.Sections) != 2 || s.Sections[0].Section != body || s.Sections[1].Section != comment {
		t.Fatalf("sections = %+v, want body then comment", s.Sections)
	}
	c := s.Sections[0].Counts
	if c.Claims != 8 || c.Scored != 7 || c.Attributed != 4 {
		t.Errorf("claims, scored, attributed = %d, %d, %d; want 8, 7, 4", c.Claims, c.Scored, c.Attributed)
	}
	want := map[Measure]float64{
		ShareProGov:           2.0 / 7,
		ShareNeutral:          2.0 / 7,
		ShareProJDC:           3.0 / 7,
		NetSlant:              0.2,
		MeanStanceScore:       0.8 / 7,
		MeanSentiment:         -1.5 / 7,
		SharePraiseGov:        2.0 / 7,
		ShareCriticismGov:     3.0 / 7,
		SharePraiseJDC:        0,
		ShareCriticismJDC:     2.0 / 7,
		ShareVoiceGov:         0.5,
		ShareVoiceJDC:         0.25,
		ShareVoiceOther:       0.25,
		AuthorNetSlant:        1.0 / 3,
		AuthorMeanStanceScore: 1.1 / 3,
		QuotedNetSlant:        0,
		QuotedMeanStanceScore: -0.075,
		ShareMentionsGov:      5.0 / 7,
		ShareMentionsJDC:      2.0 / 7,
		ShareMentionsBoth:     1.0 / 7,
		SentimentTowardGov:    -0.26,
		SentimentTowardJDC:    -0.4,
	}
	if len(want) != int(NumMeasures) {
		t.Fatalf("test covers %d of %d measures", len(want), NumMeasures)
	}
	got := Compute(&c)
	for m, w := range want {
		if !near(got[m], w, 1e-12) {
			t.Errorf("%s = %v, want %v", m, got[m], w)
		}
	}
	sp := s.Sections[0].Speakers
	if len(sp[PartyGov]) != 1 || sp[PartyGov][0] != "jeremy hunt" || len(sp[PartyJDC]) != 1 || len(sp[PartyOther]) != 1 {
		t.Errorf("speakers = %q, want one per party, gov [jeremy hunt]", sp)
	}

	// The comment section: one pro_gov claim, never mixed with the body.
	cc := s.Sections[1].Counts
	cv := Compute(&cc)
	if cc.Claims != 1 || cv[ShareProGov] != 1 || cv[NetSlant] != -1 || cv[MeanStanceScore] != -0.5 {
		t.Errorf("comment: claims %d, share_pro_gov %v, net %v, mean %v; want 1, 1, -1, -0.5",
			cc.Claims, cv[ShareProGov], cv[NetSlant], cv[MeanStanceScore])
	}
	// Undefined measures are NaN, not 0: no quoted claims in the comment.
	for _, m := range []Measure{ShareVoiceGov, QuotedNetSlant, QuotedMeanStanceScore, SentimentTowardGov} {
		if !math.IsNaN(cv[m]) {
			t.Errorf("comment %s = %v, want NaN (no claims in its denominator)", m, cv[m])
		}
	}
}

func TestComputeEmptyIsNaN(t *testing.T) {
	v := Compute(&Counts{})
	for m := range NumMeasures {
		if !math.IsNaN(v[m]) {
			t.Errorf("%s of no claims = %v, want NaN", m, v[m])
		}
	}
}

func TestNetSlantOnlyNeutral(t *testing.T) {
	c := Counts{Claims: 3, Scored: 3, Stance: [3]int{0, 3, 0}}
	v := Compute(&c)
	if !math.IsNaN(v[NetSlant]) || v[ShareNeutral] != 1 {
		t.Errorf("all neutral: net %v share_neutral %v, want NaN, 1", v[NetSlant], v[ShareNeutral])
	}
}

func TestScoredRequiresValidScore(t *testing.T) {
	for _, s := range []*article.Score{
		nil,
		{Stance: "favour", StanceScore: 0.1},
		{Stance: pg, StanceScore: math.NaN()},
		{Stance: pg, StanceScore: -0.5, Sentiment: math.Inf(1)},
	} {
		var c Counts
		c.AddClaim(&article.Claim{Voice: quote, SpeakerSide: gov, Score: s})
		if c.Claims != 1 || c.Scored != 0 || c.Attributed != 1 || c.Voice[PartyGov] != 1 {
			t.Errorf("score %+v: counts %+v; want 1 claim, 0 scored, 1 attributed gov", s, c)
		}
	}
}

func TestWilson(t *testing.T) {
	// Reference values: statsmodels proportion_confint(x, n, method="wilson").
	tests := []struct {
		x, n   float64
		lo, hi float64
	}{
		{5, 10, 0.236593090512564, 0.7634069094874361},
		{0, 10, 0, 0.2775327998628892},
		{10, 10, 0.7224672001371107, 1},
		{3, 5, 0.2307242812760128, 0.882379225767352},
		{0, 0, math.NaN(), math.NaN()},
		{4, 3, math.NaN(), math.NaN()},
		{-1, 3, math.NaN(), math.NaN()},
	}
	for _, tt := range tests {
		lo, hi := Wilson(tt.x, tt.n, Z95)
		if !near(lo, tt.lo, 1e-12) || !near(hi, tt.hi, 1e-12) {
			t.Errorf("Wilson(%v, %v) = [%v, %v], want [%v, %v]", tt.x, tt.n, lo, hi, tt.lo, tt.hi)
		}
	}
}

// TestWilsonExactEndpoints: at x = n the upper bound is exactly 1 (and at
// x = 0 the lower exactly 0), so an interval never excludes its estimate
// through rounding (Wilson(16, 16) once gave 0.9999999999999998).
func TestWilsonExactEndpoints(t *testing.T) {
	for n := 1.0; n <= 500; n++ {
		if _, hi := Wilson(n, n, Z95); hi != 1 || 2*hi-1 != 1 {
			t.Fatalf("Wilson(%v, %v) upper = %v, want exactly 1", n, n, hi)
		}
		if lo, _ := Wilson(0, n, Z95); lo != 0 {
			t.Fatalf("Wilson(0, %v) lower = %v, want exactly 0", n, lo)
		}
	}
}

// TestArticleEstimates: fixtureA's body has 7 scored claims, 3 pro_jdc and
// 2 pro_gov. Wilson(2, 7) = [0.0822189, 0.6410655] for share_pro_gov; the
// net slant maps Wilson(3, 5) = [0.2307243, 0.8823792] to 2p − 1 =
// [−0.5385514, 0.7647585]; means have no interval.
func TestArticleEstimates(t *testing.T) {
	s := Summarize(fixtureA(), 5)
	rows := s.Measures()
	if len(rows) != 2 {
		t.Fatalf("%d rows, want 2 (body, comment)", len(rows))
	}
	e := rows[0].Estimates
	checks := []struct {
		m      Measure
		lo, hi float64
	}{
		{ShareProGov, 0.08221892400405678, 0.6410655481673808},
		{NetSlant, -0.5385514374479744, 0.7647584515347039},
		{MeanStanceScore, math.NaN(), math.NaN()},
		{SentimentTowardGov, math.NaN(), math.NaN()},
	}
	for _, c := range checks {
		if !near(e.Lo[c.m], c.lo, 1e-12) || !near(e.Hi[c.m], c.hi, 1e-12) {
			t.Errorf("%s interval = [%v, %v], want [%v, %v]", c.m, e.Lo[c.m], e.Hi[c.m], c.lo, c.hi)
		}
	}
	if rows[0].Speakers != [NumParties]int{1, 1, 1} || rows[0].Outlet != "Alpha News" {
		t.Errorf("row = %+v", rows[0])
	}
}

// TestMeanInterval: v̄ ± t_{n−1}·s/√n from Σv, Σv² and n, clamped to
// [−1, 1]. Hand values (t_1 = 12.706204736174707, t_3 =
// 3.182446305284263, t_6 = 2.4469118511449692):
//
//	{.6, −.4, −.8, .7, 0, −.2, .9}: see TestSingleArticleFallback
//	{−.8, .7, 0, −.2}: Σv −0.3, Σv² 1.17, s² = (1.17 − 0.09/4)/3 = 0.3825,
//	  −0.075 ± t_3·√(s²/4) = [−1.059, 0.9091172] → [−1, 0.9091172]
//	{0.5, 0.5}: s² = 0: zero width at 0.5
//	{0.1, 0.1, 0.1}: rounding may make s² slightly negative: zero width
func TestMeanInterval(t *testing.T) {
	v := 0.1 // a variable: float64 arithmetic, not exact constant arithmetic
	tests := []struct {
		name          string
		sum, sumSq, n float64
		lo, hi        float64
	}{
		{"seven", 0.8, 2.5, 7, -0.4716816713853534, 0.7002530999567819},
		{"clamped low", -0.3, 1.17, 4, -1, 0.9091171698407763},
		{"two, clamped", -0.8, 0.4, 2, -1, 1},
		{"no spread", 1, 0.5, 2, 0.5, 0.5},
		{"rounding", v + v + v, v*v + v*v + v*v, 3, 0.1, 0.1}, // in float64, s² computes to −1.7e−18
		{"one value", 0.4, 0.16, 1, math.NaN(), math.NaN()},
		{"none", 0, 0, 0, math.NaN(), math.NaN()},
		{"inf", math.Inf(1), 1, 3, math.NaN(), math.NaN()},
		{"nan n", 1, 1, math.NaN(), math.NaN(), math.NaN()},
	}
	for _, tt := range tests {
		lo, hi := MeanInterval(tt.sum, tt.sumSq, tt.n)
		if !near(lo, tt.lo, 1e-9) || !near(hi, tt.hi, 1e-9) {
			t.Errorf("%s: MeanInterval(%v, %v, %v) = [%v, %v], want [%v, %v]", tt.name, tt.sum, tt.sumSq, tt.n, lo, hi, tt.lo, tt.hi)
		}
	}
}

// ClaimEstimates agrees with ArticleEstimates on shares and net slants and
// adds the means; every mean has its Σv² (sumSq), so none is left out.
func TestClaimEstimates(t *testing.T) {
	s := Summarize(fixtureA(), 0)
	c := s.Sections[0].Counts
	a, e := ArticleEstimates(&c), ClaimEstimates(&c)
	for m := range NumMeasures {
		switch m.Kind() {
		case KindMean:
			if sumSq[m] == nil {
				t.Errorf("%s is a mean without Σv²", m)
			}
			if !math.IsNaN(a.Lo[m]) {
				t.Errorf("ArticleEstimates gave mean %s an interval", m)
			}
		default:
			if !near(a.Lo[m], e.Lo[m], 0) || !near(a.Hi[m], e.Hi[m], 0) {
				t.Errorf("%s: ClaimEstimates [%v, %v], ArticleEstimates [%v, %v]", m, e.Lo[m], e.Hi[m], a.Lo[m], a.Hi[m])
			}
		}
	}
	// Quoted claims #3, #4, #5, #7 (see TestMeanInterval, "clamped low");
	// sentiment toward jdc over #4, #7 (−.6, −.2): n 2, clamped to [−1, 1].
	if !near(e.Lo[QuotedMeanStanceScore], -1, 1e-12) || !near(e.Hi[QuotedMeanStanceScore], 0.9091171698407763, 1e-9) {
		t.Errorf("quoted mean stance [%v, %v], want [-1, 0.9091172]", e.Lo[QuotedMeanStanceScore], e.Hi[QuotedMeanStanceScore])
	}
	if e.Lo[SentimentTowardJDC] != -1 || e.Hi[SentimentTowardJDC] != 1 {
		t.Errorf("sentiment toward jdc [%v, %v], want [-1, 1]", e.Lo[SentimentTowardJDC], e.Hi[SentimentTowardJDC])
	}
	if !e.HasInterval() || (&Estimates{Lo: NaNValues(), Hi: NaNValues()}).HasInterval() {
		t.Error("HasInterval")
	}
	// The sums of squares add up like the sums.
	var two Counts
	two.Add(&c)
	two.Add(&c)
	if !near(two.SumSqStanceScore, 5, 1e-12) || !near(two.SumSqSentiment, 3.5, 1e-12) || !near(two.Author.SumSqStanceScore, 2.66, 1e-12) ||
		!near(two.Quoted.SumSqStanceScore, 2.34, 1e-12) || !near(two.SumSqSentimentToward[PartyJDC], 0.8, 1e-12) {
		t.Errorf("Add of sums of squares: %+v", two)
	}
}

func TestMeasureNames(t *testing.T) {
	seen := map[string]bool{}
	for m := range NumMeasures {
		n := m.String()
		if n == "" || n == "invalid" || seen[n] {
			t.Errorf("measure %d has name %q (duplicate or empty)", m, n)
		}
		seen[n] = true
		if back, ok := ParseMeasure(n); !ok || back != m {
			t.Errorf("ParseMeasure(%q) = %v, %v", n, back, ok)
		}
	}
	if Measure(-1).String() != "invalid" || NumMeasures.String() != "invalid" {
		t.Error("out-of-range measures must not panic and must say invalid")
	}
}

func TestTopKeepsMostOneSided(t *testing.T) {
	s := Summarize(fixtureA(), 2)
	top := s.Sections[0].Top
	ids := func(cs []TopClaim) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.ClaimID)
		}
		return out
	}
	// pro_gov by ascending stance_score: #3 (−0.8), #2 (−0.4);
	// pro_jdc by descending: #8 (0.9), #4 (0.7), #1 (0.6) dropped at k=2.
	if g := ids(top.ProGov); len(g) != 2 || g[0] != "c03" || g[1] != "c02" {
		t.Errorf("most pro_gov = %v, want [c03 c02]", g)
	}
	if j := ids(top.ProJDC); len(j) != 2 || j[0] != "c08" || j[1] != "c04" {
		t.Errorf("most pro_jdc = %v, want [c08 c04]", j)
	}
	if top.ProGov[0].Speaker != "Jeremy Hunt" || top.ProGov[0].SpeakerSide != gov {
		t.Errorf("top claim lost its speaker: %+v", top.ProGov[0])
	}
	// Order of offers does not matter, ties broken by ids.
	var a, b Top
	a.K, b.K = 2, 2
	cs := []TopClaim{
		{ArticleID: "x", ClaimID: "2", Stance: pj, StanceScore: 0.5},
		{ArticleID: "x", ClaimID: "1", Stance: pj, StanceScore: 0.5},
		{ArticleID: "w", ClaimID: "9", Stance: pj, StanceScore: 0.5},
	}
	for i := range cs {
		a.Offer(cs[i])
		b.Offer(cs[len(cs)-1-i])
	}
	if ids(a.ProJDC)[0] != "9" || ids(a.ProJDC)[1] != "1" || ids(b.ProJDC)[0] != "9" || ids(b.ProJDC)[1] != "1" {
		t.Errorf("ties: %v and %v, want [9 1] both", ids(a.ProJDC), ids(b.ProJDC))
	}
}
