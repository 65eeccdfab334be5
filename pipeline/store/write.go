package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/slant-project/slant/pipeline/article"
)

// Batch says when a Writer commits its open transaction.
type Batch struct {
	// Articles: commit once this many articles are written (<= 0: 200).
	Articles int
	// Interval: commit once the open batch is this old (<= 0: 2 s),
	// checked on every Put and Tick.
	Interval time.Duration
}

// DefaultBatch is the batch used when a Batch field is zero.
var DefaultBatch = Batch{Articles: 200, Interval: 2 * time.Second}

// Writer writes articles in batches, one transaction per batch. It is used
// from one goroutine. A batch is committed whole or not at all, and every
// article in it is complete, so a crash or kill at any moment leaves the
// store as of the last commit.
type Writer struct {
	s      *Store
	batch  Batch
	tx     *sql.Tx
	opened time.Time
	n      int
	stmts  struct{ upsert, delBlocks, delClaims, block, claim, meta *sql.Stmt }
	buf    []byte
}

// Writer returns a writer with the given batch sizes.
func (s *Store) Writer(b Batch) *Writer {
	if b.Articles <= 0 {
		b.Articles = DefaultBatch.Articles
	}
	if b.Interval <= 0 {
		b.Interval = DefaultBatch.Interval
	}
	return &Writer{s: s, batch: b}
}

// begin opens a transaction when none is open. The transaction does not
// follow any caller's context: cancelling a run must not roll back what was
// already written (Flush commits it, Rollback drops it).
func (w *Writer) begin() error {
	if w.tx != nil {
		return nil
	}
	ctx := context.Background()
	tx, err := w.s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	prep := func(dst **sql.Stmt, q string) {
		if err == nil {
			*dst, err = tx.PrepareContext(ctx, q)
		}
	}
	st := &w.stmts
	prep(&st.upsert, `INSERT INTO articles (id, hash, source, outlet, author, title, date, url, kind, origin, text, notices, versions, model, claims)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET hash = excluded.hash, source = excluded.source, outlet = excluded.outlet,
			author = excluded.author, title = excluded.title, date = excluded.date, url = excluded.url,
			kind = excluded.kind, origin = excluded.origin, text = excluded.text, notices = excluded.notices,
			versions = excluded.versions, model = excluded.model, claims = excluded.claims
		RETURNING seq`)
	prep(&st.delBlocks, `DELETE FROM blocks WHERE article = ?`)
	prep(&st.delClaims, `DELETE FROM claims WHERE article = ?`)
	prep(&st.block, `INSERT INTO blocks (article, n, `+blockCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	prep(&st.claim, `INSERT INTO claims (article, n, `+claimCols+`, tokens)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	prep(&st.meta, `UPDATE articles SET source = ?, outlet = ?, author = ?, title = ?, date = ?, url = ?, kind = ?, origin = ?
		WHERE id = ?`)
	if err != nil {
		tx.Rollback()
		return err
	}
	w.tx, w.opened, w.n = tx, time.Now(), 0
	return nil
}

// Put writes a with its blocks, claims and a.Notices (the caller passes the
// notices the stages added) as the stored version of a.ID, replacing any
// earlier one (which keeps its place in the store order), with v as the
// versions that produced it. It then commits if the batch is full or old.
// Put is not cancellable midway, so a batch never holds half an article; on
// error the open batch is rolled back and the error names the file and id.
func (w *Writer) Put(a *article.Article, v Versions) error {
	if err := w.put(a, v); err != nil {
		w.Rollback()
		return w.s.wrap(fmt.Errorf("put %s: %w", a.ID, err))
	}
	return w.Tick()
}

func (w *Writer) put(a *article.Article, v Versions) error {
	if err := w.begin(); err != nil {
		return err
	}
	notices := a.Notices
	if notices == nil {
		notices = []string{}
	}
	nb, err := json.Marshal(notices)
	if err != nil {
		return err
	}
	model := ""
	for i := range a.Claims {
		if s := a.Claims[i].Score; s != nil {
			model = s.Model
			break
		}
	}
	ctx := context.Background()
	st := &w.stmts
	var seq int64
	if err := st.upsert.QueryRowContext(ctx, a.ID, a.Hash, a.Source, a.Outlet, a.Author, a.Title, a.Date, a.URL, a.Kind,
		a.Origin, a.Text, string(nb), v.String(), model, len(a.Claims)).Scan(&seq); err != nil {
		return err
	}
	if _, err := st.delBlocks.ExecContext(ctx, seq); err != nil {
		return err
	}
	if _, err := st.delClaims.ExecContext(ctx, seq); err != nil {
		return err
	}
	for i, b := range a.Blocks {
		if _, err := st.block.ExecContext(ctx, seq, i, b.Start, b.End, string(b.Kind), string(b.Section), b.Comment,
			b.Commenter, b.Reason); err != nil {
			return err
		}
	}
	for i := range a.Claims {
		c := &a.Claims[i]
		w.buf = encodeTokens(w.buf[:0], c.Tokens)
		var tokens any // NULL when there are none
		if w.buf != nil {
			tokens = w.buf
		}
		var stance, label, target, cm any // cm: NULL for the article's model
		var pg, pn, pj, score, sent any
		if s := c.Score; s != nil {
			stance, label, target = string(s.Stance), s.SentimentLabel, string(s.TargetSide)
			if s.Model != model {
				cm = s.Model
			}
			pg, pn, pj, score, sent = s.P[0], s.P[1], s.P[2], s.StanceScore, s.Sentiment
		}
		if _, err := st.claim.ExecContext(ctx, seq, i, c.ID, string(c.Section), c.Comment, c.Commenter, c.Paragraph,
			c.Sentence, c.Start, c.End, string(c.Kind), string(c.Voice), c.Speaker, string(c.SpeakerSide), tokens,
			stance, pg, pn, pj, score, sent, label, target, cm, len(c.Tokens)); err != nil {
			return err
		}
	}
	w.n++
	return nil
}

// SetMeta updates the metadata stored for id (its text, claims and
// versions unchanged), in the open batch.
func (w *Writer) SetMeta(id string, m Meta) error {
	err := w.begin()
	if err == nil {
		_, err = w.stmts.meta.ExecContext(context.Background(), m.Source, m.Outlet, m.Author, m.Title, m.Date, m.URL,
			m.Kind, m.Origin, id)
	}
	if err != nil {
		w.Rollback()
		return w.s.wrap(fmt.Errorf("update %s: %w", id, err))
	}
	w.n++
	return w.Tick()
}

// Tick commits the open batch if it is full or older than the batch
// interval.
func (w *Writer) Tick() error {
	if w.tx != nil && (w.n >= w.batch.Articles || time.Since(w.opened) >= w.batch.Interval) {
		return w.Flush()
	}
	return nil
}

// Pending returns the number of articles written in the open batch.
func (w *Writer) Pending() int {
	if w.tx == nil {
		return 0
	}
	return w.n
}

// Flush commits the open batch, if any.
func (w *Writer) Flush() error {
	if w.tx == nil {
		return nil
	}
	tx := w.tx
	w.tx = nil
	if err := tx.Commit(); err != nil {
		return w.s.wrap(fmt.Errorf("commit: %w", err))
	}
	return nil
}

// Rollback drops the open batch, if any.
func (w *Writer) Rollback() error {
	if w.tx == nil {
		return nil
	}
	tx := w.tx
	w.tx = nil
	if err := tx.Rollback(); err != nil {
		return w.s.wrap(fmt.Errorf("rollback: %w", err))
	}
	return nil
}
