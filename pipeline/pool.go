// Package pipeline runs slant's stage chain over a stream of articles with
// a bounded pool of workers, each running the whole chain on one article at
// a time, and hands results back in input order.
package pipeline

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slant-project/slant/pipeline/article"
)

// Input is one unit of work: an article, or an input problem found before
// any stage ran (passed through in order so it is accounted for).
type Input struct {
	Article *article.Article
	Problem error
}

// Result is what became of one Input.
type Result struct {
	Seq     int              // 0-based position in the input stream
	Article *article.Article // nil when the input was a problem
	Problem error            // the input problem, passed through
	Err     error            // the chain's error for this article, if any
}

// Pool runs a Chain over inputs with Workers goroutines.
type Pool struct {
	Chain   article.Processor
	Workers int // <= 0: runtime.NumCPU()
	// Window bounds how many inputs may be in flight (read but not yet
	// emitted); <= 0: 4 × Workers. It bounds memory whatever the order in
	// which workers finish.
	Window int
}

// Run reads inputs from in until it is closed, processes each article with
// the chain on one of the workers, and calls emit once per input in input
// order (so output is the same whatever the number of workers). emit runs
// on one goroutine at a time. Run returns when in is closed and every
// result is emitted, when emit returns an error (returned as is), or when
// ctx is cancelled (ctx.Err()). After a cancellation nothing more is
// emitted: the emitted results are always a prefix of the inputs, and
// articles in flight are dropped, never reported half-processed. A panic inside a stage is recovered and reported as that
// article's Err, so one bad article never takes the run down.
func (p Pool) Run(ctx context.Context, in <-chan Input, emit func(Result) error) error {
	workers := p.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	window := p.Window
	if window <= 0 {
		window = 4 * workers
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type job struct {
		seq int
		in  Input
	}
	jobs := make(chan job)
	results := make(chan Result, workers)
	slots := make(chan struct{}, window)

	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				r := Result{Seq: j.seq, Article: j.in.Article, Problem: j.in.Problem}
				if j.in.Article != nil && j.in.Problem == nil {
					r.Err = p.process(ctx, j.in.Article)
				}
				select {
				case results <- r:
				case <-ctx.Done():
					return
				}
			}
		}()
	}

	// Feeder: numbers inputs and waits for a free slot before handing one
	// to the workers (back-pressure on the input stream).
	go func() {
		defer close(jobs)
		seq := 0
		for {
			select {
			case <-ctx.Done():
				return
			case it, ok := <-in:
				if !ok {
					return
				}
				select {
				case slots <- struct{}{}:
				case <-ctx.Done():
					return
				}
				select {
				case jobs <- job{seq, it}:
				case <-ctx.Done():
					return
				}
				seq++
			}
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()

	// Collector: reorders results and emits them in sequence.
	pending := map[int]Result{}
	next := 0
	var emitErr error
	for r := range results {
		if emitErr != nil || ctx.Err() != nil {
			// Drain: after a cancellation nothing more is emitted, so what
			// was emitted is always a prefix of the input (an article cut
			// off mid-chain is never reported, and no later one either).
			continue
		}
		pending[r.Seq] = r
		for ctx.Err() == nil {
			nr, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			err := emit(nr)
			<-slots // the input is done only once emitted
			if err != nil {
				emitErr = err
				cancel()
				break
			}
		}
	}
	if emitErr != nil {
		return emitErr
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(pending) > 0 {
		return fmt.Errorf("pipeline: %d results left unemitted", len(pending))
	}
	return nil
}

func (p Pool) process(ctx context.Context, a *article.Article) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("article %s: internal error: %v", a.ID, r)
		}
	}()
	return p.Chain.Process(ctx, a)
}

// Timed wraps a processor and adds the time it spends to a Timings entry.
func Timed(name string, p article.Processor, t *Timings) article.Processor {
	d := t.entry(name)
	return article.ProcessorFunc(func(ctx context.Context, a *article.Article) error {
		start := time.Now()
		err := p.Process(ctx, a)
		d.Add(int64(time.Since(start)))
		return err
	})
}

// Timings accumulates time per stage across workers. Its zero value is
// ready to use; it is safe for concurrent use.
type Timings struct {
	mu    sync.Mutex
	order []string
	d     map[string]*atomic.Int64
}

func (t *Timings) entry(name string) *atomic.Int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.d == nil {
		t.d = map[string]*atomic.Int64{}
	}
	if d, ok := t.d[name]; ok {
		return d
	}
	d := new(atomic.Int64)
	t.d[name] = d
	t.order = append(t.order, name)
	return d
}

// StageTime is the total time all workers spent in one stage.
type StageTime struct {
	Stage   string  `json:"stage"`
	Seconds float64 `json:"seconds"`
}

// Snapshot returns the totals in the order stages were registered.
func (t *Timings) Snapshot() []StageTime {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]StageTime, 0, len(t.order))
	for _, n := range t.order {
		out = append(out, StageTime{n, time.Duration(t.d[n].Load()).Seconds()})
	}
	return out
}
