package harness

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ErrUsage marks errors in the shape of an input file (no header, a
// missing required column): "slant eval" exits 2 on them. errors.Is(err,
// ErrUsage) holds for them.
var ErrUsage = errors.New("usage")

type usageError struct{ err error }

func (e usageError) Error() string        { return e.err.Error() }
func (e usageError) Unwrap() error        { return e.err }
func (e usageError) Is(target error) bool { return target == ErrUsage }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// maxRecord bounds one CSV record or JSONL line.
const maxRecord = 1 << 20

// record is one input row: fields by lower-case column name and the
// (1-based, physical) line it starts on.
type record struct {
	f    map[string]string
	line int
}

// table is a whole CSV or JSONL file: its columns, its well-formed rows
// and its malformed rows' problems.
type table struct {
	has      map[string]bool
	rows     []record
	problems problems
}

// problems collects "origin:line: problem" lines to be listed in line
// order (line 0, a problem of the whole file, first).
type problems []problem

type problem struct {
	line int
	msg  string
}

func (ps *problems) add(origin string, line int, format string, a ...any) {
	msg := origin + ": " + fmt.Sprintf(format, a...)
	if line > 0 {
		msg = fmt.Sprintf("%s:%d: %s", origin, line, fmt.Sprintf(format, a...))
	}
	*ps = append(*ps, problem{line, msg})
}

// lines returns the messages in line order (stable within a line).
func (ps problems) lines() []string {
	sorted := append(problems(nil), ps...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].line < sorted[j].line })
	out := make([]string, len(sorted))
	for i, p := range sorted {
		out[i] = p.msg
	}
	return out
}

// readTable reads a CSV file with a header row (RFC 4180) or a JSONL file
// (one object per line, detected by a first non-blank byte '{'). Column
// names are trimmed and lower-cased. A malformed row (bad quoting, a
// field count unlike the header's, invalid UTF-8, a line that is not a
// JSON object, a record over 1 MiB) is reported and skipped; reading goes
// on. The error is for I/O failures and a file with no header.
func readTable(r io.Reader, origin string) (*table, error) {
	br := bufio.NewReader(r)
	first, _ := br.Peek(512)
	first = bytes.TrimLeft(bytes.TrimPrefix(first, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(first) > 0 && first[0] == '{' {
		return readJSONL(br, origin)
	}
	return readCSV(br, origin)
}

func readCSV(r io.Reader, origin string) (*table, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err == io.EOF {
		return nil, usagef("%s: empty file, no header row", origin)
	}
	if err != nil {
		return nil, usagef("%s: header row: %v", origin, err)
	}
	t := &table{has: map[string]bool{}}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		header[i] = h
		if h != "" {
			t.has[h] = true
		}
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			t.problems.add(origin, pe.StartLine, "malformed CSV: %v", pe.Err)
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", origin, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			t.problems.add(origin, line, "%d fields, the header has %d", len(rec), len(header))
			continue
		}
		size := 0
		valid := true
		for _, f := range rec {
			size += len(f)
			valid = valid && utf8.ValidString(f)
		}
		if size > maxRecord {
			t.problems.add(origin, line, "record of %d bytes is longer than %d", size, maxRecord)
			continue
		}
		if !valid {
			t.problems.add(origin, line, "not valid UTF-8")
			continue
		}
		f := make(map[string]string, len(header))
		for i, h := range header {
			if h != "" {
				f[h] = rec[i]
			}
		}
		t.rows = append(t.rows, record{f: f, line: line})
	}
	return t, nil
}

func readJSONL(r *bufio.Reader, origin string) (*table, error) {
	t := &table{has: map[string]bool{}}
	line := 0
	for {
		b, err := readLine(r, maxRecord)
		if len(b) > 0 || err == nil {
			line++
		}
		if errors.Is(err, errLong) {
			t.problems.add(origin, line, "line longer than %d bytes", maxRecord)
			continue
		}
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("%s:%d: %w", origin, line, err)
		}
		if s := bytes.TrimSpace(b); len(s) > 0 {
			if line == 1 {
				s = bytes.TrimPrefix(s, []byte("\xef\xbb\xbf"))
			}
			if !utf8.Valid(s) {
				t.problems.add(origin, line, "not valid UTF-8")
			} else if rec, perr := jsonRecord(s); perr != nil {
				t.problems.add(origin, line, "not a JSON object: %v", perr)
			} else {
				rec.line = line
				for k := range rec.f {
					t.has[k] = true
				}
				t.rows = append(t.rows, rec)
			}
		}
		if err == io.EOF {
			break
		}
	}
	if len(t.rows) == 0 && len(t.problems) == 0 {
		return nil, usagef("%s: empty file", origin)
	}
	return t, nil
}

var errLong = errors.New("line too long")

// readLine returns the next line without its end; over-long lines are
// consumed and reported as errLong without being held.
func readLine(r *bufio.Reader, limit int) ([]byte, error) {
	var buf []byte
	long := false
	for {
		chunk, err := r.ReadSlice('\n')
		if !long {
			if len(buf)+len(chunk) > limit {
				long, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if long {
			if err == io.EOF {
				return nil, errLong
			}
			if err != nil {
				return nil, err
			}
			return nil, errLong
		}
		return bytes.TrimRight(buf, "\r\n"), err
	}
}

func jsonRecord(b []byte) (record, error) {
	var obj map[string]any
	if err := json.Unmarshal(b, &obj); err != nil {
		return record{}, err
	}
	f := make(map[string]string, len(obj))
	for k, v := range obj {
		k = strings.ToLower(strings.TrimSpace(k))
		switch x := v.(type) {
		case string:
			f[k] = x
		case float64:
			f[k] = strconv.FormatFloat(x, 'f', -1, 64)
		case bool:
			f[k] = strconv.FormatBool(x)
		case nil:
			f[k] = ""
		default:
			return record{}, fmt.Errorf("field %q is not a string, number or boolean", k)
		}
	}
	return record{f: f}, nil
}
