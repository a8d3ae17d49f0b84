package models_test

import (
	"fmt"
	"strings"

	"retort/engine/interp"
	"retort/engine/models"
	"retort/engine/script"
)

// envSettings is what the dump of an env.py project shows of it.
type envSettings struct {
	rt      *script.Runtime
	targets []interp.Value
	env     *script.Environment
}

func (e envSettings) String() string {
	if e.rt == nil {
		return ""
	}
	var names []string
	for _, t := range e.targets {
		names = append(names, e.rt.Lib().DescribeTarget(t))
	}
	target := "None"
	if len(names) > 0 {
		target = strings.Join(names, ", ")
	}
	in := e.rt.Interp()
	return fmt.Sprintf("env: target %s, render_as_batch=%v compare_type=%v compare_server_default=%v\n", target,
		e.env.Bool(in, "render_as_batch", false), e.env.Bool(in, "compare_type", true), e.env.Bool(in, "compare_server_default", false))
}

func init() {
	runEnv = func(fsys models.FS, envPath string) (any, *Result, error) {
		src, err := fsys.ReadFile(envPath)
		if err != nil {
			return nil, nil, err
		}
		var res *Result
		rt := script.New(script.Project{FS: fsys, Root: "/project"}, script.Options{
			Recover: true,
			Config:  testConfig{},
			Open:    func(url string) (script.DB, error) { return nil, nil },
			RunMigrations: func(env *script.Environment) error {
				return nil
			},
		})
		env, err := rt.RunEnv(envPath, "/project/"+envPath, src)
		var targets []interp.Value
		if env != nil && env.Configured {
			targets = env.TargetMetadata
		} else if v := rt.EnvGlobal("target_metadata"); v != nil {
			// A test env.py that only sets target_metadata.
			if items, err := rt.Interp().List(v); err == nil {
				targets = items
			} else if v != interp.None {
				targets = []interp.Value{v}
			}
		}
		res = rt.Lib().Result(targets)
		if len(targets) == 0 {
			res.MetaData = nil
		}
		res.Files = rt.Files()
		res.Warnings = append(rt.Lib().StrayTables(targets), rt.Interp().Warnings()...)
		if errs := rt.Interp().Errors(); len(errs) > 0 {
			return envSettings{}, res, errs
		}
		if err != nil {
			return envSettings{}, res, err
		}
		return envSettings{rt: rt, targets: targets, env: env}, res, nil
	}
}

// testConfig is an alembic.ini for the archives that have none.
type testConfig struct{}

func (testConfig) FileName() string { return "alembic.ini" }
func (testConfig) Section() string  { return "alembic" }
func (testConfig) Get(section, key string) (string, bool, error) {
	if section == "alembic" && key == "sqlalchemy.url" {
		return "sqlite://", true, nil
	}
	return "", false, nil
}
func (testConfig) Keys(section string) []string {
	if section == "alembic" {
		return []string{"sqlalchemy.url"}
	}
	return nil
}
