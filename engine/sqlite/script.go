package sqlite

import (
	"context"
	"errors"
	"fmt"
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
