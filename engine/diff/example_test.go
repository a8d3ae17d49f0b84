package diff_test

import (
	"fmt"

	"retort/engine/diff"
	"retort/engine/schema"
	"retort/engine/sqlite"
)

// The command's loop: compare, ask about each rename candidate, compare again
// with the confirmed renames, then print the log lines and write the script.
func Example() {
	db := &schema.MetaData{Tables: []*schema.Table{{
		Name: "users",
		Columns: []*schema.Column{
			{Name: "id", Type: schema.Type{Name: "INTEGER"}},
			{Name: "name", Type: schema.Type{Name: "VARCHAR", Args: []int{50}}, Nullable: true},
		},
		PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}},
	}}}
	models := &schema.MetaData{Tables: []*schema.Table{{
		Name: "users",
		Columns: []*schema.Column{
			{Name: "id", Type: schema.Type{Name: "Integer"}},
			{Name: "full_name", Type: schema.Type{Name: "String", Args: []int{50}}, Nullable: true},
			{Name: "age", Type: schema.Type{Name: "Integer"}},
		},
		PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}},
	}}}
	rows := counts{rows: map[string]int64{"users": 3}, nonNull: map[string]int64{"users.name": 3}}

	res, _ := diff.Compare(db, models, diff.Options{Dialect: sqlite.Autogen{}, Counter: rows})
	renames := map[string]string{}
	for _, r := range res.RenameCandidates {
		fmt.Println(r.Question(), "y")
		renames[r.Key()] = r.To
	}
	res, _ = diff.Compare(db, models, diff.Options{Dialect: sqlite.Autogen{}, Counter: rows, Renames: renames})
	for _, line := range res.Log {
		fmt.Printf("%-7s [%s] %s\n", line.Level, diff.Logger, line.Text)
	}
	// Output:
	// Was users.name renamed to users.full_name (a VARCHAR)? [y/N] y
	// INFO    [alembic.autogenerate.compare] Detected added column 'users.age'
	// WARNING [alembic.autogenerate.compare] Detected added column 'users.age' is NOT NULL without a server default and will fail on upgrade: the table has 3 rows; give the column a server_default
	// INFO    [alembic.autogenerate.compare] Detected renamed column 'users.name' to 'users.full_name'
}
