package python

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDottedName(t *testing.T) {
	tests := []struct {
		src  string
		want string
		ok   bool
	}{
		{"Column", "Column", true},
		{"sa.Column", "sa.Column", true},
		{"sqlalchemy.orm.Mapped", "sqlalchemy.orm.Mapped", true},
		{"sa.Column()", "", false},
		{"a[0].b", "", false},
		{"'s'.x", "", false},
	}
	for _, tt := range tests {
		m := parseClean(t, tt.src)
		got, ok := DottedName(m.Body[0].(*ExprStmt).X)
		require.Equal(t, tt.ok, ok, tt.src)
		require.Equal(t, tt.want, got, tt.src)
	}
}

func TestDocstring(t *testing.T) {
	tests := []struct {
		src  string
		want string // "-" for none
	}{
		{`"""Doc."""` + "\nx = 1", "Doc."},
		{"'one' 'two'", "onetwo"},
		{"x = 1\n'not first'", "-"},
		{"b'bytes'", "-"},
		{"f'{x}'", "-"},
		{"", "-"},
	}
	for _, tt := range tests {
		m := parseClean(t, tt.src)
		d := Docstring(m.Body)
		if tt.want == "-" {
			require.Nil(t, d, tt.src)
			continue
		}
		require.NotNil(t, d, tt.src)
		require.Equal(t, tt.want, d.Value)
	}
}

func TestNumberInt(t *testing.T) {
	tests := []struct {
		raw  string
		want int64
		ok   bool
	}{
		{"0", 0, true},
		{"200", 200, true},
		{"1_000", 1000, true},
		{"0x1F", 31, true},
		{"0X_ff", 255, true},
		{"0o17", 15, true},
		{"0b101", 5, true},
		{"00", 0, true},
		{"1.5", 0, false},
		{"1e3", 0, false},
		{"1j", 0, false},
		{"99999999999999999999", 0, false},
	}
	for _, tt := range tests {
		got, ok := (&Number{Raw: tt.raw}).Int()
		require.Equal(t, tt.ok, ok, tt.raw)
		require.Equal(t, tt.want, got, tt.raw)
	}
}

func TestInspectOrder(t *testing.T) {
	src := "@d\ndef f(a: int = 1, *b) -> T:\n    g(x, k=1, *y, **z)[i].j = {1: 2, **m}\n"
	m := parseClean(t, src)
	var got []string
	Inspect(m, func(n Node) bool {
		got = append(got, fmt.Sprintf("%T:%s", n, src[n.Pos():n.End()]))
		return true
	})
	require.Equal(t, strings.Join([]string{
		"*python.Module:" + src,
		"*python.FuncDef:" + strings.TrimSuffix(src, "\n"),
		"*python.Name:d",
		"*python.Name:f",
		"*python.Param:a: int = 1",
		"*python.Name:a",
		"*python.Name:int",
		"*python.Number:1",
		"*python.Param:*b",
		"*python.Name:b",
		"*python.Name:T",
		"*python.Assign:g(x, k=1, *y, **z)[i].j = {1: 2, **m}",
		"*python.Attribute:g(x, k=1, *y, **z)[i].j",
		"*python.Subscript:g(x, k=1, *y, **z)[i]",
		"*python.Call:g(x, k=1, *y, **z)",
		"*python.Name:g",
		"*python.Name:x",
		"*python.Keyword:k=1",
		"*python.Name:k",
		"*python.Number:1",
		"*python.Starred:*y",
		"*python.Name:y",
		"*python.Keyword:**z",
		"*python.Name:z",
		"*python.Name:i",
		"*python.Name:j",
		"*python.Dict:{1: 2, **m}",
		"*python.Number:1",
		"*python.Number:2",
		"*python.Name:m",
	}, "\n"), strings.Join(got, "\n"))

	// Returning false skips the children.
	count := 0
	Inspect(m, func(n Node) bool {
		count++
		_, isDef := n.(*FuncDef)
		return !isDef
	})
	require.Equal(t, 2, count)
}
