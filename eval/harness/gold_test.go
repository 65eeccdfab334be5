package harness

import (
	"errors"
	"strings"
	"testing"
)

const goldHead = "article_id,start,end,text_sha256,section,stance,sentiment,target_side,voice,speaker,speaker_side,text\n"

func TestReadGoldFormats(t *testing.T) {
	for _, tc := range []struct {
		name     string
		in       string
		format   Format
		ids      []string
		problems []string
	}{
		{name: "gold format",
			in: goldHead +
				"a1,0,5,,body,pro_gov,negative,jdc,author,,none,Hello\n" +
				"a1,6,11,,body,BOILERPLATE,neutral,none,author,,none,World\n",
			format: FormatGold, ids: []string{"a1:0-5", "a1:6-11"}},
		{name: "plain with id",
			in:     "id,text,stance,source\nx1,Some text,neutral,bbc\nx2,More,pro_jdc,bbc\n",
			format: FormatPlain, ids: []string{"x1", "x2"}},
		{name: "plain jsonl",
			in:     `{"id":"j1","text":"t","stance":"neutral","article_id":"a"}` + "\n\n" + `{"id":"j2","text":"u","stance":"pro_gov"}` + "\n",
			format: FormatPlain, ids: []string{"j1", "j2"}},
		{name: "plain without id names units by line",
			in:     "text,stance\nA,neutral\n",
			format: FormatPlain, ids: []string{"line 2"},
			problems: []string{"g.csv: no id or article_id column: units are named by their line"}},
		{name: "malformed rows reported with file:line",
			in: goldHead +
				"a1,0,5,,body,pro_gov,negative,jdc,author,,none,Hello\n" +
				"a1,x,5,,body,pro_gov,negative,jdc,author,,none,Bad offsets\n" +
				"a1,9,5,,body,pro_gov,negative,jdc,author,,none,Backwards\n" +
				"a1,6,11,,body,maybe,negative,jdc,author,,none,Bad stance\n" +
				"a1,12,13,,body,neutral,negative\n" +
				"a1,14,15,,body,neutral,neutral,none,author,,none,   \n" +
				"a1,0,5,,body,neutral,neutral,none,author,,none,Hello\n" +
				"a1,16,20,,body,neutral,grumpy,none,whisper,,none,Kept\n" +
				",21,22,,body,neutral,neutral,none,author,,none,No article\n",
			format: FormatGold, ids: []string{"a1:0-5", "a1:16-20"},
			problems: []string{
				`g.csv:3: start "x" and end "5" are not offsets with 0 <= start <= end`,
				`g.csv:4: start "9" and end "5" are not offsets with 0 <= start <= end`,
				`g.csv:5: stance "maybe" is not pro_gov, neutral, pro_jdc or boilerplate`,
				"g.csv:6: 7 fields, the header has 12",
				"g.csv:7: empty text",
				"g.csv:8: unit a1:0-5 repeats line 2",
				`g.csv:9: sentiment "grumpy" is not one of negative, neutral, positive: left out`,
				`g.csv:9: voice "whisper" is not one of author, quote, reported: left out`,
				"g.csv:10: empty article_id",
			}},
		{name: "bad quoting is reported and reading goes on",
			in:     "id,text,stance\nx1,\"unterminated,neutral\n",
			format: FormatPlain,
			problems: []string{
				`g.csv:2: malformed CSV: extraneous or missing " in quoted-field`,
			}},
		{name: "bad json line",
			in:       `{"id":"j1","text":"t","stance":"neutral"}` + "\n{nope\n",
			format:   FormatPlain,
			ids:      []string{"j1"},
			problems: []string{"g.csv:2: not a JSON object: invalid character 'n' looking for beginning of object key string"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := ReadGold(strings.NewReader(tc.in), "g.csv")
			if err != nil {
				t.Fatal(err)
			}
			if g.Format != tc.format {
				t.Errorf("format %s, want %s", g.Format, tc.format)
			}
			var ids []string
			for _, u := range g.Units {
				ids = append(ids, u.ID)
			}
			if strings.Join(ids, "|") != strings.Join(tc.ids, "|") {
				t.Errorf("ids %q, want %q", ids, tc.ids)
			}
			if strings.Join(g.Problems, "\n") != strings.Join(tc.problems, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(g.Problems, "\n"), strings.Join(tc.problems, "\n"))
			}
		})
	}
}

func TestReadGoldFields(t *testing.T) {
	g, err := ReadGold(strings.NewReader(goldHead+"a1,0,5,6a629fe795ac84d7,Comment,Pro_JDC,Negative,jdc,Quote,Ellen McCourt,JDC,Hello\n"), "g.csv")
	if err != nil {
		t.Fatal(err)
	}
	u := g.Units[0]
	want := Unit{Line: 2, ID: "a1:0-5", ArticleID: "a1", Start: 0, End: 5, Hash: "6a629fe795ac84d7", Section: "comment",
		Stance: "pro_jdc", Sentiment: "negative", TargetSide: "jdc", Voice: "quote", Speaker: "Ellen McCourt", SpeakerSide: "jdc", Text: "Hello"}
	if u != want {
		t.Errorf("unit\n%+v\nwant\n%+v", u, want)
	}
	if !u.Content() || !u.HasOffsets() {
		t.Error("a pro_jdc unit with offsets is content with offsets")
	}
}

func TestReadGoldUsageErrors(t *testing.T) {
	for _, in := range []string{"", "id,text\nx,hello\n", "id,stance\nx,neutral\n"} {
		_, err := ReadGold(strings.NewReader(in), "g.csv")
		if !errors.Is(err, ErrUsage) {
			t.Errorf("%q: err = %v, want a usage error", in, err)
		}
	}
}

func TestTextHash(t *testing.T) {
	// The first row of data/gold/gold.csv: "What now?" → 6a629fe795ac84d7.
	if h := TextHash("What now?"); h != "6a629fe795ac84d7" {
		t.Errorf("TextHash = %s", h)
	}
}

func TestReadPredictions(t *testing.T) {
	in := "article_id,start,end,stance,p_pro_gov,p_neutral,p_pro_jdc,sentiment_label,text\n" +
		"a1,0,5,pro_gov,0.7,0.2,0.1,negative,Hello\n" +
		"a1,6,11,neutral,0.5,0.5,0.5,,World\n" +
		"a1,12,20,pro_jdc,,,,happy,'=SUM(x)\n" +
		"a1,21,25,sideways,,,,,x\n" +
		"a1,0,5,neutral,,,,,Hello\n" +
		"a1,30,x,neutral,,,,,x\n"
	s, err := ReadPredictions(strings.NewReader(in), "p.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"p.csv:3: probabilities sum to 1.5, not 1: probabilities left out",
		"p.csv:4: empty probabilities: probabilities left out",
		`p.csv:4: sentiment "happy" is not negative, neutral or positive: left out`,
		`p.csv:5: stance "sideways" is not pro_gov, neutral or pro_jdc`,
		"p.csv:6: repeats the unit of line 2",
		`p.csv:7: article_id "a1", start "30", end "x" do not name a span`,
	}
	if strings.Join(s.Problems, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(s.Problems, "\n"), strings.Join(want, "\n"))
	}
	if s.Len() != 3 || !s.ByOffsets {
		t.Fatalf("%d rows (want 3), by offsets %v", s.Len(), s.ByOffsets)
	}
	p, ok, bad := s.Lookup(&Unit{ArticleID: "a1", Start: 0, End: 5, Text: "Hello"})
	if !ok || bad != "" || p.Stance != "pro_gov" || !p.HasP || p.P != [3]float64{0.7, 0.2, 0.1} || p.Sentiment != "negative" || p.Via != ViaFile {
		t.Errorf("lookup = %+v %v %q", p, ok, bad)
	}
	// A neutralised text cell ('=SUM(x)) matches the gold text =SUM(x).
	if _, ok, bad := s.Lookup(&Unit{ArticleID: "a1", Start: 12, End: 20, Text: "=SUM(x)"}); !ok || bad != "" {
		t.Errorf("neutralised text not matched: %v %q", ok, bad)
	}
	// A row whose text differs from the gold unit's is refused.
	if _, ok, bad := s.Lookup(&Unit{ArticleID: "a1", Start: 6, End: 11, Text: "Earth"}); ok || !strings.HasPrefix(bad, "p.csv:3: text differs") {
		t.Errorf("mismatched text accepted: %v %q", ok, bad)
	}
	if _, ok, _ := s.Lookup(&Unit{ID: "x1", Start: -1, End: -1, Text: "t"}); ok {
		t.Error("a unit without offsets matched an offsets-keyed file")
	}
	if _, err := ReadPredictions(strings.NewReader("text,stance\nx,neutral\n"), "p.csv"); !errors.Is(err, ErrUsage) {
		t.Errorf("no key columns: err = %v, want usage", err)
	}
}

func FuzzReadGold(f *testing.F) {
	f.Add(goldHead + "a1,0,5,,body,pro_gov,negative,jdc,author,,none,Hello\n")
	f.Add("id,text,stance\nx,\"a\"\"b\",neutral\n")
	f.Add(`{"id":"j1","text":"t","stance":"neutral"}` + "\n{\n")
	f.Add("text,stance\n\xff\xfe,neutral\n")
	f.Fuzz(func(t *testing.T, in string) {
		g, err := ReadGold(strings.NewReader(in), "fuzz.csv")
		if err != nil {
			if !errors.Is(err, ErrUsage) {
				t.Fatalf("non-usage error %v", err)
			}
			return
		}
		for _, p := range g.Problems {
			if !strings.HasPrefix(p, "fuzz.csv") {
				t.Errorf("problem without origin: %q", p)
			}
		}
		for _, u := range g.Units {
			if u.Text == "" || !member(u.Stance, append(append([]string(nil), StanceLabels...), Boilerplate)) {
				t.Errorf("invalid unit kept: %+v", u)
			}
		}
	})
}

func FuzzReadPredictions(f *testing.F) {
	f.Add("article_id,start,end,stance,p_pro_gov,p_neutral,p_pro_jdc\na,0,1,neutral,0.2,0.6,0.2\n")
	f.Add("id,stance,sentiment_label,text\nx,pro_gov,positive,'=1\n")
	f.Fuzz(func(t *testing.T, in string) {
		s, err := ReadPredictions(strings.NewReader(in), "fuzz.csv")
		if err != nil {
			if !errors.Is(err, ErrUsage) {
				t.Fatalf("non-usage error %v", err)
			}
			return
		}
		for _, r := range s.rows {
			if !member(r.Stance, StanceLabels) {
				t.Errorf("row with stance %q kept", r.Stance)
			}
			if r.HasP {
				sum := r.P[0] + r.P[1] + r.P[2]
				if sum < 1-1e-9 || sum > 1+1e-9 {
					t.Errorf("probabilities sum to %v", sum)
				}
			}
		}
	})
}
