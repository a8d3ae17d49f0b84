package interp_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"retort/engine/interp"
	"retort/internal/golden"
)

// mapFinder is a project held in memory.
type mapFinder map[string]string

func (m mapFinder) FindModule(name string) (interp.Source, bool, error) {
	p := strings.ReplaceAll(name, ".", "/")
	if src, ok := m[p+".py"]; ok {
		return interp.Source{Path: p + ".py", Abs: "/project/" + p + ".py", Src: []byte(src)}, true, nil
	}
	if src, ok := m[p+"/__init__.py"]; ok {
		return interp.Source{Path: p + "/__init__.py", Abs: "/project/" + p + "/__init__.py", Src: []byte(src), Package: true}, true, nil
	}
	return interp.Source{}, false, nil
}

func (m mapFinder) Cwd() string { return "/project" }

func run(t *testing.T, src string, files mapFinder, recover bool) (string, error, *interp.Interp) {
	t.Helper()
	var out bytes.Buffer
	in := interp.New(interp.Options{Finder: files, Stdout: &out, Recover: recover, Known: interp.KnownOutside})
	_, err := in.ExecFile("__main__", "main.py", "/project/main.py", []byte(src))
	if err == nil {
		err = in.Errors().Err()
	}
	return out.String(), err, in
}

func TestRun(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"arithmetic", "print(1 + 2 * 3, 7 // 2, -7 // 2, 7 % 3, -7 % 3, 2 ** 10, 7 / 2)", "7 3 -4 1 2 1024 3.5\n"},
		{"strings", "s = 'Hello'\nprint(s.lower(), s.upper(), s[1:3], s[-1], len(s), s * 2, 'l' in s)", "hello HELLO el o 5 HelloHello True\n"},
		{"fstring", "x = 3\nname = 'ab'\nprint(f'{x:>4}|{name!r}|{x*2}|{x=}|{{}}|{3.14159:.2f}')", "   3|'ab'|6|x=3|{}|3.14\n"},
		{"format", "print('{} {name} {0}'.format(1, name='n'), '%s-%d-%r' % ('a', 2, 'b'), '%(a)s' % {'a': 1})", "1 n 1 a-2-'b' 1\n"},
		{"if elif else", "def f(x):\n    if x < 0:\n        return 'neg'\n    elif x == 0:\n        return 'zero'\n    else:\n        return 'pos'\nprint(f(-1), f(0), f(5))", "neg zero pos\n"},
		{"for while break continue else", "out = []\nfor i in range(10):\n    if i % 2:\n        continue\n    if i > 6:\n        break\n    out.append(i)\nelse:\n    out.append('no')\nn = 0\nwhile n < 3:\n    n += 1\nelse:\n    out.append(n)\nprint(out)", "[0, 2, 4, 6, 3]\n"},
		{"comprehensions", "print([x*x for x in range(4) if x], {k: v for k, v in [('a', 1)]}, {x % 2 for x in range(5)}, sum(x for x in range(5)))", "[1, 4, 9] {'a': 1} {0, 1} 10\n"},
		{"closures", "def outer():\n    n = 0\n    def inc():\n        nonlocal n\n        n += 1\n        return n\n    inc(); inc()\n    return inc()\nprint(outer())", "3\n"},
		{"defaults kwargs", "def f(a, b=2, *args, c=3, **kw):\n    return (a, b, args, c, kw)\nprint(f(1), f(1, 5, 6, 7, c=9, d=10))", "(1, 2, (), 3, {}) (1, 5, (6, 7), 9, {'d': 10})\n"},
		{"star call", "def f(*a, **k):\n    return len(a), sorted(k)\nargs = [1, 2]\nkw = {'x': 1, 'y': 2}\nprint(f(*args, 3, **kw))", "(3, ['x', 'y'])\n"},
		{"classes", "class A:\n    x = 1\n    def __init__(self, y):\n        self.y = y\n    def total(self):\n        return self.x + self.y\nclass B(A):\n    x = 10\n    def total(self):\n        return super().total() * 2\nprint(A(1).total(), B(1).total(), isinstance(B(1), A))", "2 22 True\n"},
		{"properties classmethods", "class C:\n    def __init__(self):\n        self._v = 4\n    @property\n    def v(self):\n        return self._v\n    @classmethod\n    def make(cls):\n        return cls()\n    @staticmethod\n    def s(x):\n        return x + 1\nprint(C.make().v, C.s(1))", "4 2\n"},
		{"try except finally", "def f(x):\n    try:\n        if x:\n            raise ValueError('bad ' + str(x))\n        return 'ok'\n    except ValueError as e:\n        return 'caught ' + str(e)\n    finally:\n        print('finally')\nprint(f(0)); print(f(1))", "finally\nok\nfinally\ncaught bad 1\n"},
		{"import fallback", "try:\n    import ujson_not_a_module as json\nexcept ImportError:\n    json = 'fallback'\nprint(json)", "fallback\n"},
		{"name error caught", "try:\n    undefined_thing\nexcept NameError:\n    print('caught')", "caught\n"},
		{"enum", "import enum\nclass Status(str, enum.Enum):\n    active = 'active'\n    gone = 'gone'\nclass N(enum.Enum):\n    a = enum.auto()\n    b = enum.auto()\nprint([m.name for m in Status], Status.active.value, Status('gone').name, N.b.value, Status.active == 'active')", "['active', 'gone'] active gone 2 True\n"},
		{"typing", "from typing import Optional, List\nprint(Optional[int], List[str], int | None)", "int | None typing.List[str] int | None\n"},
		{"os path", "import os\nbase = os.path.abspath(os.path.dirname(__file__))\nprint(base, os.path.join(base, 'app.db'), os.environ.get('X'), os.getenv('Y', 'd'))", "/project /project/app.db None d\n"},
		{"pathlib", "from pathlib import Path\nprint(Path(__file__).resolve().parent / 'x.db')", "/project/x.db\n"},
		{"lambda sorted", "print(sorted(['bb', 'a', 'ccc'], key=lambda s: -len(s)), max([3, 1, 2]), min('ba'))", "['ccc', 'bb', 'a'] 3 a\n"},
		{"unpack", "a, (b, *c) = 1, (2, 3, 4)\nprint(a, b, c)", "1 2 [3, 4]\n"},
		{"dict methods", "d = {'a': 1}\nd.setdefault('b', 2)\nd.update(c=3)\nprint(list(d.items()), d.get('z', 0), d.pop('a'), d)", "[('a', 1), ('b', 2), ('c', 3)] 0 1 {'b': 2, 'c': 3}\n"},
		{"with", "class CM:\n    def __enter__(self):\n        print('enter')\n        return 5\n    def __exit__(self, t, v, tb):\n        print('exit', t is not None)\n        return True\nwith CM() as x:\n    print(x)\n    raise ValueError()\nprint('after')", "enter\n5\nexit True\nafter\n"},
		{"conditional walrus", "print('y' if 1 else 'n', (n := 5) + 1, n)", "y 6 5\n"},
		{"global", "count = 0\ndef bump():\n    global count\n    count += 1\nbump(); bump()\nprint(count)", "2\n"},
		{"async", "import asyncio\nasync def f():\n    return 3\nasync def main():\n    return await f() + 1\nprint(asyncio.run(main()))", "4\n"},
		{"long chain", "x = " + strings.Repeat("1 + ", 5000) + "1\nprint(x)", "5001\n"},
		{"type checking", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from nowhere import Thing\nprint('ok')", "ok\n"},
		{"project import", "from pkg import helper\nfrom pkg.sub import VALUE\nimport pkg.sub as s\nprint(helper(), VALUE, s.VALUE)", "helped 42 42\n"},
	}
	files := mapFinder{
		"pkg/__init__.py": "from .util import helper\n",
		"pkg/util.py":     "def helper():\n    return 'helped'\n",
		"pkg/sub.py":      "from . import util\nVALUE = 40 + 2\n",
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err, _ := run(t, tt.src, files, false)
			require.NoError(t, err)
			require.Equal(t, tt.want, out)
		})
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"name error", "x = 1\nprint(y)", "main.py:2:7: name 'y' is not defined"},
		{"did you mean", "value = 1\nprint(valeu)", "main.py:2:7: name 'valeu' is not defined — did you mean value?"},
		{"raise", "def check(x):\n    raise ValueError(f'bad {x}')\ncheck(3)", "main.py:2:5: ValueError: bad 3"},
		{"attribute", "import os\nos.nothing()", "main.py:2:1: module 'os' has no attribute 'nothing'"},
		{"type error", "len(3)", "main.py:1:1: object of type 'int' has no len()"},
		{"missing module", "import definitely_not_a_module", "main.py:1:8: No module named 'definitely_not_a_module'"},
		{"import name", "from pkg import helpr", "main.py:1:17: cannot import name 'helpr' from 'pkg' (pkg/__init__.py) — did you mean helper?"},
		{"recursion", "def f(n):\n    return f(n + 1)\nf(0)", "maximum recursion depth exceeded"},
		{"opaque truth", "import requests\nif requests.get('x'):\n    pass", "main.py:2:4: cannot tell whether requests.get() is true"},
		{"key error", "d = {}\nd['k']", "main.py:2:1: KeyError: 'k'"},
		{"zero division", "1 / 0", "main.py:1:1: division by zero"},
		{"unbound local", "def f():\n    print(x)\n    x = 1\nf()", "main.py:2:11: local variable 'x' referenced before assignment"},
	}
	files := mapFinder{"pkg/__init__.py": "def helper():\n    pass\n"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err, _ := run(t, tt.src, files, false)
			require.Error(t, err)
			require.Contains(t, err.Error(), tt.want)
		})
	}
}

// TestRecover: with Recover, every independent mistake of a module is
// reported once, and what follows from a reported one is not.
func TestRecover(t *testing.T) {
	src := "a = undefined_one\nb = a + 1\nc = undefined_two\nprint('reached')\n"
	out, err, in := run(t, src, nil, true)
	require.Equal(t, "reached\n", out)
	require.Error(t, err)
	errs := in.Errors()
	require.Len(t, errs, 2, errs.Error())
	require.Equal(t, "main.py:1:5: name 'undefined_one' is not defined", errs[0].Error())
	require.Equal(t, "main.py:3:5: name 'undefined_two' is not defined", errs[1].Error())
}

func TestStepLimit(t *testing.T) {
	in := interp.New(interp.Options{MaxSteps: 10000})
	_, err := in.ExecFile("__main__", "main.py", "/project/main.py", []byte("while True:\n    pass\n"))
	require.ErrorContains(t, err, "main.py:1:1: the code ran more than 10000 steps without finishing (an endless loop?): Retort stopped it")
}

func TestSideEffectsWarned(t *testing.T) {
	_, err, in := run(t, "import os\nos.system('rm -rf /')\nimport subprocess\nsubprocess.run(['x'])\n", nil, false)
	require.NoError(t, err)
	w := in.Warnings()
	require.Len(t, w, 2)
	require.Contains(t, w[0].Error(), "main.py:2:1: Retort does not run os.system()")
	require.Contains(t, w[1].Error(), "main.py:4:1: Retort does not run subprocess.run()")
}

// The interpreter prints what CPython prints for the same snippets
// (testdata/likepython.txtar, recorded with testdata/record.py).
func TestLikePython(t *testing.T) {
	data, err := os.ReadFile("testdata/likepython.txtar")
	require.NoError(t, err)
	files := map[string]string{}
	var names []string
	for _, f := range golden.Parse(string(data)).Files {
		files[f.Name] = f.Data
		if strings.HasSuffix(f.Name, ".py") {
			names = append(names, strings.TrimSuffix(f.Name, ".py"))
		}
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			var out strings.Builder
			in := interp.New(interp.Options{Stdout: &out, Known: interp.KnownOutside})
			_, err := in.ExecFile("__main__", name+".py", "/"+name+".py", []byte(files[name+".py"]))
			require.NoError(t, err)
			require.Equal(t, files[name+".out"], out.String())
		})
	}
}

// Hostile depth: a long chain of operators evaluates without recursing per
// operand, deep nesting stops with one positioned error (the parser's limit
// or RecursionError), and neither reaches a Go stack overflow.
func TestDepth(t *testing.T) {
	chain := "X = 1" + strings.Repeat("+1", 20000) + "\nprint(X)\n"
	out, err, _ := run(t, chain, nil, false)
	require.NoError(t, err)
	require.Equal(t, "20001\n", out)

	tests := []struct{ name, src, want string }{
		{"nested calls", strings.Repeat("f(", 5000) + "1" + strings.Repeat(")", 5000) + "\n", "main.py:1:"},
		{"nested lists", "x = " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n", "main.py:1:"},
		{"mutual recursion", "def a(n):\n    return b(n)\ndef b(n):\n    return a(n)\na(0)\n", "maximum recursion depth exceeded"},
		{"recursive class body", "def f():\n    class C:\n        x = f()\n    return C\nf()\n", "maximum recursion depth exceeded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err, _ := run(t, tt.src, nil, false)
			require.Error(t, err)
			require.Contains(t, err.Error(), tt.want)
		})
	}
}

// FuzzExec runs arbitrary text as a module: no panic, no hang past the step
// limit, and an error, when there is one, positioned in the file. The seeds
// are the interpreter's test programs and deep or long expressions.
func FuzzExec(f *testing.F) {
	for _, s := range []string{
		"x = 1\nprint(x + 2)",
		"def f(n):\n    return f(n + 1)\nf(0)",
		"X = 1" + strings.Repeat("+1", 2000),
		strings.Repeat("(", 200) + "1" + strings.Repeat(")", 200),
		"class A:\n    def __init__(self):\n        self.x = [i * 2 for i in range(10)]\nprint(A().x)",
		"import json, re\nprint(json.dumps(re.findall(r'\\d', 'a1b2')))",
		"try:\n    raise KeyError('k')\nexcept KeyError as e:\n    print(e)",
		"while True:\n    pass",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		in := interp.New(interp.Options{MaxSteps: 100_000, Known: interp.KnownOutside})
		_, err := in.ExecFile("__main__", "main.py", "/main.py", []byte(src))
		if err == nil {
			return
		}
		if !strings.HasPrefix(err.Error(), "main.py:") && !strings.Contains(err.Error(), "main.py:") {
			t.Fatalf("an error not positioned in the file: %v", err)
		}
	})
}
