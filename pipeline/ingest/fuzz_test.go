package ingest

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/slant-project/slant/pipeline/article"
)

// FuzzDecode checks that Decode never panics, returns valid UTF-8 without
// CR, fails only with its own kinds, and is idempotent on its output.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		"", "plain", "\xEF\xBB\xBFbom\r\nline", "a\rb", "caf\xE9 \x93q\x94", "\xEF\xBF\xBD", "mixed “x” caf\xE9",
		"\xFF\xFEH\x00i\x00", "\xFE\xFF\x00H\x00i", "\xFF\xFE\x00\xD8", "\xFF\xFEx", "bin\x00ary", "\x01\x02\x03", "\x81", " \n\t ",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		text, notices, err := Decode(b)
		if err != nil {
			if !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrBinary) && !errors.Is(err, ErrEncoding) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if !utf8.ValidString(text) || strings.ContainsRune(text, '\r') || strings.TrimSpace(text) == "" {
			t.Fatalf("Decode(%q) = %q breaks the text contract", b, text)
		}
		if utf8.Valid(b) && !strings.HasPrefix(string(b), "\xFF\xFE") && !strings.HasPrefix(string(b), "\xFE\xFF") && len(notices) > 0 {
			t.Fatalf("notices %q for valid UTF-8 input", notices)
		}
		if strings.HasPrefix(text, "\uFEFF") {
			return // a second BOM is content; decoding again would drop it
		}
		again, notices, err := Decode([]byte(text))
		if err != nil || again != text || len(notices) > 0 {
			t.Fatalf("Decode not idempotent: %q → %q → %q, %q, %v", b, text, again, notices, err)
		}
	})
}

// fuzzStream streams one in-memory file and checks the invariants every
// stream keeps, plus input order: the line numbers of its items increase.
func fuzzStream(t *testing.T, name string, b []byte, max uint16) {
	fsys := fstest.MapFS{name: {Data: b}}
	items, st, err := collectItems(func(out chan<- Item) (Stats, error) {
		return StreamFS(context.Background(), fsys, name, Options{MaxBytes: int64(max)}, out)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) == 0 {
		t.Fatal("input not accounted for: no item")
	}
	var (
		arts  []*article.Article
		probs []*Problem
		last  int
	)
	for _, it := range items {
		if (it.Article == nil) == (it.Problem == nil) {
			t.Fatalf("item with both or neither set: %+v", it)
		}
		if it.Article != nil {
			arts = append(arts, it.Article)
		} else {
			probs = append(probs, it.Problem)
		}
		origin := it.Origin()
		if origin == name {
			continue // a problem with the whole file
		}
		n, err := strconv.Atoi(strings.TrimPrefix(origin, name+":"))
		if err != nil || n <= last {
			t.Fatalf("origin %q after line %d", origin, last)
		}
		last = n
	}
	checkInvariants(t, arts, probs, st)
}

func FuzzJSONL(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","source":"s","title":"t","text":"x"}` + "\n" + `{"text":"y"}`,
		`{"text":"a\r\nb"}` + "\r\n\r\n" + `{"id":1,"text":"\u0000"}`,
		"{bad\n" + `{"text":"caf` + "\xE9" + `"}`,
		`{"text":"long line here"}` + "\n" + `{"text":"z"}`,
		"[1,2]", "null\n\"x\"\n{}", "\xEF\xBB\xBF" + `{"text":"bom"}`,
		"\xFF\xFE{\x00}\x00", "\n\n", "",
	} {
		f.Add([]byte(s), uint16(0))
		f.Add([]byte(s), uint16(16))
	}
	f.Fuzz(func(t *testing.T, b []byte, max uint16) {
		fuzzStream(t, "in.jsonl", b, max)
	})
}

func FuzzCSV(f *testing.F) {
	for _, s := range []string{
		"id,text\n1,a\n2,\"b\nc\"\n",
		"id,text\r\n1,\"x \"\"q\"\" y\"\r\n\r\n2,z",
		"text\n\"open\nrow2\nrow3\n",
		"id,text\n1,bare\"quote\n2,\"ok\"junk\n3,fine",
		"a;b\n1;2\n", "text\n", "", "\xEF\xBB\xBFtext\ncaf\xE9\n",
		"text,id\n" + strings.Repeat("x", 40) + ",1\n\"" + strings.Repeat("y\n", 20) + "\",2\n",
	} {
		f.Add([]byte(s), uint16(0))
		f.Add([]byte(s), uint16(24))
	}
	f.Fuzz(func(t *testing.T, b []byte, max uint16) {
		fuzzStream(t, "in.csv", b, max)
	})
}
