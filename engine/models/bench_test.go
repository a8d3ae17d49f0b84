package models_test

import (
	"testing"

	"retort/engine/models"
	"retort/engine/python"
	"retort/examples"
)

// parsingFS is a MapFS that keeps each file's parse, as the page's session does.
type parsingFS struct {
	MapFS
	trees map[string]*python.Module
}

func (p parsingFS) ParsePython(filename string, src []byte) (*python.Module, error) {
	if t, ok := p.trees[filename]; ok {
		return t, nil
	}
	t, err := python.Parse(filename, src)
	p.trees[filename] = t
	return t, err
}

func BenchmarkLoadProject200(b *testing.B) {
	// The tutorial's project with 200 models.
	lesson, err := examples.Load(examples.Default)
	if err != nil {
		b.Fatal(err)
	}
	fsys := parsingFS{MapFS: MapFS{"models.py": []byte(examples.ManyModels(200))}, trees: map[string]*python.Module{}}
	for _, name := range []string{"alembic/env.py", "database.py"} {
		fsys.MapFS[name] = []byte(lesson.Files[name])
	}
	res, err := models.Load(fsys, []string{"models"})
	if err != nil {
		b.Fatal(err)
	}
	if n := len(res.MetaData.Tables); n != 200 {
		b.Fatalf("%d tables, want 200", n)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := models.Load(fsys, []string{"models"}); err != nil {
			b.Fatal(err)
		}
	}
}
