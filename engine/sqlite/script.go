package sqlite

import (
	"context"
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

// ExecScript runs SQL the user typed: one statement after another, as the
// sqlite3 shell does, collecting each query's rows (at most maxRows each;
// 0 means all). It stops at the first error, which names the statement.
func (db *DB) ExecScript(ctx context.Context, text string, maxRows int) ([]Result, error) {
	var out []Result
	err := db.raw(ctx, func(c *sqlite3.Conn) error {
		rest := text
		for strings.TrimSpace(rest) != "" {
			stmt, tail, err := c.Prepare(rest)
			if err != nil {
				return fmt.Errorf("%s: %w", firstLine(rest), err)
			}
			if stmt == nil { // only comments or white space remained
				break
			}
			sqlText := strings.TrimSpace(rest[:len(rest)-len(tail)])
			rest = tail
			r := Result{SQL: sqlText}
			n := stmt.ColumnCount()
			for i := range n {
				r.Columns = append(r.Columns, stmt.ColumnName(i))
			}
			for stmt.Step() {
				if maxRows > 0 && len(r.Rows) >= maxRows {
					continue
				}
				row := make([]any, n)
				for i := range n {
					row[i] = columnValue(stmt, i)
				}
				r.Rows = append(r.Rows, row)
			}
			err = stmt.Err()
			stmt.Close()
			if err != nil {
				return fmt.Errorf("%s: %w", firstLine(sqlText), err)
			}
			r.Changes = c.Changes()
			out = append(out, r)
		}
		return nil
	})
	return out, err
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

// SelectPageSQL reads a page of a table's rows, in rowid order when the table
// has one.
func SelectPageSQL(table string, withoutRowID bool) string {
	order := " ORDER BY rowid"
	if withoutRowID {
		order = ""
	}
	return "SELECT * FROM " + Quote(table) + order + " LIMIT ? OFFSET ?"
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

// SelectPageWithRowIDSQL reads a page of a rowid table's rows, the rowid first.
func SelectPageWithRowIDSQL(table string) string {
	return "SELECT rowid, * FROM " + Quote(table) + " ORDER BY rowid LIMIT ? OFFSET ?"
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
// bound rowid, or with the bound values in keyColumns (a WITHOUT ROWID
// table's primary key).
func UpdateCellSQL(table, column string, keyColumns []string) string {
	return "UPDATE " + Quote(table) + " SET " + Quote(column) + " = ? WHERE " + rowMatch(keyColumns)
}

// DeleteRowSQL deletes the row with the bound rowid, or with the bound
// values in keyColumns.
func DeleteRowSQL(table string, keyColumns []string) string {
	return "DELETE FROM " + Quote(table) + " WHERE " + rowMatch(keyColumns)
}

// rowMatch is the condition that finds one row: its rowid, or its values in
// keyColumns.
func rowMatch(keyColumns []string) string {
	if len(keyColumns) == 0 {
		return "rowid = ?"
	}
	conds := make([]string, len(keyColumns))
	for i, c := range keyColumns {
		conds[i] = Quote(c) + " = ?"
	}
	return strings.Join(conds, " AND ")
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
