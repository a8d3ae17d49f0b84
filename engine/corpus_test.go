package engine_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"retort/engine"
	"retort/engine/project"
	"retort/engine/sqlite"
	"retort/internal/golden"
)

// TestCorpus holds Retort to the real Alembic on public projects' revision
// histories (testdata/corpus/<project>/, each with its SOURCE.md). Each
// project's golden.txtar was recorded by testdata/corpus/record.py with
// Alembic 1.8.1 and SQLAlchemy 1.4.46: for every step, the INSERT statements
// run before it, the command and what Alembic logged, and the schema and rows
// after it. The test copies the project into a folder of its own, replays the
// same steps through Retort (same inserts, same commands) and compares, step
// by step, the "Running ..." log lines, the schema and the rows; it stops a
// project at its first difference and says which step and what differs.
//
//	go test ./engine -run TestCorpus/gertty
func TestCorpus(t *testing.T) {
	goldens, err := filepath.Glob("testdata/corpus/*/golden.txtar")
	require.NoError(t, err)
	require.NotEmpty(t, goldens)
	for _, g := range goldens {
		dir := filepath.Dir(g)
		t.Run(filepath.Base(dir), func(t *testing.T) { runCorpusProject(t, dir) })
	}
}

// TestCorpusHarness runs the corpus test's machinery on small projects of
// our own, recorded by record.py like the corpus, which Retort runs as
// Alembic does: every step must compare equal. tutorial (the tutorial's
// three revisions, plain op.* calls) keeps the recorder, the replay and the
// two dumps honest while TestCorpus fails; batch holds what the corpus
// needed of SQLAlchemy and Alembic in one place (server defaults as DDL,
// reflected Table objects, batch copy_from/naming_convention/reflect_args).
func TestCorpusHarness(t *testing.T) {
	goldens, err := filepath.Glob("testdata/corpus-harness/*/golden.txtar")
	require.NoError(t, err)
	require.NotEmpty(t, goldens)
	for _, g := range goldens {
		dir := filepath.Dir(g)
		t.Run(filepath.Base(dir), func(t *testing.T) { runCorpusProject(t, dir) })
	}
}

// TestCorpusSize: issue 11 asks for at least six projects.
func TestCorpusSize(t *testing.T) {
	goldens, err := filepath.Glob("testdata/corpus/*/golden.txtar")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(goldens), 6, "the corpus has at least six projects")
}

// corpusStep is one step of a golden: the inserts run before the command, and
// what the real Alembic logged and left.
type corpusStep struct {
	name, command  string
	inserts        []string
	running        []string // the "Running ..." log lines
	stdout         string   // what the scripts printed
	schema, rows   string
	alembicLogFull string
}

// notCopied are the files of a corpus folder that are not part of the
// Alembic project (record.py's NOT_COPIED).
var notCopied = []string{"golden.txtar", "SOURCE.md", "LICENSE", "corpus.json", "seed.sql"}

func runCorpusProject(t *testing.T, dir string) {
	ctx := context.Background()
	// -update re-records the project's golden with the real Alembic
	// (testdata/corpus/record.py) before comparing.
	if *golden.Update {
		if runtime.GOOS == "js" {
			t.Fatal("-update runs /usr/bin/python3 and /usr/bin/alembic: run it natively")
		}
		rel, err := filepath.Rel("testdata/corpus", dir)
		require.NoError(t, err)
		out, err := exec.Command("/usr/bin/python3", "testdata/corpus/record.py", rel).CombinedOutput()
		require.NoError(t, err, "testdata/corpus/record.py (needs Debian's alembic):\n%s", out)
	}
	golden, err := os.ReadFile(filepath.Join(dir, "golden.txtar"))
	require.NoError(t, err)
	steps := parseCorpusGolden(t, string(golden))
	require.NotEmpty(t, steps)

	work := t.TempDir()
	copyCorpusProject(t, dir, work)
	dbPath := filepath.Join(work, "corpus.db")
	gap := readCorpusGap(t, dir)
	if gap.NativeOnly != "" && runtime.GOOS == "js" {
		t.Skipf("runs natively only: %s", gap.NativeOnly)
	}
	if seed, err := os.ReadFile(filepath.Join(dir, "seed.sql")); err == nil {
		withDB(t, dbPath, func(db *sqlite.DB) {
			_, err := db.Exec(ctx, string(seed))
			require.NoError(t, err, "seed.sql")
		})
	}
	fsys, err := project.NewDirFS(work)
	require.NoError(t, err)
	s, err := engine.Open(engine.Options{FS: fsys, Prog: "alembic"})
	require.NoError(t, err)

	for _, st := range steps {
		label := fmt.Sprintf("step %s of %d (alembic %s)", st.name, len(steps), st.command)
		err := runCorpusStep(t, s, dbPath, st, label)
		if gap.StopsAt == st.name {
			require.Error(t, err, "%s: Retort now runs this step as Alembic does: move corpus.json's retort_stops_at on (it says %q)", label, gap.Because)
			t.Logf("%s: where Retort stops today (corpus.json: %s):\n%v", label, gap.Because, err)
			return
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	require.Empty(t, gap.StopsAt, "corpus.json names step %s as where Retort stops, but the golden has no such step", gap.StopsAt)
}

// corpusGap is where Retort stops on a project today, and why: corpus.json's
// retort_stops_at and retort_because. Every step before it must be run as
// Alembic runs it, and it must still fail (when it passes the test says so,
// so that the frontier only moves forward).
type corpusGap struct {
	StopsAt string `json:"retort_stops_at"`
	Because string `json:"retort_because"`
	// NativeOnly says why a project runs only natively (corpus.json's
	// native_only): what the page's build of SQLite leaves out.
	NativeOnly string `json:"native_only"`
}

func readCorpusGap(t *testing.T, dir string) corpusGap {
	t.Helper()
	var gap corpusGap
	data, err := os.ReadFile(filepath.Join(dir, "corpus.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &gap))
	if gap.StopsAt != "" {
		require.NotEmpty(t, gap.Because, "%s/corpus.json: retort_stops_at needs retort_because", dir)
	}
	return gap
}

// runCorpusStep runs one recorded step through Retort and compares it with
// what Alembic did.
func runCorpusStep(t *testing.T, s *engine.Session, dbPath string, st corpusStep, label string) error {
	ctx := context.Background()
	withDB(t, dbPath, func(db *sqlite.DB) {
		for _, stmt := range st.inserts {
			_, err := db.Exec(ctx, stmt)
			require.NoError(t, err, "%s: the recorded insert %s", label, stmt)
		}
	})
	argv, err := engine.SplitCommand(st.command)
	require.NoError(t, err)
	var stdout, stderr bytes.Buffer
	status := s.Run(ctx, argv, &stdout, &stderr)
	if status != 0 {
		return fmt.Errorf("%s: Retort failed (exit %d):\n%s%s\nAlembic ran it:\n%s", label, status, stdout.String(), stderr.String(), st.alembicLogFull)
	}
	if got := runningLines(stderr.String()); !slices.Equal(got, st.running) {
		return fmt.Errorf("%s: Retort logged\n%s\nAlembic logged\n%s", label, strings.Join(got, "\n"), strings.Join(st.running, "\n"))
	}
	if d := firstDiff(st.stdout, stdout.String()); d != "" {
		return fmt.Errorf("%s: the scripts printed otherwise (- Alembic, + Retort):\n%s", label, d)
	}
	var schema, rows string
	withDB(t, dbPath, func(db *sqlite.DB) {
		schema = dumpSchema(t, db)
		rows = dumpRows(t, db)
	})
	if d := firstDiff(st.schema, schema); d != "" {
		return fmt.Errorf("%s: the schema differs from Alembic's (- Alembic, + Retort):\n%s", label, d)
	}
	if d := firstDiff(st.rows, normalize(rows)); d != "" {
		return fmt.Errorf("%s: the rows differ from Alembic's (- Alembic, + Retort):\n%s", label, d)
	}
	return nil
}

func withDB(t *testing.T, path string, fn func(db *sqlite.DB)) {
	t.Helper()
	db, err := sqlite.Open(path)
	require.NoError(t, err)
	defer func() { require.NoError(t, db.Close()) }()
	fn(db)
}

func copyCorpusProject(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if name == "__pycache__" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		if slices.Contains(notCopied, name) || strings.HasSuffix(name, ".db") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	require.NoError(t, err)
}

// parseCorpusGolden reads a golden.txtar: "-- NN/part --" lines start the
// parts of step NN (inserts.sql, log, schema, rows).
func parseCorpusGolden(t *testing.T, src string) []corpusStep {
	t.Helper()
	parts := map[string]string{}
	var order []string
	cur := ""
	for line := range strings.Lines(src) {
		if strings.HasPrefix(line, "-- ") && strings.HasSuffix(line, " --\n") {
			cur = strings.TrimSuffix(strings.TrimPrefix(line, "-- "), " --\n")
			order = append(order, cur)
			parts[cur] = ""
			continue
		}
		if cur != "" {
			parts[cur] += line
		}
	}
	var steps []corpusStep
	for _, name := range order {
		num, part, ok := strings.Cut(name, "/")
		require.True(t, ok, "golden part %q", name)
		if len(steps) == 0 || steps[len(steps)-1].name != num {
			steps = append(steps, corpusStep{name: num})
		}
		st := &steps[len(steps)-1]
		body := parts[name]
		switch part {
		case "inserts.sql":
			for l := range strings.Lines(body) {
				st.inserts = append(st.inserts, strings.TrimSuffix(l, "\n"))
			}
		case "log":
			first, rest, _ := strings.Cut(body, "\n")
			cmd, ok := strings.CutPrefix(first, "$ alembic ")
			require.True(t, ok, "step %s: the log starts with the command: %q", num, first)
			st.command = cmd
			st.running = runningLines(rest)
			st.alembicLogFull = rest
			for l := range strings.Lines(rest) {
				if out, ok := strings.CutPrefix(l, "stdout: "); ok {
					st.stdout += out
				}
			}
		case "schema":
			st.schema = sameAs(t, steps, body, func(s corpusStep) string { return s.schema })
		case "rows":
			st.rows = sameAs(t, steps, body, func(s corpusStep) string { return s.rows })
		default:
			t.Fatalf("golden part %q", name)
		}
	}
	return steps
}

// sameAs resolves a dump written against an earlier step's (record.py's
// emit_golden): "(same as MM)", the same dump as after step MM; or "(as MM)"
// then each block (a line "table …", "index …" or "trigger …" and its
// indented lines) written out, or "= KIND NAME" for that block as after MM.
func sameAs(t *testing.T, steps []corpusStep, body string, part func(corpusStep) string) string {
	t.Helper()
	first, rest, _ := strings.Cut(body, "\n")
	num, same := strings.CutPrefix(first, "(same as ")
	if !same {
		if num, _ = strings.CutPrefix(first, "(as "); num == first {
			return body
		}
	}
	num = strings.TrimSuffix(num, ")")
	var base string
	found := false
	for _, st := range steps {
		if st.name == num {
			base, found = part(st), true
		}
	}
	require.True(t, found, "golden: no step %s", num)
	if same {
		return base
	}
	before := map[string]string{}
	key := ""
	for l := range strings.Lines(base) {
		if !strings.HasPrefix(l, " ") {
			key = strings.Join(strings.Fields(l)[:min(2, len(strings.Fields(l)))], " ")
		}
		before[key] += l
	}
	var b strings.Builder
	for l := range strings.Lines(rest) {
		if k, ok := strings.CutPrefix(l, "= "); ok {
			text, ok := before[strings.TrimSuffix(k, "\n")]
			require.True(t, ok, "golden: step %s has no block %q", num, k)
			b.WriteString(text)
			continue
		}
		b.WriteString(l)
	}
	return b.String()
}

// runningLines are the log lines that name the steps run ("Running upgrade
// a -> b, message").
func runningLines(log string) []string {
	var out []string
	for l := range strings.Lines(log) {
		l = strings.TrimSuffix(l, "\n")
		if strings.HasPrefix(l, "INFO  [alembic.runtime.migration] Running ") {
			out = append(out, l)
		}
	}
	return out
}

// firstDiff returns "" when want and got are equal, else the first differing
// line with a few lines of context.
func firstDiff(want, got string) string {
	if want == got {
		return ""
	}
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	var b strings.Builder
	for j := max(0, i-3); j < i; j++ {
		fmt.Fprintf(&b, "  %s\n", w[j])
	}
	for j := i; j < min(len(w), i+5); j++ {
		fmt.Fprintf(&b, "- %s\n", w[j])
	}
	for j := i; j < min(len(g), i+5); j++ {
		fmt.Fprintf(&b, "+ %s\n", g[j])
	}
	return b.String()
}

// The dump below is record.py's, line for line: change both together.

func qi(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

func oneLine(s string) string {
	return strings.NewReplacer(`\`, `\\`, "\n", `\n`, "\r", `\r`).Replace(s)
}

func queryAll(t *testing.T, db *sqlite.DB, query string, args ...any) [][]any {
	t.Helper()
	rows, err := db.Query(context.Background(), query, args...)
	require.NoError(t, err, query)
	defer rows.Close()
	cols, err := rows.Columns()
	require.NoError(t, err)
	var out [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		require.NoError(t, rows.Scan(ptrs...))
		out = append(out, vals)
	}
	require.NoError(t, rows.Err())
	return out
}

func str(v any) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case string:
		return v
	case []byte:
		return string(v)
	case int64:
		return strconv.FormatInt(v, 10)
	}
	return fmt.Sprint(v)
}

// shadow is record.py's: whether a table is a virtual table's shadow table
// (an FTS5 table's <name>_data, _idx, ...), left out of the dump.
func shadow(t *testing.T, db *sqlite.DB, name string) bool {
	for _, r := range queryAll(t, db, "SELECT name FROM sqlite_master WHERE type='table' AND sql LIKE 'CREATE VIRTUAL TABLE%'") {
		if strings.HasPrefix(name, str(r[0])+"_") {
			return true
		}
	}
	return false
}

func userTables(t *testing.T, db *sqlite.DB) []string {
	var out []string
	for _, r := range queryAll(t, db, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name") {
		if !shadow(t, db, str(r[0])) {
			out = append(out, str(r[0]))
		}
	}
	return out
}

func dumpSchema(t *testing.T, db *sqlite.DB) string {
	t.Helper()
	var out []string
	objs := queryAll(t, db, "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
	for _, o := range objs {
		if str(o[0]) != "table" || shadow(t, db, str(o[1])) {
			continue
		}
		name := str(o[1])
		out = append(out, "table "+name, "  sql "+normSQL(sqlText(o[3])))
		for _, c := range queryAll(t, db, "PRAGMA table_info("+qi(name)+")") {
			dflt := "NULL"
			if c[4] != nil {
				dflt = oneLine(str(c[4]))
			}
			out = append(out, fmt.Sprintf("  column %s %s type=%s notnull=%s pk=%s default=%s", str(c[0]), str(c[1]), str(c[2]), str(c[3]), str(c[5]), dflt))
		}
		// Indexes by name; SQLite's automatic ones by their columns (record.py).
		type index struct {
			label string
			lines []string
		}
		var idx []index
		for _, ix := range queryAll(t, db, "PRAGMA index_list("+qi(name)+")") {
			iname := str(ix[1])
			var cols, lines []string
			for _, ic := range queryAll(t, db, "PRAGMA index_info("+qi(iname)+")") {
				cols = append(cols, str(ic[2]))
				lines = append(lines, fmt.Sprintf("    column %s %s", str(ic[0]), str(ic[2])))
			}
			label := iname
			if strings.HasPrefix(iname, "sqlite_autoindex_") {
				label = fmt.Sprintf("sqlite_autoindex_%s(%s)", name, strings.Join(cols, ", "))
			}
			head := fmt.Sprintf("  index %s unique=%s origin=%s partial=%s", label, str(ix[2]), str(ix[3]), str(ix[4]))
			idx = append(idx, index{label, append([]string{head}, lines...)})
		}
		slices.SortFunc(idx, func(a, b index) int { return strings.Compare(a.label, b.label) })
		for _, ix := range idx {
			out = append(out, ix.lines...)
		}
		// Foreign keys sorted (record.py).
		type fkCol struct {
			seq                     int64
			parent, from            string
			to, onUpd, onDel, match string
		}
		fks := map[int64][]fkCol{}
		for _, fk := range queryAll(t, db, "PRAGMA foreign_key_list("+qi(name)+")") {
			id, _ := fk[0].(int64)
			seq, _ := fk[1].(int64)
			fks[id] = append(fks[id], fkCol{seq, str(fk[2]), str(fk[3]), str(fk[4]), str(fk[5]), str(fk[6]), str(fk[7])})
		}
		var fkLines []string
		for _, cols := range fks {
			slices.SortFunc(cols, func(a, b fkCol) int { return int(a.seq - b.seq) })
			var from, to []string
			for _, c := range cols {
				from = append(from, c.from)
				to = append(to, c.to)
			}
			c := cols[0]
			fkLines = append(fkLines, fmt.Sprintf("  fk (%s) -> %s (%s) on_update=%s on_delete=%s match=%s",
				strings.Join(from, ", "), c.parent, strings.Join(to, ", "), c.onUpd, c.onDel, c.match))
		}
		slices.Sort(fkLines)
		out = append(out, fkLines...)
	}
	for _, o := range objs {
		if str(o[0]) == "table" {
			continue
		}
		sqlLine := "NULL"
		if o[3] != nil {
			sqlLine = normSQL(sqlText(o[3]))
		}
		out = append(out, fmt.Sprintf("%s %s on %s", str(o[0]), str(o[1]), str(o[2])), "  sql "+sqlLine)
	}
	if len(out) == 0 {
		return ""
	}
	return strings.Join(out, "\n") + "\n"
}

// constraintItem is record.py's CONSTRAINT_ITEM.
var constraintItem = regexp.MustCompile(`(?i)^(CONSTRAINT|PRIMARY\s+KEY|UNIQUE|CHECK|FOREIGN\s+KEY)\b`)

// splitTop is record.py's split_top: a CREATE TABLE body split at its
// top-level commas.
func splitTop(body string) []string {
	var items []string
	depth, start := 0, 0
	var quote rune
	for i, ch := range body {
		switch {
		case quote != 0:
			if ch == quote {
				quote = 0
			}
		case ch == '\'' || ch == '"' || ch == '`':
			quote = ch
		case ch == '[':
			quote = ']'
		case ch == '(':
			depth++
		case ch == ')':
			depth--
		case ch == ',' && depth == 0:
			items = append(items, strings.TrimSpace(body[start:i]))
			start = i + 1
		}
	}
	return append(items, strings.TrimSpace(body[start:]))
}

// plainName is record.py's PLAIN_NAME.
var plainName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// unquoteNames is record.py's unquote_names: double-quoted names that need no
// quotes lose them (Retort quotes every name it writes, SQLAlchemy only those
// that need it).
func unquoteNames(sql string) string {
	var b strings.Builder
	for i := 0; i < len(sql); {
		switch sql[i] {
		case '\'':
			j := i + 1
			for j < len(sql) {
				if sql[j] == '\'' {
					if j+1 < len(sql) && sql[j+1] == '\'' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			b.WriteString(sql[i:min(j+1, len(sql))])
			i = j + 1
		case '"':
			j := strings.IndexByte(sql[i+1:], '"')
			if j < 0 {
				b.WriteString(sql[i:])
				return b.String()
			}
			j += i + 1
			if name := sql[i+1 : j]; plainName.MatchString(name) {
				b.WriteString(name)
			} else {
				b.WriteString(sql[i : j+1])
			}
			i = j + 1
		default:
			b.WriteByte(sql[i])
			i++
		}
	}
	return b.String()
}

// normSQL is record.py's norm_sql: the SQL on one line, names unquoted where
// they need no quotes, a CREATE TABLE's table constraints sorted (Alembic's
// batch mode writes them in an order that changes from run to run).
func normSQL(sql string) string {
	sql = unquoteNames(strings.Join(strings.Fields(sql), " "))
	if !strings.HasPrefix(strings.ToUpper(sql), "CREATE TABLE ") {
		return sql
	}
	open, close := strings.Index(sql, "("), strings.LastIndex(sql, ")")
	if open < 0 || close < open {
		return sql
	}
	var cols, cons []string
	for _, it := range splitTop(sql[open+1 : close]) {
		if constraintItem.MatchString(it) {
			cons = append(cons, it)
		} else {
			cols = append(cols, it)
		}
	}
	slices.Sort(cons)
	return sql[:open] + "(" + strings.Join(append(cols, cons...), ", ") + ")" + sql[close+1:]
}

func sqlText(v any) string {
	if v == nil {
		return ""
	}
	return str(v)
}

// withoutRowid is record.py's test for a WITHOUT ROWID table.
var withoutRowid = regexp.MustCompile(`(?i)\)\s*WITHOUT\s+ROWID\s*;?\s*$`)

func hasRowid(t *testing.T, db *sqlite.DB, table string) bool {
	r := queryAll(t, db, "SELECT sql FROM sqlite_master WHERE type='table' AND name=?", table)
	return !withoutRowid.MatchString(sqlText(r[0][0]))
}

func dumpRows(t *testing.T, db *sqlite.DB) string {
	t.Helper()
	var out []string
	for _, tbl := range userTables(t, db) {
		var cols, sel []string
		for _, c := range queryAll(t, db, "PRAGMA table_info("+qi(tbl)+")") {
			name := str(c[1])
			cols = append(cols, name)
			sel = append(sel, fmt.Sprintf("quote(%s), CASE WHEN typeof(%s) = 'real' THEN %s END", qi(name), qi(name), qi(name)))
		}
		out = append(out, fmt.Sprintf("table %s (%s)", tbl, strings.Join(cols, ", ")))
		order := "rowid"
		if !hasRowid(t, db, tbl) {
			var n []string
			for i := range cols {
				n = append(n, strconv.Itoa(i+1))
			}
			order = strings.Join(n, ", ")
		}
		for _, r := range queryAll(t, db, fmt.Sprintf("SELECT %s FROM %s ORDER BY %s", strings.Join(sel, ", "), qi(tbl), order)) {
			var cells []string
			for i := 0; i < len(r); i += 2 {
				if f, ok := r[i+1].(float64); ok {
					cells = append(cells, pyFloat(f))
				} else {
					cells = append(cells, oneLine(str(r[i])))
				}
			}
			out = append(out, "  "+strings.Join(cells, ", "))
		}
	}
	if len(out) == 0 {
		return ""
	}
	return strings.Join(out, "\n") + "\n"
}

// pyFloat formats a float as Python's repr does.
func pyFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±XX
	mant, expS, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expS)
	if exp < -4 || exp >= 16 {
		sign := "+"
		if exp < 0 {
			sign, exp = "-", -exp
		}
		return fmt.Sprintf("%se%s%02d", mant, sign, exp)
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}

// nowStamp is record.py's NOW.
var nowStamp = regexp.MustCompile(`\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?`)

// uuidValue is record.py's UUID.
var uuidValue = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)

// normalize is record.py's normalize: timestamps of the day the rows were
// made (CURRENT_TIMESTAMP defaults, datetime.now() in scripts) become <now>,
// UUIDs (uuid.uuid4() in scripts) <uuid>.
func normalize(s string) string {
	today := []string{time.Now().Format(time.DateOnly), time.Now().UTC().Format(time.DateOnly)}
	s = nowStamp.ReplaceAllStringFunc(s, func(m string) string {
		if slices.Contains(today, m[:10]) {
			return "<now>"
		}
		return m
	})
	return uuidValue.ReplaceAllString(s, "<uuid>")
}
