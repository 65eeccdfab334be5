package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/slant-project/slant/eval/bench"
	"github.com/slant-project/slant/models/stance"
)

const benchSemEvalUsage = `usage: slant bench semeval --data DIR --out FILE [--seed N] [--boot N] [--lambdas LIST]

SemEval-2016 Task 6, subtask A: stance toward Atheism, Climate Change is a
Real Concern, Feminist Movement, Hillary Clinton and Legalization of
Abortion. DIR holds the official release files
trainingdata-all-annotations.txt, trialdata-all-annotations.txt and
testdata-taskA-all-annotations.txt (tab-separated, header ID Target Tweet
Stance ...; the data is not redistributable and is never copied into the
repository). One classifier per target (slant's stance classifier with
FAVOR/AGAINST/NONE, word 1-3 and character 2-5 grams) is trained on
training+trial and predicts the test tweets; FILE gets the predictions as
ID<TAB>Target<TAB>Tweet<TAB>Stance. Prints F_avg = mean of F1(FAVOR) and
F1(AGAINST) pooled over all targets (the official score) and per target,
next to the published figures. Bad lines are reported as file:line on
stderr and skipped (exit 3).

flags:
`

// benchSemEval runs SemEval-2016 Task 6 subtask A.
func benchSemEval(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("bench semeval", benchSemEvalUsage, stderr)
	dir := fs.String("data", "", "`directory` of the SemEval-2016 Task 6 release files")
	out := fs.String("out", "", "write the test predictions to `file`")
	seed := fs.Uint64("seed", 1, "random `seed` (cross-validation folds, bootstrap)")
	boot := fs.Int("boot", 1000, "bootstrap `replicates` for the pooled F_avg interval (0: none)")
	lambdas := fs.String("lambdas", "", "comma-separated L2 `grid` (default: the stance package's)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "slant bench semeval: "+format+"\n", a...)
		return exitUsage
	}
	switch {
	case *dir == "":
		return usageErr("--data DIR is required (the directory of the SemEval-2016 Task 6 release files)")
	case *out == "":
		return usageErr("--out FILE is required (where to write the test predictions)")
	case fs.NArg() > 0:
		return usageErr("unexpected argument %q", fs.Arg(0))
	case *boot < 0:
		return usageErr("--boot %d: must be 0 or more", *boot)
	}
	grid, err := parseLambdas(*lambdas)
	if err != nil {
		return usageErr("--lambdas: %v", err)
	}
	skipped := 0
	skip := func(err error) {
		skipped++
		fmt.Fprintf(stderr, "slant bench semeval: %v\n", err)
	}
	train, test, notes, err := bench.LoadSemEval(*dir, skip)
	if err != nil {
		fmt.Fprintf(stderr, "slant bench semeval: %v\n", err)
		return exitFailure
	}
	for _, n := range notes {
		fmt.Fprintf(stderr, "slant bench semeval: %s\n", n)
	}
	if len(train) == 0 || len(test) == 0 {
		fmt.Fprintf(stderr, "slant bench semeval: %d training and %d test tweets: nothing to run\n", len(train), len(test))
		return exitFailure
	}
	cfg := bench.SemEvalConfig{Train: stance.TrainConfig{Lambdas: grid, Seed: *seed}, Boot: *boot, Seed: *seed}
	res, pred, err := bench.RunSemEval(ctx, train, test, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "slant bench semeval: %v\n", err)
		return exitFailure
	}
	for _, s := range res.Skipped {
		skip(errors.New(s))
	}
	var buf bytes.Buffer
	if err := bench.WriteSemEvalPredictions(&buf, test, pred); err != nil {
		fmt.Fprintf(stderr, "slant bench semeval: %v\n", err)
		return exitFailure
	}
	if d := filepath.Dir(*out); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			fmt.Fprintf(stderr, "slant bench semeval: %v\n", err)
			return exitFailure
		}
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		fmt.Fprintf(stderr, "slant bench semeval: %v\n", err)
		return exitFailure
	}
	if err := res.WriteTable(stdout); err != nil {
		fmt.Fprintf(stderr, "slant bench semeval: %v\n", err)
		return exitFailure
	}
	fmt.Fprintf(stdout, "\nwrote %d predictions to %s\n", res.All.N, *out)
	if skipped > 0 {
		return exitSkipped
	}
	return exitOK
}
