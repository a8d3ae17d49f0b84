//go:build !js

package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// What Retort does not run that has side effects under the real Alembic
// (os.system, subprocess, shutil in env.py or a model module) is named on
// every command, positioned, as a warning; nothing of it runs.
func TestSideEffectsNamed(t *testing.T) {
	p := newProj(t)
	p.initTutorial()
	p.edit("alembic/env.py", "from database import Base\n", "import os\nimport subprocess\nos.system(\"touch ran-os-system\")\nsubprocess.run([\"touch\", \"ran-subprocess\"])\nfrom database import Base\n")
	for _, cmd := range [][]string{{"current"}, {"revision", "--autogenerate", "-m", "users"}, {"upgrade", "head"}} {
		r := p.ok(cmd...)
		out := r.stdout + r.stderr
		require.Contains(t, out, "alembic/env.py:", "%s", r)
		require.Contains(t, out, "Retort does not run os.system(): it has side effects, which the real Alembic would carry out", "%s", r)
		require.Contains(t, out, "Retort does not run subprocess.run()", "%s", r)
		require.Equal(t, 1, strings.Count(out, "os.system()"), "once per command: %s", r)
	}
	require.NoFileExists(t, p.path("ran-os-system"))
	require.NoFileExists(t, p.path("ran-subprocess"))
}
