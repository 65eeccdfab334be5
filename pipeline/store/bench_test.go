package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/slant-project/slant/pipeline/article"
)

// fill puts n articles of the given claim count into a new store.
func fillStore(b *testing.B, n, claims int) (*Store, []*article.Article) {
	s, _ := openTemp(b)
	proto := makeArticle("p", claims)
	arts := make([]*article.Article, n)
	w := s.Writer(Batch{})
	for i := range arts {
		a := *proto
		a.ID = fmt.Sprintf("p%07d", i)
		arts[i] = &a
		if err := w.Put(&a, testVersions); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	return s, arts
}

// BenchmarkPut writes one article per op into a store in batches of 200.
func BenchmarkPut(b *testing.B) {
	for _, claims := range []int{10, 40, 160} {
		b.Run(fmt.Sprintf("claims=%d", claims), func(b *testing.B) {
			s, _ := openTemp(b)
			proto := makeArticle("p", claims)
			w := s.Writer(Batch{})
			i := 0
			b.SetBytes(int64(len(proto.Text)))
			for b.Loop() {
				a := *proto
				a.ID = fmt.Sprintf("p%07d", i)
				i++
				if err := w.Put(&a, testVersions); err != nil {
					b.Fatal(err)
				}
			}
			if err := w.Flush(); err != nil {
				b.Fatal(err)
			}
		})
	}
}

// BenchmarkGet looks up and loads one stored article per op (what a rerun
// does for an unchanged article), across store sizes and article sizes.
func BenchmarkGet(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{100, 5000} {
		for _, claims := range []int{10, 40} {
			b.Run(fmt.Sprintf("articles=%d/claims=%d", n, claims), func(b *testing.B) {
				s, arts := fillStore(b, n, claims)
				b.SetBytes(int64(len(arts[0].Text)))
				i := 0
				for b.Loop() {
					a := bare(arts[(i*7919)%n])
					i++
					e, ok, err := s.Lookup(ctx, a.ID)
					if err != nil || !ok {
						b.Fatal(ok, err)
					}
					if err := s.Fill(ctx, e, a); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkEach streams the whole store once per op (what export does).
func BenchmarkEach(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{100, 2000} {
		b.Run(fmt.Sprintf("articles=%d/claims=40", n), func(b *testing.B) {
			s, arts := fillStore(b, n, 40)
			b.SetBytes(int64(n * len(arts[0].Text)))
			for b.Loop() {
				got := 0
				if err := s.Each(ctx, func(*article.Article, Versions) error { got++; return nil }); err != nil {
					b.Fatal(err)
				}
				if got != n {
					b.Fatalf("each gave %d articles, want %d", got, n)
				}
			}
		})
	}
}
