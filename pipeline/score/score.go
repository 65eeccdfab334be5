// Package score is the pipeline stage that scores every claim of an
// article: stance (with probabilities and stance_score = p(pro_jdc) −
// p(pro_gov)), sentiment, and target side.
//
// Targets carry over from claim to claim in article order within one
// section, and within one reader comment; the context restarts at each
// section or comment boundary.
package score

import (
	"context"
	"errors"
	"fmt"

	"github.com/slant-project/slant/models/sentiment"
	"github.com/slant-project/slant/models/stance"
	"github.com/slant-project/slant/models/target"
	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/profile"
)

// Sentiment scores a text's overall sentiment (*sentiment.Model satisfies it).
type Sentiment interface {
	Score(text string) sentiment.Result
	Version() string
}

// Processor sets Claim.Score on every claim. It holds only read-only
// models and is safe for concurrent use across articles.
type Processor struct {
	st      *stance.Model
	se      Sentiment
	version string
}

// New returns the scoring stage. p is the profile the stance model scores
// with (st is used as given when p is nil or is st's own profile; otherwise
// it must be the same profile version).
func New(p *profile.Profile, st *stance.Model, se Sentiment) (*Processor, error) {
	if st == nil || se == nil {
		return nil, errors.New("score: need a stance and a sentiment model")
	}
	if p != nil && p != st.Profile() && p.VersionString() != st.Profile().VersionString() {
		return nil, fmt.Errorf("score: stance model bound to profile %s, not %s", st.Profile().VersionString(), p.VersionString())
	}
	return &Processor{st: st, se: se, version: st.Version() + "+" + se.Version()}, nil
}

// Version is the model string written into every Score.
func (s *Processor) Version() string { return s.version }

// Process scores every claim of a in place (see the package comment for
// the carry-over order). Claims keep their own order; tokens, when
// present, give the stance model its WordPiece features.
func (s *Processor) Process(ctx context.Context, a *article.Article) error {
	ins := Inputs(a, s.st.Detector())
	for i := range a.Claims {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("score %s: %w", a.ID, err)
			}
		}
		c := &a.Claims[i]
		pr := s.st.Predict(ins[i])
		sr := s.se.Score(c.Text)
		c.Score = &article.Score{Stance: pr.Stance, P: pr.P, StanceScore: pr.Score, Sentiment: sr.Score,
			SentimentLabel: sr.Label, TargetSide: pr.Target, Model: s.version}
	}
	return nil
}

// Inputs returns the stance model's input for every claim of a, in claim
// order: the claim's text, WordPiece tokens, voice and speaker side from
// attribution, and its target with carry-over from the claims before it
// within one section or reader comment (the tracker restarts at each
// boundary). The evaluation harness uses it too, so that what is
// evaluated is exactly what the stage scores.
func Inputs(a *article.Article, det *target.Detector) []stance.Input {
	out := make([]stance.Input, len(a.Claims))
	tr := det.Tracker()
	type place struct {
		section article.Section
		comment int
	}
	prev := place{section: "\x00"}
	for i := range a.Claims {
		c := &a.Claims[i]
		if here := (place{c.Section, c.Comment}); here != prev {
			tr.Reset()
			prev = here
		}
		t := tr.Next(c.Text)
		var pieces []string
		if len(c.Tokens) > 0 {
			pieces = make([]string, len(c.Tokens))
			for j, tok := range c.Tokens {
				pieces[j] = tok.Value
			}
		}
		out[i] = stance.Input{Text: c.Text, Pieces: pieces, Voice: c.Voice, SpeakerSide: c.SpeakerSide, Section: c.Section, Target: &t}
	}
	return out
}
