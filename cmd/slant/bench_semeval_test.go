package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// semevalFixture is the invented release-format fixture of eval/bench.
var semevalFixture = filepath.Join("..", "..", "eval", "bench", "testdata", "semeval")

func TestBenchSemEvalFixture(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sub", "pred.txt")
	code, stdout, stderr := evalRun("bench", "semeval", "--data", semevalFixture, "--out", out, "--lambdas", "0.001", "--boot", "50")
	if code != exitSkipped {
		t.Errorf("exit %d, want %d (bad lines skipped); stderr:\n%s", code, exitSkipped, stderr)
	}
	for _, want := range []string{
		"trainingdata-all-annotations.txt:48: 3 tab-separated fields, the header has 6",
		`trainingdata-all-annotations.txt:49: stance "MAYBE" is not FAVOR, AGAINST or NONE`,
		"decoded as Windows-1252",
		`no training tweets for target "Donald Trump"`,
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	for _, want := range []string{"all (pooled, official)", "Legalization of Abortion", "65.22", "67.82", "68.98", "71.20", "wrote 16 predictions"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if lines[0] != "ID\tTarget\tTweet\tStance" || len(lines) != 17 {
		t.Fatalf("predictions: %d lines, header %q", len(lines), lines[0])
	}
	for _, l := range lines[1:] {
		f := strings.Split(l, "\t")
		if len(f) != 4 || (f[3] != "FAVOR" && f[3] != "AGAINST" && f[3] != "NONE") {
			t.Errorf("bad prediction line %q", l)
		}
	}
}

func TestBenchSemEvalUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"bench", "semeval", "--out", "x"}, "--data DIR is required"},
		{[]string{"bench", "semeval", "--data", semevalFixture}, "--out FILE is required"},
		{[]string{"bench", "semeval", "--data", semevalFixture, "--out", "x", "--boot", "-2"}, "--boot -2"},
	} {
		code, _, stderr := evalRun(tc.args...)
		if code != exitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, code, stderr, exitUsage, tc.want)
		}
	}
	code, _, stderr := evalRun("bench", "semeval", "--data", t.TempDir(), "--out", filepath.Join(t.TempDir(), "p.txt"))
	if code != exitFailure || !strings.Contains(stderr, "trainingdata-all-annotations.txt") {
		t.Errorf("empty data dir: exit %d, stderr %q", code, stderr)
	}
}
