package models

import (
	"slices"
	"sort"

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
)

// typeSpec is the Python signature of one SQLAlchemy type class.
type typeSpec struct {
	shape typeShape
	// params are the parameters that may be given by position, in order.
	params []string
	// kwonly are the parameters that may only be given by keyword.
	kwonly []string
}

var (
	lengthSpec   = typeSpec{shapeLength, []string{"length", "collation"}, nil}
	unicodeSpec  = typeSpec{shapeLength, []string{"length"}, []string{"collation"}}
	binarySpec   = typeSpec{shapeBinary, []string{"length"}, nil}
	plainSpec    = typeSpec{shapePlain, nil, nil}
	numericSpec  = typeSpec{shapeNumeric, []string{"precision", "scale", "decimal_return_scale", "asdecimal"}, nil}
	floatSpec    = typeSpec{shapeFloat, []string{"precision", "asdecimal", "decimal_return_scale"}, nil}
	timezoneSpec = typeSpec{shapeTimezone, []string{"timezone"}, nil}
	// The SQLite dialect's own DATETIME, DATE and TIME take storage options too.
	sqliteDateSpec = typeSpec{shapeTimezone, []string{"timezone"}, []string{"storage_format", "regexp", "truncate_microseconds"}}
	enumSpec       = typeSpec{shapeEnum, nil, []string{
		"name", "native_enum", "create_constraint", "length", "values_callable",
		"validate_strings", "schema", "metadata", "inherit_schema", "quote",
		"omit_aliases", "sort_key_function",
	}}
	booleanSpec   = typeSpec{shapeBoolean, []string{"create_constraint", "name"}, nil}
	intervalSpec  = typeSpec{shapePlain, []string{"native", "second_precision", "day_precision"}, nil}
	jsonSpec      = typeSpec{shapePlain, []string{"none_as_null"}, nil}
	uuidSpec      = typeSpec{shapePlain, []string{"as_uuid", "native_uuid"}, nil}
	upperUUIDSpec = typeSpec{shapePlain, []string{"as_uuid"}, nil}
)

// typeSpecs maps each type name SQLAlchemy exports (sqlalchemy.X, sqlalchemy.types.X)
// to its signature. Its keys are exactly schema.GenericTypes and schema.SQLTypes.
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

// sqliteTypeSpecs overrides typeSpecs for the names sqlalchemy.dialects.sqlite
// defines its own classes for.
var sqliteTypeSpecs = map[string]typeSpec{
	"DATETIME": sqliteDateSpec,
	"DATE":     {shapePlain, nil, []string{"storage_format", "regexp"}},
	"TIME":     sqliteDateSpec,
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

// isTypeName reports whether name is a type SQLAlchemy exports.
func isTypeName(name string) bool {
	_, ok := typeSpecs[name]
	return ok
}

// annotationTypes is SQLAlchemy's default type_annotation_map: the Python type
// of a Mapped[...] annotation (by its canonical path) -> the SQL type's name.
// enum.Enum subclasses and typing.Literal are handled apart (they become Enum).
var annotationTypes = map[string]string{
	"builtins.int":       "Integer",
	"builtins.str":       "String",
	"builtins.float":     "Float",
	"builtins.bool":      "Boolean",
	"builtins.bytes":     "LargeBinary",
	"datetime.datetime":  "DateTime",
	"datetime.date":      "Date",
	"datetime.time":      "Time",
	"datetime.timedelta": "Interval",
	"decimal.Decimal":    "Numeric",
	"uuid.UUID":          "Uuid",
}

// integerAffinity reports whether the type is one of SQLAlchemy's Integer types
// (what SQLite's AUTOINCREMENT and INTEGER PRIMARY KEY need).
func integerAffinity(t schema.Type) bool {
	return slices.Contains([]string{"Integer", "SmallInteger", "BigInteger", "INTEGER", "INT", "SMALLINT", "BIGINT"}, t.Name)
}
