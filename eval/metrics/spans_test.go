package metrics

import (
	"errors"
	"testing"
)

func TestGoldCoverage(t *testing.T) {
	tests := []struct {
		name string
		g, p Span
		want float64
	}{
		{"half", Span{"a", 0, 100}, Span{"a", 50, 100}, 0.5},
		{"pred swallows gold", Span{"a", 10, 20}, Span{"a", 0, 100}, 1},
		{"gold swallows pred", Span{"a", 0, 100}, Span{"a", 10, 20}, 0.1},
		{"touching", Span{"a", 0, 10}, Span{"a", 10, 20}, 0},
		{"other doc", Span{"a", 0, 10}, Span{"b", 0, 10}, 0},
		{"empty gold", Span{"a", 5, 5}, Span{"a", 0, 10}, 0},
		{"empty pred", Span{"a", 0, 10}, Span{"a", 5, 5}, 0},
	}
	for _, tt := range tests {
		if got := GoldCoverage(tt.g, tt.p); !near(got, tt.want, 1e-12) {
			t.Errorf("%s: GoldCoverage = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestMatchSpans(t *testing.T) {
	gold := []Span{{"a", 200, 300}, {"a", 0, 100}}
	pred := []Span{
		{"a", 50, 100},  // covers 50% of gold [0,100)
		{"a", 400, 500}, // covers nothing
		{"a", 200, 290}, // covers 90% of gold [200,300)
	}
	tests := []struct {
		threshold  float64
		tp, fp, fn int
		p, r, f1   float64
	}{
		// 0.3: both gold spans match → TP 2, FP 1, FN 0;
		// P = 2/3, R = 1, F1 = 4/5.
		{LooseOverlap, 2, 1, 0, 2.0 / 3, 1, 0.8},
		// 0.8: only the 90% one → TP 1, FP 2, FN 1;
		// P = 1/3, R = 1/2, F1 = 2/(2+2+1) = 0.4.
		{StrictOverlap, 1, 2, 1, 1.0 / 3, 0.5, 0.4},
	}
	for _, tt := range tests {
		s, err := MatchSpans(gold, pred, tt.threshold)
		if err != nil {
			t.Fatal(err)
		}
		if s.TP != tt.tp || s.FP != tt.fp || s.FN != tt.fn || !near(s.Precision, tt.p, 1e-12) || !near(s.Recall, tt.r, 1e-12) || !near(s.F1, tt.f1, 1e-12) {
			t.Errorf("threshold %v: %+v", tt.threshold, s)
		}
	}
	s, _ := MatchSpans(gold, pred, LooseOverlap)
	// Pairs come in gold text order: gold[1] [0,100) ↔ pred[0], then gold[0] ↔ pred[2].
	if len(s.Pairs) != 2 || s.Pairs[0] != (SpanPair{1, 0, 0.5}) || s.Pairs[1] != (SpanPair{0, 2, 0.9}) {
		t.Errorf("pairs = %+v", s.Pairs)
	}
}

func TestMatchSpansRules(t *testing.T) {
	tests := []struct {
		name       string
		gold, pred []Span
		threshold  float64
		tp, fp, fn int
	}{
		// Exactly 30% is not "> 0.3" (GGT compares strictly).
		{"boundary", []Span{{"a", 0, 10}}, []Span{{"a", 0, 3}}, LooseOverlap, 0, 1, 1},
		{"just over", []Span{{"a", 0, 10}}, []Span{{"a", 0, 4}}, LooseOverlap, 1, 0, 0},
		// One prediction cannot match two gold spans.
		{"one-to-one", []Span{{"a", 0, 10}, {"a", 5, 15}}, []Span{{"a", 0, 15}}, LooseOverlap, 1, 0, 1},
		// The best-covering prediction wins, whatever its position.
		{"best wins", []Span{{"a", 0, 10}}, []Span{{"a", 0, 5}, {"a", 0, 9}}, LooseOverlap, 1, 1, 0},
		{"other doc", []Span{{"a", 0, 10}}, []Span{{"b", 0, 10}}, LooseOverlap, 0, 1, 1},
		{"nothing", nil, nil, LooseOverlap, 0, 0, 0},
	}
	for _, tt := range tests {
		s, err := MatchSpans(tt.gold, tt.pred, tt.threshold)
		if err != nil || s.TP != tt.tp || s.FP != tt.fp || s.FN != tt.fn {
			t.Errorf("%s: TP/FP/FN = %d/%d/%d, %v; want %d/%d/%d", tt.name, s.TP, s.FP, s.FN, err, tt.tp, tt.fp, tt.fn)
		}
	}
	s, _ := MatchSpans([]Span{{"a", 0, 10}}, []Span{{"a", 0, 5}, {"a", 0, 9}}, LooseOverlap)
	if s.Pairs[0].Pred != 1 {
		t.Errorf("best wins: matched pred %d, want 1", s.Pairs[0].Pred)
	}
	// Empty input: every score 0 by zero_division=0.
	s, _ = MatchSpans(nil, nil, LooseOverlap)
	if s.Precision != 0 || s.Recall != 0 || s.F1 != 0 {
		t.Errorf("empty: %+v", s)
	}
}

func TestMatchSpansErrors(t *testing.T) {
	ok := []Span{{"a", 0, 1}}
	tests := []struct {
		name       string
		gold, pred []Span
		threshold  float64
	}{
		{"threshold 1", ok, ok, 1},
		{"threshold negative", ok, ok, -0.1},
		{"reversed gold", []Span{{"a", 5, 1}}, ok, 0.3},
		{"negative pred", ok, []Span{{"a", -1, 1}}, 0.3},
	}
	for _, tt := range tests {
		if _, err := MatchSpans(tt.gold, tt.pred, tt.threshold); !errors.Is(err, ErrDomain) {
			t.Errorf("%s: err = %v, want ErrDomain", tt.name, err)
		}
	}
}

func FuzzMatchSpans(f *testing.F) {
	f.Add(0, 10, 5, 20, 0.3)
	f.Add(5, 1, 0, 0, 0.8)
	f.Fuzz(func(t *testing.T, gs, ge, ps, pe int, th float64) {
		gold := []Span{{"a", gs, ge}, {"a", ps, ge}}
		pred := []Span{{"a", ps, pe}, {"b", gs, pe}}
		s, err := MatchSpans(gold, pred, th)
		if err != nil {
			return
		}
		if s.TP+s.FN != len(gold) || s.TP+s.FP != len(pred) {
			t.Errorf("counts %+v do not add up", s)
		}
		if s.F1 < 0 || s.F1 > 1 {
			t.Errorf("F1 = %v", s.F1)
		}
	})
}
