package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/slant-project/slant/pipeline/export"
	"github.com/slant-project/slant/pipeline/report"
)

const reportUsage = "usage: slant report --from DIR [--out DIR] [--title TEXT]\n\nRebuild report.html and report.md from a run's CSV files.\n"

// cmdReport rebuilds report.html and report.md from the CSV files of a
// run (claims.csv, articles.csv, sources.csv and, if present, run.json).
// Exit codes: 0 done; 1 a required file is missing or unusable, or the
// report cannot be written; 2 bad usage; 3 done, but rows were skipped.
func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("report", reportUsage, stderr)
	from := fs.String("from", "", "run output `DIR` holding claims.csv, articles.csv, sources.csv (and run.json)")
	out := fs.String("out", "", "`DIR` to write report.html and report.md into (default: the --from directory)")
	title := fs.String("title", "", "report title (default: run.json's, or \""+report.DefaultTitle+"\")")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "slant report: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return exitUsage
	}
	if *from == "" {
		fmt.Fprintln(stderr, "slant report: --from DIR is required")
		fs.Usage()
		return exitUsage
	}
	if st, err := os.Stat(*from); err != nil || !st.IsDir() {
		fmt.Fprintf(stderr, "slant report: --from %s: not a directory\n", *from)
		return exitUsage
	}
	dir := *out
	if dir == "" {
		dir = *from
	}
	res, meta, probs, err := report.Load(ctx, *from)
	skipped := false
	for _, p := range probs {
		fmt.Fprintln(stderr, "slant report:", p)
		var re *export.RowError
		if errors.As(p, &re) {
			skipped = true
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "slant report:", err)
		if errors.Is(err, export.ErrColumn) {
			return exitUsage
		}
		return exitFailure
	}
	if *title != "" {
		meta.Title = *title
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(stderr, "slant report:", err)
		return exitFailure
	}
	if err := report.Write(dir, res, meta); err != nil {
		fmt.Fprintln(stderr, "slant report:", err)
		return exitFailure
	}
	sources := make(map[string]bool)
	for _, s := range res.Sources {
		sources[s.Source] = true
	}
	fmt.Fprintf(stdout, "wrote %s and %s (%d sources, %d articles, %d claims)\n",
		filepath.Join(dir, report.HTMLFile), filepath.Join(dir, report.MarkdownFile), len(sources), res.Articles, res.Claims)
	if skipped {
		return exitSkipped
	}
	return exitOK
}
