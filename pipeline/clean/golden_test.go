package clean

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slant-project/slant/data"
	"github.com/slant-project/slant/pipeline/article"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

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

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Errorf("%s: first difference at line %d:\n got: %s\nwant: %s", path, i+1, g, w)
				break
			}
		}
	}
}

// sampleArticles reads the sample corpus and its manifest from data.FS.
func sampleArticles(t testing.TB) []*article.Article {
	t.Helper()
	mf, err := data.FS.ReadFile("articles/manifest.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(mf)).ReadAll()
	if err != nil {
		t.Fatalf("manifest.csv: %v", err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	var out []*article.Article
	for _, r := range rows[1:] {
		b, err := data.FS.ReadFile("articles/" + r[col["file"]])
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, &article.Article{
			ID: r[col["article_id"]], Source: r[col["source"]], Outlet: r[col["outlet"]],
			Author: r[col["author"]], Title: r[col["title"]], Origin: r[col["file"]],
			Text: string(b),
		})
	}
	if len(out) != 5 {
		t.Fatalf("manifest lists %d articles, want 5", len(out))
	}
	return out
}

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
		stem := strings.TrimSuffix(a.Origin, ".txt")
		t.Run(stem, func(t *testing.T) {
			if err := c.Process(context.Background(), a); err != nil {
				t.Fatal(err)
			}
			checkInvariants(t, a.Text, a.Blocks)
			checkGolden(t, filepath.Join("testdata", stem+".golden"), render(a))
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
			checkGolden(t, strings.TrimSuffix(f, ".input")+".golden", render(a))
		})
	}
}
