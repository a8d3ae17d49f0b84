package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"retort/examples"
)

// A generated long history, the same for retort and alembic: the tutorial's
// alembic.ini, env.py and database.py, a models.py that matches the head, and
// revision files written here, deterministically (the same bytes every run).

// history describes one generated history.
type history struct {
	name string
	// wide: 1,000 revisions over tables×columns (create_table, then
	// add_column round-robin). Otherwise rebuild: one table of rows rows,
	// then revisions-1 batch alter_column type changes, each a table rebuild.
	wide               bool
	revisions          int
	tables, columns    int // wide
	rows               int // rebuild
	label, description string
}

var histories = []history{
	{name: "wide", wide: true, revisions: 1000, tables: 10, columns: 100,
		label:       "1,000 revisions, 10 tables × 100 columns",
		description: "create_table then add_column, round-robin"},
	{name: "rebuild", revisions: 100, rows: 10000,
		label:       "100 revisions, each rebuilding a table of 10,000 rows",
		description: "batch_alter_table alter_column type"},
}

// revID is revision i's id: 12 hex digits, as Alembic's.
func revID(h history, i int) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s-%d", h.name, i)))
	return hex.EncodeToString(sum[:6])
}

// write writes the project into dir.
func (h history) write(dir string) error {
	lesson, err := examples.Load(examples.Default)
	if err != nil {
		return err
	}
	files := map[string]string{}
	for name, content := range lesson.Files {
		if strings.HasPrefix(name, "alembic/versions/") {
			continue
		}
		files[name] = content
	}
	files["models.py"] = h.models()
	for i := 0; i < h.revisions; i++ {
		up, down, msg := h.step(i)
		files[fmt.Sprintf("alembic/versions/%s_%s.py", revID(h, i), strings.ReplaceAll(msg, " ", "_"))] = h.script(i, msg, up, down)
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func (h history) script(i int, msg, up, down string) string {
	prev, revises := "None", ""
	if i > 0 {
		revises = revID(h, i-1)
		prev = "'" + revises + "'"
	}
	return fmt.Sprintf(`"""%s

Revision ID: %s
Revises: %s
Create Date: 2026-12-07 00:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '%s'
down_revision = %s
branch_labels = None
depends_on = None


def upgrade() -> None:
%s

def downgrade() -> None:
%s
`, msg, revID(h, i), revises, revID(h, i), prev, up, down)
}

// wideColumn is the table and column revision i (i ≥ tables) adds.
func (h history) wideColumn(i int) (table, column string) {
	return fmt.Sprintf("t%02d", i%h.tables), fmt.Sprintf("c%03d", i/h.tables)
}

// wideType varies the column types.
func wideType(i int) (sa, model string) {
	switch i % 4 {
	case 0:
		return "sa.Integer()", "Integer"
	case 1:
		return "sa.String(length=50)", "String(50)"
	case 2:
		return "sa.Boolean()", "Boolean"
	}
	return "sa.Text()", "Text"
}

// rebuildLength is the name column's length after revision i (i ≥ 1).
func rebuildLength(i int) int { return 20 + i }

// step is revision i's upgrade and downgrade bodies, and its message.
func (h history) step(i int) (up, down, msg string) {
	if h.wide {
		if i < h.tables {
			t := fmt.Sprintf("t%02d", i)
			up = fmt.Sprintf("    op.create_table('%s',\n    sa.Column('id', sa.Integer(), nullable=False),\n    sa.PrimaryKeyConstraint('id')\n    )\n", t)
			return up, fmt.Sprintf("    op.drop_table('%s')\n", t), "create " + t
		}
		t, c := h.wideColumn(i)
		typ, _ := wideType(i)
		up = fmt.Sprintf("    op.add_column('%s', sa.Column('%s', %s, nullable=True))\n", t, c, typ)
		return up, fmt.Sprintf("    op.drop_column('%s', '%s')\n", t, c), "add " + t + " " + c
	}
	if i == 0 {
		up = "    op.create_table('items',\n    sa.Column('id', sa.Integer(), nullable=False),\n    sa.Column('name', sa.String(length=20), nullable=False),\n    sa.Column('qty', sa.Integer(), nullable=True),\n    sa.PrimaryKeyConstraint('id')\n    )\n" +
			fmt.Sprintf("    op.execute(\"WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < %d) INSERT INTO items (id, name, qty) SELECT x, 'item ' || x, x %% 7 FROM n\")\n", h.rows)
		return up, "    op.drop_table('items')\n", "create items"
	}
	alter := func(from, to int) string {
		return fmt.Sprintf("    with op.batch_alter_table('items') as batch_op:\n        batch_op.alter_column('name', existing_type=sa.String(length=%d), type_=sa.String(length=%d), existing_nullable=False)\n", from, to)
	}
	prev := 20
	if i > 1 {
		prev = rebuildLength(i - 1)
	}
	return alter(prev, rebuildLength(i)), alter(rebuildLength(i), prev), fmt.Sprintf("name length %d", rebuildLength(i))
}

// models is a models.py that matches the head: autogenerate on it finds
// nothing to do.
func (h history) models() string {
	var b strings.Builder
	b.WriteString("from sqlalchemy import Boolean, Column, Integer, String, Text\n\nfrom database import Base\n")
	if !h.wide {
		fmt.Fprintf(&b, "\n\nclass Item(Base):\n    __tablename__ = 'items'\n    id = Column(Integer, primary_key=True)\n    name = Column(String(%d), nullable=False)\n    qty = Column(Integer)\n", rebuildLength(h.revisions-1))
		return b.String()
	}
	cols := make([][]string, h.tables)
	for i := h.tables; i < h.revisions; i++ {
		_, c := h.wideColumn(i)
		_, typ := wideType(i)
		cols[i%h.tables] = append(cols[i%h.tables], fmt.Sprintf("    %s = Column(%s)\n", c, typ))
	}
	for t := 0; t < h.tables; t++ {
		fmt.Fprintf(&b, "\n\nclass T%02d(Base):\n    __tablename__ = 't%02d'\n    id = Column(Integer, primary_key=True)\n", t, t)
		for _, c := range cols[t] {
			b.WriteString(c)
		}
	}
	return b.String()
}

// writeHistoryFlag writes the history -write-history NAME=DIR names.
func writeHistoryFlag(arg string) error {
	name, dir, ok := strings.Cut(arg, "=")
	if !ok {
		return fmt.Errorf("-write-history wants NAME=DIR, got %q", arg)
	}
	for _, h := range histories {
		if h.name == name {
			return h.write(dir)
		}
	}
	return fmt.Errorf("no history %q (wide, rebuild)", name)
}

// runTimes is one command's wall and CPU (user + system) times, in ms.
type runTimes struct{ wall, cpu []float64 }

// timeRun runs a command once in dir, adding its times to t.
func (t *runTimes) timeRun(dir string, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	if err != nil {
		return fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, tail(out.String(), 2000))
	}
	t.wall = append(t.wall, float64(d.Microseconds())/1000)
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	t.cpu = append(t.cpu, float64(cpu.Microseconds())/1000)
	return nil
}

// historyTool is a tool run on a generated history: its own copy of the
// project (alembic writes __pycache__ and revision files into it), and the
// database at head it made.
type historyTool struct {
	name, bin, dir string
	head           []byte
	times          map[string]*runTimes
}

// historyCommands are the commands timed on a history, in order.
var historyCommands = []struct {
	key   string
	args  []string
	start string // the database each run starts from: "empty" or "head"
}{
	{"upgrade", []string{"upgrade", "head"}, "empty"},
	{"downgrade", []string{"downgrade", "base"}, "head"},
	{"history", []string{"history"}, "head"},
	{"current", []string{"current"}, "head"},
	{"heads", []string{"heads"}, "head"},
	{"autogenerate", []string{"revision", "--autogenerate", "-m", "nothing", "--rev-id", "benchautogen"}, "head"},
}

// cliHistories times retort and alembic (when installed) on the generated
// histories, alternating the two run by run so that a change in the
// machine's load falls on both; and the upgrade's and downgrade's SQL alone,
// through Python's sqlite3 (the C SQLite alembic uses): the floor no tool
// goes under.
func (b *bench) cliHistories(retort, alembic string) error {
	base := b.scratch
	where := "disk"
	if info, err := os.Stat("/dev/shm"); err == nil && info.IsDir() {
		base, where = "/dev/shm", "tmpfs"
	}
	reps := min(b.reps, 3)
	engine, err := b.goBuild("enginebench", "./scripts/bench/enginebench", false)
	if err != nil {
		return err
	}
	for _, h := range histories {
		root, err := os.MkdirTemp(base, "retort-bench-history-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(root)
		tools := []*historyTool{{name: "retort", bin: retort}}
		if alembic != "" {
			tools = append(tools, &historyTool{name: "alembic", bin: alembic})
		}
		for _, t := range tools {
			t.dir = filepath.Join(root, t.name)
			t.times = map[string]*runTimes{}
			if err := h.write(t.dir); err != nil {
				return err
			}
			// Untimed: the database at head (and alembic's .pyc files).
			if err := (&runTimes{}).timeRun(t.dir, t.bin, "upgrade", "head"); err != nil {
				return err
			}
			if t.head, err = os.ReadFile(filepath.Join(t.dir, "myapp.db")); err != nil {
				return err
			}
		}
		b.logf("history %s: %d revisions written and upgraded once", h.name, h.revisions)
		for _, c := range historyCommands {
			for range reps {
				for _, t := range tools {
					if err := t.prepare(c.start); err != nil {
						return err
					}
					rt := t.times[c.key]
					if rt == nil {
						rt = &runTimes{}
						t.times[c.key] = rt
					}
					if err := rt.timeRun(t.dir, t.bin, c.args...); err != nil {
						if t.name == "alembic" {
							b.note("alembic %s on %s: %v", c.key, h.name, err)
							continue
						}
						return err
					}
				}
			}
		}
		floor, err := b.sqliteFloor(tools[0], engine, reps)
		if err != nil {
			b.note("history %s: SQLite alone: %v", h.name, err)
		}
		b.historyRows(h, where, tools, floor)
	}
	return nil
}

// prepare puts the tool's database where a command starts from, and
// removes what an autogenerate wrote.
func (t *historyTool) prepare(start string) error {
	db := filepath.Join(t.dir, "myapp.db")
	if err := os.Remove(db); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	made, _ := filepath.Glob(filepath.Join(t.dir, "alembic", "versions", "benchautogen_*.py"))
	for _, f := range made {
		if err := os.Remove(f); err != nil {
			return err
		}
	}
	if start == "head" {
		return os.WriteFile(db, t.head, 0o644)
	}
	return nil
}

// floorScript runs a file of SQL on a database through Python's sqlite3.
const floorScript = `import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.executescript(open(sys.argv[2]).read())
c.close()
`

// sqliteFloor times the upgrade's and the downgrade's statements (as
// retort upgrade head --sql and downgrade head:base --sql write them: one
// transaction per step) run with no tool around them: by Python's sqlite3
// (the C SQLite alembic runs on; keys "upgrade", "downgrade") and by the
// engine's SQLite (enginebench -sqlfile; "upgrade-go", "downgrade-go").
func (b *bench) sqliteFloor(t *historyTool, engine string, reps int) (map[string]*runTimes, error) {
	const python = "/usr/bin/python3"
	if _, err := os.Stat(python); err != nil {
		return nil, fmt.Errorf("no %s", python)
	}
	out := map[string]*runTimes{}
	for _, c := range []struct {
		key   string
		args  []string
		start string
	}{{"upgrade", []string{"upgrade", "head", "--sql"}, "empty"}, {"downgrade", []string{"downgrade", "head:base", "--sql"}, "head"}} {
		cmd := exec.Command(t.bin, c.args...)
		cmd.Dir = t.dir
		sqlText, err := cmd.Output()
		if err != nil {
			return out, fmt.Errorf("%s %s: %w", t.name, strings.Join(c.args, " "), err)
		}
		file := filepath.Join(t.dir, c.key+".sql")
		if err := os.WriteFile(file, sqlText, 0o644); err != nil {
			return out, err
		}
		rt, gt := &runTimes{}, &runTimes{}
		for range reps {
			if err := t.prepare(c.start); err != nil {
				return out, err
			}
			if err := rt.timeRun(t.dir, python, "-c", floorScript, "myapp.db", file); err != nil {
				return out, err
			}
			if err := t.prepare(c.start); err != nil {
				return out, err
			}
			if err := gt.timeRun(t.dir, engine, "-sqlfile", file, "-db", "myapp.db"); err != nil {
				return out, err
			}
		}
		out[c.key], out[c.key+"-go"] = rt, gt
	}
	return out, nil
}

// historyRows adds a history's figures to the table.
func (b *bench) historyRows(h history, where string, tools []*historyTool, floor map[string]*runTimes) {
	g := fmt.Sprintf("Command line on a generated history: %s (%s; database on %s; wall time, CPU in the anchor)", h.label, h.description, where)
	labels := map[string]string{
		"upgrade":      "retort upgrade head (empty database -> head)",
		"downgrade":    "retort downgrade base (head -> empty)",
		"history":      "retort history",
		"current":      "retort current",
		"heads":        "retort heads",
		"autogenerate": "retort revision --autogenerate (nothing to do)",
	}
	rt := tools[0]
	var al *historyTool
	if len(tools) > 1 {
		al = tools[1]
	}
	for _, c := range historyCommands {
		r := row{group: g, what: labels[c.key], value: msText(rt.times[c.key].wall) + ", CPU " + msText(rt.times[c.key].cpu)}
		if al != nil && al.times[c.key] != nil && len(al.times[c.key].wall) > 0 {
			a := al.times[c.key]
			speedup := median(a.wall) / median(rt.times[c.key].wall)
			r.anchor = fmt.Sprintf("alembic %s = %s faster (CPU %s: %s)", msText(a.wall), ratioText(median(a.wall), median(rt.times[c.key].wall)),
				msText(a.cpu), ratioText(median(a.cpu), median(rt.times[c.key].cpu)))
			r.target = "≥ 10x faster"
			r.met = metText(speedup >= 10)
		}
		b.add(r)
		if f := floor[c.key]; f != nil {
			fr := row{group: g, what: "  the same SQL alone, Python's sqlite3 (C SQLite, alembic's)", value: msText(f.wall) + ", CPU " + msText(f.cpu)}
			own := func(xs []float64) float64 { return median(xs) - median(f.cpu) }
			fr.anchor = fmt.Sprintf("CPU above it: retort %.0f ms", own(rt.times[c.key].cpu))
			if al != nil && al.times[c.key] != nil && len(al.times[c.key].cpu) > 0 {
				fr.anchor += fmt.Sprintf(", alembic %.0f ms", own(al.times[c.key].cpu))
				// A tool that ran these statements in C SQLite and did
				// nothing else would be this much faster than alembic: the
				// ceiling of the ≥ 10x above.
				fr.anchor += fmt.Sprintf("; alembic / this = %s, the most any tool running these statements can reach",
					ratioText(median(al.times[c.key].wall), median(f.wall)))
			}
			b.add(fr)
		}
		if f := floor[c.key+"-go"]; f != nil {
			fr := row{group: g, what: "  the same SQL alone, the engine's SQLite (Go, retort's)", value: msText(f.wall) + ", CPU " + msText(f.cpu)}
			fr.anchor = fmt.Sprintf("CPU above it: retort %.0f ms", median(rt.times[c.key].cpu)-median(f.cpu))
			b.add(fr)
		}
	}
}
