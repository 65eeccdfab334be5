package clean

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"regexp/syntax"
	"strings"
)

// Mode says how a lexicon pattern is tried against a normalised line.
type Mode uint8

// Lexicon modes (see data/lexicons/furniture.txt for the file format).
const (
	ModeLine      Mode = iota // the whole line matches
	ModeStart                 // the line starts with the pattern
	ModeAny                   // the pattern occurs anywhere in the line
	ModeShort                 // anywhere, in a short line with no final stop
	ModeWords                 // a word list, not a pattern
	numMatchModes = ModeWords
)

var modeNames = map[string]Mode{"line": ModeLine, "start": ModeStart, "any": ModeAny, "short": ModeShort, "words": ModeWords}

// String returns the mode's name as written in the lexicon file.
func (m Mode) String() string {
	for k, v := range modeNames {
		if v == m {
			return k
		}
	}
	return fmt.Sprintf("mode(%d)", uint8(m))
}

// Categories with a structural role (beyond "drop this line").
const (
	catCommentHeader     = "comment-header"
	catCommentHeaderWeak = "comment-header-weak"
	catCommentEnd        = "comment-end"
	catModeration        = "comment-moderation"
	catAction            = "comment-action"
	catTimestamp         = "timestamp"
	catListHeader        = "list-header"
	catEndMarker         = "end-marker"
	wordsRole            = "byline-role"
)

// lineTail is what a ModeLine entry may be followed by: a count such as
// "(12)" or "12" and trailing punctuation.
const lineTail = `(?:\s*[(\[]?\d[\d,.]*k?[)\]]?)?[\s:.!|>»›*-]*$`

// shortWords is the longest line (in words) a ModeShort entry applies to.
const shortWords = 14

// maxSubstringLen is the longest line (in bytes) the any and short modes
// are tried on: furniture lines are short, and a page may hold a megabyte
// on one line.
const maxSubstringLen = 2000

// Lexicon is a parsed furniture list. The anchored modes (line, start)
// have one combined regular expression (all entries as alternatives) used
// as a fast filter; the substring modes (any, short) have a literal
// prefilter (see prefilter). In both cases the entries, compiled one by one,
// tell which matched. Plus the word lists.
type Lexicon struct {
	name    string
	any     [numMatchModes]*regexp.Regexp   // combined filter (line, start)
	pre     [numMatchModes]*prefilter       // literal prefilter (any, short)
	res     [numMatchModes][]*regexp.Regexp // entries, anchored per mode
	cats    [numMatchModes][]string         // entry index -> category
	words   map[string]map[string]bool
	entries int
}

var catRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// ParseLexicon reads a furniture list (format in data/lexicons/furniture.txt)
// from r; name is used in error messages ("name line N: problem").
func ParseLexicon(r io.Reader, name string) (*Lexicon, error) {
	l := &Lexicon{name: name, words: map[string]map[string]bool{}}
	var pats [numMatchModes][]string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	n := 0
	for sc.Scan() {
		n++
		raw := strings.TrimSpace(sc.Text())
		if raw == "" || strings.HasPrefix(raw, "#") {
			continue
		}
		f := strings.Fields(raw)
		if len(f) < 3 {
			return nil, fmt.Errorf("lexicon %s line %d: want CATEGORY MODE PATTERN, got %q", name, n, raw)
		}
		cat, mname := f[0], f[1]
		if !catRE.MatchString(cat) {
			return nil, fmt.Errorf("lexicon %s line %d: bad category %q (want [a-z0-9-]+)", name, n, cat)
		}
		mode, ok := modeNames[mname]
		if !ok {
			return nil, fmt.Errorf("lexicon %s line %d: unknown mode %q (want line, start, any, short or words)", name, n, mname)
		}
		// The pattern is the rest of the line after the mode field.
		rest := strings.TrimSpace(strings.TrimSpace(raw[len(cat):])[len(mname):])
		if mode == ModeWords {
			set := l.words[cat]
			if set == nil {
				set = map[string]bool{}
				l.words[cat] = set
			}
			for _, w := range strings.Fields(rest) {
				set[strings.ToLower(w)] = true
			}
			continue
		}
		re, err := regexp.Compile(rest)
		if err != nil {
			return nil, fmt.Errorf("lexicon %s line %d: bad pattern: %w", name, n, err)
		}
		if mode != ModeLine && re.MatchString("") {
			return nil, fmt.Errorf("lexicon %s line %d: pattern %q matches empty text", name, n, rest)
		}
		pats[mode] = append(pats[mode], rest)
		l.cats[mode] = append(l.cats[mode], cat)
		l.entries++
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("lexicon %s line %d: %w", name, n+1, err)
	}
	for m := Mode(0); m < numMatchModes; m++ {
		if len(pats[m]) == 0 {
			continue
		}
		for _, p := range pats[m] {
			l.res[m] = append(l.res[m], regexp.MustCompile(anchor(m, p)))
		}
		if m == ModeAny || m == ModeShort {
			l.pre[m] = newPrefilter(pats[m])
			continue
		}
		var b strings.Builder
		for i, p := range pats[m] {
			if i > 0 {
				b.WriteByte('|')
			}
			b.WriteString("(?:" + p + ")")
		}
		re, err := regexp.Compile(anchor(m, b.String()))
		if err != nil {
			return nil, fmt.Errorf("lexicon %s: combining %s patterns: %w", name, m, err)
		}
		l.any[m] = re
	}
	if l.entries == 0 {
		return nil, fmt.Errorf("lexicon %s: no patterns", name)
	}
	return l, nil
}

// anchor wraps a pattern for its mode: ^(?:p)TAIL$ for line, ^(?:p) for
// start, (?:p) otherwise. Only MatchString is used on the results, which
// carries no capture slots (with hundreds of groups, submatch extraction
// would copy them at every step).
func anchor(m Mode, p string) string {
	switch m {
	case ModeLine:
		return "^(?:" + p + ")" + lineTail
	case ModeStart:
		return "^(?:" + p + ")"
	}
	return "(?:" + p + ")"
}

// parseLexiconBytes is ParseLexicon on a byte slice.
func parseLexiconBytes(b []byte, name string) (*Lexicon, error) {
	return ParseLexicon(bytes.NewReader(b), name)
}

// Len returns the number of patterns (word lists not counted).
func (l *Lexicon) Len() int { return l.entries }

// Word reports whether w (lower case) is in the word list cat.
func (l *Lexicon) Word(cat, w string) bool { return l.words[cat][w] }

// Match returns the category and mode of the first entry matching the
// normalised line s, trying modes in the order line, start, any, short and
// entries in file order. words and final describe s (word count, ends with
// a final stop); they gate ModeShort. Lines longer than 400 bytes are not
// tried in line mode, nor lines longer than 2000 bytes in any/short mode.
func (l *Lexicon) Match(s string, words int, final bool) (cat string, mode Mode, ok bool) {
	for m := Mode(0); m < numMatchModes; m++ {
		if len(l.res[m]) == 0 {
			continue
		}
		switch {
		case m == ModeShort && (words > shortWords || final),
			m == ModeLine && len(s) > 400,
			(m == ModeAny || m == ModeShort) && len(s) > maxSubstringLen:
			continue
		}
		var cand []bool
		if f := l.pre[m]; f != nil {
			cand = f.candidates(s)
		} else if !l.any[m].MatchString(s) {
			continue
		}
		for i, re := range l.res[m] {
			if (cand == nil || cand[i]) && re.MatchString(s) {
				return l.cats[m][i], m, true
			}
		}
	}
	return "", 0, false
}

// prefilter picks the entries of a substring mode worth trying on a line.
// For each entry it derives, from the pattern's syntax tree, a set of
// literals one of which every match must contain (see required); one scan
// of the line, indexed by the literals' first two bytes, finds which
// literals occur. Entries with no such set are always tried.
type prefilter struct {
	n        int
	always   []int              // entries without a literal set
	lits     []string           // distinct literals
	entries  [][]int            // literal index -> entries requiring it
	byBigram map[uint16][]int32 // first two bytes -> literal indices
	seen     [1 << 16 / 64]uint64
}

func newPrefilter(pats []string) *prefilter {
	f := &prefilter{n: len(pats), byBigram: map[uint16][]int32{}}
	litIndex := map[string]int{}
	for e, p := range pats {
		re, err := syntax.Parse(p, syntax.Perl)
		var req []string
		if err == nil {
			req = required(re.Simplify())
		}
		for _, lit := range req {
			if len(lit) < 2 {
				req = nil
				break
			}
		}
		if len(req) == 0 {
			f.always = append(f.always, e)
			continue
		}
		for _, lit := range req {
			li, ok := litIndex[lit]
			if !ok {
				li = len(f.lits)
				litIndex[lit] = li
				f.lits = append(f.lits, lit)
				f.entries = append(f.entries, nil)
				k := uint16(lit[0])<<8 | uint16(lit[1])
				f.byBigram[k] = append(f.byBigram[k], int32(li))
				f.seen[k/64] |= 1 << (k % 64)
			}
			f.entries[li] = append(f.entries[li], e)
		}
	}
	return f
}

// candidates returns, per entry, whether it may match s.
func (f *prefilter) candidates(s string) []bool {
	cand := make([]bool, f.n)
	for _, e := range f.always {
		cand[e] = true
	}
	for i := 0; i+1 < len(s); i++ {
		k := uint16(s[i])<<8 | uint16(s[i+1])
		if f.seen[k/64]&(1<<(k%64)) == 0 {
			continue
		}
		for _, li := range f.byBigram[k] {
			if strings.HasPrefix(s[i:], f.lits[li]) {
				for _, e := range f.entries[li] {
					cand[e] = true
				}
			}
		}
	}
	return cand
}

// required returns literals one of which every match of re contains, or
// nil when it cannot tell: a literal is itself; a concatenation takes the
// best set among its parts (the one whose shortest literal is longest); an
// alternation the union of its branches' sets (nil if any branch has none);
// captures, one-or-more and repeats with a minimum of one their operand's.
func required(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil
		}
		return []string{string(re.Rune)}
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
	case syntax.OpConcat:
		var best []string
		for _, sub := range re.Sub {
			if r := required(sub); r != nil && (best == nil || minLen(r) > minLen(best)) {
				best = r
			}
		}
		return best
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			r := required(sub)
			if r == nil {
				return nil
			}
			out = append(out, r...)
		}
		return out
	}
	return nil
}

func minLen(lits []string) int {
	m := -1
	for _, l := range lits {
		if m < 0 || len(l) < m {
			m = len(l)
		}
	}
	return m
}
