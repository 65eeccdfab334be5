package clean

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// normalize prepares a line for pattern matching: NFKC, lower case, curly
// quotes folded to ' and ", dashes to '-', invisible format characters
// removed, runs of white space (line breaks of merged lines included) turned
// into one space, ends trimmed.
func normalize(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch r {
		case '’', '‘', '‛', '′', '`', '´':
			r = '\''
		case '“', '”', '„', '‟', '″':
			r = '"'
		case '–', '—', '‒', '―', '−', '‐', '‑':
			r = '-'
		}
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if unicode.Is(unicode.Cf, r) {
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// wordCount counts the space-separated tokens of s that hold a letter or a
// digit.
func wordCount(s string) int {
	n := 0
	for _, f := range strings.Fields(s) {
		if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			n++
		}
	}
	return n
}

func hasLetter(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

// isCloser reports runes that may follow a sentence's final stop.
func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '’', '”', '»', '›', ')', ']', '*', '_':
		return true
	}
	return isSpace(r)
}

// endsSentence reports whether s ends with a final stop (. ! ? …),
// optionally followed by closing quotes or brackets.
func endsSentence(s string) bool {
	for len(s) > 0 {
		r, n := utf8.DecodeLastRuneInString(s)
		switch {
		case r == '.' || r == '!' || r == '?' || r == '…':
			return true
		case isCloser(r):
			s = s[:len(s)-n]
		default:
			return false
		}
	}
	return false
}

// endsWithPeriod is endsSentence limited to '.' and '…' (a headline may end
// with '?' or '!').
func endsWithPeriod(s string) bool {
	for len(s) > 0 {
		r, n := utf8.DecodeLastRuneInString(s)
		switch {
		case r == '.' || r == '…':
			return true
		case isCloser(r):
			s = s[:len(s)-n]
		default:
			return false
		}
	}
	return false
}

var (
	months = map[string]bool{
		"jan": true, "january": true, "feb": true, "february": true, "mar": true, "march": true,
		"apr": true, "april": true, "may": true, "jun": true, "june": true, "jul": true, "july": true,
		"aug": true, "august": true, "sep": true, "sept": true, "september": true, "oct": true,
		"october": true, "nov": true, "november": true, "dec": true, "december": true,
	}
	weekdays = map[string]bool{
		"mon": true, "monday": true, "tue": true, "tues": true, "tuesday": true, "wed": true,
		"wednesday": true, "thu": true, "thur": true, "thurs": true, "thursday": true, "fri": true,
		"friday": true, "sat": true, "saturday": true, "sun": true, "sunday": true,
	}
	zones = map[string]bool{
		"bst": true, "gmt": true, "utc": true, "cet": true, "cest": true, "est": true, "edt": true,
		"pst": true, "pdt": true, "ist": true, "am": true, "pm": true, "a.m": true, "p.m": true,
		"a.m.": true, "p.m.": true,
	}
	dateFillers = map[string]bool{
		"on": true, "at": true, "of": true, "the": true, "and": true, "updated": true, "published": true,
		"posted": true, "last": true, "modified": true, "first": true, "edited": true, "date": true,
		"time": true, "created": true, "originally": true, "ago": true, "just": true, "now": true,
		"yesterday": true, "today": true, "second": true, "seconds": true, "sec": true, "secs": true,
		"minute": true, "minutes": true, "min": true, "mins": true, "hour": true, "hours": true,
		"hr": true, "hrs": true, "day": true, "days": true, "week": true, "weeks": true, "month": true,
		"months": true, "year": true, "years": true, "yr": true, "yrs": true, "a": true, "an": true,
		"h": true, "m": true, "d": true, "w": true, "y": true, "t": true, "z": true,
	}
	dateAnchors = map[string]bool{"ago": true, "yesterday": true, "today": true}
	timeRE      = regexp.MustCompile(`^\d{1,2}[:.]\d{2}([:.]\d{2})?(am|pm|a\.m\.?|p\.m\.?)?$|^\d{1,2}(am|pm)$`)
	ordinalRE   = regexp.MustCompile(`^\d{1,2}(st|nd|rd|th)$`)
	numberRE    = regexp.MustCompile(`^\d{1,4}$`)
	dateSepRE   = regexp.MustCompile(`[,|/·•()\[\]–—-]+`)
)

// isDateLine reports whether the normalised line s is only a date and/or
// time ("12 August 2016", "Thu 1 Sep 2016 14.41 BST", "Posted 3 hours ago",
// "2016-08-11"): every token is a month, weekday, number, ordinal, time,
// zone or date filler word, and at least one is a month, weekday, time,
// "ago"/"today"/"yesterday", or there are at least three numbers.
func isDateLine(s string) bool {
	if len(s) > 120 {
		return false
	}
	s = dateSepRE.ReplaceAllString(s, " ")
	toks := strings.Fields(s)
	if len(toks) == 0 || len(toks) > 12 {
		return false
	}
	anchor, nums := false, 0
	for _, t := range toks {
		t = strings.TrimRight(t, ".,:;")
		switch {
		case t == "":
		case months[t] || weekdays[t] || dateAnchors[t]:
			anchor = true
		case timeRE.MatchString(t):
			anchor = true
		case numberRE.MatchString(t) || ordinalRE.MatchString(t):
			nums++
		case zones[t] || dateFillers[t]:
		default:
			return false
		}
	}
	return anchor || nums >= 3
}

var (
	linkRE    = regexp.MustCompile(`^(?:(?:https?://|www\.)\S+|\S+@\S+\.[a-z]{2,}|@\w{1,30}|pic\.twitter\.com/\S+)$`)
	menuSepRE = regexp.MustCompile(`\s*(?:\||•|·|»|›|>|/)\s*`)
)

// isLinkLine reports a line that is only a URL, an e-mail address or a
// social-media handle.
func isLinkLine(s string) bool { return len(s) <= 300 && linkRE.MatchString(s) }

// isMenuLine reports a navigation bar or breadcrumb on one line: at least
// three items (or two for '>' / '›' / '»' breadcrumbs) separated by | • · /
// > › », each of at most four words with no final stop.
func isMenuLine(s string) bool {
	if len(s) > 300 || !strings.ContainsAny(s, "|•·»›>/") {
		return false
	}
	parts := menuSepRE.Split(s, -1)
	items := 0
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if wordCount(p) > 4 || endsSentence(p) {
			return false
		}
		items++
	}
	need := 3
	if strings.ContainsAny(s, "»›>") {
		need = 2
	}
	return items >= need
}

func isUpperStart(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsUpper(r)
}

// nameTokenOK reports whether t can be part of a person's name or a user
// name: letters, digits, and ' - _ . only, with at least one letter.
func nameTokenOK(t string) bool {
	letter := false
	for _, r := range t {
		switch {
		case unicode.IsLetter(r):
			letter = true
		case unicode.IsDigit(r), r == '\'', r == '’', r == '-', r == '_', r == '.':
		default:
			return false
		}
	}
	return letter
}

// usernameShape reports a single token that looks like a user name rather
// than a word: it mixes letters with digits or '_', or has a capital after a
// small letter (camelCase), or is "Anonymous"/"Guest".
func usernameShape(t string) bool {
	switch strings.ToLower(t) {
	case "anonymous", "anon", "guest":
		return true
	}
	digit, lower, camel := false, false, false
	for _, r := range t {
		switch {
		case unicode.IsDigit(r), r == '_':
			digit = true
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r) && lower:
			camel = true
		}
	}
	return digit || camel
}

// stopwords are function words (and a few comment openers): a person's
// name has none of them.
var stopwords = wordSet(`a an the and or but nor if of to in on at by for with from as into onto
	is are was were be been being am it its this that these those there here i you he she we they me him her us
	them my your his our their not no so do does did have has had will would can could should shall may might
	must what which who whom whose when where why how all any some more most than then just also very about over
	after before up down out off again only own same such too yes ok well said says agree agreed thanks thank
	please sorry oh hi hello dear re`)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

var particles = map[string]bool{"de": true, "van": true, "von": true, "der": true, "den": true, "al": true,
	"el": true, "la": true, "le": true, "du": true, "da": true, "di": true, "bin": true, "ap": true, "st": true, "st.": true}

// nameLike reports whether s looks like a person's name or a user name
// standing alone: 1–4 tokens, at most 40 runes, no final stop, no
// function words; two or more tokens must each start with a capital (name
// particles such as "de", "van" excepted); a single token must have a user
// name's shape (see usernameShape). relaxed (used when a timestamp
// follows, which confirms a signature) accepts any 1–3 such tokens.
func nameLike(s string, relaxed bool) bool {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "@")
	s = strings.TrimPrefix(s, "u/")
	s = strings.TrimSuffix(s, ":")
	if s == "" || utf8.RuneCountInString(s) > 40 || endsSentence(s) {
		return false
	}
	toks := strings.Fields(s)
	max := 4
	if relaxed {
		max = 3
	}
	if len(toks) == 0 || len(toks) > max {
		return false
	}
	for _, t := range toks {
		if !nameTokenOK(t) {
			return false
		}
		lt := strings.ToLower(t)
		if stopwords[lt] && !particles[lt] {
			return false
		}
	}
	if relaxed {
		return true
	}
	if len(toks) == 1 {
		return usernameShape(toks[0])
	}
	caps := 0
	for _, t := range toks {
		switch {
		case isUpperStart(t):
			caps++
		case particles[strings.ToLower(t)]:
		default:
			return false
		}
	}
	return caps >= 2
}

// bylineLike reports an author line: at most 12 words, no final stop, and
// either "By" followed by two capitalised words ("By Nick Triggle", "By
// JOHN SMITH FOR MAILONLINE") or two to four capitalised name words
// followed (after an optional comma) by words that include a role word from
// the lexicon's byline-role list ("Glenn Kelly, Socialist Party industrial
// department", "Jaimie Kaffash, news editor of Pulse").
func (c *Cleaner) bylineLike(raw string, words int, final bool) bool {
	if words > 12 || words < 2 || final {
		return false
	}
	fields := strings.Fields(raw)
	toks := make([]string, 0, len(fields))
	comma := make([]bool, 0, len(fields))
	for _, f := range fields {
		t := strings.Trim(f, `,:;"“”'‘’()[]|`)
		if t == "" {
			continue
		}
		toks = append(toks, t)
		comma = append(comma, strings.HasSuffix(f, ","))
	}
	if len(toks) >= 3 && strings.EqualFold(toks[0], "by") {
		return isUpperStart(toks[1]) && nameTokenOK(toks[1]) && isUpperStart(toks[2]) && nameTokenOK(toks[2])
	}
	name := 0
	for name < len(toks) && name < 4 && isUpperStart(toks[name]) && nameTokenOK(toks[name]) && !stopwords[strings.ToLower(toks[name])] {
		name++
		if comma[name-1] {
			break
		}
	}
	if name < 2 {
		return false
	}
	if name == len(toks) { // all capitalised: "Nick Triggle Health Correspondent"
		name = 2
	}
	for _, t := range toks[name:] {
		if c.lex.Word(wordsRole, strings.ToLower(t)) {
			return true
		}
	}
	return false
}

// keyWords is a normalised text reduced to its letter/digit words, for
// comparing titles.
func keyWords(s string) []string {
	return strings.FieldsFunc(normalize(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// titleMatch reports whether a line is the article's title: the same words;
// or the title followed by at most six words (a site name: "Title | BBC
// News"); or a truncated title holding at least 70% of its words (three or
// more); or at least 80% of distinct words shared (Jaccard) with lengths
// within 30% of each other.
func titleMatch(line, title []string) bool {
	if len(title) == 0 || len(line) == 0 {
		return false
	}
	if hasPrefix(line, title) && len(line)-len(title) <= 6 {
		return true
	}
	if len(line) >= 3 && hasPrefix(title, line) && float64(len(line)) >= 0.7*float64(len(title)) {
		return true
	}
	if len(title) < 3 || len(line) < 3 {
		return false
	}
	ratio := float64(len(line)) / float64(len(title))
	if ratio < 1/1.3 || ratio > 1.3 {
		return false
	}
	a, b := map[string]bool{}, map[string]bool{}
	for _, w := range line {
		a[w] = true
	}
	for _, w := range title {
		b[w] = true
	}
	inter := 0
	for w := range a {
		if b[w] {
			inter++
		}
	}
	union := len(a) + len(b) - inter
	return float64(inter) >= 0.8*float64(union)
}

func hasPrefix(s, p []string) bool {
	if len(p) > len(s) {
		return false
	}
	for i := range p {
		if s[i] != p[i] {
			return false
		}
	}
	return true
}
