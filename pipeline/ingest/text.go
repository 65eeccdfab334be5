package ingest

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
)

// text reads a .txt or .md file as one article.
func (r *run) text(t *tree, name, origin string) error {
	f, err := t.fsys.Open(name)
	if err != nil {
		return r.problem(origin, unreadable("cannot read", err))
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > r.max {
		return r.problem(origin, reasonf(ErrTooLarge, "file is %d bytes, over the %s size limit; skipped",
			fi.Size(), sizeString(r.max)))
	}
	b, err := io.ReadAll(io.LimitReader(f, r.max+1))
	if err != nil {
		return r.problem(origin, unreadable("cannot read", err))
	}
	if int64(len(b)) > r.max {
		return r.problem(origin, reasonf(ErrTooLarge, "file is over the %s size limit; skipped", sizeString(r.max)))
	}
	text, notes, err := Decode(b)
	if err != nil {
		return r.problem(origin, err)
	}
	dir := path.Dir(name)
	man, err := r.manifest(t, dir, false)
	if err != nil {
		return err
	}
	var m meta
	if row, ok := man.row(path.Base(name)); ok {
		m = row.meta
		notes = append(notes, row.notes...)
		if strings.TrimSpace(m.ID) == "" {
			notes = append(notes, fmt.Sprintf("%s:%d gives no article_id; id from content hash", manifestName, row.line))
		}
		if strings.TrimSpace(m.Source) == "" {
			m.Source = slug(t.folder(dir))
			notes = append(notes, fmt.Sprintf("%s:%d gives no source; using the folder name: %q", manifestName, row.line, m.Source))
		}
		if strings.TrimSpace(m.Title) == "" {
			m.Title = stem(name)
			notes = append(notes, fmt.Sprintf("%s:%d gives no title; using the file name", manifestName, row.line))
		}
	} else {
		m.Title, m.Source = stem(name), slug(t.folder(dir))
		why := "no " + manifestName + " beside the file"
		if man != nil {
			why = "not listed in " + manifestName
		}
		notes = append(notes, fmt.Sprintf("%s: title from the file name, source from the folder name (%q), id from content hash", why, m.Source))
	}
	a, err := r.newArticle(m, text, origin, notes)
	if err != nil {
		return r.problem(origin, err)
	}
	return r.send(Item{Article: a})
}

// manifest holds the rows of one directory's manifest.csv by file name.
type manifest struct {
	origin  string
	dir     string
	rows    map[string]manifestRow
	order   []manifestRow // rows in file order
	checked bool          // rows were checked against the directory
}

type manifestRow struct {
	file  string
	line  int
	meta  meta
	notes []string
}

func (m *manifest) row(file string) (manifestRow, bool) {
	if m == nil {
		return manifestRow{}, false
	}
	row, ok := m.rows[file]
	return row, ok
}

// manifest returns the manifest of dir in t (nil when there is none),
// reading it on first use and sending its problems then. With check set,
// it also reports, once, rows naming files that are not in dir. The error
// is ctx's.
func (r *run) manifest(t *tree, dir string, check bool) (*manifest, error) {
	name := path.Join(dir, manifestName)
	key := t.id(name)
	m, ok := r.manifests[key]
	if !ok {
		var err error
		m, err = r.loadManifest(t, dir)
		if err != nil {
			return nil, err
		}
		r.manifests[key] = m
	}
	if !check || m == nil || m.checked {
		return m, nil
	}
	m.checked = true
	for _, row := range m.order {
		if _, err := fs.Stat(t.fsys, path.Join(dir, row.file)); err != nil {
			reason := reasonf(ErrManifest, "lists %q, which is not in the folder", row.file)
			if !errors.Is(err, fs.ErrNotExist) {
				reason = reasonf(ErrManifest, "lists %q, which cannot be read: %s", row.file, errText(err))
			}
			if err := r.problem(at(m.origin, row.line), reason); err != nil {
				return nil, err
			}
		}
	}
	return m, nil
}

// loadManifest reads dir/manifest.csv: a header with a "file" column, then
// one row per file (columns as in metaFields; others ignored). Bad rows are
// sent as problems and left out; a manifest without a usable header has no
// rows. It returns nil when dir has no manifest.
func (r *run) loadManifest(t *tree, dir string) (*manifest, error) {
	name := path.Join(dir, manifestName)
	m := &manifest{origin: t.origin(name), dir: dir, rows: map[string]manifestRow{}}
	f, err := t.fsys.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return m, r.problem(m.origin, unreadable("cannot read manifest", err))
	}
	defer f.Close()
	br, _, err := openStream(f)
	if err != nil {
		return m, r.problem(m.origin, err)
	}
	var cols []string
	fileCol := -1
	err = eachCSV(r.ctx, br, r.max, func(rec csvRecord) error {
		where := at(m.origin, rec.line)
		if cols == nil {
			if rec.err != nil {
				if err := r.problem(where, reasonf(rec.err, "bad manifest header (%v); manifest not used", rec.err)); err != nil {
					return err
				}
				return errStop
			}
			cols = make([]string, len(rec.fields))
			for i, c := range rec.fields {
				cols[i] = strings.ToLower(strings.TrimSpace(c))
				if cols[i] == "file" && fileCol < 0 {
					fileCol = i
				}
			}
			if fileCol < 0 {
				if err := r.problem(where, reasonf(ErrSyntax, "manifest header has no \"file\" column (columns: %s); manifest not used",
					strings.Join(cols, ", "))); err != nil {
					return err
				}
				return errStop
			}
			return nil
		}
		if rec.err != nil {
			return r.problem(where, rec.err)
		}
		if len(rec.fields) != len(cols) {
			return r.problem(where, reasonf(ErrSyntax, "malformed manifest row: %d fields, header has %d", len(rec.fields), len(cols)))
		}
		row := manifestRow{file: strings.TrimSpace(rec.fields[fileCol]), line: rec.line}
		switch {
		case row.file == "":
			return r.problem(where, reasonf(ErrManifest, "manifest row has an empty file column"))
		case strings.ContainsAny(row.file, `/\`):
			return r.problem(where, reasonf(ErrManifest, "file %q is not a plain file name (a manifest describes the files in its own folder)", row.file))
		}
		if first, dup := m.rows[row.file]; dup {
			return r.problem(where, reasonf(ErrManifest, "file %q listed again (first on line %d); this row ignored", row.file, first.line))
		}
		for i, c := range cols {
			if set := metaFields[c]; set != nil && *set(&row.meta) == "" {
				*set(&row.meta) = rec.fields[i]
			}
		}
		for _, n := range rec.notes {
			row.notes = append(row.notes, fmt.Sprintf("%s:%d %s", manifestName, rec.line, n))
		}
		m.rows[row.file] = row
		m.order = append(m.order, row)
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return nil, err
	}
	return m, nil
}
