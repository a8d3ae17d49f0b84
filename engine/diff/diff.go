// Package diff is autogenerate: it compares the schema a database has with the
// schema the models declare and produces the migration ops that take one to the
// other, in the order and with the log lines of Alembic's autogenerate (1.19,
// default settings, SQLite dialect).
//
// Beyond Alembic it finds rename candidates (a column or table that looks
// dropped and re-added under a new name), emits a rename when the caller
// confirms one, and warns about changes that would lose data or fail on the
// rows the database holds.
//
// The package works on schema values only: the caller reads the live database
// (package sqlite's Inspect) and supplies row counts through a Counter.
package diff

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"retort/engine/ops"
	"retort/engine/schema"
)

// VersionTable is Alembic's version table; it is never part of a comparison.
const VersionTable = "alembic_version"

// Logger is the name of the logger Alembic prints autogenerate's lines under.
const Logger = "alembic.autogenerate.compare"

// Options are the autogenerate settings. The zero value is Alembic's defaults:
// compare_type on, compare_server_default off, named CHECK constraints compared.
type Options struct {
	// CompareServerDefault is env.py's compare_server_default=True.
	CompareServerDefault bool
	// IgnoreTypes is env.py's compare_type=False (types are compared by default).
	IgnoreTypes bool
	// IgnoreChecks leaves named CHECK constraints out, as excluding Alembic
	// 1.19's checkconstraint_byname plugin does.
	IgnoreChecks bool
	// Batch is env.py's render_as_batch=True: the ops on one existing table are
	// grouped in an ops.Batch, as Alembic groups them in batch_alter_table.
	Batch bool
	// Renames are the renames the user confirmed: "users.name" -> "full_name"
	// renames a column (the table is named as the models name it), "old_table"
	// -> "new_table" renames a table. Each must pair a removed with an added
	// column (table); see Rename.Key.
	Renames map[string]string
	// Counter counts rows for the data-loss warnings; nil gives no warnings.
	Counter Counter
	// Reflected gives the lines the dialect logs as Alembic reflects a
	// database table (PostgreSQL's "Detected sequence named … assuming
	// SERIAL and omitting"): for a table only the database has, before the
	// lines about it; for the tables both sides have, all of them (by name)
	// before the first line about any. Nil logs none.
	Reflected func(t *schema.Table) []Line

	// Dialect decides whether a column's type and server default are the
	// ones the models declare, as the database's Alembic impl does:
	// sqlite.Autogen{} or postgres.Autogen{}. Required.
	Dialect Dialect
	// Groups, when the models' tables come from several MetaData objects
	// (target_metadata a list), are how many tables each gives, in order:
	// Alembic sorts each MetaData's tables on its own and creates them one
	// MetaData after another. Nil is one MetaData.
	Groups []int

	// noShortcuts turns off the shortcuts for what is spelled alike on both
	// sides; the package's tests do, to check that they change no result.
	noShortcuts bool
}

// Counter counts what a database holds, for the data-loss warnings. Names are
// the database's own (before any rename in the comparison); a schema ""
// is the default one.
type Counter interface {
	// RowCount returns the number of rows in the table.
	RowCount(schema, table string) (int64, error)
	// NonNullCount returns the number of rows whose column is not NULL.
	NonNullCount(schema, table, column string) (int64, error)
}

// Rename is a rename candidate: a column (Table set) or a table (Table empty)
// that the comparison sees dropped, and another of the same shape added.
type Rename struct {
	Table    string // the table a column rename is in, as the models name it; "" for a table rename
	From, To string
	Type     string // a column's SQL type as the database has it ("VARCHAR(50)"); "" for a table
}

// Key is the Options.Renames key that confirms the rename; the value is r.To.
func (r Rename) Key() string {
	if r.Table == "" {
		return r.From
	}
	return r.Table + "." + r.From
}

// Question is what the command asks the user, in Django's style:
// "Was users.name renamed to users.full_name (a VARCHAR)? [y/N]".
func (r Rename) Question() string {
	if r.Table == "" {
		return fmt.Sprintf("Was the table %s renamed to %s? [y/N]", r.From, r.To)
	}
	name, _, _ := strings.Cut(r.Type, "(")
	name = strings.TrimSpace(name)
	kind := "untyped"
	if name != "" {
		kind = "a " + name
		if strings.ContainsRune("AEIOU", rune(name[0])) {
			kind = "an " + name
		}
	}
	return fmt.Sprintf("Was %s.%s renamed to %s.%s (%s)? [y/N]", r.Table, r.From, r.Table, r.To, kind)
}

// Level is a log line's level.
type Level string

// The levels autogenerate logs at.
const (
	Info    Level = "INFO"
	Warning Level = "WARNING"
)

// Line is one line autogenerate logs under Logger: the text after the
// "INFO  [alembic.autogenerate.compare] " prefix.
type Line struct {
	Level Level
	Text  string
	// Logger is the line's logger when it is not Logger (the dialect's,
	// for the lines Options.Reflected gives).
	Logger string
}

// Result is what a comparison found.
type Result struct {
	// Upgrade takes the database to the models, in Alembic's order.
	Upgrade []ops.Op
	// Downgrade undoes Upgrade: each op reversed, in reverse order, carrying the
	// existing_* details Alembic renders.
	Downgrade []ops.Op
	// Detected are the "Detected …" lines, in order.
	Detected []string
	// Warnings are the data-loss warnings, in order (empty without a Counter).
	Warnings []string
	// Log is every line in the order the command prints it: the Detected lines,
	// each warning right after the line it is about, and Alembic's other INFO
	// lines (such as "Couldn't determine database type for column …").
	Log []Line
	// RenameCandidates are the renames the user has not confirmed, ordered.
	RenameCandidates []Rename
}

// Empty reports whether the comparison found nothing to do.
func (r *Result) Empty() bool { return len(r.Upgrade) == 0 }

// ErrRename is wrapped when Options.Renames names something that is not a
// removed/added pair.
var ErrRename = errors.New("not a rename of a removed column or table into an added one")

// Compare compares the schema a database has (db, as package sqlite's Inspect
// reads it) with the schema the models declare, as Alembic's autogenerate does.
// Neither argument is modified; nil is an empty schema.
func Compare(db, models *schema.MetaData, opts Options) (*Result, error) {
	if opts.Dialect == nil {
		return nil, errors.New("diff: no dialect (Options.Dialect)")
	}
	c := &comparer{
		opts:     opts,
		res:      &Result{},
		dbTable:  map[string]string{},
		dbColumn: map[string]string{},
	}
	// Confirmed renames are applied to the database side: it must be a copy.
	c.db, c.dbTables = prepare(db, len(opts.Renames) > 0 || !c.shortcuts(), c.shortcuts())
	c.models, c.modelTables = prepare(models, !c.shortcuts(), c.shortcuts())
	if err := c.run(); err != nil {
		return nil, err
	}
	for _, e := range c.entries {
		if e.top != nil {
			c.res.Upgrade = append(c.res.Upgrade, e.top)
			continue
		}
		if opts.Batch {
			c.res.Upgrade = append(c.res.Upgrade, &ops.Batch{Table: e.table, Schema: e.schema, Ops: e.mods})
		} else {
			c.res.Upgrade = append(c.res.Upgrade, e.mods...)
		}
	}
	down, err := ops.ReverseAll(c.res.Upgrade)
	if err != nil {
		return nil, fmt.Errorf("diff: reverse the upgrade: %w", err)
	}
	c.res.Downgrade = down
	return c.res, nil
}

// Equal reports whether two schemas are the same as far as autogenerate can
// tell (types and server defaults compared), returning the differences found
// as Alembic's "Detected …" lines. Use it as "after upgrade, re-diffing gives
// nothing": a is what the database has, b what it should have.
func Equal(a, b *schema.MetaData, d Dialect) ([]string, bool) {
	res, err := Compare(a, b, Options{CompareServerDefault: true, Dialect: d})
	if err != nil {
		return []string{err.Error()}, false
	}
	return res.Detected, res.Empty()
}

// prepare returns a copy of md without what autogenerate never compares
// (alembic_version; SQLite's own sqlite_* tables and the sqlite_autoindex_*
// indexes behind UNIQUE and PRIMARY KEY constraints), with
// foreign keys that name no referred columns pointing at the referred table's
// primary key (as SQLAlchemy's reflection fills them in).
//
// With deep, every table is a deep copy (the comparison then applies renames
// to it). Without, the copy shares what it does not change with md: a table,
// index or foreign key is copied only when prepare changes it, and the
// comparison must then only read the tables.
//
// byName (Options' shortcuts) has the tables found through a map of names.
func prepare(md *schema.MetaData, deep, byName bool) (*schema.MetaData, *tableIndex) {
	out := &schema.MetaData{}
	if md == nil {
		return out, newTableIndex(out, byName)
	}
	out.Tables = make([]*schema.Table, 0, len(md.Tables))
	// owned marks the tables of out that are copies (shallow ones without deep).
	var owned map[*schema.Table]bool
	own := func(i int) *schema.Table {
		t := out.Tables[i]
		if deep || owned[t] {
			return t
		}
		tt := *t
		if owned == nil {
			owned = map[*schema.Table]bool{}
		}
		owned[&tt] = true
		out.Tables[i] = &tt
		return &tt
	}
	for _, t := range md.Tables {
		if strings.EqualFold(t.Name, VersionTable) || strings.HasPrefix(strings.ToLower(t.Name), "sqlite_") {
			continue
		}
		if deep {
			t = t.Clone()
			t.Indexes = slices.DeleteFunc(t.Indexes, autoIndex)
			for _, ix := range t.Indexes {
				ix.Table, ix.Schema = t.Name, t.Schema
			}
			out.Tables = append(out.Tables, t)
			continue
		}
		out.Tables = append(out.Tables, t)
		if !slices.ContainsFunc(t.Indexes, func(ix *schema.Index) bool { return autoIndex(ix) || ix.Table != t.Name || ix.Schema != t.Schema }) {
			continue
		}
		t = own(len(out.Tables) - 1)
		indexes := make([]*schema.Index, 0, len(t.Indexes))
		for _, ix := range t.Indexes {
			if autoIndex(ix) {
				continue
			}
			if ix.Table != t.Name || ix.Schema != t.Schema {
				ix = ix.Clone()
				ix.Table, ix.Schema = t.Name, t.Schema
			}
			indexes = append(indexes, ix)
		}
		t.Indexes = indexes
	}
	tables := newTableIndex(out, byName)
	for i := range out.Tables {
		copied := deep // out.Tables[i].ForeignKeys is prepare's own
		for j, fk := range out.Tables[i].ForeignKeys {
			if len(fk.RefColumns) > 0 {
				continue
			}
			if ref := tables.get(fk.RefSchema, fk.RefTable); ref != nil && ref.PrimaryKey != nil {
				if !deep {
					if !copied {
						t := own(i)
						t.ForeignKeys = slices.Clone(t.ForeignKeys)
						copied = true
					}
					fk = fk.Clone()
					out.Tables[i].ForeignKeys[j] = fk
				}
				fk.RefColumns = slices.Clone(ref.PrimaryKey.Columns)
			}
		}
	}
	if owned != nil {
		// A table replaced by its copy after the index was made.
		tables = newTableIndex(out, byName)
	}
	return out, tables
}

// autoIndex reports whether ix is one of the indexes SQLite makes for UNIQUE
// and PRIMARY KEY constraints.
func autoIndex(ix *schema.Index) bool {
	return strings.HasPrefix(strings.ToLower(ix.Name), "sqlite_autoindex_")
}

// tableIndex finds the tables of a MetaData by schema and name as
// MetaData.TableIn does (the first whose schema and name are equal ignoring
// case), through a map when every name is ASCII.
type tableIndex struct {
	md     *schema.MetaData
	byName map[string]*schema.Table // lowercase indexKeys; nil: search md
}

// indexKey is a table's key in tableIndex.byName.
func indexKey(sch, name string) string {
	if sch == "" {
		return strings.ToLower(name)
	}
	return strings.ToLower(sch) + "\x00" + strings.ToLower(name)
}

func newTableIndex(md *schema.MetaData, byName bool) *tableIndex {
	x := &tableIndex{md: md}
	if !byName {
		return x
	}
	m := make(map[string]*schema.Table, len(md.Tables))
	for _, t := range md.Tables {
		if !isASCII(t.Name) || !isASCII(t.Schema) {
			return x
		}
		k := indexKey(t.Schema, t.Name)
		if _, ok := m[k]; !ok {
			m[k] = t
		}
	}
	x.byName = m
	return x
}

// get returns the table named name in schema sch ("" is the default), or nil.
func (x *tableIndex) get(sch, name string) *schema.Table {
	if x.byName == nil || !isASCII(name) || !isASCII(sch) {
		// Unicode case folding pairs some non-ASCII letters with ASCII ones.
		return x.md.TableIn(sch, name)
	}
	return x.byName[indexKey(sch, name)]
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// entry is one element of the upgrade: a table-level op (create, drop or rename
// table), or the ops on one table (Alembic's ModifyTableOps).
type entry struct {
	top    ops.Op
	table  string
	schema string
	mods   []ops.Op
}

// shortcuts reports whether the comparison may skip what is spelled alike on
// both sides (Options.noShortcuts).
func (c *comparer) shortcuts() bool { return !c.opts.noShortcuts }

type comparer struct {
	opts       Options
	db, models *schema.MetaData // db has the confirmed renames applied
	// dbTables and modelTables find db's and models' tables by name.
	dbTables, modelTables *tableIndex
	// existing caches existingTables once the renames are applied.
	existing []tablePair
	res      *Result
	entries  []entry

	// dbTable maps a renamed table's new name (lowercase) to its name in the
	// database; dbColumn maps "table.column" (new names, lowercase) to the
	// column's name in the database. The Counter needs the database's names.
	dbTable  map[string]string
	dbColumn map[string]string
}

func (c *comparer) info(format string, args ...any) {
	text := fmt.Sprintf(format, args...)
	c.res.Log = append(c.res.Log, Line{Level: Info, Text: text})
}

// reflected logs Options.Reflected's lines for a database table.
func (c *comparer) reflected(t *schema.Table) {
	if c.opts.Reflected != nil {
		c.res.Log = append(c.res.Log, c.opts.Reflected(t)...)
	}
}

func (c *comparer) detected(format string, args ...any) {
	text := fmt.Sprintf(format, args...)
	c.res.Detected = append(c.res.Detected, text)
	c.res.Log = append(c.res.Log, Line{Level: Info, Text: text})
}

func (c *comparer) warn(format string, args ...any) {
	text := fmt.Sprintf(format, args...)
	c.res.Warnings = append(c.res.Warnings, text)
	c.res.Log = append(c.res.Log, Line{Level: Warning, Text: text})
}

func (c *comparer) run() error {
	added, removed := c.tableSets()
	added, removed, err := c.renameTables(added, removed)
	if err != nil {
		return err
	}
	if err := c.renameColumns(); err != nil {
		return err
	}
	for _, t := range added {
		c.addTable(t)
	}
	for _, t := range removed {
		c.reflected(t)
		if err := c.removeTable(t); err != nil {
			return err
		}
	}
	for _, p := range c.existingTables() {
		c.reflected(p.db)
	}
	for _, p := range c.existingTables() {
		if err := c.compareTable(p.db, p.models); err != nil {
			return err
		}
	}
	return nil
}

// tableSets returns the tables only the models have, in the order Alembic
// creates them (SQLAlchemy's MetaData.sorted_tables: by name, then foreign
// key dependencies first), and the tables only the database has, in an order
// that drops a table before the tables it refers to.
func (c *comparer) tableSets() (added, removed []*schema.Table) {
	// Sorting all the models' tables is for the order of the added ones: most
	// comparisons have none.
	if slices.ContainsFunc(c.models.Tables, func(t *schema.Table) bool { return c.dbTables.get(t.Schema, t.Name) == nil }) {
		for _, group := range c.groups() {
			for _, t := range sortTables(group) {
				if c.dbTables.get(t.Schema, t.Name) == nil && !slices.Contains(added, t) {
					added = append(added, t)
				}
			}
		}
	}
	var gone []*schema.Table
	for _, t := range c.db.Tables {
		if c.modelTables.get(t.Schema, t.Name) == nil {
			gone = append(gone, t)
		}
	}
	if len(gone) == 0 {
		return added, nil
	}
	return added, dropOrder(gone)
}

// groups splits the models' tables by the MetaData they come from
// (Options.Groups); a count that does not fit gives one group.
func (c *comparer) groups() [][]*schema.Table {
	tables := c.models.Tables
	sum := 0
	for _, n := range c.opts.Groups {
		sum += n
	}
	if len(c.opts.Groups) < 2 || sum != len(tables) {
		return [][]*schema.Table{tables}
	}
	var out [][]*schema.Table
	for _, n := range c.opts.Groups {
		out = append(out, tables[:n])
		tables = tables[n:]
	}
	return out
}

// tablePair is a table both sides have.
type tablePair struct{ db, models *schema.Table }

// existingTables returns the models' tables the database has, sorted by name,
// each with the database's table. The first call must come after the
// confirmed renames are applied.
func (c *comparer) existingTables() []tablePair {
	if c.existing != nil {
		return c.existing
	}
	out := make([]tablePair, 0, len(c.models.Tables))
	for _, t := range c.models.Tables {
		if dt := c.dbTables.get(t.Schema, t.Name); dt != nil {
			out = append(out, tablePair{dt, t})
		}
	}
	// Alembic sorts them by (schema or "", name).
	slices.SortStableFunc(out, func(a, b tablePair) int {
		return cmp.Or(strings.Compare(a.models.Schema, b.models.Schema), strings.Compare(a.models.Name, b.models.Name))
	})
	c.existing = out
	return out
}

func (c *comparer) count(rows bool, sch, table, column string) (int64, error) {
	if col, ok := c.dbColumn[strings.ToLower(table+"."+column)]; ok {
		column = col
	}
	if t, ok := c.dbTable[strings.ToLower(table)]; ok {
		table = t
	}
	if rows {
		n, err := c.opts.Counter.RowCount(sch, table)
		if err != nil {
			return 0, fmt.Errorf("diff: count the rows of %s: %w", schema.TableKey(sch, table), err)
		}
		return n, nil
	}
	n, err := c.opts.Counter.NonNullCount(sch, table, column)
	if err != nil {
		return 0, fmt.Errorf("diff: count the values of %s.%s: %w", schema.TableKey(sch, table), column, err)
	}
	return n, nil
}

// plural spells "3 rows" / "1 row".
func plural(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
