package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/slant-project/slant/pipeline/article"
)

func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	arts := []*article.Article{makeArticle("b-one", 10), makeArticle("a-two", 1), makeArticle("c-three", 0)}
	putAll(t, s, arts...)

	for _, want := range arts {
		e, ok, err := s.Lookup(ctx, want.ID)
		if err != nil || !ok {
			t.Fatalf("lookup %s: ok=%v err=%v", want.ID, ok, err)
		}
		if e.Hash != want.Hash || e.Meta != MetaOf(want) || !e.Versions.Equal(testVersions) || e.Claims != len(want.Claims) {
			t.Errorf("lookup %s: got %+v", want.ID, e)
		}
		got := bare(want)
		if err := s.Fill(ctx, e, got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("fill %s:\n got %+v\nwant %+v", want.ID, got, want)
		}
	}
	if _, ok, err := s.Lookup(ctx, "missing"); ok || err != nil {
		t.Errorf("lookup of a missing id: ok=%v err=%v", ok, err)
	}

	var ids []string
	err := s.Each(ctx, func(a *article.Article, v Versions) error {
		ids = append(ids, a.ID)
		want := arts[len(ids)-1]
		if !reflect.DeepEqual(a, want) {
			t.Errorf("each %s:\n got %+v\nwant %+v", a.ID, a, want)
		}
		if !v.Equal(testVersions) {
			t.Errorf("each %s: versions %v", a.ID, v)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(ids, ",") != "b-one,a-two,c-three" {
		t.Errorf("each order = %v, want insertion order", ids)
	}
	na, nc, err := s.Count(ctx)
	if err != nil || na != 3 || nc != 11 {
		t.Errorf("count = %d articles, %d claims, %v; want 3, 11", na, nc, err)
	}
}

// A rewritten article keeps its place and loses its old rows.
func TestPutReplaces(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	putAll(t, s, makeArticle("x1", 9), makeArticle("x2", 4), makeArticle("x3", 2))
	changed := makeArticle("x1", 3)
	changed.Title = "New title"
	w := s.Writer(Batch{})
	if err := w.Put(changed, Versions{"stance": "logreg-8"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	var got []string
	if err := s.Each(ctx, func(a *article.Article, v Versions) error {
		got = append(got, a.ID)
		if a.ID == "x1" {
			if !reflect.DeepEqual(a, changed) {
				t.Errorf("x1 not replaced: %+v", a)
			}
			if v.String() != `{"stance":"logreg-8"}` {
				t.Errorf("x1 versions %s", v)
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "x1,x2,x3" {
		t.Errorf("order after rewrite = %v", got)
	}
	var rows int
	if err := s.db.QueryRow(`SELECT count(*) FROM claims WHERE article = (SELECT seq FROM articles WHERE id = 'x1')`).Scan(&rows); err != nil || rows != 3 {
		t.Errorf("x1 claim rows = %d (%v), want 3", rows, err)
	}
	if err := s.db.QueryRow(`SELECT count(*) FROM blocks WHERE article = (SELECT seq FROM articles WHERE id = 'x1')`).Scan(&rows); err != nil || rows != len(changed.Blocks) {
		t.Errorf("x1 block rows = %d (%v), want %d", rows, err, len(changed.Blocks))
	}
}

func TestSetMeta(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	a := makeArticle("m1", 4)
	putAll(t, s, a)
	m := MetaOf(a)
	m.Source, m.Origin = "renamed", "elsewhere/m1.txt"
	w := s.Writer(Batch{})
	if err := w.SetMeta("m1", m); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	e, _, err := s.Lookup(ctx, "m1")
	if err != nil || e.Meta != m || e.Hash != a.Hash || e.Claims != 4 {
		t.Errorf("after SetMeta: %+v, %v", e, err)
	}
}

func TestVersions(t *testing.T) {
	tests := []struct {
		v, w  Versions
		equal bool
		str   string
	}{
		{Versions{"b": "2", "a": "1"}, Versions{"a": "1", "b": "2"}, true, `{"a":"1","b":"2"}`},
		{Versions{"a": "1"}, Versions{"a": "2"}, false, `{"a":"1"}`},
		{Versions{"a": "1"}, Versions{"a": "1", "b": ""}, false, `{"a":"1"}`},
		{Versions{"a": "1", "c": "3"}, Versions{"a": "1", "b": "3"}, false, `{"a":"1","c":"3"}`},
		{nil, Versions{}, true, `{}`},
	}
	for _, tt := range tests {
		if got := tt.v.Equal(tt.w); got != tt.equal {
			t.Errorf("%v.Equal(%v) = %v", tt.v, tt.w, got)
		}
		if got := tt.v.String(); got != tt.str {
			t.Errorf("%v.String() = %s, want %s", tt.v, got, tt.str)
		}
	}
}

// A second connection sees only committed batches.
func TestWriterBatches(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	other, err := Open(ctx, path, Existing)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	count := func() int {
		n, _, err := other.Count(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	w := s.Writer(Batch{Articles: 3, Interval: time.Hour})
	for i, id := range []string{"a1", "a2", "a3", "a4"} {
		if err := w.Put(makeArticle(id, 2), testVersions); err != nil {
			t.Fatal(err)
		}
		want := 0
		if i >= 2 {
			want = 3
		}
		if got := count(); got != want {
			t.Errorf("after %d puts another reader sees %d articles, want %d", i+1, got, want)
		}
	}
	if w.Pending() != 1 {
		t.Errorf("pending = %d, want 1", w.Pending())
	}
	if err := w.Rollback(); err != nil {
		t.Fatal(err)
	}
	if got := count(); got != 3 {
		t.Errorf("after rollback: %d articles, want 3", got)
	}
	if _, ok, _ := s.Lookup(ctx, "a4"); ok {
		t.Error("rolled-back article a4 is stored")
	}

	// An old batch is committed by Tick.
	w = s.Writer(Batch{Articles: 1000, Interval: time.Nanosecond})
	w.batch.Interval = time.Hour
	if err := w.Put(makeArticle("a5", 1), testVersions); err != nil {
		t.Fatal(err)
	}
	if got := count(); got != 3 {
		t.Fatalf("uncommitted a5 visible: %d", got)
	}
	w.batch.Interval = time.Nanosecond
	if err := w.Tick(); err != nil {
		t.Fatal(err)
	}
	if got := count(); got != 4 {
		t.Errorf("after Tick on an old batch: %d articles, want 4", got)
	}
}

func TestFillChecksHash(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	a := makeArticle("h1", 3)
	putAll(t, s, a)
	e, _, _ := s.Lookup(ctx, "h1")
	other := makeArticle("h1", 4)
	err := s.Fill(ctx, e, bare(other))
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("fill with another text: err = %v, want an error naming %s", err, path)
	}
	// The entry went stale: the stored article changed after the lookup.
	putAll(t, s, other)
	got := bare(a)
	if err := s.Fill(ctx, e, got); err == nil {
		t.Error("fill of a changed stored article succeeded")
	}
	if got.Claims != nil || got.Blocks != nil {
		t.Error("failed fill changed the article")
	}
}

func TestCorruptRows(t *testing.T) {
	ctx := context.Background()
	tests := []struct{ name, sql string }{
		{"tokens", `UPDATE claims SET token_data = x'01ff' WHERE n = 0`},
		{"token format", `UPDATE claims SET token_data = x'07' WHERE n = 0`},
		{"claim span", `UPDATE claims SET byte_end = 1000000 WHERE n = 1`},
		{"block span", `UPDATE blocks SET byte_start = -4 WHERE n = 0`},
		{"notices", `UPDATE articles SET notices = '[1,'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, path := openTemp(t)
			a := makeArticle("k1", 4)
			putAll(t, s, a)
			if _, err := s.db.Exec(tt.sql); err != nil {
				t.Fatal(err)
			}
			err := s.Each(ctx, func(*article.Article, Versions) error { return nil })
			if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), path) {
				t.Errorf("each: err = %v, want ErrCorrupt naming the file", err)
			}
			e, ok, err := s.Lookup(ctx, "k1")
			if err != nil {
				if !errors.Is(err, ErrCorrupt) {
					t.Errorf("lookup: %v", err)
				}
				return
			}
			if ok {
				if err := s.Fill(ctx, e, bare(a)); !errors.Is(err, ErrCorrupt) {
					t.Errorf("fill: err = %v, want ErrCorrupt", err)
				}
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	sqliteWith := func(name string, stmts ...string) string {
		p := filepath.Join(dir, name)
		db, err := sql.Open("sqlite", p)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		for _, q := range stmts {
			if _, err := db.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		return p
	}
	newer := filepath.Join(dir, "newer.db")
	if s, err := Open(ctx, newer, Create); err != nil {
		t.Fatal(err)
	} else {
		if _, err := s.db.Exec(`UPDATE meta SET value = '99' WHERE key = 'schema_version'`); err != nil {
			t.Fatal(err)
		}
		s.Close()
	}

	tests := []struct {
		name, path string
		mode       Mode
		is         error  // nil: any error
		msg        string // in the message
	}{
		{"newer schema", newer, Create, ErrNewerSchema, "schema version 99"},
		{"other database", sqliteWith("other.db", `CREATE TABLE t(x)`), Create, ErrNotStore, "not a slant store"},
		{"meta without version", sqliteWith("meta.db", `CREATE TABLE meta(key TEXT, value TEXT)`), Create, ErrNotStore, "schema_version"},
		{"text file", write("notes.db", strings.Repeat("this is not a database\n", 400)), Create, nil, "notes.db"},
		{"missing, existing only", filepath.Join(dir, "none.db"), Existing, nil, "no such file"},
		{"directory", dir, Create, nil, "is a directory"},
		{"missing directory", filepath.Join(dir, "no", "such", "x.db"), Create, nil, "x.db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Open(ctx, tt.path, tt.mode)
			if err == nil {
				s.Close()
				t.Fatal("opened")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("err = %v, want %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.msg) || !strings.Contains(err.Error(), tt.path) {
				t.Errorf("err = %q, want it to name %s and say %q", err, tt.path, tt.msg)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "none.db")); err == nil {
		t.Error("Open(Existing) created the file")
	}
	// Another program's database is left as it was (not switched to WAL).
	db, err := sql.Open("sqlite", filepath.Join(dir, "other.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var mode string
	if err := db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "delete" {
		t.Errorf("journal_mode of a foreign database after Open = %q (%v), want delete", mode, err)
	}
}

// Reopening a store keeps what was written; odd characters in the path
// are escaped for SQLite's URI syntax.
func TestReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "odd ?name#with%chars.db")
	s, err := Open(ctx, path, Create)
	if err != nil {
		t.Fatal(err)
	}
	a := makeArticle("r1", 5)
	putAll(t, s, a)
	s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("store not at the given path: %v", err)
	}
	s, err = Open(ctx, path, Existing)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	e, ok, err := s.Lookup(ctx, "r1")
	if err != nil || !ok {
		t.Fatalf("lookup after reopen: %v %v", ok, err)
	}
	got := bare(a)
	if err := s.Fill(ctx, e, got); err != nil || !reflect.DeepEqual(got, a) {
		t.Errorf("after reopen: %v\n%+v", err, got)
	}
	var mode string
	if err := s.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q (%v), want wal", mode, err)
	}
}

// The claim_texts view cuts claim text by bytes, as Go does.
func TestClaimTextsView(t *testing.T) {
	s, _ := openTemp(t)
	a := makeArticle("v1", 12)
	putAll(t, s, a)
	rows, err := s.db.Query(`SELECT claim_id, text, coalesce(model, '') FROM claim_texts WHERE article_id = 'v1' ORDER BY n`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	i := 0
	nonASCII := false
	for rows.Next() {
		var id, text, model string
		if err := rows.Scan(&id, &text, &model); err != nil {
			t.Fatal(err)
		}
		c := a.Claims[i]
		if id != c.ID || text != c.Text {
			t.Errorf("claim_texts row %d = %s %q, want %s %q", i, id, text, c.ID, c.Text)
		}
		if want := ""; c.Score != nil && c.Score.Model != model || c.Score == nil && model != want {
			t.Errorf("claim_texts row %d model %q, want %+v", i, model, c.Score)
		}
		nonASCII = nonASCII || len(text) != len([]rune(text))
		i++
	}
	if i != len(a.Claims) || !nonASCII {
		t.Errorf("claim_texts gave %d rows (want %d), non-ASCII seen: %v", i, len(a.Claims), nonASCII)
	}
}
