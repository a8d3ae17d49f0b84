package diff

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/schema"
	"retort/engine/sqlite"
)

// TestShortcuts compares random schemas, most of them nearly alike, with and
// without the shortcuts: the results must be the same, and the inputs
// untouched.
func TestShortcuts(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := 3000
	if testing.Short() {
		n = 300
	}
	for i := range n {
		db := randomSchema(r)
		models := db.Clone()
		if r.IntN(4) == 0 {
			models = randomSchema(r)
		} else {
			perturb(r, models)
		}
		opts := Options{Dialect: sqlite.Autogen{},
			CompareServerDefault: r.IntN(2) == 0,
			IgnoreTypes:          r.IntN(5) == 0,
			IgnoreChecks:         r.IntN(5) == 0,
			Batch:                r.IntN(2) == 0,
		}
		dbBefore, modelsBefore := db.Clone(), models.Clone()
		fast, fastErr := Compare(db, models, opts)
		require.Equal(t, dbBefore, db.Clone(), "case %d: Compare changed the database schema", i)
		require.Equal(t, modelsBefore, models.Clone(), "case %d: Compare changed the models schema", i)
		opts.noShortcuts = true
		slow, slowErr := Compare(db, models, opts)
		require.Equal(t, slowErr, fastErr, "case %d", i)
		require.Equal(t, slow, fast, "case %d", i)
	}
}

func pick[T any](r *rand.Rand, list ...T) T { return list[r.IntN(len(list))] }

var (
	randTables  = []string{"t1", "T1", "t2", "t3", "parent", "alembic_version", "sqlite_stat1"}
	randColumns = []string{"id", "ID", "name", "Name", "code", "x", "\u212a", "k", "s", "\u017f"}
	randTypes   = []schema.Type{
		{}, {Name: "Integer"}, {Name: "INTEGER"}, {Name: "INT"}, {Name: "String", Args: []int{50}},
		{Name: "VARCHAR", Args: []int{50}}, {Name: "VARCHAR", Args: []int{100}}, {Name: "VARCHAR"},
		{Name: "varchar", Args: []int{50}}, {Name: "Text"}, {Name: "TEXT"}, {Name: "Numeric", Args: []int{10, 2}},
		{Name: "DECIMAL", Args: []int{10, 2}}, {Name: "Boolean"}, {Name: "BOOLEAN"}, {Name: "DateTime"},
		{Name: "DATETIME"}, {Name: "Enum", Enum: []string{"a", "bc"}}, {Name: "BIGINT"}, {Name: "SmallInteger"},
	}
	randDefaults = []string{"", "", "'1'", "1", "(CURRENT_TIMESTAMP)", "CURRENT_TIMESTAMP", "'a'"}
)

func randomColumns(r *rand.Rand) []string {
	var out []string
	for range 1 + r.IntN(2) {
		out = append(out, pick(r, randColumns...))
	}
	return out
}

func randomTable(r *rand.Rand, name string) *schema.Table {
	t := &schema.Table{Name: name}
	for range r.IntN(5) {
		ty := pick(r, randTypes...).Clone()
		t.Columns = append(t.Columns, &schema.Column{Name: pick(r, randColumns...), Type: ty,
			Nullable: r.IntN(2) == 0, ServerDefault: pick(r, randDefaults...)})
	}
	if r.IntN(3) > 0 {
		t.PrimaryKey = &schema.PrimaryKey{Columns: []string{pick(r, "id", "ID", "name")}}
	}
	for range r.IntN(3) {
		t.Indexes = append(t.Indexes, &schema.Index{
			Name:    pick(r, "ix_a", "IX_A", "ix_b", "uq_a", "sqlite_autoindex_t1_1", ""),
			Table:   pick(r, name, name, "", "other"),
			Columns: randomColumns(r), Unique: r.IntN(3) == 0,
		})
	}
	for range r.IntN(3) {
		t.Uniques = append(t.Uniques, &schema.Unique{Name: pick(r, "", "", "uq_a", "UQ_A", "ix_a"), Columns: randomColumns(r)})
	}
	for range r.IntN(3) {
		fk := &schema.ForeignKey{
			Columns: randomColumns(r), RefTable: pick(r, randTables...),
			OnDelete: pick(r, "", "", "CASCADE", "NO ACTION", "cascade"), OnUpdate: pick(r, "", "", "SET NULL"),
			Deferrable: pick(r, "", "", "DEFERRABLE INITIALLY DEFERRED", "DEFERRABLE"),
		}
		if r.IntN(2) == 0 {
			fk.RefColumns = []string{pick(r, "id", "ID")}
		}
		t.ForeignKeys = append(t.ForeignKeys, fk)
	}
	for range r.IntN(2) {
		t.Checks = append(t.Checks, &schema.Check{Name: pick(r, "", "ck_a", "CK_A"), SQL: "x > 0"})
	}
	return t
}

func randomSchema(r *rand.Rand) *schema.MetaData {
	md := &schema.MetaData{}
	for range r.IntN(5) {
		md.Tables = append(md.Tables, randomTable(r, pick(r, randTables...)))
	}
	return md
}

// perturb changes a few things of md, from spelling to whole tables.
func perturb(r *rand.Rand, md *schema.MetaData) {
	for range r.IntN(4) {
		if len(md.Tables) == 0 || r.IntN(8) == 0 {
			md.Tables = append(md.Tables, randomTable(r, pick(r, randTables...)))
			continue
		}
		i := r.IntN(len(md.Tables))
		t := md.Tables[i]
		switch r.IntN(10) {
		case 0:
			md.Tables = append(md.Tables[:i], md.Tables[i+1:]...)
		case 1:
			t.Name = pick(r, randTables...)
		case 2:
			if len(t.Columns) > 0 {
				c := t.Columns[r.IntN(len(t.Columns))]
				switch r.IntN(4) {
				case 0:
					c.Name = pick(r, randColumns...)
				case 1:
					c.Type = pick(r, randTypes...).Clone()
				case 2:
					c.Nullable = !c.Nullable
				default:
					c.ServerDefault = pick(r, randDefaults...)
				}
			}
		case 3:
			if len(t.Columns) > 1 {
				t.Columns[0], t.Columns[1] = t.Columns[1], t.Columns[0]
			}
		case 4:
			t.Indexes = randomTable(r, t.Name).Indexes
		case 5:
			t.Uniques = randomTable(r, t.Name).Uniques
		case 6:
			t.ForeignKeys = randomTable(r, t.Name).ForeignKeys
		case 7:
			t.Checks = randomTable(r, t.Name).Checks
		case 8:
			if len(t.Indexes) > 0 {
				ix := t.Indexes[r.IntN(len(t.Indexes))]
				ix.Unique = !ix.Unique
				ix.Name = pick(r, ix.Name, "IX_A", "")
			}
		default:
			t.Columns = append(t.Columns, randomTable(r, t.Name).Columns...)
		}
	}
}
