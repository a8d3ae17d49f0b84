package models

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"retort/engine/python"
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

// manyModels is a models.py of n declarative classes, every other one with a
// foreign key to the one before.
func manyModels(n int) string {
	var b strings.Builder
	b.WriteString("from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Index, Integer, Numeric, String, Text, func\n\nfrom database import Base\n\n")
	for i := range n {
		fmt.Fprintf(&b, "\nclass Model%d(Base):\n    __tablename__ = \"table_%d\"\n\n", i, i)
		b.WriteString("    id = Column(Integer, primary_key=True)\n")
		b.WriteString("    name = Column(String(100), nullable=False, index=True)\n")
		b.WriteString("    code = Column(String(20), unique=True)\n")
		b.WriteString("    body = Column(Text)\n")
		b.WriteString("    price = Column(Numeric(10, 2))\n")
		b.WriteString("    active = Column(Boolean, nullable=False, server_default=\"1\")\n")
		b.WriteString("    created = Column(DateTime, server_default=func.now())\n")
		if i%2 == 1 {
			fmt.Fprintf(&b, "    parent_id = Column(Integer, ForeignKey(\"table_%d.id\"), nullable=False)\n", i-1)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func BenchmarkLoadProject200(b *testing.B) {
	fsys := parsingFS{MapFS: MapFS{"models.py": []byte(manyModels(200))}, trees: map[string]*python.Module{}}
	for name, file := range map[string]string{"alembic/env.py": "env.py", "database.py": "database.py"} {
		src, err := os.ReadFile(filepath.Join("testdata", "bench", file))
		if err != nil {
			b.Fatal(err)
		}
		fsys.MapFS[name] = src
	}
	_, res, err := LoadProject(fsys, "alembic/env.py")
	if err != nil {
		b.Fatal(err)
	}
	if n := len(res.MetaData.Tables); n != 200 {
		b.Fatalf("%d tables, want 200", n)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := LoadProject(fsys, "alembic/env.py"); err != nil {
			b.Fatal(err)
		}
	}
}
