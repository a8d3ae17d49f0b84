package python

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// parseClean parses src and fails the test on any error or broken span.
func parseClean(t *testing.T, src string) *Module {
	t.Helper()
	m, err := Parse("test.py", []byte(src))
	require.NoError(t, err, "source:\n%s", src)
	require.NoError(t, checkTree(m))
	return m
}

// checkTree checks what must hold for every tree, even of broken source: spans lie
// within the source and within their parent's, siblings do not overlap and come in
// source order.
func checkTree(m *Module) error {
	n := len(m.File.Source())
	if m.Pos() != 0 || m.End() != n {
		return fmt.Errorf("module spans %d-%d, source is %d bytes", m.Pos(), m.End(), n)
	}
	var err error
	var stack []Node
	var last []int // end of the previous child, per level
	Inspect(m, func(x Node) bool {
		if err != nil {
			return false
		}
		// Pop the nodes that x is not inside of: Inspect gives no "leave" call, so
		// find x's parent as the innermost node on the stack that contains x.
		for len(stack) > 0 {
			top := stack[len(stack)-1]
			if x.Pos() >= top.Pos() && x.End() <= top.End() && x != top {
				break
			}
			stack, last = stack[:len(stack)-1], last[:len(last)-1]
		}
		switch {
		case x.Pos() < 0 || x.End() > n || x.Pos() > x.End():
			err = fmt.Errorf("%T spans %d-%d, outside the source (%d bytes)", x, x.Pos(), x.End(), n)
		case len(stack) == 0 && x != Node(m):
			err = fmt.Errorf("%T at %d-%d is outside its parent", x, x.Pos(), x.End())
		case len(last) > 0 && x.Pos() < last[len(last)-1]:
			err = fmt.Errorf("%T at %d-%d overlaps or precedes its previous sibling (ending at %d)", x, x.Pos(), x.End(), last[len(last)-1])
		}
		if len(last) > 0 {
			last[len(last)-1] = x.End()
		}
		stack, last = append(stack, x), append(last, x.Pos())
		return true
	})
	return err
}

func TestParseConstructs(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		// imports
		{"import", "import sqlalchemy as sa", "(import sqlalchemy as sa)"},
		{"import dotted", "import a.b.c as d, e", "(import a.b.c as d e)"},
		{"from", "from sqlalchemy import Column, Integer", "(from sqlalchemy import Column Integer)"},
		{"from parens", "from x import (\n    a,\n    b as c,\n)", "(from x import a b as c)"},
		{"from relative", "from . import models", "(from . import models)"},
		{"from relative module", "from ..pkg.mod import x", "(from ..pkg.mod import x)"},
		{"from ellipsis dots", "from ... import x", "(from ... import x)"},
		{"from star", "from sqlalchemy import *", "(from sqlalchemy import *)"},

		// assignments
		{"assign", "revision = '1f67b9e072b7'", `(= revision "1f67b9e072b7")`},
		{"assign none", "down_revision = None", "(= down_revision None)"},
		{"annotated", `revision: str = "abc"`, `(: revision str "abc")`},
		{"annotated union", "down_revision: Union[str, Sequence[str], None] = None",
			"(: down_revision (idx Union (tuple str (idx Sequence str) None)) None)"},
		{"annotated no value", "x: int", "(: x int)"},
		{"mapped", "id: Mapped[int] = mapped_column(primary_key=True)",
			"(: id (idx Mapped int) (call mapped_column primary_key=True))"},
		{"mapped optional", "bio: Mapped[Optional[str]]", "(: bio (idx Mapped (idx Optional str)))"},
		{"mapped union", "bio: Mapped[str | None]", "(: bio (idx Mapped (| str None)))"},
		{"chained", "a = b = 1", "(= a b 1)"},
		{"tuple target", "a, b = 1, 2", "(= (tuple a b) (tuple 1 2))"},
		{"starred target", "a, *b = c", "(= (tuple a *b) c)"},
		{"list target", "[a, b] = c", "(= [a b] c)"},
		{"attribute target", "self.x = 1", "(= (. self x) 1)"},
		{"subscript target", "d['k'] = 1", `(= (idx d "k") 1)`},
		{"augassign", "x += 1", "(+= x 1)"},
		{"augassign pow", "x **= 2", "(**= x 2)"},

		// definitions
		{"class", "class User(Base):\n    __tablename__ = 'users'\n",
			`(class User (Base) (= __tablename__ "users"))`},
		{"class no bases", "class A:\n    pass\n", "(class A () pass)"},
		{"class keywords", "class A(B, metaclass=M, **kw):\n    pass", "(class A (B metaclass=M **kw) pass)"},
		{"class one line", "class A: pass", "(class A () pass)"},
		{"class docstring", "class A:\n    \"\"\"Doc.\"\"\"\n    x = 1", `(class A () "Doc." (= x 1))`},
		{"decorated class", "@dataclass\n@other(1)\nclass A:\n    pass", "(class A @dataclass @(call other 1) () pass)"},
		{"def", "def upgrade() -> None:\n    pass\n", "(def upgrade () -> None pass)"},
		{"def params", "def f(a, b: int = 1, *args, c, d=2, **kw):\n    return a",
			"(def f (a b:int=1 *args c d=2 **kw) (return a))"},
		{"def markers", "def f(a, /, b, *, c):\n    pass", "(def f (a / b * c) pass)"},
		{"def trailing comma", "def f(\n    a,\n    b,\n):\n    pass", "(def f (a b) pass)"},
		{"decorated def", "@property\ndef f(self):\n    return self._f", "(def f @property (self) (return (. self _f)))"},
		{"def docstring", "def upgrade() -> None:\n    \"\"\"Upgrade schema.\"\"\"\n    pass",
			`(def upgrade () -> None "Upgrade schema." pass)`},
		{"nested def", "def f():\n    def g():\n        pass\n    return g", "(def f () (def g () pass) (return g))"},
		{"return tuple", "def f():\n    return 1, 2", "(def f () (return (tuple 1 2)))"},
		{"return bare", "def f():\n    return", "(def f () (return))"},
		{"generic def", "def f[T](x: T) -> T:\n    return x", "(def f <typeparams> (x:T) -> T (return x))"},
		{"generic class", "class A[T]:\n    pass", "(class A <typeparams> () pass)"},

		// with
		{"with", "with op.batch_alter_table('users', schema=None) as batch_op:\n    batch_op.drop_column('bio')",
			`(with ((call (. op batch_alter_table) "users" schema=None) as batch_op) (call (. batch_op drop_column) "bio"))`},
		{"with many", "with a as b, c:\n    pass", "(with (a as b) c pass)"},
		{"with parenthesized", "with (\n    a as b,\n    c as d,\n):\n    pass", "(with (a as b) (c as d) pass)"},
		{"with paren expr", "with (a) as b:\n    pass", "(with (a as b) pass)"},
		{"with tuple target", "with a as (b, c):\n    pass", "(with (a as (tuple b c)) pass)"},

		// simple statements
		{"pass", "pass", "pass"},
		{"semicolons", "a = 1; b = 2;", "(= a 1) (= b 2)"},
		{"expr stmt", "run_migrations_online()", "(call run_migrations_online)"},
		{"comments", "# one\nx = 1  # two\n# three\n", "(= x 1)"},
		{"blank lines in block", "def f():\n\n    x = 1\n\n    # c\n\n    y = 2\n", "(def f () (= x 1) (= y 2))"},
		{"backslash", "x = 1 + \\\n    2", "(= x (+ 1 2))"},
		{"no final newline", "x = 1", "(= x 1)"},
		{"crlf", "def f():\r\n    x = 1\r\n    y = 2\r\n", "(def f () (= x 1) (= y 2))"},
		{"tabs", "def f():\n\tx = 1\n\tif x:\n\t\ty = 2\n", "(def f () (= x 1) (if x (= y 2)))"},
		{"bom", "\ufeffx = 1", "(= x 1)"},

		// calls
		{"call args", "f(1, 'a', x=2, *args, **kwargs)", `(call f 1 "a" *args x=2 **kwargs)`},
		{"call nested", "sa.Column('id', sa.Integer(), nullable=False)",
			`(call (. sa Column) "id" (call (. sa Integer)) nullable=False)`},
		{"call multiline", "op.create_table('users',\nsa.Column('id'),\n)", `(call (. op create_table) "users" (call (. sa Column) "id"))`},
		{"call generator", "f(x for x in y)", "(call f (generatorcomp x (for x in y)))"},
		{"call generator in parens", "f((x for x in y), 1)", "(call f (generatorcomp x (for x in y)) 1)"},
		{"call walrus", "f(y := 1)", "(call f (:= y 1))"},
		{"method chain", "a.b().c[0].d", "(. (idx (. (call (. a b)) c) 0) d)"},
		{"dotted", "sqlalchemy.orm.Mapped", "(. (. sqlalchemy orm) Mapped)"},

		// literals
		{"strings", `x = 'a' "b" '''c''' """d"""`, `(= x "abcd")`},
		{"escapes", `x = "a\tb\n\x41\u00e9\101\\\'"`, `(= x "a\tb\nAéA\\'")`},
		{"escapes kept", `x = "\d \N{DASH}"`, `(= x "\\d \\N{DASH}")`},
		{"raw", `x = r"\d+\n"`, `(= x r"\\d+\\n")`},
		{"bytes", `x = b"\x00\xff"`, `(= x b"\x00\xff")`},
		{"raw bytes", `x = rb"\x00"`, `(= x rb"\\x00")`},
		{"unicode prefix", `x = u"a"`, `(= x u"a")`},
		{"fstring", `x = f"{a!r:>{w}} {{b}}"`, `(= x f"{a!r:>{w}} {{b}}")`},
		{"fstring nested quotes", `x = f"{d["k"]}"`, `(= x f"{d[\"k\"]}")`},
		{"fstring multiline field", "x = f\"{\n    a\n}\"", `(= x f"{\n    a\n}")`},
		{"triple with quotes", `x = """a "b" ""c"" """`, `(= x "a \"b\" \"\"c\"\" ")`},
		{"string continuation", "x = 'a\\\nb'", `(= x "ab")`},
		{"concat across lines", "x = ('a'\n     'b')", `(= x "ab")`},
		{"numbers", "x = [1, 1_000, 0x1F, 0o17, 0b101, 1.5, .5, 1., 1e10, 2.5E-3, 1j, 0, 00, 0_0]",
			"(= x [1 1_000 0x1F 0o17 0b101 1.5 .5 1. 1e10 2.5E-3 1j 0 00 0_0])"},
		{"keyword after number", "x = 1if y else 2", "(= x (? y 1 2))"},
		{"constants", "x = (True, False, None, ...)", "(= x (tuple True False None ...))"},

		// displays
		{"tuple", "x = (1,)", "(= x (tuple 1))"},
		{"empty tuple", "x = ()", "(= x (tuple))"},
		{"bare tuple", "x = 1, 2,", "(= x (tuple 1 2))"},
		{"paren", "x = (1)", "(= x 1)"},
		{"list", "x = [1, [2], []]", "(= x [1 [2] []])"},
		{"dict", "x = {'a': 1, **b, 'c': {}}", `(= x {"a":1 **b "c":{}})`},
		{"set", "x = {1, *a}", "(= x (set 1 *a))"},
		{"list comp", "x = [a for a in b if a]", "(= x (listcomp a (for a in b if a)))"},
		{"set comp", "x = {a for a in b}", "(= x (setcomp a (for a in b)))"},
		{"dict comp", "x = {k: v for k, v in d.items()}", "(= x (dictcomp k:v (for (tuple k v) in (call (. d items)))))"},
		{"generator", "x = (a for a in b for c in a)", "(= x (generatorcomp a (for a in b) (for c in a)))"},
		{"async comp", "x = [a async for a in b]", "(= x (listcomp a (async for a in b)))"},

		// operators
		{"unary", "x = -1", "(= x (- 1))"},
		{"not", "x = not a", "(= x (not a))"},
		{"precedence", "x = a + b * c - d", "(= x (- (+ a (* b c)) d))"},
		{"power", "x = -a ** -b", "(= x (- (** a (- b))))"},
		{"bitor", "x = a | b & c ^ d", "(= x (| a (^ (& b c) d)))"},
		{"shift", "x = a << 1 >> 2", "(= x (>> (<< a 1) 2))"},
		{"other binary", "x = a // b % c @ d / e", "(= x (/ (@ (% (// a b) c) d) e))"},
		{"bool", "x = a and b or c and not d", "(= x (or (and a b) (and c (not d))))"},
		{"compare", "x = a < b <= c == d != e > f >= g", "(= x (cmp a < b <= c == d != e > f >= g))"},
		{"compare words", "x = a in b not in c is d is not e", "(= x (cmp a in b not in c is d is not e))"},
		{"subscript slice", "x = a[1:2, ::3, :]", "(= x (idx a (tuple (slice 1 2 _) (slice _ _ 3) (slice _ _ _))))"},
		{"subscript star", "x = a[*b]", "(= x (idx a *b))"},
		{"ellipsis index", "x = a[...]", "(= x (idx a ...))"},

		// opaque statements
		{"if", "if context.is_offline_mode():\n    run_migrations_offline()\nelse:\n    run_migrations_online()",
			"(if (call (. context is_offline_mode)) (call run_migrations_offline) else (call run_migrations_online))"},
		{"elif", "if a:\n    x = 1\nelif b:\n    x = 2\nelif c: x = 3\nelse: pass", "(if a (= x 1) else (if b (= x 2) else (if c (= x 3) else pass)))"},
		{"for", "for a, b in c:\n    pass\nelse:\n    pass", "(for (tuple a b) in c pass else pass)"},
		{"while", "while x := f():\n    break\nelse:\n    continue", "(while (:= x (call f)) break else continue)"},
		{"try", "try:\n    pass\nexcept (A, B) as e:\n    raise\nexcept C:\n    pass\nexcept:\n    x = 1\nelse:\n    pass\nfinally:\n    pass",
			"(try pass (except (tuple A B) as e (raise)) (except C pass) (except (= x 1)) else pass finally pass)"},
		{"try star", "try:\n    pass\nexcept* A as e:\n    pass\nexcept* (B, C):\n    pass",
			"(try* pass (except A as e pass) (except (tuple B C) pass))"},
		{"try finally", "try:\n    pass\nfinally:\n    pass", "(try pass finally pass)"},
		{"match", "match cmd:\n    case [x, y, *rest] if x > 0:\n        pass\n    case {'k': v}:\n        pass\n    case _:\n        pass",
			"<match pass pass pass>"},
		{"match as name", "match = 1\nmatch(x)\nmatch.x = 2", "(= match 1) (call match x) (= (. match x) 2)"},
		{"async def", "async def f():\n    await g()", "(async def f () (await (call g)))"},
		{"async for with", "async def f():\n    async for a in b:\n        pass\n    async with a as b:\n        pass",
			"(async def f () (async for a in b pass) (async with (a as b) pass))"},
		{"decorated async def", "@d\nasync def f():\n    pass", "(async def f @d () pass)"},
		{"simple opaque", "global a, b\nnonlocal c\ndel a, b[0]\nassert x, 'msg'\nraise E from e",
			`(global a b) (nonlocal c) (del a (idx b 0)) (assert x "msg") (raise E from e)`},
		{"type alias", "type X = int\ntype Y[T] = list[T]", "<type> <type>"},
		{"type as name", "type = 1\ntype(x)", "(= type 1) (call type x)"},

		// opaque expressions
		{"lambda", "f = lambda x, *a, y=1, **k: x", "(= f (lambda (x *a y=1 **k) x))"},
		{"lambda no params", "f = lambda: 0", "(= f (lambda () 0))"},
		{"conditional", "x = a if b else c", "(= x (? b a c))"},
		{"await", "x = await y", "(= x (await y))"},
		{"yield", "def f():\n    yield\n    yield x\n    x = yield from y\n    z = (yield)",
			"(def f () (yield) (yield x) (= x (yield-from y)) (= z (yield)))"},
		{"walrus", "if (n := len(a)) > 10:\n    pass", "(if (cmp (:= n (call len a)) > 10) pass)"},
		{"print call", "print('hi', file=sys.stderr)", `(call print "hi" file=(. sys stderr))`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := parseClean(t, tt.src)
			require.Equal(t, tt.want, shape(m))
		})
	}
}

func TestParseReferenceShapes(t *testing.T) {
	// The typed header of a revision written by current Alembic's template.
	src := `"""add age to users

Revision ID: 3a291af61148
Revises: 1f67b9e072b7
Create Date: 2026-11-25 19:27:25.796641

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '3a291af61148'
down_revision: Union[str, Sequence[str], None] = '1f67b9e072b7'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    # ### commands auto generated by Alembic - please adjust! ###
    op.add_column('users', sa.Column('age', sa.Integer(), nullable=True))
    # ### end Alembic commands ###
`
	m := parseClean(t, src)
	doc := Docstring(m.Body)
	require.NotNil(t, doc)
	require.Equal(t, "add age to users\n\nRevision ID: 3a291af61148\nRevises: 1f67b9e072b7\nCreate Date: 2026-11-25 19:27:25.796641\n\n", doc.Value)
	require.Len(t, m.Body, 9)
	a := m.Body[5].(*Assign)
	require.Equal(t, "(idx Union (tuple str (idx Sequence str) None))", shape(a.Annotation))
	require.Equal(t, `"1f67b9e072b7"`, shape(a.Value))
	up := m.Body[8].(*FuncDef)
	require.Equal(t, "Upgrade schema.", Docstring(up.Body).Value)
	call := up.Body[1].(*ExprStmt).X.(*Call)
	name, ok := DottedName(call.Func)
	require.True(t, ok)
	require.Equal(t, "op.add_column", name)

	// The comments, with positions, for the generated-commands markers.
	var texts []string
	for _, c := range m.File.Comments {
		texts = append(texts, fmt.Sprintf("%s %s", m.File.Position(c.Pos()), c.Text))
	}
	require.Equal(t, []string{
		"test.py:14:1 # revision identifiers, used by Alembic.",
		"test.py:23:5 # ### commands auto generated by Alembic - please adjust! ###",
		"test.py:25:5 # ### end Alembic commands ###",
	}, texts)
}

func TestStringFields(t *testing.T) {
	tests := []struct {
		src     string
		value   string
		raw     string
		prefix  string
		bytes   bool
		fstring bool
	}{
		{`'users'`, "users", `'users'`, "", false, false},
		{`"a" 'b'`, "ab", `"a" 'b'`, "", false, false},
		{`R"\n"`, `\n`, `R"\n"`, "r", false, false},
		{`Rb'\n'`, `\n`, `Rb'\n'`, "rb", true, false},
		{`'a' f'{b}'`, "a{b}", `'a' f'{b}'`, "", false, true},
		{"'''a\r\nb'''", "a\nb", "'''a\r\nb'''", "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			m := parseClean(t, "x = "+tt.src)
			s := m.Body[0].(*Assign).Value.(*String)
			require.Equal(t, tt.value, s.Value)
			require.Equal(t, tt.raw, s.Raw)
			require.Equal(t, tt.prefix, s.Prefix)
			require.Equal(t, tt.bytes, s.Bytes)
			require.Equal(t, tt.fstring, s.FString)
			require.Equal(t, 4, s.Pos())
			require.Equal(t, 4+len(tt.src), s.End())
		})
	}
}

func TestSpans(t *testing.T) {
	src := "class User(Base):\n    id = Column(Integer, primary_key=True)\n\n\n@dec\ndef f(a):\n    return (a)\n"
	m := parseClean(t, src)
	text := func(n Node) string { return src[n.Pos():n.End()] }
	c := m.Body[0].(*ClassDef)
	require.Equal(t, "class User(Base):\n    id = Column(Integer, primary_key=True)", text(c))
	a := c.Body[0].(*Assign)
	require.Equal(t, "id = Column(Integer, primary_key=True)", text(a))
	call := a.Value.(*Call)
	require.Equal(t, "Column(Integer, primary_key=True)", text(call))
	require.Equal(t, "primary_key=True", text(call.Keywords[0]))
	require.Equal(t, "True", text(call.Keywords[0].Value))
	f := m.Body[1].(*FuncDef)
	require.Equal(t, "@dec\ndef f(a):\n    return (a)", text(f), "a definition's span starts at its first decorator")
	require.Equal(t, "a", text(f.Params[0]))
	r := f.Body[0].(*Return)
	require.Equal(t, "return (a)", text(r))
	require.Equal(t, "a", text(r.Value), "parentheses that only group are not part of the node")
}
