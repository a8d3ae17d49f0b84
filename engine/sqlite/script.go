package sqlite

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/ncruces/go-sqlite3"

	"retort/engine/schema"
)

// Result is what one statement of a user's SQL gave: the columns and rows of a
// query, or the number of rows a change touched.
type Result struct {
	SQL     string   `json:"sql"`
	Columns []string `json:"columns,omitempty"`
	Rows    [][]any  `json:"rows,omitempty"`
	Changes int64    `json:"changes"`
}

// MaxResultBytes bounds the values one ExecScript call keeps: a result is
// sent whole to the page (and copied on the way), so a query that selects
// more fails with an error instead of exhausting the engine's memory. The
// page shows 200 rows of 40 characters; a share link's dump, the largest
// result the page asks for itself, is bounded by the link's own size.
const MaxResultBytes = 16 << 20

// ErrResultTooLarge is wrapped when a statement's rows hold more than
// MaxResultBytes.
var ErrResultTooLarge = errors.New("result too large")

// ExecScript runs SQL the user typed: one statement after another, as the
// sqlite3 shell does, collecting each query's rows (at most maxRows each;
// 0 means all). It stops at the first error, which names the statement. A
// result larger than MaxResultBytes is an error (the statement itself runs to
// its end first, so a change it makes is made whole); so is one that needs
// more memory than SQLite may take (ErrOutOfMemory).
func (db *DB) ExecScript(ctx context.Context, text string, maxRows int) ([]Result, error) {
	var out []Result
	size := 0
	err := db.raw(ctx, func(c *sqlite3.Conn) error {
		rest := text
		for strings.TrimSpace(rest) != "" {
			r, tail, err := db.execOne(c, rest, maxRows, &size)
			if err != nil {
				return fmt.Errorf("%s: %w", firstLine(r.SQL), err)
			}
			rest = tail
			if r.SQL == "" { // only comments or white space remained
				break
			}
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// execOne runs the first statement of text; size counts the bytes of values
// kept so far in the whole script. r.SQL is the statement (the rest of text
// when it does not prepare; "" when only comments remained).
func (db *DB) execOne(c *sqlite3.Conn, text string, maxRows int, size *int) (r Result, tail string, err error) {
	r.SQL = text
	defer recoverOutOfMemory(&err)
	stmt, tail, err := c.Prepare(text)
	if err != nil {
		return Result{SQL: text}, "", err
	}
	if stmt == nil {
		return Result{}, "", nil
	}
	defer stmt.Close()
	r.SQL = strings.TrimSpace(text[:len(text)-len(tail)])
	n := stmt.ColumnCount()
	for i := range n {
		r.Columns = append(r.Columns, stmt.ColumnName(i))
	}
	tooLarge := false
	for stmt.Step() {
		if tooLarge || (maxRows > 0 && len(r.Rows) >= maxRows) {
			continue
		}
		row := make([]any, n)
		for i := range n {
			if *size += valueSize(stmt, i); *size > MaxResultBytes {
				tooLarge = true
				break
			}
			row[i] = columnValue(stmt, i)
		}
		if tooLarge {
			r.Rows = nil
			continue
		}
		r.Rows = append(r.Rows, row)
	}
	if err := stmt.Err(); err != nil {
		return r, tail, err
	}
	if tooLarge {
		return r, tail, fmt.Errorf("%w: its rows hold more than %d MiB (select fewer rows, or shorter values with substr())", ErrResultTooLarge, MaxResultBytes>>20)
	}
	r.Changes = c.Changes()
	return r, tail, nil
}

// valueSize is how many bytes a column's value takes, read without copying it.
func valueSize(stmt *sqlite3.Stmt, i int) int {
	switch stmt.ColumnType(i) {
	case sqlite3.TEXT:
		return len(stmt.ColumnRawText(i))
	case sqlite3.BLOB:
		return len(stmt.ColumnRawBlob(i))
	}
	return 8
}

func columnValue(stmt *sqlite3.Stmt, i int) any {
	switch stmt.ColumnType(i) {
	case sqlite3.INTEGER:
		return stmt.ColumnInt64(i)
	case sqlite3.FLOAT:
		return stmt.ColumnFloat(i)
	case sqlite3.TEXT:
		return stmt.ColumnText(i)
	case sqlite3.BLOB:
		return stmt.ColumnBlob(i, nil)
	}
	return nil
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + " …"
	}
	if len(s) > 80 {
		s = s[:77] + "…"
	}
	return s
}

// CreateTables creates tables and their indexes, in one transaction: what
// SQLAlchemy's metadata.create_all() does for tables that do not exist.
func CreateTables(ctx context.Context, db *DB, tables []*schema.Table) error {
	tx, err := db.conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, t := range tables {
		if _, err := tx.ExecContext(ctx, CreateTableSQL(t)); err != nil {
			return fmt.Errorf("create table %s: %w", t.Name, err)
		}
		for _, ix := range t.Indexes {
			if _, err := tx.ExecContext(ctx, CreateIndexSQL(t, ix)); err != nil {
				return fmt.Errorf("create index %s: %w", ix.Name, err)
			}
		}
	}
	return tx.Commit()
}

// SelectColumnsSQL selects every column a table declares, qualified by the
// table as SQLAlchemy writes them: the query an app built on that model runs.
func SelectColumnsSQL(t *schema.Table) string {
	cols := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = Quote(t.Name) + "." + Quote(c.Name)
	}
	return "SELECT " + strings.Join(cols, ", ") + " FROM " + Quote(t.Name)
}

// The page's row access. A rowid table's rows are named by their rowid,
// under the first of its names (rowid, _rowid_, oid) that no column of the
// table takes: a column named rowid would otherwise answer for it, and an
// edit meant for one row would find others. Each query lists its columns,
// so that what it returns is what the caller scans, generated columns
// included.

// RowIDAlias is the name that reaches a table's rowid past its columns
// (named as columns lists them): "rowid", or "_rowid_" or "oid" when a column
// takes the name before; "" when columns take all three.
func RowIDAlias(columns []string) string {
	for _, alias := range []string{"rowid", "_rowid_", "oid"} {
		if !slices.ContainsFunc(columns, func(c string) bool { return strings.EqualFold(c, alias) }) {
			return alias
		}
	}
	return ""
}

// ShownColumnsSQL lists a table's columns as a query's rows show them, in
// order: generated columns too (pragma_table_info leaves them out), not a
// virtual table's hidden ones. The table's name is the bound parameter.
const ShownColumnsSQL = `SELECT name FROM pragma_table_xinfo(?) WHERE hidden <> 1 ORDER BY cid`

// SelectPageSQL reads a page of a table's rows (LIMIT and OFFSET bound):
// with alias, the rowid first under that name and in its order; without,
// in the table's own order (a WITHOUT ROWID table's primary key).
func SelectPageSQL(table, alias string, columns []string) string {
	cols := make([]string, 0, len(columns)+1)
	if alias != "" {
		cols = append(cols, alias)
	}
	for _, c := range columns {
		cols = append(cols, Quote(c))
	}
	if len(cols) == 0 {
		cols = append(cols, "*")
	}
	order := ""
	if alias != "" {
		order = " ORDER BY " + alias
	}
	return "SELECT " + strings.Join(cols, ", ") + " FROM " + Quote(table) + order + " LIMIT ? OFFSET ?"
}

// InsertValuesSQL inserts one row, its values bound to the placeholders; with
// no columns, a row of defaults.
func InsertValuesSQL(table string, columns []string) string {
	if len(columns) == 0 {
		return "INSERT INTO " + Quote(table) + " DEFAULT VALUES"
	}
	cols := make([]string, len(columns))
	marks := make([]string, len(columns))
	for i, c := range columns {
		cols[i], marks[i] = Quote(c), "?"
	}
	return "INSERT INTO " + Quote(table) + " (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(marks, ", ") + ")"
}

// UpdateCellSQL sets one column (the first placeholder) of the row with the
// bound rowid (under alias, see RowIDAlias), or with the bound values in
// keyColumns (a WITHOUT ROWID table's primary key).
func UpdateCellSQL(table, column, alias string, keyColumns []string) string {
	return "UPDATE " + Quote(table) + " SET " + Quote(column) + " = ? WHERE " + rowMatch(alias, keyColumns)
}

// DeleteRowSQL deletes the row with the bound rowid (under alias), or with
// the bound values in keyColumns.
func DeleteRowSQL(table, alias string, keyColumns []string) string {
	return "DELETE FROM " + Quote(table) + " WHERE " + rowMatch(alias, keyColumns)
}

// rowMatch is the condition that finds one row: its rowid, or its values in
// keyColumns.
func rowMatch(alias string, keyColumns []string) string {
	if len(keyColumns) == 0 {
		return alias + " = ?"
	}
	conds := make([]string, len(keyColumns))
	for i, c := range keyColumns {
		conds[i] = Quote(c) + " = ?"
	}
	return strings.Join(conds, " AND ")
}

// ErrNotOneRow is wrapped when a change meant for one row would touch none,
// or more than one.
var ErrNotOneRow = errors.New("not one row")

// ChangeOneRow runs a change meant for exactly one row (UpdateCellSQL,
// DeleteRowSQL) inside a savepoint, and keeps it only when it changed one
// row: otherwise it is undone and the error wraps ErrNotOneRow. n is the
// number of rows it found. It works inside a transaction the user opened, too.
func (db *DB) ChangeOneRow(ctx context.Context, query string, args ...any) (n int64, err error) {
	if _, err := db.Exec(ctx, "SAVEPOINT retort_row"); err != nil {
		return 0, err
	}
	res, err := db.Exec(ctx, query, args...)
	if err == nil {
		n, err = res.RowsAffected()
		if err == nil && n != 1 {
			err = fmt.Errorf("%w: %d rows match", ErrNotOneRow, n)
		}
	}
	undo := context.WithoutCancel(ctx)
	if err != nil {
		if _, e := db.Exec(undo, "ROLLBACK TO retort_row"); e != nil {
			err = errors.Join(err, fmt.Errorf("rollback: %w", e))
		}
	}
	if _, e := db.Exec(undo, "RELEASE retort_row"); e != nil {
		return n, errors.Join(err, fmt.Errorf("release: %w", e))
	}
	return n, err
}

// Reason is SQLite's own message for err, without the driver's prefix and
// the generic code text before it ("UNIQUE constraint failed: users.email",
// not "sqlite3: constraint failed: UNIQUE constraint failed: users.email").
func Reason(err error) string {
	msg := strings.TrimPrefix(err.Error(), "sqlite3: ")
	if code, detail, ok := strings.Cut(msg, ": "); ok && !strings.Contains(code, " failed:") && detail != "" {
		return detail
	}
	return msg
}
