package project

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	_ "retort/internal/golden" // go test ./... -update: every test binary takes the flag
)

// project is a MemFS rooted at /proj holding alembic.ini with the given
// [alembic] body and an alembic/ folder.
func project(t *testing.T, body string) *MemFS {
	t.Helper()
	fsys := MemFSOf("/proj", map[string]string{
		"alembic.ini":           "[alembic]\n" + body,
		"alembic/env.py":        "",
		"alembic/versions/x.py": "",
	})
	return fsys
}

func TestLoadTutorial(t *testing.T) {
	fsys := MemFSOf("/path/to/project", map[string]string{
		"alembic.ini":    string(readTestdata(t, "tutorial-alembic.ini")),
		"alembic/env.py": "",
	})
	require.NoError(t, fsys.MkdirAll("alembic/versions"))
	c, err := Load(fsys, "alembic.ini")
	require.NoError(t, err)
	require.Equal(t, "alembic", c.ScriptLocation)
	require.Equal(t, []string{"alembic/versions"}, c.VersionLocations)
	require.False(t, c.VersionLocationsSet)
	require.Equal(t, []string{"."}, c.PrependSysPath)
	require.Equal(t, DefaultFileTemplate, c.FileTemplate)
	require.Equal(t, 40, c.TruncateSlugLength)
	require.False(t, c.RevisionEnvironment)
	db, err := c.Database()
	require.NoError(t, err)
	require.Equal(t, Database{URL: "sqlite:///./myapp.db", Dialect: "sqlite", Name: "myapp.db", Path: "/path/to/project/myapp.db"}, db)

	name, err := c.RevisionFileName("", "1f67b9e072b7", "create users table", time.Now())
	require.NoError(t, err)
	require.Equal(t, "alembic/versions/1f67b9e072b7_create_users_table.py", name)
}

// TestLoadFlaskMigrate: Flask-Migrate's migrations/alembic.ini names no
// script_location; `flask db` uses its directory, the ini's folder.
func TestLoadFlaskMigrate(t *testing.T) {
	fsys := MemFSOf("/proj", map[string]string{
		"migrations/alembic.ini": "[alembic]\n# template used to generate migration files\n# file_template = %%(rev)s_%%(slug)s\n",
		"migrations/env.py":      "",
	})
	c, err := Load(fsys, "migrations/alembic.ini")
	require.NoError(t, err)
	require.Equal(t, "migrations", c.ScriptLocation)
	require.Equal(t, []string{"migrations/versions"}, c.VersionLocations)
	require.Equal(t, "", c.URL, "env.py gives the app's URL")

	// Without env.py beside it, it is Alembic's error.
	fsys = MemFSOf("/proj", map[string]string{"migrations/alembic.ini": "[alembic]\n"})
	_, err = Load(fsys, "migrations/alembic.ini")
	require.EqualError(t, err, "No 'script_location' key found in configuration.")
}

func TestLoadOptions(t *testing.T) {
	fsys := project(t, `script_location = %(here)s/alembic
prepend_sys_path = . src:lib
version_locations = %(here)s/alembic/versions %(here)s/more
file_template = %%(year)d_%%(month).2d_%%(day).2d-%%(rev)s_%%(slug)s
truncate_slug_length = 10
timezone = UTC
revision_environment = true
recursive_version_locations = true
sqlalchemy.url = sqlite:///%(here)s/data/app.db
`)
	c, err := Load(fsys, "alembic.ini")
	require.NoError(t, err)
	require.Equal(t, "alembic", c.ScriptLocation)
	require.Equal(t, []string{".", "src", "lib"}, c.PrependSysPath)
	require.Equal(t, []string{"alembic/versions", "more"}, c.VersionLocations)
	require.True(t, c.VersionLocationsSet)
	require.Equal(t, "%(year)d_%(month).2d_%(day).2d-%(rev)s_%(slug)s", c.FileTemplate)
	require.Equal(t, 10, c.TruncateSlugLength)
	require.True(t, c.RevisionEnvironment)
	require.True(t, c.RecursiveVersionLocations)
	loc, err := c.Location()
	require.NoError(t, err)
	require.Equal(t, "UTC", loc.String())
	db, err := c.Database()
	require.NoError(t, err)
	require.Equal(t, Database{URL: "sqlite:////proj/data/app.db", Dialect: "sqlite", Path: "/proj/data/app.db", Name: "data/app.db"}, db)

	created := time.Date(2026, 3, 7, 9, 5, 1, 0, time.UTC)
	name, err := c.RevisionFileName("more", "ab12cd34ef56", "Add 'age' to users!!", created)
	require.NoError(t, err)
	require.Equal(t, "more/2026_03_07-ab12cd34ef56_add_age_.py", name)
}

func TestPathSeparators(t *testing.T) {
	tests := []struct {
		body    string
		sysPath []string
		vers    []string
	}{
		{"path_separator = os\nprepend_sys_path = .:src\nversion_locations = a:b\n", []string{".", "src"}, []string{"a", "b"}},
		{"path_separator = ;\nprepend_sys_path = . ; src\nversion_locations = a;b c\n", []string{".", "src"}, []string{"a", "b c"}},
		{"path_separator = space\nprepend_sys_path = .  src\nversion_locations = a b\n", []string{".", "src"}, []string{"a", "b"}},
		{"path_separator = newline\nprepend_sys_path = .\n  src\nversion_locations = a\n  b c\n", []string{".", "src"}, []string{"a", "b c"}},
		{"prepend_sys_path = ., src:lib\nversion_locations = a, b  c\n", []string{".", "src", "lib"}, []string{"a", "b", "c"}},
		{"version_path_separator = :\nversion_locations = a:b c\n", nil, []string{"a", "b c"}},
	}
	for _, tt := range tests {
		t.Run(strings.Split(tt.body, "\n")[0], func(t *testing.T) {
			c, err := Load(project(t, "script_location = alembic\n"+tt.body), "alembic.ini")
			require.NoError(t, err)
			require.Equal(t, tt.sysPath, c.PrependSysPath)
			require.Equal(t, tt.vers, c.VersionLocations)
		})
	}
}

func TestDatabaseURLs(t *testing.T) {
	tests := []struct {
		url  string
		want Database
	}{
		{"sqlite:///./myapp.db", Database{Name: "myapp.db", Path: "/proj/myapp.db"}},
		{"sqlite:///myapp.db", Database{Name: "myapp.db", Path: "/proj/myapp.db"}},
		{"sqlite:///data/my app.db", Database{Name: "data/my app.db", Path: "/proj/data/my app.db"}},
		{"sqlite:///../shared.db", Database{Path: "/shared.db"}},
		{"sqlite:////var/lib/app.db", Database{Path: "/var/lib/app.db"}},
		{"sqlite:////proj/inside.db", Database{Name: "inside.db", Path: "/proj/inside.db"}},
		{"sqlite://", Database{Memory: true}},
		{"sqlite:///:memory:", Database{Memory: true}},
		{"sqlite+pysqlite:///x.db?mode=ro", Database{Name: "x.db", Path: "/proj/x.db", Query: "mode=ro"}},
		{"postgresql://scott:tiger@localhost/app", Database{Dialect: "postgresql"}},
		{"postgresql+psycopg2://scott@db.example.com:5433/app?sslmode=require", Database{Dialect: "postgresql"}},
		{"postgres://localhost/app", Database{Dialect: "postgresql"}},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			c, err := Load(project(t, "script_location = alembic\nsqlalchemy.url = "+tt.url+"\n"), "alembic.ini")
			require.NoError(t, err)
			db, err := c.Database()
			require.NoError(t, err)
			tt.want.URL = tt.url
			if tt.want.Dialect == "" {
				tt.want.Dialect = "sqlite"
			}
			require.Equal(t, tt.want, db)
		})
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		db    bool // the error comes from Database()
		want  string
	}{
		{"no file", map[string]string{}, false, "No config file 'alembic.ini' found, or file has no '[alembic]' section"},
		{"no section", map[string]string{"alembic.ini": "[other]\n"}, false,
			"No config file 'alembic.ini' found, or file has no '[alembic]' section"},
		{"no script_location", map[string]string{"alembic.ini": "[alembic]\n"}, false,
			"No 'script_location' key found in configuration."},
		{"missing folder", map[string]string{"alembic.ini": "[alembic]\nscript_location = migrations\n"}, false,
			"Path doesn't exist: '/proj/migrations'.  Please use the 'init' command to create a new scripts folder."},
		{"package resource", map[string]string{"alembic.ini": "[alembic]\nscript_location = myapp:migrations\n"}, false,
			"alembic.ini:2: script_location = myapp:migrations names a Python package resource; Retort needs a folder path"},
		{"outside", map[string]string{"alembic.ini": "[alembic]\nscript_location = /elsewhere/alembic\n"}, false,
			"alembic.ini:2: script_location = /elsewhere/alembic is outside the project folder /proj"},
		{"bad truncate", map[string]string{"alembic.ini": "[alembic]\nscript_location = alembic\ntruncate_slug_length = ten\n", "alembic/env.py": ""}, false,
			"alembic.ini:3: truncate_slug_length = ten is not a whole number"},
		{"bad bool", map[string]string{"alembic.ini": "[alembic]\nscript_location = alembic\nrevision_environment = maybe\n", "alembic/env.py": ""}, false,
			"alembic.ini:3: String is not true/false: 'maybe'"},
		{"bad separator", map[string]string{"alembic.ini": "[alembic]\nscript_location = alembic\npath_separator = comma\n", "alembic/env.py": ""}, false,
			"alembic.ini:3: 'comma' is not a valid value for path_separator; expected 'space', 'newline', 'os', ':', ';'"},
		{"legacy separator with comment", map[string]string{"alembic.ini": "[alembic]\nscript_location = alembic\n" +
			"version_path_separator = os  # Use os.pathsep.\nversion_locations = a\n", "alembic/env.py": ""}, false,
			"alembic.ini:3: 'os  # Use os.pathsep.' is not a valid value for version_path_separator; expected 'space', 'newline', 'os', ':', ';'"},
		{"bad template", map[string]string{"alembic.ini": "[alembic]\nscript_location = alembic\nfile_template = %%(rev)s_%%(name)s\n", "alembic/env.py": ""}, false,
			`alembic.ini:3: file_template "%(rev)s_%(name)s": unknown token %(name); the tokens are rev, slug, epoch, year, month, day, hour, minute, second`},
		{"neither sqlite nor postgresql", map[string]string{"alembic.ini": "[alembic]\nscript_location = alembic\n\nsqlalchemy.url = mysql://scott:tiger@localhost/test\n", "alembic/env.py": ""}, true,
			"alembic.ini:4: sqlalchemy.url = mysql://scott:***@localhost/test: Retort works with SQLite and PostgreSQL (sqlite:///relative/path.db, sqlite:////absolute/path.db, sqlite:// for a database in memory, postgresql://user:password@host/database)"},
		{"template placeholder", map[string]string{"alembic.ini": "[alembic]\nscript_location = alembic\nsqlalchemy.url = driver://user:pass@localhost/dbname\n", "alembic/env.py": ""}, true,
			"alembic.ini:3: sqlalchemy.url = driver://user:***@localhost/dbname: Retort works with SQLite and PostgreSQL (sqlite:///relative/path.db, sqlite:////absolute/path.db, sqlite:// for a database in memory, postgresql://user:password@host/database)"},
		{"host", map[string]string{"alembic.ini": "[alembic]\nscript_location = alembic\nsqlalchemy.url = sqlite://localhost/x.db\n", "alembic/env.py": ""}, true,
			"alembic.ini:3: sqlalchemy.url = sqlite://localhost/x.db: a SQLite URL has no host; write sqlite:///relative/path.db or sqlite:////absolute/path.db"},
		{"no url", map[string]string{"alembic.ini": "[alembic]\nscript_location = alembic\n", "alembic/env.py": ""}, true,
			"alembic.ini: no sqlalchemy.url in section [alembic]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(MemFSOf("/proj", tt.files), "alembic.ini")
			if tt.db {
				require.NoError(t, err)
				_, err = c.Database()
			}
			require.EqualError(t, err, tt.want)
		})
	}
}

// Flask-Migrate's migrations/alembic.ini has no script_location: `flask db`
// sets it to the ini's folder, which holds env.py. Elsewhere the key is
// still required.
func TestConfigFlaskMigrate(t *testing.T) {
	c, err := Load(MemFSOf("/proj", map[string]string{
		"migrations/alembic.ini": "[alembic]\n", "migrations/env.py": "",
	}), "migrations/alembic.ini")
	require.NoError(t, err)
	require.Equal(t, "migrations", c.ScriptLocation)
	require.Equal(t, []string{"migrations/versions"}, c.VersionLocations)

	_, err = Load(MemFSOf("/proj", map[string]string{"migrations/alembic.ini": "[alembic]\n"}), "migrations/alembic.ini")
	require.EqualError(t, err, "No 'script_location' key found in configuration.")
	_, err = Load(MemFSOf("/proj", map[string]string{"alembic.ini": "[alembic]\n", "env.py": ""}), "alembic.ini")
	require.EqualError(t, err, "No 'script_location' key found in configuration.")
}

func TestLoadOnDisk(t *testing.T) {
	dir := t.TempDir()
	fsys, err := NewDirFS(dir)
	require.NoError(t, err)
	_, err = Init(fsys, "alembic")
	require.NoError(t, err)
	c, err := Load(fsys, "alembic.ini")
	require.NoError(t, err)
	require.Equal(t, "alembic", c.ScriptLocation)
	require.Equal(t, []string{"alembic/versions"}, c.VersionLocations)
	_, err = c.Database()
	require.ErrorContains(t, err, "alembic.ini:68: sqlalchemy.url = driver://user:***@localhost/dbname")
	require.Equal(t, filepath.Join(dir, "alembic.ini"), fsys.Abs("alembic.ini"))
}
