package main

import (
	"context"
	"fmt"
	"io"
)

// cmdAgree is being written; see the issue tracker.
func cmdAgree(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "slant agree: not built yet")
	return exitFailure
}
