package sqlite

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"retort/engine/schema"
)

// Quote quotes an identifier with double quotes, doubling embedded ones:
// Retort quotes every identifier it writes, so that order, select and we"ird
// are names like any other.
func Quote(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// QuoteString writes s as an SQL string literal.
func QuoteString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = Quote(n)
	}
	return strings.Join(q, ", ")
}

// Literal writes a Go value as an SQL literal: nil, bool, integers, floats,
// strings and []byte.
func Literal(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "NULL", nil
	case bool:
		if x {
			return "1", nil
		}
		return "0", nil
	case int:
		return strconv.Itoa(x), nil
	case int32:
		return strconv.FormatInt(int64(x), 10), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case float64:
		switch {
		case math.IsNaN(x):
			return "NULL", nil
		case math.IsInf(x, 1):
			return "9e999", nil
		case math.IsInf(x, -1):
			return "-9e999", nil
		}
		s := strconv.FormatFloat(x, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eEn") {
			s += ".0"
		}
		return s, nil
	case string:
		if strings.ContainsRune(x, 0) {
			return fmt.Sprintf("CAST(X'%X' AS TEXT)", x), nil
		}
		return QuoteString(x), nil
	case []byte:
		return fmt.Sprintf("X'%X'", x), nil
	}
	return "", fmt.Errorf("cannot write %T as an SQL literal", v)
}

// DefaultSQL returns a server default as it goes after DEFAULT: a literal, a
// signed number, CURRENT_TIMESTAMP and the like, or a parenthesized
// expression, as SQLite's grammar requires. Anything else is parenthesized.
func DefaultSQL(expr string) string {
	// A trailing comment would swallow the closing parenthesis.
	expr = trimSQL(expr)
	if simpleDefault(expr) {
		return expr
	}
	return "(" + expr + ")"
}

// trimSQL trims SQL text of surrounding space and of comments after its last
// token, so that text can be followed by ";" or ")".
func trimSQL(s string) string {
	s = strings.TrimSpace(s)
	if toks, err := tokenize(s); err == nil && len(toks) > 0 {
		return s[:toks[len(toks)-1].End]
	}
	return s
}

// simpleDefault reports whether expr may follow DEFAULT without parentheses.
func simpleDefault(expr string) bool {
	toks, err := tokenize(expr)
	if err != nil || len(toks) == 0 {
		return false
	}
	if toks[0].isPunct("(") && matchParen(toks, 0) == len(toks)-1 {
		return true
	}
	if len(toks) == 2 && (toks[0].Text == "-" || toks[0].Text == "+") && toks[1].Kind == tokNumber {
		return true
	}
	if len(toks) != 1 {
		return false
	}
	switch toks[0].Kind {
	case tokString, tokNumber, tokBlob:
		return true
	case tokWord:
		switch strings.ToUpper(toks[0].Text) {
		case "NULL", "TRUE", "FALSE", "CURRENT_TIME", "CURRENT_DATE", "CURRENT_TIMESTAMP":
			return true
		}
	}
	return false
}

// constantDefault reports whether expr is a constant SQLite accepts as the
// default of a column added by ALTER TABLE ADD COLUMN: a literal or signed number.
func constantDefault(expr string) bool {
	toks, err := tokenize(strings.TrimSpace(expr))
	if err != nil || len(toks) == 0 {
		return false
	}
	if len(toks) == 2 && (toks[0].Text == "-" || toks[0].Text == "+") && toks[1].Kind == tokNumber {
		return true
	}
	if len(toks) != 1 {
		return false
	}
	switch toks[0].Kind {
	case tokString, tokNumber, tokBlob:
		return true
	case tokWord:
		switch strings.ToUpper(toks[0].Text) {
		case "NULL", "TRUE", "FALSE":
			return true
		}
	}
	return false
}

// columnSQL writes a column definition in SQLAlchemy's order: name, type,
// collation, DEFAULT, NOT NULL, and PRIMARY KEY AUTOINCREMENT when the table's
// key is written inline.
func columnSQL(t *schema.Table, c *schema.Column) string {
	var b strings.Builder
	b.WriteString(Quote(c.Name))
	if ty := TypeSQL(c.Type); ty != "" {
		b.WriteString(" ")
		b.WriteString(ty)
	}
	if c.Collation != "" {
		b.WriteString(" COLLATE ")
		b.WriteString(Quote(c.Collation))
	}
	if c.ServerDefault != "" {
		b.WriteString(" DEFAULT ")
		b.WriteString(DefaultSQL(c.ServerDefault))
	}
	if !c.Nullable {
		b.WriteString(" NOT NULL")
	}
	if t != nil && inlineAutoincrement(t) && strings.EqualFold(t.PrimaryKey.Columns[0], c.Name) {
		b.WriteString(" PRIMARY KEY AUTOINCREMENT")
	}
	return b.String()
}

// inlineAutoincrement reports whether the table's primary key is written on
// its column, as AUTOINCREMENT requires.
func inlineAutoincrement(t *schema.Table) bool {
	if t.PrimaryKey == nil || len(t.PrimaryKey.Columns) != 1 || t.PrimaryKey.Name != "" {
		return false
	}
	c := t.Column(t.PrimaryKey.Columns[0])
	return c != nil && c.Autoincrement
}

// CreateTableSQL writes CREATE TABLE for t in SQLAlchemy's layout.
func CreateTableSQL(t *schema.Table) string {
	return createTableSQL(t, t.Name)
}

func createTableSQL(t *schema.Table, name string) string {
	var lines []string
	for _, c := range t.Columns {
		lines = append(lines, columnSQL(t, c))
	}
	if t.PrimaryKey != nil && len(t.PrimaryKey.Columns) > 0 && !inlineAutoincrement(t) {
		lines = append(lines, constraintName(t.PrimaryKey.Name)+"PRIMARY KEY ("+quoteList(t.PrimaryKey.Columns)+")")
	}
	for _, c := range t.Checks {
		if c.TypeOf == "" {
			lines = append(lines, constraintName(c.Name)+"CHECK ("+c.SQL+")")
		}
	}
	for _, fk := range t.ForeignKeys {
		lines = append(lines, foreignKeySQL(fk))
	}
	for _, u := range t.Uniques {
		lines = append(lines, constraintName(u.Name)+"UNIQUE ("+quoteList(u.Columns)+")")
	}
	// The CHECKs of Enum and Boolean types come last: SQLAlchemy makes them
	// as the table is built, after the constraints it was given.
	for _, c := range t.Checks {
		if c.TypeOf != "" {
			lines = append(lines, constraintName(c.Name)+"CHECK ("+c.SQL+")")
		}
	}
	var b strings.Builder
	b.WriteString("CREATE TABLE ")
	b.WriteString(Quote(name))
	b.WriteString(" (\n\t")
	b.WriteString(strings.Join(lines, ", \n\t"))
	b.WriteString("\n)")
	var opts []string
	if t.WithoutRowID {
		opts = append(opts, "WITHOUT ROWID")
	}
	if t.Strict {
		opts = append(opts, "STRICT")
	}
	if len(opts) > 0 {
		// SQLAlchemy's post_create_table, and the blank lines after it:
		// SQLite keeps the text after ")" of a table with options.
		b.WriteString("\n ")
		b.WriteString(strings.Join(opts, ",\n "))
		b.WriteString("\n\n")
	}
	return b.String()
}

func constraintName(name string) string {
	if name == "" {
		return ""
	}
	return "CONSTRAINT " + Quote(name) + " "
}

func foreignKeySQL(fk *schema.ForeignKey) string {
	var b strings.Builder
	b.WriteString(constraintName(fk.Name))
	b.WriteString("FOREIGN KEY(")
	b.WriteString(quoteList(fk.Columns))
	b.WriteString(") REFERENCES ")
	b.WriteString(Quote(fk.RefTable))
	if len(fk.RefColumns) > 0 {
		b.WriteString(" (")
		b.WriteString(quoteList(fk.RefColumns))
		b.WriteString(")")
	}
	if fk.OnDelete != "" {
		b.WriteString(" ON DELETE ")
		b.WriteString(action(fk.OnDelete))
	}
	if fk.OnUpdate != "" {
		b.WriteString(" ON UPDATE ")
		b.WriteString(action(fk.OnUpdate))
	}
	if fk.Deferrable != "" {
		b.WriteString(" ")
		b.WriteString(deferrable(fk.Deferrable))
	}
	return b.String()
}

// action keeps a referential action to SQLite's keywords, so that no other
// text reaches the DDL.
func action(a string) string {
	a = strings.ToUpper(strings.Join(strings.Fields(a), " "))
	switch a {
	case "CASCADE", "RESTRICT", "SET NULL", "SET DEFAULT", "NO ACTION":
		return a
	}
	return "NO ACTION"
}

func deferrable(d string) string {
	var words []string
	for _, w := range strings.Fields(strings.ToUpper(d)) {
		if deferrableWords[w] {
			words = append(words, w)
		}
	}
	return strings.Join(words, " ")
}

// CreateIndexSQL writes CREATE [UNIQUE] INDEX for ix; t, when known, tells
// column names (quoted) from expressions (written as they are).
func CreateIndexSQL(t *schema.Table, ix *schema.Index) string {
	var b strings.Builder
	b.WriteString("CREATE ")
	if ix.Unique {
		b.WriteString("UNIQUE ")
	}
	b.WriteString("INDEX ")
	b.WriteString(Quote(ix.Name))
	b.WriteString(" ON ")
	b.WriteString(Quote(ix.Table))
	b.WriteString(" (")
	for i, c := range ix.Columns {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(indexColumn(t, c))
	}
	b.WriteString(")")
	if ix.Where != "" {
		b.WriteString(" WHERE ")
		b.WriteString(ix.Where)
	}
	return b.String()
}

func indexColumn(t *schema.Table, c string) string {
	if t != nil && t.Column(c) != nil {
		return Quote(c)
	}
	if t == nil && isPlainName(c) {
		return Quote(c)
	}
	return c
}

func isPlainName(s string) bool {
	if s == "" || !isWordStart(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isWordPart(s[i]) {
			return false
		}
	}
	return true
}

// dropTableSQL writes DROP TABLE.
func dropTableSQL(name string) string { return "DROP TABLE " + Quote(name) }

// dropIndexSQL writes DROP INDEX.
func dropIndexSQL(name string) string { return "DROP INDEX " + Quote(name) }

// renameTableSQL writes ALTER TABLE … RENAME TO.
func renameTableSQL(old, new string) string {
	return "ALTER TABLE " + Quote(old) + " RENAME TO " + Quote(new)
}

// renameColumnSQL writes ALTER TABLE … RENAME COLUMN.
func renameColumnSQL(table, old, new string) string {
	return "ALTER TABLE " + Quote(table) + " RENAME COLUMN " + Quote(old) + " TO " + Quote(new)
}

// addColumnSQL writes ALTER TABLE … ADD COLUMN.
func addColumnSQL(table string, c *schema.Column) string {
	return "ALTER TABLE " + Quote(table) + " ADD COLUMN " + columnSQL(nil, c)
}

// dropColumnSQL writes ALTER TABLE … DROP COLUMN.
func dropColumnSQL(table, column string) string {
	return "ALTER TABLE " + Quote(table) + " DROP COLUMN " + Quote(column)
}

// The alembic_version table, as Alembic creates and updates it.

// VersionTable is Alembic's alembic_version table.
var VersionTable = &schema.Table{
	Name:       "alembic_version",
	Columns:    []*schema.Column{{Name: "version_num", Type: schema.Type{Name: "VARCHAR", Args: []int{32}}}},
	PrimaryKey: &schema.PrimaryKey{Name: "alembic_version_pkc", Columns: []string{"version_num"}},
}

// CreateVersionTableSQL writes CREATE TABLE alembic_version.
func CreateVersionTableSQL() string { return CreateTableSQL(VersionTable) }

// InsertVersionSQL writes the statement Alembic runs to add a head.
func InsertVersionSQL(rev string) string {
	return "INSERT INTO alembic_version (version_num) VALUES (" + QuoteString(rev) + ")"
}

// UpdateVersionSQL writes the statement Alembic runs to move a head.
func UpdateVersionSQL(from, to string) string {
	return "UPDATE alembic_version SET version_num=" + QuoteString(to) +
		" WHERE alembic_version.version_num = " + QuoteString(from)
}

// DeleteVersionSQL writes the statement Alembic runs to remove a head.
func DeleteVersionSQL(rev string) string {
	return "DELETE FROM alembic_version WHERE alembic_version.version_num = " + QuoteString(rev)
}

// HasVersionTableSQL counts the alembic_version tables (0 or 1).
const HasVersionTableSQL = "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'alembic_version'"

// SelectVersionsSQL reads alembic_version.
const SelectVersionsSQL = "SELECT version_num FROM alembic_version"

// PurgeVersionsSQL empties alembic_version (stamp --purge).
const PurgeVersionsSQL = "DELETE FROM alembic_version"

// Transaction and foreign-key statements.
const (
	BeginSQL          = "BEGIN"
	CommitSQL         = "COMMIT"
	RollbackSQL       = "ROLLBACK"
	ForeignKeysOffSQL = "PRAGMA foreign_keys=OFF"
	ForeignKeysOnSQL  = "PRAGMA foreign_keys=ON"
)

// ForeignKeyCheckSQL writes PRAGMA foreign_key_check, for one table or, with
// an empty name, the whole database.
func ForeignKeyCheckSQL(table string) string {
	if table == "" {
		return "PRAGMA foreign_key_check"
	}
	return "PRAGMA foreign_key_check(" + Quote(table) + ")"
}

// CountRowsSQL counts a table's rows.
func CountRowsSQL(table string) string { return "SELECT count(*) FROM " + Quote(table) }

// CountValuesSQL counts a column's non-NULL values.
func CountValuesSQL(table, column string) string {
	return "SELECT count(" + Quote(column) + ") FROM " + Quote(table)
}

// CountNullsSQL counts a column's NULL values.
func CountNullsSQL(table, column string) string {
	return "SELECT count(*) FROM " + Quote(table) + " WHERE " + Quote(column) + " IS NULL"
}

// insertRowSQL writes an INSERT of one row of literal values.
func insertRowSQL(table string, columns []string, values []any) (string, error) {
	lits := make([]string, len(values))
	for i, v := range values {
		l, err := Literal(v)
		if err != nil {
			return "", fmt.Errorf("insert into %s, column %s: %w", table, columns[i], err)
		}
		lits[i] = l
	}
	return "INSERT INTO " + Quote(table) + " (" + quoteList(columns) + ") VALUES (" + strings.Join(lits, ", ") + ")", nil
}
