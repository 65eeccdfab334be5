package bias

import (
	"math"
	"slices"
	"strings"

	"github.com/slant-project/slant/pipeline/article"
)

// TopClaim is one claim kept to illustrate a source's lean.
type TopClaim struct {
	ArticleID   string
	ClaimID     string
	Speaker     string
	SpeakerSide article.Side
	Voice       article.Voice
	Text        string
	Stance      article.Stance
	StanceScore float64
}

// Top keeps the k most pro_gov and the k most pro_jdc claims offered to it.
// The most pro_gov claims are the claims labelled pro_gov with the lowest
// stance_score; the most pro_jdc those labelled pro_jdc with the highest.
// Ties are broken by article id, then claim id, so the result does not
// depend on the order of Offer calls. The zero Top keeps nothing.
type Top struct {
	K      int
	ProGov []TopClaim // most pro_gov first
	ProJDC []TopClaim // most pro_jdc first
}

// Offer considers c for either list; claims of other stances, or with a
// NaN stance_score, are ignored.
func (t *Top) Offer(c TopClaim) {
	if t.K <= 0 || math.IsNaN(c.StanceScore) {
		return
	}
	switch c.Stance {
	case article.ProGov:
		t.ProGov = insertTop(t.ProGov, c, t.K, func(a, b *TopClaim) bool { return a.StanceScore < b.StanceScore })
	case article.ProJDC:
		t.ProJDC = insertTop(t.ProJDC, c, t.K, func(a, b *TopClaim) bool { return a.StanceScore > b.StanceScore })
	}
}

// Merge offers every claim of o to t.
func (t *Top) Merge(o *Top) {
	for _, c := range o.ProGov {
		t.Offer(c)
	}
	for _, c := range o.ProJDC {
		t.Offer(c)
	}
}

// insertTop inserts c into list (sorted best first by better, then by ids)
// and trims it to k.
func insertTop(list []TopClaim, c TopClaim, k int, better func(a, b *TopClaim) bool) []TopClaim {
	before := func(a, b *TopClaim) bool {
		if better(a, b) {
			return true
		}
		if better(b, a) {
			return false
		}
		if a.ArticleID != b.ArticleID {
			return a.ArticleID < b.ArticleID
		}
		return a.ClaimID < b.ClaimID
	}
	i := 0
	for i < len(list) && !before(&c, &list[i]) {
		i++
	}
	if i >= k {
		return list
	}
	list = slices.Insert(list, i, c)
	if len(list) > k {
		list = list[:k]
	}
	return list
}

// SectionSummary holds the sufficient statistics of one section of one
// article.
type SectionSummary struct {
	Section article.Section
	Counts  Counts
	// Speakers lists the distinct speakers of the quoted and reported
	// claims by the Party of their SpeakerSide, as normalised names
	// (NormSpeaker), sorted.
	Speakers [NumParties][]string
	Top      Top
}

// Summary is the per-article summary aggregation works from: metadata and
// one SectionSummary per section that has claims (body first). An article
// without claims has a single body section with zero counts.
type Summary struct {
	ArticleID, Source, Outlet, Title, Author, Date, URL, Kind string
	Sections                                                  []SectionSummary
}

// NormSpeaker returns the key under which speakers are counted as distinct:
// the name with its white space collapsed and case folded ("" for none).
func NormSpeaker(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// Summarize returns the summary of a, keeping the k most one-sided claims
// of each section (see Top). Claims of a section other than body or comment
// are counted with the body. It reads a and keeps none of its slices.
func Summarize(a *article.Article, k int) Summary {
	s := Summary{
		ArticleID: a.ID, Source: a.Source, Outlet: a.Outlet, Title: a.Title,
		Author: a.Author, Date: a.Date, URL: a.URL, Kind: a.Kind,
	}
	var secs [2]*SectionSummary
	var speakers [2][NumParties]map[string]bool
	for i := range a.Claims {
		cl := &a.Claims[i]
		si := 0
		if cl.Section == article.SectionComment {
			si = 1
		}
		if secs[si] == nil {
			secs[si] = &SectionSummary{Section: []article.Section{article.SectionBody, article.SectionComment}[si], Top: Top{K: k}}
		}
		ss := secs[si]
		ss.Counts.AddClaim(cl)
		if cl.Voice == article.VoiceQuote || cl.Voice == article.VoiceReported {
			if name := NormSpeaker(cl.Speaker); name != "" {
				p := partyOf(cl.SpeakerSide)
				if speakers[si][p] == nil {
					speakers[si][p] = make(map[string]bool)
				}
				speakers[si][p][name] = true
			}
		}
		if _, ok := scoredStance(cl.Score); ok {
			ss.Top.Offer(TopClaim{
				ArticleID: a.ID, ClaimID: cl.ID, Speaker: cl.Speaker, SpeakerSide: cl.SpeakerSide,
				Voice: cl.Voice, Text: cl.Text, Stance: cl.Score.Stance, StanceScore: cl.Score.StanceScore,
			})
		}
	}
	for si, ss := range secs {
		if ss == nil {
			continue
		}
		for p, set := range speakers[si] {
			for name := range set {
				ss.Speakers[p] = append(ss.Speakers[p], name)
			}
			slices.Sort(ss.Speakers[p])
		}
		s.Sections = append(s.Sections, *ss)
	}
	if len(s.Sections) == 0 {
		s.Sections = []SectionSummary{{Section: article.SectionBody, Top: Top{K: k}}}
	}
	return s
}

// ArticleMeasures are the measures of one section of one article (a row of
// articles.csv).
type ArticleMeasures struct {
	ArticleID, Source, Outlet, Title, Author, Date, URL, Kind string
	Section                                                   article.Section
	Counts                                                    Counts
	// Speakers counts distinct speakers per Party (see SectionSummary).
	Speakers [NumParties]int
	// Estimates hold the measures with claim-level Wilson intervals for
	// shares and net slants, and no interval for means (ArticleEstimates).
	Estimates
}

// Measures returns one ArticleMeasures per section of s.
func (s *Summary) Measures() []ArticleMeasures {
	out := make([]ArticleMeasures, 0, len(s.Sections))
	for i := range s.Sections {
		ss := &s.Sections[i]
		m := ArticleMeasures{
			ArticleID: s.ArticleID, Source: s.Source, Outlet: s.Outlet, Title: s.Title,
			Author: s.Author, Date: s.Date, URL: s.URL, Kind: s.Kind,
			Section: ss.Section, Counts: ss.Counts, Estimates: ArticleEstimates(&ss.Counts),
		}
		for p := range m.Speakers {
			m.Speakers[p] = len(ss.Speakers[p])
		}
		out = append(out, m)
	}
	return out
}
