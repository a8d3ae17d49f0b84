package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"retort/engine/schema"
	"retort/engine/sqlite"
	"retort/engine/sqlite/sqlitetest"
	"retort/internal/golden"
)

// render writes a schema out as DDL, one statement a line-group.
func render(md *schema.MetaData) []string {
	var out []string
	for _, t := range md.Tables {
		out = append(out, strings.TrimSpace(sqlite.CreateTableSQL(t)))
		for _, ix := range t.Indexes {
			out = append(out, sqlite.CreateIndexSQL(t, ix))
		}
	}
	for _, v := range md.Views {
		out = append(out, v.SQL)
	}
	for _, tr := range md.Triggers {
		out = append(out, tr.SQL)
	}
	return out
}

func TestInspectRoundTrip(t *testing.T) {
	ctx := context.Background()
	in := golden.Read(t, "testdata/inspect.txtar")
	gold := &golden.Archive{Comment: "The DDL Retort writes for each schema of inspect.txtar, as Inspect read it back.\n"}
	for _, f := range in.Files {
		t.Run(f.Name, func(t *testing.T) {
			db := sqlitetest.Open(t)
			sqlitetest.Exec(t, db, f.Data)
			first := sqlitetest.Inspect(t, db)
			ddl := render(first)

			again := sqlitetest.Open(t)
			sqlitetest.Exec(t, again, "PRAGMA foreign_keys=OFF")
			for _, s := range ddl {
				_, err := again.Exec(ctx, s)
				require.NoError(t, err, "%s", s)
			}
			second := sqlitetest.Inspect(t, again)
			sqlitetest.RequireSameSchema(t, first, second)
			require.Equal(t, first, second, "read back field for field")
			gold.Files = append(gold.Files, golden.File{Name: f.Name, Data: strings.Join(ddl, ";\n") + ";\n"})
		})
	}
	path := "testdata/inspect.golden.txtar"
	if *golden.Update {
		require.NoError(t, os.WriteFile(path, gold.Format(), 0o644))
	}
	require.Equal(t, string(golden.Read(t, path).Format()), string(gold.Format()))
}

// Inspect reads what the pragmas and the CREATE statements say, field by field.
func TestInspectDetails(t *testing.T) {
	db := sqlitetest.Open(t)
	sqlitetest.Exec(t, db, golden.Read(t, "testdata/inspect.txtar").Files[2].Data) // table_constraints.sql
	md := sqlitetest.Inspect(t, db)
	child := md.Table("child")
	require.NotNil(t, child)
	require.Equal(t, &schema.PrimaryKey{Name: "pk_child", Columns: []string{"x", "y"}}, child.PrimaryKey)
	require.Equal(t, []*schema.ForeignKey{
		{Name: "fk_x", Columns: []string{"x"}, RefTable: "parent", RefColumns: []string{"a"}, OnDelete: "SET NULL", OnUpdate: "CASCADE"},
		{Name: "fk_zy", Columns: []string{"z", "y"}, RefTable: "parent", RefColumns: []string{"a", "b"}, Deferrable: "DEFERRABLE INITIALLY DEFERRED"},
	}, child.ForeignKeys)
	require.Equal(t, []*schema.Unique{{Name: "uq_yz", Columns: []string{"y", "z"}}, {Columns: []string{"x"}}}, child.Uniques)
	require.Equal(t, []*schema.Check{{SQL: "z > 0 OR z IS NULL"}}, child.Checks)
	require.Equal(t, []string{"parent", "child"}, []string{md.Tables[0].Name, md.Tables[1].Name}, "in creation order")

	db2 := sqlitetest.Open(t)
	sqlitetest.Exec(t, db2, `CREATE TABLE t (a VARCHAR(50), b NUMERIC(10, 2), c, d DOUBLE PRECISION)`)
	cols := sqlitetest.Inspect(t, db2).Table("t").Columns
	require.Equal(t, schema.Type{Name: "VARCHAR", Args: []int{50}}, cols[0].Type)
	require.Equal(t, schema.Type{Name: "NUMERIC", Args: []int{10, 2}}, cols[1].Type)
	require.Equal(t, schema.Type{}, cols[2].Type)
	require.Equal(t, schema.Type{Name: "DOUBLE PRECISION"}, cols[3].Type)
}

// Autogenerate reads the database before every revision: 200 tables must be
// quick, in a handful of queries.
func TestInspectManyTables(t *testing.T) {
	db := sqlitetest.Open(t)
	var script strings.Builder
	for i := range 200 {
		fmt.Fprintf(&script, `CREATE TABLE t%d (id INTEGER NOT NULL, name VARCHAR(50) NOT NULL DEFAULT '', parent_id INTEGER,
			PRIMARY KEY (id), UNIQUE (name), FOREIGN KEY (parent_id) REFERENCES t%d (id), CHECK (length(name) < 50));
			CREATE INDEX ix_t%d_parent ON t%d (parent_id);`, i, max(i-1, 0), i, i)
	}
	sqlitetest.Exec(t, db, script.String())
	start := time.Now()
	md := sqlitetest.Inspect(t, db)
	elapsed := time.Since(start)
	require.Len(t, md.Tables, 200)
	for _, tb := range md.Tables {
		require.Len(t, tb.Columns, 3)
		require.Len(t, tb.Indexes, 1)
		require.Len(t, tb.Uniques, 1)
		require.Len(t, tb.ForeignKeys, 1)
		require.Len(t, tb.Checks, 1)
	}
	t.Logf("Inspect of 200 tables: %v", elapsed)
}

// The pragma rows come back as quote()d fields joined by commas: names and
// defaults holding quotes, commas and NULL-looking text survive it.
func TestInspectQuotedNames(t *testing.T) {
	db := sqlitetest.Open(t)
	sqlitetest.Exec(t, db, `CREATE TABLE "p'a,r" ("i'd," INTEGER PRIMARY KEY, "NULL" TEXT UNIQUE);
		CREATE TABLE "c,h" (
			"x,'y'" INTEGER DEFAULT ',''', "NULL" TEXT DEFAULT 'NULL', "" INTEGER DEFAULT NULL, "a
b" VARCHAR(5) NOT NULL,
			FOREIGN KEY ("x,'y'") REFERENCES "p'a,r",
			FOREIGN KEY ("NULL") REFERENCES "p'a,r" ("NULL") ON DELETE CASCADE,
			UNIQUE ("x,'y'", "a
b"))`)
	md := sqlitetest.Inspect(t, db)
	p := md.Table("p'a,r")
	require.NotNil(t, p)
	require.Equal(t, &schema.PrimaryKey{Columns: []string{"i'd,"}}, p.PrimaryKey)
	require.Equal(t, []*schema.Unique{{Columns: []string{"NULL"}}}, p.Uniques)
	c := md.Table("c,h")
	require.NotNil(t, c)
	var got [][3]string
	for _, col := range c.Columns {
		got = append(got, [3]string{col.Name, col.ServerDefault, fmt.Sprint(col.Nullable)})
	}
	require.Equal(t, [][3]string{
		{"x,'y'", "','''", "true"},
		{"NULL", "'NULL'", "true"},
		{"", "NULL", "true"},
		{"a\nb", "", "false"},
	}, got)
	require.Nil(t, c.PrimaryKey)
	require.Equal(t, []*schema.ForeignKey{
		{Columns: []string{"x,'y'"}, RefTable: "p'a,r", RefColumns: []string{"i'd,"}},
		{Columns: []string{"NULL"}, RefTable: "p'a,r", RefColumns: []string{"NULL"}, OnDelete: "CASCADE"},
	}, c.ForeignKeys)
	require.Equal(t, []*schema.Unique{{Columns: []string{"x,'y'", "a\nb"}}}, c.Uniques)
}

// InspectTable reads each table as Inspect does.
func TestInspectTable(t *testing.T) {
	in := golden.Read(t, "testdata/inspect.txtar")
	for _, f := range in.Files {
		t.Run(f.Name, func(t *testing.T) {
			db := sqlitetest.Open(t)
			sqlitetest.Exec(t, db, string(f.Data))
			md := sqlitetest.Inspect(t, db)
			for _, want := range md.Tables {
				got, err := sqlite.InspectTable(context.Background(), db, strings.ToUpper(want.Name))
				require.NoError(t, err)
				require.Equal(t, want, got, want.Name)
			}
			got, err := sqlite.InspectTable(context.Background(), db, "no such table")
			require.NoError(t, err)
			require.Nil(t, got)
		})
	}
}

// TestInspectKeywordsAnyCase: Inspect reads foreign keys and UNIQUE
// constraints of tables it skips the pragmas for when their CREATE
// statement lacks the keyword: written in lower case, they are found.
func TestInspectKeywordsAnyCase(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	sqlitetest.Exec(t, db,
		`create table parent (id integer primary key, code text unique)`,
		`create table child (id integer primary key, parent_id integer references parent (id), a text, b text, unique (a, b))`,
		`create table plain (id integer primary key, note text)`)
	md, err := sqlite.Inspect(ctx, db)
	require.NoError(t, err)
	child := md.Table("child")
	require.Len(t, child.ForeignKeys, 1)
	require.Equal(t, "parent", child.ForeignKeys[0].RefTable)
	require.Len(t, child.Uniques, 1)
	require.Equal(t, []string{"a", "b"}, child.Uniques[0].Columns)
	require.Len(t, md.Table("parent").Uniques, 1)
	require.Empty(t, md.Table("plain").ForeignKeys)
	require.Empty(t, md.Table("plain").Uniques)
}

// TestInspectOddNames: the per-table pragmas get each table's name back as
// its bytes, whatever they are.
func TestInspectOddNames(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	names := []string{`a"b`, "ünï cödé", "x\xffy", "[brackets]", `back\slash`}
	for i, n := range names {
		sqlitetest.Exec(t, db, fmt.Sprintf(`CREATE TABLE %s (id INTEGER PRIMARY KEY, v%d TEXT UNIQUE, p INTEGER REFERENCES %s (id))`,
			sqlite.Quote(n), i, sqlite.Quote(names[0])))
	}
	md, err := sqlite.Inspect(ctx, db)
	require.NoError(t, err)
	require.Len(t, md.Tables, len(names))
	for i, n := range names {
		tb := md.Table(n)
		require.NotNil(t, tb, n)
		require.Equal(t, []string{"id", fmt.Sprintf("v%d", i), "p"}, []string{tb.Columns[0].Name, tb.Columns[1].Name, tb.Columns[2].Name}, n)
		require.Len(t, tb.ForeignKeys, 1, n)
		require.Equal(t, names[0], tb.ForeignKeys[0].RefTable, n)
		require.Len(t, tb.Uniques, 1, n)
	}
}
