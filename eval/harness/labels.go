package harness

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/slant-project/slant/eval/metrics"
)

// Num is a float that encodes NaN and ±Inf as JSON null.
type Num float64

// MarshalJSON writes null for NaN and ±Inf.
func (n Num) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// UnmarshalJSON reads null as NaN.
func (n *Num) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*n = Num(math.NaN())
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*n = Num(f)
	return nil
}

// Estimate is a figure on all items with its bootstrap interval.
type Estimate struct {
	Value Num `json:"value"`
	Lo    Num `json:"lo"`
	Hi    Num `json:"hi"`
}

// Boot sets up the article-level bootstrap.
type Boot struct {
	// B is the number of replicates (0: no intervals).
	B int
	// Seed seeds each statistic's generator (rand.NewPCG(Seed, 0)): every
	// statistic sees the same resampled articles.
	Seed uint64
}

// estimate evaluates stat on all items and, when b.B > 0, its 95%
// cluster-bootstrap interval over groups.
func (b Boot) estimate(groups [][]int, n int, stat func(idx []int) float64) (Estimate, error) {
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	e := Estimate{Value: Num(stat(all)), Lo: Num(math.NaN()), Hi: Num(math.NaN())}
	if b.B <= 0 || n == 0 {
		return e, nil
	}
	lo, hi, _, err := metrics.ClusterBootstrap(groups, stat, b.B, rand.New(rand.NewPCG(b.Seed, 0)))
	if err != nil {
		return e, err
	}
	e.Lo, e.Hi = Num(lo), Num(hi)
	return e, nil
}

// ClassReport is one label's one-vs-rest scores.
type ClassReport struct {
	Label     string   `json:"label"`
	Support   int      `json:"support"`   // gold items with the label
	Predicted int      `json:"predicted"` // items predicted with the label
	Precision Estimate `json:"precision"`
	Recall    Estimate `json:"recall"`
	F1        Estimate `json:"f1"`
}

// Bin is one reliability-diagram bin (see metrics.Bin).
type Bin struct {
	Lo         Num `json:"lo"`
	Hi         Num `json:"hi"`
	Count      int `json:"count"`
	Confidence Num `json:"confidence"`
	Accuracy   Num `json:"accuracy"`
}

// Calibration measures how well predicted probabilities match outcomes.
type Calibration struct {
	N       int      `json:"n"`
	Bins    int      `json:"bins"`
	ECE     Estimate `json:"ece"`
	Brier   Estimate `json:"brier"`
	LogLoss Estimate `json:"log_loss"`
	Diagram []Bin    `json:"reliability"`
}

// LabelReport scores one label column against gold.
type LabelReport struct {
	N      int      `json:"n"`
	Groups int      `json:"groups"`
	Labels []string `json:"labels"`
	// Sides are the labels FAvg averages.
	Sides     []string      `json:"favg_labels"`
	Accuracy  Estimate      `json:"accuracy"`
	MacroF1   Estimate      `json:"macro_f1"`
	FAvg      Estimate      `json:"favg"`
	Kappa     Estimate      `json:"kappa"`
	Classes   []ClassReport `json:"classes"`
	Confusion [][]int       `json:"confusion"` // rows gold, columns predicted, in Labels order
	// GoldCounts and PredCounts count each label.
	GoldCounts []int        `json:"gold_counts"`
	PredCounts []int        `json:"pred_counts"`
	Calib      *Calibration `json:"calibration,omitempty"`
}

// LabelInput is what ScoreLabels scores: parallel gold and predicted
// labels, each item's bootstrap group, and optionally each item's
// probabilities over Labels (nil: no calibration).
type LabelInput struct {
	Labels []string
	Sides  []string
	Gold   []string
	Pred   []string
	Group  []string
	Probs  [][]float64
	// Bins is the number of reliability bins (0 → 10).
	Bins int
}

// DefaultBins is the number of equal-width reliability bins.
const DefaultBins = 10

// ScoreLabels computes a LabelReport: every figure on all items and its
// 95% bootstrap interval resampling the items' groups (articles):
//
//	accuracy = Σ_k C[k][k] / N
//	P_k = C[k][k] / Σ_i C[i][k],  R_k = C[k][k] / Σ_j C[k][j],  F1_k = 2·P_k·R_k / (P_k + R_k)
//	macro-F1 = (1/K) Σ_k F1_k
//	F_avg = mean of F1 over Sides (SemEval-2016 Task 6)
//	κ = (p_o − p_e) / (1 − p_e)
//
// and, with probabilities, the ECE over Bins equal-width bins of each
// item's confidence (the probability it gives its predicted label), the
// multi-class Brier score and the log loss (see package metrics). It
// returns an error when the slices differ in length, a label is outside
// Labels or a probability row is invalid.
func ScoreLabels(in LabelInput, b Boot) (*LabelReport, error) {
	n := len(in.Gold)
	if len(in.Pred) != n || len(in.Group) != n || (in.Probs != nil && len(in.Probs) != n) {
		return nil, fmt.Errorf("score labels: %d gold, %d predicted, %d groups, %d probabilities: %w",
			n, len(in.Pred), len(in.Group), len(in.Probs), metrics.ErrLength)
	}
	full, err := metrics.ConfusionOf(in.Labels, in.Gold, in.Pred)
	if err != nil {
		return nil, fmt.Errorf("score labels: %w", err)
	}
	groups := metrics.Groups(in.Group)
	rep := &LabelReport{N: n, Groups: len(groups), Labels: append([]string(nil), in.Labels...),
		Sides: append([]string(nil), in.Sides...), Confusion: full.Matrix()}
	rep.GoldCounts = make([]int, len(in.Labels))
	rep.PredCounts = make([]int, len(in.Labels))
	for i, row := range rep.Confusion {
		for j, c := range row {
			rep.GoldCounts[i] += c
			rep.PredCounts[j] += c
		}
	}
	// conf builds the confusion matrix of a resample; labels are known
	// valid, so Add cannot fail.
	conf := func(idx []int) *metrics.Confusion {
		c, _ := metrics.NewConfusion(in.Labels)
		for _, i := range idx {
			_ = c.Add(in.Gold[i], in.Pred[i])
		}
		return c
	}
	est := func(stat func(c *metrics.Confusion) float64) (Estimate, error) {
		return b.estimate(groups, n, func(idx []int) float64 { return stat(conf(idx)) })
	}
	if rep.Accuracy, err = est((*metrics.Confusion).Accuracy); err != nil {
		return nil, err
	}
	if rep.MacroF1, err = est((*metrics.Confusion).MacroF1); err != nil {
		return nil, err
	}
	if rep.Kappa, err = est((*metrics.Confusion).Kappa); err != nil {
		return nil, err
	}
	if len(in.Sides) > 0 {
		if _, err := full.FAvg(in.Sides...); err != nil {
			return nil, fmt.Errorf("score labels: F_avg: %w", err)
		}
		if rep.FAvg, err = est(func(c *metrics.Confusion) float64 { v, _ := c.FAvg(in.Sides...); return v }); err != nil {
			return nil, err
		}
	} else {
		rep.FAvg = Estimate{Value: Num(math.NaN()), Lo: Num(math.NaN()), Hi: Num(math.NaN())}
	}
	for k, l := range in.Labels {
		cr := ClassReport{Label: l, Support: rep.GoldCounts[k], Predicted: rep.PredCounts[k]}
		class := func(pick func(metrics.ClassScores) float64) func(c *metrics.Confusion) float64 {
			return func(c *metrics.Confusion) float64 { s, _ := c.Class(l); return pick(s) }
		}
		if cr.Precision, err = est(class(func(s metrics.ClassScores) float64 { return s.Precision })); err != nil {
			return nil, err
		}
		if cr.Recall, err = est(class(func(s metrics.ClassScores) float64 { return s.Recall })); err != nil {
			return nil, err
		}
		if cr.F1, err = est(class(func(s metrics.ClassScores) float64 { return s.F1 })); err != nil {
			return nil, err
		}
		rep.Classes = append(rep.Classes, cr)
	}
	if in.Probs != nil && n > 0 {
		if rep.Calib, err = calibrate(in, groups, b); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// calibrate computes ECE, Brier and log loss with intervals, and the
// reliability diagram on all items.
func calibrate(in LabelInput, groups [][]int, b Boot) (*Calibration, error) {
	n := len(in.Gold)
	truth := make([]int, n)
	for i, g := range in.Gold {
		truth[i] = indexOf(in.Labels, g)
	}
	bins := in.Bins
	if bins <= 0 {
		bins = DefaultBins
	}
	if _, err := metrics.Brier(in.Probs, truth); err != nil {
		return nil, fmt.Errorf("calibration: %w", err)
	}
	// Confidence is the probability of the predicted label (the top one
	// for slant's models; a predictions file's stance may differ from
	// its arg-max) and correct whether that label is the gold one.
	conf := make([]float64, n)
	correct := make([]bool, n)
	for i := range conf {
		if k := indexOf(in.Labels, in.Pred[i]); k >= 0 && k < len(in.Probs[i]) {
			conf[i] = in.Probs[i][k]
		}
		correct[i] = in.Pred[i] == in.Gold[i]
	}
	diagram, err := metrics.ReliabilityBins(conf, correct, bins)
	if err != nil {
		return nil, fmt.Errorf("calibration: %w", err)
	}
	c := &Calibration{N: n, Bins: bins}
	for _, d := range diagram {
		c.Diagram = append(c.Diagram, Bin{Lo: Num(d.Lo), Hi: Num(d.Hi), Count: d.Count, Confidence: Num(d.Confidence), Accuracy: Num(d.Accuracy)})
	}
	sub := func(idx []int) ([]float64, []bool, [][]float64, []int) {
		cf := make([]float64, len(idx))
		ok := make([]bool, len(idx))
		pr := make([][]float64, len(idx))
		tr := make([]int, len(idx))
		for j, i := range idx {
			cf[j], ok[j], pr[j], tr[j] = conf[i], correct[i], in.Probs[i], truth[i]
		}
		return cf, ok, pr, tr
	}
	nan := math.NaN()
	if c.ECE, err = b.estimate(groups, n, func(idx []int) float64 {
		cf, ok, _, _ := sub(idx)
		v, err := metrics.ECE(cf, ok, bins)
		if err != nil {
			return nan
		}
		return v
	}); err != nil {
		return nil, err
	}
	if c.Brier, err = b.estimate(groups, n, func(idx []int) float64 {
		_, _, pr, tr := sub(idx)
		v, err := metrics.Brier(pr, tr)
		if err != nil {
			return nan
		}
		return v
	}); err != nil {
		return nil, err
	}
	if c.LogLoss, err = b.estimate(groups, n, func(idx []int) float64 {
		_, _, pr, tr := sub(idx)
		v, err := metrics.LogLoss(pr, tr)
		if err != nil {
			return nan
		}
		return v
	}); err != nil {
		return nil, err
	}
	return c, nil
}

func indexOf(set []string, s string) int {
	for i, x := range set {
		if x == s {
			return i
		}
	}
	return -1
}
