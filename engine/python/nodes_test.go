package python

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// spanList renders, in source order, every node of src's tree whose type is one of
// kinds, as "Type text" (the text being its span): what the tests below say a
// construct's nodes cover.
func spanList(t *testing.T, src string, kinds ...string) []string {
	t.Helper()
	m := parseClean(t, src)
	want := map[string]bool{}
	for _, k := range kinds {
		want[k] = true
	}
	var got []string
	Inspect(m, func(n Node) bool {
		name := reflect.TypeOf(n).Elem().Name()
		if want[name] {
			got = append(got, name+" "+src[n.Pos():n.End()])
		}
		return true
	})
	return got
}

func TestStatementNodes(t *testing.T) {
	tests := []struct {
		name, src, shape string
		kinds            []string // the node types whose spans are listed in spans
		spans            []string
	}{
		{"if", "if a:\n    x = 1\n", "(if a (= x 1))",
			[]string{"If"}, []string{"If if a:\n    x = 1"}},
		{"if else", "if a:\n    x = 1\nelse:\n    x = 2\ny = 3", "(if a (= x 1) else (= x 2)) (= y 3)",
			[]string{"If"}, []string{"If if a:\n    x = 1\nelse:\n    x = 2"}},
		{"elif chain", "if a:\n    pass\nelif b: pass\nelif c:\n    pass\nelse:\n    pass",
			"(if a pass else (if b pass else (if c pass else pass)))",
			[]string{"If"}, []string{
				"If if a:\n    pass\nelif b: pass\nelif c:\n    pass\nelse:\n    pass",
				"If elif b: pass\nelif c:\n    pass\nelse:\n    pass",
				"If elif c:\n    pass\nelse:\n    pass",
			}},
		{"elif without else", "if a:\n    pass\nelif b:\n    pass\n", "(if a pass else (if b pass))",
			[]string{"If"}, []string{"If if a:\n    pass\nelif b:\n    pass", "If elif b:\n    pass"}},
		{"if walrus", "if (n := len(a)) > 1:\n    pass", "(if (cmp (:= n (call len a)) > 1) pass)",
			[]string{"NamedExpr"}, []string{"NamedExpr n := len(a)"}},
		{"nested if", "def f():\n    if a:\n        if b:\n            return 1\n    return 2",
			"(def f () (if a (if b (return 1))) (return 2))",
			[]string{"If"}, []string{"If if a:\n        if b:\n            return 1", "If if b:\n            return 1"}},

		{"for", "for a, *b in c.d():\n    print(a)\n", "(for (tuple a *b) in (call (. c d)) (call print a))",
			[]string{"For", "Tuple"}, []string{"For for a, *b in c.d():\n    print(a)", "Tuple a, *b"}},
		{"for else", "for x in 1, 2:\n    break\nelse:\n    continue", "(for x in (tuple 1 2) break else continue)",
			[]string{"For", "Break", "Continue"}, []string{"For for x in 1, 2:\n    break\nelse:\n    continue", "Break break", "Continue continue"}},
		{"for parenthesized target", "for (a, b) in c: pass", "(for (tuple a b) in c pass)",
			[]string{"Tuple"}, []string{"Tuple (a, b)"}},
		{"async for", "async def f():\n    async for x in y:\n        await x\n",
			"(async def f () (async for x in y (await x)))",
			[]string{"FuncDef", "For", "Await"}, []string{
				"FuncDef async def f():\n    async for x in y:\n        await x",
				"For async for x in y:\n        await x",
				"Await await x",
			}},
		{"while else", "while x < 3:\n    x += 1\nelse:\n    pass", "(while (cmp x < 3) (+= x 1) else pass)",
			[]string{"While", "AugAssign"}, []string{"While while x < 3:\n    x += 1\nelse:\n    pass", "AugAssign x += 1"}},

		{"try", "try:\n    a()\nexcept (A, B) as e:\n    raise\nexcept C:\n    pass\nexcept:\n    raise X from e\nelse:\n    b()\nfinally:\n    c()",
			"(try (call a) (except (tuple A B) as e (raise)) (except C pass) (except (raise X from e)) else (call b) finally (call c))",
			[]string{"Try", "ExceptHandler", "Raise"}, []string{
				"Try try:\n    a()\nexcept (A, B) as e:\n    raise\nexcept C:\n    pass\nexcept:\n    raise X from e\nelse:\n    b()\nfinally:\n    c()",
				"ExceptHandler except (A, B) as e:\n    raise",
				"Raise raise",
				"ExceptHandler except C:\n    pass",
				"ExceptHandler except:\n    raise X from e",
				"Raise raise X from e",
			}},
		{"try finally", "try:\n    pass\nfinally:\n    pass", "(try pass finally pass)",
			[]string{"Try"}, []string{"Try try:\n    pass\nfinally:\n    pass"}},
		{"try except star", "try:\n    pass\nexcept* ValueError as eg:\n    pass\nexcept* (A, B):\n    pass",
			"(try* pass (except ValueError as eg pass) (except (tuple A B) pass))",
			[]string{"ExceptHandler"}, []string{"ExceptHandler except* ValueError as eg:\n    pass", "ExceptHandler except* (A, B):\n    pass"}},
		{"raise", "raise ValueError('x')", `(raise (call ValueError "x"))`,
			[]string{"Raise"}, []string{"Raise raise ValueError('x')"}},

		{"augassign ops", "a += 1; a -= 1; a *= 1; a /= 1; a //= 1; a %= 1; a **= 1; a @= 1; a |= 1; a &= 1; a ^= 1; a <<= 1; a >>= 1",
			"(+= a 1) (-= a 1) (*= a 1) (/= a 1) (//= a 1) (%= a 1) (**= a 1) (@= a 1) (|= a 1) (&= a 1) (^= a 1) (<<= a 1) (>>= a 1)",
			nil, nil},
		{"augassign targets", "self.n += 1\nd[k] -= x, y\nx |= yield", "(+= (. self n) 1) (-= (idx d k) (tuple x y)) (|= x (yield))",
			[]string{"AugAssign"}, []string{"AugAssign self.n += 1", "AugAssign d[k] -= x, y", "AugAssign x |= yield"}},
		{"del", "del a, b.c, d[0], (e, f), [g]", "(del a (. b c) (idx d 0) (tuple e f) [g])",
			[]string{"Delete"}, []string{"Delete del a, b.c, d[0], (e, f), [g]"}},
		{"del trailing comma", "del a,", "(del a)", []string{"Delete"}, []string{"Delete del a,"}},
		{"assert", "assert x\nassert x > 0, 'positive'", `(assert x) (assert (cmp x > 0) "positive")`,
			[]string{"Assert"}, []string{"Assert assert x", "Assert assert x > 0, 'positive'"}},
		{"global nonlocal", "def f():\n    global a, b\n    def g():\n        nonlocal c\n",
			"(def f () (global a b) (def g () (nonlocal c)))",
			[]string{"Global", "Nonlocal", "Name"}, []string{"Name f", "Global global a, b", "Name a", "Name b", "Name g", "Nonlocal nonlocal c", "Name c"}},
		{"break continue anywhere", "break\ncontinue\ndef f():\n    break", "break continue (def f () break)",
			[]string{"Break", "Continue"}, []string{"Break break", "Continue continue", "Break break"}},
		{"async with", "async def f():\n    async with a as b, c:\n        pass",
			"(async def f () (async with (a as b) c pass))",
			[]string{"With"}, []string{"With async with a as b, c:\n        pass"}},
		{"decorated async def", "@d\nasync def f(): pass", "(async def f @d () pass)",
			[]string{"FuncDef"}, []string{"FuncDef @d\nasync def f(): pass"}},
		{"match stays opaque", "match x:\n    case 1:\n        y = 1", "<match (= y 1)>",
			[]string{"Opaque"}, []string{"Opaque match x:\n    case 1:\n        y = 1"}},
		{"type alias stays opaque", "type X = int", "<type>", []string{"Opaque"}, []string{"Opaque type X = int"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.shape, shape(parseClean(t, tt.src)))
			if tt.kinds != nil {
				require.Equal(t, tt.spans, spanList(t, tt.src, tt.kinds...))
			}
		})
	}
}

// An elif chain of any length parses, without recursion.
func TestLongElifChain(t *testing.T) {
	var b strings.Builder
	b.WriteString("if x == 0:\n    pass\n")
	for i := 1; i < 2000; i++ {
		fmt.Fprintf(&b, "elif x == %d:\n    pass\n", i)
	}
	b.WriteString("else:\n    y = 1\n")
	m := parseClean(t, b.String())
	depth := 0
	for s := m.Body[0].(*If); ; depth++ {
		require.Equal(t, len(b.String())-1, s.End())
		next, ok := s.Else[0].(*If)
		if !ok {
			require.Equal(t, "(= y 1)", shape(s.Else[0]))
			break
		}
		s = next
	}
	require.Equal(t, 1999, depth)
}

func TestExpressionNodes(t *testing.T) {
	tests := []struct {
		name, src, shape string // src is an expression; shape is the tree's
		kinds            []string
		spans            []string
	}{
		{"lambda", "lambda a, b=1, *args, c, d=2, **kw: a + b",
			"(lambda (a b=1 *args c d=2 **kw) (+ a b))",
			[]string{"Lambda", "Param"}, []string{
				"Lambda lambda a, b=1, *args, c, d=2, **kw: a + b",
				"Param a", "Param b=1", "Param *args", "Param c", "Param d=2", "Param **kw",
			}},
		{"lambda markers", "lambda a, /, b, *, c: 0", "(lambda (a / b * c) 0)",
			[]string{"Param"}, []string{"Param a", "Param /", "Param b", "Param *", "Param c"}},
		{"lambda no params", "lambda: 0", "(lambda () 0)", []string{"Lambda"}, []string{"Lambda lambda: 0"}},
		{"lambda in lambda", "lambda x: lambda y: x + y", "(lambda (x) (lambda (y) (+ x y)))",
			[]string{"Lambda"}, []string{"Lambda lambda x: lambda y: x + y", "Lambda lambda y: x + y"}},
		{"lambda conditional body", "lambda: a if b else c", "(lambda () (? b a c))", nil, nil},

		{"conditional", "a if b else c", "(? b a c)", []string{"IfExp"}, []string{"IfExp a if b else c"}},
		{"conditional chain", "a if b else c if d else e", "(? b a (? d c e))",
			[]string{"IfExp"}, []string{"IfExp a if b else c if d else e", "IfExp c if d else e"}},
		{"conditional source order", "x.y if p(q) else [z]", "(? (call p q) (. x y) [z])",
			[]string{"Name"}, []string{"Name x", "Name y", "Name p", "Name q", "Name z"}},

		{"list comprehension", "[x * y for x in a if x if x > 1 for y in b if y]",
			"(listcomp (* x y) (for x in a if x if (cmp x > 1)) (for y in b if y))",
			[]string{"Comprehension", "CompFor"}, []string{
				"Comprehension [x * y for x in a if x if x > 1 for y in b if y]",
				"CompFor for x in a if x if x > 1",
				"CompFor for y in b if y",
			}},
		{"set comprehension", "{x for x, in a}", "(setcomp x (for (tuple x) in a))",
			[]string{"Comprehension", "CompFor"}, []string{"Comprehension {x for x, in a}", "CompFor for x, in a"}},
		{"dict comprehension", "{k: v for k, v in d.items() if v}",
			"(dictcomp k:v (for (tuple k v) in (call (. d items)) if v))",
			[]string{"Comprehension", "CompFor"}, []string{
				"Comprehension {k: v for k, v in d.items() if v}",
				"CompFor for k, v in d.items() if v",
			}},
		{"generator", "(x for x in a)", "(generatorcomp x (for x in a))",
			[]string{"Comprehension"}, []string{"Comprehension (x for x in a)"}},
		{"generator argument", "sum(x for x in a if x)", "(call sum (generatorcomp x (for x in a if x)))",
			[]string{"Comprehension", "CompFor"}, []string{"Comprehension x for x in a if x", "CompFor for x in a if x"}},
		{"async comprehension", "[x async for x in a for y in x]", "(listcomp x (async for x in a) (for y in x))",
			[]string{"CompFor"}, []string{"CompFor async for x in a", "CompFor for y in x"}},
		{"comprehension with walrus", "[y for x in a if (y := f(x))]",
			"(listcomp y (for x in a if (:= y (call f x))))", nil, nil},
		{"comprehension of a conditional", "[a if b else c for b in d]",
			"(listcomp (? b a c) (for b in d))", nil, nil},
		{"nested comprehension", "[[c for c in r] for r in m]", "(listcomp (listcomp c (for c in r)) (for r in m))", nil, nil},

		{"slice", "a[1:2]", "(idx a (slice 1 2 _))", []string{"Slice"}, []string{"Slice 1:2"}},
		{"slice step", "a[::2]", "(idx a (slice _ _ 2))", []string{"Slice"}, []string{"Slice ::2"}},
		{"slice empty", "a[:]", "(idx a (slice _ _ _))", []string{"Slice"}, []string{"Slice :"}},
		{"slice all", "a[lo:hi:st]", "(idx a (slice lo hi st))", []string{"Slice"}, []string{"Slice lo:hi:st"}},
		{"slice lo", "a[i + 1:]", "(idx a (slice (+ i 1) _ _))", []string{"Slice"}, []string{"Slice i + 1:"}},
		{"slices in tuple", "a[1:2, ::3, i]", "(idx a (tuple (slice 1 2 _) (slice _ _ 3) i))",
			[]string{"Slice", "Tuple"}, []string{"Tuple 1:2, ::3, i", "Slice 1:2", "Slice ::3"}},

		{"walrus", "(n := 10)", "(:= n 10)", []string{"NamedExpr", "Name"}, []string{"NamedExpr n := 10", "Name n"}},
		{"walrus argument", "f(y := g())", "(call f (:= y (call g)))", nil, nil},

		{"await", "await a.b()", "(await (call (. a b)))", []string{"Await"}, []string{"Await await a.b()"}},
		{"await power", "await x ** 2", "(** (await x) 2)", nil, nil},
		{"yield", "(yield)", "(yield)", []string{"Yield"}, []string{"Yield yield"}},
		{"yield value", "(yield a, b)", "(yield (tuple a b))", []string{"Yield"}, []string{"Yield yield a, b"}},
		{"yield from", "(yield from g())", "(yield-from (call g))", []string{"Yield"}, []string{"Yield yield from g()"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "x = " + tt.src
			a := parseClean(t, src).Body[0].(*Assign)
			require.Equal(t, tt.shape, shape(a.Value))
			if tt.kinds != nil {
				got := spanList(t, src, tt.kinds...)
				if len(got) > 0 && got[0] == "Name x" {
					got = got[1:] // the assignment's target
				}
				require.Equal(t, tt.spans, got)
			}
		})
	}
}

// fstringParts renders the parts of an f-string: literal text as its value and
// source text, fields as their expression, conversion, spec and debug text and
// their source text.
func fstringParts(src string, parts []Expr) string {
	var out []string
	for _, x := range parts {
		switch x := x.(type) {
		case *String:
			out = append(out, fmt.Sprintf("%q@%q", x.Value, src[x.Pos():x.End()]))
		case *FormattedValue:
			s := fmt.Sprintf("{%s@%q", shape(x.X), src[x.X.Pos():x.X.End()])
			if x.Conversion != 0 {
				s += "!" + string(x.Conversion)
			}
			if x.Spec != nil {
				s += ":[" + fstringParts(src, x.Spec) + "]"
			}
			if x.Debug != "" {
				s += fmt.Sprintf(" debug=%q", x.Debug)
			}
			out = append(out, s+fmt.Sprintf("}@%q", src[x.Pos():x.End()]))
		default:
			out = append(out, fmt.Sprintf("?%T", x))
		}
	}
	return strings.Join(out, " ")
}

func TestFStringParts(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{`f"a{x}b"`, `"a"@"a" {x@"x"}@"{x}" "b"@"b"`},
		{`f"{x}"`, `{x@"x"}@"{x}"`},
		{`f"{x!r} {y!s} {z!a}"`, `{x@"x"!r}@"{x!r}" " "@" " {y@"y"!s}@"{y!s}" " "@" " {z@"z"!a}@"{z!a}"`},
		{`f"{x:>10}"`, `{x@"x":[">10"@">10"]}@"{x:>10}"`},
		{`f"{x:{w}.{p}f}"`, `{x@"x":[{w@"w"}@"{w}" "."@"." {p@"p"}@"{p}" "f"@"f"]}@"{x:{w}.{p}f}"`},
		{`f"{x!r:^{w!s}}"`, `{x@"x"!r:["^"@"^" {w@"w"!s}@"{w!s}"]}@"{x!r:^{w!s}}"`},
		{`f"{x:%Y-%m-%d %H:%M}"`, `{x@"x":["%Y-%m-%d %H:%M"@"%Y-%m-%d %H:%M"]}@"{x:%Y-%m-%d %H:%M}"`},
		{`f"{x:}"`, `{x@"x"}@"{x:}"`},

		// self-documenting fields
		{`f"{x=}"`, `{x@"x"!r debug="x="}@"{x=}"`},
		{`f"{ x = }"`, `{x@"x"!r debug=" x = "}@"{ x = }"`},
		{`f"{x=!s}"`, `{x@"x"!s debug="x="}@"{x=!s}"`},
		{`f"{x=:>4}"`, `{x@"x":[">4"@">4"] debug="x="}@"{x=:>4}"`},
		{`f"{a.b()=}"`, `{(call (. a b))@"a.b()"!r debug="a.b()="}@"{a.b()=}"`},
		// comparisons are not "="
		{`f"{a == b}{a != b}{a <= b}{a >= b}{a < b}"`, `{(cmp a == b)@"a == b"}@"{a == b}" {(cmp a != b)@"a != b"}@"{a != b}" {(cmp a <= b)@"a <= b"}@"{a <= b}" {(cmp a >= b)@"a >= b"}@"{a >= b}" {(cmp a < b)@"a < b"}@"{a < b}"`},
		{`f"{f(a=1)}"`, `{(call f a=1)@"f(a=1)"}@"{f(a=1)}"`},

		// escapes and doubled braces
		{`f"{{x}} {{"`, `"{x} {"@"{{x}} {{"`},
		{`f"a{{{x}}}b"`, `"a{"@"a{{" {x@"x"}@"{x}" "}b"@"}}b"`},
		{`f"\n{x}\t"`, `"\n"@"\\n" {x@"x"}@"{x}" "\t"@"\\t"`},
		{`f"\N{BULLET} {x}"`, `"\\N{BULLET} "@"\\N{BULLET} " {x@"x"}@"{x}"`},
		{`f"a\{x}"`, `"a\\"@"a\\" {x@"x"}@"{x}"`},
		{`rf"\d+{x}\n"`, `"\\d+"@"\\d+" {x@"x"}@"{x}" "\\n"@"\\n"`},
		{`f"{x:\n}"`, `{x@"x":["\n"@"\\n"]}@"{x:\\n}"`},

		// implicit concatenation
		{`"a" f"b{x}c" "d"`, `"ab"@"\"a\" f\"b" {x@"x"}@"{x}" "cd"@"c\" \"d\""`},
		{`f"{x}" f"{y}"`, `{x@"x"}@"{x}" {y@"y"}@"{y}"`},
		{`f"" "a"`, `"a"@"\"a\""`},
		{`'' f'{x}'`, `{x@"x"}@"{x}"`},
		{`f"a" 'b'`, `"ab"@"a\" 'b'"`},

		// expressions in fields
		{`f"{a if b else c}"`, `{(? b a c)@"a if b else c"}@"{a if b else c}"`},
		{`f"{(lambda: 1)()}"`, `{(call (lambda () 1))@"(lambda: 1)()"}@"{(lambda: 1)()}"`},
		{`f"{a, b}"`, `{(tuple a b)@"a, b"}@"{a, b}"`},
		{`f"{*a, b}"`, `{(tuple *a b)@"*a, b"}@"{*a, b}"`},
		{`f"{d['k']}"`, `{(idx d "k")@"d['k']"}@"{d['k']}"`},
		{`f"{d["k"]}"`, `{(idx d "k")@"d[\"k\"]"}@"{d[\"k\"]}"`},
		{`f"{'}'}"`, `{"}"@"'}'"}@"{'}'}"`},
		{`f"{x[1:2]}"`, `{(idx x (slice 1 2 _))@"x[1:2]"}@"{x[1:2]}"`},
		{`f"{ {'a': 1}['a'] }"`, `{(idx {"a":1} "a")@"{'a': 1}['a']"}@"{ {'a': 1}['a'] }"`},
		{`f"{[y for y in z]}"`, `{(listcomp y (for y in z))@"[y for y in z]"}@"{[y for y in z]}"`},
		{`f"{(n := 1)}"`, `{(:= n 1)@"n := 1"}@"{(n := 1)}"`},
		{`f"{x:=10}"`, `{x@"x":["=10"@"=10"]}@"{x:=10}"`},
		{`f"{f'{x}'}"`, `{f"{x}"@"f'{x}'"}@"{f'{x}'}"`},
		{"f'''{\n  x # comment\n}'''", `{x@"x"}@"{\n  x # comment\n}"`},
		{"f\"{\n    a\n}\"", `{a@"a"}@"{\n    a\n}"`},
		{`f"{x}}}"`, `{x@"x"}@"{x}" "}"@"}}"`},
		{`t"{x}"`, `{x@"x"}@"{x}"`},
		{`f""`, ``},
		{`f"abc"`, `"abc"@"abc"`},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			src := "x = " + tt.src
			s := parseClean(t, src).Body[0].(*Assign).Value.(*String)
			require.True(t, s.FString)
			require.NotNil(t, s.Parts)
			require.Equal(t, tt.want, fstringParts(src, s.Parts))
		})
	}
}

// Strings without f-string parts have no Parts; the Value of an f-string stays
// its text.
func TestPlainStringParts(t *testing.T) {
	for _, src := range []string{`'a'`, `"a" 'b'`, `b"x" b'y'`, `r"\d"`, `"""doc"""`, `u"x"`} {
		s := parseClean(t, "x = "+src).Body[0].(*Assign).Value.(*String)
		require.Nil(t, s.Parts, src)
		require.False(t, s.FString, src)
	}
	s := parseClean(t, `x = f"{a!r:>{w}} {{b}}"`).Body[0].(*Assign).Value.(*String)
	require.Equal(t, "{a!r:>{w}} {{b}}", s.Value)

	// A literal piece's fields.
	s = parseClean(t, `x = RF"a\n{x}"`).Body[0].(*Assign).Value.(*String)
	lit := s.Parts[0].(*String)
	require.Equal(t, `a\n`, lit.Value)
	require.Equal(t, `a\n`, lit.Raw)
	require.Equal(t, "rf", lit.Prefix)
	require.False(t, lit.FString)
	require.Nil(t, lit.Parts)
}

// Every node ends exactly where its text does: no trailing space, comment or
// line break, and the nodes the parser builds from tokens start at their first.
func TestEndsExact(t *testing.T) {
	src := "async def f(a, *b, c=1, **d):  # c\n" +
		"    if a:  # c\n        x = [i for i in b if i]  # c\n    elif c:\n        pass  # c\n    else:\n        y = {k: v for k, v in d}\n" +
		"    for i in b:  # c\n        continue\n    else:\n        break\n" +
		"    while a:\n        a -= 1  # c\n" +
		"    try:\n        raise E from None  # c\n    except E as e:  # c\n        pass\n    finally:\n        del a  # c\n" +
		"    async with a:\n        assert a, f'{a!r:>{c}} {a=}'  # c\n" +
		"    z = lambda q=1: q if q else (yield)  # c\n" +
		"    global g  # c\n" +
		"    return b[1:2:3], await c, (n := 1)  # c\n"
	m := parseClean(t, src)
	literal := map[Node]bool{} // the literal text of f-strings, which may be space
	Inspect(m, func(n Node) bool {
		switch n := n.(type) {
		case *Module:
			return true
		case *String:
			for _, x := range n.Parts {
				literal[x] = true
			}
		}
		text := src[n.Pos():n.End()]
		require.NotEmpty(t, text, "%T", n)
		if literal[n] {
			return true
		}
		require.Equal(t, strings.TrimSpace(text), text, "%T %q", n, text)
		last := text[len(text)-1:]
		require.NotContains(t, []string{"#", ",", ";"}, last, "%T %q", n, text)
		if i := strings.LastIndexByte(text, '\n'); i >= 0 {
			require.NotContains(t, text[i:], "# c", "%T %q ends in a comment", n, text)
		}
		return true
	})
}
