package script

import (
	"retort/engine/python"

	"maps"
	"slices"
	"strconv"
	"strings"

	"retort/engine/ops"
	"retort/engine/schema"
)

// typeParams names the parameters that a type's Args fill, in order, as
// SQLAlchemy's repr of the type writes them (String(length=50),
// Numeric(precision=10, scale=2)).
func typeParams(name string) []string {
	switch name {
	case "String", "Unicode", "Text", "UnicodeText", "LargeBinary",
		"VARCHAR", "NVARCHAR", "CHAR", "NCHAR", "TEXT", "CLOB", "BLOB", "BINARY", "VARBINARY":
		return []string{"length"}
	case "Numeric", "NUMERIC", "DECIMAL":
		return []string{"precision", "scale"}
	case "Float", "FLOAT", "REAL", "Double", "DOUBLE", "DOUBLE_PRECISION":
		return []string{"precision"}
	}
	return nil
}

// takesCollation reports whether the type is one of SQLAlchemy's string types,
// which carry a column's collation.
func takesCollation(name string) bool {
	switch name {
	case "String", "Unicode", "Text", "UnicodeText", "Enum",
		"VARCHAR", "NVARCHAR", "CHAR", "NCHAR", "TEXT", "CLOB":
		return true
	}
	return false
}

// renderType renders a type as Alembic's _repr_type does for SQLAlchemy's own
// types: sa.Integer(), sa.String(length=50), sa.VARCHAR(length=50),
// sa.Numeric(precision=10, scale=2), sa.DateTime(timezone=True),
// sa.Enum('a', 'b', name='status'). collation, when set, is the type's
// collation keyword.
func renderType(t schema.Type, collation string) string {
	if t.VariantOf != nil {
		// Alembic's _render_Variant_type: the base type, then each
		// dialect's, sorted by dialect.
		base := *t.VariantOf
		variants := slices.SortedFunc(slices.Values(base.Variants), func(a, b schema.Variant) int { return strings.Compare(a.Dialect, b.Dialect) })
		base.Variants = nil
		out := renderType(base, collation)
		for _, v := range variants {
			out += ".with_variant(" + renderType(v.Type, "") + ", " + python.Quote(v.Dialect) + ")"
		}
		return out
	}
	if t.Class != "" {
		// A type that is not SQLAlchemy's own, written by its class's dotted
		// path as Alembic writes it (sqlmodel.sql.sqltypes.AutoString()),
		// with the keywords its repr shows (those of its impl's signature).
		opts := maps.Clone(t.Options)
		args := takeOptions(opts, typeParams(t.Name)...)
		args = append(args, takeOptions(opts, slices.Sorted(maps.Keys(opts))...)...)
		return t.Class + "(" + strings.Join(args, ", ") + ")"
	}
	var b strings.Builder
	writeType(&b, t, collation)
	return b.String()
}

// writeType writes renderType's text of a type of SQLAlchemy's own (no
// variants, no class of its own) into b: a create_table of 200 tables
// writes 1,600 of them, and making each of its arguments, their list and
// their join a string of its own cost four allocations a column.
func writeType(b *strings.Builder, t schema.Type, collation string) {
	if t.VariantOf != nil || t.Class != "" {
		b.WriteString(renderType(t, collation))
		return
	}
	if t.Dialect != "" {
		b.WriteString(t.Dialect)
		b.WriteByte('.')
	} else {
		b.WriteString("sa.")
	}
	b.WriteString(t.Name)
	b.WriteByte('(')
	n := 0
	arg := func(parts ...string) {
		if n > 0 {
			b.WriteString(", ")
		}
		n++
		for _, p := range parts {
			b.WriteString(p)
		}
	}
	if t.Name == "Enum" {
		for _, v := range t.Enum {
			arg(python.Quote(v))
		}
	}
	// SQLAlchemy's types take only the numbers they name (String(length),
	// Numeric(precision, scale)); like SQLAlchemy reading INT(11) back, any other
	// numbers are dropped.
	params := typeParams(t.Name)
	for i, a := range t.Args {
		if i < len(params) {
			arg(params[i], "=", strconv.Itoa(a))
		}
	}
	if t.Timezone {
		arg("timezone=True")
	}
	if collation != "" {
		arg("collation=", python.Quote(collation))
	}
	opts := maps.Clone(t.Options)
	args := func(list []string) {
		for _, a := range list {
			arg(a)
		}
	}
	if t.Name == "Enum" {
		// Enum's repr: its name and schema, then native_enum,
		// create_constraint and length when they are not the defaults.
		if t.EnumName != "" {
			arg("name=", python.Quote(t.EnumName))
		}
		if t.Schema != "" {
			arg("schema=", python.Quote(t.Schema))
		}
		args(takeOptions(opts, "inherit_schema", "quote"))
		if t.NonNative {
			arg("native_enum=False")
		}
		args(takeOptions(opts, "create_constraint"))
		if t.EnumLength > 0 {
			arg("length=", strconv.Itoa(t.EnumLength))
		}
	}
	if len(opts) > 0 {
		args(takeOptions(opts, typeOptionOrder[t.Name]...))
		// Only then: sorting no keys still cost an allocation a column.
		args(takeOptions(opts, slices.Sorted(maps.Keys(opts))...))
	}
	b.WriteByte(')')
}

// typeOptionOrder is the order SQLAlchemy's repr of a type writes the
// keywords schema.Type.Options holds (its __init__'s); others follow, sorted.
var typeOptionOrder = map[string][]string{
	"Boolean":  {"create_constraint", "name"},
	"BOOLEAN":  {"create_constraint", "name"},
	"Uuid":     {"as_uuid", "native_uuid"},
	"Interval": {"native", "second_precision", "day_precision"},
	"Numeric":  {"decimal_return_scale", "asdecimal"},
	"Float":    {"asdecimal", "decimal_return_scale"},
	"ARRAY":    {"as_tuple", "dimensions", "zero_indexes"},
}

// takeOptions writes the options named, in that order, as keywords, and
// removes them from opts.
func takeOptions(opts map[string]string, names ...string) []string {
	var out []string
	for _, n := range names {
		if v, ok := opts[n]; ok {
			out = append(out, n+"="+v)
			delete(opts, n)
		}
	}
	return out
}

// typeImport is the import a script needs for a type written by renderType:
// its dialect's module (from sqlalchemy.dialects import postgresql, as
// Alembic adds), or its class's module (which Alembic leaves out, and a
// script then fails on: Retort adds it, import sqlmodel.sql.sqltypes).
func typeImport(t schema.Type) string {
	switch {
	case t.Class != "":
		return "import " + t.Class[:strings.LastIndexByte(t.Class, '.')]
	case t.Dialect != "":
		return "from sqlalchemy.dialects import " + t.Dialect
	}
	return ""
}

// importedBy reports whether a script with the line `line` (a template's
// own import) needs no import imp: the same line, or `import sqlmodel` for
// sqlmodel's modules, which its package imports itself (the tutorials add
// `import sqlmodel` to script.py.mako).
func importedBy(imp, line string) bool {
	line = strings.TrimSpace(line)
	return line == imp || line == "import sqlmodel" && strings.HasPrefix(imp, "import sqlmodel.")
}

// typeImports are the imports the types of ops need.
func typeImports(lists ...[]ops.Op) []string {
	var out []string
	var add func(t *schema.Type)
	add = func(t *schema.Type) {
		if t == nil {
			return
		}
		if t.VariantOf != nil {
			add(t.VariantOf)
			return
		}
		if imp := typeImport(*t); imp != "" && !slices.Contains(out, imp) {
			out = append(out, imp)
		}
		add(t.Item)
		for i := range t.Variants {
			add(&t.Variants[i].Type)
		}
	}
	var walk func(list []ops.Op)
	walk = func(list []ops.Op) {
		for _, op := range list {
			switch o := op.(type) {
			case *ops.CreateTable:
				for _, c := range o.Table.Columns {
					add(&c.Type)
				}
			case *ops.DropTable:
				if o.Table != nil {
					for _, c := range o.Table.Columns {
						add(&c.Type)
					}
				}
			case *ops.AddColumn:
				add(&o.Column.Type)
			case *ops.DropColumn:
				if o.Column != nil {
					add(&o.Column.Type)
				}
			case *ops.AlterColumn:
				add(o.Type)
				add(o.ExistingType)
			case *ops.Batch:
				walk(o.Ops)
			}
		}
	}
	for _, l := range lists {
		walk(l)
	}
	return out
}
