package examples_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"retort/engine"
	"retort/engine/project"
	"retort/engine/sqlite"
	"retort/examples"
)

// TestLessons runs every lesson's steps through the engine and checks each
// step's output and the lesson's end state, twice: as the command line runs
// them (a step that destroys data prints a WARNING and goes on), and as the
// page does (it asks first; the test answers yes, as a learner following the
// lesson would). One lesson, or one way:
//
//	go test ./examples -run TestLessons/add-age -v
//	go test ./examples -run TestLessons/add-age/page -v
//
// -v prints every step and its output (what a learner would see).
func TestLessons(t *testing.T) {
	all, err := examples.All()
	require.NoError(t, err)
	for _, l := range all {
		t.Run(l.ID, func(t *testing.T) {
			for _, mode := range []string{"cli", "page"} {
				t.Run(mode, func(t *testing.T) {
					p := openLesson(t, l, mode == "page")
					for i, st := range l.Steps {
						p.step(t, i, st)
					}
					p.checkEnd(t, l.End)
				})
			}
		})
	}
}

// lessonRun is one lesson in progress: its session, its database and the
// answers the current step still has to give.
type lessonRun struct {
	lesson  *examples.Lesson
	page    bool
	fs      *project.MemFS
	db      *sqlite.DB
	pg      *engine.Playground // the files and the database, what the page shows of them
	s       *engine.Session    // what runs the commands: the playground's own, or a command line's over its files and database
	answers []string
	asked   int
	out     bytes.Buffer // the current step's transcript
}

// now is the clock every lesson runs with.
func now() time.Time { return time.Date(2026, 11, 25, 19, 27, 20, 0, time.UTC) }

// openLesson opens a lesson's starting project over a new in-memory database
// and runs its seed SQL: as the page opens it (engine.OpenPlayground), or as the
// command line would run on it (engine.Open over the playground's files and
// database).
func openLesson(t *testing.T, l *examples.Lesson, page bool) *lessonRun {
	t.Helper()
	p := &lessonRun{lesson: l, page: page}
	var err error
	p.pg, err = engine.OpenPlayground(l.Files, engine.Options{Ask: p.ask, Now: now})
	require.NoError(t, err)
	p.db = p.pg.DB()
	p.fs = p.pg.FS().(*project.MemFS)
	p.s = p.pg.Session
	if !page {
		p.s, err = engine.Open(engine.Options{FS: p.fs, Prog: "alembic", DB: p.db, Ask: p.ask, Now: now})
		require.NoError(t, err)
	}
	t.Cleanup(func() { p.db.Close() })
	if l.Seed != "" {
		_, err := p.pg.Exec(context.Background(), l.Seed)
		require.NoError(t, err, "%s: seed", l.ID)
	}
	return p
}

// ask answers a question with the step's next answer, and shows both in the
// transcript as a terminal would. With no answer left there is no one to ask.
func (p *lessonRun) ask(q engine.Question) (string, bool) {
	if q.Kind == "dataloss" {
		// Only the page asks this; the learner goes on, as the command line does.
		fmt.Fprintf(&p.out, "%s y\n", q.Text)
		return "y", true
	}
	p.asked++
	if len(p.answers) == 0 {
		fmt.Fprintf(&p.out, "%s (no answer)\n", q.Text)
		return "", false
	}
	a := p.answers[0]
	p.answers = p.answers[1:]
	fmt.Fprintf(&p.out, "%s %s\n", q.Text, a)
	return a, true
}

// step does one step and checks its outcome.
func (p *lessonRun) step(t *testing.T, i int, st examples.Step) {
	t.Helper()
	ctx := context.Background()
	p.out.Reset()
	p.answers = slices.Clone(st.Answers)
	p.asked = 0
	what := fmt.Sprintf("%s step %d", p.lesson.ID, i+1)
	require.NotEmpty(t, strings.TrimSpace(st.Say), "%s: every step says what to do", what)
	failed := false
	switch {
	case st.Run != "":
		what += ": " + st.Run
		// Read as the page's terminal reads it: a line starting with alembic.
		argv, err := engine.ParseCommandLine(st.Run)
		require.NoError(t, err, what)
		failed = p.s.Run(ctx, argv, &p.out, &p.out) != 0
	case st.SQL != "":
		what += ": " + st.SQL
		res, err := p.pg.Exec(ctx, st.SQL)
		writeResults(&p.out, res)
		if err != nil {
			fmt.Fprintf(&p.out, "Error: %v\n", err)
			failed = true
		}
	case st.Edit != nil:
		what += ": edit " + st.Edit.File
		src, err := p.fs.ReadFile(st.Edit.File)
		require.NoError(t, err, what)
		require.Contains(t, string(src), st.Edit.Find, "%s: the text to find is not in the file", what)
		require.NotEqual(t, st.Edit.Find, st.Edit.Replace, what)
		require.NoError(t, p.s.WriteFile(st.Edit.File, strings.Replace(string(src), st.Edit.Find, st.Edit.Replace, 1)), what)
	case st.Write != nil:
		name, err := examples.ResolvePath(st.Write.File, p.files())
		require.NoError(t, err, what)
		what += ": write " + name
		require.NoError(t, p.s.WriteFile(name, st.Write.Content), what)
	}
	t.Logf("%s\n%s", what, p.out.String())
	require.Equal(t, st.Fails, failed, "%s: failed=%v, want %v; output:\n%s", what, failed, st.Fails, p.out.String())
	for _, e := range st.Expect {
		require.Contains(t, p.out.String(), e, "%s: output lacks %q", what, e)
	}
	require.Empty(t, p.answers, "%s: answers left over (the engine asked %d questions)", what, p.asked)
}

// files lists the project's files.
func (p *lessonRun) files() []string {
	var out []string
	for name := range p.fs.Files() {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// writeResults prints SQL results the way the lesson's expect strings match
// them: the column names, then one line per row, values separated by " | ",
// NULL for NULL.
func writeResults(b *bytes.Buffer, res []engine.SQLResult) {
	for _, r := range res {
		if len(r.Columns) == 0 {
			continue
		}
		b.WriteString(strings.Join(r.Columns, " | ") + "\n")
		for _, row := range r.Rows {
			vals := make([]string, len(row))
			for i, v := range row {
				if v == nil {
					vals[i] = "NULL"
				} else {
					vals[i] = fmt.Sprint(v)
				}
			}
			b.WriteString(strings.Join(vals, " | ") + "\n")
		}
	}
}

// checkEnd compares the database with the lesson's end state.
func (p *lessonRun) checkEnd(t *testing.T, end examples.End) {
	t.Helper()
	ctx := context.Background()
	tables, err := p.pg.Tables(ctx)
	require.NoError(t, err)
	got := map[string]examples.Table{}
	for _, ti := range tables {
		if ti.Name == "alembic_version" {
			if _, listed := end.Tables[ti.Name]; !listed {
				continue
			}
		}
		tb := examples.Table{Columns: []string{}, Rows: ti.RowCount}
		for _, c := range ti.Columns {
			tb.Columns = append(tb.Columns, c.Name)
		}
		got[ti.Name] = tb
	}
	want := map[string]examples.Table{}
	for name, tb := range end.Tables {
		if tb.Columns == nil {
			tb.Columns = []string{}
		}
		want[name] = tb
	}
	require.Equal(t, want, got, "%s: tables at the end", p.lesson.ID)

	current, err := p.pg.Current(ctx)
	require.NoError(t, err)
	switch end.Current {
	case "base":
		require.Empty(t, current, "%s: current at the end", p.lesson.ID)
	case "head":
		g, err := p.pg.Revisions(ctx)
		require.NoError(t, err)
		var heads []string
		for _, n := range g.Nodes {
			if n.Head {
				heads = append(heads, n.ID)
			}
		}
		require.Len(t, heads, 1, "%s: end.current \"head\" needs one head", p.lesson.ID)
		require.Equal(t, heads, current, "%s: current at the end", p.lesson.ID)
	default:
		g, err := p.pg.Revisions(ctx)
		require.NoError(t, err)
		var msgs []string
		for _, id := range current {
			for _, n := range g.Nodes {
				if n.ID == id {
					msgs = append(msgs, n.Message)
				}
			}
		}
		require.Equal(t, []string{end.Current}, msgs, "%s: current at the end (%v)", p.lesson.ID, current)
	}
}

// runLine runs one command line and returns its output and exit status.
func runLine(t *testing.T, s *engine.Session, line string) (string, int) {
	t.Helper()
	argv, err := engine.SplitCommand(line)
	require.NoError(t, err, line)
	var out bytes.Buffer
	status := s.Run(context.Background(), argv, &out, &out)
	return out.String(), status
}
