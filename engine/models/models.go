// Package models reads SQLAlchemy declarative models (Python source text) into a
// schema.MetaData, as SQLAlchemy would build Base.metadata when Alembic's env.py
// imports them.
//
// It does not run Python. It follows the modules env.py imports (and theirs,
// within the project), evaluates the small part of Python that model modules use
// (imports, assignments, class bodies, calls to SQLAlchemy constructors, literals,
// subscripts of typing constructs) and builds tables from:
//
//   - declarative classes: declarative_base(), class Base(DeclarativeBase),
//     registry().generate_base(), with Column(...) or Mapped[...] = mapped_column(...),
//     mixins, abstract bases, single-table and joined inheritance, __table_args__;
//   - Core Table("name", metadata, Column(...), ...) definitions;
//   - MetaData(naming_convention={...}), applied as sqlalchemy.sql.naming does.
//
// Everything else (relationships, methods, engines, sessions) has no schema effect
// and is passed over. Mistakes come back as an ErrorList, one positioned error per
// mistake, never one that only follows from another.
package models

import (
	"errors"
	"io/fs"

	"retort/engine/python"
	"retort/engine/schema"
)

// FS is where Load reads the project's files: slash-separated paths relative to
// the project root (the folder alembic.ini's prepend_sys_path = . puts on
// sys.path). A missing file must give an error wrapping fs.ErrNotExist.
//
// An FS that can also list folders (DirFS) lets Load find namespace packages
// (folders without __init__.py) and suggest module names for a misspelt import.
type FS interface {
	ReadFile(name string) ([]byte, error)
}

// ParserFS is an FS that also parses Python: it may hand back an earlier
// parse of the same text (the page's session parses models.py once per
// edit, not once per command). The loader never changes a tree it is given.
type ParserFS interface {
	FS
	ParsePython(filename string, src []byte) (*python.Module, error)
}

// parse parses a module's source, through fsys when it is a ParserFS.
func parse(fsys FS, filename string, src []byte) (*python.Module, error) {
	if p, ok := fsys.(ParserFS); ok {
		return p.ParsePython(filename, src)
	}
	return python.Parse(filename, src)
}

// DirFS is an FS that lists folders, as os.DirFS and engine/project's FS do.
type DirFS interface {
	FS
	ReadDir(name string) ([]fs.DirEntry, error)
}

// MapFS is an FS held in memory.
type MapFS map[string][]byte

// ReadFile returns the named file's contents.
func (m MapFS) ReadFile(name string) ([]byte, error) {
	b, ok := m[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return b, nil
}

// ColumnInfo is what a model says about a column beyond the schema: the
// Python-side defaults SQLAlchemy applies on INSERT/UPDATE and where the column
// is declared.
type ColumnInfo struct {
	Table  string
	Column string
	Class  string // the model class, "" for a Core Table column
	Attr   string // the Python attribute (the column's key)
	// Default is the source text of default= (or insert_default=, or
	// default_factory=), "" when there is none: "0", "datetime.utcnow".
	Default string
	// OnUpdate is the source text of onupdate=.
	OnUpdate string
	Pos, End Pos // the Column(...) / mapped_column(...) call or the annotation
}

// Result is what the models declare.
type Result struct {
	// MetaData is the target metadata's schema (env.py's target_metadata, or
	// the only declarative base / MetaData the modules define).
	MetaData *schema.MetaData
	// Columns lists every column of MetaData's tables, in table and column order.
	Columns []ColumnInfo
	// Files are the project files read, in the order they were first read.
	Files []string
	// ConvNames are the index and constraint names the target metadata's
	// naming convention made (sorted): SQLAlchemy marks them conv(), and
	// Alembic's scripts write them as op.f('name'). A name given outright is
	// not one, even where it reads like the convention's.
	ConvNames []string
	// Warnings are things that do not stop the load but are likely mistakes:
	// a model whose table is not in the target metadata (a second Base).
	Warnings ErrorList
}

// Column returns the extras of table.column, or nil.
func (r *Result) Column(table, column string) *ColumnInfo {
	for i := range r.Columns {
		if r.Columns[i].Table == table && r.Columns[i].Column == column {
			return &r.Columns[i]
		}
	}
	return nil
}

// Diagnostics returns the positioned errors in err (an ErrorList or an *Error,
// possibly wrapped) as editor diagnostics; nil when err holds none.
func Diagnostics(err error) []Diagnostic {
	var list ErrorList
	if errors.As(err, &list) {
		return list.Diagnostics()
	}
	var e *Error
	if errors.As(err, &e) {
		return ErrorList{e}.Diagnostics()
	}
	return nil
}
