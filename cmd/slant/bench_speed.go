package main

import (
	"context"
	"fmt"
	"io"
)

// benchSpeed is being written; see the issue tracker.
func benchSpeed(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "slant bench speed: not built yet")
	return exitFailure
}
