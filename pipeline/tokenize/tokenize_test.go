package tokenize

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slant-project/slant/pipeline/article"
)

func newTok(t testing.TB) *Tokenizer {
	t.Helper()
	tk, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

type want struct {
	value, text string
}

// TestNonASCIIOffsets covers the library fault: sub-word offsets are rune
// counts used as bytes. Each token must map to exactly its text.
func TestNonASCIIOffsets(t *testing.T) {
	tk := newTok(t)
	tests := []struct {
		in   string
		want []want
	}{
		{"£250m", []want{{"£2", "£2"}, {"##50", "50"}, {"##m", "m"}}},
		{"Hunt’s £250m plan", []want{{"hunt", "Hunt"}, {"’", "’"}, {"s", "s"}, {"£2", "£2"}, {"##50", "50"}, {"##m", "m"}, {"plan", "plan"}}},
		{"“imposition”", []want{{"“", "“"}, {"imp", "imp"}, {"##osition", "osition"}, {"”", "”"}}},
		{"ok 😀 fine", []want{{"ok", "ok"}, {"[UNK]", "😀"}, {"fine", "fine"}}},
		{"café résumé", []want{{"cafe", "café"}, {"resume", "résumé"}}},
		{"cafe\u0301 x", []want{{"cafe", "cafe\u0301"}, {"x", "x"}}}, // decomposed accent
		{"M\uFFFDo", []want{{"mo", "M\uFFFDo"}}},
		{"naïveté’s", []want{{"naive", "naïve"}, {"##te", "té"}, {"’", "’"}, {"s", "s"}}},
	}
	for _, tt := range tests {
		toks, err := tk.Encode(tt.in)
		if err != nil {
			t.Fatalf("Encode(%q): %v", tt.in, err)
		}
		var got []want
		for _, x := range toks {
			got = append(got, want{x.Value, tt.in[x.Start:x.End]})
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("Encode(%q)\n got %v\nwant %v", tt.in, got, tt.want)
		}
	}
}

// TestAccentsStripped covers the missing NFD before the BERT normaliser.
func TestAccentsStripped(t *testing.T) {
	tk := newTok(t)
	toks, err := tk.Encode("Café")
	if err != nil {
		t.Fatal(err)
	}
	if len(toks) != 1 || toks[0].Value != "cafe" {
		t.Fatalf("Encode(Café) = %+v, want one token \"cafe\"", toks)
	}
}

// TestNoWorkingDirectoryChange covers pretrained.BertBaseUncased changing
// the working directory: New must not.
func TestNoWorkingDirectoryChange(t *testing.T) {
	before, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	newTok(t)
	after, _ := os.Getwd()
	if before != after {
		t.Fatalf("working directory changed from %s to %s", before, after)
	}
}

// TestDecode covers DefaultWordpieceDecoder's panic.
func TestDecode(t *testing.T) {
	tk := newTok(t)
	if got := tk.Decode([]string{"imp", "##osition", "is", "wrong", "."}); got != "imposition is wrong." {
		t.Fatalf("Decode = %q", got)
	}
	if got := tk.Decode(nil); got != "" {
		t.Fatalf("Decode(nil) = %q", got)
	}
}

func TestInvalidUTF8(t *testing.T) {
	tk := newTok(t)
	if _, err := tk.Encode("ab\xffcd"); err == nil {
		t.Fatal("Encode accepted invalid UTF-8")
	}
	toks, err := tk.Encode("   \n\t")
	if err != nil || len(toks) != 0 {
		t.Fatalf("Encode(blank) = %v, %v", toks, err)
	}
}

func TestProcessArticleOffsets(t *testing.T) {
	tk := newTok(t)
	text := "Title line\n\nThe Jim Reaper’s £250m “imposition” is wrong. Juniors won."
	a := &article.Article{ID: "a1", Text: text}
	s1 := strings.Index(text, "The")
	e1 := strings.Index(text, "wrong.") + len("wrong.")
	s2 := strings.Index(text, "Juniors")
	a.Claims = []article.Claim{{ID: "a1-0001", Start: s1, End: e1}, {ID: "a1-0002", Start: s2, End: len(text)}}
	if err := tk.Process(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	for _, c := range a.Claims {
		if len(c.Tokens) == 0 {
			t.Fatalf("claim %s has no tokens", c.ID)
		}
		for _, x := range c.Tokens {
			if x.Start < c.Start || x.End > c.End || x.Start >= x.End {
				t.Fatalf("token %+v outside claim [%d,%d)", x, c.Start, c.End)
			}
		}
	}
	first := a.Claims[0].Tokens[0]
	if text[first.Start:first.End] != "The" {
		t.Errorf("first token text %q", text[first.Start:first.End])
	}
	bad := &article.Article{ID: "b", Text: "x", Claims: []article.Claim{{ID: "b-1", Start: 0, End: 5}}}
	if err := tk.Process(context.Background(), bad); err == nil || !strings.Contains(err.Error(), "b-1") {
		t.Fatalf("out-of-range claim: err = %v", err)
	}
}

// encodeSeeds seed FuzzEncode (and the cache test).
var encodeSeeds = []string{"£250m", "Hunt’s “plan” 😀", "cafe\u0301", "\uFFFD\uFFFD", "a\x00b", "日本語テキスト", "Ⅻ ﬁ ǅ", ""}

// FuzzEncode checks Encode's offset contract and that the word cache
// changes nothing (same tokens as the library over the whole text).
func FuzzEncode(f *testing.F) {
	for _, s := range encodeSeeds {
		f.Add(s)
	}
	tk := newTok(f)
	f.Fuzz(func(t *testing.T, s string) {
		toks, err := tk.Encode(s)
		if !utf8.ValidString(s) {
			if err == nil {
				t.Fatal("invalid UTF-8 accepted")
			}
			return
		}
		if err != nil {
			t.Fatalf("Encode(%q): %v", s, err)
		}
		prev, prevStart := 0, -1
		for _, x := range toks {
			if x.Start < prev-len(s) || x.Start < 0 || x.End > len(s) || x.Start >= x.End {
				t.Fatalf("token %+v out of range in %q", x, s)
			}
			if !utf8.ValidString(s[x.Start:x.End]) {
				t.Fatalf("token %+v not on rune boundaries in %q", x, s)
			}
			if x.Start < prev && x.Value != "[UNK]" && (x.Start != prevStart || x.End != prev) {
				// tokens of one word may share a span only as [UNK], or
				// when one rune expands to several pieces (a Hangul
				// syllable into jamo, a ligature): they share its span
				t.Fatalf("token %+v goes backwards (prev [%d,%d)) in %q", x, prevStart, prev, s)
			}
			prev, prevStart = x.End, x.Start
		}
		sameAsUncached(t, tk, s)
	})
}

func BenchmarkEncode(b *testing.B) {
	tk := newTok(b)
	base := "A Department of Health spokeswoman said: “It is extremely disappointing that the Junior Doctors’ Committee is seeking further strike action.” "
	for _, n := range []int{1, 10, 100} {
		text := strings.Repeat(base, n)
		b.Run(fmt.Sprintf("sentences=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := tk.Encode(text); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("uncached/sentences=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := tk.encodeUncached(text); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
