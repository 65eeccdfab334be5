package main

import (
	"context"
	"fmt"
	"io"
)

// benchNewsMTSC is being written; see the issue tracker.
func benchNewsMTSC(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "slant bench newsmtsc: not built yet")
	return exitFailure
}
