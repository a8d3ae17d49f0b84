package main

import (
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"

	"retort/engine"
)

// The engine's results as plain values for JavaScript, with the protocol's
// lowerCamelCase field names (web/src/engine.ts declares the same shapes;
// TestProtocolMatchesTypeScript checks them against it).

func stringsValue(list []string) []any {
	out := make([]any, len(list))
	for i, s := range list {
		out[i] = s
	}
	return out
}

func diagnosticsValue(diags []engine.Diagnostic) []any {
	out := make([]any, len(diags))
	for i, d := range diags {
		out[i] = map[string]any{
			"severity": d.Severity, "file": d.File, "line": float64(d.Line), "col": float64(d.Col),
			"endLine": float64(d.EndLine), "endCol": float64(d.EndCol), "message": d.Message,
		}
	}
	return out
}

func tablesValue(tables []engine.TableInfo) []any {
	out := make([]any, len(tables))
	for i, t := range tables {
		cols := make([]any, len(t.Columns))
		for j, c := range t.Columns {
			cols[j] = map[string]any{
				"name": c.Name, "type": c.Type, "notNull": c.NotNull, "pk": c.PK, "fk": c.FK, "default": c.Default,
			}
		}
		out[i] = map[string]any{"name": t.Name, "columns": cols, "rowCount": float64(t.RowCount)}
		if t.Error != "" {
			out[i].(map[string]any)["error"] = t.Error
		}
	}
	return out
}

// rowsValue is a page of rows; "rowids" (numbers, or decimal strings beyond
// 2^53, as cells are) is there only for a table that has rowids, and
// "keyColumns" only for a WITHOUT ROWID table.
func rowsValue(r *engine.Rows) map[string]any {
	out := map[string]any{"columns": stringsValue(r.Columns), "rows": matrixValue(r.Rows), "total": float64(r.Total)}
	if r.RowIDs != nil {
		ids := make([]any, len(r.RowIDs))
		for i, id := range r.RowIDs {
			ids[i] = cellValue(id)
		}
		out["rowids"] = ids
	}
	if r.KeyColumns != nil {
		out["keyColumns"] = stringsValue(r.KeyColumns)
	}
	return out
}

func resultsValue(results []engine.SQLResult) []any {
	out := make([]any, len(results))
	for i, r := range results {
		out[i] = map[string]any{
			"sql": r.SQL, "columns": stringsValue(r.Columns), "rows": matrixValue(r.Rows), "changes": float64(r.Changes),
		}
	}
	return out
}

func graphValue(g *engine.RevisionGraph) map[string]any {
	nodes := make([]any, len(g.Nodes))
	for i, n := range g.Nodes {
		nodes[i] = map[string]any{
			"id": n.ID, "message": n.Message, "down": stringsValue(n.Down), "path": n.Path,
			"head": n.Head, "current": n.Current,
		}
	}
	return map[string]any{"nodes": nodes, "current": stringsValue(g.Current)}
}

func batchNeedsValue(needs []engine.BatchNeed) []any {
	out := make([]any, len(needs))
	for i, n := range needs {
		out[i] = map[string]any{"path": n.Path, "ops": stringsValue(n.Ops)}
	}
	return out
}

func matrixValue(rows [][]any) []any {
	out := make([]any, len(rows))
	for i, row := range rows {
		vals := make([]any, len(row))
		for j, v := range row {
			vals[j] = cellValue(v)
		}
		out[i] = vals
	}
	return out
}

// maxSafe is the largest integer a JavaScript number holds exactly.
const maxSafe = 1<<53 - 1

// whole reports whether a JavaScript number is an integer it holds exactly.
func whole(f float64) bool { return f == math.Trunc(f) && math.Abs(f) <= maxSafe }

// cellValue is an SQLite value for JavaScript: NULL as nil, integers as
// numbers (as decimal strings beyond 2^53, so no digit is lost), reals,
// text, and blobs as bytes (a Uint8Array).
func cellValue(v any) any {
	switch v := v.(type) {
	case nil, string, bool, []byte:
		return v
	case int64:
		if v > maxSafe || v < -maxSafe {
			return strconv.FormatInt(v, 10)
		}
		return float64(v)
	case int:
		return cellValue(int64(v))
	case int32:
		return float64(v)
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return strconv.FormatFloat(v, 'g', -1, 64)
		}
		return v
	case float32:
		return cellValue(float64(v))
	default:
		return fmt.Sprint(v)
	}
}

// sqlValue is a value from JavaScript for SQLite to store: null as NULL, a
// whole number as an INTEGER (int64), any other number as a REAL, text,
// true/false as 1/0, and bytes (a Uint8Array) as a BLOB.
func sqlValue(v any) (any, error) {
	switch v := v.(type) {
	case nil, string, []byte:
		return v, nil
	case bool:
		if v {
			return int64(1), nil
		}
		return int64(0), nil
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("a finite number, not %v", v)
		}
		if whole(v) {
			return int64(v), nil
		}
		return v, nil
	}
	return nil, fmt.Errorf("null, a number, text, true/false or bytes")
}

func pendingValue(p *engine.Pending) map[string]any {
	log := make([]any, len(p.Log))
	for i, l := range p.Log {
		log[i] = map[string]any{"text": l.Text, "warning": l.Warning}
	}
	return map[string]any{
		"log": log, "script": p.Script, "renames": stringsValue(p.Renames),
		"diagnostics": diagnosticsValue(p.Diagnostics), "error": p.Error,
	}
}

// findingsValue is a review; null when no step is pending.
func findingsValue(found []engine.Finding) any {
	if found == nil {
		return nil
	}
	out := make([]any, len(found))
	for i, f := range found {
		out[i] = map[string]any{
			"step": f.Step, "op": f.Op, "kind": string(f.Kind), "table": f.Table, "column": f.Column,
			"count": float64(f.Count), "fails": f.Fails, "text": f.Text, "sql": f.SQL,
		}
	}
	return out
}

// plainJSON reports whether JSON.parse of json.Marshal's text of v gives
// what converting v value by value gives (main.go's toJS): v holds only
// nil, bools, finite numbers, valid UTF-8 text (Go's encoder and the
// page's decoder replace broken text differently), lists and objects of
// them — no bytes.
func plainJSON(v any) bool {
	switch v := v.(type) {
	case nil, bool:
		return true
	case float64:
		return !math.IsNaN(v) && !math.IsInf(v, 0)
	case string:
		return utf8.ValidString(v)
	case []any:
		for _, e := range v {
			if !plainJSON(e) {
				return false
			}
		}
		return true
	case map[string]any:
		for k, e := range v {
			if !utf8.ValidString(k) || !plainJSON(e) {
				return false
			}
		}
		return true
	}
	return false
}
