package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slant-project/slant/pipeline/article"
)

var testVersions = Versions{"profile": "junior-doctors-2016@1", "sentiment": "lex-3", "stance": "logreg-7"}

// words used to build synthetic articles; some non-ASCII, so byte offsets
// differ from rune offsets.
var testWords = strings.Fields(`Hunt said the contract is safe and fair. The BMA’s junior doctors voted to strike
again — 58% turnout. “We will not back down,” said Dr Malawana. Patients wait; NHS Employers deny £250m cost.
Doctors café naïve über-strikes continue.`)

// makeArticle builds a deterministic synthetic article with n sentences,
// a headline block, paragraph blocks, one furniture block, claims with
// word tokens, and scores on every claim but the third.
func makeArticle(id string, n int) *article.Article {
	var sb strings.Builder
	type span struct{ s, e int }
	var sents []span
	sb.WriteString("Headline for " + id + "\n\n")
	head := span{0, len("Headline for " + id)}
	for i := range n {
		st := sb.Len()
		for j := range 4 + i%5 {
			if j > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(testWords[(i*7+j*3+len(id))%len(testWords)])
		}
		sb.WriteByte('.')
		sents = append(sents, span{st, sb.Len()})
		if i%3 == 2 {
			sb.WriteString("\n\n")
		} else {
			sb.WriteByte(' ')
		}
	}
	fst := sb.Len()
	sb.WriteString("Share this page")
	text := sb.String()
	sum := sha256.Sum256([]byte(text))
	a := &article.Article{
		ID: id, Source: "src-" + id[:1], Outlet: "Outlet " + id[:1], Author: "A. Writer", Title: "Title " + id,
		Date: "2016-07-05", URL: "https://example.org/" + id, Kind: "news", Origin: "corpus/" + id + ".txt",
		Hash: hex.EncodeToString(sum[:]), Text: text, Notices: []string{"stage notice for " + id},
	}
	a.Blocks = append(a.Blocks, article.Block{Start: head.s, End: head.e, Kind: article.BlockHeadline, Section: article.SectionBody})
	for i := 0; i < len(sents); i += 3 {
		j := min(i+3, len(sents)) - 1
		b := article.Block{Start: sents[i].s, End: sents[j].e, Kind: article.BlockParagraph, Section: article.SectionBody}
		if i >= 6 {
			b.Section, b.Comment, b.Commenter = article.SectionComment, i/6, "reader"+fmt.Sprint(i/6)
		}
		a.Blocks = append(a.Blocks, b)
	}
	a.Blocks = append(a.Blocks, article.Block{Start: fst, End: len(text), Kind: article.BlockFurniture,
		Section: article.SectionBody, Reason: "phrase:share-widget"})
	for i, s := range sents {
		c := article.Claim{
			ID: fmt.Sprintf("%s-%04d", id, i+1), Section: article.SectionBody, Paragraph: i/3 + 1, Sentence: i + 1,
			Start: s.s, End: s.e, Kind: article.KindStatement, Text: text[s.s:s.e], Voice: article.VoiceAuthor,
			SpeakerSide: article.SideNone,
		}
		if i%4 == 1 {
			c.Voice, c.Speaker, c.SpeakerSide = article.VoiceQuote, "Jeremy Hunt", article.SideGov
		}
		// word tokens with made-up ids
		for _, w := range wordSpans(text, s.s, s.e) {
			c.Tokens = append(c.Tokens, article.Token{ID: 1000 + (w[1]-w[0])*13, Value: strings.ToLower(text[w[0]:w[1]]), Start: w[0], End: w[1]})
		}
		if i == 5 {
			c.Tokens = nil // a claim without tokens is stored as NULL
		}
		if i != 2 {
			p0 := float64(i%5) / 10
			c.Score = &article.Score{Stance: article.Stances[i%3], P: [3]float64{p0, 0.5, 0.5 - p0}, StanceScore: 0.5 - 2*p0,
				Sentiment: -0.25 + float64(i%7)/13, SentimentLabel: "neutral", TargetSide: article.SideJDC, Model: "logreg-7"}
			if i == 4 {
				c.Score.Model = "logreg-6" // another model than the article's first scored claim's
			}
		}
		a.Claims = append(a.Claims, c)
	}
	return a
}

// wordSpans returns [start,end) byte spans of space-separated words in
// text[s:e].
func wordSpans(text string, s, e int) [][2]int {
	var out [][2]int
	st := -1
	for i := s; i <= e; i++ {
		if i == e || text[i] == ' ' {
			if st >= 0 {
				out = append(out, [2]int{st, i})
				st = -1
			}
		} else if st < 0 {
			st = i
		}
	}
	return out
}

func openTemp(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "slant.db")
	s, err := Open(context.Background(), path, Create)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func putAll(t testing.TB, s *Store, arts ...*article.Article) {
	t.Helper()
	w := s.Writer(Batch{})
	for _, a := range arts {
		if err := w.Put(a, testVersions); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
}

// bare returns a copy of a as ingest gives it: no blocks, claims or stage
// notices.
func bare(a *article.Article) *article.Article {
	c := *a
	c.Blocks, c.Claims, c.Notices = nil, nil, nil
	return &c
}
