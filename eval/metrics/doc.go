// Package metrics holds the evaluation statistics slant reports: confusion
// matrices and the scores derived from them (accuracy, per-class precision,
// recall and F1, macro-F1, the SemEval-2016 stance score F_avg, Cohen's
// kappa), calibration (expected calibration error, reliability-diagram bins,
// Brier score, log loss), correlation with Fisher-z intervals, cluster
// (grouped) bootstrap intervals and paired bootstrap tests, the chi-square
// test of independence, the Jensen–Shannon divergence, and overlap matching
// of quote spans as the Gender Gap Tracker evaluates it.
//
// Every function is pure: it reads its slices and never modifies or keeps
// them. Nothing here panics on empty, mismatched or non-finite input;
// functions either return an error wrapping ErrEmpty, ErrLength or
// ErrDomain, or return NaN where the statistic is undefined, as each doc
// comment states.
//
// Division by zero in precision, recall and F1 follows scikit-learn's
// zero_division=0: a ratio whose denominator is zero is 0.
package metrics

import "errors"

// Errors wrapped by the functions of this package.
var (
	// ErrEmpty: the input holds no items.
	ErrEmpty = errors.New("empty input")
	// ErrLength: slices that must be parallel have different lengths.
	ErrLength = errors.New("length mismatch")
	// ErrDomain: a value is outside the domain of the statistic
	// (NaN, a probability outside [0,1], a negative count, an unknown label).
	ErrDomain = errors.New("value out of domain")
)
