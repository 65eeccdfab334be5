package golden

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// recorder captures failures instead of failing the real test.
type recorder struct {
	testing.TB
	msgs []string
}

func (r *recorder) Helper()                   {}
func (r *recorder) Errorf(f string, a ...any) { r.msgs = append(r.msgs, f) }
func (r *recorder) Fatalf(f string, a ...any) {
	r.msgs = append(r.msgs, f)
	runtime.Goexit() // like testing.T: stop the checking goroutine
}

// check runs Check on its own goroutine, so that Fatalf can stop it.
func check(t *testing.T, path, got string) []string {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		Check(r, path, []byte(got))
	}()
	<-done
	return r.msgs
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.golden")
	if err := os.WriteFile(path, []byte("a\nb\nc\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		got  string
		fail bool
	}{
		{"a\nb\nc\n", false},
		{"a\nB\nc\n", true},
		{"a\nb\n", true},       // shorter
		{"a\nb\nc\nd\n", true}, // longer
		{"a\nb\nc", true},      // missing final newline
	} {
		if msgs := check(t, path, tt.got); (len(msgs) > 0) != tt.fail {
			t.Errorf("Check(%q): failures %v, want fail=%v", tt.got, msgs, tt.fail)
		}
	}
	if msgs := check(t, filepath.Join(dir, "missing.golden"), "x"); len(msgs) != 1 || !strings.Contains(msgs[0], "-update") {
		t.Errorf("missing file: %v", msgs)
	}
}
