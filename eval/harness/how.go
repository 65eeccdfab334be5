package harness

import (
	"fmt"

	"github.com/slant-project/slant/eval/metrics"
)

// howComputed returns the "how computed" paragraphs of a report.
func howComputed(rep *Report, cfg Config) []string {
	var h []string
	h = append(h, fmt.Sprintf("Units. The gold file %s (%s format) has %d units; %d are page furniture (stance boilerplate) and are left out of the stance and sentiment figures, which are computed on the %d content units that have a prediction (n in each table).",
		rep.Gold.Path, rep.Gold.Format, rep.Gold.Units, rep.Gold.Boilerplate, rep.Alignment.Scored))
	if rep.Gold.Format == FormatGold {
		h = append(h, "Alignment. A gold unit is matched to the pipeline's claim with the same article_id, start and end (byte offsets into the article's decoded text), after checking that the span is inside the article, that the gold text equals the article's text there and that text_sha256 is its hash (first 16 hex digits of SHA-256). Units failing a check are listed under hash mismatches and never aligned with another span; units no claim matches exactly are listed as unmatched.")
	}
	h = append(h, "Scoring. "+rep.Scoring)
	h = append(h, "Label figures. From the confusion matrix C (rows gold, columns predicted): accuracy = Σ_k C[k][k] / N; for each label k, precision P_k = C[k][k] / Σ_i C[i][k], recall R_k = C[k][k] / Σ_j C[k][j], F1_k = 2·P_k·R_k / (P_k + R_k) (0 when a denominator is 0, as scikit-learn's zero_division=0); macro-F1 = mean of F1_k over all labels; F_avg = (F1(pro_gov) + F1(pro_jdc)) / 2, the SemEval-2016 Task 6 score with pro_gov and pro_jdc as FAVOR and AGAINST (neutral predictions still count as errors); for sentiment the same mean over negative and positive (F1^PN); Cohen's κ = (p_o − p_e) / (1 − p_e) with p_e = Σ_k r_k·c_k / N² from the row and column totals.")
	h = append(h, fmt.Sprintf("Calibration. Each prediction's confidence is the probability it gives its predicted stance. Items are put in %d equal-width confidence bins ((k−1)/%d, k/%d]; the reliability diagram plots each bin's accuracy against its mean confidence, and ECE = Σ_k (|B_k|/N)·|acc(B_k) − conf(B_k)| (Guo et al. 2017). Brier = (1/N) Σ_i Σ_c (p_ic − y_ic)² over the three stances (range 0–2); log loss = −(1/N) Σ_i ln p_i,gold (probabilities floored at 1e-15).",
		DefaultBins, DefaultBins, DefaultBins))
	unit := "articles"
	if rep.Bootstrap.Unit != "article" {
		unit = "units (the gold file has no article ids)"
	}
	h = append(h, fmt.Sprintf("Intervals. Every [lo, hi] is a %.0f%% percentile bootstrap interval from %d replicates (seed %d) that resample whole %s with replacement (%d groups; metrics.ClusterBootstrap), recomputing the figure on all units of the drawn articles, so the dependence of sentences within one article is not mistaken for independent evidence. Every figure uses the same resampled articles. With few articles the intervals are wide and coarse; they describe the variation between articles of this corpus, not of all coverage.",
		100*metrics.BootstrapLevel, rep.Bootstrap.B, rep.Bootstrap.Seed, unit, rep.Bootstrap.Groups))
	if rep.Ablation != nil {
		h = append(h, "Ablation. "+rep.AblationNote)
	}
	if rep.Compare != nil {
		h = append(h, "Comparison. A paired bootstrap over the same resampled articles: each replicate computes the figure for both prediction sets on the same units, δ* = A − B. The interval is the percentile interval of δ*; the two-sided p-value is p = (1 + #{|δ*_r − δ̂| ≥ |δ̂|}) / (B′ + 1) over the B′ defined replicates (Efron & Tibshirani 1993, §16.4).")
	}
	if rep.Cleaning != nil {
		h = append(h, "Cleaning. Over the bytes of the gold units of each article (units whose span agrees with the article), a byte counts as removed when the cleaner put it in a furniture block. Byte precision = removed bytes of boilerplate units / removed bytes; byte recall = removed bytes of boilerplate units / bytes of boilerplate units. At the unit level, a unit counts as removed when at least half its bytes are. Ratios are of sums over articles.")
		h = append(h, "Segmentation. Unit recall = gold content units whose exact span [start, end) is a claim's / gold content units; claim precision = claims whose exact span is a gold unit's (any label) / claims, in the articles that have gold units.")
		h = append(h, fmt.Sprintf("Attribution. As the Gender Gap Tracker evaluates quotes (Asr et al. 2021): the claims the pipeline marks voice=quote are matched to the gold units with voice=quote within each article; each gold quote, in text order, takes the unmatched predicted quote covering the largest share of it, |gold ∩ pred| / |gold|, when that share is above the threshold (%.1f loose, %.1f strict). Precision = matched / predicted quotes, recall = matched / gold quotes. Among quotes matched at %.1f, the speaker is right when the normalised names (lower case, no punctuation, no leading title) are equal or one is a contiguous part of the other (\"McCourt\" for \"Ellen McCourt\"); the exact figure requires equal names; the side is right when the predicted speaker side equals the gold speaker_side. Voice accuracy is over content units matched exactly by a claim.",
			metrics.LooseOverlap, metrics.StrictOverlap, metrics.LooseOverlap))
	}
	return h
}
