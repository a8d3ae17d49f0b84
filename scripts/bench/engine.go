package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

//go:embed sqljs.js
var sqljsScript []byte

// rebuildRows are the table sizes of the rebuild figures; above
// onceAbove a figure is sampled once.
var rebuildRows = []int{10_000, 100_000, 1_000_000}

const onceAbove = 100_000

// engine runs enginebench natively and compiled to wasm (under Node, as
// go_js_wasm_exec does), and sql.js on the same SQL.
func (b *bench) engine(ctx context.Context) error {
	native, err := b.goBuild("enginebench", "./scripts/bench/enginebench", false)
	if err != nil {
		return err
	}
	wasm, err := b.goBuild("enginebench.wasm", "./scripts/bench/enginebench", true)
	if err != nil {
		return err
	}
	rows := make([]string, len(rebuildRows))
	for i, n := range rebuildRows {
		rows[i] = fmt.Sprint(n)
	}
	args := []string{"-suite", "steps,rebuild,autogen", "-rows", strings.Join(rows, ","),
		"-reps", fmt.Sprint(b.reps), "-once-above", fmt.Sprint(onceAbove)}

	b.logf("enginebench, native…")
	out, err := b.command(nil, native, args...)
	if err != nil {
		return err
	}
	if b.native, _, err = figures(out); err != nil {
		return err
	}
	b.logf("enginebench, wasm in Node…")
	out, err = b.command(nil, "node", append([]string{b.wasmExecNode(), wasm}, args...)...)
	if err != nil {
		return err
	}
	if b.wasm, _, err = figures(out); err != nil {
		return err
	}
	sqljs, err := b.sqljs(native)
	if err != nil {
		b.note("sql.js: %v", err)
	}

	const g = "Table rebuild (users: id, name, email UNIQUE, age; email made NOT NULL: the 12-step rebuild), in memory"
	for _, n := range rebuildRows {
		key := fmt.Sprintf("rebuild/%d/", n)
		ne, nr := b.native[key+"engine"], b.native[key+"insert-select"]
		we, wr := b.wasm[key+"engine"], b.wasm[key+"insert-select"]
		label := fmt.Sprintf("%s rows", commas(n))
		b.add(row{group: g, what: label + ": engine upgrade step, native", value: msText(ne),
			anchor: "INSERT … SELECT " + msText(nr) + " = " + ratioText(median(ne), median(nr)),
			target: "≤ 1.2x", met: metText(median(ne) <= 1.2*median(nr))})
		b.add(row{group: g, what: label + ": engine upgrade step, wasm (Node)", value: msText(we),
			anchor: "INSERT … SELECT " + msText(wr) + " = " + ratioText(median(we), median(wr))})
		if sqljs != nil {
			se, sr := sqljs[key+"sqljs"], sqljs[key+"sqljs-insert-select"]
			b.add(row{group: g, what: label + ": sql.js, the step's same SQL (Node)", value: msText(se),
				anchor: "INSERT … SELECT " + msText(sr) + "; engine wasm / sql.js = " + ratioText(median(we), median(se))})
		}
	}

	const ga = "Autogenerate on a generated 200-table model (7-8 columns, an index, a unique, every other table a foreign key)"
	for _, c := range []struct {
		key, label string
		target     bool // the issue's < 50 ms applies
	}{
		{"autogen/200/empty-db", "autogenerate against an empty database (200 create_table)", true},
		{"autogen/200/at-head", "autogenerate against a database at head (no changes)", true},
		{"autogen/200/upgrade", "upgrade head in between (one step of 200 create_table)", false},
		{"autogen/200/pending-again", "the page's Pending changes at head again, the database unchanged (its schema read kept)", false},
	} {
		n, w := b.native[c.key], b.wasm[c.key]
		b.add(row{group: ga, what: c.label + ", native", value: msText(n)})
		r := row{group: ga, what: c.label + ", wasm (Node)", value: msText(w), anchor: "native × " + ratioText(median(w), median(n))}
		if c.target {
			r.target, r.met = "< 50 ms", metText(median(w) < 50)
		}
		b.add(r)
	}
	return nil
}

// wasmExecNode is Go's Node loader for js/wasm programs (what go_js_wasm_exec runs).
func (b *bench) wasmExecNode() string {
	out, err := b.command(nil, "go", "env", "GOROOT")
	if err != nil {
		return "wasm_exec_node.js"
	}
	return filepath.Join(strings.TrimSpace(string(out)), "lib", "wasm", "wasm_exec_node.js")
}

// sqljs runs the rebuild step's statements (as the engine logs them) and the
// raw INSERT … SELECT in sql.js, on the same table and rows.
func (b *bench) sqljs(native string) (map[string][]float64, error) {
	dir, err := b.installSQLJS()
	if err != nil {
		return nil, err
	}
	out, err := b.command(nil, native, "-suite", "sql")
	if err != nil {
		return nil, err
	}
	_, raw, err := figures(out)
	if err != nil {
		return nil, err
	}
	sqlOf := func(name string) ([]string, error) {
		var f struct {
			SQL []string `json:"sql"`
		}
		if err := json.Unmarshal(raw[name], &f); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return f.SQL, nil
	}
	input := map[string]any{"module": dir, "rows": rebuildRows, "reps": b.reps, "onceAbove": onceAbove}
	for key, name := range map[string]string{"schema": "sql/schema", "rebuild": "sql/rebuild", "rebuildDown": "sql/rebuild-down", "insertSelect": "sql/insert-select"} {
		if input[key], err = sqlOf(name); err != nil {
			return nil, err
		}
	}
	seed, err := sqlOf("sql/seed")
	if err != nil || len(seed) != 1 {
		return nil, fmt.Errorf("no seed SQL: %v", err)
	}
	input["seed"] = seed[0]
	inputJSON, err := json.Marshal(input)
	if err != nil {
		return nil, err
	}
	inFile := filepath.Join(b.scratch, "sqljs-input.json")
	script := filepath.Join(b.scratch, "sqljs.js")
	if err := os.WriteFile(inFile, inputJSON, 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(script, sqljsScript, 0o644); err != nil {
		return nil, err
	}
	b.logf("sql.js in Node…")
	out, err = b.command(nil, "node", script, inFile)
	if err != nil {
		return nil, err
	}
	ms, _, err := figures(out)
	return ms, err
}

func commas(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
