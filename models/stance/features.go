package stance

import (
	"hash/fnv"
	"math"
	"strings"
)

// Feature is a named numeric feature added to an example's text features.
type Feature struct {
	Name  string
	Value float64
}

// FeatureConfig says which features a classifier uses. The zero value uses
// none; DefaultFeatures is the stance model's choice.
type FeatureConfig struct {
	// HashBits sets the hashed feature space to 2^HashBits (8..30).
	HashBits int `json:"hash_bits"`
	// Words adds word unigrams (profile.Words keys, digits folded to 0).
	Words bool `json:"words"`
	// Bigrams adds word bigrams, with sentence-start and -end markers.
	Bigrams bool `json:"bigrams"`
	// Pieces adds the example's WordPiece sub-word tokens.
	Pieces bool `json:"pieces"`
	// NegMark adds "NOT_w" for each word within three words after a
	// negator in the same clause.
	NegMark bool `json:"neg_mark"`
	// Extra adds the example's Extra features, each value × ExtraScale.
	Extra      bool    `json:"extra"`
	ExtraScale float64 `json:"extra_scale"`
	// Context adds features from the previous claim (Input.Prev) to the
	// combined classifier (see contextFeatures); it needs Extra.
	Context ContextMode `json:"context,omitempty"`
}

// ContextMode says what the combined classifier learns from the claim
// before the one it scores.
type ContextMode string

// Context modes.
const (
	ContextOff       ContextMode = ""           // nothing: each claim on its own
	ContextSignals   ContextMode = "signals"    // the previous claim's signal leans
	ContextFirstPass ContextMode = "first_pass" // those and its first-pass probabilities
)

// DefaultFeatures is the feature set of the combined stance model.
func DefaultFeatures() FeatureConfig {
	return FeatureConfig{HashBits: 22, Words: true, Bigrams: true, Pieces: true, NegMark: true, Extra: true, ExtraScale: 1}
}

// text reports whether any text feature is on.
func (c FeatureConfig) text() bool { return c.Words || c.Bigrams || c.Pieces }

// hashed is one hashed feature.
type hashed struct {
	h uint32
	v float64
}

// vectorize turns an example into hashed features. Text features (each
// occurrence of a unigram, bigram, negation-marked word or piece) share a
// total weight: each counts 1/√n, n their number, so every text has unit
// L2 norm before collisions; extra features keep value × ExtraScale.
// Feature names are namespaced ("w|", "b|", "n|", "p|", "x|") before
// hashing with FNV-1a (32 bits) and masking to HashBits.
func (c FeatureConfig) vectorize(text string, pieces []string, extra []Feature, dst []hashed) []hashed {
	dst = dst[:0]
	bits := c.HashBits
	if bits < 8 || bits > 30 {
		bits = 22
	}
	mask := uint32(1)<<bits - 1
	h := fnv.New32a()
	hash := func(prefix, s string) uint32 {
		h.Reset()
		h.Write([]byte(prefix))
		h.Write([]byte(s))
		return h.Sum32() & mask
	}
	if c.text() {
		var ws []word
		if c.Words || c.Bigrams || c.NegMark {
			ws = analyse(text)
		}
		keys := make([]string, len(ws))
		for i, w := range ws {
			keys[i] = foldDigits(w.Key)
		}
		if c.Words {
			for _, k := range keys {
				dst = append(dst, hashed{h: hash("w|", k)})
			}
		}
		if c.NegMark {
			for i, w := range ws {
				if w.negated && !negators[w.Key] {
					dst = append(dst, hashed{h: hash("n|", keys[i])})
				}
			}
		}
		if c.Bigrams && len(keys) > 0 {
			prev := "<s>"
			for _, k := range keys {
				dst = append(dst, hashed{h: hash("b|", prev+" "+k)})
				prev = k
			}
			end := "</s>"
			if q := strings.TrimRight(text, " \t\n\"'”’)"); strings.HasSuffix(q, "?") {
				end = "<?>"
			}
			dst = append(dst, hashed{h: hash("b|", prev+" "+end)})
		}
		if c.Pieces {
			for _, p := range pieces {
				dst = append(dst, hashed{h: hash("p|", p)})
			}
		}
		if n := len(dst); n > 0 {
			v := 1 / math.Sqrt(float64(n))
			for i := range dst {
				dst[i].v = v
			}
		}
	}
	if c.Extra {
		scale := c.ExtraScale
		if scale == 0 {
			scale = 1
		}
		for _, f := range extra {
			if f.Value == 0 || math.IsNaN(f.Value) || math.IsInf(f.Value, 0) {
				continue
			}
			dst = append(dst, hashed{h: hash("x|", f.Name), v: f.Value * scale})
		}
	}
	return dst
}

// foldDigits maps every ASCII digit to 0 ("£250m" and "£300m" share a key).
func foldDigits(s string) string {
	if !strings.ContainsAny(s, "123456789") {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		if c >= '1' && c <= '9' {
			b[i] = '0'
		}
	}
	return string(b)
}
