package models

import (
	"strings"

	"retort/engine/schema"
)

// value is what a Python expression evaluates to, as far as Retort follows it.
// Only what matters for the schema is modelled; anything else is opaqueVal.
type value any

type (
	noneVal  struct{}
	boolVal  bool
	intVal   int64
	floatVal float64
	strVal   string

	// tupleVal is a tuple or list.
	tupleVal struct {
		items []*arg
		list  bool
	}
	// dictVal is a dict display.
	dictVal struct {
		keys, vals []*arg
	}

	// externVal is something imported from outside the project (sqlalchemy,
	// typing, datetime, ...), by its dotted path: "sqlalchemy.orm.Mapped".
	externVal struct{ path string }

	// opaqueVal is a value Retort does not follow (an engine, a session, the
	// result of an unknown call). Using it where the schema needs a value is an
	// error; carrying it around is not.
	opaqueVal struct {
		what string
		// sa is set for the result of calling a name sqlalchemy does not
		// export as far as Retort knows (sa.Strng(50)): a misspelt type.
		sa       string
		pos, end loc
	}

	// poisonVal stands for an expression whose mistake has been reported already:
	// whatever uses it stays silent, so one mistake gives one error.
	poisonVal struct{}

	// skipVal is an ORM construct with no schema effect: relationship(),
	// column_property(), hybrid properties, methods.
	skipVal struct{}

	// genericVal is a subscripted type: Mapped[int], Optional[str], List["Post"].
	genericVal struct {
		origin value
		args   []*arg
	}
	// unionVal is `X | Y` between types.
	unionVal struct{ members []*arg }

	// funcNamespace is sqlalchemy.func; sqlFuncVal one of its functions.
	funcNamespace struct{}
	sqlFuncVal    struct{ name string }
	// sqlVal is a SQL expression: text(), func.now(), literal_column(), a
	// column used in an expression. ColumnElement is true for what SQLAlchemy
	// treats as a column expression (SQLite's DDL puts those in parentheses as a
	// server default); text() is not one.
	sqlVal struct {
		sql           string
		columnElement bool
	}

	// methodVal is a bound method of a value Retort knows: users.c.name.desc.
	methodVal struct {
		recv value
		name string
	}

	// funcVal is a function the project defines (def): it is not run.
	funcVal struct{ name string }

	// tableColumnsVal is table.c (or table.columns).
	tableColumnsVal struct{ table *tableVal }
)

// arg is an evaluated expression with where it was written: a call argument
// (with its keyword), a tuple item, a dict key or value.
type arg struct {
	name     string // keyword, "" for a positional argument
	namePos  loc
	nameEnd  loc
	val      value
	pos, end loc
	src      string // the expression's source text
}

// callInfo is an evaluated call: callee span, arguments in order.
type callInfo struct {
	name     string // the callee as written ("Column", "sa.Column")
	pos, end loc    // the whole call
	fnEnd    loc    // end of the callee expression
	args     []*arg // positional
	kwargs   []*arg // keyword
	// star is true when the call spreads *args or **kwargs Retort cannot see.
	star bool
}

// typeVal is a column type: String(50), Enum(Status), Integer.
type typeVal struct {
	t         schema.Type
	collation string
	// enumCheck is Enum(create_constraint=True) / Boolean(create_constraint=True).
	createConstraint bool
	// constraintName is Boolean(name=...)/Enum(name=...) for that constraint.
	constraintName string
}

// fkVal is ForeignKey(...).
type fkVal struct {
	target   string     // "users.id", or "" when col is set
	col      *columnVal // ForeignKey(User.id)
	pos, end loc        // the target argument
	name     string
	named    bool
	onDelete string
	onUpdate string
	deferr   string
}

// columnVal is Column(...) or mapped_column(...), before and after it is
// attached to a table.
type columnVal struct {
	pos, end loc
	name     string // explicit name, "" if none
	key      string // the attribute name it is assigned to
	typ      *typeVal
	fks      []*fkVal
	checks   []*constraintVal

	nullable      *bool
	serverDefault string
	comment       string
	sortOrder     int
	defaultSrc    string
	onUpdateSrc   string

	mapped      bool // mapped_column
	primaryKey  bool
	unique      bool
	uniqueGiven bool
	index       bool
	hasServer   bool
	// poisoned columns have reported a mistake; they still take their place so
	// nothing that refers to them errs again.
	poisoned bool

	// Set when attached.
	table *tableVal
	col   *schema.Column
	// owner is the model class the column is mapped in, if any.
	owner *classVal
	// copyOf is the mixin column this one was copied from.
	copyOf *columnVal
}

// constraintKind distinguishes constraintVal's kinds.
type constraintVal struct {
	kind     string // kindUnique, kindIndex, kindCheck, kindForeignKey, kindPrimaryKey
	pos, end loc
	name     string
	named    bool
	// cols are the constrained columns (for an index, its expressions).
	cols []*colRef
	// Foreign keys: the referred columns, "table.column" strings or columns.
	refs     []*colRef
	onDelete string
	onUpdate string
	deferr   string
	// Indexes.
	unique bool
	where  string
	// Checks.
	sql string

	table *tableVal // once attached
	// columnFlag marks what index=True / unique=True made.
	columnFlag bool
}

// colRef names a column of a constraint: a string (a column key or name), a
// column object, or (for an index) a SQL expression.
type colRef struct {
	name     string
	col      *columnVal
	expr     string // SQL expression text, for an index on an expression
	pos, end loc
}

// metadataVal is a MetaData object.
type metadataVal struct {
	convention map[string]string
	// incomplete is set when a class meant for this MetaData failed to map:
	// a foreign key to a table Retort has not seen may be to that class's.
	incomplete bool
	tables     []*tableVal
	pos        loc
	module     *module
}

// tableVal is a Table: one in the making (a declarative class's) or done.
type tableVal struct {
	meta      *metadataVal
	t         *schema.Table
	pos, end  loc // where its name is given
	cols      []*columnVal
	cons      []*constraintVal // in the order SQLAlchemy attaches them
	autoinc   bool             // sqlite_autoincrement
	class     *classVal        // the declarative class, if any
	finalized bool
}

// registryVal is sqlalchemy.orm.registry().
type registryVal struct {
	meta    *metadataVal
	typeMap []typeMapEntry
}

// typeMapEntry is one type_annotation_map entry.
type typeMapEntry struct {
	key value
	typ *typeVal
}

// canon returns the canonical name of an imported path: "sa.X" for anything
// sqlalchemy exports (sqlalchemy.X, sqlalchemy.orm.X, sqlalchemy.types.X, ...),
// the path itself otherwise ("typing.Optional", "datetime.datetime").
func canon(path string) string {
	if name, ok := saName(path); ok {
		return "sa." + name
	}
	if rest, ok := strings.CutPrefix(path, "typing_extensions."); ok {
		return "typing." + rest
	}
	return path
}

// saName returns what canon(path) is after "sa." when it starts with that,
// without making canon's string: saName("sqlalchemy.orm.Mapped") is "Mapped".
func saName(path string) (string, bool) {
	if rest, ok := strings.CutPrefix(path, "sqlalchemy."); ok {
		return rest[strings.LastIndexByte(rest, '.')+1:], true
	}
	return strings.CutPrefix(path, "sa.")
}

// isSAModule reports whether path names sqlalchemy or one of its modules (rather
// than something it exports).
func isSAModule(path string) bool {
	if path == "sqlalchemy" {
		return true
	}
	rest, ok := strings.CutPrefix(path, "sqlalchemy.")
	if !ok {
		return false
	}
	for _, p := range strings.Split(rest, ".") {
		if !saSubmodules[p] {
			return false
		}
	}
	return true
}

// saSubmodules are sqlalchemy's (sub)package names, so sa.orm.Mapped reads as
// a path through modules.
var saSubmodules = map[string]bool{
	"orm": true, "types": true, "schema": true, "sql": true, "expression": true,
	"sqltypes": true, "ext": true, "declarative": true, "hybrid": true, "dialects": true,
	"sqlite": true, "engine": true, "event": true, "functions": true, "elements": true,
	"associationproxy": true, "decl_api": true, "exc": true, "util": true, "pool": true,
	"postgresql": true, "mysql": true, "asyncio": true, "mutable": true, "base": true,
	"properties": true, "relationships": true, "typing": true,
}

// valOf returns the arg's value, or nil for a nil arg.
func (a *arg) valOf() value {
	if a == nil {
		return nil
	}
	return a.val
}
