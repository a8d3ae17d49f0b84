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
// Imports, assignments (annotated, chained, to tuples), class and function
// definitions with decorators, with blocks, pass, return and expression statements;
// and the expressions such files use: names, attributes, calls with every kind of
// argument, subscripts, string literals (all prefixes, decoded, adjacent ones
// concatenated), numbers, True/False/None, tuples, lists, dicts, sets, and the
// unary, binary, boolean and comparison operators.
//
// Everything else that is valid Python parses too, as an Opaque statement (if, for,
// while, try, match, async, del, raise, x += 1, ...) or an OpaqueExpr (lambda,
// comprehensions, conditional expressions, ...) that carries its kind and its span,
// so that a consumer can say precisely what it does not support and where. Compound
// statements keep the statements of their blocks in Opaque.Body.
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
// as statements again.
//
// Source is UTF-8 (a leading byte order mark is skipped); "# coding:" declarations of
// other encodings are not supported. No input makes Parse panic, recurse without
// bound or take more than linear time.
package python
