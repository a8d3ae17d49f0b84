package revision

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"retort/internal/golden"

	"github.com/stretchr/testify/require"
)

func hdr(id string, down ...string) Header {
	return Header{Revision: id, DownRevisions: down, Path: "alembic/versions/" + id + ".py", Doc: "msg " + id}
}

func withLabels(h Header, labels ...string) Header { h.BranchLabels = labels; return h }
func withDeps(h Header, deps ...string) Header     { h.DependsOn = deps; return h }

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name    string
		headers []Header
		kind    error
		want    string
	}{
		{"empty id", []Header{{Path: "v/x.py"}}, ErrInvalidRevisionID,
			"v/x.py: no revision identifier"},
		{"illegal characters", []Header{hdr("ab-c:d")}, ErrInvalidRevisionID,
			"alembic/versions/ab-c:d.py: Character(s) '-, :' not allowed in revision identifier 'ab-c:d'"},
		{"self loop", []Header{hdr("aaaa", "aaaa")}, ErrCycle,
			"alembic/versions/aaaa.py: Self-loop is detected in revisions (aaaa)"},
		{"dependency self loop", []Header{withDeps(hdr("aaaa"), "aaaa")}, ErrCycle,
			"alembic/versions/aaaa.py: Dependency self-loop is detected in revisions (aaaa)"},
		{"duplicate id", []Header{hdr("aaaa"), {Revision: "aaaa", Path: "other/aaaa_again.py"}}, ErrDuplicateRevision,
			"other/aaaa_again.py: Revision aaaa is present more than once (also in alembic/versions/aaaa.py)"},
		{"missing parent", []Header{
			{Revision: "3a291af61148", DownRevisions: []string{"1f67b9e072b7"}, Path: "alembic/versions/3a29_add_age.py"},
		}, ErrMissingRevision,
			"alembic/versions/3a29_add_age.py: revision 3a291af61148 revises unknown revision 1f67b9e072b7"},
		{"missing merge parent", []Header{hdr("aaaa"), hdr("bbbb", "aaaa", "cccc")}, ErrMissingRevision,
			"alembic/versions/bbbb.py: revision bbbb revises unknown revision cccc"},
		{"down_revision names a label", []Header{withLabels(hdr("aaaa"), "lbl"), hdr("bbbb", "lbl")}, ErrMissingRevision,
			"alembic/versions/bbbb.py: revision bbbb revises unknown revision lbl"},
		{"missing dependency", []Header{hdr("aaaa"), withDeps(hdr("bbbb", "aaaa"), "zzzz")}, ErrMissingRevision,
			"alembic/versions/bbbb.py: revision bbbb depends on unknown revision zzzz"},
		{"label used twice", []Header{withLabels(hdr("aaaa"), "x"), withLabels(hdr("bbbb", "aaaa"), "x")}, ErrDuplicateBranchLabel,
			"alembic/versions/bbbb.py: Branch name 'x' in revision bbbb already used by revision aaaa"},
		{"label is a revision id", []Header{hdr("aaaa"), withLabels(hdr("bbbb", "aaaa"), "aaaa")}, ErrDuplicateBranchLabel,
			"alembic/versions/bbbb.py: Branch name 'aaaa' in revision bbbb already used by revision aaaa"},
		{"cycle without a base", []Header{hdr("aaaa", "bbbb"), hdr("bbbb", "aaaa")}, ErrCycle,
			"alembic/versions/aaaa.py: Cycle is detected in revisions (aaaa, bbbb)"},
		{"cycle beside a line", []Header{hdr("base"), hdr("cccc", "base"), hdr("dddd", "eeee"), hdr("eeee", "dddd")}, ErrCycle,
			"alembic/versions/dddd.py: Cycle is detected in revisions (dddd, eeee)"},
		{"cycle through a merge", []Header{hdr("aaaa"), hdr("bbbb", "aaaa", "cccc"), hdr("cccc", "bbbb"), hdr("dddd", "cccc")}, ErrCycle,
			"alembic/versions/bbbb.py: Cycle is detected in revisions (bbbb, cccc)"},
		{"dependency cycle", []Header{hdr("aaaa"), withDeps(hdr("bbbb", "aaaa"), "cccc"), hdr("cccc", "bbbb")}, ErrCycle,
			"alembic/versions/bbbb.py: Dependency cycle is detected in revisions (bbbb, cccc)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := New(tt.headers)
			require.Nil(t, g)
			require.Error(t, err)
			require.ErrorIs(t, err, tt.kind)
			var he *HeaderError
			require.ErrorAs(t, err, &he)
			require.Equal(t, tt.want, err.Error())
		})
	}
}

// The graph of Alembic's branches documentation, with a label.
func mergeGraph(t *testing.T) *Graph {
	g, err := New([]Header{
		hdr("1975ea83b712"),
		hdr("27c6a30d7c24", "1975ea83b712"),
		hdr("53fffde5ad5", "ae1027a6acf", "27c6a30d7c24"),
		withLabels(hdr("ae1027a6acf", "1975ea83b712"), "account"),
	})
	require.NoError(t, err)
	return g
}

func twoHeads(t *testing.T) *Graph {
	g, err := New([]Header{
		hdr("1975ea83b712"),
		withLabels(hdr("27c6a30d7c24", "1975ea83b712"), "shoppingcart"),
		hdr("ae1027a6acf", "1975ea83b712"),
		hdr("ae10ffffffff", "ae1027a6acf"),
	})
	require.NoError(t, err)
	return g
}

func TestGraphShape(t *testing.T) {
	g := mergeGraph(t)
	require.Equal(t, 4, g.Len())
	require.Equal(t, []string{"53fffde5ad5"}, g.Heads())
	require.Equal(t, []string{"53fffde5ad5"}, g.RealHeads())
	require.Equal(t, []string{"1975ea83b712"}, g.Bases())
	require.Equal(t, []string{"1975ea83b712"}, g.ids(g.BranchPoints()))
	require.Equal(t, []string{"53fffde5ad5"}, g.ids(g.MergePoints()))

	base := g.Revision("1975ea83b712")
	require.True(t, base.IsBase())
	require.True(t, base.IsBranchPoint())
	require.False(t, base.IsHead())
	require.Equal(t, []string{"27c6a30d7c24", "ae1027a6acf"}, base.NextRevisions())

	merge := g.Revision("53fffde5ad5")
	require.True(t, merge.IsMergePoint())
	require.True(t, merge.IsHead())
	require.True(t, merge.IsRealHead())
	require.Equal(t, []string{"ae1027a6acf", "27c6a30d7c24"}, merge.DownRevisions())
	// a label spreads to the descendants, and down to the branch point
	require.Equal(t, []string{"account"}, merge.BranchLabels())
	require.Equal(t, []string{"account"}, g.Revision("ae1027a6acf").BranchLabels())
	require.Empty(t, base.BranchLabels())
	require.Nil(t, g.Revision("nope"))

	head, err := g.Head()
	require.NoError(t, err)
	require.Equal(t, "53fffde5ad5", head)
}

func TestDependencies(t *testing.T) {
	g, err := New([]Header{
		hdr("aaaa"), hdr("bbbb", "aaaa"),
		withLabels(hdr("nnnn"), "net"), withDeps(hdr("oooo", "nnnn"), "bbbb"),
		withDeps(hdr("pppp", "oooo"), "bbbb", "aaaa"),
	})
	require.NoError(t, err)
	require.Equal(t, []string{"bbbb", "pppp"}, g.Heads())
	require.Equal(t, []string{"pppp"}, g.RealHeads())
	b := g.Revision("bbbb")
	require.True(t, b.IsHead())
	require.False(t, b.IsRealHead())
	require.Equal(t, "bbbb (effective head)", b.CmdFormat(HeadsFormat(false)))
	// pppp's dependencies are already those of its ancestor oooo
	require.Equal(t, []string{"bbbb", "aaaa"}, g.Revision("pppp").Dependencies())
	// ... but aaaa is only an ancestor of bbbb: it stays, as in Alembic
	require.Equal(t, []string{"oooo", "aaaa"}, g.Revision("pppp").normDown())
	require.Equal(t, "oooo (bbbb, aaaa) -> pppp (net) (head), msg pppp", g.Revision("pppp").CmdFormat(HistoryFormat(false, false)))

	parents, err := g.ResolveDependsOn([]string{"net", "bbb"})
	require.NoError(t, err)
	require.Equal(t, []string{"net", "bbbb"}, parents)
}

func TestQueryErrors(t *testing.T) {
	merge := mergeGraph(t)
	two := twoHeads(t)
	tests := []struct {
		name   string
		run    func() error
		kind   error
		want   string
		detail string // ResolutionError.Detail or MultipleHeadsError.Detail
	}{
		{"no such revision", func() error { _, err := merge.Get("zzzzzz"); return err }, ErrNoSuchRevision,
			"Can't locate revision identified by 'zzzzzz'", "No such revision or branch 'zzzzzz'"},
		{"short prefix", func() error { _, err := merge.Get("zz"); return err }, ErrNoSuchRevision,
			"Can't locate revision identified by 'zz'",
			"No such revision or branch 'zz'; please ensure at least four characters are present for partial revision identifier matches"},
		{"ambiguous prefix", func() error { _, err := two.Get("ae10"); return err }, ErrAmbiguousRevision,
			"Can't locate revision identified by 'ae10'", "Multiple revisions start with 'ae10': 'ae1027a6acf', 'ae10ffffffff'..."},
		{"no such branch", func() error { _, err := two.Get("nobranch@ae1027a6acf"); return err }, ErrNoSuchBranch,
			"Can't locate revision identified by 'nobranch'", "No such branch: 'nobranch'"},
		{"not in branch", func() error { _, err := two.Get("shoppingcart@ae1027a6acf"); return err }, ErrNotInBranch,
			"Can't locate revision identified by 'ae1027a6acf'", "Revision ae1027a6acf is not a member of branch 'shoppingcart'"},
		{"multiple heads for head", func() error { _, err := two.UpgradePath(nil, "head"); return err }, ErrMultipleHeads,
			"Multiple head revisions are present for given argument 'head'; please specify a specific target revision, " +
				"'<branchname>@head' to narrow to a specific head, or 'heads' for all heads",
			"Multiple heads are present for given argument 'head'; 27c6a30d7c24, ae10ffffffff"},
		{"multiple heads for Head", func() error { _, err := two.Head(); return err }, ErrMultipleHeads,
			"The script directory has multiple heads (due to branching).Please use get_heads(), or merge the branches using alembic merge.",
			"Multiple heads are present for given argument 'head'; 27c6a30d7c24, ae10ffffffff"},
		{"multiple heads for a new revision", func() error { _, err := two.NewRevisionParents(nil, false); return err }, ErrMultipleHeads,
			"Multiple heads are present; please specify the head revision on which the new revision should be based, or perform a merge.",
			"Multiple heads are present for given argument 'head'; 27c6a30d7c24, ae10ffffffff"},
		{"multiple heads for stamp", func() error { _, err := two.StampPath(nil, "head"); return err }, ErrMultipleHeads,
			"Multiple heads are present; please specify a single target revision", ""},
		{"relative downgrade with nothing applied", func() error { _, err := merge.DowngradePath(nil, "-1"); return err }, ErrRelativeRevision,
			"Relative revision -1 didn't produce 1 migrations", ""},
		{"relative downgrade too far", func() error { _, err := merge.DowngradePath([]string{"1975ea83b712"}, "-2"); return err }, ErrRelativeRevision,
			"Relative revision -2 didn't produce 2 migrations", ""},
		{"downgrade to +1", func() error { _, err := merge.DowngradePath([]string{"1975ea83b712"}, "+1"); return err }, ErrRelativeRevision,
			"Relative revision +1 didn't produce 1 migrations", ""},
		{"upgrade to -1", func() error { _, err := merge.UpgradePath([]string{"1975ea83b712"}, "-1"); return err }, ErrRelativeRevision,
			"Relative revision -1 didn't produce 1 migrations", ""},
		{"upgrade too far", func() error { _, err := merge.UpgradePath(nil, "+5"); return err }, ErrAmbiguousWalk,
			"Ambiguous walk", ""},
		{"upgrade too far on a line", func() error { _, err := two.UpgradePath([]string{"ae1027a6acf"}, "+2"); return err }, ErrRelativeRevision,
			"Relative revision +2 didn't produce 2 migrations", ""},
		{"walk past a symbol", func() error { _, err := merge.DowngradePath([]string{"53fffde5ad5"}, "1975ea83b712+9"); return err }, ErrAmbiguousWalk,
			"Ambiguous walk", ""},
		{"walked too far", func() error { _, err := two.DowngradePath([]string{"ae10ffffffff"}, "ae10ffffffff+1"); return err }, ErrRelativeRevision,
			"Walked too far", ""},
		{"ambiguous upgrade", func() error {
			_, err := two.UpgradePath([]string{"27c6a30d7c24", "ae1027a6acf"}, "+1")
			return err
		}, ErrRelativeRevision, "Ambiguous upgrade from multiple current revisions", ""},
		{"downgrade target not below", func() error {
			_, err := two.DowngradePath([]string{"27c6a30d7c24"}, "ae1027a6acf")
			return err
		}, ErrNotAncestor, "Destination ae1027a6acf is not a valid downgrade target from current head(s)", ""},
		{"history range across branches", func() error { _, err := two.History("ae1027a6acf:27c6a30d7c24", nil); return err }, ErrNotAncestor,
			"Requested range ae1027a6acf:27c6a30d7c24 does not refer to ancestor/descendant revisions along the same branch", ""},
		{"history without colon", func() error { _, err := two.History("head", nil); return err }, ErrBadRange,
			"History range requires [start]:[end], [start]:, or :[end]", ""},
		{"rows overlap", func() error {
			_, err := two.UpgradePath([]string{"1975ea83b712", "ae1027a6acf"}, "heads")
			return err
		}, ErrOverlap, "Requested revision ae1027a6acf overlaps with other requested revisions 1975ea83b712", ""},
		{"unknown row", func() error { _, err := two.UpgradePath([]string{"deadbeef0000"}, "heads"); return err }, ErrNoSuchRevision,
			"Can't locate revision identified by 'deadbeef0000'", "No such revision or branch 'deadbeef0000'"},
		{"not a head", func() error { _, err := two.NewRevisionParents([]string{"1975"}, false); return err }, ErrRevision,
			"Revision 1975ea83b712 is not a head revision; please specify --splice to create a new branch from this revision", ""},
		{"duplicate heads", func() error {
			_, err := two.NewRevisionParents([]string{"ae10f", "ae10ffffffff"}, false)
			return err
		}, ErrRevision, "Duplicate head revisions specified", ""},
		{"bad --rev-id", func() error { return VerifyRevisionID("a+b@c") }, ErrInvalidRevisionID,
			"Character(s) '+, @' not allowed in revision identifier 'a+b@c'", ""},
		{"range with two colons", func() error { _, _, _, err := SplitRange("a:b:c"); return err }, ErrBadRange,
			"Revision range a:b:c has more than one ':'", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			require.Error(t, err)
			require.ErrorIs(t, err, tt.kind)
			require.Equal(t, tt.want, err.Error())
			var re *ResolutionError
			var mh *MultipleHeadsError
			switch {
			case errors.As(err, &re):
				require.Equal(t, tt.detail, re.Detail)
			case errors.As(err, &mh):
				if tt.detail != "" {
					require.Equal(t, tt.detail, mh.Detail)
				}
				require.NotEmpty(t, mh.Heads)
			}
		})
	}
}

// TestTargets runs every target form against the graph of the branches
// documentation and lists the revisions each path runs.
func TestTargets(t *testing.T) {
	merge := mergeGraph(t)
	two := twoHeads(t)
	tests := []struct {
		g       *Graph
		down    bool
		current string
		target  string
		want    string // the revisions run, in order
	}{
		{merge, false, "", "head", "1975ea83b712 27c6a30d7c24 ae1027a6acf 53fffde5ad5"},
		{merge, false, "", "heads", "1975ea83b712 27c6a30d7c24 ae1027a6acf 53fffde5ad5"},
		{merge, false, "", "+1", "1975ea83b712"},
		{merge, false, "27c6a30d7c24", "+1", "ae1027a6acf 53fffde5ad5"},
		{merge, false, "", "27c6a30d7c24", "1975ea83b712 27c6a30d7c24"},
		{merge, false, "", "27c6", "1975ea83b712 27c6a30d7c24"},
		{merge, false, "", "account@head", "1975ea83b712 27c6a30d7c24 ae1027a6acf 53fffde5ad5"},
		{merge, false, "", "account@+1", "1975ea83b712"},
		{merge, false, "", "account", "1975ea83b712 ae1027a6acf"},
		{merge, false, "", "27c6a30d7c24+1", "1975ea83b712 27c6a30d7c24 ae1027a6acf 53fffde5ad5"},
		{merge, false, "", "ae1027a6acf-1", "1975ea83b712"},
		{merge, false, "53fffde5ad5", "head", ""},
		{merge, false, "", "base", ""},
		{two, false, "", "shoppingcart@head", "1975ea83b712 27c6a30d7c24"},
		{two, false, "1975ea83b712", "shoppingcart@+1", "27c6a30d7c24"},
		{two, false, "", "ae1027a6acf@head", "1975ea83b712 ae1027a6acf ae10ffffffff"},
		{two, false, "", "heads", "1975ea83b712 ae1027a6acf ae10ffffffff 27c6a30d7c24"},
		{two, false, "", "head-1", ""}, // several heads: head is ambiguous, see TestQueryErrors
		{merge, true, "53fffde5ad5", "base", "53fffde5ad5 ae1027a6acf 27c6a30d7c24 1975ea83b712"},
		{merge, true, "53fffde5ad5", "1975ea83b712", "53fffde5ad5 ae1027a6acf 27c6a30d7c24"},
		{merge, true, "53fffde5ad5", "ae1027a6acf", "53fffde5ad5"},
		{merge, true, "53fffde5ad5", "head-1", ""}, // a merge point has two parents: see below
		{merge, true, "ae1027a6acf,27c6a30d7c24", "-1", "ae1027a6acf"},
		{merge, true, "27c6a30d7c24", "-1", "27c6a30d7c24"},
		{merge, true, "1975ea83b712", "-1", "1975ea83b712"},
		{merge, true, "53fffde5ad5", "account@base", "53fffde5ad5 ae1027a6acf 27c6a30d7c24 1975ea83b712"},
		{two, true, "27c6a30d7c24,ae10ffffffff", "shoppingcart@-1", "27c6a30d7c24"},
		{two, true, "27c6a30d7c24,ae10ffffffff", "ae10ffffffff-1", "ae10ffffffff"},
		// one root: label@base goes down to it, for every branch (as Alembic does)
		{two, true, "27c6a30d7c24,ae10ffffffff", "shoppingcart@base", "27c6a30d7c24 ae10ffffffff ae1027a6acf 1975ea83b712"},
		{two, true, "27c6a30d7c24,ae10ffffffff", "base", "27c6a30d7c24 ae10ffffffff ae1027a6acf 1975ea83b712"},
	}
	for _, tt := range tests {
		name := map[bool]string{false: "upgrade", true: "downgrade"}[tt.down] + " " + tt.current + " " + tt.target
		t.Run(name, func(t *testing.T) {
			var current []string
			if tt.current != "" {
				current = strings.Split(tt.current, ",")
			}
			var steps []Step
			var err error
			if tt.down {
				steps, err = tt.g.DowngradePath(current, tt.target)
			} else {
				steps, err = tt.g.UpgradePath(current, tt.target)
			}
			if tt.want == "" && err != nil {
				return // covered by TestQueryErrors
			}
			require.NoError(t, err)
			var got []string
			for _, s := range steps {
				got = append(got, s.Revision.ID())
			}
			require.Equal(t, tt.want, strings.Join(got, " "))
		})
	}
}

// TestMergeSteps checks the alembic_version rows across a merge, both ways, as
// Alembic's documentation shows them.
func TestMergeSteps(t *testing.T) {
	g := mergeGraph(t)
	up, err := g.UpgradePath(nil, "head")
	require.NoError(t, err)
	require.Equal(t, []Step{
		{Revision: g.Revision("1975ea83b712"), Direction: Up, FromRevisions: nil, ToRevisions: []string{"1975ea83b712"},
			Changes:  []VersionChange{{Kind: Insert, To: "1975ea83b712"}},
			Versions: []string{"1975ea83b712"}},
		{Revision: g.Revision("27c6a30d7c24"), Direction: Up, FromRevisions: []string{"1975ea83b712"}, ToRevisions: []string{"27c6a30d7c24"},
			Changes:  []VersionChange{{Kind: Update, From: "1975ea83b712", To: "27c6a30d7c24"}},
			Versions: []string{"27c6a30d7c24"}},
		{Revision: g.Revision("ae1027a6acf"), Direction: Up, FromRevisions: []string{"1975ea83b712"}, ToRevisions: []string{"ae1027a6acf"},
			Changes:  []VersionChange{{Kind: Insert, To: "ae1027a6acf"}},
			Versions: []string{"27c6a30d7c24", "ae1027a6acf"}},
		{Revision: g.Revision("53fffde5ad5"), Direction: Up, FromRevisions: []string{"ae1027a6acf", "27c6a30d7c24"}, ToRevisions: []string{"53fffde5ad5"},
			Changes:  []VersionChange{{Kind: Delete, From: "ae1027a6acf"}, {Kind: Update, From: "27c6a30d7c24", To: "53fffde5ad5"}},
			Versions: []string{"53fffde5ad5"}},
	}, up)
	require.Equal(t, "Running upgrade ae1027a6acf, 27c6a30d7c24 -> 53fffde5ad5, msg 53fffde5ad5", up[3].LogLine())
	require.Equal(t, "upgrade ae1027a6acf, 27c6a30d7c24 -> 53fffde5ad5", up[3].ShortLog())
	require.Equal(t, "Running upgrade  -> 1975ea83b712, msg 1975ea83b712", up[0].LogLine())

	down, err := g.DowngradePath([]string{"53fffde5ad5"}, "base")
	require.NoError(t, err)
	var lines []string
	for _, s := range down {
		lines = append(lines, s.LogLine()+" => "+strings.Join(s.Versions, ","))
	}
	require.Equal(t, []string{
		"Running downgrade 53fffde5ad5 -> ae1027a6acf, 27c6a30d7c24, msg 53fffde5ad5 => 27c6a30d7c24,ae1027a6acf",
		"Running downgrade ae1027a6acf -> 1975ea83b712, msg ae1027a6acf => 27c6a30d7c24",
		"Running downgrade 27c6a30d7c24 -> 1975ea83b712, msg 27c6a30d7c24 => 1975ea83b712",
		"Running downgrade 1975ea83b712 -> , msg 1975ea83b712 => ",
	}, lines)
	require.Equal(t, []VersionChange{{Kind: Insert, To: "ae1027a6acf"}, {Kind: Update, From: "53fffde5ad5", To: "27c6a30d7c24"}}, down[0].Changes)
	require.Equal(t, []VersionChange{{Kind: Delete, From: "1975ea83b712"}}, down[3].Changes)

	stamp, err := g.StampPath([]string{"53fffde5ad5"}, "1975ea83b712")
	require.NoError(t, err)
	require.Len(t, stamp, 1)
	require.Nil(t, stamp[0].Revision)
	require.Equal(t, "Running stamp_revision 53fffde5ad5 -> 1975ea83b712", stamp[0].LogLine())
	require.Equal(t, []string{"1975ea83b712"}, stamp[0].Versions)
}

func TestDocs(t *testing.T) {
	r := &Revision{Header: Header{Revision: "x", Doc: "\n  first line\nstill first\n\nsecond para\r\nmore\n\n"}}
	require.Equal(t, "first line\nstill first", r.Doc())
	require.Equal(t, "first line\nstill first\n\nsecond para\r\nmore", r.LongDoc())
	r = &Revision{Header: Header{Revision: "x", Message: "made in code"}}
	require.Equal(t, "made in code", r.Doc())
	r = &Revision{Header: Header{Revision: "x"}}
	require.Equal(t, "", r.Doc())
	require.Equal(t, "Rev: x (head)\nParent: <base>\nPath: \n\n\n", r.LogEntry(false))
}

// seedTargets collects the targets the scenario files use.
func seedTargets(f *testing.F) []string {
	paths, err := filepath.Glob("testdata/scenarios/*.txtar")
	require.NoError(f, err)
	seen := map[string]bool{}
	var out []string
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(f, err)
		commands, _ := golden.Parse(string(data)).Lookup("commands")
		for _, line := range strings.Split(commands, "\n") {
			for _, field := range strings.Fields(line)[min(1, len(strings.Fields(line))):] {
				if !seen[field] {
					seen[field] = true
					out = append(out, field)
				}
			}
		}
	}
	return out
}

// FuzzTargets feeds arbitrary target strings to every entry point that parses
// one: none may panic, and each either fails or gives a result.
func FuzzTargets(f *testing.F) {
	for _, s := range seedTargets(f) {
		f.Add(s, "")
		f.Add(s, "ae1027a6acf,27c6a30d7c24")
	}
	f.Add("", "")
	f.Add("@", "@")
	f.Add("a@b@c-1", "53fffde5ad5")
	f.Add("+99999999999999999999999", "")
	f.Add("-0", "1975ea83b712")
	graphs := []*Graph{mergeGraph(&testing.T{}), twoHeads(&testing.T{})}
	f.Fuzz(func(t *testing.T, target, rows string) {
		var current []string
		if rows != "" {
			current = strings.Split(rows, ",")
		}
		for _, g := range graphs {
			_, _ = g.Get(target)
			_, _ = g.GetAll(target)
			_, _ = g.Current(current)
			_, _ = g.UpgradePath(current, target)
			_, _ = g.DowngradePath(current, target)
			_, _ = g.StampPath(current, target)
			_, _ = g.History(target, current)
			_, _ = g.Walk(target, rows)
			_, _ = g.NewRevisionParents([]string{target}, false)
			_, _, _, _ = SplitRange(target)
		}
	})
}

// FuzzGraph builds small arbitrary graphs (cycles, merges, dependencies,
// labels) from bytes and runs the walks over them: New either refuses the
// graph or every query completes without panicking.
func FuzzGraph(f *testing.F) {
	f.Add([]byte{0, 1, 0, 2, 1, 0, 3, 2, 1})
	f.Add([]byte{0, 0, 0, 1, 1, 0, 2, 1, 0, 3, 2, 3, 4, 3, 0})
	f.Add([]byte{5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
	ids := []string{"a000", "b000", "c000", "d000", "e000", "f000"}
	f.Fuzz(func(t *testing.T, data []byte) {
		var hs []Header
		for i := 0; i+2 < len(data) && len(hs) < len(ids); i += 3 {
			h := Header{Revision: ids[len(hs)], Path: ids[len(hs)] + ".py"}
			for bit, id := range ids {
				if data[i+1]&(1<<bit) != 0 {
					h.DownRevisions = append(h.DownRevisions, id)
				}
				if data[i+2]&(1<<bit) != 0 && bit < 3 {
					h.DependsOn = append(h.DependsOn, id)
				}
			}
			if data[i]&1 != 0 {
				h.BranchLabels = []string{"l" + h.Revision}
			}
			hs = append(hs, h)
		}
		g, err := New(hs)
		if err != nil {
			return
		}
		steps, err := g.UpgradePath(nil, "heads")
		require.NoError(t, err)
		var rows []string
		if len(steps) > 0 {
			rows = steps[len(steps)-1].Versions
		}
		_, err = g.DowngradePath(rows, "base")
		require.NoError(t, err)
		_, _ = g.Walk("", "")
		_, _ = g.Current(rows)
		_, _ = g.StampPath(rows, "base")
		for _, id := range ids {
			_, _ = g.UpgradePath(rows, id)
			_, _ = g.DowngradePath(rows, id)
			_, _ = g.UpgradePath(nil, "l"+id+"@head")
		}
	})
}

func TestDowngradeWarnings(t *testing.T) {
	g := mergeGraph(t)
	require.Equal(t, []string{"downgrade -1 from multiple heads is ambiguous; this usage will be disallowed in a future release."},
		g.DowngradeWarnings([]string{"ae1027a6acf", "27c6a30d7c24"}, "-2"))
	require.Nil(t, g.DowngradeWarnings([]string{"ae1027a6acf"}, "-1"))
	require.Nil(t, g.DowngradeWarnings([]string{"ae1027a6acf", "27c6a30d7c24"}, "account@-1"))
	require.Nil(t, g.DowngradeWarnings([]string{"ae1027a6acf", "27c6a30d7c24"}, "base"))
}
