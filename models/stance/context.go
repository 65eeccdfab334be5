package stance

import (
	"math"

	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/profile"
)

// shortWords is the most words a claim may have to count as short.
const shortWords = 6

// leadWords are first words that make a claim lean on the one before it:
// pronouns, demonstratives and connectives.
var leadWords = map[string]bool{
	"it": true, "its": true, "this": true, "that": true, "these": true, "those": true,
	"they": true, "them": true, "their": true, "he": true, "his": true, "she": true, "her": true,
	"and": true, "but": true, "or": true, "so": true, "yet": true, "nor": true, "hence": true,
	"thus": true, "which": true, "such": true, "also": true, "still": true, "even": true,
}

// contextFeatures returns the combined classifier's features from the
// previous claim (none when prev is nil). With the previous claim's
// signal leans
//
//	cue = tanh(Cues.Direction()), ts = Polarity.Direction(), spk = Speaker
//
// (each toward pro_jdc, in [−1, 1]) it emits "ctx:cue", "ctx:ts" and
// "ctx:spk" with those values, and the same three again, suffixed
// "|g", for each gate g that holds for the current claim:
//
//	short:    at most six words;
//	implicit: no explicit (non-carried) gov or jdc mention;
//	lead:     the first word is a pronoun, demonstrative or connective;
//	flat:     the claim's own cue, target-sentiment and speaker leans are all 0.
//
// A gate that holds is also emitted alone ("ctx|g" = 1). When fp (the
// previous claim's first-pass probabilities p(pro_gov), p(neutral),
// p(pro_jdc)) is given, "ctx:fp" = fp[2] − fp[0] and "ctx:fpn" = fp[1]
// join the leans, gated the same way.
func contextFeatures(in Input, sig Signals, prev *Signals, fp []float64) []Feature {
	if prev == nil {
		return nil
	}
	lean := []float64{math.Tanh(prev.Cues.Direction()), prev.Polarity.Direction(), prev.Speaker}
	names := []string{"ctx:cue", "ctx:ts", "ctx:spk"}
	if len(fp) == 3 {
		lean = append(lean, fp[2]-fp[0], fp[1])
		names = append(names, "ctx:fp", "ctx:fpn")
	}
	f := make([]Feature, 0, 5*len(names)+4)
	for i, n := range names {
		f = append(f, Feature{n, lean[i]})
	}
	for _, g := range gates(in, sig) {
		f = append(f, Feature{"ctx|" + g, 1})
		for i, n := range names {
			f = append(f, Feature{n + "|" + g, lean[i]})
		}
	}
	return f
}

// gates lists the context gates that hold for a claim (see contextFeatures).
func gates(in Input, sig Signals) []string {
	var g []string
	ws := profile.Words(in.Text)
	if len(ws) <= shortWords {
		g = append(g, "short")
	}
	explicit := false
	for _, m := range sig.Target.Mentions {
		if !m.Carried && (m.Side == article.SideGov || m.Side == article.SideJDC) {
			explicit = true
			break
		}
	}
	if !explicit {
		g = append(g, "implicit")
	}
	if len(ws) > 0 && leadWords[ws[0].Key] {
		g = append(g, "lead")
	}
	if sig.Cues.Direction() == 0 && sig.Polarity.Direction() == 0 && sig.Speaker == 0 {
		g = append(g, "flat")
	}
	return g
}
