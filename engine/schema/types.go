package schema

import (
	"maps"
	"slices"
	"strings"
)

// Type is a column type as SQLAlchemy names it.
//
// Name is either SQLAlchemy's generic name as models write it (Integer, String,
// Numeric, …) or an uppercase SQL name as a live database reports it (INTEGER,
// VARCHAR, NUMERIC, …). Args are the numbers in parentheses, in SQL order:
// String(50) and VARCHAR(50) hold [50], Numeric(10, 2) holds [10 2].
type Type struct {
	Name     string
	Args     []int
	Timezone bool     // DateTime(timezone=True)
	Enum     []string // Enum values
	EnumName string   // Enum(name=...)
	// NonNative is Enum(native_enum=False): a VARCHAR (with a CHECK when
	// create_constraint=True) on every dialect; EnumLength is its length=.
	NonNative  bool
	EnumLength int
	// Dialect names the dialect module a dialect-specific type comes from
	// ("postgresql" for postgresql.UUID(), "mysql" for mysql.INTEGER()), ""
	// for SQLAlchemy's own types.
	Dialect string
	// Item is an ARRAY's element type.
	Item *Type
	// Class, for a type that is not SQLAlchemy's own (a TypeDecorator such
	// as sqlmodel's AutoString, a project's GUID), is its Python class's
	// dotted path, which autogenerate writes ("sqlmodel.sql.sqltypes.AutoString");
	// the other fields describe the SQL type it stands for (String, CHAR(32)).
	// Comparing and writing DDL ignore it.
	Class string
	// Dimensions is ARRAY(..., dimensions=N); 0 when not given.
	Dimensions int
	// Schema is a named type's schema: Enum(schema=...); "" is the default.
	Schema string
	// Options are the type's keyword arguments that neither Args nor the fields
	// above hold, keyword -> Python source of the value, e.g. "as_uuid": "True",
	// "create_type": "False", "fields": "'DAY'".
	// The dialects read the ones that change DDL (create_type, fields); the
	// others only travel from a script to its re-rendering. For a type with
	// a Class they are all the keywords its class is written with.
	Options map[string]string
	// VariantOf is set on the type a dialect gets from with_variant(): the
	// type with_variant() was called on, with every dialect's Variants.
	// sa.BigInteger().with_variant(sa.Integer(), "sqlite") is, on SQLite,
	// Integer with VariantOf BigInteger. Comparing and DDL use the variant;
	// autogenerate writes VariantOf.
	VariantOf *Type
	// Variants are with_variant()'s types, in the order given.
	Variants []Variant
}

// Variant is one with_variant(type, dialect).
type Variant struct {
	Dialect string
	Type    Type
}

// Clone returns a deep copy of the type.
func (t Type) Clone() Type {
	t.Args = slices.Clone(t.Args)
	t.Enum = slices.Clone(t.Enum)
	if t.Item != nil {
		item := t.Item.Clone()
		t.Item = &item
	}
	t.Options = maps.Clone(t.Options)
	if t.VariantOf != nil {
		v := t.VariantOf.Clone()
		t.VariantOf = &v
	}
	if t.Variants != nil {
		vs := make([]Variant, len(t.Variants))
		for i, v := range t.Variants {
			vs[i] = Variant{v.Dialect, v.Type.Clone()}
		}
		t.Variants = vs
	}
	return t
}

// IsZero reports whether the type is unset.
func (t Type) IsZero() bool { return t.Name == "" }

// Generic reports whether the type uses SQLAlchemy's generic (CamelCase) name
// rather than an uppercase SQL name.
func (t Type) Generic() bool { return t.Name != "" && t.Name != strings.ToUpper(t.Name) }

// GenericTypes lists SQLAlchemy's generic type names that Retort understands.
var GenericTypes = []string{
	"BigInteger", "Boolean", "Date", "DateTime", "Double", "Enum", "Float", "Integer",
	"Interval", "JSON", "LargeBinary", "Numeric", "SmallInteger", "String", "Text",
	"Time", "Unicode", "UnicodeText", "Uuid",
}

// SQLTypes lists the uppercase SQL type names SQLAlchemy exports (sa.VARCHAR, …).
var SQLTypes = []string{
	"BIGINT", "BINARY", "BLOB", "BOOLEAN", "CHAR", "CLOB", "DATE", "DATETIME", "DECIMAL",
	"DOUBLE", "DOUBLE_PRECISION", "FLOAT", "INT", "INTEGER", "JSON", "NCHAR", "NUMERIC",
	"NVARCHAR", "REAL", "SMALLINT", "TEXT", "TIME", "TIMESTAMP", "UUID", "VARBINARY", "VARCHAR",
}

// KnownType reports whether name is a type SQLAlchemy exports under that name.
func KnownType(name string) bool {
	return slices.Contains(GenericTypes, name) || slices.Contains(SQLTypes, name)
}
