package sentiment

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"math"
	"sync"

	"github.com/slant-project/slant/data"
)

// Labels of Result.Label.
const (
	LabelNegative = "negative"
	LabelNeutral  = "neutral"
	LabelPositive = "positive"
)

// SupplementPath is the lexicon supplement inside data.FS.
const SupplementPath = "lexicons/sentiment-news.txt"

// Result is the sentiment of a text.
type Result struct {
	// Score is the combined sentiment in [-1, 1]; 0 is neutral. Its scale
	// follows the mean human rating of VADER's data sets divided by 4, so
	// ±0.25 is a rating of ±1 on the −4..+4 scale.
	Score float64
	// Label is LabelNegative, LabelNeutral or LabelPositive: neutral when
	// |Score| is below the trained neutral threshold.
	Label string
	// Lexicon and Bayes are each component's own score in [-1, 1].
	Lexicon, Bayes float64
}

//go:embed combine.json
var combineJSON []byte

// Model scores sentiment with a lexicon scorer and a naive Bayes scorer
// combined by trained weights. It is safe for concurrent use.
type Model struct {
	lex     *lexicon
	nb      *bayes
	tz      tokenizer
	comb    Combination
	target  *Target
	version string
	ids     map[string]string
	pool    sync.Pool
}

var (
	defaultOnce  sync.Once
	defaultModel *Model
	defaultErr   error
)

// Default returns the model built from the embedded lexicons, the
// cdipaolo/sentiment counts (bayes_counts.tsv) and the embedded
// combine.json and target.json. It is built once and shared; it is safe
// for concurrent use.
func Default() (*Model, error) {
	defaultOnce.Do(func() {
		c, err := ParseCombination(combineJSON)
		if err != nil {
			defaultErr = fmt.Errorf("sentiment: combine.json: %w", err)
			return
		}
		t, err := ParseTarget(targetJSON)
		if err != nil {
			defaultErr = fmt.Errorf("sentiment: target.json: %w", err)
			return
		}
		defaultModel, defaultErr = New(c, t)
	})
	return defaultModel, defaultErr
}

// New builds a model with the given combination and target model (nil:
// ScoreSpan falls back to the distance-weighted window score). Use it to
// evaluate freshly fitted parameters; Default is the shipped model.
func New(c Combination, t *Target) (*Model, error) {
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("sentiment: %w", err)
	}
	sup, err := data.FS.ReadFile(SupplementPath)
	if err != nil {
		return nil, fmt.Errorf("sentiment: %w", err)
	}
	lx, err := newLexicon(sup, "data/"+SupplementPath)
	if err != nil {
		return nil, fmt.Errorf("sentiment: %w", err)
	}
	nb, err := parseBayes(bayesCounts, "models/sentiment/bayes_counts.tsv")
	if err != nil {
		return nil, fmt.Errorf("sentiment: %w", err)
	}
	m := &Model{lex: lx, nb: nb, comb: c, target: t}
	m.tz = tokenizer{
		emoticon: func(s string) bool {
			_, ok := lx.emoticons[s]
			return ok
		},
		emoji: func(r rune) bool {
			_, ok := lx.emoji[string(r)]
			return ok
		},
	}
	m.pool.New = func() any { return new(analysis) }
	h := sha256.Sum256(sup)
	cj, _ := c.Encode()
	tj := []byte("none")
	if t != nil {
		tj, _ = t.Encode()
	}
	m.ids = map[string]string{"lexicon": short(h[:]), "bayes": shortOf(bayesCounts), "combine": shortOf(cj), "target": shortOf(tj)}
	m.version = fmt.Sprintf("sentiment/%d lexicon:%s bayes:%s combine:%s target:%s",
		formatVersion, m.ids["lexicon"], m.ids["bayes"], m.ids["combine"], m.ids["target"])
	return m, nil
}

func short(b []byte) string { return hex.EncodeToString(b)[:12] }

func shortOf(b []byte) string {
	s := sha256.Sum256(b)
	return short(s[:])
}

// Version identifies the model: format, and checksums of the lexicon
// supplement, the Bayes counts, the combination and the target model.
// Record it with every output.
func (m *Model) Version() string { return m.version }

// ID returns the checksum Version shows for one part of the model:
// "lexicon" (the supplement), "bayes" (bayes_counts.tsv), "combine" or
// "target"; "" for another part.
func (m *Model) ID(part string) string { return m.ids[part] }

// Combination returns the model's combination parameters.
func (m *Model) Combination() Combination { return m.comb }

func (m *Model) analyze(text string) *analysis {
	a := m.pool.Get().(*analysis)
	a.reset()
	a.toks = m.tz.tokenize(a.toks, text)
	a.structure()
	m.lex.valences(a)
	m.nb.evidence(a)
	return a
}

func (m *Model) release(a *analysis) {
	if cap(a.toks) > 1<<16 { // don't keep huge buffers alive
		return
	}
	m.pool.Put(a)
}

// Evidence is the raw evidence of each component for one text, before
// normalisation: what Fit needs.
type Evidence struct {
	// Valence is S, the sum of modified word valences (VADER's −4..+4
	// scale) plus punctuation emphasis, over the text.
	Valence float64
	// Words is n, the number of word tokens.
	Words int
	// LLR is the sum of the Bayes log-likelihood ratios of known words.
	LLR float64
	// Known is k, the number of words the Bayes model knows.
	Known int
}

// Evidence returns the raw component evidence of text.
func (m *Model) Evidence(text string) Evidence {
	a := m.analyze(text)
	defer m.release(a)
	return a.evidence(0, len(a.words), nil)
}

// evidence sums the evidence over words [from, to), each word scaled by
// weight(i) when weight is not nil. Punctuation emphasis (VADER: 0.292 per
// '!' up to 4; 0.18 per '?' when two or three, 0.96 for more) is added, in
// the direction of its sentence's valence, for sentences wholly inside the
// range.
func (a *analysis) evidence(from, to int, weight func(i int) float64) Evidence {
	var e Evidence
	for _, s := range a.sents {
		if s.to <= from || s.from >= to {
			continue
		}
		lo, hi := max(s.from, from), min(s.to, to)
		var sv float64
		for i := lo; i < hi; i++ {
			w := a.words[i]
			f := 1.0
			if weight != nil {
				f = weight(i)
			}
			sv += f * w.val
			if a.toks[w.tok].kind == kindWord {
				e.Words++
			}
			if w.known {
				e.LLR += f * w.llr
				e.Known++
			}
		}
		if lo == s.from && hi == s.to && sv != 0 {
			ep := math.Min(float64(s.exclaim), maxExclaim) * exclaimIncr
			if s.quest > 1 {
				ep += math.Min(float64(s.quest)*questIncr, maxQuest)
			}
			sv += math.Copysign(ep, sv)
		}
		e.Valence += sv
	}
	return e
}

// Score returns the sentiment of text (a sentence, a claim or a
// paragraph). It never panics; empty or wordless text scores 0, neutral.
func (m *Model) Score(text string) Result {
	return m.comb.result(m.Evidence(text))
}
