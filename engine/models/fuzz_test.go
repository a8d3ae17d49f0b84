package models

import (
	"os"
	"path/filepath"
	"testing"
)

const fuzzDatabase = `from sqlalchemy import MetaData
from sqlalchemy.orm import declarative_base

Base = declarative_base(metadata=MetaData(naming_convention={"uq": "uq_%(table_name)s_%(column_0_name)s"}))
`

// FuzzLoadModels loads arbitrary models.py text (beside a fixed database.py):
// no panic, and every error is positioned in a file.
func FuzzLoadModels(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*", "*.txtar"))
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		a := parseArchive(data)
		for _, af := range a.files {
			if filepath.Ext(af.name) == ".py" {
				f.Add(af.data)
			}
		}
	}
	envs, _ := filepath.Glob(filepath.Join("testdata", "env", "*.py"))
	for _, file := range envs {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fsys := MapFS{"database.py": []byte(fuzzDatabase), "models.py": src}
		res, err := Load(fsys, []string{"models"})
		if res == nil {
			t.Fatal("nil result")
		}
		for _, d := range Diagnostics(err) {
			if d.File == "" || d.Line < 1 || d.Col < 1 || d.EndOffset < d.Offset {
				t.Fatalf("bad diagnostic %+v for %v", d, err)
			}
		}
		// The same text as env.py, and as a module env.py imports.
		if _, err := LoadEnv("alembic/env.py", src); err != nil {
			_ = Diagnostics(err)
		}
		fsys["alembic/env.py"] = append([]byte("import models\ntarget_metadata = models.Base.metadata\n"), src...)
		if _, res, err := LoadProject(fsys, "alembic/env.py"); res == nil && err == nil {
			t.Fatal("LoadProject: no result and no error")
		}
	})
}
