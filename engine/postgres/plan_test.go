package postgres

import (
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/ops"
	"retort/engine/schema"
)

// The schema after a rename of a column names it anew in the expressions
// that named it, and after a drop loses the CHECKs and indexes over it, as
// PostgreSQL keeps them.
func TestPlanSchemaAfter(t *testing.T) {
	md := &schema.MetaData{Tables: []*schema.Table{{
		Name:    "users",
		Columns: []*schema.Column{col("id", ty("Integer"), false), col("name", ty("Text"), true), col("age", ty("Integer"), true)},
		Checks:  []*schema.Check{{Name: "ck_age", SQL: "age >= 0 AND \"age\" < 200"}, {Name: "ck_name", SQL: "length(name) > 0"}},
		Indexes: []*schema.Index{{Name: "ix_lower", Table: "users", Columns: []string{"lower(name)"}}, {Name: "ix_age", Table: "users", Columns: []string{"age"}, Where: "age > 0"}},
	}}}
	_, after, err := PlanAll(md, []ops.Op{&ops.AlterColumn{Table: "users", Column: "age", NewName: "Years"}})
	require.NoError(t, err)
	u := after.Table("users")
	require.Equal(t, `"Years" >= 0 AND "Years" < 200`, u.Checks[0].SQL)
	require.Equal(t, `"Years" > 0`, u.Index("ix_age").Where)
	require.Equal(t, []string{"Years"}, u.Index("ix_age").Columns)

	_, after, err = PlanAll(md, []ops.Op{&ops.DropColumn{Table: "users", Name: "name"}})
	require.NoError(t, err)
	u = after.Table("users")
	require.Equal(t, []*schema.Check{{Name: "ck_age", SQL: "age >= 0 AND \"age\" < 200"}}, u.Checks)
	require.Equal(t, []string{"ix_age"}, []string{u.Indexes[0].Name})
	require.Len(t, u.Indexes, 1)
	require.Len(t, md.Table("users").Columns, 3, "PlanAll changed the schema it was given")
}

// A planner carries the schema from one op to the next.
func TestPlanner(t *testing.T) {
	p := NewPlanner(nil)
	_, err := p.Plan(&ops.CreateTable{Table: &schema.Table{Name: "t", Columns: []*schema.Column{col("id", ty("Integer"), false)}, PrimaryKey: pk("", "id")}})
	require.NoError(t, err)
	changes, err := p.Plan(&ops.DropConstraint{Table: "t", Kind: ops.KindPrimary})
	require.NoError(t, err)
	require.Equal(t, []string{`ALTER TABLE t DROP CONSTRAINT t_pkey`}, changes[0].Statements)
	require.Nil(t, p.Schema().Table("t").PrimaryKey)
	_, err = p.Plan(&ops.AddColumn{Table: "nope", Column: col("x", ty("Integer"), true)})
	require.ErrorIs(t, err, ops.ErrNotFound)
}
