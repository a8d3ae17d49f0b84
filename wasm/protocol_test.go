package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine"
)

// The protocol is written by hand once on each side: the methods table and
// values.go here, the Methods interface and the result interfaces in
// web/src/engine.ts. This test holds the two together: the same method
// names, and each result's fields as TypeScript declares them (an optional
// field, "name?:", may be left out).

// tsInterfaces reads engine.ts's interfaces: name -> field -> optional.
func tsInterfaces(t *testing.T) map[string]map[string]bool {
	t.Helper()
	src, err := os.ReadFile("../web/src/engine.ts")
	require.NoError(t, err)
	out := map[string]map[string]bool{}
	head := regexp.MustCompile(`(?m)^export interface (\w+)(?:<[^>]*>)? \{\n`)
	field := regexp.MustCompile(`(?m)^  (\w+)(\??): `)
	for _, m := range head.FindAllSubmatchIndex(src, -1) {
		body := src[m[1]:]
		body = body[:strings.Index(string(body), "\n}")+1]
		fields := map[string]bool{}
		for _, f := range field.FindAllSubmatch(body, -1) {
			fields[string(f[1])] = string(f[2]) == "?"
		}
		out[string(src[m[2]:m[3]])] = fields
	}
	return out
}

func TestProtocolMatchesTypeScript(t *testing.T) {
	ts := tsInterfaces(t)
	var goNames, tsNames []string
	for name := range methods {
		goNames = append(goNames, name)
	}
	for name := range ts["Methods"] {
		tsNames = append(tsNames, name)
	}
	slices.Sort(goNames)
	slices.Sort(tsNames)
	require.Equal(t, tsNames, goNames, "the bridge's methods table and engine.ts's Methods")

	one := func(v any) map[string]any { return v.([]any)[0].(map[string]any) }
	table := one(tablesValue([]engine.TableInfo{{Name: "t", Columns: []engine.TableColumn{{Name: "c"}}, Error: "e"}}))
	graph := graphValue(&engine.RevisionGraph{Nodes: []engine.RevisionNode{{ID: "a"}}})
	tests := []struct {
		iface string
		value map[string]any
	}{
		{"Diagnostic", one(diagnosticsValue([]engine.Diagnostic{{Message: "m"}}))},
		{"Table", table},
		{"Column", table["columns"].([]any)[0].(map[string]any)},
		{"Rows", rowsValue(&engine.Rows{RowIDs: []int64{1}})},
		{"Rows", rowsValue(&engine.Rows{KeyColumns: []string{"k"}})},
		{"Result", one(resultsValue([]engine.SQLResult{{SQL: "s"}}))},
		{"Graph", graph},
		{"Revision", graph["nodes"].([]any)[0].(map[string]any)},
		{"BatchNeed", one(batchNeedsValue([]engine.BatchNeed{{Path: "p"}}))},
		{"RunResult", newBridgeRun(t)},
		{"OpenResult", newBridgeOpen(t)},
		{"Page", newBridgeRun(t)["pages"].(map[string]any)["t"].(map[string]any)},
		{"Pending", pendingValue(&engine.Pending{Log: []engine.PendingLine{{Text: "t"}}})},
		{"PendingLine", pendingValue(&engine.Pending{Log: []engine.PendingLine{{Text: "t"}}})["log"].([]any)[0].(map[string]any)},
		{"Finding", findingsValue([]engine.Finding{{Text: "t"}}).([]any)[0].(map[string]any)},
		{"ErrorValue", errorValue(os.ErrNotExist)},
	}
	for _, tt := range tests {
		t.Run(tt.iface, func(t *testing.T) {
			fields, ok := ts[tt.iface]
			require.True(t, ok, "engine.ts declares no interface %s", tt.iface)
			for k := range tt.value {
				_, ok := fields[k]
				require.True(t, ok, "%s: the bridge sends %q, which engine.ts does not declare", tt.iface, k)
			}
			for k, optional := range fields {
				if _, ok := tt.value[k]; !ok {
					require.True(t, optional, "%s: engine.ts declares %q, which the bridge does not send", tt.iface, k)
				}
			}
		})
	}
}

// newBridgeOpen is an open's result with the view and its bytes, from a real open.
func newBridgeOpen(t *testing.T) map[string]any {
	h := newHarness(t)
	return h.ok("open", map[string]any{"files": project, "sql": "CREATE TABLE t (a); INSERT INTO t VALUES (1);",
		"view": map[string]any{"offsets": map[string]any{}, "limit": 50.0, "checkpoint": true}}).(map[string]any)
}

// newBridgeRun is a run's result, from a real run.
func newBridgeRun(t *testing.T) map[string]any {
	h := newHarness(t)
	h.ok("open", map[string]any{"files": project})
	h.ok("exec", map[string]any{"sql": "CREATE TABLE t (a); INSERT INTO t VALUES (1);"})
	return h.ok("run", map[string]any{"argv": []any{"alembic", "current"}, "view": map[string]any{"offsets": map[string]any{}, "limit": 50.0}}).(map[string]any)
}
