package sqlite

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"retort/engine/schema"
)

// This file reads the CREATE statements SQLite keeps in sqlite_schema: what
// PRAGMAs do not report (constraint names, CHECK constraints, collations,
// AUTOINCREMENT, index expressions and partial-index predicates), and, for
// the statements whose every part it knows as SQLite reads it (tableDecl.Exact),
// what PRAGMA table_info, foreign_key_list and the UNIQUE constraints' indexes
// would report: Inspect then prepares no PRAGMA for the table.

// tableDecl is what a CREATE TABLE statement declares.
type tableDecl struct {
	Columns      []columnDecl
	PKName       string
	PKColumns    []string // PRIMARY KEY (…) as a table constraint
	Uniques      []*schema.Unique
	Checks       []*schema.Check
	ForeignKeys  []*schema.ForeignKey // Name, Columns, RefTable, RefColumns as written, actions, Deferrable
	Strict       bool
	WithoutRowID bool
	// Exact is set when the columns' types, defaults, NOT NULLs and primary
	// key, and the foreign keys, are what SQLite's PRAGMAs report for the
	// table: every column and constraint is of a form SQLite reads as this
	// parser does (tests hold the two to each other). It is not set for
	// STRICT and WITHOUT ROWID tables (their key columns are NOT NULL
	// implicitly), generated columns (table_info leaves them out), quoted
	// type names (SQLite unquotes them) and anything this parser skips.
	Exact bool
}

type columnDecl struct {
	Name          string
	Collation     string
	Autoincrement bool
	// As PRAGMA table_info gives them, when the table's decl is Exact.
	Type       string // the declared type's text, "" without one
	Default    string // dflt_value: the DEFAULT clause's text
	HasDefault bool
	NotNull    bool
	PK         bool // PRIMARY KEY in the column's definition
}

// parseCreateTable parses a CREATE TABLE statement.
func parseCreateTable(src string) (*tableDecl, error) {
	toks, err := tokenize(src)
	if err != nil {
		return nil, err
	}
	i := 0
	expect := func(kw string) error {
		if i >= len(toks) || !toks[i].is(kw) {
			return fmt.Errorf("expected %s at offset %d", kw, offset(toks, i, src))
		}
		i++
		return nil
	}
	if err := expect("CREATE"); err != nil {
		return nil, err
	}
	if i < len(toks) && (toks[i].is("TEMP") || toks[i].is("TEMPORARY")) {
		i++
	}
	if err := expect("TABLE"); err != nil {
		return nil, err
	}
	if i+2 < len(toks) && toks[i].is("IF") && toks[i+1].is("NOT") && toks[i+2].is("EXISTS") {
		i += 3
	}
	// [schema .] name
	if i >= len(toks) || !toks[i].isIdent() && toks[i].Kind != tokString {
		return nil, fmt.Errorf("expected a table name at offset %d", offset(toks, i, src))
	}
	i++
	if i+1 < len(toks) && toks[i].isPunct(".") {
		i += 2
	}
	decl := &tableDecl{Exact: true}
	if i >= len(toks) || !toks[i].isPunct("(") {
		decl.Exact = false
		// CREATE TABLE … AS SELECT: nothing declared beyond the columns.
		return decl, nil
	}
	close := matchParen(toks, i)
	if close < 0 {
		return nil, errors.New("unbalanced parentheses")
	}
	for _, part := range splitTop(toks[i+1 : close]) {
		if len(part) == 0 {
			return nil, errors.New("empty column or constraint definition")
		}
		if isTableConstraint(part) {
			if err := decl.tableConstraint(part, src); err != nil {
				return nil, err
			}
			continue
		}
		if err := decl.column(part, src); err != nil {
			return nil, err
		}
	}
	for _, opt := range splitTop(toks[close+1:]) {
		switch {
		case len(opt) == 1 && opt[0].is("STRICT"):
			decl.Strict = true
		case len(opt) == 2 && opt[0].is("WITHOUT") && opt[1].is("ROWID"):
			decl.WithoutRowID = true
		}
	}
	if decl.Strict || decl.WithoutRowID {
		decl.Exact = false
	}
	for i, name := range decl.PKColumns {
		for _, other := range decl.PKColumns[:i] {
			if strings.EqualFold(name, other) {
				decl.Exact = false // PRIMARY KEY (a, a): SQLite keeps one
			}
		}
	}
	return decl, nil
}

func offset(toks []token, i int, src string) int {
	if i < len(toks) {
		return toks[i].Start
	}
	return len(src)
}

func isTableConstraint(part []token) bool {
	t := part[0]
	if t.Kind != tokWord {
		return false
	}
	switch strings.ToUpper(t.Text) {
	case "CONSTRAINT", "CHECK", "UNIQUE", "FOREIGN":
		return true
	case "PRIMARY":
		return len(part) > 1 && part[1].is("KEY")
	}
	return false
}

// columnConstraintStart lists the words that end a column's type.
var columnConstraintStart = map[string]bool{
	"CONSTRAINT": true, "PRIMARY": true, "NOT": true, "NULL": true, "UNIQUE": true,
	"CHECK": true, "DEFAULT": true, "COLLATE": true, "REFERENCES": true,
	"GENERATED": true, "AS": true, "DEFERRABLE": true,
}

func (d *tableDecl) column(part []token, src string) error {
	if !part[0].isIdent() && part[0].Kind != tokString {
		return fmt.Errorf("expected a column name at offset %d", part[0].Start)
	}
	col := columnDecl{Name: unquoteAny(part[0])}
	i := 1
	// The type: words and a parenthesized argument list. Its text is the
	// source's from its first token to its last, comments and spacing kept,
	// as SQLite keeps it; Exact only for bare words and (n) or (n, m).
	args := false
	for i < len(part) {
		t := part[i]
		if t.Kind == tokWord && columnConstraintStart[strings.ToUpper(t.Text)] {
			break
		}
		if t.isPunct("(") {
			end := matchParen(part, i)
			if end < 0 {
				return errors.New("unbalanced parentheses in a column type")
			}
			if args || !typeArgs(part[i+1:end]) {
				d.Exact = false
			}
			args = true
			i = end + 1
			continue
		}
		if t.Kind != tokWord || args {
			d.Exact = false
		}
		i++
	}
	if i > 1 {
		col.Type = src[part[1].Start:part[i-1].End]
	}
	name := ""
	for i < len(part) {
		t := part[i]
		switch {
		case t.is("CONSTRAINT"):
			if i+1 >= len(part) {
				return errors.New("CONSTRAINT without a name")
			}
			name = unquoteAny(part[i+1])
			i += 2
			continue
		case t.is("PRIMARY"):
			col.PK = true
			i += 2 // PRIMARY KEY
			for i < len(part) && !startsColumnConstraint(part[i]) {
				if part[i].is("AUTOINCREMENT") {
					col.Autoincrement = true
				}
				i++
			}
			if name != "" {
				d.PKName = name
			}
		case t.is("UNIQUE"):
			d.Uniques = append(d.Uniques, &schema.Unique{Name: name, Columns: []string{col.Name}})
			i = skipConflict(part, i+1)
		case t.is("CHECK"):
			expr, next, err := parenText(part, i+1, src)
			if err != nil {
				return fmt.Errorf("column %q: CHECK: %w", col.Name, err)
			}
			d.Checks = append(d.Checks, &schema.Check{Name: name, SQL: expr})
			i = next
		case t.is("DEFAULT"):
			// dflt_value is the text SQLite's grammar spans: inside the
			// parentheses (spaces trimmed), from a sign to its literal, or
			// the one token.
			i++
			if i >= len(part) {
				return errors.New("DEFAULT without a value")
			}
			col.HasDefault = true
			switch {
			case part[i].isPunct("("):
				end := matchParen(part, i)
				if end < 0 {
					return errors.New("unbalanced parentheses in DEFAULT")
				}
				col.Default = strings.Trim(src[part[i].End:part[end].Start], " \t\n\r\f\v")
				i = end + 1
			case part[i].Kind == tokOp && i+1 < len(part): // a signed literal
				col.Default = src[part[i].Start:part[i+1].End]
				i += 2
			default:
				col.Default = part[i].Text
				i++
			}
		case t.is("COLLATE"):
			if i+1 < len(part) {
				col.Collation = unquoteAny(part[i+1])
			}
			i += 2
		case t.is("REFERENCES"):
			fk, next, err := parseReferences(part, i+1)
			if err != nil {
				return fmt.Errorf("column %q: %w", col.Name, err)
			}
			fk.Name = name
			fk.Columns = []string{col.Name}
			d.ForeignKeys = append(d.ForeignKeys, fk)
			i = next
		case t.is("GENERATED") || t.is("AS"):
			d.Exact = false
			for i < len(part) && !part[i].isPunct("(") {
				i++
			}
			if i < len(part) {
				end := matchParen(part, i)
				if end < 0 {
					return errors.New("unbalanced parentheses in a generated column")
				}
				i = end + 1
			}
		case t.is("NOT") && i+1 < len(part) && part[i+1].is("NULL"):
			col.NotNull = true
			i = skipConflict(part, i+2)
		case t.is("NULL"):
			i = skipConflict(part, i+1)
		default:
			d.Exact = false // STORED/VIRTUAL after a generated column, or unknown
			i++
			continue
		}
		name = ""
	}
	d.Columns = append(d.Columns, col)
	return nil
}

// typeArgs reports whether a type's parenthesized tokens are one or two
// signed numbers, as SQLite's grammar has them.
func typeArgs(toks []token) bool {
	parts := splitTop(toks)
	if len(parts) < 1 || len(parts) > 2 {
		return false
	}
	for _, p := range parts {
		if len(p) == 2 && p[0].Kind == tokOp && (p[0].Text == "+" || p[0].Text == "-") {
			p = p[1:]
		}
		if len(p) != 1 || p[0].Kind != tokNumber {
			return false
		}
	}
	return true
}

func startsColumnConstraint(t token) bool {
	return t.Kind == tokWord && columnConstraintStart[strings.ToUpper(t.Text)]
}

func skipConflict(part []token, i int) int {
	if i+2 < len(part) && part[i].is("ON") && part[i+1].is("CONFLICT") {
		return i + 3
	}
	return i
}

// parenText returns the source text inside the parentheses opening at part[i],
// from its first token to its last (no surrounding space or comments), and
// the index after the closing one.
func parenText(part []token, i int, src string) (string, int, error) {
	if i >= len(part) || !part[i].isPunct("(") {
		return "", 0, errors.New("expected (")
	}
	end := matchParen(part, i)
	if end < 0 {
		return "", 0, errors.New("unbalanced parentheses")
	}
	if end == i+1 {
		return "", end + 1, nil
	}
	return src[part[i+1].Start:part[end-1].End], end + 1, nil
}

// parenNames reads a parenthesized list of indexed columns, keeping each
// entry's first identifier: (a, "b" DESC, c COLLATE NOCASE).
func parenNames(part []token, i int) ([]string, int, error) {
	if i >= len(part) || !part[i].isPunct("(") {
		return nil, 0, errors.New("expected (")
	}
	end := matchParen(part, i)
	if end < 0 {
		return nil, 0, errors.New("unbalanced parentheses")
	}
	var names []string
	for _, entry := range splitTop(part[i+1 : end]) {
		if len(entry) == 0 {
			return nil, 0, errors.New("empty column name")
		}
		names = append(names, unquoteAny(entry[0]))
	}
	return names, end + 1, nil
}

var deferrableWords = map[string]bool{"NOT": true, "DEFERRABLE": true, "INITIALLY": true, "DEFERRED": true, "IMMEDIATE": true}

// parseReferences parses the foreign-key clause after REFERENCES.
func parseReferences(part []token, i int) (*schema.ForeignKey, int, error) {
	if i >= len(part) {
		return nil, 0, errors.New("REFERENCES without a table")
	}
	fk := &schema.ForeignKey{RefTable: unquoteAny(part[i])}
	i++
	if i < len(part) && part[i].isPunct("(") {
		cols, next, err := parenNames(part, i)
		if err != nil {
			return nil, 0, fmt.Errorf("REFERENCES %s: %w", fk.RefTable, err)
		}
		fk.RefColumns, i = cols, next
	}
	for i < len(part) {
		t := part[i]
		switch {
		case t.is("ON") && i+2 < len(part):
			which := strings.ToUpper(part[i+1].Text)
			j := i + 2
			n := 1
			if part[j].is("SET") || part[j].is("NO") {
				n = 2
			}
			var words []string
			for k := 0; k < n && j < len(part); k++ {
				words = append(words, strings.ToUpper(part[j].Text))
				j++
			}
			action := strings.Join(words, " ")
			switch which {
			case "DELETE":
				fk.OnDelete = action
			case "UPDATE":
				fk.OnUpdate = action
			}
			i = j
		case t.is("MATCH"):
			i += 2
		case t.is("NOT") && i+1 < len(part) && part[i+1].is("DEFERRABLE"), t.is("DEFERRABLE"):
			j := i
			var words []string
			for j < len(part) && part[j].Kind == tokWord {
				w := strings.ToUpper(part[j].Text)
				if !deferrableWords[w] || (w == "NOT" && len(words) > 0) {
					break
				}
				words = append(words, w)
				j++
			}
			fk.Deferrable = strings.Join(words, " ")
			i = j
		default:
			return fk, i, nil
		}
	}
	return fk, i, nil
}

// tableConstraint reads a table constraint, and those after it: SQLite
// needs no comma between them (PRIMARY KEY (id) UNIQUE (email)).
func (d *tableDecl) tableConstraint(part []token, src string) error {
	for len(part) > 0 {
		if !isTableConstraint(part) {
			d.Exact = false // SQLite accepted it: ours to learn, the PRAGMAs' to read meanwhile
			return nil
		}
		next, err := d.oneTableConstraint(part, src)
		if err != nil {
			return err
		}
		part = part[next:]
	}
	return nil
}

// oneTableConstraint reads the table constraint part starts with and
// returns the index after it.
func (d *tableDecl) oneTableConstraint(part []token, src string) (int, error) {
	name := ""
	i := 0
	if part[0].is("CONSTRAINT") {
		if len(part) < 3 {
			return 0, errors.New("CONSTRAINT without a definition")
		}
		name = unquoteAny(part[1])
		i = 2
	}
	t := part[i]
	switch {
	case t.is("PRIMARY"):
		d.PKName = name
		cols, next, err := parenNames(part, i+2)
		if err != nil {
			return 0, fmt.Errorf("PRIMARY KEY: %w", err)
		}
		d.PKColumns = cols
		for _, tok := range part[i+2 : next] {
			if tok.is("AUTOINCREMENT") && len(cols) == 1 {
				for k := range d.Columns {
					if strings.EqualFold(d.Columns[k].Name, cols[0]) {
						d.Columns[k].Autoincrement = true
					}
				}
			}
		}
		return skipConflict(part, next), nil
	case t.is("UNIQUE"):
		cols, next, err := parenNames(part, i+1)
		if err != nil {
			return 0, fmt.Errorf("UNIQUE: %w", err)
		}
		d.Uniques = append(d.Uniques, &schema.Unique{Name: name, Columns: cols})
		return skipConflict(part, next), nil
	case t.is("CHECK"):
		expr, next, err := parenText(part, i+1, src)
		if err != nil {
			return 0, fmt.Errorf("CHECK: %w", err)
		}
		d.Checks = append(d.Checks, &schema.Check{Name: name, SQL: expr})
		return skipConflict(part, next), nil
	case t.is("FOREIGN"):
		cols, next, err := parenNames(part, i+2)
		if err != nil {
			return 0, fmt.Errorf("FOREIGN KEY: %w", err)
		}
		if next >= len(part) || !part[next].is("REFERENCES") {
			return 0, errors.New("FOREIGN KEY without REFERENCES")
		}
		fk, next, err := parseReferences(part, next+1)
		if err != nil {
			return 0, err
		}
		fk.Name, fk.Columns = name, cols
		d.ForeignKeys = append(d.ForeignKeys, fk)
		return next, nil
	}
	return 0, fmt.Errorf("unknown table constraint %q at offset %d", t.Text, t.Start)
}

// unquoteAny returns the name a token gives: identifiers unquoted, and string
// literals too (SQLite accepts 'name' where a name goes).
func unquoteAny(t token) string {
	if t.Kind == tokString {
		return strings.ReplaceAll(t.Text[1:len(t.Text)-1], "''", "'")
	}
	return t.ident()
}

// indexDecl is what a CREATE INDEX statement declares.
type indexDecl struct {
	Unique  bool
	Table   string
	Columns []string // a column's name, or an expression's source text
	Where   string
}

// parseCreateIndex parses a CREATE INDEX statement.
func parseCreateIndex(src string) (*indexDecl, error) {
	toks, err := tokenize(src)
	if err != nil {
		return nil, err
	}
	d := &indexDecl{}
	i := 0
	if i >= len(toks) || !toks[i].is("CREATE") {
		return nil, errors.New("expected CREATE")
	}
	i++
	if i < len(toks) && toks[i].is("UNIQUE") {
		d.Unique = true
		i++
	}
	if i >= len(toks) || !toks[i].is("INDEX") {
		return nil, errors.New("expected INDEX")
	}
	i++
	if i+2 < len(toks) && toks[i].is("IF") && toks[i+1].is("NOT") && toks[i+2].is("EXISTS") {
		i += 3
	}
	i++ // name
	if i+1 < len(toks) && toks[i].isPunct(".") {
		i += 2
	}
	if i >= len(toks) || !toks[i].is("ON") {
		return nil, errors.New("expected ON")
	}
	i++
	if i >= len(toks) {
		return nil, errors.New("expected a table name")
	}
	d.Table = unquoteAny(toks[i])
	i++
	if i >= len(toks) || !toks[i].isPunct("(") {
		return nil, errors.New("expected (")
	}
	end := matchParen(toks, i)
	if end < 0 {
		return nil, errors.New("unbalanced parentheses")
	}
	for _, entry := range splitTop(toks[i+1 : end]) {
		if len(entry) == 0 {
			return nil, errors.New("empty indexed column")
		}
		if len(entry) == 1 && entry[0].isIdent() {
			d.Columns = append(d.Columns, entry[0].ident())
			continue
		}
		d.Columns = append(d.Columns, src[entry[0].Start:entry[len(entry)-1].End])
	}
	i = end + 1
	if i < len(toks) && toks[i].is("WHERE") && i+1 < len(toks) {
		d.Where = strings.TrimSpace(src[toks[i+1].Start:toks[len(toks)-1].End])
	}
	return d, nil
}

// ParseType parses a declared column type as SQLite reports it: VARCHAR(50)
// is {Name: "VARCHAR", Args: [50]}, NUMERIC(10, 2) is {NUMERIC [10 2]}, and
// words are uppercased and single-spaced. A type whose arguments are not
// integers keeps its whole text as its name.
func ParseType(decl string) schema.Type {
	decl = strings.TrimSpace(decl)
	if decl == "" {
		return schema.Type{}
	}
	name, args, hasArgs := strings.Cut(decl, "(")
	t := schema.Type{Name: strings.ToUpper(strings.Join(strings.Fields(name), " "))}
	if !hasArgs {
		return t
	}
	body, ok := strings.CutSuffix(strings.TrimSpace(args), ")")
	if ok {
		for _, a := range strings.Split(body, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(a))
			if err != nil {
				ok = false
				break
			}
			t.Args = append(t.Args, n)
		}
	}
	if !ok {
		return schema.Type{Name: strings.ToUpper(strings.Join(strings.Fields(decl), " "))}
	}
	return t
}
