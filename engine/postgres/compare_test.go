package postgres

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/diff"
	"retort/engine/schema"

	_ "retort/internal/golden" // go test ./... -update: every test binary takes the flag
)

// modelTypes are the model types of testdata/compare_type.txt, as the
// script and models packages give them.
var modelTypes = map[string]schema.Type{
	"sa.Integer()":                      ty("Integer"),
	"sa.BigInteger()":                   ty("BigInteger"),
	"sa.SmallInteger()":                 ty("SmallInteger"),
	"sa.String(length=50)":              ty("String", 50),
	"sa.String()":                       ty("String"),
	"sa.Unicode(length=50)":             ty("Unicode", 50),
	"sa.Text()":                         ty("Text"),
	"sa.CHAR(length=3)":                 ty("CHAR", 3),
	"sa.String(length=3)":               ty("String", 3),
	"sa.String(length=36)":              ty("String", 36),
	"sa.Numeric(precision=10, scale=2)": ty("Numeric", 10, 2),
	"sa.Numeric(precision=12, scale=2)": ty("Numeric", 12, 2),
	"sa.Numeric()":                      ty("Numeric"),
	"sa.DECIMAL(precision=5, scale=1)":  ty("DECIMAL", 5, 1),
	"sa.Float()":                        ty("Float"),
	"sa.Float(precision=53)":            ty("Float", 53),
	"sa.REAL()":                         ty("REAL"),
	"postgresql.DOUBLE_PRECISION()":     pgTy("DOUBLE_PRECISION"),
	"sa.Boolean()":                      ty("Boolean"),
	"sa.Date()":                         ty("Date"),
	"sa.DateTime()":                     ty("DateTime"),
	"sa.DateTime(timezone=True)":        {Name: "DateTime", Timezone: true},
	"postgresql.TIMESTAMP(timezone=True, precision=3)": {Name: "TIMESTAMP", Args: []int{3}, Timezone: true, Dialect: "postgresql"},
	"sa.Time()":                                             ty("Time"),
	"sa.Interval()":                                         ty("Interval"),
	"sa.LargeBinary()":                                      ty("LargeBinary"),
	"sa.JSON()":                                             ty("JSON"),
	"postgresql.JSONB()":                                    pgTy("JSONB"),
	"postgresql.UUID(as_uuid=True)":                         {Name: "UUID", Dialect: "postgresql", Options: map[string]string{"as_uuid": "True"}},
	"postgresql.INET()":                                     pgTy("INET"),
	"postgresql.ARRAY(sa.String())":                         arrayOf(ty("String"), 0),
	"postgresql.ARRAY(sa.Integer())":                        arrayOf(ty("Integer"), 0),
	"postgresql.ARRAY(sa.Integer(), dimensions=2)":          arrayOf(ty("Integer"), 2),
	"sa.Enum('happy', 'sad', name='mood')":                  enumTy("mood", "happy", "sad"),
	"sa.Enum('happy', 'sad', 'meh', name='mood')":           enumTy("mood", "happy", "sad", "meh"),
	"sa.Enum('happy', 'sad', name='feeling')":               enumTy("feeling", "happy", "sad"),
	"sa.Enum('gold', 'silver', name='tier', schema='shop')": {Name: "Enum", Enum: []string{"gold", "silver"}, EnumName: "tier", Schema: "shop"},
	"sa.Enum('happy', 'sad', name='mood', native_enum=False)": {Name: "Enum", Enum: []string{"happy", "sad"}, EnumName: "mood",
		NonNative: true},
}

// testEnums are record_compare.py's ENUMS.
var testEnums = []*schema.Enum{{Name: "mood", Values: []string{"happy", "sad"}}, {Schema: "shop", Name: "tier", Values: []string{"gold", "silver"}}}

// TestSameTypeMatchesAlembic checks Autogen.SameType, on a type read back
// with ReflectType, against the verdicts of the real Alembic's
// PostgresqlImpl.compare_type on the type SQLAlchemy reflects
// (testdata/compare_type.txt, recorded by testdata/record_compare.py).
func TestSameTypeMatchesAlembic(t *testing.T) {
	data, err := os.ReadFile("testdata/compare_type.txt")
	require.NoError(t, err)
	n := 0
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		require.Len(t, f, 3, "%q", line)
		model, ok := modelTypes[f[1]]
		require.True(t, ok, "no Go value for %s", f[1])
		db := ReflectType(f[0], testEnums)
		require.Equal(t, f[2] == "same", Autogen{}.SameType(db, model), "%s (read back as %+v) vs %s: Alembic says %s", f[0], db, f[1], f[2])
		n++
	}
	require.Greater(t, n, 40)
}

func TestReflectType(t *testing.T) {
	cases := []struct {
		format string
		want   schema.Type
	}{
		{"integer", schema.Type{Name: "INTEGER"}},
		{"character varying(50)", schema.Type{Name: "VARCHAR", Args: []int{50}}},
		{"character varying", schema.Type{Name: "VARCHAR"}},
		{"numeric(10,2)", schema.Type{Name: "NUMERIC", Args: []int{10, 2}}},
		{"double precision", pgTy("DOUBLE_PRECISION", 53)},
		{"timestamp(3) with time zone", schema.Type{Name: "TIMESTAMP", Args: []int{3}, Timezone: true, Dialect: "postgresql"}},
		{"time without time zone", schema.Type{Name: "TIME", Dialect: "postgresql"}},
		{"interval day", schema.Type{Name: "INTERVAL", Dialect: "postgresql", Options: map[string]string{"fields": "'DAY'"}}},
		{"character varying(5)[]", arrayOfReflected(schema.Type{Name: "VARCHAR", Args: []int{5}})},
		{"mood", schema.Type{Name: "ENUM", Enum: []string{"happy", "sad"}, EnumName: "mood", Dialect: "postgresql"}},
		{"shop.tier", schema.Type{Name: "ENUM", Enum: []string{"gold", "silver"}, EnumName: "tier", Schema: "shop", Dialect: "postgresql"}},
		{"citext", pgTy("CITEXT")},
	}
	for _, tc := range cases {
		require.Equal(t, tc.want, ReflectType(tc.format, testEnums), tc.format)
	}
}

func arrayOfReflected(item schema.Type) schema.Type {
	return schema.Type{Name: "ARRAY", Item: &item, Dialect: "postgresql"}
}

func TestSameDefault(t *testing.T) {
	users := &schema.Table{
		Name:       "users",
		Columns:    []*schema.Column{col("id", ty("Integer"), false), col("n", ty("Integer"), true)},
		PrimaryKey: pk("", "id"),
	}
	cases := []struct {
		db, model string
		typ       schema.Type
		same      bool
	}{
		{"'x'::character varying", "'x'", ty("String"), true},
		{"'x'::character varying", "'y'", ty("String"), false},
		{"now()", "CURRENT_TIMESTAMP", ty("DateTime"), true},
		{"now()", "(CURRENT_TIMESTAMP)", ty("DateTime"), true},
		{"CURRENT_TIMESTAMP", "now()", ty("DateTime"), true},
		{"false", "0", ty("Boolean"), true},
		{"true", "1", ty("Boolean"), true},
		{"true", "false", ty("Boolean"), false},
		{"true", "'t'", ty("Boolean"), true},
		{"0", "'0'", ty("Numeric", 10, 2), true},
		{"5", "'5'", ty("Integer"), true},
		{"5", "6", ty("Integer"), false},
		{"'0'::numeric", "0.0", ty("Numeric"), true},
		{"(0)::bigint", "0", ty("BigInteger"), true},
		{"'active'::account_status", "'active'", enumTy("account_status", "active"), true},
		{"'it''s'::text", "'it''s'", ty("Text"), true},
		{"lower('X'::text)", "lower('X')", ty("Text"), true},
		{"('a'::text || 'b'::text)", "'a' || 'b'", ty("Text"), true},
		{"(- (1)::numeric)", "-1", ty("Numeric"), false}, // an expression PostgreSQL wrote: compared as text
		{"'-1'::integer", "-1", ty("Integer"), true},
		{"'2020-01-01'::date", "'2020-01-01'", ty("Date"), true},
		{"'2020-01-01 00:00:00'::timestamp without time zone", "'2020-01-01 00:00:00'", ty("DateTime"), true},
		{"upper('x'::text)", "lower('x')", ty("Text"), false},
		{"", "'x'", ty("String"), false},
		{"'x'::character varying", "", ty("String"), false},
		{"", "", ty("String"), true},
	}
	for _, tc := range cases {
		dc := &schema.Column{Name: "n", Type: tc.typ, ServerDefault: tc.db}
		mc := &schema.Column{Name: "n", Type: tc.typ, ServerDefault: tc.model}
		require.Equal(t, tc.same, Autogen{}.SameDefault(users, dc, mc), "%q vs %q", tc.db, tc.model)
	}
	// The table's autoincrement column (SERIAL) has no default to compare.
	dc := &schema.Column{Name: "id", Type: ty("INTEGER"), ServerDefault: "nextval('users_id_seq'::regclass)"}
	require.True(t, Autogen{}.SameDefault(users, dc, users.Columns[0]))
}

// Autogen is what package diff takes as Options.Dialect.
var _ diff.Dialect = Autogen{}
