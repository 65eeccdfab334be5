package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"io"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Buffer sizes for record files. bufSize bounds the memory a line over the
// limit costs while it is skipped; sniffSize is how much of a file is
// checked for binary content before its records are read.
const (
	bufSize   = 64 << 10
	sniffSize = 8 << 10
)

// openStream prepares a record file (.jsonl, .csv) for reading: a UTF-16
// byte-order mark puts a streaming UTF-16 decoder in front (and returns a
// notice for its articles), a UTF-8 one is skipped, and the first sniffSize
// bytes are checked: no bytes is ErrEmpty, binary content ErrBinary.
func openStream(r io.Reader) (*bufio.Reader, string, error) {
	br := bufio.NewReaderSize(r, bufSize)
	head, err := br.Peek(3)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, "", unreadable("cannot read", err)
	}
	notice := ""
	switch {
	case bytes.HasPrefix(head, bomUTF16BE), bytes.HasPrefix(head, bomUTF16LE):
		notice = "decoded from UTF-16BE"
		if head[0] == 0xFF {
			notice = "decoded from UTF-16LE"
		}
		dec := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
		br = bufio.NewReaderSize(transform.NewReader(br, dec), bufSize)
	case bytes.HasPrefix(head, bomUTF8):
		if _, err := br.Discard(len(bomUTF8)); err != nil {
			return nil, "", unreadable("cannot read", err)
		}
	}
	head, err = br.Peek(sniffSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, "", unreadable("cannot read", err)
	}
	if len(head) == 0 {
		return nil, "", reasonf(ErrEmpty, "empty (0 bytes)")
	}
	if err := sniffBinary(head); err != nil {
		return nil, "", err
	}
	return br, notice, nil
}

// lineReader reads physical lines (ended by LF) with bounded memory.
type lineReader struct {
	br  *bufio.Reader
	max int64 // most bytes a line (or a record of lines) may have, line ends included
	n   int   // number of the last line read (1-based)
}

// next appends the next line, with its LF if any, to dst and returns the
// extended slice. observe, when not nil, sees every byte of the line in
// order, in chunks, including those of a line that is not kept. When dst
// would grow past max bytes the line is not kept: dst comes back at its
// old length with long set, and the rest of the line was read in chunks of
// the buffer's size and dropped. At the end of input next returns io.EOF;
// other read errors come back as ErrUnreadable.
func (l *lineReader) next(dst []byte, observe func([]byte)) (out []byte, long bool, err error) {
	keep := len(dst)
	read := 0
	for {
		chunk, err := l.br.ReadSlice('\n')
		read += len(chunk)
		if len(chunk) > 0 {
			if observe != nil {
				observe(chunk)
			}
			switch {
			case long:
			case int64(len(dst)+len(chunk)) > l.max:
				long, dst = true, dst[:keep]
			default:
				dst = append(grow(dst, len(chunk), l.max), chunk...)
			}
		}
		switch {
		case err == nil, errors.Is(err, io.EOF) && read > 0:
			l.n++
			return dst, long, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			return dst, false, io.EOF
		default:
			return dst[:keep], false, unreadable("cannot read", err)
		}
	}
}

// grow makes room for n more bytes in b, doubling its capacity (so a line
// of size s costs at most about 2s of allocation) but never past max
// unless n needs it.
func grow(b []byte, n int, max int64) []byte {
	if cap(b)-len(b) >= n {
		return b
	}
	c := 2 * cap(b)
	if int64(c) > max {
		c = int(max)
	}
	if c < len(b)+n {
		c = len(b) + n
	}
	nb := make([]byte, len(b), c)
	copy(nb, b)
	return nb
}

// replay makes the reader read b (copied) next, numbering its first line
// n+1. It is used at the end of input only.
func (l *lineReader) replay(b []byte, n int) {
	l.br.Reset(bytes.NewReader(bytes.Clone(b)))
	l.n = n
}

// quoteState follows RFC 4180 quoting byte by byte, just far enough to
// tell whether a line end ends a record.
type quoteState uint8

const (
	qFieldStart quoteState = iota // at the start of a field
	qUnquoted                     // inside an unquoted field
	qQuoted                       // inside a quoted field
	qQuote                        // just after a quote inside a quoted field
)

// scan advances the state over p; a line end outside quotes returns it to
// qFieldStart.
func (q *quoteState) scan(p []byte) {
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch *q {
		case qFieldStart:
			switch c {
			case '"':
				*q = qQuoted
			case ',', '\n':
			default:
				*q = qUnquoted
			}
		case qUnquoted:
			j := bytes.IndexAny(p[i:], ",\n")
			if j < 0 {
				return
			}
			i += j
			*q = qFieldStart
		case qQuoted:
			j := bytes.IndexByte(p[i:], '"')
			if j < 0 {
				return
			}
			i += j
			*q = qQuote
		case qQuote:
			switch c {
			case '"':
				*q = qQuoted
			case ',', '\n':
				*q = qFieldStart
			default:
				*q = qUnquoted // malformed; encoding/csv will say so
			}
		}
	}
}

// csvSplitter cuts a CSV stream into records (one or more physical lines,
// as quoted fields may hold line ends) without parsing them, so that each
// record can be held to the size limit and parsed on its own.
type csvSplitter struct {
	lr  *lineReader
	q   quoteState
	rec []byte
}

// next returns the next non-blank record's bytes and the line it starts on.
// A record over the limit is skipped (scanning on to its end with bounded
// memory) and reported as ErrTooLarge. A quoted field still open at the end
// of input is ErrSyntax; the lines after the record's first are then read
// again as records of their own, so rows after a stray quote are not lost.
// At the end of input next returns io.EOF. The record is valid until the
// next call.
func (s *csvSplitter) next() (rec []byte, start int, err error) {
	s.rec = s.rec[:0]
	s.q = qFieldStart
	over, firstLen := false, 0
	for {
		var long bool
		s.rec, long, err = s.lr.next(s.rec, s.q.scan)
		if errors.Is(err, io.EOF) {
			if start == 0 {
				return nil, 0, io.EOF
			}
			// Input ended inside a quoted field.
			if over {
				return nil, start, reasonf(ErrTooLarge,
					"quoted field opened here is never closed; record runs over the %s size limit to the end of the file", sizeString(s.lr.max))
			}
			if rest := s.rec[firstLen:]; len(bytes.TrimSpace(rest)) > 0 {
				s.lr.replay(rest, start)
			}
			return nil, start, reasonf(ErrSyntax,
				"malformed CSV row: quoted field opened here is never closed (the lines after it are read again as rows)")
		}
		if err != nil {
			return nil, s.lr.n + 1, err
		}
		if start == 0 {
			start, firstLen = s.lr.n, len(s.rec)
		}
		if long || over {
			over, s.rec = true, s.rec[:0]
		}
		if s.q == qQuoted {
			continue
		}
		switch {
		case over:
			return nil, start, reasonf(ErrTooLarge, "record is over the %s size limit; skipped", sizeString(s.lr.max))
		case len(bytes.TrimSpace(s.rec)) == 0:
			start, s.q, s.rec = 0, qFieldStart, s.rec[:0] // blank line
		default:
			return s.rec, start, nil
		}
	}
}
