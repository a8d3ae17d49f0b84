package sqlite

import (
	"fmt"
	"strings"
)

// The queries a review of pending steps runs (runner.Review): each finds the
// rows an op would fail on or lose, and is shown to the user as written, so
// that they can run it themselves. CountSQL counts what one of them finds.

// CountSQL counts the rows a query returns.
func CountSQL(query string) string { return "SELECT count(*) FROM (" + query + ")" }

// NullRowsSQL finds the rows whose column is NULL.
func NullRowsSQL(table, column string) string {
	return "SELECT * FROM " + Quote(table) + " WHERE " + Quote(column) + " IS NULL"
}

// ValueRowsSQL finds the rows where every one of columns holds a value.
func ValueRowsSQL(table string, columns []string) string {
	return "SELECT * FROM " + Quote(table) + " WHERE " + allNotNull("", columns)
}

// DuplicatesSQL finds the values of columns that more than one row holds
// (rows where any of them is NULL never clash), with how many rows hold each.
func DuplicatesSQL(table string, columns []string) string {
	cols := quoteAll(columns)
	return "SELECT " + cols + ", count(*) AS " + Quote("rows") + " FROM " + Quote(table) +
		" WHERE " + allNotNull("", columns) + " GROUP BY " + cols + " HAVING count(*) > 1"
}

// DuplicateRowsSQL counts the rows that share their values of columns with
// another row: the sum of DuplicatesSQL's counts.
func DuplicateRowsSQL(table string, columns []string) string {
	return "SELECT coalesce(sum(" + Quote("rows") + "), 0) FROM (" + DuplicatesSQL(table, columns) + ")"
}

// OrphansSQL finds the rows of table whose columns (all non-NULL: a NULL
// never breaks a foreign key) name no row of refTable's refColumns.
func OrphansSQL(table string, columns []string, refTable string, refColumns []string) string {
	var match []string
	for i, c := range columns {
		if i < len(refColumns) {
			match = append(match, "p."+Quote(refColumns[i])+" = c."+Quote(c))
		}
	}
	return "SELECT c.rowid, c.* FROM " + Quote(table) + " AS c WHERE " + allNotNull("c.", columns) +
		" AND NOT EXISTS (SELECT 1 FROM " + Quote(refTable) + " AS p WHERE " + strings.Join(match, " AND ") + ")"
}

// LongerSQL finds the rows whose column holds a value longer than n characters.
func LongerSQL(table, column string, n int) string {
	return fmt.Sprintf("SELECT * FROM %s WHERE length(%s) > %d", Quote(table), Quote(column), n)
}

// NotWholeSQL finds the rows whose column holds a value that is no whole
// number (what an INTEGER column keeps as it is, and PostgreSQL refuses).
func NotWholeSQL(table, column string) string {
	c := Quote(column)
	return "SELECT * FROM " + Quote(table) + " WHERE " + c + " IS NOT NULL AND typeof(" + c + ") <> 'integer' AND NOT (typeof(" + c + ") = 'real' AND " + c + " = CAST(" + c + " AS INTEGER)) AND CAST(CAST(" + c + " AS INTEGER) AS TEXT) <> trim(CAST(" + c + " AS TEXT))"
}

// FailsCheckSQL finds the rows a CHECK expression is false for (NULL passes).
func FailsCheckSQL(table, expr string) string {
	return "SELECT * FROM " + Quote(table) + " WHERE NOT (" + expr + ")"
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = Quote(n)
	}
	return strings.Join(q, ", ")
}

func allNotNull(prefix string, columns []string) string {
	q := make([]string, len(columns))
	for i, n := range columns {
		q[i] = prefix + Quote(n) + " IS NOT NULL"
	}
	return strings.Join(q, " AND ")
}
