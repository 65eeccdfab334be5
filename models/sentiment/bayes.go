package sentiment

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

//go:generate go run ./internal/nbcounts -o bayes_counts.tsv

// bayesCounts is the per-word class counts of cdipaolo/sentiment's English
// model, derived by internal/nbcounts (see the file's header).
//
//go:embed bayes_counts.tsv
var bayesCounts []byte

// BayesModule is the module whose naive Bayes model the counts come from.
const BayesModule = "github.com/cdipaolo/sentiment v0.0.0-20200617002423-c697f64e7f10"

const (
	bayesAlpha  = 1.0 // Laplace smoothing pseudo-count
	bayesMinLen = 3   // the module's training skipped words shorter than this
)

// bayes holds, for every listed word of cdipaolo/sentiment's English model
// (a multinomial naive Bayes trained on 25,000 IMDB reviews), the smoothed
// log-likelihood ratio
//
//	llr(w) = log((c₊(w)+α) / (N₊+αV)) − log((c₋(w)+α) / (N₋+αV))
//
// where c±(w) are the word's counts in positive/negative reviews, N± the
// class token totals, V the vocabulary size and α = 1 (Laplace). Summing
// llr over a text is the naive Bayes log-odds without ever multiplying
// probabilities, so long texts cannot underflow. Words seen fewer than 50
// times are left out (their ratios are mostly noise and topic), and so
// are the class priors (the classes are balanced, 12,500 reviews each).
type bayes struct {
	llr    map[string]float64
	sha256 string // of the module's model.json asset
}

// parseBayes reads the counts table: "#key<TAB>values" metadata lines
// (tokens N₋ N₊, vocabulary V, model_sha256), '#' comments, a
// "word<TAB>negative<TAB>positive" header, then one word per line.
func parseBayes(b []byte, name string) (*bayes, error) {
	var negTok, posTok, vocab float64
	out := &bayes{llr: make(map[string]float64, 8192)}
	type row struct {
		w        string
		neg, pos float64
	}
	var rows []row
	sc := bufio.NewScanner(bytes.NewReader(b))
	line := 0
	header := false
	for sc.Scan() {
		line++
		s := sc.Text()
		f := strings.Split(s, "\t")
		switch {
		case s == "" || strings.HasPrefix(s, "# "):
			continue
		case strings.HasPrefix(s, "#"):
			var err error
			switch f[0] {
			case "#tokens":
				if len(f) != 3 {
					return nil, fmt.Errorf("%s:%d: want #tokens<TAB>negative<TAB>positive", name, line)
				}
				negTok, err = strconv.ParseFloat(f[1], 64)
				if err == nil {
					posTok, err = strconv.ParseFloat(f[2], 64)
				}
			case "#vocabulary":
				if len(f) == 2 {
					vocab, err = strconv.ParseFloat(f[1], 64)
				}
			case "#model_sha256":
				if len(f) == 2 {
					out.sha256 = f[1]
				}
			}
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %w", name, line, err)
			}
		case !header:
			if s != "word\tnegative\tpositive" {
				return nil, fmt.Errorf("%s:%d: want the header word<TAB>negative<TAB>positive", name, line)
			}
			header = true
		default:
			if len(f) != 3 {
				return nil, fmt.Errorf("%s:%d: want word<TAB>negative<TAB>positive", name, line)
			}
			neg, err1 := strconv.ParseUint(f[1], 10, 64)
			pos, err2 := strconv.ParseUint(f[2], 10, 64)
			if err1 != nil || err2 != nil {
				return nil, fmt.Errorf("%s:%d: counts %q, %q are not whole numbers", name, line, f[1], f[2])
			}
			rows = append(rows, row{f[0], float64(neg), float64(pos)})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if negTok <= 0 || posTok <= 0 || vocab <= 0 || len(rows) == 0 {
		return nil, fmt.Errorf("%s: missing totals (#tokens, #vocabulary) or words", name)
	}
	dPos := math.Log(posTok + bayesAlpha*vocab)
	dNeg := math.Log(negTok + bayesAlpha*vocab)
	for _, r := range rows {
		out.llr[r.w] = (math.Log(r.pos+bayesAlpha) - dPos) - (math.Log(r.neg+bayesAlpha) - dNeg)
	}
	return out, nil
}

// bayesKey appends to dst the model's vocabulary form of a word:
// lower-case letters only (the module strips everything else before
// splitting on spaces, so "don't" is "dont").
func bayesKey(dst []byte, k string) []byte {
	for _, r := range k {
		if unicode.IsLetter(r) {
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		}
	}
	return dst
}

// evidence sets llr and known for every word of a.
func (b *bayes) evidence(a *analysis) {
	for i := range a.words {
		w := &a.words[i]
		w.llr, w.known = 0, false
		t := a.toks[w.tok]
		if t.kind != kindWord {
			continue
		}
		a.scratch = bayesKey(a.scratch[:0], t.key)
		if len(a.scratch) < bayesMinLen {
			continue
		}
		if v, ok := b.llr[string(a.scratch)]; ok { // no allocation
			w.llr, w.known = v, true
		}
	}
}
