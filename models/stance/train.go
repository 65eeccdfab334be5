package stance

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/slant-project/slant/models/target"
	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/profile"
)

// Labeled is one training claim: the input, its gold stance, its group
// (e.g. the article id, or a synthetic passage; groups stay whole in
// cross-validation folds) and a weight (0 means 1).
type Labeled struct {
	Input
	Stance article.Stance
	Group  string
	Weight float64
}

// Options set up Train.
type Options struct {
	// Features is the combined classifier's feature set (zero → DefaultFeatures).
	Features FeatureConfig
	// Train is the classifier training setup (λ grid, folds, seed).
	Train TrainConfig
	// Signals lists the predictors to train (nil → AllSignals); the
	// combined one is always trained.
	Signals []Signal
	// Encoder, when set, encodes inputs without Pieces (and is named in
	// Meta.Encoder by EncoderName).
	Encoder     Encoder
	EncoderName string
	// Now stamps Meta.Created (zero → time.Now).
	Now time.Time
	// Training is copied into Meta.Training.
	Training map[string]string
}

// featuresFor returns the feature set of one signal's classifier.
func featuresFor(s Signal, combined FeatureConfig) FeatureConfig {
	switch s {
	case SignalCombined:
		return combined
	case SignalRegression:
		c := combined
		c.Extra = false
		c.Context = ContextOff
		return c
	default: // the hand-built signals: their extra features only
		return FeatureConfig{HashBits: combined.HashBits, Extra: true, ExtraScale: 1}
	}
}

// Train fits a stance model for profile p on data. Inputs without a Target
// get one from the profile's detector on their text alone (run a
// target.Tracker over each article first to get carry-over).
func Train(p *profile.Profile, data []Labeled, opt Options) (*Model, error) {
	if p == nil {
		return nil, errors.New("stance train: nil profile")
	}
	if len(data) == 0 {
		return nil, errors.New("stance train: no examples")
	}
	lex, err := LoadLexicon()
	if err != nil {
		return nil, err
	}
	fc := opt.Features
	if fc == (FeatureConfig{}) {
		fc = DefaultFeatures()
	}
	m := &Model{prof: p, det: target.New(p), lex: lex, enc: opt.Encoder, clf: map[Signal]*Classifier{}}
	signals := opt.Signals
	if signals == nil {
		signals = AllSignals
	}
	hasCombined := false
	for _, s := range signals {
		hasCombined = hasCombined || s == SignalCombined
	}
	if !hasCombined {
		signals = append(append([]Signal(nil), signals...), SignalCombined)
	}
	classes := make([]string, len(article.Stances))
	for i, s := range article.Stances {
		classes[i] = string(s)
	}
	// Pieces and signals do not depend on the classifier: compute once.
	type prepared struct {
		in   Input
		sig  Signals
		prev *Signals
	}
	prep := make([]prepared, len(data))
	for i, d := range data {
		switch d.Stance {
		case article.ProGov, article.Neutral, article.ProJDC:
		default:
			return nil, fmt.Errorf("stance train: example %d: stance %q is not pro_gov, neutral or pro_jdc", i+1, d.Stance)
		}
		in := d.Input
		if in.Target == nil {
			r := m.det.One(in.Text)
			in.Target = &r
		}
		if in.Pieces == nil && opt.Encoder != nil && fc.Pieces {
			in.Pieces = encode(opt.Encoder, in.Text)
		}
		prep[i] = prepared{in: in, sig: m.Signals(in)}
		if fc.Context != ContextOff && in.Prev != nil {
			ps := m.Signals(in.Prev.input(in.Section))
			prep[i].prev = &ps
		}
	}
	exampleOf := func(s Signal, sfc FeatureConfig, i int) Example {
		d := data[i]
		e := Example{Text: prep[i].in.Text, Label: string(d.Stance), Group: d.Group, Weight: d.Weight}
		if sfc.Pieces {
			e.Pieces = prep[i].in.Pieces
		}
		e.Extra = signalFeatures(s, prep[i].in, prep[i].sig)
		return e
	}
	// With ContextFirstPass, the context-free combined classifier scores
	// each example's previous claim out of fold (never in-sample).
	var prevFP [][]float64
	if fc.Context == ContextFirstPass && fc.Extra {
		c, probs, err := m.firstPass(classes, data, func(i int) Example { return exampleOf(SignalCombined, fc, i) }, fc, opt)
		if err != nil {
			return nil, err
		}
		m.clf[SignalFirstPass] = c
		prevFP = probs
	}
	for _, s := range signals {
		sfc := featuresFor(s, fc)
		ex := make([]Example, len(data))
		for i := range data {
			e := exampleOf(s, sfc, i)
			if s == SignalCombined && sfc.Context != ContextOff && sfc.Extra {
				var fp []float64
				if prevFP != nil {
					fp = prevFP[i]
				}
				e.Extra = append(e.Extra, contextFeatures(prep[i].in, prep[i].sig, prep[i].prev, fp)...)
			}
			ex[i] = e
		}
		c, err := TrainClassifier(classes, ex, sfc, opt.Train)
		if err != nil {
			return nil, fmt.Errorf("stance train %s: %w", s, err)
		}
		m.clf[s] = c
	}
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	m.meta = Meta{Created: now.UTC().Format(time.RFC3339), Profile: p.VersionString(), Lexicon: lex.Checksum(),
		Encoder: opt.EncoderName, Training: opt.Training}
	fcs := map[Signal]*fileClassifier{}
	for s, c := range m.clf {
		fcs[s] = c.file()
	}
	m.meta.Version = "stance-" + weightsSum(fcs)[:12]
	return m, nil
}

// Fold is the result of one held-out group in CrossValidate.
type Fold struct {
	Group string
	Test  []Labeled // the held-out claims, in order
	Gold  []article.Stance
	Pred  map[Signal][]Prediction
	// Lambda is the L2 strength the combined classifier's inner
	// cross-validation chose on this fold's training data.
	Lambda float64
}

// CVReport is a grouped (e.g. leave-one-article-out) cross-validation.
type CVReport struct {
	Folds []Fold
	// MacroF1 and PerClass (pro_gov, neutral, pro_jdc) pool every held-out
	// prediction of each signal.
	MacroF1  map[Signal]float64
	PerClass map[Signal][3]float64
	N        int
}

// CrossValidate holds out each group of evaluate in turn (e.g. each
// article), trains on the other groups plus extra (e.g. synthetic rows,
// never evaluated), and predicts the held-out group's claims, which are
// never seen in training. Figures pool all held-out predictions.
func CrossValidate(p *profile.Profile, evaluate, extra []Labeled, opt Options) (*CVReport, error) {
	groups := map[string]bool{}
	var names []string
	for _, d := range evaluate {
		if !groups[d.Group] {
			groups[d.Group] = true
			names = append(names, d.Group)
		}
	}
	if len(names) < 2 {
		return nil, fmt.Errorf("stance cross-validate: need at least 2 groups, have %d", len(names))
	}
	sort.Strings(names)
	signals := opt.Signals
	if signals == nil {
		signals = AllSignals
	}
	rep := &CVReport{MacroF1: map[Signal]float64{}, PerClass: map[Signal][3]float64{}}
	gold := []int{}
	pred := map[Signal][]int{}
	for _, g := range names {
		var train []Labeled
		var test []Labeled
		for _, d := range evaluate {
			if d.Group == g {
				test = append(test, d)
			} else {
				train = append(train, d)
			}
		}
		train = append(train, extra...)
		m, err := Train(p, train, opt)
		if err != nil {
			return nil, fmt.Errorf("stance cross-validate, holding out %s: %w", g, err)
		}
		f := Fold{Group: g, Pred: map[Signal][]Prediction{}}
		if c := m.clf[SignalCombined]; c != nil {
			f.Lambda = c.lambda
		}
		for _, d := range test {
			f.Test = append(f.Test, d)
			f.Gold = append(f.Gold, d.Stance)
			gold = append(gold, stanceIndex(d.Stance))
			in := d.Input
			if in.Pieces == nil && opt.Encoder != nil {
				in.Pieces = encode(opt.Encoder, in.Text)
			}
			for _, s := range signals {
				pr := m.predict(s, in)
				f.Pred[s] = append(f.Pred[s], pr)
				pred[s] = append(pred[s], stanceIndex(pr.Stance))
			}
		}
		rep.Folds = append(rep.Folds, f)
	}
	rep.N = len(gold)
	for _, s := range signals {
		rep.MacroF1[s] = MacroF1(gold, pred[s], 3)
		pc := PerClassF1(gold, pred[s], 3)
		rep.PerClass[s] = [3]float64{pc[0], pc[1], pc[2]}
	}
	return rep, nil
}

func stanceIndex(s article.Stance) int {
	for i, x := range article.Stances {
		if x == s {
			return i
		}
	}
	return -1
}

// FileSum returns the hex SHA-256 of b (for manifests).
func FileSum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// firstPass trains the context-free combined classifier (features fc
// without Context) on data and returns it with the first-pass
// probabilities of each example's previous claim: the out-of-fold
// probabilities of the training example it matches (same group, text,
// voice and speaker side), or, for a previous claim that is not itself a
// training example, the classifier's prediction (nil for no Prev).
func (m *Model) firstPass(classes []string, data []Labeled, example func(int) Example, fc FeatureConfig, opt Options) (*Classifier, [][]float64, error) {
	ffc := fc
	ffc.Context = ContextOff
	ex := make([]Example, len(data))
	for i := range data {
		ex[i] = example(i)
	}
	c, oof, err := trainClassifier(classes, ex, ffc, opt.Train)
	if err != nil {
		return nil, nil, fmt.Errorf("stance train %s: %w", SignalFirstPass, err)
	}
	if oof == nil { // cross-validation off: two folds at the chosen λ
		tc := opt.Train
		tc.Folds, tc.Lambdas = 2, []float64{c.lambda}
		if _, oof, err = trainClassifier(classes, ex, ffc, tc); err != nil {
			return nil, nil, fmt.Errorf("stance train %s: %w", SignalFirstPass, err)
		}
	}
	key := func(group string, text string, v article.Voice, s article.Side) string {
		return group + "\x00" + text + "\x00" + string(v) + "\x00" + string(s)
	}
	index := map[string]int{}
	for i, d := range data {
		k := key(d.Group, d.Text, d.Voice, d.SpeakerSide)
		if _, ok := index[k]; !ok {
			index[k] = i
		}
	}
	out := make([][]float64, len(data))
	for i, d := range data {
		pv := d.Prev
		if pv == nil {
			continue
		}
		if j, ok := index[key(d.Group, pv.Text, pv.Voice, pv.SpeakerSide)]; ok {
			out[i] = oof[j]
			continue
		}
		pin := pv.input(d.Section)
		if pin.Pieces == nil && ffc.Pieces && opt.Encoder != nil {
			pin.Pieces = encode(opt.Encoder, pin.Text)
		}
		out[i] = c.Probs(pin.Text, pin.Pieces, signalFeatures(SignalCombined, pin, m.Signals(pin)))
	}
	return c, out, nil
}
