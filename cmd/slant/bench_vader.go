package main

import (
	"context"
	"fmt"
	"io"
)

// benchVader is being written; see the issue tracker.
func benchVader(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "slant bench vader: not built yet")
	return exitFailure
}
