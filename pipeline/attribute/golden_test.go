package attribute

import (
	"context"
	"github.com/slant-project/slant/internal/golden"
	"github.com/slant-project/slant/pipeline/ingest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/clean"
)

// sampleArticles reads the embedded sample corpus through ingest, exactly
// as slant run does, keyed by file stem ("bbc-no-vote").
func sampleArticles(t testing.TB) map[string]*article.Article {
	t.Helper()
	arts, probs, _, err := ingest.CollectDefault(context.Background(), ingest.Options{})
	if err != nil || len(probs) > 0 || len(arts) != 5 {
		t.Fatalf("sample corpus: %d articles, problems %v, err %v", len(arts), probs, err)
	}
	out := map[string]*article.Article{}
	for _, a := range arts {
		out[strings.TrimSuffix(path.Base(a.Origin), ".txt")] = a
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
		golden.Check(t, filepath.Join("testdata", stem+".golden"), []byte(goldenLines(a)))
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
		golden.Check(t, strings.TrimSuffix(f, ".input")+".golden", []byte(goldenLines(a)))
	}
}
