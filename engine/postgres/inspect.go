//go:build !js

package postgres

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"

	"retort/engine/schema"
)

// Querier runs queries: a *DB, or a pgx connection or transaction.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// userSchemas selects the schemas a database's users own, leaving out
// PostgreSQL's own.
const userSchemas = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'`

// Inspect reads a live database's schema from the catalogs: every table of
// every schema (alembic_version included: callers filter; tables in the
// search_path's first schema have Schema "", as SQLAlchemy's default schema),
// with columns in order, their types as SQLAlchemy reflects them
// (ReflectType), nullability, server defaults as pg_get_expr prints them,
// identity and generated columns, comments; primary keys, unique, foreign
// key and CHECK constraints with their names; the indexes that back no
// constraint (expression and partial ones with pg_get_indexdef's and
// pg_get_expr's text); views; and the enum types (MetaData.Enums).
//
// As Alembic's PostgresqlImpl.autogen_column_reflect does, the default of a
// SERIAL column (nextval of the sequence the column owns) is left out: a
// model's Integer primary key compares equal to it. An integer primary key
// that is neither SERIAL nor an identity reads back with autoincrement=False,
// as SQLAlchemy reflects it, so that creating the table again from what was
// read does not make it SERIAL.
//
// It runs six queries whatever the number of tables.
func Inspect(ctx context.Context, db Querier) (*schema.MetaData, error) {
	in := &inspector{md: &schema.MetaData{}, byOID: map[uint32]*schema.Table{}, serial: map[*schema.Column]bool{}}
	for _, step := range []func(context.Context, Querier) error{in.enums, in.relations, in.columns, in.constraints, in.indexes} {
		if err := step(ctx, db); err != nil {
			return nil, fmt.Errorf("inspect database: %w", err)
		}
	}
	return in.md, nil
}

type inspector struct {
	md      *schema.MetaData
	current string // current_schema(): its objects have Schema ""
	byOID   map[uint32]*schema.Table
	oids    []uint32
	serial  map[*schema.Column]bool // the SERIAL columns
}

func (in *inspector) schemaName(nsp string) string {
	if nsp == in.current {
		return ""
	}
	return nsp
}

func each(ctx context.Context, db Querier, sql string, args []any, row func(pgx.Rows) error) error {
	rows, err := db.Query(ctx, sql, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (in *inspector) enums(ctx context.Context, db Querier) error {
	err := each(ctx, db, `SELECT coalesce(current_schema(), '')`, nil, func(r pgx.Rows) error { return r.Scan(&in.current) })
	if err != nil {
		return err
	}
	const q = `SELECT n.nspname, t.typname,
		ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)
		FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
		WHERE t.typtype = 'e' AND ` + userSchemas + ` ORDER BY n.nspname, t.typname`
	return each(ctx, db, q, nil, func(r pgx.Rows) error {
		var nsp, name string
		var labels []string
		if err := r.Scan(&nsp, &name, &labels); err != nil {
			return err
		}
		in.md.Enums = append(in.md.Enums, &schema.Enum{Schema: in.schemaName(nsp), Name: name, Values: labels})
		return nil
	})
}

func (in *inspector) relations(ctx context.Context, db Querier) error {
	const q = `SELECT c.oid, n.nspname, c.relname, c.relkind, coalesce(obj_description(c.oid, 'pg_class'), ''),
		CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid, true) ELSE '' END
		FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind IN ('r', 'p', 'v', 'm') AND ` + userSchemas + `
		ORDER BY n.nspname, c.relname`
	return each(ctx, db, q, nil, func(r pgx.Rows) error {
		var oid uint32
		var nsp, name, kind, comment, viewdef string
		if err := r.Scan(&oid, &nsp, &name, &kind, &comment, &viewdef); err != nil {
			return err
		}
		sch := in.schemaName(nsp)
		switch kind {
		case "v", "m":
			create := "CREATE VIEW "
			if kind == "m" {
				create = "CREATE MATERIALIZED VIEW "
			}
			in.md.Views = append(in.md.Views, &schema.View{Name: name, SQL: create + Qualify(sch, name) + " AS\n" + strings.TrimSpace(viewdef)})
		default:
			t := &schema.Table{Name: name, Schema: sch, Comment: comment}
			in.md.Tables = append(in.md.Tables, t)
			in.byOID[oid] = t
			in.oids = append(in.oids, oid)
		}
		return nil
	})
}

func (in *inspector) columns(ctx context.Context, db Querier) error {
	// seq is the sequence the column owns: a SERIAL's (pg_depend 'a') or an
	// identity's ('i'); serial says the default is nextval of it.
	const q = `SELECT a.attrelid, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),
		coalesce(pg_catalog.pg_get_expr(d.adbin, d.adrelid), ''), a.attnotnull,
		coalesce(pg_catalog.col_description(a.attrelid, a.attnum), ''), a.attgenerated::text, a.attidentity::text,
		coalesce(CASE WHEN a.attcollation <> ty.typcollation THEN co.collname END, ''),
		coalesce(pg_catalog.pg_get_expr(d.adbin, d.adrelid) = 'nextval(' || quote_literal(sq.seqoid::regclass::text) || '::regclass)', false),
		sq.seqstart, sq.seqincrement, sq.seqmin, sq.seqmax, sq.seqcache, sq.seqcycle
		FROM pg_catalog.pg_attribute a
		JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
		LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
		LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef
		LEFT JOIN LATERAL (
			SELECT sc.oid AS seqoid, s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle
			FROM pg_catalog.pg_depend dep
			JOIN pg_catalog.pg_class sc ON sc.oid = dep.objid AND sc.relkind = 'S'
			JOIN pg_catalog.pg_sequence s ON s.seqrelid = sc.oid
			WHERE dep.classid = 'pg_catalog.pg_class'::regclass AND dep.refclassid = 'pg_catalog.pg_class'::regclass
				AND dep.refobjid = a.attrelid AND dep.refobjsubid = a.attnum AND dep.deptype IN ('a', 'i')
			LIMIT 1) sq ON true
		WHERE a.attrelid = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped
		ORDER BY a.attrelid, a.attnum`
	err := each(ctx, db, q, []any{in.oids}, func(r pgx.Rows) error {
		var oid uint32
		var name, typ, def, comment, generated, identity, collation string
		var notnull, serial bool
		var start, incr, minv, maxv, cache *int64
		var cycle *bool
		if err := r.Scan(&oid, &name, &typ, &def, &notnull, &comment, &generated, &identity, &collation, &serial,
			&start, &incr, &minv, &maxv, &cache, &cycle); err != nil {
			return err
		}
		t := in.byOID[oid]
		if t == nil {
			return nil
		}
		c := &schema.Column{Name: name, Type: ReflectType(typ, in.md.Enums), Nullable: !notnull, Comment: comment, Collation: collation}
		switch {
		case generated != "":
			c.Computed = &schema.Computed{SQL: def}
			if generated == "s" {
				c.Computed.Persisted = ptr(true)
			}
		case identity != "":
			c.Identity = reflectIdentity(identity == "a", c.Type, start, incr, minv, maxv, cache, cycle)
		case serial && t.Schema == "":
			// Alembic's autogen_column_reflect: a SERIAL, whose default it
			// omits (in the search path's schema only: elsewhere the
			// default names the sequence with its schema, which its
			// lookup by relname misses).
			in.serial[c] = true
		default:
			c.ServerDefault = def
			in.serial[c] = serial
		}
		// SQLAlchemy reflects autoincrement= on every column: True for an
		// identity or an integer column whose default is a nextval(),
		// False for the others; Alembic writes it when it renders a
		// reflected column (drop_table's and drop_column's reverse).
		c.AutoincrementArg = "false"
		if c.Identity != nil || in.serial[c] || schema.IntegerAffinity(c.Type) && nextvalRe.MatchString(def) {
			c.AutoincrementArg = "true"
		}
		t.Columns = append(t.Columns, c)
		return nil
	})
	return err
}

// reflectIdentity reads an identity column's sequence options, leaving out
// the ones that are PostgreSQL's defaults for the column's type (start 1,
// increment 1, the type's bounds, cache 1, no cycle), so that
// sa.Identity() reads back as sa.Identity().
func reflectIdentity(always bool, t schema.Type, start, incr, minv, maxv, cache *int64, cycle *bool) *schema.Identity {
	id := &schema.Identity{Always: always}
	lo, hi := int64(1), int64(2147483647)
	switch t.Name {
	case "BIGINT":
		hi = 9223372036854775807
	case "SMALLINT":
		hi = 32767
	}
	up := incr == nil || *incr > 0
	if !up {
		lo, hi = -hi, -1
	}
	defStart := lo
	if !up {
		defStart = hi
	}
	if start != nil && *start != defStart {
		id.Start = start
	}
	if incr != nil && *incr != 1 {
		id.Increment = incr
	}
	if minv != nil && *minv != lo {
		id.MinValue = minv
	}
	if maxv != nil && *maxv != hi {
		id.MaxValue = maxv
	}
	if cache != nil && *cache != 1 {
		id.Cache = cache
	}
	if cycle != nil && *cycle {
		id.Cycle = cycle
	}
	return id
}

func ptr[T any](v T) *T { return &v }

// nextvalRe is SQLAlchemy's test for a default related to a sequence.
var nextvalRe = regexp.MustCompile(`nextval\('[^']+'`)

func (in *inspector) constraints(ctx context.Context, db Querier) error {
	const q = `SELECT con.conrelid, con.conname, con.contype::text,
		ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(n, i)
			JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.i),
		coalesce(rn.nspname, ''), coalesce(rc.relname, ''),
		ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(n, i)
			JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.i),
		con.confdeltype::text, con.confupdtype::text, con.condeferrable, con.condeferred,
		pg_catalog.pg_get_constraintdef(con.oid)
		FROM pg_catalog.pg_constraint con
		LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid
		LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
		WHERE con.conrelid = ANY($1) AND con.contype IN ('p', 'u', 'f', 'c')
		ORDER BY con.conrelid, con.conname`
	return each(ctx, db, q, []any{in.oids}, func(r pgx.Rows) error {
		var oid uint32
		var name, kind, refNsp, refTable, onDelete, onUpdate, def string
		var cols, refCols []string
		var deferrable, deferred bool
		if err := r.Scan(&oid, &name, &kind, &cols, &refNsp, &refTable, &refCols, &onDelete, &onUpdate, &deferrable, &deferred, &def); err != nil {
			return err
		}
		t := in.byOID[oid]
		if t == nil {
			return nil
		}
		switch kind {
		case "p":
			t.PrimaryKey = &schema.PrimaryKey{Name: name, Columns: cols}
			if len(cols) == 1 {
				if c := t.Column(cols[0]); c != nil && schema.IntegerAffinity(c.Type) && c.Identity == nil && !in.serial[c] {
					c.AutoincrementArg = "false"
				}
			}
		case "u":
			t.Uniques = append(t.Uniques, &schema.Unique{Name: name, Columns: cols})
		case "c":
			t.Checks = append(t.Checks, &schema.Check{Name: name, SQL: ReflectCheck(def)})
		case "f":
			fk := &schema.ForeignKey{Name: name, Columns: cols, RefSchema: in.schemaName(refNsp), RefTable: refTable, RefColumns: refCols,
				OnDelete: fkAction(onDelete), OnUpdate: fkAction(onUpdate)}
			if deferrable {
				fk.Deferrable = "DEFERRABLE"
				if deferred {
					fk.Deferrable += " INITIALLY DEFERRED"
				}
			}
			t.ForeignKeys = append(t.ForeignKeys, fk)
		}
		return nil
	})
}

// indexes reads the indexes that back no constraint (a primary key's,
// a unique or exclusion constraint's index is the constraint's own, as
// Alembic's PostgresqlImpl drops the "duplicates_constraint" ones). A key
// that is a column is its name; an expression is pg_get_indexdef's text of it.
func (in *inspector) indexes(ctx context.Context, db Querier) error {
	const q = `SELECT i.indrelid, ic.relname, i.indisunique, am.amname, i.indnkeyatts,
		ARRAY(SELECT CASE WHEN i.indkey[k - 1] <> 0 THEN (SELECT a.attname::text FROM pg_catalog.pg_attribute a
				WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1])
			ELSE pg_catalog.pg_get_indexdef(i.indexrelid, k, true) END
			FROM generate_series(1, i.indnatts) k ORDER BY k),
		coalesce(pg_catalog.pg_get_expr(i.indpred, i.indrelid), '')
		FROM pg_catalog.pg_index i
		JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
		JOIN pg_catalog.pg_am am ON am.oid = ic.relam
		WHERE i.indrelid = ANY($1)
			AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x'))
		ORDER BY i.indrelid, ic.relname`
	return each(ctx, db, q, []any{in.oids}, func(r pgx.Rows) error {
		var oid uint32
		var name, method, where string
		var unique bool
		var nkeys int16
		var keys []string
		if err := r.Scan(&oid, &name, &unique, &method, &nkeys, &keys, &where); err != nil {
			return err
		}
		t := in.byOID[oid]
		if t == nil {
			return nil
		}
		ix := &schema.Index{Name: name, Table: t.Name, Schema: t.Schema, Unique: unique, Columns: keys[:nkeys], Where: where}
		if len(keys) > int(nkeys) {
			ix.Include = keys[nkeys:]
		}
		if method != "btree" {
			ix.Using = method
		}
		t.Indexes = append(t.Indexes, ix)
		return nil
	})
}
