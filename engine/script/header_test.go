package script

import (
	"strings"
	"testing"
	"time"

	"retort/internal/golden"

	"github.com/stretchr/testify/require"
)

// TestRenderHeaders compares whole scripts for headers the reference scripts
// do not show (merges, branch labels, depends_on, imports, an autogenerate
// that found nothing) with real Mako's rendering (testdata/alembic-headers.txtar).
func TestRenderHeaders(t *testing.T) {
	templates := golden.Read(t, "testdata/templates.txtar")
	want := golden.Read(t, "testdata/alembic-headers.txtar")
	date := "2026-11-25 19:27:20.828640"
	cases := map[string]struct {
		rev  RevisionInfo
		opts RenderOptions
	}{
		"base":     {rev: RevisionInfo{ID: "0123456789ab", Message: "first"}},
		"merge":    {rev: RevisionInfo{ID: "ccccccccc000", Down: []string{"aaaaaaaaa000", "bbbbbbbbb000"}, Message: "merge heads"}},
		"branch":   {rev: RevisionInfo{ID: "dddddddddd00", Down: []string{"aaaaaaaaa000"}, BranchLabels: []string{"feature"}, Message: "start feature"}},
		"depends1": {rev: RevisionInfo{ID: "eeeeeeeeee00", Down: []string{"aaaaaaaaa000"}, DependsOn: []string{"bbbbbbbbb000"}, Message: "needs b"}},
		"depends2": {rev: RevisionInfo{ID: "ffffffffff00", Down: []string{"aaaaaaaaa000"}, DependsOn: []string{"bbbbbbbbb000", "ccccccccc000"}, Message: "needs b and c"}},
		"imports": {
			rev:  RevisionInfo{ID: "111111111111", Down: []string{"aaaaaaaaa000"}, Message: "with imports"},
			opts: RenderOptions{Imports: []string{"import app.types", "from sqlalchemy.dialects import sqlite"}},
		},
		"message":       {rev: RevisionInfo{ID: "222222222222", Down: []string{"aaaaaaaaa000"}, Message: `it's a "quoted" message`}},
		"autogen-empty": {rev: RevisionInfo{ID: "333333333333", Down: []string{"aaaaaaaaa000"}, Message: "nothing"}, opts: RenderOptions{Autogenerate: true}},
	}
	require.Len(t, want.Files, 2*len(cases))
	for _, f := range want.Files {
		t.Run(f.Name, func(t *testing.T) {
			tname, file, _ := strings.Cut(f.Name, "/")
			c, ok := cases[strings.TrimSuffix(file, ".py")]
			require.True(t, ok)
			c.rev.CreateDate = date
			got, err := Render(mustFile(t, templates, tname+"/script.py.mako"), c.rev, nil, nil, c.opts)
			require.NoError(t, err)
			require.Equal(t, f.Data, got)
		})
	}
}

func TestFormatCreateDate(t *testing.T) {
	utc := time.FixedZone("", 0)
	tests := []struct {
		t     time.Time
		aware bool
		want  string
	}{
		{time.Date(2026, 11, 25, 19, 27, 20, 828640123, utc), false, "2026-11-25 19:27:20.828640"},
		{time.Date(2026, 11, 25, 19, 27, 20, 0, utc), false, "2026-11-25 19:27:20"},
		{time.Date(2026, 1, 2, 3, 4, 5, 6000, utc), true, "2026-01-02 03:04:05.000006+00:00"},
		{time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("", -5*3600)), true, "2026-01-02 03:04:05-05:00"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, FormatCreateDate(tt.t, tt.aware))
	}
}
