package main

import (
	"context"
	"fmt"
	"io"
)

// cmdReport is being written; see the issue tracker.
func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "slant report: not built yet")
	return exitFailure
}
