// Package article defines the one value that flows through slant's stages:
// an Article with its decoded text, the blocks the cleaner kept, and the
// claims (with tokens, attribution and scores) the later stages add.
//
// Offsets contract: every Start/End in this package is a byte offset into
// Article.Text, half-open [Start, End), on UTF-8 rune boundaries, with
// 0 <= Start <= End <= len(Text). Article.Text is the decoded input (UTF-8,
// byte-order mark removed, CRLF and lone CR turned into LF); it is never
// rewritten by later stages, so Text[c.Start:c.End] is always the exact text
// a claim was made from.
package article

import (
	"context"
	"fmt"
)

// Section names where a unit of text stands in its page.
type Section string

// Sections.
const (
	SectionBody    Section = "body"    // the article's own text
	SectionComment Section = "comment" // a reader's comment below the article
)

// BlockKind says what the cleaner decided about a block of text.
type BlockKind string

// Block kinds.
const (
	BlockHeadline  BlockKind = "headline"  // the article's title line
	BlockParagraph BlockKind = "paragraph" // running text, kept
	BlockFurniture BlockKind = "furniture" // page furniture, dropped
)

// Block is a paragraph-sized span of Article.Text with the cleaner's verdict.
// Blocks are in text order and do not overlap.
type Block struct {
	Start, End int
	Kind       BlockKind
	Section    Section
	// Comment numbers reader comments from 1 in page order (0 in the body);
	// all blocks of one comment share the number.
	Comment int
	// Commenter is the comment's author's name when the page gives it.
	Commenter string
	// Reason says, for furniture, which rule dropped it (for run.json and
	// evaluation), e.g. "phrase:share-widget" or "caption".
	Reason string
}

// Kept reports whether the block is article content.
func (b Block) Kept() bool { return b.Kind != BlockFurniture }

// ClaimKind marks the form of a claim.
type ClaimKind string

// Claim kinds.
const (
	KindStatement ClaimKind = "statement"
	KindQuestion  ClaimKind = "question"
	KindHeadline  ClaimKind = "headline"
)

// Voice says whose words a claim is.
type Voice string

// Voices.
const (
	VoiceAuthor   Voice = "author"   // the writer's own words (a commenter's, in comments)
	VoiceQuote    Voice = "quote"    // direct speech
	VoiceReported Voice = "reported" // indirect speech: "X says that …"
)

// Known reports whether v is one of the Voices.
func (v Voice) Known() bool {
	return v == VoiceAuthor || v == VoiceQuote || v == VoiceReported
}

// Side is a party to the dispute, as named in the profile.
type Side string

// Sides. Gov and JDC are the two parties; Other is a named actor on neither
// side; None means no speaker or an unknown one.
const (
	SideGov   Side = "gov"
	SideJDC   Side = "jdc"
	SideOther Side = "other"
	SideNone  Side = "none"
	SideBoth  Side = "both" // only as a target: the claim is about both sides
)

// IsSpeaker reports whether s can be a speaker's side: gov, jdc, other or
// none (both is only a target).
func (s Side) IsSpeaker() bool {
	return s == SideGov || s == SideJDC || s == SideOther || s == SideNone
}

// Stance labels.
type Stance string

// Stances.
const (
	ProGov  Stance = "pro_gov"
	Neutral Stance = "neutral"
	ProJDC  Stance = "pro_jdc"
)

// Stances lists the stance classes in their fixed order (probability
// vectors use this order).
var Stances = [3]Stance{ProGov, Neutral, ProJDC}

// Token is one sub-word token of a claim; Start/End are byte offsets into
// Article.Text (not into the claim).
type Token struct {
	ID         int
	Value      string
	Start, End int
}

// Score is what the scoring stage says about a claim.
type Score struct {
	Stance Stance
	// P holds p(pro_gov), p(neutral), p(pro_jdc); it sums to 1.
	P [3]float64
	// StanceScore is P[2] − P[0], in [-1, 1].
	StanceScore    float64
	Sentiment      float64 // in [-1, 1]
	SentimentLabel string  // negative, neutral or positive
	TargetSide     Side    // gov, jdc, both or none
	Model          string  // model version that produced the score
}

// Claim is one sentence-level assertion (or a clause of a long compound
// sentence), with its place in the article and what later stages say of it.
type Claim struct {
	ID        string // ArticleID + "-" + zero-padded ordinal, stable for a given text
	Section   Section
	Comment   int    // comment number (0 in the body)
	Commenter string // the comment's author, when given
	Paragraph int    // 1-based index of the kept block the claim is in
	Sentence  int    // 1-based index of the sentence within the article
	Start     int
	End       int
	Kind      ClaimKind
	Text      string // == Article.Text[Start:End]

	Voice       Voice
	Speaker     string
	SpeakerSide Side

	Tokens []Token
	Score  *Score
}

// Article is a single input document as it moves through the stages.
type Article struct {
	ID      string
	Source  string // the outlet's stable id, e.g. "bbc"
	Outlet  string // the outlet's display name
	Author  string
	Title   string
	Date    string
	URL     string
	Kind    string // news, opinion, analysis, blog, comment, statement, …
	Origin  string // where it came from: "path" or "path:line"
	Hash    string // hex SHA-256 of Text
	Text    string
	Blocks  []Block
	Claims  []Claim
	Notices []string // non-fatal remarks from stages (e.g. "decoded as windows-1252")
}

// Span returns Text[start:end] or an error when the span is out of range or
// not on rune boundaries; it never panics.
func (a *Article) Span(start, end int) (string, error) {
	if start < 0 || end < start || end > len(a.Text) {
		return "", fmt.Errorf("article %s: span [%d,%d) outside text of %d bytes", a.ID, start, end, len(a.Text))
	}
	return a.Text[start:end], nil
}

// Processor is one stage of the chain.
//
// Process reads and extends a in place. It must not change a.Text, must keep
// every offset it writes inside a.Text, must not panic on any input, and
// returns an error wrapped with the article id and stage name when the
// article cannot be processed; the caller then records the article as failed
// and goes on with the others. Process honours ctx cancellation.
type Processor interface {
	Process(ctx context.Context, a *Article) error
}

// ProcessorFunc adapts a function to Processor.
type ProcessorFunc func(ctx context.Context, a *Article) error

// Process calls f.
func (f ProcessorFunc) Process(ctx context.Context, a *Article) error { return f(ctx, a) }

// Chain runs processors in order, stopping at the first error.
type Chain []Processor

// Process runs every processor of the chain on a.
func (c Chain) Process(ctx context.Context, a *Article) error {
	for _, p := range c {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := p.Process(ctx, a); err != nil {
			return err
		}
	}
	return nil
}
