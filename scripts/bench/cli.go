package main

import (
	"context"
	"embed"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"

	"retort/examples"
)

// tutorial holds the tutorial's finished models.py and its three revisions
// (create users, add age, add posts), copied from a real Alembic run.
//
//go:embed tutorial
var tutorial embed.FS

// cliProject writes the tutorial's project, after its last revision, into dir.
func cliProject(dir string) error {
	lesson, err := examples.Load(examples.Default)
	if err != nil {
		return err
	}
	files := map[string]string{}
	for name, content := range lesson.Files {
		files[name] = content
	}
	err = fs.WalkDir(tutorial, "tutorial", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		content, err := tutorial.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("tutorial", p)
		if filepath.Dir(rel) == "versions" {
			rel = filepath.Join("alembic", rel)
		}
		files[filepath.ToSlash(rel)] = string(content)
		return nil
	})
	if err != nil {
		return err
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

// cli times `upgrade head` (from an empty database) and `current` on the
// tutorial's project: the native retort against alembic.
func (b *bench) cli(ctx context.Context) error {
	retort, err := b.goBuild("retort", "./engine/cmd/retort", false)
	if err != nil {
		return err
	}
	alembic, alembicErr := exec.LookPath("alembic")
	if alembicErr != nil {
		b.note("alembic is not installed (apt-get install python3-alembic): no anchor for the command line")
	}
	const g = "Command line on the tutorial's project (3 revisions; wall time of the process)"
	type result struct{ up, current []float64 }
	measure := func(tool, base string) (result, error) {
		dir, err := os.MkdirTemp(base, "retort-bench-cli-")
		if err != nil {
			return result{}, err
		}
		defer os.RemoveAll(dir)
		if err := cliProject(dir); err != nil {
			return result{}, err
		}
		fresh := func() error {
			if err := os.Remove(filepath.Join(dir, "myapp.db")); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			return nil
		}
		var r result
		if r.up, err = wallTimes(2*b.reps, dir, fresh, tool, "upgrade", "head"); err != nil {
			return r, err
		}
		r.current, err = wallTimes(2*b.reps, dir, nil, tool, "current")
		return r, err
	}
	// On the working disk (each commit waits for fdatasync), and on tmpfs
	// (/dev/shm, no disk): the same commands, without the disk's latency.
	bases := []struct{ dir, label string }{{b.scratch, "disk"}}
	if info, err := os.Stat("/dev/shm"); err == nil && info.IsDir() {
		bases = append(bases, struct{ dir, label string }{"/dev/shm", "tmpfs"})
	}
	for _, base := range bases {
		rr, err := measure(retort, base.dir)
		if err != nil {
			return err
		}
		var ar result
		if alembicErr == nil {
			if ar, err = measure(alembic, base.dir); err != nil {
				b.note("alembic: %v", err)
				alembicErr = err
			}
		}
		for _, c := range []struct {
			label  string
			rt, al []float64
		}{{"retort upgrade head (empty database -> head), " + base.label, rr.up, ar.up}, {"retort current, " + base.label, rr.current, ar.current}} {
			r := row{group: g, what: c.label, value: msText(c.rt)}
			if alembicErr == nil {
				speedup := median(c.al) / median(c.rt)
				r.anchor = "alembic " + msText(c.al) + " = " + ratioText(median(c.al), median(c.rt)) + " faster"
				r.target = "≥ 30x faster"
				r.met = metText(speedup >= 30)
			}
			b.add(r)
		}
	}
	return nil
}

// cliTools are the retort binary and alembic ("" when not installed).
func (b *bench) cliTools() (retort, alembic string, err error) {
	if retort, err = b.goBuild("retort", "./engine/cmd/retort", false); err != nil {
		return "", "", err
	}
	if alembic, err = exec.LookPath("alembic"); err != nil {
		b.note("alembic is not installed (apt-get install python3-alembic): no anchor for the command line")
		alembic = ""
	}
	return retort, alembic, nil
}

// cliPG is the PostgreSQL part of the cli section (-only cli-postgres).
func (b *bench) cliPG(context.Context) error {
	retort, alembic, err := b.cliTools()
	if err != nil {
		return err
	}
	return b.cliPostgres(retort, alembic)
}

// cliHistory is the long histories' part (-only cli-history).
func (b *bench) cliHistory(context.Context) error {
	retort, alembic, err := b.cliTools()
	if err != nil {
		return err
	}
	return b.cliHistories(retort, alembic)
}
