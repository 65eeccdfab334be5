package sentiment

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind says what a token is.
type tokKind uint8

const (
	kindWord     tokKind = iota // letters/digits, with inner ' - . , joiners
	kindEmoticon                // a whitespace-delimited lexicon entry such as ":)" or "<3"
	kindEmoji                   // one emoji rune with a description in the emoji table
	kindPunct                   // one punctuation or symbol rune
)

// token is one unit of text. start and end are byte offsets into the text
// that was tokenized (never a normalised copy), so text[start:end] is the
// token's surface form.
type token struct {
	start, end int
	// key is the lookup form: lower-case, curly apostrophes turned into
	// "'"; for punctuation, the normalised rune (“ ” → ", – — → -).
	key   string
	kind  tokKind
	upper bool // a word of two or more letters, all upper-case
	caps  bool // a word with letters, none lower-case ("A", "NHS")
	title bool // a word starting with an upper-case letter and containing a lower-case one
}

// apostrophes that are folded into "'" inside words.
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', 'ʼ', '‘', '`', '′':
		return true
	}
	return false
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// normPunct folds typographic punctuation into its ASCII form.
func normPunct(r rune) string {
	switch r {
	case '“', '”', '„', '″', '«', '»':
		return `"`
	case '‘', '’', 'ʼ', '`', '′':
		return "'"
	case '–', '—', '―', '‒', '−':
		return "-"
	case '…':
		return "..."
	}
	return string(r)
}

// wordKey returns the lookup key of a word: lower-case with apostrophes
// folded into "'". It allocates only when the surface form differs.
func wordKey(w string) string {
	clean := true
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 0x80 || (c >= 'A' && c <= 'Z') || c == '`' {
			clean = false
			break
		}
	}
	if clean {
		return w
	}
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range w {
		if isApostrophe(r) {
			b.WriteByte('\'')
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// caseOf reports whether w is ALL CAPS (two or more letters, none lower),
// whether it has letters and none lower-case, and whether it is Title case
// (upper first letter, some lower letter).
func caseOf(w string) (upper, caps, title bool) {
	letters, uppers, lowers := 0, 0, 0
	firstUpper := false
	for i, r := range w {
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		switch {
		case unicode.IsUpper(r):
			uppers++
			if i == 0 {
				firstUpper = true
			}
		case unicode.IsLower(r):
			lowers++
		}
	}
	caps = uppers > 0 && lowers == 0
	return caps && letters >= 2, caps, firstUpper && lowers > 0
}

// tokenizer splits text into tokens. emoticon reports whether a
// whitespace-delimited chunk is an emoticon entry of the lexicon; emoji
// reports whether a rune has an emoji description. Either may be nil.
type tokenizer struct {
	emoticon func(chunk string) bool
	emoji    func(r rune) bool
}

// tokenize appends the tokens of text to dst and returns it. It never
// panics: invalid UTF-8 bytes and control characters are skipped.
//
// Words are maximal runs of letters, digits and combining marks, joined
// across one apostrophe or hyphen between word runes ("don't", "well-known"),
// one '.' or ',' between digits ("3.5", "1,000") and one '.' between single
// letters ("U.S"). Everything else that is not space is one punctuation
// token per rune, except whole chunks the lexicon knows as emoticons.
func (tz tokenizer) tokenize(dst []token, text string) []token {
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == utf8.RuneError && size <= 1 || unicode.IsSpace(r) || unicode.IsControl(r) {
			i += max(size, 1)
			continue
		}
		// At the start of a whitespace chunk: skip web addresses and
		// @handles, and try the emoticon table.
		if chunkStart := i == 0 || isSpaceBefore(text, i); chunkStart && (r == '@' || r == 'h' || r == 'w') {
			end := chunkEnd(text, i)
			c := text[i:end]
			if strings.HasPrefix(c, "http://") || strings.HasPrefix(c, "https://") || strings.HasPrefix(c, "www.") ||
				(r == '@' && len(c) > 1 && isWordRune(firstRune(c[1:]))) {
				i = end
				continue
			}
		}
		if tz.emoticon != nil && (i == 0 || isSpaceBefore(text, i)) && !isWordRune(r) {
			end := chunkEnd(text, i)
			if end-i <= 8 && tz.emoticon(text[i:end]) {
				dst = append(dst, token{start: i, end: end, key: text[i:end], kind: kindEmoticon})
				i = end
				continue
			}
		}
		if isWordRune(r) {
			end := wordEnd(text, i)
			w := text[i:end]
			up, caps, ti := caseOf(w)
			dst = append(dst, token{start: i, end: end, key: wordKey(w), kind: kindWord, upper: up, caps: caps, title: ti})
			i = end
			continue
		}
		if tz.emoji != nil && tz.emoji(r) {
			dst = append(dst, token{start: i, end: i + size, key: text[i : i+size], kind: kindEmoji})
			i += size
			continue
		}
		if unicode.Is(unicode.Mn, r) || r == '\u200d' || r == '\ufe0f' {
			i += size // a stray joiner or variation selector
			continue
		}
		dst = append(dst, token{start: i, end: i + size, key: normPunct(r), kind: kindPunct})
		i += size
	}
	return dst
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func isSpaceBefore(text string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return unicode.IsSpace(r)
}

func chunkEnd(text string, i int) int {
	for j, r := range text[i:] {
		if unicode.IsSpace(r) {
			return i + j
		}
	}
	return len(text)
}

// wordEnd returns the end of the word starting at i.
func wordEnd(text string, i int) int {
	prevDigit, runLen := false, 0
	j := i
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if isWordRune(r) {
			prevDigit = unicode.IsDigit(r)
			runLen++
			j += size
			continue
		}
		// A joiner continues the word only if a word rune follows it.
		next, nsize := utf8.DecodeRuneInString(text[j+size:])
		if j+size >= len(text) || !isWordRune(next) || next == utf8.RuneError && nsize <= 1 {
			break
		}
		switch {
		case isApostrophe(r), r == '-' || r == '‐' || r == '‑':
		case (r == '.' || r == ',') && prevDigit && unicode.IsDigit(next):
		case r == '.' && runLen == 1 && unicode.IsLetter(next) && singleLetterAhead(text[j+size:]):
		default:
			return j
		}
		runLen = 0
		j += size
	}
	return j
}

// singleLetterAhead reports whether s starts with exactly one letter
// followed by '.' (the "S." of "U.S.").
func singleLetterAhead(s string) bool {
	_, size := utf8.DecodeRuneInString(s)
	if size >= len(s) {
		return false
	}
	return s[size] == '.'
}
