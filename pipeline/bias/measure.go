package bias

import (
	"math"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/slant-project/slant/pipeline/article"
)

// Party indexes the per-side arrays of Counts: the two sides of the
// dispute and, for speakers, everyone else.
type Party int

// Parties.
const (
	PartyGov   Party = iota // the government side (article.SideGov)
	PartyJDC                // the JDC side (article.SideJDC)
	PartyOther              // a speaker on neither side: article.SideOther, SideNone or unset
	NumParties
)

// String returns "gov", "jdc" or "other".
func (p Party) String() string {
	switch p {
	case PartyGov:
		return "gov"
	case PartyJDC:
		return "jdc"
	case PartyOther:
		return "other"
	}
	return "invalid"
}

// Stance indexes (the order of article.Stances).
const (
	iProGov  = 0
	iNeutral = 1
	iProJDC  = 2
)

// VoiceCounts are the stance counts of the scored claims in one voice.
type VoiceCounts struct {
	Scored           int
	Stance           [3]int // by stance, in article.Stances order
	SumStanceScore   float64
	SumSqStanceScore float64 // Σ stance_score², for claim-level intervals
}

// Counts are the sufficient statistics of a set of claims. Every field is a
// sum over claims, so the Counts of a union of claim sets is the field-wise
// sum (Add).
//
// A claim is scored when it has a Score whose Stance is one of
// article.Stances and whose StanceScore and Sentiment are finite numbers;
// other claims count in Claims (and, for attribution, in Attributed and
// Voice) but in no stance, sentiment or target statistic.
type Counts struct {
	Claims int // all claims
	Scored int // scored claims

	// Stance counts scored claims by Score.Stance, in article.Stances
	// order (pro_gov, neutral, pro_jdc).
	Stance [3]int
	// SumStanceScore and SumSentiment sum Score.StanceScore and
	// Score.Sentiment over scored claims; SumSqStanceScore and
	// SumSqSentiment sum their squares (for the claim-level intervals of
	// the means, ClaimEstimates).
	SumStanceScore   float64
	SumSentiment     float64
	SumSqStanceScore float64
	SumSqSentiment   float64

	// Target counts scored claims by Score.TargetSide: [0] gov, [1] jdc,
	// [2] both. A claim "targets X" when its TargetSide is X or both.
	Target [3]int
	// SumSentimentToward[p] sums Score.Sentiment over the scored claims
	// that target p (PartyGov or PartyJDC).
	SumSentimentToward [2]float64
	// SumSqSentimentToward[p] sums the squares of those sentiments.
	SumSqSentimentToward [2]float64
	// Praise[p] counts scored claims that target p and whose
	// SentimentLabel is "positive"; Criticism[p] those whose label is
	// "negative" (p = PartyGov or PartyJDC). A claim targeting both sides
	// counts for each. Criticising one side is not praising the other: the
	// two are counted separately, and neither depends on the stance label.
	Praise, Criticism [2]int

	// Attributed counts claims in someone else's words (Voice quote or
	// reported, scored or not); Voice[p] counts those whose SpeakerSide is
	// gov (PartyGov), jdc (PartyJDC) or anything else (PartyOther: other,
	// none or unset).
	Attributed int
	Voice      [NumParties]int

	// Author holds the scored claims in the writer's own words (Voice
	// author, or unset); Quoted those in quote or reported voice.
	Author, Quoted VoiceCounts
}

// Add adds o into c field by field.
func (c *Counts) Add(o *Counts) {
	c.Claims += o.Claims
	c.Scored += o.Scored
	for i := range c.Stance {
		c.Stance[i] += o.Stance[i]
		c.Target[i] += o.Target[i]
		c.Voice[i] += o.Voice[i]
		c.Author.Stance[i] += o.Author.Stance[i]
		c.Quoted.Stance[i] += o.Quoted.Stance[i]
	}
	c.SumStanceScore += o.SumStanceScore
	c.SumSentiment += o.SumSentiment
	c.SumSqStanceScore += o.SumSqStanceScore
	c.SumSqSentiment += o.SumSqSentiment
	for i := range c.Praise {
		c.SumSentimentToward[i] += o.SumSentimentToward[i]
		c.SumSqSentimentToward[i] += o.SumSqSentimentToward[i]
		c.Praise[i] += o.Praise[i]
		c.Criticism[i] += o.Criticism[i]
	}
	c.Attributed += o.Attributed
	c.Author.Scored += o.Author.Scored
	c.Author.SumStanceScore += o.Author.SumStanceScore
	c.Author.SumSqStanceScore += o.Author.SumSqStanceScore
	c.Quoted.Scored += o.Quoted.Scored
	c.Quoted.SumStanceScore += o.Quoted.SumStanceScore
	c.Quoted.SumSqStanceScore += o.Quoted.SumSqStanceScore
}

// Mentions returns the number of scored claims that target p (PartyGov or
// PartyJDC): Target[p] + Target[both].
func (c *Counts) Mentions(p Party) int {
	if p != PartyGov && p != PartyJDC {
		return 0
	}
	return c.Target[p] + c.Target[2]
}

// AddClaim counts one claim into c (see Counts for what "scored" means).
func (c *Counts) AddClaim(cl *article.Claim) {
	c.Claims++
	quoted := cl.Voice == article.VoiceQuote || cl.Voice == article.VoiceReported
	if quoted {
		c.Attributed++
		c.Voice[partyOf(cl.SpeakerSide)]++
	}
	s := cl.Score
	si, ok := scoredStance(s)
	if !ok {
		return
	}
	c.Scored++
	c.Stance[si]++
	c.SumStanceScore += s.StanceScore
	c.SumSentiment += s.Sentiment
	c.SumSqStanceScore += s.StanceScore * s.StanceScore
	c.SumSqSentiment += s.Sentiment * s.Sentiment
	v := &c.Author
	if quoted {
		v = &c.Quoted
	}
	v.Scored++
	v.Stance[si]++
	v.SumStanceScore += s.StanceScore
	v.SumSqStanceScore += s.StanceScore * s.StanceScore

	var targets []Party
	switch s.TargetSide {
	case article.SideGov:
		c.Target[0]++
		targets = []Party{PartyGov}
	case article.SideJDC:
		c.Target[1]++
		targets = []Party{PartyJDC}
	case article.SideBoth:
		c.Target[2]++
		targets = []Party{PartyGov, PartyJDC}
	}
	label := strings.ToLower(strings.TrimSpace(s.SentimentLabel))
	for _, p := range targets {
		c.SumSentimentToward[p] += s.Sentiment
		c.SumSqSentimentToward[p] += s.Sentiment * s.Sentiment
		switch label {
		case "positive":
			c.Praise[p]++
		case "negative":
			c.Criticism[p]++
		}
	}
}

// scoredStance returns the stance index of s and whether s makes its claim
// a scored one.
func scoredStance(s *article.Score) (int, bool) {
	if s == nil || !finite(s.StanceScore) || !finite(s.Sentiment) {
		return 0, false
	}
	for i, st := range article.Stances {
		if s.Stance == st {
			return i, true
		}
	}
	return 0, false
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// partyOf maps a speaker side to its Party.
func partyOf(s article.Side) Party {
	switch s {
	case article.SideGov:
		return PartyGov
	case article.SideJDC:
		return PartyJDC
	}
	return PartyOther
}

// Measure names one statistic computed from Counts. With S = Counts.Scored
// (scored claims) and Q = Counts.Attributed (quoted and reported claims),
// the formulas are on the constants; a measure whose denominator is 0 is
// NaN.
type Measure int

// Measures, in CSV column order.
const (
	// ShareProGov = Stance[pro_gov] / S.
	ShareProGov Measure = iota
	// ShareNeutral = Stance[neutral] / S.
	ShareNeutral
	// ShareProJDC = Stance[pro_jdc] / S.
	ShareProJDC
	// NetSlant = (Stance[pro_jdc] − Stance[pro_gov]) / (Stance[pro_jdc] +
	// Stance[pro_gov]), over stance-bearing claims only; NaN when there
	// are none.
	NetSlant
	// MeanStanceScore = SumStanceScore / S, the mean of p_pro_jdc − p_pro_gov.
	MeanStanceScore
	// MeanSentiment = SumSentiment / S.
	MeanSentiment
	// SharePraiseGov = Praise[gov] / S: claims targeting gov (or both) with
	// a positive sentiment label.
	SharePraiseGov
	// ShareCriticismGov = Criticism[gov] / S: claims targeting gov (or
	// both) with a negative sentiment label.
	ShareCriticismGov
	// SharePraiseJDC = Praise[jdc] / S.
	SharePraiseJDC
	// ShareCriticismJDC = Criticism[jdc] / S.
	ShareCriticismJDC
	// ShareVoiceGov = Voice[gov] / Q: of the quoted and reported claims,
	// the share spoken by someone on the government side.
	ShareVoiceGov
	// ShareVoiceJDC = Voice[jdc] / Q.
	ShareVoiceJDC
	// ShareVoiceOther = Voice[other] / Q: speakers on neither side, or
	// unknown.
	ShareVoiceOther
	// AuthorNetSlant is NetSlant over the author-voice claims (Author).
	AuthorNetSlant
	// AuthorMeanStanceScore = Author.SumStanceScore / Author.Scored.
	AuthorMeanStanceScore
	// QuotedNetSlant is NetSlant over the quoted and reported claims (Quoted).
	QuotedNetSlant
	// QuotedMeanStanceScore = Quoted.SumStanceScore / Quoted.Scored.
	QuotedMeanStanceScore
	// ShareMentionsGov = (Target[gov] + Target[both]) / S: claims about the
	// government side.
	ShareMentionsGov
	// ShareMentionsJDC = (Target[jdc] + Target[both]) / S.
	ShareMentionsJDC
	// ShareMentionsBoth = Target[both] / S.
	ShareMentionsBoth
	// SentimentTowardGov = SumSentimentToward[gov] / (Target[gov] +
	// Target[both]): mean sentiment of the claims about the government side.
	SentimentTowardGov
	// SentimentTowardJDC = SumSentimentToward[jdc] / (Target[jdc] + Target[both]).
	SentimentTowardJDC

	// NumMeasures is the number of measures.
	NumMeasures
)

// Kind is how a measure is formed from its numerator and denominator.
type Kind int

// Kinds.
const (
	KindShare Kind = iota // x / n, in [0, 1]
	KindNet               // (2x − n) / n with x = n_pro_jdc and n = n_pro_jdc + n_pro_gov, in [−1, 1]
	KindMean              // Σv / n
)

type measureDef struct {
	name  string
	kind  Kind
	label string // short human label for reports
	num   func(c *Counts) float64
	den   func(c *Counts) float64
}

func scored(c *Counts) float64     { return float64(c.Scored) }
func attributed(c *Counts) float64 { return float64(c.Attributed) }

func stanceShare(i int) func(*Counts) float64 {
	return func(c *Counts) float64 { return float64(c.Stance[i]) }
}

var defs = [NumMeasures]measureDef{
	ShareProGov:  {"share_pro_gov", KindShare, "share pro_gov", stanceShare(iProGov), scored},
	ShareNeutral: {"share_neutral", KindShare, "share neutral", stanceShare(iNeutral), scored},
	ShareProJDC:  {"share_pro_jdc", KindShare, "share pro_jdc", stanceShare(iProJDC), scored},
	NetSlant: {"net_slant", KindNet, "net slant",
		func(c *Counts) float64 { return float64(c.Stance[iProJDC]) },
		func(c *Counts) float64 { return float64(c.Stance[iProJDC] + c.Stance[iProGov]) }},
	MeanStanceScore: {"mean_stance_score", KindMean, "mean stance score",
		func(c *Counts) float64 { return c.SumStanceScore }, scored},
	MeanSentiment: {"mean_sentiment", KindMean, "mean sentiment",
		func(c *Counts) float64 { return c.SumSentiment }, scored},
	SharePraiseGov: {"share_praise_gov", KindShare, "praise of gov",
		func(c *Counts) float64 { return float64(c.Praise[PartyGov]) }, scored},
	ShareCriticismGov: {"share_criticism_gov", KindShare, "criticism of gov",
		func(c *Counts) float64 { return float64(c.Criticism[PartyGov]) }, scored},
	SharePraiseJDC: {"share_praise_jdc", KindShare, "praise of jdc",
		func(c *Counts) float64 { return float64(c.Praise[PartyJDC]) }, scored},
	ShareCriticismJDC: {"share_criticism_jdc", KindShare, "criticism of jdc",
		func(c *Counts) float64 { return float64(c.Criticism[PartyJDC]) }, scored},
	ShareVoiceGov: {"share_voice_gov", KindShare, "gov speakers",
		func(c *Counts) float64 { return float64(c.Voice[PartyGov]) }, attributed},
	ShareVoiceJDC: {"share_voice_jdc", KindShare, "jdc speakers",
		func(c *Counts) float64 { return float64(c.Voice[PartyJDC]) }, attributed},
	ShareVoiceOther: {"share_voice_other", KindShare, "other speakers",
		func(c *Counts) float64 { return float64(c.Voice[PartyOther]) }, attributed},
	AuthorNetSlant: {"author_net_slant", KindNet, "author net slant",
		func(c *Counts) float64 { return float64(c.Author.Stance[iProJDC]) },
		func(c *Counts) float64 { return float64(c.Author.Stance[iProJDC] + c.Author.Stance[iProGov]) }},
	AuthorMeanStanceScore: {"author_mean_stance_score", KindMean, "author mean stance score",
		func(c *Counts) float64 { return c.Author.SumStanceScore },
		func(c *Counts) float64 { return float64(c.Author.Scored) }},
	QuotedNetSlant: {"quoted_net_slant", KindNet, "quoted net slant",
		func(c *Counts) float64 { return float64(c.Quoted.Stance[iProJDC]) },
		func(c *Counts) float64 { return float64(c.Quoted.Stance[iProJDC] + c.Quoted.Stance[iProGov]) }},
	QuotedMeanStanceScore: {"quoted_mean_stance_score", KindMean, "quoted mean stance score",
		func(c *Counts) float64 { return c.Quoted.SumStanceScore },
		func(c *Counts) float64 { return float64(c.Quoted.Scored) }},
	ShareMentionsGov: {"share_mentions_gov", KindShare, "about gov",
		func(c *Counts) float64 { return float64(c.Mentions(PartyGov)) }, scored},
	ShareMentionsJDC: {"share_mentions_jdc", KindShare, "about jdc",
		func(c *Counts) float64 { return float64(c.Mentions(PartyJDC)) }, scored},
	ShareMentionsBoth: {"share_mentions_both", KindShare, "about both",
		func(c *Counts) float64 { return float64(c.Target[2]) }, scored},
	SentimentTowardGov: {"sentiment_toward_gov", KindMean, "sentiment toward gov",
		func(c *Counts) float64 { return c.SumSentimentToward[PartyGov] },
		func(c *Counts) float64 { return float64(c.Mentions(PartyGov)) }},
	SentimentTowardJDC: {"sentiment_toward_jdc", KindMean, "sentiment toward jdc",
		func(c *Counts) float64 { return c.SumSentimentToward[PartyJDC] },
		func(c *Counts) float64 { return float64(c.Mentions(PartyJDC)) }},
}

// sumSq gives, for each mean, Σv² over the values averaged (for
// MeanInterval); nil for the other measures.
var sumSq = [NumMeasures]func(c *Counts) float64{
	MeanStanceScore:       func(c *Counts) float64 { return c.SumSqStanceScore },
	MeanSentiment:         func(c *Counts) float64 { return c.SumSqSentiment },
	AuthorMeanStanceScore: func(c *Counts) float64 { return c.Author.SumSqStanceScore },
	QuotedMeanStanceScore: func(c *Counts) float64 { return c.Quoted.SumSqStanceScore },
	SentimentTowardGov:    func(c *Counts) float64 { return c.SumSqSentimentToward[PartyGov] },
	SentimentTowardJDC:    func(c *Counts) float64 { return c.SumSqSentimentToward[PartyJDC] },
}

// String returns the measure's CSV column name, e.g. "net_slant".
func (m Measure) String() string {
	if m < 0 || m >= NumMeasures {
		return "invalid"
	}
	return defs[m].name
}

// Label returns a short human label, e.g. "net slant".
func (m Measure) Label() string {
	if m < 0 || m >= NumMeasures {
		return "invalid"
	}
	return defs[m].label
}

// Kind returns how the measure is formed.
func (m Measure) Kind() Kind {
	if m < 0 || m >= NumMeasures {
		return KindMean
	}
	return defs[m].kind
}

// ParseMeasure returns the measure whose String is name.
func ParseMeasure(name string) (Measure, bool) {
	for m := range NumMeasures {
		if defs[m].name == name {
			return m, true
		}
	}
	return 0, false
}

// Values holds one number per measure, indexed by Measure.
type Values [NumMeasures]float64

// NaNValues returns Values with every entry NaN.
func NaNValues() Values {
	var v Values
	for i := range v {
		v[i] = math.NaN()
	}
	return v
}

// Compute returns every measure of c, by the formulas on the Measure
// constants: x/n for shares and means, (2x − n)/n = (n_pro_jdc −
// n_pro_gov)/(n_pro_jdc + n_pro_gov) for net slants, NaN when n = 0.
func Compute(c *Counts) Values {
	var v Values
	for m := range NumMeasures {
		v[m] = value(defs[m].kind, defs[m].num(c), defs[m].den(c))
	}
	return v
}

func value(k Kind, x, n float64) float64 {
	if n == 0 {
		return math.NaN()
	}
	if k == KindNet {
		return (2*x - n) / n
	}
	return x / n
}

// Z95 is the standard normal quantile Φ⁻¹(0.975) used for 95% intervals.
const Z95 = 1.959963984540054

// Wilson returns the Wilson score interval for a proportion of x successes
// in n trials at normal quantile z (Z95 for 95%):
//
//	p̂ = x/n,  centre = (p̂ + z²/2n) / (1 + z²/n),
//	half = z/(1 + z²/n) · √(p̂(1−p̂)/n + z²/4n²),
//	[centre − half, centre + half] clamped to [0, 1].
//
// It returns NaN, NaN when n ≤ 0 or x is outside [0, n].
func Wilson(x, n, z float64) (lo, hi float64) {
	if !(n > 0) || !(x >= 0) || x > n || math.IsInf(n, 0) {
		return math.NaN(), math.NaN()
	}
	p := x / n
	z2 := z * z
	den := 1 + z2/n
	centre := (p + z2/(2*n)) / den
	half := z / den * math.Sqrt(p*(1-p)/n+z2/(4*n*n))
	lo, hi = math.Max(0, centre-half), math.Min(1, centre+half)
	// At x = 0 and x = n the bound is exactly 0 or 1; computed, it can round
	// to just inside (0.9999999999999998) and exclude the estimate itself.
	if x == 0 {
		lo = 0
	}
	if x == n {
		hi = 1
	}
	return lo, hi
}

// Estimates are measure values with the bounds of their 95% intervals
// (NaN where there is no interval).
type Estimates struct {
	Value, Lo, Hi Values
}

// ArticleEstimates returns the measures of one article's section with
// claim-level 95% Wilson intervals for the shares (x of n claims) and the
// net slants (Wilson interval of the pro_jdc proportion p among
// stance-bearing claims, mapped to 2p − 1). Means get no interval (NaN
// bounds): within one article there is nothing to resample but claims, and
// claims of one article are not independent, so even the Wilson intervals
// are optimistic; they are a guide to how few claims an article has.
func ArticleEstimates(c *Counts) Estimates {
	e := Estimates{Value: Compute(c), Lo: NaNValues(), Hi: NaNValues()}
	for m := range NumMeasures {
		d := defs[m]
		switch d.kind {
		case KindShare:
			e.Lo[m], e.Hi[m] = Wilson(d.num(c), d.den(c), Z95)
		case KindNet:
			lo, hi := Wilson(d.num(c), d.den(c), Z95)
			e.Lo[m], e.Hi[m] = 2*lo-1, 2*hi-1
		}
	}
	return e
}

// MeanInterval returns the 95% Student-t interval of the mean of n values
// v, from their sum Σv and sum of squares Σv², treating the values as
// independent draws:
//
//	v̄ = Σv / n,  s² = (Σv² − (Σv)²/n) / (n − 1)  (0 when rounding makes it negative),
//	[v̄ − t·s/√n, v̄ + t·s/√n],  t = Φ_t⁻¹(0.975; n − 1 degrees of freedom),
//
// clamped to [−1, 1], the range of stance_score and sentiment. The t
// quantile (4.30 for n = 3, 2.45 for n = 7, → 1.96) widens the normal
// interval when there are few values. It returns NaN, NaN when n < 2 (one
// value says nothing about spread) or an input is not finite.
func MeanInterval(sum, sumSq, n float64) (lo, hi float64) {
	if !(n >= 2) || !finite(sum) || !finite(sumSq) || math.IsInf(n, 0) {
		return math.NaN(), math.NaN()
	}
	mean := sum / n
	s2 := max(0, (sumSq-sum*sum/n)/(n-1))
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}.Quantile(0.975)
	half := t * math.Sqrt(s2/n)
	return math.Max(-1, mean-half), math.Min(1, mean+half)
}

// ClaimEstimates returns the measures of c with claim-level 95% intervals
// that treat c's claims as independent draws: the Wilson intervals of
// ArticleEstimates for shares and net slants, and MeanInterval (from the
// measure's Σv, Σv² and n) for means. It is the fallback interval of a
// source section with a single article, where a bootstrap over articles
// has nothing to resample (CIClaims). Claims of one article are not
// independent, so these intervals understate the uncertainty.
func ClaimEstimates(c *Counts) Estimates {
	e := ArticleEstimates(c)
	for m := range NumMeasures {
		if d := defs[m]; d.kind == KindMean && sumSq[m] != nil {
			e.Lo[m], e.Hi[m] = MeanInterval(d.num(c), sumSq[m](c), d.den(c))
		}
	}
	return e
}

// HasInterval reports whether at least one measure of e has both bounds.
func (e *Estimates) HasInterval() bool {
	for m := range NumMeasures {
		if !math.IsNaN(e.Lo[m]) && !math.IsNaN(e.Hi[m]) {
			return true
		}
	}
	return false
}
