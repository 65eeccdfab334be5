package main

import (
	"context"
	"fmt"
	"sync"

	"github.com/slant-project/slant/pipeline"
	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/store"
)

// runStore connects slant run to the optional --db store. Without --db it
// passes every article through the chain and reports it as processed.
//
// With --db, each worker looks the article up before running the chain:
// an article stored with the same input (content hash and metadata, as the
// cleaner reads title, author, outlet and source; where it was read from
// does not count) and the current versions is loaded from the store
// (unchanged); one stored with the same input but other versions goes
// through the chain again (rescored: the profile changes attribution too,
// so the whole chain runs); any other is new or changed (processed). The single emit goroutine then writes what was
// (re)processed through a store.Writer, which commits every 200 articles
// or 2 s, so a kill loses at most the open batch and the next run resumes.
type runStore struct {
	st       *store.Store // nil without --db
	w        *store.Writer
	versions store.Versions

	mu      sync.Mutex
	pending map[*article.Article]pendingArticle // decided by a worker, not yet emitted
}

// pendingArticle is what a worker decided about an article, for emit.
type pendingArticle struct {
	status  string
	notices int  // ingest's notices; the stages' follow
	moved   bool // unchanged, but read from another origin than the stored
}

func openStore(ctx context.Context, path string, env *runEnv) (*runStore, error) {
	if path == "" {
		return &runStore{}, nil
	}
	st, err := store.Open(ctx, path, store.Create)
	if err != nil {
		return nil, err
	}
	return &runStore{
		st:       st,
		w:        st.Writer(store.DefaultBatch),
		versions: store.Versions(env.versions),
		pending:  map[*article.Article]pendingArticle{},
	}, nil
}

// wrap returns the processor the pool runs: the store lookup (timed as
// stage "store" into t), then the chain unless the article was loaded.
func (s *runStore) wrap(chain article.Processor, t *pipeline.Timings) article.Processor {
	if s.st == nil {
		return chain
	}
	look := pipeline.Timed("store", article.ProcessorFunc(s.lookup), t)
	return article.ProcessorFunc(func(ctx context.Context, a *article.Article) error {
		if err := look.Process(ctx, a); err != nil {
			return err
		}
		if s.peek(a) == statusUnchanged {
			return nil
		}
		return chain.Process(ctx, a)
	})
}

// lookup decides the article's status and, when it is unchanged, fills
// its blocks, claims and stage notices from the store.
func (s *runStore) lookup(ctx context.Context, a *article.Article) error {
	p := pendingArticle{status: statusProcessed, notices: len(a.Notices)}
	e, ok, err := s.st.Lookup(ctx, a.ID)
	if err != nil {
		return err
	}
	if ok && sameInput(e, a) {
		p.status = statusRescored
		if e.Versions.Equal(s.versions) {
			// A stored article that cannot be read back is processed again
			// (and so rewritten), with a notice for this run only.
			if err := s.st.Fill(ctx, e, a); err != nil {
				a.Notices = append(a.Notices, fmt.Sprintf("processed again: %v", err))
				p.status, p.notices = statusProcessed, len(a.Notices)
			} else {
				p.status = statusUnchanged
				p.moved = e.Meta.Origin != a.Origin
			}
		}
	}
	s.mu.Lock()
	s.pending[a] = p
	s.mu.Unlock()
	return nil
}

// sameInput reports whether a is the input e was made from: same text and
// same metadata but for its origin.
func sameInput(e store.Entry, a *article.Article) bool {
	m := store.MetaOf(a)
	m.Origin = e.Meta.Origin
	return e.Hash == a.Hash && e.Meta == m
}

func (s *runStore) peek(a *article.Article) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pending[a].status
}

func (s *runStore) take(a *article.Article) (pendingArticle, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.pending[a]
	delete(s.pending, a)
	return p, ok
}

// save is called from the emit goroutine for each article the chain
// finished (or the store supplied), in input order. It writes what was
// processed or rescored (with the notices the stages added), updates the
// origin of an unchanged article read from another place, and returns the
// article's status for run.json.
func (s *runStore) save(a *article.Article) (string, error) {
	if s.st == nil {
		return statusProcessed, nil
	}
	p, ok := s.take(a)
	if !ok { // not seen by lookup: cannot happen through wrap
		p = pendingArticle{status: statusProcessed, notices: len(a.Notices)}
	}
	var err error
	switch {
	case p.status == statusUnchanged && p.moved:
		err = s.w.SetMeta(a.ID, store.MetaOf(a))
	case p.status == statusUnchanged:
		err = s.w.Tick()
	default:
		cp := *a
		cp.Notices = a.Notices[min(p.notices, len(a.Notices)):]
		err = s.w.Put(&cp, s.versions)
	}
	return p.status, err
}

// forget drops what lookup noted about an article a stage failed on; the
// store keeps what it held for its id, so the next run tries it again.
func (s *runStore) forget(a *article.Article) {
	if s.st != nil {
		s.take(a)
	}
}

// flush commits the open batch: every article saved so far is complete, so
// this is right after a finished run and after an interrupted one alike.
func (s *runStore) flush() error {
	if s.st == nil {
		return nil
	}
	return s.w.Flush()
}

// close commits the open batch and closes the store.
func (s *runStore) close() error {
	if s.st == nil {
		return nil
	}
	ferr := s.w.Flush()
	cerr := s.st.Close()
	s.st = nil
	if ferr != nil {
		return ferr
	}
	return cerr
}
