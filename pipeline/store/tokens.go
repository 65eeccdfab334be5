package store

import (
	"encoding/binary"
	"fmt"

	"github.com/slant-project/slant/pipeline/article"
)

// tokenFormat is the first byte of claims.token_data.
const tokenFormat = 1

// encodeTokens appends the compact form of toks to dst:
//
//	format byte (1), uvarint count, then per token:
//	varint ID, varint (Start − previous token's End; 0 before the first),
//	uvarint (End − Start), uvarint len(Value), Value bytes.
//
// Offsets are byte offsets into the article text, as in package article.
// Nil or empty toks encode as nil (a NULL column).
func encodeTokens(dst []byte, toks []article.Token) []byte {
	if len(toks) == 0 {
		return nil
	}
	dst = append(dst, tokenFormat)
	dst = binary.AppendUvarint(dst, uint64(len(toks)))
	prev := 0
	for _, t := range toks {
		dst = binary.AppendVarint(dst, int64(t.ID))
		dst = binary.AppendVarint(dst, int64(t.Start-prev))
		dst = binary.AppendUvarint(dst, uint64(max(t.End-t.Start, 0)))
		dst = binary.AppendUvarint(dst, uint64(len(t.Value)))
		dst = append(dst, t.Value...)
		prev = t.End
	}
	return dst
}

// decodeTokens reverses encodeTokens, checking every span lies within a text
// of textLen bytes. It returns an error wrapping ErrCorrupt, never panics,
// on malformed data.
func decodeTokens(b []byte, textLen int) ([]article.Token, error) {
	if len(b) == 0 {
		return nil, nil
	}
	bad := func(what string) ([]article.Token, error) {
		return nil, fmt.Errorf("%s: %w", what, ErrCorrupt)
	}
	if b[0] != tokenFormat {
		return bad(fmt.Sprintf("token data format %d", b[0]))
	}
	b = b[1:]
	n, k := binary.Uvarint(b)
	// Each token takes at least 4 bytes, which bounds a count read from
	// damaged data before anything is allocated.
	if k <= 0 || n == 0 || n > uint64(len(b)-k)/4 {
		return bad("token count")
	}
	b = b[k:]
	// One string holds the rest of the data; values are cut from it, so a
	// claim costs two allocations however many tokens it has.
	str := string(b)
	pos := 0
	out := make([]article.Token, n)
	prev := int64(0)
	for i := range out {
		id, k1 := binary.Varint(b)
		if k1 <= 0 {
			return bad("token id")
		}
		b = b[k1:]
		gap, k2 := binary.Varint(b)
		if k2 <= 0 {
			return bad("token start")
		}
		b = b[k2:]
		length, k3 := binary.Uvarint(b)
		if k3 <= 0 {
			return bad("token length")
		}
		b = b[k3:]
		vlen, k4 := binary.Uvarint(b)
		if k4 <= 0 || vlen > uint64(len(b)-k4) {
			return bad("token value")
		}
		b = b[k4:]
		pos += k1 + k2 + k3 + k4
		start := prev + gap
		if start < 0 || start > int64(textLen) || length > uint64(int64(textLen)-start) {
			return bad(fmt.Sprintf("token %d span outside text of %d bytes", i, textLen))
		}
		end := start + int64(length)
		out[i] = article.Token{ID: int(id), Value: str[pos : pos+int(vlen)], Start: int(start), End: int(end)}
		b = b[vlen:]
		pos += int(vlen)
		prev = end
	}
	if len(b) != 0 {
		return bad("trailing token data")
	}
	return out, nil
}
