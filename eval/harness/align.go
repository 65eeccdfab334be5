package harness

import (
	"context"
	"fmt"
	"sort"

	"github.com/slant-project/slant/pipeline"
	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/profile"
)

// Stages returns the pipeline up to scoring, the part the harness
// evaluates and takes claims from (pipeline.TextStages as one chain).
func Stages(p *profile.Profile) (article.Chain, error) {
	st, err := pipeline.TextStages(p)
	if err != nil {
		return nil, err
	}
	return pipeline.Chain(st, nil), nil
}

// Prepare runs chain on every article and returns the articles it
// processed and one "article id: error" per article it could not.
func Prepare(ctx context.Context, arts []*article.Article, chain article.Processor) ([]*article.Article, []string, error) {
	var ok []*article.Article
	var problems []string
	for _, a := range arts {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		if err := chain.Process(ctx, a); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", a.ID, err))
			continue
		}
		ok = append(ok, a)
	}
	return ok, problems, nil
}

// Alignment places each gold unit in the processed corpus.
type Alignment struct {
	// Article[i] is unit i's article (nil when the corpus has none or the
	// unit has no article id); Claim[i] the index of the claim with the
	// unit's exact span in it, or -1. SpanOK[i] reports that the unit's
	// span, text and hash agree with the article's text.
	Article []*article.Article
	Claim   []int
	SpanOK  []bool
	// Matched counts units with a claim (boilerplate units included).
	Matched int
	// NoArticle, HashMismatch and Unmatched list, one line each
	// ("origin:line: unit: why"), the units with offsets whose article is
	// not in the corpus, whose span or hash disagrees with the article's
	// text, and whose span no claim has.
	NoArticle    []string `json:"no_article"`
	HashMismatch []string `json:"hash_mismatch"`
	Unmatched    []string `json:"unmatched"`
}

// Align matches gold units to claims by (article_id, start, end), checking
// that the span is inside the article, that the gold text equals the
// article's text there and that text_sha256 (when given) is its hash. A
// unit failing a check is listed in HashMismatch and matched to no claim;
// a unit whose article is missing from a given corpus in NoArticle; a unit whose exact span no
// claim has in Unmatched (content units only: boilerplate units are
// meant to have no claim, and count in the cleaning figures). Units' empty Source fields are filled from their article.
func Align(g *Gold, arts []*article.Article) *Alignment {
	byID := map[string]*article.Article{}
	claimAt := map[*article.Article]map[[2]int]int{}
	for _, a := range arts {
		byID[a.ID] = a
		m := map[[2]int]int{}
		for i, c := range a.Claims {
			if _, dup := m[[2]int{c.Start, c.End}]; !dup {
				m[[2]int{c.Start, c.End}] = i
			}
		}
		claimAt[a] = m
	}
	n := len(g.Units)
	al := &Alignment{Article: make([]*article.Article, n), Claim: make([]int, n), SpanOK: make([]bool, n)}
	for i := range g.Units {
		u := &g.Units[i]
		al.Claim[i] = -1
		if !u.HasOffsets() {
			continue
		}
		where := fmt.Sprintf("%s:%d: %s", g.Origin, u.Line, u.ID)
		a := byID[u.ArticleID]
		if a == nil && len(arts) == 0 {
			continue // no corpus given: nothing to align with
		}
		if a == nil {
			al.NoArticle = append(al.NoArticle, where+": article not in the corpus")
			continue
		}
		al.Article[i] = a
		if u.Source == "" {
			u.Source = a.Source
		}
		if why := checkSpan(u, a); why != "" {
			al.HashMismatch = append(al.HashMismatch, where+": "+why)
			continue
		}
		al.SpanOK[i] = true
		if c, ok := claimAt[a][[2]int{u.Start, u.End}]; ok {
			al.Claim[i] = c
			al.Matched++
			continue
		}
		if u.Content() {
			al.Unmatched = append(al.Unmatched, fmt.Sprintf("%s: no claim spans [%d,%d) (%s)", where, u.Start, u.End, u.Stance))
		}
	}
	return al
}

// checkSpan says why a unit's span does not agree with its article, or "".
func checkSpan(u *Unit, a *article.Article) string {
	text, err := a.Span(u.Start, u.End)
	if err != nil {
		return fmt.Sprintf("span [%d,%d) is outside the article's %d bytes", u.Start, u.End, len(a.Text))
	}
	if u.Hash != "" && u.Hash != TextHash(text) {
		return fmt.Sprintf("text_sha256 %s is not the hash of the article's text at [%d,%d) (%s)", u.Hash, u.Start, u.End, TextHash(text))
	}
	if text != u.Text {
		return fmt.Sprintf("gold text (hash %s) differs from the article's text at [%d,%d) (hash %s)", TextHash(u.Text), u.Start, u.End, TextHash(text))
	}
	return ""
}

// unitOrder returns the indices of units sorted by article, section and
// start (units without an article first, in file order): the reading
// order in which targets carry over.
func unitOrder(units []Unit) []int {
	idx := make([]int, len(units))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(x, y int) bool {
		a, b := &units[idx[x]], &units[idx[y]]
		if (a.ArticleID == "") != (b.ArticleID == "") {
			return a.ArticleID == ""
		}
		if a.ArticleID != b.ArticleID {
			return a.ArticleID < b.ArticleID
		}
		if a.Section != b.Section {
			return a.Section < b.Section
		}
		return a.Start < b.Start
	})
	return idx
}
