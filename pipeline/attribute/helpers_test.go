package attribute

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/profile"
	"github.com/slant-project/slant/pipeline/segment"
)

// fixture builds an article from a small markup used by the table tests
// and the testdata/*.input files:
//
//   - blocks are separated by blank lines;
//   - a block whose first line starts with "# " is a headline (the "# " is
//     furniture, not part of the block);
//   - a line "@comment NAME" (NAME may be empty) starts a reader comment;
//     the line itself is furniture; the blocks after it belong to that
//     comment until the next "@comment";
//   - a line "@furniture TEXT" is a furniture block.
//
// Offsets are byte offsets into the markup itself, so the article text is
// the input file unchanged.
func fixture(id, text string) *article.Article {
	a := &article.Article{ID: id, Text: text}
	sec, com, who := article.SectionBody, 0, ""
	start := -1
	var kind article.BlockKind
	flush := func(end int) {
		if start < 0 {
			return
		}
		for end > start && (text[end-1] == '\n' || text[end-1] == ' ') {
			end--
		}
		if end > start {
			a.Blocks = append(a.Blocks, article.Block{Start: start, End: end, Kind: kind, Section: sec, Comment: com, Commenter: who})
		}
		start = -1
	}
	off := 0
	for _, ln := range strings.SplitAfter(text, "\n") {
		lineStart := off
		off += len(ln)
		t := strings.TrimRight(ln, "\n")
		switch {
		case strings.TrimSpace(t) == "":
			flush(lineStart)
		case strings.HasPrefix(t, "@comment"):
			flush(lineStart)
			sec, com, who = article.SectionComment, com+1, strings.TrimSpace(strings.TrimPrefix(t, "@comment"))
			a.Blocks = append(a.Blocks, article.Block{Start: lineStart, End: lineStart + len(t), Kind: article.BlockFurniture, Section: sec, Comment: com, Commenter: who})
		case strings.HasPrefix(t, "@furniture"):
			flush(lineStart)
			a.Blocks = append(a.Blocks, article.Block{Start: lineStart, End: lineStart + len(t), Kind: article.BlockFurniture, Section: sec, Comment: com, Commenter: who})
		case start < 0 && strings.HasPrefix(t, "# "):
			start, kind = lineStart+2, article.BlockHeadline
		case start < 0:
			start, kind = lineStart, article.BlockParagraph
		}
	}
	flush(len(text))
	return a
}

var (
	testSeg  *segment.Segmenter
	testProf *profile.Profile
)

func setup(t testing.TB) (*segment.Segmenter, *Attributor) {
	t.Helper()
	if testSeg == nil {
		s, err := segment.New(segment.Options{})
		if err != nil {
			t.Fatal(err)
		}
		p, err := profile.Default()
		if err != nil {
			t.Fatal(err)
		}
		testSeg, testProf = s, p
	}
	return testSeg, New(testProf)
}

// run segments and attributes a.
func runAll(t testing.TB, a *article.Article) {
	t.Helper()
	s, at := setup(t)
	if err := s.Process(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	if err := at.Process(context.Background(), a); err != nil {
		t.Fatal(err)
	}
}

// goldenLines renders claims one per line:
// id [start,end) section comment paragraph sentence kind voice speaker side | text
// with the speaker quoted and the text's line breaks shown as "⏎".
func goldenLines(a *article.Article) string {
	var b strings.Builder
	for _, c := range a.Claims {
		fmt.Fprintf(&b, "%s [%d,%d) %s %d %d %d %s %s %q %s | %s\n", c.ID, c.Start, c.End, c.Section, c.Comment,
			c.Paragraph, c.Sentence, c.Kind, c.Voice, c.Speaker, c.SpeakerSide, strings.ReplaceAll(c.Text, "\n", "⏎"))
	}
	return b.String()
}
