package report

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/bias"
	"github.com/slant-project/slant/pipeline/export"
)

// Files Load reads from a run directory.
const (
	ClaimsFile   = "claims.csv"
	ArticlesFile = "articles.csv"
	SourcesFile  = "sources.csv"
	RunFile      = "run.json"
)

// ErrMissing is wrapped by Load's error when a required file is absent.
var ErrMissing = errors.New("missing file")

// Load rebuilds a report's input from the files a run wrote into dir:
//
//   - sources.csv: the source measures and their intervals, as written (the
//     report shows exactly these numbers); the comparisons and warnings are
//     recomputed from its counts (bias.Result.Complete);
//   - claims.csv: the most one-sided claims of each source section and the
//     model versions; its claim and stance counts are checked against
//     sources.csv;
//   - articles.csv: the number of articles and of articles without claims;
//   - run.json, if present: Meta, including the aggregation options.
//
// It returns the problems that did not stop it (skipped rows, as
// *export.RowError; missing optional columns; an unreadable run.json;
// files that disagree), which are also added to the result's warnings when
// they concern the figures, and an error when a required file is missing
// (wrapping ErrMissing) or unusable. ctx cancels the reading of claims.csv.
func Load(ctx context.Context, dir string) (bias.Result, Meta, []error, error) {
	var res bias.Result
	var meta Meta
	var probs []error

	if f, err := os.Open(filepath.Join(dir, RunFile)); err == nil {
		m, err := ReadMeta(f, filepath.Join(dir, RunFile))
		f.Close()
		if err != nil {
			probs = append(probs, err)
		}
		meta = m
	} else if !errors.Is(err, fs.ErrNotExist) {
		probs = append(probs, fmt.Errorf("%s: %w (ignored)", filepath.Join(dir, RunFile), err))
	}
	if meta.Bias != nil {
		res.Options = *meta.Bias
	}

	// sources.csv
	var sources []bias.SourceMeasures
	err := readFile(dir, SourcesFile, func(r io.Reader, name string) error {
		rows, p, err := export.ReadSources(r, name)
		probs = append(probs, p...)
		sources = rows
		return err
	})
	if err != nil {
		return bias.Result{}, Meta{}, probs, err
	}

	// claims.csv, through an aggregator without bootstrap: top claims,
	// models and counts for the cross-check.
	topK := bias.DefaultTopK
	if res.Options.TopK != 0 {
		topK = res.Options.TopK
	}
	agg := bias.NewAggregator(bias.Options{Bootstrap: -1, TopK: topK})
	err = readFile(dir, ClaimsFile, func(r io.Reader, name string) error {
		cr, err := export.NewClaimsReader(r, name)
		if err != nil {
			return err
		}
		defer func() { probs = append(probs, cr.Problems()...) }()
		for {
			if err := ctx.Err(); err != nil {
				return err
			}
			a, err := cr.Next()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			agg.Add(a)
		}
	})
	if err != nil {
		return bias.Result{}, Meta{}, probs, err
	}
	fromClaims, err := agg.Result(ctx)
	if err != nil {
		return bias.Result{}, Meta{}, probs, err
	}

	// articles.csv
	type seen struct{ claims int }
	articles := make(map[string]*seen)
	err = readFile(dir, ArticlesFile, func(r io.Reader, name string) error {
		p, err := export.ReadArticles(r, name, func(m *bias.ArticleMeasures) error {
			s := articles[m.ArticleID]
			if s == nil {
				s = &seen{}
				articles[m.ArticleID] = s
			}
			s.claims += m.Counts.Claims
			return nil
		})
		probs = append(probs, p...)
		return err
	})
	if err != nil {
		return bias.Result{}, Meta{}, probs, err
	}

	res.Sources = sources
	res.Articles = len(articles)
	for _, s := range articles {
		if s.claims == 0 {
			res.Empty++
		}
	}
	res.Models = fromClaims.Models
	type key struct {
		source  string
		section article.Section
	}
	byKey := make(map[key]*bias.SourceMeasures)
	for i := range fromClaims.Sources {
		s := &fromClaims.Sources[i]
		byKey[key{s.Source, s.Section}] = s
	}
	var disagree []string
	for i := range res.Sources {
		s := &res.Sources[i]
		res.Claims += s.Counts.Claims
		res.Scored += s.Counts.Scored
		c := byKey[key{s.Source, s.Section}]
		delete(byKey, key{s.Source, s.Section})
		if c == nil {
			if s.Counts.Claims > 0 {
				disagree = append(disagree, fmt.Sprintf("%s (%s): %d claims in %s, none in %s", s.Source, s.Section, s.Counts.Claims, SourcesFile, ClaimsFile))
			}
			continue
		}
		s.TopProGov, s.TopProJDC = c.TopProGov, c.TopProJDC
		if c.Counts.Claims != s.Counts.Claims || c.Counts.Stance != s.Counts.Stance {
			disagree = append(disagree, fmt.Sprintf("%s (%s): %s has %d claims (stance %v), %s %d (stance %v)",
				s.Source, s.Section, SourcesFile, s.Counts.Claims, s.Counts.Stance, ClaimsFile, c.Counts.Claims, c.Counts.Stance))
		}
	}
	for _, c := range fromClaims.Sources {
		if byKey[key{c.Source, c.Section}] != nil {
			disagree = append(disagree, fmt.Sprintf("%s (%s): %d claims in %s, no row in %s", c.Source, c.Section, c.Counts.Claims, ClaimsFile, SourcesFile))
		}
	}
	res.Complete()
	for _, d := range disagree {
		w := "files disagree, " + d + ": are they from the same run?"
		res.Warnings = append(res.Warnings, w)
		probs = append(probs, fmt.Errorf("%s: %s", dir, w))
	}
	return res, meta, probs, nil
}

// readFile opens dir/name and passes it to read, with clear errors for a
// missing or unreadable file.
func readFile(dir, name string, read func(io.Reader, string) error) error {
	path := filepath.Join(dir, name)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: no such file (a run's output directory holds %s, %s and %s): %w", path, ClaimsFile, ArticlesFile, SourcesFile, ErrMissing)
	}
	if err != nil {
		return err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return fmt.Errorf("%s: is a directory, not a CSV file", path)
	}
	return read(f, path)
}
