package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"retort/engine/revision"
	"retort/engine/runner"
	"retort/engine/schema"
	"retort/engine/script"
)

// upgrade, downgrade and stamp: online on the database, or as SQL (--sql).

func (s *Session) cmdUpgrade(inv *invocation) error {
	return s.migrate(inv, revision.Up, inv.str("revision"), inv.flag("sql"))
}

func (s *Session) cmdDowngrade(inv *invocation) error {
	return s.migrate(inv, revision.Down, inv.str("revision"), inv.flag("sql"))
}

func (s *Session) migrate(inv *invocation, dir revision.Direction, target string, offline bool) error {
	e, err := s.loadEnv(inv)
	if err != nil {
		return err
	}
	if offline {
		return s.runEnv(e, inv, envOptions{offline: true}, func(x *envRun) error {
			return s.migrateOffline(e, x, dir, target)
		})
	}
	if inv.flag("review") {
		return s.runEnv(e, inv, envOptions{}, func(x *envRun) error {
			s.contextLines(x, false)
			found, err := s.review(e, x, dir, target)
			if err != nil {
				return err
			}
			return s.printReview(found)
		})
	}
	if strings.Contains(target, ":") {
		what := "upgrade"
		if dir == revision.Down {
			what = "downgrade"
		}
		return fmt.Errorf("Range revision not allowed with %s; use --sql for ranges", what)
	}
	return s.runEnv(e, inv, envOptions{}, func(x *envRun) error {
		s.contextLines(x, false)
		rows, err := x.db.current(s.ctx, x.env, s)
		if err != nil {
			return err
		}
		var steps []revision.Step
		if dir == revision.Up {
			steps, err = e.graph.UpgradePath(rows, target)
		} else {
			steps, err = e.graph.DowngradePath(rows, target)
		}
		if err != nil {
			return err
		}
		rsteps, err := s.runnerSteps(e, x, steps)
		if err != nil {
			return err
		}
		s.lastSteps = &stepsRun{from: rows, steps: steps}
		err = x.db.run(s.ctx, x.env, s, rsteps, s.hooks())
		var se *runner.StepError
		if errors.As(err, &se) {
			if se.Committed != "" {
				return fmt.Errorf("%s: %w; the transaction was rolled back to the autocommit block of %s, which committed what ran before it: that stays done", strings.TrimPrefix(se.Step, "Running "), se.Err, strings.TrimPrefix(se.Committed, "Running "))
			}
			if se.Whole {
				return fmt.Errorf("%s: %w; the upgrade ran in one transaction and was rolled back: the database is as it was before it", strings.TrimPrefix(se.Step, "Running "), se.Err)
			}
			return fmt.Errorf("%s: %w; the step was rolled back: the database is as it was before it", strings.TrimPrefix(se.Step, "Running "), se.Err)
		}
		return err
	})
}

// hooks are how a run reports to the user.
func (s *Session) hooks() runner.Hooks {
	return runner.Hooks{
		Log: func(line string) { s.out.info(logMigration, line) },
		SQL: func(stmt string) { s.sqlLog = append(s.sqlLog, stmt) },
		Warn: func(w runner.Warning) bool {
			if s.opts.ConfirmDataLoss && s.opts.Ask != nil {
				answer, ok := s.opts.Ask(Question{Kind: "dataloss", Text: w.String() + ". Run this step? [y/N]", Options: []string{"n", "y"}})
				if ok {
					return isYes(answer)
				}
			}
			s.out.warn(logMigration, w.String())
			return true
		},
		Notice:   func(msg string) { s.out.warn(logMigration, msg) },
		Progress: s.opts.Progress,
	}
}

func isYes(answer string) bool {
	a := strings.ToLower(strings.TrimSpace(answer))
	return a == "y" || a == "yes"
}

// runnerSteps turns the graph's steps into the runner's: the script's
// function to run and the alembic_version writes.
func (s *Session) runnerSteps(e *env, x *envRun, steps []revision.Step) ([]runner.Step, error) {
	out := make([]runner.Step, 0, len(steps))
	for _, st := range steps {
		rs := runner.Step{Label: st.LogLine(), Short: st.ShortLog()}
		if !st.Stamp && st.Revision != nil {
			f := e.byID[st.Revision.ID()]
			if f == nil {
				return nil, fmt.Errorf("no script for revision %s", st.Revision.ID())
			}
			dir := script.Upgrade
			if st.Direction == revision.Down {
				dir = script.Downgrade
			}
			rs.Program = func(m runner.Migration) error { return x.rt.Run(f, dir, m) }
		}
		for _, c := range st.Changes {
			switch c.Kind {
			case revision.Insert:
				rs.Version.Insert = append(rs.Version.Insert, c.To)
			case revision.Update:
				rs.Version.Update = append(rs.Version.Update, runner.VersionUpdate{From: c.From, To: c.To})
			case revision.Delete:
				rs.Version.Delete = append(rs.Version.Delete, c.From)
			}
		}
		out = append(out, rs)
	}
	return out, nil
}

// migrateOffline prints the SQL of a range of steps: "upgrade A:B --sql", or
// "upgrade B --sql" from base; "downgrade A:B --sql" from A down to B.
func (s *Session) migrateOffline(e *env, x *envRun, dir revision.Direction, target string) error {
	start, end, ranged, err := revision.SplitRange(target)
	if err != nil {
		return err
	}
	if !ranged {
		if dir == revision.Down {
			return errors.New("downgrade with --sql requires <fromrev>:<torev>")
		}
		start, end = "", target
	}
	var rows []string
	if start != "" && start != "base" {
		r, err := e.graph.Get(start)
		if err != nil {
			return err
		}
		if r != nil {
			rows = []string{r.ID()}
		}
	}
	s.contextLines(x, true)
	var steps []revision.Step
	if dir == revision.Up {
		steps, err = e.graph.UpgradePath(rows, end)
	} else {
		steps, err = e.graph.DowngradePath(rows, end)
	}
	if err != nil {
		return err
	}
	return s.writeSteps(e, x, rows, steps)
}

// writeSteps writes steps as SQL, offline, starting from the database at
// rows (alembic_version's), whose schema the upgrades to rows give.
func (s *Session) writeSteps(e *env, x *envRun, rows []string, steps []revision.Step) error {
	startSchema, err := s.replay(e, x, rows)
	if err != nil {
		return err
	}
	rsteps, err := s.runnerSteps(e, x, steps)
	if err != nil {
		return err
	}
	hooks := runner.Hooks{Log: func(line string) { s.out.info(logMigration, line) }}
	return writeOfflineSQL(s.out.stdout, x.dialect, x.env, s, startSchema, rsteps, hooks)
}

// replay is the schema of a database at rows: the upgrades from base to each
// of them, each revision once, applied to an empty schema (with
// alembic_version). No rows is the empty database.
func (s *Session) replay(e *env, x *envRun, rows []string) (*schema.MetaData, error) {
	start := &schema.MetaData{}
	if len(rows) == 0 {
		return start, nil
	}
	done := map[string]bool{}
	for _, row := range rows {
		before, err := e.graph.UpgradePath(nil, row)
		if err != nil {
			return nil, err
		}
		for _, st := range before {
			if st.Revision == nil || done[st.Revision.ID()] {
				continue
			}
			done[st.Revision.ID()] = true
			list, err := x.rt.Collect(e.byID[st.Revision.ID()], script.Upgrade, x.dialect)
			if err != nil {
				return nil, fmt.Errorf("replaying %s: %w", st.ShortLog(), err)
			}
			if start, err = replayOps(x.dialect, start, list); err != nil {
				return nil, fmt.Errorf("replaying %s: %w", st.ShortLog(), err)
			}
		}
	}
	start.Tables = append(start.Tables, versionTable(x))
	return start, nil
}

// stepsRun is the last upgrade, downgrade or stamp that ran on the database:
// where it started (alembic_version's rows) and its steps.
type stepsRun struct {
	from  []string
	steps []revision.Step
}

// LastStepsSQL is the SQL the last upgrade, downgrade or stamp's steps run on
// dialect ("sqlite", "postgresql"), written offline from the scripts as they
// are now, as `upgrade A:B --sql` writes it: the page shows the SQL log of a
// step beside what the same step runs on PostgreSQL. It is empty when no step
// ran on the session's database.
func (s *Session) LastStepsSQL(ctx context.Context, dialect string) (string, error) {
	switch dialect {
	case "sqlite", "postgresql":
	default:
		return "", fmt.Errorf("no dialect %q: Retort writes SQL for sqlite and postgresql", dialect)
	}
	last := s.lastSteps
	if last == nil {
		return "", nil
	}
	e, err := s.loadEnv(nil)
	if err != nil {
		return "", err
	}
	for _, st := range last.steps {
		if st.Revision != nil && e.byID[st.Revision.ID()] == nil {
			return "", fmt.Errorf("revision %s is no longer in the project", st.Revision.ID())
		}
	}
	var b strings.Builder
	s.out = &out{stdout: &b, stderr: io.Discard, quiet: true}
	s.ctx = ctx
	defer func() { s.out, s.ctx = nil, nil }()
	err = s.runEnv(e, nil, envOptions{offline: true, dialect: dialect}, func(x *envRun) error {
		return s.writeSteps(e, x, last.from, last.steps)
	})
	return b.String(), err
}

func (s *Session) cmdStamp(inv *invocation) error {
	e, err := s.loadEnv(inv)
	if err != nil {
		return err
	}
	targets := inv.list("revisions")
	if inv.flag("sql") {
		return s.runEnv(e, inv, envOptions{offline: true}, func(x *envRun) error {
			s.contextLines(x, true)
			steps, err := e.graph.StampPath(nil, targets...)
			if err != nil {
				return err
			}
			rsteps, err := s.runnerSteps(e, x, steps)
			if err != nil {
				return err
			}
			return writeOfflineSQL(s.out.stdout, x.dialect, x.env, s, nil, rsteps, runner.Hooks{Log: func(line string) { s.out.info(logMigration, line) }})
		})
	}
	return s.runEnv(e, inv, envOptions{}, func(x *envRun) error {
		s.contextLines(x, false)
		var rows []string
		if inv.flag("purge") {
			if err := x.db.purge(s.ctx, x.env, s); err != nil {
				return err
			}
		} else if rows, err = x.db.current(s.ctx, x.env, s); err != nil {
			return err
		}
		steps, err := e.graph.StampPath(rows, targets...)
		if err != nil {
			return err
		}
		rsteps, err := s.runnerSteps(e, x, steps)
		if err != nil {
			return err
		}
		s.lastSteps = &stepsRun{from: rows, steps: steps}
		return x.db.run(s.ctx, x.env, s, rsteps, s.hooks())
	})
}
