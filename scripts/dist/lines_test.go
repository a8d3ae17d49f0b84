package dist

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// A program that grows stacks, collects garbage with goroutines parked,
// recovers a runtime panic and asks for its caller: what the runtime reads
// the pclntab for.
const stripProgram = `package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

func deep(n int) int {
	var buf [64]byte
	buf[n%64] = byte(n)
	if n == 0 {
		return int(buf[0])
	}
	return deep(n-1) + int(buf[n%64])
}

func main() {
	ch := make(chan int)
	for i := 0; i < 4; i++ {
		go func() {
			var s [][]byte
			for j := 0; j < 2000; j++ {
				s = append(s, make([]byte, 1024))
			}
			runtime.GC()
			ch <- deep(10000) + len(s)
		}()
	}
	sum := 0
	for i := 0; i < 4; i++ {
		sum += <-ch
	}
	func() {
		defer func() {
			r := recover()
			fmt.Println("recovered:", r, len(debug.Stack()) > 0)
		}()
		var m map[string]int
		m["x"] = 1
	}()
	pc, file, line, _ := runtime.Caller(0)
	fmt.Println("sum", sum, "caller", strings.HasSuffix(file, "main.go"), line, runtime.FuncForPC(pc).Name())
}
`

func TestStripLineTables(t *testing.T) {
	node, err := exec.LookPath("node")
	require.NoError(t, err, "the test runs a Go wasm under Node.js")
	goroot, err := exec.Command(goTool(), "env", "GOROOT").Output()
	require.NoError(t, err)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"go.mod": "module strip\n\ngo 1.26\n", "main.go": stripProgram})
	wasm := filepath.Join(dir, "prog.wasm")
	build := exec.Command(goTool(), "build", "-trimpath", "-ldflags=-s -w", "-o", wasm, ".")
	build.Dir = dir
	build.Env = append(wasmEnv(), "GOWORK=off")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)

	run := func(file string) string {
		t.Helper()
		cmd := exec.Command(node, filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec_node.js"), file)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		return string(out)
	}
	const ran = "recovered: assignment to entry in nil map true\nsum 5100384 caller "
	require.Equal(t, ran+"true 43 main.main\n", run(wasm))

	orig, err := os.ReadFile(wasm)
	require.NoError(t, err)
	stripped, err := StripLineTables(orig)
	require.NoError(t, err)
	require.Less(t, len(stripped), len(orig))
	again, err := StripLineTables(stripped)
	require.NoError(t, err, "a stripped binary is still a well-formed one")
	require.Equal(t, len(stripped), len(again))
	require.NoError(t, os.WriteFile(wasm, stripped, 0o644))
	require.Equal(t, ran+"false 0 \n", run(wasm), "the same run; only the caller's file, line and name are gone")

	_, err = StripLineTables([]byte("\x00asm\x01\x00\x00\x00"))
	require.EqualError(t, err, "no data section")
	_, err = StripLineTables([]byte("not wasm"))
	require.EqualError(t, err, "not a wasm binary")
}
