package export

import (
	"encoding/csv"
	"fmt"
	"io"

	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/bias"
)

// rowWriter writes rows of T under a header written before the first row
// (or at Flush when there was none).
type rowWriter[T any] struct {
	name   string
	cols   []column[T]
	w      *csv.Writer
	header bool
	rec    []string
}

func newRowWriter[T any](w io.Writer, name string, cols []column[T]) *rowWriter[T] {
	return &rowWriter[T]{name: name, cols: cols, w: csv.NewWriter(w), rec: make([]string, len(cols))}
}

func (rw *rowWriter[T]) writeHeader() error {
	if rw.header {
		return nil
	}
	rw.header = true
	if err := rw.w.Write(names(rw.cols)); err != nil {
		return fmt.Errorf("%s: header: %w", rw.name, err)
	}
	return nil
}

func (rw *rowWriter[T]) write(r *T) error {
	if err := rw.writeHeader(); err != nil {
		return err
	}
	for i, c := range rw.cols {
		v := c.get(r)
		if c.text {
			v = Neutralise(v)
		}
		rw.rec[i] = v
	}
	if err := rw.w.Write(rw.rec); err != nil {
		return fmt.Errorf("%s: %w", rw.name, err)
	}
	return nil
}

func (rw *rowWriter[T]) flush() error {
	if err := rw.writeHeader(); err != nil {
		return err
	}
	rw.w.Flush()
	if err := rw.w.Error(); err != nil {
		return fmt.Errorf("%s: %w", rw.name, err)
	}
	return nil
}

// ClaimsWriter streams claims.csv, one article at a time, with the columns
// of ClaimsColumns: the keys article_id, source, section; the claim's place
// (comment, commenter, claim_id, paragraph, sentence, start, end — byte
// offsets into the article's text —, kind); its attribution (speaker,
// speaker_side, voice); its text; and its score (stance, p_pro_gov,
// p_neutral, p_pro_jdc, stance_score, sentiment, sentiment_label,
// target_side, model), all empty when the claim has no score.
type ClaimsWriter struct{ rw *rowWriter[claimRow] }

// NewClaimsWriter returns a ClaimsWriter writing to w.
func NewClaimsWriter(w io.Writer) *ClaimsWriter {
	return &ClaimsWriter{newRowWriter(w, "claims.csv", claimCols)}
}

// Write writes one row per claim of a, in claim order. The header is
// written before the first row.
func (cw *ClaimsWriter) Write(a *article.Article) error {
	for i := range a.Claims {
		r := claimRow{articleID: a.ID, source: a.Source, claim: a.Claims[i]}
		if s := a.Claims[i].Score; s != nil {
			r.score, r.scored = *s, true
		}
		if err := cw.rw.write(&r); err != nil {
			return fmt.Errorf("article %s: %w", a.ID, err)
		}
	}
	return nil
}

// Flush writes buffered rows (and the header, if no row was written) to
// the underlying writer and returns the first write error.
func (cw *ClaimsWriter) Flush() error { return cw.rw.flush() }

// ArticlesWriter streams articles.csv, one row per article and section,
// with the columns of ArticlesColumns: the keys (article_id, source,
// section), the article's metadata (outlet, title, author, date, url,
// kind), n_claims and n_scored, every measure m with m_lo and m_hi (a
// claim-level Wilson interval for shares and net slants, empty for means:
// see bias.ArticleEstimates), then the counts behind them.
type ArticlesWriter struct {
	rw *rowWriter[bias.ArticleMeasures]
}

// NewArticlesWriter returns an ArticlesWriter writing to w.
func NewArticlesWriter(w io.Writer) *ArticlesWriter {
	return &ArticlesWriter{newRowWriter(w, "articles.csv", articleCols)}
}

// Write writes one row.
func (aw *ArticlesWriter) Write(m *bias.ArticleMeasures) error { return aw.rw.write(m) }

// Flush writes buffered rows (and the header, if no row was written).
func (aw *ArticlesWriter) Flush() error { return aw.rw.flush() }

// WriteArticles writes articles.csv with rows in the given order.
func WriteArticles(w io.Writer, rows []bias.ArticleMeasures) error {
	aw := NewArticlesWriter(w)
	for i := range rows {
		if err := aw.Write(&rows[i]); err != nil {
			return err
		}
	}
	return aw.Flush()
}

// WriteSources writes sources.csv, one row per source and section, with
// the columns of SourcesColumns: source, section, outlet, n_articles,
// small_sample (fewer articles than bias.Options.MinArticles), ci_method
// (how the intervals were computed: "articles", a bootstrap over the
// source's articles; "claims", the claim-level fallback of a single-article
// source, which treats its claims as independent and so understates the
// uncertainty; empty when there is no interval), n_claims, n_scored, every
// measure m with its 95% interval m_lo, m_hi, then the counts behind them.
func WriteSources(w io.Writer, rows []bias.SourceMeasures) error {
	rw := newRowWriter(w, "sources.csv", sourceCols)
	for i := range rows {
		if err := rw.write(&rows[i]); err != nil {
			return err
		}
	}
	return rw.flush()
}
