package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// parseFlags parses args into fs (which must use flag.ContinueOnError, so
// that the flag package prints the problem and the usage but does not
// exit). ok is true when the command should go on; otherwise code is its
// exit code: exitOK after -h or --help (the usage was asked for),
// exitUsage after an unknown flag or a bad flag value.
func parseFlags(fs *flag.FlagSet, args []string) (code int, ok bool) {
	err := fs.Parse(args)
	switch {
	case err == nil:
		return exitOK, true
	case errors.Is(err, flag.ErrHelp):
		return exitOK, false
	default:
		return exitUsage, false
	}
}

// newFlagSet returns a flag set for the command name that reports to
// stderr and does not exit on errors (see parseFlags); its usage message
// is usage followed by the flags' defaults.
func newFlagSet(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	return fs
}
