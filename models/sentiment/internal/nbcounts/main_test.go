package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestShippedCounts regenerates the table from the module's model and
// compares it with the shipped models/sentiment/bayes_counts.tsv.
func TestShippedCounts(t *testing.T) {
	var b bytes.Buffer
	if err := write(&b, 50); err != nil {
		t.Fatal(err)
	}
	shipped, err := os.ReadFile(filepath.Join("..", "..", "bayes_counts.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), shipped) {
		t.Error("bayes_counts.tsv differs from the module's model: run go generate ./models/sentiment")
	}
	for _, want := range []string{"\nexcellent\t384\t1648\n", "\n#tokens\t2255415\t2319738\n", "\n#vocabulary\t117448\n"} {
		if !bytes.Contains(b.Bytes(), []byte(want)) {
			t.Errorf("table lacks %q", want)
		}
	}
}
