package sentiment

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/jonreiter/govader"
)

// VADER's empirically derived constants (Hutto & Gilbert, ICWSM 2014), on
// the lexicon's -4..+4 valence scale.
const (
	boostIncr    = 0.293 // an intensifier ("very") adds this much intensity
	capsIncr     = 0.733 // an ALL-CAPS sentiment word among lower-case ones
	negScalar    = -0.74 // a negated word's valence is multiplied by this
	neverSoScale = 1.25  // "never so good": intensified, not flipped
	exclaimIncr  = 0.292 // each '!' (at most maxExclaim) adds this intensity
	maxExclaim   = 4
	questIncr    = 0.18 // each '?' when there are two or three
	maxQuest     = 0.96 // four or more '?'
)

// Modifier reach and contrast weights of this scorer.
const (
	boostWindow    = 3   // an intensifier acts on a sentiment word up to 3 words on
	negWindow      = 3   // a negator acts on a sentiment word up to 3 words on, in its clause
	noWindow       = 2   // "no" acts on the next two words only ("no real complaints")
	contrastBefore = 0.5 // weight of what precedes "but"/"however" in a sentence
	contrastAfter  = 1.5 // weight of what follows it
	concessiveW    = 0.5 // weight of an "although …" or "despite …" clause
)

// boostDecay scales an intensifier by its distance (1, 2 or 3 words before).
var boostDecay = [boostWindow]float64{1, 0.95, 0.9}

// lexicon holds the word lists the valence scorer reads. Only the govader
// tables and the embedded supplement feed it; it is read-only after build.
type lexicon struct {
	words   map[string]float64 // one-word entries, valence -4..+4
	phrases map[string]float64 // two- or three-word entries, keyed "w1 w2"
	// phraseHead holds the first word of every phrase and booster phrase,
	// so that only plausible starts pay for building a key.
	phraseHead map[string]bool
	boosters   map[string]float64 // one-word intensifiers (+) and dampeners (-)
	boostPhr   map[string]float64 // "kind of", "sort of", "just enough"
	negators   map[string]bool
	emoji      map[string]float64 // emoji rune → valence of its description
	emoticons  map[string]float64 // punctuation entries such as ":)" and "<3"
}

// contrast words open a clause that outweighs what came before it in the
// sentence; concessive words open a clause that weighs less.
var (
	contrastWords   = map[string]bool{"but": true, "however": true, "nevertheless": true, "nonetheless": true, "yet": true}
	concessiveWords = map[string]bool{"although": true, "though": true, "despite": true, "whereas": true, "albeit": true}
)

// abbreviations whose trailing '.' does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true, "jr": true, "sr": true,
	"vs": true, "etc": true, "inc": true, "co": true, "corp": true, "ltd": true, "no": true, "gov": true,
	"sen": true, "rep": true, "gen": true, "col": true, "lt": true, "sgt": true, "rev": true, "hon": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
	"sept": true, "oct": true, "nov": true, "dec": true, "approx": true, "dept": true, "est": true,
}

// likeLicensors are the words after which "like" is the verb (and so
// positive); elsewhere ("like other countries") it is neutral.
var likeLicensors = map[string]bool{
	"i": true, "you": true, "we": true, "they": true, "he": true, "she": true, "who": true, "people": true,
	"would": true, "i'd": true, "we'd": true, "you'd": true, "they'd": true, "really": true, "do": true,
	"did": true, "does": true, "don't": true, "didn't": true, "doesn't": true, "also": true, "to": true,
	"just": true, "definitely": true, "still": true, "totally": true, "genuinely": true, "not": true,
	"u": true, "will": true, "might": true, "may": true, "could": true, "should": true,
}

// newLexicon builds the tables from govader's lexicon, boosters, negations
// and idioms (reused through its API, not copied) and from supplement, a
// file of "term<TAB>valence" lines ('#' comments) whose entries add to or
// override govader's.
func newLexicon(supplement []byte, supplementName string) (*lexicon, error) {
	sia := govader.NewSentimentIntensityAnalyzer()
	lx := &lexicon{
		words:      make(map[string]float64, len(sia.Lexicon)),
		phrases:    make(map[string]float64),
		phraseHead: make(map[string]bool),
		boosters:   make(map[string]float64),
		boostPhr:   make(map[string]float64),
		negators:   make(map[string]bool),
		emoji:      make(map[string]float64),
		emoticons:  make(map[string]float64),
	}
	for k, v := range sia.Lexicon {
		lx.add(k, v)
	}
	for k, v := range sia.Constants.LadenIdioms {
		lx.add(k, v)
	}
	for k, v := range sia.Constants.SpecialCaseIdioms {
		lx.add(k, v)
	}
	for k, v := range sia.Constants.BoosterDict {
		if strings.Contains(k, " ") {
			lx.boostPhr[k] = v
			lx.phraseHead[strings.Fields(k)[0]] = true
			continue
		}
		lx.boosters[k] = v
	}
	for _, n := range sia.Constants.NegateList {
		if n == "despite" { // concessive, not negation: handled as a clause weight
			continue
		}
		lx.negators[n] = true
	}
	for _, n := range []string{"no", "nobody", "nor", "neither", "never", "none", "nothing", "lack", "lacks", "lacked", "lacking"} {
		lx.negators[n] = true
	}
	if err := lx.readSupplement(supplement, supplementName); err != nil {
		return nil, err
	}
	for r, desc := range sia.EmojiDict {
		v := 0.0
		for _, w := range strings.Fields(desc) {
			v += lx.words[w]
		}
		if v != 0 {
			lx.emoji[r] = math.Max(-4, math.Min(4, v))
		}
	}
	return lx, nil
}

// add files one govader entry: punctuation-only entries are emoticons,
// multi-word ones phrases.
func (lx *lexicon) add(k string, v float64) {
	switch {
	case strings.Contains(k, " "):
		lx.phrases[k] = v
		lx.phraseHead[strings.Fields(k)[0]] = true
	case !hasLetterOrDigit(k) || (len(k) <= 4 && strings.ContainsAny(k, ":;=()<>[]{}|\\/*^'$%@&#-_.,")):
		lx.emoticons[k] = v
	default:
		lx.words[k] = v
	}
}

func hasLetterOrDigit(s string) bool {
	for _, r := range s {
		if isWordRune(r) {
			return true
		}
	}
	return false
}

// readSupplement parses the supplement; a malformed line is an error naming
// the file and line.
func (lx *lexicon) readSupplement(b []byte, name string) error {
	sc := bufio.NewScanner(bytes.NewReader(b))
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		term, val, ok := strings.Cut(s, "\t")
		if !ok {
			return fmt.Errorf("%s:%d: want term<TAB>valence", name, line)
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if err != nil || v < -4 || v > 4 {
			return fmt.Errorf("%s:%d: valence %q is not a number in [-4, 4]", name, line, val)
		}
		term = strings.Join(strings.Fields(strings.ToLower(term)), " ")
		if strings.Contains(term, " ") {
			lx.phrases[term] = v
			lx.phraseHead[strings.Fields(term)[0]] = true
			continue
		}
		lx.words[term] = v
	}
	return sc.Err()
}

// lookup returns a word's valence, falling back (in order) to the word
// without a possessive "'s", its American spelling (-ise → -ize,
// -our → -or), and its stem without -s, -es, -ed, -d or -ing.
func (lx *lexicon) lookup(k string) (float64, bool) {
	if v, ok := lx.words[k]; ok {
		return v, true
	}
	if strings.HasSuffix(k, "'s") {
		k = k[:len(k)-2]
		if v, ok := lx.words[k]; ok {
			return v, true
		}
	}
	if len(k) < 5 {
		return 0, false
	}
	for _, r := range britishToAmerican {
		if i := strings.LastIndex(k, r[0]); i >= 2 {
			if v, ok := lx.words[k[:i]+r[1]+k[i+len(r[0]):]]; ok {
				return v, true
			}
		}
	}
	for _, s := range stemRules {
		if strings.HasSuffix(k, s[0]) {
			if v, ok := lx.words[k[:len(k)-len(s[0])]+s[1]]; ok {
				return v, true
			}
		}
	}
	return 0, false
}

var britishToAmerican = [...][2]string{{"isation", "ization"}, {"ised", "ized"}, {"ising", "izing"}, {"ise", "ize"}, {"our", "or"}}

var stemRules = [...][2]string{{"ies", "y"}, {"es", ""}, {"s", ""}, {"ied", "y"}, {"ed", ""}, {"ed", "e"}, {"ing", ""}, {"ing", "e"}}
