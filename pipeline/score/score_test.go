package score

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/slant-project/slant/models/sentiment"
	"github.com/slant-project/slant/models/stance"
	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/profile"
)

func newProcessor(t testing.TB) *Processor {
	t.Helper()
	p, err := profile.Default()
	if err != nil {
		t.Fatal(err)
	}
	st, err := stance.Default(p)
	if err != nil {
		t.Fatal(err)
	}
	se, err := sentiment.Default()
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(p, st, se)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// build makes an article from claims given as (section, comment, text,
// voice, speaker side).
type spec struct {
	section article.Section
	comment int
	text    string
	voice   article.Voice
	side    article.Side
}

func build(specs []spec) *article.Article {
	a := &article.Article{ID: "t1"}
	var b strings.Builder
	for i, s := range specs {
		start := b.Len()
		b.WriteString(s.text)
		a.Claims = append(a.Claims, article.Claim{ID: "t1-" + string(rune('a'+i)), Section: s.section, Comment: s.comment,
			Start: start, End: b.Len(), Text: s.text, Voice: s.voice, SpeakerSide: s.side, Kind: article.KindStatement})
		b.WriteString("\n")
	}
	a.Text = b.String()
	return a
}

func TestProcess(t *testing.T) {
	s := newProcessor(t)
	a := build([]spec{
		{article.SectionBody, 0, "Jeremy Hunt addressed MPs on Tuesday.", article.VoiceAuthor, article.SideNone},
		{article.SectionBody, 0, "He is a disgrace and a liar.", article.VoiceAuthor, article.SideNone},
		{article.SectionBody, 0, `"This strike is unnecessary and will harm patients," a Department of Health spokeswoman said.`, article.VoiceQuote, article.SideGov},
		{article.SectionComment, 1, "He is a disgrace and a liar.", article.VoiceAuthor, article.SideNone},
	})
	if err := s.Process(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	for i, c := range a.Claims {
		sc := c.Score
		if sc == nil {
			t.Fatalf("claim %d not scored", i)
		}
		if math.Abs(sc.P[0]+sc.P[1]+sc.P[2]-1) > 1e-9 || math.Abs(sc.StanceScore-(sc.P[2]-sc.P[0])) > 1e-12 {
			t.Errorf("claim %d: P %v, stance score %v", i, sc.P, sc.StanceScore)
		}
		if sc.Model != s.Version() || !strings.HasPrefix(sc.Model, "stance-") {
			t.Errorf("claim %d: model %q", i, sc.Model)
		}
		switch sc.SentimentLabel {
		case "negative", "neutral", "positive":
		default:
			t.Errorf("claim %d: sentiment label %q", i, sc.SentimentLabel)
		}
	}
	if got := a.Claims[1].Score; got.TargetSide != article.SideGov || got.Stance != article.ProJDC {
		t.Errorf("pronoun after Hunt: target %s stance %s, want gov, pro_jdc", got.TargetSide, got.Stance)
	}
	if got := a.Claims[2].Score; got.Stance != article.ProGov {
		t.Errorf("DH quote: %s %v, want pro_gov", got.Stance, got.P)
	}
	if got := a.Claims[3].Score; got.TargetSide != article.SideNone {
		t.Errorf("comment pronoun carried over from the body: target %s, want none", got.TargetSide)
	}
	if a.Claims[1].Score.Sentiment >= 0 {
		t.Errorf("insult sentiment = %v, want < 0", a.Claims[1].Score.Sentiment)
	}
}

func TestProcessCancelled(t *testing.T) {
	s := newProcessor(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	a := build([]spec{{article.SectionBody, 0, "Hunt spoke.", article.VoiceAuthor, article.SideNone}})
	if err := s.Process(ctx, a); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestNewRejects(t *testing.T) {
	p, _ := profile.Default()
	if _, err := New(p, nil, nil); err == nil {
		t.Error("nil models: want error")
	}
}

// TestConcurrent scores the same articles from several goroutines; run
// with -race to check the stage shares nothing mutable.
func TestConcurrent(t *testing.T) {
	s := newProcessor(t)
	want := build(corpus(20))
	if err := s.Process(context.Background(), want); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := build(corpus(20))
			if err := s.Process(context.Background(), a); err != nil {
				errs <- err
				return
			}
			for i := range a.Claims {
				if *a.Claims[i].Score != *want.Claims[i].Score {
					errs <- errors.New("scores differ between goroutines")
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func corpus(n int) []spec {
	texts := []string{
		"Junior doctors will strike for 48 hours from Tuesday.",
		"Jeremy Hunt said the contract would be imposed.",
		"He has been reckless and arrogant throughout.",
		"The BMA's leaders are in disarray.",
		"Talks are due to resume at Acas on Monday, according to officials familiar with the plans.",
		"The new contract is fair and will make weekends safer for patients.",
	}
	out := make([]spec, n)
	for i := range out {
		out[i] = spec{article.SectionBody, 0, texts[i%len(texts)], article.VoiceAuthor, article.SideNone}
	}
	return out
}

// BenchmarkProcess measures scoring throughput (claims per second) for
// articles of different sizes; claims have no tokens here, so the figure
// excludes WordPiece features.
func BenchmarkProcess(b *testing.B) {
	s := newProcessor(b)
	for _, n := range []int{10, 100, 1000} {
		a := build(corpus(n))
		b.Run("claims="+itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := s.Process(context.Background(), a); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "claims/s")
		})
	}
}

func itoa(n int) string {
	s := ""
	for n > 0 || s == "" {
		s = string(rune('0'+n%10)) + s
		n /= 10
	}
	return s
}
