package attribute

import (
	"unicode"
	"unicode/utf8"
)

// qspan is a stretch of quoted words: [start, end) excludes the quote
// marks. cont marks a span that continues a quotation left open at the end
// of the previous paragraph.
type qspan struct {
	start, end int
	cont       bool
}

// markKind says how a quote mark acts.
type markKind int

const (
	markOpen markKind = iota
	markClose
	markEither // straight " or '': decided by context
)

type mark struct {
	pos, end int
	kind     markKind
}

// quoteMarks finds the double quote marks of text[ps:pe]: “ ” „ « » ", and
// two apostrophes in a row (a common typewriter double quote). Single quotes
// are left alone: they are apostrophes as often as quotes.
func quoteMarks(text string, ps, pe int) []mark {
	var ms []mark
	for i := ps; i < pe; {
		r, n := utf8.DecodeRuneInString(text[i:pe])
		switch r {
		case '“', '„', '«':
			ms = append(ms, mark{i, i + n, markOpen})
		case '”', '»':
			ms = append(ms, mark{i, i + n, markClose})
		case '"':
			ms = append(ms, mark{i, i + n, markEither})
		case '\'', '‘', '’':
			r2, n2 := utf8.DecodeRuneInString(text[i+n : pe])
			if r2 == r {
				ms = append(ms, mark{i, i + n + n2, markEither})
				n += n2
			}
		}
		i += n
	}
	return ms
}

// resolve decides an ambiguous mark from its neighbours: after white space
// (or at the start) and before a word it opens; after a word and before
// white space or punctuation it closes; otherwise it toggles.
func resolveMark(text string, ps, pe int, m mark, depth int) markKind {
	if m.kind != markEither {
		return m.kind
	}
	before := m.pos == ps
	if !before {
		r, _ := utf8.DecodeLastRuneInString(text[ps:m.pos])
		before = unicode.IsSpace(r) || isOpenPunct(r)
	}
	after := m.end == pe
	if !after {
		r, _ := utf8.DecodeRuneInString(text[m.end:pe])
		after = unicode.IsSpace(r) || isClosePunct(r)
	}
	switch {
	case before && !after:
		return markOpen
	case !before && after:
		return markClose
	case depth > 0:
		return markClose
	}
	return markOpen
}

func isOpenPunct(r rune) bool {
	switch r {
	case '(', '[', '{', '—', '–', '-', ':', '/', '“', '‘':
		return true
	}
	return false
}

func isClosePunct(r rune) bool {
	switch r {
	case '.', ',', ';', ':', '!', '?', ')', ']', '}', '…', '”', '’', '[', '-', '–', '—':
		return true
	}
	return false
}

// scanQuotes returns the quoted spans of the paragraph text[ps:pe] and
// whether a quotation is still open at its end. prevOpen says the previous
// paragraph of the same context ended inside a quotation: then the
// paragraph continues it when it opens with any double quote mark (“, ” or
// ", the convention for multi-paragraph quotes, including the stray ” some
// pages use) or when a closing mark comes before any opening one.
func scanQuotes(text string, ps, pe int, prevOpen bool) ([]qspan, bool) {
	ms := quoteMarks(text, ps, pe)
	var spans []qspan
	depth, start, cont := 0, 0, false
	if prevOpen && len(ms) > 0 {
		first := ps
		for first < pe {
			r, n := utf8.DecodeRuneInString(text[first:pe])
			if !unicode.IsSpace(r) {
				break
			}
			first += n
		}
		switch {
		case ms[0].pos == first:
			// “ or a stray ” reopening the quotation.
			depth, start, cont = 1, ms[0].end, true
			ms = ms[1:]
		case resolveMark(text, ps, pe, ms[0], 1) == markClose:
			// The writer did not reopen, but closes: still inside.
			depth, start, cont = 1, ps, true
		}
	}
	for _, m := range ms {
		switch resolveMark(text, ps, pe, m, depth) {
		case markOpen:
			if depth == 0 {
				start = m.end
			}
			if depth < 3 {
				depth++
			}
		case markClose:
			if depth == 0 {
				continue // stray closing mark
			}
			depth--
			if depth == 0 {
				spans = append(spans, qspan{start, m.pos, cont})
				cont = false
			}
		}
	}
	if depth > 0 {
		spans = append(spans, qspan{start, pe, cont})
		return spans, true
	}
	return spans, false
}
