package clean

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/slant-project/slant/pipeline/article"
)

// BenchmarkProcess cleans pages of growing size built from the sample
// corpus (the five samples concatenated, repeated).
func BenchmarkProcess(b *testing.B) {
	c := newCleaner(b)
	var parts []string
	for _, a := range sampleArticles(b) {
		parts = append(parts, a.Text)
	}
	base := strings.Join(parts, "\n\n")
	for _, n := range []int{1, 4, 16, 64} {
		text := strings.Repeat(base+"\n\n", n)
		b.Run(fmt.Sprintf("kB=%d", len(text)/1024), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			ctx := context.Background()
			for b.Loop() {
				a := &article.Article{ID: "bench", Title: "Leaked junior doctors' messages are no cause for hysteria", Text: text}
				if err := c.Process(ctx, a); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkLineReason(b *testing.B) {
	c := newCleaner(b)
	lines := []string{"Share this article", "They have. They don't like it.", "Unsuitable or offensive? Report this comment",
		strings.Repeat("a fairly long line of running text ", 10)}
	for b.Loop() {
		for _, l := range lines {
			c.LineReason(l)
		}
	}
}
