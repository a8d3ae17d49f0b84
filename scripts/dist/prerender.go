package dist

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// defaultLesson is the lesson the page opens without ?example= (examples.ts).
const defaultLesson = "tutorial"

// fileOrder is the editor's tab order for known files (editor.ts's order);
// other files follow by path, revision scripts last.
var fileOrder = []string{"models.py", "database.py", "alembic.ini", "alembic/env.py", "alembic/script.py.mako",
	"app.py", "migrations/alembic.ini", "migrations/env.py", "migrations/script.py.mako"}

// The empty panels of web/static/index.html that prerender fills.
const (
	lessonPanel = `<section id="lesson" class="panel lesson" hidden aria-label="Lesson"></section>`
	tabsPanel   = `<div id="tabs" class="tabs" role="tablist" aria-label="Project files"></div>`
	editorPanel = `<div id="editor" class="editor" role="tabpanel"></div>`
)

// prerenderLesson is what prerender reads of a lesson in examples.json.
type prerenderLesson struct {
	ID          string            `json:"id"`
	Title       string            `json:"title"`
	Explanation string            `json:"explanation"`
	Files       map[string]string `json:"files"`
	Steps       []struct {
		Say string `json:"say"`
		Run string `json:"run"`
		SQL string `json:"sql"`
	} `json:"steps"`
}

// prerender writes the default lesson's first view into index.html — its
// title, explanation and steps, its file tabs and models.py's text — so a
// first visit shows them at the first paint, before main.js, the lessons or
// the engine arrive; main.ts replaces them with the live ones (showLesson,
// Files.preview). index.html's boot script hides them (html.no-prerender)
// when the URL asks for another lesson (?example=) or holds a share link.
func (b *builder) prerender(page []byte) ([]byte, error) {
	raw, err := os.ReadFile(filepath.Join(b.out, "examples.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return page, nil // no lessons: main.ts sets the project up
	}
	if err != nil {
		return nil, err
	}
	var ex struct {
		Lessons []prerenderLesson `json:"lessons"`
	}
	if err := json.Unmarshal(raw, &ex); err != nil {
		return nil, fmt.Errorf("examples.json: %w", err)
	}
	i := slices.IndexFunc(ex.Lessons, func(l prerenderLesson) bool { return l.ID == defaultLesson })
	if i < 0 || ex.Lessons[i].Title == "" {
		return page, nil // no lesson to show: main.ts sets the project up
	}
	l := ex.Lessons[i]
	esc := html.EscapeString

	var lesson strings.Builder
	lesson.WriteString(`<section id="lesson" class="panel lesson" aria-label="Lesson" data-prerender>`)
	fmt.Fprintf(&lesson, `<h2>%s</h2>`, esc(l.Title))
	if l.Explanation != "" {
		fmt.Fprintf(&lesson, `<p>%s</p>`, esc(l.Explanation))
	}
	if len(l.Steps) > 0 {
		lesson.WriteString(`<details><summary>Steps</summary><ol>`)
		for _, s := range l.Steps {
			fmt.Fprintf(&lesson, `<li>%s`, esc(s.Say))
			if line := cmp.Or(s.Run, s.SQL); line != "" {
				fmt.Fprintf(&lesson, `<div class="step"><code>%s</code><button type="button" class="small" data-action disabled>Run</button></div>`, esc(line))
			}
			lesson.WriteString(`</li>`)
		}
		lesson.WriteString(`</ol></details>`)
	}
	lesson.WriteString(`</section>`)

	paths := make([]string, 0, len(l.Files))
	for p := range l.Files {
		paths = append(paths, p)
	}
	slices.SortFunc(paths, compareFiles)
	selected := "models.py"
	if _, ok := l.Files[selected]; !ok && len(paths) > 0 {
		selected = paths[0]
	}
	var tabs strings.Builder
	tabs.WriteString(`<div id="tabs" class="tabs" role="tablist" aria-label="Project files">`)
	for _, p := range paths {
		dir, name := "", p
		if k := strings.LastIndex(p, "/"); k >= 0 {
			dir, name = fmt.Sprintf(`<span class="dir">%s</span>`, esc(p[:k+1])), p[k+1:]
		}
		sel := "false"
		if p == selected {
			sel = "true"
		}
		fmt.Fprintf(&tabs, `<button type="button" role="tab" aria-selected="%s" tabindex="-1" title="%s" disabled>%s%s</button>`, sel, esc(p), dir, esc(name))
	}
	tabs.WriteString(`</div>`)
	editor := fmt.Sprintf(`<div id="editor" class="editor" role="tabpanel"><pre class="prerender">%s</pre></div>`, esc(l.Files[selected]))

	for _, r := range []struct{ old, new string }{{lessonPanel, lesson.String()}, {tabsPanel, tabs.String()}, {editorPanel, editor}} {
		if !bytes.Contains(page, []byte(r.old)) {
			return nil, fmt.Errorf("web/static/index.html has no %s to pre-render", r.old)
		}
		page = bytes.Replace(page, []byte(r.old), []byte(r.new), 1)
	}
	return page, nil
}

// compareFiles orders file tabs as editor.ts's compareFiles does.
func compareFiles(a, b string) int {
	ia, ib := slices.Index(fileOrder, a), slices.Index(fileOrder, b)
	if ia >= 0 || ib >= 0 {
		if ia < 0 {
			ia = len(fileOrder)
		}
		if ib < 0 {
			ib = len(fileOrder)
		}
		return ia - ib
	}
	va, vb := isRevisionScript(a), isRevisionScript(b)
	if va != vb {
		if va {
			return 1
		}
		return -1
	}
	return strings.Compare(a, b)
}

func isRevisionScript(p string) bool {
	dir, file := filepath.ToSlash(filepath.Dir(p)), filepath.Base(p)
	return (dir == "versions" || strings.HasSuffix(dir, "/versions")) && strings.HasSuffix(file, ".py")
}
