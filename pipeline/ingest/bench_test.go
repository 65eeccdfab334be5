package ingest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// paragraph is fixture text written for these benchmarks.
const paragraph = "Junior doctors in England will strike again next week, the BMA said, after talks with the Department of Health broke down. " +
	"Jeremy Hunt called the action “unnecessary” and said the new contract would be imposed.\r\n"

var benchSizes = []int{1 << 10, 64 << 10, 1 << 20, 16 << 20}

func sizeName(n int) string { return strings.ReplaceAll(sizeString(int64(n)), " ", "") }

// text returns about n bytes of article text.
func benchText(n int) []byte {
	return []byte(strings.Repeat(paragraph, n/len(paragraph)+1)[:n])
}

func BenchmarkDecode(b *testing.B) {
	for _, n := range benchSizes {
		utf8Text := benchText(n)
		cp1252 := []byte(strings.NewReplacer("“", "\x93", "”", "\x94").Replace(string(utf8Text)))
		for _, c := range []struct {
			name string
			in   []byte
		}{{"utf8", utf8Text}, {"windows1252", cp1252}} {
			b.Run(c.name+"/"+sizeName(n), func(b *testing.B) {
				b.SetBytes(int64(len(c.in)))
				for b.Loop() {
					if _, _, err := Decode(c.in); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkStream measures whole-file streaming (open, decode, parse,
// hash) of in-memory .jsonl and .csv files holding about n bytes of
// 2 KiB articles, and of one .txt file of n bytes.
func BenchmarkStream(b *testing.B) {
	art := strings.ReplaceAll(string(benchText(2<<10)), "\r\n", "\n")
	for _, n := range benchSizes {
		records := max(n/len(art), 1)
		var jl, cv strings.Builder
		cv.WriteString("id,source,title,text\n")
		for i := range records {
			fmt.Fprintf(&jl, `{"id":"a%d","source":"bbc","title":"T","text":%q}`+"\n", i, art)
			fmt.Fprintf(&cv, "a%d,bbc,T,\"%s\"\n", i, art)
		}
		files := []struct{ name, data string }{
			{"in.jsonl", jl.String()},
			{"in.csv", cv.String()},
			{"in.txt", string(benchText(n))},
		}
		for _, f := range files {
			fsys := fstest.MapFS{f.name: {Data: []byte(f.data)}}
			b.Run(strings.TrimPrefix(f.name, "in.")+"/"+sizeName(n), func(b *testing.B) {
				b.SetBytes(int64(len(f.data)))
				out := make(chan Item, 64)
				done := make(chan struct{})
				go func() {
					for range out {
					}
					close(done)
				}()
				for b.Loop() {
					st, err := StreamFS(context.Background(), fsys, f.name, Options{}, out)
					if err != nil || st.Problems > 0 {
						b.Fatal(err, st)
					}
				}
				close(out)
				<-done
			})
		}
	}
}
