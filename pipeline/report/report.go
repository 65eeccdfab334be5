// Package report renders slant's per-source measures for people:
// report.html, one self-contained page (inline CSS and SVG charts drawn
// with gonum/plot; no scripts, fonts or other external resources), and
// report.md with the same tables. Every piece of article text (claims,
// speakers, source and outlet names) is escaped: by html/template in the
// HTML, by vgsvg in the charts, and by backslash escapes in the Markdown.
//
// Load rebuilds the report's input from a run's CSV files (for "slant
// report --from DIR").
package report

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"

	"github.com/slant-project/slant/pipeline/bias"
)

//go:embed templates/report.html.tmpl
var templates embed.FS

var page = template.Must(template.ParseFS(templates, "templates/report.html.tmpl"))

// File names written by Write.
const (
	HTMLFile     = "report.html"
	MarkdownFile = "report.md"
)

// WriteHTML writes report.html's content for res to w.
func WriteHTML(w io.Writer, res *bias.Result, meta Meta) error {
	v := build(res, &meta, true)
	if err := page.Execute(w, &v); err != nil {
		return fmt.Errorf("report.html: %w", err)
	}
	return nil
}

// WriteMarkdown writes report.md's content for res to w: the tables of the
// HTML report, without charts.
func WriteMarkdown(w io.Writer, res *bias.Result, meta Meta) error {
	v := build(res, &meta, false)
	if err := writeMarkdown(w, &v); err != nil {
		return fmt.Errorf("report.md: %w", err)
	}
	return nil
}

// Write writes report.html and report.md into dir (which must exist),
// each through a temporary file renamed into place, so a failed write
// leaves no half report.
func Write(dir string, res bias.Result, meta Meta) error {
	for _, f := range []struct {
		name  string
		write func(io.Writer, *bias.Result, Meta) error
	}{{HTMLFile, WriteHTML}, {MarkdownFile, WriteMarkdown}} {
		if err := writeFile(filepath.Join(dir, f.name), func(w io.Writer) error { return f.write(w, &res, meta) }); err != nil {
			return err
		}
	}
	return nil
}

func writeFile(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
