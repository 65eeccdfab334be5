package harness

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Via says how a unit's prediction was obtained.
type Via string

// Ways of obtaining a prediction.
const (
	ViaClaim    Via = "claim"     // the pipeline's claim with the unit's exact offsets and text
	ViaGoldText Via = "gold-text" // the model run on the gold unit's own text (no claim matched)
	ViaFile     Via = "file"      // a row of a predictions file
)

// Prediction is what a system says about one unit.
type Prediction struct {
	Stance string
	// P holds p(pro_gov), p(neutral), p(pro_jdc) when HasP.
	P         [3]float64
	HasP      bool
	Sentiment string // negative, neutral, positive or "" (none)
	Via       Via
}

// PredSet is a parsed predictions file.
type PredSet struct {
	Origin string
	// ByOffsets reports that rows are keyed by article_id, start, end
	// (else by id).
	ByOffsets bool
	rows      map[string]predRow
	// Problems lists one "origin:line: problem" per row skipped or field
	// left out.
	Problems []string
}

type predRow struct {
	Prediction
	line int
	text string // "" when the file has no text column
}

// Len returns the number of usable rows.
func (s *PredSet) Len() int { return len(s.rows) }

// probability tolerance: a probability row must sum to 1 within this.
const probTolerance = 1e-3

// ReadPredictions reads a predictions file named origin: a CSV (or JSONL)
// with stance and either article_id, start, end (as slant run's
// claims.csv) or id, and optionally p_pro_gov, p_neutral, p_pro_jdc,
// sentiment_label (or sentiment) and text. Rows are skipped, with a
// problem, when malformed, when the stance is not pro_gov, neutral or
// pro_jdc, when the key is missing or repeated. Probabilities that are
// not three numbers in [0, 1] summing to 1 (±0.001; they are then
// renormalised) are left out with a problem, as is an unknown sentiment
// label; the row's stance is kept. The error (wrapping ErrUsage) is for a
// file with no header or without the stance or key columns.
func ReadPredictions(r io.Reader, origin string) (*PredSet, error) {
	t, err := readTable(r, origin)
	if err != nil {
		return nil, err
	}
	if !t.has["stance"] {
		return nil, usagef("%s: missing column \"stance\"", origin)
	}
	s := &PredSet{Origin: origin, rows: map[string]predRow{}}
	ps := t.problems
	s.ByOffsets = t.has["article_id"] && t.has["start"] && t.has["end"]
	if !s.ByOffsets && !t.has["id"] {
		return nil, usagef("%s: need columns article_id, start, end (as claims.csv) or id", origin)
	}
	sentCol := "sentiment_label"
	if !t.has[sentCol] {
		sentCol = "sentiment"
	}
	seen := map[string]int{}
	for _, rc := range t.rows {
		f := func(k string) string { return strings.TrimSpace(rc.f[k]) }
		var key string
		if s.ByOffsets {
			a := f("article_id")
			st, err1 := strconv.Atoi(f("start"))
			en, err2 := strconv.Atoi(f("end"))
			if a == "" || err1 != nil || err2 != nil || st < 0 || en < st {
				ps.add(origin, rc.line, "article_id %q, start %q, end %q do not name a span", rc.f["article_id"], rc.f["start"], rc.f["end"])
				continue
			}
			key = offsetKey(a, st, en)
		} else {
			if f("id") == "" {
				ps.add(origin, rc.line, "empty id")
				continue
			}
			key = idKey(unneutralise(f("id")))
		}
		p := predRow{Prediction: Prediction{Stance: strings.ToLower(f("stance")), Via: ViaFile}, line: rc.line}
		if !member(p.Stance, StanceLabels) {
			ps.add(origin, rc.line, "stance %q is not pro_gov, neutral or pro_jdc", rc.f["stance"])
			continue
		}
		if prev, dup := seen[key]; dup {
			ps.add(origin, rc.line, "repeats the unit of line %d", prev)
			continue
		}
		seen[key] = rc.line
		if t.has["p_pro_gov"] || t.has["p_neutral"] || t.has["p_pro_jdc"] {
			if pr, bad := parseProbs(f("p_pro_gov"), f("p_neutral"), f("p_pro_jdc")); bad != "" {
				ps.add(origin, rc.line, "%s: probabilities left out", bad)
			} else {
				p.P, p.HasP = pr, true
			}
		}
		if sl := strings.ToLower(f(sentCol)); sl != "" {
			if member(sl, SentimentLabels) {
				p.Sentiment = sl
			} else {
				ps.add(origin, rc.line, "sentiment %q is not negative, neutral or positive: left out", sl)
			}
		}
		if t.has["text"] {
			p.text = unneutralise(rc.f["text"])
		}
		s.rows[key] = p
	}
	s.Problems = ps.lines()
	return s, nil
}

// parseProbs reads three probabilities; all empty is "no probabilities".
func parseProbs(a, b, c string) ([3]float64, string) {
	var p [3]float64
	if a == "" && b == "" && c == "" {
		return p, "empty probabilities"
	}
	sum := 0.0
	for i, s := range []string{a, b, c} {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v) || v < 0 || v > 1 {
			return p, fmt.Sprintf("probability %q is not a number in [0, 1]", s)
		}
		p[i] = v
		sum += v
	}
	if math.Abs(sum-1) > probTolerance {
		return p, fmt.Sprintf("probabilities sum to %.4g, not 1", sum)
	}
	if math.Abs(sum-1) > 1e-12 {
		for i := range p {
			p[i] /= sum
		}
	}
	return p, ""
}

func member(s string, set []string) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}

// Lookup returns the row of unit u: by offsets when the file is keyed by
// offsets and u has them, else by id. ok is false when the file has no
// row for u; bad says why a row that exists cannot be used (its text
// differs from the gold text).
func (s *PredSet) Lookup(u *Unit) (p Prediction, ok bool, bad string) {
	var key string
	switch {
	case s.ByOffsets && u.HasOffsets():
		key = offsetKey(u.ArticleID, u.Start, u.End)
	case s.ByOffsets:
		return p, false, ""
	default:
		key = idKey(u.ID)
	}
	r, ok := s.rows[key]
	if !ok {
		return p, false, ""
	}
	if r.text != "" && r.text != u.Text {
		return p, false, fmt.Sprintf("%s:%d: text differs from the gold unit's (hash %s, gold %s)", s.Origin, r.line, TextHash(r.text), TextHash(u.Text))
	}
	return r.Prediction, true, ""
}

// unneutralise undoes the apostrophe slant's CSV writers put before a
// cell a spreadsheet would run as a formula ('=…, '+…, '-…, '@…).
func unneutralise(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}
