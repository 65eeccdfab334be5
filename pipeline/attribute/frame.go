package attribute

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// word is a word of a string with its byte span and its lookup key (lower
// case, curly apostrophes straight).
type word struct {
	start, end int
	text, key  string
}

// splitWords returns the words of s: runs of letters, digits, apostrophes,
// hyphens and "&", trimmed of edge apostrophes and hyphens.
func splitWords(s string) []word {
	var out []word
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		a, b := start, end
		for a < b {
			r, n := utf8.DecodeRuneInString(s[a:b])
			if r != '\'' && r != '’' && r != '‘' && r != '-' {
				break
			}
			a += n
		}
		for b > a {
			r, n := utf8.DecodeLastRuneInString(s[a:b])
			if r != '\'' && r != '’' && r != '‘' && r != '-' {
				break
			}
			b -= n
		}
		if b > a {
			out = append(out, word{a, b, s[a:b], keyOf(s[a:b])})
		}
		start = -1
	}
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '‘' || r == '-' || r == '&' {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(s))
	return out
}

func keyOf(w string) string {
	w = strings.ToLower(w)
	if strings.ContainsAny(w, "’‘") {
		w = strings.NewReplacer("’", "'", "‘", "'").Replace(w)
	}
	return w
}

// verbAt reports whether ws[i] starts a speech verb and returns its lemma
// and the number of words it takes.
func verbAt(ws []word, i int) (string, int, bool) {
	if i+1 < len(ws) {
		if l, ok := twoWordVerbs[[2]string{ws[i].key, ws[i+1].key}]; ok {
			return l, 2, true
		}
	}
	if l, ok := speechVerbs[ws[i].key]; ok {
		return l, 1, true
	}
	return "", 0, false
}

func isCapitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) || unicode.IsTitle(r)
}

// isAcronym reports an all-capitals word of two or more letters ("BMA").
func isAcronym(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			n++
		}
	}
	return n >= 2
}

// trimPunct trims white space, quote marks and the punctuation that joins
// a frame to its quotation from both ends of s.
func trimPunct(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		if unicode.IsSpace(r) {
			return true
		}
		switch r {
		case ',', ':', ';', '.', '"', '“', '”', '„', '«', '»', '—', '–', '-', '‘', '’', '\'', '(', ')':
			return true
		}
		return false
	})
}

// subject extracts the speaker's noun phrase from the text before a
// speech verb: trailing auxiliaries and adverbs are dropped ("have
// already"); a passive ("is said") or negated ("has not said") verb gives
// none; an apposition ("Jeremy Hunt, the health secretary,") is resolved
// to the name; an introduction ("In her email to members today,") is
// dropped. ok is false when what is left is not a plausible speaker (see
// plausible; strict as there).
func (r *resolver) subject(prefix string, strict bool) (string, bool) {
	// A speaker's phrase with its apposition is short: only the end of a
	// long prefix matters (this also bounds the work on huge sentences).
	p := tail(strings.TrimRightFunc(prefix, unicode.IsSpace), maxFrame)
	for {
		ws := splitWords(p)
		if len(ws) == 0 {
			return "", false
		}
		last := ws[len(ws)-1]
		// Only strip words that end the prefix (not "Hunt," followed by
		// nothing).
		if strings.TrimRightFunc(p[last.end:], unicode.IsSpace) != "" {
			break
		}
		if beForms[last.key] || negations[last.key] || strings.HasSuffix(last.key, "n't") {
			return "", false
		}
		if !auxAdverbs[last.key] || len(ws) == 1 {
			break
		}
		p = strings.TrimRightFunc(p[:last.start], unicode.IsSpace)
	}
	p = strings.TrimRightFunc(p, unicode.IsSpace)
	appos := strings.HasSuffix(p, ",")
	chunks := strings.Split(strings.TrimSuffix(p, ","), ",")
	var np string
	if appos && len(chunks) >= 2 {
		head, app := trimPunct(chunks[len(chunks)-2]), trimPunct(chunks[len(chunks)-1])
		np = head
		if r.isNameLike(app) && !r.isNameLike(stripLead(head)) {
			np = app
		}
	} else {
		np = trimPunct(chunks[len(chunks)-1])
	}
	np = stripLead(np)
	if !r.plausible(np, strict) {
		return "", false
	}
	return np, true
}

// stripLead drops leading conjunctions and discourse words ("But",
// "Responding").
func stripLead(np string) string {
	for {
		ws := splitWords(np)
		if len(ws) < 2 || !leadWords[ws[0].key] {
			return strings.TrimSpace(np)
		}
		np = strings.TrimLeftFunc(np[ws[1].start:], unicode.IsSpace)
	}
}

// plausible reports whether np can be a speaker: at most 14 words, no
// finite verb, not opening with a conjunction or preposition, not the
// writer ("I", "we"), and naming someone: a pronoun, a profile actor, a
// proper name (a capitalised word after the first, an acronym, or a first
// word the article capitalises mid-sentence too, or any capitalised first
// word when not strict), or a role noun ("spokeswoman", "sources"). Frames
// joined to a quotation ("Alice wrote:") are read with strict false;
// sentence-level reporting ("Logic says there …") with strict true.
func (r *resolver) plausible(np string, strict bool) bool {
	ws := splitWords(np)
	if len(ws) == 0 || len(ws) > 14 || strings.ContainsAny(np, "()[]?!") {
		return false
	}
	for _, w := range ws {
		if finiteWords[w.key] {
			return false
		}
	}
	if authorPronouns[ws[0].key] {
		return false
	}
	no10 := ws[0].key == "no" && len(ws) > 1 && isNumberWord(ws[1].key) // "No 10 said"
	if npStarters[ws[0].key] && !no10 {
		return false
	}
	if len(ws) == 1 && pronouns[ws[0].key] {
		return true
	}
	for _, w := range ws {
		if pronouns[w.key] || authorPronouns[w.key] {
			return false
		}
	}
	if _, side := r.p.SpeakerSide(np); side != "none" {
		return true
	}
	for i, w := range ws {
		if isAcronym(w.text) || (i > 0 && isCapitalised(w.text)) || roleNouns[w.key] {
			return true
		}
	}
	if !isCapitalised(ws[0].text) || quantifiers[ws[0].key] || ws[0].key == "the" {
		return false
	}
	return !strict || r.capitalisedMidSentence(ws[0].text)
}

// isNameLike reports a phrase of capitalised words (with connectors):
// "Jeremy Hunt", "Department of Health".
func (r *resolver) isNameLike(s string) bool {
	ws := splitWords(s)
	if len(ws) == 0 || len(ws) > 6 {
		return false
	}
	for i, w := range ws {
		if !isCapitalised(w.text) && !(i > 0 && nameConnectors[w.key]) {
			return false
		}
	}
	return true
}

// complement reports whether the words after a speech verb carry reported
// content: "that", a closing "so", a colon or quotation, an indirect
// question, a "to" infinitive after an addressee verb, or a clause with
// its own finite verb within six words (nine after an addressee verb:
// "tells members she will").
func complement(rest string, lemma string) bool {
	t := strings.TrimLeftFunc(rest, unicode.IsSpace)
	if t == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t)
	switch r {
	case ':', '“', '"', '„', '«':
		return true
	}
	ws := splitWords(t)
	if len(ws) == 0 {
		return false
	}
	switch ws[0].key {
	case "that", "whether", "if", "how", "why", "what", "when", "where", "who":
		return true
	case "so": // "The BMA said so."
		if len(ws) == 1 || strings.ContainsAny(t[ws[0].end:ws[1].start], ".;!?") {
			return true
		}
	}
	limit := 6
	if addresseeVerbs[lemma] {
		limit = 9
	}
	for i, w := range ws {
		if i >= limit {
			break
		}
		// Stop at the end of the clause.
		if i > 0 && strings.ContainsAny(t[ws[i-1].end:w.start], ".;?!") {
			break
		}
		if i > 0 && (finiteWords[w.key] || strings.HasSuffix(w.key, "n't")) {
			return true
		}
		if addresseeVerbs[lemma] && w.key == "to" && i > 0 && i <= 4 {
			return true
		}
		if i > 0 && w.key == "that" {
			return true
		}
	}
	return false
}

// preFrame parses the text before a quotation ("In her email to members
// today, Dr McCourt said:", "One junior doctor told HSJ:", "According to
// the BMA,", "Quote from Wikipedia", "Mr Hunt:") and returns the speaker
// phrase.
func (r *resolver) preFrame(s string) (string, bool) {
	colon := strings.HasSuffix(strings.TrimRightFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '“' || r == '"' || r == '„' || r == '«' || r == '\''
	}), ":")
	f := trimPunct(s)
	if f == "" {
		return "", false
	}
	ws := splitWords(f)
	if len(ws) > 0 && ws[len(ws)-1].key == "that" {
		f = strings.TrimRightFunc(f[:ws[len(ws)-1].start], unicode.IsSpace)
		ws = ws[:len(ws)-1]
	}
	// "according to X", "quote from X", "in the words of X" at the end.
	if np, ok := r.sourcePhrase(f, true); ok {
		return np, true
	}
	// The last speech verb, followed by at most a short addressee or
	// adverbial ("told HSJ", "said in a statement").
	for i := len(ws) - 1; i >= 0; i-- {
		lemma, n, ok := verbAt(ws, i)
		if !ok || postOnly[lemma] {
			continue
		}
		after := ws[i+n:]
		if len(after) > 5 {
			break
		}
		bad := false
		for _, w := range after {
			if finiteWords[w.key] {
				bad = true
			}
		}
		if bad {
			break
		}
		return r.subject(f[:ws[i].start], false)
	}
	// "Mr Hunt: “…”"
	if colon && len(ws) <= 5 {
		np := stripLead(f)
		if r.plausible(np, false) && !pronouns[strings.ToLower(np)] {
			return np, true
		}
	}
	return "", false
}

// postFrame parses the text after (or between) quotations: ", she added",
// ", said Dr McCourt", " Hunt told the BBC", ", according to a
// spokesman", ", Jeremy Hunt, the health secretary, said in a statement".
func (r *resolver) postFrame(s string) (string, bool) {
	f := trimPunct(s)
	if f == "" {
		return "", false
	}
	if np, ok := r.sourcePhrase(f, false); ok {
		return np, true
	}
	ws := splitWords(f)
	for i := range ws {
		if i > 8 {
			break
		}
		_, n, ok := verbAt(ws, i)
		if !ok {
			continue
		}
		if i == 0 {
			// Inverted: "said Dr McCourt, the acting chair".
			rest := f[ws[n-1].end:]
			if j := strings.IndexAny(rest, ",;.:("); j >= 0 {
				rest = rest[:j]
			}
			np := stripLead(trimPunct(rest))
			if r.plausible(np, false) {
				return np, true
			}
			return "", false
		}
		return r.subject(f[:ws[i].start], false)
	}
	return "", false
}

// sourcePhrase finds "according to X", "quote from X", "quoting X" and
// "in the words of X" at the start of f or after a comma, bracket, dash or
// colon, and returns X: the rest of f when atEnd (a frame before a
// quotation), else up to the next punctuation.
func (r *resolver) sourcePhrase(f string, atEnd bool) (string, bool) {
	lf := strings.ToLower(f)
	for _, cue := range []string{"according to ", "quote from ", "quoted from ", "quoting ", "in the words of ", "as quoted by "} {
		for off, tries := 0, 0; off < len(lf) && tries < maxTries; tries++ {
			j := strings.Index(lf[off:], cue)
			if j < 0 {
				break
			}
			i := off + j
			off = i + len(cue)
			if before := strings.TrimRightFunc(f[:i], unicode.IsSpace); before != "" {
				last, _ := utf8.DecodeLastRuneInString(before)
				if !strings.ContainsRune(",(—–:-", last) {
					continue
				}
			}
			rest := head(f[i+len(cue):], maxFrame)
			if k := strings.IndexAny(rest, ",;:()“\"—–"); k >= 0 {
				if atEnd {
					continue
				}
				rest = rest[:k]
			}
			np := trimPunct(rest)
			if r.plausible(np, !atEnd) || r.docPhrase(np) {
				return np, true
			}
		}
	}
	return "", false
}

// docPhrase reports a phrase headed by a document noun ("an email sent to
// members").
func (r *resolver) docPhrase(np string) bool {
	ws := splitWords(np)
	for i, w := range ws {
		if i > 3 {
			break
		}
		if docNouns[w.key] {
			return true
		}
	}
	return false
}

func isNumberWord(w string) bool {
	for _, r := range w {
		if r < '0' || r > '9' {
			return false
		}
	}
	return w != ""
}

// Bounds on the work spent on one frame, so that huge or adversarial
// sentences stay linear.
const (
	maxFrame = 400 // bytes of text read around a speech verb or cue
	maxTries = 8   // speech verbs or cues tried per claim
)

// tail returns the last n bytes of s (fewer, to start on a rune).
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := len(s) - n
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	return s[i:]
}

// head returns the first n bytes of s (fewer, to end on a rune).
func head(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
}
