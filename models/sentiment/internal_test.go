package sentiment

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	tz := tokenizer{
		emoticon: func(s string) bool { return s == ":)" || s == "<3" },
		emoji:    func(r rune) bool { return r == '😀' },
	}
	tests := []struct {
		in   string
		want []string // keys
	}{
		{"Don’t stop", []string{"don't", "stop"}},
		{"the U.S. economy", []string{"the", "u.s", ".", "economy"}},
		{"£3.5m and 1,000 jobs", []string{"£", "3.5m", "and", "1,000", "jobs"}},
		{"a well-known, self-defeating plan", []string{"a", "well-known", ",", "self-defeating", "plan"}},
		{"great :) <3", []string{"great", ":)", "<3"}},
		{"great:)", []string{"great", ":", ")"}}, // an emoticon must stand alone
		{"see http://example.com/x and @nhs now", []string{"see", "and", "now"}},
		{"“Quoted” – dash", []string{`"`, "quoted", `"`, "-", "dash"}},
		{"fun😀", []string{"fun", "😀"}},
		{"end.Next", []string{"end", ".", "next"}},
		{"\xff\xfebad\x00", []string{"bad"}},
		{"", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, tk := range tz.tokenize(nil, tt.in) {
			if tt.in[tk.start:tk.end] == "" {
				t.Errorf("tokenize(%q): empty token %+v", tt.in, tk)
			}
			got = append(got, tk.key)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("tokenize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCaseOf(t *testing.T) {
	tests := []struct {
		w                  string
		upper, caps, title bool
	}{
		{"NHS", true, true, false},
		{"A", false, true, false},
		{"Hunt", false, false, true},
		{"hunt", false, false, false},
		{"McDonald", false, false, true},
		{"北京", false, false, false},
		{"3G", false, true, false},
	}
	for _, tt := range tests {
		u, c, ti := caseOf(tt.w)
		if u != tt.upper || c != tt.caps || ti != tt.title {
			t.Errorf("caseOf(%q) = %v %v %v, want %v %v %v", tt.w, u, c, ti, tt.upper, tt.caps, tt.title)
		}
	}
}

func TestStructure(t *testing.T) {
	m := model(t)
	tests := []struct {
		in        string
		sentences int
		clauses   int
	}{
		{"Dr. Smith arrived at 3.30 p.m. on Monday. He was happy.", 2, 2},
		{"It was good, but it was late.", 1, 2},
		{"Wow!!! Really?", 2, 2},
		{"Although it rained, we went out; it was fun.", 1, 3},
		{"", 0, 0},
	}
	for _, tt := range tests {
		a := m.analyze(tt.in)
		clauses := map[int]bool{}
		for _, w := range a.words {
			clauses[w.clause] = true
		}
		if len(a.sents) != tt.sentences || len(clauses) != tt.clauses {
			t.Errorf("%q: %d sentences, %d clauses; want %d, %d", tt.in, len(a.sents), len(clauses), tt.sentences, tt.clauses)
		}
		m.release(a)
	}
}

func TestParseBayes(t *testing.T) {
	table := "# comment\n#tokens\t1000\t1000\n#vocabulary\t5\n#model_sha256\tabc\nword\tnegative\tpositive\n" +
		"good\t10\t90\nbad\t80\t20\nthe\t500\t500\n"
	b, err := parseBayes([]byte(table), "t.tsv")
	if err != nil {
		t.Fatal(err)
	}
	// N₋ = N₊ = 1000, V = 5, α = 1.
	want := math.Log(91.0/1005) - math.Log(11.0/1005)
	if got := b.llr["good"]; math.Abs(got-want) > 1e-12 {
		t.Errorf("llr(good) = %v, want %v", got, want)
	}
	if b.llr["bad"] >= 0 || b.llr["the"] != 0 || b.sha256 != "abc" {
		t.Errorf("llr(bad) = %v (want < 0), llr(the) = %v (want 0), sha %q", b.llr["bad"], b.llr["the"], b.sha256)
	}
	for name, bad := range map[string]string{
		"no totals":  "word\tnegative\tpositive\ngood\t1\t2\n",
		"bad count":  strings.Replace(table, "good\t10", "good\tten", 1),
		"no header":  strings.Replace(table, "word\tnegative\tpositive\n", "", 1),
		"bad tokens": strings.Replace(table, "#tokens\t1000\t1000", "#tokens\tx\t1000", 1),
		"short row":  table + "lonely\n",
	} {
		if _, err := parseBayes([]byte(bad), "t.tsv"); err == nil || !strings.Contains(err.Error(), "t.tsv") {
			t.Errorf("%s: error %v, want one naming t.tsv", name, err)
		}
	}
	shipped, err := parseBayes(bayesCounts, "bayes_counts.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if len(shipped.llr) < 5000 || shipped.llr["excellent"] <= 1 || shipped.llr["worst"] >= -1 {
		t.Errorf("shipped table: %d words, llr(excellent) %.2f, llr(worst) %.2f", len(shipped.llr), shipped.llr["excellent"], shipped.llr["worst"])
	}
}

// TestBayesLongText: the log-odds are summed, never multiplied, so a text
// of 200,000 words scores like its first sentence does.
func TestBayesLongText(t *testing.T) {
	m := model(t)
	one := m.Score("a dreadful, boring, awful waste of time.")
	long := m.Score(strings.Repeat("a dreadful, boring, awful waste of time. ", 25000))
	if one.Bayes >= 0 || long.Bayes >= 0 || math.IsNaN(long.Bayes) || math.Abs(long.Bayes-one.Bayes) > 0.2 {
		t.Errorf("Bayes of one sentence %.3f, of 25,000 copies %.3f", one.Bayes, long.Bayes)
	}
}

func TestBayesKey(t *testing.T) {
	for in, want := range map[string]string{"don't": "dont", "well-known": "wellknown", "good": "good", "u.s": "us", "3g": "g", "café": "café"} {
		if got := string(bayesKey(nil, in)); got != want {
			t.Errorf("bayesKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseCombination(t *testing.T) {
	good := `{"format":1,"lexicon_prior_words":2,"bayes_prior_words":5,"lexicon_scale":1,"bayes_scale":0.4,"w_lexicon":0.7,"w_bayes":0.7,"gain":1,"neutral":0.1,"provenance":{"command":"","method":"","files":null,"bayes":"","lexicon":""}}`
	if _, err := ParseCombination([]byte(good)); err != nil {
		t.Fatalf("good combination: %v", err)
	}
	for name, bad := range map[string]string{
		"not json":      `{`,
		"unknown field": strings.Replace(good, `"gain"`, `"gian"`, 1),
		"zero scale":    strings.Replace(good, `"lexicon_scale":1`, `"lexicon_scale":0`, 1),
		"format":        strings.Replace(good, `"format":1`, `"format":9`, 1),
		"weights":       strings.Replace(strings.Replace(good, `"w_lexicon":0.7`, `"w_lexicon":0`, 1), `"w_bayes":0.7`, `"w_bayes":0`, 1),
		"neutral":       strings.Replace(good, `"neutral":0.1`, `"neutral":1.5`, 1),
	} {
		if _, err := ParseCombination([]byte(bad)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := ParseCombination(combineJSON); err != nil {
		t.Errorf("embedded combine.json: %v", err)
	}
	if _, err := ParseTarget(targetJSON); err != nil {
		t.Errorf("embedded target.json: %v", err)
	}
	if _, err := ParseTarget([]byte(`{"format":1}`)); err == nil {
		t.Error("empty target model accepted")
	}
}

// TestFit: on synthetic sets where gold follows the lexicon evidence and
// the Bayes evidence is noise, Fit weighs the lexicon and reaches a high r.
func TestFit(t *testing.T) {
	var sets []FitSet
	for k := range 3 {
		var s FitSet
		s.Name = string(rune('a' + k))
		for i := range 300 {
			v := float64(i%21-10) / 3 // −3.33 … 3.33
			noise := math.Sin(float64(i*7919 + k))
			s.Evidence = append(s.Evidence, Evidence{Valence: v, Words: 10, LLR: 3 * noise, Known: 8})
			s.Gold = append(s.Gold, math.Tanh(v/2))
		}
		sets = append(sets, s)
	}
	sets[2].Classes = true
	for i, g := range sets[2].Gold {
		sets[2].Gold[i] = float64(classOf(g, 0.3) - 1)
	}
	c, report, err := Fit(sets)
	if err != nil {
		t.Fatal(err)
	}
	if c.WLexicon < 5*c.WBayes {
		t.Errorf("weights lexicon %.3f, bayes %.3f: want the lexicon to dominate", c.WLexicon, c.WBayes)
	}
	if r := report["a r combined"]; r < 0.95 {
		t.Errorf("r on set a = %.3f, want >= 0.95", r)
	}
	if c.Neutral <= 0 || c.Neutral >= 0.6 {
		t.Errorf("neutral threshold %.3f, want in (0, 0.6)", c.Neutral)
	}
	if _, _, err := Fit(nil); err == nil {
		t.Error("Fit(nil) succeeded")
	}
	if _, _, err := Fit([]FitSet{{Name: "x", Evidence: make([]Evidence, 2), Gold: make([]float64, 3)}}); err == nil {
		t.Error("Fit with mismatched lengths succeeded")
	}
}

func TestTrainTarget(t *testing.T) {
	nf := len(TargetFeatureNames)
	var ex []TargetExample
	for i := range 600 {
		x := make([]float64, nf)
		x[3] = float64(i%3-1) + 0.3*math.Sin(float64(i)) // near3_lexicon decides the class
		x[0] = math.Cos(float64(i))                      // noise
		ex = append(ex, TargetExample{X: x, Class: i % 3})
	}
	tg, err := TrainTarget(ex, 1e-3)
	if err != nil {
		t.Fatal(err)
	}
	correct := 0
	for _, e := range ex {
		p := tg.Probabilities(e.X)
		if slices.Index(p[:], slices.Max(p[:])) == e.Class {
			correct++
		}
	}
	if acc := float64(correct) / float64(len(ex)); acc < 0.95 {
		t.Errorf("training accuracy %.3f, want >= 0.95", acc)
	}
	b, err := tg.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseTarget(b); err != nil {
		t.Errorf("round trip: %v", err)
	}
	if _, err := TrainTarget(ex[:5], 1e-3); err == nil {
		t.Error("5 examples accepted")
	}
	short := append(ex[:20:20], TargetExample{X: []float64{1}, Class: 0})
	if _, err := TrainTarget(short, 0); err == nil {
		t.Error("short feature vector accepted")
	}
	wrong := append(ex[:20:20], TargetExample{X: make([]float64, nf), Class: 3})
	if _, err := TrainTarget(wrong, 0); err == nil {
		t.Error("class 3 accepted")
	}
}
