package attribute

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slant-project/slant/data"
	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/clean"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

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
	if got == string(want) {
		return
	}
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
			return
		}
	}
}

// sampleArticles builds the five sample articles from data.FS: the
// embedded file text and the manifest's fields (no ingest stage).
func sampleArticles(t testing.TB) map[string]*article.Article {
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
	for _, h := range []string{"file", "article_id", "source", "outlet", "author", "title", "date", "kind"} {
		if _, ok := col[h]; !ok {
			t.Fatalf("manifest.csv: no column %q", h)
		}
	}
	out := map[string]*article.Article{}
	for _, r := range rows[1:] {
		b, err := data.FS.ReadFile("articles/" + r[col["file"]])
		if err != nil {
			t.Fatal(err)
		}
		out[strings.TrimSuffix(r[col["file"]], ".txt")] = &article.Article{
			ID: r[col["article_id"]], Source: r[col["source"]], Outlet: r[col["outlet"]],
			Author: r[col["author"]], Title: r[col["title"]], Date: r[col["date"]], Kind: r[col["kind"]],
			Origin: "articles/" + r[col["file"]], Text: string(b),
		}
	}
	if len(out) != 5 {
		t.Fatalf("manifest lists %d articles, want 5", len(out))
	}
	return out
}

// TestGoldenSamples runs clean, segment and attribute over the five sample
// articles and compares the claims with testdata/<stem>.golden.
func TestGoldenSamples(t *testing.T) {
	cl, err := clean.New(clean.Options{})
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for stem, a := range sampleArticles(t) {
		if err := cl.Process(context.Background(), a); err != nil {
			t.Fatal(err)
		}
		runAll(t, a)
		total += len(a.Claims)
		checkGolden(t, filepath.Join("testdata", stem+".golden"), goldenLines(a))
		// Target of the issue: no furniture among the claims, and the
		// Pulse readers' comments are section=comment.
		for _, c := range a.Claims {
			for _, b := range a.Blocks {
				if b.Kind == article.BlockFurniture && c.Start < b.End && b.Start < c.End {
					t.Errorf("%s: claim %s overlaps furniture block [%d,%d)", stem, c.ID, b.Start, b.End)
				}
			}
		}
		if stem == "hsj-rolling-action" {
			// The three quoted sides the issue names.
			for speaker, side := range map[string]article.Side{
				"Ellen McCourt":                    article.SideJDC,
				"Danny Mortimer":                   article.SideGov,
				"Department of Health spokeswoman": article.SideGov,
			} {
				n := 0
				for _, c := range a.Claims {
					if c.Voice == article.VoiceQuote && c.Speaker == speaker {
						n++
						if c.SpeakerSide != side {
							t.Errorf("hsj: %s quoted with side %s, want %s", c.ID, c.SpeakerSide, side)
						}
					}
				}
				if n < 2 {
					t.Errorf("hsj: %d quote claims by %s, want at least 2", n, speaker)
				}
			}
		}
		if stem == "pulse-leaked-messages" {
			n := 0
			for _, c := range a.Claims {
				if c.Section == article.SectionComment {
					n++
				}
			}
			if n < 20 {
				t.Errorf("pulse: %d comment claims, want the readers' comments (at least 20)", n)
			}
		}
	}
	if total < 180 {
		t.Errorf("%d claims over the five samples, want at least 180", total)
	}
}

// TestGoldenInputs runs segment and attribute over testdata/*.input
// (markup described at fixture) and compares with the .golden beside it.
func TestGoldenInputs(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.input"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata/*.input files")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		stem := strings.TrimSuffix(filepath.Base(f), ".input")
		a := fixture(stem, string(b))
		runAll(t, a)
		checkGolden(t, strings.TrimSuffix(f, ".input")+".golden", goldenLines(a))
	}
}
