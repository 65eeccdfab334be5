package main

import (
	"context"
	"fmt"
	"io"
)

// cmdEval is being written; see the issue tracker.
func cmdEval(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "slant eval: not built yet")
	return exitFailure
}
