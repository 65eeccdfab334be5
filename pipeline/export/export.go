// Package export writes slant's results as CSV files for R, pandas and
// spreadsheets, and reads them back (for "slant report --from").
//
// Three files, RFC 4180 (encoding/csv), UTF-8 without byte-order mark, LF
// line ends, one header line:
//
//   - claims.csv, one row per claim (ClaimsWriter, ClaimsColumns);
//   - articles.csv, one row per article and section (ArticlesWriter,
//     ArticlesColumns); an article without claims has one body row;
//   - sources.csv, one row per source and section (WriteSources,
//     SourcesColumns); its ci_method column says whether a row's intervals
//     come from a bootstrap over the source's articles ("articles") or,
//     for a source with a single article, from its claims ("claims").
//
// Keys: article_id, source and section are in every file, so rows join to
// each other and to a researcher's own data; body and comment rows are never
// merged.
//
// Cells:
//
//   - numbers are plain decimals with the fewest digits that read back to
//     the same float64 (strconv 'f', −1), no exponent for magnitudes in
//     [1e-6, 1e15); integers are plain; flags are true/false;
//   - an undefined number (NaN: a measure with no claims in its denominator,
//     an interval that does not exist) is an empty cell, read back as NaN;
//   - text cells that a spreadsheet would evaluate as a formula (starting
//     with = + - @, a tab, CR or LF, or their full-width forms) get a
//     leading apostrophe (Neutralise). Numeric columns are never touched:
//     −0.25 in a numeric column stays a number. The readers undo the
//     apostrophe (Unneutralise), so text round-trips exactly.
package export

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// formulaStart reports whether a spreadsheet could read s as a formula or
// a command: s starts with = + - @ (ASCII or full-width), tab, CR or LF.
func formulaStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	switch r {
	case '=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠':
		return true
	}
	return false
}

// needsApostrophe: s starts like a formula, or is an apostrophe followed by
// something that does (so that Unneutralise can tell the two apart).
func needsApostrophe(s string) bool {
	for strings.HasPrefix(s, "'") {
		s = s[1:]
	}
	return formulaStart(s)
}

// Neutralise returns s with a leading apostrophe when a spreadsheet would
// otherwise run it as a formula (s starts with = + - @, tab, CR, LF or a
// full-width = + - @), or when s is apostrophes followed by such a start;
// otherwise s unchanged. Unneutralise(Neutralise(s)) == s for every s.
func Neutralise(s string) string {
	if needsApostrophe(s) {
		return "'" + s
	}
	return s
}

// Unneutralise undoes Neutralise: it drops the leading apostrophe of a cell
// that Neutralise would have produced, and returns any other cell as is.
func Unneutralise(s string) string {
	if strings.HasPrefix(s, "'") && needsApostrophe(s[1:]) {
		return s[1:]
	}
	return s
}

// FormatFloat formats v for a numeric cell: "" for NaN and ±Inf, "0" for
// ±0, plain decimals ('f', shortest round-trip) for 1e-6 ≤ |v| < 1e15,
// and shortest 'g' form (with exponent) beyond.
func FormatFloat(v float64) string {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return ""
	case v == 0:
		return "0"
	case math.Abs(v) >= 1e-6 && math.Abs(v) < 1e15:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// ParseFloat reads a numeric cell: "" is NaN.
func ParseFloat(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return math.NaN(), nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return v, nil
}

func parseInt(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not an integer", s)
	}
	return v, nil
}

func parseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "yes":
		return true, nil
	case "false", "0", "no", "":
		return false, nil
	}
	return false, fmt.Errorf("%q is not true or false", s)
}

// ErrColumn is wrapped by the error a reader returns when a required
// column is missing from the header.
var ErrColumn = errors.New("missing column")

// RowError is a problem with one row of a file; the readers skip the row
// and go on.
type RowError struct {
	File string
	Line int
	Err  error
}

func (e *RowError) Error() string { return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err) }

func (e *RowError) Unwrap() error { return e.Err }
