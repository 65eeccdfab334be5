package stance

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

	"github.com/slant-project/slant/models/target"
	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/profile"
)

// LabelSet is the result of reading a label file.
type LabelSet struct {
	Rows []Labeled
	// Skipped lists one line per row that was not used ("file:line: why").
	Skipped []string
	// Boilerplate counts rows labelled boilerplate (never used for stance).
	Boilerplate int
	// Gold reports the gold format (article_id, start, end, … columns).
	Gold bool
}

// ReadLabels reads stance labels from r, named origin in messages: a CSV
// (header row) or JSONL file (one object per line; detected by a first
// non-blank byte '{'). Required columns: text and stance; optional: voice,
// speaker_side, section, and either article_id (+ start) — the gold format
// (GUIDELINES.md §7) — or group. Rows of one article are ordered by
// section and start and their targets carried over in that order; other
// rows get targets on their own text. Rows labelled boilerplate are
// counted and dropped; rows with an empty text or an unknown stance are
// skipped with a message; a missing required column is an error.
//
// Each row's Input.Prev is the row before it in the same unit, if any:
// for the gold format, the same article and section in start order, a
// boilerplate row in a comment section (the comment furniture between
// reader comments) ending the unit; for other rows, consecutive rows whose
// id column has the form PREFIX-N-M (a passage PREFIX-N, sentence M, e.g.
// "news-001-03") with the same PREFIX-N, in file order. Other rows (e.g.
// "syn-0001") have no Prev.
//
// Each row's Group is its article_id, else its group column, else
// "passage:PREFIX-N" for a passage id, else empty (a group of its own).
func ReadLabels(r io.Reader, origin string, p *profile.Profile) (*LabelSet, error) {
	br := bufio.NewReader(r)
	first, _ := br.Peek(512)
	first = bytes.TrimLeft(bytes.TrimPrefix(first, []byte("\xef\xbb\xbf")), " \t\r\n")
	var recs []record
	var err error
	set := &LabelSet{}
	if len(first) > 0 && first[0] == '{' {
		recs, err = readJSONL(br, origin, set)
	} else {
		recs, err = readCSV(br, origin)
	}
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return set, nil
	}
	for _, col := range []string{"text", "stance"} {
		if !recs[0].has[col] {
			return nil, fmt.Errorf("%s: missing column %q", origin, col)
		}
	}
	set.Gold = recs[0].has["article_id"]
	det := target.New(p)
	type row struct {
		l       Labeled
		article string
		section string
		start   int
		line    int
		passage string // PREFIX-N of a PREFIX-N-M id (rows of no article)
		cut     bool   // a boilerplate row ending a comment unit (not a label)
	}
	var rows []row
	for _, rc := range recs {
		st := strings.ToLower(strings.TrimSpace(rc.f["stance"]))
		if st == "boilerplate" {
			set.Boilerplate++
			a, sec := strings.TrimSpace(rc.f["article_id"]), strings.ToLower(strings.TrimSpace(rc.f["section"]))
			if n, err := strconv.Atoi(strings.TrimSpace(rc.f["start"])); err == nil && a != "" && sec == string(article.SectionComment) {
				rows = append(rows, row{article: a, section: sec, start: n, line: rc.line, cut: true})
			}
			continue
		}
		text := rc.f["text"]
		if strings.TrimSpace(text) == "" {
			set.Skipped = append(set.Skipped, fmt.Sprintf("%s:%d: empty text", origin, rc.line))
			continue
		}
		if !utf8.ValidString(text) {
			set.Skipped = append(set.Skipped, fmt.Sprintf("%s:%d: text is not valid UTF-8", origin, rc.line))
			continue
		}
		s := article.Stance(st)
		if stanceIndex(s) < 0 {
			set.Skipped = append(set.Skipped, fmt.Sprintf("%s:%d: stance %q is not pro_gov, neutral, pro_jdc or boilerplate", origin, rc.line, rc.f["stance"]))
			continue
		}
		in := Input{Text: text, Voice: article.Voice(strings.ToLower(strings.TrimSpace(rc.f["voice"]))),
			SpeakerSide: article.Side(strings.ToLower(strings.TrimSpace(rc.f["speaker_side"]))),
			Section:     article.Section(strings.ToLower(strings.TrimSpace(rc.f["section"])))}
		if in.Voice != "" && !in.Voice.Known() {
			set.Skipped = append(set.Skipped, fmt.Sprintf("%s:%d: voice %q is not author, quote or reported", origin, rc.line, rc.f["voice"]))
			continue
		}
		if in.SpeakerSide != "" && !in.SpeakerSide.IsSpeaker() {
			set.Skipped = append(set.Skipped, fmt.Sprintf("%s:%d: speaker_side %q is not gov, jdc, other or none", origin, rc.line, rc.f["speaker_side"]))
			continue
		}
		rw := row{l: Labeled{Input: in, Stance: s, Group: strings.TrimSpace(rc.f["group"])}, line: rc.line,
			article: strings.TrimSpace(rc.f["article_id"]), section: string(in.Section)}
		if rw.article != "" {
			rw.l.Group = rw.article
			if n, err := strconv.Atoi(strings.TrimSpace(rc.f["start"])); err == nil {
				rw.start = n
			}
		} else {
			rw.passage = passageOf(strings.TrimSpace(rc.f["id"]))
			if rw.l.Group == "" && rw.passage != "" {
				rw.l.Group = "passage:" + rw.passage
			}
		}
		rows = append(rows, rw)
	}
	// Carry targets over within each article and section, in text order.
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if (a.article == "") != (b.article == "") {
			return a.article == "" // rows of no article first, in input order
		}
		if a.article == "" {
			return false
		}
		if a.article != b.article {
			return a.article < b.article
		}
		if a.section != b.section {
			return a.section < b.section
		}
		return a.start < b.start
	})
	var tr *target.Tracker
	prevKey := "\x00"
	var prev *Context // the previous label row of the current unit
	unit := "\x00"
	for i := range rows {
		rw := &rows[i]
		if rw.cut {
			prev = nil
			continue
		}
		var res target.Result
		if rw.article == "" {
			res = det.One(rw.l.Text)
		} else {
			key := rw.article + "\x00" + rw.section
			if key != prevKey || tr == nil {
				tr = det.Tracker()
				prevKey = key
			}
			res = tr.Next(rw.l.Text)
		}
		rw.l.Target = &res
		u := "a\x00" + rw.article + "\x00" + rw.section
		if rw.article == "" {
			u = "p\x00" + rw.passage
		}
		if u != unit || (rw.article == "" && rw.passage == "") {
			prev = nil
		}
		unit = u
		rw.l.Prev = prev
		prev = &Context{Text: rw.l.Text, Voice: rw.l.Voice, SpeakerSide: rw.l.SpeakerSide, Target: rw.l.Target}
		set.Rows = append(set.Rows, rw.l)
	}
	return set, nil
}

// passageOf returns PREFIX-N for an id PREFIX-N-M (N and M all digits,
// PREFIX not empty), else "".
func passageOf(id string) string {
	i := strings.LastIndexByte(id, '-')
	if i <= 0 || !allDigits(id[i+1:]) {
		return ""
	}
	j := strings.LastIndexByte(id[:i], '-')
	if j <= 0 || !allDigits(id[j+1:i]) {
		return ""
	}
	return id[:i]
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// record is one input row: fields by lower-case column name and the line
// it started on.
type record struct {
	f    map[string]string
	has  map[string]bool
	line int
}

func readCSV(r io.Reader, origin string) ([]record, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", origin, err)
	}
	has := map[string]bool{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		header[i] = h
		has[h] = true
	}
	var out []record
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", origin, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			return nil, fmt.Errorf("%s:%d: %d fields, header has %d", origin, line, len(rec), len(header))
		}
		f := make(map[string]string, len(header))
		for i, h := range header {
			f[h] = rec[i]
		}
		out = append(out, record{f: f, has: has, line: line})
	}
	return out, nil
}

func readJSONL(r *bufio.Reader, origin string, set *LabelSet) ([]record, error) {
	var out []record
	has := map[string]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var obj map[string]any
		if err := json.Unmarshal(b, &obj); err != nil {
			set.Skipped = append(set.Skipped, fmt.Sprintf("%s:%d: not a JSON object: %v", origin, line, err))
			continue
		}
		f := map[string]string{}
		for k, v := range obj {
			k = strings.ToLower(k)
			has[k] = true
			switch x := v.(type) {
			case string:
				f[k] = x
			case float64:
				f[k] = strconv.FormatFloat(x, 'f', -1, 64)
			case bool:
				f[k] = strconv.FormatBool(x)
			case nil:
			default:
				b, _ := json.Marshal(x)
				f[k] = string(b)
			}
		}
		out = append(out, record{f: f, has: has, line: line})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", origin, line+1, err)
	}
	if len(out) == 0 && len(set.Skipped) > 0 {
		return nil, errors.New(set.Skipped[0])
	}
	return out, nil
}
