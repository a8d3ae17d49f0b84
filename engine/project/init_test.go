package project

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestInit(t *testing.T) {
	fsys := NewMemFS("/path/to/project")
	lines, err := Init(fsys, "alembic")
	require.NoError(t, err)
	require.Equal(t, []string{
		"Creating directory '/path/to/project/alembic' ...  done",
		"Creating directory '/path/to/project/alembic/versions' ...  done",
		"Generating /path/to/project/alembic/script.py.mako ...  done",
		"Generating /path/to/project/alembic/README ...  done",
		"Generating /path/to/project/alembic/env.py ...  done",
		"Generating /path/to/project/alembic.ini ...  done",
		"Please edit configuration/connection/logging settings in '/path/to/project/alembic.ini' before proceeding.",
	}, lines)
	files := fsys.Files()
	require.ElementsMatch(t, []string{"alembic.ini", "alembic/README", "alembic/env.py", "alembic/script.py.mako"}, keys(files))
	require.True(t, IsDir(fsys, "alembic/versions"))
	require.Contains(t, files["alembic.ini"], "\nscript_location = %(here)s/alembic\n")

	// The ini has the keys and sections of Alembic 1.19's generic template.
	ini, err := ParseINI("alembic.ini", []byte(files["alembic.ini"]), map[string]string{"here": "/p"})
	require.NoError(t, err)
	ref, err := ParseINI("ref.ini", []byte(strings.ReplaceAll(string(readTestdata(t, "alembic-1.19.ini.mako")),
		"${script_location}", "alembic")), map[string]string{"here": "/p"})
	require.NoError(t, err)
	require.Equal(t, ref.Sections(), ini.Sections())
	for _, s := range ref.Sections() {
		require.Equal(t, ref.Keys(s), ini.Keys(s), s)
		for _, k := range ref.Keys(s) {
			if k == "script_location" {
				continue
			}
			want, _ := ref.Raw(s, k)
			got, _ := ini.Raw(s, k)
			require.Equal(t, want, got, s+"."+k)
		}
	}
	// script.py.mako renders the same revision files as Alembic 1.19's
	require.Equal(t, string(readTestdata(t, "script-1.19.py.mako")), files["alembic/script.py.mako"])

	c, err := Load(fsys, "alembic.ini")
	require.NoError(t, err)
	require.Equal(t, "alembic", c.ScriptLocation)

	// a second init refuses the folder, and changes nothing
	_, err = Init(fsys, "alembic")
	require.EqualError(t, err, "Directory alembic already exists and is not empty")
	require.Equal(t, files, fsys.Files())
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestInitExistingFiles(t *testing.T) {
	fsys := MemFSOf("/w", map[string]string{"alembic.ini": "mine"})
	require.NoError(t, fsys.MkdirAll("migrations"))
	lines, err := Init(fsys, "migrations/")
	require.NoError(t, err)
	require.Equal(t, []string{
		"Creating directory '/w/migrations/versions' ...  done",
		"Generating /w/migrations/script.py.mako ...  done",
		"Generating /w/migrations/README ...  done",
		"Generating /w/migrations/env.py ...  done",
		"File '/w/alembic.ini' already exists, skipping",
		"Please edit configuration/connection/logging settings in '/w/alembic.ini' before proceeding.",
	}, lines)
	require.Equal(t, "mine", fsys.Files()["alembic.ini"])

	lines, err = InitConfig(NewMemFS("/w"), "db/alembic", "db/alembic.ini")
	require.NoError(t, err)
	require.Equal(t, "Generating /w/db/alembic.ini ...  done", lines[len(lines)-2])

	for _, bad := range []string{"", ".", "..", "../x", "/abs", "a/../../b"} {
		_, err := Init(NewMemFS("/w"), bad)
		require.Error(t, err, bad)
	}
	file := MemFSOf("/w", map[string]string{"alembic": "a file"})
	_, err = Init(file, "alembic")
	require.EqualError(t, err, "Directory alembic already exists and is not empty")
}

func TestInitOnDisk(t *testing.T) {
	dir := t.TempDir()
	fsys, err := NewDirFS(dir)
	require.NoError(t, err)
	lines, err := Init(fsys, "alembic")
	require.NoError(t, err)
	require.Equal(t, "Creating directory '"+filepath.Join(dir, "alembic")+"' ...  done", lines[0])
	for _, f := range []string{"alembic.ini", "alembic/env.py", "alembic/script.py.mako", "alembic/README"} {
		_, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f)))
		require.NoError(t, err, f)
	}
	fi, err := os.Stat(filepath.Join(dir, "alembic", "versions"))
	require.NoError(t, err)
	require.True(t, fi.IsDir())
}
