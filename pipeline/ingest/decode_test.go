package ingest

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDecode(t *testing.T) {
	cases := []struct {
		name   string
		in     []byte
		want   string
		notice string // substring of the one notice expected; "" for none
		err    error  // kind expected
	}{
		{name: "utf8", in: []byte("Hunt said “no”.\n"), want: "Hunt said “no”.\n"},
		{name: "utf8 bom", in: []byte("\xEF\xBB\xBFBMA strike\n"), want: "BMA strike\n"},
		{name: "crlf", in: []byte("a\r\nb\r\n"), want: "a\nb\n"},
		{name: "lone cr", in: []byte("a\rb\r"), want: "a\nb\n"},
		{name: "cr cr lf", in: []byte("a\r\r\nb"), want: "a\n\nb"},
		{name: "bom and crlf", in: []byte("\xEF\xBB\xBFa\r\nb"), want: "a\nb"},
		{name: "replacement char kept", in: []byte("bad \xEF\xBF\xBD byte"), want: "bad \uFFFD byte"},
		{name: "windows-1252", in: []byte("\x93Imposition\x94 \x96 caf\xE9 \x80100"), want: "“Imposition” – café €100", notice: "decoded as windows-1252 (5 bytes"},
		{name: "windows-1252 crlf", in: []byte("caf\xE9\r\nbar"), want: "café\nbar", notice: "windows-1252"},
		{name: "mixed utf8 and 1252", in: []byte("“quote” and caf\xE9"), want: "“quote” and café", notice: "mixed encoding: 1 bytes"},
		{name: "replacement char kept beside 1252", in: []byte("\xEF\xBF\xBD caf\xE9"), want: "\uFFFD café", notice: "mixed encoding"},
		{name: "truncated utf8 read as 1252", in: []byte("x\xE2\x80y"), want: "xâ€y", notice: "windows-1252"},
		{name: "utf16le", in: []byte("\xFF\xFEH\x00i\x00\r\x00\n\x00\x1C\x20"), want: "Hi\n“", notice: "decoded from UTF-16LE"},
		{name: "utf16be", in: []byte("\xFE\xFF\x00H\x00i"), want: "Hi", notice: "decoded from UTF-16BE"},
		{name: "utf16 odd byte", in: []byte("\xFF\xFEH\x00i"), want: "H\uFFFD", notice: "UTF-16LE"},
		{name: "utf16 lone surrogate", in: []byte("\xFF\xFEH\x00\x00\xD8"), want: "H\uFFFD", notice: "UTF-16LE"},
		{name: "empty", in: nil, err: ErrEmpty},
		{name: "bom only", in: []byte("\xEF\xBB\xBF"), err: ErrEmpty},
		{name: "utf16 bom only", in: []byte("\xFF\xFE"), err: ErrEmpty},
		{name: "white space only", in: []byte(" \r\n\t\n"), err: ErrEmpty},
		{name: "nul byte", in: []byte("text\x00more text"), err: ErrBinary},
		{name: "utf16 without bom", in: []byte("H\x00i\x00"), err: ErrBinary},
		{name: "utf16 with nul char", in: []byte("\xFF\xFEH\x00\x00\x00i\x00"), err: ErrBinary},
		{name: "control characters", in: []byte("\x01\x02\x03\x04abc\x05\x06"), err: ErrBinary},
		{name: "undefined in 1252", in: []byte("abc\x81def"), err: ErrEncoding},
		{name: "undefined in 1252 beside utf8", in: []byte("é\x9D"), err: ErrEncoding},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := bytes.Clone(c.in)
			got, notices, err := Decode(in)
			if !bytes.Equal(in, c.in) {
				t.Errorf("Decode changed its input: %q", in)
			}
			if c.err != nil {
				if !errors.Is(err, c.err) {
					t.Fatalf("Decode(%q) error = %v, want %v", c.in, err, c.err)
				}
				if strings.ContainsAny(err.Error(), "\n\r") {
					t.Errorf("error %q is not one line", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Decode(%q): %v", c.in, err)
			}
			if got != c.want {
				t.Errorf("Decode(%q) = %q, want %q", c.in, got, c.want)
			}
			switch {
			case c.notice == "" && len(notices) > 0:
				t.Errorf("notices %q, want none", notices)
			case c.notice != "" && (len(notices) != 1 || !strings.Contains(notices[0], c.notice)):
				t.Errorf("notices %q, want one containing %q", notices, c.notice)
			}
		})
	}
}

func TestSniffBinary(t *testing.T) {
	// 10% of control bytes is the limit: 1 in 10 is text, 2 in 10 binary.
	if err := sniffBinary([]byte("\x01bcdefghij")); err != nil {
		t.Errorf("1 control byte in 10: %v", err)
	}
	if err := sniffBinary([]byte("\x01\x02cdefghij")); !errors.Is(err, ErrBinary) {
		t.Errorf("2 control bytes in 10: %v, want ErrBinary", err)
	}
	if err := sniffBinary("tab\tnewline\nff\fcr\rvt\v"); err != nil {
		t.Errorf("white-space controls: %v", err)
	}
}

func TestFinishText(t *testing.T) {
	cases := []struct {
		in, want string
		err      error
	}{
		{in: "\uFEFFa\r\nb\rc", want: "a\nb\nc"},
		{in: "keep \uFFFD", want: "keep \uFFFD"},
		{in: " \n ", err: ErrNoText},
		{in: "", err: ErrNoText},
		{in: "a\x00b", err: ErrBinary},
	}
	for _, c := range cases {
		got, err := finishText(c.in)
		if c.err != nil {
			if !errors.Is(err, c.err) {
				t.Errorf("finishText(%q) error = %v, want %v", c.in, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("finishText(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

func TestNormalizeNewlines(t *testing.T) {
	for in, want := range map[string]string{
		"":           "",
		"a":          "a",
		"\r":         "\n",
		"\r\n":       "\n",
		"\n\r":       "\n\n",
		"a\r\r\nb\r": "a\n\nb\n",
	} {
		if got := string(normalizeNewlines([]byte(in))); got != want {
			t.Errorf("normalizeNewlines(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFixEncodingValid(t *testing.T) {
	// Whatever goes in, what comes out without error is valid UTF-8 and
	// keeps every ASCII byte where it was relative to the others.
	in := []byte("a,\"b\x93\"\n\xE9\xEF\xBF\xBD\xC3")
	out, _, err := fixEncoding(in)
	if err != nil {
		t.Fatal(err)
	}
	if !utf8.Valid(out) {
		t.Fatalf("invalid UTF-8 out: %q", out)
	}
	ascii := func(b []byte) string {
		var s strings.Builder
		for _, c := range b {
			if c < utf8.RuneSelf {
				s.WriteByte(c)
			}
		}
		return s.String()
	}
	if ascii(in) != ascii(out) {
		t.Errorf("ASCII changed: %q → %q", ascii(in), ascii(out))
	}
}
