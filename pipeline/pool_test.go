package pipeline

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slant-project/slant/pipeline/article"
)

// jitter is a stage that takes a random short time and records the id.
func jitter(seed uint64) article.Processor {
	return article.ProcessorFunc(func(ctx context.Context, a *article.Article) error {
		r := rand.New(rand.NewPCG(seed, uint64(len(a.ID))))
		time.Sleep(time.Duration(r.IntN(300)) * time.Microsecond)
		a.Notices = append(a.Notices, "seen")
		if a.ID == "boom" {
			panic("stage bug")
		}
		if a.ID == "fail" {
			return errors.New("cannot")
		}
		return nil
	})
}

func feed(items []Input) <-chan Input {
	ch := make(chan Input)
	go func() {
		defer close(ch)
		for _, it := range items {
			ch <- it
		}
	}()
	return ch
}

func inputs(n int) []Input {
	var out []Input
	for i := range n {
		switch {
		case i%17 == 5:
			out = append(out, Input{Problem: fmt.Errorf("bad input %d", i)})
		case i == 7:
			out = append(out, Input{Article: &article.Article{ID: "boom"}})
		case i == 9:
			out = append(out, Input{Article: &article.Article{ID: "fail"}})
		default:
			out = append(out, Input{Article: &article.Article{ID: fmt.Sprintf("a%03d", i)}})
		}
	}
	return out
}

func TestPoolOrderIndependentOfWorkers(t *testing.T) {
	run := func(workers int) []string {
		var got []string
		p := Pool{Chain: jitter(uint64(workers)), Workers: workers}
		err := p.Run(context.Background(), feed(inputs(200)), func(r Result) error {
			s := fmt.Sprintf("%d ", r.Seq)
			switch {
			case r.Problem != nil:
				s += "problem " + r.Problem.Error()
			case r.Err != nil:
				s += r.Article.ID + " err " + r.Err.Error()
			default:
				s += r.Article.ID + fmt.Sprint(r.Article.Notices)
			}
			got = append(got, s)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	one, four := run(1), run(4)
	if len(one) != 200 {
		t.Fatalf("emitted %d results, want 200", len(one))
	}
	for i := range one {
		if one[i] != four[i] {
			t.Fatalf("result %d differs: 1 worker %q, 4 workers %q", i, one[i], four[i])
		}
	}
	if one[7] != "7 boom err article boom: internal error: stage bug" {
		t.Errorf("panic not recovered as error: %q", one[7])
	}
	if one[9] != "9 fail err cannot" {
		t.Errorf("stage error not reported: %q", one[9])
	}
}

func TestPoolEmitErrorStops(t *testing.T) {
	stop := errors.New("disk full")
	n := 0
	err := Pool{Chain: jitter(1), Workers: 3}.Run(context.Background(), feed(inputs(100)), func(r Result) error {
		n++
		if n == 10 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 10 {
		t.Fatalf("err = %v after %d emits, want disk full after 10", err, n)
	}
}

func TestPoolCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	in := make(chan Input) // never closed: only cancellation ends the run
	go func() {
		for i := 0; ; i++ {
			select {
			case in <- Input{Article: &article.Article{ID: fmt.Sprint(i)}}:
			case <-ctx.Done():
				return
			}
		}
	}()
	n := 0
	err := Pool{Chain: jitter(2), Workers: 2}.Run(ctx, in, func(r Result) error {
		n++
		if n == 20 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

// TestPoolCancelEmitsPrefix: after a cancellation, no result is emitted, so
// the emitted ones are exactly the inputs 0..k-1 and none carries the
// cancellation as its error.
func TestPoolCancelEmitsPrefix(t *testing.T) {
	for trial := range 20 {
		ctx, cancel := context.WithCancel(context.Background())
		stage := article.ProcessorFunc(func(ctx context.Context, a *article.Article) error {
			time.Sleep(time.Duration(len(a.ID)%3) * 100 * time.Microsecond)
			return ctx.Err()
		})
		var seqs []int
		err := Pool{Chain: stage, Workers: 4}.Run(ctx, feed(inputs(300)), func(r Result) error {
			if r.Err != nil && errors.Is(r.Err, context.Canceled) {
				t.Fatalf("trial %d: result %d emitted with the cancellation as its error", trial, r.Seq)
			}
			seqs = append(seqs, r.Seq)
			if len(seqs) == 15+trial {
				cancel()
			}
			return nil
		})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("trial %d: err = %v", trial, err)
		}
		for i, s := range seqs {
			if s != i {
				t.Fatalf("trial %d: emitted seqs %v are not a prefix", trial, seqs)
			}
		}
		if len(seqs) != 15+trial {
			t.Fatalf("trial %d: %d results emitted after cancelling at %d", trial, len(seqs), 15+trial)
		}
	}
}

func TestPoolWindowBoundsInFlight(t *testing.T) {
	var inFlight, maxInFlight atomic.Int64
	stage := article.ProcessorFunc(func(ctx context.Context, a *article.Article) error {
		v := inFlight.Add(1)
		for {
			m := maxInFlight.Load()
			if v <= m || maxInFlight.CompareAndSwap(m, v) {
				break
			}
		}
		return nil
	})
	err := Pool{Chain: stage, Workers: 4, Window: 6}.Run(context.Background(), feed(inputs(300)), func(r Result) error {
		if r.Article != nil && r.Problem == nil {
			inFlight.Add(-1)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if m := maxInFlight.Load(); m > 6 {
		t.Fatalf("%d articles in flight, window is 6", m)
	}
}

func TestTimings(t *testing.T) {
	var tm Timings
	slow := Timed("slow", article.ProcessorFunc(func(ctx context.Context, a *article.Article) error {
		time.Sleep(2 * time.Millisecond)
		return nil
	}), &tm)
	fast := Timed("fast", article.ProcessorFunc(func(ctx context.Context, a *article.Article) error { return nil }), &tm)
	for range 3 {
		_ = article.Chain{slow, fast}.Process(context.Background(), &article.Article{})
	}
	s := tm.Snapshot()
	if len(s) != 2 || s[0].Stage != "slow" || s[1].Stage != "fast" || s[0].Seconds < 0.006 || s[0].Seconds <= s[1].Seconds {
		t.Fatalf("snapshot = %+v", s)
	}
}

func BenchmarkPool(b *testing.B) {
	noop := article.ProcessorFunc(func(ctx context.Context, a *article.Article) error { return nil })
	for _, n := range []int{1, 100, 10000} {
		items := make([]Input, n)
		for i := range items {
			items[i] = Input{Article: &article.Article{ID: fmt.Sprint(i)}}
		}
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = Pool{Chain: noop, Workers: 2}.Run(context.Background(), feed(items), func(Result) error { return nil })
			}
		})
	}
}
