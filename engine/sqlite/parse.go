package sqlite

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"retort/engine/schema"
)

// This file reads back what PRAGMAs do not report, from the CREATE statements
// SQLite keeps in sqlite_schema: constraint names, CHECK constraints,
// collations, AUTOINCREMENT, index expressions and partial-index predicates.

// tableDecl is what a CREATE TABLE statement declares beyond what PRAGMAs say.
type tableDecl struct {
	Columns      []columnDecl
	PKName       string
	Uniques      []*schema.Unique
	Checks       []*schema.Check
	ForeignKeys  []*schema.ForeignKey // Name, Columns, RefTable, Deferrable
	Strict       bool
	WithoutRowID bool
}

type columnDecl struct {
	Name          string
	Collation     string
	Autoincrement bool
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
	decl := &tableDecl{}
	if i >= len(toks) || !toks[i].isPunct("(") {
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
	"GENERATED": true, "AS": true,
}

func (d *tableDecl) column(part []token, src string) error {
	if !part[0].isIdent() && part[0].Kind != tokString {
		return fmt.Errorf("expected a column name at offset %d", part[0].Start)
	}
	col := columnDecl{Name: unquoteAny(part[0])}
	i := 1
	// The type: words and a parenthesized argument list.
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
			i = end + 1
			continue
		}
		i++
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
			i++
			if i < len(part) && part[i].isPunct("(") {
				end := matchParen(part, i)
				if end < 0 {
					return errors.New("unbalanced parentheses in DEFAULT")
				}
				i = end + 1
			} else {
				if i < len(part) && part[i].Kind == tokOp { // signed number
					i++
				}
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
		default:
			i++ // NOT NULL, NULL, conflict clauses, STORED/VIRTUAL, …
			continue
		}
		name = ""
	}
	d.Columns = append(d.Columns, col)
	return nil
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

func (d *tableDecl) tableConstraint(part []token, src string) error {
	name := ""
	i := 0
	if part[0].is("CONSTRAINT") {
		if len(part) < 3 {
			return errors.New("CONSTRAINT without a definition")
		}
		name = unquoteAny(part[1])
		i = 2
	}
	t := part[i]
	switch {
	case t.is("PRIMARY"):
		d.PKName = name
		if i+2 < len(part) {
			for _, tok := range part[i+2:] {
				if tok.is("AUTOINCREMENT") {
					cols, _, err := parenNames(part, i+2)
					if err == nil && len(cols) == 1 {
						for k := range d.Columns {
							if strings.EqualFold(d.Columns[k].Name, cols[0]) {
								d.Columns[k].Autoincrement = true
							}
						}
					}
				}
			}
		}
	case t.is("UNIQUE"):
		cols, _, err := parenNames(part, i+1)
		if err != nil {
			return fmt.Errorf("UNIQUE: %w", err)
		}
		d.Uniques = append(d.Uniques, &schema.Unique{Name: name, Columns: cols})
	case t.is("CHECK"):
		expr, _, err := parenText(part, i+1, src)
		if err != nil {
			return fmt.Errorf("CHECK: %w", err)
		}
		d.Checks = append(d.Checks, &schema.Check{Name: name, SQL: expr})
	case t.is("FOREIGN"):
		cols, next, err := parenNames(part, i+2)
		if err != nil {
			return fmt.Errorf("FOREIGN KEY: %w", err)
		}
		if next >= len(part) || !part[next].is("REFERENCES") {
			return errors.New("FOREIGN KEY without REFERENCES")
		}
		fk, _, err := parseReferences(part, next+1)
		if err != nil {
			return err
		}
		fk.Name, fk.Columns = name, cols
		d.ForeignKeys = append(d.ForeignKeys, fk)
	default:
		return fmt.Errorf("unknown table constraint %q at offset %d", t.Text, t.Start)
	}
	return nil
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
