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

// The page's row access: a table's rows a page at a time, and one row
// added, changed or deleted. A rowid table's rows are named by their rowid,
// under the first of its names (rowid, _rowid_, oid) that no column of the
// table takes: a column named rowid would otherwise answer for it, and an
// edit meant for one row would find others. A WITHOUT ROWID table's rows are
// named by their primary key's values. Each query lists its columns, so that
// what it returns is what the caller reads, generated columns included.
// Values are read as ExecScript reads them (columnValue), but for one rule:
// in a column declared BOOLEAN, 0 and 1 read as false and true.

// Rows is one page of a table.
type Rows struct {
	Columns []string `json:"columns"`
	Rows    [][]any  `json:"rows"`
	Total   int64    `json:"total"`
	// RowIDs are the rows' rowids, what UpdateCell and DeleteRow take in a
	// RowRef; nil for a WITHOUT ROWID table, and for a table whose columns
	// take every name of the rowid (rowid, _rowid_ and oid).
	RowIDs []int64 `json:"rowids,omitempty"`
	// KeyColumns name a WITHOUT ROWID table's primary key: a row's values in
	// these columns are its RowRef.Key.
	KeyColumns []string `json:"keyColumns,omitempty"`
}

// RowRef names a row: by its rowid, or in a WITHOUT ROWID table (Key not
// nil) by its primary key's values, in the order of Rows.KeyColumns.
type RowRef struct {
	RowID int64
	Key   []any
}

func (r RowRef) String() string {
	if r.Key == nil {
		return fmt.Sprintf("rowid %d", r.RowID)
	}
	parts := make([]string, len(r.Key))
	for i, v := range r.Key {
		parts[i] = fmt.Sprint(v)
	}
	return "key (" + strings.Join(parts, ", ") + ")"
}

// errNoChange ends the messages of refused row edits: nothing changed.
var errNoChange = errors.New("nothing was changed")

// ErrNotOneRow is wrapped when a change meant for one row would touch none,
// or more than one.
var ErrNotOneRow = errors.New("not one row")

// CountRows counts a table's rows.
func (db *DB) CountRows(ctx context.Context, table string) (n int64, err error) {
	err = db.QueryRow(ctx, CountRowsSQL(table)).Scan(&n)
	return n, err
}

// ReadRows reads a page of a table's rows (at most limit, from offset):
// every column a query shows (generated ones too), and each row's rowid
// under a name no column takes. Rows holding more than MaxResultBytes are an
// error wrapping ErrResultTooLarge.
func (db *DB) ReadRows(ctx context.Context, table string, offset, limit int) (*Rows, error) {
	t, err := InspectTable(ctx, db, table)
	if err != nil {
		return nil, err
	}
	if t == nil {
		return nil, fmt.Errorf("no such table: %s", table)
	}
	total, err := db.CountRows(ctx, t.Name)
	if err != nil {
		return nil, err
	}
	return db.ReadPage(ctx, t, total, offset, limit)
}

// ReadPage is ReadRows for a table the caller has read (t, as Inspect
// reads it) and counted (total, as CountRows counts it) on this database,
// with nothing changed since: the page's view of every table after a
// command reads the schema and counts the rows once, not again per table
// (in wasm, reading one table again cost as much as the whole schema).
func (db *DB) ReadPage(ctx context.Context, t *schema.Table, total int64, offset, limit int) (*Rows, error) {
	out := &Rows{Rows: [][]any{}, Total: total}
	var err error
	if out.Columns, err = db.shownColumns(ctx, t.Name); err != nil {
		return nil, err
	}
	alias := ""
	if t.WithoutRowID {
		if t.PrimaryKey != nil {
			out.KeyColumns = t.PrimaryKey.Columns
		}
	} else {
		alias = rowIDAlias(out.Columns)
	}
	err = db.raw(ctx, func(c *sqlite3.Conn) error {
		stmt, _, err := c.Prepare(selectPageSQL(t.Name, alias, out.Columns))
		if err != nil {
			return err
		}
		defer stmt.Close()
		if err := stmt.BindInt64(1, int64(limit)); err != nil {
			return err
		}
		if err := stmt.BindInt64(2, int64(offset)); err != nil {
			return err
		}
		first := 0
		if alias != "" {
			first = 1
		}
		boolean := make([]bool, len(out.Columns))
		for i := range boolean {
			boolean[i] = strings.EqualFold(stmt.ColumnDeclType(first+i), "BOOLEAN")
		}
		size := 0
		for stmt.Step() {
			if alias != "" {
				out.RowIDs = append(out.RowIDs, stmt.ColumnInt64(0))
			}
			row := make([]any, len(out.Columns))
			for i := range row {
				if size += valueSize(stmt, first+i); size > MaxResultBytes {
					return fmt.Errorf("%s: %w: these rows hold more than %d MiB, more than the page shows at once", t.Name, ErrResultTooLarge, MaxResultBytes>>20)
				}
				row[i] = columnValue(stmt, first+i)
				if n, ok := row[i].(int64); ok && boolean[i] && (n == 0 || n == 1) {
					row[i] = n == 1
				}
			}
			out.Rows = append(out.Rows, row)
		}
		return stmt.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// InsertRow adds a row to a table: the values by column name (missing
// columns take their defaults).
func (db *DB) InsertRow(ctx context.Context, table string, values map[string]any) error {
	cols := make([]string, 0, len(values))
	for c := range values {
		cols = append(cols, c)
	}
	slices.Sort(cols)
	args := make([]any, len(cols))
	for i, c := range cols {
		args[i] = values[c]
	}
	if _, err := db.Exec(ctx, insertValuesSQL(table, cols), args...); err != nil {
		return fmt.Errorf("insert into %s: %s: %w", table, Reason(err), errNoChange)
	}
	return nil
}

// UpdateCell sets one value of a row. It changes exactly that row or
// nothing.
func (db *DB) UpdateCell(ctx context.Context, table string, row RowRef, column string, value any) error {
	where, args, err := db.rowMatch(ctx, table, row)
	if err != nil {
		return err
	}
	query := "UPDATE " + Quote(table) + " SET " + Quote(column) + " = ? WHERE " + where
	n, err := db.changeOneRow(ctx, query, append([]any{value}, args...)...)
	return rowChangeError("update "+table+"."+column, row, n, err)
}

// DeleteRow deletes a row. It deletes exactly that row or nothing.
func (db *DB) DeleteRow(ctx context.Context, table string, row RowRef) error {
	where, args, err := db.rowMatch(ctx, table, row)
	if err != nil {
		return err
	}
	n, err := db.changeOneRow(ctx, "DELETE FROM "+Quote(table)+" WHERE "+where, args...)
	return rowChangeError("delete from "+table, row, n, err)
}

// rowChangeError words a row change's failure.
func rowChangeError(what string, row RowRef, n int64, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrNotOneRow) && n == 0:
		return fmt.Errorf("%s: no row with %s: %w", what, row, errNoChange)
	case errors.Is(err, ErrNotOneRow):
		return fmt.Errorf("%s: %d rows have %s: %w", what, n, row, errNoChange)
	}
	return fmt.Errorf("%s: %s: %w", what, Reason(err), errNoChange)
}

// rowMatch is the condition that finds row in table, and its arguments: the
// rowid under the name it goes by, or a WITHOUT ROWID table's primary key
// columns and the row's values in them.
func (db *DB) rowMatch(ctx context.Context, table string, row RowRef) (where string, args []any, err error) {
	t, err := InspectTable(ctx, db, table)
	if err != nil {
		return "", nil, err
	}
	if t == nil {
		return "", nil, fmt.Errorf("no such table: %s", table)
	}
	if row.Key == nil {
		if t.WithoutRowID {
			return "", nil, fmt.Errorf("%s: a WITHOUT ROWID table's row is named by its primary key, not a rowid: %w", table, errNoChange)
		}
		cols, err := db.shownColumns(ctx, t.Name)
		if err != nil {
			return "", nil, err
		}
		alias := rowIDAlias(cols)
		if alias == "" {
			return "", nil, fmt.Errorf("%s: its columns rowid, _rowid_ and oid hide the rowid, so its rows cannot be named: %w", table, errNoChange)
		}
		return alias + " = ?", []any{row.RowID}, nil
	}
	if !t.WithoutRowID || t.PrimaryKey == nil {
		return "", nil, fmt.Errorf("%s: a row of a table with rowids is named by its rowid, not a key: %w", table, errNoChange)
	}
	if len(row.Key) != len(t.PrimaryKey.Columns) {
		return "", nil, fmt.Errorf("%s: a key of %d values for a primary key of %d columns (%s): %w",
			table, len(row.Key), len(t.PrimaryKey.Columns), strings.Join(t.PrimaryKey.Columns, ", "), errNoChange)
	}
	conds := make([]string, len(t.PrimaryKey.Columns))
	for i, c := range t.PrimaryKey.Columns {
		conds[i] = Quote(c) + " = ?"
	}
	return strings.Join(conds, " AND "), row.Key, nil
}

// shownColumns lists the columns a query on table shows, in order:
// generated columns too (pragma_table_info leaves them out), not a virtual
// table's hidden ones.
func (db *DB) shownColumns(ctx context.Context, table string) ([]string, error) {
	rows, err := db.Query(ctx, `SELECT name FROM pragma_table_xinfo(?) WHERE hidden <> 1 ORDER BY cid`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols := []string{}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		cols = append(cols, c)
	}
	return cols, rows.Err()
}

// rowIDAlias is the name that reaches a table's rowid past its columns
// (named as columns lists them): "rowid", or "_rowid_" or "oid" when a column
// takes the name before; "" when columns take all three.
func rowIDAlias(columns []string) string {
	for _, alias := range []string{"rowid", "_rowid_", "oid"} {
		if !slices.ContainsFunc(columns, func(c string) bool { return strings.EqualFold(c, alias) }) {
			return alias
		}
	}
	return ""
}

// selectPageSQL reads a page of a table's rows (LIMIT and OFFSET bound):
// with alias, the rowid first under that name and in its order; without,
// in the table's own order (a WITHOUT ROWID table's primary key).
func selectPageSQL(table, alias string, columns []string) string {
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

// insertValuesSQL inserts one row, its values bound to the placeholders; with
// no columns, a row of defaults.
func insertValuesSQL(table string, columns []string) string {
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

// changeOneRow runs a change meant for exactly one row inside a savepoint,
// and keeps it only when it changed one row: otherwise it is undone and the
// error wraps ErrNotOneRow. n is the number of rows it found. It works
// inside a transaction the user opened, too.
func (db *DB) changeOneRow(ctx context.Context, query string, args ...any) (n int64, err error) {
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
