package sentiment

import (
	"math"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

func model(t testing.TB) *Model {
	t.Helper()
	m, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	return m
}

func TestNegation(t *testing.T) {
	m := model(t)
	tests := []struct {
		text string
		sign int // want the sign of Lexicon
	}{
		{"The food is bad.", -1},
		{"The food is not bad.", +1},
		{"I have no complaints.", +1},
		{"I have complaints.", -1},
		{"The contract was never good.", -1},
		{"It isn't a good deal.", -1},
		{"It is not only good, it is great.", +1},
		{"There is no doubt it is good.", +1},
		{"It doesn't seem quite so great.", -1}, // intensifiers don't count towards the negation window
		{"Nobody was happy with the offer.", -1},
		{"At least it is good.", +1},
		{"The minister has never been so unpopular.", -1}, // "never … so" intensifies
		{"It is the least useful plan.", -1},
	}
	for _, tt := range tests {
		r := m.Score(tt.text)
		if got := sign(r.Lexicon); got != tt.sign {
			t.Errorf("Score(%q).Lexicon = %.3f, want sign %+d", tt.text, r.Lexicon, tt.sign)
		}
	}
}

func TestNegationScope(t *testing.T) {
	m := model(t)
	// A negator does not reach past a clause boundary, nor further than
	// three words.
	near := m.Score("The plan is not good.").Lexicon
	past := m.Score("The plan is not mine, good.").Lexicon
	far := m.Score("It is not the case that the staff were good.").Lexicon
	if near >= 0 || past <= 0 || far <= 0 {
		t.Errorf("not good %.3f (want < 0), not mine, good %.3f (want > 0), not … five words … good %.3f (want > 0)", near, past, far)
	}
}

func TestIntensifiers(t *testing.T) {
	m := model(t)
	order := []string{
		"The offer is extremely good.",
		"The offer is good.",
		"The offer is somewhat good.",
	}
	prev := math.Inf(1)
	for _, s := range order {
		l := m.Score(s).Lexicon
		if !(l < prev) || l <= 0 {
			t.Errorf("Score(%q).Lexicon = %.3f, want positive and below %.3f", s, l, prev)
		}
		prev = l
	}
	neg := []string{"The offer is extremely bad.", "The offer is bad.", "The offer is slightly bad."}
	prev = math.Inf(-1)
	for _, s := range neg {
		l := m.Score(s).Lexicon
		if !(l > prev) || l >= 0 {
			t.Errorf("Score(%q).Lexicon = %.3f, want negative and above %.3f", s, l, prev)
		}
		prev = l
	}
}

func TestEmphasis(t *testing.T) {
	m := model(t)
	plain := m.Score("the strike was a disaster").Lexicon
	caps := m.Score("the strike was a DISASTER").Lexicon
	excl := m.Score("the strike was a disaster!!!").Lexicon
	if !(caps < plain) || !(excl < plain) || plain >= 0 {
		t.Errorf("plain %.3f, ALL CAPS %.3f, !!! %.3f: want caps and !!! below plain < 0", plain, caps, excl)
	}
	// A text all in capitals has no capitals to stand out.
	if a, b := m.Score("THE STRIKE WAS A DISASTER").Lexicon, m.Score("the strike was a disaster").Lexicon; math.Abs(a-b) > 1e-12 {
		t.Errorf("all caps %.3f != lower case %.3f", a, b)
	}
}

func TestContrast(t *testing.T) {
	m := model(t)
	tests := []struct {
		text string
		sign int
	}{
		{"The pay offer was good, but the working hours are terrible.", -1},
		{"The working hours are terrible, but the pay offer was good.", +1},
		{"Although the talks were difficult, the outcome was excellent.", +1},
		{"Despite excellent talks, the outcome was a disaster.", -1},
		{"The outcome was excellent, however the talks were bad.", -1},
		{"The ward is busy, yet the staff are wonderful.", +1},
	}
	for _, tt := range tests {
		if r := m.Score(tt.text); sign(r.Lexicon) != tt.sign {
			t.Errorf("Score(%q).Lexicon = %.3f, want sign %+d", tt.text, r.Lexicon, tt.sign)
		}
	}
	// "not yet" is no contrast: the weights stay even.
	a := m.Score("The deal is good and not yet signed.").Lexicon
	b := m.Score("The deal is good and not signed.").Lexicon
	if math.Abs(a-b) > 0.05 {
		t.Errorf("adverb yet changed the score: %.3f vs %.3f", a, b)
	}
}

func TestTypography(t *testing.T) {
	m := model(t)
	pairs := [][2]string{
		{"It isn’t good.", "It isn't good."},
		{"“Great,” he said.", `"Great," he said.`},
		{"The offer – frankly – is awful.", "The offer - frankly - is awful."},
		{"The doctors’ strike didn’t help.", "The doctors' strike didn't help."},
	}
	for _, p := range pairs {
		a, b := m.Score(p[0]), m.Score(p[1])
		if a != b {
			t.Errorf("Score(%q) = %+v, Score(%q) = %+v; want equal", p[0], a, p[1], b)
		}
	}
	if r := m.Score("It isn’t good."); r.Lexicon >= 0 {
		t.Errorf("curly-apostrophe negation not applied: %+v", r)
	}
}

func TestNames(t *testing.T) {
	m := model(t)
	// Title Case names carry no dictionary sense; the lower-case words do.
	if r := m.Score("He spoke at the United Nations about the Labour Party."); r.Lexicon != 0 {
		t.Errorf("names scored: %+v", r)
	}
	if r := m.Score("The members were united and in a party mood."); r.Lexicon <= 0 {
		t.Errorf("lower-case united not scored: %+v", r)
	}
	if r := m.Score("Health care spending is up and the NHS trust said so."); r.Lexicon != 0 {
		t.Errorf("neutral compounds scored: %+v", r)
	}
	// "like" the preposition is neutral, the verb positive.
	if r := m.Score("Doctors, like nurses, work shifts."); r.Lexicon != 0 {
		t.Errorf("preposition like scored: %+v", r)
	}
	if r := m.Score("I like the new rota."); r.Lexicon <= 0 {
		t.Errorf("verb like not scored: %+v", r)
	}
}

// TestLongSentences checks that scores of long sentences stay apart:
// VADER's S/√(S²+15) puts both below at about 0.98 and above; dividing
// by √n keeps them in the graded range and ordered.
func TestLongSentences(t *testing.T) {
	m := model(t)
	filler := strings.Repeat("the committee met on the fourth floor of the building in the city and ", 4) // 60 words
	three := filler + "it was good, pleasant and helpful"
	six := filler + "it was good, pleasant, helpful, kind, honest and wise"
	l3, l6 := m.Score(three).Lexicon, m.Score(six).Lexicon
	if !(0 < l3 && l3 < l6 && l6 < 0.95) {
		t.Errorf("60-word sentences with 3 and 6 positive words: %.3f, %.3f; want 0 < first < second < 0.95", l3, l6)
	}
	short := m.Score("it was good").Lexicon
	long := m.Score(filler + "it was good").Lexicon
	if !(0 < long && long < short) {
		t.Errorf("one positive word in 3 words %.3f, in 63 words %.3f: want 0 < long < short", short, long)
	}
}

func TestGarbage(t *testing.T) {
	m := model(t)
	inputs := []string{
		"", " ", "\n\t", "\x00\x01\x02", "\xff\xfe\xfd", "!!!???...", "’’’“”", "@handle http://x.y/z",
		"😀😀😀", strings.Repeat("a", 100000), strings.Repeat("bad ", 20000), "\u200d\ufe0f\u0301",
		"no", "not", "but", "but but but", "very", "kind of",
		string([]byte{0xe2, 0x80}), // truncated ’
	}
	for _, s := range inputs {
		r := m.Score(s)
		checkResult(t, s, r)
		if len(s) > 0 {
			checkResult(t, s, m.ScoreSpan(s, 0, len(s)/2))
			checkResult(t, s, m.ScoreSpan(s, -5, 1<<30))
			checkResult(t, s, m.ScoreSpan(s, 7, 3))
		}
	}
	for _, s := range []string{"", " ", "\x00", "12345", "@a http://b"} {
		if r := m.Score(s); r.Score != 0 || r.Label != LabelNeutral || r.Lexicon != 0 || r.Bayes != 0 {
			t.Errorf("Score(%q) = %+v, want zero and neutral", s, r)
		}
	}
}

func checkResult(t *testing.T, s string, r Result) {
	t.Helper()
	for _, v := range []float64{r.Score, r.Lexicon, r.Bayes} {
		if math.IsNaN(v) || v < -1 || v > 1 {
			t.Errorf("input %.40q: %+v out of [-1, 1]", s, r)
		}
	}
	switch r.Label {
	case LabelNegative, LabelNeutral, LabelPositive:
	default:
		t.Errorf("input %.40q: label %q", s, r.Label)
	}
}

func TestLabels(t *testing.T) {
	m := model(t)
	c := m.Combination()
	for _, tt := range []struct {
		text, want string
	}{
		{"This is a wonderful, excellent, brilliant result.", LabelPositive},
		{"This is a terrible, awful, disgraceful result.", LabelNegative},
		{"The meeting is on Tuesday at ten.", LabelNeutral},
	} {
		r := m.Score(tt.text)
		if r.Label != tt.want {
			t.Errorf("Score(%q) = %+v, want %s (neutral below %.3f)", tt.text, r, tt.want, c.Neutral)
		}
	}
}

func TestScoreSpan(t *testing.T) {
	m := model(t)
	s := "Hunt is a disgraceful liar and a bully, but the junior doctors are brave, caring and admirable heroes."
	hunt := m.ScoreSpan(s, 0, len("Hunt"))
	i := strings.Index(s, "junior doctors")
	docs := m.ScoreSpan(s, i, i+len("junior doctors"))
	if !(hunt.Score < docs.Score) || !(hunt.Lexicon < 0 && docs.Lexicon > 0) {
		t.Errorf("toward Hunt %+v, toward the doctors %+v: want Hunt lower, lexicon signs -/+", hunt, docs)
	}
	// Features are per mention; a mention past the text has none.
	if _, ok := m.TargetFeatures(s, len(s)+1, len(s)+5); ok {
		t.Error("TargetFeatures found a mention past the end of the text")
	}
	if x, ok := m.TargetFeatures(s, 0, 4); !ok || len(x) != len(TargetFeatureNames) {
		t.Errorf("TargetFeatures = %d features, %v; want %d, true", len(x), ok, len(TargetFeatureNames))
	}
}

func TestVersion(t *testing.T) {
	m := model(t)
	v := m.Version()
	for _, want := range []string{"sentiment/1", "lexicon:", "bayes:", "combine:", "target:"} {
		if !strings.Contains(v, want) {
			t.Errorf("Version() = %q, want it to contain %q", v, want)
		}
	}
	m2, _ := Default()
	if m2 != m {
		t.Error("Default built a second model")
	}
}

func TestConcurrent(t *testing.T) {
	m := model(t)
	texts := []string{
		"The strike was not a success, but the doctors were proud.",
		"Jeremy Hunt said the contract is fair and safe.",
		"Rubbish!!! Absolutely TERRIBLE.",
		"",
	}
	want := make([]Result, len(texts))
	for i, s := range texts {
		want[i] = m.Score(s)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 50 {
				i := (g + k) % len(texts)
				if got := m.Score(texts[i]); got != want[i] {
					errs <- texts[i]
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for s := range errs {
		t.Errorf("concurrent Score(%q) differs", s)
	}
}

func sign(x float64) int {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

func FuzzScore(f *testing.F) {
	for _, s := range []string{"not bad", "I can't stand it, but it’s GREAT!!!", "U.S. Dr. Smith paid $3.5m.", ":) :( <3 😀", "\xff", ""} {
		f.Add(s, 0, 3)
	}
	m, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string, start, end int) {
		checkResult(t, s, m.Score(s))
		checkResult(t, s, m.ScoreSpan(s, start, end))
		if !utf8.ValidString(s) {
			return
		}
		// Tokens are in order, within the text, and never empty.
		prev := 0
		for _, tk := range m.tz.tokenize(nil, s) {
			if tk.start < prev || tk.end <= tk.start || tk.end > len(s) {
				t.Fatalf("token %+v out of order in %q", tk, s)
			}
			prev = tk.end
		}
	})
}
