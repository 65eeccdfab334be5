package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/slant-project/slant/data"
)

// benchSpeed measures slant run in-process on a synthetic corpus made from
// the sample corpus's paragraphs: throughput (MB/s, articles/s, claims/s),
// peak memory, and time per stage. With --db it fills a store and then
// measures a rerun over the unchanged store.
func benchSpeed(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("slant bench speed", "usage: slant bench speed [--articles N] [--workers N] [--keep DIR] [--db] [--cpuprofile FILE]\n\nflags:\n", stderr)
	n := fs.Int("articles", 20000, "articles in the synthetic corpus (about 5 kB each)")
	workers := fs.Int("workers", runtime.NumCPU(), "workers for slant run")
	keep := fs.String("keep", "", "keep the corpus, outputs (and store) in this `dir` instead of a temporary one")
	withDB := fs.Bool("db", false, "fill a --db store, then measure a rerun over it, unchanged")
	seed := fs.Uint64("seed", 1, "seed of the synthetic corpus")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the measured runs to `file` (go tool pprof)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *n < 1 || *workers < 1 || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "slant bench speed: --articles and --workers must be at least 1; no arguments")
		return exitUsage
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "slant bench speed: %v\n", err)
			return exitFailure
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "slant bench speed: cpu profile: %v\n", err)
			return exitFailure
		}
		defer pprof.StopCPUProfile()
	}
	if err := runSpeed(ctx, speedOptions{articles: *n, workers: *workers, keep: *keep, db: *withDB, seed: *seed}, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "slant bench speed: %v\n", err)
		return exitFailure
	}
	return exitOK
}

type speedOptions struct {
	articles, workers int
	keep              string
	db                bool
	seed              uint64
}

func runSpeed(ctx context.Context, o speedOptions, stdout, stderr io.Writer) error {
	dir := o.keep
	if dir == "" {
		tmp, err := os.MkdirTemp("", "slant-speed-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	corpus := filepath.Join(dir, "corpus.jsonl")
	t0 := time.Now()
	size, err := writeSynthFile(corpus, synthOptions{Articles: o.articles, Seed: o.seed})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "corpus: %d articles, %.1f MB of text (%s) in %.1fs\n", o.articles, mb(size), corpus, time.Since(t0).Seconds())
	fmt.Fprintf(stdout, "machine: %d CPUs, %s, workers %d\n", runtime.NumCPU(), runtime.Version(), o.workers)

	f := runFlags{out: filepath.Join(dir, "out"), workers: o.workers, maxBytes: 16 << 20, quiet: true, paths: []string{corpus}}
	label := "run"
	if o.db {
		f.db = filepath.Join(dir, "store.db")
		label = "first run (filling the store)"
	}
	m, rec, err := measure(ctx, func() (*runRecord, error) { return runPipeline(ctx, f, stderr) })
	if err != nil {
		return err
	}
	printSpeed(stdout, label, size, m, rec)
	if o.db {
		f.out = filepath.Join(dir, "out-rerun")
		m, rec, err = measure(ctx, func() (*runRecord, error) { return runPipeline(ctx, f, stderr) })
		if err != nil {
			return err
		}
		printSpeed(stdout, "rerun over the unchanged store", size, m, rec)
		if fi, err := os.Stat(f.db); err == nil {
			fmt.Fprintf(stdout, "store: %s, %.1f MB\n", f.db, mb(fi.Size()))
		}
	}
	return nil
}

// measurement is what measure saw of one run.
type measurement struct {
	wall, cpu time.Duration // cpu: user+system time of the process (0 when unknown)
	peakRSS   int64         // peak resident set size during the run (VmHWM; 0 when unknown)
	peakHeap  int64         // largest Go heap (live and dead objects) sampled during the run
}

// measure runs fn, sampling the Go heap every 20 ms; it resets the
// kernel's peak-RSS mark first where it can, so peakRSS is the run's own.
func measure(ctx context.Context, fn func() (*runRecord, error)) (measurement, *runRecord, error) {
	runtime.GC()
	resetPeakRSS()
	var m measurement
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			if s[0].Value.Kind() == metrics.KindUint64 {
				m.peakHeap = max(m.peakHeap, int64(s[0].Value.Uint64()))
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	cpu0 := cpuTime()
	start := time.Now()
	rec, err := fn()
	m.wall = time.Since(start)
	if c := cpuTime(); c > 0 {
		m.cpu = c - cpu0
	}
	close(stop)
	wg.Wait()
	m.peakRSS = peakRSS()
	return m, rec, err
}

func printSpeed(w io.Writer, label string, size int64, m measurement, rec *runRecord) {
	c := rec.Counts
	secs := m.wall.Seconds()
	fmt.Fprintf(w, "%s: %d inputs (%d processed, %d unchanged, %d rescored, %d failed, %d skipped), %d claims\n",
		label, c.Inputs, c.Processed, c.Unchanged, c.Rescored, c.Failed, c.Skipped, c.Claims)
	cpu := "n/a"
	if m.cpu > 0 {
		cpu = fmt.Sprintf("%.1fs", m.cpu.Seconds())
	}
	fmt.Fprintf(w, "  wall %.1fs, cpu %s\n", secs, cpu)
	fmt.Fprintf(w, "  throughput: %.2f MB/s, %.0f articles/s, %.0f claims/s\n",
		mb(size)/secs, float64(c.Inputs)/secs, float64(c.Claims)/secs)
	rss := "n/a"
	if m.peakRSS > 0 {
		rss = fmt.Sprintf("%.0f MB", mb(m.peakRSS))
	}
	fmt.Fprintf(w, "  peak memory: RSS %s, Go heap %.0f MB\n", rss, mb(m.peakHeap))
	var parts []string
	for _, t := range rec.Timings {
		parts = append(parts, fmt.Sprintf("%s %.1f", t.Stage, t.Seconds))
	}
	fmt.Fprintf(w, "  stage seconds (summed over workers): %s\n", strings.Join(parts, ", "))
}

func mb(n int64) float64 { return float64(n) / 1e6 }

// peakRSS reads the process's peak resident set size (VmHWM) from
// /proc/self/status; 0 where there is no such file.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(rest)
			if len(f) == 2 && f[1] == "kB" {
				if v, err := strconv.ParseInt(f[0], 10, 64); err == nil {
					return v << 10
				}
			}
		}
	}
	return 0
}

// resetPeakRSS resets VmHWM to the current RSS (Linux; ignored elsewhere).
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// synthOptions shape a synthetic corpus.
type synthOptions struct {
	Articles int
	// MinParas..MaxParas paragraphs per article (defaults 4..45: about
	// 5 kB on average with the sample corpus's paragraphs).
	MinParas, MaxParas int
	Seed               uint64
}

// synthSources are the sources synthetic articles are spread over.
var synthSources = []string{"bbc", "hsj", "pulse", "nhs-blog", "socialist-party", "guardian", "telegraph"}

// sampleParagraphs returns the blank-line separated paragraphs of the
// embedded sample articles, in file order.
func sampleParagraphs() ([]string, error) {
	names, err := fs.Glob(data.FS, "articles/*.txt")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []string
	for _, n := range names {
		b, err := fs.ReadFile(data.FS, n)
		if err != nil {
			return nil, err
		}
		for _, p := range strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no sample paragraphs under %s", path.Join("data", "articles"))
	}
	return out, nil
}

// writeSynth writes o.Articles synthetic articles to w as JSONL (fields
// id, source, title, date, kind, text): each a title line and a
// deterministic pseudo-random draw of sample paragraphs. The same options
// give the same bytes. It returns the total text size in bytes.
func writeSynth(w io.Writer, o synthOptions) (int64, error) {
	paras, err := sampleParagraphs()
	if err != nil {
		return 0, err
	}
	lo, hi := o.MinParas, o.MaxParas
	if lo <= 0 {
		lo = 4
	}
	if hi < lo {
		hi = max(lo, 45)
	}
	rng := rand.New(rand.NewPCG(o.Seed, 0x5eed))
	bw := bufio.NewWriterSize(w, 1<<20)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	var total int64
	var sb strings.Builder
	for i := range o.Articles {
		k := lo + rng.IntN(hi-lo+1)
		first := paras[rng.IntN(len(paras))]
		title := first
		if j := strings.IndexAny(title, ".?!\n"); j > 0 {
			title = title[:j]
		}
		if len(title) > 90 {
			title = title[:strings.LastIndexByte(title[:90], ' ')+1]
		}
		title = strings.TrimSpace(title)
		sb.Reset()
		sb.WriteString(title)
		for range k {
			sb.WriteString("\n\n")
			sb.WriteString(paras[rng.IntN(len(paras))])
		}
		sb.WriteByte('\n')
		rec := struct {
			ID     string `json:"id"`
			Source string `json:"source"`
			Title  string `json:"title"`
			Date   string `json:"date"`
			Kind   string `json:"kind"`
			Text   string `json:"text"`
		}{
			ID:     fmt.Sprintf("synth-%07d", i+1),
			Source: synthSources[rng.IntN(len(synthSources))],
			Title:  title,
			Date:   fmt.Sprintf("2016-%02d-%02d", 1+rng.IntN(12), 1+rng.IntN(28)),
			Kind:   []string{"news", "opinion", "analysis", "blog"}[rng.IntN(4)],
			Text:   sb.String(),
		}
		total += int64(len(rec.Text))
		if err := enc.Encode(rec); err != nil {
			return total, err
		}
	}
	return total, bw.Flush()
}

// writeSynthFile writes a synthetic corpus to the file name.
func writeSynthFile(name string, o synthOptions) (int64, error) {
	f, err := os.Create(name)
	if err != nil {
		return 0, err
	}
	n, err := writeSynth(f, o)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return n, fmt.Errorf("synthetic corpus %s: %w", name, err)
	}
	return n, nil
}
