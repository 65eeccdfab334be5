// Package attribute says whose words each claim is: its voice (author,
// quote or reported), its speaker and the speaker's side in the dispute.
//
// Rules (data/gold/GUIDELINES.md section 5):
//
//   - quote: at least half of the claim's letters are inside double
//     quotation marks (“…”, "…", or two apostrophes each side), or the
//     claim holds nothing but a quotation and its frame, and the quotation
//     is attributed: by a frame before it ("X said:", "X told HSJ:",
//     "According to X,", "Quote from X"), after or between its parts ("“…,”
//     X said", "said X", "she added"), by continuation (a quotation left
//     open at a sentence or paragraph end goes on; a paragraph that opens
//     with a double quote mark, even a stray ”, continues it), by a lead-in
//     line ("Commenting on the result, Dr McCourt said:" closing the
//     paragraph before the quotation), by adjacency (a fully quoted claim
//     right after a quote claim of the same or the previous paragraph keeps
//     that speaker), or by a short source line after an otherwise
//     unattributed quotation ("The book of Han Feizi."). A fully quoted
//     claim with no attribution is a quote with no speaker. A quoted word
//     inside an author's sentence (a scare quote) does not make a quote.
//   - reported: indirect speech, a speaker with a verb of saying and
//     reported content ("Government sources have indicated they are …",
//     "X tells members she will …", "The source suggested a solution
//     could …"), a parenthetical ("as X points out"), a closing frame
//     ("…, X said.") or "according to X".
//   - author otherwise. In reader comments an author claim's speaker is
//     the commenter (or "anonymous"), its side the commenter's side in
//     the profile, else none; in the body an author claim has no speaker.
//
// Speakers are normalised (see normalise) and references resolved to the
// most recent matching speaker in the same context (the body, or one
// comment): pronouns, "the source", "Dr McCourt". The side is the profile
// actor's (profile.SpeakerSide); an unknown named speaker is other, an
// unnamed or missing one none.
package attribute

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/profile"
)

// Anonymous is the speaker of a comment whose author is not given.
const Anonymous = "anonymous"

// Thresholds on the share of a claim's letters inside quotation marks.
const (
	quoteShare = 0.5 // at least this much quoted: the quotation is the claim
	fullShare  = 0.9 // this much: the claim is a quotation even unattributed
)

// Attributor sets Voice, Speaker and SpeakerSide on claims. It is safe for
// concurrent use.
type Attributor struct {
	p *profile.Profile
}

// New returns an Attributor that resolves sides with p.
func New(p *profile.Profile) *Attributor { return &Attributor{p: p} }

// Process sets Voice, Speaker and SpeakerSide on every claim of a (see the
// package comment for the rules). Claims must be in text order with
// offsets inside a.Text; a claim outside it is an error.
func (at *Attributor) Process(ctx context.Context, a *article.Article) error {
	if at == nil || at.p == nil {
		return fmt.Errorf("attribute %s: no profile", a.ID)
	}
	for i, c := range a.Claims {
		if c.Start < 0 || c.End < c.Start || c.End > len(a.Text) {
			return fmt.Errorf("attribute %s: claim %d [%d,%d) outside text of %d bytes", a.ID, i+1, c.Start, c.End, len(a.Text))
		}
		if i > 0 && c.Start < a.Claims[i-1].Start {
			return fmt.Errorf("attribute %s: claim %d out of text order", a.ID, i+1)
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("attribute %s: %w", a.ID, err)
	}
	w := &walker{a: a, r: newResolver(at.p, a.Text)}
	w.scan()
	return w.assign(ctx)
}

// ctxKey identifies a context: the body, or one reader comment.
type ctxKey struct {
	section article.Section
	comment int
}

func ctxOf(c article.Claim) ctxKey {
	s := c.Section
	if s == "" {
		s = article.SectionBody
	}
	return ctxKey{s, c.Comment}
}

// claimInfo is what the quotation scan says about one claim.
type claimInfo struct {
	segs   []qspan // quoted stretches inside the claim
	share  float64 // share of the claim's letters and digits quoted
	inside bool    // the claim starts inside a quotation opened before it
	words  int     // words inside quotation marks
	run    int     // index into walker.runs, or -1
	para   int     // index into walker.paras
}

// para is a run of claims of one paragraph.
type para struct {
	key         ctxKey
	num         int // the claims' Paragraph
	first, last int // claim indices
}

// run is one quotation: its claims and its speaker.
type run struct {
	claims     []int
	speaker    string // resolved, "" when unattributed or unresolved
	attributed bool   // a frame names a speaker, even an unresolved "she"
	own        int    // claim whose frame named the speaker, or -1
	frameOnly  bool   // the own claim holds nothing but quotation and frame
	done       bool
}

type walker struct {
	a     *article.Article
	r     *resolver
	info  []claimInfo
	paras []para
	runs  []*run
}

// scan groups claims into paragraphs, finds their quotations and groups
// quoted claims into runs.
func (w *walker) scan() {
	cs := w.a.Claims
	w.info = make([]claimInfo, len(cs))
	for i, c := range cs {
		k := ctxOf(c)
		if n := len(w.paras); n > 0 && w.paras[n-1].key == k && w.paras[n-1].num == c.Paragraph {
			w.paras[n-1].last = i
		} else {
			w.paras = append(w.paras, para{key: k, num: c.Paragraph, first: i, last: i})
		}
		w.info[i].para = len(w.paras) - 1
		w.info[i].run = -1
	}
	open := false
	for pi, p := range w.paras {
		if pi > 0 && w.paras[pi-1].key != p.key {
			open = false
		}
		ps, pe := cs[p.first].Start, cs[p.last].End
		var spans []qspan
		spans, open = scanQuotes(w.a.Text, ps, pe, open)
		for i := p.first; i <= p.last; i++ {
			w.info[i] = w.quoteInfo(cs[i], spans, w.info[i])
		}
	}
	last := -1 // the current run
	for i := range cs {
		if len(w.info[i].segs) == 0 {
			continue
		}
		if w.info[i].inside && last >= 0 && ctxOf(cs[w.runs[last].claims[0]]) == ctxOf(cs[i]) {
			w.runs[last].claims = append(w.runs[last].claims, i)
		} else {
			w.runs = append(w.runs, &run{claims: []int{i}, own: -1})
			last = len(w.runs) - 1
		}
		w.info[i].run = last
	}
}

// quoteInfo clips the paragraph's quoted spans to claim c.
func (w *walker) quoteInfo(c article.Claim, spans []qspan, ci claimInfo) claimInfo {
	text := w.a.Text
	firstLetter := -1
	total := 0
	for i, r := range text[c.Start:c.End] {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if firstLetter < 0 {
				firstLetter = c.Start + i
			}
			total++
		}
	}
	quoted := 0
	first := sort.Search(len(spans), func(k int) bool { return spans[k].end > c.Start })
	for _, s := range spans[first:] {
		if s.start >= c.End {
			break
		}
		a, b := max(s.start, c.Start), min(s.end, c.End)
		if a >= b {
			continue
		}
		seg := qspan{a, b, s.cont}
		n := 0
		for _, r := range text[a:b] {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				n++
			}
		}
		if n == 0 {
			continue
		}
		ci.segs = append(ci.segs, seg)
		quoted += n
		ci.words += len(splitWords(text[a:b]))
		if firstLetter >= a && firstLetter < b && (s.start <= c.Start || s.cont) {
			ci.inside = true
		}
	}
	if total > 0 {
		ci.share = float64(quoted) / float64(total)
	}
	return ci
}

// assign walks the claims in order, attributing runs when their first
// claim is reached, and sets every claim's voice, speaker and side.
func (w *walker) assign(ctx context.Context) error {
	cs := w.a.Claims
	var cur ctxKey
	for i := range cs {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("attribute %s: %w", w.a.ID, err)
			}
		}
		c := &cs[i]
		if k := ctxOf(*c); i == 0 || k != cur {
			cur = k
			w.r.reset(c.Start)
		}
		ci := w.info[i]
		if ci.run >= 0 {
			w.attributeRun(ci.run, i)
		}
		var voice article.Voice
		var speaker string
		var rn *run
		if ci.run >= 0 {
			rn = w.runs[ci.run]
		}
		switch {
		case rn != nil && (rn.speaker != "" || rn.attributed) && (ci.share >= quoteShare || (rn.own == i && rn.frameOnly)):
			voice, speaker = article.VoiceQuote, rn.speaker
		case rn != nil && ci.share >= fullShare && ci.words >= 3:
			voice = article.VoiceQuote // an unattributed quotation
		case rn != nil && rn.own == i && rn.speaker != "":
			// A frame with only part of the claim quoted: "“It is fair,”
			// Hunt said, adding that …".
			voice, speaker = article.VoiceReported, rn.speaker
		default:
			if np, ok := w.reported(i); ok {
				voice = article.VoiceReported
				speaker = w.r.resolve(w.r.normalise(np), c.Start)
				w.r.remember(speaker, c.Start)
			} else {
				voice = article.VoiceAuthor
			}
		}
		c.Voice, c.Speaker = voice, speaker
		c.SpeakerSide = w.r.side(speaker)
		if voice == article.VoiceReported && speaker == "" {
			c.Voice = article.VoiceAuthor
		}
		if c.Voice == article.VoiceAuthor {
			c.Speaker, c.SpeakerSide = "", article.SideNone
			if c.Section == article.SectionComment {
				c.Speaker = strings.TrimSpace(c.Commenter)
				if c.Speaker == "" {
					c.Speaker = Anonymous
				} else if _, s := w.r.p.SpeakerSide(c.Speaker); s != article.SideNone {
					c.SpeakerSide = s
				}
			}
		}
	}
	return nil
}

// attributeRun finds the speaker of run ri (once, when its first claim i
// is reached): the frames of its claims, else a lead-in claim ending in a
// colon just before it, else the previous quote claim's speaker when
// adjacent, else a source line after it.
func (w *walker) attributeRun(ri, i int) {
	rn := w.runs[ri]
	if rn.done {
		return
	}
	rn.done = true
	cs := w.a.Claims
	text := w.a.Text
	np, own, frame := "", -1, -1 // frame: index of the gap that named the speaker
	for k, ci := range rn.claims {
		info := w.info[ci]
		c := cs[ci]
		gaps := claimGaps(c, info)
		if k == 0 && !info.inside {
			if s, ok := w.r.preFrame(text[gaps[0][0]:gaps[0][1]]); ok {
				np, own, frame = s, ci, 0
				break
			}
		}
		for j := 1; j < len(gaps); j++ {
			if f, ok := w.r.postFrame(text[gaps[j][0]:gaps[j][1]]); ok {
				np, own, frame = f, ci, j
				break
			}
		}
		if own >= 0 {
			break
		}
	}
	if own >= 0 {
		rn.attributed, rn.own = true, own
		rn.speaker = w.r.resolve(w.r.normalise(np), cs[i].Start)
		rn.frameOnly = true
		for j, g := range claimGaps(cs[own], w.info[own]) {
			if j != frame && hasLetter(text[g[0]:g[1]]) {
				rn.frameOnly = false
			}
		}
		w.r.remember(rn.speaker, cs[own].Start)
		return
	}
	if s := w.leadInSpeaker(i); s != "" {
		rn.attributed = true
		rn.speaker = w.r.resolve(w.r.normalise(s), cs[i].Start)
		w.r.remember(rn.speaker, cs[i].Start)
		return
	}
	if s := w.adjacentSpeaker(i); s != "" {
		rn.speaker = s
		return
	}
	if s := w.sourceLine(rn); s != "" {
		rn.speaker = w.r.resolve(w.r.normalise(s), cs[i].Start)
		w.r.remember(rn.speaker, cs[i].Start)
	}
}

// claimGaps returns the unquoted stretches of claim c: before its first
// quoted stretch, between quoted stretches, and after the last one.
func claimGaps(c article.Claim, info claimInfo) [][2]int {
	gaps := make([][2]int, 0, len(info.segs)+1)
	prev := c.Start
	for _, s := range info.segs {
		gaps = append(gaps, [2]int{prev, s.start})
		prev = s.end
	}
	return append(gaps, [2]int{prev, c.End})
}

func hasLetter(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

// leadInSpeaker returns the speaker phrase of claim i-1 when it is a
// frame ending in a colon that introduces the quotation opening claim i
// ("Commenting on the result, Dr McCourt said:" and the quotation in the
// next paragraph).
func (w *walker) leadInSpeaker(i int) string {
	if i == 0 || w.info[i].inside {
		return ""
	}
	cs := w.a.Claims
	prev := cs[i-1]
	if ctxOf(prev) != ctxOf(cs[i]) || len(w.info[i-1].segs) > 0 || w.info[i].para > w.info[i-1].para+1 {
		return ""
	}
	if !strings.HasSuffix(strings.TrimSpace(prev.Text), ":") {
		return ""
	}
	if strings.TrimSpace(w.a.Text[cs[i].Start:w.info[i].segs[0].start]) != "" && !onlyMarks(w.a.Text[cs[i].Start:w.info[i].segs[0].start]) {
		return ""
	}
	s, _ := w.r.preFrame(prev.Text)
	return s
}

// onlyMarks reports whether s holds nothing but white space and quote
// marks.
func onlyMarks(s string) bool {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("\"“”„«»'‘’", r)
	}) == ""
}

// adjacentSpeaker returns the speaker of claim i-1 when it is a quote of
// the same context and either in i's paragraph or in the paragraph before
// with i opening its own; "" otherwise.
func (w *walker) adjacentSpeaker(i int) string {
	if i == 0 {
		return ""
	}
	cs := w.a.Claims
	prev, c := cs[i-1], cs[i]
	if prev.Voice != article.VoiceQuote || prev.Speaker == "" || ctxOf(prev) != ctxOf(c) {
		return ""
	}
	if w.info[i].share < fullShare {
		return ""
	}
	pi, ci := w.info[i-1].para, w.info[i].para
	if pi == ci || (pi+1 == ci && w.paras[ci].first == i) {
		return prev.Speaker
	}
	return ""
}

// sourceLine looks for a short line naming the source right after a fully
// quoted run ("The book of Han Feizi.", "Abraham Lincoln famously quoted
// from the Bible: Mark 3:25", "— Aneurin Bevan").
func (w *walker) sourceLine(rn *run) string {
	for _, ci := range rn.claims {
		if w.info[ci].share < fullShare {
			return ""
		}
	}
	lastClaim := rn.claims[len(rn.claims)-1]
	n := lastClaim + 1
	cs := w.a.Claims
	if n >= len(cs) || ctxOf(cs[n]) != ctxOf(cs[lastClaim]) || len(w.info[n].segs) > 0 {
		return ""
	}
	if w.info[n].para > w.info[lastClaim].para+1 {
		return ""
	}
	t := trimPunct(cs[n].Text)
	ws := splitWords(t)
	if len(ws) == 0 || len(ws) > 10 || !isCapitalised(ws[0].text) {
		return ""
	}
	for i, x := range ws {
		if i > 5 {
			break
		}
		if epigraphVerbs[x.key] {
			if np, ok := w.r.subject(t[:x.start], false); ok {
				return np
			}
			return ""
		}
	}
	for _, x := range ws {
		if finiteWords[x.key] || speechVerbs[x.key] != "" {
			return ""
		}
	}
	if strings.ContainsAny(t, ",;:") {
		return ""
	}
	return t
}

// reported finds an indirect-speech frame in claim i and returns the
// speaker phrase. Words inside quotation marks are not searched.
func (w *walker) reported(i int) (string, bool) {
	c := w.a.Claims[i]
	m := []byte(c.Text)
	for _, s := range w.info[i].segs {
		for k := s.start; k < s.end; k++ {
			m[k-c.Start] = ' '
		}
	}
	masked := string(m)
	ws := splitWords(masked)
	// "X says that …", "X tells members she will …"
	tries := 0
	for k := range ws {
		lemma, n, ok := verbAt(ws, k)
		if !ok || postOnly[lemma] {
			continue
		}
		if tries++; tries > maxTries {
			break
		}
		if k > 0 && ws[k-1].key == "as" {
			continue
		}
		if inParens(masked, ws[k].start) {
			continue
		}
		np, ok := w.r.subject(masked[:ws[k].start], true)
		if !ok {
			continue
		}
		if complement(head(masked[ws[k+n-1].end:], maxFrame), lemma) {
			return np, true
		}
	}
	// "…, as X points out, …" and "As X said, …"
	for k := range ws {
		if ws[k].key != "as" {
			continue
		}
		if before := strings.TrimRightFunc(masked[:ws[k].start], unicode.IsSpace); before != "" && !strings.HasSuffix(before, ",") {
			continue
		}
		for j := k + 1; j < len(ws) && j <= k+12; j++ {
			lemma, n, ok := verbAt(ws, j)
			if !ok || postOnly[lemma] {
				continue
			}
			after := masked[ws[j+n-1].end:]
			if t := strings.TrimLeftFunc(after, unicode.IsSpace); t != "" && !strings.HasPrefix(t, ",") && !strings.HasPrefix(t, "it,") {
				break
			}
			if np, ok := w.r.subject(masked[ws[k].end:ws[j].start], true); ok {
				return np, true
			}
			break
		}
	}
	// "…, X said." closing the sentence.
	if k := strings.LastIndex(masked, ","); k > 0 {
		tail := strings.TrimRightFunc(masked[k+1:], func(r rune) bool { return unicode.IsSpace(r) || r == '.' })
		tw := splitWords(tail)
		if len(tw) > 0 && len(tw) <= 8 && hasWordsBefore(masked[:k]) {
			for j := range tw {
				lemma, n, ok := verbAt(tw, j)
				if !ok || postOnly[lemma] {
					continue
				}
				if len(tw)-(j+n) > 3 {
					break
				}
				if np, ok := w.r.postFrame(tail); ok {
					return np, true
				}
				break
			}
		}
	}
	// "according to X"
	if np, ok := w.r.sourcePhrase(masked, false); ok {
		return np, true
	}
	return "", false
}

func hasWordsBefore(s string) bool { return len(splitWords(s)) >= 3 }

// inParens reports whether offset i of s is inside round brackets.
func inParens(s string, i int) bool {
	return strings.Count(s[:i], "(") > strings.Count(s[:i], ")")
}
