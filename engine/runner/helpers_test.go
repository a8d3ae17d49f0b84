package runner

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/ops"
	"retort/engine/schema"
	"retort/engine/sqlite"
	"retort/engine/sqlite/sqlitetest"
)

// names are the fixture's table and column names: plain ones, or the SQL
// keywords and quotes that only quoting makes usable.
type names struct {
	users, id, name, email, bio, city, ixCity string
	posts, title, userID                      string
	audit, message                            string
	view, trigger                             string
}

var plainNames = names{
	users: "users", id: "id", name: "name", email: "email", bio: "bio", city: "city", ixCity: "ix_users_city",
	posts: "posts", title: "title", userID: "user_id",
	audit: "audit_log", message: "message",
	view: "user_names", trigger: "posts_touch",
}

var weirdNames = names{
	users: "order", id: "select", name: `we"ird`, email: "from", bio: "group", city: "where", ixCity: `ix "order" where`,
	posts: `we"ird`, title: "order", userID: "table",
	audit: "select", message: "values",
	view: "view", trigger: "trigger",
}

// fixture makes the database the op tests start from: users (indexed city),
// posts with an ON DELETE CASCADE foreign key to users, an audit table, a
// view over users and a trigger on posts, all holding rows, foreign keys on.
func fixture(t *testing.T, n names) *sqlite.DB {
	t.Helper()
	db := sqlitetest.Open(t)
	q := sqlite.Quote
	sqlitetest.Exec(t, db,
		"PRAGMA foreign_keys=ON",
		fmt.Sprintf(`CREATE TABLE %s (%s INTEGER NOT NULL, %s VARCHAR(50), %s VARCHAR(120), %s TEXT, %s VARCHAR(40), PRIMARY KEY (%s))`,
			q(n.users), q(n.id), q(n.name), q(n.email), q(n.bio), q(n.city), q(n.id)),
		fmt.Sprintf(`CREATE INDEX %s ON %s (%s)`, q(n.ixCity), q(n.users), q(n.city)),
		fmt.Sprintf(`CREATE TABLE %s (%s INTEGER NOT NULL, %s VARCHAR(200) NOT NULL, %s INTEGER, PRIMARY KEY (%s), FOREIGN KEY(%s) REFERENCES %s (%s) ON DELETE CASCADE)`,
			q(n.posts), q(n.id), q(n.title), q(n.userID), q(n.id), q(n.userID), q(n.users), q(n.id)),
		fmt.Sprintf(`CREATE TABLE %s (%s INTEGER NOT NULL, %s TEXT NOT NULL, PRIMARY KEY (%s))`, q(n.audit), q(n.id), q(n.message), q(n.id)),
		fmt.Sprintf(`CREATE VIEW %s AS SELECT %s, %s FROM %s`, q(n.view), q(n.id), q(n.name), q(n.users)),
		fmt.Sprintf(`CREATE TRIGGER %s AFTER INSERT ON %s BEGIN UPDATE %s SET %s = 'touched' WHERE %s = new.%s; END`,
			q(n.trigger), q(n.posts), q(n.audit), q(n.message), q(n.id), q(n.id)),
		fmt.Sprintf(`INSERT INTO %s VALUES (1, 'ann', 'ann@example.com', 'likes tea', 'paris'), (2, 'bob', NULL, NULL, 'rome'), (3, 'cy', 'cy@example.com', 'it''s me', NULL)`, q(n.users)),
		fmt.Sprintf(`INSERT INTO %s VALUES (1, 'first', 1), (2, 'second', 2), (3, 'third', 1)`, q(n.posts)),
		fmt.Sprintf(`INSERT INTO %s VALUES (1, 'created'), (2, 'updated')`, q(n.audit)),
	)
	return db
}

// snapshot is every table's rows, by rowid, column by column.
type snapshot map[string]map[string]map[string]string // table -> rowid -> column -> value

func takeSnapshot(t *testing.T, db *sqlite.DB) snapshot {
	t.Helper()
	ctx := context.Background()
	md := sqlitetest.Inspect(t, db)
	snap := snapshot{}
	for _, tb := range md.Tables {
		rows, err := db.Query(ctx, "SELECT _rowid_, * FROM "+sqlite.Quote(tb.Name))
		require.NoError(t, err)
		cols, err := rows.Columns()
		require.NoError(t, err)
		byRow := map[string]map[string]string{}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			require.NoError(t, rows.Scan(ptrs...))
			row := map[string]string{}
			for i, c := range cols[1:] {
				row[strings.ToLower(c)] = fmt.Sprintf("%T:%v", vals[i+1], vals[i+1])
			}
			byRow[fmt.Sprint(vals[0])] = row
		}
		require.NoError(t, rows.Err())
		rows.Close()
		snap[strings.ToLower(tb.Name)] = byRow
	}
	return snap
}

// requireRowsKept checks that every row of before is in after (tables and
// columns renamed as the ops rename them), with the same values in the
// columns both have; columns only after has hold NULL unless they have a
// default.
func requireRowsKept(t *testing.T, before, after snapshot, mdAfter *schema.MetaData, list []ops.Op) {
	t.Helper()
	tables := map[string]string{}
	columns := map[string]string{} // "table\x00old" -> new, tables named as after
	for _, it := range sqlite.Flatten(list) {
		switch o := it.Op.(type) {
		case *ops.RenameTable:
			tables[strings.ToLower(o.Old)] = strings.ToLower(o.New)
		case *ops.AlterColumn:
			if o.NewName != "" {
				columns[strings.ToLower(o.Table)+"\x00"+strings.ToLower(o.Column)] = strings.ToLower(o.NewName)
			}
		}
	}
	for table, rows := range before {
		if table == "alembic_version" {
			continue // the step changes it
		}
		newTable := table
		if n, ok := tables[table]; ok {
			newTable = n
		}
		afterRows, ok := after[newTable]
		if !ok {
			continue // dropped
		}
		require.Len(t, afterRows, len(rows), "rows of %q", table)
		tdef := mdAfter.Table(newTable)
		for rowid, row := range rows {
			got, ok := afterRows[rowid]
			require.True(t, ok, "row %s of %q is gone", rowid, table)
			seen := map[string]bool{}
			for col, val := range row {
				newCol := col
				if n, ok := columns[table+"\x00"+col]; ok {
					newCol = n
				}
				if g, ok := got[newCol]; ok {
					require.Equal(t, val, g, "row %s of %q, column %q", rowid, table, col)
					seen[newCol] = true
				}
			}
			for col, g := range got {
				if seen[col] {
					continue
				}
				if c := tdef.Column(col); c != nil && c.ServerDefault == "" {
					require.Equal(t, "<nil>:<nil>", g, "new column %q of %q", col, table)
				}
			}
		}
	}
}

// fourPhase runs the up ops as one step, checks the database read back equals
// the intended schema (ops.Apply on the start) with the rows kept, runs the
// reversed ops as a step, and checks the database equals the start schema
// with the rows kept again.
// Unless lossy (the up ops drop data), the rows after the downgrade are
// exactly the rows before the upgrade.
// It returns the statements the upgrade ran.
func fourPhase(t *testing.T, db *sqlite.DB, up []ops.Op, lossy bool) []string {
	t.Helper()
	ctx := context.Background()
	start := sqlitetest.Inspect(t, db)
	rowsBefore := takeSnapshot(t, db)

	intended := start.Clone()
	for _, op := range up {
		require.NoError(t, ops.Apply(intended, op))
	}
	var upSQL []string
	require.NoError(t, Run(ctx, db, []Step{{Label: "up", Ops: up}}, Hooks{SQL: func(s string) { upSQL = append(upSQL, s) }}))
	upped := sqlitetest.Inspect(t, db)
	sqlitetest.RequireSameSchema(t, intended, upped, "after upgrade")
	rowsUp := takeSnapshot(t, db)
	requireRowsKept(t, rowsBefore, rowsUp, upped, up)

	down, err := ops.ReverseAll(up)
	require.NoError(t, err)
	require.NoError(t, Run(ctx, db, []Step{{Label: "down", Ops: down}}, Hooks{}))
	back := sqlitetest.Inspect(t, db)
	sqlitetest.RequireSameSchema(t, start, back, "after downgrade")
	requireRowsKept(t, rowsUp, takeSnapshot(t, db), back, down)
	if !lossy {
		requireRowsKept(t, rowsBefore, takeSnapshot(t, db), back, nil)
	}

	on, err := db.ForeignKeys(ctx)
	require.NoError(t, err)
	require.True(t, on, "foreign keys are back on")
	return upSQL
}

// rebuilds reports whether statements recreate a table.
func rebuilds(stmts []string) bool {
	for _, s := range stmts {
		if strings.HasPrefix(s, `CREATE TABLE "new_`) {
			return true
		}
	}
	return false
}
