package ingest

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/slant-project/slant/data"
	"github.com/slant-project/slant/pipeline/article"
)

// writeFiles creates files (relative slash paths → content) under dir.
func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// ingest runs Stream and checks the invariants every stream must keep.
func ingest(t testing.TB, paths []string, opts Options) ([]*article.Article, []*Problem, Stats) {
	t.Helper()
	arts, probs, st, err := Collect(context.Background(), paths, opts)
	if err != nil {
		t.Fatalf("Stream: %v", err)
	}
	checkInvariants(t, arts, probs, st)
	return arts, probs, st
}

func checkInvariants(t testing.TB, arts []*article.Article, probs []*Problem, st Stats) {
	t.Helper()
	if st.Articles != len(arts) || st.Problems != len(probs) {
		t.Errorf("stats count %d articles, %d problems; stream sent %d, %d", st.Articles, st.Problems, len(arts), len(probs))
	}
	ids := map[string]bool{}
	for _, a := range arts {
		if !utf8.ValidString(a.Text) || strings.ContainsRune(a.Text, '\r') || strings.HasPrefix(a.Text, "\uFEFF") {
			t.Errorf("%s: text breaks the contract: %q", a.Origin, a.Text)
		}
		if strings.TrimSpace(a.Text) == "" {
			t.Errorf("%s: empty text", a.Origin)
		}
		sum := sha256.Sum256([]byte(a.Text))
		if a.Hash != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: hash %s is not the text's SHA-256", a.Origin, a.Hash)
		}
		if a.ID == "" || ids[a.ID] {
			t.Errorf("%s: id %q empty or not unique", a.Origin, a.ID)
		}
		ids[a.ID] = true
		if a.Source == "" || a.Origin == "" {
			t.Errorf("%s: no source or origin: %+v", a.Origin, a)
		}
	}
	for _, p := range probs {
		msg := p.Error()
		if strings.ContainsAny(msg, "\r\n") || p.Origin == "" || p.Reason == "" {
			t.Errorf("problem not one line or incomplete: %q", msg)
		}
		if !strings.HasPrefix(msg, p.Origin+": ") {
			t.Errorf("problem %q does not start with its origin", msg)
		}
		if p.Err == nil {
			t.Errorf("problem %q has no kind", msg)
		}
	}
}

type wantProblem struct {
	origin string // relative to the test directory, with ":line" when any
	kind   error
	reason string // substring of the reason
}

const goodJSON = `{"id":"j%d","source":"bbc","title":"T","text":"Junior doctors strike %d."}`

func TestBadInput(t *testing.T) {
	cases := []struct {
		name     string
		files    map[string]string
		paths    []string // relative to the test directory; none means the directory
		opts     Options
		problems []wantProblem
		articles []string // origins of the articles expected, in order
		ignored  []string
	}{
		{
			name:     "empty file",
			files:    map[string]string{"a.txt": "", "b.txt": "ok"},
			problems: []wantProblem{{"a.txt", ErrEmpty, "empty (0 bytes)"}},
			articles: []string{"b.txt"},
		},
		{
			name:     "white space only",
			files:    map[string]string{"a.md": " \r\n\n\t"},
			problems: []wantProblem{{"a.md", ErrEmpty, "white space only"}},
		},
		{
			name:     "binary with NUL",
			files:    map[string]string{"img.txt": "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "z.txt": "fine"},
			problems: []wantProblem{{"img.txt", ErrBinary, "NUL byte at offset 8"}},
			articles: []string{"z.txt"},
		},
		{
			name:     "binary control characters",
			files:    map[string]string{"c.txt": "\x01\x02\x03\x04\x05\x06abcd"},
			problems: []wantProblem{{"c.txt", ErrBinary, "6 of 10 bytes are control characters"}},
		},
		{
			name:     "undecodable bytes",
			files:    map[string]string{"x.txt": "Hunt \x81\x8D said"},
			problems: []wantProblem{{"x.txt", ErrEncoding, "byte 0x81 at offset 5"}},
		},
		{
			name: "malformed jsonl line",
			files: map[string]string{"a.jsonl": fmt.Sprintf(goodJSON, 1, 1) + "\n" +
				`{"id":"j2","text":"unterminated}` + "\n\n" +
				fmt.Sprintf(goodJSON, 3, 3) + "\n" +
				`["not", "an object"]` + "\n" +
				"null\n" +
				`{"id":"j6", "text": "x"} trailing` + "\n"},
			problems: []wantProblem{
				{"a.jsonl:2", ErrSyntax, "malformed JSON"},
				{"a.jsonl:5", ErrSyntax, "array, not an object"},
				{"a.jsonl:6", ErrSyntax, "null, not an object"},
				{"a.jsonl:7", ErrSyntax, "malformed JSON"},
			},
			articles: []string{"a.jsonl:1", "a.jsonl:4"},
		},
		{
			name: "jsonl missing or empty text",
			files: map[string]string{"a.jsonl": `{"id":"a","title":"no text"}` + "\n" +
				`{"id":"b","text":""}` + "\n" +
				`{"id":"c","text":"  \n "}` + "\n" +
				`{"id":"d","text":42}` + "\n" +
				`{"id":"e","text":null}` + "\n" +
				`{"id":"f","text":"NUL \u0000 inside"}` + "\n" +
				fmt.Sprintf(goodJSON, 7, 7) + "\n"},
			problems: []wantProblem{
				{"a.jsonl:1", ErrNoText, `no "text" field`},
				{"a.jsonl:2", ErrNoText, "text is empty"},
				{"a.jsonl:3", ErrNoText, "text is empty"},
				{"a.jsonl:4", ErrNoText, "not a string"},
				{"a.jsonl:5", ErrNoText, "text is empty"},
				{"a.jsonl:6", ErrBinary, "NUL byte"},
			},
			articles: []string{"a.jsonl:7"},
		},
		{
			name:     "jsonl that is a JSON array",
			files:    map[string]string{"a.jsonl": "[\n" + fmt.Sprintf(goodJSON, 1, 1) + "\n]\n"},
			problems: []wantProblem{{"a.jsonl:1", ErrSyntax, "JSON array, not JSON Lines"}},
		},
		{
			name:     "jsonl binary file",
			files:    map[string]string{"a.jsonl": "PK\x03\x04\x14\x00\x00\x00"},
			problems: []wantProblem{{"a.jsonl", ErrBinary, "NUL byte"}},
		},
		{
			name:     "jsonl blank lines only",
			files:    map[string]string{"a.jsonl": "\n \n\r\n"},
			problems: []wantProblem{{"a.jsonl", ErrEmpty, "no records"}},
		},
		{
			name:     "jsonl undecodable line",
			files:    map[string]string{"a.jsonl": "{\"text\":\"caf\x81\"}\n" + fmt.Sprintf(goodJSON, 2, 2)},
			problems: []wantProblem{{"a.jsonl:1", ErrEncoding, "0x81"}},
			articles: []string{"a.jsonl:2"},
		},
		{
			name: "malformed csv rows",
			files: map[string]string{"a.csv": "id,source,text\n" +
				"r1,bbc,fine\n" +
				"r2,bbc,bare \"quote\n" +
				"r3,bbc\n" +
				"r4,bbc,\"closed\" then junk\n" +
				"r5,bbc,\"multi\nline\"\n" +
				"r6,bbc,too,many\n" +
				"r7,bbc,last\n"},
			problems: []wantProblem{
				{"a.csv:3", ErrSyntax, "bare \" in non-quoted-field"},
				{"a.csv:4", ErrSyntax, "2 fields, header has 3"},
				{"a.csv:5", ErrSyntax, "extraneous or missing \" in quoted-field"},
				{"a.csv:8", ErrSyntax, "4 fields, header has 3"},
			},
			articles: []string{"a.csv:2", "a.csv:6", "a.csv:9"},
		},
		{
			name: "csv unterminated quote recovers the rows after it",
			files: map[string]string{"a.csv": "id,text\n" +
				"r1,one\n" +
				"r2,\"never closed\n" +
				"r3,three\n" +
				"r4,four\n"},
			problems: []wantProblem{{"a.csv:3", ErrSyntax, "never closed"}},
			articles: []string{"a.csv:2", "a.csv:4", "a.csv:5"},
		},
		{
			name:     "csv without text column",
			files:    map[string]string{"a.csv": "id;source;text\nx;bbc;hello\n"},
			problems: []wantProblem{{"a.csv:1", ErrSyntax, `no "text" column (columns: id;source;text) (fields must be separated by commas)`}},
		},
		{
			name:     "csv header only",
			files:    map[string]string{"a.csv": "id,source,text\r\n"},
			problems: []wantProblem{{"a.csv", ErrEmpty, "no rows after the header"}},
		},
		{
			name:     "csv bad header",
			files:    map[string]string{"a.csv": "id,\"te\"xt\"\nx,y\n"},
			problems: []wantProblem{{"a.csv:1", ErrSyntax, "bad CSV header"}},
		},
		{
			name:     "csv empty text",
			files:    map[string]string{"a.csv": "id,text\nr1,\nr2,\"  \"\nr3,ok\n"},
			problems: []wantProblem{{"a.csv:2", ErrNoText, "text is empty"}, {"a.csv:3", ErrNoText, "text is empty"}},
			articles: []string{"a.csv:4"},
		},
		{
			name:     "unsupported extension given explicitly",
			files:    map[string]string{"a.pdf": "%PDF-1.4", "README": "x"},
			paths:    []string{"a.pdf", "README"},
			problems: []wantProblem{{"a.pdf", ErrUnsupported, `unsupported file type ".pdf"`}, {"README", ErrUnsupported, "no extension"}},
		},
		{
			name:     "unsupported extension inside a directory is ignored",
			files:    map[string]string{"a.pdf": "%PDF-1.4", "b.txt": "text", ".hidden.txt": "secret", ".git/x.txt": "secret"},
			articles: []string{"b.txt"},
			ignored:  []string{"a.pdf"},
		},
		{
			name:     "manifest given explicitly",
			files:    map[string]string{"manifest.csv": "file,title\na.txt,A\n"},
			paths:    []string{"manifest.csv"},
			problems: []wantProblem{{"manifest.csv", ErrUnsupported, "give its directory"}},
		},
		{
			name:     "missing path",
			paths:    []string{"nope.txt"},
			problems: []wantProblem{{"nope.txt", ErrUnreadable, "no such file or directory"}},
		},
		{
			name:     "txt file over the limit",
			files:    map[string]string{"big.txt": strings.Repeat("x", 2000), "small.txt": "ok"},
			opts:     Options{MaxBytes: 1024},
			problems: []wantProblem{{"big.txt", ErrTooLarge, "file is 2000 bytes, over the 1 KiB size limit"}},
			articles: []string{"small.txt"},
		},
		{
			name: "jsonl line over the limit",
			files: map[string]string{"a.jsonl": fmt.Sprintf(goodJSON, 1, 1) + "\n" +
				`{"text":"` + strings.Repeat("y", 5000) + `"}` + "\n" +
				fmt.Sprintf(goodJSON, 3, 3)},
			opts:     Options{MaxBytes: 1024},
			problems: []wantProblem{{"a.jsonl:2", ErrTooLarge, "line is over the 1 KiB size limit"}},
			articles: []string{"a.jsonl:1", "a.jsonl:3"},
		},
		{
			name: "csv record over the limit",
			files: map[string]string{"a.csv": "id,text\n" +
				"r1,one\n" +
				"r2,\"" + strings.Repeat("long line\n", 200) + "\"\n" +
				"r3," + strings.Repeat("z", 3000) + "\n" +
				"r4,four\n"},
			opts: Options{MaxBytes: 1024},
			problems: []wantProblem{
				{"a.csv:3", ErrTooLarge, "record is over the 1 KiB size limit"},
				{"a.csv:204", ErrTooLarge, "record is over the 1 KiB size limit"},
			},
			articles: []string{"a.csv:2", "a.csv:205"},
		},
		{
			name:  "manifest problems",
			files: map[string]string{"manifest.csv": "file,article_id,title\na.txt,A,Title A\ngone.txt,G,Gone\na.txt,A2,Again\nsub/b.txt,B,B\n", "a.txt": "text a"},
			problems: []wantProblem{
				{"manifest.csv:4", ErrManifest, `"a.txt" listed again (first on line 2)`},
				{"manifest.csv:5", ErrManifest, "not a plain file name"},
				{"manifest.csv:3", ErrManifest, `lists "gone.txt", which is not in the folder`},
			},
			articles: []string{"a.txt"},
		},
		{
			name:     "manifest without file column",
			files:    map[string]string{"manifest.csv": "name,title\na.txt,A\n", "a.txt": "text a"},
			problems: []wantProblem{{"manifest.csv:1", ErrSyntax, `no "file" column`}},
			articles: []string{"a.txt"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, c.files)
			paths := []string{dir}
			if len(c.paths) > 0 {
				paths = nil
				for _, p := range c.paths {
					paths = append(paths, filepath.Join(dir, p))
				}
			}
			arts, probs, st := ingest(t, paths, c.opts)
			var got []string
			for _, a := range arts {
				got = append(got, strings.TrimPrefix(a.Origin, dir+string(filepath.Separator)))
			}
			if !slices.Equal(got, c.articles) {
				t.Errorf("articles from %q, want %q", got, c.articles)
			}
			if len(probs) != len(c.problems) {
				for _, p := range probs {
					t.Log(p)
				}
				t.Fatalf("%d problems, want %d", len(probs), len(c.problems))
			}
			for i, w := range c.problems {
				p := probs[i]
				if p.Origin != filepath.Join(dir, w.origin) || !errors.Is(p, w.kind) || !strings.Contains(p.Reason, w.reason) {
					t.Errorf("problem %d = %v (kind %v), want %s: %q (%v)", i, p, p.Err, w.origin, w.reason, w.kind)
				}
			}
			var ign []string
			for _, o := range st.Ignored {
				ign = append(ign, strings.TrimPrefix(o, dir+string(filepath.Separator)))
			}
			if !slices.Equal(ign, c.ignored) {
				t.Errorf("ignored %q, want %q", ign, c.ignored)
			}
		})
	}
}

func TestUnreadable(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.txt": "fine", "c.txt": "locked"})
	if err := os.Symlink(filepath.Join(dir, "missing.txt"), filepath.Join(dir, "b.txt")); err != nil {
		t.Skipf("no symlinks here: %v", err)
	}
	locked := filepath.Join(dir, "c.txt")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	_, probs, _ := ingest(t, []string{dir}, Options{})
	want := []string{filepath.Join(dir, "b.txt")}
	if f, err := os.Open(locked); err == nil {
		f.Close() // running as root: permissions are not enforced
	} else {
		want = append(want, locked)
	}
	if len(probs) != len(want) {
		t.Fatalf("problems %v, want one for each of %q", probs, want)
	}
	for i, p := range probs {
		if p.Origin != want[i] || !errors.Is(p, ErrUnreadable) || !strings.HasPrefix(p.Reason, "cannot read: ") {
			t.Errorf("problem %v (kind %v), want an unreadable %s", p, p.Err, want[i])
		}
	}
}

func TestMissingMetadata(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"BBC News/no-vote.txt": "Text without a manifest.",
		"feed/guardian.jsonl":  `{"text":"no metadata at all"}` + "\n" + `{"id":7,"source":"ft","title":"T","author":{"x":1},"text":"numeric id"}`,
		"feed/pulse.csv":       "title,text\n,Untitled row\n",
		"m/manifest.csv":       "file,article_id,source,title\nx.txt,,,\n",
		"m/x.txt":              "Listed with empty metadata.",
	})
	arts, probs, _ := ingest(t, []string{dir}, Options{})
	if len(probs) != 0 {
		t.Fatalf("problems: %v", probs)
	}
	type want struct {
		source, title string
		id            string // "" means a content hash
		notices       []string
	}
	wants := []want{
		{"bbc-news", "no-vote", "", []string{`no manifest.csv beside the file: title from the file name, source from the folder name ("bbc-news"), id from content hash`}},
		{"guardian", "", "", []string{"no id; id from content hash", `no source; using the file name: "guardian"`, "no title"}},
		{"ft", "T", "7", []string{`field "author" is not a string or number; ignored`}},
		{"pulse", "", "", []string{"no id; id from content hash", `no source; using the file name: "pulse"`, "no title"}},
		{"m", "x", "", []string{"manifest.csv:2 gives no article_id; id from content hash", `manifest.csv:2 gives no source; using the folder name: "m"`, "manifest.csv:2 gives no title; using the file name"}},
	}
	if len(arts) != len(wants) {
		t.Fatalf("%d articles, want %d", len(arts), len(wants))
	}
	for i, w := range wants {
		a := arts[i]
		id := w.id
		if id == "" {
			id = a.Hash[:16]
		}
		if a.Source != w.source || a.Title != w.title || a.ID != id {
			t.Errorf("%s: source %q title %q id %q; want %q %q %q", a.Origin, a.Source, a.Title, a.ID, w.source, w.title, id)
		}
		if !slices.Equal(a.Notices, w.notices) {
			t.Errorf("%s: notices\n %q\nwant\n %q", a.Origin, a.Notices, w.notices)
		}
	}
}

func TestManifest(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		// BOM, CRLF, extra column, quoted comma, Windows-1252 title.
		"manifest.csv": "\xEF\xBB\xBFfile,article_id,source,outlet,author,title,date,url,kind,seed\r\n" +
			"a.txt,bbc-1,bbc,BBC News,Nick Triggle,\"Why, now\",2016-07,https://bbc.co.uk/x,analysis,s1\r\n" +
			"c.md,pulse-1,pulse,Pulse,,Caf\xE9 talk,2016-05,,blog,s2\r\n",
		"a.txt":            "Body A",
		"b.txt":            "Body B",
		"c.md":             "# Body C",
		"sub/manifest.csv": "file,article_id,source,title\nd.txt,hsj-1,hsj,D\n",
		"sub/d.txt":        "Body D",
	})
	arts, probs, st := ingest(t, []string{dir}, Options{})
	if len(probs) != 0 {
		t.Fatalf("problems: %v", probs)
	}
	if st.Files != 4 {
		t.Errorf("Files = %d, want 4 (manifests not counted)", st.Files)
	}
	got := map[string]*article.Article{}
	var order []string
	for _, a := range arts {
		name := filepath.ToSlash(strings.TrimPrefix(a.Origin, dir+string(filepath.Separator)))
		got[name] = a
		order = append(order, name)
	}
	if want := []string{"a.txt", "b.txt", "c.md", "sub/d.txt"}; !slices.Equal(order, want) {
		t.Fatalf("order %q, want %q", order, want)
	}
	a := got["a.txt"]
	wantA := article.Article{ID: "bbc-1", Source: "bbc", Outlet: "BBC News", Author: "Nick Triggle", Title: "Why, now",
		Date: "2016-07", URL: "https://bbc.co.uk/x", Kind: "analysis", Text: "Body A"}
	if a.ID != wantA.ID || a.Source != wantA.Source || a.Outlet != wantA.Outlet || a.Author != wantA.Author ||
		a.Title != wantA.Title || a.Date != wantA.Date || a.URL != wantA.URL || a.Kind != wantA.Kind || a.Text != wantA.Text {
		t.Errorf("a.txt = %+v, want %+v", *a, wantA)
	}
	if len(a.Notices) != 0 {
		t.Errorf("a.txt notices %q, want none", a.Notices)
	}
	if b := got["b.txt"]; b.Title != "b" || b.Source != slug(filepath.Base(dir)) || !strings.HasPrefix(b.Notices[0], "not listed in manifest.csv") {
		t.Errorf("b.txt = %q/%q %q, want file-name metadata with a notice", b.Title, b.Source, b.Notices)
	}
	if c := got["c.md"]; c.Title != "Café talk" || c.ID != "pulse-1" || len(c.Notices) != 1 || !strings.Contains(c.Notices[0], "manifest.csv:3 decoded as windows-1252") {
		t.Errorf("c.md = %q %q %q", c.ID, c.Title, c.Notices)
	}
	if d := got["sub/d.txt"]; d.ID != "hsj-1" || d.Source != "hsj" {
		t.Errorf("sub/d.txt uses the wrong manifest: %+v", d)
	}

	// The same file given alone still finds its manifest.
	arts, _, _ = ingest(t, []string{filepath.Join(dir, "sub", "d.txt")}, Options{})
	if len(arts) != 1 || arts[0].ID != "hsj-1" || arts[0].Origin != filepath.Join(dir, "sub", "d.txt") {
		t.Errorf("explicit file: %+v", arts)
	}
}

func TestEncodingsInFiles(t *testing.T) {
	dir := t.TempDir()
	utf16le := "\xFF\xFE" + "t\x00e\x00x\x00t\x00,\x00i\x00d\x00\r\x00\n\x00" + // text,id
		"\x1C\x20H\x00i\x00\x1D\x20,\x00u\x001\x00\r\x00\n\x00" // “Hi”,u1
	writeFiles(t, dir, map[string]string{
		"1-bom-crlf.txt":   "\xEF\xBB\xBFLine one\r\nLine two\rLine three",
		"2-cp1252.txt":     "\x93Imposition\x94 said Hunt \x96 caf\xE9",
		"3-fffd.txt":       "kept \xEF\xBF\xBD as is",
		"4-utf16.txt":      "\xFF\xFEH\x00i\x00",
		"5-lines.jsonl":    "\xEF\xBB\xBF" + `{"id":"j1","source":"s","title":"t","text":"a\r\nb"}` + "\r\n" + `{"id":"j2","source":"s","title":"t","text":"caf` + "\xE9" + `"}` + "\r\n",
		"6-utf16.csv":      utf16le,
		"7-cp1252.csv":     "id,source,title,text\r\nc1,s,t,\"caf\xE9\r\nau lait\"\r\n",
		"8-fffd-and.jsonl": `{"id":"f","source":"s","title":"t","text":"\uFFFD and ` + "\xEF\xBF\xBD" + `"}`,
	})
	arts, probs, _ := ingest(t, []string{dir}, Options{})
	if len(probs) != 0 {
		t.Fatalf("problems: %v", probs)
	}
	want := []struct{ text, notice string }{
		{"Line one\nLine two\nLine three", ""},
		{"“Imposition” said Hunt – café", "decoded as windows-1252"},
		{"kept \uFFFD as is", ""},
		{"Hi", "decoded from UTF-16LE"},
		{"a\nb", ""},
		{"café", "decoded as windows-1252"},
		{"“Hi”", "decoded from UTF-16LE"},
		{"café\nau lait", "decoded as windows-1252"},
		{"\uFFFD and \uFFFD", ""},
	}
	if len(arts) != len(want) {
		t.Fatalf("%d articles, want %d", len(arts), len(want))
	}
	for i, w := range want {
		a := arts[i]
		if a.Text != w.text {
			t.Errorf("%s: text %q, want %q", a.Origin, a.Text, w.text)
		}
		has := slices.ContainsFunc(a.Notices, func(n string) bool { return w.notice != "" && strings.Contains(n, w.notice) })
		if (w.notice != "") != has {
			t.Errorf("%s: notices %q, want one with %q", a.Origin, a.Notices, w.notice)
		}
	}
}

func TestJSONL(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "feed.jsonl")
	writeFiles(t, dir, map[string]string{"feed.jsonl": "\n" +
		`{"id":"guardian-1","source":"guardian","outlet":"The Guardian","title":"Strike","author":"Denis Campbell","date":"2016-04-26","url":"https://example.org/1","kind":"news","text":"Doctors walked out.\nHunt responded.","extra":[1,2]}` + "\n" +
		"   \n" +
		`{"id":"guardian-2","source":"guardian","title":"Second","text":"Quote: \"no\"."}`})
	arts, probs, st := ingest(t, []string{p}, Options{})
	if len(probs) != 0 || st.Files != 1 {
		t.Fatalf("problems %v, files %d", probs, st.Files)
	}
	if len(arts) != 2 {
		t.Fatalf("%d articles, want 2", len(arts))
	}
	a := arts[0]
	if a.ID != "guardian-1" || a.Source != "guardian" || a.Outlet != "The Guardian" || a.Title != "Strike" ||
		a.Author != "Denis Campbell" || a.Date != "2016-04-26" || a.URL != "https://example.org/1" || a.Kind != "news" ||
		a.Text != "Doctors walked out.\nHunt responded." || a.Origin != p+":2" || len(a.Notices) != 0 {
		t.Errorf("first record: %+v", *a)
	}
	if b := arts[1]; b.ID != "guardian-2" || b.Text != `Quote: "no".` || b.Origin != p+":4" {
		t.Errorf("second record: %+v", *b)
	}
}

func TestCSV(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "comments.csv")
	writeFiles(t, dir, map[string]string{"comments.csv": "ID, Source ,title,author,date,url,kind,text,likes\r\n" +
		"c1,bbc,\"Title, with comma\",Ann,2016-07-06,,comment,\"First paragraph.\r\n\r\nSecond \"\"quoted\"\" paragraph.\",12\r\n" +
		"\r\n" +
		"c2,bbc,Plain,,,,comment,One line,3\r\n" +
		"c3,bbc,Multi,,,,comment,\"a\nb\nc\",0"})
	arts, probs, _ := ingest(t, []string{p}, Options{})
	if len(probs) != 0 {
		t.Fatalf("problems: %v", probs)
	}
	want := []struct{ id, title, text, origin string }{
		{"c1", "Title, with comma", "First paragraph.\n\nSecond \"quoted\" paragraph.", p + ":2"},
		{"c2", "Plain", "One line", p + ":6"},
		{"c3", "Multi", "a\nb\nc", p + ":7"},
	}
	if len(arts) != len(want) {
		t.Fatalf("%d articles, want %d", len(arts), len(want))
	}
	for i, w := range want {
		a := arts[i]
		if a.ID != w.id || a.Title != w.title || a.Text != w.text || a.Origin != w.origin || a.Source != "bbc" || a.Kind != "comment" {
			t.Errorf("row %d: %+v, want %+v", i, *a, w)
		}
	}
	if arts[0].Author != "Ann" || arts[0].Date != "2016-07-06" {
		t.Errorf("row 1 metadata: %+v", *arts[0])
	}
}

func TestDuplicateIDs(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a.jsonl": `{"id":"x","source":"s","title":"t","text":"one"}` + "\n" +
			`{"id":"x","source":"s","title":"t","text":"two"}` + "\n" +
			`{"id":"x","source":"s","title":"t","text":"three"}` + "\n" +
			`{"id":"x-2","source":"s","title":"t","text":"four"}` + "\n",
		"b.txt": "same text", "c.txt": "same text", // same content: same hash id
	})
	for range 2 { // and the same result on a second run
		arts, probs, _ := ingest(t, []string{dir}, Options{})
		if len(probs) != 0 || len(arts) != 6 {
			t.Fatalf("problems %v, %d articles", probs, len(arts))
		}
		var ids []string
		for _, a := range arts {
			ids = append(ids, a.ID)
		}
		h := arts[4].Hash[:16]
		want := []string{"x", "x-2", "x-3", "x-2-2", h, h + "-2"}
		if !slices.Equal(ids, want) {
			t.Errorf("ids %q, want %q", ids, want)
		}
		if n := arts[1].Notices; len(n) != 1 || !strings.Contains(n[0], `duplicate id "x" (first used by `+filepath.Join(dir, "a.jsonl")+`:1); renamed to "x-2"`) {
			t.Errorf("notices %q", n)
		}
		if arts[0].Text != "one" || arts[3].Text != "four" || len(arts[0].Notices) != 0 {
			t.Errorf("first use changed: %+v", arts[0])
		}
	}
}

func TestOrderAndDedup(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"b/2.txt": "b2", "b/10.txt": "b10", "a.txt": "a", "c.md": "c", "b/x.json": "{}",
		"_d/z.jsonl": `{"text":"z"}`, ".cache/h.txt": "hidden", "b/.h.txt": "hidden",
	})
	paths := []string{filepath.Join(dir, "c.md"), dir, filepath.Join(dir, "b", ".h.txt"), dir}
	arts, probs, st := ingest(t, paths, Options{})
	if len(probs) != 0 {
		t.Fatalf("problems: %v", probs)
	}
	var got []string
	for _, a := range arts {
		got = append(got, a.Text)
	}
	// c.md first (given first) and not again inside dir; lexical walk
	// order ("10.txt" < "2.txt"); the hidden file only when given.
	if want := []string{"c", "z", "a", "b10", "b2", "hidden"}; !slices.Equal(got, want) {
		t.Errorf("order %q, want %q", got, want)
	}
	if st.Files != 6 || len(st.Ignored) != 1 || st.Ignored[0] != filepath.Join(dir, "b", "x.json") {
		t.Errorf("stats %+v", st)
	}
}

func TestStreamDefault(t *testing.T) {
	b, err := data.FS.ReadFile("articles/manifest.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{} // file → row
	for _, r := range rows[1:] {
		want[r[0]] = r
	}
	arts, probs, st, err := CollectDefault(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, arts, probs, st)
	if len(probs) != 0 || len(arts) != 5 || len(want) != 5 {
		t.Fatalf("problems %v; %d articles, %d manifest rows", probs, len(arts), len(want))
	}
	for _, a := range arts {
		file := strings.TrimPrefix(a.Origin, "embedded:articles/")
		r, ok := want[file]
		if !ok {
			t.Errorf("article %s not in manifest", a.Origin)
			continue
		}
		if a.ID != r[1] || a.Source != r[2] || a.Outlet != r[3] || a.Title != r[5] || a.Kind != r[8] {
			t.Errorf("%s: %q %q %q %q %q, manifest says %q", file, a.ID, a.Source, a.Outlet, a.Title, a.Kind, r)
		}
		raw, _ := data.FS.ReadFile("articles/" + file)
		if a.Text != strings.ReplaceAll(string(raw), "\r\n", "\n") || len(a.Notices) != 0 {
			t.Errorf("%s: text differs from the file or notices %q", file, a.Notices)
		}
	}
}

func TestStreamFS(t *testing.T) {
	fsys := fstest.MapFS{
		"in/a.txt":      {Data: []byte("alpha")},
		"in/b.jsonl":    {Data: []byte(`{"id":"b","text":"beta"}`)},
		"in/c.bin":      {Data: []byte{0}},
		"in/sub/d.csv":  {Data: []byte("text\ndelta\n")},
		"in/.e/f.txt":   {Data: []byte("hidden")},
		"elsewhere.txt": {Data: []byte("not read")},
	}
	arts, probs, st, err := collect(func(out chan<- Item) (Stats, error) {
		return StreamFS(context.Background(), fsys, "in", Options{}, out)
	})
	if err != nil || len(probs) != 0 {
		t.Fatal(err, probs)
	}
	checkInvariants(t, arts, probs, st)
	var got []string
	for _, a := range arts {
		got = append(got, a.Origin+"="+a.Source)
	}
	if want := []string{"in/a.txt=in", "in/b.jsonl:1=b", "in/sub/d.csv:2=d"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if !slices.Equal(st.Ignored, []string{"in/c.bin"}) {
		t.Errorf("ignored %q", st.Ignored)
	}

	_, probs, _, err = collect(func(out chan<- Item) (Stats, error) {
		return StreamFS(context.Background(), fsys, "nope", Options{}, out)
	})
	if err != nil || len(probs) != 1 || probs[0].Origin != "nope" || !errors.Is(probs[0], ErrUnreadable) {
		t.Errorf("missing directory: %v %v", err, probs)
	}
}

func TestCancel(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.txt": "a", "b.txt": "b"})
	ctx, cancel := context.WithCancel(context.Background())
	out := make(chan Item) // nobody reads: Stream must give up on cancel
	done := make(chan error, 1)
	go func() {
		_, err := Stream(ctx, []string{dir}, Options{}, out)
		done <- err
	}()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Stream did not return after cancel")
	}
	if _, err := Stream(context.Background(), nil, Options{}, nil); err == nil {
		t.Error("nil channel accepted")
	}
}

// TestHugeLine feeds real 100 MB single-line files: each is reported
// without being held in memory, and the records after it survive.
func TestHugeLine(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 300 MB; the mechanism is tested with a small limit in TestBadInput")
	}
	const size = 100 << 20
	dir := t.TempDir()
	write := func(name, head, tail string) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		w := bufio.NewWriterSize(f, 1<<20)
		w.WriteString(head)
		chunk := []byte(strings.Repeat("Junior doctors strike. ", 1<<12))
		for n := 0; n < size; n += len(chunk) {
			w.Write(chunk)
		}
		w.WriteString(tail)
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	write("a.jsonl", `{"text":"`, `"}`+"\n"+fmt.Sprintf(goodJSON, 2, 2)+"\n")
	write("b.csv", "id,text\nb1,\"", "\"\nb3,after\n")
	write("c.txt", "", "")

	cases := []struct {
		file    string
		problem string // origin of the problem
		article string // origin of the article after it ("" for none)
	}{
		{"a.jsonl", "a.jsonl:1", "a.jsonl:2"},
		{"b.csv", "b.csv:2", "b.csv:3"},
		{"c.txt", "c.txt", ""},
	}
	for _, c := range cases {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		arts, probs, _ := ingest(t, []string{filepath.Join(dir, c.file)}, Options{})
		runtime.ReadMemStats(&after)
		if len(probs) != 1 || probs[0].Origin != filepath.Join(dir, c.problem) || !errors.Is(probs[0], ErrTooLarge) ||
			!strings.Contains(probs[0].Reason, "16 MiB size limit") {
			t.Errorf("%s: problems %v, want one over-limit problem at %s", c.file, probs, c.problem)
		}
		var got []string
		for _, a := range arts {
			got = append(got, strings.TrimPrefix(a.Origin, dir+string(filepath.Separator)))
		}
		if want := []string{c.article}; c.article != "" && !slices.Equal(got, want) || c.article == "" && len(got) > 0 {
			t.Errorf("%s: articles %q, want %q", c.file, got, c.article)
		}
		// At most the 16 MiB limit, grown by doubling, is ever allocated
		// for the line: never the 100 MB.
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 48<<20 {
			t.Errorf("%s: allocated %d MiB for a 100 MB over-limit line", c.file, alloc>>20)
		} else {
			t.Logf("%s: allocated %.1f MiB", c.file, float64(alloc)/(1<<20))
		}
	}
}
