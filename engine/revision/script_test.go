package revision

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"retort/internal/golden"

	"github.com/stretchr/testify/require"
)

// The scenario files in testdata/scenarios/*.txtar each hold a graph, a list of
// commands, and the output the commands print. The commands mirror Alembic's
// (history, heads, current, branches, show, upgrade, downgrade, stamp); the
// output of upgrade/downgrade/stamp is the log line of each step, the writes to
// alembic_version and the rows after it. Every scenario's output was checked
// against real Alembic (testdata/alembic_check.py, which needs python3-alembic;
// go test never runs it).
//
// Graph lines: "ID [<- DOWN,DOWN] [labels=A,B] [deps=X,Y] : message". The file
// of each revision is foo/versions/ID_slug.py, and revisions load in file-name
// order, as Alembic loads them.

const testDate = "2014-11-20 13:02:46.257104"

// parseGraph turns graph lines into headers, sorted by file name.
func parseGraph(t testing.TB, text string) []Header {
	var hs []Header
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		spec, msg, _ := strings.Cut(line, " : ")
		fields := strings.Fields(spec)
		if len(fields) == 0 {
			t.Fatalf("bad graph line %q", line)
		}
		h := Header{Revision: fields[0], Message: msg}
		for i := 1; i < len(fields); i++ {
			switch f := fields[i]; {
			case f == "<-" && i+1 < len(fields):
				h.DownRevisions = strings.Split(fields[i+1], ",")
				i++
			case strings.HasPrefix(f, "labels="):
				h.BranchLabels = strings.Split(strings.TrimPrefix(f, "labels="), ",")
			case strings.HasPrefix(f, "deps="):
				h.DependsOn = strings.Split(strings.TrimPrefix(f, "deps="), ",")
			default:
				t.Fatalf("bad graph field %q in %q", f, line)
			}
		}
		slug := strings.ToLower(strings.Join(strings.FieldsFunc(msg, func(r rune) bool {
			return !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
		}), "_"))
		h.Path = "foo/versions/" + h.Revision + "_" + slug + ".py"
		h.Doc = msg + "\n\nRevision ID: " + h.Revision + "\nRevises: " + strings.Join(h.DownRevisions, ", ") +
			"\nCreate Date: " + testDate + "\n\n"
		h.CreateDate = testDate
		hs = append(hs, h)
	}
	slices.SortStableFunc(hs, func(a, b Header) int { return strings.Compare(a.Path, b.Path) })
	return hs
}

func rowsArg(s string) []string {
	if s == "-" {
		return nil
	}
	return strings.Split(s, ",")
}

// runCommand runs one scenario command against g and returns what it prints.
func runCommand(g *Graph, line string) string {
	var out strings.Builder
	println := func(s string) { out.WriteString(s + "\n") }
	args := strings.Fields(line)
	if len(args) == 0 {
		return ""
	}
	flags := map[string]string{}
	var pos []string
	for i := 1; i < len(args); i++ {
		switch a := args[i]; {
		case a == "-v" || a == "-i" || a == "--splice":
			flags[a] = "true"
		case a == "-r" && i+1 < len(args):
			flags["-r"] = args[i+1]
			i++
		case strings.HasPrefix(a, "-r") && len(a) > 2 && args[0] == "history":
			flags["-r"] = a[2:]
		case strings.HasPrefix(a, "current="):
			flags["current"] = strings.TrimPrefix(a, "current=")
		default:
			pos = append(pos, a)
		}
	}
	verbose := flags["-v"] != ""
	fail := func(err error) string {
		println("error: " + err.Error())
		return out.String()
	}
	printSteps := func(steps []Step, err error) string {
		if err != nil {
			return fail(err)
		}
		for _, s := range steps {
			println(s.LogLine())
			for _, c := range s.Changes {
				switch c.Kind {
				case Insert:
					println("  INSERT " + c.To)
				case Update:
					println("  UPDATE " + c.From + " -> " + c.To)
				case Delete:
					println("  DELETE " + c.From)
				}
			}
			rows := slices.Clone(s.Versions)
			slices.Sort(rows)
			println("  rows: " + strings.Join(rows, ", "))
		}
		return out.String()
	}
	switch args[0] {
	case "heads":
		for _, id := range g.Heads() {
			println(g.Revision(id).CmdFormat(HeadsFormat(verbose)))
		}
	case "history":
		var current []string
		if c, ok := flags["current"]; ok {
			current = rowsArg(c)
		}
		revs, err := g.History(flags["-r"], current)
		if err != nil {
			return fail(err)
		}
		for _, r := range revs {
			println(r.CmdFormat(HistoryFormat(verbose, flags["-i"] != "" && slices.Contains(current, r.ID()))))
		}
	case "current":
		revs, err := g.Current(rowsArg(pos[0]))
		if err != nil {
			return fail(err)
		}
		for _, r := range revs {
			println(r.CmdFormat(CurrentFormat(verbose)))
		}
	case "branches":
		revs, err := g.Walk("", "")
		if err != nil {
			return fail(err)
		}
		for _, r := range revs {
			if r.IsBranchPoint() {
				println(g.BranchesEntry(r, verbose))
			}
		}
	case "show":
		revs, err := g.GetEach(pos)
		if err != nil {
			return fail(err)
		}
		for _, r := range revs {
			println(r.LogEntry(false))
		}
	case "get":
		r, err := g.Get(pos[0])
		if err != nil {
			return fail(err)
		}
		if r == nil {
			println("<base>")
		} else {
			println(r.ID())
		}
	case "getall":
		revs, err := g.GetAll(pos[0])
		if err != nil {
			return fail(err)
		}
		println("[" + strings.Join(g.ids(revs), ", ") + "]")
	case "upgrade":
		return printSteps(g.UpgradePath(rowsArg(pos[0]), pos[1]))
	case "downgrade":
		return printSteps(g.DowngradePath(rowsArg(pos[0]), pos[1]))
	case "stamp":
		return printSteps(g.StampPath(rowsArg(pos[0]), pos[1:]...))
	case "new":
		parents, err := g.NewRevisionParents(pos, flags["--splice"] != "")
		if err != nil {
			return fail(err)
		}
		println("down_revision: [" + strings.Join(parents, ", ") + "]")
	default:
		println("unknown command " + args[0])
	}
	return out.String()
}

func runScenario(t *testing.T, path string) {
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	a := golden.Parse(string(data))
	graphText, ok := a.Lookup("graph")
	require.True(t, ok, "no graph section")
	commands, _ := a.Lookup("commands")

	var out bytes.Buffer
	g, err := New(parseGraph(t, graphText))
	if err != nil {
		fmt.Fprintf(&out, "error: %v\n", err)
	} else {
		for _, line := range strings.Split(commands, "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			fmt.Fprintf(&out, "> %s\n", line)
			out.WriteString(runCommand(g, line))
		}
	}
	got := out.String()
	if *golden.Update {
		var files []golden.File
		for _, f := range a.Files {
			if f.Name != "output" {
				files = append(files, f)
			}
		}
		a.Files = append(files, golden.File{Name: "output", Data: got})
		require.NoError(t, os.WriteFile(path, a.Format(), 0o644))
		return
	}
	want, ok := a.Lookup("output")
	require.True(t, ok, "no output section; run go test -update")
	require.Equal(t, want, got)
}

func TestScenarios(t *testing.T) {
	paths, err := filepath.Glob("testdata/scenarios/*.txtar")
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	for _, p := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(p), ".txtar"), func(t *testing.T) {
			runScenario(t, p)
		})
	}
}
