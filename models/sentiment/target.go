package sentiment

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/optimize"
)

//go:embed target.json
var targetJSON []byte

// TargetFeatureNames names the features of TargetFeatures, in order.
var TargetFeatureNames = []string{
	"sentence_lexicon", // zL' of the whole text
	"sentence_bayes",   // zB' of the whole text
	"clause_lexicon",   // zL' of the mention's clause(s), mention excluded
	"near3_lexicon",    // Σ val·e^(−d/3), mention excluded, / LexiconScale
	"near8_lexicon",    // Σ val·e^(−d/8), mention excluded, / LexiconScale
	"left_lexicon",     // Σ val of the 5 words before the mention / LexiconScale
	"right_lexicon",    // Σ val of the 5 words after the mention / LexiconScale
	"mention_lexicon",  // Σ val of the mention's own words / LexiconScale
	"near5_bayes",      // Σ llr·e^(−d/5) / Σ e^(−d/5), known words, / BayesScale
	"abs_sentence_lexicon",
	"abs_near3_lexicon",
	"positive_mass",  // Σ max(val, 0) / √(n+n₀) / LexiconScale
	"negative_mass",  // Σ min(val, 0) / √(n+n₀) / LexiconScale
	"position",       // index of the mention's first word / number of words
	"quoted",         // 1 if an odd number of '"' precede the mention
	"words",          // log(1 + number of words)
	"near3_positive", // Σ max(val, 0)·e^(−d/3), mention excluded, / LexiconScale
	"near3_negative", // Σ min(val, 0)·e^(−d/3), mention excluded, / LexiconScale
	"clause_bayes",   // zB' of the mention's clause(s), mention excluded
}

// Target is the target-dependent sentiment model (target.json): a
// multinomial logistic regression over TargetFeatures (standardised with
// Mean and Std), classes negative, neutral, positive:
//
//	P(c | x) = exp(W_c·x̃ + b_c) / Σ_c' exp(W_c'·x̃ + b_c'),  x̃_i = (x_i − Mean_i) / Std_i
type Target struct {
	Format     int         `json:"format"`
	Features   []string    `json:"features"`
	Classes    []string    `json:"classes"`
	Mean       []float64   `json:"mean"`
	Std        []float64   `json:"std"`
	Weights    [][]float64 `json:"weights"` // per class: len(Features) weights, then the bias
	L2         float64     `json:"l2"`
	Provenance Provenance  `json:"provenance"`
}

// ParseTarget decodes target.json and checks it against the feature list.
func ParseTarget(b []byte) (*Target, error) {
	var t Target
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&t); err != nil {
		return nil, fmt.Errorf("parse target model: %w", err)
	}
	if err := t.validate(); err != nil {
		return nil, err
	}
	return &t, nil
}

// Encode returns the indented JSON form of t.
func (t *Target) Encode() ([]byte, error) {
	b, err := json.MarshalIndent(t, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

func (t *Target) validate() error {
	nf := len(TargetFeatureNames)
	if t.Format != formatVersion {
		return fmt.Errorf("target model format %d, want %d", t.Format, formatVersion)
	}
	if len(t.Features) != nf || len(t.Mean) != nf || len(t.Std) != nf || len(t.Weights) != 3 || len(t.Classes) != 3 {
		return fmt.Errorf("target model has %d features, %d classes; want %d, 3", len(t.Features), len(t.Weights), nf)
	}
	for i, f := range t.Features {
		if f != TargetFeatureNames[i] {
			return fmt.Errorf("target model feature %d is %q, want %q", i, f, TargetFeatureNames[i])
		}
		if !(t.Std[i] > 0) || math.IsInf(t.Std[i], 0) || math.IsNaN(t.Mean[i]) {
			return fmt.Errorf("target model feature %q has a bad mean or std", f)
		}
	}
	want := []string{LabelNegative, LabelNeutral, LabelPositive}
	for c, w := range t.Weights {
		if t.Classes[c] != want[c] {
			return fmt.Errorf("target model class %d is %q, want %q", c, t.Classes[c], want[c])
		}
		if len(w) != nf+1 {
			return fmt.Errorf("target model class %s has %d weights, want %d", t.Classes[c], len(w), nf+1)
		}
		for _, v := range w {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return errors.New("target model has a non-finite weight")
			}
		}
	}
	return nil
}

// Probabilities returns P(negative), P(neutral), P(positive) for features
// x (as TargetFeatures returns them).
func (t *Target) Probabilities(x []float64) [3]float64 {
	var logit [3]float64
	if t == nil || len(t.Weights) != 3 {
		return softmax3(logit) // no model: uniform
	}
	nf := len(t.Mean)
	for c := range 3 {
		w := t.Weights[c]
		s := w[nf]
		for i := 0; i < nf && i < len(x); i++ {
			s += w[i] * (x[i] - t.Mean[i]) / t.Std[i]
		}
		logit[c] = s
	}
	return softmax3(logit)
}

func softmax3(l [3]float64) [3]float64 {
	m := math.Max(l[0], math.Max(l[1], l[2]))
	var p [3]float64
	var z float64
	for c := range 3 {
		p[c] = math.Exp(l[c] - m)
		z += p[c]
	}
	for c := range 3 {
		p[c] /= z
	}
	return p
}

// TargetFeatures returns the features of the sentiment expressed towards
// the mention text[start:end] (byte offsets, as everywhere in slant) in
// text, named by TargetFeatureNames. ok is false when no word of text lies
// in [start, end) (then the features are those of the whole text with the
// mention at its start).
func (m *Model) TargetFeatures(text string, start, end int) (x []float64, ok bool) {
	a := m.analyze(text)
	defer m.release(a)
	x, ok = m.targetFeatures(a, start, end)
	return x, ok
}

func (m *Model) targetFeatures(a *analysis, start, end int) ([]float64, bool) {
	c := m.comb
	nw := len(a.words)
	ms, me := -1, -1
	for i, w := range a.words {
		t := a.toks[w.tok]
		if t.end > start && t.start < end {
			if ms < 0 {
				ms = i
			}
			me = i + 1
		}
	}
	ok := ms >= 0
	if !ok {
		ms, me = 0, 0
	}
	dist := func(i int) float64 {
		switch {
		case i < ms:
			return float64(ms - i)
		case i >= me:
			return float64(i - me + 1)
		}
		return 0
	}
	outside := func(i int) bool { return i < ms || i >= me }

	x := make([]float64, len(TargetFeatureNames))
	whole := a.evidence(0, nw, nil)
	x[0], x[1] = c.z(whole)

	// Clause(s) of the mention, mention words excluded.
	var cl Evidence
	if ok {
		c0, c1 := a.words[ms].clause, a.words[me-1].clause
		lo, hi := ms, me
		for lo > 0 && a.words[lo-1].clause >= c0 {
			lo--
		}
		for hi < nw && a.words[hi].clause <= c1 {
			hi++
		}
		cl = a.evidence(lo, hi, func(i int) float64 {
			if outside(i) {
				return 1
			}
			return 0
		})
	}
	x[2], x[18] = c.z(cl)

	var near3, near8, left, right, own, pos, neg, bw, bsum, np, nn float64
	quotes := 0
	for i, w := range a.words {
		d := dist(i)
		if outside(i) {
			k3 := math.Exp(-d / 3)
			near3 += w.val * k3
			if w.val > 0 {
				np += w.val * k3
			} else {
				nn += w.val * k3
			}
			near8 += w.val * math.Exp(-d/8)
			if w.known {
				k := math.Exp(-d / 5)
				bsum += k * w.llr
				bw += k
			}
			if i < ms && d <= 5 {
				left += w.val
			}
			if i >= me && d <= 5 {
				right += w.val
			}
		} else {
			own += w.val
		}
		if w.val > 0 {
			pos += w.val
		} else {
			neg += w.val
		}
	}
	if ok {
		for ti := 0; ti < a.words[ms].tok; ti++ {
			if t := a.toks[ti]; t.kind == kindPunct && t.key == `"` {
				quotes++
			}
		}
	}
	ls := c.LexiconScale
	norm := math.Sqrt(math.Max(float64(whole.Words)+c.LexiconPrior, 1))
	x[3] = near3 / ls
	x[4] = near8 / ls
	x[5] = left / ls
	x[6] = right / ls
	x[7] = own / ls
	if bw > 0 {
		x[8] = bsum / (bw + c.BayesPrior) / c.BayesScale
	}
	x[9] = math.Abs(x[0])
	x[10] = math.Abs(x[3])
	x[11] = pos / norm / ls
	x[12] = neg / norm / ls
	if nw > 0 {
		x[13] = float64(ms) / float64(nw)
	}
	if quotes%2 == 1 {
		x[14] = 1
	}
	x[15] = math.Log1p(float64(nw))
	x[16] = np / ls
	x[17] = nn / ls
	return x, ok
}

// ScoreSpan returns the sentiment expressed towards the mention
// text[start:end] (byte offsets) in text: the target model's
// Score = P(positive) − P(negative), Label = the most probable class;
// Lexicon and Bayes are the distance-weighted component scores around the
// mention (words weighted e^(−d/3) and e^(−d/5) by their distance d in
// words). When [start, end) covers no word, it scores the mention as if
// it opened the text. It never panics on any offsets.
func (m *Model) ScoreSpan(text string, start, end int) Result {
	if start < 0 {
		start = 0
	}
	if end > len(text) {
		end = len(text)
	}
	a := m.analyze(text)
	defer m.release(a)
	x, _ := m.targetFeatures(a, start, end)
	r := Result{Lexicon: math.Tanh(x[3]), Bayes: math.Tanh(x[8])}
	if m.target == nil {
		r.Score = math.Tanh(m.comb.Gain * (m.comb.WLexicon*x[3] + m.comb.WBayes*x[8]))
		r.Label = m.comb.label(r.Score)
		return r
	}
	p := m.target.Probabilities(x)
	r.Score = p[2] - p[0]
	r.Label = LabelNeutral
	switch {
	case p[0] > p[1] && p[0] >= p[2]:
		r.Label = LabelNegative
	case p[2] > p[1] && p[2] > p[0]:
		r.Label = LabelPositive
	}
	return r
}

// TargetExample is one training example for TrainTarget: features from
// TargetFeatures and the class (0 negative, 1 neutral, 2 positive).
type TargetExample struct {
	X     []float64
	Class int
}

// TrainTarget fits a Target by minimising the mean cross-entropy plus
// l2/2·‖W‖² (biases not penalised) with L-BFGS (gonum/optimize), after
// standardising each feature to mean 0, standard deviation 1 on the
// examples.
func TrainTarget(ex []TargetExample, l2 float64) (*Target, error) {
	nf := len(TargetFeatureNames)
	if len(ex) < 10 {
		return nil, fmt.Errorf("train target model: %d examples, want at least 10", len(ex))
	}
	t := &Target{
		Format: formatVersion, Features: append([]string(nil), TargetFeatureNames...),
		Classes: []string{LabelNegative, LabelNeutral, LabelPositive},
		Mean:    make([]float64, nf), Std: make([]float64, nf), L2: l2,
	}
	for _, e := range ex {
		if len(e.X) != nf || e.Class < 0 || e.Class > 2 {
			return nil, fmt.Errorf("train target model: example with %d features, class %d", len(e.X), e.Class)
		}
		for i, v := range e.X {
			t.Mean[i] += v
		}
	}
	n := float64(len(ex))
	for i := range t.Mean {
		t.Mean[i] /= n
	}
	for _, e := range ex {
		for i, v := range e.X {
			d := v - t.Mean[i]
			t.Std[i] += d * d
		}
	}
	for i := range t.Std {
		t.Std[i] = math.Sqrt(t.Std[i] / n)
		if t.Std[i] < 1e-9 {
			t.Std[i] = 1
		}
	}
	xs := make([][]float64, len(ex))
	for k, e := range ex {
		xs[k] = make([]float64, nf)
		for i, v := range e.X {
			xs[k][i] = (v - t.Mean[i]) / t.Std[i]
		}
	}
	stride := nf + 1
	// f and its gradient over the flattened weights (3 × stride).
	fg := func(grad, w []float64) float64 {
		if grad != nil {
			clear(grad)
		}
		var loss float64
		for k, e := range ex {
			var l [3]float64
			for c := range 3 {
				wc := w[c*stride : (c+1)*stride]
				s := wc[nf]
				for i, v := range xs[k] {
					s += wc[i] * v
				}
				l[c] = s
			}
			p := softmax3(l)
			loss -= math.Log(math.Max(p[e.Class], 1e-300))
			if grad != nil {
				for c := range 3 {
					d := p[c]
					if c == e.Class {
						d--
					}
					gc := grad[c*stride : (c+1)*stride]
					for i, v := range xs[k] {
						gc[i] += d * v
					}
					gc[nf] += d
				}
			}
		}
		loss /= n
		for c := range 3 {
			for i := range nf {
				v := w[c*stride+i]
				loss += l2 / 2 * v * v
			}
		}
		if grad != nil {
			for j := range grad {
				grad[j] /= n
			}
			for c := range 3 {
				for i := range nf {
					grad[c*stride+i] += l2 * w[c*stride+i]
				}
			}
		}
		return loss
	}
	p := optimize.Problem{
		Func: func(w []float64) float64 { return fg(nil, w) },
		Grad: func(grad, w []float64) { fg(grad, w) },
	}
	res, err := optimize.Minimize(p, make([]float64, 3*stride), &optimize.Settings{GradientThreshold: 1e-6}, &optimize.LBFGS{})
	if res == nil {
		return nil, fmt.Errorf("train target model: %w", err)
	}
	t.Weights = make([][]float64, 3)
	for c := range 3 {
		t.Weights[c] = append([]float64(nil), res.X[c*stride:(c+1)*stride]...)
	}
	if err := t.validate(); err != nil {
		return nil, fmt.Errorf("train target model: %w", err)
	}
	return t, nil
}

// EmbeddedTarget returns the shipped target.json.
func EmbeddedTarget() []byte { return append([]byte(nil), targetJSON...) }
