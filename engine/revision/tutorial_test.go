package revision

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The tutorial's revisions and what real Alembic printed for them
// (testdata/tutorial, copied from the reference recordings).

// scriptHeader reads the few header fields of a revision script a test needs;
// the real script reader lives elsewhere.
func scriptHeader(t *testing.T, path, shownPath string) Header {
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	src := string(data)
	start := strings.Index(src, `"""`)
	end := strings.Index(src[start+3:], `"""`)
	require.True(t, start >= 0 && end >= 0, "no docstring in %s", path)
	h := Header{Doc: src[start+3 : start+3+end], Path: shownPath}
	h.Revision = regexp.MustCompile(`(?m)^revision = '([^']*)'`).FindStringSubmatch(src)[1]
	if m := regexp.MustCompile(`(?m)^down_revision = '([^']*)'`).FindStringSubmatch(src); m != nil {
		h.DownRevisions = []string{m[1]}
	}
	h.CreateDate = regexp.MustCompile(`Create Date: (.*)`).FindStringSubmatch(src)[1]
	h.Message, _, _ = strings.Cut(pyStrip(h.Doc), "\n")
	return h
}

func tutorialGraph(t *testing.T) *Graph {
	paths, err := filepath.Glob("testdata/tutorial/versions/*.py")
	require.NoError(t, err)
	var hs []Header
	for _, p := range paths {
		hs = append(hs, scriptHeader(t, p, "/path/to/project/alembic/versions/"+filepath.Base(p)))
	}
	g, err := New(hs)
	require.NoError(t, err)
	return g
}

func readOutput(t *testing.T, name string) string {
	data, err := os.ReadFile(filepath.Join("testdata/tutorial/output", name))
	require.NoError(t, err)
	return string(data)
}

// commandLines drops Alembic's environment lines, which another package prints.
func commandLines(out string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(out, "\n") {
		if strings.HasPrefix(line, "INFO  [alembic.runtime.migration] Context impl") ||
			strings.HasPrefix(line, "INFO  [alembic.runtime.migration] Will assume") {
			continue
		}
		b.WriteString(line)
	}
	return b.String()
}

func TestTutorialListings(t *testing.T) {
	g := tutorialGraph(t)
	tests := []struct {
		file string
		run  func() string
	}{
		{"07-current.txt", func() string {
			revs, err := g.Current([]string{"88d25a73c36d"})
			require.NoError(t, err)
			var b strings.Builder
			for _, r := range revs {
				b.WriteString(r.CmdFormat(CurrentFormat(false)) + "\n")
			}
			return b.String()
		}},
		{"08-history.txt", func() string {
			revs, err := g.History("", nil)
			require.NoError(t, err)
			var b strings.Builder
			for _, r := range revs {
				b.WriteString(r.CmdFormat(HistoryFormat(false, false)) + "\n")
			}
			return b.String()
		}},
		{"09-history-verbose.txt", func() string {
			revs, err := g.Walk("", "")
			require.NoError(t, err)
			var b strings.Builder
			for _, r := range revs {
				b.WriteString(r.CmdFormat(HistoryFormat(true, false)) + "\n")
			}
			return b.String()
		}},
		{"10-heads.txt", func() string {
			var b strings.Builder
			for _, id := range g.Heads() {
				b.WriteString(g.Revision(id).CmdFormat(HeadsFormat(false)) + "\n")
			}
			return b.String()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			require.Equal(t, commandLines(readOutput(t, tt.file)), tt.run())
		})
	}
}

var (
	logLine      = regexp.MustCompile(`(?m)^INFO  \[alembic\.runtime\.migration\] (Running .*)$`)
	sqlComment   = regexp.MustCompile(`(?m)^-- (Running .*)$`)
	versionWrite = regexp.MustCompile(`(?m)^(INSERT INTO alembic_version|UPDATE alembic_version|DELETE FROM alembic_version).*;$`)
)

// versionSQL renders a change as Alembic's --sql output shows it; the real
// rendering belongs to the SQLite dialect, this only checks the data.
func versionSQL(c VersionChange) string {
	switch c.Kind {
	case Insert:
		return "INSERT INTO alembic_version (version_num) VALUES ('" + c.To + "');"
	case Update:
		return "UPDATE alembic_version SET version_num='" + c.To + "' WHERE alembic_version.version_num = '" + c.From + "';"
	}
	return "DELETE FROM alembic_version WHERE alembic_version.version_num = '" + c.From + "';"
}

func TestTutorialSteps(t *testing.T) {
	g := tutorialGraph(t)
	tests := []struct {
		file    string
		down    bool
		current []string
		target  string // a --sql range START:END when it has a colon
	}{
		{"02-upgrade.txt", false, nil, "1f67b9e072b7"},
		{"04-upgrade.txt", false, []string{"1f67b9e072b7"}, "3a291af61148"},
		{"06-upgrade.txt", false, []string{"3a291af61148"}, "head"},
		{"11-upgrade-sql.txt", false, nil, "1f67b9e072b7:head"},
		{"11b-upgrade-head-sql-from-base.txt", false, nil, "head"},
		{"12-downgrade-sql.txt", true, nil, "88d25a73c36d:1f67b9e072b7"},
		{"13-downgrade.txt", true, []string{"88d25a73c36d"}, "-1"},
		{"14-downgrade-base.txt", true, []string{"3a291af61148"}, "base"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			out := readOutput(t, tt.file)
			current, target := tt.current, tt.target
			start, end, isRange, err := SplitRange(tt.target)
			require.NoError(t, err)
			if isRange {
				r, err := g.Get(start)
				require.NoError(t, err)
				current, target = []string{r.ID()}, end
			}
			var steps []Step
			if tt.down {
				steps, err = g.DowngradePath(current, target)
			} else {
				steps, err = g.UpgradePath(current, target)
			}
			require.NoError(t, err)

			var logs, comments, writes []string
			for _, s := range steps {
				logs = append(logs, s.LogLine())
				comments = append(comments, "Running "+s.ShortLog())
				for _, c := range s.Changes {
					writes = append(writes, versionSQL(c))
				}
			}
			require.Equal(t, submatches(logLine, out), logs)
			if strings.Contains(tt.file, "sql") {
				require.Equal(t, submatches(sqlComment, out), comments)
				require.Equal(t, versionWrite.FindAllString(out, -1), writes)
			}
		})
	}
}

func submatches(re *regexp.Regexp, s string) []string {
	var out []string
	for _, m := range re.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}
