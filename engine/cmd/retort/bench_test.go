//go:build !js

package main

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// The benchmarks time the built command (wall time of the process, as a
// learner waits for it) on the tutorial's project: the reference's files and
// three revisions, which retort and alembic both run. With alembic installed
// the same commands run under it as sibling sub-benchmarks.

// benchProject is the tutorial project at its first revision with 10,000
// users; template holds that database's bytes, restored before each run.
func benchProject(b *testing.B) (p *proj, template []byte) {
	b.Helper()
	p = newProj(b)
	copyTree(b, p, tutorialFiles(b))
	r := p.run("upgrade", "1f67b9e072b7")
	require.Equal(b, 0, r.code, "%s", r)
	db := p.db("myapp.db")
	insertUsers(b, db, 10000)
	require.NoError(b, db.Close())
	template, err := os.ReadFile(p.path("myapp.db"))
	require.NoError(b, err)
	return p, template
}

// tools are the commands compared: retort, and alembic when installed.
func tools(b *testing.B) []struct{ name, bin string } {
	return []struct{ name, bin string }{
		{"retort", retortBinary(b)},
		{"alembic", alembicBinary()},
	}
}

// BenchmarkUpgradeHeadTutorial: `upgrade head` from the first revision (add
// age to 10,000 users, create posts).
func BenchmarkUpgradeHeadTutorial(b *testing.B) {
	p, template := benchProject(b)
	for _, tool := range tools(b) {
		b.Run(tool.name, func(b *testing.B) {
			if tool.bin == "" {
				b.Skip(noAlembic)
			}
			for b.Loop() {
				b.StopTimer()
				require.NoError(b, os.WriteFile(p.path("myapp.db"), template, 0o644))
				b.StartTimer()
				r := runIn(b, p.dir, tool.bin, alembicEnv, "upgrade", "head")
				if r.code != 0 {
					b.Fatalf("%s", r)
				}
			}
			b.StopTimer()
			db := p.db("myapp.db")
			require.EqualValues(b, 10000, queryInt(b, db, "SELECT count(*) FROM users WHERE age IS NULL"))
			require.EqualValues(b, 1, queryInt(b, db, "SELECT count(*) FROM alembic_version WHERE version_num = '88d25a73c36d'"))
			require.NoError(b, db.Close())
		})
	}
}

// BenchmarkCurrent: `current` on the tutorial's database at head.
func BenchmarkCurrent(b *testing.B) {
	p, _ := benchProject(b)
	r := p.run("upgrade", "head")
	require.Equal(b, 0, r.code, "%s", r)
	for _, tool := range tools(b) {
		b.Run(tool.name, func(b *testing.B) {
			if tool.bin == "" {
				b.Skip(noAlembic)
			}
			for b.Loop() {
				r := runIn(b, p.dir, tool.bin, alembicEnv, "current")
				if r.code != 0 || r.stdout != "88d25a73c36d (head)\n" {
					b.Fatalf("%s", r)
				}
			}
		})
	}
}
