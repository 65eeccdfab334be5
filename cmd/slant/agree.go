package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/slant-project/slant/eval/agree"
)

const agreeUsage = `usage: slant agree A.csv B.csv [C.csv ...] [flags]

Inter-annotator agreement on the units the files share. Each file is one
annotator's labels: a CSV with a header, one row per unit. Units are matched
by --key (default: article_id,start,end when every file has those columns,
the gold format of data/gold/GUIDELINES.md section 7; otherwise id).
Prints Krippendorff's alpha with a bootstrap 95% CI and P(alpha < --min),
pairwise Cohen's kappa, label counts, and the units only one annotator
labelled. Empty labels count as missing. Malformed rows are reported as
file:line on stderr and skipped (exit 3).

flags:
`

// cmdAgree measures inter-annotator agreement between annotators' CSV files.
func cmdAgree(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("agree", agreeUsage, stderr)
	col := fs.String("col", "stance", "label `column` to compare")
	idCol := fs.String("id-col", "", "single `column` identifying a unit (instead of --key)")
	key := fs.String("key", "", "comma-separated `columns` identifying a unit (default article_id,start,end, else id)")
	level := fs.String("level", "nominal", "level of measurement: nominal, ordinal, interval or ratio")
	order := fs.String("order", "", "comma-separated label `order`, low to high, for ordinal/interval/ratio (default: stance pro_gov,neutral,pro_jdc; sentiment negative,neutral,positive)")
	boot := fs.Int("boot", 2000, "bootstrap `replicates` for the CI of alpha (0: none)")
	seed := fs.Uint64("seed", 1, "bootstrap random `seed`")
	minAlpha := fs.Float64("min", agree.DefaultMin, "report P(alpha < `min`)")
	cluster := fs.String("cluster", "", "resample units in groups sharing this `column` (e.g. article_id) instead of one by one")
	asJSON := fs.Bool("json", false, "write the report as JSON")

	// Flags may come before, between or after the file names.
	var files []string
	for {
		if code, ok := parseFlags(fs, args); !ok {
			return code
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "slant agree: "+format+"\n", a...)
		return exitUsage
	}
	if len(files) < 2 {
		return usageErr("need at least two annotators' CSV files, got %d (see slant agree -h)", len(files))
	}
	opt := agree.Options{Column: *col, Boot: *boot, Seed: *seed, Min: *minAlpha, Cluster: *cluster}
	if *boot < 0 {
		return usageErr("--boot %d: must be 0 or more", *boot)
	}
	lv, err := agree.ParseLevel(*level)
	if err != nil {
		return usageErr("--level: %v", err)
	}
	opt.Level = lv
	switch {
	case *idCol != "" && *key != "":
		return usageErr("give --id-col or --key, not both")
	case *idCol != "":
		opt.Key = []string{strings.TrimSpace(*idCol)}
	case *key != "":
		opt.Key = agreeSplit(*key)
	}
	if *order != "" {
		opt.Order = agreeSplit(*order)
	}

	inputs := make([]agree.Input, 0, len(files))
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return usageErr("%v", err)
		}
		defer f.Close()
		inputs = append(inputs, agree.Input{Name: name, R: f})
	}
	if err := ctx.Err(); err != nil {
		fmt.Fprintf(stderr, "slant agree: %v\n", err)
		return exitFailure
	}
	rep, err := agree.Analyze(inputs, opt)
	if err != nil {
		fmt.Fprintf(stderr, "slant agree: %v\n", err)
		if errors.Is(err, agree.ErrUsage) {
			return exitUsage
		}
		return exitFailure
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(stderr, "slant agree: %s\n", p)
	}
	if *asJSON {
		err = rep.WriteJSON(stdout)
	} else {
		err = rep.WriteText(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "slant agree: write report: %v\n", err)
		return exitFailure
	}
	if len(rep.Problems) > 0 {
		return exitSkipped
	}
	return exitOK
}

// agreeSplit splits a comma-separated flag value, trimming blanks and
// dropping empty items.
func agreeSplit(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
