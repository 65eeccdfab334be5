// Package bertvocab ships the BERT base uncased WordPiece vocabulary (see
// NOTICE.md for its origin and licence) so the tokenizer works offline.
package bertvocab

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
)

//go:embed vocab.txt
var vocabTxt []byte

// Vocab returns a fresh token → id map of the embedded vocabulary: the id
// of a token is its 0-based line number.
func Vocab() (map[string]int, error) {
	m := make(map[string]int, 30522)
	sc := bufio.NewScanner(bytes.NewReader(vocabTxt))
	for i := 0; sc.Scan(); i++ {
		m[sc.Text()] = i
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("bertvocab: %w", err)
	}
	if len(m) == 0 {
		return nil, fmt.Errorf("bertvocab: empty vocabulary")
	}
	return m, nil
}
