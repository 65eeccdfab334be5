package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/slant-project/slant/eval/bench"
	"github.com/slant-project/slant/models/sentiment"
)

const benchNewsMTSCUsage = `usage: slant bench newsmtsc --data DIR [--fit-out FILE]

Target-dependent sentiment on NewsMTSC (DIR holds train.jsonl and
devtest_mt.jsonl). Trains the target model (a multinomial logistic
regression over lexicon and Bayes features around the mention; L2 strength
by 5-fold cross-validation on train) on train.jsonl, tests it on
devtest_mt.jsonl and prints macro-F1, per-class F1 and accuracy in percent
next to the published best (RoBERTa GRU-TSC, 83.1), with the shipped model
(ScoreSpan), the whole-sentence score and the majority class for
reference. Bad lines or targets are reported as file:line on stderr and
skipped (exit 3).

With --fit-out, also writes the trained model to FILE (the shipped artefact
is models/sentiment/target.json).

flags:
`

// benchNewsMTSC benchmarks target-dependent sentiment on NewsMTSC.
func benchNewsMTSC(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("bench newsmtsc", benchNewsMTSCUsage, stderr)
	dir := fs.String("data", "", "`directory` holding train.jsonl and devtest_mt.jsonl")
	fitOut := fs.String("fit-out", "", "write the trained target model to `file`")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *dir == "" {
		fmt.Fprintln(stderr, "slant bench newsmtsc: --data DIR is required (the directory of NewsMTSC's train.jsonl and devtest_mt.jsonl)")
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "slant bench newsmtsc: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "slant bench newsmtsc: %v\n", err)
		return exitFailure
	}
	skipped := 0
	skip := func(err error) {
		skipped++
		fmt.Fprintf(stderr, "slant bench newsmtsc: %v\n", err)
	}
	train, err := bench.LoadNewsMTSC(*dir, bench.NewsMTSCTrain, skip)
	if err != nil {
		return fail(err)
	}
	test, err := bench.LoadNewsMTSC(*dir, bench.NewsMTSCTest, skip)
	if err != nil {
		return fail(err)
	}
	m, err := sentiment.Default()
	if err != nil {
		return fail(err)
	}
	ex, err := bench.TargetExamples(ctx, m, train)
	if err != nil {
		return fail(err)
	}
	t, cv, err := bench.FitNewsMTSC(ex)
	if err != nil {
		return fail(err)
	}
	t.Provenance = sentiment.Provenance{
		Command: "slant bench newsmtsc " + strings.Join(args, " "),
		Method:  fmt.Sprintf("multinomial logistic regression (L-BFGS, gonum/optimize), L2 %g chosen by 5-fold CV macro-F1 on train", t.L2),
		Uses:    "combine:" + m.ID("combine") + " lexicon:" + m.ID("lexicon") + " bayes:" + m.ID("bayes"),
		Files: []sentiment.FileSum{
			{Name: train.Name, SHA256: train.SHA256, Lines: train.Lines, Role: "train"},
			{Name: test.Name, SHA256: test.SHA256, Lines: test.Lines, Role: "test, not used in training"},
		},
		Fit:     map[string]float64{},
		Bayes:   sentiment.BayesModule + " model.json via models/sentiment/bayes_counts.tsv",
		Lexicon: "github.com/jonreiter/govader + data/" + sentiment.SupplementPath,
	}
	l2s := make([]float64, 0, len(cv))
	for l2 := range cv {
		l2s = append(l2s, l2)
	}
	sort.Float64s(l2s)
	for _, l2 := range l2s {
		t.Provenance.Fit[fmt.Sprintf("cv macro-F1 l2=%g", l2)] = cv[l2]
	}
	if *fitOut != "" {
		b, err := t.Encode()
		if err != nil {
			return fail(err)
		}
		if err := os.WriteFile(*fitOut, b, 0o644); err != nil {
			return fail(fmt.Errorf("write target model: %w", err))
		}
		fmt.Fprintf(stdout, "wrote %s\n", *fitOut)
	}
	rows, err := bench.EvalNewsMTSC(ctx, m, t, ex, test)
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "model: %s\ntrain: %d mentions; L2 %g (5-fold CV macro-F1 on train:", m.Version(), len(ex), t.L2)
	for _, l2 := range l2s {
		fmt.Fprintf(stdout, " %g→%.1f", l2, 100*cv[l2])
	}
	fmt.Fprintln(stdout, ")")
	if err := bench.WriteNewsMTSCTable(stdout, test.Targets(), rows); err != nil {
		return fail(err)
	}
	if skipped > 0 {
		fmt.Fprintf(stderr, "slant bench newsmtsc: %d problem(s) reported above; those lines or targets were skipped\n", skipped)
		return exitSkipped
	}
	return exitOK
}
