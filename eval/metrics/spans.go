package metrics

import (
	"cmp"
	"fmt"
	"slices"
)

// Overlap thresholds of the Gender Gap Tracker's quote evaluation
// (Asr et al. 2021, PLoS ONE 16(1): e0245533).
const (
	LooseOverlap  = 0.3
	StrictOverlap = 0.8
)

// Span is a half-open byte range [Start, End) of document Doc.
type Span struct {
	Doc        string
	Start, End int
}

// GoldCoverage is the Gender Gap Tracker's overlap score: the share of the
// gold span covered by the predicted span,
//
//	overlap(g, p) = |g ∩ p| / |g|
//
// It is asymmetric (a predicted span that swallows the gold quote scores 1)
// and 0 when the spans are in different documents or either is empty. It
// is the score of calc_index_match_score in the GGT's evaluate_quotes.py,
// which measures |set(range(g)) ∩ set(range(p))| / |set(range(g))|.
func GoldCoverage(g, p Span) float64 {
	if g.Doc != p.Doc || g.End <= g.Start || p.End <= p.Start {
		return 0
	}
	inter := min(g.End, p.End) - max(g.Start, p.Start)
	if inter <= 0 {
		return 0
	}
	return float64(inter) / float64(g.End-g.Start)
}

// SpanPair is one matched pair: indices into the gold and predicted slices
// given to MatchSpans, and their GoldCoverage.
type SpanPair struct {
	Gold, Pred int
	Overlap    float64
}

// SpanScores are the counts and scores of MatchSpans at one threshold.
type SpanScores struct {
	Threshold float64
	// TP = matched gold spans, FN = unmatched gold spans,
	// FP = unmatched predicted spans.
	TP, FP, FN int
	// Precision = TP/(TP+FP), Recall = TP/(TP+FN), F1 = 2PR/(P+R); each 0
	// when its denominator is 0.
	Precision, Recall, F1 float64
	// Pairs lists the matches in gold order, for checking what else (the
	// speaker, the verb) the matched quotes agree on.
	Pairs []SpanPair
}

// MatchSpans matches predicted quote spans to gold ones as the Gender Gap
// Tracker's evaluation does (compare_res in evaluate_quotes.py): gold spans
// are visited in text order (Doc, Start, End); each takes, among the
// predicted spans not yet taken, the one with the highest GoldCoverage
// provided it is strictly greater than threshold (the first in text order
// on ties); a predicted span is matched at most once. Matched gold spans
// are true positives, unmatched gold spans false negatives and unmatched
// predicted spans false positives. The GGT reports threshold 0.3
// (LooseOverlap) and 0.8 (StrictOverlap); note the comparison is ">", so a
// prediction covering exactly 30% of a gold quote does not match at 0.3.
//
// It returns an error wrapping ErrDomain for a threshold outside [0, 1) or
// a span with Start < 0 or End < Start.
func MatchSpans(gold, pred []Span, threshold float64) (SpanScores, error) {
	if !(threshold >= 0 && threshold < 1) {
		return SpanScores{}, fmt.Errorf("span match: threshold %v outside [0,1): %w", threshold, ErrDomain)
	}
	for _, set := range []struct {
		name  string
		spans []Span
	}{{"gold", gold}, {"predicted", pred}} {
		for i, s := range set.spans {
			if s.Start < 0 || s.End < s.Start {
				return SpanScores{}, fmt.Errorf("span match: %s span %d [%d,%d) of %q is not a valid range: %w", set.name, i, s.Start, s.End, s.Doc, ErrDomain)
			}
		}
	}
	byDoc := make(map[string][]int) // predicted spans of each document, in text order
	for _, p := range textOrder(pred) {
		byDoc[pred[p].Doc] = append(byDoc[pred[p].Doc], p)
	}
	taken := make([]bool, len(pred))
	res := SpanScores{Threshold: threshold}
	for _, g := range textOrder(gold) {
		best, bestScore := -1, threshold
		for _, p := range byDoc[gold[g].Doc] {
			if taken[p] {
				continue
			}
			if s := GoldCoverage(gold[g], pred[p]); s > bestScore {
				best, bestScore = p, s
			}
		}
		if best < 0 {
			res.FN++
			continue
		}
		taken[best] = true
		res.TP++
		res.Pairs = append(res.Pairs, SpanPair{Gold: g, Pred: best, Overlap: bestScore})
	}
	res.FP = len(pred) - res.TP
	res.Precision = ratio(res.TP, res.TP+res.FP)
	res.Recall = ratio(res.TP, res.TP+res.FN)
	res.F1 = ratio(2*res.TP, 2*res.TP+res.FP+res.FN)
	return res, nil
}

// textOrder returns the indices of spans sorted by (Doc, Start, End),
// stable for equal spans.
func textOrder(spans []Span) []int {
	idx := make([]int, len(spans))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		sa, sb := spans[a], spans[b]
		return cmp.Or(cmp.Compare(sa.Doc, sb.Doc), cmp.Compare(sa.Start, sb.Start), cmp.Compare(sa.End, sb.End))
	})
	return idx
}
