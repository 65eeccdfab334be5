// Package target finds which side(s) of a dispute a claim speaks about:
// gov, jdc, both or none, from the profile's actors (with their aliases and
// nicknames) and topics (the contract, its policies, the strikes), with a
// carry-over from the previous claim for pronouns and short references
// ("he", "they", "the union"; the profile's carry_over list).
//
// Rules, in order, for one claim:
//
//  1. Explicit mentions: every actor or topic alias found by profile.Names
//     whose side is gov or jdc (actors on side "other" are kept in Mentions
//     but do not count).
//  2. Carry-over: a carry word (profile.CarryWords) that does not overlap an
//     explicit mention is resolved against the previous claim's result:
//     he/him/his/she/her → the last person-kind actor mentioned there (else
//     that claim's side); any other carry word → that claim's side. A carry
//     word counts when the claim has no explicit gov/jdc mention, or when it
//     is the claim's first word (the grammatical subject: "He then attacked
//     the junior doctors").
//  3. Side = gov if only gov mentions count, jdc if only jdc, both if both,
//     none otherwise.
//
// The previous claim's result includes its own carried mentions, so a chain
// "Hunt said … He added … He then …" keeps the target. Callers reset the
// context at section and comment boundaries (Detect works on one sequence).
package target

import (
	"strings"

	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/profile"
)

// Mention is one reference to an actor or topic in a claim's text.
type Mention struct {
	Start, End int          // byte offsets into the claim's text
	Text       string       // the matched text
	Name       string       // the actor or topic it refers to
	Side       article.Side // gov, jdc or other (both for a carry word resolved to a both-sided claim)
	Topic      bool         // a policy/topic rather than an actor
	Person     bool         // an actor of kind "person"
	Carried    bool         // resolved through a carry word from the previous claim
}

// Result is the target of one claim.
type Result struct {
	Side     article.Side // gov, jdc, both or none
	Mentions []Mention    // in text order
}

// Has reports whether the result's side includes s (both includes gov and jdc).
func (r Result) Has(s article.Side) bool {
	return r.Side == s || (r.Side == article.SideBoth && (s == article.SideGov || s == article.SideJDC))
}

// Detector finds targets with one profile. It is safe for concurrent use.
type Detector struct {
	p      *profile.Profile
	person map[string]bool // actor name → kind person
}

// New returns a detector for p.
func New(p *profile.Profile) *Detector {
	d := &Detector{p: p, person: map[string]bool{}}
	for _, a := range p.Actors {
		if a.Kind == "person" {
			d.person[a.Name] = true
		}
	}
	return d
}

// Detect returns the target of each text, in order, treating the texts as
// one running sequence (each may carry over from the one before it).
func (d *Detector) Detect(texts []string) []Result {
	out := make([]Result, len(texts))
	t := d.Tracker()
	for i, s := range texts {
		out[i] = t.Next(s)
	}
	return out
}

// One returns the target of a text on its own (no carry-over).
func (d *Detector) One(text string) Result { return d.next(text, nil) }

// Tracker walks a sequence of claims, carrying the previous result forward.
// A Tracker is not safe for concurrent use; make one per sequence.
type Tracker struct {
	d    *Detector
	prev *Result
}

// Tracker returns a new sequence tracker with empty context.
func (d *Detector) Tracker() *Tracker { return &Tracker{d: d} }

// Next returns the target of the next claim in the sequence.
func (t *Tracker) Next(text string) Result {
	r := t.d.next(text, t.prev)
	t.prev = &r
	return r
}

// Reset forgets the context (call it at a section or comment boundary).
func (t *Tracker) Reset() { t.prev = nil }

var personal = map[string]bool{"he": true, "him": true, "his": true, "she": true, "her": true, "hers": true, "himself": true, "herself": true}

func (d *Detector) next(text string, prev *Result) Result {
	var r Result
	var gov, jdc bool
	for _, m := range d.p.Names(text) {
		mm := Mention{Start: m.Start, End: m.End, Text: text[m.Start:m.End], Name: m.Ref.Name, Side: m.Ref.Side,
			Topic: m.Ref.Topic, Person: !m.Ref.Topic && d.person[m.Ref.Name]}
		r.Mentions = append(r.Mentions, mm)
		gov = gov || m.Ref.Side == article.SideGov
		jdc = jdc || m.Ref.Side == article.SideJDC
	}
	explicit := gov || jdc
	if prev != nil && prev.Side != article.SideNone {
		first := -1
		if ws := profile.Words(text); len(ws) > 0 {
			first = ws[0].Start
		}
		for _, c := range d.p.CarryWords(text) {
			if overlaps(c, r.Mentions) || (explicit && c.Start != first) {
				continue
			}
			w := strings.ToLower(text[c.Start:c.End])
			ref, ok := resolve(*prev, personal[w])
			if !ok {
				continue
			}
			ref.Start, ref.End, ref.Text, ref.Carried = c.Start, c.End, text[c.Start:c.End], true
			r.Mentions = append(r.Mentions, ref)
			switch ref.Side {
			case article.SideGov:
				gov = true
			case article.SideJDC:
				jdc = true
			case article.SideBoth:
				gov, jdc = true, true
			}
		}
		sortMentions(r.Mentions)
	}
	switch {
	case gov && jdc:
		r.Side = article.SideBoth
	case gov:
		r.Side = article.SideGov
	case jdc:
		r.Side = article.SideJDC
	default:
		r.Side = article.SideNone
	}
	return r
}

// resolve picks what a carry word refers to in the previous result: for a
// personal pronoun the last person mentioned (gov/jdc), otherwise the
// previous claim's side as a whole.
func resolve(prev Result, personalPronoun bool) (Mention, bool) {
	if personalPronoun {
		for i := len(prev.Mentions) - 1; i >= 0; i-- {
			m := prev.Mentions[i]
			if m.Person && (m.Side == article.SideGov || m.Side == article.SideJDC) {
				return Mention{Name: m.Name, Side: m.Side, Person: true}, true
			}
		}
	}
	switch prev.Side {
	case article.SideGov, article.SideJDC, article.SideBoth:
		name := ""
		for i := len(prev.Mentions) - 1; i >= 0; i-- {
			if prev.Mentions[i].Side == prev.Side {
				name = prev.Mentions[i].Name
				break
			}
		}
		return Mention{Name: name, Side: prev.Side}, true
	}
	return Mention{}, false
}

func overlaps(c profile.Mention, ms []Mention) bool {
	for _, m := range ms {
		if c.Start < m.End && m.Start < c.End {
			return true
		}
	}
	return false
}

func sortMentions(ms []Mention) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].Start < ms[j-1].Start; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}
