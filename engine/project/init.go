package project

import (
	"embed"
	"fmt"
	"path"
	"strings"
)

// The files `retort init` writes. They are Retort's own text with the layout
// and keys of Alembic 1.19's "generic" template, so the folder also works
// under the real Alembic. script.py.mako stays a Mako template (Alembic
// renders new revisions through it) and yields Alembic 1.19's revision layout.
//
//go:embed templates/alembic.ini.tmpl templates/env.py templates/script.py.mako templates/README
var templates embed.FS

// InitFiles are the files Init writes inside the new folder, in the order it
// writes and reports them, then alembic.ini.
var initFiles = []string{"script.py.mako", "README", "env.py"}

// Template returns one of Init's files: "alembic.ini" (with script_location
// as given), "env.py", "script.py.mako" or "README".
func Template(name, scriptLocation string) (string, error) {
	if name == "alembic.ini" {
		data, err := templates.ReadFile("templates/alembic.ini.tmpl")
		if err != nil {
			return "", err
		}
		return strings.ReplaceAll(string(data), "${script_location}", scriptLocation), nil
	}
	data, err := templates.ReadFile("templates/" + name)
	if err != nil {
		return "", fmt.Errorf("no template %q", name)
	}
	return string(data), nil
}

// Init is `alembic init DIR` with the generic template: it creates DIR and
// DIR/versions, writes DIR/env.py, DIR/script.py.mako, DIR/README and
// alembic.ini (at the FS root, skipped if it exists), and returns the lines
// Alembic prints, for the command to print:
//
//	Creating directory '/path/alembic' ...  done
//	Creating directory '/path/alembic/versions' ...  done
//	Generating /path/alembic/script.py.mako ...  done
//	...
//	Please edit configuration/connection/logging settings in '/path/alembic.ini' before proceeding.
//
// A DIR that exists and is not empty is refused with Alembic's message
// ("Directory alembic already exists and is not empty"), before anything is
// written.
func Init(fsys FS, dir string) ([]string, error) {
	return InitConfig(fsys, dir, "alembic.ini")
}

// InitConfig is Init with another ini file name (alembic -c FILE init DIR).
func InitConfig(fsys FS, dir, configFile string) ([]string, error) {
	name := path.Clean(strings.TrimSuffix(dir, "/"))
	if dir == "" || !validName(name) {
		return nil, fmt.Errorf("Directory %s is not a folder inside the project", dir)
	}
	if fi, err := fsys.Stat(name); err == nil {
		if !fi.IsDir() {
			return nil, fmt.Errorf("Directory %s already exists and is not empty", dir)
		}
		entries, err := fsys.ReadDir(name)
		if err != nil {
			return nil, fmt.Errorf("Directory %s: %w", dir, err)
		}
		if len(entries) > 0 {
			return nil, fmt.Errorf("Directory %s already exists and is not empty", dir)
		}
	}
	configFile = path.Clean(configFile)
	if !validName(configFile) {
		return nil, fmt.Errorf("config file %s is not inside the project", configFile)
	}

	var lines []string
	status := func(msg string, do func() error) error {
		if err := do(); err != nil {
			lines = append(lines, msg+" ...  FAILED")
			return err
		}
		lines = append(lines, msg+" ...  done")
		return nil
	}
	if !Exists(fsys, name) {
		if err := status(fmt.Sprintf("Creating directory '%s'", fsys.Abs(name)), func() error { return fsys.MkdirAll(name) }); err != nil {
			return lines, err
		}
	}
	versions := path.Join(name, "versions")
	if err := status(fmt.Sprintf("Creating directory '%s'", fsys.Abs(versions)), func() error { return fsys.MkdirAll(versions) }); err != nil {
		return lines, err
	}
	for _, f := range initFiles {
		text, err := Template(f, "")
		if err != nil {
			return lines, err
		}
		out := path.Join(name, f)
		if err := status("Generating "+fsys.Abs(out), func() error { return fsys.WriteFile(out, []byte(text)) }); err != nil {
			return lines, err
		}
	}
	if Exists(fsys, configFile) {
		lines = append(lines, fmt.Sprintf("File '%s' already exists, skipping", fsys.Abs(configFile)))
	} else {
		text, err := Template("alembic.ini", scriptLocationFor(name, path.Dir(configFile)))
		if err != nil {
			return lines, err
		}
		if err := fsys.MkdirAll(path.Dir(configFile)); err != nil {
			return lines, err
		}
		if err := status("Generating "+fsys.Abs(configFile), func() error { return fsys.WriteFile(configFile, []byte(text)) }); err != nil {
			return lines, err
		}
	}
	lines = append(lines, fmt.Sprintf("Please edit configuration/connection/logging settings in '%s' before proceeding.", fsys.Abs(configFile)))
	return lines, nil
}

// scriptLocationFor is the script_location current Alembic writes: the folder
// relative to %(here)s, the ini file's folder. Retort resolves paths against
// the FS root, so a folder outside the ini file's own is written as given.
func scriptLocationFor(dir, iniDir string) string {
	if iniDir == "." {
		return "%(here)s/" + dir
	}
	if rel, ok := strings.CutPrefix(dir, iniDir+"/"); ok {
		return "%(here)s/" + rel
	}
	return dir
}

func validName(name string) bool {
	return name != "." && name != ".." && !strings.HasPrefix(name, "../") && !strings.HasPrefix(name, "/") &&
		pathValid(name)
}

func pathValid(name string) bool {
	for _, part := range strings.Split(name, "/") {
		if part == "" || part == "." || part == ".." {
			return false
		}
	}
	return true
}
