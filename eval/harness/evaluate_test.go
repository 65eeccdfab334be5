package harness

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/slant-project/slant/models/stance"
	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/profile"
)

func near(t *testing.T, name string, got Num, want float64) {
	t.Helper()
	if math.Abs(float64(got)-want) > 1e-9 {
		t.Errorf("%s = %.6f, want %.6f", name, float64(got), want)
	}
}

func mustGold(t *testing.T, in string) *Gold {
	t.Helper()
	g, err := ReadGold(strings.NewReader(in), "g.csv")
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func mustPreds(t *testing.T, in string) *PredSet {
	t.Helper()
	p, err := ReadPredictions(strings.NewReader(in), "p.csv")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// twoArticles is a plain gold file over two articles, a boilerplate row
// left out, and predictions for it:
//
//	unit  article  gold     pred     gold sent  pred sent
//	u1    a1       pro_gov  pro_gov  negative   negative
//	u2    a1       neutral  neutral  neutral    neutral
//	u3    a1       pro_jdc  pro_jdc  positive   negative
//	u4    a1       pro_jdc  neutral  negative   negative
//	u5    a2       neutral  neutral  neutral    positive
//	u6    a2       pro_gov  pro_jdc  negative   negative
//
// Stance confusion (rows gold g n j): g [1 0 1], n [0 2 0], j [0 1 1].
// accuracy 4/6; F1 g = 2/(2+0+1) = 2/3, n = 4/(4+1+0) = 0.8,
// j = 2/(2+1+1) = 0.5; macro-F1 = (2/3 + 0.8 + 0.5)/3; F_avg = (2/3 +
// 0.5)/2; κ: p_o = 4/6, rows 2 2 2, columns 1 3 2, p_e = 12/36, κ = 0.5.
// Every prediction gives its label 0.8 and the others 0.1: all in bin
// (0.7, 0.8], ECE = |4/6 − 0.8|; Brier = (4·0.06 + 2·1.46)/6.
// Sentiment accuracy 4/6.
const twoArticlesGold = "id,article_id,text,stance,sentiment\n" +
	"u1,a1,one,pro_gov,negative\n" +
	"u2,a1,two,neutral,neutral\n" +
	"u3,a1,three,pro_jdc,positive\n" +
	"u4,a1,four,pro_jdc,negative\n" +
	"b1,a2,Share this,boilerplate,neutral\n" +
	"u5,a2,five,neutral,neutral\n" +
	"u6,a2,six,pro_gov,negative\n"

func probsFor(label string) string {
	switch label {
	case "pro_gov":
		return "0.8,0.1,0.1"
	case "neutral":
		return "0.1,0.8,0.1"
	}
	return "0.1,0.1,0.8"
}

func predFile(labels map[string]string, sent map[string]string) string {
	var b strings.Builder
	b.WriteString("id,stance,p_pro_gov,p_neutral,p_pro_jdc,sentiment_label\n")
	for _, id := range []string{"u1", "u2", "u3", "u4", "u5", "u6"} {
		if l, ok := labels[id]; ok {
			fmt.Fprintf(&b, "%s,%s,%s,%s\n", id, l, probsFor(l), sent[id])
		}
	}
	return b.String()
}

var (
	twoArticlesPred = map[string]string{"u1": "pro_gov", "u2": "neutral", "u3": "pro_jdc", "u4": "neutral", "u5": "neutral", "u6": "pro_jdc"}
	twoArticlesSent = map[string]string{"u1": "negative", "u2": "neutral", "u3": "negative", "u4": "negative", "u5": "positive", "u6": "negative"}
)

func TestEvaluatePredictionsHandComputed(t *testing.T) {
	g := mustGold(t, twoArticlesGold)
	rep, err := Evaluate(context.Background(), Config{Gold: g, Preds: mustPreds(t, predFile(twoArticlesPred, twoArticlesSent))})
	if err != nil {
		t.Fatal(err)
	}
	s := rep.Stance
	if s == nil || s.N != 6 || s.Groups != 2 {
		t.Fatalf("stance report %+v, want 6 units in 2 articles", s)
	}
	near(t, "accuracy", s.Accuracy.Value, 4.0/6)
	near(t, "macro-F1", s.MacroF1.Value, (2.0/3+0.8+0.5)/3)
	near(t, "F_avg", s.FAvg.Value, (2.0/3+0.5)/2)
	near(t, "kappa", s.Kappa.Value, 0.5)
	near(t, "precision pro_gov", s.Classes[0].Precision.Value, 1)
	near(t, "recall pro_gov", s.Classes[0].Recall.Value, 0.5)
	near(t, "precision neutral", s.Classes[1].Precision.Value, 2.0/3)
	if want := [][]int{{1, 0, 1}, {0, 2, 0}, {0, 1, 1}}; fmt.Sprint(s.Confusion) != fmt.Sprint(want) {
		t.Errorf("confusion %v, want %v", s.Confusion, want)
	}
	if s.Calib == nil {
		t.Fatal("no calibration although every row has probabilities")
	}
	near(t, "ECE", s.Calib.ECE.Value, 0.8-4.0/6)
	near(t, "Brier", s.Calib.Brier.Value, (4*0.06+2*1.46)/6)
	if b := s.Calib.Diagram[7]; b.Count != 6 {
		t.Errorf("bin (0.7,0.8] holds %d, want 6", b.Count)
	}
	if !math.IsNaN(float64(s.Accuracy.Lo)) {
		t.Error("no bootstrap was asked for, yet there is an interval")
	}
	if rep.Sentiment == nil {
		t.Fatal("no sentiment report")
	}
	near(t, "sentiment accuracy", rep.Sentiment.Accuracy.Value, 4.0/6)
	if rep.Gold.Boilerplate != 1 || rep.Alignment.Scored != 6 || rep.Alignment.ByVia[ViaFile] != 6 {
		t.Errorf("gold %+v alignment %+v", rep.Gold, rep.Alignment)
	}
	if rep.Mode != "predictions" || rep.Ablation != nil {
		t.Errorf("mode %q, ablation %v", rep.Mode, rep.Ablation)
	}
}

func TestEvaluateMissingPredictionsListed(t *testing.T) {
	g := mustGold(t, twoArticlesGold)
	pred := map[string]string{"u1": "pro_gov", "u2": "neutral", "u3": "pro_jdc"}
	rep, err := Evaluate(context.Background(), Config{Gold: g, Preds: mustPreds(t, predFile(pred, twoArticlesSent))})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Stance.N != 3 || len(rep.Alignment.NoPrediction) != 3 {
		t.Fatalf("scored %d, listed %q", rep.Stance.N, rep.Alignment.NoPrediction)
	}
	if rep.Alignment.NoPrediction[0] != "g.csv:5: u4: no prediction" {
		t.Errorf("first missing = %q", rep.Alignment.NoPrediction[0])
	}
	if rep.Stance.Calib == nil {
		t.Error("calibration missing")
	}
}

func TestBootstrapResamplesArticles(t *testing.T) {
	// Article A: 10 units all right; article B: 10 units all wrong.
	// Resampling the two articles gives accuracy 0, 0.5 or 1; its 95%
	// interval is [0, 1]. Resampling the 20 units one by one would give
	// a narrow interval around 0.5.
	var in LabelInput
	in.Labels, in.Sides = StanceLabels, StanceSides
	for i := 0; i < 20; i++ {
		in.Gold = append(in.Gold, "neutral")
		if i < 10 {
			in.Pred, in.Group = append(in.Pred, "neutral"), append(in.Group, "A")
		} else {
			in.Pred, in.Group = append(in.Pred, "pro_gov"), append(in.Group, "B")
		}
	}
	b := Boot{B: 2000, Seed: 42}
	r1, err := ScoreLabels(in, b)
	if err != nil {
		t.Fatal(err)
	}
	if r1.Accuracy.Value != 0.5 || r1.Accuracy.Lo != 0 || r1.Accuracy.Hi != 1 {
		t.Errorf("article bootstrap accuracy %s, want 0.500 [0.000, 1.000]", fest(r1.Accuracy))
	}
	items := in
	items.Group = nil
	for i := range in.Gold {
		items.Group = append(items.Group, fmt.Sprint(i))
	}
	ri, err := ScoreLabels(items, b)
	if err != nil {
		t.Fatal(err)
	}
	if !(ri.Accuracy.Lo > 0.2 && ri.Accuracy.Hi < 0.8) {
		t.Errorf("unit bootstrap accuracy %s, want a narrow interval", fest(ri.Accuracy))
	}
	r2, _ := ScoreLabels(in, b)
	j1, _ := json.Marshal(r1)
	j2, _ := json.Marshal(r2)
	if string(j1) != string(j2) {
		t.Error("the same seed gave different intervals")
	}
}

func TestBootstrapDeterministicWithSeed(t *testing.T) {
	g := mustGold(t, twoArticlesGold)
	p := predFile(twoArticlesPred, twoArticlesSent)
	run := func(seed uint64) *Report {
		rep, err := Evaluate(context.Background(), Config{Gold: g, Preds: mustPreds(t, p), Boot: Boot{B: 300, Seed: seed}})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	a, b := run(7), run(7)
	ja, _ := json.Marshal([]any{a.Stance, a.Sentiment})
	jb, _ := json.Marshal([]any{b.Stance, b.Sentiment})
	if string(ja) != string(jb) {
		t.Error("seed 7 twice gave different reports")
	}
	e := a.Stance.MacroF1
	if !(e.Lo <= e.Value && e.Value <= e.Hi) || math.IsNaN(float64(e.Lo)) {
		t.Errorf("macro-F1 interval %s does not hold its value", fest(e))
	}
	// Two articles: each replicate is a1+a1, a2+a2 or a1+a2, so the
	// replicate accuracies can only be 3/4 (a1 alone), 1/2 (a2 alone) or
	// 4/6 (both): the interval's ends are among them.
	acc := a.Stance.Accuracy
	for _, end := range []Num{acc.Lo, acc.Hi} {
		ok := false
		for _, v := range []float64{0.75, 0.5, 4.0 / 6} {
			ok = ok || math.Abs(float64(end)-v) < 1e-12
		}
		if !ok {
			t.Errorf("interval end %v is not an article-level replicate value", end)
		}
	}
}

// corpus builds articles whose claims are given as "text|voice|speaker|side"
// lines of one paragraph each; furniture lines start with "#".
func corpus(id, source string, lines ...string) *article.Article {
	a := &article.Article{ID: id, Source: source}
	var text strings.Builder
	for _, l := range lines {
		parts := strings.Split(l, "|")
		start := text.Len()
		s := strings.TrimPrefix(parts[0], "#")
		text.WriteString(s)
		end := text.Len()
		text.WriteString("\n")
		if strings.HasPrefix(parts[0], "#") {
			a.Blocks = append(a.Blocks, article.Block{Start: start, End: end, Kind: article.BlockFurniture})
			continue
		}
		a.Blocks = append(a.Blocks, article.Block{Start: start, End: end, Kind: article.BlockParagraph})
		c := article.Claim{ID: fmt.Sprintf("%s-%04d", id, len(a.Claims)+1), Start: start, End: end, Text: s, Section: article.SectionBody,
			Voice: article.VoiceAuthor, SpeakerSide: article.SideNone}
		if len(parts) == 4 {
			c.Voice, c.Speaker, c.SpeakerSide = article.Voice(parts[1]), parts[2], article.Side(parts[3])
		}
		a.Claims = append(a.Claims, c)
	}
	a.Text = text.String()
	return a
}

// goldRow writes a gold-format row for s in a, with the right hash unless
// hash is given.
func goldRow(a *article.Article, s, stance, voice, speaker, side, hash string) string {
	start := strings.Index(a.Text, s)
	if hash == "" {
		hash = TextHash(s)
	}
	return fmt.Sprintf("%s,%d,%d,%s,body,%s,neutral,none,%s,%s,%s,%q\n", a.ID, start, start+len(s), hash, stance, voice, speaker, side, s)
}

func TestAlignHashMismatchAndUnmatched(t *testing.T) {
	a := corpus("a1", "src", "#Menu Home", "Hunt is right.", "Talks went on.", "Doctors are heroes.", "The end came.")
	rows := goldHead +
		goldRow(a, "Hunt is right.", "pro_gov", "author", "", "none", "") + // matched
		goldRow(a, "Talks went on.", "neutral", "author", "", "none", "0000000000000000") + // wrong hash, though a claim has the span
		goldRow(a, "Menu Home", "boilerplate", "author", "", "none", "") + // boilerplate, no claim: not listed
		goldRow(a, "Doctors are", "pro_jdc", "author", "", "none", "") + // no claim has this span
		fmt.Sprintf("a1,%d,%d,,body,neutral,neutral,none,author,,none,The END came.\n", strings.Index(a.Text, "The end"), strings.Index(a.Text, "The end")+13) + // text differs
		"a1,500,510,,body,neutral,neutral,none,author,,none,Far away\n" + // outside the text
		"a9,0,4,,body,neutral,neutral,none,author,,none,Lost\n" // article not in the corpus
	g := mustGold(t, rows)
	al := Align(g, []*article.Article{a})
	if al.Matched != 1 || al.Claim[0] != 0 {
		t.Errorf("matched %d (claim of unit 0: %d), want 1 (claim 0)", al.Matched, al.Claim[0])
	}
	if al.Claim[1] != -1 || al.SpanOK[1] {
		t.Error("a unit with a wrong hash was matched to the claim with its span")
	}
	if len(al.HashMismatch) != 3 {
		t.Fatalf("hash mismatches %q, want 3", al.HashMismatch)
	}
	talks, end, doc := strings.Index(a.Text, "Talks"), strings.Index(a.Text, "The end"), strings.Index(a.Text, "Doctors")
	for i, want := range []string{
		fmt.Sprintf("g.csv:3: a1:%d-%d: text_sha256 0000000000000000 is not the hash", talks, talks+14),
		fmt.Sprintf("g.csv:6: a1:%d-%d: gold text (hash", end, end+13),
		fmt.Sprintf("g.csv:7: a1:500-510: span [500,510) is outside the article's %d bytes", len(a.Text)),
	} {
		if !strings.HasPrefix(al.HashMismatch[i], want) {
			t.Errorf("mismatch %d = %q, want prefix %q", i, al.HashMismatch[i], want)
		}
	}
	if len(al.Unmatched) != 1 || !strings.Contains(al.Unmatched[0], fmt.Sprintf("no claim spans [%d,%d)", doc, doc+11)) {
		t.Errorf("unmatched %q, want the one content unit without a claim", al.Unmatched)
	}
	if len(al.NoArticle) != 1 || !strings.HasPrefix(al.NoArticle[0], "g.csv:8: a9:0-4") {
		t.Errorf("no article %q", al.NoArticle)
	}
	if g.Units[0].Source != "src" {
		t.Errorf("source not filled from the article: %q", g.Units[0].Source)
	}
}

// fakeModel predicts by a fixed rule and records what it scored.
type fakeModel struct {
	name  string
	train map[string]bool // texts trained on
	mu    *sync.Mutex
	seen  *[]string // "model|signal|text|voice"
}

func (m fakeModel) Predictor(s stance.Signal) (stance.Predictor, error) {
	return fakePredictor{m, s}, nil
}

type fakePredictor struct {
	m fakeModel
	s stance.Signal
}

func (p fakePredictor) Predict(in stance.Input) stance.Prediction {
	p.m.mu.Lock()
	*p.m.seen = append(*p.m.seen, strings.Join([]string{p.m.name, string(p.s), in.Text, string(in.Voice)}, "|"))
	p.m.mu.Unlock()
	st, pr := article.Neutral, [3]float64{0.2, 0.6, 0.2}
	if in.Voice == article.VoiceQuote {
		st, pr = article.ProJDC, [3]float64{0.1, 0.2, 0.7}
	}
	return stance.Prediction{Stance: st, P: pr, Score: pr[2] - pr[0]}
}

func TestEvaluateModelUsesClaimsAndGoldText(t *testing.T) {
	p, err := profile.Default()
	if err != nil {
		t.Fatal(err)
	}
	a := corpus("a1", "src", "Hunt is right.", "“We will strike,” she said.|quote|Ellen McCourt|jdc", "Talks went on.")
	// Gold says the second is author voice; the model must see the
	// claim's voice (quote). The third has no claim with its span: it is
	// scored on the gold text with the gold voice (quote).
	g := mustGold(t, goldHead+
		goldRow(a, "Hunt is right.", "pro_gov", "author", "", "none", "")+
		goldRow(a, "“We will strike,” she said.", "pro_jdc", "author", "", "none", "")+
		goldRow(a, "Talks went", "neutral", "quote", "x", "jdc", ""))
	var mu sync.Mutex
	var seen []string
	m := fakeModel{name: "embedded", mu: &mu, seen: &seen}
	rep, err := Evaluate(context.Background(), Config{Gold: g, Articles: []*article.Article{a}, Model: m, ModelName: "fake-1", Profile: p})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Alignment.ByVia[ViaClaim] != 2 || rep.Alignment.ByVia[ViaGoldText] != 1 {
		t.Errorf("by via %v, want 2 claim, 1 gold-text", rep.Alignment.ByVia)
	}
	combined := map[string]string{}
	for _, s := range seen {
		f := strings.Split(s, "|")
		if f[1] == string(stance.SignalCombined) {
			combined[f[2]] = f[3]
		}
	}
	if combined["“We will strike,” she said."] != "quote" || combined["Talks went"] != "quote" || combined["Hunt is right."] != "author" {
		t.Errorf("voices seen by the model: %v", combined)
	}
	if len(rep.Ablation) != len(stance.AllSignals) {
		t.Errorf("%d ablation rows, want %d", len(rep.Ablation), len(stance.AllSignals))
	}
	// Predictions: neutral, pro_jdc, pro_jdc against gold pro_gov,
	// pro_jdc, neutral: 1 of 3 right.
	near(t, "accuracy", rep.Stance.Accuracy.Value, 1.0/3)
	if !strings.Contains(rep.Scoring, "fake-1") || !strings.Contains(rep.Scoring, "in-sample") {
		t.Errorf("scoring statement %q must name the model and warn of in-sample figures", rep.Scoring)
	}
}

func TestCrossValidationNeverScoresWithItsOwnArticle(t *testing.T) {
	p, err := profile.Default()
	if err != nil {
		t.Fatal(err)
	}
	var rows strings.Builder
	rows.WriteString("id,article_id,source,text,stance\n")
	group := map[string]string{}
	for _, art := range []string{"a1", "a2", "a3", "a4"} {
		for i, st := range []string{"pro_gov", "neutral", "pro_jdc"} {
			text := fmt.Sprintf("sentence %d of %s", i, art)
			group[text] = art
			fmt.Fprintf(&rows, "%s-%d,%s,src-%s,%s,%s\n", art, i, art, art[1:], text, st)
		}
	}
	g := mustGold(t, rows.String())
	extra := []stance.Labeled{{Input: stance.Input{Text: "a synthetic sentence"}, Stance: article.Neutral}}
	var mu sync.Mutex
	var seen []string
	models := map[string]fakeModel{}
	n := 0
	tr := TrainerFunc(func(ctx context.Context, rows []stance.Labeled) (Model, error) {
		n++
		m := fakeModel{name: fmt.Sprint(n), train: map[string]bool{}, mu: &mu, seen: &seen}
		for _, r := range rows {
			m.train[r.Text] = true
		}
		models[m.name] = m
		return m, nil
	})
	for _, k := range []int{0, 2} {
		seen, models, n = nil, map[string]fakeModel{}, 0
		rep, err := Evaluate(context.Background(), Config{Gold: g, CV: GroupByArticle, Folds: k, Trainer: tr, Extra: extra, ExtraName: "syn.csv",
			Profile: p, Boot: Boot{B: 50, Seed: 3}})
		if err != nil {
			t.Fatal(err)
		}
		wantFolds := map[int]int{0: 4, 2: 2}[k]
		if rep.CV == nil || rep.CV.K != wantFolds || n != wantFolds {
			t.Fatalf("k=%d: %d folds reported, %d models trained, want %d", k, rep.CV.K, n, wantFolds)
		}
		scored := map[string]int{}
		for _, s := range seen {
			f := strings.Split(s, "|")
			m, text := models[f[0]], f[2]
			if text == "a synthetic sentence" {
				t.Errorf("k=%d: the extra row was scored", k)
			}
			for tt := range m.train {
				if group[tt] == group[text] {
					t.Errorf("k=%d: %q scored by model %s trained on %q of the same article", k, text, f[0], tt)
				}
			}
			if f[1] == string(stance.SignalCombined) {
				scored[text]++
			}
		}
		for _, m := range models {
			if !m.train["a synthetic sentence"] {
				t.Errorf("k=%d: model %s not trained on the extra row", k, m.name)
			}
		}
		if len(scored) != 12 {
			t.Errorf("k=%d: %d units scored, want 12", k, len(scored))
		}
		for text, c := range scored {
			if c != 1 {
				t.Errorf("k=%d: %q scored %d times", k, text, c)
			}
		}
		if !strings.Contains(rep.Scoring, "Cross-validated, grouped by article") || !strings.Contains(rep.Scoring, "only these cross-validated figures are out-of-sample") {
			t.Errorf("scoring statement: %q", rep.Scoring)
		}
	}
	// By source: src-1 … src-4, one article each here; a unit without a
	// source is a usage error.
	if _, err := Evaluate(context.Background(), Config{Gold: mustGold(t, "id,article_id,text,stance\nx,a1,t,neutral\ny,a2,u,neutral\n"),
		CV: GroupBySource, Trainer: tr, Profile: p}); err == nil || !strings.Contains(err.Error(), "has no source") {
		t.Errorf("source CV without sources: err = %v", err)
	}
}

func TestSplitFolds(t *testing.T) {
	groups := []string{"b", "a", "c", "a", "d", "e", "b", "e"}
	for _, k := range []int{0, 2, 3, 5, 9} {
		folds, err := SplitFolds(groups, k, 11)
		if err != nil {
			t.Fatal(err)
		}
		want := k
		if k <= 0 || k > 5 {
			want = 5
		}
		if len(folds) != want {
			t.Errorf("k=%d: %d folds, want %d", k, len(folds), want)
		}
		inTest := map[int]int{}
		for _, f := range folds {
			held := map[string]bool{}
			for _, h := range f.Held {
				held[h] = true
			}
			for _, i := range f.Test {
				inTest[i]++
				if !held[groups[i]] {
					t.Errorf("k=%d: test item %d of group %s not held out", k, i, groups[i])
				}
			}
			for _, i := range f.Train {
				if held[groups[i]] {
					t.Errorf("k=%d: fold holding out %v trains on item %d of group %s", k, f.Held, i, groups[i])
				}
			}
			if len(f.Test)+len(f.Train) != len(groups) {
				t.Errorf("k=%d: fold covers %d items", k, len(f.Test)+len(f.Train))
			}
		}
		for i := range groups {
			if inTest[i] != 1 {
				t.Errorf("k=%d: item %d in %d test sets", k, i, inTest[i])
			}
		}
	}
	if _, err := SplitFolds([]string{"a", "a"}, 0, 1); err == nil {
		t.Error("one group: want an error")
	}
	if _, err := SplitFolds([]string{"a", ""}, 0, 1); err == nil {
		t.Error("an empty group: want an error")
	}
}

func TestStagesHandComputed(t *testing.T) {
	a := corpus("a1", "src",
		"#Menu Home News",
		"Hunt is right.",
		"“The deal is fair,” said Hunt.|quote|Hunt|gov",
		"Photo: Getty")
	g := mustGold(t, goldHead+
		goldRow(a, "Menu Home News", "boilerplate", "author", "", "none", "")+
		goldRow(a, "Hunt is right.", "pro_gov", "author", "", "none", "")+
		goldRow(a, "“The deal is fair,” said Hunt.", "pro_gov", "quote", "Jeremy Hunt", "gov", "")+
		goldRow(a, "Photo: Getty", "boilerplate", "author", "", "none", ""))
	al := Align(g, []*article.Article{a})
	b := Boot{}
	c, err := ScoreCleaning(g, al, b)
	if err != nil {
		t.Fatal(err)
	}
	// Boilerplate bytes 14 + 12 = 26; removed: the 14 of the menu.
	if c.BytePrecision.Num != 14 || c.BytePrecision.Den != 14 || c.ByteRecall.Num != 14 || c.ByteRecall.Den != 26 {
		t.Errorf("bytes: precision %d/%d recall %d/%d, want 14/14 and 14/26", c.BytePrecision.Num, c.BytePrecision.Den, c.ByteRecall.Num, c.ByteRecall.Den)
	}
	near(t, "byte recall", c.ByteRecall.Est.Value, 14.0/26)
	near(t, "unit recall", c.UnitRecall.Est.Value, 0.5)
	near(t, "unit precision", c.UnitPrecision.Est.Value, 1)
	if len(c.Kept) != 1 || !strings.Contains(c.Kept[0], "Photo: Getty") {
		t.Errorf("kept boilerplate %q", c.Kept)
	}
	s, err := ScoreSegmentation(g, al, b)
	if err != nil {
		t.Fatal(err)
	}
	if s.Recall.Num != 2 || s.Recall.Den != 2 || s.Precision.Num != 3 || s.Precision.Den != 3 {
		t.Errorf("segmentation recall %d/%d precision %d/%d, want 2/2 and 3/3", s.Recall.Num, s.Recall.Den, s.Precision.Num, s.Precision.Den)
	}
	at, err := ScoreAttribution(g, al, b)
	if err != nil {
		t.Fatal(err)
	}
	if at.GoldQuotes != 1 || at.PredQuotes != 1 || at.Matches[0].TP != 1 || at.Matches[1].TP != 1 {
		t.Errorf("quotes %+v", at.Matches)
	}
	near(t, "speaker", at.Speaker.Value, 1)
	near(t, "speaker exact", at.SpeakerExact.Value, 0)
	near(t, "side", at.Side.Value, 1)
	if at.Voice == nil || at.Voice.N != 2 {
		t.Errorf("voice report %+v", at.Voice)
	}
}

func TestSameSpeaker(t *testing.T) {
	for _, tc := range []struct {
		gold, pred string
		want       bool
	}{
		{"Ellen McCourt", "Ellen McCourt", true},
		{"Ellen McCourt", "Dr McCourt", true},
		{"Department of Health spokeswoman", "Department of Health", true},
		{"Ellen McCourt", "Ellen", true},
		{"Unite spokesperson", "Wikipedia", false},
		{"Jeremy Hunt", "", false},
		{"", "Hunt", false},
		{"Danny Mortimer", "Mortimer Danny", false},
		{"The BMA", "bma", true},
	} {
		if got := SameSpeaker(tc.gold, tc.pred); got != tc.want {
			t.Errorf("SameSpeaker(%q, %q) = %v, want %v", tc.gold, tc.pred, got, tc.want)
		}
	}
}

func TestCompareSelfAndWorse(t *testing.T) {
	g := mustGold(t, twoArticlesGold)
	p := predFile(twoArticlesPred, twoArticlesSent)
	rep, err := Evaluate(context.Background(), Config{Gold: g, Preds: mustPreds(t, p), Compare: mustPreds(t, p), Boot: Boot{B: 200, Seed: 1}})
	if err != nil {
		t.Fatal(err)
	}
	c := rep.Compare
	if c.N != 6 || c.MacroF1.Diff != 0 || c.MacroF1.P != 1 || c.Accuracy.P != 1 {
		t.Errorf("self comparison %+v: want diff 0, p 1", c)
	}
	// All neutral: accuracy 2/6, macro-F1 = F1 neutral / 3 = (4/(4+4))/3.
	worse := map[string]string{"u1": "neutral", "u2": "neutral", "u3": "neutral", "u4": "neutral", "u5": "neutral"}
	rep, err = Evaluate(context.Background(), Config{Gold: g, Preds: mustPreds(t, p), Compare: mustPreds(t, predFile(worse, twoArticlesSent)), Boot: Boot{B: 200, Seed: 1}})
	if err != nil {
		t.Fatal(err)
	}
	c = rep.Compare
	if c.N != 5 || c.Missing != 1 {
		t.Errorf("compared %d units, %d missing; want 5 and 1", c.N, c.Missing)
	}
	// On u1..u5: A right on u1 u2 u3 u5 (4/5), B on u2 u5 (2/5).
	near(t, "A accuracy", c.Accuracy.A, 0.8)
	near(t, "B accuracy", c.Accuracy.B, 0.4)
	near(t, "difference", c.Accuracy.Diff, 0.4)
}
