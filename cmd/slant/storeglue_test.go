package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/slant-project/slant/data"
	"github.com/slant-project/slant/pipeline/store"
)

// Helpers shared by the store, workers and kill tests.

// stCorpus writes a synthetic corpus of n small articles (1–3 sample
// paragraphs each) to dir/name and returns its path.
func stCorpus(t testing.TB, dir, name string, n int, seed uint64) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if _, err := writeSynthFile(p, synthOptions{Articles: n, MinParas: 1, MaxParas: 3, Seed: seed}); err != nil {
		t.Fatal(err)
	}
	return p
}

// stRun runs slant run in-process and returns its record; stderr is shown
// when the run fails.
func stRun(t testing.TB, f runFlags) *runRecord {
	t.Helper()
	f.quiet = true
	if f.workers == 0 {
		f.workers = 2
	}
	if f.maxBytes == 0 {
		f.maxBytes = 16 << 20
	}
	var stderr bytes.Buffer
	rec, err := runPipeline(context.Background(), f, &stderr)
	if err != nil {
		t.Fatalf("run %+v: %v\n%s", f, err, stderr.String())
	}
	return rec
}

type stCounts struct{ inputs, processed, unchanged, rescored, failed, skipped int }

func countsOf(r *runRecord) stCounts {
	c := r.Counts
	return stCounts{c.Inputs, c.Processed, c.Unchanged, c.Rescored, c.Failed, c.Skipped}
}

// stSameFiles fails unless the named files of two directories are equal
// byte for byte.
func stSameFiles(t testing.TB, a, b string, names ...string) {
	t.Helper()
	for _, n := range names {
		x, err := os.ReadFile(filepath.Join(a, n))
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, n))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between %s and %s (%d vs %d bytes)%s", n, a, b, len(x), len(y), firstDiff(x, y))
		}
	}
}

func firstDiff(x, y []byte) string {
	xl, yl := bytes.Split(x, []byte("\n")), bytes.Split(y, []byte("\n"))
	for i := range min(len(xl), len(yl)) {
		if !bytes.Equal(xl[i], yl[i]) {
			return fmt.Sprintf("\nline %d:\n  %s\n  %s", i+1, xl[i], yl[i])
		}
	}
	return ""
}

// stDump returns every row of every table of a store, in key order, as
// text: two stores with equal dumps hold the same data.
func stDump(t testing.TB, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var sb strings.Builder
	for _, q := range []string{
		`SELECT * FROM meta ORDER BY key`,
		`SELECT * FROM articles ORDER BY seq`,
		`SELECT * FROM blocks ORDER BY article, n`,
		`SELECT * FROM claims ORDER BY article, n`,
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		fmt.Fprintf(&sb, "== %s\n", q)
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				if b, ok := v.([]byte); ok {
					v = hex.EncodeToString(b)
				}
				fmt.Fprintf(&sb, "%s=%v|", cols[i], v)
			}
			sb.WriteByte('\n')
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return sb.String()
}

// rewriteJSONL applies edit to each JSON line of path (as a map) and
// appends extra lines; edit returning false drops the line.
func rewriteJSONL(t testing.TB, path string, edit func(i int, rec map[string]any) bool, extra []string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<24)
	for i := 0; sc.Scan(); i++ {
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		if !edit(i, rec) {
			continue
		}
		line, _ := json.Marshal(rec)
		out.Write(line)
		out.WriteByte('\n')
	}
	for _, l := range extra {
		out.WriteString(l + "\n")
	}
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

var csvOutputs = []string{"claims.csv", "articles.csv", "sources.csv"}

// A rerun processes only new and changed articles, loads the others, and
// gives the same outputs and store as a clean run over the same inputs.
func TestRunStoreIncremental(t *testing.T) {
	dir := t.TempDir()
	corpus := stCorpus(t, dir, "corpus.jsonl", 30, 7)
	db := filepath.Join(dir, "store.db")

	first := stRun(t, runFlags{out: filepath.Join(dir, "o1"), db: db, paths: []string{corpus}})
	if got, want := countsOf(first), (stCounts{inputs: 30, processed: 30}); got != want {
		t.Fatalf("first run counts %+v, want %+v", got, want)
	}
	again := stRun(t, runFlags{out: filepath.Join(dir, "o2"), db: db, paths: []string{corpus}})
	if got, want := countsOf(again), (stCounts{inputs: 30, unchanged: 30}); got != want {
		t.Fatalf("rerun counts %+v, want %+v", got, want)
	}
	stSameFiles(t, filepath.Join(dir, "o1"), filepath.Join(dir, "o2"), csvOutputs...)
	if first.Stages != again.Stages {
		t.Errorf("stage counts differ: first %+v, rerun %+v", first.Stages, again.Stages)
	}
	for _, st := range again.Timings {
		if st.Stage != "store" && st.Seconds > 0 {
			t.Errorf("rerun over an unchanged store spent %.3fs in stage %s", st.Seconds, st.Stage)
		}
	}

	// Change the text of three articles and the title of one, add two.
	rewriteJSONL(t, corpus, func(i int, rec map[string]any) bool {
		switch i {
		case 3, 10, 29:
			rec["text"] = rec["text"].(string) + "\n\nJeremy Hunt said the contract would be imposed."
		case 5:
			rec["title"] = "A new title"
		}
		return true
	}, []string{
		`{"id":"new-1","source":"bbc","title":"New one","text":"The BMA said junior doctors would strike again.\n\nNHS Employers disagreed."}`,
		`{"id":"new-2","source":"hsj","title":"New two","text":"Doctors voted against the deal."}`,
	})
	third := stRun(t, runFlags{out: filepath.Join(dir, "o3"), db: db, paths: []string{corpus}})
	if got, want := countsOf(third), (stCounts{inputs: 32, processed: 6, unchanged: 26}); got != want {
		t.Fatalf("counts after changes %+v, want %+v", got, want)
	}
	status := map[string]string{}
	for _, a := range third.Articles {
		status[a.ID] = a.Status
	}
	for id, want := range map[string]string{"synth-0000004": "processed", "synth-0000006": "processed", "synth-0000007": "unchanged", "new-2": "processed", "synth-0000001": "unchanged"} {
		if status[id] != want {
			t.Errorf("status of %s = %q, want %q", id, status[id], want)
		}
	}
	clean := filepath.Join(dir, "clean.db")
	stRun(t, runFlags{out: filepath.Join(dir, "oc"), db: clean, paths: []string{corpus}})
	stSameFiles(t, filepath.Join(dir, "oc"), filepath.Join(dir, "o3"), csvOutputs...)
	if a, b := stDump(t, clean), stDump(t, db); a != b {
		t.Errorf("store after incremental runs differs from a clean run's store%s", firstDiff([]byte(a), []byte(b)))
	}

	// The same file read from another place: unchanged, with the new origin
	// stored.
	moved := filepath.Join(dir, "moved.jsonl")
	if err := os.Rename(corpus, moved); err != nil {
		t.Fatal(err)
	}
	corpus = moved
	mv := stRun(t, runFlags{out: filepath.Join(dir, "om"), db: db, paths: []string{corpus}})
	if got, want := countsOf(mv), (stCounts{inputs: 32, unchanged: 32}); got != want {
		t.Fatalf("counts after moving the corpus %+v, want %+v", got, want)
	}
	if d := stDump(t, db); !strings.Contains(d, "origin="+moved+":1|") || strings.Contains(d, "corpus.jsonl") {
		t.Error("store origins not updated after moving the corpus")
	}

	// Another profile version: everything is rescored, then unchanged.
	prof := filepath.Join(dir, "profile.yaml")
	pb, err := fs.ReadFile(data.FS, "profiles/junior-doctors-2016.yaml")
	if err != nil {
		t.Fatal(err)
	}
	pb = bytes.Replace(pb, []byte(`version: "2016.1"`), []byte(`version: "2016.1-test"`), 1)
	if err := os.WriteFile(prof, pb, 0o644); err != nil {
		t.Fatal(err)
	}
	re := stRun(t, runFlags{out: filepath.Join(dir, "o4"), db: db, profile: prof, paths: []string{corpus}})
	if got, want := countsOf(re), (stCounts{inputs: 32, rescored: 32}); got != want {
		t.Fatalf("counts with a new profile %+v, want %+v", got, want)
	}
	re2 := stRun(t, runFlags{out: filepath.Join(dir, "o5"), db: db, profile: prof, paths: []string{corpus}})
	if got, want := countsOf(re2), (stCounts{inputs: 32, unchanged: 32}); got != want {
		t.Fatalf("counts after rescoring %+v, want %+v", got, want)
	}
	st, err := store.Open(context.Background(), db, store.Existing)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	e, ok, err := st.Lookup(context.Background(), "new-1")
	if err != nil || !ok || !strings.Contains(e.Versions["profile"], "2016.1-test") {
		t.Errorf("stored versions after rescoring: %v (%v, %v)", e.Versions, ok, err)
	}
}

// Without --db nothing is stored and every article is processed.
func TestRunWithoutStore(t *testing.T) {
	dir := t.TempDir()
	corpus := stCorpus(t, dir, "c.jsonl", 5, 3)
	for range 2 {
		r := stRun(t, runFlags{out: filepath.Join(dir, "o"), paths: []string{corpus}})
		if got, want := countsOf(r), (stCounts{inputs: 5, processed: 5}); got != want {
			t.Fatalf("counts %+v, want %+v", got, want)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*.db")); len(m) != 0 {
		t.Errorf("store files written without --db: %v", m)
	}
}

// The outputs do not depend on the number of workers.
func TestRunWorkersSameOutputs(t *testing.T) {
	dir := t.TempDir()
	corpus := stCorpus(t, dir, "corpus.jsonl", 40, 11)
	bad := filepath.Join(dir, "bad")
	if err := os.MkdirAll(bad, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{"empty.txt": "", "binary.txt": "\x00\x01\x02\x00", "ok.txt": "Junior doctors strike.\n\nJeremy Hunt said the deal was fair."} {
		if err := os.WriteFile(filepath.Join(bad, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	recs := map[int]*runRecord{}
	for _, w := range []int{1, 4} {
		recs[w] = stRun(t, runFlags{out: filepath.Join(dir, fmt.Sprint("w", w)), workers: w, paths: []string{corpus, bad}})
	}
	stSameFiles(t, filepath.Join(dir, "w1"), filepath.Join(dir, "w4"), csvOutputs...)
	a, b := recs[1], recs[4]
	if a.Counts != b.Counts || a.Stages != b.Stages {
		t.Errorf("run.json counts differ:\n1: %+v %+v\n4: %+v %+v", a.Counts, a.Stages, b.Counts, b.Stages)
	}
	if a.Counts.Skipped != 2 || a.Counts.Processed != 41 {
		t.Errorf("counts %+v, want 41 processed and 2 skipped", a.Counts)
	}
	if !reflect.DeepEqual(a.Articles, b.Articles) || !reflect.DeepEqual(a.Problems, b.Problems) {
		t.Error("run.json articles or problems differ between 1 and 4 workers")
	}
	for _, w := range []int{1, 4} {
		var j struct {
			Counts  map[string]int `json:"counts"`
			Workers int            `json:"workers"`
		}
		b, err := os.ReadFile(filepath.Join(dir, fmt.Sprint("w", w), "run.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &j); err != nil || j.Workers != w || j.Counts["inputs"] != 43 {
			t.Errorf("run.json of %d workers: workers=%d counts=%v (%v)", w, j.Workers, j.Counts, err)
		}
	}
}

// slant export writes the same CSVs from the store as the run that filled
// it, and refuses files that are not usable stores.
func TestExport(t *testing.T) {
	dir := t.TempDir()
	corpus := stCorpus(t, dir, "corpus.jsonl", 12, 5)
	db := filepath.Join(dir, "s.db")
	stRun(t, runFlags{out: filepath.Join(dir, "run"), db: db, paths: []string{corpus}})
	code, stdout, stderr := runCmd(t, cmdExport, "--db", db, "--out", filepath.Join(dir, "exp"))
	if code != exitOK {
		t.Fatalf("export: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "12 articles") {
		t.Errorf("export said %q", stdout)
	}
	stSameFiles(t, filepath.Join(dir, "run"), filepath.Join(dir, "exp"), csvOutputs...)
	for _, f := range []string{"report.html", "report.md", "run.json"} {
		if _, err := os.Stat(filepath.Join(dir, "exp", f)); err != nil {
			t.Errorf("export wrote no %s: %v", f, err)
		}
	}

	newer := filepath.Join(dir, "newer.db")
	stRun(t, runFlags{out: filepath.Join(dir, "n"), db: newer, paths: []string{corpus}})
	sdb, err := sql.Open("sqlite", newer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sdb.Exec(`UPDATE meta SET value = '2' WHERE key = 'schema_version'`); err != nil {
		t.Fatal(err)
	}
	sdb.Close()
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no db", []string{"--out", dir}, exitUsage, "--db FILE is required"},
		{"missing db", []string{"--db", filepath.Join(dir, "none.db"), "--out", filepath.Join(dir, "x")}, exitFailure, "none.db: no such file"},
		{"newer schema", []string{"--db", newer, "--out", filepath.Join(dir, "x")}, exitFailure, "newer.db: store written by a newer slant: schema version 2"},
		{"not a store", []string{"--db", corpus, "--out", filepath.Join(dir, "x")}, exitFailure, "corpus.jsonl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCmd(t, cmdExport, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.msg) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tt.code, tt.msg)
			}
		})
	}
	// slant run refuses the newer store too, naming it.
	var stderrBuf bytes.Buffer
	_, err = runPipeline(context.Background(), runFlags{out: filepath.Join(dir, "r"), db: newer, workers: 1, maxBytes: 1 << 20, quiet: true, paths: []string{corpus}}, &stderrBuf)
	if err == nil || !strings.Contains(err.Error(), newer) || !strings.Contains(err.Error(), "newer slant") {
		t.Errorf("run on a newer store: %v", err)
	}
}

// The synthetic corpus is deterministic and about the advertised size.
func TestSynthCorpus(t *testing.T) {
	var a, b bytes.Buffer
	na, err := writeSynth(&a, synthOptions{Articles: 200, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := writeSynth(&b, synthOptions{Articles: 200, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("same options gave different corpora")
	}
	var c bytes.Buffer
	if _, err := writeSynth(&c, synthOptions{Articles: 200, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Error("another seed gave the same corpus")
	}
	if per := na / 200; per < 3000 || per > 8000 {
		t.Errorf("average article of %d bytes, want about 5 kB", per)
	}
	if lines := bytes.Count(a.Bytes(), []byte("\n")); lines != 200 {
		t.Errorf("%d JSONL lines, want 200", lines)
	}
}

// An article whose stored rows cannot be read back is processed again and
// rewritten, with a notice for that run.
func TestRunStoreRepairsUnreadableArticle(t *testing.T) {
	dir := t.TempDir()
	corpus := stCorpus(t, dir, "corpus.jsonl", 6, 9)
	db := filepath.Join(dir, "s.db")
	stRun(t, runFlags{out: filepath.Join(dir, "o1"), db: db, paths: []string{corpus}})
	sdb, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	res, err := sdb.Exec(`UPDATE claims SET token_data = x'01ff' WHERE n = 0 AND article = (SELECT seq FROM articles WHERE id = 'synth-0000003')`)
	if n, _ := res.RowsAffected(); err != nil || n != 1 {
		t.Fatalf("corrupting a claim: %v (%d rows)", err, n)
	}
	sdb.Close()
	r := stRun(t, runFlags{out: filepath.Join(dir, "o2"), db: db, paths: []string{corpus}})
	if got, want := countsOf(r), (stCounts{inputs: 6, processed: 1, unchanged: 5}); got != want {
		t.Fatalf("counts %+v, want %+v", got, want)
	}
	if len(r.Notices) != 1 || r.Notices[0].ID != "synth-0000003" || !strings.Contains(r.Notices[0].Reason, "processed again") {
		t.Errorf("notices %+v, want one about synth-0000003", r.Notices)
	}
	stSameFiles(t, filepath.Join(dir, "o1"), filepath.Join(dir, "o2"), csvOutputs...)
	r = stRun(t, runFlags{out: filepath.Join(dir, "o3"), db: db, paths: []string{corpus}})
	if got, want := countsOf(r), (stCounts{inputs: 6, unchanged: 6}); got != want || len(r.Notices) != 0 {
		t.Errorf("after the repair: counts %+v (want %+v), notices %+v", got, want, r.Notices)
	}
}
