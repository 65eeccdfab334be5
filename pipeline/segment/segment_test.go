package segment

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slant-project/slant/pipeline/article"
)

func newSeg(t testing.TB) *Segmenter {
	t.Helper()
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func sentenceTexts(s *Segmenter, text string) []string {
	var out []string
	for _, sp := range s.Sentences(text) {
		out = append(out, text[sp.Start:sp.End])
	}
	return out
}

func TestSentences(t *testing.T) {
	s := newSeg(t)
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"titles", "Dr McCourt said no. Mr Hunt and Mrs May met Ms Smith. Prof. Jones agreed.",
			[]string{"Dr McCourt said no.", "Mr Hunt and Mrs May met Ms Smith.", "Prof. Jones agreed."}},
		{"dotted titles", "Dr. McCourt met Mr. Hunt at St. Thomas' hospital. Then they left.",
			[]string{"Dr. McCourt met Mr. Hunt at St. Thomas' hospital.", "Then they left."}},
		{"sir and saint", "Sir David Dalton wrote to St David Dalton. He replied.",
			[]string{"Sir David Dalton wrote to St David Dalton.", "He replied."}},
		{"latin", "Some trusts, e.g. Barts, and i.e. the big ones, vs. the BMA. More.",
			[]string{"Some trusts, e.g. Barts, and i.e. the big ones, vs. the BMA.", "More."}},
		{"etc mid", "Rotas, pay etc. are agreed. Pay etc. The rest follows.",
			[]string{"Rotas, pay etc. are agreed.", "Pay etc.", "The rest follows."}},
		{"number", "No. 10 said no. It was No. Then yes.",
			[]string{"No. 10 said no.", "It was No.", "Then yes."}},
		{"initials", "J. Smith and A. B. Jones met. They agreed.",
			[]string{"J. Smith and A. B. Jones met.", "They agreed."}},
		{"decimals", "The rating was 4.25 out of 5. It rose to 4.5. Then fell.",
			[]string{"The rating was 4.25 out of 5.", "It rose to 4.5.", "Then fell."}},
		{"times", "Updated at 12.15pm on 12 August. More later.",
			[]string{"Updated at 12.15pm on 12 August.", "More later."}},
		{"money", "Finding the £250m, and survival. They have rotas.",
			[]string{"Finding the £250m, and survival.", "They have rotas."}},
		{"replacement char", "Finding the Jim Reaper's \uFFFD250m. They have it.",
			[]string{"Finding the Jim Reaper's \uFFFD250m.", "They have it."}},
		{"quote spanning sentences", "He said: “We are here. We will stay.” Then he left.",
			[]string{"He said: “We are here.", "We will stay.”", "Then he left."}},
		{"closing quote after stop", "“It is over.” The BMA agreed.",
			[]string{"“It is over.”", "The BMA agreed."}},
		{"straight quotes", `He said "it is over." The BMA agreed.`,
			[]string{`He said "it is over."`, "The BMA agreed."}},
		{"two apostrophes", "''There can never be too much deception in war.'' The book of Han Feizi.",
			[]string{"''There can never be too much deception in war.''", "The book of Han Feizi."}},
		{"question in quote", "“Why?” asked Hunt. He asked “why not?” and left! Really?",
			[]string{"“Why?” asked Hunt.", "He asked “why not?” and left!", "Really?"}},
		{"exclamation in quote", "“Strike!” they shouted. It was loud.",
			[]string{"“Strike!” they shouted.", "It was loud."}},
		{"ellipsis lower", "Mistrust, suspicion and doubt... much of it misplaced. Much of it fostered.",
			[]string{"Mistrust, suspicion and doubt... much of it misplaced.", "Much of it fostered."}},
		{"ellipsis upper", "He paused... Then he left. She waited… Nothing came.",
			[]string{"He paused...", "Then he left.", "She waited…", "Nothing came."}},
		{"ellipsis char lower", "It was… well, odd.", []string{"It was… well, odd."}},
		{"bare ellipsis joins next", "Back into the sector. ... We cannot allow it.",
			[]string{"Back into the sector.", "... We cannot allow it."}},
		{"questions", "Who follows Malawana? A peace maker or a radical?",
			[]string{"Who follows Malawana?", "A peace maker or a radical?"}},
		{"headline no stop", "Junior doctors seek rolling industrial action",
			[]string{"Junior doctors seek rolling industrial action"}},
		{"bullets", "Key points:\n• The deal is off\n• Strikes resume in May\n- Talks end",
			[]string{"Key points:", "The deal is off", "Strikes resume in May", "Talks end"}},
		{"wrapped line", "The deal was\nagreed today. Then\nit was signed.",
			[]string{"The deal was\nagreed today.", "Then\nit was signed."}},
		{"blank line", "First part without stop\n\nSecond part", []string{"First part without stop", "Second part"}},
		{"no space after stop", "It was war.In war all is fair. Next.",
			[]string{"It was war.In war all is fair.", "Next."}},
		{"brackets", "It was a scoop by HSJ (as much as I hate it). And they had a right.",
			[]string{"It was a scoop by HSJ (as much as I hate it).", "And they had a right."}},
		{"nbsp", "It isn’t a scandal.\u00a0 Next one.", []string{"It isn’t a scandal.", "Next one."}},
		{"trailing multibyte", "It ended. “Fine”", []string{"It ended.", "“Fine”"}},
		{"empty", "", nil},
		{"space", "  \n\t ", nil},
		{"punctuation only", "... – …", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sentenceTexts(s, tt.in)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestClauses(t *testing.T) {
	long := "The committee voted last night to reject the proposed new contract in full and to call for formal negotiations on every concern raised by members over the past year, but the government said on Friday that it would press ahead with the new contract from October regardless of the vote."
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"semicolon full", "The BMA rejected the offer outright last night; the government said it would impose the contract anyway.",
			[]string{"The BMA rejected the offer outright last night", "the government said it would impose the contract anyway."}},
		{"semicolon fragment", "Now he's gone; no doubt in frustration and disappointment.",
			[]string{"Now he's gone; no doubt in frustration and disappointment."}},
		{"semicolon short first", "There is more; the JDs are overdrawn on public trust, investment is at an all time low.",
			[]string{"There is more; the JDs are overdrawn on public trust, investment is at an all time low."}},
		{"semicolon participle", "A sinister private face was shown to all; wanting to spin out the dispute and damage the government.",
			[]string{"A sinister private face was shown to all; wanting to spin out the dispute and damage the government."}},
		{"long but", long, []string{
			"The committee voted last night to reject the proposed new contract in full and to call for formal negotiations on every concern raised by members over the past year",
			"but the government said on Friday that it would press ahead with the new contract from October regardless of the vote."}},
		{"short but", "We have been reasonable throughout, but cannot stand idly by.",
			[]string{"We have been reasonable throughout, but cannot stand idly by."}},
		{"semicolon in brackets", "The deal (the BMA rejected the offer outright; the government said it would impose it) failed.",
			[]string{"The deal (the BMA rejected the offer outright; the government said it would impose it) failed."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, sp := range Clauses(tt.in, Span{0, len(tt.in)}) {
				got = append(got, tt.in[sp.Start:sp.End])
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("Clauses\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestProcessFields(t *testing.T) {
	s := newSeg(t)
	text := "What now?\n\nRead more\n\nHe said: “No. Why?” Then left.\n\nGood point; well made.\n\nBob\n\nI agree! Really?"
	a := &article.Article{ID: "x", Text: text}
	add := func(sub string, k article.BlockKind, sec article.Section, com int, who string) {
		i := strings.Index(text, sub)
		a.Blocks = append(a.Blocks, article.Block{Start: i, End: i + len(sub), Kind: k, Section: sec, Comment: com, Commenter: who})
	}
	add("What now?", article.BlockHeadline, article.SectionBody, 0, "")
	add("Read more", article.BlockFurniture, article.SectionBody, 0, "")
	add("He said: “No. Why?” Then left.", article.BlockParagraph, article.SectionBody, 0, "")
	add("Good point; well made.", article.BlockParagraph, article.SectionComment, 1, "")
	add("Bob", article.BlockFurniture, article.SectionComment, 2, "Bob")
	add("I agree! Really?", article.BlockParagraph, article.SectionComment, 2, "Bob")
	if err := s.Process(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	type row struct {
		id, text     string
		kind         article.ClaimKind
		sec          article.Section
		com, para, n int
		who          string
	}
	want := []row{
		{"x-0001", "What now?", article.KindHeadline, article.SectionBody, 0, 1, 1, ""},
		{"x-0002", "He said: “No.", article.KindStatement, article.SectionBody, 0, 2, 2, ""},
		{"x-0003", "Why?”", article.KindQuestion, article.SectionBody, 0, 2, 3, ""},
		{"x-0004", "Then left.", article.KindStatement, article.SectionBody, 0, 2, 4, ""},
		{"x-0005", "Good point; well made.", article.KindStatement, article.SectionComment, 1, 3, 5, ""},
		{"x-0006", "I agree!", article.KindStatement, article.SectionComment, 2, 4, 6, "Bob"},
		{"x-0007", "Really?", article.KindQuestion, article.SectionComment, 2, 4, 7, "Bob"},
	}
	if len(a.Claims) != len(want) {
		for _, c := range a.Claims {
			t.Logf("%s %q", c.ID, c.Text)
		}
		t.Fatalf("got %d claims, want %d", len(a.Claims), len(want))
	}
	for i, w := range want {
		c := a.Claims[i]
		got := row{c.ID, c.Text, c.Kind, c.Section, c.Comment, c.Paragraph, c.Sentence, c.Commenter}
		if got != w {
			t.Errorf("claim %d:\n got %+v\nwant %+v", i, got, w)
		}
		if text[c.Start:c.End] != c.Text {
			t.Errorf("claim %d: offsets [%d,%d) do not give its text", i, c.Start, c.End)
		}
	}
}

func TestProcessClauseSentenceNumbers(t *testing.T) {
	s := newSeg(t)
	text := "The BMA rejected the offer outright last night; the government said it would impose the contract anyway. It was late."
	a := &article.Article{ID: "c", Text: text, Blocks: []article.Block{{Start: 0, End: len(text), Kind: article.BlockParagraph}}}
	if err := s.Process(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, c := range a.Claims {
		got = append(got, c.Sentence)
	}
	if len(got) != 3 || got[0] != 1 || got[1] != 1 || got[2] != 2 {
		t.Errorf("sentence numbers %v, want [1 1 2]", got)
	}
	if a.Claims[0].Section != article.SectionBody {
		t.Errorf("empty block section should give body, got %q", a.Claims[0].Section)
	}
	noClause, err := New(Options{NoClauses: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := noClause.Process(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	if len(a.Claims) != 2 {
		t.Errorf("NoClauses: got %d claims, want 2", len(a.Claims))
	}
}

func TestProcessErrors(t *testing.T) {
	s := newSeg(t)
	a := &article.Article{ID: "bad", Text: "short", Blocks: []article.Block{{Start: 2, End: 40, Kind: article.BlockParagraph}}}
	err := s.Process(context.Background(), a)
	if err == nil || !strings.Contains(err.Error(), "segment bad") {
		t.Errorf("block outside text: got %v", err)
	}
	a = &article.Article{ID: "rune", Text: "é deal.", Blocks: []article.Block{{Start: 1, End: 7, Kind: article.BlockParagraph}}}
	if err := s.Process(context.Background(), a); err == nil {
		t.Error("block off a rune boundary: no error")
	}
	a = &article.Article{ID: "order", Text: "One. Two.", Blocks: []article.Block{
		{Start: 5, End: 9, Kind: article.BlockParagraph}, {Start: 0, End: 4, Kind: article.BlockParagraph}}}
	if err := s.Process(context.Background(), a); err == nil {
		t.Error("blocks out of order: no error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	a = &article.Article{ID: "ctx", Text: "A deal.", Blocks: []article.Block{{Start: 0, End: 7, Kind: article.BlockParagraph}}}
	if err := s.Process(ctx, a); err == nil {
		t.Error("cancelled context: no error")
	}
}

func TestExtraAbbreviations(t *testing.T) {
	s, err := New(Options{Abbreviations: []string{"Cllr.", "approx"}})
	if err != nil {
		t.Fatal(err)
	}
	s2, err := New(Options{Abbreviations: []string{"Zork."}})
	if err != nil {
		t.Fatal(err)
	}
	in := "They met Zork. Smith at noon. Then left."
	if got := sentenceTexts(s, in); len(got) != 3 {
		t.Errorf("without the abbreviation: %q", got)
	}
	if got := sentenceTexts(s2, in); len(got) != 2 || got[0] != "They met Zork. Smith at noon." {
		t.Errorf("with the abbreviation: %q", got)
	}
}

// checkClaims checks the claim invariants of a segmented article.
func checkClaims(t *testing.T, a *article.Article) {
	t.Helper()
	prevEnd := 0
	for i, c := range a.Claims {
		if c.Start < prevEnd || c.End <= c.Start || c.End > len(a.Text) {
			t.Fatalf("claim %d [%d,%d) out of order, empty or outside text (prev end %d, len %d)", i, c.Start, c.End, prevEnd, len(a.Text))
		}
		if !utf8.RuneStart(byteAt(a.Text, c.Start)) || !utf8.RuneStart(byteAt(a.Text, c.End)) {
			t.Fatalf("claim %d [%d,%d) not on rune boundaries", i, c.Start, c.End)
		}
		if c.Text != a.Text[c.Start:c.End] {
			t.Fatalf("claim %d text differs from its span", i)
		}
		if strings.TrimSpace(c.Text) != c.Text {
			t.Fatalf("claim %d %q not trimmed", i, c.Text)
		}
		prevEnd = c.End
	}
}

func FuzzSegment(f *testing.F) {
	for _, s := range []string{
		"Dr McCourt said: “We have been reasonable.”\n\n“Forcing a contract is wrong.”",
		"Mistrust... much of it. Who follows? A peace maker… Or not.",
		"• one\n• two\n\n''war.'' The book.",
		"£250m \uFFFD. No. 10 e.g. 4.25 12.15pm; it was; they said so.",
		"\xff\xfe bad bytes. Then more.",
		"",
	} {
		f.Add(s)
	}
	seg := newSeg(f)
	f.Fuzz(func(t *testing.T, text string) {
		text = strings.ToValidUTF8(text, "\uFFFD")
		a := &article.Article{ID: "fuzz", Text: text}
		start := 0
		for i := 0; i <= len(text); i++ {
			if i == len(text) || (text[i] == '\n' && i+1 < len(text) && text[i+1] == '\n') {
				a.Blocks = append(a.Blocks, article.Block{Start: start, End: i, Kind: article.BlockParagraph})
				start = min(i+2, len(text))
				i++
			}
		}
		if err := seg.Process(context.Background(), a); err != nil {
			t.Fatal(err)
		}
		checkClaims(t, a)
		for i, c := range a.Claims {
			if c.Sentence < 1 || (i > 0 && c.Sentence < a.Claims[i-1].Sentence) {
				t.Fatalf("claim %d sentence number %d out of order", i, c.Sentence)
			}
		}
	})
}

func BenchmarkSentences(b *testing.B) {
	para := "Dr McCourt said: “We have been reasonable throughout, but cannot stand idly by.” Government sources have indicated they are \"minded\" to impose the contract. Mistrust... much of it misplaced. Who follows Malawana? "
	for _, n := range []int{1, 10, 100} {
		text := strings.Repeat(para, n)
		b.Run(strconv.Itoa(len(text))+"B", func(b *testing.B) {
			s := newSeg(b)
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				s.Sentences(text)
			}
		})
	}
}
