// Command bench measures Retort against its performance targets and prints
// one table of figures: `make bench` (`go run ./scripts/bench`). Every figure
// is measured in the same run as its anchor (sql.js, a Go "hello" wasm, a raw
// INSERT … SELECT, alembic) on the same machine. It is a benchmark, not a
// test: it never fails on a missed target, only on a broken setup.
//
// What it needs: Go, Node.js, npm (sql.js is installed into dist/.bench/),
// Debian's chromium for the page figures and alembic for the command-line
// anchor (each section is skipped, with a note, when its tool is missing).
//
//	-only LIST     sections to run: sizes,load,page,engine,cli (default all);
//	               cli-postgres and cli-history run one part of cli, load-page,
//	               embeds and engine-alone one part of load
//	-v             log each page load's marks and requests to the worker
//	-baseline DIR  another build's dist/: its page loads are taken in turn
//	               with the playground's, for a before and after in one run
//	-trace FILE    record a Chromium trace of one cold load (DevTools and
//	               Perfetto open it) and exit; -trace-repeat: of a repeat load
//	-throttle LIST CPU throttling rates for the load figures (default 1,4)
//	-md FILE       also write the table as Markdown to FILE
//	-wasm-top N    print the N biggest packages of dist/retort.wasm and exit
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"retort/scripts/dist"
)

func main() {
	only := flag.String("only", "sizes,load,page,engine,cli", "sections to run, comma-separated (page includes the Pending changes figures)")
	md := flag.String("md", "", "also write the table as Markdown to this file")
	chromium := flag.String("chromium", "/usr/bin/chromium", "the browser for the page figures")
	reps := flag.Int("reps", 5, "repetitions of each timed figure (the median is shown)")
	wasmTop := flag.Int("wasm-top", 0, "print the N biggest packages of a wasm file (the argument, default dist/retort.wasm) and exit")
	bounds := flag.Bool("bounds", true, "also build the wasm with bounds checks in SQLite, and with the line tables kept, for their sizes")
	writeHistory := flag.String("write-history", "", "write a generated history's project (NAME=DIR: wide or rebuild) and exit")
	throttle := flag.String("throttle", "1,4", "CPU throttling rates for the load section, comma-separated (1: none)")
	jsFlags := flag.String("js-flags", "", "V8 flags for Chromium, for experiments (e.g. --no-wasm-tier-up)")
	trace := flag.String("trace", "", "record a Chromium trace of one cold load of the page (at the first -throttle rate) to this file and exit")
	tracePath := flag.String("trace-path", "/", "the page -trace loads (path and query)")
	traceRepeat := flag.Bool("trace-repeat", false, "-trace records a repeat visit (5 s after a first), not a first visit")
	baseline := flag.String("baseline", "", "another build's dist directory: its page loads are measured in turn with the playground's (load-page), for a before and after in one run")
	verbose := flag.Bool("v", false, "log each page load's marks and requests to the worker (ms since navigation start)")
	flag.Parse()

	root, err := dist.FindRoot()
	if err != nil {
		fatal(err)
	}
	if *writeHistory != "" {
		if err := writeHistoryFlag(*writeHistory); err != nil {
			fatal(err)
		}
		return
	}
	if *wasmTop > 0 {
		file := filepath.Join(root, "dist", "retort.wasm")
		if flag.NArg() > 0 {
			file = flag.Arg(0)
		}
		if err := printWasmTop(os.Stdout, file, *wasmTop); err != nil {
			fatal(err)
		}
		return
	}
	var rates []float64
	for _, f := range strings.Split(*throttle, ",") {
		r, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || r < 1 {
			fatal(fmt.Errorf("-throttle: %q is not a rate >= 1", f))
		}
		rates = append(rates, r)
	}
	b := &bench{
		throttle: rates,
		root:     root,
		scratch:  filepath.Join(root, "dist", ".bench"),
		chromium: *chromium,
		jsFlags:  *jsFlags,
		verbose:  *verbose,
		baseline: *baseline,
		reps:     *reps,
		bounds:   *bounds,
		sections: strings.Split(*only, ","),
		log:      os.Stderr,
	}
	if err := os.MkdirAll(b.scratch, 0o755); err != nil {
		fatal(err)
	}
	if *trace != "" {
		srv, err := b.serve()
		if err != nil {
			fatal(err)
		}
		defer srv.Close()
		if err := b.traceLoad(srv.URL+*tracePath, rates[0], *trace, *traceRepeat); err != nil {
			fatal(err)
		}
		return
	}
	start := time.Now()
	b.run()
	b.took = time.Since(start)
	b.printTable(os.Stdout, false)
	if *md != "" {
		f, err := os.Create(*md)
		if err != nil {
			fatal(err)
		}
		b.printTable(f, true)
		if err := f.Close(); err != nil {
			fatal(err)
		}
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}

type bench struct {
	root, scratch string
	chromium      string
	throttle      []float64 // CPU throttling rates for the load section
	jsFlags       string    // V8 flags for Chromium (experiments: -js-flags=--no-wasm-tier-up)
	verbose       bool      // log each page load's marks and requests (-v)
	baseline      string    // another build's dist/, loaded in turn with the playground (-baseline)
	reps          int
	bounds        bool
	sections      []string
	log           io.Writer
	took          time.Duration

	rows  []row
	notes []string
	loads []string // the 1-minute load average as each section started
	// engine figures by name (enginebench's and sql.js's), native and wasm.
	native, wasm map[string][]float64
	// the sql.js page's median cold and repeat loads, unthrottled (load-page),
	// for the engine-alone section's floor.
	sqljsCold, sqljsRepeat float64
}

// row is one line of the table.
type row struct {
	group  string
	what   string
	value  string
	anchor string // the same-run figure it is compared with
	target string
	met    string // "yes", "no", or "" (no target)
}

func (b *bench) add(r row) { b.rows = append(b.rows, r) }
func (b *bench) note(f string, a ...any) {
	b.notes = append(b.notes, fmt.Sprintf(f, a...))
	b.logf("note: "+f, a...)
}

func (b *bench) logf(f string, a ...any) {
	fmt.Fprintf(b.log, "bench: "+f+"\n", a...)
}

func (b *bench) want(s string) bool { return slices.Contains(b.sections, s) }

// run measures every section asked for; a section that cannot run (a tool
// missing) leaves a note and the others go on.
func (b *bench) run() {
	ctx := context.Background()
	steps := []struct {
		name, label string
		fn          func(context.Context) error
	}{
		{"sizes", "sizes", b.sizes},
		{"engine", "engine", b.engine},
		{"cli", "cli", b.cli},
		{"cli", "cli-postgres", b.cliPG},
		{"cli", "cli-history", b.cliHistory},
		{"load", "load-page", b.load},
		{"load", "embeds", func(context.Context) error { return b.embeds() }},
		{"load", "engine-alone", b.engineAlone},
		{"page", "page", b.page},
		{"page", "pending", b.pending},
	}
	// The page's figures sit beside the engine's: the engine runs first
	// when both are asked for.
	for _, s := range steps {
		if !b.want(s.name) && !b.want(s.label) {
			continue
		}
		t := time.Now()
		load := loadAvg()
		b.logf("%s… (load average %s)", s.label, load)
		if err := s.fn(ctx); err != nil {
			b.note("%s: %v", s.label, err)
		}
		b.logf("%s done in %v", s.label, time.Since(t).Round(time.Millisecond))
		b.loads = append(b.loads, s.label+" "+load)
	}
}

func (b *bench) printTable(w io.Writer, markdown bool) {
	fmt.Fprintf(w, "\nMachine: %s\n", machine())
	fmt.Fprintf(w, "Run: %s, took %v; 1-minute load average as each section started: %s\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 UTC"), b.took.Round(time.Second), strings.Join(b.loads, ", "))
	head := []string{"Figure", "Measured", "Anchor (same run)", "Target", "Met"}
	cells := [][]string{}
	group := ""
	for _, r := range b.rows {
		what := r.what
		if r.group != group {
			group = r.group
			cells = append(cells, []string{"**" + group + "**", "", "", "", ""})
		}
		cells = append(cells, []string{what, r.value, r.anchor, r.target, r.met})
	}
	widths := make([]int, len(head))
	for i, h := range head {
		widths[i] = len([]rune(h))
	}
	for _, c := range cells {
		for i, s := range c {
			widths[i] = max(widths[i], len([]rune(s)))
		}
	}
	line := func(c []string) {
		parts := make([]string, len(c))
		for i, s := range c {
			if markdown {
				// A sub-row's indent does not survive Markdown: an arrow does.
				if rest, ok := strings.CutPrefix(s, "  "); ok {
					s = "↳ " + rest
				}
				parts[i] = s
			} else {
				parts[i] = s + strings.Repeat(" ", widths[i]-len([]rune(s)))
			}
		}
		if markdown {
			fmt.Fprintf(w, "| %s |\n", strings.Join(parts, " | "))
		} else {
			fmt.Fprintf(w, "%s\n", strings.TrimRight(strings.Join(parts, "  "), " "))
		}
	}
	line(head)
	sep := make([]string, len(head))
	for i := range sep {
		sep[i] = strings.Repeat("-", widths[i])
		if markdown {
			sep[i] = "---"
		}
	}
	line(sep)
	for _, c := range cells {
		if !markdown {
			for i := range c {
				c[i] = strings.Trim(c[i], "*")
			}
		}
		line(c)
	}
	if len(b.notes) > 0 {
		fmt.Fprintln(w)
		for _, n := range b.notes {
			fmt.Fprintf(w, "- %s\n", n)
		}
	}
}
