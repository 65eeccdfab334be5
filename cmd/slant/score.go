package main

import (
	"context"
	"fmt"
	"io"
)

// cmdScore is being written; see the issue tracker.
func cmdScore(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "slant score: not built yet")
	return exitFailure
}
