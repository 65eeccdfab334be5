package stance

import (
	"strings"
	"testing"

	"github.com/slant-project/slant/pipeline/article"
)

func TestPassageOf(t *testing.T) {
	tests := []struct{ id, want string }{
		{"news-001-03", "news-001"},
		{"comments-059-20", "comments-059"},
		{"a-b-1-2", "a-b-1"},
		{"syn-0001", ""},
		{"news-x-03", ""},
		{"news-001-", ""},
		{"-001-03", ""},
		{"", ""},
		{"news-001-03a", ""},
	}
	for _, tt := range tests {
		if got := passageOf(tt.id); got != tt.want {
			t.Errorf("passageOf(%q) = %q, want %q", tt.id, got, tt.want)
		}
	}
}

// TestReadLabelsPrev: Prev links rows of one unit in order, and only them.
func TestReadLabelsPrev(t *testing.T) {
	p := defaultProfile(t)
	gold := `article_id,start,end,text_sha256,section,stance,sentiment,target_side,voice,speaker,speaker_side,text
a1,40,60,x,body,pro_jdc,negative,gov,author,,none,He is a disgrace.
a1,0,39,x,body,neutral,neutral,gov,author,,none,Jeremy Hunt spoke to MPs on Tuesday.
a1,61,70,x,body,boilerplate,neutral,none,author,,none,Read more
a1,71,80,x,body,neutral,neutral,none,author,,none,Talks go on.
a1,100,120,x,comment,pro_gov,negative,jdc,author,Ann,none,The BMA is a joke.
a1,121,130,x,comment,pro_gov,negative,jdc,author,Ann,none,Pathetic.
a1,131,160,x,comment,boilerplate,neutral,none,author,,none,Report this comment
a1,161,170,x,comment,neutral,neutral,none,author,Bob,none,He left.
a2,0,10,x,body,neutral,neutral,none,author,,none,Next article.
`
	set, err := ReadLabels(strings.NewReader(gold), "gold.csv", p)
	if err != nil {
		t.Fatal(err)
	}
	if set.Boilerplate != 2 || len(set.Rows) != 7 {
		t.Fatalf("boilerplate %d, rows %d", set.Boilerplate, len(set.Rows))
	}
	wantPrev := map[string]string{
		"Jeremy Hunt spoke to MPs on Tuesday.": "",
		"He is a disgrace.":                    "Jeremy Hunt spoke to MPs on Tuesday.",
		"Talks go on.":                         "He is a disgrace.", // body furniture does not cut
		"The BMA is a joke.":                   "",                  // new section
		"Pathetic.":                            "The BMA is a joke.",
		"He left.":                             "", // comment furniture cuts
		"Next article.":                        "",
	}
	for _, r := range set.Rows {
		checkPrev(t, r, wantPrev)
	}
	if r := rowByText(set.Rows, "He is a disgrace."); r.Prev.Target == nil || r.Prev.Target.Side != article.SideGov {
		t.Errorf("Prev of %q should carry its target (gov): %+v", r.Text, r.Prev.Target)
	}

	plain := `id,text,stance,voice,speaker_side
syn-0001,Hunt is wrong.,pro_jdc,author,none
syn-0002,Talks resume.,neutral,author,none
news-001-01,The BMA is in disarray.,pro_gov,author,none
news-001-02,It is a shambles.,pro_gov,author,none
news-002-01,Talks resume.,neutral,author,none
`
	set, err = ReadLabels(strings.NewReader(plain), "synthetic.csv", p)
	if err != nil {
		t.Fatal(err)
	}
	wantPrev = map[string]string{"Hunt is wrong.": "", "It is a shambles.": "The BMA is in disarray.", "The BMA is in disarray.": ""}
	for _, r := range set.Rows {
		if r.Text == "Talks resume." {
			if r.Prev != nil {
				t.Errorf("%q: Prev %q, want none", r.Text, r.Prev.Text)
			}
			continue
		}
		checkPrev(t, r, wantPrev)
	}
	// Sentences of one synthetic passage share a group, so they stay in
	// one cross-validation fold; other rows are groups of their own.
	wantGroup := []string{"", "", "passage:news-001", "passage:news-001", "passage:news-002"}
	for i, r := range set.Rows {
		if r.Group != wantGroup[i] {
			t.Errorf("row %d %q: group %q, want %q", i+1, r.Text, r.Group, wantGroup[i])
		}
	}
}

func checkPrev(t *testing.T, r Labeled, want map[string]string) {
	t.Helper()
	w, ok := want[r.Text]
	if !ok {
		t.Errorf("unexpected row %q", r.Text)
		return
	}
	got := ""
	if r.Prev != nil {
		got = r.Prev.Text
	}
	if got != w {
		t.Errorf("%q: Prev %q, want %q", r.Text, got, w)
	}
}

func rowByText(rows []Labeled, text string) Labeled {
	for _, r := range rows {
		if r.Text == text {
			return r
		}
	}
	return Labeled{}
}

// TestContextFeatures: no previous claim, no features; the previous
// claim's leans appear ungated and under each gate that holds.
func TestContextFeatures(t *testing.T) {
	m := defaultModel(t)
	prevIn := Input{Text: "The BMA is in disarray and its leaders are militant."}
	prev := m.Signals(prevIn)
	if got := contextFeatures(Input{Text: "It is a shambles."}, Signals{}, nil, nil); got != nil {
		t.Errorf("no previous claim: features %v, want none", got)
	}
	tests := []struct {
		text  string
		gates []string
	}{
		{"It is a shambles.", []string{"short", "implicit", "lead", "flat"}},
		{"Not the BMA, then.", []string{"short", "flat"}},
		{"Jeremy Hunt has ignored every single concern raised by the doctors for months.", nil},
		{"Talks between the two sides will resume on Monday at the conciliation service.", []string{"implicit", "flat"}},
	}
	for _, tt := range tests {
		in := Input{Text: tt.text}
		sig := m.Signals(in)
		got := map[string]float64{}
		for _, f := range contextFeatures(in, sig, &prev, nil) {
			got[f.Name] = f.Value
		}
		if got["ctx:cue"] >= 0 {
			t.Errorf("%q: ctx:cue = %v, want < 0 (previous claim's cues lean pro_gov)", tt.text, got["ctx:cue"])
		}
		g := gates(in, sig)
		if strings.Join(g, ",") != strings.Join(tt.gates, ",") {
			t.Errorf("%q: gates %v, want %v", tt.text, g, tt.gates)
		}
		for _, gate := range tt.gates {
			if got["ctx|"+gate] != 1 || got["ctx:cue|"+gate] != got["ctx:cue"] {
				t.Errorf("%q: gate %s features missing: %v", tt.text, gate, got)
			}
		}
		if len(got) != 3+4*len(tt.gates) {
			t.Errorf("%q: %d features, want %d: %v", tt.text, len(got), 3+4*len(tt.gates), got)
		}
	}
}

// TestContextRoundTrip: a model trained with each context mode keeps it
// through Save and Load, uses Prev (predictions with and without it
// differ), and scores identically after loading.
func TestContextRoundTrip(t *testing.T) {
	p := defaultProfile(t)
	rows := smallTraining(t, p, 400)
	withPrev := 0
	for _, r := range rows {
		if r.Prev != nil {
			withPrev++
		}
	}
	if withPrev == 0 {
		t.Fatal("no training row has a previous claim")
	}
	prev := &Context{Text: "The BMA is in disarray and its militant leaders have let members down."}
	samples := []Input{
		{Text: "It is a shambles.", Prev: prev},
		{Text: "Talks resume on Monday.", Prev: prev},
		{Text: "Hunt is a liar.", Prev: &Context{Text: "", Voice: article.VoiceQuote}},
		{Text: "ünïcödé £250m “quoted”", Prev: &Context{Text: "\xff\xfe"}},
	}
	for _, mode := range []ContextMode{ContextSignals, ContextFirstPass} {
		fc := DefaultFeatures()
		fc.Pieces, fc.Context = false, mode
		m, err := Train(p, rows, Options{Features: fc, Train: TrainConfig{Lambdas: []float64{1e-3}, Folds: 2}, Signals: []Signal{SignalCues}})
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Classifier(SignalCombined).Features().Context; got != mode {
			t.Errorf("%s: combined classifier context %q", mode, got)
		}
		if (m.Classifier(SignalFirstPass) != nil) != (mode == ContextFirstPass) {
			t.Errorf("%s: first-pass classifier present = %v", mode, m.Classifier(SignalFirstPass) != nil)
		}
		dir := t.TempDir()
		if _, err := m.Save(dir); err != nil {
			t.Fatal(err)
		}
		got, err := Load(dir, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range samples {
			if a, b := m.Predict(in), got.Predict(in); a != b {
				t.Errorf("%s %q: before save %+v, after load %+v", mode, in.Text, a, b)
			}
		}
		in := samples[0]
		a := m.Predict(in)
		in.Prev = nil
		if b := m.Predict(in); a == b {
			t.Errorf("%s: Prev does not change the prediction of %q: %+v", mode, in.Text, a)
		}
	}
}
