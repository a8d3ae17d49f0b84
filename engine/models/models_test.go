package models_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/models"
	"retort/engine/python"
	"retort/engine/schema"
	"retort/internal/golden"
)

type (
	Result = models.Result
	MapFS  = models.Files
)

func pyQuote(s string) string { return python.Quote(s) }

// runEnv loads a project through its alembic/env.py (set by a test file of
// the package that runs env.py).
var runEnv func(fsys models.FS, envPath string) (any, *Result, error)

// archive is a txtar archive: a comment, then files.
type archive struct {
	comment string
	files   []archiveFile
}

type archiveFile struct {
	name string
	data []byte
}

// parseArchive reads a txtar archive (internal/golden).
func parseArchive(data []byte) *archive {
	g := golden.Parse(string(data))
	a := &archive{comment: g.Comment}
	for _, f := range g.Files {
		a.files = append(a.files, archiveFile{name: f.Name, data: []byte(f.Data)})
	}
	return a
}

func (a *archive) format() []byte {
	g := &golden.Archive{Comment: a.comment}
	for _, f := range a.files {
		g.Files = append(g.Files, golden.File{Name: f.name, Data: string(f.data)})
	}
	return g.Format()
}

func (a *archive) get(name string) ([]byte, bool) {
	for _, f := range a.files {
		if f.name == name {
			return f.data, true
		}
	}
	return nil, false
}

func (a *archive) set(name string, data []byte) {
	for i := range a.files {
		if a.files[i].name == name {
			a.files[i].data = data
			return
		}
	}
	a.files = append(a.files, archiveFile{name: name, data: data})
}

// fsys returns the archive's files, but want.txt, as a project.
func (a *archive) fsys() MapFS {
	m := MapFS{}
	for _, f := range a.files {
		if f.name != "want.txt" {
			m[f.name] = f.data
		}
	}
	return m
}

// modules reads the "modules: a b" line of the comment.
func (a *archive) modules() []string {
	for _, line := range strings.Split(a.comment, "\n") {
		if rest, ok := strings.CutPrefix(line, "modules:"); ok {
			return strings.Fields(rest)
		}
	}
	return nil
}

// run loads the archive's project: through alembic/env.py when it has one,
// else the modules its comment names (default: models).
func (a *archive) run() (any, *Result, error) {
	fsys := a.fsys()
	if _, ok := fsys["alembic/env.py"]; ok && a.modules() == nil {
		return runEnv(fsys, "alembic/env.py")
	}
	mods := a.modules()
	if mods == nil {
		mods = []string{"models"}
	}
	res, err := models.Load(fsys, mods)
	return nil, res, err
}

// dumpType writes a type as SQLAlchemy's repr would, roughly.
func dumpType(t schema.Type) string {
	var args []string
	for _, n := range t.Args {
		args = append(args, fmt.Sprint(n))
	}
	for _, v := range t.Enum {
		args = append(args, pyQuote(v))
	}
	if t.EnumName != "" {
		args = append(args, "name="+pyQuote(t.EnumName))
	}
	if t.Timezone {
		args = append(args, "timezone=True")
	}
	if t.Name == "" {
		return "<no type>"
	}
	if len(args) == 0 {
		return t.Name
	}
	return t.Name + "(" + strings.Join(args, ", ") + ")"
}

// dump writes a stable text form of what Load returned.
func dump(env any, res *Result, err error) string {
	var b strings.Builder
	if s, ok := env.(fmt.Stringer); ok {
		b.WriteString(s.String())
	}
	if res != nil && res.MetaData != nil {
		for _, t := range res.MetaData.Tables {
			fmt.Fprintf(&b, "table %s", t.Name)
			if t.Strict {
				b.WriteString(" STRICT")
			}
			if t.WithoutRowID {
				b.WriteString(" WITHOUT ROWID")
			}
			if t.Comment != "" {
				fmt.Fprintf(&b, " comment=%s", pyQuote(t.Comment))
			}
			b.WriteByte('\n')
			for _, c := range t.Columns {
				null := "NULL"
				if !c.Nullable {
					null = "NOT NULL"
				}
				fmt.Fprintf(&b, "  column %s %s %s", c.Name, dumpType(c.Type), null)
				if c.ServerDefault != "" {
					fmt.Fprintf(&b, " DEFAULT %s", c.ServerDefault)
				}
				if c.Autoincrement {
					b.WriteString(" AUTOINCREMENT")
				}
				if c.Collation != "" {
					fmt.Fprintf(&b, " COLLATE %s", c.Collation)
				}
				if c.Comment != "" {
					fmt.Fprintf(&b, " comment=%s", pyQuote(c.Comment))
				}
				if info := res.Column(t.Name, c.Name); info != nil {
					if info.Attr != c.Name {
						fmt.Fprintf(&b, " attr=%s", info.Attr)
					}
					if info.Default != "" {
						fmt.Fprintf(&b, " default=%s", info.Default)
					}
					if info.OnUpdate != "" {
						fmt.Fprintf(&b, " onupdate=%s", info.OnUpdate)
					}
				}
				b.WriteByte('\n')
			}
			name := func(n string) string {
				if n == "" {
					return ""
				}
				return " " + n
			}
			if pk := t.PrimaryKey; pk != nil {
				fmt.Fprintf(&b, "  primary key%s (%s)\n", name(pk.Name), strings.Join(pk.Columns, ", "))
			}
			for _, u := range t.Uniques {
				fmt.Fprintf(&b, "  unique%s (%s)\n", name(u.Name), strings.Join(u.Columns, ", "))
			}
			for _, ix := range t.Indexes {
				kind := "index"
				if ix.Unique {
					kind = "unique index"
				}
				fmt.Fprintf(&b, "  %s%s (%s)", kind, name(ix.Name), strings.Join(ix.Columns, ", "))
				if ix.Where != "" {
					fmt.Fprintf(&b, " WHERE %s", ix.Where)
				}
				b.WriteByte('\n')
			}
			for _, c := range t.Checks {
				fmt.Fprintf(&b, "  check%s (%s)\n", name(c.Name), c.SQL)
			}
			for _, fk := range t.ForeignKeys {
				fmt.Fprintf(&b, "  foreign key%s (%s) -> %s(%s)", name(fk.Name), strings.Join(fk.Columns, ", "), fk.RefTable, strings.Join(fk.RefColumns, ", "))
				if fk.OnDelete != "" {
					fmt.Fprintf(&b, " ON DELETE %s", fk.OnDelete)
				}
				if fk.OnUpdate != "" {
					fmt.Fprintf(&b, " ON UPDATE %s", fk.OnUpdate)
				}
				if fk.Deferrable != "" {
					fmt.Fprintf(&b, " %s", fk.Deferrable)
				}
				b.WriteByte('\n')
			}
		}
	} else if res != nil {
		b.WriteString("no target metadata\n")
	}
	if res != nil && len(res.Warnings) > 0 {
		b.WriteString("warnings:\n")
		for _, w := range res.Warnings {
			b.WriteString("  " + w.Error() + "\n")
		}
	}
	if err != nil {
		b.WriteString("errors:\n")
		for _, line := range strings.Split(strings.TrimRight(errorLines(err), "\n"), "\n") {
			b.WriteString("  " + line + "\n")
		}
	}
	return b.String()
}

func errorLines(err error) string {
	if list, ok := err.(python.ErrorList); ok {
		var b strings.Builder
		for _, e := range list {
			b.WriteString(e.Error() + "\n")
		}
		return b.String()
	}
	return err.Error() + "\n"
}

// checkGoldens runs every archive in dir through check, comparing (or, with -update,
// rewriting) its want.txt.
func checkGoldens(t *testing.T, dir string, check func(t *testing.T, a *archive) string) {
	files, err := filepath.Glob(filepath.Join("testdata", dir, "*.txtar"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	sort.Strings(files)
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			require.NoError(t, err)
			a := parseArchive(data)
			got := check(t, a)
			if *golden.Update {
				a.set("want.txt", []byte(got))
				require.NoError(t, os.WriteFile(file, a.format(), 0o644))
				return
			}
			want, ok := a.get("want.txt")
			require.True(t, ok, "no want.txt in %s", file)
			require.Equal(t, string(want), got)
		})
	}
}

// Models load into the schema SQLAlchemy would build.
func TestLoad(t *testing.T) {
	checkGoldens(t, "load", func(t *testing.T, a *archive) string {
		env, res, err := a.run()
		require.NotNil(t, res)
		return dump(env, res, err)
	})
}

// Each learner mistake gives exactly one clear positioned error (the comment's
// "errors: N" says how many a case with several mistakes gives), and no panic.
func TestErrors(t *testing.T) {
	checkGoldens(t, "errors", func(t *testing.T, a *archive) string {
		_, res, err := a.run()
		require.NotNil(t, res)
		require.Error(t, err)
		var list python.ErrorList
		require.ErrorAs(t, err, &list)
		want := 1
		for _, line := range strings.Split(a.comment, "\n") {
			if rest, ok := strings.CutPrefix(line, "errors:"); ok {
				fmt.Sscan(rest, &want)
			}
		}
		require.Len(t, list, want, "%s", list)
		for _, e := range list {
			require.True(t, e.Pos.IsValid(), "error without a position: %s", e)
			require.NotEmpty(t, e.Pos.Filename)
		}
		return errorLines(list)
	})
}

// The gallery's models give exactly the schema engine/diff's tests assume
// (engine/diff/gallery_test.go galleryModels): the contract between the two.
func TestGallerySchema(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "load", "gallery.txtar"))
	require.NoError(t, err)
	_, res, err := parseArchive(data).run()
	require.NoError(t, err)
	ty := func(name string, args ...int) schema.Type { return schema.Type{Name: name, Args: args} }
	want := &schema.MetaData{Tables: []*schema.Table{
		{
			Name: "users",
			Columns: []*schema.Column{
				{Name: "id", Type: ty("Integer")},
				{Name: "name", Type: ty("String", 100)},
				{Name: "email", Type: ty("String", 120), Nullable: true},
				{Name: "age", Type: ty("Integer"), Nullable: true},
				{Name: "is_active", Type: ty("Boolean"), ServerDefault: "1"},
				{Name: "status", Type: schema.Type{Name: "Enum", Enum: []string{"active", "banned"}, EnumName: "status"}, Nullable: true},
				{Name: "balance", Type: ty("Numeric", 10, 2), Nullable: true, ServerDefault: "'0'"},
				{Name: "created_at", Type: ty("DateTime"), Nullable: true, ServerDefault: "(CURRENT_TIMESTAMP)"},
			},
			PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}},
			Uniques:    []*schema.Unique{{Name: "uq_users_email", Columns: []string{"email"}}},
			Indexes:    []*schema.Index{{Name: "ix_users_name_email", Table: "users", Columns: []string{"name", "email"}}},
			Checks:     []*schema.Check{{Name: "ck_users_age_positive", SQL: "age >= 0"}},
		},
		{
			Name: "posts",
			Columns: []*schema.Column{
				{Name: "id", Type: ty("Integer")},
				{Name: "title", Type: ty("String", 200)},
				{Name: "user_id", Type: ty("Integer")},
			},
			PrimaryKey:  &schema.PrimaryKey{Columns: []string{"id"}},
			ForeignKeys: []*schema.ForeignKey{{Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}, OnDelete: "CASCADE"}},
		},
		{
			Name: "memberships",
			Columns: []*schema.Column{
				{Name: "user_id", Type: ty("Integer")},
				{Name: "group_name", Type: ty("String", 50)},
				{Name: "joined_at", Type: ty("DateTime")},
			},
			PrimaryKey:  &schema.PrimaryKey{Columns: []string{"user_id", "group_name"}},
			ForeignKeys: []*schema.ForeignKey{{Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}}},
		},
	}}
	for _, tb := range want.Tables {
		for _, c := range tb.Columns {
			if len(c.Type.Args) == 0 {
				c.Type.Args = nil
			}
		}
	}
	require.Equal(t, want, res.MetaData)
}

// A folder on disk (os.DirFS lists folders) works as a project too.
func TestDirFS(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "app", "models"), 0o755))
	files := map[string]string{
		"database.py":          "from sqlalchemy.orm import declarative_base\nBase = declarative_base()\n",
		"app/models/user.py":   "from sqlalchemy import Column, Integer\nfrom database import Base\n\nclass User(Base):\n    __tablename__ = 'users'\n    id = Column(Integer, primary_key=True)\n",
		"app/models/typo.py":   "from databse import Base\n",
		"app/models/unused.py": "",
	}
	for name, src := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644))
	}
	fsys := os.DirFS(dir).(models.DirFS)
	res, err := models.Load(fsys, []string{"app.models.user"})
	require.NoError(t, err)
	require.Equal(t, "users", res.MetaData.Tables[0].Name)
	_, err = models.Load(fsys, []string{"app.models.typo"})
	require.EqualError(t, err, "app/models/typo.py:1:6: No module named 'databse' — did you mean database?")
}
