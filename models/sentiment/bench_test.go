package sentiment

import (
	"strings"
	"testing"
)

// BenchmarkScore measures Score on texts of 10 to 640 words (allocations
// reported; sentences/s counts one sentence per 20 words).
func BenchmarkScore(b *testing.B) {
	m := model(b)
	base := "The junior doctors' strike was not a success, but the BMA said members were proud and united. "
	for _, words := range []int{10, 40, 160, 640} {
		var sb strings.Builder
		for len(strings.Fields(sb.String())) < words {
			sb.WriteString(base)
		}
		text := strings.Join(strings.Fields(sb.String())[:words], " ")
		b.Run(strings.Repeat("w", 0)+itoa(words)+"words", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				m.Score(text)
			}
			b.ReportMetric(float64(b.N)*float64(words)/20/b.Elapsed().Seconds(), "sentences/s")
		})
	}
}

// BenchmarkScoreSpan measures target-dependent scoring of one mention.
func BenchmarkScoreSpan(b *testing.B) {
	m := model(b)
	text := "Jeremy Hunt said the contract was safe, but the junior doctors called it a disgraceful imposition."
	i := strings.Index(text, "junior doctors")
	b.ReportAllocs()
	for b.Loop() {
		m.ScoreSpan(text, i, i+len("junior doctors"))
	}
}

func itoa(n int) string {
	s := ""
	for n > 0 {
		s = string(rune('0'+n%10)) + s
		n /= 10
	}
	return s
}
