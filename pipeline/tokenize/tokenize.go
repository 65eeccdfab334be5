// Package tokenize gives every claim its BERT WordPiece sub-word tokens with
// byte offsets into the article text, using github.com/sugarme/tokenizer.
//
// The tokenizer is built here rather than with pretrained.BertBaseUncased,
// working around the library's known faults:
//   - BertBaseUncased changes the working directory and reads a file beside
//     its own source, which fails under -trimpath: the vocabulary is embedded
//     (models/bertvocab) and the WordPiece model built from it.
//   - The BERT normaliser strips accents without decomposing first, so "é"
//     survives: an NFD normaliser runs before it.
//   - WordPiece reports sub-word offsets as rune counts inside the word,
//     which the library then adds to byte offsets: wrong for non-ASCII text
//     ("£250m", curly quotes, emoji), and its whole-string normaliser panics on some
//     expansions: text is normalised rune by rune here and offsets are
//     recomputed from the text (see align).
//   - DefaultWordpieceDecoder panics: Decode uses NewWordPieceDecoder.
//   - CachedPath downloads from the internet and the trainers are
//     unreliable: neither is used.
//   - EncodeSingle allocates heavily (its pre-tokenizer above all) and was
//     half of slant score's time: Encode splits the normalised text into
//     the pre-tokenizer's words itself and asks the library's WordPiece
//     for each word once, keeping the pieces in a bounded cache (the
//     result is byte-identical; tests compare it with the library's).
package tokenize

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/sugarme/tokenizer"
	"github.com/sugarme/tokenizer/decoder"
	"github.com/sugarme/tokenizer/model"
	"github.com/sugarme/tokenizer/model/wordpiece"
	"github.com/sugarme/tokenizer/normalizer"
	"github.com/sugarme/tokenizer/pretokenizer"

	"github.com/slant-project/slant/models/bertvocab"
	"github.com/slant-project/slant/pipeline/article"
)

// Tokenizer splits text into WordPiece tokens. It is safe for concurrent use.
type Tokenizer struct {
	tk   *tokenizer.Tokenizer
	wp   wordpiece.WordPiece // the library's WordPiece model, asked one word at a time
	norm normalizer.Normalizer
	dec  *decoder.WordPieceDecoder

	mu    sync.RWMutex
	cache map[rune]string // normalised form of non-ASCII runes

	words *wordCache // normalised word → its WordPiece pieces
	bufs  sync.Pool  // *scratch
}

// New builds the BERT base uncased tokenizer from the embedded vocabulary.
func New() (*Tokenizer, error) {
	v, err := bertvocab.Vocab()
	if err != nil {
		return nil, fmt.Errorf("tokenize: %w", err)
	}
	vocab := model.Vocab(v)
	wp := wordpiece.NewWordPieceBuilder().Vocab(&vocab).UnkToken("[UNK]").Build()
	tk := tokenizer.NewTokenizer(wp)
	norm := normalizer.NewSequence([]normalizer.Normalizer{
		normalizer.NewNFD(),
		normalizer.NewBertNormalizer(true, true, true, true),
	})
	// The normaliser is applied rune by rune in normalize, not by the
	// library, whose whole-string alignment panics on some expansions.
	tk.WithPreTokenizer(pretokenizer.NewBertPreTokenizer())
	return &Tokenizer{
		tk:    tk,
		wp:    wp,
		norm:  norm,
		dec:   decoder.NewWordPieceDecoder("##", true),
		cache: map[rune]string{},
		words: newWordCache(wordCacheSize),
	}, nil
}

// Encode tokenizes text. Token offsets are byte offsets into text,
// 0 <= Start < End <= len(text), on rune boundaries, in text order (tokens
// made from one rune, such as a ligature, may share its span). Text that is
// not valid UTF-8 is an error; Encode never panics.
//
// The result is the same as running the library's BERT pre-tokenizer and
// WordPiece over the whole normalised text (encodeWhole), but each word is
// split into pieces by the library once and then looked up in a bounded
// cache (words repeat heavily); the pre-tokenizer's split, which in the
// library costs more than WordPiece itself, is done here (splitWords).
func (t *Tokenizer) Encode(text string) (toks []article.Token, err error) {
	if !utf8.ValidString(text) {
		return nil, fmt.Errorf("tokenize: text is not valid UTF-8")
	}
	sc, _ := t.bufs.Get().(*scratch)
	if sc == nil {
		sc = new(scratch)
	}
	defer func() {
		if cap(sc.start) <= maxPooledBytes {
			t.bufs.Put(sc) // buffers of a huge text are left to the GC
		}
	}()
	m := t.normalizeInto(text, sc)
	if strings.TrimSpace(m.text) == "" {
		return nil, nil
	}
	en := encoding{ids: sc.ids[:0], tokens: sc.tokens[:0], words: sc.wordIdx[:0]}
	w := 0
	ok := splitWords(m.text, func(start, end int) bool {
		ps, ok := t.pieces(m.text[start:end])
		if !ok {
			return false
		}
		for _, p := range ps {
			en.ids = append(en.ids, p.id)
			en.tokens = append(en.tokens, p.value)
			en.words = append(en.words, w)
		}
		w++
		return true
	})
	sc.ids, sc.tokens, sc.wordIdx = en.ids, en.tokens, en.words
	defer clear(sc.tokens[:cap(sc.tokens)]) // drop references to piece strings
	if !ok {
		// The library failed on a word: let it fail (or not) on the whole
		// text, so the error is the one the uncached path gives.
		return t.encodeWhole(m)
	}
	return m.align(en)
}

// encodeWhole runs the library's pre-tokenizer and WordPiece over the
// whole normalised text (the uncached path Encode must agree with).
func (t *Tokenizer) encodeWhole(m normalized) (toks []article.Token, err error) {
	if strings.TrimSpace(m.text) == "" {
		return nil, nil // the library panics on text that normalises to nothing
	}
	defer func() {
		// The library calls log.Fatal or panics on states we never build;
		// a panic from inside it must not take the run down.
		if r := recover(); r != nil {
			toks, err = nil, fmt.Errorf("tokenize: tokenizer failed: %v", r)
		}
	}()
	en, err := t.tk.EncodeSingle(m.text, false)
	if err != nil {
		return nil, fmt.Errorf("tokenize: %w", err)
	}
	return m.align(encoding{ids: en.Ids, tokens: en.Tokens, words: en.Words})
}

// encodeUncached is Encode without the word cache: the library
// pre-tokenizes and encodes the whole text.
func (t *Tokenizer) encodeUncached(text string) ([]article.Token, error) {
	if !utf8.ValidString(text) {
		return nil, fmt.Errorf("tokenize: text is not valid UTF-8")
	}
	return t.encodeWhole(t.normalize(text))
}

// splitWords calls fn with the byte span of each word of normalised text
// s, in order, as the library's BertPreTokenizer splits it: white space
// (the regexp class \s: tab, LF, FF, CR, space) separates words and is
// dropped; each BERT punctuation rune is a word of its own. It stops and
// returns false as soon as fn does.
func splitWords(s string, fn func(start, end int) bool) bool {
	start := -1
	for i, r := range s {
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\r':
			if start >= 0 && !fn(start, i) {
				return false
			}
			start = -1
		case isBertPunct(r):
			if start >= 0 && !fn(start, i) {
				return false
			}
			start = -1
			if !fn(i, i+utf8.RuneLen(r)) {
				return false
			}
		default:
			if start < 0 {
				start = i
			}
		}
	}
	if start >= 0 {
		return fn(start, len(s))
	}
	return true
}

// pieces is the library's WordPiece split of one normalised word, from the
// cache when it is there. ok is false when the library fails on the word.
func (t *Tokenizer) pieces(word string) (ps []piece, ok bool) {
	if ps, ok := t.words.get(word); ok {
		return ps, true
	}
	func() {
		defer func() {
			if r := recover(); r != nil {
				ok = false
			}
		}()
		toks, err := t.wp.Tokenize(word)
		if err != nil || len(toks) == 0 {
			return
		}
		ps = make([]piece, len(toks))
		for i, tk := range toks {
			ps[i] = piece{id: tk.Id, value: tk.Value}
		}
		ok = true
	}()
	if ok {
		t.words.put(word, ps)
	}
	return ps, ok
}

// normalized is text after the normaliser, with each of its bytes mapped
// to the original rune it came from.
type normalized struct {
	text       string
	start, end []int // original byte span of the rune behind each normalised byte
}

// maxPooledBytes is the longest text whose buffers Encode keeps for reuse.
const maxPooledBytes = 1 << 16

// scratch is one Encode call's reusable buffers.
type scratch struct {
	start, end []int
	ids        []int
	tokens     []string
	wordIdx    []int
}

// encoding is the part of the library's Encoding that align reads: one
// entry per token, words numbering the pre-tokenizer's words.
type encoding struct {
	ids    []int
	tokens []string
	words  []int
}

// normalize applies the NFD + BERT normaliser rune by rune (the library's
// whole-string alignment panics on some expansions, e.g. "ǡ"), keeping the
// byte map. Runes the normaliser drops (combining marks, controls, U+FFFD)
// are folded into the span of the rune before them.
func (t *Tokenizer) normalize(text string) normalized {
	return t.normalizeInto(text, new(scratch))
}

// normalizeInto is normalize with the byte map's slices taken from sc
// (and handed back to it, grown).
func (t *Tokenizer) normalizeInto(text string, sc *scratch) normalized {
	var b strings.Builder
	b.Grow(len(text))
	m := normalized{start: sc.start[:0], end: sc.end[:0]}
	for i, r := range text {
		if r < utf8.RuneSelf && r > ' ' && r != 0x7f {
			// Printable ASCII (the common case): lower-cased in place,
			// as runeNorm does, without building a string per rune.
			c := byte(r)
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
			m.start = append(m.start, i)
			m.end = append(m.end, i+1)
			continue
		}
		sz := utf8.RuneLen(r)
		if sz < 0 {
			sz = 1
		}
		n := t.runeNorm(r)
		if n == "" {
			if !unicode.IsSpace(r) && len(m.end) > 0 && m.end[len(m.end)-1] == i {
				for k := len(m.end) - 1; k >= 0 && m.end[k] == i; k-- {
					m.end[k] = i + sz
				}
			}
			continue
		}
		b.WriteString(n)
		for range len(n) {
			m.start = append(m.start, i)
			m.end = append(m.end, i+sz)
		}
	}
	m.text = b.String()
	sc.start, sc.end = m.start, m.end
	return m
}

// runeNorm is the normalised form of one rune: "" when dropped, " " for
// white space.
func (t *Tokenizer) runeNorm(r rune) string {
	switch {
	case r == ' ' || r == '\t' || r == '\n' || r == '\r':
		return " "
	case r < utf8.RuneSelf:
		if unicode.IsControl(r) {
			return ""
		}
		return string(unicode.ToLower(r))
	case unicode.IsSpace(r):
		return " "
	case unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs) || !unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z):
		return ""
	}
	t.mu.RLock()
	n, ok := t.cache[r]
	t.mu.RUnlock()
	if ok {
		return n
	}
	n = string(r)
	func() {
		defer func() { _ = recover() }() // keep the rune as it is if the library fails
		if got, err := t.norm.Normalize(normalizer.NewNormalizedFrom(string(r))); err == nil {
			n = got.GetNormalized()
		}
	}()
	if strings.TrimSpace(n) == "" && n != "" {
		n = " "
	}
	t.mu.Lock()
	t.cache[r] = n
	t.mu.Unlock()
	return n
}

// align maps the library's tokens back to the original text without
// trusting its offsets (it reports sub-word offsets as rune counts used as
// bytes): tokens come grouped by word (en.Words) in text order; words are
// separated by white space only, and a word is the concatenation of its
// tokens without "##", so each token's span in the normalised text follows
// from rune counts, and the byte map gives the original span.
func (m normalized) align(en encoding) ([]article.Token, error) {
	n := len(en.ids)
	if len(en.tokens) != n || len(en.words) != n {
		return nil, fmt.Errorf("tokenize: inconsistent encoding")
	}
	out := make([]article.Token, 0, n)
	pos := 0 // byte offset in m.text
	for i := 0; i < n; {
		j := i + 1
		for j < n && en.words[j] == en.words[i] {
			j++
		}
		for pos < len(m.text) && m.text[pos] == ' ' {
			pos++
		}
		if pos >= len(m.text) {
			break
		}
		wordEnd := pos
		for wordEnd < len(m.text) {
			r, sz := utf8.DecodeRuneInString(m.text[wordEnd:])
			if r == ' ' {
				break
			}
			wordEnd += sz
			if isBertPunct(r) || (r >= utf8.RuneSelf && unicode.Is(unicode.Han, r)) {
				if wordEnd-sz == pos {
					break // punctuation and CJK are words of their own
				}
				wordEnd -= sz
				break
			}
		}
		if wordEnd == pos { // cannot happen for a well-formed encoding; step on
			_, sz := utf8.DecodeRuneInString(m.text[pos:])
			wordEnd = pos + sz
		}
		s := pos
		for k := i; k < j; k++ {
			e := wordEnd
			if en.tokens[k] != "[UNK]" && k < j-1 {
				e = s
				for c := utf8.RuneCountInString(strings.TrimPrefix(en.tokens[k], "##")); c > 0 && e < wordEnd; c-- {
					_, sz := utf8.DecodeRuneInString(m.text[e:])
					e += sz
				}
			}
			if e > s {
				out = append(out, article.Token{ID: en.ids[k], Value: en.tokens[k], Start: m.start[s], End: m.end[e-1]})
			}
			if en.tokens[k] != "[UNK]" {
				s = e
			}
		}
		pos = wordEnd
		i = j
	}
	return out, nil
}

// isBertPunct mirrors BERT's punctuation test: ASCII symbol ranges and the
// Unicode P categories.
func isBertPunct(r rune) bool {
	if r < utf8.RuneSelf {
		return (r >= 33 && r <= 47) || (r >= 58 && r <= 64) || (r >= 91 && r <= 96) || (r >= 123 && r <= 126)
	}
	return unicode.IsPunct(r)
}

// Decode turns token values back into text, joining "##" continuations.
// It uses the library's WordPiece decoder built with NewWordPieceDecoder
// (DefaultWordpieceDecoder leaves its base unset and panics).
func (t *Tokenizer) Decode(tokens []string) string {
	if len(tokens) == 0 {
		return ""
	}
	return t.dec.Decode(tokens)
}

// Process sets Tokens on every claim of a (offsets into a.Text).
//
// Contract: a.Text is unchanged; every token lies inside its claim's
// [Start, End); a claim that cannot be tokenized fails the article with an
// error naming the claim.
func (t *Tokenizer) Process(ctx context.Context, a *article.Article) error {
	for i := range a.Claims {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		c := &a.Claims[i]
		if c.Start < 0 || c.End > len(a.Text) || c.Start > c.End {
			return fmt.Errorf("tokenize %s: claim %s: span [%d,%d) outside text", a.ID, c.ID, c.Start, c.End)
		}
		toks, err := t.Encode(a.Text[c.Start:c.End])
		if err != nil {
			return fmt.Errorf("tokenize %s: claim %s: %w", a.ID, c.ID, err)
		}
		for k := range toks {
			toks[k].Start += c.Start
			toks[k].End += c.Start
		}
		c.Tokens = toks
	}
	return nil
}
