// Package models is SQLAlchemy (and SQLModel, Flask-SQLAlchemy) for Retort's
// Python interpreter: the libraries a project's models, database.py and
// env.py import, written in Go, and the step that turns the MetaData they
// build into a schema.MetaData, as SQLAlchemy would build Base.metadata when
// Alembic's env.py imports the models.
//
// The project's files run for real (engine/interp): imports, assignments,
// if/try/for, helper functions, enum classes, mixins. The classes and
// functions sqlalchemy exports are Go objects that record what the model
// declares: declarative classes (declarative_base(), class Base(DeclarativeBase),
// registry(), SQLModel with table=True, Flask-SQLAlchemy's db.Model) with
// Column(...) or Mapped[...] = mapped_column(...), mixins, abstract bases,
// single-table and joined inheritance, __table_args__; Core Table("name",
// metadata, Column(...), ...); MetaData(naming_convention={...}), applied as
// sqlalchemy.sql.naming does. Relationships, sessions and engines have no
// schema effect and are carried as placeholders.
//
// Mistakes come back as a python.ErrorList, one positioned error per mistake
// (worded for a model's author: "unknown column type 'Strng' — did you mean
// String?"), never one that only follows from another.
package models

import (
	"io/fs"

	"retort/engine/python"
	"retort/engine/schema"
)

// FS is where Load reads the project's files: slash-separated paths relative to
// the project root (the folder alembic.ini's prepend_sys_path = . puts on
// sys.path). A missing file must give an error wrapping fs.ErrNotExist.
//
// An FS that can also list folders (DirFS) lets the loader find namespace
// packages (folders without __init__.py) and suggest module names for a
// misspelt import.
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

// DirFS is an FS that lists folders, as os.DirFS and engine/project's FS do.
type DirFS interface {
	FS
	ReadDir(name string) ([]fs.DirEntry, error)
}

// Files is an FS held in memory.
type Files map[string][]byte

// ReadFile returns the named file's contents.
func (m Files) ReadFile(name string) ([]byte, error) {
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
	// ServerDefaultText is set when server_default= is SQL (text("'kg'"),
	// func.now()) rather than a string: Alembic writes it sa.text(...),
	// even when the SQL is one quoted string, as a string's is.
	ServerDefaultText bool
	Pos, End          python.Position // the Column(...) / mapped_column(...) call or the annotation
	// ORMNullable is set for a primary key column annotated Optional[...]
	// without nullable= (Mapped[Optional[int]] = mapped_column(primary_key=True)):
	// SQLAlchemy 2.0 applies the annotation after the primary key made the
	// column NOT NULL, so its Column says nullable=True, while every table
	// built from it (Alembic's copy in the script, the database) is NOT
	// NULL, as the schema says.
	ORMNullable bool
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
	// Groups, when the target is several MetaData objects (a list), are how
	// many of MetaData's tables each gave, in order (diff.Options.Groups);
	// nil for one.
	Groups []int
	// Warnings are things that do not stop the load but are likely mistakes:
	// a model whose table is not in the target metadata (a second Base), a
	// statement with side effects Retort did not run.
	Warnings python.ErrorList
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
