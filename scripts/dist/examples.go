package dist

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// examples writes examples.json: every lesson folder examples/<id>/ (its
// lesson.json, and its starting project under files/) as
// {"lessons": [{"id": …, "files": {path: text}, …lesson.json's fields}]},
// ordered by "order" then id. The page opens ?example=<id> from it.
func (b *builder) examples() error {
	dir := filepath.Join(b.root, "examples")
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	lessons := []map[string]any{}
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		l, err := readLesson(filepath.Join(dir, e.Name()))
		if err != nil {
			return fmt.Errorf("examples/%s: %w", e.Name(), err)
		}
		if l == nil {
			continue
		}
		l["id"] = e.Name()
		lessons = append(lessons, l)
	}
	slices.SortStableFunc(lessons, func(a, b map[string]any) int {
		oa, _ := a["order"].(float64)
		ob, _ := b["order"].(float64)
		return cmp.Or(cmp.Compare(oa, ob), cmp.Compare(a["id"].(string), b["id"].(string)))
	})
	content, err := json.Marshal(map[string]any{"lessons": lessons})
	if err != nil {
		return err
	}
	b.version("examples.json", content)
	return b.writeIfChanged("examples.json", content)
}

// readLesson reads one lesson folder; nil when it holds neither lesson.json nor files/.
func readLesson(dir string) (map[string]any, error) {
	l := map[string]any{}
	raw, err := os.ReadFile(filepath.Join(dir, "lesson.json"))
	switch {
	case err == nil:
		if err := json.Unmarshal(raw, &l); err != nil {
			return nil, fmt.Errorf("lesson.json: %w", err)
		}
	case !os.IsNotExist(err):
		return nil, err
	}
	files := map[string]string{}
	root := filepath.Join(dir, "files")
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == ".keep" {
			return err
		}
		content, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		files[path.Clean(filepath.ToSlash(rel))] = string(content)
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	if raw == nil && len(files) == 0 {
		return nil, nil
	}
	l["files"] = files
	return l, nil
}
