package main

import (
	"context"
	"fmt"
	"io"
)

// cmdBench is being written; see the issue tracker.
func cmdBench(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "slant bench: not built yet")
	return exitFailure
}
