package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"retort/engine/revision"
	"retort/engine/runner"
	"retort/engine/script"
)

// Finding is what one op of a pending step does to the rows the database
// holds (see Review).
type Finding = runner.Finding

// Review lists what upgrading (or, with down, downgrading) the database to
// target would do to the rows it holds, op by op, with counts and the SQL
// that finds the rows: tables rebuilt, values dropped, and the NOT NULL,
// UNIQUE, foreign keys and CHECKs existing rows break (the step would fail).
// It runs nothing: the scripts run offline, the database is only read. The
// command line's `upgrade TARGET --review` prints the same.
func (s *Session) Review(ctx context.Context, target string, down bool) ([]Finding, error) {
	e, err := s.loadEnv(nil)
	if err != nil {
		return nil, err
	}
	dir := revision.Up
	if down {
		dir = revision.Down
	}
	s.out = &out{stdout: io.Discard, stderr: io.Discard, quiet: true}
	s.ctx = ctx
	defer func() { s.out, s.ctx = nil, nil }()
	var found []Finding
	err = s.runEnv(e, nil, envOptions{}, func(x *envRun) error {
		found, err = s.review(e, x, dir, target)
		return err
	})
	return found, err
}

// review is Review's work once env.py connected.
func (s *Session) review(e *env, x *envRun, dir revision.Direction, target string) ([]Finding, error) {
	db, ok := x.db.(*sqliteDatabase)
	if !ok {
		return nil, errors.New("--review reads the rows of a SQLite database; on PostgreSQL use upgrade --sql and check the rows yourself")
	}
	if strings.Contains(target, ":") {
		return nil, errors.New("--review takes one target, not a range: it reviews the steps from the database's current revision")
	}
	rows, err := x.db.current(s.ctx, x.env, s)
	if err != nil {
		return nil, err
	}
	var steps []revision.Step
	if dir == revision.Up {
		steps, err = e.graph.UpgradePath(rows, target)
	} else {
		steps, err = e.graph.DowngradePath(rows, target)
	}
	if err != nil {
		return nil, err
	}
	sdir := script.Upgrade
	if dir == revision.Down {
		sdir = script.Downgrade
	}
	rsteps := make([]runner.Step, 0, len(steps))
	for _, st := range steps {
		rs := runner.Step{Label: st.LogLine()}
		if !st.Stamp && st.Revision != nil {
			f := e.byID[st.Revision.ID()]
			if f == nil {
				return nil, fmt.Errorf("no script for revision %s", st.Revision.ID())
			}
			// The script runs offline, as --sql runs it: the review changes nothing.
			if rs.Ops, err = x.rt.Collect(f, sdir, x.dialect); err != nil {
				return nil, fmt.Errorf("%s: %w", st.ShortLog(), err)
			}
		}
		rsteps = append(rsteps, rs)
	}
	md, err := x.db.inspect(s.ctx)
	if err != nil {
		return nil, err
	}
	if len(rsteps) == 0 {
		return nil, nil
	}
	found, err := runner.Review(s.ctx, db.db, md, rsteps)
	if found == nil && err == nil {
		found = []Finding{}
	}
	return found, err
}

// printReview prints a review step by step, op by op: each finding, and
// under it the SQL that finds its rows. It fails when a step would.
func (s *Session) printReview(found []Finding) error {
	if found == nil {
		s.out.println("Nothing to review: the database is already there.")
		return nil
	}
	if len(found) == 0 {
		s.out.println("Review: no op of these steps touches rows this database holds.")
		return nil
	}
	fails := 0
	step, op := "", ""
	for _, f := range found {
		if f.Step != step {
			step, op = f.Step, ""
			s.out.println(strings.TrimPrefix(f.Step, "Running "))
		}
		if f.Op != op {
			op = f.Op
			s.out.println("  " + f.Op)
		}
		mark := "    "
		if f.Fails {
			mark = "    FAILS: "
			fails++
		}
		s.out.println(mark + f.Text)
		if f.SQL != "" {
			s.out.println("      " + f.SQL + ";")
		}
	}
	if fails > 0 {
		return fmt.Errorf("Review: %s fail on the rows this database holds; fix the rows (or the script) first", pluralWord(fails, "op would", "ops would"))
	}
	return nil
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
