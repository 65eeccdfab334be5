package main

import (
	"context"
	"fmt"
	"io"
)

// benchmarks lists slant bench's targets; each lives in its own file.
func benchmarks() map[string]command {
	return map[string]command{
		"vader":    {"sentence sentiment against VADER's human ratings (--data DIR)", benchVader},
		"newsmtsc": {"target-dependent sentiment on NewsMTSC (--data DIR)", benchNewsMTSC},
		"semeval":  {"SemEval-2016 Task 6A stance (--data DIR --out FILE)", benchSemEval},
		"speed":    {"pipeline throughput and memory on a synthetic corpus", benchSpeed},
	}
}

func cmdBench(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	bs := benchmarks()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(stderr, "usage: slant bench NAME [flags]\n\nbenchmarks:")
		listCommands(stderr, bs, 9)
		if len(args) > 0 {
			return exitOK // the list was asked for
		}
		return exitUsage
	}
	b, ok := bs[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "slant bench: unknown benchmark %q\n", args[0])
		return exitUsage
	}
	return b.run(ctx, args[1:], stdout, stderr)
}
