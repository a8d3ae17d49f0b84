package ops

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"retort/engine/schema"
)

// ErrNotFound is wrapped when an op names a table, column, index or constraint
// that the schema does not have.
var ErrNotFound = errors.New("not found")

// ErrExists is wrapped when an op creates something the schema already has.
var ErrExists = errors.New("already exists")

// ErrAmbiguous is wrapped when an unnamed constraint matches more than one.
var ErrAmbiguous = errors.New("ambiguous")

// Apply replays op onto md, changing md as the op changes a database's schema.
// Execute and BulkInsert leave the schema as it is (Apply cannot know what raw
// SQL does; callers that need to know check for them).
func Apply(md *schema.MetaData, op Op) error {
	switch o := op.(type) {
	case *CreateTable:
		if md.TableIn(o.Table.Schema, o.Table.Name) != nil {
			return fmt.Errorf("create table %q: %w", o.Table.Name, ErrExists)
		}
		md.Tables = append(md.Tables, o.Table.Clone())
	case *DropTable:
		if md.TableIn(o.Schema, o.Name) == nil {
			return fmt.Errorf("drop table %q: table %w", o.Name, ErrNotFound)
		}
		md.Tables = deleteFunc(md.Tables, func(t *schema.Table) bool {
			return strings.EqualFold(t.Name, o.Name) && strings.EqualFold(t.Schema, o.Schema)
		})
		md.Triggers = deleteFunc(md.Triggers, func(t *schema.Trigger) bool { return strings.EqualFold(t.Table, o.Name) })
	case *RenameTable:
		t := md.TableIn(o.Schema, o.Old)
		if t == nil {
			return fmt.Errorf("rename table %q: table %w", o.Old, ErrNotFound)
		}
		if md.TableIn(o.Schema, o.New) != nil && !strings.EqualFold(o.Old, o.New) {
			return fmt.Errorf("rename table %q to %q: %w", o.Old, o.New, ErrExists)
		}
		t.Name = o.New
		for _, ix := range t.Indexes {
			ix.Table = o.New
		}
		for _, other := range md.Tables {
			for _, fk := range other.ForeignKeys {
				if strings.EqualFold(fk.RefTable, o.Old) && strings.EqualFold(fk.RefSchema, o.Schema) {
					fk.RefTable = o.New
				}
			}
		}
		for _, tr := range md.Triggers {
			if strings.EqualFold(tr.Table, o.Old) {
				tr.Table = o.New
			}
		}
	case *AddColumn:
		t, err := table(md, o.Schema, o.Table, "add column")
		if err != nil {
			return err
		}
		if t.Column(o.Column.Name) != nil {
			return fmt.Errorf("add column %q to %q: %w", o.Column.Name, o.Table, ErrExists)
		}
		t.Columns = append(t.Columns, o.Column.Clone())
	case *DropColumn:
		t, err := table(md, o.Schema, o.Table, "drop column")
		if err != nil {
			return err
		}
		if t.Column(o.Name) == nil {
			return fmt.Errorf("drop column %q from %q: column %w", o.Name, o.Table, ErrNotFound)
		}
		dropColumn(t, o.Name)
	case *AlterColumn:
		return applyAlter(md, o)
	case *CreateIndex:
		t, err := table(md, o.Index.Schema, o.Index.Table, "create index")
		if err != nil {
			return err
		}
		if findIndex(md, o.Index.Schema, o.Index.Name) != nil {
			return fmt.Errorf("create index %q: %w", o.Index.Name, ErrExists)
		}
		t.Indexes = append(t.Indexes, o.Index.Clone())
	case *DropIndex:
		t := findIndex(md, o.Schema, o.Name)
		if t == nil || (o.Table != "" && !strings.EqualFold(t.Name, o.Table)) {
			return fmt.Errorf("drop index %q: index %w", o.Name, ErrNotFound)
		}
		t.Indexes = deleteFunc(t.Indexes, func(ix *schema.Index) bool { return strings.EqualFold(ix.Name, o.Name) })
	case *CreateUnique:
		t, err := table(md, o.Schema, o.Table, "create unique constraint")
		if err != nil {
			return err
		}
		u := *o.Unique
		u.Columns = slices.Clone(u.Columns)
		t.Uniques = append(t.Uniques, &u)
	case *CreatePrimaryKey:
		t, err := table(md, o.Schema, o.Table, "create primary key")
		if err != nil {
			return err
		}
		if t.PrimaryKey != nil {
			return fmt.Errorf("create primary key on %q: the table has a primary key (%s): %w", o.Table, strings.Join(t.PrimaryKey.Columns, ", "), ErrExists)
		}
		for _, c := range o.PrimaryKey.Columns {
			if t.Column(c) == nil {
				return fmt.Errorf("create primary key on %q: column %q %w", o.Table, c, ErrNotFound)
			}
		}
		t.PrimaryKey = clonePK(o.PrimaryKey)
	case *CreateCheck:
		t, err := table(md, o.Schema, o.Table, "create check constraint")
		if err != nil {
			return err
		}
		c := *o.Check
		t.Checks = append(t.Checks, &c)
	case *CreateForeignKey:
		t, err := table(md, o.Schema, o.Table, "create foreign key")
		if err != nil {
			return err
		}
		t.ForeignKeys = append(t.ForeignKeys, o.ForeignKey.Clone())
	case *DropConstraint:
		t, err := table(md, o.Schema, o.Table, "drop constraint")
		if err != nil {
			return err
		}
		return dropConstraint(t, o)
	case *CreateTableComment:
		t, err := table(md, o.Schema, o.Table, "create table comment")
		if err != nil {
			return err
		}
		t.Comment = o.Comment
	case *DropTableComment:
		t, err := table(md, o.Schema, o.Table, "drop table comment")
		if err != nil {
			return err
		}
		t.Comment = ""
	case *Execute, *BulkInsert:
		// Raw SQL and data: the schema is whatever the SQL makes it.
	case *Batch:
		for _, inner := range o.Ops {
			if err := Apply(md, inner); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("apply: unknown op %T", op)
	}
	return nil
}

func table(md *schema.MetaData, sch, name, what string) (*schema.Table, error) {
	t := md.TableIn(sch, name)
	if t == nil {
		return nil, fmt.Errorf("%s: table %q %w", what, name, ErrNotFound)
	}
	return t, nil
}

// findIndex returns the table that has the index named name in schema sch
// (index names are unique within a schema).
func findIndex(md *schema.MetaData, sch, name string) *schema.Table {
	for _, t := range md.Tables {
		if strings.EqualFold(t.Schema, sch) && t.Index(name) != nil {
			return t
		}
	}
	return nil
}

// dropColumn removes a column and what cannot outlive it: indexes, unique
// constraints and foreign keys over it (as Alembic's batch mode does), and
// the CHECK constraints that name it (an Enum's or Boolean's own among them;
// PostgreSQL drops those with the column too).
func dropColumn(t *schema.Table, name string) {
	has := func(cols []string) bool {
		return slices.ContainsFunc(cols, func(c string) bool { return strings.EqualFold(c, name) })
	}
	t.Columns = deleteFunc(t.Columns, func(c *schema.Column) bool { return strings.EqualFold(c.Name, name) })
	t.Checks = deleteFunc(t.Checks, func(c *schema.Check) bool {
		return strings.EqualFold(c.TypeOf, name) || namesIdentifier(c.SQL, name)
	})
	t.Indexes = deleteFunc(t.Indexes, func(ix *schema.Index) bool { return has(ix.Columns) })
	t.Uniques = deleteFunc(t.Uniques, func(u *schema.Unique) bool { return has(u.Columns) })
	t.ForeignKeys = deleteFunc(t.ForeignKeys, func(fk *schema.ForeignKey) bool { return has(fk.Columns) })
	if t.PrimaryKey != nil && has(t.PrimaryKey.Columns) {
		t.PrimaryKey.Columns = deleteFunc(t.PrimaryKey.Columns, func(c string) bool { return strings.EqualFold(c, name) })
		if len(t.PrimaryKey.Columns) == 0 {
			t.PrimaryKey = nil
		}
	}
}

func applyAlter(md *schema.MetaData, o *AlterColumn) error {
	t, err := table(md, o.Schema, o.Table, "alter column")
	if err != nil {
		return err
	}
	c := t.Column(o.Column)
	if c == nil {
		return fmt.Errorf("alter column %q of %q: column %w", o.Column, o.Table, ErrNotFound)
	}
	if o.Nullable != nil {
		c.Nullable = *o.Nullable
	}
	if o.Type != nil {
		c.Type = o.Type.Clone()
		// The old type's own CHECK goes with it (Alembic's batch turns
		// the old type's constraint off).
		t.Checks = deleteFunc(t.Checks, func(ck *schema.Check) bool { return strings.EqualFold(ck.TypeOf, c.Name) })
	}
	if o.ServerDefault != nil {
		c.ServerDefault = *o.ServerDefault
	}
	if o.Comment != nil {
		c.Comment = *o.Comment
	}
	if o.NewName != "" && o.NewName != c.Name {
		if other := t.Column(o.NewName); other != nil && other != c {
			return fmt.Errorf("rename column %q of %q to %q: %w", o.Column, o.Table, o.NewName, ErrExists)
		}
		renameColumn(md, t, c.Name, o.NewName)
		c.Name = o.NewName
	}
	return nil
}

// renameColumn renames a column wherever the schema names it (keys, indexes,
// constraints, and foreign keys that reference it), as SQLite's RENAME COLUMN does.
func renameColumn(md *schema.MetaData, t *schema.Table, old, new string) {
	rename := func(cols []string) {
		for i, c := range cols {
			if strings.EqualFold(c, old) {
				cols[i] = new
			}
		}
	}
	if t.PrimaryKey != nil {
		rename(t.PrimaryKey.Columns)
	}
	for _, ix := range t.Indexes {
		rename(ix.Columns)
	}
	for _, u := range t.Uniques {
		rename(u.Columns)
	}
	for _, fk := range t.ForeignKeys {
		rename(fk.Columns)
	}
	for _, other := range md.Tables {
		for _, fk := range other.ForeignKeys {
			if strings.EqualFold(fk.RefTable, t.Name) && strings.EqualFold(fk.RefSchema, t.Schema) {
				rename(fk.RefColumns)
			}
		}
	}
}

// FindConstraint returns the index, in its kind's list on t, of the constraint
// that op drops: by name when it has one; otherwise by kind and, when the op
// carries the definition, by columns. An unnamed op that matches several
// constraints is ambiguous.
//
// A named drop that finds no constraint of that name falls back to the
// unnamed one of its kind (and columns), when there is exactly one: the
// database was made by a script that left it unnamed, and the script was
// later edited to name it (as Alembic's batch mode requires).
func FindConstraint(t *schema.Table, o *DropConstraint) (ConstraintKind, int, error) {
	i, err := findConstraint(t, o, o.Kind)
	if err != nil && o.Kind != "" && o.Name != "" && errors.Is(err, ErrNotFound) {
		unnamed := *o
		unnamed.Name = ""
		if j, uerr := findConstraint(t, &unnamed, o.Kind); uerr == nil {
			return o.Kind, j, nil
		}
	}
	if err != nil || o.Kind != "" {
		return o.Kind, i, err
	}
	for _, k := range []ConstraintKind{KindUnique, KindForeignKey, KindCheck} {
		if i, err := findConstraint(t, o, k); err == nil {
			return k, i, nil
		}
	}
	return "", -1, fmt.Errorf("drop constraint %q on %q: constraint %w", o.Name, t.Name, ErrNotFound)
}

func findConstraint(t *schema.Table, o *DropConstraint, kind ConstraintKind) (int, error) {
	var names, descs []string
	var cols [][]string
	var want []string
	switch kind {
	case KindUnique:
		for _, u := range t.Uniques {
			names, cols = append(names, u.Name), append(cols, u.Columns)
			descs = append(descs, "UNIQUE ("+strings.Join(u.Columns, ", ")+")")
		}
		if o.Unique != nil {
			want = o.Unique.Columns
		}
	case KindForeignKey:
		for _, fk := range t.ForeignKeys {
			names, cols = append(names, fk.Name), append(cols, fk.Columns)
			descs = append(descs, "FOREIGN KEY ("+strings.Join(fk.Columns, ", ")+") REFERENCES "+fk.RefTable+" ("+strings.Join(fk.RefColumns, ", ")+")")
		}
		if o.ForeignKey != nil {
			want = o.ForeignKey.Columns
		}
	case KindCheck:
		for _, c := range t.Checks {
			names, cols = append(names, c.Name), append(cols, nil)
			descs = append(descs, "CHECK ("+c.SQL+")")
		}
	case KindPrimary:
		if t.PrimaryKey == nil {
			return -1, fmt.Errorf("drop constraint on %q: primary key %w", t.Name, ErrNotFound)
		}
		return 0, nil
	case "":
		// No type_: search every kind by name (Alembic needs type_ only for batch mode).
		if o.Name == "" {
			return -1, fmt.Errorf("drop constraint on %q: an unnamed constraint needs type_", t.Name)
		}
		return -1, nil
	default:
		return -1, fmt.Errorf("drop constraint on %q: unknown type_ %q", t.Name, kind)
	}
	if o.Name != "" {
		for i, n := range names {
			if strings.EqualFold(n, o.Name) {
				return i, nil
			}
		}
		return -1, fmt.Errorf("drop constraint %q on %q: %s constraint %w", o.Name, t.Name, kind, ErrNotFound)
	}
	found := -1
	var matching []string
	for i := range names {
		if want != nil && !schema.SameColumns(cols[i], want) {
			continue
		}
		if want == nil && names[i] != "" {
			// Without columns to go by, an unnamed drop means an unnamed constraint.
			continue
		}
		found = i
		matching = append(matching, descs[i])
	}
	switch {
	case len(matching) == 0:
		return -1, fmt.Errorf("drop unnamed %s constraint on %q: no such constraint: %w", kind, t.Name, ErrNotFound)
	case len(matching) > 1:
		return -1, fmt.Errorf("drop unnamed %s constraint on %q: %d constraints match (%s): name the one to drop, nothing was changed: %w",
			kind, t.Name, len(matching), strings.Join(matching, "; "), ErrAmbiguous)
	}
	return found, nil
}

func dropConstraint(t *schema.Table, o *DropConstraint) error {
	kind, i, err := FindConstraint(t, o)
	if err != nil {
		return err
	}
	switch kind {
	case KindUnique:
		t.Uniques = deleteAt(t.Uniques, i)
	case KindForeignKey:
		t.ForeignKeys = deleteAt(t.ForeignKeys, i)
	case KindCheck:
		t.Checks = deleteAt(t.Checks, i)
	case KindPrimary:
		t.PrimaryKey = nil
	}
	return nil
}

// deleteFunc is slices.DeleteFunc that leaves nil, not an empty slice, so that a
// schema that lost its last index equals one that never had any.
func deleteFunc[S ~[]E, E any](s S, del func(E) bool) S {
	s = slices.DeleteFunc(s, del)
	if len(s) == 0 {
		return nil
	}
	return s
}

func deleteAt[S ~[]E, E any](s S, i int) S {
	return deleteFunc(slices.Delete(s, i, i+1), func(E) bool { return false })
}

// namesIdentifier reports whether SQL text names the identifier name (bare,
// or quoted with "", “ or []), outside string literals, ignoring case.
func namesIdentifier(sql, name string) bool {
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case c == '\'':
			j := i + 1
			for j < len(sql) {
				if sql[j] == '\'' {
					if j+1 < len(sql) && sql[j+1] == '\'' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			i = j + 1
		case c == '"' || c == '`' || c == '[':
			end := byte(c)
			if c == '[' {
				end = ']'
			}
			j := i + 1
			var b strings.Builder
			for j < len(sql) {
				if sql[j] == end {
					if end != ']' && j+1 < len(sql) && sql[j+1] == end {
						b.WriteByte(end)
						j += 2
						continue
					}
					break
				}
				b.WriteByte(sql[j])
				j++
			}
			if strings.EqualFold(b.String(), name) {
				return true
			}
			i = j + 1
		case c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= 0x80:
			j := i
			for j < len(sql) && (sql[j] == '_' || sql[j] == '$' || sql[j] >= '0' && sql[j] <= '9' || sql[j] >= 'A' && sql[j] <= 'Z' || sql[j] >= 'a' && sql[j] <= 'z' || sql[j] >= 0x80) {
				j++
			}
			if strings.EqualFold(sql[i:j], name) {
				return true
			}
			i = j
		default:
			i++
		}
	}
	return false
}
