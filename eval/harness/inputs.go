package harness

import (
	"github.com/slant-project/slant/models/stance"
	"github.com/slant-project/slant/models/target"
	"github.com/slant-project/slant/pipeline/article"
)

// goldInputs returns, for each unit of idx, the model input made from the
// gold row itself: its text, voice, speaker side and section, with the
// target carried over from the previous unit of the same article and
// section in text order (as stance.ReadLabels does for training); units
// without an article get the target of their own text.
func goldInputs(units []Unit, idx []int, det *target.Detector) []stance.Input {
	pos := make(map[int]int, len(idx))
	sub := make([]Unit, len(idx))
	for j, i := range idx {
		pos[i] = j
		sub[j] = units[i]
	}
	out := make([]stance.Input, len(idx))
	var tr *target.Tracker
	prev := "\x00"
	for _, j := range unitOrder(sub) {
		u := &sub[j]
		in := stance.Input{Text: u.Text, Voice: article.Voice(u.Voice), SpeakerSide: article.Side(u.SpeakerSide),
			Section: article.Section(u.Section)}
		var r target.Result
		if u.ArticleID == "" {
			r = det.One(u.Text)
		} else {
			if k := u.ArticleID + "\x00" + u.Section; k != prev || tr == nil {
				tr, prev = det.Tracker(), k
			}
			r = tr.Next(u.Text)
		}
		in.Target = &r
		out[j] = in
	}
	return out
}

// claimInputs returns the model input of every claim of a, as the score
// stage builds it: the claim's text, WordPiece tokens, voice and speaker
// side from attribution, and the target carried over from claim to claim
// within a section or comment.
func claimInputs(a *article.Article, det *target.Detector) []stance.Input {
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
