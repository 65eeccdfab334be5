package tokenize

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/slant-project/slant/data"
)

// sameAsUncached fails t unless Encode (word cache) and encodeUncached
// (the library over the whole text) give identical tokens, or both fail.
func sameAsUncached(t *testing.T, tk *Tokenizer, s string) {
	t.Helper()
	got, err1 := tk.Encode(s)
	want, err2 := tk.encodeUncached(s)
	if (err1 == nil) != (err2 == nil) {
		t.Fatalf("Encode(%q): cached err %v, uncached err %v", s, err1, err2)
	}
	if len(got) != len(want) {
		t.Fatalf("Encode(%q): cached %d tokens, uncached %d\n got %v\nwant %v", s, len(got), len(want), got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("Encode(%q): token %d cached %+v, uncached %+v", s, i, got[i], want[i])
		}
	}
}

// fuzzSeeds are the FuzzEncode seeds plus its stored corpus.
func fuzzSeeds(t *testing.T) []string {
	seeds := append([]string(nil), encodeSeeds...)
	files, _ := filepath.Glob(filepath.Join("testdata", "fuzz", "FuzzEncode", "*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		// go test fuzz v1 \n string("...")
		_, line, _ := strings.Cut(string(b), "\n")
		line = strings.TrimSpace(line)
		var s string
		if _, err := fmt.Sscanf(strings.TrimSuffix(strings.TrimPrefix(line, "string("), ")"), "%q", &s); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		seeds = append(seeds, s)
	}
	if len(files) == 0 {
		t.Fatal("no stored fuzz corpus found")
	}
	return seeds
}

// randomText draws n runes from a mix that exercises every branch of the
// normaliser and pre-tokenizer: ASCII, all kinds of white space and
// punctuation, accents (composed and combining), CJK inside and outside
// BERT's CJK table, ligatures and other expansions, controls, emoji, and
// arbitrary code points.
func randomText(r *rand.Rand, n int) string {
	pools := []string{
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
		" \t\n\r\f\v\u00a0\u2000\u3000\u0085\u2028",
		"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~£€¥§¶–—‘’“”…«»¿¡·",
		"éèêëàâäîïôöûüçñÉÀ\u0301\u0300\u0308\u20dd",
		"日本語中文字漢々〇⺀㐀豈テキストひらがな한국어",
		"ﬁﬀǅǡǈⅫ½²ẞİıſ",
		"\x00\x01\x1b\x7f\u200b\u200d\ufeff\ufffd\ue000",
		"😀👍🏽🇬🇧",
	}
	var b strings.Builder
	for range n {
		switch k := r.IntN(20); {
		case k < 9:
			b.WriteByte(pools[0][r.IntN(len(pools[0]))])
		case k < 17:
			p := []rune(pools[1+r.IntN(len(pools)-1)])
			b.WriteRune(p[r.IntN(len(p))])
		default:
			c := rune(r.IntN(0x30000))
			if c >= 0xd800 && c < 0xe000 {
				c = 'x'
			}
			b.WriteRune(c)
		}
	}
	return b.String()
}

// TestCachedMatchesUncached checks the word cache's contract: Encode gives
// byte-identical tokens and offsets to the library run over the whole
// text, on the sample articles (line by line and whole), the fuzz seeds,
// random text, and again with a cache so small that it is emptied all the
// time.
func TestCachedMatchesUncached(t *testing.T) {
	tk := newTok(t)
	var texts []string
	err := fs.WalkDir(data.FS, "articles", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".txt") {
			return err
		}
		b, err := fs.ReadFile(data.FS, p)
		if err != nil {
			return err
		}
		texts = append(texts, string(b))
		texts = append(texts, strings.Split(string(b), "\n")...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(texts) < 50 {
		t.Fatalf("only %d sample texts", len(texts))
	}
	texts = append(texts, fuzzSeeds(t)...)
	texts = append(texts, strings.Repeat("a", 101), strings.Repeat("é", 70)+" x", strings.Repeat("ab", 40)+"!")
	r := rand.New(rand.NewPCG(1, 2))
	for range 1500 {
		texts = append(texts, randomText(r, 1+r.IntN(60)))
	}
	for _, s := range texts {
		sameAsUncached(t, tk, s)
	}
	if tk.words.len() == 0 {
		t.Fatal("the word cache was never filled")
	}
	small := newTok(t)
	small.words = newWordCache(wordShards) // one word per shard
	for _, s := range texts[:200] {
		sameAsUncached(t, small, s)
	}
	if n := small.words.len(); n > wordShards {
		t.Fatalf("cache capped at %d holds %d words", wordShards, n)
	}
}

// TestCachedConcurrent runs Encode from several goroutines on one
// Tokenizer (run with -race) and checks every result.
func TestCachedConcurrent(t *testing.T) {
	tk := newTok(t)
	r := rand.New(rand.NewPCG(3, 4))
	texts := make([]string, 200)
	for i := range texts {
		texts[i] = randomText(r, 40)
	}
	want := make([]string, len(texts))
	for i, s := range texts {
		toks, err := tk.encodeUncached(s)
		want[i] = fmt.Sprint(toks, err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4)
	for g := range 4 {
		wg.Go(func() {
			for k := range texts {
				i := (k + g*50) % len(texts)
				toks, err := tk.Encode(texts[i])
				if got := fmt.Sprint(toks, err); got != want[i] {
					errs <- fmt.Sprintf("Encode(%q) = %s, want %s", texts[i], got, want[i])
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
