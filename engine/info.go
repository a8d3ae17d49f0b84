package engine

import (
	"fmt"
	"slices"
	"strings"

	"retort/engine/project"
	"retort/engine/python"
	"retort/engine/revision"
)

// The commands that read and print: init, list_templates, current, history,
// heads, branches, show.

func (s *Session) cmdInit(inv *invocation) error {
	if t := inv.str("template"); t != "" && t != "generic" {
		return fmt.Errorf("No such template %s", python.Quote(t))
	}
	lines, err := project.InitConfig(s.opts.FS, inv.str("directory"), s.configFile(inv))
	for _, l := range lines {
		s.out.println(l)
	}
	return err
}

func (s *Session) cmdListTemplates(*invocation) error {
	fmt.Fprintf(s.out.stdout, "Available templates:\n\ngeneric - Generic single-database configuration.\n\nTemplates are used via the 'init' command, e.g.:\n\n  %s init --template generic ./scripts\n", s.opts.Prog)
	return nil
}

// contextLines are what Alembic logs when a command opens the database.
// Retort runs each step in a transaction, and says so.
func (s *Session) contextLines(x *envRun, offline bool) {
	s.out.info(logMigration, "Context impl "+dialectImpl(x.dialect)+".")
	if offline {
		s.out.info(logMigration, "Generating static SQL")
	}
	s.out.info(logMigration, "Will assume transactional DDL.")
}

func (s *Session) cmdCurrent(inv *invocation) error {
	e, err := s.loadEnv(inv)
	if err != nil {
		return err
	}
	return s.runEnv(e, inv, envOptions{}, func(x *envRun) error { return s.printCurrent(e, inv, x) })
}

// current reads alembic_version through env.py's connection.
func (s *Session) current(e *env, inv *invocation) ([]string, error) {
	var rows []string
	err := s.runEnv(e, inv, envOptions{}, func(x *envRun) error {
		s.contextLines(x, false)
		var err error
		rows, err = x.db.current(s.ctx, x.env, s)
		return err
	})
	return rows, err
}

// printCurrent is current's work once env.py configured the connection.
func (s *Session) printCurrent(e *env, inv *invocation, x *envRun) error {
	verbose := inv.flag("verbose")
	s.contextLines(x, false)
	rows, err := x.db.current(s.ctx, x.env, s)
	if err != nil {
		return err
	}
	// Alembic prints it once the migration context is configured: after the
	// context lines, and only when the database could be read.
	if verbose {
		if d, err := e.cfg.Database(); err == nil {
			s.out.println("Current revision(s) for " + d.URL + ":")
		}
	}
	revs, err := e.graph.Current(rows)
	if err != nil {
		return err
	}
	for _, r := range revs {
		s.out.println(r.CmdFormat(revision.CurrentFormat(verbose)))
	}
	return nil
}

func (s *Session) cmdHistory(inv *invocation) error {
	e, err := s.loadEnv(inv)
	if err != nil {
		return err
	}
	rng := inv.str("rev-range")
	indicate := inv.flag("indicate-current")
	var rows []string
	if indicate || strings.Contains(rng, "current") {
		if rows, err = s.current(e, inv); err != nil {
			return err
		}
	}
	revs, err := e.graph.History(rng, rows)
	if err != nil {
		return err
	}
	for _, r := range revs {
		isCurrent := indicate && slices.Contains(rows, r.ID())
		s.out.println(r.CmdFormat(revision.HistoryFormat(inv.flag("verbose"), isCurrent)))
	}
	return nil
}

func (s *Session) cmdHeads(inv *invocation) error {
	e, err := s.loadEnv(inv)
	if err != nil {
		return err
	}
	ids := e.graph.Heads()
	if inv.flag("resolve-dependencies") {
		ids = e.graph.RealHeads()
	}
	for _, id := range ids {
		s.out.println(e.graph.Revision(id).CmdFormat(revision.HeadsFormat(inv.flag("verbose"))))
	}
	return nil
}

func (s *Session) cmdBranches(inv *invocation) error {
	e, err := s.loadEnv(inv)
	if err != nil {
		return err
	}
	for _, r := range e.graph.BranchPoints() {
		s.out.println(e.graph.BranchesEntry(r, inv.flag("verbose")))
	}
	return nil
}

func (s *Session) cmdShow(inv *invocation) error {
	e, err := s.loadEnv(inv)
	if err != nil {
		return err
	}
	target := inv.str("rev")
	var revs []*revision.Revision
	if target == "current" {
		rows, err := s.current(e, inv)
		if err != nil {
			return err
		}
		if revs, err = e.graph.Current(rows); err != nil {
			return err
		}
	} else if revs, err = e.graph.GetAll(target); err != nil {
		return err
	}
	for _, r := range revs {
		if r == nil {
			continue
		}
		s.out.println(r.LogEntry(false))
	}
	return nil
}
