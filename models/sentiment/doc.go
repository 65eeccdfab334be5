// Package sentiment scores the sentiment of a text, and the sentiment a
// text expresses towards one mention in it, in [-1, 1].
//
// Two components, each its own score in [-1, 1]:
//
//   - Lexicon: VADER's lexicon, intensifiers, negations and idioms
//     (github.com/jonreiter/govader, through its API) plus the supplement
//     data/lexicons/sentiment-news.txt, with negation scoped to the clause
//     ("not bad", "no complaints", "never good"; "not only", "no doubt" and
//     "never so" handled), intensifiers and dampeners, contrast ("…, but …"
//     and "however" weigh what follows 1.5 and what precedes 0.5;
//     "although"/"despite" clauses 0.5), curly quotes and apostrophes,
//     ALL-CAPS emphasis, '!' and '?' emphasis, multi-word names ("United
//     States"), and "like" as a preposition. The sum S of the modified
//     valences is divided by √(n + n₀) for n words, so a long sentence does
//     not saturate the way VADER's S/√(S²+15) does.
//   - Bayes: the log-likelihood ratios of cdipaolo/sentiment's naive Bayes
//     counts (IMDB reviews), summed and divided by the number of known
//     words plus k₀ (never a product of probabilities, so no underflow).
//     The model has two classes and no neutral one: a score near 0 means
//     balanced or scarce evidence, which is how it says neutral.
//
// Score = tanh(Gain·(w_L·zL + w_B·zB)), with weights fitted (see Fit and
// combine.json) on VADER's tweet, movie and Amazon sets and NewsMTSC's
// train sentences, never on the NYT editorial set used to test it. Label
// is neutral when |Score| is below a threshold fitted on NewsMTSC.
//
// ScoreSpan scores the sentiment towards a mention with a small logistic
// regression (target.json, trained on NewsMTSC train) over lexicon and
// Bayes features weighted by distance to the mention.
//
// All offsets are byte offsets into the text. Nothing here reads files or
// the network at run time: the lexicons and artefacts are embedded.
package sentiment
