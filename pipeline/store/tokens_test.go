package store

import (
	"errors"
	"reflect"
	"testing"

	"github.com/slant-project/slant/pipeline/article"
)

func TestTokensRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		toks []article.Token
		n    int // text length
	}{
		{"none", nil, 10},
		{"one", []article.Token{{ID: 7, Value: "hunt", Start: 0, End: 4}}, 4},
		{"shared span and gaps", []article.Token{
			{ID: 101, Value: "ﬁ", Start: 3, End: 6}, {ID: 102, Value: "##ﬁ", Start: 3, End: 6},
			{ID: 0, Value: "", Start: 9, End: 9}, {ID: 30521, Value: "£", Start: 10, End: 12}}, 12},
		{"negative id, big offsets", []article.Token{{ID: -1, Value: "[UNK]", Start: 1 << 20, End: 1<<20 + 300}}, 1<<20 + 300},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := encodeTokens(nil, tt.toks)
			got, err := decodeTokens(b, tt.n)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.toks) {
				t.Errorf("got %+v, want %+v", got, tt.toks)
			}
			if len(tt.toks) > 0 {
				if _, err := decodeTokens(b, tt.n-1); !errors.Is(err, ErrCorrupt) {
					t.Errorf("decode against a shorter text: err = %v, want ErrCorrupt", err)
				}
			}
		})
	}
}

func TestTokensMalformed(t *testing.T) {
	good := encodeTokens(nil, []article.Token{{ID: 5, Value: "doc", Start: 0, End: 3}, {ID: 6, Value: "##tors", Start: 3, End: 7}})
	tests := map[string][]byte{
		"format":         {2, 1, 0, 0, 0, 0},
		"count zero":     {1, 0},
		"huge count":     {1, 0xff, 0xff, 0xff, 0xff, 0x0f, 0, 0, 0, 0},
		"truncated":      good[:len(good)-2],
		"trailing":       append(append([]byte{}, good...), 0),
		"value past end": {1, 1, 0, 0, 0, 100},
	}
	for name, b := range tests {
		if _, err := decodeTokens(b, 100); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: err = %v, want ErrCorrupt", name, err)
		}
	}
}

// FuzzDecodeTokens: decoding never panics, every decoded span fits the
// text, and what decodes survives a round trip.
func FuzzDecodeTokens(f *testing.F) {
	f.Add(encodeTokens(nil, []article.Token{{ID: 5, Value: "doc", Start: 0, End: 3}, {ID: 6, Value: "##tors", Start: 3, End: 7}}), 20)
	f.Add([]byte{1, 1, 0, 0, 0, 0}, 0)
	f.Add([]byte{1, 0xff, 0xff, 0xff, 0xff, 0x0f}, 5)
	f.Fuzz(func(t *testing.T, b []byte, n int) {
		n &= 1<<24 - 1
		toks, err := decodeTokens(b, n)
		if err != nil {
			return
		}
		for _, tk := range toks {
			if tk.Start < 0 || tk.End < tk.Start || tk.End > n {
				t.Fatalf("token %+v outside text of %d bytes", tk, n)
			}
		}
		again, err := decodeTokens(encodeTokens(nil, toks), n)
		if err != nil || !reflect.DeepEqual(again, toks) {
			t.Fatalf("round trip: %v, %+v vs %+v", err, again, toks)
		}
	})
}
