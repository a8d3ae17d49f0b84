//go:build !js

package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"retort/internal/golden"

	"github.com/stretchr/testify/require"
)

// TestHelp: -h prints argparse's layout of Alembic's help, at the width
// COLUMNS gives (80 here): the same text as Alembic 1.8.1 for every
// subcommand with the same options, run as `retort alembic CMD -h` so that
// the program's name (and so the usage's indent) is the same.
func TestHelp(t *testing.T) {
	p := newProj(t) // no alembic.ini: help needs no project
	refs, err := filepath.Glob("testdata/help/alembic-1.8.1/*.txt")
	require.NoError(t, err)
	require.NotEmpty(t, refs)
	for _, ref := range refs {
		cmd := strings.TrimSuffix(filepath.Base(ref), ".txt")
		if cmd == "main" || cmd == "revision" {
			continue // differ on purpose: see testdata/help/README.md
		}
		t.Run(cmd, func(t *testing.T) {
			want, err := os.ReadFile(ref)
			require.NoError(t, err)
			r := p.ok("alembic", cmd, "-h")
			require.Empty(t, r.stderr)
			require.Equal(t, string(want), withoutRetortOptions(r.stdout))
			// --help is the same; so is -h after other arguments.
			require.Equal(t, string(want), withoutRetortOptions(p.ok("alembic", cmd, "--help").stdout))
		})
	}

	// Retort's own: the program, revision (with --rename), check, upgrade.
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"main", []string{"-h"}},
		{"main-help", []string{"--help"}},
		{"revision", []string{"revision", "-h"}},
		{"check", []string{"check", "-h"}},
		{"upgrade", []string{"upgrade", "-h"}},
		{"upgrade-after-target", []string{"upgrade", "head", "-h"}},
		{"narrow", []string{"upgrade", "-h"}},
	} {
		t.Run("retort/"+tc.name, func(t *testing.T) {
			q := *p
			if tc.name == "narrow" {
				q.env = []string{"COLUMNS=50"}
			}
			r := q.ok(tc.args...)
			require.Empty(t, r.stderr)
			golden.Check(t, filepath.Join("testdata/help/retort", tc.name+".txt"), []byte(r.stdout))
		})
	}
}

// TestVersion: --version prints the program's name and version, and exits 0.
func TestVersion(t *testing.T) {
	p := newProj(t)
	r := p.ok("--version")
	require.Regexp(t, `^retort \d+\.\d+\.\d+\n$`, r.stdout)
	require.Empty(t, r.stderr)
	r = p.ok("alembic", "--version")
	require.Regexp(t, `^alembic \(retort\) \d+\.\d+\.\d+\n$`, r.stdout)
}

// retortOption is an option Retort adds to an Alembic command (its help
// starts "Retort:"), and the usage's mention of it.
var (
	retortOptionUsage = regexp.MustCompile(` \[--review\]`)
	retortOptionHelp  = regexp.MustCompile(`(?m)^  --review .*\n(?:   +.*\n)*`)
)

// withoutRetortOptions is a help text without the options Retort adds
// (upgrade/downgrade --review): what is left must be Alembic's, word for word.
// (At the 80 columns of the references, the usage line fits with or without
// them, so removing the mention leaves argparse's layout.)
func withoutRetortOptions(help string) string {
	return retortOptionHelp.ReplaceAllString(retortOptionUsage.ReplaceAllString(help, ""), "")
}
