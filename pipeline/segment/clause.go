package segment

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Clause splitting is deliberately conservative: a sentence is split only
// where each part is a full assertion with its own subject and verb.
const (
	minSemicolonPart = 6  // words in each part of "A; B"
	minButSentence   = 40 // words in a sentence split at ", but"
	minButPart       = 12 // words in each part of "A, but B"
	verbWindow       = 8  // the finite verb must come within this many words
	maxSplitTries    = 16 // separators tried per sentence (bounds the work)
)

// Clauses splits the sentence sp of text (offsets into text) into
// clauses:
//
//   - at "; " when both parts have at least 6 words and each starts with
//     a subject followed by a finite verb within 8 words;
//   - at ", but " when the sentence has at least 40 words, both parts at
//     least 12, and the part after "but" has its own subject and verb.
//
// Separators stay out of both parts ("A" and "B" from "A; B"; "A" and
// "but B" from "A, but B"). Splits inside brackets are not made. It
// returns []Span{sp} when no split applies.
func Clauses(text string, sp Span) []Span {
	s := text[sp.Start:sp.End]
	if i, j, ok := findSplit(s); ok {
		left, lok := trimSpan(text, sp.Start, sp.Start+i)
		right, rok := trimSpan(text, sp.Start+j, sp.End)
		if lok && rok {
			return append(Clauses(text, left), Clauses(text, right)...)
		}
	}
	return []Span{sp}
}

// findSplit returns the end of the left part and the start of the right
// part of the first acceptable split of s.
func findSplit(s string) (int, int, bool) {
	total := countWords(s)
	depth, tries := 0, 0
	for i := 0; i < len(s) && tries < maxSplitTries; i++ {
		switch s[i] {
		case '(', '[':
			depth++
		case ')', ']':
			if depth > 0 {
				depth--
			}
		case ';':
			if depth > 0 || i+1 >= len(s) || s[i+1] != ' ' {
				continue
			}
			tries++
			l, r := s[:i], s[i+1:]
			if countWords(l) >= minSemicolonPart && countWords(r) >= minSemicolonPart &&
				fullClause(l) && fullClause(r) {
				return i, i + 1, true
			}
		case ',':
			if depth > 0 || total < minButSentence || !strings.HasPrefix(s[i:], ", but ") {
				continue
			}
			tries++
			l, r := s[:i], s[i+2:]
			if countWords(l) >= minButPart && countWords(r) >= minButPart && fullClause(l) && fullClause(r) {
				return i, i + 2, true
			}
		}
	}
	return 0, 0, false
}

func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '-')
	})
}

func countWords(s string) int { return len(words(s)) }

var (
	conjunctions = set("and", "but", "yet", "so", "however", "still", "then", "meanwhile")
	subjects     = set("i", "we", "you", "he", "she", "it", "they", "there", "this", "that",
		"these", "those", "the", "a", "an", "his", "her", "its", "their", "our", "my", "your",
		"some", "many", "most", "all", "every", "each", "both", "one", "two", "three", "several",
		"few", "nobody", "no", "none", "everyone", "someone", "nothing", "everything")
	finite = set("is", "are", "was", "were", "am", "be", "been", "has", "have", "had", "will", "would",
		"can", "could", "should", "must", "may", "might", "shall", "did", "does", "do",
		"cannot", "can't", "won't", "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't",
		"weren't", "hasn't", "haven't", "hadn't", "wouldn't", "couldn't", "shouldn't",
		"it's", "he's", "she's", "they're", "we're", "i'm", "that's", "there's", "says", "said",
		"thinks", "think", "believes", "believe", "wants", "want", "needs", "need", "remains",
		"remain", "seems", "seem", "looks", "knows", "know", "feels", "feel", "makes", "make", "goes", "go", "gets", "get")
)

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// fullClause reports whether s starts (after a conjunction) with a subject
// and has a finite verb within verbWindow words.
func fullClause(s string) bool {
	ws := words(s)
	for len(ws) > 0 && conjunctions[strings.ToLower(ws[0])] {
		ws = ws[1:]
	}
	if len(ws) < 2 {
		return false
	}
	first := ws[0]
	r, _ := utf8.DecodeRuneInString(first)
	if !subjects[strings.ToLower(first)] && !unicode.IsUpper(r) && !unicode.IsDigit(r) {
		return false
	}
	for k, w := range ws[1:] {
		if k >= verbWindow {
			break
		}
		lw := strings.ToLower(strings.ReplaceAll(w, "’", "'"))
		if finite[lw] || (len(lw) > 4 && strings.HasSuffix(lw, "ed")) {
			return true
		}
	}
	// "It's", "They're": the verb is inside the first word.
	lf := strings.ToLower(strings.ReplaceAll(first, "’", "'"))
	return finite[lf]
}
