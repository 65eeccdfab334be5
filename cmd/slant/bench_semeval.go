package main

import (
	"context"
	"fmt"
	"io"
)

// benchSemEval is being written; see the issue tracker.
func benchSemEval(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "slant bench semeval: not built yet")
	return exitFailure
}
