//go:build !js

package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// A Flask-Migrate project on disk: -c migrations/alembic.ini finds the app
// and its models, and its relative SQLite URL lands in the app's instance
// folder, which is created as Flask-SQLAlchemy creates it.
func TestFlaskMigrateOnDisk(t *testing.T) {
	p := newProj(t)
	src := "../../../examples/flask-migrate/files"
	require.NoError(t, filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		p.write(filepath.ToSlash(rel), string(data))
		return nil
	}))
	require.NoDirExists(t, p.path("instance"))
	r := p.ok("-c", "migrations/alembic.ini", "revision", "--autogenerate", "-m", "init")
	require.Contains(t, r.stderr, "Detected added table 'user'")
	p.ok("-c", "migrations/alembic.ini", "upgrade", "head")
	require.FileExists(t, p.path("instance/app.db"))
}
