package main

import (
	"context"
	"fmt"
	"io"
)

// cmdRun is being written; see the issue tracker.
func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "slant run: not built yet")
	return exitFailure
}
