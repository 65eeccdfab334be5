//go:build !unix

package main

import "time"

// cpuTime is unknown here: bench speed reports n/a.
func cpuTime() time.Duration { return 0 }
