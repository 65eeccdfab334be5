// Package bench runs slant's models against public benchmarks read from a
// directory given at run time (never copied into the repository) and
// prints their figures next to the published ones.
package bench

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/jonreiter/govader"
	"github.com/slant-project/slant/eval/metrics"
	"github.com/slant-project/slant/models/sentiment"
)

// VaderFile is one of the four ground-truth files released with VADER
// (Hutto & Gilbert, ICWSM 2014), with VADER's published Pearson r against
// the mean human rating and its 3-class F1.
type VaderFile struct {
	Name                    string // file name inside the data directory
	Short                   string // label in tables
	PublishedR, PublishedF1 float64
	// Test marks the held-out file: it is never used to fit anything.
	Test bool
}

// VaderFiles are the four files, the NYT editorial snippets last (the
// test file).
var VaderFiles = []VaderFile{
	{Name: "tweets_GroundTruth.txt", Short: "tweets", PublishedR: 0.881, PublishedF1: 0.96},
	{Name: "movieReviewSnippets_GroundTruth.txt", Short: "movie", PublishedR: 0.451, PublishedF1: 0.61},
	{Name: "amazonReviewSnippets_GroundTruth.txt", Short: "amazon", PublishedR: 0.565, PublishedF1: 0.63},
	{Name: "nytEditorialSnippets_GroundTruth.txt", Short: "nyt", PublishedR: 0.492, PublishedF1: 0.55, Test: true},
}

// VaderNeutral is the VADER convention for three classes: a score (ours in
// [-1, 1], or the human mean rating on −4..+4) ≥ 0.05 is positive, ≤ −0.05
// negative, anything between neutral.
const VaderNeutral = 0.05

// VaderItem is one rated sentence.
type VaderItem struct {
	ID   string
	Mean float64 // mean human rating, −4..+4
	Text string
	Line int
}

// maxSentimentLine bounds one line of a benchmark file.
const maxSentimentLine = 1 << 20

// ReadVader reads a ground-truth file: one item per line,
// "id<TAB>mean<TAB>text", LF or CRLF line ends. A bad line (not three
// fields, a mean that is not a number in [-4, 4], empty text, invalid
// UTF-8, longer than 1 MiB) is reported through skip as "name:line:
// problem" and left out; reading goes on. The error is for I/O failures
// only.
func ReadVader(r io.Reader, name string, skip func(error)) ([]VaderItem, error) {
	br := bufio.NewReader(r)
	var items []VaderItem
	for line := 1; ; line++ {
		s, err := br.ReadString('\n')
		if len(s) > 0 {
			if it, bad := parseVaderLine(s, line); bad != "" {
				skip(fmt.Errorf("%s:%d: %s", name, line, bad))
			} else if it.Text != "" || it.ID != "" {
				items = append(items, it)
			}
		}
		if errors.Is(err, io.EOF) {
			return items, nil
		}
		if err != nil {
			return items, fmt.Errorf("read %s: %w", name, err)
		}
	}
}

// parseVaderLine returns the item of one line, or a problem; a blank line
// gives neither.
func parseVaderLine(s string, line int) (VaderItem, string) {
	if len(s) > maxSentimentLine {
		return VaderItem{}, fmt.Sprintf("line of %d bytes is longer than %d", len(s), maxSentimentLine)
	}
	s = strings.TrimRight(s, "\r\n")
	if line == 1 {
		s = strings.TrimPrefix(s, "\uFEFF")
	}
	if strings.TrimSpace(s) == "" {
		return VaderItem{}, ""
	}
	if !utf8.ValidString(s) {
		return VaderItem{}, "not valid UTF-8"
	}
	f := strings.SplitN(s, "\t", 3)
	if len(f) != 3 {
		return VaderItem{}, fmt.Sprintf("want 3 tab-separated fields (id, mean, text), got %d", len(f))
	}
	m, err := strconv.ParseFloat(strings.TrimSpace(f[1]), 64)
	if err != nil || math.IsNaN(m) || m < -4 || m > 4 {
		return VaderItem{}, fmt.Sprintf("mean rating %q is not a number in [-4, 4]", f[1])
	}
	text := strings.TrimSpace(f[2])
	if text == "" {
		return VaderItem{}, "empty text"
	}
	return VaderItem{ID: strings.TrimSpace(f[0]), Mean: m, Text: text, Line: line}, ""
}

// VaderSet is a file's items with the file's checksum.
type VaderSet struct {
	File   VaderFile
	Items  []VaderItem
	SHA256 string
	Lines  int
}

// LoadVader reads the four files from dir. A missing or unreadable file is
// reported through skip and left out; the error is returned only when no
// file could be read.
func LoadVader(dir string, skip func(error)) ([]VaderSet, error) {
	var sets []VaderSet
	for _, f := range VaderFiles {
		s, err := loadVaderFile(filepath.Join(dir, f.Name), f, skip)
		if err != nil {
			skip(err)
			continue
		}
		sets = append(sets, s)
	}
	if len(sets) == 0 {
		return nil, fmt.Errorf("vader: no ground-truth file readable in %s", dir)
	}
	return sets, nil
}

func loadVaderFile(path string, f VaderFile, skip func(error)) (VaderSet, error) {
	items, sum, lines, err := loadFile("vader", path, ReadVader, skip)
	if err != nil {
		return VaderSet{}, err
	}
	return VaderSet{File: f, Items: items, SHA256: sum, Lines: lines}, nil
}

// loadFile reads the file at path whole and parses it with read (which
// reports skipped lines through skip); it returns the parsed items with
// the file's SHA-256 (hex) and line count. Errors are prefixed with
// bench, the benchmark's name.
func loadFile[T any](bench, path string, read func(io.Reader, string, func(error)) ([]T, error), skip func(error)) (items []T, sum string, lines int, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, "", 0, fmt.Errorf("%s: %w", bench, err)
	}
	items, err = read(bytes.NewReader(b), path, skip)
	if err != nil {
		return nil, "", 0, fmt.Errorf("%s: %w", bench, err)
	}
	sum, lines = fileChecksum(b)
	return items, sum, lines, nil
}

// fileChecksum returns the SHA-256 (hex) of b and its number of lines.
func fileChecksum(b []byte) (string, int) {
	h := sha256.Sum256(b)
	n := bytes.Count(b, []byte{'\n'})
	if len(b) > 0 && b[len(b)-1] != '\n' {
		n++
	}
	return hex.EncodeToString(h[:]), n
}

// VaderScorer names and scores the texts of a benchmark.
type VaderScorer struct {
	Name  string
	Score func(text string) float64
}

// VaderScorers are the rows of the VADER table: each component of m alone,
// their combination, and govader's compound score measured on the same
// lines for reference.
func VaderScorers(m *sentiment.Model) []VaderScorer {
	sia := govader.NewSentimentIntensityAnalyzer()
	return []VaderScorer{
		{Name: "lexicon", Score: func(t string) float64 { return m.Score(t).Lexicon }},
		{Name: "bayes", Score: func(t string) float64 { return m.Score(t).Bayes }},
		{Name: "combined", Score: func(t string) float64 { return m.Score(t).Score }},
		{Name: "govader", Score: func(t string) float64 { return sia.PolarityScores(t).Compound }},
	}
}

// VaderRow is one scorer's figures on one file.
type VaderRow struct {
	File        VaderFile
	VaderScorer string
	R           metrics.Correlation
	// F1 is the support-weighted mean of the three per-class F1 (the
	// closest analogue of VADER's "overall F1"), MacroF1 their plain
	// mean; both with VaderNeutral thresholds on the score and on the
	// human mean.
	F1, MacroF1, Accuracy float64
}

// EvalVader scores every item of every set with every scorer.
func EvalVader(ctx context.Context, sets []VaderSet, scorers []VaderScorer) ([]VaderRow, error) {
	var rows []VaderRow
	for _, s := range sets {
		gold := make([]float64, len(s.Items))
		goldLab := make([]string, len(s.Items))
		for i, it := range s.Items {
			gold[i] = it.Mean
			goldLab[i] = vaderClass(it.Mean)
		}
		for _, sc := range scorers {
			pred := make([]float64, len(s.Items))
			predLab := make([]string, len(s.Items))
			for i, it := range s.Items {
				if i%512 == 0 && ctx.Err() != nil {
					return rows, ctx.Err()
				}
				pred[i] = sc.Score(it.Text)
				predLab[i] = vaderClass(pred[i])
			}
			row := VaderRow{File: s.File, VaderScorer: sc.Name}
			r, err := metrics.Pearson(pred, gold, 0.95)
			if err != nil {
				return rows, fmt.Errorf("vader %s %s: %w", s.File.Short, sc.Name, err)
			}
			row.R = r
			conf, err := metrics.ConfusionOf(vaderLabels, goldLab, predLab)
			if err != nil {
				return rows, fmt.Errorf("vader %s %s: %w", s.File.Short, sc.Name, err)
			}
			row.MacroF1 = conf.MacroF1()
			row.Accuracy = conf.Accuracy()
			for _, c := range conf.Classes() {
				row.F1 += c.F1 * float64(c.Support) / float64(conf.Total())
			}
			rows = append(rows, row)
		}
	}
	return rows, nil
}

var vaderLabels = []string{sentiment.LabelNegative, sentiment.LabelNeutral, sentiment.LabelPositive}

func vaderClass(x float64) string {
	switch {
	case x >= VaderNeutral:
		return sentiment.LabelPositive
	case x <= -VaderNeutral:
		return sentiment.LabelNegative
	}
	return sentiment.LabelNeutral
}

// WriteVaderTable prints rows as an aligned table, each file's published
// VADER figures on its first row.
func WriteVaderTable(w io.Writer, rows []VaderRow) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "file\tn\tscorer\tr\t95% CI\tF1\tmacro-F1\taccuracy\tVADER r\tVADER F1\t")
	prev := ""
	for _, r := range rows {
		pubR, pubF := "", ""
		if r.File.Name != prev {
			pubR, pubF = fmt.Sprintf("%.3f", r.File.PublishedR), fmt.Sprintf("%.2f", r.File.PublishedF1)
			prev = r.File.Name
		}
		name := r.File.Short
		if r.File.Test {
			name += " (test)"
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%.3f\t[%.3f, %.3f]\t%.3f\t%.3f\t%.3f\t%s\t%s\t\n",
			name, r.R.N, r.VaderScorer, r.R.R, r.R.Lo, r.R.Hi, r.F1, r.MacroF1, r.Accuracy, pubR, pubF)
	}
	return tw.Flush()
}
