// Package examples holds the playground's lessons as data: each folder is one
// lesson (lesson.json, and the starting project under files/).
// The page loads them, and the lessons test runs every lesson's steps through the
// engine natively and checks its end state, so lessons never rot.
package examples

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

//go:embed all:*/files */lesson.json
var lessons embed.FS

// Default is the lesson the page opens with no ?example= parameter: where the
// tutorial's migrations begin.
const Default = "tutorial"

// Lesson is one lesson.
type Lesson struct {
	ID          string            `json:"id"`
	Order       int               `json:"order"`
	Title       string            `json:"title"`
	Explanation string            `json:"explanation"`
	Files       map[string]string `json:"files"`          // the starting project, by path
	Seed        string            `json:"seed,omitempty"` // SQL run on the empty database before the lesson starts
	Steps       []Step            `json:"steps"`
	End         End               `json:"end"`
}

// Step is one thing the learner does.
type Step struct {
	Say string `json:"say"` // what to do and what to notice, in a sentence or two
	// Exactly one of Run, SQL, Edit, Write.
	Run   string `json:"run,omitempty"`   // a command line: alembic … (or retort …)
	SQL   string `json:"sql,omitempty"`   // SQL statements ending in ';'
	Edit  *Edit  `json:"edit,omitempty"`  // a change to a file
	Write *Write `json:"write,omitempty"` // a whole new file
	// Answers are given, in order, to the questions the command asks:
	// autogenerate's rename questions ("Was users.name renamed to
	// users.full_name (a VARCHAR)? [y/N]"). The page's data-loss confirmations
	// are the learner's to answer and take none.
	Answers []string `json:"answers,omitempty"`
	// Expect lists text the step's output must contain: a command's stdout and
	// stderr (and the questions it asked); for SQL, each result's column names
	// and then its rows, one line each, values separated by " | ", NULL for
	// NULL, or the error. Fails says the step is meant to fail (the lesson
	// shows what goes wrong): a command exits with 1, or the SQL is refused.
	Expect []string `json:"expect,omitempty"`
	Fails  bool     `json:"fails,omitempty"`
}

// Edit replaces the first occurrence of Find in File with Replace.
type Edit struct {
	File    string `json:"file"`
	Find    string `json:"find"`
	Replace string `json:"replace"`
}

// Write writes a whole file. A file name that starts with "*" names an
// existing file of that folder by the end of its name, because a lesson cannot
// know the id autogenerate picked: "alembic/versions/*_add_age_to_users.py" is
// the one file in alembic/versions/ whose name ends in "_add_age_to_users.py"
// (see ResolvePath). A lesson that can, gives the id itself
// (alembic revision -m "…" --rev-id 0123456789ab) and writes the plain name.
type Write struct {
	File    string `json:"file"`
	Content string `json:"content"`
}

// End is the lesson's expected end state.
type End struct {
	// Current is "head" (the database is at the graph's one head), "base"
	// (no revision applied), or the message of the one current revision.
	Current string `json:"current"`
	// Tables are every table the database holds at the end (alembic_version
	// is only compared when it is listed).
	Tables map[string]Table `json:"tables"`
}

// Table is a table's expected columns (in order) and row count.
type Table struct {
	Columns []string `json:"columns"`
	Rows    int64    `json:"rows"`
}

// IDs lists the lessons' ids in their order.
func IDs() []string {
	all, err := All()
	if err != nil {
		return nil
	}
	ids := make([]string, len(all))
	for i, l := range all {
		ids[i] = l.ID
	}
	return ids
}

// All loads every lesson, in order.
func All() ([]*Lesson, error) {
	entries, err := fs.ReadDir(lessons, ".")
	if err != nil {
		return nil, err
	}
	var out []*Lesson
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		l, err := Load(e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	slices.SortStableFunc(out, func(a, b *Lesson) int { return a.Order - b.Order })
	return out, nil
}

// Load loads one lesson by id.
func Load(id string) (*Lesson, error) {
	if id == "" || strings.ContainsAny(id, "/\\.") {
		return nil, fmt.Errorf("no lesson %q", id)
	}
	raw, err := lessons.ReadFile(path.Join(id, "lesson.json"))
	if err != nil {
		return nil, fmt.Errorf("no lesson %q (lessons: %s)", id, strings.Join(dirs(), ", "))
	}
	l := &Lesson{}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(l); err != nil {
		return nil, fmt.Errorf("%s/lesson.json: %w", id, err)
	}
	if l.ID != "" && l.ID != id {
		return nil, fmt.Errorf("%s/lesson.json: id %q is not the folder's name", id, l.ID)
	}
	l.ID = id
	l.Files = map[string]string{}
	root := path.Join(id, "files")
	err = fs.WalkDir(lessons, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Base(p) == ".keep" {
			return err
		}
		b, err := lessons.ReadFile(p)
		if err != nil {
			return err
		}
		l.Files[strings.TrimPrefix(p, root+"/")] = string(b)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("lesson %s: %w", id, err)
	}
	for i, s := range l.Steps {
		n := 0
		for _, set := range []bool{s.Run != "", s.SQL != "", s.Edit != nil, s.Write != nil} {
			if set {
				n++
			}
		}
		if n != 1 {
			return nil, fmt.Errorf("%s/lesson.json: step %d: a step does exactly one of run, sql, edit, write", id, i+1)
		}
	}
	return l, nil
}

// dirs lists the lesson folders by name, without loading them.
func dirs() []string {
	entries, _ := fs.ReadDir(lessons, ".")
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			out = append(out, e.Name())
		}
	}
	return out
}

// ResolvePath turns a Write's file into the file to write, given the
// project's files (paths as in Lesson.Files). A name without a leading "*" is
// itself. "dir/*rest" is the one file directly in dir whose name ends in rest;
// none, or more than one, is an error.
func ResolvePath(name string, files []string) (string, error) {
	dir, base := path.Split(name)
	rest, ok := strings.CutPrefix(base, "*")
	if !ok {
		return name, nil
	}
	if rest == "" || strings.Contains(rest, "*") {
		return "", fmt.Errorf("%s: a pattern is \"*\" and the end of one file's name", name)
	}
	var found []string
	for _, f := range files {
		d, b := path.Split(f)
		if d == dir && strings.HasSuffix(b, rest) && len(b) > len(rest) {
			found = append(found, f)
		}
	}
	switch len(found) {
	case 0:
		return "", fmt.Errorf("%s: no file in %s ends in %q", name, strings.TrimSuffix(dir, "/"), rest)
	case 1:
		return found[0], nil
	}
	slices.Sort(found)
	return "", fmt.Errorf("%s: %d files match (%s)", name, len(found), strings.Join(found, ", "))
}
