package harness

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"

	"github.com/slant-project/slant/eval/metrics"
	"github.com/slant-project/slant/pipeline/article"
)

// Ratio is a ratio of sums over articles, TP / (TP + Other), with its
// article-bootstrap interval.
type Ratio struct {
	Num int      `json:"num"`
	Den int      `json:"den"`
	Est Estimate `json:"estimate"`
}

// ratio computes Σnum / Σden over articles (NaN when the denominator is
// 0), with its interval from resampling articles; num[a] and den[a] are
// article a's counts.
func ratio(num, den []int, b Boot) (Ratio, error) {
	groups := metrics.Singletons(len(num))
	r := Ratio{}
	for i := range num {
		r.Num += num[i]
		r.Den += den[i]
	}
	var err error
	r.Est, err = b.estimate(groups, len(num), func(idx []int) float64 {
		n, d := 0, 0
		for _, i := range idx {
			n += num[i]
			d += den[i]
		}
		if d == 0 {
			return nan()
		}
		return float64(n) / float64(d)
	})
	return r, err
}

// CleaningReport scores furniture removal against gold boilerplate units.
type CleaningReport struct {
	Articles    int `json:"articles"`
	Units       int `json:"units"`
	Boilerplate int `json:"boilerplate_units"`
	// Byte-level: over the bytes of gold units, a byte is "removed" when
	// a furniture block covers it. Precision = removed boilerplate bytes /
	// removed bytes; Recall = removed boilerplate bytes / boilerplate bytes.
	BytePrecision Ratio `json:"byte_precision"`
	ByteRecall    Ratio `json:"byte_recall"`
	// Unit-level: a unit is removed when at least half its bytes are.
	UnitPrecision Ratio `json:"unit_precision"`
	UnitRecall    Ratio `json:"unit_recall"`
	// Kept lists boilerplate units the cleaner kept; Dropped content units
	// it removed ("article:start-end stance: text").
	Kept    []string `json:"boilerplate_kept"`
	Dropped []string `json:"content_removed"`
}

// ScoreCleaning compares what the cleaner removed (furniture blocks) with
// the gold boilerplate units, by byte overlap, over the units whose span
// agrees with their article (al.SpanOK). Intervals resample articles.
func ScoreCleaning(g *Gold, al *Alignment, b Boot) (*CleaningReport, error) {
	type counts struct{ tpB, fpB, fnB, tpU, fpU, fnU int }
	per := map[*article.Article]*counts{}
	var order []*article.Article
	rep := &CleaningReport{}
	removed := map[*article.Article][]bool{}
	for i := range g.Units {
		a := al.Article[i]
		if a == nil || !al.SpanOK[i] {
			continue
		}
		u := &g.Units[i]
		if per[a] == nil {
			per[a] = &counts{}
			order = append(order, a)
			mask := make([]bool, len(a.Text))
			for _, bl := range a.Blocks {
				if bl.Kind == article.BlockFurniture && bl.Start >= 0 && bl.End <= len(mask) {
					for k := bl.Start; k < bl.End; k++ {
						mask[k] = true
					}
				}
			}
			removed[a] = mask
		}
		c := per[a]
		d := 0
		for k := u.Start; k < u.End; k++ {
			if removed[a][k] {
				d++
			}
		}
		size := u.End - u.Start
		gone := size > 0 && 2*d >= size
		rep.Units++
		if u.Content() {
			c.fpB += d
			if gone {
				c.fpU++
				rep.Dropped = append(rep.Dropped, unitLine(u))
			}
			continue
		}
		rep.Boilerplate++
		c.tpB += d
		c.fnB += size - d
		if gone {
			c.tpU++
		} else {
			c.fnU++
			rep.Kept = append(rep.Kept, unitLine(u))
		}
	}
	rep.Articles = len(order)
	n := len(order)
	tpB, pB, bB := make([]int, n), make([]int, n), make([]int, n)
	tpU, pU, bU := make([]int, n), make([]int, n), make([]int, n)
	for i, a := range order {
		c := per[a]
		tpB[i], pB[i], bB[i] = c.tpB, c.tpB+c.fpB, c.tpB+c.fnB
		tpU[i], pU[i], bU[i] = c.tpU, c.tpU+c.fpU, c.tpU+c.fnU
	}
	var err error
	if rep.BytePrecision, err = ratio(tpB, pB, b); err != nil {
		return nil, err
	}
	if rep.ByteRecall, err = ratio(tpB, bB, b); err != nil {
		return nil, err
	}
	if rep.UnitPrecision, err = ratio(tpU, pU, b); err != nil {
		return nil, err
	}
	if rep.UnitRecall, err = ratio(tpU, bU, b); err != nil {
		return nil, err
	}
	return rep, nil
}

func unitLine(u *Unit) string {
	t := u.Text
	if len(t) > 80 {
		cut := 80
		for cut > 0 && !isRuneStart(t[cut]) {
			cut--
		}
		t = t[:cut] + "…"
	}
	return fmt.Sprintf("%s %s: %s", u.ID, u.Stance, t)
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// SegmentationReport says how far the segmenter's claims coincide with the
// gold units.
type SegmentationReport struct {
	Articles int `json:"articles"`
	// Recall = gold content units whose exact span is a claim / gold
	// content units; Precision = claims whose exact span is a gold unit
	// (any label) / claims.
	Recall    Ratio `json:"unit_recall"`
	Precision Ratio `json:"claim_precision"`
}

// ScoreSegmentation counts exact span matches between claims and gold
// units in the articles that have gold units with agreeing spans.
func ScoreSegmentation(g *Gold, al *Alignment, b Boot) (*SegmentationReport, error) {
	idx := map[*article.Article]int{}
	var order []*article.Article
	spans := map[*article.Article]map[[2]int]bool{}
	var hit, units []int
	for i := range g.Units {
		a := al.Article[i]
		if a == nil || !al.SpanOK[i] {
			continue
		}
		if _, ok := idx[a]; !ok {
			idx[a] = len(order)
			order = append(order, a)
			spans[a] = map[[2]int]bool{}
			hit, units = append(hit, 0), append(units, 0)
		}
		u := &g.Units[i]
		spans[a][[2]int{u.Start, u.End}] = true
		if !u.Content() {
			continue
		}
		units[idx[a]]++
		if al.Claim[i] >= 0 {
			hit[idx[a]]++
		}
	}
	exact, claims := make([]int, len(order)), make([]int, len(order))
	for k, a := range order {
		claims[k] = len(a.Claims)
		for _, c := range a.Claims {
			if spans[a][[2]int{c.Start, c.End}] {
				exact[k]++
			}
		}
	}
	rep := &SegmentationReport{Articles: len(order)}
	var err error
	if rep.Recall, err = ratio(hit, units, b); err != nil {
		return nil, err
	}
	if rep.Precision, err = ratio(exact, claims, b); err != nil {
		return nil, err
	}
	return rep, nil
}

// SpanMatch is the quote matching at one overlap threshold.
type SpanMatch struct {
	Threshold float64 `json:"threshold"`
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	Precision Ratio   `json:"precision"`
	Recall    Ratio   `json:"recall"`
	F1        Num     `json:"f1"`
}

// SideAccuracy is speaker accuracy among matched quotes of one gold
// speaker side.
type SideAccuracy struct {
	Side    string   `json:"side"`
	N       int      `json:"n"`
	Speaker Estimate `json:"speaker_accuracy"`
	SideAcc Estimate `json:"side_accuracy"`
}

// AttributionReport scores quote detection and speakers.
type AttributionReport struct {
	Articles   int         `json:"articles"`
	GoldQuotes int         `json:"gold_quotes"`
	PredQuotes int         `json:"predicted_quotes"`
	Matches    []SpanMatch `json:"matches"`
	// Among quotes matched at LooseOverlap: the speaker named as in gold
	// (normalised, see SameSpeaker) and the speaker's side as in gold.
	Matched int      `json:"matched"`
	Speaker Estimate `json:"speaker_accuracy"`
	// SpeakerExact counts a speaker right only when the normalised names
	// are equal.
	SpeakerExact Estimate       `json:"speaker_exact_accuracy"`
	Side         Estimate       `json:"side_accuracy"`
	PerSide      []SideAccuracy `json:"per_side"`
	Wrong        []string       `json:"speaker_errors"`
	Voice        *LabelReport   `json:"voice,omitempty"` // voice of exactly matched content units
	Problems     []string       `json:"problems,omitempty"`
}

// ScoreAttribution matches the pipeline's quote claims (voice quote) to
// the gold quote units (voice quote) as the Gender Gap Tracker does
// (metrics.MatchSpans at 0.3 and 0.8, within each article), then scores
// the speaker and side of the quotes matched at 0.3, and the voice of
// every content unit matched exactly by a claim. Articles are those with
// gold units whose spans agree; intervals resample articles.
func ScoreAttribution(g *Gold, al *Alignment, b Boot) (*AttributionReport, error) {
	rep := &AttributionReport{}
	pos := map[*article.Article]int{}
	var order []*article.Article
	var gold [][]metrics.Span
	var goldUnit [][]int
	var vGold, vPred, vGroup []string
	for i := range g.Units {
		a := al.Article[i]
		if a == nil || !al.SpanOK[i] {
			continue
		}
		if _, ok := pos[a]; !ok {
			pos[a] = len(order)
			order = append(order, a)
			gold, goldUnit = append(gold, nil), append(goldUnit, nil)
		}
		u := &g.Units[i]
		if u.Voice == string(article.VoiceQuote) {
			k := pos[a]
			gold[k] = append(gold[k], metrics.Span{Doc: a.ID, Start: u.Start, End: u.End})
			goldUnit[k] = append(goldUnit[k], i)
			rep.GoldQuotes++
		}
		if c := al.Claim[i]; c >= 0 && u.Content() && u.Voice != "" {
			vGold = append(vGold, u.Voice)
			vPred = append(vPred, string(a.Claims[c].Voice))
			vGroup = append(vGroup, a.ID)
		}
	}
	rep.Articles = len(order)
	pred := make([][]metrics.Span, len(order))
	predClaim := make([][]int, len(order))
	for k, a := range order {
		for ci, c := range a.Claims {
			if c.Voice == article.VoiceQuote {
				pred[k] = append(pred[k], metrics.Span{Doc: a.ID, Start: c.Start, End: c.End})
				predClaim[k] = append(predClaim[k], ci)
				rep.PredQuotes++
			}
		}
	}
	var spk, exact, side []bool
	var spkSide, spkGroup []string
	for _, th := range []float64{metrics.LooseOverlap, metrics.StrictOverlap} {
		n := len(order)
		tp, predN, goldN := make([]int, n), make([]int, n), make([]int, n)
		m := SpanMatch{Threshold: th}
		for k, a := range order {
			s, err := metrics.MatchSpans(gold[k], pred[k], th)
			if err != nil {
				return nil, fmt.Errorf("quote matching in %s: %w", a.ID, err)
			}
			tp[k], predN[k], goldN[k] = s.TP, s.TP+s.FP, s.TP+s.FN
			m.TP += s.TP
			m.FP += s.FP
			m.FN += s.FN
			if th != metrics.LooseOverlap {
				continue
			}
			for _, p := range s.Pairs {
				u := &g.Units[goldUnit[k][p.Gold]]
				c := &a.Claims[predClaim[k][p.Pred]]
				okName := SameSpeaker(u.Speaker, c.Speaker)
				okSide := u.SpeakerSide == string(c.SpeakerSide) || (u.SpeakerSide == "" && c.SpeakerSide == article.SideNone)
				spk, side = append(spk, okName), append(side, okSide)
				exact = append(exact, okName && strings.Join(speakerWords(u.Speaker), " ") == strings.Join(speakerWords(c.Speaker), " "))
				spkSide, spkGroup = append(spkSide, u.SpeakerSide), append(spkGroup, a.ID)
				if !okName || !okSide {
					rep.Wrong = append(rep.Wrong, fmt.Sprintf("%s: gold %q (%s), predicted %q (%s)", u.ID, u.Speaker, u.SpeakerSide, c.Speaker, c.SpeakerSide))
				}
			}
		}
		var err error
		if m.Precision, err = ratio(tp, predN, b); err != nil {
			return nil, err
		}
		if m.Recall, err = ratio(tp, goldN, b); err != nil {
			return nil, err
		}
		m.F1 = Num(f1(float64(m.Precision.Est.Value), float64(m.Recall.Est.Value)))
		rep.Matches = append(rep.Matches, m)
	}
	rep.Matched = len(spk)
	var err error
	if rep.Speaker, err = share(spk, spkGroup, b); err != nil {
		return nil, err
	}
	if rep.SpeakerExact, err = share(exact, spkGroup, b); err != nil {
		return nil, err
	}
	if rep.Side, err = share(side, spkGroup, b); err != nil {
		return nil, err
	}
	sides := map[string]bool{}
	for _, s := range spkSide {
		sides[s] = true
	}
	var names []string
	for s := range sides {
		names = append(names, s)
	}
	sort.Strings(names)
	for _, s := range names {
		var a, c []bool
		var grp []string
		for i := range spk {
			if spkSide[i] == s {
				a, c, grp = append(a, spk[i]), append(c, side[i]), append(grp, spkGroup[i])
			}
		}
		sa := SideAccuracy{Side: s, N: len(a)}
		if sa.Speaker, err = share(a, grp, b); err != nil {
			return nil, err
		}
		if sa.SideAcc, err = share(c, grp, b); err != nil {
			return nil, err
		}
		if sa.Side == "" {
			sa.Side = "(none given)"
		}
		rep.PerSide = append(rep.PerSide, sa)
	}
	if len(vGold) > 0 {
		labels := []string{string(article.VoiceAuthor), string(article.VoiceQuote), string(article.VoiceReported)}
		if rep.Voice, err = ScoreLabels(LabelInput{Labels: labels, Gold: vGold, Pred: vPred, Group: vGroup}, b); err != nil {
			rep.Problems = append(rep.Problems, "voice: "+err.Error())
			rep.Voice = nil
		}
	}
	return rep, nil
}

// share is the proportion of true values with an interval resampling
// groups; NaN when there are none.
func share(ok []bool, group []string, b Boot) (Estimate, error) {
	if len(ok) == 0 {
		return Estimate{Value: Num(nan()), Lo: Num(nan()), Hi: Num(nan())}, nil
	}
	return b.estimate(metrics.Groups(group), len(ok), func(idx []int) float64 {
		if len(idx) == 0 {
			return nan()
		}
		n := 0
		for _, i := range idx {
			if ok[i] {
				n++
			}
		}
		return float64(n) / float64(len(idx))
	})
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// speakerTitles are dropped from the front of names before comparing.
var speakerTitles = map[string]bool{"dr": true, "mr": true, "mrs": true, "ms": true, "miss": true, "prof": true,
	"professor": true, "sir": true, "dame": true, "lord": true, "lady": true, "the": true}

// speakerWords normalises a speaker name to lower-case words, without
// punctuation and leading titles.
func speakerWords(s string) []string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for len(f) > 0 && speakerTitles[f[0]] {
		f = f[1:]
	}
	return f
}

// SameSpeaker reports whether a predicted speaker names the gold one:
// after lower-casing, dropping punctuation and leading titles ("Dr",
// "The"), the two word sequences are equal or one is a contiguous part of
// the other ("McCourt" and "Ellen McCourt"; "Department of Health" and
// "Department of Health spokeswoman"). An empty name matches nothing.
func SameSpeaker(gold, pred string) bool {
	g, p := speakerWords(gold), speakerWords(pred)
	if len(g) == 0 || len(p) == 0 {
		return false
	}
	if len(p) > len(g) {
		g, p = p, g
	}
	for i := 0; i+len(p) <= len(g); i++ {
		match := true
		for j := range p {
			if g[i+j] != p[j] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

func nan() float64 { return math.NaN() }
