//go:build unix

package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// buildSlant builds the slant binary into a temporary directory.
func buildSlant(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
		if _, err := os.Stat(goTool); err != nil {
			t.Skip("no go tool to build the slant binary with")
		}
	}
	bin := filepath.Join(t.TempDir(), "slant")
	cmd := exec.Command(goTool, "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// committed returns the number of articles committed to the store at
// path, or -1 while it has no tables yet.
func committed(path string) int {
	if _, err := os.Stat(path); err != nil {
		return -1
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		return -1
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM articles`).Scan(&n); err != nil {
		return -1
	}
	return n
}

// startRun starts `slant run --db db --out out --quiet corpus`.
func startRun(t *testing.T, bin, db, out, corpus string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(bin, "run", "--db", db, "--out", out, "--quiet", corpus)
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &stderr
}

// stopWhenCommitted sends sig to the run once the store holds more than
// floor committed articles, and waits for the process to end. It returns
// the count it saw before the signal.
func stopWhenCommitted(t *testing.T, cmd *exec.Cmd, stderr *bytes.Buffer, db string, floor int, sig os.Signal) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	deadline := time.After(3 * time.Minute)
	for {
		select {
		case err := <-done:
			t.Fatalf("run ended (%v) before the store passed %d articles; stderr:\n%s", err, floor, stderr)
		case <-deadline:
			cmd.Process.Kill()
			t.Fatalf("store never passed %d articles; stderr:\n%s", floor, stderr)
		case <-time.After(5 * time.Millisecond):
		}
		if n := committed(db); n > floor {
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			select {
			case <-done:
			case <-time.After(time.Minute):
				cmd.Process.Kill()
				t.Fatalf("run did not stop within a minute of %v; stderr:\n%s", sig, stderr)
			}
			return n
		}
	}
}

func runJSONCounts(t *testing.T, out string) stCounts {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, "run.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r runRecord
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return countsOf(&r)
}

// killCorpusSize is large enough that a run cannot finish between a
// commit (every 200 articles or 2 s) and the test's next poll.
const killCorpusSize = 600

// A run stopped part-way, by SIGKILL or by Ctrl-C (SIGINT: the pool stops
// and what was emitted is committed), twice (the resumed run too), leaves a
// consistent store; the next run loads what was committed, processes the
// rest, and ends with the outputs and store of a clean run, byte for byte.
func TestRunStoppedResumes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the slant binary")
	}
	bin := buildSlant(t)
	dir := t.TempDir()
	corpus := stCorpus(t, dir, "corpus.jsonl", killCorpusSize, 42)
	cleanDB, cleanOut := filepath.Join(dir, "clean.db"), filepath.Join(dir, "clean")
	if out, err := exec.Command(bin, "run", "--db", cleanDB, "--out", cleanOut, "--quiet", corpus).CombinedOutput(); err != nil {
		t.Fatalf("clean run: %v\n%s", err, out)
	}
	if c := runJSONCounts(t, cleanOut); c != (stCounts{inputs: killCorpusSize, processed: killCorpusSize}) {
		t.Fatalf("clean run counts %+v", c)
	}
	for _, sig := range []os.Signal{syscall.SIGKILL, os.Interrupt} {
		t.Run(sig.String(), func(t *testing.T) {
			testStopResume(t, bin, corpus, cleanDB, cleanOut, sig)
		})
	}
}

func testStopResume(t *testing.T, bin, corpus, cleanDB, cleanOut string, sig os.Signal) {
	dir := t.TempDir()
	db := filepath.Join(dir, "store.db")
	// First run, stopped after its first commit.
	cmd, stderr := startRun(t, bin, db, filepath.Join(dir, "o1"), corpus)
	seen := stopWhenCommitted(t, cmd, stderr, db, 0, sig)
	after1 := committed(db)
	t.Logf("%v after %d committed articles; %d in the store after the stop", sig, seen, after1)
	if after1 < seen || after1 >= killCorpusSize {
		t.Fatalf("store holds %d articles after the stop (saw %d before it); want %d..%d", after1, seen, seen, killCorpusSize-1)
	}
	if sig == os.Interrupt && cmd.ProcessState.ExitCode() == 0 {
		t.Errorf("interrupted run exited 0; stderr:\n%s", stderr)
	}

	// Second run, resuming, stopped again once it has committed more.
	cmd, stderr = startRun(t, bin, db, filepath.Join(dir, "o2"), corpus)
	stopWhenCommitted(t, cmd, stderr, db, after1, sig)
	after2 := committed(db)
	t.Logf("second %v: %d in the store", sig, after2)
	if after2 <= after1 || after2 >= killCorpusSize {
		t.Fatalf("store holds %d articles after the second stop; want %d..%d", after2, after1+1, killCorpusSize-1)
	}

	// Third run, to the end.
	out := filepath.Join(dir, "o3")
	if b, err := exec.Command(bin, "run", "--db", db, "--out", out, "--quiet", corpus).CombinedOutput(); err != nil {
		t.Fatalf("resumed run: %v\n%s", err, b)
	}
	want := stCounts{inputs: killCorpusSize, processed: killCorpusSize - after2, unchanged: after2}
	if c := runJSONCounts(t, out); c != want {
		t.Errorf("resumed run counts %+v, want %+v", c, want)
	}
	stSameFiles(t, cleanOut, out, csvOutputs...)
	if a, b := stDump(t, cleanDB), stDump(t, db); a != b {
		t.Errorf("store after the stops and resumes differs from a clean run's%s", firstDiff([]byte(a), []byte(b)))
	}
}
