package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slant-project/slant/data"
)

func evalRun(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = dispatch(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func evalWrite(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestEvalUsageErrors(t *testing.T) {
	dir := t.TempDir()
	noStance := evalWrite(t, dir, "nostance.csv", "id,text\nx,hello\n")
	gold := evalWrite(t, dir, "gold.csv", "id,text,stance\nx,hello,neutral\n")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"missing --gold", []string{"eval"}, "--gold FILE is required"},
		{"bad --cv", []string{"eval", "--gold", gold, "--cv", "sentence"}, `--cv "sentence": want article or source`},
		{"--cv with --pred", []string{"eval", "--gold", gold, "--cv", "article", "--pred", gold}, "cannot be combined with --pred"},
		{"negative --boot", []string{"eval", "--gold", gold, "--boot", "-1"}, "--boot -1"},
		{"bad --lambdas", []string{"eval", "--gold", gold, "--lambdas", "x"}, "--lambdas"},
		{"bad --class-weights", []string{"eval", "--gold", gold, "--cv", "article", "--class-weights", "heavy"}, `--class-weights "heavy"`},
		{"gold without stance", []string{"eval", "--gold", noStance, "--pred", gold}, `missing column "stance"`},
		{"pred without key", []string{"eval", "--gold", gold, "--pred", noStance}, `missing column "stance"`},
		{"unknown flag", []string{"eval", "--gold", gold, "--nope"}, "flag provided but not defined"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := evalRun(tc.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, exitUsage, stderr)
			}
			if !strings.Contains(stderr, tc.want) {
				t.Errorf("stderr lacks %q:\n%s", tc.want, stderr)
			}
		})
	}
	if code, _, stderr := evalRun("eval", "--gold", filepath.Join(dir, "absent.csv"), "--pred", gold); code != exitFailure || !strings.Contains(stderr, "absent.csv") {
		t.Errorf("absent gold: exit %d, stderr %q", code, stderr)
	}
}

func TestEvalPredictionsFileWithMalformedRows(t *testing.T) {
	dir := t.TempDir()
	gold := evalWrite(t, dir, "gold.csv", "id,article_id,text,stance,sentiment\n"+
		"u1,a1,one,pro_gov,negative\n"+
		"u2,a1,two,neutral,neutral\n"+
		"u3,a1,three,sideways,neutral\n"+
		"u4,a2,fo\"ur,neutral,neutral\n"+
		"u5,a2,five,pro_jdc,positive\n")
	pred := evalWrite(t, dir, "pred.csv", "id,stance,p_pro_gov,p_neutral,p_pro_jdc,sentiment_label\n"+
		"u1,pro_gov,0.7,0.2,0.1,negative\n"+
		"u2,pro_jdc,0.1,0.2,0.7,neutral\n"+
		"u5,pro_jdc,0.1,0.1,0.8,positive\n"+
		"u9\n")
	out := filepath.Join(dir, "out")
	code, stdout, stderr := evalRun("eval", "--gold", gold, "--pred", pred, "--out", out, "--boot", "100")
	if code != exitSkipped {
		t.Errorf("exit %d, want %d (rows skipped); stderr:\n%s", code, exitSkipped, stderr)
	}
	for _, want := range []string{
		gold + `:4: stance "sideways" is not pro_gov, neutral, pro_jdc or boilerplate`,
		gold + `:5: malformed CSV: bare " in non-quoted-field`,
		pred + ":5: 1 fields, the header has 6",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	// Three units scored: u1 right, u2 wrong, u5 right.
	if !strings.Contains(stdout, "stance accuracy") || !strings.Contains(stdout, "0.667") || !strings.Contains(stdout, "3 units, 2 articles") {
		t.Errorf("headline:\n%s", stdout)
	}
	for _, f := range []string{"eval.json", "eval.md", "eval.html", "predictions.csv"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	b, err := os.ReadFile(filepath.Join(out, "eval.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Command string `json:"command"`
		Gold    struct {
			SHA256   string   `json:"sha256"`
			Problems []string `json:"problems"`
		} `json:"gold"`
		Stance struct {
			N int `json:"n"`
		} `json:"stance"`
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Stance.N != 3 || len(rep.Gold.SHA256) != 64 || len(rep.Gold.Problems) != 2 || !strings.HasPrefix(rep.Command, "slant eval --gold") {
		t.Errorf("eval.json: %+v", rep)
	}
}

// goldRows returns the header and the first n rows of the embedded gold
// file's article art.
func evalGoldRows(t *testing.T, art string, n int) [][]string {
	t.Helper()
	b, err := data.FS.ReadFile("gold/gold.csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := [][]string{recs[0]}
	for _, r := range recs[1:] {
		if r[0] == art && len(out) <= n {
			out = append(out, r)
		}
	}
	return out
}

func evalCSV(t *testing.T, rows [][]string) string {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestEvalGoldFormatHashMismatch(t *testing.T) {
	rows := evalGoldRows(t, "bbc-2016-07-no-vote", 6)
	if len(rows) != 7 {
		t.Fatalf("got %d gold rows", len(rows)-1)
	}
	rows[3][3] = "0123456789abcdef" // a wrong text_sha256
	dir := t.TempDir()
	gold := evalWrite(t, dir, "gold.csv", evalCSV(t, rows))
	var pred strings.Builder
	pred.WriteString("article_id,start,end,stance\n")
	for _, r := range rows[1:] {
		fmt.Fprintf(&pred, "%s,%s,%s,neutral\n", r[0], r[1], r[2])
	}
	predPath := evalWrite(t, dir, "pred.csv", pred.String())
	code, stdout, stderr := evalRun("eval", "--gold", gold, "--pred", predPath, "--boot", "0")
	if code != exitSkipped {
		t.Errorf("exit %d, want %d; stderr:\n%s", code, exitSkipped, stderr)
	}
	want := fmt.Sprintf("%s:4: bbc-2016-07-no-vote:%s-%s: text_sha256 0123456789abcdef is not the hash", gold, rows[3][1], rows[3][2])
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}
	if !strings.Contains(stdout, "1 hash mismatches") || !strings.Contains(stdout, "furniture removal precision") {
		t.Errorf("headline:\n%s", stdout)
	}
}

func TestEvalCrossValidatedPlainGold(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,article_id,text,stance,voice,speaker_side\n")
	lines := map[string][]string{
		"pro_gov": {"Jeremy Hunt is right to impose the fair contract.", "The BMA leadership is in disarray and militant.", "Strikes harm patients and the seven-day NHS is needed."},
		"neutral": {"The ballot closes on Thursday.", "Talks will resume next week.", "The committee met in London."},
		"pro_jdc": {"Junior doctors are right to strike against an unsafe contract.", "Hunt misled the public about weekend deaths.", "The imposition is unfair to trainees."},
	}
	n := 0
	for _, art := range []string{"a1", "a2", "a3"} {
		for st, ls := range lines {
			for _, l := range ls {
				n++
				fmt.Fprintf(&b, "r%d,%s,%q,%s,author,none\n", n, art, l+" ("+art+")", st)
			}
		}
	}
	gold := evalWrite(t, t.TempDir(), "gold.csv", b.String())
	code, stdout, stderr := evalRun("eval", "--gold", gold, "--cv", "article", "--synthetic", "none", "--lambdas", "0.001", "--no-pieces", "--boot", "50")
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	for _, want := range []string{"Cross-validated, grouped by article, 3 folds", "out-of-sample",
		"27 units, 3 articles", "ablation (stance)", "target_sentiment"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stderr, "fold 3/3: training without a3 (18 gold units + 0 extra), scoring 9 units") {
		t.Errorf("progress:\n%s", stderr)
	}
}
