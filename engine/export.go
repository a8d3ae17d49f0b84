package engine

import (
	"fmt"
	"path"

	"retort/engine/ops"
	"retort/engine/python"
	"retort/engine/script"
)

// Exporting the page's project so that the real Alembic runs it: a zip of the
// files and the database, and the revisions Alembic could not run on SQLite.

// BatchNeed is a revision holding ops the real Alembic cannot run on SQLite
// outside a batch block (it has no ALTER COLUMN, and no ADD/DROP CONSTRAINT).
// Retort runs them anyway, with SQLite's table rebuild; Alembic needs
// `with op.batch_alter_table(...)` for them.
type BatchNeed struct {
	Path string   `json:"path"`
	Ops  []string `json:"ops"` // what needs a batch block: "op.alter_column('users', 'name')"
}

// BatchNeeds lists the revisions that the real Alembic cannot run on SQLite as
// they are written.
func (s *Session) BatchNeeds() ([]BatchNeed, error) {
	e, err := s.loadEnv(nil)
	if err != nil {
		return nil, err
	}
	var out []BatchNeed
	for _, f := range e.files {
		up, down, _, err := s.scriptOps(f)
		if err != nil {
			continue // a script that needs a database to tell its ops
		}
		var what []string
		for _, list := range [][]ops.Op{up, down} {
			for _, op := range list {
				if w := needsBatch(op); w != "" {
					what = append(what, w)
				}
				if b, ok := op.(*ops.Batch); ok {
					for _, inner := range b.Ops {
						if w := needsName(inner); w != "" {
							what = append(what, w)
						}
					}
				}
			}
		}
		if len(what) > 0 {
			out = append(out, BatchNeed{Path: f.Header.Path, Ops: what})
		}
	}
	return out, nil
}

// needsBatch says what about an op outside a batch block Alembic's SQLite
// dialect refuses ("No support for ALTER of constraints in SQLite dialect",
// "SQLite does not support ALTER COLUMN").
func needsBatch(op ops.Op) string {
	switch o := op.(type) {
	case *ops.AlterColumn:
		if o.Nullable != nil || o.Type != nil || o.ServerDefault != nil {
			return fmt.Sprintf("op.alter_column(%s, %s)", python.Quote(o.Table), python.Quote(o.Column))
		}
	case *ops.CreateUnique:
		return fmt.Sprintf("op.create_unique_constraint(%s, %s)", python.NameRepr(o.Unique.Name), python.Quote(o.Table))
	case *ops.CreatePrimaryKey:
		return fmt.Sprintf("op.create_primary_key(%s, %s)", python.NameRepr(o.PrimaryKey.Name), python.Quote(o.Table))
	case *ops.CreateCheck:
		return fmt.Sprintf("op.create_check_constraint(%s, %s)", python.NameRepr(o.Check.Name), python.Quote(o.Table))
	case *ops.CreateForeignKey:
		return fmt.Sprintf("op.create_foreign_key(%s, %s)", python.NameRepr(o.ForeignKey.Name), python.Quote(o.Table))
	case *ops.DropConstraint:
		return fmt.Sprintf("op.drop_constraint(%s, %s)", python.NameRepr(o.Name), python.Quote(o.Table))
	}
	return ""
}

// needsName says what about an op inside a batch block Alembic refuses:
// "Constraint must have a name".
func needsName(op ops.Op) string {
	switch o := op.(type) {
	case *ops.CreateUnique:
		if o.Unique.Name == "" {
			return fmt.Sprintf("batch_op.create_unique_constraint(None) on %s: Alembic's batch mode needs a name", python.Quote(o.Table))
		}
	case *ops.CreatePrimaryKey:
		if o.PrimaryKey.Name == "" {
			return fmt.Sprintf("batch_op.create_primary_key(None) on %s: Alembic's batch mode needs a name", python.Quote(o.Table))
		}
	case *ops.CreateCheck:
		if o.Check.Name == "" {
			return fmt.Sprintf("batch_op.create_check_constraint(None) on %s: Alembic's batch mode needs a name", python.Quote(o.Table))
		}
	case *ops.CreateForeignKey:
		if o.ForeignKey.Name == "" {
			return fmt.Sprintf("batch_op.create_foreign_key(None) on %s: Alembic's batch mode needs a name", python.Quote(o.Table))
		}
	case *ops.DropConstraint:
		if o.Name == "" {
			return fmt.Sprintf("batch_op.drop_constraint(None) on %s: Alembic's batch mode needs a name", python.Quote(o.Table))
		}
	}
	return ""
}

// nameConstraints gives the unnamed constraints a script creates and drops
// the names SQLAlchemy's usual naming convention would (fk_<table>_<column>_
// <referred table>, uq_<table>_<column>, ck_<table>_<n>); a drop takes the
// name of the one constraint of its table and kind the script creates.
func nameConstraints(lists ...[]ops.Op) {
	type key struct {
		table string
		kind  ops.ConstraintKind
	}
	created := map[key][]string{}
	checks := 0
	var walk func(list []ops.Op, fn func(ops.Op))
	walk = func(list []ops.Op, fn func(ops.Op)) {
		for _, op := range list {
			if b, ok := op.(*ops.Batch); ok {
				walk(b.Ops, fn)
				continue
			}
			fn(op)
		}
	}
	for _, list := range lists {
		walk(list, func(op ops.Op) {
			switch o := op.(type) {
			case *ops.CreateForeignKey:
				if o.ForeignKey.Name == "" && len(o.ForeignKey.Columns) > 0 {
					o.ForeignKey.Name = "fk_" + o.Table + "_" + o.ForeignKey.Columns[0] + "_" + o.ForeignKey.RefTable
				}
				created[key{o.Table, ops.KindForeignKey}] = append(created[key{o.Table, ops.KindForeignKey}], o.ForeignKey.Name)
			case *ops.CreateUnique:
				if o.Unique.Name == "" && len(o.Unique.Columns) > 0 {
					o.Unique.Name = "uq_" + o.Table + "_" + o.Unique.Columns[0]
				}
				created[key{o.Table, ops.KindUnique}] = append(created[key{o.Table, ops.KindUnique}], o.Unique.Name)
			case *ops.CreateCheck:
				if o.Check.Name == "" {
					checks++
					o.Check.Name = fmt.Sprintf("ck_%s_%d", o.Table, checks)
				}
				created[key{o.Table, ops.KindCheck}] = append(created[key{o.Table, ops.KindCheck}], o.Check.Name)
			}
		})
	}
	for _, list := range lists {
		walk(list, func(op ops.Op) {
			if o, ok := op.(*ops.DropConstraint); ok && o.Name == "" {
				if names := created[key{o.Table, o.Kind}]; len(names) == 1 {
					o.Name = names[0]
				}
			}
		})
	}
}

// RenderAsBatch rewrites a revision script with its ops in batch blocks
// (`with op.batch_alter_table(...) as batch_op:`), through the project's
// script.py.mako, so that the real Alembic can run it on SQLite; unnamed
// constraints get names, which Alembic's batch mode requires.
func (s *Session) RenderAsBatch(name string) error {
	e, err := s.loadEnv(nil)
	if err != nil {
		return err
	}
	var f *script.File
	for _, x := range e.files {
		if x.Header.Path == name {
			f = x
		}
	}
	if f == nil {
		return fmt.Errorf("%s is not a revision script", name)
	}
	if !script.OnlyOps(f) {
		return fmt.Errorf("%s does more than call op.*: Retort rewrites only scripts made of operations, and this one would lose its code", name)
	}
	up, down, conv, err := s.scriptOps(f)
	if err != nil {
		return err
	}
	tmplPath := path.Join(e.cfg.ScriptLocation, "script.py.mako")
	tmpl, err := s.opts.FS.ReadFile(tmplPath)
	if err != nil {
		return fmt.Errorf("reading %s: %w", tmplPath, err)
	}
	nameConstraints(up, down)
	info := f.RevisionInfo()
	text, err := script.Render(string(tmpl), info, up, down, script.RenderOptions{
		AsBatch: true, Autogenerate: f.Autogenerated, Imports: f.Imports, ConvNames: conv,
	})
	if err != nil {
		return fmt.Errorf("%s: %w", tmplPath, err)
	}
	return s.opts.FS.WriteFile(name, []byte(text))
}

// scriptOps runs a script's upgrade() and downgrade() offline for their
// operations (what --sql would write) and the names it writes as op.f().
func (s *Session) scriptOps(f *script.File) (up, down []ops.Op, conv []string, err error) {
	rt := script.New(script.Project{FS: modelFS{fs: s.opts.FS, s: s}, Root: s.opts.FS.Abs(".")}, script.Options{Offline: true, Environ: s.opts.Environ})
	if up, err = rt.Collect(f, script.Upgrade, "sqlite"); err != nil {
		return nil, nil, nil, err
	}
	if down, err = rt.Collect(f, script.Downgrade, "sqlite"); err != nil {
		return nil, nil, nil, err
	}
	return up, down, rt.ConvNames(), nil
}
