package sentiment

import (
	"bufio"
	"fmt"
	goldenfile "github.com/slant-project/slant/internal/golden"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

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
		goldenfile.Check(t, strings.TrimSuffix(in, ".input")+".golden", []byte(b.String()))
	}
}
