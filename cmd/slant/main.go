// Command slant reads news articles, opinion pieces and reader comments,
// splits them into claims, scores each claim's stance and sentiment, and
// measures how each source leans. Run "slant help" for the commands.
package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"slices"
	"syscall"
)

// Exit codes shared by every subcommand.
const (
	exitOK      = 0 // everything was processed
	exitFailure = 1 // the command itself failed (I/O, internal error)
	exitUsage   = 2 // bad usage: unknown flag, missing argument or column
	exitSkipped = 3 // the command ran, but some inputs were skipped
)

// command is one subcommand: run parses its own flags from args and writes
// to stdout/stderr; it returns an exit code.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

func commands() map[string]command {
	return map[string]command{
		"run":    {"turn articles into scored claims and per-source measures", cmdRun},
		"score":  {"score each row of a CSV or JSONL file as one claim", cmdScore},
		"train":  {"retrain the stance model from gold labels", cmdTrain},
		"eval":   {"evaluate predictions against gold labels, with confidence intervals", cmdEval},
		"agree":  {"inter-annotator agreement (Krippendorff's alpha, Cohen's kappa)", cmdAgree},
		"bench":  {"public benchmarks (vader, newsmtsc, semeval) and speed", cmdBench},
		"report": {"rebuild report.html and report.md from a run's CSVs", cmdReport},
		"export": {"write CSVs and the report from a --db store", cmdExport},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := dispatch(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout, cmds)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "slant: unknown command %q\n", args[0])
		usage(stderr, cmds)
		return exitUsage
	}
	return c.run(ctx, args[1:], stdout, stderr)
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "usage: slant COMMAND [flags] [args]\n\ncommands:")
	listCommands(w, cmds, 7)
	fmt.Fprintln(w, "\nRun 'slant COMMAND -h' for a command's flags.")
}

// listCommands writes one "  name  summary" line per command, sorted by
// name, with names padded to width.
func listCommands(w io.Writer, cmds map[string]command, width int) {
	for _, n := range slices.Sorted(maps.Keys(cmds)) {
		fmt.Fprintf(w, "  %-*s %s\n", width, n, cmds[n].summary)
	}
}
