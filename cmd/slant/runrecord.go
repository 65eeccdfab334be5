package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/slant-project/slant/pipeline"
	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/bias"
	"github.com/slant-project/slant/pipeline/ingest"
	"github.com/slant-project/slant/pipeline/report"
)

// runRecord is run.json: what went in, what happened to each input, what
// each stage produced, the versions that produced it and how long it took.
type runRecord struct {
	Tool    toolInfo          `json:"tool"`
	Profile profileInfo       `json:"profile"`
	Models  map[string]string `json:"models"`
	Started string            `json:"started"`
	Paths   []string          `json:"paths"` // empty: the embedded sample corpus
	Workers int               `json:"workers"`
	Store   string            `json:"store,omitempty"`

	// Counts: every input ends in exactly one of processed, unchanged,
	// rescored, failed or skipped, so they add up to inputs.
	Counts struct {
		Inputs    int `json:"inputs"`
		Processed int `json:"processed"` // new or changed article, run through every stage
		Unchanged int `json:"unchanged"` // already in the store with current versions (--db)
		Rescored  int `json:"rescored"`  // in the store, rescored for a new model or profile (--db)
		Failed    int `json:"failed"`    // read, but a stage failed on it
		Skipped   int `json:"skipped"`   // could not be read as an article (see problems)
		Claims    int `json:"claims"`
	} `json:"counts"`

	// Stages counts what each stage produced over the articles written.
	Stages struct {
		Articles        int `json:"articles"`
		BlocksKept      int `json:"blocks_kept"`
		BlocksFurniture int `json:"blocks_furniture"`
		Comments        int `json:"comments"`
		Claims          int `json:"claims"`
		ClaimsBody      int `json:"claims_body"`
		ClaimsComment   int `json:"claims_comment"`
		Quotes          int `json:"quotes"`
		Reported        int `json:"reported"`
		Tokens          int `json:"tokens"`
		Scored          int `json:"scored"`
	} `json:"stages"`

	Ingest   ingest.Stats         `json:"ingest"`
	Problems []problemEntry       `json:"problems"` // skipped inputs, with reasons
	Failures []problemEntry       `json:"failures"` // articles a stage failed on
	Notices  []problemEntry       `json:"notices"`  // non-fatal remarks (e.g. decoded as Windows-1252)
	Timings  []pipeline.StageTime `json:"stage_seconds"`
	Outputs  map[string]string    `json:"outputs"`
	Articles []articleEntry       `json:"articles"`
	// Report is what the report needs to be rebuilt (slant report --from).
	Report      report.Meta `json:"report"`
	WallSeconds float64     `json:"wall_seconds"`
}

type toolInfo struct {
	Name      string `json:"name"`
	Version   string `json:"version"`
	GoVersion string `json:"go"`
}

type profileInfo struct {
	Name     string `json:"name"`
	Version  string `json:"version"`
	Path     string `json:"path"`
	Checksum string `json:"sha256"`
}

type problemEntry struct {
	Origin string `json:"origin"`
	ID     string `json:"article_id,omitempty"`
	Reason string `json:"reason"`
}

type articleEntry struct {
	ID     string `json:"article_id"`
	Source string `json:"source"`
	Origin string `json:"origin"`
	Status string `json:"status"`
	Claims int    `json:"claims"`
	Hash   string `json:"sha256"`
}

func toolVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

func newRunRecord(f runFlags, env *runEnv) *runRecord {
	r := &runRecord{
		Tool:    toolInfo{Name: "slant", Version: toolVersion(), GoVersion: runtime.Version()},
		Profile: profileInfo{Name: env.profile.Name, Version: env.profile.Version, Path: env.profile.Path, Checksum: env.profile.Checksum},
		Models:  env.versions,
		Started: time.Now().UTC().Format(time.RFC3339),
		Paths:   f.paths,
		Workers: f.workers,
		Store:   f.db,
		Outputs: map[string]string{},
	}
	if r.Paths == nil {
		r.Paths = []string{}
	}
	r.Problems, r.Failures, r.Notices, r.Articles = []problemEntry{}, []problemEntry{}, []problemEntry{}, []articleEntry{}
	return r
}

func (r *runRecord) skip(p error) {
	r.Counts.Skipped++
	e := problemEntry{Reason: p.Error()}
	if ip, ok := p.(*ingest.Problem); ok {
		e.Origin, e.Reason = ip.Origin, ip.Reason
	}
	r.Problems = append(r.Problems, e)
}

func (r *runRecord) fail(a *article.Article, err error) {
	r.Counts.Failed++
	r.Failures = append(r.Failures, problemEntry{Origin: a.Origin, ID: a.ID, Reason: err.Error()})
	r.Articles = append(r.Articles, articleEntry{ID: a.ID, Source: a.Source, Origin: a.Origin, Status: "failed", Hash: a.Hash})
}

// done records an article that went through the chain (or was found
// unchanged in the store) with its status.
func (r *runRecord) done(a *article.Article, status string) {
	switch status {
	case statusUnchanged:
		r.Counts.Unchanged++
	case statusRescored:
		r.Counts.Rescored++
	default:
		status = statusProcessed
		r.Counts.Processed++
	}
	r.Counts.Claims += len(a.Claims)
	for _, n := range a.Notices {
		r.Notices = append(r.Notices, problemEntry{Origin: a.Origin, ID: a.ID, Reason: n})
	}
	s := &r.Stages
	s.Articles++
	comments := map[int]bool{}
	for _, b := range a.Blocks {
		if b.Kept() {
			s.BlocksKept++
		} else {
			s.BlocksFurniture++
		}
		if b.Comment > 0 {
			comments[b.Comment] = true
		}
	}
	s.Comments += len(comments)
	s.Claims += len(a.Claims)
	for _, c := range a.Claims {
		if c.Section == article.SectionComment {
			s.ClaimsComment++
		} else {
			s.ClaimsBody++
		}
		switch c.Voice {
		case article.VoiceQuote:
			s.Quotes++
		case article.VoiceReported:
			s.Reported++
		}
		s.Tokens += len(c.Tokens)
		if c.Score != nil {
			s.Scored++
		}
	}
	r.Articles = append(r.Articles, articleEntry{ID: a.ID, Source: a.Source, Origin: a.Origin, Status: status, Claims: len(a.Claims), Hash: a.Hash})
}

func (r *runRecord) write(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("run.json: %w", err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("run.json: %w", err)
	}
	return nil
}

// Statuses of an article in a run.
const (
	statusProcessed = "processed"
	statusUnchanged = "unchanged"
	statusRescored  = "rescored"
)

// reportMeta is the part of the record the report shows.
func (r *runRecord) reportMeta(opts bias.Options) report.Meta {
	m := report.Meta{
		Version: r.Tool.Version,
		Created: r.Started,
		Profile: r.Profile.Name + "@" + r.Profile.Version,
		Inputs:  r.Paths,
		Failed:  r.Counts.Failed,
		Skipped: r.Counts.Skipped,
		Bias:    &opts,
	}
	if len(m.Inputs) == 0 {
		m.Inputs = []string{"embedded sample corpus (data/articles)"}
	}
	for _, k := range []string{"stance", "sentiment"} {
		if v, ok := r.Models[k]; ok {
			m.Models = append(m.Models, k+" "+v)
		}
	}
	for _, p := range r.Problems {
		m.Notes = append(m.Notes, "skipped "+p.Origin+": "+p.Reason)
	}
	for _, p := range r.Failures {
		m.Notes = append(m.Notes, "failed "+p.ID+" ("+p.Origin+"): "+p.Reason)
	}
	return m
}
