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
	// Answers are given, in order, to the questions the command asks (rename, data loss).
	Answers []string `json:"answers,omitempty"`
	// Expect lists text the step's output must contain; Fails says the step is
	// meant to fail (the lesson shows what goes wrong).
	Expect []string `json:"expect,omitempty"`
	Fails  bool     `json:"fails,omitempty"`
}

// Edit replaces the first occurrence of Find in File with Replace.
type Edit struct {
	File    string `json:"file"`
	Find    string `json:"find"`
	Replace string `json:"replace"`
}

// Write writes a whole file. A path under alembic/versions/ whose name starts
// with "*" is matched against the newest revision file (a lesson cannot know
// the id autogenerate picked): "*_add_age.py" edits the file ending in _add_age.py.
type Write struct {
	File    string `json:"file"`
	Content string `json:"content"`
}

// End is the lesson's expected end state.
type End struct {
	Current string           `json:"current"` // "head", "base", or a message of the current revision
	Tables  map[string]Table `json:"tables"`
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
		return nil, fmt.Errorf("no lesson %q (lessons: %s)", id, strings.Join(IDs(), ", "))
	}
	l := &Lesson{}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(l); err != nil {
		return nil, fmt.Errorf("%s/lesson.json: %w", id, err)
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
