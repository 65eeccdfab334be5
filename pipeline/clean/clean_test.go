package clean

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp/syntax"
	"strings"
	"testing"

	"github.com/slant-project/slant/pipeline/article"
)

func process(t *testing.T, c *Cleaner, a *article.Article) {
	t.Helper()
	if err := c.Process(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, a.Text, a.Blocks)
}

func sample(t *testing.T, origin string) *article.Article {
	t.Helper()
	for _, a := range sampleArticles(t) {
		if fileOf(a) == origin {
			return a
		}
	}
	t.Fatalf("no sample %s", origin)
	return nil
}

// The expectation on the Pulse page: ten reader comments, two of
// them by Vinci Ho, the name lines dropped, moderation links dropped.
func TestPulseComments(t *testing.T) {
	c := newCleaner(t)
	a := sample(t, "pulse-leaked-messages.txt")
	process(t, c, a)
	comments := map[int]bool{}
	byVinci := map[int]bool{}
	for _, b := range a.Blocks {
		text := a.Text[b.Start:b.End]
		if b.Section != article.SectionComment {
			if b.Kept() && b.Start > strings.Index(a.Text, "Readers' comments") {
				t.Errorf("kept body block after the comment header: %q", text)
			}
			continue
		}
		if b.Kept() {
			comments[b.Comment] = true
		}
		if b.Commenter == "Vinci Ho" {
			byVinci[b.Comment] = true
		}
		if strings.Contains(text, "Report this comment") && b.Kept() {
			t.Errorf("moderation link kept: %q", text)
		}
		if text == "Vinci Ho" && (b.Kept() || b.Reason != ReasonCommenter) {
			t.Errorf("name line %q: kind %s reason %q, want furniture %q", text, b.Kind, b.Reason, ReasonCommenter)
		}
	}
	if len(comments) != 10 {
		t.Errorf("got %d comments with content, want 10", len(comments))
	}
	for i := 1; i <= 10; i++ {
		if !comments[i] {
			t.Errorf("comment %d has no kept block", i)
		}
	}
	if len(byVinci) != 2 {
		t.Errorf("got %d comments by Vinci Ho, want 2", len(byVinci))
	}
}

// No sample line the issue calls furniture is kept, and the short content
// lines it names are kept.
func TestSamplesFurnitureAndContent(t *testing.T) {
	c := newCleaner(t)
	furniture := []string{
		"Rejected sign Image copyright Aquir", "Read more from Nick", "Follow Nick on Twitter",
		"Doctor strike Jan 2016", "Updated at 12.15pm", "Glenn Kelly, Socialist Party industrial department",
		"Striking junior doctors, photo by Paul Mattsson", "Jaimie Kaffash, news editor of Pulse",
		"This site is intended for health professionals only", "At the heart of general practice since 1960",
		"Read the latest issue online", "CAMHS won't see you now", "Rate this", "Click to rate", "1 star out of 5",
		"0 out of 5 stars", "Unsuitable or offensive?", "Have your say", "Print", "Save",
	}
	content := []string{
		"They have. They don't like it.", "The JD might organise too late.", "It's in disarray.",
		"Far from it.", "Who follows Malawana? A peace maker or a radical?", "That is a disaster.",
		"But I, for one, am slightly underwhelmed by the whole fuss.",
		"St David Dalton had better get his overnight bag packed.",
		"The email gives no detail of what form the rolling industrial action will take.",
	}
	kept := map[string]bool{}
	var all []string
	for _, a := range sampleArticles(t) {
		process(t, c, a)
		for _, b := range a.Blocks {
			s := a.Text[b.Start:b.End]
			all = append(all, s)
			if b.Kept() {
				kept[s] = true
			}
		}
	}
	for _, f := range furniture {
		n := 0
		for _, s := range all {
			if strings.HasPrefix(s, f) {
				n++
				if kept[s] {
					t.Errorf("furniture kept: %q", s)
				}
			}
		}
		if n == 0 {
			t.Errorf("no block starts with %q", f)
		}
	}
	for _, s := range content {
		found := false
		for k := range kept {
			if strings.Contains(k, s) {
				found = true
			}
		}
		if !found {
			t.Errorf("content dropped: %q", s)
		}
	}
}

func TestHeadline(t *testing.T) {
	c := newCleaner(t)
	tests := []struct {
		name, title, text, want string
	}{
		{"title located below furniture", "Leaked messages", "Site slogan here\nOther story teaser\nLeaked messages\nBody text that runs on for a while here.", "Leaked messages"},
		{"title with site suffix", "Doctors vote no", "Doctors vote no | Example News\nThe vote was close, officials said on Monday.", "Doctors vote no | Example News"},
		{"no title: short first line", "", "What now?\nThey have. They don't like it.", "What now?"},
		{"no title: first line is a sentence", "", "The vote was close, officials said.\nMore text follows here.", ""},
		{"title only at the end is a repeat", "Doctors vote no", "The vote was close, officials said on Monday night in London.\nMore text follows here, as it always does in such pages.\nDoctors vote no", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := &article.Article{ID: "t", Title: tc.title, Text: tc.text}
			process(t, c, a)
			got := ""
			for _, b := range a.Blocks {
				if b.Kind == article.BlockHeadline {
					got = a.Text[b.Start:b.End]
				}
			}
			if got != tc.want {
				t.Errorf("headline %q, want %q", got, tc.want)
			}
		})
	}
}

func TestWrapMerge(t *testing.T) {
	tests := []struct {
		name string
		text string
		want int // units
	}{
		{"one paragraph per line", "What now?\nThe JD leader has gone.\nThey have. They don't like it.\nThe JD might organise too late.", 4},
		{"wrapped paragraphs", "" +
			"The result of the ballot will be announced on Friday, and whatever the\n" +
			"outcome it will shape the rest of the dispute. A yes vote would give\n" +
			"the committee a mandate for further action; a no vote would leave the\n" +
			"new contract in place with little prospect of change.\n\n" +
			"Union officials say turnout is the number to watch. Last time it was\n" +
			"above seventy per cent.\n", 2},
		{"long unwrapped lines", strings.Repeat(strings.Repeat("word ", 40)+"end\n", 4), 4},
		{"bullet lines are not merged", "" +
			"- the first point of the list is long enough to look like a wrapped\n" +
			"- the second point of the list is long enough to look like a wrapped\n" +
			"- the third point of the list is also long enough to look wrapped ok\n" +
			"- the fourth point", 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := len(buildUnits(tc.text, splitLines(tc.text))); got != tc.want {
				t.Errorf("%d units, want %d", got, tc.want)
			}
		})
	}
}

func TestProcessErrors(t *testing.T) {
	c := newCleaner(t)
	if err := c.Process(context.Background(), nil); err == nil {
		t.Error("nil article: no error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	a := &article.Article{ID: "x", Text: "Title\nSome text here."}
	if err := c.Process(ctx, a); !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "clean x") {
		t.Errorf("cancelled: got %v, want context.Canceled wrapped with the article id", err)
	}
}

func TestProcessReplacesBlocksAndNotes(t *testing.T) {
	c := newCleaner(t)
	a := &article.Article{ID: "x", Text: "Share\nPrint\nAdvertisement\n", Blocks: []article.Block{{Start: 0, End: 1}}}
	process(t, c, a)
	if len(a.Blocks) != 3 {
		t.Fatalf("got %d blocks, want 3 (old blocks replaced)", len(a.Blocks))
	}
	if len(a.Notices) != 1 || !strings.Contains(a.Notices[0], "furniture") {
		t.Errorf("notices %q, want one saying everything is furniture", a.Notices)
	}
	empty := &article.Article{ID: "e"}
	process(t, c, empty)
	if len(empty.Blocks) != 0 || len(empty.Notices) != 0 {
		t.Errorf("empty text: blocks %v notices %v", empty.Blocks, empty.Notices)
	}
}

func TestOptionsLexicon(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.txt")
	if err := os.WriteFile(good, []byte("# test list\nhouse-ad  line  buy our mugs\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := New(Options{LexiconPath: good})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.LineReason("Buy our mugs!"); got != "phrase:house-ad" {
		t.Errorf("custom list: %q, want phrase:house-ad", got)
	}
	if got := c.LineReason("Advertisement"); got != "" {
		t.Errorf("custom list replaces the embedded one, but Advertisement gave %q", got)
	}
	if !strings.Contains(c.Version(), "good.txt") {
		t.Errorf("version %q does not name the list", c.Version())
	}
	if _, err := New(Options{LexiconPath: filepath.Join(dir, "missing.txt")}); err == nil || !strings.Contains(err.Error(), "missing.txt") {
		t.Errorf("missing list: %v", err)
	}
}

func TestParseLexiconErrors(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"too few fields", "share line\n", "line 1: want CATEGORY MODE PATTERN"},
		{"bad mode", "# c\nshare  middle  share\n", "line 2: unknown mode"},
		{"bad category", "Share!  line  share\n", "line 1: bad category"},
		{"bad pattern", "share  line  (share\n", "line 1: bad pattern"},
		{"matches empty", "share  any  (share)?\n", "line 1: pattern \"(share)?\" matches empty text"},
		{"no patterns", "# nothing\n", "no patterns"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseLexicon(strings.NewReader(tc.text), "test.txt")
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "test.txt") {
				t.Errorf("got %v, want an error naming test.txt with %q", err, tc.want)
			}
		})
	}
}

func TestEmbeddedLexicon(t *testing.T) {
	c := newCleaner(t)
	if n := c.lex.Len(); n < 100 {
		t.Errorf("embedded list has %d patterns, want a broad list (>= 100)", n)
	}
	for _, cat := range []string{catCommentHeader, catCommentHeaderWeak, catCommentEnd, catModeration, catAction, catTimestamp, catListHeader, catEndMarker} {
		found := false
		for m := Mode(0); m < numMatchModes; m++ {
			for _, c := range c.lex.cats[m] {
				if c == cat {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("embedded list has no %s entry", cat)
		}
	}
	if !c.lex.Word(wordsRole, "editor") {
		t.Error("embedded list has no byline-role words")
	}
}

// TestCommentSplitting checks each way of splitting a comment section on
// its own: the number of comments found and their commenters, in order.
func TestCommentSplitting(t *testing.T) {
	const body = "Title\n\nThe contract will be imposed from August, the minister told the Commons on Monday.\n\n"
	tests := []struct {
		name       string
		text       string
		comments   int
		commenters []string // per comment, "" when none
	}{
		{"bullets only", body + "Readers' comments (2)\n\n  • Vinci Ho\n\n    This is the first comment.\n    It goes on.\n\n  • A second comment entirely.\n", 2, []string{"Vinci Ho", ""}},
		{"moderation links only", body + "Comments (2)\nFirst comment here, it says something.\nReport this comment\nSecond comment here.\nReport this comment\n", 2, []string{"", ""}},
		{"signatures only", body + "12 comments\ndocjones\n3 hours ago\nFirst comment.\nann_b\n2 hours ago\nSecond comment.\n", 2, []string{"docjones", "ann_b"}},
		{"one-line signatures", body + "Comments (2)\nDave, Leeds, 2 years ago\nFirst comment.\nLucy | 12 May 2016 3:45pm\nSecond comment.\n", 2, []string{"Dave", "Lucy"}},
		{"no markers: one comment a paragraph", body + "Comments (2)\n\nFirst comment.\n\nSecond comment.\n", 2, []string{"", ""}},
		{"weak header without structure is no section", body + "Comments\n\nThe minister said more talks were possible later this year.\n", 0, nil},
		{"count link above the article does not swallow it", "Title\nOne line of standfirst.\n145 comments\n" +
			strings.Repeat("The contract will be imposed from August, the minister told the Commons on Monday.\n", 6), 0, nil},
		{"forum thread without header", "Thread title\ndocjones\n7 Jul 2016, 21:14\nOpening post with a question about the new rota?\nReply\nann_b\n7 Jul 2016, 22:03\nA reply.\nReply\nbob_c\n8 Jul 2016, 08:00\nAnother reply.\n", 2, []string{"ann_b", "bob_c"}},
	}
	c := newCleaner(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := &article.Article{ID: "t", Title: strings.SplitN(tc.text, "\n", 2)[0], Text: tc.text}
			process(t, c, a)
			names := map[int]string{}
			max := 0
			for _, b := range a.Blocks {
				if b.Comment > max {
					max = b.Comment
				}
				if b.Comment > 0 {
					names[b.Comment] = b.Commenter
				}
			}
			if max != tc.comments {
				t.Fatalf("%d comments, want %d:\n%s", max, tc.comments, render(a))
			}
			for i, want := range tc.commenters {
				if names[i+1] != want {
					t.Errorf("comment %d by %q, want %q", i+1, names[i+1], want)
				}
			}
		})
	}
}

func TestRequiredLiterals(t *testing.T) {
	tests := []struct {
		pat  string
		want string // literals joined by |, "" for none
	}{
		{`image copyright`, "image copyright"},
		{`\bphotos?:`, "photo"},
		{`report this (comment|post|reply)`, "report this "},
		{`(getty|reuters) images?`, " image"},
		{`\bdonate( now| today)?`, "donate"},
		{`[a-z]+ ago`, " ago"},
		{`(a|b)c`, ""}, // one-byte literals are useless
		{`x*`, ""},
	}
	for _, tc := range tests {
		re, err := syntax.Parse(tc.pat, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		lits := required(re.Simplify())
		got := strings.Join(lits, "|")
		for _, l := range lits {
			if len(l) < 2 {
				got = ""
			}
		}
		if tc.want != "" && got != tc.want && !strings.Contains(got, tc.want) {
			t.Errorf("required(%q) = %q, want %q", tc.pat, got, tc.want)
		}
		if tc.want == "" && got != "" {
			t.Errorf("required(%q) = %q, want none", tc.pat, got)
		}
	}
}

// The literal prefilter must never hide a match: on every line of the
// samples, the fixtures and the table tests, the prefiltered lexicon
// answers as trying every entry would.
func TestPrefilterAgreesWithRegexps(t *testing.T) {
	c := newCleaner(t)
	var lines []string
	for _, a := range sampleArticles(t) {
		lines = append(lines, strings.Split(a.Text, "\n")...)
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "*.input"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.Split(string(b), "\n")...)
	}
	lines = append(lines, "photo by x", "© example", "x (opens in new window)", "a 3 hours ago", "see our privacy notice here")
	matched := 0
	for _, l := range lines {
		s := normalize(l)
		for _, m := range []Mode{ModeAny, ModeShort} {
			want := -1
			for i, re := range c.lex.res[m] {
				if re.MatchString(s) {
					want = i
					break
				}
			}
			got := -1
			cand := c.lex.pre[m].candidates(s)
			for i, re := range c.lex.res[m] {
				if cand[i] && re.MatchString(s) {
					got = i
					break
				}
			}
			if got != want {
				t.Errorf("%s mode on %q: prefiltered entry %d, brute force %d", m, s, got, want)
			}
			if want >= 0 {
				matched++
			}
		}
	}
	if matched < 20 {
		t.Errorf("only %d lines matched a substring entry; the test is not exercising the prefilter", matched)
	}
}

// Short, punchy content lines in the middle of a body stay, whatever
// rule might be tempted by them (signatures, dates, menus, repetition).
func TestBodyKeepsShortContent(t *testing.T) {
	c := newCleaner(t)
	short := []string{"They have. They don't like it.", "Malawana, today.", "Far from it.", "What now?",
		"It's in disarray.", "Who follows Malawana? A peace maker or a radical?", "The JD might organise too late.",
		"Not doctors. Not patients.", "Why?", "No.", "Hunt, yesterday: “No deal.”"}
	text := "Title of the piece\n\nThe contract will be imposed from August, the minister told MPs on Monday afternoon.\n\n" +
		strings.Join(short, "\n\n") + "\n\nThe committee will meet again next week to decide on further action, officials said.\n"
	a := &article.Article{ID: "t", Title: "Title of the piece", Text: text}
	process(t, c, a)
	kept := map[string]bool{}
	for _, b := range a.Blocks {
		if b.Kept() {
			kept[a.Text[b.Start:b.End]] = true
		}
	}
	for _, s := range short {
		if !kept[s] {
			t.Errorf("dropped %q:\n%s", s, render(a))
		}
	}
}
