package attribute

import (
	"context"
	"strings"
	"testing"

	"github.com/slant-project/slant/pipeline/article"
)

// want is one claim's expected attribution: "voice|speaker|side".
func attribution(c article.Claim) string {
	return string(c.Voice) + "|" + c.Speaker + "|" + string(c.SpeakerSide)
}

func TestAttribution(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // one per claim
	}{
		{"colon frame with apposition", `Jeremy Hunt, the health secretary, said: "The contract is safe."`,
			[]string{"quote|Jeremy Hunt|gov"}},
		{"inverted post frame resolves surname", `"The contract is safe," said Mr Hunt.`,
			[]string{"quote|Jeremy Hunt|gov"}},
		{"post frame with addressee", `"The contract is safe," Hunt told the BBC.`,
			[]string{"quote|Jeremy Hunt|gov"}},
		{"statement intro", "In a statement, the BMA said: “We will strike.”",
			[]string{"quote|BMA|jdc"}},
		{"pronoun post frame", "Dr Ellen McCourt said the talks had failed. “We will not back down,” she added.",
			[]string{"reported|Ellen McCourt|jdc", "quote|Ellen McCourt|jdc"}},
		{"split quote", "“We tried,” she said, “but nobody listened.” It was late.",
			[]string{"quote||none", "author||none"}},
		{"split quote named", "“We tried,” Rachel Clarke said, “but nobody listened.”",
			[]string{"quote|Rachel Clarke|jdc"}},
		{"quote spans sentences, attribution at end", "“We tried. Nobody listened,” said Dr Malawana.",
			[]string{"quote|Johann Malawana|jdc", "quote|Johann Malawana|jdc"}},
		{"department in statement", "“The strikes are unnecessary,” the Department of Health said in a statement.",
			[]string{"quote|Department of Health|gov"}},
		{"according to before quote", "According to NHS Employers, “the offer is fair”.",
			[]string{"quote|NHS Employers|gov"}},
		{"told colon", "One junior doctor told HSJ: “This is good for no one.”",
			[]string{"quote|one junior doctor|jdc"}},
		{"tweeted inverted", "“Enough,” tweeted Jeremy Corbyn.",
			[]string{"quote|Jeremy Corbyn|jdc"}},
		{"name colon", "Mr Hunt: “The BMA must step back.”",
			[]string{"quote|Jeremy Hunt|gov"}},

		{"reported says", "The Labour Party says it doesn’t support the imposition of the contract.",
			[]string{"reported|Labour Party|jdc"}},
		{"reported with aux and adverb", `Government sources have already indicated they are "minded" to impose the contract.`,
			[]string{"reported|Government sources|gov"}},
		{"reported insisted", "Mr Hunt insisted the deal was fair.",
			[]string{"reported|Jeremy Hunt|gov"}},
		{"reported closing frame", "The deal was fair and safe for patients, Mr Hunt insisted.",
			[]string{"reported|Jeremy Hunt|gov"}},
		{"according to", "According to the BMA, the deal is unsafe.",
			[]string{"reported|BMA|jdc"}},
		{"according to document", "Strikes could start next month, according to an email sent to BMA members tonight.",
			[]string{"reported|email|none"}},
		{"email from person", "The email from acting chair Ellen McCourt tells members she will seek approval.",
			[]string{"reported|Ellen McCourt|jdc"}},
		{"parenthetical as X points out", "That, as the junior doctor blogger Rachel Clarke points out, has much to do with pressure.",
			[]string{"reported|Rachel Clarke|jdc"}},
		{"warned that with intro", "Speaking to the BBC, Hunt warned that strikes would harm patients.",
			[]string{"reported|Jeremy Hunt|gov"}},
		{"relative clause apposition", "Danny Mortimer, who leads NHS Employers, said the offer was generous.",
			[]string{"reported|Danny Mortimer|gov"}},
		{"role then name apposition", "The union's junior doctor leader, Dr Johann Malawana, said: “It is a good deal.”",
			[]string{"quote|Johann Malawana|jdc"}},
		{"source coreference", "One junior doctor told HSJ: “It is bad.” The source suggested a moratorium could help.",
			[]string{"quote|one junior doctor|jdc", "reported|one junior doctor|jdc"}},
		{"they coreference", "Government sources said talks had failed. They added that the contract would be imposed.",
			[]string{"reported|Government sources|gov", "reported|Government sources|gov"}},
		{"unknown named speaker", "Critics argue that the contract is unsafe. Sarah Jones, a nurse, said she was worried.",
			[]string{"reported|Critics|none", "reported|Sarah Jones|other"}},
		{"source close to", "A source close to the health secretary said the talks had collapsed.",
			[]string{"reported|source close to the health secretary|gov"}},

		{"scare quote", "The government plans a “seven-day NHS” that nobody has costed.",
			[]string{"author||none"}},
		{"scare quote headline", "# Junior doctors seek “rolling industrial action”",
			[]string{"author||none"}},
		{"announced is not reported", "The BMA announced a ballot.",
			[]string{"author||none"}},
		{"abstract subject", "Logic says there will have to be more talks.",
			[]string{"author||none"}},
		{"writer", "As I said, it is bad. It is why on Monday I suggested the vote was academic.",
			[]string{"author||none", "author||none"}},
		{"passive", "Hunt is said to be furious with the BMA.",
			[]string{"author||none"}},
		{"negated", "Hunt has not said whether he will impose the contract.",
			[]string{"author||none"}},
		{"subordinate speech", "The NHS can only be sold if the unions are broken and Jeremy Hunt has repeatedly said that he cannot wait.",
			[]string{"author||none"}},
		{"participle", "Malawana has resigned (after spending months arguing it was a good deal).",
			[]string{"author||none"}},
		{"revealed is not speech", "The HSJ email leaks revealed the BMA were running a double game.",
			[]string{"author||none"}},
		{"went on is not speech", "The BMA went on strike in January.",
			[]string{"author||none"}},

		{"multi-paragraph reopen", "Danny Mortimer said: “Industrial action achieves little.\n\n“We have responded positively.\n\n“Employers were hopeful.”\n\nThe talks end today.",
			[]string{"quote|Danny Mortimer|gov", "quote|Danny Mortimer|gov", "quote|Danny Mortimer|gov", "author||none"}},
		{"stray closing mark reopens", "A Department of Health spokeswoman said: “It is extremely disappointing.\n\n”Protracted uncertainty is damaging. We urge the JDC to step back.”",
			[]string{"quote|Department of Health spokeswoman|gov", "quote|Department of Health spokeswoman|gov", "quote|Department of Health spokeswoman|gov"}},
		{"unreopened paragraph ends quote", "Dr McCourt said: “We have been reasonable.\n\nThe BMA council meets next week.",
			[]string{"quote|Ellen McCourt|jdc", "author||none"}},
		{"adjacent closed paragraphs", "Hunt said: “We will impose the contract.”\n\n“There is no alternative.”",
			[]string{"quote|Jeremy Hunt|gov", "quote|Jeremy Hunt|gov"}},
		{"adjacent sentence same paragraph", "“We will fight,” said Ellen McCourt. “We will win.”",
			[]string{"quote|Ellen McCourt|jdc", "quote|Ellen McCourt|jdc"}},
		{"unattributed full quotation", "“Nobody wins a strike.”",
			[]string{"quote||none"}},
		{"three required sides", "Dr Ellen McCourt, acting JDC chair, said: “We have been reasonable.”\n\nResponding, NHS Employers chief executive Danny Mortimer said: “Industrial action achieves little.”\n\nA Department of Health spokeswoman said: “It is disappointing.”",
			[]string{"quote|Ellen McCourt|jdc", "quote|Danny Mortimer|gov", "quote|Department of Health spokeswoman|gov"}},

		{"comment author", "@comment Vinci Ho\nThe BMA is right.",
			[]string{"author|Vinci Ho|none"}},
		{"comment anonymous", "@comment\nThe BMA is wrong.",
			[]string{"author|anonymous|none"}},
		{"comment by known actor", "@comment Jeremy Hunt\nThe contract is safe.",
			[]string{"author|Jeremy Hunt|gov"}},
		{"forum quote", "@comment Bob\nAlice wrote: \"The BMA is right.\"\n\nI disagree.",
			[]string{"quote|Alice|other", "author|Bob|none"}},
		{"epigraph source line", "@comment Vinci Ho\n''There can never be too much deception in war.'' The book of Han Feizi.",
			[]string{"quote|The book of Han Feizi|other", "author|Vinci Ho|none"}},
		{"contexts reset between comments", "@comment A\nHunt said: “We will impose it.”\n@comment B\n“Nobody wins.” she said.",
			[]string{"quote|Jeremy Hunt|gov", "quote||none"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := fixture("t", tt.in)
			runAll(t, a)
			var got []string
			for _, c := range a.Claims {
				got = append(got, attribution(c))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				for i, c := range a.Claims {
					g := ""
					if i < len(got) {
						g = got[i]
					}
					t.Logf("claim %d %q → %s", i+1, c.Text, g)
				}
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestProcessErrors(t *testing.T) {
	_, at := setup(t)
	a := &article.Article{ID: "bad", Text: "short", Claims: []article.Claim{{Start: 1, End: 50}}}
	if err := at.Process(context.Background(), a); err == nil || !strings.Contains(err.Error(), "attribute bad") {
		t.Errorf("claim outside text: %v", err)
	}
	a = &article.Article{ID: "order", Text: "one two", Claims: []article.Claim{{Start: 4, End: 7}, {Start: 0, End: 3}}}
	if err := at.Process(context.Background(), a); err == nil {
		t.Error("claims out of order: no error")
	}
	a = &article.Article{ID: "np", Text: "x"}
	if err := New(nil).Process(context.Background(), a); err == nil {
		t.Error("nil profile: no error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	a = fixture("ctx", "Hunt said so.")
	s, _ := setup(t)
	if err := s.Process(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	if err := at.Process(ctx, a); err == nil {
		t.Error("cancelled context: no error")
	}
}

// Claims built without blocks (one claim per CSV row, say) are attributed
// on their own.
func TestClaimsWithoutBlocks(t *testing.T) {
	_, at := setup(t)
	text := "Mr Hunt said: “The deal is fair.”\nIt is not."
	a := &article.Article{ID: "rows", Text: text, Claims: []article.Claim{
		{Start: 0, End: strings.Index(text, "\n"), Paragraph: 1},
		{Start: strings.Index(text, "It"), End: len(text), Paragraph: 2},
	}}
	if err := at.Process(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	if got := attribution(a.Claims[0]); got != "quote|Jeremy Hunt|gov" {
		t.Errorf("claim 1: %s", got)
	}
	if got := attribution(a.Claims[1]); got != "author||none" {
		t.Errorf("claim 2: %s", got)
	}
}

func TestQuoteSpans(t *testing.T) {
	tests := []struct {
		in       string
		prevOpen bool
		want     []string
		open     bool
	}{
		{"He said “a” and “b”.", false, []string{"a", "b"}, false},
		{"He said: “a. b", false, []string{"a. b"}, true},
		{"“a. b.”", true, []string{"a. b."}, false},
		{"”a. b.”", true, []string{"a. b."}, false},
		{"a. b.” Then c.", true, []string{"a. b."}, false},
		{"New paragraph.", true, nil, false},
		{`Quote from W "x as "y z." end" tail`, false, []string{`x as "y z." end`}, false},
		{"''war.'' The book.", false, []string{"war."}, false},
		{"Stray ” mark.", false, nil, false},
		{"doctors’ committee ‘good deal’", false, nil, false},
	}
	for _, tt := range tests {
		spans, open := scanQuotes(tt.in, 0, len(tt.in), tt.prevOpen)
		var got []string
		for _, s := range spans {
			got = append(got, tt.in[s.start:s.end])
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") || open != tt.open {
			t.Errorf("scanQuotes(%q, %v) = %q, %v; want %q, %v", tt.in, tt.prevOpen, got, open, tt.want, tt.open)
		}
	}
}

func TestNormalise(t *testing.T) {
	_, at := setup(t)
	r := newResolver(at.p, "")
	tests := map[string]string{
		"NHS Employers chief executive Danny Mortimer":                   "Danny Mortimer",
		"A Department of Health spokeswoman":                             "Department of Health spokeswoman",
		"One junior doctor":                                              "one junior doctor",
		"Government sources":                                             "Government sources",
		"The Labour Party":                                               "Labour Party",
		"Former Foreign Secretary David Owen":                            "David Owen",
		"Dr Johann Malawana":                                             "Johann Malawana",
		"Dr McCourt":                                                     "Dr McCourt",
		"Danny Mortimer of NHS Employers":                                "Danny Mortimer",
		"a spokesman for the Department of Health":                       "spokesman for the Department of Health",
		"The email from acting chair of the BMA committee Ellen McCourt": "Ellen McCourt",
		"an email sent to British Medical Association members tonight":   "email",
		"the union":                "the union",
		"Health Education England": "Health Education England",
		"Sir David Dalton":         "Sir David Dalton",
		"Labour MP Diane Abbott":   "Diane Abbott",
	}
	for in, want := range tests {
		if got := r.normalise(in); got != want {
			t.Errorf("normalise(%q) = %q, want %q", in, got, want)
		}
	}
}

// One Segmenter and one Attributor serve several goroutines (run with
// -race to check); each result equals the sequential one.
func TestConcurrentUse(t *testing.T) {
	in := "Dr Ellen McCourt said: “We have been reasonable.\n\n“We will not back down.”\n\nThe source suggested talks could resume. He said so."
	want := fixture("c", in)
	runAll(t, want)
	wantLines := goldenLines(want)
	s, at := setup(t)
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		go func() {
			a := fixture("c", in)
			if err := s.Process(context.Background(), a); err != nil {
				errs <- err.Error()
				return
			}
			if err := at.Process(context.Background(), a); err != nil {
				errs <- err.Error()
				return
			}
			errs <- goldenLines(a)
		}()
	}
	for g := 0; g < 8; g++ {
		if got := <-errs; got != wantLines {
			t.Errorf("concurrent result differs:\n%s\nwant\n%s", got, wantLines)
		}
	}
}
