package sentiment

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// TestGolden scores each line of testdata/*.input and compares with
// *.golden (go test -run Golden -update rewrites them after a deliberate
// model change).
func TestGolden(t *testing.T) {
	m := model(t)
	inputs, err := filepath.Glob(filepath.Join("testdata", "*.input"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no testdata/*.input: %v", err)
	}
	for _, in := range inputs {
		f, err := os.Open(in)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			line := sc.Text()
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			r := m.Score(line)
			fmt.Fprintf(&b, "%+.3f %-8s lexicon %+.3f bayes %+.3f | %s\n", r.Score, r.Label, r.Lexicon, r.Bayes, line)
		}
		f.Close()
		golden := strings.TrimSuffix(in, ".input") + ".golden"
		if *update {
			if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -run Golden -update)", err)
		}
		if got := b.String(); got != string(want) {
			t.Errorf("%s differs from %s:\ngot:\n%s\nwant:\n%s", in, golden, got, want)
		}
	}
}
