package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// readRunCSV reads dir/name into rows keyed by header name.
func readRunCSV(t *testing.T, dir, name string) []map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(recs) < 1 {
		t.Fatalf("%s: no header", name)
	}
	var rows []map[string]string
	for _, rec := range recs[1:] {
		row := make(map[string]string, len(rec))
		for i, h := range recs[0] {
			row[h] = rec[i]
		}
		rows = append(rows, row)
	}
	return rows
}

// leanFloat parses a numeric cell; ok is false for an empty or bad cell.
func leanFloat(row map[string]string, col string) (float64, bool) {
	v, err := strconv.ParseFloat(row[col], 64)
	return v, err == nil && row[col] != ""
}

// TestLeanOfSampleCorpus runs "slant run" in-process on the embedded
// sample corpus and checks what a careful reader of the five articles
// would say: the Socialist Party piece and Pulse's reader comments lean
// towards the junior doctors, the NHS-management blog post towards the
// government side; every source row has an interval; the claims are many
// and distinct; and the three statements quoted in the HSJ piece are
// attributed to the right side.
func TestLeanOfSampleCorpus(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := dispatch(context.Background(), []string{"run", "--out", out, "--quiet"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("slant run exited %d\nstdout: %s\nstderr: %s", code, stdout.String(), stderr.String())
	}

	sources := readRunCSV(t, out, "sources.csv")
	bySource := map[string]map[string]string{}
	for _, r := range sources {
		bySource[r["source"]+"/"+r["section"]] = r
	}
	// Five sources' own text, plus Pulse's comments as a row of their own.
	if len(sources) != 6 {
		t.Errorf("sources.csv has %d rows, want 6 (five sources' body + Pulse comments): %v", len(sources), rowKeys(bySource))
	}
	for _, k := range []string{"bbc/body", "hsj/body", "nhs-blog/body", "pulse/body", "pulse/comment", "socialist-party/body"} {
		if bySource[k] == nil {
			t.Errorf("sources.csv has no %s row: %v", k, rowKeys(bySource))
		}
	}

	lean := []struct {
		key  string
		sign float64 // +1 pro_jdc, −1 pro_gov
	}{
		{"socialist-party/body", +1},
		{"pulse/comment", +1},
		{"nhs-blog/body", -1},
	}
	for _, l := range lean {
		r := bySource[l.key]
		if r == nil {
			continue
		}
		net, ok1 := leanFloat(r, "net_slant")
		mean, ok2 := leanFloat(r, "mean_stance_score")
		if !ok1 || !ok2 || net*l.sign <= 0 || mean*l.sign <= 0 {
			t.Errorf("%s: net_slant %q, mean_stance_score %q; want both %s", l.key, r["net_slant"], r["mean_stance_score"],
				map[float64]string{1: "> 0 (pro_jdc)", -1: "< 0 (pro_gov)"}[l.sign])
		}
	}

	for _, r := range sources {
		k := r["source"] + "/" + r["section"]
		v, okv := leanFloat(r, "net_slant")
		lo, oklo := leanFloat(r, "net_slant_lo")
		hi, okhi := leanFloat(r, "net_slant_hi")
		if !okv || !oklo || !okhi || !(lo <= v && v <= hi) {
			t.Errorf("%s: net_slant %q not within a non-empty interval [%q, %q]", k, r["net_slant"], r["net_slant_lo"], r["net_slant_hi"])
		}
		// One article per source in the sample: the interval is the
		// claim-level fallback, and says so.
		want := "articles"
		if r["n_articles"] == "1" {
			want = "claims"
		}
		if r["ci_method"] != want {
			t.Errorf("%s: %s article(s), ci_method %q, want %q", k, r["n_articles"], r["ci_method"], want)
		}
	}

	claims := readRunCSV(t, out, "claims.csv")
	if len(claims) < 180 {
		t.Errorf("claims.csv has %d claims, want at least 180", len(claims))
	}
	seen := map[string]bool{}
	for _, c := range claims {
		k := c["article_id"] + "," + c["start"] + "," + c["end"]
		if seen[k] {
			t.Errorf("claims.csv: duplicate claim (article_id,start,end) = (%s)", k)
		}
		seen[k] = true
	}

	// The statements quoted in the HSJ piece, found by their words.
	quotes := []struct {
		words   string
		speaker []string // one of these is in the speaker cell
		side    string
	}{
		{"I have continued to push for improvements", []string{"Ellen McCourt"}, "jdc"},
		{"Industrial action achieves little", []string{"Danny Mortimer", "NHS Employers"}, "gov"},
		{"It is extremely disappointing", []string{"Department of Health"}, "gov"},
	}
	for _, q := range quotes {
		var found []map[string]string
		for _, c := range claims {
			if strings.Contains(c["text"], q.words) {
				found = append(found, c)
			}
		}
		if len(found) != 1 {
			t.Errorf("%d claims contain %q, want 1", len(found), q.words)
			continue
		}
		c := found[0]
		named := false
		for _, s := range q.speaker {
			named = named || strings.Contains(c["speaker"], s)
		}
		if !named || c["speaker_side"] != q.side || c["voice"] != "quote" {
			t.Errorf("%q: speaker %q, side %q, voice %q; want one of %q, side %s, quote", q.words, c["speaker"], c["speaker_side"], c["voice"], q.speaker, q.side)
		}
	}
}

func rowKeys(m map[string]map[string]string) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return fmt.Sprint(ks)
}
