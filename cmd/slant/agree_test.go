package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeAgreeFixtures writes two annotators' files in the gold format and
// returns their paths. Units labelled by both: 6; a.csv alone: 1.
//
//	unit      a        b
//	d1 0 10   pro_gov  pro_gov
//	d1 11 20  neutral  neutral
//	d1 21 30  pro_jdc  pro_jdc
//	d1 31 40  pro_jdc  neutral
//	d2 0 10   neutral  neutral
//	d2 11 20  pro_gov  pro_gov
//	d2 21 30  neutral  –
//
// Nominal: o_gg 4, o_nn 4, o_jj 2, o_jn = o_nj = 1; n_g 4, n_n 5, n_j 3,
// n = 12; α = 1 − 11·2/(144 − 50) = 1 − 22/94 = 0.766.
func writeAgreeFixtures(t *testing.T) (a, b string) {
	t.Helper()
	dir := t.TempDir()
	head := "article_id,start,end,stance,text\n"
	a = filepath.Join(dir, "a.csv")
	b = filepath.Join(dir, "b.csv")
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(a, []byte(head+
		"d1,0,10,pro_gov,one\n"+
		"d1,11,20,neutral,two\n"+
		"d1,21,30,pro_jdc,three\n"+
		"d1,31,40,pro_jdc,four\n"+
		"d2,0,10,neutral,five\n"+
		"d2,11,20,pro_gov,six\n"+
		"d2,21,30,neutral,seven\n"), 0o644))
	must(os.WriteFile(b, []byte(head+
		"d1,0,10,pro_gov,one\n"+
		"d1,11,20,neutral,two\n"+
		"d1,21,30,pro_jdc,three\n"+
		"d1,31,40,neutral,four\n"+
		"d2,0,10,neutral,five\n"+
		"d2,11,20,pro_gov,six\n"), 0o644))
	return a, b
}

func runAgree(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = dispatch(context.Background(), append([]string{"agree"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func TestAgreeCommand(t *testing.T) {
	a, b := writeAgreeFixtures(t)
	// Flags after the files, as users type them.
	code, out, errs := runAgree(a, b, "--boot", "100", "--seed", "2")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	for _, want := range []string{
		"key article_id,start,end",
		"units: 7 ids in all, 6 labelled by two or more annotators",
		"Krippendorff's alpha (nominal) = 0.766 over 6 units (12 values)",
		"P(alpha < 0.667) = ",
		"100 replicates, seed 2",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestAgreeJSON(t *testing.T) {
	a, b := writeAgreeFixtures(t)
	code, out, errs := runAgree("--json", "--boot", "0", "--level", "ordinal", a, b)
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	var rep struct {
		Alpha struct {
			Value     *float64        `json:"value"`
			Units     int             `json:"units"`
			Bootstrap json.RawMessage `json:"bootstrap"`
		} `json:"alpha"`
		Order   []string `json:"order"`
		OnlyOne []int    `json:"only_one"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	// Ordinal on pro_gov < neutral < pro_jdc (1, 2, 3): n_g 4, n_n 5, n_j 3;
	// the only disagreements are the j–n pair (o = 1 each way):
	// δ²_nj = (5 + 3 − (5 + 3)/2)² = 16, δ²_gn = (4.5)² = 20.25,
	// δ²_gj = (12 − 3.5)² = 72.25; Σ o δ² = 32;
	// Σ n_c n_k δ² = 2(20·20.25 + 15·16 + 12·72.25) = 2(405 + 240 + 867) = 3024;
	// α = 1 − 11·32/3024 = 1 − 352/3024 = 0.883597…
	if rep.Alpha.Value == nil || math.Abs(*rep.Alpha.Value-(1-352.0/3024)) > 1e-12 || rep.Alpha.Units != 6 {
		t.Errorf("alpha %v over %d units; want 1 − 352/3024 over 6", rep.Alpha.Value, rep.Alpha.Units)
	}
	if len(rep.Alpha.Bootstrap) != 0 || strings.Join(rep.Order, ",") != "pro_gov,neutral,pro_jdc" || rep.OnlyOne[0] != 1 {
		t.Errorf("bootstrap %s, order %v, only-one %v", rep.Alpha.Bootstrap, rep.Order, rep.OnlyOne)
	}
}

func TestAgreeMalformedRows(t *testing.T) {
	a, b := writeAgreeFixtures(t)
	if err := os.WriteFile(b, []byte("article_id,start,end,stance,text\nd1,0,10,pro_gov,one\nd1,11,20\nd1,21,30,pro_jdc,three\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runAgree(a, b, "--boot", "0")
	if code != exitSkipped {
		t.Errorf("exit %d, want %d", code, exitSkipped)
	}
	if want := b + ":3: 3 fields, header has 5; row skipped"; !strings.Contains(errs, want) {
		t.Errorf("stderr %q lacks %q", errs, want)
	}
	if !strings.Contains(out, "2 labelled by two or more annotators") {
		t.Errorf("valid rows lost:\n%s", out)
	}
}

func TestAgreeUsageErrors(t *testing.T) {
	a, b := writeAgreeFixtures(t)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"one file", []string{a}, "need at least two"},
		{"missing file", []string{a, filepath.Join(t.TempDir(), "nope.csv")}, "nope.csv"},
		{"missing column", []string{a, b, "--col", "sentiment"}, `no column "sentiment"`},
		{"missing id column", []string{a, b, "--id-col", "id"}, `no column "id"`},
		{"both keys", []string{a, b, "--id-col", "id", "--key", "x,y"}, "not both"},
		{"bad level", []string{a, b, "--level", "cardinal"}, "unknown level"},
		{"ordinal without order", []string{a, b, "--col", "text", "--level", "ordinal"}, "needs an order"},
		{"negative boot", []string{a, b, "--boot", "-1"}, "--boot"},
		{"unknown flag", []string{a, b, "--bogus"}, "bogus"},
	}
	for _, tt := range tests {
		code, _, errs := runAgree(tt.args...)
		if code != exitUsage || !strings.Contains(errs, tt.want) {
			t.Errorf("%s: exit %d, stderr %q; want %d and %q", tt.name, code, errs, exitUsage, tt.want)
		}
	}
	if code, _, _ := runAgree("-h"); code != exitOK {
		t.Errorf("-h: exit %d", code)
	}
}
