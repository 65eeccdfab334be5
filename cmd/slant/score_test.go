package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slant-project/slant/data"
)

func runCmd(t *testing.T, cmd func(context.Context, []string, io.Writer, io.Writer) int, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := cmd(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v\n%s", err, b)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func TestScoreMissingColumn(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "in.csv", "key,body\n1,hello\n")
	code, _, stderr := runCmd(t, cmdScore, "--in", in, "--out", filepath.Join(dir, "out.csv"))
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	if !strings.Contains(stderr, `"id"`) || !strings.Contains(stderr, `"text"`) {
		t.Errorf("stderr %q does not name the missing columns", stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "out.csv")); err == nil {
		t.Error("output written despite missing columns")
	}
	code, _, _ = runCmd(t, cmdScore, "--in", in, "--out", filepath.Join(dir, "out.csv"), "--id-col", "key", "--text-col", "body")
	if code != exitOK {
		t.Errorf("with --id-col/--text-col: exit %d, want 0", code)
	}
}

func TestScoreCSVAndJSONL(t *testing.T) {
	dir := t.TempDir()
	csvIn := writeFile(t, dir, "in.csv", `id,text,voice,speaker_side
a,"Jeremy Hunt has been dishonest and reckless.",,
b,,,
=c,"Talks resume on Monday.",,
d,"""This strike is unnecessary and irresponsible,"" a Department of Health spokesman said.",quote,gov
`)
	jsonIn := writeFile(t, dir, "in.jsonl", `{"id":"a","text":"Jeremy Hunt has been dishonest and reckless."}
{"id":"b","text":""}

{"id":"=c","text":"Talks resume on Monday."}
{"id":"d","text":"\"This strike is unnecessary and irresponsible,\" a Department of Health spokesman said.","voice":"quote","speaker_side":"gov"}
`)
	outC, outJ := filepath.Join(dir, "c.csv"), filepath.Join(dir, "j.csv")
	if code, _, stderr := runCmd(t, cmdScore, "--in", csvIn, "--out", outC); code != exitOK {
		t.Fatalf("csv: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCmd(t, cmdScore, "--in", jsonIn, "--out", outJ); code != exitOK {
		t.Fatalf("jsonl: exit %d: %s", code, stderr)
	}
	c, j := readCSV(t, outC), readCSV(t, outJ)
	if len(c) != 4 || len(j) != 4 {
		t.Fatalf("rows: csv %d, jsonl %d, want 4", len(c), len(j))
	}
	for i := range c {
		for _, k := range []string{"id", "stance", "p_pro_gov", "p_neutral", "p_pro_jdc", "stance_score", "target_side", "error"} {
			if c[i][k] != j[i][k] {
				t.Errorf("row %d %s: csv %q, jsonl %q", i, k, c[i][k], j[i][k])
			}
		}
	}
	if c[0]["stance"] != "pro_jdc" || c[0]["target_side"] != "gov" || c[0]["error"] != "" {
		t.Errorf("row a = %v, want pro_jdc about gov", c[0])
	}
	if c[1]["error"] != "empty text" || c[1]["stance"] != "" {
		t.Errorf("empty text row = %v, want an error and no scores", c[1])
	}
	if c[2]["id"] != "'=c" {
		t.Errorf("formula id = %q, want it neutralised to '=c", c[2]["id"])
	}
	if c[3]["stance"] != "pro_gov" {
		t.Errorf("quoted DH criticism = %v, want pro_gov", c[3])
	}
	if c[0]["model"] == "" || !strings.HasPrefix(c[0]["model"], "stance-") {
		t.Errorf("model column %q", c[0]["model"])
	}
}

// TestScoreInfersVoice: with no voice column, a lone sentence's quote or
// reported speech is attributed by the attribution stage, and the speaker
// side moves the stance; a filled-in voice cell is used as given; a bad
// one is an error cell.
func TestScoreInfersVoice(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "in.csv", `id,text
dh,"A Department of Health spokeswoman said: ""It is extremely disappointing that the JDC is seeking further strike action."""
mc,"Dr Ellen McCourt said the imposed contract was unfair on doctors."
au,"Talks resume on Monday."
`)
	out := filepath.Join(dir, "out.csv")
	if code, _, stderr := runCmd(t, cmdScore, "--in", in, "--out", out); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows := readCSV(t, out)
	want := []struct{ voice, side, stance string }{
		{"quote", "gov", "pro_gov"},
		{"reported", "jdc", "pro_jdc"},
		{"author", "none", "neutral"},
	}
	for i, w := range want {
		r := rows[i]
		if r["voice"] != w.voice || r["speaker_side"] != w.side || r["stance"] != w.stance {
			t.Errorf("row %s: voice %q side %q stance %q, want %s %s %s", r["id"], r["voice"], r["speaker_side"], r["stance"], w.voice, w.side, w.stance)
		}
	}
	given := writeFile(t, dir, "given.csv", `id,text,voice,speaker_side
mc,"Dr Ellen McCourt said the imposed contract was unfair on doctors.",author,none
bad,"Talks resume on Monday.",shouted,
`)
	if code, _, stderr := runCmd(t, cmdScore, "--in", given, "--out", out); code != exitOK {
		t.Fatalf("given: exit %d: %s", code, stderr)
	}
	rows = readCSV(t, out)
	if rows[0]["voice"] != "author" || rows[0]["speaker_side"] != "none" {
		t.Errorf("given voice not kept: %v", rows[0])
	}
	if !strings.Contains(rows[1]["error"], "shouted") || rows[1]["stance"] != "" {
		t.Errorf("bad voice row = %v, want an error naming it", rows[1])
	}
}

func TestScoreBadRows(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "in.jsonl", "{\"id\":\"1\",\"text\":\"The BMA met.\"}\n{not json\n{\"id\":\"3\",\"text\":\"Hunt met.\"}\n")
	out := filepath.Join(dir, "out.csv")
	code, _, stderr := runCmd(t, cmdScore, "--in", in, "--out", out)
	if code != exitSkipped {
		t.Errorf("exit %d, want %d", code, exitSkipped)
	}
	if !strings.Contains(stderr, "in.jsonl:2:") {
		t.Errorf("stderr %q does not name line 2", stderr)
	}
	if rows := readCSV(t, out); len(rows) != 2 || rows[1]["id"] != "3" {
		t.Errorf("rows = %v, want ids 1 and 3", rows)
	}
	in = writeFile(t, dir, "bad.csv", "id,text\n1,\"fine\"\n2,\"a\",extra\n3,ok\n")
	code, _, stderr = runCmd(t, cmdScore, "--in", in, "--out", out)
	if code != exitSkipped || !strings.Contains(stderr, "bad.csv:3:") {
		t.Errorf("csv with a ragged row: exit %d, stderr %q", code, stderr)
	}
	if rows := readCSV(t, out); len(rows) != 2 {
		t.Errorf("rows = %v, want 2", rows)
	}
}

func TestScoreUsage(t *testing.T) {
	if code, _, _ := runCmd(t, cmdScore); code != exitUsage {
		t.Errorf("no flags: exit %d, want %d", code, exitUsage)
	}
	if code, _, _ := runCmd(t, cmdScore, "--in", filepath.Join(t.TempDir(), "missing.csv"), "--out", "-"); code != exitFailure {
		t.Errorf("missing input: exit %d, want %d", code, exitFailure)
	}
}

func TestSafeCell(t *testing.T) {
	for in, want := range map[string]string{"=1+2": "'=1+2", "+x": "'+x", "-3": "'-3", "@a": "'@a", "ok": "ok", "": ""} {
		if got := safeCell(in); got != want {
			t.Errorf("safeCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestTrainThenScore trains a model from a small label file and scores
// with it through --model.
func TestTrainThenScore(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("text,stance,voice,speaker_side\n")
	for _, r := range [][2]string{
		{"Hunt is a liar and a bully.", "pro_jdc"}, {"The contract is unsafe and unfair.", "pro_jdc"},
		{"The government has been dishonest.", "pro_jdc"}, {"Junior doctors are brave and right.", "pro_jdc"},
		{"The BMA is militant and reckless.", "pro_gov"}, {"The strikes are selfish and irresponsible.", "pro_gov"},
		{"Hunt has been patient and fair.", "pro_gov"}, {"The union leaders are in disarray.", "pro_gov"},
		{"Talks resume on Monday.", "neutral"}, {"The ballot closes on Friday.", "neutral"},
		{"The committee meets next week.", "neutral"}, {"The vote was held in June.", "neutral"},
	} {
		b.WriteString(`"` + r[0] + `",` + r[1] + ",,\n")
	}
	b.WriteString("\"\",neutral,,\n") // skipped: empty text
	gold := writeFile(t, dir, "labels.csv", b.String())
	model := filepath.Join(dir, "model")
	code, stdout, stderr := runCmd(t, cmdTrain, "--gold", gold, "--out", model)
	if code != exitSkipped {
		t.Fatalf("train: exit %d, want %d (one row skipped)\nstdout %s\nstderr %s", code, exitSkipped, stdout, stderr)
	}
	man, err := os.ReadFile(filepath.Join(model, "MANIFEST"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"command: slant train --gold " + gold, "input: " + filepath.ToSlash(gold) + " sha256:", "artefact: model.json.gz sha256:"} {
		if !strings.Contains(string(man), want) {
			t.Errorf("MANIFEST lacks %q:\n%s", want, man)
		}
	}
	in := writeFile(t, dir, "in.csv", "id,text\n1,Hunt is a dishonest bully.\n")
	out := filepath.Join(dir, "out.csv")
	if code, _, stderr := runCmd(t, cmdScore, "--in", in, "--out", out, "--model", model); code != exitOK {
		t.Fatalf("score: exit %d: %s", code, stderr)
	}
	if rows := readCSV(t, out); rows[0]["stance"] != "pro_jdc" {
		t.Errorf("scored with the trained model: %v, want pro_jdc", rows[0])
	}
	if !strings.Contains(string(man), "class_weights: balanced") {
		t.Errorf("MANIFEST does not record the default class weighting:\n%s", man)
	}
	if code, _, stderr := runCmd(t, cmdTrain, "--gold", gold, "--out", model, "--class-weights", "heavy"); code != exitUsage || !strings.Contains(stderr, `"heavy"`) {
		t.Errorf("--class-weights heavy: exit %d, stderr %q; want a usage error naming it", code, stderr)
	}
}

// TestScoreWorkersSameOutput scores a few hundred rows (the sample
// articles' lines, with empty texts and malformed lines among them) with
// 1 and with 4 workers: output and messages must be byte-identical, in
// input order.
func TestScoreWorkersSameOutput(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	n := 0
	err := fs.WalkDir(data.FS, "articles", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".txt") {
			return err
		}
		body, err := fs.ReadFile(data.FS, p)
		if err != nil {
			return err
		}
		for _, line := range strings.Split(string(body), "\n") {
			n++
			rec, _ := json.Marshal(map[string]string{"id": fmt.Sprintf("r%04d", n), "text": line})
			b.Write(rec)
			b.WriteByte('\n')
			if n%97 == 0 {
				b.WriteString("{not json\n")
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 3*scoreBatchSize {
		t.Fatalf("only %d rows: too few to spread over workers", n)
	}
	in := writeFile(t, dir, "in.jsonl", b.String())
	var outs, errs [2]string
	for i, w := range []string{"1", "4"} {
		out := filepath.Join(dir, "out"+w+".csv")
		code, _, stderr := runCmd(t, cmdScore, "--in", in, "--out", out, "--workers", w)
		if code != exitSkipped {
			t.Fatalf("--workers %s: exit %d, want %d: %s", w, code, exitSkipped, stderr)
		}
		got, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		outs[i], errs[i] = string(got), stderr
	}
	if outs[0] != outs[1] {
		t.Errorf("output differs between 1 and 4 workers")
	}
	if errs[0] != errs[1] {
		t.Errorf("messages differ between 1 and 4 workers:\n%s\n---\n%s", errs[0], errs[1])
	}
	rows := readCSV(t, filepath.Join(dir, "out4.csv"))
	if len(rows) != n {
		t.Fatalf("%d rows out, want %d", len(rows), n)
	}
	for i, r := range rows {
		if want := fmt.Sprintf("r%04d", i+1); r["id"] != want {
			t.Fatalf("row %d has id %s, want %s (input order lost)", i, r["id"], want)
		}
	}
	if code, _, _ := runCmd(t, cmdScore, "--in", in, "--out", filepath.Join(dir, "x.csv"), "--workers", "0"); code != exitUsage {
		t.Errorf("--workers 0: exit %d, want %d", code, exitUsage)
	}
}

// TestScoreCancelled checks that a cancelled run stops with a failure
// and writes only whole rows.
func TestScoreCancelled(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("id,text\n")
	for i := range 500 {
		fmt.Fprintf(&b, "%d,Hunt met the BMA on day %d.\n", i, i)
	}
	in := writeFile(t, dir, "in.csv", b.String())
	out := filepath.Join(dir, "out.csv")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	if code := cmdScore(ctx, []string{"--in", in, "--out", out, "--workers", "2"}, &stdout, &stderr); code != exitFailure {
		t.Fatalf("cancelled: exit %d, want %d", code, exitFailure)
	}
	if !strings.Contains(stderr.String(), "stopped after") {
		t.Errorf("stderr %q does not say the run stopped", stderr.String())
	}
	readCSV(t, out) // whole rows only: still valid CSV
}

// BenchmarkScoreRows scores the sample articles' lines through scoreRows
// (read, score, write) with 1 and 2 workers.
func BenchmarkScoreRows(b *testing.B) {
	var in strings.Builder
	rows := 0
	for _, name := range []string{"bbc-no-vote.txt", "hsj-rolling-action.txt", "nhs-blog-what-now.txt", "pulse-leaked-messages.txt", "socialist-where-next.txt"} {
		body, err := fs.ReadFile(data.FS, "articles/"+name)
		if err != nil {
			b.Fatal(err)
		}
		for _, line := range strings.Split(string(body), "\n") {
			if strings.TrimSpace(line) == "" {
				continue
			}
			rec, _ := json.Marshal(map[string]string{"id": fmt.Sprint(rows), "text": line})
			in.Write(rec)
			in.WriteByte('\n')
			rows++
		}
	}
	sc, err := newScorer("", "")
	if err != nil {
		b.Fatal(err)
	}
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.SetBytes(int64(in.Len()))
			b.ReportAllocs()
			for b.Loop() {
				rr, err := openRows(strings.NewReader(in.String()), "bench", true)
				if err != nil {
					b.Fatal(err)
				}
				n := 0
				res := scoreRows(context.Background(), rr, sc, scoreCols{"id", "text"}, workers, func([]string) { n++ }, io.Discard)
				if res.n != rows || n != rows {
					b.Fatalf("%d rows scored, want %d", res.n, rows)
				}
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
