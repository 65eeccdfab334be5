package ingest

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// Byte-order marks.
var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16BE = []byte{0xFE, 0xFF}
	bomUTF16LE = []byte{0xFF, 0xFE}
)

// binaryShare is the share of control bytes above which input is binary.
const binaryShare = 0.10

// Decode turns the bytes of one article file into its text, exactly once:
//
//   - a UTF-16 byte-order mark (FE FF or FF FE) selects UTF-16 big- or
//     little-endian (golang.org/x/text/encoding/unicode), with a notice;
//     unpaired surrogates become U+FFFD;
//   - a UTF-8 byte-order mark is removed;
//   - input with a NUL byte, or in which more than 10% of the bytes are
//     control characters other than tab, LF, VT, FF and CR, is binary
//     (ErrBinary);
//   - valid UTF-8 is kept byte for byte (U+FFFD included);
//   - otherwise every byte that is not part of a valid UTF-8 sequence is
//     read as Windows-1252 (golang.org/x/text/encoding/charmap), with a
//     notice; a byte Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90,
//     0x9D) makes the input undecodable (ErrEncoding);
//   - CRLF and lone CR become LF;
//   - input with no character other than white space is ErrEmpty.
//
// When err is nil the text is valid UTF-8 without CR or a leading BOM.
// Errors are reason errors wrapping one of ErrEmpty, ErrBinary, ErrEncoding.
// Decode never panics.
func Decode(b []byte) (text string, notices []string, err error) {
	if len(b) == 0 {
		return "", nil, reasonf(ErrEmpty, "empty (0 bytes)")
	}
	var out []byte
	switch {
	case bytes.HasPrefix(b, bomUTF16BE), bytes.HasPrefix(b, bomUTF16LE):
		name := "UTF-16BE"
		if b[0] == 0xFF {
			name = "UTF-16LE"
		}
		out, err = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder().Bytes(b)
		if err != nil {
			return "", nil, reasonf(ErrEncoding, "cannot decode as %s: %v", name, err)
		}
		if err := sniffBinary(out); err != nil {
			return "", nil, err
		}
		notices = append(notices, "decoded from "+name)
	default:
		b = bytes.TrimPrefix(b, bomUTF8)
		if err := sniffBinary(b); err != nil {
			return "", nil, err
		}
		var note string
		out, note, err = fixEncoding(b)
		if err != nil {
			return "", nil, err
		}
		if note != "" {
			notices = append(notices, note)
		}
	}
	out = normalizeNewlines(out)
	if len(bytes.TrimSpace(out)) == 0 {
		if len(out) == 0 {
			return "", nil, reasonf(ErrEmpty, "empty (byte-order mark only)")
		}
		return "", nil, reasonf(ErrEmpty, "no text (white space only)")
	}
	return string(out), notices, nil
}

// sniffBinary reports ErrBinary when b holds a NUL byte or more than
// binaryShare control bytes (other than \t \n \v \f \r).
func sniffBinary[T ~string | ~[]byte](b T) error {
	ctl := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == 0 {
			return reasonf(ErrBinary, "binary data (NUL byte at offset %d; UTF-16 needs a byte-order mark)", i)
		}
		if c < 0x20 && (c < '\t' || c > '\r') || c == 0x7F {
			ctl++
		}
	}
	if ctl > 0 && float64(ctl) > binaryShare*float64(len(b)) {
		return reasonf(ErrBinary, "binary data (%d of %d bytes are control characters)", ctl, len(b))
	}
	return nil
}

// fixEncoding returns b unchanged when it is valid UTF-8. Otherwise it keeps
// every valid UTF-8 sequence and reads each other byte as Windows-1252; the
// note says how many bytes were read so. A byte undefined in Windows-1252
// is ErrEncoding.
func fixEncoding(b []byte) (out []byte, note string, err error) {
	if utf8.Valid(b) {
		return b, "", nil
	}
	out = make([]byte, 0, len(b)+len(b)/4)
	converted, multi := 0, false
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			out = append(out, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			w := charmap.Windows1252.DecodeByte(c)
			if w == utf8.RuneError {
				return nil, "", reasonf(ErrEncoding, "undecodable: not UTF-8, and byte 0x%02X at offset %d is not Windows-1252 either", c, i)
			}
			out = utf8.AppendRune(out, w)
			converted++
			i++
			continue
		}
		multi = true
		out = append(out, b[i:i+n]...)
		i += n
	}
	if multi {
		return out, fmt.Sprintf("mixed encoding: %d bytes that are not UTF-8 decoded as windows-1252", converted), nil
	}
	return out, fmt.Sprintf("decoded as windows-1252 (%d bytes were not UTF-8)", converted), nil
}

// normalizeNewlines turns CRLF and lone CR into LF. It returns b itself
// when b has no CR, else a new slice (b is never changed).
func normalizeNewlines(b []byte) []byte {
	i := bytes.IndexByte(b, '\r')
	if i < 0 {
		return b
	}
	out := make([]byte, i, len(b))
	copy(out, b[:i])
	for r := i; r < len(b); r++ {
		c := b[r]
		if c == '\r' {
			if r+1 < len(b) && b[r+1] == '\n' {
				continue // the LF that follows is copied next
			}
			c = '\n'
		}
		out = append(out, c)
	}
	return out
}

// finishText checks and normalises a text field from any source: a leading
// U+FEFF is dropped, CRLF and lone CR become LF, and text that is empty,
// white space only or binary (see sniffBinary) is an error. s must be valid
// UTF-8; the result is then valid UTF-8 too.
func finishText(s string) (string, error) {
	s = strings.TrimPrefix(s, "\uFEFF")
	if strings.IndexByte(s, '\r') >= 0 {
		s = string(normalizeNewlines([]byte(s)))
	}
	if strings.TrimSpace(s) == "" {
		return "", reasonf(ErrNoText, "text is empty")
	}
	if err := sniffBinary(s); err != nil {
		return "", err
	}
	return s, nil
}
