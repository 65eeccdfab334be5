package report

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"github.com/slant-project/slant/internal/golden"
	stdhtml "html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/slant-project/slant/pipeline/bias"
	"github.com/slant-project/slant/pipeline/export"
)

func TestMarkdownGolden(t *testing.T) {
	res, _ := fixtureResult(t)
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, &res, fixtureMeta()); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "fixture.md.golden"), buf.Bytes())
}

// The hostile claim's text and speaker come out escaped in both reports.
func TestReportsEscapeText(t *testing.T) {
	res, _ := fixtureResult(t)
	var h, m bytes.Buffer
	if err := WriteHTML(&h, &res, fixtureMeta()); err != nil {
		t.Fatal(err)
	}
	if err := WriteMarkdown(&m, &res, fixtureMeta()); err != nil {
		t.Fatal(err)
	}
	html, md := h.String(), m.String()
	if !strings.Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;") || !strings.Contains(html, "&lt;script&gt;alert(2)&lt;/script&gt;") {
		t.Error("report.html does not show the hostile claim and speaker escaped")
	}
	if strings.Contains(strings.ToLower(html), "<script") {
		t.Error("report.html contains a <script element")
	}
	if !strings.Contains(md, `\<script\>alert(1)\</script\> \| \*bold\* \[link\](http://x) = strike!`) ||
		!strings.Contains(md, `\<script\>alert(2)\</script\>`) {
		t.Error("report.md does not show the hostile claim and speaker escaped")
	}
	if regexp.MustCompile(`(^|[^\\])<script`).MatchString(md) {
		t.Error("report.md has an unescaped <script")
	}
	// Every table row in report.md has as many cells as its header.
	for _, block := range strings.Split(md, "\n\n") {
		lines := strings.Split(strings.TrimSpace(block), "\n")
		if !strings.HasPrefix(lines[0], "| ") {
			continue
		}
		cells := func(l string) int { return len(regexp.MustCompile(`(^|[^\\])\|`).FindAllString(l, -1)) }
		for _, l := range lines[1:] {
			if cells(l) != cells(lines[0]) {
				t.Errorf("table row has %d separators, header %d:\n%s\n%s", cells(l), cells(lines[0]), lines[0], l)
			}
		}
	}
}

func TestHTMLSelfContained(t *testing.T) {
	res, _ := fixtureResult(t)
	var h bytes.Buffer
	if err := WriteHTML(&h, &res, fixtureMeta()); err != nil {
		t.Fatal(err)
	}
	html := h.String()
	for _, bad := range []string{"<link", "<script", "@import", "url(http", "src=\"http", "<?xml"} {
		if strings.Contains(html, bad) {
			t.Errorf("report.html contains %q: it must be self-contained", bad)
		}
	}
	// 4 charts per section (slant, mix, voice, author) × 2 sections, but
	// the comments have no quoted claims: no voice chart there, a note.
	if n := strings.Count(html, `<svg `); n != 7 {
		t.Errorf("%d inline SVG charts, want 7", n)
	}
	if !strings.Contains(html, "Voice balance by source — reader comments: no quoted or reported claims.") {
		t.Error("the empty voice chart of the comments is not explained")
	}
	for _, title := range []string{"<title>Net slant by source — articles</title>", "<title>Stance mix by source — reader comments</title>",
		"<title>Voice balance by source — articles</title>", "<title>Author voice and quoted voice — articles</title>"} {
		if !strings.Contains(html, title) {
			t.Errorf("report.html lacks chart %s", title)
		}
	}
	if strings.Contains(html, "Chart not drawn") {
		t.Error("a chart failed to render")
	}
}

// TestLoadRebuildsReport writes the fixture's CSVs and run.json the way a
// run does, rebuilds the result with Load and checks the report is the
// same as the one made from the result directly.
func TestLoadRebuildsReport(t *testing.T) {
	res, rows := fixtureResult(t)
	dir := t.TempDir()
	writeRun(t, dir, res, rows)
	meta := fixtureMeta()
	opt := res.Options
	opt.Workers = 0
	meta.Bias = &opt
	// As the run command writes it: Meta under "report", beside other keys.
	b, _ := json.Marshal(struct {
		Report  Meta           `json:"report"`
		Profile map[string]any `json:"profile"`
	}{meta, map[string]any{"name": "x"}})
	if err := os.WriteFile(filepath.Join(dir, RunFile), b, 0o644); err != nil {
		t.Fatal(err)
	}

	got, gotMeta, probs, err := Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) != 0 {
		t.Errorf("problems: %v", probs)
	}
	var direct, rebuilt bytes.Buffer
	if err := WriteMarkdown(&direct, &res, meta); err != nil {
		t.Fatal(err)
	}
	if err := WriteMarkdown(&rebuilt, &got, gotMeta); err != nil {
		t.Fatal(err)
	}
	if direct.String() != rebuilt.String() {
		dl, rl := strings.Split(direct.String(), "\n"), strings.Split(rebuilt.String(), "\n")
		for i := range min(len(dl), len(rl)) {
			if dl[i] != rl[i] {
				t.Fatalf("rebuilt report differs at line %d:\ndirect  %s\nrebuilt %s", i+1, dl[i], rl[i])
			}
		}
		t.Fatalf("rebuilt report has %d lines, direct %d", len(rl), len(dl))
	}

	// Without run.json the report still builds and says what it lacks.
	os.Remove(filepath.Join(dir, RunFile))
	got, gotMeta, _, err = Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	var bare bytes.Buffer
	if err := WriteMarkdown(&bare, &got, gotMeta); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(bare.String(), "not recorded (no run.json)") || !strings.Contains(bare.String(), "flagged small\\_sample") {
		t.Errorf("report without run.json does not say the settings are unknown:\n%s", bare.String())
	}
}

func writeRun(t *testing.T, dir string, res bias.Result, rows []bias.ArticleMeasures) {
	t.Helper()
	create := func(name string, write func(f *os.File) error) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := write(f); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	create(ClaimsFile, func(f *os.File) error {
		cw := export.NewClaimsWriter(f)
		for _, a := range fixtureArticles() {
			if err := cw.Write(a); err != nil {
				return err
			}
		}
		return cw.Flush()
	})
	create(ArticlesFile, func(f *os.File) error { return export.WriteArticles(f, rows) })
	create(SourcesFile, func(f *os.File) error { return export.WriteSources(f, res.Sources) })
}

func TestLoadProblems(t *testing.T) {
	res, rows := fixtureResult(t)
	dir := t.TempDir()
	if _, _, _, err := Load(context.Background(), dir); !errors.Is(err, ErrMissing) || !strings.Contains(err.Error(), "sources.csv: no such file") {
		t.Errorf("empty dir: %v", err)
	}
	writeRun(t, dir, res, rows)
	// A broken row in claims.csv and a garbled run.json: reported, not fatal;
	// the claim counts no longer match sources.csv, which is said too.
	f, _ := os.OpenFile(filepath.Join(dir, ClaimsFile), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("bbc-01,bbc,body,0,,x,1,1,0,1,statement,,none,author,extra text,pro_gov\n")
	f.WriteString("hsj-01,hsj,body,0,,hsj-01-099,1,1,0,1,statement,,none,author,an extra claim,neutral,0.1,0.8,0.1,0,0,neutral,none,m\n")
	f.Close()
	os.WriteFile(filepath.Join(dir, RunFile), []byte("{not json"), 0o644)
	got, _, probs, err := Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	msg := ""
	for _, p := range probs {
		msg += p.Error() + "\n"
	}
	var re *export.RowError
	hasRow := false
	for _, p := range probs {
		hasRow = hasRow || errors.As(p, &re)
	}
	for _, want := range []string{"run.json", "claims.csv:", "16 fields, the header has 24", "hsj (body): sources.csv has"} {
		if !strings.Contains(msg, want) {
			t.Errorf("problems lack %q:\n%s", want, msg)
		}
	}
	if !hasRow {
		t.Error("the skipped row is not reported as an export.RowError")
	}
	if !strings.Contains(strings.Join(got.Warnings, "\n"), "files disagree") {
		t.Errorf("warnings: %v", got.Warnings)
	}
	// A sources.csv without its key columns is unusable.
	os.WriteFile(filepath.Join(dir, SourcesFile), []byte("a,b\n1,2\n"), 0o644)
	if _, _, _, err := Load(context.Background(), dir); !errors.Is(err, export.ErrColumn) {
		t.Errorf("bad sources.csv: %v", err)
	}
}

func TestWrite(t *testing.T) {
	res, _ := fixtureResult(t)
	dir := t.TempDir()
	if err := Write(dir, res, fixtureMeta()); err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 2 {
		t.Errorf("dir holds %d entries, want report.html and report.md only", len(ents))
	}
	for _, n := range []string{HTMLFile, MarkdownFile} {
		if st, err := os.Stat(filepath.Join(dir, n)); err != nil || st.Size() < 1000 {
			t.Errorf("%s: %v", n, err)
		}
	}
	if err := Write(filepath.Join(dir, "missing"), res, fixtureMeta()); err == nil {
		t.Error("writing into a missing directory must fail")
	}
}

// An empty result still gives a readable report.
func TestEmptyResult(t *testing.T) {
	var res bias.Result
	var h, m bytes.Buffer
	if err := WriteHTML(&h, &res, Meta{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteMarkdown(&m, &res, Meta{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.String(), "nothing to measure") || !strings.Contains(h.String(), "nothing to measure") {
		t.Error("empty report does not say there is nothing to measure")
	}
}

// The single-article source (blog) is marked as claim-level in the tables,
// the charts and the method; the bootstrap sources are not.
func TestClaimLevelMarked(t *testing.T) {
	res, _ := fixtureResult(t)
	var h bytes.Buffer
	if err := WriteHTML(&h, &res, fixtureMeta()); err != nil {
		t.Fatal(err)
	}
	html := stdhtml.UnescapeString(h.String())
	for _, want := range []string{
		"<td>-0.50 [-0.91, +0.40]†</td>",             // blog's net slant, 2·Wilson(1, 4) − 1
		"small sample (< 5 articles); † claim-level", // its note
		"blog (n=1) * †",                             // its chart label
		"(†: over the claims of a single article)",   // the body chart's caption
		"ci_method = claims in sources.csv",          // the method
	} {
		if !strings.Contains(html, want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	if regexp.MustCompile(`(bbc|hsj|socialist) \(n=\d\)[ *]*†`).MatchString(html) || strings.Contains(html, "+0.85 [+0.50, +1.00]†") {
		t.Error("a source with several articles is marked claim-level")
	}
}
