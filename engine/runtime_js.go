//go:build js

package engine

import (
	"os"
	"runtime/debug"
)

// In WebAssembly the Go runtime has one thread: the garbage collector's
// marking runs on it, inside whatever the engine is doing, and the heap the
// engine keeps between commands is small (a few MB for the tutorial, some
// 15 MB with a 200-table model), so at Go's default (GOGC=100: collect when
// the heap doubles, 4 MB at the least) one autogenerate of 200 tables
// collected twice and spent some 17 ms of its 55 in the collector. Collect
// when the heap has grown fivefold instead (16 MB at the least), and
// whatever the heap, before it passes 1 GiB. GOGC and GOMEMLIMIT in the
// environment (the benchmarks under Node) still decide when set.
func init() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(1 << 30)
	}
}
