package models

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Pos is a position in a source file: 1-based line and column (the column counts
// runes, as engine/python's File.Position does, which is what an editor counts
// for text without astral characters) and the 0-based byte offset.
type Pos struct {
	File   string
	Line   int
	Col    int
	Offset int
}

// IsValid reports whether the position is set.
func (p Pos) IsValid() bool { return p.Line > 0 }

func (p Pos) String() string {
	switch {
	case p.File == "" && !p.IsValid():
		return "-"
	case !p.IsValid():
		return p.File
	case p.File == "":
		return fmt.Sprintf("%d:%d", p.Line, p.Col)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Error is one mistake in the project's Python source, at Pos; End is where the
// offending text ends (for an editor underline), or the zero Pos.
type Error struct {
	Pos Pos
	End Pos
	Msg string
}

func (e *Error) Error() string {
	if e.Pos.File == "" && !e.Pos.IsValid() {
		return e.Msg
	}
	return e.Pos.String() + ": " + e.Msg
}

// ErrorList is a list of errors, sorted by file and position by Sort, as
// go/scanner.ErrorList is. Load returns every independent mistake it finds, never
// one that only follows from another.
type ErrorList []*Error

// Add appends an error.
func (l *ErrorList) Add(pos, end Pos, msg string) {
	*l = append(*l, &Error{Pos: pos, End: end, Msg: msg})
}

func (l ErrorList) Len() int { return len(l) }

// Sort sorts the list by file, then offset, then message, and drops exact
// duplicates.
func (l *ErrorList) Sort() {
	slices.SortStableFunc(*l, func(a, b *Error) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
	*l = slices.CompactFunc(*l, func(a, b *Error) bool {
		return a.Pos == b.Pos && a.Msg == b.Msg
	})
}

// Error prints the first error and how many more there are.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0], len(l)-1)
}

// Unwrap returns the errors, for errors.Is / errors.As and for callers that
// report only the first.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// Err returns the list as an error, or nil when it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// String lists every error, one a line.
func (l ErrorList) String() string {
	var b strings.Builder
	for _, e := range l {
		b.WriteString(e.Error())
		b.WriteByte('\n')
	}
	return b.String()
}

// Diagnostic is an error as an editor shows it: a file, a range (1-based lines
// and rune columns; 0-based byte offsets) and a message.
type Diagnostic struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Col       int    `json:"col"`
	EndLine   int    `json:"endLine"`
	EndCol    int    `json:"endCol"`
	Offset    int    `json:"offset"`
	EndOffset int    `json:"endOffset"`
	Message   string `json:"message"`
}

// Diagnostics returns the list as diagnostics. An error with no end position
// covers one character.
func (l ErrorList) Diagnostics() []Diagnostic {
	out := make([]Diagnostic, 0, len(l))
	for _, e := range l {
		end := e.End
		if !end.IsValid() || end.Offset < e.Pos.Offset {
			end = Pos{Line: e.Pos.Line, Col: e.Pos.Col + 1, Offset: e.Pos.Offset + 1}
		}
		out = append(out, Diagnostic{
			File: e.Pos.File, Line: e.Pos.Line, Col: e.Pos.Col,
			EndLine: end.Line, EndCol: end.Col,
			Offset: e.Pos.Offset, EndOffset: end.Offset,
			Message: e.Msg,
		})
	}
	return out
}
