package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"

	"retort/engine/postgres/pgtest"
)

// cliPostgres times `upgrade head` (from an empty database) and `current`
// on the tutorial's project against a local PostgreSQL, retort against
// alembic (psycopg2) on the same server: a throwaway cluster started as the
// tests start one (pgtest: RETORT_PG_URL, or Debian's postgresql on a unix
// socket), stopped at the end. With no server the rows are left out, with
// a note.
func (b *bench) cliPostgres(retort, alembic string) (err error) {
	dsn, stop, err := pgtest.Server()
	if err != nil {
		b.note("PostgreSQL: no server, the PostgreSQL rows are left out: %s", strings.SplitN(err.Error(), "\n", 2)[0])
		return nil
	}
	defer func() {
		if e := stop(); e != nil && err == nil {
			err = fmt.Errorf("stop the PostgreSQL cluster: %w", e)
		}
	}()
	if alembic != "" {
		if _, e := os.Stat("/usr/lib/python3/dist-packages/psycopg2"); e != nil {
			b.note("PostgreSQL: alembic needs psycopg2 (apt-get install python3-psycopg2): no anchor")
			alembic = ""
		}
	}
	ctx := context.Background()
	admin := func(stmts ...string) error {
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			return err
		}
		defer conn.Close(ctx)
		for _, s := range stmts {
			if _, err := conn.Exec(ctx, s); err != nil {
				return fmt.Errorf("%s: %w", s, err)
			}
		}
		return nil
	}
	type result struct{ up, current []float64 }
	measure := func(name, tool string) (result, error) {
		var r result
		dir, err := os.MkdirTemp(b.scratch, "retort-bench-pg-")
		if err != nil {
			return r, err
		}
		defer os.RemoveAll(dir)
		if err := cliProject(dir); err != nil {
			return r, err
		}
		db := "retort_bench_" + name
		url, err := pgtest.SQLAlchemyURL(pgtest.WithDatabase(dsn, db))
		if err != nil {
			return r, err
		}
		ini := filepath.Join(dir, "alembic.ini")
		text, err := os.ReadFile(ini)
		if err != nil {
			return r, err
		}
		text = regexp.MustCompile(`(?m)^sqlalchemy\.url = .*$`).ReplaceAll(text, []byte("sqlalchemy.url = "+url))
		if err := os.WriteFile(ini, text, 0o644); err != nil {
			return r, err
		}
		drop := "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)"
		defer admin(drop)
		fresh := func() error {
			return admin(drop, "CREATE DATABASE "+db+" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
		}
		if r.up, err = wallTimes(2*b.reps, dir, fresh, tool, "upgrade", "head"); err != nil {
			return r, err
		}
		r.current, err = wallTimes(2*b.reps, dir, nil, tool, "current")
		return r, err
	}
	rt, err := measure("retort", retort)
	if err != nil {
		return err
	}
	var al result
	if alembic != "" {
		if al, err = measure("alembic", alembic); err != nil {
			b.note("PostgreSQL: alembic: %v", err)
			alembic = ""
		}
	}
	const g = "Command line on the tutorial's project against a local PostgreSQL (3 revisions; throwaway cluster on a unix socket; wall time of the process)"
	for _, c := range []struct {
		label  string
		rt, al []float64
	}{{"retort upgrade head (empty database -> head), PostgreSQL", rt.up, al.up}, {"retort current, PostgreSQL", rt.current, al.current}} {
		r := row{group: g, what: c.label, value: msText(c.rt)}
		if alembic != "" {
			r.anchor = "alembic " + msText(c.al) + " = " + ratioText(median(c.al), median(c.rt)) + " faster"
			r.target = "≥ 10x faster"
			r.met = metText(median(c.al)/median(c.rt) >= 10)
		}
		b.add(r)
	}
	return nil
}
