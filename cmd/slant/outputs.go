package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/bias"
	"github.com/slant-project/slant/pipeline/export"
	"github.com/slant-project/slant/pipeline/report"
)

// outputs writes a run's files as articles arrive: claims.csv and
// articles.csv are streamed; the per-source measures, sources.csv and the
// report are computed at the end from per-article summaries (bias keeps
// no claims), so memory does not grow with the corpus.
type outputs struct {
	dir      string
	files    []*os.File
	bufs     []*bufio.Writer
	claims   *export.ClaimsWriter
	articles *export.ArticlesWriter
	agg      *bias.Aggregator
}

func openOutputs(dir string, env *runEnv) (*outputs, error) {
	o := &outputs{dir: dir}
	cw, err := o.create("claims.csv")
	if err != nil {
		return nil, err
	}
	aw, err := o.create("articles.csv")
	if err != nil {
		o.close()
		return nil, err
	}
	o.claims = export.NewClaimsWriter(cw)
	o.articles = export.NewArticlesWriter(aw)
	o.agg = bias.NewAggregator(bias.Options{}) // the defaults: 2,000 replicates, fixed seed
	return o, nil
}

func (o *outputs) create(name string) (*bufio.Writer, error) {
	f, err := os.Create(filepath.Join(o.dir, name))
	if err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	b := bufio.NewWriterSize(f, 256<<10)
	o.files = append(o.files, f)
	o.bufs = append(o.bufs, b)
	return b, nil
}

// add writes one processed article's rows and adds it to the measures.
func (o *outputs) add(a *article.Article) error {
	if err := o.claims.Write(a); err != nil {
		return fmt.Errorf("claims.csv: %w", err)
	}
	for _, m := range o.agg.Add(a) {
		if err := o.articles.Write(&m); err != nil {
			return fmt.Errorf("articles.csv: %w", err)
		}
	}
	return nil
}

// finish computes the per-source measures and writes sources.csv and the
// report, then flushes and closes every file.
func (o *outputs) finish(ctx context.Context, rec *runRecord) error {
	res, err := o.agg.Result(ctx)
	if err != nil {
		return fmt.Errorf("measures: %w", err)
	}
	if err := o.claims.Flush(); err != nil {
		return fmt.Errorf("claims.csv: %w", err)
	}
	if err := o.articles.Flush(); err != nil {
		return fmt.Errorf("articles.csv: %w", err)
	}
	sw, err := o.create("sources.csv")
	if err != nil {
		return err
	}
	if err := export.WriteSources(sw, res.Sources); err != nil {
		return fmt.Errorf("sources.csv: %w", err)
	}
	if err := o.close(); err != nil {
		return err
	}
	meta := rec.reportMeta(res.Options)
	rec.Report = meta
	if err := report.Write(o.dir, res, meta); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	for _, n := range []string{"claims.csv", "articles.csv", "sources.csv", "report.html", "report.md", "run.json"} {
		rec.Outputs[n] = filepath.Join(o.dir, n)
	}
	return nil
}

// close flushes and closes the files still open; it is safe to call twice.
func (o *outputs) close() error {
	var errs []error
	for i, f := range o.files {
		if err := o.bufs[i].Flush(); err != nil {
			errs = append(errs, fmt.Errorf("output %s: %w", f.Name(), err))
		}
		if err := f.Close(); err != nil {
			errs = append(errs, fmt.Errorf("output %s: %w", f.Name(), err))
		}
	}
	o.files, o.bufs = nil, nil
	return errors.Join(errs...)
}
