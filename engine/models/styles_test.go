package models_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/schema"
	"retort/engine/sqlite"
)

// The styles are real projects in every common model style (SQLAlchemy 1.x
// and 2.0 declarative, SQLModel, Flask-SQLAlchemy 2.x/3.x with Flask-Migrate,
// and the Python that models files use). Their golden/ files come from the
// real libraries (testdata/styles/record.py) or, where the comment says so,
// by hand: never from Retort, so -update does not touch them.
// See testdata/styles/README.md.

// styleArchive is one styles/*.txtar.
type styleArchive struct {
	name string
	*archive
}

func styleArchives(t *testing.T) []styleArchive {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "styles", "*.txtar"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	sort.Strings(files)
	var out []styleArchive
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		out = append(out, styleArchive{strings.TrimSuffix(filepath.Base(f), ".txtar"), parseArchive(data)})
	}
	return out
}

// project returns the project's files (not golden/) and its env.py: Flask-
// Migrate's migrations/env.py when there is one, else alembic/env.py.
func (a styleArchive) project() (MapFS, string) {
	m := MapFS{}
	for _, f := range a.files {
		if !strings.HasPrefix(f.name, "golden/") {
			m[f.name] = f.data
		}
	}
	if _, ok := m["migrations/env.py"]; ok {
		return m, "migrations/env.py"
	}
	return m, "alembic/env.py"
}

// Each style loads into the schema SQLAlchemy builds for it
// (golden/schema.txt), or fails where Python fails (golden/error.txt).
func TestStyles(t *testing.T) {
	for _, a := range styleArchives(t) {
		t.Run(a.name, func(t *testing.T) {
			fsys, envPath := a.project()
			_, res, err := runEnv(fsys, envPath)
			if want, ok := a.get("golden/error.txt"); ok {
				checkStyleError(t, string(want), err)
				return
			}
			require.NoError(t, err, "%s: Retort cannot load what SQLAlchemy loads", a.name)
			require.NotNil(t, res)
			want, ok := a.get("golden/schema.txt")
			require.True(t, ok, "%s has no golden/schema.txt: run record.py", a.name)
			require.Equal(t, styleNotes(string(want)), styleNotes(dumpStyle(res)),
				"%s: the schema differs from SQLAlchemy's (- SQLAlchemy, + Retort)", a.name)
		})
	}
}

// checkStyleError requires err to be positioned where Python's traceback
// ends in the project (golden/error.txt: "file:line:col: Exception: msg");
// the column and the message are Retort's own.
func checkStyleError(t *testing.T, want string, err error) {
	t.Helper()
	loc, msg, _ := strings.Cut(strings.TrimSpace(want), ": ")
	require.Error(t, err, "Python fails with %s: %s; Retort loads it", loc, msg)
	parts := strings.Split(loc, ":")
	require.GreaterOrEqual(t, len(parts), 2, "golden/error.txt: %q", want)
	fileLine := parts[0] + ":" + parts[1] + ":"
	require.Regexp(t, `^[^:\n]+:\d+:\d+: `, err.Error(), "an error without a position")
	first := strings.SplitN(err.Error(), "\n", 2)[0]
	require.True(t, strings.HasPrefix(first, fileLine),
		"Python fails at %s (%s); Retort's first error is %q", loc, msg, first)
}

// styleNotes drops what the comparison ignores: lines that start with "#"
// and text after "  # " (SQLAlchemy's repr of a type, warnings).
func styleNotes(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		if i := strings.Index(line, "  # "); i >= 0 {
			line = line[:i]
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// dumpStyle writes Retort's schema as record.py's dump_metadata writes
// SQLAlchemy's MetaData.
func dumpStyle(res *Result) string {
	if res.MetaData == nil {
		return "target_metadata is None\n"
	}
	var b strings.Builder
	conv := func(name string) string {
		if name != "" && slices.Contains(res.ConvNames, name) {
			return " [conv]"
		}
		return ""
	}
	nm := func(name string) string {
		if name == "" {
			return ""
		}
		return " " + name
	}
	for _, t := range res.MetaData.Tables {
		b.WriteString("table " + t.Name)
		for _, c := range t.Columns {
			if c.Autoincrement {
				b.WriteString(" sqlite_autoincrement=True")
				break
			}
		}
		if t.Strict {
			b.WriteString(" sqlite_strict=True")
		}
		if t.WithoutRowID {
			b.WriteString(" sqlite_with_rowid=False")
		}
		if t.Comment != "" {
			b.WriteString(" comment=" + styleRepr(t.Comment))
		}
		b.WriteByte('\n')
		for _, c := range t.Columns {
			null := "NULL"
			if info := res.Column(t.Name, c.Name); !c.Nullable && (info == nil || !info.ORMNullable) {
				null = "NOT NULL"
			}
			fmt.Fprintf(&b, "  column %s %s %s %s", c.Name, sqlite.TypeSQL(c.Type), styleClass(c.Type), null)
			if t.IsPrimaryKey(c.Name) {
				b.WriteString(" PRIMARY KEY")
			}
			if c.ServerDefault != "" {
				b.WriteString(" DEFAULT " + c.ServerDefault)
			}
			switch c.AutoincrementArg {
			case "true":
				b.WriteString(" autoincrement=True")
			case "false":
				b.WriteString(" autoincrement=False")
			case "ignore_fk":
				b.WriteString(" autoincrement='ignore_fk'")
			}
			if id := c.Identity; id != nil {
				args := []string{"always=" + styleBool(id.Always)}
				if id.Start != nil {
					args = append(args, fmt.Sprintf("start=%d", *id.Start))
				}
				if id.Increment != nil {
					args = append(args, fmt.Sprintf("increment=%d", *id.Increment))
				}
				b.WriteString(" identity(" + strings.Join(args, ", ") + ")")
			}
			if cp := c.Computed; cp != nil {
				persisted := "None"
				if cp.Persisted != nil {
					persisted = styleBool(*cp.Persisted)
				}
				b.WriteString(" computed(" + cp.SQL + ", persisted=" + persisted + ")")
			}
			if c.Comment != "" {
				b.WriteString(" comment=" + styleRepr(c.Comment))
			}
			b.WriteByte('\n')
		}
		if pk := t.PrimaryKey; pk != nil && len(pk.Columns) > 0 {
			fmt.Fprintf(&b, "  primary key%s (%s)%s\n", nm(pk.Name), strings.Join(pk.Columns, ", "), conv(pk.Name))
		}
		var uqs, cks, fks []string
		for _, u := range t.Uniques {
			uqs = append(uqs, fmt.Sprintf("  unique%s (%s)%s", nm(u.Name), strings.Join(u.Columns, ", "), conv(u.Name)))
		}
		for _, c := range t.Checks {
			cks = append(cks, fmt.Sprintf("  check%s (%s)%s", nm(c.Name), c.SQL, conv(c.Name)))
		}
		for _, fk := range t.ForeignKeys {
			s := fmt.Sprintf("  foreign key%s (%s) -> %s(%s)", nm(fk.Name), strings.Join(fk.Columns, ", "), fk.RefTable, strings.Join(fk.RefColumns, ", "))
			if fk.OnDelete != "" {
				s += " ON DELETE " + fk.OnDelete
			}
			if fk.OnUpdate != "" {
				s += " ON UPDATE " + fk.OnUpdate
			}
			if fk.Deferrable != "" {
				s += " " + fk.Deferrable
			}
			fks = append(fks, s+conv(fk.Name))
		}
		sort.Strings(uqs)
		sort.Strings(cks)
		sort.Strings(fks)
		for _, s := range uqs {
			b.WriteString(s + "\n")
		}
		ixs := slices.Clone(t.Indexes)
		slices.SortStableFunc(ixs, func(x, y *schema.Index) int { return strings.Compare(x.Name, y.Name) })
		for _, ix := range ixs {
			kind := "index"
			if ix.Unique {
				kind = "unique index"
			}
			fmt.Fprintf(&b, "  %s%s (%s)", kind, nm(ix.Name), strings.Join(ix.Columns, ", "))
			if ix.Where != "" {
				b.WriteString(" WHERE " + ix.Where)
			}
			b.WriteString(conv(ix.Name) + "\n")
		}
		for _, s := range cks {
			b.WriteString(s + "\n")
		}
		for _, s := range fks {
			b.WriteString(s + "\n")
		}
	}
	return b.String()
}

// styleClass is record.py's type_class: SQLAlchemy's class name, with an
// Enum's values and name and a DateTime's timezone; for a type that is not
// SQLAlchemy's own (a TypeDecorator), its class and the class of the type it
// stands for: AutoString->String.
func styleClass(t schema.Type) string {
	if t.Class != "" {
		u := t
		u.Class = ""
		return t.Class[strings.LastIndexByte(t.Class, '.')+1:] + "->" + styleClass(u)
	}
	switch t.Name {
	case "Enum":
		var args []string
		for _, v := range t.Enum {
			args = append(args, styleRepr(v))
		}
		if t.EnumName != "" {
			args = append(args, "name="+styleRepr(t.EnumName))
		}
		return "Enum(" + strings.Join(args, ", ") + ")"
	case "DateTime":
		if t.Timezone {
			return "DateTime(timezone=True)"
		}
	}
	return t.Name
}

// styleBool is Python's repr of a bool.
func styleBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

// styleRepr quotes a string as Python's repr does.
func styleRepr(s string) string {
	if strings.Contains(s, "'") && !strings.Contains(s, `"`) {
		return `"` + s + `"`
	}
	return "'" + strings.NewReplacer(`\`, `\\`, "'", `\'`, "\n", `\n`).Replace(s) + "'"
}

// The styles' goldens are all there and none came from Retort: every
// archive says how its golden was made (golden: recorded by record.py with
// ..., or hand-written from ...), and has either a schema or an error.
func TestStylesGoldens(t *testing.T) {
	golden := regexp.MustCompile(`(?m)^golden: (recorded by record\.py with |hand-written)`)
	for _, a := range styleArchives(t) {
		require.Regexp(t, golden, a.comment, "%s: no golden: line", a.name)
		_, schemaOK := a.get("golden/schema.txt")
		_, errOK := a.get("golden/error.txt")
		require.True(t, schemaOK != errOK, "%s: want exactly one of golden/schema.txt and golden/error.txt", a.name)
		if schemaOK {
			for _, f := range []string{"golden/migration.py", "golden/check.txt", "golden/sqlite_master.sql"} {
				_, ok := a.get(f)
				require.True(t, ok, "%s: no %s", a.name, f)
			}
		}
	}
}
