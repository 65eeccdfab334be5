package export

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/bias"
)

// maxProblems bounds the row problems a reader keeps; further ones are
// counted in a last summary line.
const maxProblems = 100

// problems collects a reader's non-fatal problems.
type problems struct {
	list  []error
	extra int
}

func (p *problems) add(err error) {
	if len(p.list) < maxProblems {
		p.list = append(p.list, err)
		return
	}
	p.extra++
}

func (p *problems) all(name string) []error {
	if p.extra == 0 {
		return p.list
	}
	return append(p.list[:len(p.list):len(p.list)], fmt.Errorf("%s: %d more bad rows not listed", name, p.extra))
}

// rowReader reads rows of T by header name: columns may come in any order,
// unknown columns are ignored, missing optional ones leave their field at
// the zero value (NaN for numbers, read from an empty cell).
type rowReader[T any] struct {
	name  string
	r     *csv.Reader
	cols  []column[T]
	idx   []int // header position of each column, −1 when absent
	width int
	probs problems
}

func newRowReader[T any](r io.Reader, name string, cols []column[T]) (*rowReader[T], error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: empty file, no header line", name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", name, err)
	}
	pos := make(map[string]int, len(header))
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		pos[strings.TrimSpace(h)] = i
	}
	rr := &rowReader[T]{name: name, r: cr, cols: cols, idx: make([]int, len(cols)), width: len(header)}
	var missing []string
	for i, c := range cols {
		p, ok := pos[c.name]
		if !ok {
			if c.required {
				return nil, fmt.Errorf("%s: header has no %q column (is this a slant %s?): %w", name, c.name, name, ErrColumn)
			}
			if !c.newer {
				missing = append(missing, c.name)
			}
			p = -1
		}
		rr.idx[i] = p
	}
	if len(missing) > 0 {
		list := strings.Join(missing, ", ")
		if len(missing) > 6 {
			list = fmt.Sprintf("%s, … (%d in all)", strings.Join(missing[:6], ", "), len(missing))
		}
		rr.probs.add(fmt.Errorf("%s: no column %s: read as empty", name, list))
	}
	return rr, nil
}

// next reads the next good row into dst, skipping (and recording) bad
// ones; it returns io.EOF at the end and other errors only for failed I/O.
func (rr *rowReader[T]) next(dst *T, check func(*T) error) error {
	for {
		rec, err := rr.r.Read()
		if err == io.EOF {
			return io.EOF
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			rr.probs.add(&RowError{rr.name, pe.StartLine, fmt.Errorf("%w: row skipped", pe.Err)})
			continue
		}
		if err != nil {
			return fmt.Errorf("%s: %w", rr.name, err)
		}
		line, _ := rr.r.FieldPos(0)
		if len(rec) != rr.width {
			rr.probs.add(&RowError{rr.name, line, fmt.Errorf("%d fields, the header has %d: row skipped", len(rec), rr.width)})
			continue
		}
		var zero T
		*dst = zero
		if err := rr.fill(dst, rec); err != nil {
			rr.probs.add(&RowError{rr.name, line, fmt.Errorf("%w: row skipped", err)})
			continue
		}
		if check != nil {
			if err := check(dst); err != nil {
				rr.probs.add(&RowError{rr.name, line, fmt.Errorf("%w: row skipped", err)})
				continue
			}
		}
		return nil
	}
}

func (rr *rowReader[T]) fill(dst *T, rec []string) error {
	for i, c := range rr.cols {
		v := ""
		if p := rr.idx[i]; p >= 0 {
			v = rec[p]
		}
		if c.text {
			v = Unneutralise(v)
		}
		if err := c.set(dst, v); err != nil {
			return fmt.Errorf("column %s: %w", c.name, err)
		}
		if c.required && v == "" {
			return fmt.Errorf("column %s is empty", c.name)
		}
	}
	return nil
}

// ClaimsReader reads claims.csv back into articles: consecutive rows with
// the same article_id and source form one article (ClaimsWriter writes them
// so). The articles have ID, Source and Claims only; Text is empty, and
// each claim carries its own Text and offsets as written. A claim has a
// Score when its stance cell is not empty.
type ClaimsReader struct {
	rr      *rowReader[claimRow]
	pending *claimRow
	eof     bool
}

// NewClaimsReader reads the header of claims.csv from r; name (the file's
// path) prefixes every message. It fails when the header lacks article_id,
// source, section or claim_id.
func NewClaimsReader(r io.Reader, name string) (*ClaimsReader, error) {
	rr, err := newRowReader(r, name, claimCols)
	if err != nil {
		return nil, err
	}
	return &ClaimsReader{rr: rr}, nil
}

func checkClaim(r *claimRow) error {
	switch r.score.Stance {
	case "":
		r.scored = false
		return nil
	case article.ProGov, article.Neutral, article.ProJDC:
		r.scored = true
		return nil
	}
	return fmt.Errorf("column stance: %q is not pro_gov, neutral or pro_jdc", r.score.Stance)
}

// Next returns the next article, or io.EOF after the last. Malformed rows
// are skipped and listed by Problems.
func (cr *ClaimsReader) Next() (*article.Article, error) {
	var a *article.Article
	for {
		row := cr.pending
		cr.pending = nil
		if row == nil && !cr.eof {
			row = new(claimRow)
			if err := cr.rr.next(row, checkClaim); err == io.EOF {
				cr.eof, row = true, nil
			} else if err != nil {
				return nil, err
			}
		}
		if row == nil {
			if a == nil {
				return nil, io.EOF
			}
			return a, nil
		}
		if a != nil && (row.articleID != a.ID || row.source != a.Source) {
			cr.pending = row
			return a, nil
		}
		if a == nil {
			a = &article.Article{ID: row.articleID, Source: row.source}
		}
		c := row.claim
		if row.scored {
			s := row.score
			c.Score = &s
		}
		a.Claims = append(a.Claims, c)
	}
}

// Problems returns the non-fatal problems met so far: missing optional
// columns and skipped rows (file:line: reason).
func (cr *ClaimsReader) Problems() []error { return cr.rr.probs.all(cr.rr.name) }

// ReadArticles reads articles.csv, calling fn for each good row (fn must
// not keep the pointer); it stops at fn's first error. It returns the
// non-fatal problems (skipped rows, missing optional columns) and a fatal
// error (missing file content, missing key column, I/O, fn's error).
func ReadArticles(r io.Reader, name string, fn func(*bias.ArticleMeasures) error) ([]error, error) {
	rr, err := newRowReader(r, name, articleCols)
	if err != nil {
		return nil, err
	}
	var m bias.ArticleMeasures
	for {
		err := rr.next(&m, nil)
		if err == io.EOF {
			return rr.probs.all(name), nil
		}
		if err != nil {
			return rr.probs.all(name), err
		}
		if err := fn(&m); err != nil {
			return rr.probs.all(name), err
		}
	}
}

// has reports whether the file's header has the column named name.
func (rr *rowReader[T]) has(name string) bool {
	for i, c := range rr.cols {
		if c.name == name {
			return rr.idx[i] >= 0
		}
	}
	return false
}

// ReadSources reads sources.csv. Besides the keys it requires n_articles,
// n_claims, n_scored and the stance counts (n_pro_gov, n_neutral,
// n_pro_jdc, from which the comparisons are recomputed); missing measure
// columns read as NaN. A file without the ci_method column (older runs
// wrote intervals only from the article bootstrap) loads without a problem
// reported for it; its CI is inferred: bias.CINone for a row without any
// interval, bias.CIClaims for a single-article row with one, and
// bias.CIArticles otherwise. It returns the rows, the non-fatal problems
// and a fatal error.
func ReadSources(r io.Reader, name string) ([]bias.SourceMeasures, []error, error) {
	rr, err := newRowReader(r, name, sourceCols)
	if err != nil {
		return nil, nil, err
	}
	legacy := !rr.has(CIMethodColumn)
	var out []bias.SourceMeasures
	for {
		var m bias.SourceMeasures
		err := rr.next(&m, nil)
		if err == io.EOF {
			return out, rr.probs.all(name), nil
		}
		if err != nil {
			return out, rr.probs.all(name), err
		}
		if legacy && m.HasInterval() {
			m.CI = bias.CIArticles
			if m.Articles == 1 {
				m.CI = bias.CIClaims
			}
		}
		out = append(out, m)
	}
}
