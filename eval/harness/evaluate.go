package harness

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/slant-project/slant/eval/metrics"
	"github.com/slant-project/slant/models/sentiment"
	"github.com/slant-project/slant/models/stance"
	"github.com/slant-project/slant/models/target"
	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/profile"
	"github.com/slant-project/slant/pipeline/score"
)

// GroupBy says what cross-validation folds keep together.
type GroupBy string

// Cross-validation groupings.
const (
	NoCV           GroupBy = ""
	GroupByArticle GroupBy = "article"
	GroupBySource  GroupBy = "source"
)

// Sentiment scores a text's overall sentiment (*sentiment.Model satisfies
// it).
type Sentiment interface {
	Score(text string) sentiment.Result
}

// Config says what Evaluate measures and with what.
type Config struct {
	Gold *Gold
	// Articles is the corpus the gold units are over, already run through
	// Stages (claims with voice and tokens); nil when there is none (a
	// plain gold file).
	Articles []*article.Article
	// Preds, when set, is evaluated instead of a model; Compare, when
	// set, is compared with what is evaluated.
	Preds   *PredSet
	Compare *PredSet
	// Model scores the units when there is no Preds and no CV; ModelName
	// names it in the report.
	Model     Model
	ModelName string
	// CV, when not NoCV, retrains a model per fold with Trainer on the
	// other folds' gold units plus Extra (never evaluated), grouping
	// units by article or by source; Folds is the number of folds (0:
	// one per group).
	CV        GroupBy
	Folds     int
	Trainer   Trainer
	Extra     []stance.Labeled
	ExtraName string
	// Signals are the ablation's predictors (nil: stance.AllSignals);
	// the combined one is always scored.
	Signals []stance.Signal
	// Sentiment scores sentiment labels when there is no Preds.
	Sentiment Sentiment
	// Profile gives the target detector for carry-over.
	Profile *profile.Profile
	Boot    Boot
	// Progress, when set, receives one line per slow step.
	Progress func(string)
}

// Report is everything slant eval measures; eval.json is its JSON form.
type Report struct {
	Tool    string `json:"tool"`
	Command string `json:"command,omitempty"`
	Created string `json:"created,omitempty"`

	Gold        GoldInfo  `json:"gold"`
	Predictions *FileInfo `json:"predictions,omitempty"`
	// Mode is "predictions", "model" or "cross-validation"; Scoring says
	// in a sentence or two what scored the units, and whether the figures
	// are out-of-sample.
	Mode      string    `json:"mode"`
	Scoring   string    `json:"scoring"`
	Model     string    `json:"model,omitempty"`
	CV        *CVInfo   `json:"cross_validation,omitempty"`
	Bootstrap BootInfo  `json:"bootstrap"`
	Alignment AlignInfo `json:"alignment"`

	Stance        *LabelReport  `json:"stance,omitempty"`
	ByVia         []ViaRow      `json:"stance_by_source_of_prediction,omitempty"`
	Sentiment     *LabelReport  `json:"sentiment,omitempty"`
	SentimentNote string        `json:"sentiment_note,omitempty"`
	Ablation      []AblationRow `json:"ablation,omitempty"`
	AblationNote  string        `json:"ablation_note,omitempty"`
	Compare       *Comparison   `json:"compare,omitempty"`

	Cleaning     *CleaningReport     `json:"cleaning,omitempty"`
	Segmentation *SegmentationReport `json:"segmentation,omitempty"`
	Attribution  *AttributionReport  `json:"attribution,omitempty"`
	StagesNote   string              `json:"stages_note,omitempty"`

	Notes       []string `json:"notes,omitempty"`
	HowComputed []string `json:"how_computed"`

	// scored are the evaluated units with their predictions, for
	// WritePredictions; offsets says whether units are keyed by offsets.
	scored  []scoredUnit
	offsets bool
}

type scoredUnit struct {
	unit Unit
	pred Prediction
}

// GoldInfo describes the gold file.
type GoldInfo struct {
	Path        string   `json:"path"`
	SHA256      string   `json:"sha256,omitempty"`
	Format      Format   `json:"format"`
	Units       int      `json:"units"`
	Content     int      `json:"content_units"`
	Boilerplate int      `json:"boilerplate_units"`
	Articles    int      `json:"articles"`
	Problems    []string `json:"problems,omitempty"`
}

// FileInfo describes a predictions file.
type FileInfo struct {
	Path     string   `json:"path"`
	SHA256   string   `json:"sha256,omitempty"`
	Rows     int      `json:"rows"`
	Problems []string `json:"problems,omitempty"`
}

// CVInfo describes the cross-validation.
type CVInfo struct {
	GroupBy   GroupBy  `json:"group_by"`
	K         int      `json:"folds"`
	Folds     []CVFold `json:"fold_list"`
	Extra     int      `json:"extra_training_rows"`
	ExtraName string   `json:"extra_training_file,omitempty"`
}

// CVFold is one fold's held-out groups and sizes.
type CVFold struct {
	Held  []string `json:"held_out"`
	Test  int      `json:"test_units"`
	Train int      `json:"train_gold_units"`
}

// BootInfo describes the bootstrap.
type BootInfo struct {
	B     int     `json:"replicates"`
	Seed  uint64  `json:"seed"`
	Level float64 `json:"level"`
	// Unit is what is resampled: "article", or "unit" when the gold has
	// no article ids.
	Unit   string `json:"resampled"`
	Groups int    `json:"groups"`
}

// AlignInfo says how the gold units met their predictions.
type AlignInfo struct {
	ContentUnits int         `json:"content_units"`
	Scored       int         `json:"scored_units"`
	ByVia        map[Via]int `json:"by_via"`
	// MatchedClaims counts units (boilerplate included) whose exact span
	// is a claim.
	MatchedClaims int      `json:"matched_claims"`
	NoArticle     []string `json:"no_article"`
	HashMismatch  []string `json:"hash_mismatch"`
	Unmatched     []string `json:"unmatched"`
	NoPrediction  []string `json:"no_prediction"`
}

// ViaRow is the stance figures of the units scored one way.
type ViaRow struct {
	Via      Via      `json:"via"`
	N        int      `json:"n"`
	Accuracy Estimate `json:"accuracy"`
	MacroF1  Estimate `json:"macro_f1"`
}

// AblationRow scores one signal alone (or the combination).
type AblationRow struct {
	Signal   string   `json:"signal"`
	N        int      `json:"n"`
	Accuracy Estimate `json:"accuracy"`
	MacroF1  Estimate `json:"macro_f1"`
	FAvg     Estimate `json:"favg"`
	Kappa    Estimate `json:"kappa"`
	ECE      Estimate `json:"ece"`
}

// Paired is one statistic of a paired comparison.
type Paired struct {
	A         Num `json:"a"`
	B         Num `json:"b"`
	Diff      Num `json:"diff"`
	Lo        Num `json:"lo"`
	Hi        Num `json:"hi"`
	P         Num `json:"p"`
	Undefined int `json:"undefined_replicates"`
}

// Comparison is the paired bootstrap test of the evaluated predictions (A)
// against a second predictions file (B) on the units both score.
type Comparison struct {
	Other    FileInfo `json:"other"`
	N        int      `json:"n"`
	Groups   int      `json:"groups"`
	Missing  int      `json:"units_without_other_prediction"`
	MacroF1  Paired   `json:"macro_f1"`
	Accuracy Paired   `json:"accuracy"`
	FAvg     Paired   `json:"favg"`
}

// Evaluate measures what cfg asks for (see the package comment).
func Evaluate(ctx context.Context, cfg Config) (*Report, error) {
	g := cfg.Gold
	if g == nil {
		return nil, errors.New("evaluate: no gold")
	}
	if cfg.Preds == nil && cfg.Model == nil && cfg.CV == NoCV {
		return nil, errors.New("evaluate: need predictions, a model or cross-validation")
	}
	if cfg.CV != NoCV && cfg.Preds != nil {
		return nil, usagef("cross-validation retrains the model; it cannot evaluate a predictions file")
	}
	if cfg.CV != NoCV && cfg.CV != GroupByArticle && cfg.CV != GroupBySource {
		return nil, usagef("cross-validation groups by article or source, not %q", cfg.CV)
	}
	say := func(format string, a ...any) {
		if cfg.Progress != nil {
			cfg.Progress(fmt.Sprintf(format, a...))
		}
	}
	rep := &Report{Tool: "slant eval", Bootstrap: BootInfo{B: cfg.Boot.B, Seed: cfg.Boot.Seed, Level: metrics.BootstrapLevel, Unit: "article"}}
	rep.Gold = GoldInfo{Path: g.Origin, Format: g.Format, Units: len(g.Units), Problems: g.Problems}
	al := Align(g, cfg.Articles)
	rep.Alignment = AlignInfo{ByVia: map[Via]int{}, MatchedClaims: al.Matched, NoArticle: al.NoArticle,
		HashMismatch: al.HashMismatch, Unmatched: al.Unmatched}
	// The evaluated units: content units, in file order.
	var content []int
	articles := map[string]bool{}
	for i := range g.Units {
		u := &g.Units[i]
		if u.ArticleID != "" {
			articles[u.ArticleID] = true
		}
		if u.Content() {
			content = append(content, i)
		} else {
			rep.Gold.Boilerplate++
		}
	}
	rep.Gold.Content = len(content)
	rep.Gold.Articles = len(articles)
	rep.Alignment.ContentUnits = len(content)
	groupOf := func(i int) string {
		if a := g.Units[i].ArticleID; a != "" {
			return a
		}
		return "unit\x00" + g.Units[i].ID
	}
	if len(articles) == 0 {
		rep.Bootstrap.Unit = "unit"
	}

	signals := cfg.Signals
	if signals == nil {
		signals = stance.AllSignals
	}
	if !containsSignal(signals, stance.SignalCombined) {
		signals = append(append([]stance.Signal(nil), signals...), stance.SignalCombined)
	}
	// preds[s][j] is signal s's prediction for content unit j (combined
	// only for a predictions file); have[j] whether unit j has one.
	preds := map[stance.Signal][]Prediction{}
	have := make([]bool, len(content))
	switch {
	case cfg.Preds != nil:
		rep.Mode = "predictions"
		rep.Predictions = &FileInfo{Path: cfg.Preds.Origin, Rows: cfg.Preds.Len(), Problems: cfg.Preds.Problems}
		rep.Scoring = fmt.Sprintf("The predictions in %s are evaluated as given; gold units without a prediction are listed and left out.", cfg.Preds.Origin)
		p := make([]Prediction, len(content))
		for j, i := range content {
			pr, ok, bad := cfg.Preds.Lookup(&g.Units[i])
			if bad != "" {
				rep.Alignment.HashMismatch = append(rep.Alignment.HashMismatch, bad)
			}
			if !ok {
				rep.Alignment.NoPrediction = append(rep.Alignment.NoPrediction, fmt.Sprintf("%s:%d: %s: no prediction", g.Origin, g.Units[i].Line, g.Units[i].ID))
				continue
			}
			p[j], have[j] = pr, true
		}
		preds[stance.SignalCombined] = p
	default:
		if cfg.Profile == nil {
			return nil, errors.New("evaluate: a model needs a profile")
		}
		det := target.New(cfg.Profile)
		gin := goldInputs(g.Units, content, det)
		inputs := make([]stance.Input, len(content))
		via := make([]Via, len(content))
		claimIn := map[*article.Article][]stance.Input{}
		for j, i := range content {
			have[j] = true
			if a, c := al.Article[i], al.Claim[i]; a != nil && c >= 0 {
				if claimIn[a] == nil {
					claimIn[a] = score.Inputs(a, det)
				}
				inputs[j], via[j] = claimIn[a][c], ViaClaim
				continue
			}
			inputs[j], via[j] = gin[j], ViaGoldText
		}
		var out map[stance.Signal][]stance.Prediction
		if cfg.CV == NoCV {
			rep.Mode = "model"
			rep.Model = cfg.ModelName
			rep.Scoring = fmt.Sprintf("Scored with the model %s as it is. If that model was trained on these gold labels (the embedded model is trained on all of data/gold/gold.csv), these figures are in-sample and optimistic: use --cv for out-of-sample figures.", nameOr(cfg.ModelName, "given"))
			out = map[stance.Signal][]stance.Prediction{}
			for _, s := range signals {
				pr, err := cfg.Model.Predictor(s)
				if err != nil {
					if s == stance.SignalCombined {
						return nil, fmt.Errorf("evaluate: %w", err)
					}
					rep.Notes = append(rep.Notes, fmt.Sprintf("ablation: no %s predictor in the model: %v", s, err))
					continue
				}
				ps := make([]stance.Prediction, len(inputs))
				for j, in := range inputs {
					ps[j] = pr.Predict(in)
				}
				out[s] = ps
			}
		} else {
			rep.Mode = "cross-validation"
			groups := make([]string, len(content))
			for j, i := range content {
				u := &g.Units[i]
				switch cfg.CV {
				case GroupByArticle:
					groups[j] = u.ArticleID
				case GroupBySource:
					groups[j] = u.Source
				}
				if groups[j] == "" {
					return nil, usagef("%s:%d: unit %s has no %s: --cv %s needs one for every unit", g.Origin, u.Line, u.ID, map[GroupBy]string{GroupByArticle: "article_id", GroupBySource: "source"}[cfg.CV], cfg.CV)
				}
			}
			folds, err := SplitFolds(groups, cfg.Folds, cfg.Boot.Seed)
			if err != nil {
				return nil, usagef("--cv %s: %v", cfg.CV, err)
			}
			rows := make([]stance.Labeled, len(content))
			for j, i := range content {
				rows[j] = stance.Labeled{Input: gin[j], Stance: article.Stance(g.Units[i].Stance), Group: groups[j]}
			}
			rep.CV = &CVInfo{GroupBy: cfg.CV, K: len(folds), Extra: len(cfg.Extra), ExtraName: cfg.ExtraName}
			for _, f := range folds {
				rep.CV.Folds = append(rep.CV.Folds, CVFold{Held: f.Held, Test: len(f.Test), Train: len(f.Train)})
			}
			extra := ""
			if len(cfg.Extra) > 0 {
				extra = fmt.Sprintf(" plus the %d rows of %s (trained on, never evaluated)", len(cfg.Extra), nameOr(cfg.ExtraName, "the extra training file"))
			}
			rep.Scoring = fmt.Sprintf("Cross-validated, grouped by %s, %d folds: each fold's model is trained on the gold units of the other folds%s and scores only its held-out %ss, so no unit is scored by a model that saw it or its %s. The embedded model was trained on all gold, so only these cross-validated figures are out-of-sample.",
				cfg.CV, len(folds), extra, cfg.CV, cfg.CV)
			out, err = CrossValidate(ctx, cfg.Trainer, folds, rows, cfg.Extra, inputs, signals, func(k int, f Fold) {
				say("fold %d/%d: training without %s (%d gold units + %d extra), scoring %d units", k+1, len(folds), strings.Join(f.Held, ", "), len(f.Train), len(cfg.Extra), len(f.Test))
			})
			if err != nil {
				return nil, err
			}
		}
		// Sentiment does not depend on context: the unit's text (equal to
		// its claim's when matched) is scored once.
		sent := make([]string, len(content))
		if cfg.Sentiment != nil {
			for j, i := range content {
				sent[j] = cfg.Sentiment.Score(g.Units[i].Text).Label
			}
		}
		for s, ps := range out {
			p := make([]Prediction, len(ps))
			for j, x := range ps {
				p[j] = Prediction{Stance: string(x.Stance), P: x.P, HasP: true, Via: via[j], Sentiment: sent[j]}
			}
			preds[s] = p
		}
		if unmatched := countVia(via, ViaGoldText); unmatched > 0 {
			rep.Notes = append(rep.Notes, fmt.Sprintf("%d of %d content units had no claim with their exact span (or a hash mismatch, or no article): they were scored on the gold text itself, with the gold file's voice and speaker side.", unmatched, len(content)))
		}
		if cfg.Sentiment == nil {
			rep.SentimentNote = "no sentiment model given"
		} else {
			rep.SentimentNote = "sentiment labels come from the sentiment model (fit on public benchmarks, not on this gold; not retrained under --cv)"
		}
	}

	// The scored items.
	var items []int // indices into content
	for j := range content {
		if have[j] {
			items = append(items, j)
			rep.Alignment.ByVia[preds[stance.SignalCombined][j].Via]++
		}
	}
	rep.Alignment.Scored = len(items)
	for _, j := range items {
		rep.scored = append(rep.scored, scoredUnit{unit: g.Units[content[j]], pred: preds[stance.SignalCombined][j]})
	}
	rep.offsets = g.Format == FormatGold
	itemGroup := make([]string, len(items))
	gold := make([]string, len(items))
	for k, j := range items {
		itemGroup[k] = groupOf(content[j])
		gold[k] = g.Units[content[j]].Stance
	}
	rep.Bootstrap.Groups = len(metrics.Groups(itemGroup))
	stanceOf := func(s stance.Signal) (LabelInput, bool) {
		ps, ok := preds[s]
		if !ok {
			return LabelInput{}, false
		}
		in := LabelInput{Labels: StanceLabels, Sides: StanceSides, Gold: gold, Group: itemGroup, Pred: make([]string, len(items))}
		allP := true
		for k, j := range items {
			in.Pred[k] = ps[j].Stance
			allP = allP && ps[j].HasP
		}
		if allP && len(items) > 0 {
			in.Probs = make([][]float64, len(items))
			for k, j := range items {
				p := ps[j].P
				in.Probs[k] = p[:]
			}
		}
		return in, true
	}
	if len(items) == 0 {
		rep.Notes = append(rep.Notes, "no gold unit has a prediction: nothing to score")
	} else {
		say("scoring stance (%d units, %d bootstrap replicates)", len(items), cfg.Boot.B)
		in, _ := stanceOf(stance.SignalCombined)
		var err error
		if rep.Stance, err = ScoreLabels(in, cfg.Boot); err != nil {
			return nil, fmt.Errorf("evaluate stance: %w", err)
		}
		if in.Probs == nil {
			rep.Notes = append(rep.Notes, "calibration: not every prediction has probabilities (p_pro_gov, p_neutral, p_pro_jdc); ECE, Brier and log loss are left out")
		}
		if rep.ByVia, err = byVia(in, items, preds[stance.SignalCombined], cfg.Boot); err != nil {
			return nil, err
		}
		if err := scoreSentiment(rep, g, content, items, preds[stance.SignalCombined], itemGroup, cfg.Boot); err != nil {
			return nil, err
		}
		if cfg.Preds == nil {
			say("ablation (%d signals)", len(signals))
			for _, s := range signals {
				in, ok := stanceOf(s)
				if !ok {
					continue
				}
				lr, err := ScoreLabels(in, cfg.Boot)
				if err != nil {
					return nil, fmt.Errorf("evaluate ablation %s: %w", s, err)
				}
				row := AblationRow{Signal: string(s), N: lr.N, Accuracy: lr.Accuracy, MacroF1: lr.MacroF1, FAvg: lr.FAvg, Kappa: lr.Kappa,
					ECE: Estimate{Value: Num(math.NaN()), Lo: Num(math.NaN()), Hi: Num(math.NaN())}}
				if lr.Calib != nil {
					row.ECE = lr.Calib.ECE
				}
				rep.Ablation = append(rep.Ablation, row)
			}
			rep.AblationNote = "Each signal alone is a classifier trained on that signal's features only (speaker: the quoted or reported speaker's side; target_sentiment: word valence near each side's mentions; cues: the profile's cue words; regression: the n-gram regression without the hand-built signals); combined is the model itself. All rows are scored " +
				map[bool]string{true: "under the same cross-validation folds.", false: "by the same model, so they share its in-sample caveat."}[cfg.CV != NoCV]
		} else {
			rep.AblationNote = "A predictions file carries one prediction per unit: no ablation (run without --pred, with --cv, for one)."
		}
		if cfg.Compare != nil {
			say("paired bootstrap against %s", cfg.Compare.Origin)
			c, err := compare(g, content, items, in, cfg.Compare, cfg.Boot)
			if err != nil {
				return nil, err
			}
			rep.Compare = c
		}
	}

	if g.Format == FormatGold && len(cfg.Articles) > 0 {
		say("scoring cleaning, segmentation and attribution")
		var err error
		if rep.Cleaning, err = ScoreCleaning(g, al, cfg.Boot); err != nil {
			return nil, err
		}
		if rep.Segmentation, err = ScoreSegmentation(g, al, cfg.Boot); err != nil {
			return nil, err
		}
		if rep.Attribution, err = ScoreAttribution(g, al, cfg.Boot); err != nil {
			return nil, err
		}
	} else {
		rep.StagesNote = "Cleaning, segmentation and attribution need the gold format (article_id, start, end) over a corpus of articles: not measured."
	}
	rep.HowComputed = howComputed(rep, cfg)
	return rep, nil
}

func nameOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func containsSignal(ss []stance.Signal, s stance.Signal) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func countVia(v []Via, w Via) int {
	n := 0
	for _, x := range v {
		if x == w {
			n++
		}
	}
	return n
}

// byVia splits the stance figures by how predictions were obtained, when
// there is more than one way.
func byVia(in LabelInput, items []int, ps []Prediction, b Boot) ([]ViaRow, error) {
	ways := map[Via][]int{}
	var order []Via
	for k, j := range items {
		v := ps[j].Via
		if _, ok := ways[v]; !ok {
			order = append(order, v)
		}
		ways[v] = append(ways[v], k)
	}
	if len(order) < 2 {
		return nil, nil
	}
	var rows []ViaRow
	for _, v := range order {
		sub := LabelInput{Labels: in.Labels, Sides: in.Sides}
		for _, k := range ways[v] {
			sub.Gold = append(sub.Gold, in.Gold[k])
			sub.Pred = append(sub.Pred, in.Pred[k])
			sub.Group = append(sub.Group, in.Group[k])
		}
		lr, err := ScoreLabels(sub, b)
		if err != nil {
			return nil, err
		}
		rows = append(rows, ViaRow{Via: v, N: lr.N, Accuracy: lr.Accuracy, MacroF1: lr.MacroF1})
	}
	return rows, nil
}

// scoreSentiment scores the sentiment labels of the items whose gold has a
// sentiment label and whose prediction has one.
func scoreSentiment(rep *Report, g *Gold, content, items []int, ps []Prediction, group []string, b Boot) error {
	in := LabelInput{Labels: SentimentLabels, Sides: SentimentSides}
	noGold, noPred := 0, 0
	for k, j := range items {
		u := &g.Units[content[j]]
		switch {
		case u.Sentiment == "":
			noGold++
		case ps[j].Sentiment == "":
			noPred++
		default:
			in.Gold = append(in.Gold, u.Sentiment)
			in.Pred = append(in.Pred, ps[j].Sentiment)
			in.Group = append(in.Group, group[k])
		}
	}
	var notes []string
	if rep.SentimentNote != "" {
		notes = append(notes, rep.SentimentNote)
	}
	if noGold > 0 {
		notes = append(notes, fmt.Sprintf("%d scored units have no gold sentiment", noGold))
	}
	if noPred > 0 {
		notes = append(notes, fmt.Sprintf("%d scored units have no predicted sentiment label", noPred))
	}
	notes = append(notes, "F_avg here is F1^PN, the mean F1 of negative and positive; sentiment labels have no probabilities, so no calibration")
	rep.SentimentNote = strings.Join(notes, "; ")
	if len(in.Gold) == 0 {
		return nil
	}
	var err error
	rep.Sentiment, err = ScoreLabels(in, b)
	if err != nil {
		return fmt.Errorf("evaluate sentiment: %w", err)
	}
	return nil
}

// compare runs the paired bootstrap of the evaluated stance labels (in)
// against another predictions file on the items both have.
func compare(g *Gold, content, items []int, in LabelInput, other *PredSet, b Boot) (*Comparison, error) {
	c := &Comparison{Other: FileInfo{Path: other.Origin, Rows: other.Len(), Problems: other.Problems}}
	var gold, a, bb, group []string
	for k, j := range items {
		p, ok, bad := other.Lookup(&g.Units[content[j]])
		if bad != "" {
			c.Other.Problems = append(c.Other.Problems, bad)
		}
		if !ok {
			c.Missing++
			continue
		}
		gold, a, bb, group = append(gold, in.Gold[k]), append(a, in.Pred[k]), append(bb, p.Stance), append(group, in.Group[k])
	}
	c.N = len(gold)
	if c.N == 0 {
		return c, nil
	}
	groups := metrics.Groups(group)
	c.Groups = len(groups)
	stat := func(pred []string, f func(*metrics.Confusion) float64) func(idx []int) float64 {
		return func(idx []int) float64 {
			m, _ := metrics.NewConfusion(StanceLabels)
			for _, i := range idx {
				_ = m.Add(gold[i], pred[i])
			}
			return f(m)
		}
	}
	favg := func(m *metrics.Confusion) float64 { v, _ := m.FAvg(StanceSides...); return v }
	run := func(f func(*metrics.Confusion) float64) (Paired, error) {
		all := make([]int, len(gold))
		for i := range all {
			all[i] = i
		}
		p := Paired{A: Num(stat(a, f)(all)), B: Num(stat(bb, f)(all))}
		p.Diff = p.A - p.B
		p.Lo, p.Hi, p.P = Num(math.NaN()), Num(math.NaN()), Num(math.NaN())
		if b.B <= 0 {
			return p, nil
		}
		d, err := metrics.PairedBootstrap(groups, stat(a, f), stat(bb, f), b.B, rand.New(rand.NewPCG(b.Seed, 0)))
		if err != nil {
			return p, fmt.Errorf("compare: %w", err)
		}
		p.Diff, p.Lo, p.Hi, p.P, p.Undefined = Num(d.Diff), Num(d.Lo), Num(d.Hi), Num(d.P), d.Undefined
		return p, nil
	}
	var err error
	if c.MacroF1, err = run((*metrics.Confusion).MacroF1); err != nil {
		return nil, err
	}
	if c.Accuracy, err = run((*metrics.Confusion).Accuracy); err != nil {
		return nil, err
	}
	if c.FAvg, err = run(favg); err != nil {
		return nil, err
	}
	return c, nil
}
