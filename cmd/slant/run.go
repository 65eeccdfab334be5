package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/slant-project/slant/pipeline"
	"github.com/slant-project/slant/pipeline/ingest"
)

// runFlags are slant run's options.
type runFlags struct {
	out      string
	profile  string
	model    string
	workers  int
	maxBytes int64
	quiet    bool
	db       string
	paths    []string
}

// parseRunFlags parses slant run's flags; ok is false when the command
// should stop with exit code code (-h: exitOK; a bad flag or value:
// exitUsage, with the problem on stderr).
func parseRunFlags(args []string, stderr io.Writer) (f runFlags, code int, ok bool) {
	fs := newFlagSet("slant run", "usage: slant run [flags] [PATH ...]\n\nTurns articles (files or directories of .txt/.md with an optional manifest.csv, .jsonl, .csv)\ninto scored claims and per-article and per-source measures. With no PATH it runs on the\nembedded sample corpus.\n\nflags:\n", stderr)
	fs.StringVar(&f.out, "out", "slant-out", "output `dir`ectory")
	fs.StringVar(&f.profile, "profile", "", "dispute profile `file` (default: the embedded junior-doctors-2016 profile)")
	fs.StringVar(&f.model, "model", "", "stance model `dir` from slant train (default: the embedded model)")
	fs.IntVar(&f.workers, "workers", runtime.NumCPU(), "number of workers, each running the whole stage chain")
	fs.Int64Var(&f.maxBytes, "max-bytes", 16<<20, "largest article, JSONL line or CSV record to read, in bytes")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress output")
	fs.StringVar(&f.db, "db", "", "SQLite store `file` for incremental runs")
	if code, ok := parseFlags(fs, args); !ok {
		return f, code, false
	}
	if f.workers < 1 {
		fmt.Fprintln(stderr, "slant run: --workers must be at least 1")
		return f, exitUsage, false
	}
	if f.maxBytes < 1 {
		fmt.Fprintln(stderr, "slant run: --max-bytes must be positive")
		return f, exitUsage, false
	}
	f.paths = fs.Args()
	return f, exitOK, true
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f, code, ok := parseRunFlags(args, stderr)
	if !ok {
		return code
	}
	rep, err := runPipeline(ctx, f, stderr)
	if err != nil {
		if errors.Is(err, context.Canceled) && ctx.Err() != nil {
			if f.db != "" {
				fmt.Fprintf(stderr, "slant run: interrupted; the articles finished so far are saved in %s: run the same command again to resume\n", f.db)
			} else {
				fmt.Fprintln(stderr, "slant run: interrupted; the outputs are incomplete (use --db FILE to make runs resumable)")
			}
			return exitFailure
		}
		fmt.Fprintf(stderr, "slant run: %v\n", err)
		return exitFailure
	}
	fmt.Fprintf(stdout, "%d inputs: %d articles processed, %d unchanged, %d rescored, %d failed, %d skipped; %d claims → %s\n",
		rep.Counts.Inputs, rep.Counts.Processed, rep.Counts.Unchanged, rep.Counts.Rescored, rep.Counts.Failed, rep.Counts.Skipped, rep.Counts.Claims, f.out)
	if rep.Counts.Failed+rep.Counts.Skipped > 0 {
		fmt.Fprintf(stdout, "some inputs were skipped or failed: see %s\n", filepath.Join(f.out, "run.json"))
		return exitSkipped
	}
	return exitOK
}

// runPipeline streams the inputs through the stage chain and writes every
// output; it returns the run record also written to run.json.
func runPipeline(ctx context.Context, f runFlags, stderr io.Writer) (*runRecord, error) {
	start := time.Now()
	env, err := loadEnv(f.profile, f.model)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(f.out, 0o755); err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	rec := newRunRecord(f, env)
	var timings pipeline.Timings
	chain := env.chain(&timings)

	outs, err := openOutputs(f.out, env)
	if err != nil {
		return nil, err
	}
	defer outs.close()

	items := make(chan ingest.Item)
	inputs := make(chan pipeline.Input)
	var stats ingest.Stats
	ingestErr := make(chan error, 1)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		var err error
		opts := ingest.Options{MaxBytes: f.maxBytes}
		if len(f.paths) == 0 {
			stats, err = ingest.StreamDefault(ctx, opts, items)
		} else {
			stats, err = ingest.Stream(ctx, f.paths, opts, items)
		}
		close(items)
		ingestErr <- err
	}()
	go func() {
		defer close(inputs)
		for it := range items {
			in := pipeline.Input{Article: it.Article}
			if it.Problem != nil {
				in = pipeline.Input{Problem: it.Problem}
			}
			select {
			case inputs <- in:
			case <-ctx.Done():
				return
			}
		}
	}()

	prog := newProgress(stderr, f.quiet)
	prog.estimate(ctx, f.paths)
	store, err := openStore(ctx, f.db, env)
	if err != nil {
		return nil, err
	}
	defer store.close()

	pool := pipeline.Pool{Chain: store.wrap(chain, &timings), Workers: f.workers}
	err = pool.Run(ctx, inputs, func(r pipeline.Result) error {
		rec.Counts.Inputs++
		switch {
		case r.Problem != nil:
			rec.skip(r.Problem)
			fmt.Fprintf(stderr, "skipped %v\n", r.Problem)
		case r.Err != nil:
			store.forget(r.Article)
			rec.fail(r.Article, r.Err)
			fmt.Fprintf(stderr, "failed %s (%s): %v\n", r.Article.ID, r.Article.Origin, r.Err)
		default:
			status, err := store.save(r.Article)
			if err != nil {
				return err
			}
			rec.done(r.Article, status)
			if err := outs.add(r.Article); err != nil {
				return err
			}
		}
		prog.tick(rec.Counts.Inputs)
		return nil
	})
	prog.finish(rec.Counts.Inputs)
	if err != nil {
		return nil, err // the deferred store.close commits what was saved
	}
	if err := store.flush(); err != nil {
		return nil, err
	}
	if err := <-ingestErr; err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	rec.Ingest = stats
	if err := outs.finish(ctx, rec); err != nil {
		return nil, err
	}
	rec.Timings = timings.Snapshot()
	rec.WallSeconds = time.Since(start).Seconds()
	if err := rec.write(filepath.Join(f.out, "run.json")); err != nil {
		return nil, err
	}
	return rec, nil
}
