// Command nbcounts writes models/sentiment/bayes_counts.tsv: the per-word
// class counts of the English naive Bayes model shipped inside
// github.com/cdipaolo/sentiment (a goml multinomial naive Bayes trained on
// 25,000 IMDB reviews, compiled into the module as its model.json asset),
// so that slant loads a 100 KB table instead of restoring the 4 MB model
// at every start. Run it through go generate in models/sentiment:
//
//	go generate ./models/sentiment
//
// The file lists words seen at least -min-seen times; its header carries
// the class token totals and vocabulary size over every word (which the
// smoothed ratios need), the module version and the asset's SHA-256.
package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"

	cdsent "github.com/cdipaolo/sentiment"
)

// Module is the pinned module the counts come from (see go.mod).
const Module = "github.com/cdipaolo/sentiment v0.0.0-20200617002423-c697f64e7f10"

func main() {
	out := flag.String("o", "bayes_counts.tsv", "output `file`")
	minSeen := flag.Uint64("min-seen", 50, "list words seen at least `n` times")
	flag.Parse()
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintf(os.Stderr, "nbcounts: %v\n", err)
		os.Exit(1)
	}
	if err := write(f, *minSeen); err != nil {
		fmt.Fprintf(os.Stderr, "nbcounts: %v\n", err)
		f.Close()
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintf(os.Stderr, "nbcounts: %v\n", err)
		os.Exit(1)
	}
}

// wordCounts mirrors goml's text.Word as it marshals to JSON.
type wordCounts struct {
	Count []uint64
	Seen  uint64
}

// write restores the module's model from its in-memory asset (no file, no
// network, no temporary directory: sentiment.RestoreModels, not Restore's
// disk paths) and writes the table.
func write(w io.Writer, minSeen uint64) error {
	raw, err := cdsent.Asset("model.json")
	if err != nil {
		return fmt.Errorf("read model.json asset: %w", err)
	}
	sum := sha256.Sum256(raw)
	models, err := cdsent.RestoreModels(raw)
	if err != nil {
		return fmt.Errorf("restore model.json: %w", err)
	}
	nb, ok := models[cdsent.English]
	if !ok || nb == nil || len(nb.Count) != 2 {
		return fmt.Errorf("model.json has no two-class English model")
	}
	// The model hands out one word at a time (Words.Get); listing every
	// word goes through its JSON form.
	js, err := json.Marshal(&nb.Words)
	if err != nil {
		return fmt.Errorf("list words: %w", err)
	}
	var counts map[string]wordCounts
	if err := json.Unmarshal(js, &counts); err != nil {
		return fmt.Errorf("list words: %w", err)
	}
	var neg, pos uint64
	words := make([]string, 0, len(counts))
	for word, c := range counts {
		if len(c.Count) != 2 {
			return fmt.Errorf("word %q has %d classes, want 2", word, len(c.Count))
		}
		neg += c.Count[0]
		pos += c.Count[1]
		if c.Count[0]+c.Count[1] >= minSeen {
			words = append(words, word)
		}
	}
	sort.Strings(words)
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# bayes_counts.tsv: per-word class counts of the English naive Bayes model in\n")
	fmt.Fprintf(bw, "# %s (model.json asset; IMDB reviews; MIT licence).\n", Module)
	fmt.Fprintf(bw, "# Made by: go generate ./models/sentiment (go run ./internal/nbcounts). Do not edit.\n")
	fmt.Fprintf(bw, "# Lists words seen at least min_seen times; the totals count every word.\n")
	fmt.Fprintf(bw, "#module\t%s\n", Module)
	fmt.Fprintf(bw, "#model_sha256\t%s\n", hex.EncodeToString(sum[:]))
	fmt.Fprintf(bw, "#documents\t%d\t%d\n", nb.Count[0], nb.Count[1])
	fmt.Fprintf(bw, "#tokens\t%d\t%d\n", neg, pos)
	fmt.Fprintf(bw, "#vocabulary\t%d\n", len(counts))
	fmt.Fprintf(bw, "#min_seen\t%d\n", minSeen)
	fmt.Fprintf(bw, "word\tnegative\tpositive\n")
	for _, word := range words {
		c := counts[word]
		fmt.Fprintf(bw, "%s\t%d\t%d\n", word, c.Count[0], c.Count[1])
	}
	return bw.Flush()
}
