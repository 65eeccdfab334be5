// Package clean is slant's cleaning stage: it cuts a plain-text page into
// paragraph-sized blocks and says of each whether it is the headline, a
// paragraph of the article, a reader's comment, or page furniture (share
// bars, captions and photo credits, bylines, navigation, newsletter and
// donation prompts, comment widgets, …). It fills Article.Blocks and never
// rewrites Article.Text.
//
// The method is general, not written for particular sites. Each block is
// judged on
//   - a curated list of furniture phrases and patterns with categories
//     (data/lexicons/furniture.txt, embedded; another list may be given);
//   - features of the line: words, letters, final stop, a date/time only, a
//     URL only, a menu bar, a byline shape, a person's or user's name;
//   - its position: lines above the located title, runs of short lines
//     (menus), teaser lists under "Most read"-like headers, short unfinished
//     lines trailing the body, everything after "ENDS"/"Notes to editors" or
//     after the comment section;
//   - repetition: short lines occurring twice (captions), a caption followed
//     by the same caption with a credit, the title repeated lower down;
//   - the article's metadata when known (title, author, outlet).
//
// A reader-comment section opens at a comment header ("Readers' comments
// (10)", "23 comments", "Have your say", …) that follows article content and
// is followed by comment content, or, with no header, at the second of
// several name-and-timestamp signatures. It is split into comments at
// moderation and action links ("Report this comment", "Reply"), at bullets
// of the section's outer indent, and at signatures; a name line opening a
// comment gives its Commenter.
package clean

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/slant-project/slant/data"
	"github.com/slant-project/slant/pipeline/article"
)

// DefaultLexicon is the embedded furniture list's path inside data.FS.
const DefaultLexicon = "lexicons/furniture.txt"

// Reasons given to furniture blocks (besides "phrase:CATEGORY" for a
// lexicon entry of that category).
const (
	ReasonPhrasePrefix  = "phrase:"
	ReasonNoWords       = "no-words"       // no letters at all: "10", "***", "12:45"
	ReasonDate          = "date"           // a date or time alone
	ReasonLink          = "link"           // a URL, e-mail address or handle alone
	ReasonMenu          = "menu"           // a navigation bar, breadcrumb, or a run of short items
	ReasonByline        = "byline"         // an author line or signature
	ReasonSiteName      = "site-name"      // the outlet's name alone
	ReasonCaption       = "caption"        // a caption followed by the same caption with more
	ReasonRepeatedLine  = "repeated-line"  // a short line occurring more than once
	ReasonRepeatedTitle = "repeated-title" // the title again, away from the top
	ReasonRelated       = "related-links"  // teasers under a "Most read"-like header
	ReasonBeforeTitle   = "position:before-title"
	ReasonAfterBody     = "position:after-body"       // short unfinished lines trailing the body
	ReasonAfterEnd      = "position:after-end-marker" // after "ENDS", "Notes to editors", …
	ReasonAfterComments = "position:after-comments"
	ReasonCommenter     = "commenter-name"
	ReasonQuoted        = "quoted-comment" // a comment line repeating an earlier comment's line
)

// Options configure a Cleaner.
type Options struct {
	// LexiconPath names a furniture list file (format as in
	// data/lexicons/furniture.txt) to use instead of the embedded one.
	LexiconPath string
}

// Cleaner is the cleaning stage; it is safe for concurrent use.
type Cleaner struct {
	lex     *Lexicon
	version string
}

// New loads the furniture list and returns a Cleaner.
func New(opts Options) (*Cleaner, error) {
	name := "embedded:" + DefaultLexicon
	var b []byte
	var err error
	if opts.LexiconPath != "" {
		name = opts.LexiconPath
		b, err = os.ReadFile(opts.LexiconPath)
	} else {
		b, err = data.FS.ReadFile(DefaultLexicon)
	}
	if err != nil {
		return nil, fmt.Errorf("clean: read lexicon %s: %w", name, err)
	}
	lex, err := parseLexiconBytes(b, name)
	if err != nil {
		return nil, fmt.Errorf("clean: %w", err)
	}
	sum := sha256.Sum256(b)
	return &Cleaner{lex: lex, version: fmt.Sprintf("%s sha256:%s (%d patterns)", name, hex.EncodeToString(sum[:8]), lex.Len())}, nil
}

// Version names the furniture list in use with its checksum, for run records.
func (c *Cleaner) Version() string { return c.version }

// Process fills a.Blocks (replacing any blocks already there) with the
// page's blocks in text order: non-overlapping spans of a.Text on rune
// boundaries, trimmed of white space and of a leading list bullet, such that
// every non-blank line of a.Text lies in exactly one block. Each block is a
// headline, a paragraph or furniture; blocks of reader comments have
// Section comment and a Comment number from 1. Process does not change
// a.Text, never panics, and adds a notice when nothing is kept. It returns
// an error only for a nil article or a cancelled ctx.
func (c *Cleaner) Process(ctx context.Context, a *article.Article) error {
	if a == nil {
		return errors.New("clean: nil article")
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("clean %s: %w", a.ID, err)
	}
	p := c.newPage(a)
	if err := p.classify(ctx); err != nil {
		return fmt.Errorf("clean %s: %w", a.ID, err)
	}
	a.Blocks = p.blocks()
	if len(a.Blocks) > 0 {
		kept := 0
		for _, b := range a.Blocks {
			if b.Kept() {
				kept++
			}
		}
		if kept == 0 {
			a.Notices = append(a.Notices, fmt.Sprintf("clean: all %d blocks judged page furniture", len(a.Blocks)))
		}
	}
	return nil
}

// page is one article being classified.
type page struct {
	c        *Cleaner
	a        *article.Article
	units    []unit
	headline int // index of the headline unit, -1 when none
	comments int // comments numbered so far

	// Arrays for findComments (see index).
	nextContent, nextEnd             []int
	keptN, keptBytes, markN, bulletN []int

	names map[int]string // commenter by comment number
	said  map[string]int // normalised comment line -> first comment saying it
}

func (c *Cleaner) newPage(a *article.Article) *page {
	lines := splitLines(a.Text)
	p := &page{c: c, a: a, units: buildUnits(a.Text, lines), headline: -1, names: map[int]string{}, said: map[string]int{}}
	return p
}

// describe computes a unit's context-free features and lexicon category.
func (c *Cleaner) describe(u *unit) {
	u.norm = normalize(u.raw)
	u.words = wordCount(u.norm)
	u.final = endsSentence(u.raw)
	u.letters = hasLetter(u.norm)
	u.cat, _, _ = c.lex.Match(u.norm, u.words, u.final)
	u.date = isDateLine(u.norm)
}

// lineReason is the context-free verdict on a described unit: the reason it
// is furniture, or "" for content.
func (c *Cleaner) lineReason(u *unit) string {
	switch {
	case !u.letters:
		return ReasonNoWords
	case u.cat != "":
		return ReasonPhrasePrefix + u.cat
	case u.date:
		return ReasonDate
	case isLinkLine(u.norm):
		return ReasonLink
	case isMenuLine(u.norm):
		return ReasonMenu
	case c.bylineLike(u.raw, u.words, u.final):
		return ReasonByline
	}
	return ""
}

// LineReason says whether a single line, judged alone (no title, position
// or neighbours), is page furniture: it returns the reason, or "" when the
// line is content.
func (c *Cleaner) LineReason(s string) string {
	l := trimLine(s, 0, len(s))
	if l.blank {
		return ReasonNoWords
	}
	u := unit{start: l.cs, end: l.ce, raw: s[l.cs:l.ce]}
	c.describe(&u)
	return c.lineReason(&u)
}

func (u *unit) isTimestamp() bool { return u.date || u.cat == catTimestamp }

// prose reports a kept unit that reads as running text: a finished
// sentence of eight words or more, or any 25 words.
func (u *unit) prose() bool {
	return !u.furniture() && ((u.final && u.words >= 8) || u.words >= 25)
}

func (p *page) classify(ctx context.Context) error {
	a := p.a
	author := normalize(a.Author)
	outlets := []string{normalize(a.Outlet), normalize(a.Source)}
	for i := range p.units {
		if i%512 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		u := &p.units[i]
		p.c.describe(u)
		u.reason = p.c.lineReason(u)
		if u.reason != "" {
			continue
		}
		if len(author) >= 4 && u.words <= 12 && !u.final && strings.Contains(u.norm, author) {
			u.reason = ReasonByline
		}
		for _, o := range outlets {
			if o != "" && u.norm == o {
				u.drop(ReasonSiteName)
			}
		}
	}
	inMenu := p.menuRuns()
	p.findHeadline(inMenu)
	for i := 0; i < p.headline; i++ {
		p.units[i].drop(ReasonBeforeTitle)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	p.findComments()
	p.bodyRules(inMenu)
	for i := range p.units {
		u := &p.units[i]
		if u.comment > 0 {
			u.commenter = p.names[u.comment]
		}
	}
	return nil
}

// menuRuns marks runs of at least four consecutive units of at most three
// words with no final stop (kept or not) that do not follow a line ending
// with ':' (which would introduce a list).
func (p *page) menuRuns() []bool {
	in := make([]bool, len(p.units))
	short := func(u *unit) bool { return u.words <= 3 && !u.final }
	for i := 0; i < len(p.units); {
		if !short(&p.units[i]) {
			i++
			continue
		}
		j := i
		for j < len(p.units) && short(&p.units[j]) {
			j++
		}
		intro := i > 0 && strings.HasSuffix(strings.TrimSpace(p.units[i-1].raw), ":")
		if j-i >= 4 && !intro {
			for k := i; k < j; k++ {
				in[k] = true
			}
		}
		i = j
	}
	return in
}

// findHeadline locates the title: the first unit matching a.Title (see
// titleMatch) with at most one prose unit before it. Without a known or
// found title, the first kept unit outside a menu run is the headline when
// it has 1–20 words and does not end with a period.
func (p *page) findHeadline(inMenu []bool) {
	title := keyWords(p.a.Title)
	if len(title) > 0 {
		prose := 0
		for i := range p.units {
			u := &p.units[i]
			if u.words <= 2*len(title)+8 && titleMatch(keyWords(u.raw), title) {
				if prose <= 1 {
					p.headline = i
					u.reason = ""
					u.headline = true
					return
				}
				break
			}
			if u.prose() {
				prose++
			}
		}
	}
	for i := range p.units {
		u := &p.units[i]
		if u.furniture() || inMenu[i] {
			continue
		}
		if u.words >= 1 && u.words <= 20 && !endsWithPeriod(u.raw) {
			p.headline = i
			u.headline = true
		}
		return
	}
}

func isHeader(cat string) bool { return cat == catCommentHeader || cat == catCommentHeaderWeak }

// isSectionEnd reports a unit that closes a comment section once the
// section holds content.
func isSectionEnd(u *unit) bool {
	switch u.cat {
	case catCommentHeader, catCommentEnd, catListHeader, catEndMarker:
		return true
	}
	return false
}

func isTerminator(u *unit) bool { return u.cat == catModeration || u.cat == catAction }

// findComments finds reader-comment sections after the headline and
// assigns their units to comments. It runs in time linear in the number of
// units: section ends, content and markers come from arrays computed once.
func (p *page) findComments() {
	n := len(p.units)
	p.index()
	keptBefore := 0 // kept body characters since the headline
	found := false
	lastEnd := -1
	for i := p.headline + 1; i < n; i++ {
		u := &p.units[i]
		if !isHeader(u.cat) || keptBefore == 0 {
			if !u.furniture() && !u.headline && !u.section {
				keptBefore += len(u.raw)
			}
			continue
		}
		end := p.sectionEnd(i + 1)
		if !p.validSection(u, i+1, end, keptBefore) {
			continue
		}
		p.assignComments(i+1, end)
		found = true
		lastEnd = end
		i = end - 1
	}
	if !found {
		if s := p.implicitStart(); s >= 0 {
			end := p.sectionEnd(s + 1)
			if p.content(s, end) > 0 {
				p.assignComments(s, end)
				found = true
				lastEnd = end
			}
		}
	}
	if found && lastEnd < n {
		for i := lastEnd; i < n; i++ {
			if !p.units[i].section {
				p.units[i].drop(ReasonAfterComments)
			}
		}
	}
}

// index fills the arrays findComments reads: for each unit index j,
// nextContent[j] is the first kept unit at or after j, nextEnd[j] the first
// section-closing unit at or after j (both len(units) when none), and
// prefix counts of kept units, kept bytes, moderation/action links,
// signatures and bullets before j.
func (p *page) index() {
	n := len(p.units)
	p.nextContent = make([]int, n+1)
	p.nextEnd = make([]int, n+1)
	p.nextContent[n], p.nextEnd[n] = n, n
	for j := n - 1; j >= 0; j-- {
		u := &p.units[j]
		p.nextContent[j], p.nextEnd[j] = p.nextContent[j+1], p.nextEnd[j+1]
		if !u.furniture() {
			p.nextContent[j] = j
		}
		if isSectionEnd(u) {
			p.nextEnd[j] = j
		}
	}
	p.keptN = make([]int, n+1)
	p.keptBytes = make([]int, n+1)
	p.markN = make([]int, n+1)
	p.bulletN = make([]int, n+1)
	for j := 0; j < n; j++ {
		u := &p.units[j]
		p.keptN[j+1], p.keptBytes[j+1], p.markN[j+1], p.bulletN[j+1] = p.keptN[j], p.keptBytes[j], p.markN[j], p.bulletN[j]
		if !u.furniture() {
			p.keptN[j+1]++
			p.keptBytes[j+1] += len(u.raw)
		}
		if _, _, ok := p.signatureAt(j); ok || isTerminator(u) {
			p.markN[j+1]++
		}
		if u.bullet {
			p.bulletN[j+1]++
		}
	}
}

// sectionEnd is the index of the first unit after the first content unit
// from `from` on that closes a comment section, or len(units).
func (p *page) sectionEnd(from int) int {
	n := len(p.units)
	if from >= n {
		return n
	}
	c := p.nextContent[from]
	if c+1 >= n {
		return n
	}
	return p.nextEnd[c+1]
}

// content counts the kept units in [from, end).
func (p *page) content(from, end int) int {
	if from >= end {
		return 0
	}
	return p.keptN[end] - p.keptN[from]
}

// validSection decides whether header h opens a comment section over
// [from, end): the section must hold content; a weak header ("Comments")
// needs comment structure (a moderation or action link, a signature, or
// two bullets); a strong one needs structure or at least 40% of the kept
// text so far before it (a "12 comments" link in a share bar above the
// article must not swallow the article).
func (p *page) validSection(h *unit, from, end, keptBefore int) bool {
	if p.content(from, end) == 0 {
		return false
	}
	if p.markN[end]-p.markN[from] > 0 || p.bulletN[end]-p.bulletN[from] >= 2 {
		return true
	}
	if h.cat == catCommentHeaderWeak {
		return false
	}
	after := p.keptBytes[end] - p.keptBytes[from]
	return float64(keptBefore) >= 0.4*float64(keptBefore+after)
}

// bulletBase returns the smallest indent of bulleted units in [from, end)
// and how many bulleted units have it.
func (p *page) bulletBase(from, end int) (base, count int) {
	base = -1
	for j := from; j < end; j++ {
		u := &p.units[j]
		if !u.bullet {
			continue
		}
		switch {
		case base < 0 || u.indent < base:
			base, count = u.indent, 1
		case u.indent == base:
			count++
		}
	}
	return base, count
}

// markers reports comment structure in [from, end): a moderation or action
// link, two or more bullets at the outer indent, or a signature.
func (p *page) markers(from, end int) bool {
	if _, c := p.bulletBase(from, end); c >= 2 {
		return true
	}
	for j := from; j < end; j++ {
		if isTerminator(&p.units[j]) {
			return true
		}
		if _, _, ok := p.signatureAt(j); ok {
			return true
		}
	}
	return false
}

// implicitStart finds a comment section with no header: the first
// signature after kept body content, when the page has two signatures or
// more (a forum thread: the opening post is the body, replies are
// comments). It returns -1 when there is none.
func (p *page) implicitStart() int {
	sigs, start, kept := 0, -1, false
	for i := p.headline + 1; i < len(p.units); i++ {
		u := &p.units[i]
		if _, n, ok := p.signatureAt(i); ok {
			sigs++
			if kept && start < 0 {
				start = i
			}
			i += n - 1
			continue
		}
		if !u.furniture() && !u.headline {
			kept = true
		}
	}
	if sigs < 2 {
		return -1
	}
	return start
}

var (
	postedByRE = regexp.MustCompile(`^(?i:posted|submitted|written|commented|comment)\s+(?i:by)\s+(\S.{0,40}?)(?:\s+(?i:on|at|[·•|-])\s+(.+))?$`)
	sigSepRE   = regexp.MustCompile(`\s+[|•·—–-]\s+|\s*[|•·,]\s*`)
)

// timestampText reports a text that is a date/time only.
func (c *Cleaner) timestampText(s string) bool {
	n := normalize(s)
	if isDateLine(n) {
		return true
	}
	cat, _, _ := c.lex.Match(n, wordCount(n), endsSentence(s))
	return cat == catTimestamp
}

// signature is a cached signatureAt result.
type signature struct {
	name string
	n    int
	ok   bool
}

// signatureAt reports a comment signature at unit i, a line with no final
// stop: "Posted by NAME (on DATE)", "NAME | DATE" (parts separated by | • ·
// , or a spaced dash, one of them a timestamp), or a name line followed by
// a timestamp line (n = 2).
// The result is cached on the unit.
func (p *page) signatureAt(i int) (name string, n int, ok bool) {
	u := &p.units[i]
	if u.sig == nil {
		nm, k, found := p.findSignature(i)
		u.sig = &signature{nm, k, found}
	}
	return u.sig.name, u.sig.n, u.sig.ok
}

func (p *page) findSignature(i int) (name string, n int, ok bool) {
	u := &p.units[i]
	if u.words > 14 || u.headline || u.final {
		return "", 0, false
	}
	if m := postedByRE.FindStringSubmatch(u.raw); m != nil {
		nm := strings.TrimSpace(m[1])
		if nameLike(nm, true) && (m[2] == "" || p.c.timestampText(m[2])) {
			return nm, 1, true
		}
	}
	if parts := sigSepRE.Split(u.raw, -1); len(parts) >= 2 {
		first := strings.TrimSpace(parts[0])
		if nameLike(first, true) && !p.c.timestampText(first) {
			for _, q := range parts[1:] {
				if p.c.timestampText(q) {
					return first, 1, true
				}
			}
		}
	}
	if i+1 < len(p.units) && p.units[i+1].isTimestamp() && u.cat == "" && !u.date && u.letters && nameLike(u.raw, true) {
		return strings.TrimSpace(u.raw), 2, true
	}
	return "", 0, false
}

// assignComments splits the section [from, end) into comments. A comment
// starts at a signature, at a bullet of the section's outer indent (when
// two or more such bullets exist), at the first content after a moderation
// or action link, at the section's first content, and, when the section has
// none of these markers, at every content unit after a blank line. A name
// line opening a comment (see nameLike) with content after it is the
// comment's Commenter.
func (p *page) assignComments(from, end int) {
	base, nb := p.bulletBase(from, end)
	useBullets := nb >= 2
	markers := p.markers(from, end)
	cur, prevTerm := 0, false
	for i := from; i < end; i++ {
		u := &p.units[i]
		u.section = true
		if isTerminator(u) {
			u.comment = cur
			prevTerm = true
			continue
		}
		name, n, sig := p.signatureAt(i)
		kept := !u.furniture()
		boundary := sig ||
			(useBullets && u.bullet && u.indent <= base) ||
			(prevTerm && kept) ||
			(!markers && u.blankBefore && kept) ||
			(cur == 0 && kept)
		if boundary {
			p.comments++
			cur = p.comments
			prevTerm = false
			switch {
			case sig:
				p.names[cur] = name
				u.reason = ReasonCommenter
				if n == 2 && i+1 < end {
					u.comment = cur
					i++
					u = &p.units[i]
					u.section = true
				}
			case kept && nameLike(u.raw, false) && p.contentFollows(i+1, end, base, useBullets):
				p.names[cur] = strings.TrimSpace(u.raw)
				u.reason = ReasonCommenter
			}
		}
		if kept {
			prevTerm = false
		}
		u.comment = cur
	}
	p.quotedComments(from, end)
}

// quotedComments drops comment lines of three words or more that repeat a
// line of an earlier comment (a reply quoting it): they are the earlier
// commenter's words, not this one's.
func (p *page) quotedComments(from, end int) {
	for i := from; i < end; i++ {
		u := &p.units[i]
		if u.furniture() || u.comment == 0 || u.words < 3 {
			continue
		}
		if c, ok := p.said[u.norm]; ok && c != u.comment {
			u.drop(ReasonQuoted)
			continue
		}
		p.said[u.norm] = u.comment
	}
}

// contentFollows reports whether the unit after a name line (skipping
// furniture that is not a moderation or action link) is comment content
// of the same comment.
func (p *page) contentFollows(from, end, base int, useBullets bool) bool {
	for j := from; j < end; j++ {
		u := &p.units[j]
		if isTerminator(u) {
			return false
		}
		if u.furniture() {
			continue
		}
		return !(useBullets && u.bullet && u.indent <= base)
	}
	return false
}

// bodyRules applies the position and repetition rules to the units outside
// comment sections.
func (p *page) bodyRules(inMenu []bool) {
	n := len(p.units)
	body := func(i int) bool { return i > p.headline && !p.units[i].section }

	// Signatures in the body: an author name over a date.
	for i := p.headline + 1; i < n; i++ {
		if !body(i) {
			continue
		}
		if _, k, ok := p.signatureAt(i); ok {
			p.units[i].drop(ReasonByline)
			i += k - 1
		}
	}

	// The title again below the headline.
	title := keyWords(p.a.Title)
	var head string
	if p.headline >= 0 {
		head = p.units[p.headline].norm
	}
	for i := p.headline + 1; i < n; i++ {
		u := &p.units[i]
		if !body(i) || u.furniture() {
			continue
		}
		if (len(title) > 0 && u.words <= 2*len(title)+8 && titleMatch(keyWords(u.raw), title)) || (head != "" && u.norm == head) {
			u.drop(ReasonRepeatedTitle)
		}
	}

	// A caption label alone on its line ("Image caption,", "Photo:") makes
	// the next line the caption's text.
	for i := p.headline + 1; i+1 < n; i++ {
		u := &p.units[i]
		if body(i) && body(i+1) && u.cat == "caption" && u.words <= 3 && strings.HasSuffix(u.norm, ",") || strings.HasSuffix(u.norm, ":") && u.cat == "caption" && u.words <= 3 && body(i) && body(i+1) {
			if v := &p.units[i+1]; v.words <= 30 {
				v.drop(ReasonCaption)
			}
		}
	}

	// A caption label alone on its line ("Image caption,", "Photo:") makes
	// the next line the caption's text.
	for i := p.headline + 1; i+1 < n; i++ {
		u := &p.units[i]
		label := u.cat == "caption" && u.words <= 3 && (strings.HasSuffix(u.norm, ",") || strings.HasSuffix(u.norm, ":"))
		if label && body(i) && body(i+1) && p.units[i+1].words <= 30 {
			p.units[i+1].drop(ReasonCaption)
		}
	}

	// Menus: runs of short items.
	for i := p.headline + 1; i < n; i++ {
		if body(i) && inMenu[i] {
			p.units[i].drop(ReasonMenu)
		}
	}

	// Repetition: short unfinished lines seen twice; a caption followed by
	// itself with more (a credit); the same line twice in a row.
	seen := map[string]int{}
	for i := p.headline + 1; i < n; i++ {
		u := &p.units[i]
		if body(i) && !u.furniture() && u.words <= 12 && !u.final {
			seen[u.norm]++
		}
	}
	for i := p.headline + 1; i < n; i++ {
		u := &p.units[i]
		if !body(i) || u.furniture() {
			continue
		}
		if u.words <= 12 && !u.final && seen[u.norm] >= 2 {
			u.drop(ReasonRepeatedLine)
			continue
		}
		if i+1 < n && body(i+1) {
			v := &p.units[i+1]
			if !u.final && !v.final && u.words >= 2 && u.words <= 12 && v.words <= u.words+12 &&
				len(v.norm) > len(u.norm) && strings.HasPrefix(v.norm, u.norm) {
				u.drop(ReasonCaption)
				v.drop(ReasonCaption)
			}
		}
		if i > p.headline+1 && body(i-1) && p.units[i-1].norm == u.norm {
			u.drop(ReasonRepeatedLine)
		}
	}

	// Teaser lists under a "Most read"-like header.
	for i := p.headline + 1; i < n; i++ {
		if !body(i) || p.units[i].cat != catListHeader {
			continue
		}
		run := 0
		for j := i + 1; j < n && run < 15 && body(j); j++ {
			v := &p.units[j]
			if v.furniture() {
				continue
			}
			if v.words > 16 || endsWithPeriod(v.raw) {
				break
			}
			v.drop(ReasonRelated)
			run++
		}
	}

	// Everything after an end marker ("ENDS", "Notes to editors").
	kept := false
	for i := p.headline + 1; i < n; i++ {
		u := &p.units[i]
		if !body(i) {
			continue
		}
		if kept && u.cat == catEndMarker {
			for j := i + 1; j < n; j++ {
				if body(j) {
					p.units[j].drop(ReasonAfterEnd)
				}
			}
			break
		}
		if !u.furniture() {
			kept = true
		}
	}

	// An author footer: one of the last three kept body lines names the
	// known author and is short ("Chris Doyle writes a weekly column").
	if author := normalize(p.a.Author); len(author) >= 4 {
		seen := 0
		for i := n - 1; i > p.headline && seen < 3; i-- {
			u := &p.units[i]
			if !body(i) || u.furniture() {
				continue
			}
			seen++
			if u.words <= 30 && strings.Contains(u.norm, author) {
				u.drop(ReasonByline)
			}
		}
	}

	// Short unfinished lines trailing the body (related links, tags,
	// sign-offs), when a finished line comes before them.
	end := n
	for i := p.headline + 1; i < n; i++ {
		if p.units[i].section {
			end = i
			for end > p.headline+1 && isHeader(p.units[end-1].cat) {
				end--
			}
			break
		}
	}
	var tail []int
	finished := false
	for i := end - 1; i > p.headline; i-- {
		u := &p.units[i]
		if u.furniture() || u.section {
			continue
		}
		if u.final || u.words > 15 {
			finished = true
			break
		}
		tail = append(tail, i)
	}
	if finished {
		for _, i := range tail {
			p.units[i].drop(ReasonAfterBody)
		}
	}
}

// blocks turns the classified units into article blocks.
func (p *page) blocks() []article.Block {
	if len(p.units) == 0 {
		return nil
	}
	out := make([]article.Block, 0, len(p.units))
	for i := range p.units {
		u := &p.units[i]
		b := article.Block{Start: u.start, End: u.end, Kind: article.BlockParagraph, Section: article.SectionBody, Reason: u.reason}
		switch {
		case u.furniture():
			b.Kind = article.BlockFurniture
		case u.headline:
			b.Kind = article.BlockHeadline
		}
		if u.comment > 0 {
			b.Section = article.SectionComment
			b.Comment = u.comment
			b.Commenter = u.commenter
		}
		out = append(out, b)
	}
	return out
}
