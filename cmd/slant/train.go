package main

import (
	"context"
	"fmt"
	"io"
)

// cmdTrain is being written; see the issue tracker.
func cmdTrain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "slant train: not built yet")
	return exitFailure
}
