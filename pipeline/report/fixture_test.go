package report

import (
	"context"
	"fmt"
	"testing"

	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/bias"
)

// Sentences written for these tests (not from any article).
var (
	govLines = []string{
		"The new contract is safe and fair for patients and doctors alike.",
		"Ministers have made a generous offer that the union should accept.",
		"A seven-day service will save lives, the department insists.",
	}
	jdcLines = []string{
		"Junior doctors are right to strike against an unsafe contract.",
		"The imposition of the contract is a betrayal of hard-working staff.",
		"The health secretary has misused the evidence on weekend deaths.",
	}
	neutralLines = []string{
		"Talks are due to resume on Monday.",
		"The vote closes at the end of the week.",
	}
)

type speaker struct {
	name  string
	side  article.Side
	voice article.Voice
}

var speakers = []speaker{
	{"", article.SideNone, article.VoiceAuthor},
	{"Jeremy Hunt", article.SideGov, article.VoiceQuote},
	{"", article.SideNone, article.VoiceAuthor},
	{"Johann Malawana", article.SideJDC, article.VoiceReported},
	{"a hospital manager", article.SideOther, article.VoiceQuote},
	{"NHS Employers", article.SideGov, article.VoiceReported},
}

// fixtureArticles builds a small corpus: bbc (6 articles with comments),
// hsj (5), blog (1: claim-level intervals), socialist (3: a small sample). Each source leans by lean ∈ [0,1]
// (the share of side-taking claims that are pro_jdc). One claim carries
// hostile text in its words and its speaker.
func fixtureArticles() []*article.Article {
	type src struct {
		id, outlet string
		n          int
		lean       float64
	}
	var out []*article.Article
	for _, s := range []src{{"bbc", "BBC News", 6, 0.5}, {"hsj", "Health Service Journal", 5, 0.3}, {"blog", "NHS Blog", 1, 0.2}, {"socialist", "The Socialist", 3, 0.9}} {
		for i := range s.n {
			a := &article.Article{
				ID: fmt.Sprintf("%s-%02d", s.id, i+1), Source: s.id, Outlet: s.outlet, Title: fmt.Sprintf("Story %d", i+1),
				Date: fmt.Sprintf("2016-0%d", 1+i%9), Kind: "news",
			}
			nc := 4 + (i*3)%5
			for j := range nc {
				h := (i*7 + j*5 + len(s.id)) % 20
				var st article.Stance
				var text string
				switch {
				case h < 4:
					st, text = article.Neutral, neutralLines[h%len(neutralLines)]
				case float64(h-4)/16 < s.lean:
					st, text = article.ProJDC, jdcLines[h%len(jdcLines)]
				default:
					st, text = article.ProGov, govLines[h%len(govLines)]
				}
				sp := speakers[(i+j)%len(speakers)]
				pj := map[article.Stance]float64{article.ProGov: 0.1, article.Neutral: 0.2, article.ProJDC: 0.7}[st] + float64(h%5)/50
				pg := map[article.Stance]float64{article.ProGov: 0.7, article.Neutral: 0.2, article.ProJDC: 0.1}[st] + float64(h%3)/40
				sent := float64(h%9-4) / 4
				label := "neutral"
				if sent > 0.2 {
					label = "positive"
				} else if sent < -0.2 {
					label = "negative"
				}
				target := []article.Side{article.SideGov, article.SideJDC, article.SideBoth, article.SideNone}[h%4]
				sec := article.SectionBody
				if s.id == "bbc" && j == nc-1 {
					sec = article.SectionComment
					sp = speaker{"", article.SideNone, article.VoiceAuthor}
				}
				c := article.Claim{
					ID: fmt.Sprintf("%s-%03d", a.ID, j+1), Section: sec, Paragraph: j + 1, Sentence: j + 1, Kind: article.KindStatement,
					Text: text, Voice: sp.voice, Speaker: sp.name, SpeakerSide: sp.side,
					Score: &article.Score{Stance: st, P: [3]float64{pg, 1 - pg - pj, pj}, StanceScore: pj - pg, Sentiment: sent,
						SentimentLabel: label, TargetSide: target, Model: "stance-test-1"},
				}
				if sec == article.SectionComment {
					c.Comment, c.Commenter = 1, "reader"
				}
				a.Claims = append(a.Claims, c)
			}
			out = append(out, a)
		}
	}
	// Hostile text: the strongest pro_jdc claim of socialist.
	out[len(out)-1].Claims[0] = article.Claim{
		ID: "socialist-03-001", Section: article.SectionBody, Kind: article.KindStatement,
		Text: "<script>alert(1)</script> | *bold* [link](http://x) = strike!", Voice: article.VoiceQuote,
		Speaker: "<script>alert(2)</script>", SpeakerSide: article.SideJDC,
		Score: &article.Score{Stance: article.ProJDC, P: [3]float64{0.01, 0.02, 0.97}, StanceScore: 0.96, Sentiment: -0.5,
			SentimentLabel: "negative", TargetSide: article.SideGov, Model: "stance-test-1"},
	}
	out = append(out, &article.Article{ID: "bbc-99", Source: "bbc", Outlet: "BBC News", Title: "Empty"})
	return out
}

func fixtureResult(t testing.TB) (bias.Result, []bias.ArticleMeasures) {
	t.Helper()
	agg := bias.NewAggregator(bias.Options{Bootstrap: 400, Seed: 2016, TopK: 2})
	var rows []bias.ArticleMeasures
	for _, a := range fixtureArticles() {
		rows = append(rows, agg.Add(a)...)
	}
	res, err := agg.Result(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return res, rows
}

func fixtureMeta() Meta {
	return Meta{Version: "test", Profile: "junior-doctors-2016@2016.1+test", Inputs: []string{"testdata/fixture"}}
}
