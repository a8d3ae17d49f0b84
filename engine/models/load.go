package models

import (
	"fmt"
	"slices"
	"strings"
)

func newEvaluator(fsys FS) *evaluator {
	return &evaluator{fsys: fsys, modules: map[string]*module{}}
}

// Load reads the model modules (dotted names, as env.py imports them: "models",
// "app.models") and every project module they import, and returns the schema of
// the metadata they define: the only declarative base or MetaData, or, when
// there are several, the first that holds tables.
//
// On mistakes it returns the Result as far as it could be built and an
// ErrorList of every independent mistake, sorted by position.
func Load(fsys FS, modules []string) (*Result, error) {
	ev := newEvaluator(fsys)
	for _, name := range modules {
		if m := ev.loadLocal(name, loc{}, loc{}); m == nil {
			file := strings.ReplaceAll(name, ".", "/")
			ev.errorf(loc{}, loc{}, "No module named '%s' (no %s.py or %s/__init__.py)%s", name, file, file, didYouMean(name, ev.localModules()))
		}
	}
	var target *metadataVal
	for _, b := range ev.bases {
		m := metaOf(b)
		if target == nil {
			target = m
		}
		if len(m.tables) > 0 {
			target = m
			break
		}
	}
	return ev.result([]*metadataVal{target})
}

func metaOf(v value) *metadataVal {
	switch v := v.(type) {
	case *metadataVal:
		return v
	case *classVal:
		return v.metadata()
	}
	return nil
}

// result finalizes every MetaData (so mistakes anywhere are found) and returns
// the targets' schema.
func (ev *evaluator) result(targets []*metadataVal) (*Result, error) {
	res := &Result{}
	done := map[*metadataVal]bool{}
	for _, m := range targets {
		if m == nil || done[m] {
			continue
		}
		done[m] = true
		md, infos := ev.finalize(m)
		if res.MetaData == nil {
			res.MetaData = md
		} else {
			res.MetaData.Tables = append(res.MetaData.Tables, md.Tables...)
		}
		if res.Columns == nil {
			res.Columns = infos // nil when there are none, as append leaves it
		} else {
			res.Columns = append(res.Columns, infos...)
		}
	}
	for n := range ev.convNames {
		res.ConvNames = append(res.ConvNames, n)
	}
	slices.Sort(res.ConvNames)
	for _, m := range ev.metas {
		if !done[m] {
			done[m] = true
			ev.finalize(m)
		}
	}
	res.Files = ev.files
	return res, ev.err()
}

// err returns the mistakes found: the syntax errors if there are any (what
// follows one is too often its consequence), all the others otherwise.
func (ev *evaluator) err() error {
	list := ev.errs
	if len(ev.syntax) > 0 {
		list = ev.syntax
	}
	list.Sort()
	return list.Err()
}

// LoadProject reads a project the way `alembic revision --autogenerate` does:
// it runs env.py's top level (its imports of the models, target_metadata =
// ...) and returns env.py's settings and the target metadata's schema.
// Result.MetaData is nil when env.py sets target_metadata = None.
func LoadProject(fsys FS, envPath string) (*Env, *Result, error) {
	src, err := fsys.ReadFile(envPath)
	if err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", envPath, err)
	}
	env, envErr := LoadEnv(envPath, src)
	ev := newEvaluator(fsys)
	m := &module{name: "env", path: envPath, src: src, env: true}
	ev.exec(m)
	var targets []*metadataVal
	if env != nil && env.TargetMetadata != nil {
		tm := env.TargetMetadata
		switch v := m.ns["target_metadata"].(type) {
		case *metadataVal:
			targets = append(targets, v)
		case *tupleVal:
			for _, it := range v.items {
				if md, ok := it.val.(*metadataVal); ok {
					targets = append(targets, md)
				} else if !silent(it.val) {
					ev.errorAt(it, "target_metadata must hold MetaData objects, such as Base.metadata, not %s", describe(it.val))
				}
			}
		case *classVal:
			ev.errs.Add(tm.Pos, tm.End, fmt.Sprintf("target_metadata must be a MetaData, such as %s.metadata, not the class itself", v.name))
		case noneVal, poisonVal, nil:
		default:
			ev.errs.Add(tm.Pos, tm.End, fmt.Sprintf("target_metadata must be a MetaData, such as Base.metadata, not %s", describe(v)))
		}
	}
	res, err := ev.result(targets)
	if env != nil && env.TargetMetadata != nil && len(targets) > 0 {
		ev.strayTables(res, targets, env.TargetMetadata.Expr)
	}
	if res.MetaData == nil && len(targets) > 0 {
		res.MetaData = nil
	}
	if err == nil && envErr != nil {
		err = envErr
	}
	return env, res, err
}

// strayTables warns about tables that are in a MetaData other than the
// target: autogenerate does not see them (usually a module that made its own
// Base = declarative_base() instead of importing the project's).
func (ev *evaluator) strayTables(res *Result, targets []*metadataVal, expr string) {
	for _, m := range ev.metas {
		if slices.Contains(targets, m) || len(m.tables) == 0 {
			continue
		}
		tv := m.tables[0]
		what := fmt.Sprintf("table '%s'", tv.t.Name)
		if tv.class != nil {
			what = fmt.Sprintf("class %s's table '%s'", tv.class.name, tv.t.Name)
		}
		res.Warnings.Add(tv.pos.Pos(), tv.end.Pos(), fmt.Sprintf("%s is not in target_metadata (%s): it belongs to another MetaData, so autogenerate will not see it — import the project's Base instead of making a new one", what, expr))
	}
	res.Warnings.Sort()
}
