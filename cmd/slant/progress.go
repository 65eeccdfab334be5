package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
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

// setTotal gives the bar a total (an estimate from counting inputs), so it
// can show an ETA.
func (p *progress) setTotal(n int) {
	if p.bar != nil && n > 0 {
		p.bar.ChangeMax64(int64(n))
	}
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
