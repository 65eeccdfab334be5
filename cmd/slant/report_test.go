package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/bias"
	"github.com/slant-project/slant/pipeline/export"
)

// writeRunDir writes claims.csv, articles.csv and sources.csv for a small
// corpus of two sources into dir.
func writeRunDir(t *testing.T, dir string) {
	t.Helper()
	agg := bias.NewAggregator(bias.Options{Bootstrap: 100, Seed: 1})
	var rows []bias.ArticleMeasures
	var claims bytes.Buffer
	cw := export.NewClaimsWriter(&claims)
	for i := range 8 {
		a := &article.Article{ID: fmt.Sprintf("a%d", i), Source: []string{"left", "right"}[i%2], Outlet: "Outlet"}
		for j := range 3 {
			st := article.Stances[(i+j)%3]
			a.Claims = append(a.Claims, article.Claim{
				ID: fmt.Sprintf("a%d-%d", i, j), Section: article.SectionBody, Text: fmt.Sprintf("claim <b>%d</b>", j),
				Voice: article.VoiceAuthor, Score: &article.Score{Stance: st, StanceScore: float64((i+j)%3-1) / 2, SentimentLabel: "neutral", TargetSide: article.SideNone, Model: "m"},
			})
		}
		rows = append(rows, agg.Add(a)...)
		if err := cw.Write(a); err != nil {
			t.Fatal(err)
		}
	}
	if err := cw.Flush(); err != nil {
		t.Fatal(err)
	}
	res, err := agg.Result(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var arts, srcs bytes.Buffer
	if err := export.WriteArticles(&arts, rows); err != nil {
		t.Fatal(err)
	}
	if err := export.WriteSources(&srcs, res.Sources); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"claims.csv": claims.Bytes(), "articles.csv": arts.Bytes(), "sources.csv": srcs.Bytes()} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func runReport(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := cmdReport(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestCmdReport(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runReport(); code != exitUsage || !strings.Contains(stderr, "--from DIR is required") {
		t.Errorf("no --from: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := runReport("--from", filepath.Join(dir, "nope")); code != exitUsage || !strings.Contains(stderr, "not a directory") {
		t.Errorf("missing dir: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := runReport("--from", dir); code != exitFailure || !strings.Contains(stderr, filepath.Join(dir, "sources.csv")+": no such file") {
		t.Errorf("empty dir: exit %d, stderr %q", code, stderr)
	}

	writeRunDir(t, dir)
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runReport("--from", dir, "--out", out, "--title", "Test <report>")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	if !strings.Contains(stdout, "report.html") || !strings.Contains(stdout, "2 sources, 8 articles, 24 claims") {
		t.Errorf("stdout %q", stdout)
	}
	html, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), "<h1>Test &lt;report&gt;</h1>") || strings.Contains(string(html), "<b>0</b>") {
		t.Error("report.html: title or claim text not escaped")
	}
	if _, err := os.Stat(filepath.Join(out, "report.md")); err != nil {
		t.Error(err)
	}

	// A malformed row: the report is still written, exit 3, the row named.
	f, _ := os.OpenFile(filepath.Join(dir, "articles.csv"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("a9,left\n")
	f.Close()
	code, _, stderr = runReport("--from", dir)
	if code != exitSkipped || !strings.Contains(stderr, "articles.csv:10: 2 fields") {
		t.Errorf("bad row: exit %d, stderr %q", code, stderr)
	}
	// A file that is not a slant CSV: usage error naming the column.
	os.WriteFile(filepath.Join(dir, "claims.csv"), []byte("id,text\n1,x\n"), 0o644)
	code, _, stderr = runReport("--from", dir)
	if code != exitUsage || !strings.Contains(stderr, `claims.csv: header has no "article_id" column`) {
		t.Errorf("bad header: exit %d, stderr %q", code, stderr)
	}
}
