// Package ingest turns input paths into articles: it walks files and
// directories, reads .txt/.md files (one article each, metadata from a
// manifest.csv beside them or from the file name), .jsonl files (one article
// per line) and .csv files (one article per row), decodes their bytes exactly
// once into Article.Text, and streams the articles in a deterministic order.
//
// Every input is accounted for: each article, and each input (or line, or
// row) that yields no article, becomes one Item. Inputs that yield no article
// come back as a Problem naming the file (and line) and what is wrong; the
// stream goes on with the rest. Articles whose metadata had to be filled in
// (no manifest entry, no id, no source, no title), that were decoded from
// another encoding or that were renamed as duplicates carry a Notice.
//
// Text contract: Article.Text is valid UTF-8 with no byte-order mark and LF
// line ends (CRLF and lone CR become LF); nothing else is changed, so U+FFFD
// characters already in the input stay as they are. Later stages take byte
// offsets into this text.
//
// Missing metadata is not a Problem (nothing valid is dropped for it): it is
// filled in as documented on Stream and noted on the article.
//
// Memory stays bounded by Options.MaxBytes: .txt/.md files over the limit are
// never read, and .jsonl/.csv files are read record by record; of a line or
// record over the limit at most MaxBytes is held before it is dropped and the
// rest skipped through a 64 KiB buffer.
package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"github.com/slant-project/slant/data"
	"github.com/slant-project/slant/pipeline/article"
)

// DefaultMaxBytes is the size limit used when Options.MaxBytes is 0.
const DefaultMaxBytes int64 = 16 << 20

// Options tune ingestion. The zero value is ready to use.
type Options struct {
	// MaxBytes limits the size of one .txt/.md file and of one .jsonl line
	// or .csv record (bytes as stored, before decoding). Larger inputs are
	// reported as a Problem and skipped without being read into memory.
	// 0 or less means DefaultMaxBytes.
	MaxBytes int64
}

func (o Options) maxBytes() int64 {
	if o.MaxBytes <= 0 {
		return DefaultMaxBytes
	}
	return o.MaxBytes
}

// Kinds of problem; a Problem wraps one of them (test with errors.Is).
var (
	ErrEmpty       = errors.New("empty input")         // no bytes, only whitespace, or no records
	ErrBinary      = errors.New("binary data")         // NUL bytes or mostly control characters
	ErrEncoding    = errors.New("undecodable bytes")   // neither UTF-8 nor Windows-1252
	ErrTooLarge    = errors.New("over the size limit") // file, line or record over Options.MaxBytes
	ErrSyntax      = errors.New("malformed record")    // bad JSON line, bad CSV row or header
	ErrNoText      = errors.New("no text")             // record without a usable text field
	ErrUnsupported = errors.New("unsupported input")   // file type not read by ingest
	ErrUnreadable  = errors.New("unreadable input")    // missing path, permission, I/O error
	ErrManifest    = errors.New("bad manifest entry")  // manifest row naming no usable file
)

// Problem is an input, or a line or row of one, that yielded no article.
type Problem struct {
	// Origin is the path as given (or found under a given directory), with
	// ":line" (1-based physical line where the record starts) for .jsonl and
	// .csv records.
	Origin string
	// Reason says what is wrong, in one line.
	Reason string
	// Err is the kind of problem (one of the Err* values of this package),
	// possibly joined with an underlying error; it may be nil.
	Err error
}

// Error returns "origin: reason" on one line.
func (p *Problem) Error() string {
	o := p.Origin
	if strings.ContainsFunc(o, unicode.IsControl) {
		o = strconv.Quote(o)
	}
	return o + ": " + oneLine(p.Reason)
}

// Unwrap returns the problem's kind.
func (p *Problem) Unwrap() error { return p.Err }

// Item is one result of a stream: exactly one of Article and Problem is set.
type Item struct {
	Article *article.Article
	Problem *Problem
}

// Origin returns the origin of the item's article or problem.
func (it Item) Origin() string {
	if it.Article != nil {
		return it.Article.Origin
	}
	if it.Problem != nil {
		return it.Problem.Origin
	}
	return ""
}

// Stats counts what a stream met.
type Stats struct {
	// Files counts input files read or tried: every file given explicitly
	// and every .txt/.md/.jsonl/.csv file found under a given directory
	// (manifests not included).
	Files int
	// Articles and Problems count the items sent.
	Articles, Problems int
	// Ignored lists, in walk order, the files met inside directories that
	// ingest does not read: other extensions, and entries that are not
	// regular files (symbolic links to directories, pipes, devices).
	// Hidden files and directories are skipped without a mention.
	Ignored []string
}

// Stream reads the given paths and sends one Item per article or problem
// to out, in a deterministic order: paths in the order given, each
// directory walked recursively in lexical order (names starting with "."
// skipped unless given explicitly), the records of a .jsonl/.csv file in
// file order. A file reached twice (say, given alone and inside a given
// directory) is read once.
//
// .txt and .md files are one article each, with metadata from a
// manifest.csv in the same directory (columns file, article_id, source,
// outlet, author, title, date, url, kind; others ignored) or, when it has no
// entry for the file, title from the file's stem and source from the
// folder's name. .jsonl files hold one JSON object per line with fields id,
// source, title, author, date, url, text and optionally outlet, kind
// (strings; numbers are taken as written; other fields ignored). .csv files
// (RFC 4180, header required, names matched case-insensitively) have the
// same columns, extra ones ignored; text is required. A record without a
// source takes the slug of its file's stem. Other files inside directories
// are listed in Stats.Ignored; other files given explicitly are a Problem.
//
// Article ids are the given id, else the first 16 hex digits of the
// SHA-256 of Text. A later article reusing an id of this run gets the
// suffix "-2" (or the next free number) and a Notice.
//
// Stream returns when all input is read, or early with ctx.Err() when ctx
// is cancelled (it selects on ctx.Done() while sending). It never closes
// out. Bad input is never an error of Stream: it is sent as a Problem; the
// only other error is a nil out.
func Stream(ctx context.Context, paths []string, opts Options, out chan<- Item) (Stats, error) {
	r, err := newRun(ctx, opts, out)
	if err != nil {
		return Stats{}, err
	}
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return r.stats, err
		}
		if err := r.path(p); err != nil {
			return r.stats, err
		}
	}
	return r.stats, nil
}

// StreamFS is Stream over one file or directory name in fsys (a
// slash-separated fs.FS path; "." for the root). Origins are paths in fsys.
func StreamFS(ctx context.Context, fsys fs.FS, name string, opts Options, out chan<- Item) (Stats, error) {
	return streamFS(ctx, fsys, name, "", opts, out)
}

// DefaultDir is the directory of data.FS holding the embedded sample corpus.
const DefaultDir = "articles"

// StreamDefault streams the embedded sample corpus (data.FS, directory
// "articles", with its manifest.csv), so that a run with no path works from
// any directory. Origins read "embedded:articles/<file>".
func StreamDefault(ctx context.Context, opts Options, out chan<- Item) (Stats, error) {
	return streamFS(ctx, data.FS, DefaultDir, "embedded:", opts, out)
}

func streamFS(ctx context.Context, fsys fs.FS, name, prefix string, opts Options, out chan<- Item) (Stats, error) {
	r, err := newRun(ctx, opts, out)
	if err != nil {
		return Stats{}, err
	}
	name = path.Clean(name)
	t := &tree{
		fsys:   fsys,
		key:    "fs:" + prefix,
		origin: func(n string) string { return prefix + n },
		folder: func(dir string) string {
			if dir == "." {
				return ""
			}
			return path.Base(dir)
		},
	}
	err = r.walk(t, name)
	return r.stats, err
}

// Collect runs Stream and gathers its items in order. It holds every article
// in memory: meant for small inputs and tests; use Stream for batches.
func Collect(ctx context.Context, paths []string, opts Options) ([]*article.Article, []*Problem, Stats, error) {
	return collect(func(out chan<- Item) (Stats, error) { return Stream(ctx, paths, opts, out) })
}

// CollectDefault is Collect for the embedded sample corpus (StreamDefault):
// five small articles, for tests and tools that need them in memory.
func CollectDefault(ctx context.Context, opts Options) ([]*article.Article, []*Problem, Stats, error) {
	return collect(func(out chan<- Item) (Stats, error) { return StreamDefault(ctx, opts, out) })
}

func collect(stream func(out chan<- Item) (Stats, error)) ([]*article.Article, []*Problem, Stats, error) {
	items, st, err := collectItems(stream)
	var (
		arts  []*article.Article
		probs []*Problem
	)
	for _, it := range items {
		if it.Article != nil {
			arts = append(arts, it.Article)
		} else {
			probs = append(probs, it.Problem)
		}
	}
	return arts, probs, st, err
}

// collectItems runs stream with a channel it drains into a slice.
func collectItems(stream func(out chan<- Item) (Stats, error)) ([]Item, Stats, error) {
	ch := make(chan Item, 16)
	var (
		st  Stats
		err error
	)
	go func() {
		defer close(ch)
		st, err = stream(ch)
	}()
	var items []Item
	for it := range ch {
		items = append(items, it)
	}
	return items, st, err
}

// run is the state of one Stream call.
type run struct {
	ctx       context.Context
	max       int64
	out       chan<- Item
	stats     Stats
	ids       map[string]string // article id → origin of its first use
	seen      map[string]bool   // files already read, by tree key + name
	manifests map[string]*manifest
}

func newRun(ctx context.Context, opts Options, out chan<- Item) (*run, error) {
	if out == nil {
		return nil, errors.New("ingest: nil output channel")
	}
	return &run{
		ctx:       ctx,
		max:       opts.maxBytes(),
		out:       out,
		ids:       map[string]string{},
		seen:      map[string]bool{},
		manifests: map[string]*manifest{},
	}, nil
}

func (r *run) send(it Item) error {
	select {
	case r.out <- it:
	case <-r.ctx.Done():
		return r.ctx.Err()
	}
	if it.Article != nil {
		r.stats.Articles++
	} else {
		r.stats.Problems++
	}
	return nil
}

// problem sends a Problem for origin built from err: its message is the
// reason and err (wrapping an Err* kind) is kept for errors.Is.
func (r *run) problem(origin string, err error) error {
	return r.send(Item{Problem: &Problem{Origin: origin, Reason: err.Error(), Err: err}})
}

// tree is a file system with the rules to name its files in reports.
type tree struct {
	fsys fs.FS
	// key identifies the tree's root for the caches (absolute directory
	// for the OS, "fs:" for an fs.FS).
	key string
	// origin names a file of the tree (slash path) for reports.
	origin func(name string) string
	// folder names a directory of the tree (slash path) for the file-name
	// fallback of the source.
	folder func(dir string) string
	// explicit, when set, is the origin of the one file the tree was made
	// for (a file path given to Stream).
	explicit string
}

func (t *tree) id(name string) string { return path.Join(t.key, name) }

// path handles one path given to Stream.
func (r *run) path(p string) error {
	fi, err := os.Stat(p)
	if err != nil {
		return r.problem(p, unreadable("cannot read", err))
	}
	switch {
	case fi.IsDir():
		abs, err := filepath.Abs(p)
		if err != nil {
			abs = p
		}
		t := &tree{
			fsys:   os.DirFS(p),
			key:    filepath.ToSlash(abs),
			origin: func(n string) string { return filepath.Join(p, filepath.FromSlash(n)) },
			folder: func(dir string) string { return filepath.Base(filepath.Join(abs, filepath.FromSlash(dir))) },
		}
		return r.walk(t, ".")
	case fi.Mode().IsRegular():
		dir := filepath.Dir(p)
		abs, err := filepath.Abs(dir)
		if err != nil {
			abs = dir
		}
		t := &tree{
			fsys:     os.DirFS(dir),
			key:      filepath.ToSlash(abs),
			origin:   func(n string) string { return filepath.Join(dir, filepath.FromSlash(n)) },
			folder:   func(string) string { return filepath.Base(abs) },
			explicit: p,
		}
		return r.file(t, filepath.Base(p), true)
	default:
		r.stats.Files++
		return r.problem(p, reasonf(ErrUnsupported, "not a regular file or directory (%s)", fi.Mode().Type()))
	}
}

// walk reads name in t: a file as if given explicitly, a directory
// recursively in lexical order.
func (r *run) walk(t *tree, root string) error {
	return fs.WalkDir(t.fsys, root, func(name string, d fs.DirEntry, err error) error {
		if cerr := r.ctx.Err(); cerr != nil {
			return cerr
		}
		if err != nil {
			if name == root && d == nil {
				return r.problem(t.origin(name), unreadable("cannot read", err))
			}
			if perr := r.problem(t.origin(name), unreadable("cannot read directory", err)); perr != nil {
				return perr
			}
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if name == root {
			if d.IsDir() {
				return nil
			}
			return r.file(t, name, true)
		}
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		mode := d.Type()
		if mode&fs.ModeSymlink != 0 {
			fi, err := fs.Stat(t.fsys, name)
			if err != nil {
				r.stats.Files++
				return r.problem(t.origin(name), unreadable("cannot read", err))
			}
			mode = fi.Mode().Type()
		}
		if !mode.IsRegular() {
			// Directories behind links (not followed: no cycles), pipes,
			// devices, sockets: reading them could block or never end.
			r.stats.Ignored = append(r.stats.Ignored, t.origin(name))
			return nil
		}
		return r.file(t, name, false)
	})
}

// File types.
const (
	extText     = ".txt"
	extMarkdown = ".md"
	extJSONL    = ".jsonl"
	extNDJSON   = ".ndjson"
	extCSV      = ".csv"

	manifestName = "manifest.csv"
)

// file reads one file of t; explicit files of unsupported types are a
// Problem, others are listed as ignored.
func (r *run) file(t *tree, name string, explicit bool) error {
	if id := t.id(name); r.seen[id] {
		return nil
	} else {
		r.seen[id] = true
	}
	origin := t.origin(name)
	if explicit && t.explicit != "" {
		origin = t.explicit
	}
	if path.Base(name) == manifestName {
		if explicit {
			r.stats.Files++
			return r.problem(origin, reasonf(ErrUnsupported,
				"a manifest holds metadata for the .txt/.md files beside it, not articles; give its directory instead"))
		}
		_, err := r.manifest(t, path.Dir(name), true)
		return err
	}
	ext := strings.ToLower(path.Ext(name))
	var read func(t *tree, name, origin string) error
	switch ext {
	case extText, extMarkdown:
		read = r.text
	case extJSONL, extNDJSON:
		read = r.jsonl
	case extCSV:
		read = r.csv
	default:
		if !explicit {
			r.stats.Ignored = append(r.stats.Ignored, origin)
			return nil
		}
		r.stats.Files++
		what := ext
		if what == "" {
			what = "with no extension"
		} else {
			what = strconv.Quote(ext)
		}
		return r.problem(origin, reasonf(ErrUnsupported, "unsupported file type %s (want .txt, .md, .jsonl or .csv)", what))
	}
	r.stats.Files++
	return read(t, name, origin)
}

// meta is an article's metadata as given by a manifest row or a record.
type meta struct {
	ID, Source, Outlet, Author, Title, Date, URL, Kind string
}

// metaFields maps column/field names to meta fields; "article_id" is the
// manifest's name for id.
var metaFields = map[string]func(*meta) *string{
	"id":         func(m *meta) *string { return &m.ID },
	"article_id": func(m *meta) *string { return &m.ID },
	"source":     func(m *meta) *string { return &m.Source },
	"outlet":     func(m *meta) *string { return &m.Outlet },
	"author":     func(m *meta) *string { return &m.Author },
	"title":      func(m *meta) *string { return &m.Title },
	"date":       func(m *meta) *string { return &m.Date },
	"url":        func(m *meta) *string { return &m.URL },
	"kind":       func(m *meta) *string { return &m.Kind },
}

// newArticle checks and normalises text (see finishText), fills the id from
// the content hash when none is given, makes the id unique within the run
// and builds the article. notices come first in Article.Notices.
func (r *run) newArticle(m meta, text, origin string, notices []string) (*article.Article, error) {
	text, err := finishText(text)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(text))
	hash := hex.EncodeToString(sum[:])
	m = cleanMeta(m)
	if m.ID == "" {
		m.ID = hash[:16]
	}
	a := &article.Article{
		ID:      m.ID,
		Source:  m.Source,
		Outlet:  m.Outlet,
		Author:  m.Author,
		Title:   m.Title,
		Date:    m.Date,
		URL:     m.URL,
		Kind:    m.Kind,
		Origin:  origin,
		Hash:    hash,
		Text:    text,
		Notices: notices,
	}
	if first, dup := r.ids[a.ID]; dup {
		id := a.ID
		for n := 2; ; n++ {
			a.ID = id + "-" + strconv.Itoa(n)
			if _, used := r.ids[a.ID]; !used {
				break
			}
		}
		a.Notices = append(a.Notices, fmt.Sprintf("duplicate id %q (first used by %s); renamed to %q", id, first, a.ID))
	}
	r.ids[a.ID] = origin
	return a, nil
}

// cleanMeta trims metadata and folds runs of white space (line breaks
// included) to one space.
func cleanMeta(m meta) meta {
	for _, f := range []*string{&m.ID, &m.Source, &m.Outlet, &m.Author, &m.Title, &m.Date, &m.URL, &m.Kind} {
		*f = strings.Join(strings.Fields(*f), " ")
	}
	return m
}

// slug turns a folder or file name into a source id: lower case, runs of
// characters other than letters and digits replaced by "-", trimmed; ""
// becomes "unknown".
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(c)
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "unknown"
	}
	return b.String()
}

// stem is a file name without directory and extension.
func stem(name string) string {
	base := path.Base(name)
	return strings.TrimSuffix(base, path.Ext(base))
}

// reasonError is an error whose message is a Problem's reason and which
// wraps the problem's kind.
type reasonError struct {
	kind   error
	reason string
}

func (e *reasonError) Error() string { return e.reason }
func (e *reasonError) Unwrap() error { return e.kind }

func reasonf(kind error, format string, args ...any) error {
	return &reasonError{kind: kind, reason: fmt.Sprintf(format, args...)}
}

// unreadable wraps an I/O error as ErrUnreadable, keeping it for errors.Is
// and dropping the path a *fs.PathError repeats.
func unreadable(what string, err error) error {
	return &joinedError{reasonError: reasonError{kind: ErrUnreadable, reason: what + ": " + errText(err)}, err: err}
}

// errText is err's message without the operation and path a *fs.PathError
// adds (the Problem names the file already).
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

type joinedError struct {
	reasonError
	err error
}

func (e *joinedError) Unwrap() []error { return []error{e.kind, e.err} }

// at names line n of origin.
func at(origin string, n int) string { return origin + ":" + strconv.Itoa(n) }

// oneLine replaces control characters (line breaks included) by spaces.
func oneLine(s string) string {
	if !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	return strings.Map(func(c rune) rune {
		if unicode.IsControl(c) {
			return ' '
		}
		return c
	}, s)
}

// sizeString writes a byte count for people: "16 MiB", "300 KiB", "17 bytes".
func sizeString(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
