package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// errStop ends reading a record file early without a further problem.
var errStop = errors.New("stop")

// jsonl reads a JSON Lines file: one object per line, blank lines skipped.
func (r *run) jsonl(t *tree, name, origin string) error {
	f, err := t.fsys.Open(name)
	if err != nil {
		return r.problem(origin, unreadable("cannot read", err))
	}
	defer f.Close()
	br, streamNote, err := openStream(f)
	if err != nil {
		return r.problem(origin, err)
	}
	lr := &lineReader{br: br, max: r.max}
	records := 0
	var line []byte
	for {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		var long bool
		line, long, err = lr.next(line[:0], nil)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return r.problem(at(origin, lr.n+1), err)
		}
		where := at(origin, lr.n)
		if long {
			records++
			if err := r.problem(where, reasonf(ErrTooLarge, "line is over the %s size limit; skipped", sizeString(r.max))); err != nil {
				return err
			}
			continue
		}
		trimmed := bytes.TrimSpace(line)
		if len(trimmed) == 0 {
			continue
		}
		if records == 0 && trimmed[0] == '[' {
			return r.problem(where, reasonf(ErrSyntax, "a JSON array, not JSON Lines (one object per line); file skipped"))
		}
		records++
		it := r.jsonRecord(line, name, where, streamNote)
		if err := r.send(it); err != nil {
			return err
		}
	}
	if records == 0 {
		return r.problem(origin, reasonf(ErrEmpty, "no records (blank lines only)"))
	}
	return nil
}

// jsonRecord turns one JSON line into an article or a problem.
func (r *run) jsonRecord(line []byte, name, where, streamNote string) Item {
	var notes []string
	if streamNote != "" {
		notes = append(notes, streamNote)
	}
	b, note, err := fixEncoding(line)
	if err != nil {
		return problemItem(where, err)
	}
	if note != "" {
		notes = append(notes, note)
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return problemItem(where, reasonf(ErrSyntax, "malformed JSON at byte %d: %v", se.Offset, se))
		case errors.As(err, &te):
			return problemItem(where, reasonf(ErrSyntax, "malformed JSON line: a %s, not an object", te.Value))
		}
		return problemItem(where, reasonf(ErrSyntax, "malformed JSON line: %v", err))
	}
	if obj == nil {
		return problemItem(where, reasonf(ErrSyntax, "malformed JSON line: null, not an object"))
	}
	raw, ok := obj["text"]
	if !ok {
		return problemItem(where, reasonf(ErrNoText, "no \"text\" field"))
	}
	var text string
	if err := json.Unmarshal(raw, &text); err != nil {
		return problemItem(where, reasonf(ErrNoText, "\"text\" is not a string"))
	}
	var m meta
	for _, key := range []string{"article_id", "id", "source", "outlet", "author", "title", "date", "url", "kind"} {
		raw, ok := obj[key]
		if !ok {
			continue
		}
		s, ok := jsonScalar(raw)
		if !ok {
			notes = append(notes, fmt.Sprintf("field %q is not a string or number; ignored", key))
			continue
		}
		if s != "" {
			*metaFields[key](&m) = s // "id" wins over "article_id"
		}
	}
	notes = append(notes, fillRecordMeta(&m, name)...)
	a, err := r.newArticle(m, text, where, notes)
	if err != nil {
		return problemItem(where, err)
	}
	return Item{Article: a}
}

// jsonScalar returns a JSON string's value, a number's or bool's text, or
// "" for null; ok is false for objects and arrays.
func jsonScalar(raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "", false
	}
	switch raw[0] {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", false
		}
		return s, true
	case '{', '[':
		return "", false
	case 'n':
		return "", true
	}
	return string(raw), true
}

// fillRecordMeta fills what a .jsonl/.csv record leaves out and says so:
// the source falls back to the file's stem; a missing id and title are
// noted (the id then comes from the content hash).
func fillRecordMeta(m *meta, name string) []string {
	var notes []string
	if strings.TrimSpace(m.ID) == "" {
		notes = append(notes, "no id; id from content hash")
	}
	if strings.TrimSpace(m.Source) == "" {
		m.Source = slug(stem(name))
		notes = append(notes, fmt.Sprintf("no source; using the file name: %q", m.Source))
	}
	if strings.TrimSpace(m.Title) == "" {
		notes = append(notes, "no title")
	}
	return notes
}

func problemItem(origin string, err error) Item {
	return Item{Problem: &Problem{Origin: origin, Reason: err.Error(), Err: err}}
}

// csv reads a CSV file: a header naming the columns (text required), then
// one article per row.
func (r *run) csv(t *tree, name, origin string) error {
	f, err := t.fsys.Open(name)
	if err != nil {
		return r.problem(origin, unreadable("cannot read", err))
	}
	defer f.Close()
	br, streamNote, err := openStream(f)
	if err != nil {
		return r.problem(origin, err)
	}
	var (
		cols []string // lower-case header names
		text = -1     // index of the text column
		rows = 0
	)
	err = eachCSV(r.ctx, br, r.max, func(rec csvRecord) error {
		where := at(origin, rec.line)
		if cols == nil {
			if rec.err != nil {
				if err := r.problem(where, reasonf(rec.err, "bad CSV header (%v); file skipped", rec.err)); err != nil {
					return err
				}
				return errStop
			}
			cols = make([]string, len(rec.fields))
			for i, c := range rec.fields {
				cols[i] = strings.ToLower(strings.TrimSpace(c))
				if cols[i] == "text" && text < 0 {
					text = i
				}
			}
			if text < 0 {
				hint := ""
				if len(cols) == 1 && strings.ContainsAny(cols[0], ";\t|") {
					hint = " (fields must be separated by commas)"
				}
				if err := r.problem(where, reasonf(ErrSyntax, "CSV header has no \"text\" column (columns: %s)%s; file skipped",
					strings.Join(cols, ", "), hint)); err != nil {
					return err
				}
				return errStop
			}
			return nil
		}
		rows++
		if rec.err != nil {
			return r.problem(where, rec.err)
		}
		if len(rec.fields) != len(cols) {
			return r.problem(where, reasonf(ErrSyntax, "malformed CSV row: %d fields, header has %d", len(rec.fields), len(cols)))
		}
		var m meta
		for i, c := range cols {
			if set := metaFields[c]; set != nil && *set(&m) == "" {
				*set(&m) = rec.fields[i]
			}
		}
		var notes []string
		if streamNote != "" {
			notes = append(notes, streamNote)
		}
		notes = append(notes, rec.notes...)
		notes = append(notes, fillRecordMeta(&m, name)...)
		a, err := r.newArticle(m, rec.fields[text], where, notes)
		if err != nil {
			return r.problem(where, err)
		}
		return r.send(Item{Article: a})
	})
	switch {
	case errors.Is(err, errStop):
		return nil
	case err != nil:
		return err
	case cols == nil:
		return r.problem(origin, reasonf(ErrEmpty, "no header (blank lines only)"))
	case rows == 0:
		return r.problem(origin, reasonf(ErrEmpty, "no rows after the header"))
	}
	return nil
}

// csvRecord is one CSV record, or why it could not be read.
type csvRecord struct {
	fields []string
	line   int      // physical line where the record starts (1-based)
	notes  []string // decoding notices
	err    error    // set when the record could not be read
}

// eachCSV splits br into records (see csvSplitter), decodes each record's
// bytes (fixEncoding) and parses it with encoding/csv, calling fn for every
// record in order, the unreadable ones with err set. It stops at the end of
// input, when fn returns an error (returned as is), at a read error (after
// passing it to fn) or when ctx is done.
func eachCSV(ctx context.Context, br *bufio.Reader, max int64, fn func(csvRecord) error) error {
	sp := &csvSplitter{lr: &lineReader{br: br, max: max}}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		raw, start, err := sp.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			if ferr := fn(csvRecord{line: start, err: err}); ferr != nil {
				return ferr
			}
			if errors.Is(err, ErrUnreadable) {
				return nil
			}
			continue
		}
		b, note, err := fixEncoding(raw)
		if err != nil {
			if ferr := fn(csvRecord{line: start, err: err}); ferr != nil {
				return ferr
			}
			continue
		}
		var notes []string
		if note != "" {
			notes = []string{note}
		}
		cr := csv.NewReader(bytes.NewReader(b))
		cr.FieldsPerRecord = -1
		for {
			fields, err := cr.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				if ferr := fn(csvRecord{line: start, err: csvError(err)}); ferr != nil {
					return ferr
				}
				break
			}
			line, _ := cr.FieldPos(0)
			if ferr := fn(csvRecord{fields: fields, line: start + line - 1, notes: notes}); ferr != nil {
				return ferr
			}
		}
	}
}

// csvError rewords an encoding/csv error for a Problem (its line numbers
// would be relative to the record).
func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if pe.Line != pe.StartLine {
			return reasonf(ErrSyntax, "malformed CSV row: %v (%d lines further on, column %d)", pe.Err, pe.Line-pe.StartLine, pe.Column)
		}
		return reasonf(ErrSyntax, "malformed CSV row: %v (column %d)", pe.Err, pe.Column)
	}
	return reasonf(ErrSyntax, "malformed CSV row: %v", err)
}
