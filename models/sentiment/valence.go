package sentiment

import (
	"math"
	"strings"
)

// wordInfo is the valence scorer's view of one word (or emoticon, or
// emoji) token.
type wordInfo struct {
	tok    int     // index into analysis.toks
	clause int     // clause number, from 0, over the whole text
	sent   int     // sentence number, from 0
	weight float64 // contrast weight of the word's clause
	base   float64 // lexicon valence before modifiers (0: not a sentiment word)
	val    float64 // valence after intensifiers, negation, caps and weight
	boost  float64 // intensifier strength, when the word is one
	neg    bool    // the word is a negator
	gone   bool    // a non-final word of a matched phrase: carries nothing
	fixed  bool    // the last word of a matched phrase: base or boost is the phrase's
	llr    float64 // Bayes log-likelihood ratio (0 when unknown)
	known  bool    // the Bayes model knows the word
}

// sentInfo is one sentence: a half-open range of words and its
// punctuation emphasis.
type sentInfo struct {
	from, to int // word indexes
	exclaim  int // '!' count
	quest    int // '?' count
}

// analysis is the per-text working state of the scorers. It is reused
// through a pool: every slice is truncated, never shared with callers.
type analysis struct {
	toks    []token
	words   []wordInfo
	sents   []sentInfo
	capDiff bool // some, but not all, words have no lower-case letter
	// headline marks sentences mostly in Title Case (scratch for valences).
	headline []bool
	scratch  []byte // phrase keys (scratch for matchPhrase)
}

func (a *analysis) reset() {
	a.toks = a.toks[:0]
	a.words = a.words[:0]
	a.sents = a.sents[:0]
	a.capDiff = false
}

// structure fills words and sents from toks: sentence ends ('.', '!', '?'
// not after an abbreviation), clause boundaries (, ; : brackets quotes
// dashes, and contrast or concessive words), and contrast weights:
//
//	weight = 0.5^(contrast words after it in its sentence)
//	       × 1.5^(contrast words before it in its sentence, at most 1)
//	       × 0.5 inside a concessive clause ("although …", "despite …")
func (a *analysis) structure() {
	clause, sent := 0, 0
	sentFrom := 0
	var exclaim, quest int
	inConcessive := false
	closeSentence := func() {
		if len(a.words) > sentFrom || exclaim+quest > 0 {
			a.sents = append(a.sents, sentInfo{from: sentFrom, to: len(a.words), exclaim: exclaim, quest: quest})
			sent++
			clause++
		}
		sentFrom = len(a.words)
		exclaim, quest = 0, 0
		inConcessive = false
	}
	uppers, wordsN := 0, 0
	for ti := range a.toks {
		t := &a.toks[ti]
		if t.kind == kindPunct {
			switch t.key {
			case ".":
				if ti > 0 && isAbbreviation(a.toks[ti-1], t) {
					continue
				}
				closeSentence()
			case "!":
				exclaim++
				if !nextIsPunct(a.toks, ti, "!", "?") {
					closeSentence()
				}
			case "?":
				quest++
				if !nextIsPunct(a.toks, ti, "!", "?") {
					closeSentence()
				}
			case ",", ";", ":", "(", ")", "[", "]", `"`, "-", "...", "/", "|":
				if t.key == "-" && !spaced(a.toks, ti) {
					continue
				}
				if len(a.words) > 0 && a.words[len(a.words)-1].clause == clause {
					clause++
				}
				inConcessive = false
			}
			continue
		}
		if t.kind == kindWord {
			wordsN++
			if t.caps {
				uppers++
			}
			if contrastWords[t.key] || concessiveWords[t.key] {
				if len(a.words) > sentFrom {
					clause++
				}
				inConcessive = concessiveWords[t.key]
				if t.key == "though" && !(len(a.words) == sentFrom || a.toks[ti-1].kind == kindPunct) {
					inConcessive = false // "…, as though" / trailing "though": no weight change
				}
			}
		}
		w := 1.0
		if inConcessive {
			w = concessiveW
		}
		a.words = append(a.words, wordInfo{tok: ti, clause: clause, sent: sent, weight: w})
	}
	closeSentence()
	a.capDiff = uppers > 0 && uppers < wordsN

	// Contrast: earlier parts of a sentence weigh less, later parts more.
	for _, s := range a.sents {
		for i := s.from; i < s.to; i++ {
			if !contrastWords[a.toks[a.words[i].tok].key] || a.toks[a.words[i].tok].kind != kindWord {
				continue
			}
			if a.toks[a.words[i].tok].key == "yet" && !contrastYet(a, i, s) {
				continue
			}
			for j := s.from; j < i; j++ {
				a.words[j].weight *= contrastBefore
			}
			for j := i + 1; j < s.to; j++ {
				if a.words[j].weight < contrastAfter {
					a.words[j].weight *= contrastAfter
				}
			}
		}
	}
}

// contrastYet tells the conjunction "yet" ("cheap, yet good") from the
// adverb ("not yet"): it contrasts when it opens a clause after a comma or
// starts the sentence.
func contrastYet(a *analysis, i int, s sentInfo) bool {
	if i == s.from {
		return true
	}
	t := a.words[i].tok
	return t > 0 && a.toks[t-1].kind == kindPunct && a.toks[t-1].key == ","
}

func isAbbreviation(prev token, dot *token) bool {
	if prev.kind != kindWord || prev.end != dot.start {
		return false
	}
	k := prev.key
	return abbreviations[k] || strings.Contains(k, ".") || (len(k) == 1 && k[0] >= 'a' && k[0] <= 'z')
}

func nextIsPunct(toks []token, i int, keys ...string) bool {
	if i+1 >= len(toks) || toks[i+1].kind != kindPunct {
		return false
	}
	for _, k := range keys {
		if toks[i+1].key == k {
			return true
		}
	}
	return false
}

// spaced reports whether the dash at i stands between spaces (a clause
// break) rather than inside a compound.
func spaced(toks []token, i int) bool {
	before := i == 0 || toks[i-1].end < toks[i].start
	after := i+1 >= len(toks) || toks[i+1].start > toks[i].end
	return before || after
}

// valences sets base and val of every word: lexicon valence, phrases,
// intensifiers, negation, ALL-CAPS emphasis and contrast weight.
//
// For a sentiment word with lexicon valence v (−4..+4):
//
//	v += sign(v)·b·decay(d)   for each intensifier b up to 3 words before (decay 1, .95, .9)
//	v += sign(v)·0.733        if the word is ALL CAPS among lower-case words
//	v ·= −0.74                if a negator is up to 3 words before ("no": 2), in the same
//	                          clause (emoticons and emoji are never negated)
//	                          ("not only", "no doubt", "without doubt" do not negate;
//	                          "never (been) so/this" multiplies by 1.25 instead)
//	v ·= weight               (contrast, see structure)
func (lx *lexicon) valences(a *analysis) {
	words := a.words
	// Headline-case sentences (most words Title Case) disable the
	// proper-noun rule below.
	a.headline = a.headline[:0]
	for range a.sents {
		a.headline = append(a.headline, false)
	}
	headline := a.headline
	for si, s := range a.sents {
		titles, n := 0, 0
		for i := s.from; i < s.to; i++ {
			t := a.toks[words[i].tok]
			if t.kind == kindWord && hasLetter(t.key) {
				n++
				if t.title || t.upper {
					titles++
				}
			}
		}
		headline[si] = n >= 3 && titles*3 > n*2
	}

	for i := range words {
		w := &words[i]
		if w.gone || w.fixed {
			continue
		}
		t := a.toks[w.tok]
		switch t.kind {
		case kindEmoticon:
			if v, ok := lx.emoticons[t.key]; ok {
				w.base = v
			} else {
				w.base = lx.emoticons[strings.ToLower(t.key)]
			}
			continue
		case kindEmoji:
			w.base = lx.emoji[t.key]
			continue
		}
		k := t.key
		// Phrases, longest first, within one clause.
		if lx.phraseHead[k] {
			if n, v, booster := lx.matchPhrase(a, i); n > 0 {
				for j := i; j < i+n-1; j++ {
					words[j].gone = true
				}
				head := &words[i+n-1]
				head.fixed = true
				if booster {
					head.boost = v
				} else {
					head.base = v
				}
				continue
			}
		}
		if b, ok := lx.boosters[k]; ok {
			// An intensifier that ends its clause is an adjective ("was
			// incredible"): score it as one if the lexicon knows it.
			if v, ok := lx.words[k]; ok && lastInClause(words, i) {
				w.base = v
			} else {
				w.boost = b
			}
			continue
		}
		if k == "no" {
			if !lastInClause(words, i) {
				w.neg = true
			} else {
				w.base = lx.words[k]
			}
			continue
		}
		if lx.negators[k] || strings.HasSuffix(k, "n't") {
			w.neg = true
			continue
		}
		// "like" is the verb (positive) only after a subject or auxiliary
		// ("I like", "would like"); elsewhere it is the preposition.
		if k == "like" && (i == 0 || words[i-1].clause != w.clause || !likeLicensors[a.toks[words[i-1].tok].key]) {
			continue
		}
		// A Title Case word inside a sentence is a name ("United States",
		// "Labour Party"), whatever its dictionary sense.
		if a.properNoun(i, headline) {
			continue
		}
		if v, ok := lx.lookup(k); ok {
			w.base = v
		}
	}

	for i := range words {
		w := &words[i]
		w.val = 0
		if w.base == 0 || w.gone {
			continue
		}
		v := w.base
		sign := 1.0
		if v < 0 {
			sign = -1
		}
		// Intensifiers and dampeners before the word.
		for d := 0; d < boostWindow; d++ {
			j := i - 1 - d
			if j < 0 || words[j].clause != w.clause {
				break
			}
			if b := words[j].boost; b != 0 {
				v += sign * b * boostDecay[d]
				if a.toks[words[j].tok].upper && a.capDiff {
					v += sign * capsIncr * boostDecay[d] * math.Copysign(1, b)
				}
			}
		}
		if a.toks[w.tok].upper && a.capDiff {
			v += sign * capsIncr
		}
		if a.toks[w.tok].kind == kindWord {
			v *= lx.negation(a, i)
		}
		w.val = v * w.weight
	}
}

// negation returns the factor a negator before word i applies: 1 (none),
// −0.74 (negated) or 1.25 ("never so good").
func (lx *lexicon) negation(a *analysis, i int) float64 {
	words := a.words
	key := func(j int) string { return a.toks[words[j].tok].key }
	d := 0
	for j := i - 1; j >= 0 && words[j].clause == words[i].clause; j-- {
		if words[j].boost != 0 {
			continue // "doesn't seem quite so great": intensifiers don't count
		}
		if d++; d > negWindow {
			break
		}
		if key(j) == "least" && j+1 == i {
			if j > 0 && (key(j-1) == "at" || key(j-1) == "very") {
				return 1
			}
			return negScalar
		}
		if !words[j].neg || (d > noWindow && key(j) == "no") {
			continue
		}
		next := key(j + 1)
		switch {
		case next == "only" || next == "just" || next == "doubt" || (next == "a" && j+2 < len(words) && key(j+2) == "doubt"):
			return 1
		case key(j) == "never" && soBetween(a, j, i):
			return neverSoScale
		}
		return negScalar
	}
	return 1
}

// matchPhrase matches the longest phrase (three then two words, all in
// word i's clause) starting at word i; it returns its length (0: none), its
// valence, and whether it is an intensifier phrase.
func (lx *lexicon) matchPhrase(a *analysis, i int) (n int, v float64, booster bool) {
	words := a.words
	for n := 3; n >= 2; n-- {
		if i+n > len(words) || words[i+n-1].clause != words[i].clause {
			continue
		}
		buf := a.scratch[:0]
		for j := i; j < i+n; j++ {
			if j > i {
				buf = append(buf, ' ')
			}
			buf = append(buf, a.toks[words[j].tok].key...)
		}
		a.scratch = buf
		// Map lookups with string(buf) do not allocate.
		if v, ok := lx.phrases[string(buf)]; ok {
			return n, v, false
		}
		if v, ok := lx.boostPhr[string(buf)]; ok {
			return n, v, true
		}
	}
	return 0, 0, false
}

// properNoun reports whether word i is part of a multi-word name: a
// Title Case word, not opening its sentence (or a quotation), next to
// another capitalised word ("United States", "Labour Party", "Supreme
// Court"). Headline-case sentences are left alone.
func (a *analysis) properNoun(i int, headline []bool) bool {
	w := a.words[i]
	t := a.toks[w.tok]
	if !t.title || headline[w.sent] || a.sentenceInitial(i) {
		return false
	}
	// capital reports whether word j is a capitalised word standing right
	// next to word i (no punctuation between) in its sentence.
	capital := func(j int) bool {
		if j < 0 || j >= len(a.words) || a.words[j].sent != w.sent {
			return false
		}
		if d := a.words[j].tok - w.tok; d != 1 && d != -1 {
			return false
		}
		u := a.toks[a.words[j].tok]
		return u.kind == kindWord && (u.title || u.upper)
	}
	return (capital(i-1) && !a.sentenceInitial(i-1)) || capital(i+1)
}

// sentenceInitial reports whether word i opens its sentence, a quotation
// or a bracket, or follows a colon or dash.
func (a *analysis) sentenceInitial(i int) bool {
	w := a.words[i]
	if i == 0 || a.words[i-1].sent != w.sent {
		return true
	}
	return afterQuoteOrColon(a, w.tok)
}

// soBetween reports whether "so" or "this" stands between words j and i
// ("never been so unpopular": intensified, not negated).
func soBetween(a *analysis, j, i int) bool {
	for k := j + 1; k < i; k++ {
		if key := a.toks[a.words[k].tok].key; key == "so" || key == "this" {
			return true
		}
	}
	return false
}

func lastInClause(words []wordInfo, i int) bool {
	return i+1 >= len(words) || words[i+1].clause != words[i].clause
}

func afterQuoteOrColon(a *analysis, ti int) bool {
	if ti == 0 {
		return true
	}
	p := a.toks[ti-1]
	return p.kind == kindPunct && (p.key == `"` || p.key == ":" || p.key == "'" || p.key == "(" || p.key == "-")
}

func hasLetter(s string) bool {
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r > 0x7f {
			return true
		}
	}
	return false
}
