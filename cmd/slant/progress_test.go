package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func TestEstimateInputs(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("a.txt", "one article")
	write("sub/b.md", "another")
	write("sub/c.jsonl", "{\"text\":\"x\"}\n\n   \n{\"text\":\"y\"}") // 2 records, last without newline
	write("d.csv", "id,text\r\n1,x\r\n2,y\r\n\r\n")                   // header + 2 rows
	write(".hidden/e.txt", "skipped")
	write(".f.txt", "skipped")
	write("notes.pdf", "not an input")
	ctx := context.Background()
	if got := estimateInputs(ctx, []string{dir}); got != 6 {
		t.Errorf("estimateInputs(dir) = %d, want 6 (1 txt + 1 md + 2 jsonl + 2 csv)", got)
	}
	if got := estimateInputs(ctx, []string{filepath.Join(dir, "d.csv"), filepath.Join(dir, "missing")}); got != 2 {
		t.Errorf("estimateInputs(d.csv, missing) = %d, want 2", got)
	}
	if got := estimateInputs(ctx, nil); got != 5 {
		t.Errorf("estimateInputs(embedded) = %d, want the 5 sample articles", got)
	}
}
