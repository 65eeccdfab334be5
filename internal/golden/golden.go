// Package golden compares test output with testdata/*.golden files in the
// manner of go/printer's tests: `go test -update` rewrites the files from
// the current output, and a plain run fails at the first line that differs.
// It is imported by tests only, so its -update flag exists only in test
// binaries.
package golden

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// Update reports whether the test run was asked to rewrite golden files.
func Update() bool { return *update }

// Check compares got with the file at path. With -update it writes got to
// path instead. A missing file or any difference fails the test, naming the
// file, the first differing line (or the differing line counts) and how to
// accept an intended change.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) == string(want) {
		return
	}
	gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(gl) && i < len(wl); i++ {
		if g, w := gl[i], wl[i]; g != w {
			t.Errorf("%s differs at line %d (go test -update rewrites it if the change is intended):\n got: %s\nwant: %s", path, i+1, g, w)
			return
		}
	}
	// Only the line ends differ (e.g. a final newline lost or added).
	t.Errorf("%s: got %d lines, want %d, with the same text (go test -update rewrites it if the change is intended)", path, len(gl), len(wl))
}
