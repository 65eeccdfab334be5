package ingest

import (
	"context"
	"fmt"
	"github.com/slant-project/slant/internal/golden"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slant-project/slant/pipeline/article"
)

// TestGolden streams each directory testdata/<name> and compares a
// rendering of every item (and the stats) with testdata/<name>.golden.
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "*"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, dir := range dirs {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			continue
		}
		n++
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			got := render(t, "testdata", name)
			golden.Check(t, dir+".golden", []byte(got))
		})
	}
	if n == 0 {
		t.Fatal("no testdata directories")
	}
}

// render streams root/name through an os.DirFS (so origins are the same on
// every machine) and writes one block per item.
func render(t *testing.T, root, name string) string {
	t.Helper()
	items, st, err := collectItems(func(out chan<- Item) (Stats, error) {
		return StreamFS(context.Background(), os.DirFS(root), name, Options{}, out)
	})
	if err != nil {
		t.Fatal(err)
	}
	var (
		b     strings.Builder
		arts  []*article.Article
		probs []*Problem
	)
	for _, it := range items {
		if p := it.Problem; p != nil {
			probs = append(probs, p)
			fmt.Fprintf(&b, "problem %s\n\n", p.Error())
			continue
		}
		a := it.Article
		arts = append(arts, a)
		fmt.Fprintf(&b, "article %s\n", a.Origin)
		fmt.Fprintf(&b, "  id=%q source=%q outlet=%q author=%q\n", a.ID, a.Source, a.Outlet, a.Author)
		fmt.Fprintf(&b, "  title=%q date=%q url=%q kind=%q\n", a.Title, a.Date, a.URL, a.Kind)
		fmt.Fprintf(&b, "  hash=%s bytes=%d\n", a.Hash[:16], len(a.Text))
		fmt.Fprintf(&b, "  text=%q\n", a.Text)
		for _, n := range a.Notices {
			fmt.Fprintf(&b, "  notice: %s\n", n)
		}
		b.WriteString("\n")
	}
	checkInvariants(t, arts, probs, st)
	fmt.Fprintf(&b, "stats files=%d articles=%d problems=%d ignored=%q\n", st.Files, st.Articles, st.Problems, st.Ignored)
	return b.String()
}
