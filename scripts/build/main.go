// Command build builds the playground into dist/: `go run ./scripts/build`.
//
//	-bounds     keep bounds checks in the translated SQLite (for size comparisons)
//	-lines      keep the Go runtime's file:line tables in retort.wasm (stack traces with positions)
//	-nocompress skip the .gz/.br copies
//	-brotli N   brotli quality for the .br copies
package main

import (
	"flag"
	"fmt"
	"os"

	"retort/scripts/dist"
)

func main() {
	var o dist.Options
	flag.StringVar(&o.Out, "o", "", "output folder (default: dist/ in the module root)")
	flag.BoolVar(&o.BoundsChecks, "bounds", false, "keep bounds checks in the translated SQLite")
	flag.BoolVar(&o.LineTables, "lines", false, "keep the Go runtime's file:line tables in retort.wasm")
	flag.BoolVar(&o.NoCompress, "nocompress", false, "skip the precompressed .gz/.br copies")
	flag.IntVar(&o.BrotliQuality, "brotli", dist.DefaultBrotliQuality, "brotli quality (0-11) for the .br copies")
	verbose := flag.Bool("v", false, "log each step's time")
	flag.Parse()
	if *verbose {
		o.Log = os.Stderr
	}
	res, err := dist.Build(o)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, f := range res.Files {
		fmt.Printf("%10d  dist/%s\n", f.Size, f.Name)
	}
	skip := ""
	if res.WasmSkip {
		skip = " (wasm up to date)"
	}
	fmt.Printf("built %s in %v%s\n", res.Out, res.Took.Round(1e6), skip)
}
