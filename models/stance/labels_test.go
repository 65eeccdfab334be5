package stance

import (
	"fmt"
	"math"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/slant-project/slant/pipeline/article"
)

func TestReadLabelsGold(t *testing.T) {
	p := defaultProfile(t)
	// Rows out of order on purpose: carry-over follows start offsets.
	in := `article_id,start,end,text_sha256,section,stance,sentiment,target_side,voice,speaker,speaker_side,text
a1,40,60,x,body,pro_jdc,negative,gov,author,,none,He is a disgrace.
a1,0,39,x,body,neutral,neutral,gov,author,,none,Jeremy Hunt spoke to MPs on Tuesday.
a1,61,70,x,body,boilerplate,neutral,none,author,,none,Read more
a1,71,90,x,comment,neutral,neutral,none,author,Bob,none,He left.
a2,0,10,x,body,sideways,neutral,none,author,,none,What?
a2,11,20,x,body,pro_gov,negative,jdc,quote,DH,gov,"""The strike is wrong,"" a DH spokesman said."
`
	set, err := ReadLabels(strings.NewReader(in), "gold.csv", p)
	if err != nil {
		t.Fatal(err)
	}
	if !set.Gold || set.Boilerplate != 1 || len(set.Skipped) != 1 || len(set.Rows) != 4 {
		t.Fatalf("gold %v, boilerplate %d, skipped %v, rows %d", set.Gold, set.Boilerplate, set.Skipped, len(set.Rows))
	}
	if !strings.Contains(set.Skipped[0], "gold.csv:6:") || !strings.Contains(set.Skipped[0], "sideways") {
		t.Errorf("skip message %q should name line 6 and the bad stance", set.Skipped[0])
	}
	byText := map[string]Labeled{}
	for _, r := range set.Rows {
		byText[r.Text] = r
	}
	if r := byText["He is a disgrace."]; r.Target == nil || r.Target.Side != article.SideGov || r.Group != "a1" {
		t.Errorf("carry-over row = %+v, want target gov in group a1", r)
	}
	if r := byText["He left."]; r.Target == nil || r.Target.Side != article.SideNone {
		t.Errorf("comment row carried over from the body: %+v", r.Target)
	}
	if r := byText[`"The strike is wrong," a DH spokesman said.`]; r.Voice != article.VoiceQuote || r.SpeakerSide != article.SideGov || r.Stance != article.ProGov {
		t.Errorf("quote row = %+v", r)
	}
}

func TestReadLabelsPlain(t *testing.T) {
	p := defaultProfile(t)
	jsonl := `{"text":"Hunt is wrong.","stance":"pro_jdc","voice":"author"}
not json
{"text":"Talks resume.","stance":"NEUTRAL","speaker_side":"gov","voice":"reported"}
{"text":"Bad voice.","stance":"neutral","voice":"shouted"}
`
	set, err := ReadLabels(strings.NewReader(jsonl), "x.jsonl", p)
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Rows) != 2 || len(set.Skipped) != 2 || set.Gold {
		t.Fatalf("rows %d skipped %v gold %v", len(set.Rows), set.Skipped, set.Gold)
	}
	if set.Rows[1].Stance != article.Neutral || set.Rows[1].SpeakerSide != article.SideGov {
		t.Errorf("row 2 = %+v", set.Rows[1])
	}
	if _, err := ReadLabels(strings.NewReader("text,label\nx,y\n"), "y.csv", p); err == nil || !strings.Contains(err.Error(), `"stance"`) {
		t.Errorf("missing stance column: err = %v", err)
	}
	if _, err := ReadLabels(strings.NewReader("text,stance\n\"open,neutral\n"), "z.csv", p); err == nil {
		t.Error("malformed CSV: want error")
	}
	set, err = ReadLabels(strings.NewReader(""), "empty.csv", p)
	if err != nil || len(set.Rows) != 0 {
		t.Errorf("empty input: %v, %v", set, err)
	}
}

func TestTrainClassifierGenericLabels(t *testing.T) {
	var ex []Example
	add := func(label string, texts ...string) {
		for _, s := range texts {
			ex = append(ex, Example{Text: s, Label: label})
		}
	}
	add("FAVOR", "I love this idea", "great idea, fully support it", "support it all the way", "this is great", "love it, support", "what a great plan")
	add("AGAINST", "I hate this idea", "terrible idea, oppose it", "oppose it all the way", "this is terrible", "hate it, oppose", "what a terrible plan")
	add("NONE", "the meeting is on monday", "it rained today", "the bus was late", "lunch is at noon", "the shop opens at nine", "the train leaves at ten")
	c, err := TrainClassifier([]string{"AGAINST", "FAVOR", "NONE"}, ex, FeatureConfig{HashBits: 18, Words: true, Bigrams: true}, TrainConfig{Folds: 3})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Classes(); strings.Join(got, ",") != "AGAINST,FAVOR,NONE" {
		t.Errorf("classes = %v", got)
	}
	for text, want := range map[string]int{"support this great plan": 1, "oppose this terrible plan": 0, "the bus is on monday": 2} {
		p := c.Probs(text, nil, nil)
		if argmax(p) != want {
			t.Errorf("%q → %v, want class %d", text, p, want)
		}
	}
	if c.Temperature() <= 0 || c.Size() == 0 {
		t.Errorf("temperature %v, size %d", c.Temperature(), c.Size())
	}
	if _, err := TrainClassifier([]string{"A", "B"}, []Example{{Text: "x", Label: "C"}}, FeatureConfig{Words: true}, TrainConfig{}); err == nil {
		t.Error("unknown label: want error")
	}
	if _, err := TrainClassifier([]string{"A"}, ex, FeatureConfig{Words: true}, TrainConfig{}); err == nil {
		t.Error("one class: want error")
	}
}

func TestMacroF1(t *testing.T) {
	gold := []int{0, 0, 1, 1, 2, 2}
	pred := []int{0, 1, 1, 1, 2, 0}
	// F1: class0 = 2·1/(2+1+1) = .5; class1 = 2·2/(4+1+0) = .8; class2 = 2/(2+0+1) = .667
	want := (0.5 + 0.8 + 2.0/3) / 3
	if got := MacroF1(gold, pred, 3); got < want-1e-12 || got > want+1e-12 {
		t.Errorf("MacroF1 = %v, want %v", got, want)
	}
}

// TestTrainClassifierParallelDeterministic: cross-validation folds are
// fitted concurrently, yet the trained classifier (weights, λ,
// temperature) does not depend on how many run at once.
func TestTrainClassifierParallelDeterministic(t *testing.T) {
	var ex []Example
	words := []string{"great", "terrible", "monday", "support", "oppose", "late", "plan", "idea"}
	for i := range 90 {
		label := []string{"A", "B", "C"}[i%3]
		text := words[i%3] + " " + words[(i*7)%len(words)] + " " + words[(i*5+1)%len(words)]
		ex = append(ex, Example{Text: text, Label: label, Group: fmt.Sprint(i % 11)})
	}
	fc := FeatureConfig{HashBits: 16, Words: true, Bigrams: true}
	tc := TrainConfig{Folds: 4, Lambdas: []float64{1e-3, 1e-2}}
	train := func(procs int) *fileClassifier {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		c, err := TrainClassifier([]string{"A", "B", "C"}, ex, fc, tc)
		if err != nil {
			t.Fatal(err)
		}
		return c.file()
	}
	one, four := train(1), train(4)
	if !reflect.DeepEqual(one, four) {
		t.Error("classifier trained with GOMAXPROCS=1 differs from GOMAXPROCS=4")
	}
}

// TestWeighting: equal weighting keeps the training mix as the prior, so
// an uninformative text gets the majority class; balanced weighting
// evens the classes out; an unknown weighting is an error.
func TestWeighting(t *testing.T) {
	var ex []Example
	for i := range 40 {
		label := "major"
		if i%4 == 0 {
			label = "minor"
		}
		ex = append(ex, Example{Text: fmt.Sprintf("word%d", i), Label: label})
	}
	classes := []string{"major", "minor"}
	fc := FeatureConfig{HashBits: 12, Words: true}
	tc := TrainConfig{Folds: 1, Lambdas: []float64{1e-2}}
	pMinor := map[Weighting]float64{}
	for _, w := range []Weighting{"", WeightEqual, WeightBalanced} {
		tc.Weighting = w
		c, err := TrainClassifier(classes, ex, fc, tc)
		if err != nil {
			t.Fatalf("%q: %v", w, err)
		}
		pMinor[w] = c.Probs("unseen", nil, nil)[1]
	}
	if pMinor[""] != pMinor[WeightBalanced] {
		t.Errorf("zero weighting p(minor) %v, want balanced's %v", pMinor[""], pMinor[WeightBalanced])
	}
	if got := pMinor[WeightEqual]; math.Abs(got-0.25) > 0.05 {
		t.Errorf("equal: p(minor) = %.3f, want ≈ 0.25 (the training mix)", got)
	}
	if got := pMinor[WeightBalanced]; math.Abs(got-0.5) > 0.05 {
		t.Errorf("balanced: p(minor) = %.3f, want ≈ 0.5", got)
	}
	tc.Weighting = "loud"
	if _, err := TrainClassifier(classes, ex, fc, tc); err == nil || !strings.Contains(err.Error(), "loud") {
		t.Errorf("unknown weighting: err = %v", err)
	}
}
