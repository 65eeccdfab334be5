// Package bias measures how articles and sources lean in the dispute, from
// scored claims, with uncertainty.
//
// Every measure is defined on a Counts value, the sufficient statistics of
// a set of claims (one article's section, or all the articles of a source's
// section). Compute turns Counts into the measures; the formulas are on the
// Measure constants. Three kinds of measure exist:
//
//   - shares x / n of a count x among n claims (share_pro_gov, …);
//   - net slants (n_pro_jdc − n_pro_gov) / (n_pro_jdc + n_pro_gov) over the
//     stance-bearing claims, in [−1, 1], −1 all pro_gov, +1 all pro_jdc;
//   - means Σv / n of a claim value v (stance_score, sentiment).
//
// A measure whose denominator is 0 is undefined and is NaN (an empty CSV
// cell, "–" in the report), never 0.
//
// The sections of a page are never mixed: an outlet's editorial text
// (article.SectionBody) and its readers' comments (article.SectionComment)
// are measured separately, per article and per source.
//
// Source-level estimates pool claims (Σ counts over the source's articles,
// so a long article weighs more than a short one), and their 95% intervals
// come from a percentile bootstrap that resamples whole articles within the
// source (claims of one article are not independent): see Bootstrap. A
// source section with a single article, where that bootstrap has nothing
// to resample, gets a claim-level interval instead (ClaimEstimates: Wilson
// for shares and net slants, Student t from Σv and Σv² for means), which
// treats its claims as independent and so understates the uncertainty;
// SourceMeasures.CI tells the two apart (ci_method in sources.csv).
// Article-level shares carry a claim-level Wilson score interval (see
// Wilson); article-level means have no interval (NaN).
//
// Aggregation works from small per-article summaries (Summarize): counts,
// sums, distinct speakers and the k most one-sided claims of each section,
// never the claims themselves, so that a batch of hundreds of thousands of
// articles fits in memory.
//
// Sources are compared by Pearson's chi-square test of independence of
// source × stance and by the pairwise Jensen–Shannon divergence of their
// stance distributions (Compare), computed with slant's eval/metrics.
package bias
