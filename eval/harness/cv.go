package harness

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"

	"github.com/slant-project/slant/models/stance"
)

// Model gives the predictor of one stance signal (*stance.Model
// satisfies it).
type Model interface {
	Predictor(s stance.Signal) (stance.Predictor, error)
}

// Trainer fits a stance model on labelled rows.
type Trainer interface {
	Train(ctx context.Context, rows []stance.Labeled) (Model, error)
}

// TrainerFunc adapts a function to Trainer.
type TrainerFunc func(ctx context.Context, rows []stance.Labeled) (Model, error)

// Train calls f.
func (f TrainerFunc) Train(ctx context.Context, rows []stance.Labeled) (Model, error) {
	return f(ctx, rows)
}

// Fold is one cross-validation fold.
type Fold struct {
	// Held lists the groups the fold holds out.
	Held []string `json:"held_out"`
	// Test are the indices of the items scored by the fold's model (the
	// items of the held-out groups); Train the indices of the items it is
	// trained on (all others).
	Test  []int `json:"-"`
	Train []int `json:"-"`
}

// SplitFolds assigns the items' groups to folds. With k ≤ 0 or k at least
// the number of distinct groups, each group is its own fold
// (leave-one-group-out), in sorted group order; otherwise the sorted
// groups are shuffled with seed (rand.NewPCG(seed, 0)) and dealt round
// robin into k folds. Every item is in the Test set of exactly one fold,
// and no fold trains on an item of a group it holds out. It returns an
// error when an item has an empty group or there are fewer than two
// groups.
func SplitFolds(groups []string, k int, seed uint64) ([]Fold, error) {
	var names []string
	seen := map[string]bool{}
	for i, g := range groups {
		if g == "" {
			return nil, fmt.Errorf("split folds: item %d has no group", i)
		}
		if !seen[g] {
			seen[g] = true
			names = append(names, g)
		}
	}
	if len(names) < 2 {
		return nil, fmt.Errorf("split folds: need at least 2 groups, have %d", len(names))
	}
	sort.Strings(names)
	if k <= 0 || k > len(names) {
		k = len(names)
	}
	foldOf := map[string]int{}
	if k == len(names) {
		for i, g := range names {
			foldOf[g] = i
		}
	} else {
		rng := rand.New(rand.NewPCG(seed, 0))
		rng.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
		for i, g := range names {
			foldOf[g] = i % k
		}
	}
	folds := make([]Fold, k)
	for _, g := range names {
		f := &folds[foldOf[g]]
		f.Held = append(f.Held, g)
	}
	for i := range folds {
		sort.Strings(folds[i].Held)
	}
	for i, g := range groups {
		for j := range folds {
			if foldOf[g] == j {
				folds[j].Test = append(folds[j].Test, i)
			} else {
				folds[j].Train = append(folds[j].Train, i)
			}
		}
	}
	return folds, nil
}

// CrossValidate trains one model per fold on the rows of the fold's Train
// items plus extra (rows never scored, e.g. synthetic sentences) and
// predicts the inputs of its Test items with every signal. rows and inputs
// are parallel (item i is trained on as rows[i] and scored as inputs[i]);
// the result holds, per signal, one prediction per item. A signal the
// fold's model lacks is an error. progress, when not nil, is told of each
// fold before it is trained.
func CrossValidate(ctx context.Context, tr Trainer, folds []Fold, rows []stance.Labeled, extra []stance.Labeled,
	inputs []stance.Input, signals []stance.Signal, progress func(fold int, f Fold)) (map[stance.Signal][]stance.Prediction, error) {
	if len(rows) != len(inputs) {
		return nil, fmt.Errorf("cross-validate: %d rows, %d inputs", len(rows), len(inputs))
	}
	if tr == nil {
		return nil, errors.New("cross-validate: no trainer")
	}
	out := map[stance.Signal][]stance.Prediction{}
	done := make([]bool, len(inputs))
	for _, s := range signals {
		out[s] = make([]stance.Prediction, len(inputs))
	}
	for fi, f := range folds {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if progress != nil {
			progress(fi, f)
		}
		train := make([]stance.Labeled, 0, len(f.Train)+len(extra))
		for _, i := range f.Train {
			train = append(train, rows[i])
		}
		train = append(train, extra...)
		m, err := tr.Train(ctx, train)
		if err != nil {
			return nil, fmt.Errorf("cross-validate, fold %d (holding out %v): %w", fi+1, f.Held, err)
		}
		for _, s := range signals {
			p, err := m.Predictor(s)
			if err != nil {
				return nil, fmt.Errorf("cross-validate, fold %d: %w", fi+1, err)
			}
			for _, i := range f.Test {
				out[s][i] = p.Predict(inputs[i])
			}
		}
		for _, i := range f.Test {
			done[i] = true
		}
	}
	for i, d := range done {
		if !d {
			return nil, fmt.Errorf("cross-validate: item %d is in no fold's test set", i)
		}
	}
	return out, nil
}
