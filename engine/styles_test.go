package engine_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"retort/engine"
	"retort/internal/golden"
)

// The four phases on every project of engine/models/testdata/styles (see its
// README): autogenerate against a fresh SQLite database (the script's imports
// and upgrade()/downgrade() bodies equal to what Alembic 1.8.1 wrote for the
// same project, golden/migration.py), upgrade head (sqlite_master equal to
// the one `alembic upgrade head` left), autogenerate again (`check`: nothing
// detected), downgrade base (alembic_version alone). The goldens come from
// the real libraries or by hand, never from Retort: -update leaves them.
//
// Differences Retort documents, and the comparison allows:
//   - identifiers are always double-quoted in the SQL Retort writes (README,
//     "Design notes"): sqlite_master is compared with plain names unquoted on
//     both sides;
//   - a script Alembic writes without an import it needs (sqlmodel, a
//     project's TypeDecorator module: the "needed" line of
//     golden/sqlite_master.sql) may carry that import.
func TestStylesFourPhases(t *testing.T) {
	const stylesDir = "models/testdata/styles"
	paths, err := filepath.Glob(filepath.Join(stylesDir, "*.txtar"))
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	sort.Strings(paths)
	initFiles := map[string]string{}
	for _, name := range []string{"alembic.ini", "alembic/script.py.mako"} {
		b, err := os.ReadFile(filepath.Join(stylesDir, "_init", name))
		require.NoError(t, err)
		initFiles[name] = string(b)
	}
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".txtar")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(p)
			require.NoError(t, err)
			files, golden := styleFiles(string(data))
			flask := files["migrations/env.py"] != ""
			if !flask {
				for n, d := range initFiles {
					if _, ok := files[n]; !ok {
						files[n] = d
					}
				}
			}
			const rev = "0123456789ab"
			s, err := engine.OpenPlayground(files, engine.Options{
				NewRevisionID: func() string { return rev },
				Now:           func() time.Time { return time.Date(2026, 11, 25, 19, 27, 20, 0, time.UTC) },
			})
			require.NoError(t, err)
			prefix, versions := "alembic", "alembic/versions"
			if flask {
				prefix, versions = "alembic -c migrations/alembic.ini", "migrations/versions"
			}

			// 1. autogenerate
			out, status := try(t, s, prefix+` revision --autogenerate -m "init"`)
			if want, ok := golden["error.txt"]; ok {
				loc, msg, _ := strings.Cut(strings.TrimSpace(want), ": ")
				parts := strings.Split(loc, ":")
				require.NotEqual(t, 0, status, "Python fails with %s: %s; Retort's autogenerate succeeds:\n%s", loc, msg, out)
				require.Contains(t, out, parts[0]+":"+parts[1]+":", "Python fails at %s (%s); Retort says:\n%s", loc, msg, out)
				return
			}
			require.Equal(t, 0, status, "phase 1, autogenerate:\n%s", out)
			script, err := s.ReadFile(versions + "/" + rev + "_init.py")
			require.NoError(t, err, "phase 1, autogenerate: no script; files: %v\n%s", s.Files(), out)
			needed := neededImports(golden["sqlite_master.sql"])
			require.Equal(t, golden["migration.py"], scriptBody(script, needed),
				"phase 1, autogenerate: the script differs from Alembic 1.8.1's (- Alembic, + Retort)")

			// 2. upgrade head
			run := func(phase, line string) {
				t.Helper()
				out, status := try(t, s, prefix+" "+line)
				require.Equal(t, 0, status, "%s:\n%s", phase, out)
			}
			run("phase 2, upgrade head", "upgrade head")
			up, down := masterSections(golden["sqlite_master.sql"])
			require.Equal(t, unquote(up), unquote(sqliteMaster(t, s)),
				"phase 2, upgrade head: sqlite_master differs from Alembic's (- Alembic, + Retort)")

			// 3. nothing left to detect. golden/check.txt is what Alembic
			// 1.8.1's compare finds at this point: on some projects its own
			// false positives (sqlite_sequence, expression indexes), which
			// Retort must not repeat.
			out, status = try(t, s, prefix+" check")
			require.Equal(t, 0, status, "phase 3, autogenerate again: something detected after upgrade:\n%s", out)
			require.Contains(t, out, "No new upgrade operations detected.")

			// 4. downgrade base
			run("phase 4, downgrade base", "downgrade base")
			require.Equal(t, unquote(down), unquote(sqliteMaster(t, s)),
				"phase 4, downgrade base: sqlite_master differs from Alembic's (- Alembic, + Retort)")
		})
	}
}

// styleFiles splits a txtar archive into the project's files and its
// golden/ files (by name without the folder).
func styleFiles(data string) (files, goldens map[string]string) {
	files, goldens = map[string]string{}, map[string]string{}
	for _, f := range golden.Parse(data).Files {
		if g, ok := strings.CutPrefix(f.Name, "golden/"); ok {
			goldens[g] = f.Data
		} else {
			files[f.Name] = f.Data
		}
	}
	return files, goldens
}

// scriptBody is a revision script after its docstring, as record.py keeps
// Alembic's; imports in needed that Alembic does not write are dropped.
// When they were all of the template's ${imports} line (right after
// `import sqlalchemy as sa`, before its blank line), the line stays, empty,
// as Alembic leaves it.
func scriptBody(script string, needed []string) string {
	i := strings.Index(script, `"""`)
	if i < 0 {
		return script
	}
	j := strings.Index(script[i+3:], `"""`)
	if j < 0 {
		return script
	}
	body := strings.TrimLeft(script[i+3+j+3:], "\n")
	if len(needed) == 0 {
		return body
	}
	lines := strings.Split(body, "\n")
	var out []string
	for k := 0; k < len(lines); k++ {
		if !slices.Contains(needed, lines[k]) {
			out = append(out, lines[k])
			continue
		}
		end := k
		for end < len(lines) && slices.Contains(needed, lines[end]) {
			end++
		}
		if k > 0 && lines[k-1] == "import sqlalchemy as sa" && end < len(lines) && lines[end] == "" {
			out = append(out, "")
		}
		k = end - 1
	}
	return strings.Join(out, "\n")
}

// neededImports reads the "# before upgrade the script needed ...: import a;
// import b" line of golden/sqlite_master.sql.
func neededImports(master string) []string {
	for _, line := range strings.Split(master, "\n") {
		if _, rest, ok := strings.Cut(line, "(Alembic does not write it): "); ok && strings.HasPrefix(line, "# before upgrade") {
			return strings.Split(rest, "; ")
		}
	}
	return nil
}

// masterSections splits golden/sqlite_master.sql at its "# after ..." lines.
func masterSections(master string) (up, down string) {
	_, rest, _ := strings.Cut(master, "# after upgrade head\n")
	up, down, _ = strings.Cut(rest, "# after downgrade base\n")
	return up, down
}

// sqliteMaster writes sqlite_master as record.py does.
func sqliteMaster(t *testing.T, s *engine.Playground) string {
	t.Helper()
	res, err := s.Exec(context.Background(), "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY tbl_name, type DESC, name;")
	require.NoError(t, err)
	var b strings.Builder
	for _, row := range res[0].Rows {
		b.WriteString("[" + row[0].(string) + " " + row[1].(string) + " on " + row[2].(string) + "]\n")
		sql, _ := row[3].(string)
		if sql == "" {
			b.WriteString("(no sql)\n")
			continue
		}
		// As record.py: Python's sql.splitlines(), which gives no line
		// after a final newline.
		for _, l := range strings.Split(strings.TrimSuffix(sql, "\n"), "\n") {
			b.WriteString(strings.TrimRight(l, " \t") + "\n")
		}
	}
	return b.String()
}

var quotedName = regexp.MustCompile(`"([A-Za-z_][A-Za-z0-9_]*)"`)

// unquote writes "name" as name where name needs no quotes: Retort quotes
// every identifier, SQLAlchemy only those that need it.
func unquote(sql string) string { return quotedName.ReplaceAllString(sql, "$1") }
