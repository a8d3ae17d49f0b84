package models

import (
	"slices"
	"strings"

	"retort/engine/interp"
	"retort/engine/schema"
)

// Options configure the library.
type Options struct {
	// Dialect is the database the schema is for ("sqlite", "postgresql"): the
	// variant with_variant() picks, what a TypeDecorator's load_dialect_impl
	// is asked for. Default "sqlite".
	Dialect string
	// Connect makes an Engine's connection (engine.connect()): the caller's,
	// over its database. Nil: connecting is an error.
	Connect func(in *interp.Interp, url string) (interp.Value, error)
	// Inspect is sqlalchemy.inspect(bind) for a connection Connect made.
	Inspect func(in *interp.Interp, bind interp.Value) (interp.Value, error)
	// Reflect reads the live schema through a bind (op.get_bind(), a
	// connection Connect made), for MetaData.reflect() and
	// Table(..., autoload_with=bind). Nil: reflecting is an error.
	Reflect func(in *interp.Interp, bind interp.Value) (*schema.MetaData, error)
	// Scripts is set when revision scripts run: an ORM Session is then a
	// mistake (its changes would not happen) rather than a harmless
	// placeholder in database.py.
	Scripts bool
	// ReadFile reads a project file (.flaskenv, to find the Flask app).
	ReadFile func(name string) ([]byte, error)
	// TypeDDL is a type's create(bind) or drop(bind) (sa.Enum(...,
	// name='x').create(op.get_bind(), checkfirst=True)): what the caller's
	// database makes of it. Nil: nothing (SQLite has no named types).
	TypeDDL func(in *interp.Interp, bind interp.Value, t schema.Type, create, checkfirst bool) error
	// IndexDDL is Index(...).create(bind) or .drop(bind) in a revision
	// script. Nil: an error.
	IndexDDL func(in *interp.Interp, bind interp.Value, ix *schema.Index, create bool, at interp.Loc) error
	// MakeDir creates a folder of the project (abs, under its root) when
	// the code that runs would: Flask-SQLAlchemy's app instance folder.
	// Nil: nothing is created.
	MakeDir func(abs string) error
}

// Lib is the sqlalchemy library (with sqlmodel, flask_sqlalchemy, flask and
// flask_migrate) registered in one interpreter, and what the code it ran
// built.
type Lib struct {
	in   *interp.Interp
	opts Options

	metas []*metaObj
	// bases are the declarative bases and MetaData objects, in the order
	// made, for picking the target when env.py does not name one.
	bases     []interp.Value
	convNames map[string]bool
	bareTypes map[*interp.Class]*typeObj
	// sqlalchemy's classes and functions by name, made once.
	names           map[string]interp.Value
	typeClasses     map[string]*interp.Class
	dialectTypes    map[string]*interp.Class
	constraintKinds map[*interp.Class]string
	typeEngine      *interp.Class
	typeDecorator   *interp.Class
	mapped          *interp.Class
	exc             *interp.Module

	flask *flaskState
	sqlModel
	// annModule is the module of the class being mapped: its string
	// annotations are evaluated there.
	annModule *interp.Module
	// annTypeMap is the type_annotation_map of the class being mapped.
	annTypeMap []typeMapEntry
	// seq counts the columns made (nextSeq).
	seq int
}

// nextSeq numbers a new column, as SQLAlchemy's _creation_order does.
func (l *Lib) nextSeq() int {
	l.seq++
	return l.seq
}

type libKey struct{}

// lib returns the library registered in in.
func lib(in *interp.Interp) *Lib {
	l, _ := in.Ext(libKey{}).(*Lib)
	return l
}

// Register makes sqlalchemy (and its modules), sqlmodel, flask,
// flask_sqlalchemy and flask_migrate importable in in.
func Register(in *interp.Interp, opts Options) *Lib {
	if opts.Dialect == "" {
		opts.Dialect = "sqlite"
	}
	l := &Lib{
		in: in, opts: opts,
		convNames:       map[string]bool{},
		bareTypes:       map[*interp.Class]*typeObj{},
		names:           map[string]interp.Value{},
		typeClasses:     map[string]*interp.Class{},
		dialectTypes:    map[string]*interp.Class{},
		constraintKinds: map[*interp.Class]string{},
	}
	in.SetExt(libKey{}, l)
	l.typeEngine = interp.NewClass("TypeEngine", "sqlalchemy.sql.type_api", &interp.Native{New: l.newType})
	l.typeEngine.Data = &typeClassInfo{name: "TypeEngine", spec: plainSpec}
	for name, spec := range typeSpecs {
		l.typeClasses[name] = l.newTypeClass(name, "", spec)
	}
	l.typeDecorator = interp.NewClass("TypeDecorator", "sqlalchemy.sql.type_api", nil, l.typeEngine)
	l.typeDecorator.Data = &typeClassInfo{name: "TypeDecorator", spec: plainSpec, decorator: true}
	l.typeDecorator.Dict.Set("__init__", &interp.Builtin{Name: "__init__", Method: true, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
		if len(a.Pos) == 0 {
			return interp.None, nil
		}
		t, ok := a.Pos[0].Value.(*typeObj)
		if !ok {
			return interp.None, nil
		}
		rest := *a
		rest.Pos = a.Pos[1:]
		return interp.None, l.decoratorInit(in, t, &rest)
	}})
	l.mapped = interp.NewClass("Mapped", "sqlalchemy.orm.base", &interp.Native{
		ClassItem: func(in *interp.Interp, cls *interp.Class, key interp.Value, at interp.Loc) (interp.Value, error) {
			return &interp.Generic{Origin: cls, Args: keyArgs(key), Loc: at}, nil
		},
	})
	l.exc = l.excModule()
	l.sqlModel.init(l)
	modules := []string{
		"sqlalchemy", "sqlalchemy.orm", "sqlalchemy.types", "sqlalchemy.schema", "sqlalchemy.sql",
		"sqlalchemy.sql.expression", "sqlalchemy.sql.sqltypes", "sqlalchemy.sql.functions",
		"sqlalchemy.sql.schema", "sqlalchemy.sql.elements", "sqlalchemy.sql.type_api", "sqlalchemy.sql.base",
		"sqlalchemy.orm.decl_api", "sqlalchemy.orm.properties", "sqlalchemy.orm.relationships",
		"sqlalchemy.ext", "sqlalchemy.ext.declarative", "sqlalchemy.ext.hybrid",
		"sqlalchemy.ext.associationproxy", "sqlalchemy.ext.mutable", "sqlalchemy.ext.orderinglist",
		"sqlalchemy.ext.compiler", "sqlalchemy.ext.asyncio",
		"sqlalchemy.engine", "sqlalchemy.engine.url", "sqlalchemy.engine.reflection", "sqlalchemy.pool",
		"sqlalchemy.dialects", "sqlalchemy.dialects.sqlite", "sqlalchemy.dialects.postgresql",
		"sqlalchemy.dialects.mysql", "sqlalchemy.dialects.mssql", "sqlalchemy.dialects.oracle",
	}
	for _, name := range modules {
		name := name
		in.Register(name, func(in *interp.Interp) (*interp.Module, error) { return l.module(name), nil })
	}
	in.Register("sqlalchemy.exc", func(in *interp.Interp) (*interp.Module, error) { return l.exc, nil })
	for _, name := range []string{"sqlalchemy.event", "sqlalchemy.inspection", "sqlalchemy.util", "sqlalchemy.sql.compiler", "sqlalchemy.orm.exc", "sqlalchemy.orm.session", "sqlalchemy.orm.attributes", "sqlalchemy.orm.interfaces", "sqlalchemy.orm.query", "sqlalchemy.sql.operators", "sqlalchemy.sql.visitors", "sqlalchemy.engine.base", "sqlalchemy.engine.interfaces", "sqlalchemy.testing"} {
		name := name
		in.Register(name, func(in *interp.Interp) (*interp.Module, error) {
			m := interp.NewModule(name)
			m.Package = true
			m.Lazy = func(in *interp.Interp, attr string) (interp.Value, bool, error) {
				return &interp.Opaque{What: name + "." + attr}, true, nil
			}
			return m, nil
		})
	}
	l.registerSQLModel()
	l.registerFlask()
	in.RegisterSource("_retort_orm", pyorm)
	in.HintImport("sqlalchemy.orm", "Mapped", "mapped_column", "relationship", "DeclarativeBase",
		"declarative_base", "declared_attr", "registry", "backref", "column_property", "Session")
	in.HintImport("sqlalchemy", l.starNames()...)
	in.HintStatement("sa", "import sqlalchemy as sa")
	return l
}

// SetDialect sets the database the schema is for, once env.py's connection
// says which it is ("sqlite", "postgresql"): the schema Result returns is
// for it.
func (l *Lib) SetDialect(dialect string) { l.opts.Dialect = dialect }

// module makes one of sqlalchemy's modules: every name sqlalchemy exports
// can be taken from any of them (sa.orm.relationship, sqlalchemy.types.String).
func (l *Lib) module(name string) *interp.Module {
	m := interp.NewModule(name)
	m.Package = true
	dialect := ""
	if d, ok := strings.CutPrefix(name, "sqlalchemy.dialects."); ok {
		dialect = d
	}
	m.Lazy = func(in *interp.Interp, attr string) (interp.Value, bool, error) {
		if attr == "ColumnCollection" {
			return columnCollectionClass, true, nil
		}
		if dialect != "" {
			if v, ok := l.dialectName(dialect, attr); ok {
				return v, true, nil
			}
		}
		if v, ok := l.name(attr); ok {
			return v, true, nil
		}
		if name == "sqlalchemy.sql.functions" && attr != "" && attr == strings.ToLower(attr) && !strings.HasPrefix(attr, "_") {
			// The generic functions: functions.now() is func.now().
			return &funcNamespace{prefix: attr}, true, nil
		}
		if sub := name + "." + attr; slices.Contains(saSubmodules, attr) {
			mod, err := in.Import(sub, interp.Loc{})
			return mod, err == nil, err
		}
		if strings.HasPrefix(attr, "__") {
			return nil, false, nil
		}
		if slices.Contains(saOpaqueNames, attr) {
			return &interp.Opaque{What: "sqlalchemy." + attr}, true, nil
		}
		return nil, false, nil
	}
	in := l.in
	in.SetStarNames(m, l.starNames())
	return m
}

var saSubmodules = []string{"orm", "types", "schema", "sql", "expression", "sqltypes", "ext", "declarative",
	"hybrid", "dialects", "sqlite", "engine", "event", "functions", "elements", "associationproxy", "decl_api",
	"exc", "util", "pool", "postgresql", "mysql", "mssql", "oracle", "asyncio", "mutable", "properties",
	"relationships", "inspection", "url", "reflection", "compiler", "type_api", "orderinglist", "base"}

// saOpaqueNames are names sqlalchemy exports that have no effect on a schema
// or a migration Retort runs: using them gives a placeholder.
var saOpaqueNames = []string{
	"joinedload", "selectinload", "subqueryload",
	"lazyload", "noload", "raiseload", "contains_eager", "load_only", "defer", "undefer",
	"aliased", "Query", "Engine", "Connection", "Inspector", "event", "listens_for", "listen",
	"object_session", "make_transient", "configure_mappers", "clear_mappers", "class_mapper",
	"object_mapper", "InstrumentedAttribute", "QueuePool", "NullPool", "StaticPool",
	"SingletonThreadPool", "AsyncSession", "async_sessionmaker", "AsyncEngine", "AsyncConnection",
	"create_async_engine", "async_engine_from_config", "URL", "make_url", "ColumnDefault",
	"schema_item", "attribute_mapped_collection", "column_mapped_collection",
	"attribute_keyed_dict", "column_keyed_dict", "mapper", "Mapper", "TypeEngine",
	"hybrid_property", "hybrid_method", "ordering_list", "MutableDict", "MutableList",
	"Mutable", "compiles", "AbstractConcreteBase", "ConcreteBase", "polymorphic_union",
	"UserDefinedType", "Variant", "Row", "RowMapping", "Result", "CursorResult",
	"TupleType", "NullType", "MatchType", "Concatenable", "Indexable", "SchemaType",
}

// starNames are the names "from sqlalchemy import *" binds.
func (l *Lib) starNames() []string {
	names := make([]string, 0, len(typeSpecs)+20)
	for n := range typeSpecs {
		names = append(names, n)
	}
	names = append(names, "Column", "ForeignKey", "ForeignKeyConstraint", "UniqueConstraint",
		"PrimaryKeyConstraint", "CheckConstraint", "Index", "Table", "MetaData", "text", "func",
		"select", "insert", "update", "delete", "and_", "or_", "not_", "null", "true", "false",
		"literal", "literal_column", "table", "column", "Sequence", "Identity", "Computed",
		"create_engine", "inspect", "cast", "desc", "asc", "TypeDecorator")
	slices.Sort(names)
	return names
}

// name returns what sqlalchemy exports under name.
func (l *Lib) name(name string) (interp.Value, bool) {
	if v, ok := l.names[name]; ok {
		return v, true
	}
	v := l.makeName(name)
	if v == nil {
		return nil, false
	}
	l.names[name] = v
	return v, true
}

func (l *Lib) builtin(name string, fn func(in *interp.Interp, a *interp.Args) (interp.Value, error)) *interp.Builtin {
	return &interp.Builtin{Name: name, Fn: fn}
}

func (l *Lib) makeName(name string) interp.Value {
	if c, ok := l.typeClasses[name]; ok {
		return c
	}
	if slices.Contains(ormNames, name) {
		v, err := l.ormName(name)
		if err != nil || v == nil {
			return nil
		}
		return v
	}
	switch name {
	case "_retort_mapped_columns":
		return l.builtin(name, l.mappedColumns)
	case "_retort_load_value":
		return l.builtin(name, l.loadValue)
	case "TypeDecorator":
		return l.typeDecorator
	case "TypeEngine", "UserDefinedType":
		return l.typeEngine
	case "Mapped", "MappedColumn", "InstrumentedAttribute", "QueryableAttribute":
		return l.mapped
	case "WriteOnlyMapped", "DynamicMapped", "MappedCollection":
		return interp.NewClass(name, "sqlalchemy.orm", &interp.Native{
			ClassItem: func(in *interp.Interp, cls *interp.Class, key interp.Value, at interp.Loc) (interp.Value, error) {
				return &interp.Generic{Origin: cls, Args: keyArgs(key), Loc: at}, nil
			},
		})
	case "Column":
		return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return l.makeColumn(a, false), nil })
	case "mapped_column":
		return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return l.makeColumn(a, true), nil })
	case "ForeignKey":
		return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return l.makeForeignKey(a), nil })
	case "UniqueConstraint", "PrimaryKeyConstraint", "CheckConstraint", "ForeignKeyConstraint", "Index":
		c := interp.NewClass(name, "sqlalchemy.sql.schema", &interp.Native{New: func(in *interp.Interp, cls *interp.Class, a *interp.Args) (interp.Value, error) {
			return l.makeConstraint(name, a), nil
		}}, constraintClass)
		kinds := map[string]string{"Index": kindIndex, "UniqueConstraint": kindUnique, "CheckConstraint": kindCheck, "ForeignKeyConstraint": kindForeignKey, "PrimaryKeyConstraint": kindPrimaryKey}
		l.constraintKinds[c] = kinds[name]
		return c
	case "Identity", "Computed", "Sequence", "FetchedValue", "DefaultClause":
		return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return l.makeSchemaItem(name, a), nil })
	case "Table":
		return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return l.makeTable(a, nil), nil })
	case "MetaData":
		return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return l.makeMetaData(a), nil })
	case "text":
		return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return l.makeText(a, false) })
	case "DDL":
		// DDL("CREATE ...") is SQL text a migration executes (its context=
		// and execute_if() only matter to events, which Retort does not run).
		return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			if len(a.Pos) > 1 {
				a = &interp.Args{Pos: a.Pos[:1], Loc: a.Loc, Func: a.Func}
			}
			rest := &interp.Args{Pos: a.Pos, Loc: a.Loc, Func: a.Func}
			return l.makeText(rest, false)
		})
	case "literal_column":
		return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return l.makeText(a, true) })
	case "null":
		return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return &sqlExpr{kind: exprNull}, nil })
	case "true", "false":
		return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			return &sqlExpr{kind: exprBool, b: name == "true"}, nil
		})
	case "literal":
		return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			if len(a.Pos) == 0 {
				return nil, interp.NewError("TypeError", "literal() takes a value")
			}
			e, ok := toExpr(a.Pos[0].Value)
			if !ok {
				return nil, interp.Errorf(a.Pos[0].Loc, "literal(): Retort cannot turn %s into SQL", interp.Describe(a.Pos[0].Value))
			}
			return e, nil
		})
	case "func":
		return &funcNamespace{}
	case "and_", "or_":
		op := "AND"
		if name == "or_" {
			op = "OR"
		}
		return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			var acc *sqlExpr
			for _, p := range a.Pos {
				e, ok := toExpr(p.Value)
				if !ok {
					return nil, interp.Errorf(p.Loc, "%s(): Retort cannot turn %s into SQL", name, interp.Describe(p.Value))
				}
				if acc == nil {
					acc = e
				} else {
					acc = &sqlExpr{kind: exprBinary, op: op, args: []*sqlExpr{acc, e}}
				}
			}
			if acc == nil {
				return &sqlExpr{kind: exprBool, b: name == "and_"}, nil
			}
			return acc, nil
		})
	case "not_":
		return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			e, ok := toExpr(a.Pos[0].Value)
			if !ok {
				return nil, interp.Errorf(a.Pos[0].Loc, "not_(): Retort cannot turn %s into SQL", interp.Describe(a.Pos[0].Value))
			}
			return &sqlExpr{kind: exprUnary, op: "NOT", args: []*sqlExpr{e}}, nil
		})
	case "desc", "asc":
		return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			e, ok := toExpr(a.Pos[0].Value)
			if !ok {
				return nil, interp.Errorf(a.Pos[0].Loc, "%s(): Retort cannot turn %s into SQL", name, interp.Describe(a.Pos[0].Value))
			}
			return &sqlExpr{kind: exprPostfix, op: strings.ToUpper(name), args: []*sqlExpr{e}}, nil
		})
	case "cast", "type_coerce":
		return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			if len(a.Pos) != 2 {
				return nil, interp.NewError("TypeError", "%s() takes an expression and a type", name)
			}
			e, ok := toExpr(a.Pos[0].Value)
			if !ok {
				return nil, interp.Errorf(a.Pos[0].Loc, "%s(): Retort cannot turn %s into SQL", name, interp.Describe(a.Pos[0].Value))
			}
			t, err := asTypeValue(in, a.Pos[1])
			if err != nil {
				return nil, err
			}
			if name == "type_coerce" {
				return e, nil
			}
			return &sqlExpr{kind: exprCast, args: []*sqlExpr{e}, typ: t}, nil
		})
	case "bindparam":
		return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			e := &sqlExpr{kind: exprBind, value: interp.None}
			if len(a.Pos) > 0 {
				if s, ok := a.Pos[0].Value.(interp.Str); ok {
					e.text = string(s)
				}
			}
			if len(a.Pos) > 1 {
				e.value = a.Pos[1].Value
			} else if v, ok := a.Kwarg("value"); ok {
				e.value = v.Value
			}
			return e, nil
		})
	case "table", "column", "select", "insert", "update", "delete", "exists", "tuple_", "values":
		return l.statementBuilder(name)
	case "declarative_base":
		return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return l.makeDeclarativeBase(a), nil })
	case "DeclarativeBase", "DeclarativeBaseNoMeta":
		return l.declarativeBaseClass(name)
	case "MappedAsDataclass":
		return interp.NewClass(name, "sqlalchemy.orm", nil)
	case "registry":
		return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return l.makeRegistry(a), nil })
	case "as_declarative":
		return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return l.asDeclarative(a), nil })
	case "declared_attr":
		return declaredAttrDecorator
	case "relationship", "backref", "column_property", "synonym", "deferred", "composite",
		"association_proxy", "query_expression", "dynamic_loader", "validates",
		"with_polymorphic", "foreign", "remote", "relation", "reconstructor", "comparable_property",
		"object_session", "column_keyed_dict", "attribute_keyed_dict", "synonym_for", "aliased":
		return ormMarkerFactory(name)
	case "create_engine", "engine_from_config":
		return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return l.makeEngine(name, a) })
	case "Inspector": // sqlalchemy.engine.reflection.Inspector.from_engine(bind): inspect(bind)
		cls := interp.NewClass("Inspector", "sqlalchemy.engine.reflection", nil)
		inspect, _ := l.name("inspect")
		cls.Dict.Set("from_engine", &interp.StaticMethod{Func: inspect})
		return cls
	case "inspect":
		return l.builtin(name, func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			if len(a.Pos) != 1 {
				return nil, interp.NewError("TypeError", "inspect() takes one argument")
			}
			if l.opts.Inspect == nil {
				return nil, interp.Errorf(a.Loc, "Retort does not inspect a database here (inspect() in a models file)")
			}
			return l.opts.Inspect(in, a.Pos[0].Value)
		})
	case "exc":
		return l.exc
	case "pool":
		return &interp.Opaque{What: "sqlalchemy.pool"}
	}
	return nil
}

// dialectName returns what a dialect module (sqlalchemy.dialects.postgresql)
// exports: its own types, then sqlalchemy's names.
func (l *Lib) dialectName(dialect, name string) (interp.Value, bool) {
	key := dialect + "." + name
	if c, ok := l.dialectTypes[key]; ok {
		return c, true
	}
	if specs, ok := dialectTypeSpecs[dialect]; ok {
		if spec, ok := specs[name]; ok {
			c := l.newTypeClass(name, dialect, spec)
			l.dialectTypes[key] = c
			return c, true
		}
	}
	if _, ok := typeSpecs[name]; ok {
		// The dialect's own class of a standard SQL type (postgresql.INTEGER):
		// the same type.
		return nil, false
	}
	if name != "" && name == strings.ToUpper(name) && name[0] >= 'A' && name[0] <= 'Z' {
		// Any other uppercase name is a dialect type (mysql.TINYINT,
		// postgresql.INET): taken as written.
		c := l.newTypeClass(name, dialect, anySpec)
		l.dialectTypes[key] = c
		return c, true
	}
	switch name {
	case "insert":
		return l.statementBuilder("insert"), true
	case "dialect", "base", "pysqlite", "psycopg2", "asyncpg", "pymysql", "mysqldb", "aiosqlite":
		return &interp.Opaque{What: "sqlalchemy.dialects." + dialect + "." + name}, true
	}
	return nil, false
}

func (l *Lib) makeText(a *interp.Args, literal bool) (interp.Value, error) {
	fn := "text"
	if literal {
		fn = "literal_column"
	}
	b, _, ok := l.bindArgs(a, fn, []string{"text"}, []string{"type_"}, "", nil)
	if !ok {
		return interp.Poison{}, nil
	}
	t := b.get("text")
	if t == nil {
		l.in.Report(a.Loc, "%s() missing 1 required positional argument: 'text'", fn)
		return interp.Poison{}, nil
	}
	s, _, ok := l.wantStr(*t, fn+"() text", false)
	if !ok {
		return interp.Poison{}, nil
	}
	kind := exprText
	if literal {
		kind = exprLiteral
	}
	return &textExpr{sqlExpr: sqlExpr{kind: kind, text: s}}, nil
}

// textExpr is text(...): a SQL expression that can also take bound values
// (text("...").bindparams(x=1)).
type textExpr struct {
	sqlExpr
	params *interp.Dict
}

// GetAttr implements interp.Attrs.
func (t *textExpr) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	switch name {
	case "bindparams":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			out := &textExpr{sqlExpr: t.sqlExpr, params: interp.NewDict()}
			if t.params != nil {
				out.params = t.params.Copy()
			}
			for _, kw := range a.Kw {
				out.params.SetStr(kw.Name, kw.Value)
			}
			for _, p := range a.Pos {
				if e, ok := p.Value.(*sqlExpr); ok && e.kind == exprBind {
					out.params.SetStr(e.text, e.value)
				}
			}
			return out, nil
		}}, nil
	case "columns", "execution_options":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return t, nil }}, nil
	case "text":
		return interp.Str(t.text), nil
	}
	return t.sqlExpr.GetAttr(in, name)
}

// Text returns a text() construct's SQL and bound values (nil when none).
func (t *textExpr) Text() (string, *interp.Dict) { return t.text, t.params }

// ormMarker is what relationship(), backref(), column_property(), hybrid
// properties and the like give: no schema effect.
type ormMarker struct{ what string }

var ormMarkerClass = interp.NewClass("_ORMConstruct", "sqlalchemy.orm", nil)

func (o *ormMarker) PyClass() *interp.Class { return ormMarkerClass }

// GetAttr implements interp.Attrs: @x.setter, @x.expression, ... keep the marker.
func (o *ormMarker) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return o, nil }}, nil
}

// Call implements interp.Callable (a marker used as a decorator).
func (o *ormMarker) Call(in *interp.Interp, a *interp.Args) (interp.Value, error) { return o, nil }

func ormMarkerFactory(name string) *interp.Builtin {
	return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
		return &ormMarker{what: name}, nil
	}}
}

// excModule is sqlalchemy.exc: exception classes scripts catch.
func (l *Lib) excModule() *interp.Module {
	m := interp.NewModule("sqlalchemy.exc")
	base := interp.NewClass("SQLAlchemyError", "sqlalchemy.exc", nil, interp.ExceptionClass)
	m.Set("SQLAlchemyError", base)
	add := func(name string, parent *interp.Class) *interp.Class {
		c := interp.NewClass(name, "sqlalchemy.exc", nil, parent)
		m.Set(name, c)
		return c
	}
	for _, n := range []string{"ArgumentError", "InvalidRequestError", "CompileError", "NoSuchTableError", "NoSuchColumnError", "NoReferencedTableError", "NoReferencedColumnError", "ResourceClosedError", "UnboundExecutionError", "NoInspectionAvailable"} {
		add(n, base)
	}
	dbapi := add("DBAPIError", base)
	stmt := add("StatementError", base)
	_ = stmt
	db := add("DatabaseError", dbapi)
	for _, n := range []string{"IntegrityError", "OperationalError", "ProgrammingError", "DataError", "InternalError", "NotSupportedError"} {
		add(n, db)
	}
	add("InterfaceError", dbapi)
	return m
}

// ExceptionClass returns sqlalchemy.exc's class of that name (OperationalError),
// for the runner to raise database errors as SQLAlchemy does.
func (l *Lib) ExceptionClass(name string) *interp.Class {
	v, _ := l.exc.Dict.Get(name)
	c, _ := v.(*interp.Class)
	return c
}

// keyArgs is a subscript's key as a list of type arguments.
func keyArgs(key interp.Value) []interp.Value {
	if t, ok := key.(*interp.Tuple); ok {
		return t.Items
	}
	return []interp.Value{key}
}
