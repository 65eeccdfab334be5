package main

import (
	"bytes"
	"context"
	"flag"
	"io"
	"sort"
	"strings"
	"testing"
)

// TestHelpAndBadFlag runs every command and benchmark with -h, --help and
// an unknown flag through dispatch: asking for help exits 0 with the
// usage on stderr, an unknown flag exits 2 with a message on stderr, and
// neither writes to stdout.
func TestHelpAndBadFlag(t *testing.T) {
	var cmdlines [][]string
	for name := range commands() {
		cmdlines = append(cmdlines, []string{name})
	}
	for name := range benchmarks() {
		cmdlines = append(cmdlines, []string{"bench", name})
	}
	sort.Slice(cmdlines, func(i, j int) bool {
		return strings.Join(cmdlines[i], " ") < strings.Join(cmdlines[j], " ")
	})
	if len(cmdlines) < 10 {
		t.Fatalf("only %d command lines: %q", len(cmdlines), cmdlines)
	}
	for _, cl := range cmdlines {
		for _, tc := range []struct {
			flag string
			want int
		}{
			{"-h", exitOK},
			{"--help", exitOK},
			{"--no-such-flag", exitUsage},
		} {
			args := append(append([]string(nil), cl...), tc.flag)
			var stdout, stderr bytes.Buffer
			code := dispatch(context.Background(), args, &stdout, &stderr)
			if code != tc.want {
				t.Errorf("slant %s: exit %d, want %d; stderr:\n%s", strings.Join(args, " "), code, tc.want, stderr.String())
			}
			if tc.want == exitOK && !strings.Contains(strings.ToLower(stderr.String()), "usage") {
				t.Errorf("slant %s: no usage on stderr: %q", strings.Join(args, " "), stderr.String())
			}
			if stderr.Len() == 0 {
				t.Errorf("slant %s: nothing on stderr", strings.Join(args, " "))
			}
			if stdout.Len() != 0 {
				t.Errorf("slant %s: wrote to stdout: %q", strings.Join(args, " "), stdout.String())
			}
		}
	}
}

// TestParseFlags pins parseFlags' contract on a flag set of its own.
func TestParseFlags(t *testing.T) {
	for _, tc := range []struct {
		args     []string
		wantCode int
		wantOK   bool
	}{
		{nil, exitOK, true},
		{[]string{"--n", "3", "rest"}, exitOK, true},
		{[]string{"-h"}, exitOK, false},
		{[]string{"--help"}, exitOK, false},
		{[]string{"--nope"}, exitUsage, false},
		{[]string{"--n", "three"}, exitUsage, false},
		{[]string{"--n"}, exitUsage, false},
	} {
		fs := newTestFlagSet()
		code, ok := parseFlags(fs, tc.args)
		if code != tc.wantCode || ok != tc.wantOK {
			t.Errorf("parseFlags(%q) = %d, %v; want %d, %v", tc.args, code, ok, tc.wantCode, tc.wantOK)
		}
	}
}

func newTestFlagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Int("n", 0, "a number")
	return fs
}
