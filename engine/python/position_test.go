package python

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPosition(t *testing.T) {
	src := "ab\n\tcé d\r\nx\ry\n"
	f := NewFile("m.py", []byte(src))
	tests := []struct {
		offset int
		want   string
	}{
		{0, "m.py:1:1"},
		{2, "m.py:1:3"},  // the "\n"
		{3, "m.py:2:1"},  // the tab
		{4, "m.py:2:2"},  // a tab is one column
		{5, "m.py:2:3"},  // "é" (2 bytes)
		{7, "m.py:2:4"},  // columns count runes
		{8, "m.py:2:5"},  // "d"
		{11, "m.py:3:1"}, // after "\r\n"
		{13, "m.py:4:1"}, // after a lone "\r"
		{15, "m.py:5:1"}, // the end
		{99, "m.py:5:1"}, // clamped
		{-1, "m.py:1:1"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, f.Position(tt.offset).String(), "offset %d", tt.offset)
	}
	require.Equal(t, 7, f.Position(7).Offset)

	bom := NewFile("b.py", []byte("\ufeffx = 1"))
	require.Equal(t, "b.py:1:1", bom.Position(3).String(), "a byte order mark is not a column")

	require.Equal(t, "3:4", Position{Line: 3, Column: 4}.String())
	require.Equal(t, "m.py", Position{Filename: "m.py"}.String())
	require.Equal(t, "-", Position{}.String())
	require.False(t, Position{}.IsValid())
}

func TestErrorList(t *testing.T) {
	var l ErrorList
	require.NoError(t, l.Err())
	require.Equal(t, "no errors", l.Error())
	l.Add(Position{Filename: "a.py", Line: 3, Column: 1}, "third")
	l.Add(Position{Filename: "a.py", Line: 1, Column: 5}, "first, later column")
	l.Add(Position{Filename: "a.py", Line: 1, Column: 2}, "first")
	l.Add(Position{Filename: "a.py", Line: 2, Column: 9}, "second")
	l.Sort()
	require.Equal(t, "a.py:1:2: first", l[0].Error())
	require.Equal(t, "a.py:3:1: third", l[3].Error())
	l.RemoveMultiples()
	require.Len(t, l, 3)
	require.Equal(t, "a.py:1:2: first (and 2 more errors)", l.Error())
	err := l.Err()
	var list ErrorList
	require.True(t, errors.As(err, &list))
	require.Equal(t, "second", list[1].Msg)
	require.Equal(t, "msg", (&Error{Msg: "msg"}).Error())
}

func TestParseErrorIsErrorList(t *testing.T) {
	m, err := Parse("models.py", []byte("class User(Base):\n    x = 1\n        y = 2\n"))
	require.NotNil(t, m)
	require.EqualError(t, err, "models.py:3:1: unexpected indent")
	var list ErrorList
	require.ErrorAs(t, err, &list)
	require.Equal(t, Position{Filename: "models.py", Offset: 28, Line: 3, Column: 1}, list[0].Pos)

	m, err = Parse("models.py", nil)
	require.NoError(t, err)
	require.Empty(t, m.Body)
}

// TestErrorsOf: the positioned errors an error holds, wrapped or not, and the
// span each covers (one character when it has no end).
func TestErrorsOf(t *testing.T) {
	f := NewFile("m.py", []byte("x = 1\ny = zz\n"))
	withEnd := &Error{Pos: f.Position(10), End: f.Position(12), Msg: "name 'zz' is not defined"}
	noEnd := &Error{Pos: f.Position(6), Msg: "unexpected indent"}
	warning := &Error{Pos: f.Position(0), End: f.Position(5), Msg: "side effect", Severity: SeverityWarning}
	tests := []struct {
		name string
		err  error
		want ErrorList
	}{
		{"nil", nil, nil},
		{"not positioned", errors.New("boom"), nil},
		{"one", withEnd, ErrorList{withEnd}},
		{"wrapped list", fmt.Errorf("loading: %w", ErrorList{noEnd, withEnd}), ErrorList{noEnd, withEnd}},
		{"diagnostic method", fmt.Errorf("step: %w", diagnosed{warning}), ErrorList{warning}},
		{"diagnostic without a place", diagnosed{&Error{Msg: "no place"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, ErrorsOf(tt.err))
		})
	}

	start, end := withEnd.Span()
	require.Equal(t, "m.py:2:5", start.String())
	require.Equal(t, "m.py:2:7", end.String())
	start, end = noEnd.Span()
	require.Equal(t, "m.py:2:1", start.String())
	require.Equal(t, "m.py:2:2", end.String())
	require.Equal(t, 7, end.Offset)
	require.Equal(t, "error", noEnd.Severity.String())
	require.Equal(t, "warning", warning.Severity.String())
}

type diagnosed struct{ e *Error }

func (d diagnosed) Error() string      { return d.e.Error() }
func (d diagnosed) Diagnostic() *Error { return d.e }
