//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

// main explains itself: this command runs only as dist/retort.wasm.
func main() {
	fmt.Fprintln(os.Stderr, "wasm: build with GOOS=js GOARCH=wasm (go run ./scripts/build)")
	os.Exit(2)
}
