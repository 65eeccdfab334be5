package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slant-project/slant/models/sentiment"
)

// runBench runs one bench command and returns its exit code, stdout and
// stderr.
func runBench(t *testing.T, f func(context.Context, []string, io.Writer, io.Writer) int, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := f(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestBenchVaderUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"--nope"}, {"--data", "x", "extra"}, {"--data", "x", "--newsmtsc", "y"}} {
		code, _, stderr := runBench(t, benchVader, args...)
		if code != exitUsage || stderr == "" {
			t.Errorf("bench vader %q: exit %d, stderr %q; want %d and a message", args, code, stderr, exitUsage)
		}
	}
	if _, _, stderr := runBench(t, benchVader); !strings.Contains(stderr, "--data DIR is required") {
		t.Errorf("missing --data message: %q", stderr)
	}
}

func TestBenchVaderFixture(t *testing.T) {
	dir := filepath.Join("..", "..", "eval", "bench", "testdata", "vader")
	code, stdout, stderr := runBench(t, benchVader, "--data", dir)
	if code != exitSkipped {
		t.Errorf("exit %d, want %d (bad lines skipped); stderr:\n%s", code, exitSkipped, stderr)
	}
	for _, want := range []string{"tweets_GroundTruth.txt:3:", "tweets_GroundTruth.txt:8: empty text", "movieReviewSnippets_GroundTruth.txt"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	for _, want := range []string{"model: sentiment/1", "nyt (test)", "combined", "govader", "0.881"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	out := filepath.Join(t.TempDir(), "combine.json")
	code, stdout, stderr = runBench(t, benchVader, "--data", dir, "--fit-out", out)
	if code != exitSkipped {
		t.Fatalf("--fit-out: exit %d; stderr:\n%s", code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	c, err := sentiment.ParseCombination(b)
	if err != nil {
		t.Fatalf("written combination: %v", err)
	}
	if !strings.Contains(c.Provenance.Command, "--fit-out") || len(c.Provenance.Files) != 2 || c.Provenance.Files[1].Role != "test, not used" {
		t.Errorf("provenance %+v", c.Provenance)
	}
	if !strings.Contains(stdout, "wrote "+out) {
		t.Errorf("stdout lacks the written file:\n%s", stdout)
	}
}
