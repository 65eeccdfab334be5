package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/slant-project/slant/pipeline/article"
)

// Versions maps a component (profile, sentiment, stance, …) to the version
// that produced an article's claims and scores.
type Versions map[string]string

// String returns the canonical form stored in articles.versions: a JSON
// object with keys in sorted order.
func (v Versions) String() string {
	if v == nil {
		return "{}"
	}
	b, err := json.Marshal(map[string]string(v))
	if err != nil { // a map[string]string always marshals
		return "{}"
	}
	return string(b)
}

// Equal reports whether v and w name the same versions.
func (v Versions) Equal(w Versions) bool {
	if len(v) != len(w) {
		return false
	}
	for k, x := range v {
		if y, ok := w[k]; !ok || x != y {
			return false
		}
	}
	return true
}

// Meta is an article's metadata, as stored beside its text.
type Meta struct {
	Source, Outlet, Author, Title, Date, URL, Kind, Origin string
}

// MetaOf returns a's metadata.
func MetaOf(a *article.Article) Meta {
	return Meta{a.Source, a.Outlet, a.Author, a.Title, a.Date, a.URL, a.Kind, a.Origin}
}

// set copies m into a.
func (m Meta) set(a *article.Article) {
	a.Source, a.Outlet, a.Author, a.Title, a.Date, a.URL, a.Kind, a.Origin = m.Source, m.Outlet, m.Author, m.Title, m.Date, m.URL, m.Kind, m.Origin
}

// Entry is what the store holds about one article, without its text,
// blocks and claims.
type Entry struct {
	Seq      int64 // the article's place in the store's order
	ID       string
	Hash     string // hex SHA-256 of the stored text
	Meta     Meta
	Versions Versions
	Notices  []string // the notices stages added when it was processed
	Claims   int
	model    string // the default model of its scored claims
}

const entryCols = `seq, id, hash, source, outlet, author, title, date, url, kind, origin, notices, versions, model, claims`

// scanEntry scans entryCols, then extra.
func scanEntry(sc interface{ Scan(...any) error }, extra ...any) (Entry, error) {
	var e Entry
	var notices, versions string
	m := &e.Meta
	dst := append([]any{&e.Seq, &e.ID, &e.Hash, &m.Source, &m.Outlet, &m.Author, &m.Title, &m.Date, &m.URL, &m.Kind,
		&m.Origin, &notices, &versions, &e.model, &e.Claims}, extra...)
	if err := sc.Scan(dst...); err != nil {
		return e, err
	}
	if err := json.Unmarshal([]byte(notices), &e.Notices); err != nil {
		return e, fmt.Errorf("article %s: notices: %w: %v", e.ID, ErrCorrupt, err)
	}
	if err := json.Unmarshal([]byte(versions), &e.Versions); err != nil {
		return e, fmt.Errorf("article %s: versions: %w: %v", e.ID, ErrCorrupt, err)
	}
	return e, nil
}

// Lookup returns the entry stored for id; ok is false when there is none.
func (s *Store) Lookup(ctx context.Context, id string) (e Entry, ok bool, err error) {
	e, err = scanEntry(s.lookup.QueryRowContext(ctx, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Entry{}, false, nil
	}
	if err != nil {
		return Entry{}, false, s.wrap(fmt.Errorf("lookup %s: %w", id, err))
	}
	return e, true, nil
}

// Fill sets a.Blocks and a.Claims to those stored for e and appends e's
// notices to a.Notices, leaving a's metadata as it is. a.Text must be the
// stored text: a.Hash must equal e.Hash, and the stored entry must still be
// e (same hash) when it is read, else Fill returns an error and leaves a
// unchanged. Claim texts are cut from a.Text.
func (s *Store) Fill(ctx context.Context, e Entry, a *article.Article) error {
	if a.Hash != e.Hash {
		return s.wrap(fmt.Errorf("fill %s: article hash %.12s differs from stored %.12s", a.ID, a.Hash, e.Hash))
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return s.wrap(fmt.Errorf("fill %s: %w", a.ID, err))
	}
	defer tx.Rollback()
	var hash string
	if err := tx.QueryRowContext(ctx, `SELECT hash FROM articles WHERE seq = ?`, e.Seq).Scan(&hash); err != nil || hash != e.Hash {
		return s.wrap(fmt.Errorf("fill %s: stored article changed while reading it", a.ID))
	}
	blocks, err := readBlocks(ctx, tx.StmtContext(ctx, s.blocks), e.Seq, len(a.Text))
	if err != nil {
		return s.wrap(fmt.Errorf("fill %s: %w", a.ID, err))
	}
	claims, err := readClaims(ctx, tx.StmtContext(ctx, s.claims), e.Seq, a.Text, e.model, e.Claims)
	if err != nil {
		return s.wrap(fmt.Errorf("fill %s: %w", a.ID, err))
	}
	a.Blocks, a.Claims = blocks, claims
	a.Notices = append(a.Notices, e.Notices...)
	return nil
}

const blockCols = `byte_start, byte_end, kind, section, comment, commenter, reason`

func readBlocks(ctx context.Context, st *sql.Stmt, seq int64, textLen int) ([]article.Block, error) {
	rows, err := st.QueryContext(ctx, seq)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []article.Block
	var r blockRow
	dst := r.targets()
	for rows.Next() {
		if err := rows.Scan(dst...); err != nil {
			return nil, err
		}
		b, err := r.block(textLen)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

const claimCols = `id, section, comment, commenter, paragraph, sentence, byte_start, byte_end, kind, voice, speaker, speaker_side,
	token_data, stance, p_pro_gov, p_neutral, p_pro_jdc, stance_score, sentiment, sentiment_label, target_side, model`

// claimRow holds the scan targets of one claims row; it is reused across
// rows. Targets are int64 and string, which database/sql assigns without
// reflection.
type claimRow struct {
	id, section, commenter, kind, voice, speaker, side string
	comment, paragraph, sentence, start, end           int64
	tokens                                             []byte
	stance, label, target, model                       sql.NullString
	pg, pn, pj, score, sentiment                       sql.NullFloat64
}

func (r *claimRow) targets() []any {
	return []any{&r.id, &r.section, &r.comment, &r.commenter, &r.paragraph, &r.sentence, &r.start, &r.end, &r.kind,
		&r.voice, &r.speaker, &r.side, &r.tokens, &r.stance, &r.pg, &r.pn, &r.pj, &r.score, &r.sentiment,
		&r.label, &r.target, &r.model}
}

// claim builds the claim from the scanned row, cutting its text from text;
// model is the article's default model.
func (r *claimRow) claim(text, model string) (article.Claim, error) {
	c := article.Claim{
		ID: r.id, Section: article.Section(r.section), Comment: int(r.comment), Commenter: r.commenter,
		Paragraph: int(r.paragraph), Sentence: int(r.sentence), Start: int(r.start), End: int(r.end),
		Kind: article.ClaimKind(r.kind), Voice: article.Voice(r.voice), Speaker: r.speaker, SpeakerSide: article.Side(r.side),
	}
	if r.start < 0 || r.end < r.start || r.end > int64(len(text)) {
		return c, fmt.Errorf("claim %s [%d,%d) outside text of %d bytes: %w", c.ID, r.start, r.end, len(text), ErrCorrupt)
	}
	c.Text = text[c.Start:c.End]
	toks, err := decodeTokens(r.tokens, len(text))
	if err != nil {
		return c, fmt.Errorf("claim %s tokens: %w", c.ID, err)
	}
	c.Tokens = toks
	if r.stance.Valid {
		c.Score = &article.Score{
			Stance:         article.Stance(r.stance.String),
			P:              [3]float64{r.pg.Float64, r.pn.Float64, r.pj.Float64},
			StanceScore:    r.score.Float64,
			Sentiment:      r.sentiment.Float64,
			SentimentLabel: r.label.String,
			TargetSide:     article.Side(r.target.String),
			Model:          model,
		}
		if r.model.Valid {
			c.Score.Model = r.model.String
		}
	}
	return c, nil
}

// blockRow holds the scan targets of one blocks row.
type blockRow struct {
	start, end, comment           int64
	kind, section, commenter, why string
}

func (r *blockRow) targets() []any {
	return []any{&r.start, &r.end, &r.kind, &r.section, &r.comment, &r.commenter, &r.why}
}

// block builds the block, checking it fits a text of textLen bytes.
func (r *blockRow) block(textLen int) (article.Block, error) {
	b := article.Block{Start: int(r.start), End: int(r.end), Kind: article.BlockKind(r.kind),
		Section: article.Section(r.section), Comment: int(r.comment), Commenter: r.commenter, Reason: r.why}
	if r.start < 0 || r.end < r.start || r.end > int64(textLen) {
		return b, fmt.Errorf("block [%d,%d) outside text of %d bytes: %w", r.start, r.end, textLen, ErrCorrupt)
	}
	return b, nil
}

func readClaims(ctx context.Context, st *sql.Stmt, seq int64, text, model string, n int) ([]article.Claim, error) {
	rows, err := st.QueryContext(ctx, seq)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []article.Claim
	if n > 0 {
		out = make([]article.Claim, 0, n)
	}
	var r claimRow
	dst := r.targets()
	for rows.Next() {
		if err := rows.Scan(dst...); err != nil {
			return nil, err
		}
		c, err := r.claim(text, model)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Each calls fn with every stored article, complete with text, blocks,
// claims and the stages' notices, and the versions that produced it, in
// store order (articles.seq), from one consistent snapshot. It stops at the
// first error fn returns and returns it as is. Memory holds one article at
// a time (fn must not keep a past its return if it wants that bound).
func (s *Store) Each(ctx context.Context, fn func(a *article.Article, v Versions) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return s.wrap(err)
	}
	defer tx.Rollback()
	arts, err := tx.QueryContext(ctx, `SELECT `+entryCols+`, text FROM articles ORDER BY seq`)
	if err != nil {
		return s.wrap(err)
	}
	defer arts.Close()
	blocks, err := tx.QueryContext(ctx, `SELECT article, `+blockCols+` FROM blocks ORDER BY article, n`)
	if err != nil {
		return s.wrap(err)
	}
	defer blocks.Close()
	claims, err := tx.QueryContext(ctx, `SELECT article, `+claimCols+` FROM claims ORDER BY article, n`)
	if err != nil {
		return s.wrap(err)
	}
	defer claims.Close()

	// Merge-join the three sorted streams on seq; bSeq/cSeq hold the seq
	// of the row already scanned and not yet used (0: none).
	var bSeq, cSeq int64
	var bRow blockRow
	var cRow claimRow
	var text string
	cDst := append([]any{&cSeq}, cRow.targets()...)
	bMore, cMore := true, true
	bDst := append([]any{&bSeq}, bRow.targets()...)
	nextBlock := func() error {
		if !blocks.Next() {
			bMore = false
			return blocks.Err()
		}
		return blocks.Scan(bDst...)
	}
	nextClaim := func() error {
		if !claims.Next() {
			cMore = false
			return claims.Err()
		}
		return claims.Scan(cDst...)
	}
	if err := nextBlock(); err != nil {
		return s.wrap(err)
	}
	if err := nextClaim(); err != nil {
		return s.wrap(err)
	}
	for arts.Next() {
		e, err := scanEntry(arts, &text)
		if err != nil {
			return s.wrap(err)
		}
		a := &article.Article{ID: e.ID, Hash: e.Hash, Text: text, Notices: e.Notices}
		e.Meta.set(a)
		for bMore && bSeq < e.Seq { // orphan rows (none are written): skip
			if err := nextBlock(); err != nil {
				return s.wrap(err)
			}
		}
		for bMore && bSeq == e.Seq {
			b, err := bRow.block(len(text))
			if err != nil {
				return s.wrap(fmt.Errorf("article %s: %w", e.ID, err))
			}
			a.Blocks = append(a.Blocks, b)
			if err := nextBlock(); err != nil {
				return s.wrap(err)
			}
		}
		for cMore && cSeq < e.Seq {
			if err := nextClaim(); err != nil {
				return s.wrap(err)
			}
		}
		if e.Claims > 0 {
			a.Claims = make([]article.Claim, 0, e.Claims)
		}
		for cMore && cSeq == e.Seq {
			c, err := cRow.claim(text, e.model)
			if err != nil {
				return s.wrap(fmt.Errorf("article %s: %w", e.ID, err))
			}
			a.Claims = append(a.Claims, c)
			if err := nextClaim(); err != nil {
				return s.wrap(err)
			}
		}
		if err := fn(a, e.Versions); err != nil {
			return err
		}
	}
	if err := arts.Err(); err != nil {
		return s.wrap(err)
	}
	return nil
}

// Count returns the number of articles and claims in the store.
func (s *Store) Count(ctx context.Context) (articles, claims int, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(claims), 0) FROM articles`).Scan(&articles, &claims)
	return articles, claims, s.wrap(err)
}
