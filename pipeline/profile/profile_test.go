package profile

import (
	"testing"

	"github.com/slant-project/slant/pipeline/article"
)

func TestDefaultSpeakerSide(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		speaker string
		name    string
		side    article.Side
	}{
		{"acting chair of the BMA junior doctors’ committee Ellen McCourt", "Ellen McCourt", article.SideJDC},
		{"Dr McCourt", "Ellen McCourt", article.SideJDC},
		{"NHS Employers chief executive Danny Mortimer", "Danny Mortimer", article.SideGov},
		{"A Department of Health spokeswoman", "Department of Health", article.SideGov},
		{"the Jim Reaper", "Jeremy Hunt", article.SideGov},
		{"One junior doctor", "Junior doctors", article.SideJDC},
		{"a passer-by", "", article.SideNone},
		{"the new contract", "", article.SideNone}, // topics never speak
	}
	for _, tt := range tests {
		name, side := p.SpeakerSide(tt.speaker)
		if name != tt.name || side != tt.side {
			t.Errorf("SpeakerSide(%q) = %q, %q; want %q, %q", tt.speaker, name, side, tt.name, tt.side)
		}
	}
}

func TestNamesOffsets(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	text := "“The BMA’s JDC said £5 — Jeremy Hunt’s imposition of the new contract”"
	ms := p.Names(text)
	want := []string{"The BMA", "JDC", "Jeremy Hunt", "imposition", "new contract"}
	if len(ms) != len(want) {
		t.Fatalf("got %d mentions %+v, want %d", len(ms), ms, len(want))
	}
	for i, m := range ms {
		if got := text[m.Start:m.End]; got != want[i] && got != want[i]+"’s" {
			t.Errorf("mention %d = %q, want %q", i, got, want[i])
		}
	}
}

func TestParseRejectsBadProfile(t *testing.T) {
	for name, src := range map[string]string{
		"empty":       "",
		"unknown key": "name: x\nversion: 1\nfoo: bar\n",
		"bad side":    "name: x\nversion: '1'\nactors:\n  - {name: A, side: left}\n",
		"no actors":   "name: x\nversion: '1'\n",
		"not yaml":    "\x00\x01{[",
	} {
		if _, err := Parse([]byte(src), name); err == nil {
			t.Errorf("%s: Parse succeeded, want error", name)
		}
	}
}

func FuzzWords(f *testing.F) {
	f.Add("The BMA’s ‘JDC’ — don't-stop")
	f.Add("\xff\xfe'-’")
	f.Fuzz(func(t *testing.T, s string) {
		for _, w := range Words(s) {
			if w.Start < 0 || w.End > len(s) || w.Start >= w.End {
				t.Fatalf("bad word span %+v in %q", w, s)
			}
		}
	})
}
