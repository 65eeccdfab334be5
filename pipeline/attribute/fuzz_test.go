package attribute

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/slant-project/slant/pipeline/article"
)

func FuzzAttribute(f *testing.F) {
	for _, s := range []string{
		"Danny Mortimer said: “Industrial action achieves little.\n\n“We responded.”\n\n”Stray reopen.”",
		"# Hunt says strikes \"will harm\" patients\n\nThe source suggested it. She added: ''no''.",
		"@comment Vinci Ho\n''war.'' The book of Han Feizi.\n@comment\n\"a\" \"b\" \" c \"\" d",
		"According to , said : “” ” “ \" '' ‘’ he she they it. As X points out, Y.",
		"Quote from Wikipedia \"x as \"y.\"[1]\n\nz regime\"",
		"\xff\xfe\x00 said: \"bad bytes",
		"",
	} {
		f.Add(s)
	}
	setup(f)
	f.Fuzz(func(t *testing.T, text string) {
		text = strings.ToValidUTF8(text, "\uFFFD")
		a := fixture("fuzz", text)
		runAll(t, a) // fails the test on any error
		for i, c := range a.Claims {
			if c.Text != a.Text[c.Start:c.End] {
				t.Fatalf("claim %d: text changed", i)
			}
			switch c.Voice {
			case article.VoiceAuthor, article.VoiceQuote, article.VoiceReported:
			default:
				t.Fatalf("claim %d: voice %q", i, c.Voice)
			}
			switch c.SpeakerSide {
			case article.SideGov, article.SideJDC, article.SideOther, article.SideNone:
			default:
				t.Fatalf("claim %d: side %q", i, c.SpeakerSide)
			}
			if c.Speaker == "" && c.SpeakerSide != article.SideNone {
				t.Fatalf("claim %d: side %q without a speaker", i, c.SpeakerSide)
			}
			if c.Voice == article.VoiceReported && c.Speaker == "" {
				t.Fatalf("claim %d: reported with no speaker", i)
			}
			if c.Voice == article.VoiceAuthor {
				if c.Section == article.SectionComment && c.Speaker == "" {
					t.Fatalf("claim %d: comment author claim with no speaker", i)
				}
				if c.Section == article.SectionBody && c.Speaker != "" {
					t.Fatalf("claim %d: body author claim with speaker %q", i, c.Speaker)
				}
			}
		}
	})
}

// benchText is an HSJ-like news story of n paragraphs mixing quotes,
// reported speech and author sentences.
func benchText(n int) string {
	paras := []string{
		"Dr Ellen McCourt said: “We have been reasonable throughout, but cannot stand idly by.",
		"“Forcing a contract on junior doctors is not something they can accept.”",
		"Government sources have already indicated they are \"minded\" to impose the contract.",
		"The email gives no detail of what form the rolling industrial action will take.",
		"One junior doctor told HSJ: “This is good for no one. Not doctors.” The source suggested a moratorium could help.",
	}
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(paras[i%len(paras)])
		b.WriteString("\n\n")
	}
	return b.String()
}

func BenchmarkAttribute(b *testing.B) {
	for _, n := range []int{5, 50, 500} {
		b.Run(strconv.Itoa(n)+"paras", func(b *testing.B) {
			s, at := setup(b)
			a := fixture("bench", benchText(n))
			if err := s.Process(context.Background(), a); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(a.Text)))
			for b.Loop() {
				if err := at.Process(context.Background(), a); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
