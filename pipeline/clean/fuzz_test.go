package clean

import (
	"context"
	"strings"
	"testing"
	"unicode"

	"github.com/slant-project/slant/data"
	"github.com/slant-project/slant/pipeline/article"
)

func blankRune(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) }

// checkInvariants checks Process's contract on blocks, independently of
// how the package computes them.
func checkInvariants(t *testing.T, text string, blocks []article.Block) {
	t.Helper()
	boundary := map[int]bool{len(text): true}
	for i := range text {
		boundary[i] = true
	}
	prevEnd, prevComment := 0, 0
	for k, b := range blocks {
		if b.Start < prevEnd || b.Start >= b.End || b.End > len(text) {
			t.Fatalf("block %d [%d,%d): out of order, empty or outside text (prev end %d, len %d)", k, b.Start, b.End, prevEnd, len(text))
		}
		if !boundary[b.Start] || !boundary[b.End] {
			t.Fatalf("block %d [%d,%d): not on rune boundaries", k, b.Start, b.End)
		}
		s := text[b.Start:b.End]
		if strings.TrimFunc(s, blankRune) != s {
			t.Errorf("block %d [%d,%d) %q: not trimmed", k, b.Start, b.End, s)
		}
		switch b.Kind {
		case article.BlockHeadline, article.BlockParagraph:
			if b.Reason != "" {
				t.Errorf("block %d: kept with reason %q", k, b.Reason)
			}
		case article.BlockFurniture:
			if b.Reason == "" {
				t.Errorf("block %d: furniture without a reason", k)
			}
		default:
			t.Errorf("block %d: bad kind %q", k, b.Kind)
		}
		if (b.Section == article.SectionComment) != (b.Comment > 0) || (b.Section != article.SectionComment && b.Section != article.SectionBody) {
			t.Errorf("block %d: section %q with comment %d", k, b.Section, b.Comment)
		}
		if b.Comment > 0 {
			if b.Comment < prevComment {
				t.Errorf("block %d: comment %d after comment %d", k, b.Comment, prevComment)
			}
			prevComment = b.Comment
		}
		if b.Commenter != "" && b.Comment == 0 {
			t.Errorf("block %d: commenter %q outside a comment", k, b.Commenter)
		}
		prevEnd = b.End
	}
	// Every non-blank line meets exactly one block, and what of the line
	// lies outside blocks is white space or one leading bullet. Blocks are
	// sorted and disjoint (checked above), so one pointer walks them.
	start, k := 0, 0
	for _, ln := range strings.SplitAfter(text, "\n") {
		end := start + len(ln)
		body := strings.TrimSuffix(ln, "\n")
		lineEnd := start + len(body)
		if strings.TrimFunc(body, blankRune) == "" {
			start = end
			continue
		}
		for k < len(blocks) && blocks[k].End <= start {
			k++
		}
		n := 0
		for j := k; j < len(blocks) && blocks[j].Start < lineEnd; j++ {
			n++
		}
		if n != 1 {
			t.Fatalf("line at %d %q meets %d blocks, want 1", start, body, n)
		}
		b := blocks[k]
		var outside []rune
		for i, r := range body {
			if pos := start + i; (pos < b.Start || pos >= b.End) && !blankRune(r) {
				outside = append(outside, r)
			}
		}
		if len(outside) > 1 || (len(outside) == 1 && !isBullet(outside[0])) {
			t.Fatalf("line at %d %q: %q left outside its block", start, body, string(outside))
		}
		start = end
	}
}

func FuzzClean(f *testing.F) {
	c, err := New(Options{})
	if err != nil {
		f.Fatal(err)
	}
	seeds := []string{
		"", "\n", "   \n\t\n", "•", "  • \n-\n*", "- -\n* *", "a", "What now?\nThey have.",
		"Title\n\nReaders' comments (2)\n\n  • Vinci Ho\n\n    text here.\n\n    Report this comment\n",
		"Comments\nReply\nReply\n", "\xff\xfe\x00", "a\xe2\x80\nb\xc2", "\u200b\n\u00a0•\u00a0x\n",
		strings.Repeat("word ", 15) + "\n" + strings.Repeat("word ", 15) + "\n" + strings.Repeat("word ", 15) + "\n",
		"Posted by x on 12 May 2016\nhello.\nPosted by y on 13 May 2016\nhi.",
		"joe\n3 hours ago\nhello there.\nann\n2 hours ago\nhi.\n",
	}
	for _, s := range seeds {
		f.Add(s, "Title")
	}
	for _, name := range []string{"pulse-leaked-messages.txt", "nhs-blog-what-now.txt"} {
		b, err := data.FS.ReadFile("articles/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b), "")
	}
	f.Fuzz(func(t *testing.T, text, title string) {
		a := &article.Article{ID: "fuzz", Text: text, Title: title, Author: title}
		if err := c.Process(context.Background(), a); err != nil {
			t.Fatal(err)
		}
		if a.Text != text {
			t.Fatal("Process changed the text")
		}
		checkInvariants(t, text, a.Blocks)
	})
}
