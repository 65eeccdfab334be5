package data

import (
	"encoding/csv"
	"io"
	"strings"
	"testing"
	"unicode"
)

func readCSV(t *testing.T, name string) []map[string]string {
	t.Helper()
	f, err := FS.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var rows []map[string]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		m := map[string]string{}
		for i, h := range head {
			m[h] = rec[i]
		}
		rows = append(rows, m)
	}
	return rows
}

// words returns the lower-case word set of s.
func words(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		out[w] = true
	}
	return out
}

func jaccard(a, b map[string]bool) float64 {
	inter := 0
	for w := range a {
		if b[w] {
			inter++
		}
	}
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// TestSyntheticApartFromGold guards the honesty of cross-validation: the
// synthetic training sentences the project wrote must not repeat or
// paraphrase closely any gold unit of the sample articles (the gold is what
// the cross-validated estimate is measured on), and must be marked.
func TestSyntheticApartFromGold(t *testing.T) {
	gold := readCSV(t, "gold/gold.csv")
	syn := readCSV(t, "gold/synthetic.csv")
	if len(syn) < 1000 {
		t.Fatalf("synthetic.csv has %d rows", len(syn))
	}
	type unit struct {
		text string
		ws   map[string]bool
	}
	var g []unit
	for _, r := range gold {
		ws := words(r["text"])
		if len(ws) >= 4 { // short fragments ("They have.") recur in any text
			g = append(g, unit{r["text"], ws})
		}
	}
	ids := map[string]bool{}
	valid := map[string]map[string]bool{
		"stance":       {"pro_gov": true, "neutral": true, "pro_jdc": true},
		"sentiment":    {"negative": true, "neutral": true, "positive": true},
		"target_side":  {"gov": true, "jdc": true, "both": true, "none": true},
		"voice":        {"author": true, "quote": true, "reported": true},
		"speaker_side": {"gov": true, "jdc": true, "other": true, "none": true},
	}
	for _, r := range syn {
		if ids[r["id"]] {
			t.Errorf("duplicate synthetic id %s", r["id"])
		}
		ids[r["id"]] = true
		if r["synthetic"] != "true" {
			t.Errorf("%s: not marked synthetic", r["id"])
		}
		for col, ok := range valid {
			if !ok[r[col]] {
				t.Errorf("%s: %s %q not allowed", r["id"], col, r[col])
			}
		}
		ws := words(r["text"])
		for _, u := range g {
			if j := jaccard(ws, u.ws); j >= 0.6 {
				t.Errorf("%s repeats a gold unit (word overlap %.2f):\n  synthetic: %s\n  gold:      %s", r["id"], j, r["text"], u.text)
			}
		}
	}
}
