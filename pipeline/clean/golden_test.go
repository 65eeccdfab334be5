package clean

import (
	"context"
	"fmt"
	"github.com/slant-project/slant/internal/golden"
	"github.com/slant-project/slant/pipeline/ingest"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slant-project/slant/pipeline/article"
)

// render prints one line per block:
// [start,end) kind section comment commenter reason | text (first 80 runes)
func render(a *article.Article) string {
	var b strings.Builder
	for _, bl := range a.Blocks {
		commenter, reason := "-", "-"
		if bl.Commenter != "" {
			commenter = strconv.Quote(bl.Commenter)
		}
		if bl.Reason != "" {
			reason = bl.Reason
		}
		text := strings.ReplaceAll(a.Text[bl.Start:bl.End], "\n", "↵")
		if utf8.RuneCountInString(text) > 80 {
			text = string([]rune(text)[:80])
		}
		fmt.Fprintf(&b, "[%d,%d) %s %s %d %s %s | %s\n", bl.Start, bl.End, bl.Kind, bl.Section, bl.Comment, commenter, reason, text)
	}
	return b.String()
}

// sampleArticles reads the embedded sample corpus through ingest, exactly
// as slant run does.
func sampleArticles(t testing.TB) []*article.Article {
	t.Helper()
	arts, probs, _, err := ingest.CollectDefault(context.Background(), ingest.Options{})
	if err != nil || len(probs) > 0 || len(arts) != 5 {
		t.Fatalf("sample corpus: %d articles, problems %v, err %v", len(arts), probs, err)
	}
	return arts
}

// fileOf is a sample article's file name ("bbc-no-vote.txt").
func fileOf(a *article.Article) string { return path.Base(a.Origin) }

func newCleaner(t testing.TB) *Cleaner {
	t.Helper()
	c, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestGoldenSamples(t *testing.T) {
	c := newCleaner(t)
	for _, a := range sampleArticles(t) {
		stem := strings.TrimSuffix(fileOf(a), ".txt")
		t.Run(stem, func(t *testing.T) {
			if err := c.Process(context.Background(), a); err != nil {
				t.Fatal(err)
			}
			checkInvariants(t, a.Text, a.Blocks)
			golden.Check(t, filepath.Join("testdata", stem+".golden"), []byte(render(a)))
		})
	}
}

// readInput parses a testdata/*.input page: "key: value" header lines
// (title, author, outlet, source) up to a line "---", then the page text.
func readInput(t *testing.T, path string) *article.Article {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	head, text, ok := strings.Cut(string(b), "\n---\n")
	if !ok {
		t.Fatalf("%s: no '---' line after the header", path)
	}
	a := &article.Article{ID: filepath.Base(path), Text: text}
	for n, l := range strings.Split(head, "\n") {
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			t.Fatalf("%s line %d: want key: value", path, n+1)
		}
		v = strings.TrimSpace(v)
		switch strings.TrimSpace(k) {
		case "title":
			a.Title = v
		case "author":
			a.Author = v
		case "outlet":
			a.Outlet = v
		case "source":
			a.Source = v
		default:
			t.Fatalf("%s line %d: unknown key %q", path, n+1, k)
		}
	}
	return a
}

func TestGoldenInputs(t *testing.T) {
	c := newCleaner(t)
	files, err := filepath.Glob(filepath.Join("testdata", "*.input"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 4 {
		t.Fatalf("found %d testdata/*.input pages, want at least 4", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			a := readInput(t, f)
			if err := c.Process(context.Background(), a); err != nil {
				t.Fatal(err)
			}
			checkInvariants(t, a.Text, a.Blocks)
			golden.Check(t, strings.TrimSuffix(f, ".input")+".golden", []byte(render(a)))
		})
	}
}
