package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestBenchNewsMTSC(t *testing.T) {
	for _, args := range [][]string{nil, {"--nope"}, {"--data", "x", "extra"}} {
		if code, _, stderr := runBench(t, benchNewsMTSC, args...); code != exitUsage || stderr == "" {
			t.Errorf("bench newsmtsc %q: exit %d, stderr %q", args, code, stderr)
		}
	}
	// The fixture has too few mentions to train on: a clean failure.
	dir := filepath.Join("..", "..", "eval", "bench", "testdata", "newsmtsc")
	code, _, stderr := runBench(t, benchNewsMTSC, "--data", dir)
	if code != exitFailure || !strings.Contains(stderr, "train target model: 5 mentions") || !strings.Contains(stderr, "train.jsonl:3: not a JSON object") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	if code, _, stderr := runBench(t, benchNewsMTSC, "--data", t.TempDir()); code != exitFailure || !strings.Contains(stderr, "train.jsonl") {
		t.Errorf("empty dir: exit %d, stderr %q", code, stderr)
	}
}
