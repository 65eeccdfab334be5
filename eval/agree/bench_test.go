package agree

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func BenchmarkAlpha(b *testing.B) {
	for _, n := range []int{100, 10_000, 1_000_000} {
		data := twoCoders(n, 0.8, 1)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Alpha(data, Ordinal); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBootstrap: 2000 replicates (the slant agree default).
func BenchmarkBootstrap(b *testing.B) {
	for _, n := range []int{100, 1000, 10_000} {
		data := twoCoders(n, 0.8, 1)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Bootstrap(data, Nominal, nil, 2000, DefaultMin, seeded(1)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAnalyze: two annotators' gold-format files, no bootstrap.
func BenchmarkAnalyze(b *testing.B) {
	for _, n := range []int{100, 10_000} {
		data := twoCoders(n, 0.8, 2)
		files := make([][]byte, 2)
		labels := DefaultOrder("stance")
		for c := range files {
			var sb strings.Builder
			sb.WriteString("article_id,start,end,stance\n")
			for u := range n {
				fmt.Fprintf(&sb, "art-%d,%d,%d,%s\n", u/25, u*10, u*10+9, labels[int(data[c][u])])
			}
			files[c] = []byte(sb.String())
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				in := []Input{{"a", bytes.NewReader(files[0])}, {"b", bytes.NewReader(files[1])}}
				if _, err := Analyze(in, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
