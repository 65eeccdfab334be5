package main

import (
	"context"
	"fmt"
	"io"
)

// cmdExport is being written; see the issue tracker.
func cmdExport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "slant export: not built yet")
	return exitFailure
}
