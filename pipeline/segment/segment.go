// Package segment splits the kept blocks of an article into sentences and
// claims, with byte offsets into Article.Text.
//
// Sentence boundaries come from the Punkt tokenizer of
// github.com/neurosnap/sentences (its trained English model), corrected to
// the project's unit rules (data/gold/GUIDELINES.md section 1):
//
//   - titles and fixed abbreviations (Dr, Mr, Mrs, Ms, St, Prof, Sir, e.g.,
//     i.e., vs., cf.) never end a sentence; "No." does not before a digit;
//     "etc." ends one only before a capitalised word; an initial ("A.")
//     does not before a capitalised word ("A. B. Jones");
//   - a number with a stop ends a sentence before a capitalised word
//     ("for 40 years. Then"), unless it opens the sentence (a list number);
//   - ".", "?" or "!" followed by closing quotes or brackets and white
//     space ends a sentence before a capitalised word, a digit or an
//     opening quote (Punkt misses a sentence end after "war." closed by two
//     apostrophes);
//   - "?" or "!" followed by a closing quote does not end a sentence
//     before a lower-case word ("“Why?” asked Hunt");
//   - an ellipsis ("...", "…") ends a sentence only before a capitalised
//     word;
//   - a blank line or a new line starting with a bullet always ends one
//     (other line ends inside a block are wrapped lines: white space);
//   - a stretch with no letter or digit (a lone "...") joins the sentence
//     after it (or before it, at the end of a block).
//
// A claim is a sentence, or a clause of a long compound sentence when each
// part is a full assertion (see Clauses).
//
// Offsets: Punkt reports a break as the byte offset of the white space
// after a word (its sentences run from one break to the next, with the
// white space in front). Its word splitter drops the last word of a text
// that ends in a multi-byte rune (“Fine”), so each line is given to it
// with a trailing space; every break is then mapped back to the end of its
// word in the original text (a token's text is only trusted after it is
// checked against the text there), and sentences are trimmed.
package segment

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/neurosnap/sentences"
	"github.com/neurosnap/sentences/english"

	"github.com/slant-project/slant/pipeline/article"
)

// Options configures a Segmenter. The zero value is the default.
type Options struct {
	// Abbreviations adds lower-case abbreviations, without their final
	// period ("approx", "dept"), that never end a sentence.
	Abbreviations []string
	// NoClauses keeps every sentence whole: no clause splitting.
	NoClauses bool
}

// Span is a half-open byte range [Start, End).
type Span struct {
	Start, End int
}

// Segmenter splits text into sentences and claims. It is safe for
// concurrent use.
type Segmenter struct {
	tok     *sentences.DefaultSentenceTokenizer
	noBreak map[string]bool // abbreviations that never end a sentence
	clauses bool
}

// noBreakAbbrevs never end a sentence: titles before a name and Latin
// abbreviations used inside sentences (lower case, final period removed).
var noBreakAbbrevs = []string{
	"dr", "mr", "mrs", "ms", "mx", "st", "prof", "sir", "rev", "revd", "fr",
	"gen", "col", "capt", "lt", "sgt", "cllr", "hon", "sen", "rep", "gov",
	"mt", "messrs", "mme", "mlle", "e.g", "i.e", "eg", "ie", "vs", "v", "cf",
	"viz", "approx", "ca", "c", "dept", "est", "fig", "jan", "feb", "mar", "apr",
	"jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}

// New returns a Segmenter with the Punkt English model and the extra
// abbreviations of o.
func New(o Options) (*Segmenter, error) {
	tok, err := english.NewSentenceTokenizer(nil)
	if err != nil {
		return nil, fmt.Errorf("segment: load sentence model: %w", err)
	}
	s := &Segmenter{tok: tok, noBreak: map[string]bool{}, clauses: !o.NoClauses}
	for _, a := range noBreakAbbrevs {
		s.noBreak[a] = true
	}
	for _, a := range o.Abbreviations {
		a = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(a)), ".")
		if a != "" {
			s.noBreak[a] = true
		}
	}
	// Punkt learns these as abbreviations too, so that its own heuristics
	// (orthographic context, sentence starters) treat them alike.
	for a := range s.noBreak {
		tok.AbbrevTypes.Add(a)
	}
	tok.AbbrevTypes.Add("etc")
	tok.AbbrevTypes.Add("no")
	return s, nil
}

// Process replaces a.Claims with the claims of a's kept blocks.
//
// Claim fields: ID = a.ID + "-" + four-digit ordinal from 0001; Section,
// Comment and Commenter from the block; Paragraph = 1-based index of the
// kept block; Sentence = 1-based index of the sentence in the article
// (clauses of one sentence share it); Start/End trimmed of white space;
// Text = a.Text[Start:End]; Kind headline in a headline block, question
// when the claim ends with "?" (before any closing quotes or brackets),
// statement otherwise. Kept blocks outside a.Text, off rune boundaries or
// out of text order are an error.
func (s *Segmenter) Process(ctx context.Context, a *article.Article) error {
	a.Claims = nil
	para, sent, prevEnd := 0, 0, 0
	for i, b := range a.Blocks {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("segment %s: %w", a.ID, err)
			}
		}
		if !b.Kept() {
			continue
		}
		if b.Start < 0 || b.End < b.Start || b.End > len(a.Text) ||
			!utf8.RuneStart(byteAt(a.Text, b.Start)) || !utf8.RuneStart(byteAt(a.Text, b.End)) {
			return fmt.Errorf("segment %s: block %d [%d,%d) outside text of %d bytes or off rune boundary", a.ID, i+1, b.Start, b.End, len(a.Text))
		}
		if b.Start < prevEnd {
			return fmt.Errorf("segment %s: block %d [%d,%d) overlaps or precedes the block before it", a.ID, i+1, b.Start, b.End)
		}
		prevEnd = b.End
		para++
		for _, sp := range s.Sentences(a.Text[b.Start:b.End]) {
			sent++
			parts := []Span{sp}
			if s.clauses {
				parts = Clauses(a.Text[b.Start:b.End], sp)
			}
			for _, cp := range parts {
				start, end := b.Start+cp.Start, b.Start+cp.End
				c := article.Claim{
					ID:        fmt.Sprintf("%s-%04d", a.ID, len(a.Claims)+1),
					Section:   b.Section,
					Comment:   b.Comment,
					Commenter: b.Commenter,
					Paragraph: para,
					Sentence:  sent,
					Start:     start,
					End:       end,
					Text:      a.Text[start:end],
					Kind:      kindOf(b.Kind, a.Text[start:end]),
				}
				if c.Section == "" {
					c.Section = article.SectionBody
				}
				a.Claims = append(a.Claims, c)
			}
		}
	}
	return nil
}

// byteAt returns s[i], or a rune-start byte at the end of s.
func byteAt(s string, i int) byte {
	if i >= len(s) {
		return 0
	}
	return s[i]
}

func kindOf(k article.BlockKind, text string) article.ClaimKind {
	if k == article.BlockHeadline {
		return article.KindHeadline
	}
	t := strings.TrimRightFunc(text, isCloser)
	if strings.HasSuffix(t, "?") || strings.HasSuffix(t, "？") {
		return article.KindQuestion
	}
	return article.KindStatement
}

// Sentences splits text into sentence spans (byte offsets into text),
// in order, non-overlapping, trimmed of white space and of a leading list
// bullet, each holding at least one letter or digit unless text has none
// (then there are no sentences).
func (s *Segmenter) Sentences(text string) []Span {
	var out []Span
	for _, ln := range hardLines(text) {
		var spans []Span
		prev := ln.Start
		for _, br := range s.breaks(text[ln.Start:ln.End]) {
			if sp, ok := trimSpan(text, prev, ln.Start+br); ok {
				spans = append(spans, sp)
			}
			prev = ln.Start + br
		}
		if sp, ok := trimSpan(text, prev, ln.End); ok {
			spans = append(spans, sp)
		}
		out = append(out, joinBare(text, spans)...)
	}
	return out
}

// hardLines splits text at blank lines and at line breaks followed by a
// list bullet; bullets are trimmed later.
func hardLines(text string) []Span {
	var out []Span
	start := 0
	for i := 0; i < len(text); i++ {
		if text[i] != '\n' {
			continue
		}
		j := i + 1
		for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r') {
			j++
		}
		hard := false
		if j < len(text) && text[j] == '\n' {
			hard = true
		} else if _, ok := bulletAt(text, j); ok {
			hard = true
		}
		if hard {
			out = append(out, Span{start, i})
			start = i + 1
		}
	}
	return append(out, Span{start, len(text)})
}

// bulletAt reports whether a list bullet (and the space after it) starts
// at text[i:], and its length with the space.
func bulletAt(text string, i int) (int, bool) {
	if i >= len(text) {
		return 0, false
	}
	r, n := utf8.DecodeRuneInString(text[i:])
	switch r {
	case '•', '·', '▪', '◦', '‣', '●', '■', '□', '►', '*', '-', '–', '—':
	default:
		return 0, false
	}
	if i+n < len(text) && (text[i+n] == ' ' || text[i+n] == '\t') {
		return n + 1, true
	}
	r2, _ := utf8.DecodeRuneInString(text[i+n:])
	if r2 == '\u00a0' {
		return n + 2, true
	}
	return 0, false
}

// trimSpan trims white space and a leading bullet from text[start:end].
func trimSpan(text string, start, end int) (Span, bool) {
	for start < end {
		r, n := utf8.DecodeRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			if k, ok := bulletAt(text[:end], start); ok && (start == 0 || lineStart(text, start)) {
				start += k
				continue
			}
			break
		}
		start += n
	}
	for end > start {
		r, n := utf8.DecodeLastRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= n
	}
	return Span{start, end}, end > start
}

// lineStart reports whether only spaces stand between the previous line
// break and i.
func lineStart(text string, i int) bool {
	for j := i - 1; j >= 0; j-- {
		switch text[j] {
		case '\n':
			return true
		case ' ', '\t', '\r':
		default:
			return false
		}
	}
	return true
}

// joinBare merges spans with no letter or digit into the next span (or
// the previous one when last) and drops them when they stand alone.
func joinBare(text string, spans []Span) []Span {
	out := spans[:0:0]
	pending := -1 // start of bare spans waiting for the next span
	for _, sp := range spans {
		if !hasWord(text[sp.Start:sp.End]) {
			if pending < 0 {
				pending = sp.Start
			}
			continue
		}
		if pending >= 0 {
			sp.Start = pending
			pending = -1
		}
		out = append(out, sp)
	}
	if pending >= 0 && len(out) > 0 {
		out[len(out)-1].End = spans[len(spans)-1].End
	}
	return out
}

func hasWord(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// token is a white-space separated word of a line with its byte span.
type token struct {
	start, end int
	text       string
	punktBreak bool
}

// breaks returns the byte offsets in line after which a sentence ends.
func (s *Segmenter) breaks(line string) []int {
	if strings.TrimSpace(line) == "" {
		return nil
	}
	// A trailing space makes Punkt see the last word even when it ends in
	// a multi-byte rune; positions past len(line) are clamped.
	ptoks := s.tok.AnnotatedTokens(line + " ")
	toks := make([]token, 0, len(ptoks))
	for _, t := range ptoks {
		end := t.Position
		if end > len(line) {
			end = len(line)
		}
		for end > 0 {
			r, n := utf8.DecodeLastRuneInString(line[:end])
			if !unicode.IsSpace(r) {
				break
			}
			end -= n
		}
		start := end - len(t.Tok)
		if start < 0 || line[start:end] != t.Tok {
			// Punkt trims with strings.TrimSpace; find the word again.
			start = wordStart(line, end)
		}
		if end <= start {
			continue
		}
		toks = append(toks, token{start: start, end: end, text: line[start:end], punktBreak: t.SentBreak})
	}
	var out []int
	first := true // toks[i] opens a sentence
	for i := 0; i+1 < len(toks); i++ {
		if s.breakAfter(toks[i], toks[i+1], first) {
			out = append(out, toks[i].end)
			first = true
			continue
		}
		first = false
	}
	return out
}

func wordStart(line string, end int) int {
	i := end
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(line[:i])
		if unicode.IsSpace(r) {
			break
		}
		i -= n
	}
	return i
}

// breakAfter decides whether a sentence ends between t and next; first
// says t opens its sentence (so "1." there is a list number).
func (s *Segmenter) breakAfter(t, next token, first bool) bool {
	core := strings.TrimRightFunc(t.text, isCloser) // without closing quotes/brackets
	closed := len(core) < len(t.text)
	nr := firstLetterOrDigit(next.text)
	upper := unicode.IsUpper(nr) || unicode.IsTitle(nr)
	lower := unicode.IsLower(nr)
	digit := unicode.IsDigit(nr)
	opens := startsWithOpener(next.text)

	switch {
	case core == "":
		return false
	case strings.HasSuffix(core, "...") || strings.HasSuffix(core, "…") || strings.HasSuffix(core, ". . ."):
		return upper
	}
	last, _ := utf8.DecodeLastRuneInString(core)
	switch last {
	case '.', '?', '!', '。', '？', '！':
	default:
		return false
	}
	if last == '.' && !closed {
		w := strings.ToLower(strings.TrimLeftFunc(core[:len(core)-1], isOpener))
		if i := strings.LastIndexAny(w, "(["); i >= 0 {
			w = w[i+1:]
		}
		switch {
		case s.noBreak[w]:
			return false
		case isInitial(w) && w != "i" && upper:
			return false // "A. B. Jones"
		case w == "no" || w == "nos":
			if digit {
				return false
			}
			return upper || opens || t.punktBreak
		case w == "etc":
			return upper || opens
		case isNumber(w) && !first && (upper || opens):
			return true // "for 40 years. Then"; Punkt takes it for an ordinal
		}
	}
	if last != '.' && closed && lower {
		return false // “Why?” asked Hunt
	}
	if closed && (upper || digit || opens) {
		return true
	}
	return t.punktBreak
}

func firstLetterOrDigit(s string) rune {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		if !isOpener(r) && !isCloser(r) {
			return r
		}
	}
	return 0
}

func startsWithOpener(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isOpener(r)
}

// isCloser reports closing quotes and brackets.
func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '»', '›', ')', ']', '}':
		return true
	}
	return false
}

// isOpener reports opening quotes and brackets.
func isOpener(r rune) bool {
	switch r {
	case '"', '\'', '“', '‘', '«', '‹', '(', '[', '{', '„':
		return true
	}
	return false
}

// isInitial reports a single letter (the abbreviation of an initial).
func isInitial(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	return n == len(w) && unicode.IsLetter(r)
}

// isNumber reports a word made of digits with optional separators
// ("40", "4.5", "6,000", "2014").
func isNumber(w string) bool {
	if w == "" {
		return false
	}
	digits := 0
	for _, r := range w {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' || r == ',':
		default:
			return false
		}
	}
	return digits > 0
}
