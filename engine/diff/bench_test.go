package diff_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/diff"
	"retort/engine/schema"
	"retort/engine/sqlite"
	"retort/engine/sqlite/sqlitetest"
)

// benchModels is a model schema of n tables as package models builds it: an
// INTEGER primary key, an indexed NOT NULL string, a unique code, text, a
// numeric, a boolean and a timestamp with server defaults, and for odd tables
// a foreign key to the table before.
func benchModels(n int) *schema.MetaData {
	out := &schema.MetaData{}
	for i := range n {
		name := fmt.Sprintf("table_%d", i)
		t := &schema.Table{
			Name: name,
			Columns: []*schema.Column{
				{Name: "id", Type: schema.Type{Name: "Integer"}},
				{Name: "name", Type: schema.Type{Name: "String", Args: []int{100}}},
				{Name: "code", Type: schema.Type{Name: "String", Args: []int{20}}, Nullable: true},
				{Name: "body", Type: schema.Type{Name: "Text"}, Nullable: true},
				{Name: "price", Type: schema.Type{Name: "Numeric", Args: []int{10, 2}}, Nullable: true},
				{Name: "active", Type: schema.Type{Name: "Boolean"}, ServerDefault: "'1'"},
				{Name: "created", Type: schema.Type{Name: "DateTime"}, Nullable: true, ServerDefault: "(CURRENT_TIMESTAMP)"},
			},
			PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}},
			Indexes:    []*schema.Index{{Name: "ix_" + name + "_name", Table: name, Columns: []string{"name"}}},
			Uniques:    []*schema.Unique{{Columns: []string{"code"}}},
		}
		if i%2 == 1 {
			t.Columns = append(t.Columns, &schema.Column{Name: "parent_id", Type: schema.Type{Name: "Integer"}})
			t.ForeignKeys = []*schema.ForeignKey{{Columns: []string{"parent_id"}, RefTable: fmt.Sprintf("table_%d", i-1), RefColumns: []string{"id"}}}
		}
		out.Tables = append(out.Tables, t)
	}
	return out
}

// BenchmarkCompareAtHead200 compares a database already at head with its 200
// table models: nothing to change.
func BenchmarkCompareAtHead200(b *testing.B) {
	models := benchModels(200)
	db := sqlitetest.Open(b)
	for _, t := range models.Tables {
		sqlitetest.Exec(b, db, sqlite.CreateTableSQL(t))
		for _, ix := range t.Indexes {
			sqlitetest.Exec(b, db, sqlite.CreateIndexSQL(t, ix))
		}
	}
	live := sqlitetest.Inspect(b, db)
	for _, opts := range []diff.Options{{Dialect: sqlite.Autogen{}}, {Dialect: sqlite.Autogen{}, CompareServerDefault: true}} {
		res, err := diff.Compare(live, models, opts)
		require.NoError(b, err)
		require.Empty(b, res.Upgrade, "%v", res.Detected)
		require.Empty(b, res.Log)
		require.Empty(b, res.RenameCandidates)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := diff.Compare(live, models, diff.Options{Dialect: sqlite.Autogen{}}); err != nil {
			b.Fatal(err)
		}
	}
}
