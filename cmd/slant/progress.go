package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/slant-project/slant/data"
)

// progress reports articles done: a progress bar (rate and ETA) on a
// terminal, a plain line every few seconds otherwise, nothing with --quiet.
type progress struct {
	w     io.Writer
	bar   *progressbar.ProgressBar
	quiet bool
	start time.Time
	last  time.Time
	every time.Duration
}

func newProgress(w io.Writer, quiet bool) *progress {
	p := &progress{w: w, quiet: quiet, start: time.Now(), last: time.Now(), every: 5 * time.Second}
	if quiet {
		return p
	}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.bar = progressbar.NewOptions64(-1,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription("articles"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("articles"),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
	}
	return p
}

// estimate counts the inputs on a goroutine of its own while the run goes
// on, and gives the bar that total so it can show an ETA. It does nothing
// without a bar.
func (p *progress) estimate(ctx context.Context, paths []string) {
	if p.bar == nil {
		return
	}
	go func() {
		if n := estimateInputs(ctx, paths); n > 0 {
			p.bar.ChangeMax64(int64(n))
		}
	}()
}

// estimateInputs estimates how many inputs a run will count, cheaply: a
// .txt or .md file is one, a .jsonl file one per non-blank line, a .csv
// file one per non-blank line after the header (a quoted field spanning lines
// counts more than once: it is an estimate for an ETA, never a count that
// is reported). Hidden files and folders are skipped, as ingest skips
// them; no paths means the embedded sample corpus. Unreadable paths count
// nothing (ingest reports them).
func estimateInputs(ctx context.Context, paths []string) int {
	if len(paths) == 0 {
		n, _ := fs.Glob(data.FS, "articles/*.txt")
		return len(n)
	}
	total := 0
	for _, root := range paths {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || ctx.Err() != nil {
				return ctx.Err()
			}
			if p != root && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			switch strings.ToLower(filepath.Ext(p)) {
			case ".txt", ".md":
				total++
			case ".jsonl":
				total += countLines(p)
			case ".csv":
				if n := countLines(p); n > 1 {
					total += n - 1
				}
			}
			return nil
		})
	}
	return total
}

// countLines counts the lines of a file holding more than white space,
// reading it in blocks.
func countLines(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	n := 0
	blank := true
	buf := make([]byte, 64<<10)
	for {
		k, err := f.Read(buf)
		for _, c := range buf[:k] {
			switch {
			case c == '\n':
				if !blank {
					n++
				}
				blank = true
			case c != ' ' && c != '\t' && c != '\r':
				blank = false
			}
		}
		if err != nil {
			break
		}
	}
	if !blank {
		n++ // a last line without a newline
	}
	return n
}

func (p *progress) tick(done int) {
	switch {
	case p.quiet:
	case p.bar != nil:
		_ = p.bar.Set(done)
	case time.Since(p.last) >= p.every:
		p.last = time.Now()
		el := time.Since(p.start).Seconds()
		fmt.Fprintf(p.w, "progress: %d inputs in %.0fs (%.1f/s)\n", done, el, float64(done)/el)
	}
}

func (p *progress) finish(done int) {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
