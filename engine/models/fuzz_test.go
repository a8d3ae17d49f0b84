package models_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"retort/engine/models"
	"retort/engine/python"
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
		res, err := models.Load(fsys, []string{"models"})
		if res == nil {
			t.Fatal("nil result")
		}
		var list python.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				if e.Pos.Filename == "" || e.Pos.Line < 1 || e.Pos.Column < 1 || (e.End.IsValid() && e.End.Offset < e.Pos.Offset) {
					t.Fatalf("bad error %+v for %v", e, err)
				}
			}
		} else if err != nil {
			t.Fatalf("not a positioned error list: %v", err)
		}
	})
}
