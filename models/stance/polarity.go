package stance

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"

	vaderdata "github.com/jonreiter/govader/data"

	"github.com/slant-project/slant/data"
	"github.com/slant-project/slant/models/target"
	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/profile"
)

// LexiconFile is the embedded override file (under data/).
const LexiconFile = "lexicons/stance-polarity.txt"

// Lexicon maps a word key (as profile.Words makes them) to a valence in
// [-1, 1]: VADER's lexicon (valence/4) with the project's overrides. It is
// read-only once built and safe for concurrent use.
type Lexicon struct {
	val   map[string]float64
	state map[string]bool // words for feelings, not evaluations
	sum   string          // hex SHA-256 of the base and override bytes
}

// LoadLexicon builds the default lexicon: VADER's, from the govader
// module, adjusted by data/lexicons/stance-polarity.txt.
func LoadLexicon() (*Lexicon, error) {
	base, err := vaderdata.Asset("rawdata/vaderLexicon.txt")
	if err != nil {
		return nil, fmt.Errorf("stance lexicon: vader: %w", err)
	}
	over, err := data.FS.ReadFile(LexiconFile)
	if err != nil {
		return nil, fmt.Errorf("stance lexicon: %w", err)
	}
	return ParseLexicon(base, over)
}

// ParseLexicon reads two tab-separated word/valence lists (VADER scale,
// −4..+4; lines starting with # and blank lines skipped); entries of
// overrides replace those of base. In overrides, a third column "state"
// marks a word for a feeling (angry, exhausted), which Directed keeps
// apart from evaluations; other extra columns are ignored (VADER's).
func ParseLexicon(base, overrides []byte) (*Lexicon, error) {
	l := &Lexicon{val: map[string]float64{}, state: map[string]bool{}}
	for _, f := range []struct {
		name string
		b    []byte
	}{{"vader", base}, {LexiconFile, overrides}} {
		sc := bufio.NewScanner(bytes.NewReader(f.b))
		line := 0
		for sc.Scan() {
			line++
			s := strings.TrimSpace(sc.Text())
			if s == "" || strings.HasPrefix(s, "#") {
				continue
			}
			cols := strings.Split(s, "\t")
			if len(cols) < 2 {
				return nil, fmt.Errorf("stance lexicon %s:%d: want word<TAB>valence", f.name, line)
			}
			v, err := strconv.ParseFloat(strings.TrimSpace(cols[1]), 64)
			if err != nil || math.IsNaN(v) || v < -4 || v > 4 {
				return nil, fmt.Errorf("stance lexicon %s:%d: valence %q is not a number in [-4,4]", f.name, line, cols[1])
			}
			w := strings.ToLower(strings.TrimSpace(cols[0]))
			if f.name == LexiconFile {
				delete(l.state, w)
				if len(cols) > 2 && strings.TrimSpace(cols[2]) == "state" {
					l.state[w] = true
				}
			}
			if v == 0 {
				delete(l.val, w)
				continue
			}
			l.val[w] = v / 4
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("stance lexicon %s: %w", f.name, err)
		}
	}
	h := sha256.New()
	h.Write(base)
	h.Write(overrides)
	l.sum = hex.EncodeToString(h.Sum(nil))
	return l, nil
}

// Checksum returns the hex SHA-256 of the lexicon's source bytes.
func (l *Lexicon) Checksum() string { return l.sum }

// Valence returns the valence of a word key, 0 when unknown. A key not
// in the lexicon is tried without an inflection (-ed, -d, -ing, -s, -es;
// -ing and -ed also with a final e restored) when the stem keeps at least
// four letters: "wrecked" → "wreck", "imposing" → "impose".
func (l *Lexicon) Valence(key string) float64 {
	v, _ := l.lookup(key)
	return v
}

// lookup returns the valence of key (or its stem) and the key found.
func (l *Lexicon) lookup(key string) (float64, string) {
	if v, ok := l.val[key]; ok {
		return v, key
	}
	if _, listed := l.state[key]; listed {
		return 0, key
	}
	for _, suf := range []string{"ing", "ed", "es", "s", "d"} {
		stem, ok := strings.CutSuffix(key, suf)
		if !ok || len(stem) < 4 {
			continue
		}
		if v, ok := l.val[stem]; ok {
			return v, stem
		}
		if suf == "ing" || suf == "ed" {
			if v, ok := l.val[stem+"e"]; ok {
				return v, stem + "e"
			}
		}
	}
	return 0, key
}

var negators = map[string]bool{
	"not": true, "no": true, "never": true, "none": true, "nobody": true, "nothing": true, "neither": true,
	"nor": true, "cannot": true, "without": true, "hardly": true, "barely": true, "scarcely": true,
	"isn't": true, "aren't": true, "wasn't": true, "weren't": true, "don't": true, "doesn't": true, "didn't": true,
	"won't": true, "wouldn't": true, "can't": true, "couldn't": true, "shouldn't": true, "haven't": true,
	"hasn't": true, "hadn't": true, "mustn't": true, "ain't": true, "nt": true, "dont": true, "doesnt": true,
	"isnt": true, "cant": true, "wont": true, "didnt": true,
}

// contrast words: the clause after them outweighs the one before.
var contrastAfter = map[string]bool{"but": true, "however": true, "yet": true, "nevertheless": true, "nonetheless": true}

// concessive words: the clause they open is down-weighted.
var concessive = map[string]bool{"although": true, "though": true, "despite": true, "while": true, "whilst": true, "whereas": true}

const (
	negScale      = -0.74 // VADER's N_SCALAR
	beforeContr   = 0.5   // weight of words before "but"
	afterContr    = 1.5   // weight of words after "but"
	concessiveW   = 0.5   // weight of a concessive clause
	clausePenalty = 4.0   // extra word distance across a clause boundary
	followPenalty = 2.0   // extra word distance to a name after the word
	distScale     = 3.0   // weight = 1/(1 + d/distScale)
	negWindow     = 3     // a negator this many words back flips a word
)

// word is one analysed word of a claim.
type word struct {
	profile.Word
	clause  int
	negated bool
	weight  float64 // contrast/concessive weight
}

// analyse splits text into words with clause numbers, negation and
// contrast weights.
func analyse(text string) []word {
	ws := profile.Words(text)
	out := make([]word, len(ws))
	clause := 0
	lastNeg := -100 // index of the last negator in the current clause
	contr := -1     // index of the first contrast word
	for i, w := range ws {
		if i > 0 && boundary(text[ws[i-1].End:w.Start]) {
			clause++
			lastNeg = -100
		}
		if contrastAfter[w.Key] || concessive[w.Key] {
			if i > 0 {
				clause++
			}
			lastNeg = -100
			if contrastAfter[w.Key] && contr < 0 {
				contr = i
			}
		}
		out[i] = word{Word: w, clause: clause, negated: i-lastNeg <= negWindow, weight: 1}
		if negators[w.Key] || strings.HasSuffix(w.Key, "n't") {
			lastNeg = i
		}
	}
	if contr >= 0 {
		for i := range out {
			switch {
			case i < contr:
				out[i].weight *= beforeContr
			case i > contr:
				out[i].weight *= afterContr
			}
		}
	}
	// A concessive word down-weights its own clause.
	for i := range out {
		if concessive[out[i].Key] {
			c := out[i].clause
			for j := i; j < len(out) && out[j].clause == c; j++ {
				out[j].weight *= concessiveW
			}
		}
	}
	return out
}

// boundary reports whether the text between two words ends a clause.
func boundary(gap string) bool {
	return strings.ContainsAny(gap, ",;:()[]\"“”!?.—–")
}

// Polarity is the sentiment of a claim directed at each side.
type Polarity struct {
	// GovPos, GovNeg, JDCPos, JDCNeg are sums of positive and (absolute)
	// negative evaluative word valence attributed to a mention of each side.
	GovPos, GovNeg, JDCPos, JDCNeg float64
	// StateGov and StateJDC sum the signed valence of feeling words
	// attributed to each side ("the doctors are angry": StateJDC < 0).
	StateGov, StateJDC float64
	// Pos and Neg sum all words' positive and negative valence.
	Pos, Neg float64
	// Negated reports a negated evaluative word; Contrast a "but"-type word.
	Negated, Contrast bool
}

// Direction is the lean of the evaluations (not the feelings) toward the JDC side:
// tanh((JDCPos − JDCNeg) − (GovPos − GovNeg)), in (−1, 1).
// Criticism of the government side and praise of the JDC side are
// positive; criticism of the JDC side and praise of the government side
// negative.
func (p Polarity) Direction() float64 {
	return math.Tanh((p.JDCPos - p.JDCNeg) - (p.GovPos - p.GovNeg))
}

// Directed computes the target-directed sentiment of text given its target
// mentions (offsets into text). Each evaluative word's valence (negated:
// ×−0.74; before a "but": ×0.5, after: ×1.5; in a concessive clause: ×0.5)
// goes to the nearest gov/jdc mention by word distance d (+4 across a
// clause boundary; +2 to a mention after the word unless it follows
// directly), weighted 1/(1 + d/3); ties between mentions split it. Words
// marked as feelings go to StateGov/StateJDC instead.
// Words inside a mention are not evaluated.
func (l *Lexicon) Directed(text string, ms []target.Mention) Polarity {
	ws := analyse(text)
	var p Polarity
	type span struct {
		from, to int // word indices, inclusive
		side     article.Side
		clause   int
	}
	var spans []span
	inMention := make([]bool, len(ws))
	for _, m := range ms {
		if m.Side != article.SideGov && m.Side != article.SideJDC && m.Side != article.SideBoth {
			continue
		}
		s := span{from: -1, side: m.Side}
		for i, w := range ws {
			if w.Start >= m.Start && w.End <= m.End {
				if s.from < 0 {
					s.from = i
					s.clause = w.clause
				}
				s.to = i
				inMention[i] = true
			}
		}
		if s.from >= 0 {
			spans = append(spans, s)
		}
	}
	for i, w := range ws {
		if contrastAfter[w.Key] {
			p.Contrast = true
		}
		v, found := l.lookup(w.Key)
		if v == 0 || inMention[i] {
			continue
		}
		if w.negated {
			v *= negScale
			p.Negated = true
		}
		v *= w.weight
		if v > 0 {
			p.Pos += v
		} else {
			p.Neg -= v
		}
		if len(spans) == 0 {
			continue
		}
		state := l.state[found]
		best := math.Inf(1)
		var near []int
		for si, s := range spans {
			d := 0.0
			switch {
			case i < s.from:
				// A side named after the word is usually its object, not
				// what it evaluates — unless the word directly precedes
				// the name ("brilliant doctors").
				d = float64(s.from - i)
				if d > 1 {
					d += followPenalty
				}
			case i > s.to:
				d = float64(i - s.to)
			}
			if s.clause != w.clause {
				d += clausePenalty
			}
			switch {
			case d < best:
				best, near = d, append(near[:0], si)
			case d == best:
				near = append(near, si)
			}
		}
		share := v / (1 + best/distScale) / float64(len(near))
		for _, si := range near {
			add := func(side article.Side, x float64) {
				switch {
				case state && side == article.SideGov:
					p.StateGov += x
				case state:
					p.StateJDC += x
				case side == article.SideGov && x > 0:
					p.GovPos += x
				case side == article.SideGov:
					p.GovNeg -= x
				case side == article.SideJDC && x > 0:
					p.JDCPos += x
				case side == article.SideJDC:
					p.JDCNeg -= x
				}
			}
			if spans[si].side == article.SideBoth {
				add(article.SideGov, share/2)
				add(article.SideJDC, share/2)
			} else {
				add(spans[si].side, share)
			}
		}
	}
	return p
}

// CueHits sums the profile's cue words found in a claim.
type CueHits struct {
	// Gov and JDC sum the weights of cues favouring each side; a negated
	// cue ("not a fair deal") counts for the other side.
	Gov, JDC float64
	// Phrases lists the cues found, prefixed "-" when negated.
	Phrases []string
}

// Direction is JDC − Gov.
func (c CueHits) Direction() float64 { return c.JDC - c.Gov }

// Cues finds the profile's cue phrases in text; a negator within three
// words before a cue (same clause) moves its weight to the other side.
func Cues(p *profile.Profile, text string) CueHits {
	var h CueHits
	ms := p.CueMentions(text)
	if len(ms) == 0 {
		return h
	}
	ws := analyse(text)
	for _, m := range ms {
		neg := false
		for _, w := range ws {
			if w.Start == m.Start {
				neg = w.negated
				break
			}
		}
		side := m.Ref.Side
		name := strings.ToLower(m.Ref.Name)
		if neg {
			name = "-" + name
			if side == article.SideGov {
				side = article.SideJDC
			} else {
				side = article.SideGov
			}
		}
		if side == article.SideGov {
			h.Gov += m.Ref.Weight
		} else {
			h.JDC += m.Ref.Weight
		}
		h.Phrases = append(h.Phrases, name)
	}
	return h
}
