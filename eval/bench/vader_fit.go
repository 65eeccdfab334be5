package bench

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/slant-project/slant/models/sentiment"
)

// FitCombination fits the sentiment combination (see sentiment.Fit) on the
// VADER sets that are not the test file (the NYT snippets are never
// used), and, when news is not nil, on the
// NewsMTSC sentences whose targets agree (news.AgreeingSentences), which
// also set the neutral threshold. command is recorded in the provenance.
func FitCombination(ctx context.Context, m *sentiment.Model, sets []VaderSet, news *NewsMTSCSet, command string) (sentiment.Combination, error) {
	var fs []sentiment.FitSet
	prov := sentiment.Provenance{
		Command: command,
		Method:  "sentiment.Fit: priors, scales, weights and gain maximise the mean over the fit sets of Pearson r with gold; neutral threshold maximises macro-F1 on the NewsMTSC sentences",
		Bayes:   sentiment.BayesModule + " model.json via models/sentiment/bayes_counts.tsv, Laplace-smoothed log-likelihood ratios",
		Uses:    "lexicon:" + m.ID("lexicon") + " bayes:" + m.ID("bayes"),
		Lexicon: "github.com/jonreiter/govader lexicon, boosters, negations, idioms + data/" + sentiment.SupplementPath,
	}
	for _, s := range sets {
		if s.File.Test {
			prov.Files = append(prov.Files, sentiment.FileSum{Name: s.File.Name, SHA256: s.SHA256, Lines: s.Lines, Role: "test, not used"})
			continue
		}
		ev := make([]sentiment.Evidence, len(s.Items))
		gold := make([]float64, len(s.Items))
		for i, it := range s.Items {
			if i%512 == 0 && ctx.Err() != nil {
				return sentiment.Combination{}, ctx.Err()
			}
			ev[i] = m.Evidence(it.Text)
			gold[i] = it.Mean
		}
		fs = append(fs, sentiment.FitSet{Name: s.File.Short, Evidence: ev, Gold: gold})
		prov.Files = append(prov.Files, sentiment.FileSum{Name: s.File.Name, SHA256: s.SHA256, Lines: s.Lines, Role: "fit"})
	}
	if news != nil {
		texts, gold := news.AgreeingSentences()
		ev := make([]sentiment.Evidence, len(texts))
		for i, t := range texts {
			ev[i] = m.Evidence(t)
		}
		fs = append(fs, sentiment.FitSet{Name: "newsmtsc-train", Evidence: ev, Gold: gold, Classes: true})
		prov.Files = append(prov.Files, sentiment.FileSum{Name: news.Name, SHA256: news.SHA256, Lines: news.Lines, Role: "fit (sentences whose targets agree), neutral threshold"})
	}
	c, report, err := sentiment.Fit(fs)
	if err != nil {
		return sentiment.Combination{}, fmt.Errorf("fit combination: %w", err)
	}
	prov.Fit = report
	c.Provenance = prov
	return c, nil
}

// WriteFitReport prints the per-set correlations of a fit, sorted.
func WriteFitReport(w io.Writer, c sentiment.Combination) {
	keys := make([]string, 0, len(c.Provenance.Fit))
	for k := range c.Provenance.Fit {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "fit: lexicon prior %g words, bayes prior %g words, scales %.4g/%.4g, weights %.3f/%.3f, gain %.4g, neutral %.3f\n",
		c.LexiconPrior, c.BayesPrior, c.LexiconScale, c.BayesScale, c.WLexicon, c.WBayes, c.Gain, c.Neutral)
	for _, k := range keys {
		fmt.Fprintf(&b, "  fit %-32s %.3f\n", k, c.Provenance.Fit[k])
	}
	io.WriteString(w, b.String())
}
