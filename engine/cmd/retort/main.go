// Command retort runs Alembic's commands on a project folder and its SQLite
// database, with no Python: retort [-c alembic.ini] COMMAND ...
package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"

	"retort/engine"
	"retort/engine/project"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(argv []string) int {
	wd, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAILED: %v\n", err)
		return 1
	}
	fsys, err := project.NewDirFS(wd)
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAILED: %v\n", err)
		return 1
	}
	// The environment is read here, and only here: the library never reads it.
	columns, _ := strconv.Atoi(os.Getenv("COLUMNS"))
	s, err := engine.Open(engine.Options{FS: fsys, Prog: "retort", Ask: terminalAsker(), Environ: environ(),
		Config: os.Getenv("ALEMBIC_CONFIG"), Columns: columns, Debug: os.Getenv("RETORT_DEBUG") != ""})
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAILED: %v\n", err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return s.Run(ctx, argv, os.Stdout, os.Stderr)
}

// terminalAsker asks questions on the terminal; with no terminal there is no
// one to ask (nil), and the engine does what Alembic does.
func terminalAsker() engine.Asker {
	if !isTerminal(os.Stdin) {
		return nil
	}
	in := bufio.NewReader(os.Stdin)
	return func(q engine.Question) (string, bool) {
		fmt.Fprint(os.Stderr, q.Text+" ")
		line, err := in.ReadString('\n')
		if err != nil && line == "" {
			return "", false
		}
		return strings.TrimSpace(line), true
	}
}

// isTerminal reports whether f is a terminal: a character device other than
// the null device (stdin is /dev/null under cron, CI, or a program that runs
// retort without input, and must not count as someone to ask).
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	if null, err := os.Stat(os.DevNull); err == nil && os.SameFile(fi, null) {
		return false
	}
	return true
}

// environ is the process's environment, as env.py's os.environ sees it.
func environ() map[string]string {
	env := map[string]string{}
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	return env
}
