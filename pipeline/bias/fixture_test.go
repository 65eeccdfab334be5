package bias

import (
	"fmt"

	"github.com/slant-project/slant/pipeline/article"
)

// cl builds a claim; stance "" leaves it unscored.
func cl(id int, sec article.Section, voice article.Voice, speaker string, side article.Side,
	stance article.Stance, ss, sent float64, label string, target article.Side) article.Claim {
	c := article.Claim{
		ID: fmt.Sprintf("c%02d", id), Section: sec, Voice: voice, Speaker: speaker, SpeakerSide: side,
		Text: fmt.Sprintf("claim %d", id), Kind: article.KindStatement,
	}
	if stance != "" {
		c.Score = &article.Score{Stance: stance, StanceScore: ss, Sentiment: sent, SentimentLabel: label, TargetSide: target, Model: "m1"}
	}
	return c
}

const (
	body    = article.SectionBody
	comment = article.SectionComment
	author  = article.VoiceAuthor
	quote   = article.VoiceQuote
	rep     = article.VoiceReported
	gov     = article.SideGov
	jdc     = article.SideJDC
	other   = article.SideOther
	none    = article.SideNone
	both    = article.SideBoth
	pg      = article.ProGov
	neu     = article.Neutral
	pj      = article.ProJDC
)

// fixtureA is the hand-computed article of TestComputeFixture.
//
//	#  voice     speaker          side   stance   ss    sent  label  target
//	1  author    -                -      pro_jdc  0.6  -0.5   neg    gov
//	2  author    -                -      pro_gov -0.4   0.2   pos    gov
//	3  quote     Jeremy Hunt      gov    pro_gov -0.8   0.5   pos    gov
//	4  reported  Johann Malawana  jdc    pro_jdc  0.7  -0.6   neg    both
//	5  quote     A patient        other  neutral  0.0   0.0   neu    none
//	6  author    -                -      (no score)
//	7  quote     jeremy  HUNT     gov    neutral -0.2  -0.2   neg    jdc
//	8  author    -                -      pro_jdc  0.9  -0.9   neg    gov
//	9  comment, author            -      pro_gov -0.5   0.1   pos    none
func fixtureA() *article.Article {
	return &article.Article{
		ID: "a1", Source: "alpha", Outlet: "Alpha News", Title: "T", Kind: "news",
		Claims: []article.Claim{
			cl(1, body, author, "", none, pj, 0.6, -0.5, "negative", gov),
			cl(2, body, author, "", none, pg, -0.4, 0.2, "positive", gov),
			cl(3, body, quote, "Jeremy Hunt", gov, pg, -0.8, 0.5, "positive", gov),
			cl(4, body, rep, "Johann Malawana", jdc, pj, 0.7, -0.6, "negative", both),
			cl(5, body, quote, "A patient", other, neu, 0.0, 0.0, "neutral", none),
			cl(6, body, author, "", none, "", 0, 0, "", ""),
			cl(7, body, quote, "jeremy  HUNT", gov, neu, -0.2, -0.2, "negative", jdc),
			cl(8, body, author, "", none, pj, 0.9, -0.9, "negative", gov),
			cl(9, comment, author, "", none, pg, -0.5, 0.1, "positive", none),
		},
	}
}

// simple returns an article of source src whose body claims have the
// given stances (author voice, stance_score −1/0/+1, no target).
func simple(id, src string, stances ...article.Stance) *article.Article {
	a := &article.Article{ID: id, Source: src, Outlet: src + " outlet"}
	for i, s := range stances {
		ss := map[article.Stance]float64{pg: -1, neu: 0, pj: 1}[s]
		a.Claims = append(a.Claims, cl(i+1, body, author, "", none, s, ss, 0, "neutral", none))
	}
	return a
}
