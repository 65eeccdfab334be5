// Package store keeps processed articles in one embedded SQLite file (the
// pure-Go driver modernc.org/sqlite through database/sql), so that batch
// runs over new articles process only what is new, changed or stale.
//
// The store holds, for every article id, the latest version written: its
// content hash, metadata and text, the cleaner's blocks, the claims with
// their attribution, tokens and scores, the notices the stages added and the
// versions (model and profile) that produced the scores. The tables are
// plain and documented below so researchers can query them with any SQLite
// client:
//
//	meta(key, value)                      schema_version and the writing tool
//	articles(seq, id, hash, source, outlet, author, title, date, url, kind,
//	         origin, text, notices, versions, model, claims)
//	blocks(article, n, byte_start, byte_end, kind, section, comment,
//	       commenter, reason)
//	claims(article, n, id, section, comment, commenter, paragraph, sentence,
//	       byte_start, byte_end, kind, voice, speaker, speaker_side, tokens,
//	       token_data, stance, p_pro_gov, p_neutral, p_pro_jdc, stance_score,
//	       sentiment, sentiment_label, target_side, model)
//	claim_texts (view)                    claims with article id, source and text
//
// articles.seq is assigned when an id is first written and kept when it is
// rewritten, so Each streams articles in the order they first entered the
// store (for a store built by one run: the run's input order). Offsets are
// byte offsets into articles.text (see package article); claim text is not
// stored twice but cut from the article text (claim_texts does the same in
// SQL). articles.notices is a JSON array, articles.versions a JSON object
// (component → version, keys sorted), token_data a compact binary encoding
// of the claim's tokens (see encodeTokens). A scored claim's model is
// claims.model, or articles.model (the model of the article's first scored
// claim) when that column is NULL, which saves repeating a long version
// string on every claim (claim_texts resolves it). Rows of one article are written
// in one transaction, so a reader never sees half an article.
//
// Durability: the file is in WAL mode with synchronous=NORMAL; a Writer
// commits every few articles or seconds, so a crash or kill loses at most
// the open batch and never leaves an article half-written.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// SchemaVersion is the version of the tables this package reads and writes.
// A store with a newer version is refused; an older one would be migrated
// (there is none yet).
const SchemaVersion = 1

// Mode says how Open treats a missing file.
type Mode int

// Modes.
const (
	// Create makes the file and its tables when they do not exist.
	Create Mode = iota
	// Existing requires the file to exist and to be a slant store.
	Existing
)

// Errors a caller may test for with errors.Is.
var (
	// ErrNewerSchema: the file was written by a newer slant.
	ErrNewerSchema = errors.New("store written by a newer slant")
	// ErrNotStore: the file is an SQLite database but not a slant store.
	ErrNotStore = errors.New("not a slant store")
	// ErrCorrupt: a stored value does not decode or does not fit its text.
	ErrCorrupt = errors.New("corrupt store")
)

// Store is an open store file. Its methods are safe for concurrent use;
// writes go through a Writer, used from one goroutine.
type Store struct {
	db   *sql.DB
	path string

	lookup, blocks, claims *sql.Stmt
}

// Open opens (with Create: creating if need be) the store at path and checks
// its schema version. Every error names the file.
func Open(ctx context.Context, path string, mode Mode) (*Store, error) {
	if path == "" {
		return nil, errors.New("store: no file name")
	}
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return nil, fmt.Errorf("store %s: is a directory", path)
	case errors.Is(err, os.ErrNotExist) && mode == Existing:
		return nil, fmt.Errorf("store %s: no such file", path)
	case err != nil && !errors.Is(err, os.ErrNotExist):
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	// Workers read on their own connections while the writer holds one;
	// keep a few idle so they are not reopened for every article.
	db.SetMaxIdleConns(runtime.NumCPU() + 2)
	s := &Store{db: db, path: path}
	if err := s.init(ctx); err != nil {
		db.Close()
		return nil, s.wrap(err)
	}
	if err := s.prepare(ctx); err != nil {
		db.Close()
		return nil, s.wrap(err)
	}
	return s, nil
}

// dsn builds a URI filename for path with the connection settings; '%', '?'
// and '#' in the path are escaped as SQLite's URI rules require.
func dsn(path string) string {
	esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	return "file:" + esc + "?_busy_timeout=10000&_synchronous=NORMAL&_txlock=immediate"
}

// Path returns the file name the store was opened with.
func (s *Store) Path() string { return s.path }

// Close closes the file.
func (s *Store) Close() error {
	for _, st := range []*sql.Stmt{s.lookup, s.blocks, s.claims} {
		if st != nil {
			st.Close()
		}
	}
	if err := s.db.Close(); err != nil {
		return s.wrap(err)
	}
	return nil
}

func (s *Store) wrap(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("store %s: %w", s.path, err)
}

const schema = `
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE articles (
	seq      INTEGER PRIMARY KEY,
	id       TEXT NOT NULL UNIQUE,
	hash     TEXT NOT NULL,
	source   TEXT NOT NULL,
	outlet   TEXT NOT NULL,
	author   TEXT NOT NULL,
	title    TEXT NOT NULL,
	date     TEXT NOT NULL,
	url      TEXT NOT NULL,
	kind     TEXT NOT NULL,
	origin   TEXT NOT NULL,
	text     TEXT NOT NULL,
	notices  TEXT NOT NULL,
	versions TEXT NOT NULL,
	model    TEXT NOT NULL,
	claims   INTEGER NOT NULL
);
CREATE TABLE blocks (
	article    INTEGER NOT NULL,
	n          INTEGER NOT NULL,
	byte_start INTEGER NOT NULL,
	byte_end   INTEGER NOT NULL,
	kind       TEXT NOT NULL,
	section    TEXT NOT NULL,
	comment    INTEGER NOT NULL,
	commenter  TEXT NOT NULL,
	reason     TEXT NOT NULL,
	PRIMARY KEY (article, n)
) WITHOUT ROWID;
CREATE TABLE claims (
	article         INTEGER NOT NULL,
	n               INTEGER NOT NULL,
	id              TEXT NOT NULL,
	section         TEXT NOT NULL,
	comment         INTEGER NOT NULL,
	commenter       TEXT NOT NULL,
	paragraph       INTEGER NOT NULL,
	sentence        INTEGER NOT NULL,
	byte_start      INTEGER NOT NULL,
	byte_end        INTEGER NOT NULL,
	kind            TEXT NOT NULL,
	voice           TEXT NOT NULL,
	speaker         TEXT NOT NULL,
	speaker_side    TEXT NOT NULL,
	tokens          INTEGER NOT NULL,
	token_data      BLOB,
	stance          TEXT,
	p_pro_gov       REAL,
	p_neutral       REAL,
	p_pro_jdc       REAL,
	stance_score    REAL,
	sentiment       REAL,
	sentiment_label TEXT,
	target_side     TEXT,
	model           TEXT,
	PRIMARY KEY (article, n)
) WITHOUT ROWID;
CREATE VIEW claim_texts AS
	SELECT a.id AS article_id, a.source, c.n, c.id AS claim_id, c.section,
	       c.speaker, c.speaker_side, c.voice, c.stance, c.stance_score,
	       c.sentiment, c.target_side,
	       CASE WHEN c.stance IS NULL THEN NULL ELSE coalesce(c.model, a.model) END AS model,
	       CAST(substr(CAST(a.text AS BLOB), c.byte_start + 1, c.byte_end - c.byte_start) AS TEXT) AS text
	FROM claims c JOIN articles a ON a.seq = c.article;
`

// init creates the tables in a new file, or checks an existing store's
// schema version. The check reads only, so opening a store another process
// is writing does not wait for its batch.
//
// WAL mode is set here, once the file is known to be a store (it is kept in
// the file), so that opening some other database by mistake changes
// nothing in it.
func (s *Store) init(ctx context.Context) error {
	empty, err := s.check(ctx)
	if err != nil {
		return err
	}
	if empty {
		if err := s.create(ctx); err != nil {
			return err
		}
	}
	if _, err := s.db.ExecContext(ctx, `PRAGMA journal_mode = WAL`); err != nil {
		return fmt.Errorf("set WAL mode: %w", err)
	}
	return nil
}

// create makes the tables in an empty file.
func (s *Store) create(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE: one creator at a time
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var tables int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table'`).Scan(&tables); err != nil {
		return err
	}
	if tables > 0 { // created meanwhile by another process
		tx.Rollback()
		_, err := s.check(ctx)
		return err
	}
	if _, err := tx.ExecContext(ctx, schema); err != nil {
		return fmt.Errorf("create tables: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES ('schema_version', ?), ('writer', 'slant')`,
		strconv.Itoa(SchemaVersion)); err != nil {
		return fmt.Errorf("create tables: %w", err)
	}
	return tx.Commit()
}

// check reports whether the file has no tables yet, or else whether it is
// a store of a schema version this package reads.
func (s *Store) check(ctx context.Context) (empty bool, err error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	var tables int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table'`).Scan(&tables); err != nil {
		return false, err
	}
	if tables == 0 {
		return true, nil
	}
	var v string
	if err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'schema_version'`).Scan(&v); err != nil {
		// No meta table, or no version in it: some other database.
		return false, fmt.Errorf("%w (no schema_version in a meta table)", ErrNotStore)
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return false, fmt.Errorf("%w (schema_version %q)", ErrNotStore, v)
	}
	if n > SchemaVersion {
		return false, fmt.Errorf("%w: schema version %d, this slant reads up to %d; use a newer slant or another --db file",
			ErrNewerSchema, n, SchemaVersion)
	}
	// Versions 1..SchemaVersion: nothing to migrate yet.
	return false, nil
}

func (s *Store) prepare(ctx context.Context) error {
	var err error
	if s.lookup, err = s.db.PrepareContext(ctx, `SELECT `+entryCols+` FROM articles WHERE id = ?`); err != nil {
		return err
	}
	if s.blocks, err = s.db.PrepareContext(ctx, `SELECT `+blockCols+` FROM blocks WHERE article = ? ORDER BY n`); err != nil {
		return err
	}
	if s.claims, err = s.db.PrepareContext(ctx, `SELECT `+claimCols+` FROM claims WHERE article = ? ORDER BY n`); err != nil {
		return err
	}
	return nil
}
