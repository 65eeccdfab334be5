package attribute

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/profile"
)

// resolver normalises speaker phrases and resolves references to earlier
// speakers within one context (the body, or one reader comment).
type resolver struct {
	p    *profile.Profile
	text string // the article text
	// recent holds the speakers met so far in the context, oldest first.
	recent []said
	// ctxStart is where the current context starts in text.
	ctxStart int
	// midCaps caches whether a word is capitalised mid-sentence somewhere
	// in text.
	midCaps map[string]bool
}

func newResolver(p *profile.Profile, text string) *resolver {
	return &resolver{p: p, text: text}
}

// said is a speaker met at an offset of the text.
type said struct {
	name string
	at   int
}

// reset forgets the speakers of the previous context; the new one starts
// at offset at.
func (r *resolver) reset(at int) {
	r.recent = r.recent[:0]
	r.ctxStart = at
}

// remember records a resolved speaker met at offset at.
func (r *resolver) remember(s string, at int) {
	if s != "" {
		r.recent = append(r.recent, said{s, at})
	}
}

// capitalisedMidSentence reports whether w occurs capitalised in the
// article after a lower-case word or a comma (so it is a name, not a
// sentence opening like "Logic says"). The words are collected in one
// pass over the text on first use.
func (r *resolver) capitalisedMidSentence(w string) bool {
	if r.midCaps == nil {
		r.midCaps = map[string]bool{}
		ws := splitWords(r.text)
		for i := 1; i < len(ws); i++ {
			if !isCapitalised(ws[i].text) {
				continue
			}
			gap := r.text[ws[i-1].end:ws[i].start]
			if strings.Trim(gap, " \u00a0") == "" && gap != "" && unicode.IsLower(firstRune(ws[i-1].text)) {
				r.midCaps[ws[i].text] = true
			} else if strings.Trim(gap, " \u00a0") == "," {
				r.midCaps[ws[i].text] = true
			}
		}
	}
	return r.midCaps[w]
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// normalise turns a speaker phrase into its normal form:
//
//   - "an email from X", "a statement by X" → X (documents speak with
//     their author's voice); other modifiers after the head are cut ("an
//     email sent to members tonight" → "email");
//   - a leading "a"/"an" is dropped, "the" only before a capitalised word
//     ("The Labour Party" → "Labour Party", but "the union" stays);
//     quantifiers are lower-cased ("One junior doctor" → "one junior
//     doctor");
//   - a role followed by a person's name keeps the name ("NHS Employers
//     chief executive Danny Mortimer" → "Danny Mortimer"), as does a name
//     followed by "of …" ("Danny Mortimer of NHS Employers");
//   - titles and offices before a full name are dropped ("Former Foreign
//     Secretary David Owen" → "David Owen", "Dr Johann Malawana" →
//     "Johann Malawana"), but kept before a lone surname ("Dr McCourt").
func (r *resolver) normalise(np string) string {
	np = trimPunct(np)
	ws := splitWords(np)
	if len(ws) == 0 {
		return ""
	}
	// Documents: "The email from X" → X.
	for i := 0; i+2 < len(ws) && i < 4; i++ {
		if docNouns[ws[i].key] && (ws[i+1].key == "from" || ws[i+1].key == "by" || ws[i+1].key == "of") {
			rest := np[ws[i+2].start:]
			if r.plausible(rest, false) {
				return r.normalise(rest)
			}
		}
	}
	// Cut modifiers after the head and trailing time words.
	for i := 1; i < len(ws); i++ {
		if modifierCuts[ws[i].key] {
			ws = ws[:i]
			break
		}
	}
	for len(ws) > 1 && trailingTime[ws[len(ws)-1].key] {
		ws = ws[:len(ws)-1]
	}
	// Leading determiners.
	switch ws[0].key {
	case "a", "an":
		if len(ws) > 1 {
			ws = ws[1:]
		}
	case "the":
		if len(ws) > 1 && isCapitalised(ws[1].text) {
			ws = ws[1:]
		}
	}
	texts := make([]string, len(ws))
	for i, w := range ws {
		texts[i] = w.text
	}
	switch {
	case quantifiers[ws[0].key]:
		texts[0] = strings.ToLower(texts[0])
	case ws[0].key == "the":
		// A definite role ("the union", "the source") is lower case; "The
		// book of Han Feizi" keeps its capital.
		named := false
		for _, t := range texts[1:] {
			named = named || isCapitalised(t)
		}
		if !named {
			texts[0] = "the"
		}
	}
	// A trailing person's name after a lower-case role word.
	if k := trailingName(texts); k > 0 {
		return strings.Join(stripTitles(texts[k:]), " ")
	}
	// A leading person's name before "of", "from", "at", …
	if k := leadingName(texts); k > 0 {
		return strings.Join(stripTitles(texts[:k]), " ")
	}
	if allCapitalised(texts) {
		return strings.Join(stripTitles(texts), " ")
	}
	return strings.Join(texts, " ")
}

// trailingName returns the index where a final run of two or more
// capitalised words starts, when a lower-case word that is not a
// preposition stands before it; else 0.
func trailingName(ws []string) int {
	k := len(ws)
	for k > 0 && isCapitalised(ws[k-1]) && !isAcronym(ws[k-1]) {
		k--
	}
	if k == 0 || len(ws)-k < 2 {
		return 0
	}
	prev := strings.ToLower(ws[k-1])
	if isCapitalised(ws[k-1]) || namePrepositions[prev] || nameConnectors[prev] {
		return 0
	}
	return k
}

// leadingName returns the length of an opening run of two or more
// capitalised words followed by a preposition; else 0.
func leadingName(ws []string) int {
	k := 0
	for k < len(ws) && isCapitalised(ws[k]) && !isAcronym(ws[k]) {
		k++
	}
	if k < 2 || k >= len(ws) || !namePrepositions[strings.ToLower(ws[k])] {
		return 0
	}
	return k
}

func allCapitalised(ws []string) bool {
	for i, w := range ws {
		if !isCapitalised(w) && !(i > 0 && nameConnectors[strings.ToLower(w)]) {
			return false
		}
	}
	return true
}

// stripTitles drops everything up to the last title word when at least
// two words (a full name) remain after it.
func stripTitles(ws []string) []string {
	last := -1
	for i, w := range ws {
		if titleWords[strings.ToLower(strings.TrimSuffix(w, "."))] {
			last = i
		}
	}
	if last >= 0 && len(ws)-last-1 >= 2 {
		return ws[last+1:]
	}
	return ws
}

// resolve maps a normalised speaker to the speaker it refers to:
//
//   - a pronoun ("she", "they", "it") → the most recent speaker (for
//     "he"/"she" the most recent that is not a document or a plural);
//   - a definite role ("the source", "the spokeswoman") → the most recent
//     speaker whose phrase has the same head ("the source": the most
//     recent speaker);
//   - a lone surname, with or without a title ("Dr McCourt", "Hunt") →
//     the most recent speaker with that surname, else the last full name
//     ending in it earlier in the article, else the profile actor (a
//     person) it names;
//
// anything else is returned as it is. An unresolved pronoun gives "".
func (r *resolver) resolve(s string, before int) string {
	ws := strings.Fields(s)
	if len(ws) == 0 {
		return ""
	}
	lw := strings.ToLower(s)
	if len(ws) == 1 && pronouns[lw] {
		return r.pronoun(lw, before)
	}
	if strings.EqualFold(ws[0], "the") && len(ws) <= 3 && roleNouns[strings.ToLower(ws[len(ws)-1])] {
		head := strings.ToLower(ws[len(ws)-1])
		for i := len(r.recent) - 1; i >= 0; i-- {
			c := r.recent[i].name
			if head == "source" || head == "sources" || strings.Contains(strings.ToLower(c), head) {
				return c
			}
		}
		return s
	}
	name := ws
	if len(name) == 2 && titleWords[strings.ToLower(strings.TrimSuffix(name[0], "."))] {
		name = name[1:]
	}
	if len(name) == 1 && isCapitalised(name[0]) && !isAcronym(name[0]) {
		sur := name[0]
		for i := len(r.recent) - 1; i >= 0; i-- {
			f := strings.Fields(r.recent[i].name)
			if len(f) >= 2 && f[len(f)-1] == sur {
				return r.recent[i].name
			}
		}
		if full := r.fullName(sur, before); full != "" {
			return full
		}
		if actor, _ := r.p.SpeakerSide(s); actor != "" {
			if a, ok := r.p.Actor(actor); ok && a.Kind == "person" {
				return a.Name
			}
		}
	}
	return s
}

// pronounWindow bounds how far back (in bytes) a pronoun looks for a
// person named in the text.
const pronounWindow = 1200

// pronoun resolves "he"/"she" to the more recent of the last person
// speaker and the last person of the profile named in the context before
// offset before; "they" to the last speaker that is not a single person,
// "it" to the last that is not a person (each falling back to the last
// speaker). It returns "" when there is none.
func (r *resolver) pronoun(p string, before int) string {
	switch p {
	case "he", "she", "him", "her":
		best, bestAt := "", -1
		for i := len(r.recent) - 1; i >= 0; i-- {
			if r.isPerson(r.recent[i].name) {
				best, bestAt = r.recent[i].name, r.recent[i].at
				break
			}
		}
		from := max(r.ctxStart, before-pronounWindow, 0)
		if before > len(r.text) {
			before = len(r.text)
		}
		for from < before && !utf8.RuneStart(r.text[from]) {
			from++
		}
		if from < before {
			ms := r.p.Names(r.text[from:before])
			for k := len(ms) - 1; k >= 0; k-- {
				m := ms[k]
				if m.Ref.Topic || from+m.Start <= bestAt {
					continue
				}
				if a, ok := r.p.Actor(m.Ref.Name); ok && a.Kind == "person" {
					return a.Name
				}
			}
		}
		return best
	}
	for i := len(r.recent) - 1; i >= 0; i-- {
		c := r.recent[i].name
		person := r.isPerson(c)
		if (p == "it" && !person) || (p != "it" && (!person || isPlural(c))) {
			return c
		}
	}
	if n := len(r.recent); n > 0 {
		return r.recent[n-1].name
	}
	return ""
}

// isPerson reports whether a speaker is one person: a profile actor of
// kind person, a phrase headed by a person's role ("Department of Health
// spokeswoman", "one junior doctor"), or a name of two or three
// capitalised words that is not a profile body.
func (r *resolver) isPerson(s string) bool {
	if actor, _ := r.p.SpeakerSide(s); actor != "" {
		if a, ok := r.p.Actor(actor); ok && a.Kind == "person" {
			return true
		}
	}
	ws := splitWords(s)
	if len(ws) == 0 {
		return false
	}
	if personRoles[ws[len(ws)-1].key] {
		return true
	}
	if isDocument(s) || isPlural(s) {
		return false
	}
	if actor, _ := r.p.SpeakerSide(s); actor != "" {
		return false // a body or group
	}
	if len(ws) < 2 || len(ws) > 4 {
		return false
	}
	for _, w := range ws {
		if !isCapitalised(w.text) || isAcronym(w.text) || orgWords[w.key] {
			return false
		}
	}
	return true
}

// fullName finds the last "Given Surname" (one or two capitalised given
// names, no title) in the article before offset before, looking at the
// last 50 mentions of the surname at most.
func (r *resolver) fullName(sur string, before int) string {
	if before > len(r.text) {
		before = len(r.text)
	}
	t := r.text[:before]
	for end, tries := len(t), 0; end > 0 && tries < 50; tries++ {
		i := strings.LastIndex(t[:end], sur)
		if i < 0 {
			break
		}
		end = i
		if e := i + len(sur); e < len(t) {
			if c, _ := utf8.DecodeRuneInString(t[e:]); unicode.IsLetter(c) {
				continue
			}
		}
		win := tail(t[:i], 80)
		base := i - len(win)
		ws := splitWords(win)
		var given []string
		next := i // start of the word after the candidate
		for k := len(ws) - 1; k >= 0 && len(given) < 2; k-- {
			w := ws[k]
			gap := t[base+w.end : next]
			if strings.TrimFunc(gap, func(r rune) bool { return r == ' ' || r == '\u00a0' }) != "" || gap == "" {
				break
			}
			if !isCapitalised(w.text) || isAcronym(w.text) || titleWords[w.key] {
				break
			}
			given = append([]string{w.text}, given...)
			next = base + w.start
		}
		if len(given) > 0 {
			return strings.Join(given, " ") + " " + sur
		}
	}
	return ""
}

func isDocument(s string) bool {
	for _, w := range strings.Fields(strings.ToLower(s)) {
		if docNouns[w] {
			return true
		}
	}
	return false
}

func isPlural(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 {
		return false
	}
	l := f[len(f)-1]
	return !isCapitalised(l) && strings.HasSuffix(l, "s") && !strings.HasSuffix(l, "ss")
}

// side returns the speaker's side: the profile actor it names; else
// other for a named speaker (one with a capitalised word) and none for an
// unnamed one.
func (r *resolver) side(speaker string) article.Side {
	if speaker == "" {
		return article.SideNone
	}
	if _, s := r.p.SpeakerSide(speaker); s != article.SideNone {
		return s
	}
	if named(speaker) {
		return article.SideOther
	}
	return article.SideNone
}

// named reports whether a speaker phrase has a proper name: a capitalised
// word after the first, an acronym, or a capitalised first word that is
// not a role or determiner ("Wikipedia", but not "Critics" or "The
// source").
func named(s string) bool {
	ws := splitWords(s)
	for i, w := range ws {
		if isAcronym(w.text) || (i > 0 && isCapitalised(w.text) && !nameConnectors[w.key]) {
			return true
		}
	}
	if len(ws) > 0 && isCapitalised(ws[0].text) {
		k := ws[0].key
		return !roleNouns[k] && !npStarters[k] && !leadWords[k] && k != "the" && k != "a" && k != "an" &&
			!pronouns[k] && !quantifiers[k]
	}
	return false
}
