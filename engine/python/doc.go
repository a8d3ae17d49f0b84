// Package python parses the Python that SQLAlchemy model files, database.py,
// Alembic's env.py and Alembic revision scripts are written in.
//
// Parse returns a Module, the file's statements as a syntax tree, and an error list:
//
//	m, err := python.Parse("models.py", src)
//	for _, s := range m.Body { ... }
//	if err != nil { // a python.ErrorList: "models.py:4:1: unexpected indent"
//
// # What is modeled
//
// Every statement and expression an interpreter needs to run ordinary Python:
// imports, assignments (annotated, chained, to tuples, augmented), del, assert,
// raise, global, nonlocal, pass, break, continue, return; class and function
// definitions (async ones too) with decorators and parameters of every kind; if
// (elif chains as nested Ifs), for, while (with their else), try (except,
// except*, else, finally) and with. Expressions: names, attributes, calls with
// every kind of argument, subscripts and slices, string literals (all prefixes,
// decoded, adjacent ones concatenated; an f-string also as its Parts, literal text
// and replacement fields whose expressions are parsed at their true offsets),
// numbers, True/False/None/..., tuples, lists, dicts, sets, comprehensions of the
// four kinds and generator expressions, lambda, the conditional expression, :=,
// await, yield, and the unary, binary, boolean and comparison operators.
//
// The parser checks what Python's grammar checks (assignment targets, parameter
// order, generator arguments, ...) but not what Python checks after parsing: a
// "break" outside a loop, "return" outside a function or "nonlocal" at module
// level parse, and are for an interpreter to report.
//
// What is still not modeled is valid Python too: the match statement and the
// "type X = ..." alias become an Opaque statement (which keeps the statements of
// a match's case blocks in Opaque.Body), and the [T] type parameters of a generic
// def, class or alias an OpaqueExpr, each with its kind and span, so that a
// consumer can say precisely what it does not support and where.
//
// Helpers: DottedName ("sa.Column" from an attribute chain), Docstring (of a
// module, class or function body), Number.Int, Inspect (walks a tree in source
// order) and Dump (a tree as indented text, for golden tests).
//
// # Positions
//
// Every node has Pos and End, byte offsets into the source. File.Position turns an
// offset into a 1-based line and column; the column counts runes (a tab is one
// column, as in an editor), and Position.String formats "file:line:col". The
// File also keeps every comment with its span.
//
// # Errors
//
// The Module is always returned, partial when the source has errors: a statement
// with a syntax error becomes a BadStmt, and parsing resumes at the next statement,
// so that one mistake gives one error. The errors, as go/scanner's ErrorList, are
// sorted by position, at most one per line, lowercase, and worded as Python words
// them where Python is clear ("unexpected indent", "expected ':'", "unterminated
// string literal", "unindent does not match any outer indentation level"). An
// opening bracket that is never closed is reported once, as "unclosed '(' opened at
// line:col", at the place where the parser found out; the lines after it are parsed
// as statements again. An error in an f-string's replacement field is positioned
// in the field and worded "f-string: ..." (as "f-string: empty expression not
// allowed", "f-string: single '}' is not allowed").
//
// Source is UTF-8 (a leading byte order mark is skipped); "# coding:" declarations of
// other encodings are not supported. No input makes Parse panic, recurse without
// bound or take more than linear time.
package python
