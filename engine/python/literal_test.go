package python

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// The wants are CPython 3's repr() of the same values (recorded with
// /usr/bin/python3: repr(s)).
func TestQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `''`},
		{"a", `'a'`},
		{"it's", `"it's"`},
		{`say "hi"`, `'say "hi"'`},
		{`both ' and "`, `'both \' and "'`},
		{"line\nbreak", `'line\nbreak'`},
		{"cr\rlf", `'cr\rlf'`},
		{"tab\there", `'tab\there'`},
		{`back\slash`, `'back\\slash'`},
		{"nul\x00", `'nul\x00'`},
		{"del\x7f", `'del\x7f'`},
		{"esc\x1b", `'esc\x1b'`},
		{"é", `'é'`},
		{"日本", `'日本'`},
		{"😀", `'😀'`},
		{"nbsp\u00a0", `'nbsp\xa0'`},
		{"soft\u00ad", `'soft\xad'`},
		{"zw\u200b", `'zw\u200b'`},
		{"ls\u2028", `'ls\u2028'`},
		{"\ufeff", `'\ufeff'`},
		{"tag\U000e0001", `'tag\U000e0001'`},
		// Not UTF-8: a Python str cannot hold it; the byte is shown escaped.
		{"bad\xff", `'bad\xff'`},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, Quote(tt.in), "%q", tt.in)
	}
	require.Equal(t, `('a',)`, QuoteTuple([]string{"a"}))
	require.Equal(t, `('a', "b'c")`, QuoteTuple([]string{"a", "b'c"}))
	require.Equal(t, `()`, QuoteTuple(nil))
	require.Equal(t, `['a', 'b\n']`, QuoteList([]string{"a", "b\n"}))
	require.Equal(t, `None`, NameRepr(""))
	require.Equal(t, `'uq_users_email'`, NameRepr("uq_users_email"))
}

// The wants are CPython's repr() of bytes, floats and the other literals.
func TestLiteral(t *testing.T) {
	yes := true
	var unset *bool
	tests := []struct {
		in   any
		want string
	}{
		{nil, "None"},
		{true, "True"},
		{false, "False"},
		{&yes, "True"},
		{unset, "None"},
		{42, "42"},
		{int64(-7), "-7"},
		{"x\n", `'x\n'`},
		{[]byte(""), `b''`},
		{[]byte("a'b"), `b"a'b"`},
		{[]byte(`a"b`), `b'a"b'`},
		{[]byte(`a'"b`), `b'a\'"b'`},
		{[]byte("\n\r\t\\"), `b'\n\r\t\\'`},
		{[]byte("\x00\x7f\x80\xff"), `b'\x00\x7f\x80\xff'`},
		{[]byte("é"), `b'\xc3\xa9'`},
		{0.0, "0.0"},
		{math.Copysign(0, -1), "-0.0"},
		{1.0, "1.0"},
		{0.1, "0.1"},
		{1e16, "1e+16"},
		{1e-5, "1e-05"},
		{1.5e300, "1.5e+300"},
		{123456789012345678.0, "1.2345678901234568e+17"},
		{2.5e-4, "0.00025"},
		{0.0001, "0.0001"},
		{math.Inf(1), "inf"},
		{math.NaN(), "nan"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, Literal(tt.in), "%#v", tt.in)
	}
}
