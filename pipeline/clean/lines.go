package clean

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// isSpace reports whether r counts as white space for trimming and for
// deciding that a line is blank: Unicode white space (including no-break
// space) and invisible format characters (zero-width space, soft hyphen,
// byte-order mark, direction marks).
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r)
}

// isBullet reports whether r is a list bullet stripped from a line's start.
// '-' and '*' count only when white space follows (see trimLine).
func isBullet(r rune) bool {
	switch r {
	case '•', '·', '▪', '◦', '‣', '∙', '●', '○', '■', '□', '►', '▸', '-', '*':
		return true
	}
	return false
}

// line is one line of the text, with its content span after trimming.
type line struct {
	start, end int // [start, end) of the line, without its '\n'
	cs, ce     int // content: white space and one leading bullet trimmed
	indent     int // leading white-space runes
	bullet     bool
	blank      bool
}

// splitLines cuts text at '\n' and trims each line. It never panics; on
// invalid UTF-8 every undecodable byte counts as one non-space rune.
func splitLines(text string) []line {
	n := strings.Count(text, "\n") + 1
	lines := make([]line, 0, n)
	for start := 0; start <= len(text); {
		i := strings.IndexByte(text[start:], '\n')
		end := len(text)
		if i >= 0 {
			end = start + i
		}
		lines = append(lines, trimLine(text, start, end))
		if i < 0 {
			break
		}
		start = end + 1
	}
	return lines
}

func trimLine(text string, start, end int) line {
	l := line{start: start, end: end, cs: start, ce: end}
	for l.cs < end {
		r, n := utf8.DecodeRuneInString(text[l.cs:end])
		if !isSpace(r) || (r == utf8.RuneError && n == 1) {
			break
		}
		l.cs += n
		l.indent++
	}
	for l.ce > l.cs {
		r, n := utf8.DecodeLastRuneInString(text[l.cs:l.ce])
		if !isSpace(r) || (r == utf8.RuneError && n == 1) {
			break
		}
		l.ce -= n
	}
	if l.cs == l.ce {
		l.blank = true
		return l
	}
	r, n := utf8.DecodeRuneInString(text[l.cs:l.ce])
	if !isBullet(r) {
		return l
	}
	after := l.cs + n
	if r == '-' || r == '*' {
		r2, _ := utf8.DecodeRuneInString(text[after:l.ce])
		if after >= l.ce || !isSpace(r2) {
			return l
		}
	}
	for after < l.ce {
		r, n := utf8.DecodeRuneInString(text[after:l.ce])
		if !isSpace(r) || (r == utf8.RuneError && n == 1) {
			break
		}
		after += n
	}
	if after < l.ce { // a bullet alone stays the line's content
		l.cs = after
		l.bullet = true
	}
	return l
}

// runeLen is the number of runes in text[a:b].
func runeLen(text string, a, b int) int { return utf8.RuneCountInString(text[a:b]) }

// wrapWidth estimates the column at which the page was hard-wrapped, or 0
// when it was not. It looks at the lines of 40 runes or more that are
// directly followed by another non-blank line (in a wrapped page: the
// non-final lines of paragraphs); the page counts as wrapped when there are
// at least 3, at least 80% of them are at most 120 runes long, and the
// middle 80% of those lie within a band of 25 runes. The width is then the
// longest of them.
func wrapWidth(text string, lines []line) int {
	var lens []int
	for i := 0; i+1 < len(lines); i++ {
		if lines[i].blank || lines[i+1].blank {
			continue
		}
		if n := lines[i].indent + runeLen(text, lines[i].cs, lines[i].ce); n >= 40 {
			lens = append(lens, n)
		}
	}
	if len(lens) < 3 {
		return 0
	}
	var in []int
	for _, n := range lens {
		if n <= 120 {
			in = append(in, n)
		}
	}
	if len(in) < 3 || float64(len(in)) < 0.8*float64(len(lens)) {
		return 0
	}
	sort.Ints(in)
	lo, hi := in[len(in)/10], in[len(in)-1-len(in)/10]
	if hi-lo > 25 {
		return 0
	}
	return in[len(in)-1]
}

// firstWordLen is the rune length of the first space-separated word of s.
func firstWordLen(s string) int {
	n := 0
	for _, r := range s {
		if isSpace(r) {
			break
		}
		n++
	}
	return n
}

// unit is a block candidate: one non-blank line, or several hard-wrapped
// lines merged, with its features and (after classification) its verdict.
type unit struct {
	start, end  int // block span in the text
	first, last int // line indices
	indent      int
	bullet      bool
	blankBefore bool // a blank line (or the start of the text) precedes it

	raw     string // text[start:end]
	norm    string // normalised (see normalize)
	words   int
	final   bool   // ends with a final stop
	letters bool   // has at least one letter
	cat     string // lexicon category, "" when no entry matched
	date    bool

	sig *signature // cached signatureAt result

	reason    string // furniture when non-empty
	headline  bool
	section   bool // inside a reader-comment section
	comment   int
	commenter string
}

func (u *unit) furniture() bool { return u.reason != "" }

// drop marks u as furniture unless an earlier rule already did (the first,
// more specific, reason is kept).
func (u *unit) drop(reason string) {
	if u.reason == "" {
		u.reason = reason
	}
}

// buildUnits groups the non-blank lines into units, merging hard-wrapped
// lines: in a wrapped page (wrapWidth > 0), line B continues line A when
// both have the same indent, B has no bullet, A does not end with a final
// stop and A's length + 1 + the length of B's first word exceeds the wrap
// width (the word would not have fitted on A, so the break is the wrapper's).
func buildUnits(text string, lines []line) []unit {
	w := wrapWidth(text, lines)
	units := make([]unit, 0, len(lines))
	blank := true
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if l.blank {
			blank = true
			continue
		}
		u := unit{start: l.cs, end: l.ce, first: i, last: i, indent: l.indent, bullet: l.bullet, blankBefore: blank}
		blank = false
		for w > 0 && u.last+1 < len(lines) {
			a, b := lines[u.last], lines[u.last+1]
			if b.blank || b.bullet || b.indent != a.indent || endsSentence(text[a.cs:a.ce]) {
				break
			}
			if a.indent+runeLen(text, a.cs, a.ce)+1+firstWordLen(text[b.cs:b.ce]) <= w {
				break
			}
			u.last++
			u.end = b.ce
		}
		i = u.last
		u.raw = text[u.start:u.end]
		units = append(units, u)
	}
	return units
}
