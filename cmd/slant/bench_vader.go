package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/slant-project/slant/eval/bench"
	"github.com/slant-project/slant/models/sentiment"
)

const benchVaderUsage = `usage: slant bench vader --data DIR [--fit-out FILE [--newsmtsc DIR]]

Scores the four VADER ground-truth files in DIR (tweets, movie, amazon and
NYT editorial snippets: id<TAB>mean rating<TAB>text) and prints, per file and
per scorer (each sentiment component alone, the combination, and govader
measured on the same lines), Pearson's r with the mean human rating and its
95% Fisher-z CI, and 3-class F1 next to VADER's published figures.
Classes follow VADER's convention on both sides: >= 0.05 positive,
<= -0.05 negative, else neutral (our score in [-1,1]; the human mean on
-4..+4). F1 is the support-weighted mean of the per-class F1, macro-F1 the
plain mean. Bad lines are reported as file:line on stderr and skipped
(exit 3).

With --fit-out, first fits the combination weights on the tweets, movie and
amazon files (never the NYT file, the test) and, with --newsmtsc, on the
NewsMTSC train sentences whose targets agree; writes them to FILE (the
shipped artefact is models/sentiment/combine.json) and evaluates with them.

flags:
`

// benchVader benchmarks the sentiment model on VADER's ground truth.
func benchVader(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("bench vader", benchVaderUsage, stderr)
	dir := fs.String("data", "", "`directory` holding the *_GroundTruth.txt files")
	fitOut := fs.String("fit-out", "", "fit the combination and write it to `file`")
	newsDir := fs.String("newsmtsc", "", "NewsMTSC `directory` (train.jsonl) to fit on too, with --fit-out")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *dir == "" {
		fmt.Fprintln(stderr, "slant bench vader: --data DIR is required (the directory of VADER's *_GroundTruth.txt files)")
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "slant bench vader: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	if *newsDir != "" && *fitOut == "" {
		fmt.Fprintln(stderr, "slant bench vader: --newsmtsc only counts with --fit-out")
		return exitUsage
	}
	skipped := 0
	skip := func(err error) {
		skipped++
		fmt.Fprintf(stderr, "slant bench vader: %v\n", err)
	}
	sets, err := bench.LoadVader(*dir, skip)
	if err != nil {
		fmt.Fprintf(stderr, "slant bench vader: %v\n", err)
		return exitFailure
	}
	m, err := sentiment.Default()
	if err != nil {
		fmt.Fprintf(stderr, "slant bench vader: %v\n", err)
		return exitFailure
	}
	if *fitOut != "" {
		if m, err = fitVader(ctx, m, sets, *newsDir, *fitOut, args, skip, stdout); err != nil {
			fmt.Fprintf(stderr, "slant bench vader: %v\n", err)
			return exitFailure
		}
	}
	rows, err := bench.EvalVader(ctx, sets, bench.VaderScorers(m))
	if err != nil {
		fmt.Fprintf(stderr, "slant bench vader: %v\n", err)
		return exitFailure
	}
	fmt.Fprintf(stdout, "model: %s\n", m.Version())
	if err := bench.WriteVaderTable(stdout, rows); err != nil {
		fmt.Fprintf(stderr, "slant bench vader: %v\n", err)
		return exitFailure
	}
	if skipped > 0 {
		fmt.Fprintf(stderr, "slant bench vader: %d problem(s) reported above; those lines were skipped\n", skipped)
		return exitSkipped
	}
	return exitOK
}

// fitVader fits and writes the combination and returns a model using it.
func fitVader(ctx context.Context, m *sentiment.Model, sets []bench.VaderSet, newsDir, out string, args []string, skip func(error), stdout io.Writer) (*sentiment.Model, error) {
	var news *bench.NewsMTSCSet
	if newsDir != "" {
		s, err := bench.LoadNewsMTSC(newsDir, bench.NewsMTSCTrain, skip)
		if err != nil {
			return nil, err
		}
		news = &s
	}
	cmd := "slant bench vader " + strings.Join(args, " ")
	c, err := bench.FitCombination(ctx, m, sets, news, cmd)
	if err != nil {
		return nil, err
	}
	b, err := c.Encode()
	if err != nil {
		return nil, fmt.Errorf("encode combination: %w", err)
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		return nil, fmt.Errorf("write combination: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %s\n", out)
	bench.WriteFitReport(stdout, c)
	t, err := sentiment.ParseTarget(sentiment.EmbeddedTarget())
	if err != nil {
		return nil, err
	}
	return sentiment.New(c, t)
}
