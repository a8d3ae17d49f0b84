package models

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"retort/engine/interp"
	"retort/engine/python"
	"retort/engine/schema"
)

// typeShape says how a SQLAlchemy type's arguments land in a schema.Type.
type typeShape int

const (
	shapePlain    typeShape = iota // no arguments that reach the schema
	shapeLength                    // (length, collation): Args [length]; collation goes to the column
	shapeBinary                    // (length): Args [length]
	shapeNumeric                   // (precision, scale): Args [precision] or [precision scale]
	shapeFloat                     // (precision): Args [precision]
	shapeTimezone                  // (timezone): Timezone
	shapeEnum                      // (*enums, name=...): Enum, EnumName
	shapeBoolean                   // (create_constraint, name)
	shapeArray                     // (item_type, ...): the item type
	shapeAny                       // a dialect type Retort does not model: every argument accepted
)

// typeSpec is the Python signature of one SQLAlchemy type class.
type typeSpec struct {
	shape typeShape
	// params are the parameters that may be given by position, in order.
	params []string
	// kwonly are the parameters that may only be given by keyword.
	kwonly []string
	// options are the keywords that go to schema.Type.Options when given a
	// value other than their default (SQLAlchemy's repr of the type, which
	// Alembic writes, shows them then): keyword -> the default's repr, ""
	// for a keyword kept whenever it is given.
	options map[string]string
}

var (
	// SQLAlchemy 1.x's String also took convert_unicode= and unicode_error=
	// (deprecated, accepted by 1.4, which old revision scripts still pass).
	lengthSpec   = typeSpec{shapeLength, []string{"length", "collation"}, []string{"convert_unicode", "unicode_error", "_warn_on_bytestring"}, nil}
	unicodeSpec  = typeSpec{shapeLength, []string{"length"}, []string{"collation", "convert_unicode", "unicode_error", "_warn_on_bytestring"}, nil}
	binarySpec   = typeSpec{shapeBinary, []string{"length"}, nil, nil}
	plainSpec    = typeSpec{shapePlain, nil, nil, nil}
	numericSpec  = typeSpec{shapeNumeric, []string{"precision", "scale", "decimal_return_scale", "asdecimal"}, nil, nil}
	floatSpec    = typeSpec{shapeFloat, []string{"precision", "asdecimal", "decimal_return_scale"}, nil, nil}
	timezoneSpec = typeSpec{shapeTimezone, []string{"timezone"}, nil, nil}
	// The SQLite dialect's own DATETIME, DATE and TIME take storage options too.
	sqliteDateSpec = typeSpec{shapeTimezone, []string{"timezone"}, []string{"storage_format", "regexp", "truncate_microseconds"}, nil}
	enumSpec       = typeSpec{shapeEnum, nil, []string{
		"name", "native_enum", "create_constraint", "length", "values_callable",
		"validate_strings", "schema", "metadata", "inherit_schema", "quote",
		"omit_aliases", "sort_key_function", "create_type",
	}, map[string]string{"create_constraint": "False", "inherit_schema": "False", "quote": "None", "create_type": "True"}}
	booleanSpec   = typeSpec{shapeBoolean, []string{"create_constraint", "name"}, nil, map[string]string{"create_constraint": "False", "name": "None"}}
	intervalSpec  = typeSpec{shapePlain, []string{"native", "second_precision", "day_precision"}, nil, map[string]string{"native": "True", "second_precision": "None", "day_precision": "None"}}
	jsonSpec      = typeSpec{shapePlain, []string{"none_as_null"}, []string{"astext_type"}, map[string]string{"none_as_null": "False"}}
	uuidSpec      = typeSpec{shapePlain, []string{"as_uuid", "native_uuid"}, nil, map[string]string{"as_uuid": "True", "native_uuid": "True"}}
	upperUUIDSpec = typeSpec{shapePlain, []string{"as_uuid"}, nil, map[string]string{"as_uuid": ""}}
	arraySpec     = typeSpec{shapeArray, []string{"item_type", "as_tuple", "dimensions", "zero_indexes"}, nil, map[string]string{"as_tuple": "False", "zero_indexes": "False"}}
	pickleSpec    = typeSpec{shapePlain, []string{"protocol", "pickler", "comparator", "impl"}, nil, nil}
	anySpec       = typeSpec{shape: shapeAny}
)

// typeSpecs maps each type name SQLAlchemy exports (sqlalchemy.X, sqlalchemy.types.X)
// to its signature. Its keys are schema.GenericTypes and schema.SQLTypes.
var typeSpecs = map[string]typeSpec{
	"BigInteger":   plainSpec,
	"Boolean":      booleanSpec,
	"Date":         plainSpec,
	"DateTime":     timezoneSpec,
	"Double":       floatSpec,
	"Enum":         enumSpec,
	"Float":        floatSpec,
	"Integer":      plainSpec,
	"Interval":     intervalSpec,
	"JSON":         jsonSpec,
	"LargeBinary":  binarySpec,
	"Numeric":      numericSpec,
	"SmallInteger": plainSpec,
	"String":       lengthSpec,
	"Text":         lengthSpec,
	"Time":         timezoneSpec,
	"Unicode":      unicodeSpec,
	"UnicodeText":  unicodeSpec,
	"Uuid":         uuidSpec,
	"PickleType":   pickleSpec,
	"ARRAY":        arraySpec,

	"BIGINT":           plainSpec,
	"BINARY":           binarySpec,
	"BLOB":             binarySpec,
	"BOOLEAN":          booleanSpec,
	"CHAR":             lengthSpec,
	"CLOB":             lengthSpec,
	"DATE":             plainSpec,
	"DATETIME":         timezoneSpec,
	"DECIMAL":          numericSpec,
	"DOUBLE":           floatSpec,
	"DOUBLE_PRECISION": floatSpec,
	"FLOAT":            floatSpec,
	"INT":              plainSpec,
	"INTEGER":          plainSpec,
	"NCHAR":            unicodeSpec,
	"NUMERIC":          numericSpec,
	"NVARCHAR":         unicodeSpec,
	"REAL":             floatSpec,
	"SMALLINT":         plainSpec,
	"TEXT":             lengthSpec,
	"TIME":             timezoneSpec,
	"TIMESTAMP":        timezoneSpec,
	"UUID":             upperUUIDSpec,
	"VARBINARY":        binarySpec,
	"VARCHAR":          lengthSpec,
}

// dialectTypeSpecs are the types a dialect module defines its own classes
// for (sqlalchemy.dialects.sqlite.DATETIME takes storage options); any other
// uppercase name of a dialect module is a type Retort takes as written.
var dialectTypeSpecs = map[string]map[string]typeSpec{
	"sqlite": {
		"DATETIME": sqliteDateSpec,
		"DATE":     {shapePlain, nil, []string{"storage_format", "regexp"}, nil},
		"TIME":     sqliteDateSpec,
	},
	"postgresql": {
		"UUID":      upperUUIDSpec,
		"JSONB":     jsonSpec,
		"JSON":      jsonSpec,
		"ARRAY":     arraySpec,
		"ENUM":      enumSpec,
		"TIMESTAMP": {shapeTimezone, []string{"timezone", "precision"}, nil, nil},
		"TIME":      {shapeTimezone, []string{"timezone", "precision"}, nil, nil},
		"INTERVAL":  {shapePlain, []string{"precision", "fields"}, nil, map[string]string{"precision": "None", "fields": "None"}},
		"BYTEA":     binarySpec,
	},
	"mysql": {
		"ENUM": enumSpec,
	},
}

// typeNames lists every known type name, sorted, for suggestions.
var typeNames = func() []string {
	names := make([]string, 0, len(typeSpecs))
	for n := range typeSpecs {
		names = append(names, n)
	}
	// Generic names first: a misspelt "Strng" should suggest String, not STRING-ish SQL names.
	sort.Slice(names, func(i, j int) bool {
		gi, gj := schema.Type{Name: names[i]}.Generic(), schema.Type{Name: names[j]}.Generic()
		if gi != gj {
			return gi
		}
		return names[i] < names[j]
	})
	return names
}()

// annotationTypes is SQLAlchemy's default type_annotation_map: the Python type
// of a Mapped[...] annotation -> the SQL type's name. enum.Enum subclasses and
// typing.Literal are handled apart (they become Enum).
var annotationTypes = map[*interp.Class]string{
	interp.IntClass:       "Integer",
	interp.StrClass:       "String",
	interp.FloatClass:     "Float",
	interp.BoolClass:      "Boolean",
	interp.BytesClass:     "LargeBinary",
	interp.DatetimeClass:  "DateTime",
	interp.DateClass:      "Date",
	interp.TimeClass:      "Time",
	interp.TimedeltaClass: "Interval",
	interp.DecimalClass:   "Numeric",
	interp.UUIDClass:      "Uuid",
}

// typeClassInfo is what a SQLAlchemy type class is.
type typeClassInfo struct {
	name    string
	spec    typeSpec
	dialect string // "" for sqlalchemy's own types
	// decorator is set for TypeDecorator (and its subclasses).
	decorator bool
	// sql, when set, is the SQL type the class stands for (sqlmodel's
	// AutoString is a String) and pyClass its dotted path.
	sql     schema.Type
	pyClass string
}

// typeObj is an instance of a SQLAlchemy type: String(50), Integer(), a
// TypeDecorator subclass's instance.
type typeObj struct {
	cls              *interp.Class
	t                schema.Type
	collation        string
	createConstraint bool
	constraintName   string
	// enumClass is an Enum's enum class (enum.Enum itself for the generic
	// Enum(enum.Enum) of a type_annotation_map), valuesCallable its
	// values_callable=, enumNamed whether name= was given.
	enumClass      *interp.Class
	valuesCallable interp.Value
	enumNamed      bool
	// variants are with_variant()'s types, in the order given.
	variants []typeVariant
	// impl is a TypeDecorator's underlying type.
	impl *typeObj
	// attrs are attributes a TypeDecorator's __init__ set (self.x = ...).
	attrs *interp.Namespace
	loc   interp.Loc
}

// PyClass implements interp.Object.
func (t *typeObj) PyClass() *interp.Class { return t.cls }

// HashKey implements interp.Hasher.
func (t *typeObj) HashKey() (any, error) { return t, nil }

// GetAttr implements interp.Attrs.
func (t *typeObj) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	if t.attrs != nil {
		if v, ok := t.attrs.Get(name); ok {
			return v, nil
		}
	}
	switch name {
	case "create", "drop":
		// Enum(..., name='x').create(bind, checkfirst=...): PostgreSQL's
		// CREATE TYPE; nothing on SQLite.
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			var bind interp.Value = interp.None
			if len(a.Pos) > 0 {
				bind = a.Pos[0].Value
			} else if k, ok := a.Kwarg("bind"); ok {
				bind = k.Value
			}
			checkfirst := name == "create"
			if k, ok := a.Kwarg("checkfirst"); ok {
				checkfirst, _ = in.Truth(k.Value)
			}
			l := lib(in)
			if l.opts.TypeDDL == nil {
				return interp.None, nil
			}
			return interp.None, l.opts.TypeDDL(in, bind, t.t, name == "create", checkfirst)
		}}, nil
	case "with_variant":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			if len(a.Pos) < 2 {
				return nil, interp.NewError("TypeError", "with_variant() takes a type and a dialect name")
			}
			vt, err := asTypeValue(in, a.Pos[0])
			if err != nil {
				return nil, err
			}
			out := t.clone()
			names := []interp.Value{a.Pos[1].Value}
			if tup, ok := a.Pos[1].Value.(*interp.Tuple); ok {
				names = tup.Items
			}
			for _, n := range names {
				s, ok := n.(interp.Str)
				if !ok {
					return nil, interp.Errorf(a.Pos[1].Loc, "with_variant()'s dialect name must be a string, not %s", interp.Describe(n))
				}
				out.variants = slices.DeleteFunc(out.variants, func(v typeVariant) bool { return v.dialect == string(s) })
				out.variants = append(out.variants, typeVariant{string(s), vt})
			}
			return out, nil
		}}, nil
	case "length":
		if len(t.t.Args) > 0 && t.lengthShaped() {
			return interp.Int(t.t.Args[0]), nil
		}
		return interp.None, nil
	case "impl":
		if t.impl != nil {
			return t.impl, nil
		}
	case "python_type":
		return &interp.Opaque{What: t.cls.Name + ".python_type"}, nil
	case "evaluates_none", "copy":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) { return t, nil }}, nil
	case "comparator_factory", "cache_ok", "hashable":
		return &interp.Opaque{What: t.cls.Name + "." + name}, nil
	case "enums":
		items := make([]interp.Value, len(t.t.Enum))
		for i, e := range t.t.Enum {
			items[i] = interp.Str(e)
		}
		return interp.NewList(items...), nil
	case "name":
		if t.t.EnumName != "" {
			return interp.Str(t.t.EnumName), nil
		}
	case "timezone":
		return interp.Bool(t.t.Timezone), nil
	}
	if v, owner, ok := t.cls.Lookup(name); ok {
		if fn, isFunc := v.(*interp.Func); isFunc {
			return &interp.Method{Self: t, Func: fn}, nil
		}
		_ = owner
		return v, nil
	}
	return nil, nil
}

// SetAttr implements interp.AttrSetter: a TypeDecorator's __init__ sets its
// own attributes (self.impl = String(length) among them).
func (t *typeObj) SetAttr(in *interp.Interp, name string, v interp.Value) error {
	if name == "impl" {
		it, err := asTypeValue(in, interp.Arg{Value: v})
		if err != nil {
			return err
		}
		t.impl = it
		t.t = it.t.Clone()
		t.collation = it.collation
		return nil
	}
	if t.attrs == nil {
		t.attrs = interp.NewNamespace()
	}
	t.attrs.Set(name, v)
	return nil
}

// Repr implements interp.Reprer (as SQLAlchemy's util.generic_repr, roughly).
func (t *typeObj) Repr(in *interp.Interp) (string, error) {
	return t.cls.Name + "()", nil
}

func (t *typeObj) lengthShaped() bool {
	info := typeInfo(t.cls)
	return info != nil && (info.spec.shape == shapeLength || info.spec.shape == shapeBinary)
}

func (t *typeObj) clone() *typeObj {
	out := *t
	out.t = t.t.Clone()
	out.variants = slices.Clone(t.variants)
	return &out
}

// typeVariant is one with_variant(type, dialect).
type typeVariant struct {
	dialect string
	typ     *typeObj
}

// forDialect is the type a dialect sees: with_variant's for it, or this one.
func (t *typeObj) forDialect(dialect string) *typeObj {
	for _, v := range t.variants {
		if v.dialect == dialect {
			return v.typ
		}
	}
	return t
}

// schemaType is the column type a dialect gets, and its collation: the
// variant for the dialect, if any, which then names the type it varies
// (schema.Type.VariantOf).
func (t *typeObj) schemaType(dialect string) (schema.Type, string) {
	d := t.forDialect(dialect)
	out := d.t.Clone()
	if len(t.variants) > 0 {
		base := t.t.Clone()
		for _, v := range t.variants {
			vt, _ := v.typ.schemaType(dialect)
			base.Variants = append(base.Variants, schema.Variant{Dialect: v.dialect, Type: vt})
		}
		out.VariantOf = &base
	}
	return out, d.collation
}

// typeInfo returns what the type class (or the SQLAlchemy class it derives
// from) is, nil for a class that is not a type.
func typeInfo(c *interp.Class) *typeClassInfo {
	for _, k := range c.MRO {
		if info, ok := k.Data.(*typeClassInfo); ok {
			return info
		}
	}
	return nil
}

// newTypeClass makes a SQLAlchemy type class.
func (l *Lib) newTypeClass(name, dialect string, spec typeSpec, bases ...*interp.Class) *interp.Class {
	module := "sqlalchemy.sql.sqltypes"
	if dialect != "" {
		module = "sqlalchemy.dialects." + dialect
	}
	if len(bases) == 0 {
		bases = []*interp.Class{l.typeEngine}
	}
	c := interp.NewClass(name, module, nil, bases...)
	c.Data = &typeClassInfo{name: name, spec: spec, dialect: dialect}
	return c
}

// newType is a type class's constructor (TypeEngine's New, found along the
// MRO of any type class or user subclass).
func (l *Lib) newType(in *interp.Interp, cls *interp.Class, a *interp.Args) (interp.Value, error) {
	info := typeInfo(cls)
	if info == nil {
		return nil, interp.NewError("TypeError", "%s is not a column type", cls.Name)
	}
	if info.decorator {
		return l.newDecorated(in, cls, a)
	}
	t, ok := l.makeType(in, cls, info, a)
	if !ok {
		return interp.Poison{}, nil
	}
	// A Python subclass's __init__ (class MyString(String): def __init__...).
	if init, owner, found := cls.Lookup("__init__"); found && owner.Data == nil {
		if _, err := in.Call(&interp.Method{Self: t, Func: init}, a); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// makeType builds a type from a call of a SQLAlchemy type class.
func (l *Lib) makeType(in *interp.Interp, cls *interp.Class, info *typeClassInfo, a *interp.Args) (*typeObj, bool) {
	name := info.name
	t := &typeObj{cls: cls, t: schema.Type{Name: name}, loc: a.Loc}
	if info.dialect != "" {
		t.t.Dialect = info.dialect
	}
	if info.pyClass != "" {
		defer func() {
			args := t.t.Args
			t.t = info.sql.Clone()
			if len(args) > 0 {
				t.t.Args = args
			}
			t.t.Options = reprKeywords(t)
			t.t.Class = info.pyClass
		}()
	}
	spec := info.spec
	if spec.shape == shapeAny {
		for _, p := range a.Pos {
			if n, ok := p.Value.(interp.Int); ok && n >= 0 && n < 1<<31 {
				t.t.Args = append(t.t.Args, int(n))
			}
		}
		return t, true
	}
	variadic := ""
	if spec.shape == shapeEnum {
		variadic = "enums"
	}
	b, rest, ok := l.bindArgs(a, name, spec.params, spec.kwonly, variadic, nil)
	if !ok {
		return nil, false
	}
	switch spec.shape {
	case shapeLength, shapeBinary:
		if a := b.get("length"); a != nil {
			n, none, ok := l.wantInt(*a, name, " length", true)
			if !ok {
				return nil, false
			}
			if !none {
				t.t.Args = []int{n}
			}
		}
		if a := b.get("collation"); a != nil {
			s, _, ok := l.wantStr(*a, "collation", true)
			if !ok {
				return nil, false
			}
			t.collation = s
		}
	case shapeNumeric, shapeFloat:
		if a := b.get("precision"); a != nil {
			n, none, ok := l.wantInt(*a, name, " precision", true)
			if !ok {
				return nil, false
			}
			if !none {
				t.t.Args = []int{n}
			}
		}
		if a := b.get("scale"); a != nil {
			n, none, ok := l.wantInt(*a, name, " scale", true)
			if !ok {
				return nil, false
			}
			if !none && len(t.t.Args) == 1 {
				t.t.Args = append(t.t.Args, n)
			}
		}
	case shapeTimezone:
		if a := b.get("timezone"); a != nil {
			tz, ok := l.wantBool(*a, "timezone")
			if !ok {
				return nil, false
			}
			t.t.Timezone = tz
		}
		if a := b.get("precision"); a != nil {
			// postgresql.TIMESTAMP(precision=3), TIME(precision=...).
			n, none, ok := l.wantInt(*a, t.t.Name, " precision", true)
			if !ok {
				return nil, false
			}
			if !none {
				t.t.Args = []int{n}
			}
		}
	case shapeBoolean:
		if a := b.get("create_constraint"); a != nil {
			cc, ok := l.wantBool(*a, "create_constraint")
			if !ok {
				return nil, false
			}
			t.createConstraint = cc
		}
		if a := b.get("name"); a != nil {
			s, _, ok := l.wantStr(*a, "name", true)
			if !ok {
				return nil, false
			}
			t.constraintName = s
		}
	case shapeArray:
		a := b.get("item_type")
		if a == nil {
			l.in.Report(t.loc, "ARRAY() missing 1 required positional argument: 'item_type'")
			return nil, false
		}
		it, err := asTypeValue(in, *a)
		if err != nil {
			l.report(err)
			return nil, false
		}
		item := it.t.Clone()
		t.t.Item = &item
		if d := b.get("dimensions"); d != nil {
			n, none, ok := l.wantInt(*d, "ARRAY", " dimensions", true)
			if !ok {
				return nil, false
			}
			if !none {
				t.t.Dimensions = n
			}
		}
	case shapeEnum:
		if !l.enumValues(t, rest, b) {
			return nil, false
		}
	}
	return t, l.typeOptions(t, spec, b)
}

// typeOptions records the keywords of spec.options given a value other than
// their default in the type's Options, as the Python source of the value.
func (l *Lib) typeOptions(t *typeObj, spec typeSpec, b binding) bool {
	for _, ba := range b {
		def, ok := spec.options[ba.name]
		if !ok {
			continue
		}
		v := l.val(*ba.a)
		if silent(v) {
			return false
		}
		src, err := l.in.Repr(v)
		if err != nil {
			l.report(err)
			return false
		}
		if src == def {
			continue
		}
		if t.t.Options == nil {
			t.t.Options = map[string]string{}
		}
		t.t.Options[ba.name] = src
	}
	return true
}

// enumValues fills an Enum type from its arguments: string labels, or one enum
// class (whose member names SQLAlchemy stores, and whose lowercased name is the
// type's name unless name= says otherwise).
func (l *Lib) enumValues(t *typeObj, rest []interp.Arg, b binding) bool {
	var class *interp.Class
	for i, a := range rest {
		switch v := l.val(a).(type) {
		case interp.Str:
			t.t.Enum = append(t.t.Enum, string(v))
		case *interp.Class:
			if !v.IsSubclass(interp.EnumClass) || i > 0 || len(rest) > 1 {
				l.in.Report(a.Loc, "Enum() takes string labels or one enum.Enum class, not %s", interp.Describe(v))
				return false
			}
			class = v
		case interp.Poison:
			return false
		default:
			l.in.Report(a.Loc, "Enum() takes string labels or one enum.Enum class, not %s", interp.Describe(v))
			return false
		}
	}
	if a := b.get("values_callable"); a != nil && a.Value != interp.None {
		t.valuesCallable = a.Value
	}
	if class != nil {
		t.enumClass = class
		values, err := l.enumClassValues(class, t.valuesCallable)
		if err != nil {
			l.report(err)
			return false
		}
		t.t.Enum = values
		// An enum class names the type, unless it has no members (the
		// generic Enum(enum.Enum) of a type_annotation_map).
		if len(values) > 0 {
			t.t.EnumName = strings.ToLower(class.Name)
		}
	}
	if a := b.get("name"); a != nil {
		s, none, ok := l.wantStr(*a, "Enum name", true)
		if !ok {
			return false
		}
		if none {
			t.t.EnumName = "" // name=None: no name, even from the enum class
		} else {
			t.t.EnumName, t.enumNamed = s, true
		}
	}
	if a := b.get("create_constraint"); a != nil {
		cc, ok := l.wantBool(*a, "create_constraint")
		if !ok {
			return false
		}
		t.createConstraint = cc
	}
	if a := b.get("native_enum"); a != nil {
		ne, ok := l.wantBool(*a, "native_enum")
		if !ok {
			return false
		}
		t.t.NonNative = !ne
	}
	if a := b.get("schema"); a != nil {
		s, none, ok := l.wantStr(*a, "Enum schema", true)
		if !ok {
			return false
		}
		if !none {
			t.t.Schema = s
		}
	}
	// length= is the VARCHAR's length (SQLAlchemy 2.0; 1.4 ignored it unless
	// native_enum=False): at least the longest value's.
	if a := b.get("length"); a != nil {
		n, none, ok := l.wantInt(*a, "Enum", " length", true)
		if !ok {
			return false
		}
		if !none {
			longest := 0
			for _, v := range t.t.Enum {
				longest = max(longest, len([]rune(v)))
			}
			if n < longest {
				l.in.Report(a.Loc, "When provided, length must be larger or equal than the length of the longest enum value. %d < %d", n, longest)
				return false
			}
			if n != longest {
				t.t.EnumLength = n
			}
		}
	}
	return true
}

// reprKeywords are the keywords SQLAlchemy's repr of a type shows (its
// numbers by their parameters' names, timezone, collation, its options), as
// Python source: what a TypeDecorator over it is written with.
func reprKeywords(t *typeObj) map[string]string {
	out := map[string]string{}
	if info := typeInfo(t.cls); info != nil {
		var names []string
		switch info.spec.shape {
		case shapeLength, shapeBinary:
			names = []string{"length"}
		case shapeNumeric:
			names = []string{"precision", "scale"}
		case shapeFloat:
			names = []string{"precision"}
		}
		for i, a := range t.t.Args {
			if i < len(names) {
				out[names[i]] = strconv.Itoa(a)
			}
		}
	}
	if t.t.Timezone {
		out["timezone"] = "True"
	}
	if t.collation != "" {
		out["collation"] = python.Quote(t.collation)
	}
	for k, v := range t.t.Options {
		out[k] = v
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// enumClassValues are the values an Enum of an enum class stores: its
// members' names, or what values_callable returns for the class.
func (l *Lib) enumClassValues(class *interp.Class, valuesCallable interp.Value) ([]string, error) {
	var out []string
	if valuesCallable == nil {
		for _, m := range interp.EnumMembers(class) {
			out = append(out, m.Name)
		}
		return out, nil
	}
	r, err := l.in.Call(valuesCallable, interp.Values(class))
	if err != nil {
		return nil, err
	}
	items, err := l.in.List(r)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		s, err := l.in.Str(it)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// newDecorated makes an instance of a TypeDecorator subclass: the schema
// type is its impl's (or, when the class defines load_dialect_impl, the one
// that returns for the dialect in use), as SQLAlchemy's DDL compiler takes it.
func (l *Lib) newDecorated(in *interp.Interp, cls *interp.Class, a *interp.Args) (interp.Value, error) {
	t := &typeObj{cls: cls, loc: a.Loc}
	if init, owner, found := cls.Lookup("__init__"); found && owner.Data == nil {
		if _, err := in.Call(&interp.Method{Self: t, Func: init}, a); err != nil {
			return nil, err
		}
	} else if err := l.decoratorInit(in, t, a); err != nil {
		return nil, err
	}
	if t.impl == nil {
		return nil, interp.Errorf(a.Loc, "TypeDecorator %s has no impl: give the class impl = a type such as String", cls.Name)
	}
	defer func() {
		// Its repr, which Alembic writes, shows its impl's keywords.
		t.t.Options = reprKeywords(t.impl)
		t.t.Class = cls.Module + "." + cls.Name
	}()
	if ldi, owner, found := cls.Lookup("load_dialect_impl"); found && owner.Data == nil {
		r, err := in.Call(&interp.Method{Self: t, Func: ldi}, interp.Values(l.dialectObj()))
		if err != nil {
			return nil, err
		}
		it, err := asTypeValue(in, interp.Arg{Value: r, Loc: a.Loc})
		if err != nil {
			return nil, err
		}
		t.t, t.collation = it.t.Clone(), it.collation
		return t, nil
	}
	t.t, t.collation = t.impl.t.Clone(), t.impl.collation
	return t, nil
}

// decoratorInit is TypeDecorator.__init__: the impl class made with the
// arguments given.
func (l *Lib) decoratorInit(in *interp.Interp, t *typeObj, a *interp.Args) error {
	implv, _, ok := t.cls.Lookup("impl")
	if !ok {
		return nil
	}
	switch iv := implv.(type) {
	case *interp.Class:
		v, err := in.Call(iv, a)
		if err != nil {
			return err
		}
		it, err := asTypeValue(in, interp.Arg{Value: v, Loc: a.Loc})
		if err != nil {
			return err
		}
		t.impl = it
	case *typeObj:
		t.impl = iv
	default:
		return interp.Errorf(t.cls.Loc, "TypeDecorator %s's impl must be a type such as String, not %s", t.cls.Name, interp.Describe(implv))
	}
	return nil
}

// dialectObj is the Dialect object a TypeDecorator's load_dialect_impl gets.
func (l *Lib) dialectObj() *dialectValue { return &dialectValue{name: l.opts.Dialect} }

// dialectValue is a SQLAlchemy Dialect, as code that checks dialect.name sees it.
type dialectValue struct{ name string }

var dialectClass = interp.NewClass("Dialect", "sqlalchemy.engine.interfaces", nil)

func (d *dialectValue) PyClass() *interp.Class { return dialectClass }

func (d *dialectValue) GetAttr(in *interp.Interp, name string) (interp.Value, error) {
	switch name {
	case "name", "driver":
		if name == "driver" {
			return interp.Str(map[string]string{"sqlite": "pysqlite", "postgresql": "psycopg2"}[d.name]), nil
		}
		return interp.Str(d.name), nil
	case "type_descriptor":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			if len(a.Pos) != 1 {
				return nil, interp.NewError("TypeError", "type_descriptor() takes one type")
			}
			return a.Pos[0].Value, nil
		}}, nil
	case "server_version_info":
		if d.name == "sqlite" {
			return interp.NewTuple(interp.Int(3), interp.Int(40), interp.Int(0)), nil
		}
		return interp.NewTuple(interp.Int(15), interp.Int(0)), nil
	case "supports_alter", "supports_native_enum", "supports_native_boolean":
		return interp.Bool(d.name != "sqlite"), nil
	}
	return &interp.Opaque{What: "dialect." + name}, nil
}

// asTypeValue reads a value that must be a column type: a type instance, or a
// type class given without a call (Integer), which is its instance with no
// arguments.
func asTypeValue(in *interp.Interp, a interp.Arg) (*typeObj, error) {
	switch v := a.Value.(type) {
	case *typeObj:
		return v, nil
	case *interp.Class:
		if typeInfo(v) != nil {
			r, err := in.Call(v, &interp.Args{Loc: a.Loc})
			if err != nil {
				return nil, err
			}
			if t, ok := r.(*typeObj); ok {
				return t, nil
			}
			return nil, interp.Reported()
		}
	case interp.Poison:
		return nil, interp.Reported()
	case *interp.Undefined:
		interp.MarkHandled(v)
		return nil, interp.Errorf(v.Loc, "unknown column type '%s'%s", v.Name, didYouMean(v.Name, typeNames))
	}
	return nil, interp.Errorf(a.Loc, "expected a column type such as String(50), not %s", interp.Describe(a.Value))
}

// asType reads a column type argument: String(50), Integer, sa.Enum(Status).
// reported is true when a is a mistake that has been reported (a misspelt
// type). A value that is no type at all gives (nil, false).
func (l *Lib) asType(a interp.Arg) (t *typeObj, reported bool) {
	switch v := a.Value.(type) {
	case *typeObj:
		return v, false
	case *interp.Class:
		if typeInfo(v) != nil {
			if len(v.Bases) > 0 && v.Data != nil { // a SQLAlchemy class: Integer
				if t := l.bareTypes[v]; t != nil {
					return t, false
				}
			}
			r, err := l.in.Call(v, &interp.Args{Loc: a.Loc})
			if err != nil {
				l.report(err)
				return nil, true
			}
			t, ok := r.(*typeObj)
			if !ok {
				return nil, true
			}
			if v.Data != nil {
				l.bareTypes[v] = t
			}
			return t, false
		}
		if name, ok := annotationTypes[v]; ok {
			l.in.Report(a.Loc, "%s is a Python type, not a column type — did you mean %s?", a.Loc.Text(), name)
			return nil, true
		}
	case *interp.Undefined:
		if v.Handled {
			return nil, true
		}
		interp.MarkHandled(v)
		if strings.HasPrefix(v.Msg, "module 'sqlalchemy") || strings.Contains(v.Msg, "is not defined") {
			l.in.Report(v.Loc, "unknown column type '%s'%s", v.Name, didYouMean(v.Name, typeNames))
			return nil, true
		}
		l.in.Report(v.Loc, "%s", v.Msg)
		return nil, true
	case interp.Poison:
		return nil, true
	}
	return nil, false
}
