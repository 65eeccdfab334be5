package stance

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slant-project/slant/data"
	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/profile"
)

func defaultProfile(t testing.TB) *profile.Profile {
	t.Helper()
	p, err := profile.Default()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func defaultModel(t testing.TB) *Model {
	t.Helper()
	m, err := Default(defaultProfile(t))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestQuoteAttribution: who is quoted decides the stance of a quoted
// criticism.
func TestQuoteAttribution(t *testing.T) {
	m := defaultModel(t)
	tests := []struct {
		name string
		in   Input
		want article.Stance
	}{
		{"DH spokeswoman criticises the JDC", Input{
			Text:  `A Department of Health spokeswoman said: "It is extremely disappointing that the committee is calling yet more strikes that will harm patients."`,
			Voice: article.VoiceQuote, SpeakerSide: article.SideGov}, article.ProGov},
		{"McCourt criticises the government", Input{
			Text:  `Dr McCourt said: "The government has ignored every concern we raised and is forcing an unsafe contract on doctors."`,
			Voice: article.VoiceQuote, SpeakerSide: article.SideJDC}, article.ProJDC},
		{"reported BMA criticism", Input{
			Text:  `The BMA said ministers had refused to listen and were putting patients at risk.`,
			Voice: article.VoiceReported, SpeakerSide: article.SideJDC}, article.ProJDC},
		{"procedural quote stays neutral", Input{
			Text:  `"The talks will continue on Thursday," a spokesman for NHS Employers said.`,
			Voice: article.VoiceQuote, SpeakerSide: article.SideGov}, article.Neutral},
	}
	for _, tt := range tests {
		got := m.Predict(tt.in)
		if got.Stance != tt.want {
			t.Errorf("%s: %q → %s %v, want %s", tt.name, tt.in.Text, got.Stance, got.P, tt.want)
		}
	}
}

// TestStanceTable covers criticism and praise of each side, nicknames and
// procedural sentences with the embedded model.
func TestStanceTable(t *testing.T) {
	m := defaultModel(t)
	tests := []struct {
		text       string
		want       article.Stance
		wantTarget article.Side
	}{
		{"The Jim Reaper has wrecked morale in every hospital in the country.", article.ProJDC, article.SideGov},
		{"Hunt has been dishonest about the evidence from the start.", article.ProJDC, article.SideGov},
		{"Junior doctors have shown real courage and integrity.", article.ProJDC, article.SideJDC},
		{"The BMA's militant leaders are holding patients to ransom.", article.ProGov, article.SideJDC},
		{"The health secretary deserves praise for his patience.", article.ProGov, article.SideGov},
		{"The BMA will announce the ballot result on Tuesday.", article.Neutral, article.SideJDC},
		{"The court will rule next week.", article.Neutral, article.SideNone},
	}
	for _, tt := range tests {
		got := m.Predict(Input{Text: tt.text})
		if got.Stance != tt.want || got.Target != tt.wantTarget {
			t.Errorf("%q → %s (target %s) %v, want %s (target %s)", tt.text, got.Stance, got.Target, got.P, tt.want, tt.wantTarget)
		}
		if math.Abs(got.P[0]+got.P[1]+got.P[2]-1) > 1e-9 || math.Abs(got.Score-(got.P[2]-got.P[0])) > 1e-12 {
			t.Errorf("%q: P %v, score %v inconsistent", tt.text, got.P, got.Score)
		}
	}
}

// TestNegationAndContrast: negating an evaluation, or moving it behind a
// "but", moves the stance score the right way — in the target-sentiment
// signal itself and in the combined model.
func TestNegationAndContrast(t *testing.T) {
	m := defaultModel(t)
	pairs := []struct {
		name             string
		jdcward, govward string // the first should lean further toward pro_jdc
	}{
		{"negated praise of the contract", "The contract is not fair to doctors.", "The contract is fair to doctors."},
		{"negated criticism of the BMA", "The BMA has not been reckless.", "The BMA has been reckless."},
		{"negated criticism of Hunt", "Hunt has been incompetent.", "Hunt has not been incompetent."},
		{"contrast: what follows but wins", "The strikes are regrettable, but the contract is unsafe.", "The contract is unsafe, but the strikes are regrettable."},
		{"contrast with praise", "Hunt has a point, but the juniors are right.", "The juniors have a point, but Hunt is right."},
	}
	for _, tt := range pairs {
		sj, sg := m.Signals(Input{Text: tt.jdcward}), m.Signals(Input{Text: tt.govward})
		if dj, dg := sj.Polarity.Direction()+sj.Cues.Direction(), sg.Polarity.Direction()+sg.Cues.Direction(); dj <= dg {
			t.Errorf("%s: signal direction %.3f for %q not above %.3f for %q", tt.name, dj, tt.jdcward, dg, tt.govward)
		}
		pj, pg := m.Predict(Input{Text: tt.jdcward}), m.Predict(Input{Text: tt.govward})
		if pj.Score <= pg.Score {
			t.Errorf("%s: stance score %.3f for %q not above %.3f for %q", tt.name, pj.Score, tt.jdcward, pg.Score, tt.govward)
		}
	}
}

// TestCarryOverSequence: a pronoun takes the previous claim's target, and
// the stance follows it.
func TestCarryOverSequence(t *testing.T) {
	m := defaultModel(t)
	texts := []string{"Jeremy Hunt spoke to MPs on Tuesday.", "He then claimed, without evidence, that the doctors were lying.", "He is a disgrace."}
	ins := make([]Input, len(texts))
	for i, s := range texts {
		ins[i] = Input{Text: s}
	}
	got := m.PredictSequence(ins)
	if got[1].Target != article.SideBoth || got[2].Target != article.SideGov {
		t.Errorf("targets = %s, %s; want both, gov", got[1].Target, got[2].Target)
	}
	if got[2].Stance != article.ProJDC {
		t.Errorf("%q after Hunt → %s %v, want pro_jdc", texts[2], got[2].Stance, got[2].P)
	}
	alone := m.Predict(Input{Text: texts[2]})
	if alone.Target != article.SideNone {
		t.Errorf("%q alone: target %s, want none", texts[2], alone.Target)
	}
}

func TestDirected(t *testing.T) {
	m := defaultModel(t)
	tests := []struct {
		text  string
		check func(Polarity) bool
		want  string
	}{
		{"Hunt is incompetent.", func(q Polarity) bool { return q.GovNeg > 0 && q.JDCNeg == 0 }, "criticism of gov"},
		{"Hunt is not incompetent.", func(q Polarity) bool { return q.GovPos > 0 && q.GovNeg == 0 && q.Negated }, "negation flips"},
		{"The doctors are angry.", func(q Polarity) bool { return q.StateJDC < 0 && q.JDCNeg == 0 }, "a feeling, not an evaluation"},
		{"The BMA is in disarray.", func(q Polarity) bool { return q.JDCNeg > 0 }, "disarray is criticism"},
		{"Hunt praised the brilliant doctors.", func(q Polarity) bool { return q.JDCPos > q.GovPos }, "nearest mention takes the word"},
		{"The strike went ahead on Tuesday.", func(q Polarity) bool { return q == Polarity{} }, "procedural words carry nothing"},
	}
	for _, tt := range tests {
		got := m.Signals(Input{Text: tt.text}).Polarity
		if !tt.check(got) {
			t.Errorf("%q: %+v; want %s", tt.text, got, tt.want)
		}
	}
}

func TestCues(t *testing.T) {
	p := defaultProfile(t)
	tests := []struct {
		text     string
		gov, jdc bool
	}{
		{"It is a fair deal.", true, false},
		{"It is not a fair deal.", false, true},
		{"The militant union", true, false},
		{"An unfair and unsafe contract", false, true},
		{"Nothing here.", false, false},
	}
	for _, tt := range tests {
		h := Cues(p, tt.text)
		if (h.Gov > 0) != tt.gov || (h.JDC > 0) != tt.jdc {
			t.Errorf("Cues(%q) = %+v, want gov %v jdc %v", tt.text, h, tt.gov, tt.jdc)
		}
	}
}

func TestParseLexiconErrors(t *testing.T) {
	for name, over := range map[string]string{
		"no tab":       "word 1.0\n",
		"not a number": "word\tx\n",
		"out of range": "word\t9\n",
	} {
		if _, err := ParseLexicon(nil, []byte(over)); err == nil {
			t.Errorf("%s: ParseLexicon succeeded", name)
		}
	}
	l, err := ParseLexicon([]byte("good\t2.0\nbad\t-2\n"), []byte("# c\nbad\t0\nsad\t-2\tstate\n"))
	if err != nil {
		t.Fatal(err)
	}
	if l.Valence("good") != 0.5 || l.Valence("bad") != 0 || !l.state["sad"] {
		t.Errorf("lexicon = %+v", l.val)
	}
}

// smallTraining returns synthetic rows for fast training in tests.
func smallTraining(t testing.TB, p *profile.Profile, n int) []Labeled {
	t.Helper()
	b, err := data.FS.ReadFile("gold/synthetic.csv")
	if err != nil {
		t.Fatal(err)
	}
	set, err := ReadLabels(strings.NewReader(string(b)), "synthetic.csv", p)
	if err != nil {
		t.Fatal(err)
	}
	rows := set.Rows
	if n < len(rows) {
		// Take every k-th row to keep all three classes.
		k := len(rows) / n
		var out []Labeled
		for i := 0; i < len(rows) && len(out) < n; i += k {
			out = append(out, rows[i])
		}
		rows = out
	}
	return rows
}

// TestRoundTrip: a trained model saved and loaded scores identically.
func TestRoundTrip(t *testing.T) {
	p := defaultProfile(t)
	rows := smallTraining(t, p, 150)
	m, err := Train(p, rows, Options{Train: TrainConfig{Lambdas: []float64{1e-3}, Folds: 2}, Signals: []Signal{SignalCues}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sum, err := m.Save(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteManifest(dir, ManifestInfo{Command: "test", ModelSum: sum, Version: m.Version()}); err != nil {
		t.Fatal(err)
	}
	got, err := Load(dir, p)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version() != m.Version() {
		t.Errorf("version %q after load, want %q", got.Version(), m.Version())
	}
	samples := []string{"Hunt is a liar.", "The BMA is militant and reckless.", "Talks resume on Monday.", "", "ünïcödé £250m “quoted”"}
	for _, s := range samples {
		for _, sig := range []Signal{SignalCombined, SignalCues} {
			a, _ := m.Predictor(sig)
			b, err := got.Predictor(sig)
			if err != nil {
				t.Fatal(err)
			}
			if pa, pb := a.Predict(Input{Text: s}), b.Predict(Input{Text: s}); pa != pb {
				t.Errorf("%s %q: before save %+v, after load %+v", sig, s, pa, pb)
			}
		}
	}
	if _, err := got.Predictor(SignalSpeaker); err == nil {
		t.Error("Predictor(speaker) on a model trained without it: want error")
	}
	// Saving again gives the same bytes.
	dir2 := t.TempDir()
	sum2, err := got.Save(dir2)
	if err != nil {
		t.Fatal(err)
	}
	if sum2 != sum {
		t.Errorf("re-saved model sha %s, want %s", sum2, sum)
	}
}

func TestLoadRejectsBadFiles(t *testing.T) {
	p := defaultProfile(t)
	dir := t.TempDir()
	if _, err := Load(dir, p); err == nil {
		t.Error("missing file: want error")
	}
	if err := os.WriteFile(filepath.Join(dir, ModelFile), []byte("not gzip"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir, p); err == nil || !strings.Contains(err.Error(), "gzip") {
		t.Errorf("garbage file: err = %v, want a gzip error", err)
	}
}

func TestDefaultManifest(t *testing.T) {
	s, err := DefaultManifest()
	if err != nil {
		t.Fatal(err)
	}
	b, err := artefact.ReadFile("artefact/" + ModelFile)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s, "sha256:"+FileSum(b)) {
		t.Errorf("MANIFEST does not record the embedded model's SHA-256 %s:\n%s", FileSum(b), s)
	}
	if !strings.Contains(s, "command: slant train ") {
		t.Errorf("MANIFEST lacks the training command:\n%s", s)
	}
	m := defaultModel(t)
	if !strings.Contains(s, "version: "+m.Version()) {
		t.Errorf("MANIFEST version does not match model %s", m.Version())
	}
	for _, sig := range AllSignals {
		if _, err := m.Predictor(sig); err != nil {
			t.Errorf("embedded model: %v", err)
		}
	}
}

func FuzzPredict(f *testing.F) {
	m := defaultModel(f)
	f.Add("Hunt said he would impose the contract.", "quote", "gov")
	f.Add("\xff\xfe not utf8 ’", "", "")
	f.Add("", "reported", "nonsense")
	f.Fuzz(func(t *testing.T, text, voice, side string) {
		p := m.Predict(Input{Text: text, Voice: article.Voice(voice), SpeakerSide: article.Side(side)})
		sum := p.P[0] + p.P[1] + p.P[2]
		if math.IsNaN(sum) || math.Abs(sum-1) > 1e-9 || p.Score < -1 || p.Score > 1 {
			t.Fatalf("Predict(%q) = %+v", text, p)
		}
	})
}

func BenchmarkPredict(b *testing.B) {
	m := defaultModel(b)
	for _, n := range []int{8, 32, 128} {
		words := strings.Fields(strings.Repeat("Jeremy Hunt said the BMA was militant but the contract is unfair to junior doctors ", 10))
		text := strings.Join(words[:n], " ")
		b.Run("words="+itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				m.Predict(Input{Text: text})
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "sentences/s")
		})
	}
}

func itoa(n int) string {
	s := ""
	for n > 0 || s == "" {
		s = string(rune('0'+n%10)) + s
		n /= 10
	}
	return s
}

// TestCrossValidateFolds: each group is held out once, every held-out row
// is predicted by every signal, and each fold reports the λ its inner
// cross-validation chose from the grid.
func TestCrossValidateFolds(t *testing.T) {
	p := defaultProfile(t)
	rows := smallTraining(t, p, 120)
	var eval, extra []Labeled
	for i, r := range rows {
		if i < 60 {
			r.Group = []string{"art-a", "art-b", "art-c"}[i%3]
			eval = append(eval, r)
		} else {
			extra = append(extra, r)
		}
	}
	grid := []float64{1e-3, 1e-1}
	rep, err := CrossValidate(p, eval, extra, Options{Train: TrainConfig{Lambdas: grid, Folds: 2}, Signals: []Signal{SignalCues, SignalCombined}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.N != len(eval) || len(rep.Folds) != 3 {
		t.Fatalf("N %d, %d folds; want %d, 3", rep.N, len(rep.Folds), len(eval))
	}
	for i, f := range rep.Folds {
		if want := []string{"art-a", "art-b", "art-c"}[i]; f.Group != want || len(f.Test) != 20 {
			t.Errorf("fold %d: group %q with %d rows, want %q with 20", i, f.Group, len(f.Test), want)
		}
		for _, s := range []Signal{SignalCues, SignalCombined} {
			if len(f.Pred[s]) != len(f.Test) {
				t.Errorf("fold %s: %d %s predictions for %d rows", f.Group, len(f.Pred[s]), s, len(f.Test))
			}
		}
		if f.Lambda != grid[0] && f.Lambda != grid[1] {
			t.Errorf("fold %s: λ %v, not in the grid %v", f.Group, f.Lambda, grid)
		}
	}
	if _, err := CrossValidate(p, eval[:1], extra, Options{}); err == nil {
		t.Error("one group: want an error")
	}
}
