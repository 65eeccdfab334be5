package sentiment

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
)

// formatVersion is the version of combine.json and target.json.
const formatVersion = 1

// Combination holds the trained parameters (combine.json) that turn
// Evidence into a Result:
//
//	zL = S / √(n + LexiconPrior)      Lexicon = tanh(zL / LexiconScale)
//	zB = LLR / (k + BayesPrior)       Bayes   = tanh(zB / BayesScale)
//	Score = tanh(Gain · (WLexicon·zL/LexiconScale + WBayes·zB/BayesScale))
//	Label = neutral if |Score| < Neutral, else the sign of Score
//
// Dividing the lexicon sum by √n (not VADER's S/√(S²+15)) keeps long
// sentences from saturating: one strong word in a 30-word sentence counts
// less than in a 5-word one, and many weak words do not pile up to ±1.
// The Bayes mean over known words is the naive Bayes log-odds per word,
// shrunk towards 0 for short texts by BayesPrior. The Bayes model has no
// neutral class: a score near 0 means its positive and negative evidence
// balance (or that it knows few words), which is how it says "neutral".
type Combination struct {
	Format       int        `json:"format"`
	LexiconPrior float64    `json:"lexicon_prior_words"`
	BayesPrior   float64    `json:"bayes_prior_words"`
	LexiconScale float64    `json:"lexicon_scale"`
	BayesScale   float64    `json:"bayes_scale"`
	WLexicon     float64    `json:"w_lexicon"`
	WBayes       float64    `json:"w_bayes"`
	Gain         float64    `json:"gain"`
	Neutral      float64    `json:"neutral"`
	Provenance   Provenance `json:"provenance"`
}

// Provenance records how an artefact was made.
type Provenance struct {
	Command string    `json:"command"`
	Method  string    `json:"method"`
	Files   []FileSum `json:"files"`
	// Fit holds figures on the fitting data (per-set Pearson r, F1…).
	Fit     map[string]float64 `json:"fit,omitempty"`
	Bayes   string             `json:"bayes"`
	Lexicon string             `json:"lexicon"`
	// Uses names another artefact this one was made with (target.json
	// records the combine.json its features came from).
	Uses string `json:"uses,omitempty"`
}

// FileSum names a data file an artefact was made from, with its
// checksum and role ("fit", "neutral-threshold", "train").
type FileSum struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Lines  int    `json:"lines"`
	Role   string `json:"role"`
}

// ParseCombination decodes combine.json and checks it.
func ParseCombination(b []byte) (Combination, error) {
	var c Combination
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&c); err != nil {
		return Combination{}, fmt.Errorf("parse combination: %w", err)
	}
	if err := c.validate(); err != nil {
		return Combination{}, err
	}
	return c, nil
}

// Encode returns the indented JSON form of c.
func (c Combination) Encode() ([]byte, error) {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

func (c Combination) validate() error {
	finite := func(xs ...float64) bool {
		for _, x := range xs {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return false
			}
		}
		return true
	}
	switch {
	case c.Format != formatVersion:
		return fmt.Errorf("combination format %d, want %d", c.Format, formatVersion)
	case !finite(c.LexiconPrior, c.BayesPrior, c.LexiconScale, c.BayesScale, c.WLexicon, c.WBayes, c.Gain, c.Neutral):
		return errors.New("combination has a non-finite parameter")
	case c.LexiconScale <= 0 || c.BayesScale <= 0 || c.Gain <= 0:
		return errors.New("combination scales and gain must be positive")
	case c.LexiconPrior < 0 || c.BayesPrior < 0 || c.Neutral < 0 || c.Neutral >= 1:
		return errors.New("combination priors and neutral threshold out of range")
	case c.WLexicon < 0 || c.WBayes < 0 || c.WLexicon+c.WBayes == 0:
		return errors.New("combination weights must be non-negative, not both 0")
	}
	return nil
}

// z returns the normalised component evidence zL/LexiconScale and
// zB/BayesScale.
func (c Combination) z(e Evidence) (lex, nb float64) {
	lex = e.Valence / math.Sqrt(math.Max(float64(e.Words)+c.LexiconPrior, 1)) / c.LexiconScale
	nb = e.LLR / math.Max(float64(e.Known)+c.BayesPrior, 1) / c.BayesScale
	return lex, nb
}

func (c Combination) result(e Evidence) Result {
	zl, zb := c.z(e)
	s := math.Tanh(c.Gain * (c.WLexicon*zl + c.WBayes*zb))
	return Result{Score: s, Label: c.label(s), Lexicon: math.Tanh(zl), Bayes: math.Tanh(zb)}
}

func (c Combination) label(s float64) string {
	switch {
	case s >= c.Neutral && s > 0:
		return LabelPositive
	case s <= -c.Neutral && s < 0:
		return LabelNegative
	}
	return LabelNeutral
}
