package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/slant-project/slant/models/sentiment"
	"github.com/slant-project/slant/models/stance"
	"github.com/slant-project/slant/pipeline/article"
	"github.com/slant-project/slant/pipeline/attribute"
	"github.com/slant-project/slant/pipeline/tokenize"
)

// scoreHeader is the output of slant score after the id column.
var scoreHeader = []string{"stance", "p_pro_gov", "p_neutral", "p_pro_jdc", "stance_score", "sentiment", "sentiment_label", "target_side", "model", "voice", "speaker_side", "error"}

// cmdScore scores each row of a CSV or JSONL file as one claim (no
// cleaning or segmentation) and writes one CSV row per input row:
//
//	slant score --in FILE --out FILE [--id-col id] [--text-col text] [--model DIR] [--profile FILE] [--workers N] [--cpuprofile FILE]
//
// A row's voice (author, quote or reported) and speaker side come from
// its voice and speaker_side cells when the voice cell is filled in;
// otherwise the attribution stage of slant run reads them off the text
// alone ('A Department of Health spokeswoman said: "…"' is a quote of a
// gov speaker). The voice and speaker_side used are written out.
//
// Rows are scored by --workers goroutines (default: the number of CPUs)
// and written in input order, streamed: the output does not depend on the
// number of workers. Unless GOGC is set, the garbage collector runs at
// GOGC=400 (see scoreGCPercent).
// A row with an empty or invalid text gets a message in the error column;
// a malformed row (bad CSV record or JSONL line) is reported on stderr
// with its line and skipped (exit 3); missing columns are a usage error
// (exit 2). Text-derived cells starting with =, +, - or @ get a leading '
// so spreadsheets do not run them.
func cmdScore(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("slant score", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "input CSV or JSONL file (- for standard input)")
	out := fs.String("out", "", "output CSV file (- for standard output)")
	idCol := fs.String("id-col", "id", "column holding the row id")
	textCol := fs.String("text-col", "text", "column holding the text to score")
	modelDir := fs.String("model", "", "stance model directory from slant train (default: embedded)")
	profPath := fs.String("profile", "", "dispute profile (default: embedded junior-doctors-2016)")
	workers := fs.Int("workers", runtime.NumCPU(), "number of rows scored at once")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run to `file` (go tool pprof)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *workers < 1 {
		fmt.Fprintln(stderr, "slant score: --workers must be at least 1")
		return exitUsage
	}
	if *in == "" || *out == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "slant score: need --in FILE and --out FILE (and no other arguments)")
		return exitUsage
	}
	var r io.Reader = os.Stdin
	name := "<stdin>"
	if *in != "-" {
		f, err := os.Open(*in)
		if err != nil {
			fmt.Fprintf(stderr, "slant score: %v\n", err)
			return exitFailure
		}
		defer f.Close()
		r, name = f, *in
	}
	rows, err := openRows(r, name, jsonlName(*in))
	if err != nil {
		fmt.Fprintf(stderr, "slant score: %v\n", err)
		return exitFailure
	}
	var missing []string
	for _, c := range []string{*idCol, *textCol} {
		if !rows.has(c) {
			missing = append(missing, strconv.Quote(c))
		}
	}
	if len(missing) > 0 {
		fmt.Fprintf(stderr, "slant score: %s: missing column %s (have %s)\n", name, strings.Join(missing, ", "), strings.Join(rows.columns(), ", "))
		return exitUsage
	}
	sc, err := newScorer(*profPath, *modelDir)
	if err != nil {
		fmt.Fprintf(stderr, "slant score: %v\n", err)
		return exitFailure
	}
	if os.Getenv("GOGC") == "" {
		// The live heap is small (the models) and rows make short-lived
		// garbage: collecting at 4× the live heap instead of 2× saves
		// about a tenth of the CPU time for some 50 MB more memory.
		defer debug.SetGCPercent(debug.SetGCPercent(scoreGCPercent))
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "slant score: %v\n", err)
			return exitFailure
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "slant score: cpu profile: %v\n", err)
			return exitFailure
		}
		defer pprof.StopCPUProfile()
	}
	var w io.Writer = stdout
	var outFile *os.File
	if *out != "-" {
		outFile, err = os.Create(*out)
		if err != nil {
			fmt.Fprintf(stderr, "slant score: %v\n", err)
			return exitFailure
		}
		w = outFile
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(bw)
	cw.Write(append([]string{safeCell(*idCol)}, scoreHeader...))
	res := scoreRows(ctx, rows, sc, scoreCols{*idCol, *textCol}, *workers, func(rec []string) { cw.Write(rec) }, stderr)
	cw.Flush()
	werr := errors.Join(cw.Error(), bw.Flush(), closeFile(outFile))
	switch {
	case res.stopped != nil:
		fmt.Fprintf(stderr, "slant score: stopped after %d rows: %v\n", res.n, res.stopped)
		return exitFailure
	case res.fatal != nil:
		fmt.Fprintf(stderr, "slant score: %v\n", res.fatal)
		return exitFailure
	case werr != nil:
		fmt.Fprintf(stderr, "slant score: writing %s: %v\n", *out, werr)
		return exitFailure
	}
	fmt.Fprintf(stderr, "slant score: %d rows scored, %d skipped\n", res.n, res.skipped)
	if res.skipped > 0 {
		return exitSkipped
	}
	return exitOK
}

// scoreGCPercent is slant score's GOGC when the environment sets none.
const scoreGCPercent = 400

// scoreCols names the input columns slant score reads.
type scoreCols struct{ id, text string }

// scoreBatch is a run of consecutive input rows scored by one worker.
type scoreBatch struct {
	in    []scoreIn
	out   [][]string
	fatal error // a read error that ends the input after in
	done  chan struct{}
}

// scoreIn is one input row, or a malformed row's message.
type scoreIn struct {
	id, text, voice, side string
	bad                   string
}

// scoreResult is what scoreRows did.
type scoreResult struct {
	n, skipped int
	stopped    error // the context's error, when cancelled
	fatal      error // an input error that ended the run
}

// scoreBatchSize is how many rows a worker takes at a time.
const scoreBatchSize = 64

// scoreRows scores every row of rows with workers goroutines and calls
// emit with each output record in input order, on the calling goroutine
// (so the output is the same whatever the number of workers). Malformed
// rows are reported on stderr, in order, and skipped. At most
// 2 × workers + 2 batches of scoreBatchSize rows are in memory at once:
// input is streamed to output. After a cancellation or a fatal input
// error nothing more is emitted; what was emitted is always a prefix of
// the output.
func scoreRows(parent context.Context, rows *rowReader, sc *scorer, cols scoreCols, workers int, emit func([]string), stderr io.Writer) scoreResult {
	workers = max(1, workers)
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	order := make(chan *scoreBatch, 2*workers) // bounds the batches in flight
	work := make(chan *scoreBatch, workers)

	// Reader: cuts the input into batches, in order.
	go func() {
		defer close(order)
		defer close(work)
		for {
			b := &scoreBatch{in: make([]scoreIn, 0, scoreBatchSize), done: make(chan struct{})}
			eof := false
			for len(b.in) < scoreBatchSize && ctx.Err() == nil {
				rec, err := rows.next()
				if err == io.EOF {
					eof = true
					break
				}
				if err != nil {
					var bad *badRow
					if errors.As(err, &bad) {
						b.in = append(b.in, scoreIn{bad: err.Error()})
						continue
					}
					b.fatal, eof = err, true
					break
				}
				b.in = append(b.in, scoreIn{id: rec[cols.id], text: rec[cols.text], voice: rec["voice"], side: rec["speaker_side"]})
			}
			if len(b.in) > 0 || b.fatal != nil {
				select {
				case order <- b:
				case <-ctx.Done():
					return
				}
				select {
				case work <- b:
				case <-ctx.Done():
					return
				}
			}
			if eof || ctx.Err() != nil {
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for b := range work {
				b.out = make([][]string, len(b.in))
				for i, r := range b.in {
					if r.bad == "" && ctx.Err() == nil {
						b.out[i] = sc.row(r.id, r.text, r.voice, r.side)
					}
				}
				close(b.done)
			}
		})
	}

	var res scoreResult
	for b := range order {
		select {
		case <-b.done:
		case <-ctx.Done():
		}
		if err := ctx.Err(); err != nil {
			res.stopped = err
			break
		}
		for i, r := range b.in {
			if r.bad != "" {
				fmt.Fprintf(stderr, "slant score: %s (row skipped)\n", r.bad)
				res.skipped++
				continue
			}
			emit(b.out[i])
			res.n++
		}
		if b.fatal != nil {
			res.fatal = b.fatal
			break
		}
	}
	cancel()
	for range order { // let the reader finish
	}
	wg.Wait()
	if res.stopped == nil && res.fatal == nil && parent.Err() != nil {
		res.stopped = parent.Err() // the reader stopped early
	}
	return res
}

func closeFile(f *os.File) error {
	if f == nil {
		return nil
	}
	return f.Close()
}

// scorer holds the models for slant score.
type scorer struct {
	st      *stance.Model
	se      *sentiment.Model
	at      *attribute.Attributor
	version string
}

func newScorer(profPath, modelDir string) (*scorer, error) {
	m, err := loadModels(profPath, modelDir)
	if err != nil {
		return nil, err
	}
	tk, err := tokenize.New()
	if err != nil {
		return nil, err
	}
	return &scorer{st: m.stance.WithEncoder(tk), se: m.sentiment, at: attribute.New(m.stance.Profile()),
		version: m.stance.Version() + "+" + m.sentiment.Version()}, nil
}

// row scores one text and returns the output record.
func (s *scorer) row(id, text, voice, side string) []string {
	out := make([]string, 1+len(scoreHeader))
	out[0] = safeCell(id)
	fail := func(msg string) []string {
		out[len(out)-1] = msg
		return out
	}
	switch {
	case strings.TrimSpace(text) == "":
		return fail("empty text")
	case !utf8.ValidString(text):
		return fail("text is not valid UTF-8")
	}
	in := stance.Input{Text: text, Voice: article.Voice(strings.ToLower(strings.TrimSpace(voice))),
		SpeakerSide: article.Side(strings.ToLower(strings.TrimSpace(side)))}
	switch {
	case in.Voice == "":
		in.Voice, in.SpeakerSide = s.attribute(text)
	case !in.Voice.Known():
		return fail(fmt.Sprintf("voice %q is not author, quote or reported", voice))
	}
	switch {
	case in.SpeakerSide == "":
		in.SpeakerSide = article.SideNone
	case !in.SpeakerSide.IsSpeaker():
		return fail(fmt.Sprintf("speaker_side %q is not gov, jdc, other or none", side))
	}
	p := s.st.Predict(in)
	se := s.se.Score(text)
	copy(out[1:], []string{string(p.Stance), fmtP(p.P[0]), fmtP(p.P[1]), fmtP(p.P[2]), fmtP(p.Score),
		fmtP(se.Score), se.Label, string(p.Target), s.version, string(in.Voice), string(in.SpeakerSide), ""})
	return out
}

// attribute reads a lone sentence's voice and speaker side with the
// attribution stage (the sentence as a one-claim article body).
func (s *scorer) attribute(text string) (article.Voice, article.Side) {
	a := &article.Article{ID: "row", Text: text,
		Claims: []article.Claim{{Start: 0, End: len(text), Text: text, Section: article.SectionBody}}}
	if err := s.at.Process(context.Background(), a); err != nil || a.Claims[0].Voice == "" {
		return article.VoiceAuthor, article.SideNone
	}
	side := a.Claims[0].SpeakerSide
	if side == "" {
		side = article.SideNone
	}
	return a.Claims[0].Voice, side
}

func fmtP(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) }

// safeCell neutralises spreadsheet formulas: a cell starting with =, +, -
// or @ gets a leading apostrophe.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

// jsonlName reports whether a file name says JSON lines.
func jsonlName(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl", ".ndjson", ".json":
		return true
	}
	return false
}

// badRow is a malformed input row; reading goes on after it.
type badRow struct {
	name string
	line int
	why  string
}

func (e *badRow) Error() string { return fmt.Sprintf("%s:%d: %s", e.name, e.line, e.why) }

// rowReader yields input rows as column → value maps.
type rowReader struct {
	name   string
	cols   []string
	hasCol map[string]bool
	next   func() (map[string]string, error)
}

func (r *rowReader) has(c string) bool { return r.hasCol[c] }
func (r *rowReader) columns() []string { return r.cols }

// openRows opens CSV (header row) or JSONL (one object per line) rows;
// JSONL when jsonl is set or the first non-blank byte is '{'. For JSONL
// the columns are the first object's keys (a later object lacking one
// gives an empty value).
func openRows(r io.Reader, name string, jsonl bool) (*rowReader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	head, _ := br.Peek(4096)
	head = bytes.TrimLeft(head, " \t\r\n")
	if jsonl || (len(head) > 0 && head[0] == '{') {
		return jsonlRows(br, name)
	}
	return csvRows(br, name)
}

func csvRows(r io.Reader, name string) (*rowReader, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: empty file (no header row)", name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", name, err)
	}
	rr := &rowReader{name: name, hasCol: map[string]bool{}}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		header[i] = h
		rr.hasCol[h] = true
	}
	rr.cols = header
	rr.next = func() (map[string]string, error) {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil, io.EOF
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &badRow{name, pe.StartLine, pe.Err.Error()}
			}
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if len(rec) != len(header) {
			line, _ := cr.FieldPos(0)
			return nil, &badRow{name, line, fmt.Sprintf("%d fields, header has %d", len(rec), len(header))}
		}
		m := make(map[string]string, len(header))
		for i, h := range header {
			m[h] = rec[i]
		}
		return m, nil
	}
	return rr, nil
}

func jsonlRows(r *bufio.Reader, name string) (*rowReader, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 32<<20)
	line := 0
	// decode parses one line; ok is false for a blank line.
	decode := func() (map[string]string, bool, error) {
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			return nil, false, nil
		}
		var obj map[string]any
		d := json.NewDecoder(bytes.NewReader(b))
		d.UseNumber()
		if err := d.Decode(&obj); err != nil {
			return nil, true, &badRow{name, line, "not a JSON object: " + err.Error()}
		}
		m := make(map[string]string, len(obj))
		for k, v := range obj {
			switch x := v.(type) {
			case string:
				m[k] = x
			case json.Number:
				m[k] = x.String()
			case bool:
				m[k] = strconv.FormatBool(x)
			case nil:
			default:
				b, _ := json.Marshal(x)
				m[k] = string(b)
			}
		}
		return m, true, nil
	}
	rr := &rowReader{name: name, hasCol: map[string]bool{}}
	// Find the first object to learn the columns; malformed lines before
	// it are kept to report in order.
	var pending []error
	var first map[string]string
	for first == nil {
		if !sc.Scan() {
			if err := sc.Err(); err != nil {
				return nil, fmt.Errorf("%s:%d: %w", name, line+1, err)
			}
			break
		}
		line++
		m, ok, err := decode()
		switch {
		case err != nil:
			pending = append(pending, err)
		case ok:
			first = m
		}
	}
	for k := range first {
		rr.hasCol[k] = true
		rr.cols = append(rr.cols, k)
	}
	sort.Strings(rr.cols)
	rr.next = func() (map[string]string, error) {
		if len(pending) > 0 {
			err := pending[0]
			pending = pending[1:]
			return nil, err
		}
		if first != nil {
			m := first
			first = nil
			return m, nil
		}
		for sc.Scan() {
			line++
			m, ok, err := decode()
			if err != nil {
				return nil, err
			}
			if ok {
				return m, nil
			}
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line+1, err)
		}
		return nil, io.EOF
	}
	return rr, nil
}
