// Package harness is slant's evaluation harness: it reads gold labels
// (the project's gold format, data/gold/GUIDELINES.md §7, or a plain
// id/text/stance file), aligns them with what the pipeline or a
// predictions file says about the same units, and measures every stage a
// researcher may want to cite:
//
//   - stance and sentiment labels: accuracy, per-class precision, recall
//     and F1, macro-F1, the SemEval-2016 stance score F_avg, Cohen's κ, the
//     confusion matrix, and (stance) calibration: ECE, Brier score, log
//     loss and a reliability diagram;
//   - an ablation of the stance model's signals, each alone and combined;
//   - a paired bootstrap comparison with a second predictions file;
//   - cleaning (furniture removal precision and recall by byte overlap),
//     segmentation (gold units matched exactly by a claim) and quote
//     attribution (the Gender Gap Tracker's overlap matching at 0.3 and
//     0.8, then speaker accuracy).
//
// Every figure carries a 95% percentile bootstrap interval that resamples
// articles, not claims (metrics.ClusterBootstrap), so the correlation of
// sentences within an article does not make the interval falsely narrow.
//
// Gold units are matched to the pipeline's claims by (article_id, start,
// end) with the text hash checked; a unit whose hash does not match, or
// that no claim matches, is counted and listed, never silently aligned
// with something else. With a model (embedded, or retrained per fold under
// cross-validation) such units are scored on their own gold text, and the
// report says how many were.
//
// Cross-validation (CrossValidate) holds out groups (articles or sources):
// no unit is ever scored by a model trained on a unit of its own group.
//
// The results are one Report value, written as eval.json (every figure),
// eval.md (tables to paste, with a "how computed" section) and eval.html
// (self-contained, html/template escaped, with SVG plots by gonum/plot).
package harness
