package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/profile"
	"github.com/slant-project/slant/pipeline/store"
)

// cmdExport writes the CSVs, the report and run.json of every article in
// a --db store, with the same writers as slant run, streaming the articles
// in store order (the order they first entered the store; for a store
// built by one run, that run's input order).
func cmdExport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var dbPath, out, profilePath string
	fs := newFlagSet("slant export", "usage: slant export --db FILE [--out DIR]\n\nWrites claims.csv, articles.csv, sources.csv, the report and run.json for every\narticle in the store, as slant run does, without processing anything.\n\nflags:\n", stderr)
	fs.StringVar(&dbPath, "db", "", "SQLite store `file` written by slant run --db (required)")
	fs.StringVar(&out, "out", "slant-out", "output `dir`ectory")
	fs.StringVar(&profilePath, "profile", "", "dispute profile `file` named in the report (default: the embedded profile)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if dbPath == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "slant export: --db FILE is required and no other argument is taken")
		return exitUsage
	}
	rec, err := exportStore(ctx, dbPath, out, profilePath, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "slant export: %v\n", err)
		return exitFailure
	}
	fmt.Fprintf(stdout, "%d articles, %d claims from %s → %s\n", rec.Counts.Inputs, rec.Counts.Claims, dbPath, out)
	return exitOK
}

// exportStore streams the store's articles into the run outputs in dir.
func exportStore(ctx context.Context, dbPath, dir, profilePath string, stderr io.Writer) (*runRecord, error) {
	start := time.Now()
	p, err := profile.Load(profilePath)
	if err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, dbPath, store.Existing)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	env := &runEnv{profile: p, versions: map[string]string{}}
	rec := newRunRecord(runFlags{paths: []string{dbPath}, db: dbPath}, env)
	rec.Workers = 0
	outs, err := openOutputs(dir, env)
	if err != nil {
		return nil, err
	}
	defer outs.close()

	// Versions seen, by canonical form, in first-seen order; a store
	// usually holds one set.
	seen := map[string]bool{}
	var sets []store.Versions
	err = st.Each(ctx, func(a *article.Article, v store.Versions) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if k := v.String(); !seen[k] {
			seen[k] = true
			sets = append(sets, v)
		}
		rec.Counts.Inputs++
		rec.done(a, statusUnchanged)
		return outs.add(a)
	})
	if err != nil {
		return nil, err
	}
	if len(sets) > 0 {
		rec.Models = sets[0]
	}
	if len(sets) > 1 {
		var forms []string
		for _, v := range sets {
			forms = append(forms, v.String())
		}
		sort.Strings(forms)
		msg := fmt.Sprintf("the store holds articles scored with %d sets of versions (rerun slant run --db to rescore): %s",
			len(sets), strings.Join(forms, "; "))
		fmt.Fprintln(stderr, "slant export: warning: "+msg)
		rec.Notices = append(rec.Notices, problemEntry{Origin: dbPath, Reason: msg})
	}
	if pv, ok := rec.Models["profile"]; ok && len(sets) == 1 && pv != p.VersionString() {
		msg := fmt.Sprintf("the store was made with profile %s, not %s", pv, p.VersionString())
		fmt.Fprintln(stderr, "slant export: warning: "+msg)
		rec.Notices = append(rec.Notices, problemEntry{Origin: dbPath, Reason: msg})
	}
	if err := outs.finish(ctx, rec); err != nil {
		return nil, err
	}
	rec.WallSeconds = time.Since(start).Seconds()
	if err := rec.write(filepath.Join(dir, "run.json")); err != nil {
		return nil, err
	}
	return rec, nil
}
