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
