// Package stance scores a claim's stance in a two-sided dispute — pro_gov,
// neutral or pro_jdc, with calibrated probabilities — by combining four
// signals:
//
//	(a) speaker: the quoted or reported speaker's side (voice × side);
//	(b) target sentiment: word valence near each mention of a side
//	    (negation and "but"-contrast aware), times that side: criticism of
//	    the government side or praise of the JDC side leans pro_jdc, and
//	    the reverse leans pro_gov (Lexicon.Directed);
//	(c) cues: the profile's cue words and framings with their weights
//	    (negated cues count for the other side; Cues);
//	(d) a multinomial logistic regression over hashed word uni/bigrams and
//	    WordPiece tokens, which also takes (a)–(c) as features.
//
// The regression (Classifier) is generic over the label set and trains on
// any text examples; the profile-specific signals are optional extra
// features. The combined model is the one used for scoring; the model also
// carries one classifier per signal alone (Predictor) for ablations.
//
// Optionally (FeatureConfig.Context, off in DefaultFeatures) the combined
// regression also sees the previous claim of the same section or comment
// (Input.Prev): its signal leans and, with ContextFirstPass, its
// context-free first-pass probabilities, gated by whether the claim is
// short, has no explicit side mention, opens with a pronoun or
// connective, or has no signal of its own.
//
// stance_score = p(pro_jdc) − p(pro_gov).
package stance

import (
	"fmt"
	"math"
	"strings"

	"github.com/slant-project/slant/models/target"
	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/profile"
)

// Signal names one predictor of the model.
type Signal string

// Signals. Combined is the model's own prediction; the others use one
// signal alone (a classifier trained on that signal's features only).
const (
	SignalSpeaker         Signal = "speaker"          // (a) speaker side only
	SignalTargetSentiment Signal = "target_sentiment" // (b) target-directed sentiment only
	SignalCues            Signal = "cues"             // (c) cue words only
	SignalRegression      Signal = "regression"       // (d) n-gram regression only
	SignalCombined        Signal = "combined"         // everything

	// SignalFirstPass is the combined model without context, kept by
	// models trained with ContextFirstPass to score the previous claim.
	SignalFirstPass Signal = "first_pass"
)

// AllSignals lists the predictors in report order.
var AllSignals = []Signal{SignalSpeaker, SignalTargetSentiment, SignalCues, SignalRegression, SignalCombined}

// Encoder splits text into WordPiece tokens (pipeline/tokenize.Tokenizer
// satisfies it).
type Encoder interface {
	Encode(text string) ([]article.Token, error)
}

// Input is one claim to score.
type Input struct {
	Text string
	// Pieces are the claim's WordPiece token values; when nil and the
	// model has an Encoder, the model encodes Text itself.
	Pieces      []string
	Voice       article.Voice // author, quote or reported ("" = author)
	SpeakerSide article.Side  // gov, jdc, other or none ("" = none)
	Section     article.Section
	// Target is the claim's target with carry-over from the claims before
	// it (target.Tracker); nil means "detect on Text alone".
	Target *target.Result
	// Prev is the claim just before this one in the same section or
	// reader comment; nil means none (the first claim, or an isolated
	// sentence). Only a model trained with FeatureConfig.Context uses it.
	Prev *Context
}

// Context is the claim before the one being scored, as the model sees it:
// its text, speaker and target (with carry-over; nil → detected on Text
// alone).
type Context struct {
	Text        string
	Pieces      []string // WordPiece values; nil → encoded when needed
	Voice       article.Voice
	SpeakerSide article.Side
	Target      *target.Result
}

// Prediction is the model's output for one claim.
type Prediction struct {
	Stance article.Stance
	P      [3]float64 // p(pro_gov), p(neutral), p(pro_jdc)
	Score  float64    // P[2] − P[0]
	Target article.Side
}

// Predictor predicts stance for one input.
type Predictor interface {
	Predict(in Input) Prediction
}

// Signals are the raw values of the hand-built signals for one claim.
type Signals struct {
	Target   target.Result
	Speaker  float64 // +1 a jdc speaker quoted/reported, −1 a gov one, 0 otherwise
	Polarity Polarity
	Cues     CueHits
}

// Model is a trained stance model bound to a profile. It is immutable and
// safe for concurrent use.
type Model struct {
	prof *profile.Profile
	det  *target.Detector
	lex  *Lexicon
	enc  Encoder
	clf  map[Signal]*Classifier
	meta Meta
}

// Meta describes a trained model.
type Meta struct {
	Version  string            `json:"version"`  // "stance-" + first 12 hex of the weights' SHA-256
	Created  string            `json:"created"`  // training date (UTC, RFC 3339)
	Profile  string            `json:"profile"`  // profile VersionString at training
	Lexicon  string            `json:"lexicon"`  // Lexicon.Checksum at training
	Encoder  string            `json:"encoder"`  // WordPiece encoder used ("" = none)
	Training map[string]string `json:"training"` // free-form training facts (files, counts, CV figures)
}

// Version returns the model's version string.
func (m *Model) Version() string { return m.meta.Version }

// Meta returns the model's description.
func (m *Model) Meta() Meta { return m.meta }

// Profile returns the profile the model scores with.
func (m *Model) Profile() *profile.Profile { return m.prof }

// Detector returns the model's target detector (for carry-over tracking).
func (m *Model) Detector() *target.Detector { return m.det }

// Classifier returns the classifier behind a signal, or nil.
func (m *Model) Classifier(s Signal) *Classifier { return m.clf[s] }

// WithEncoder returns a copy of m that encodes inputs without Pieces.
func (m *Model) WithEncoder(e Encoder) *Model {
	c := *m
	c.enc = e
	return &c
}

// Predict scores one claim with the combined model.
func (m *Model) Predict(in Input) Prediction { return m.predict(SignalCombined, in) }

// Predictor returns the predictor of one signal.
func (m *Model) Predictor(s Signal) (Predictor, error) {
	if m.clf[s] == nil {
		return nil, fmt.Errorf("stance model %s: no %q predictor", m.meta.Version, s)
	}
	return signalPredictor{m, s}, nil
}

type signalPredictor struct {
	m *Model
	s Signal
}

func (p signalPredictor) Predict(in Input) Prediction { return p.m.predict(p.s, in) }

// PredictSequence scores claims that follow one another (one section or
// comment), carrying targets over from claim to claim and giving each
// claim the one before it as Prev; inputs with Target or Prev set keep
// them.
func (m *Model) PredictSequence(ins []Input) []Prediction {
	tr := m.det.Tracker()
	out := make([]Prediction, len(ins))
	var prev *Context
	for i, in := range ins {
		r := tr.Next(in.Text)
		if in.Target == nil {
			in.Target = &r
		}
		if in.Prev == nil {
			in.Prev = prev
		}
		out[i] = m.Predict(in)
		prev = &Context{Text: in.Text, Pieces: in.Pieces, Voice: in.Voice, SpeakerSide: in.SpeakerSide, Target: in.Target}
	}
	return out
}

func (m *Model) predict(s Signal, in Input) Prediction {
	c := m.clf[s]
	ex, sig := m.example(in, s)
	p := c.Probs(ex.Text, ex.Pieces, ex.Extra)
	var out Prediction
	copy(out.P[:], p)
	out.Score = out.P[2] - out.P[0]
	out.Stance = article.Stances[argmax(out.P[:])]
	out.Target = sig.Target.Side
	return out
}

// Signals computes the hand-built signals of one claim.
func (m *Model) Signals(in Input) Signals {
	var s Signals
	if in.Target != nil {
		s.Target = *in.Target
	} else {
		s.Target = m.det.One(in.Text)
	}
	if in.Voice == article.VoiceQuote || in.Voice == article.VoiceReported {
		switch in.SpeakerSide {
		case article.SideGov:
			s.Speaker = -1
		case article.SideJDC:
			s.Speaker = 1
		}
	}
	s.Polarity = m.lex.Directed(in.Text, s.Target.Mentions)
	s.Cues = Cues(m.prof, in.Text)
	return s
}

// example builds the classifier input of one claim for one signal's
// feature set.
func (m *Model) example(in Input, s Signal) (Example, Signals) {
	sig := m.Signals(in)
	ex := Example{Text: in.Text, Pieces: in.Pieces}
	c := m.clf[s]
	if c != nil && c.features.Pieces && ex.Pieces == nil && m.enc != nil {
		ex.Pieces = encode(m.enc, in.Text)
	}
	ex.Extra = signalFeatures(s, in, sig)
	if s == SignalCombined && c != nil && c.features.Context != ContextOff && c.features.Extra && in.Prev != nil {
		pin := in.Prev.input(in.Section)
		psig := m.Signals(pin)
		var fp []float64
		if fc := m.clf[SignalFirstPass]; c.features.Context == ContextFirstPass && fc != nil {
			if fc.features.Pieces && pin.Pieces == nil && m.enc != nil {
				pin.Pieces = encode(m.enc, pin.Text)
			}
			fp = fc.Probs(pin.Text, pin.Pieces, signalFeatures(SignalCombined, pin, psig))
		}
		ex.Extra = append(ex.Extra, contextFeatures(in, sig, &psig, fp)...)
	}
	return ex, sig
}

// input returns the previous claim as an Input in section sec.
func (p *Context) input(sec article.Section) Input {
	return Input{Text: p.Text, Pieces: p.Pieces, Voice: p.Voice, SpeakerSide: p.SpeakerSide, Section: sec, Target: p.Target}
}

func encode(e Encoder, text string) []string {
	toks, err := e.Encode(text)
	if err != nil {
		return nil
	}
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Value
	}
	return out
}

// signalFeatures returns the extra features a signal's classifier sees.
func signalFeatures(s Signal, in Input, sig Signals) []Feature {
	var f []Feature
	if s == SignalSpeaker || s == SignalCombined {
		f = append(f, speakerFeatures(in, sig)...)
	}
	if s == SignalTargetSentiment || s == SignalCombined {
		f = append(f, polarityFeatures(sig)...)
	}
	if s == SignalCues || s == SignalCombined {
		f = append(f, cueFeatures(sig)...)
	}
	if s == SignalCombined {
		if strings.HasSuffix(strings.TrimRight(in.Text, " \t\n\"'”’)"), "?") {
			f = append(f, Feature{"question", 1})
		}
		if in.Section == article.SectionComment {
			f = append(f, Feature{"comment", 1})
		}
	}
	return f
}

func speakerFeatures(in Input, sig Signals) []Feature {
	v := in.Voice
	if v == "" {
		v = article.VoiceAuthor
	}
	side := in.SpeakerSide
	if side == "" {
		side = article.SideNone
	}
	if v == article.VoiceAuthor {
		return []Feature{{"spk:author", 1}}
	}
	return []Feature{{"spk:" + string(v) + ":" + string(side), 1}, {"spk:" + string(side), 1}, {"spk_dir", sig.Speaker}}
}

func polarityFeatures(sig Signals) []Feature {
	p := sig.Polarity
	t := math.Tanh
	return []Feature{
		{"tgt:" + string(sig.Target.Side), 1},
		{"ts:gov+", t(p.GovPos)}, {"ts:gov-", t(p.GovNeg)},
		{"ts:jdc+", t(p.JDCPos)}, {"ts:jdc-", t(p.JDCNeg)},
		{"ts_dir", p.Direction()},
		{"st:gov", t(p.StateGov)}, {"st:jdc", t(p.StateJDC)},
		{"sent+", t(p.Pos)}, {"sent-", t(p.Neg)},
	}
}

func cueFeatures(sig Signals) []Feature {
	c := sig.Cues
	f := []Feature{{"cue:gov", math.Tanh(c.Gov)}, {"cue:jdc", math.Tanh(c.JDC)}, {"cue_dir", math.Tanh(c.Direction())}}
	for _, ph := range c.Phrases {
		f = append(f, Feature{"cue=" + ph, 1})
	}
	return f
}
