package python

// Node is any node of the syntax tree. Pos and End are byte offsets into the source:
// the node's text is File.Source()[Pos():End()].
type Node interface {
	Pos() int
	End() int
}

// Stmt is a statement.
type Stmt interface {
	Node
	stmtNode()
}

// Expr is an expression.
type Expr interface {
	Node
	exprNode()
}

// Span is the byte range a node covers; every node embeds one.
type Span struct {
	From, To int
}

// Pos returns the offset of the node's first byte.
func (s Span) Pos() int { return s.From }

// End returns the offset just past the node's last byte.
func (s Span) End() int { return s.To }

// Module is a parsed file. Its span is the whole source.
type Module struct {
	Span
	File *File
	Body []Stmt
}

// Comment is one "#" comment; Text includes the "#" and excludes the line break.
type Comment struct {
	Span
	Text string
}

// ---- statements ----

type (
	// Import is "import a.b as c, d".
	Import struct {
		Span
		Names []*Alias
	}

	// ImportFrom is "from ..a.b import (c, d as e)". Level counts the leading dots;
	// Module is "" in "from . import x". Names holds one Alias "*" for "import *".
	ImportFrom struct {
		Span
		Module string
		Level  int
		Names  []*Alias
	}

	// Assign is "a = b = value", "a, b = value" or, with an Annotation,
	// "x: Mapped[int] = value" (one target; Value is nil in "x: int").
	Assign struct {
		Span
		Targets    []Expr
		Annotation Expr
		Value      Expr
	}

	// ExprStmt is an expression used as a statement: a call, or a docstring.
	ExprStmt struct {
		Span
		X Expr
	}

	// ClassDef is a class definition. Its span starts at its first decorator.
	ClassDef struct {
		Span
		Decorators []Expr
		Name       *Name
		TypeParams Expr // an OpaqueExpr "typeparams" for "class C[T]:", or nil
		Bases      []Expr
		Keywords   []*Keyword // metaclass=..., and **kw (Name nil)
		Body       []Stmt
	}

	// FuncDef is a function definition. Its span starts at its first decorator.
	FuncDef struct {
		Span
		Decorators []Expr
		Name       *Name
		TypeParams Expr // an OpaqueExpr "typeparams" for "def f[T]():", or nil
		Params     []*Param
		Returns    Expr // the "-> T" annotation, or nil
		Body       []Stmt
	}

	// With is "with a as b, c:".
	With struct {
		Span
		Items []*WithItem
		Body  []Stmt
	}

	// Pass is "pass".
	Pass struct {
		Span
	}

	// Return is "return" or "return value" (a Tuple for "return a, b").
	Return struct {
		Span
		Value Expr
	}

	// Opaque is valid Python the parser does not model. Kind says what it is:
	//
	//	compound statements: "if", "for", "while", "try", "match",
	//	                     "async def", "async for", "async with"
	//	simple statements:   "augassign" (x += 1), "del", "assert", "raise",
	//	                     "global", "nonlocal", "break", "continue", "type"
	//
	// A compound statement spans its whole construct (elif/else/except/finally
	// clauses included); Body holds the statements of all its blocks in order.
	Opaque struct {
		Span
		Kind string
		Body []Stmt
	}

	// BadStmt stands for a statement that has a syntax error (reported in the
	// error list); it spans the part of the source that was skipped.
	BadStmt struct {
		Span
	}
)

// Alias is one imported name: Name is dotted ("sqlalchemy.orm") in an Import and
// plain in an ImportFrom; As is nil without "as".
type Alias struct {
	Span
	Name string
	As   *Name
}

// Param is one function parameter. Star is "" for a plain parameter, "*" for *args,
// "**" for **kwargs, and "*" or "/" with a nil Name for the bare markers.
type Param struct {
	Span
	Star       string
	Name       *Name
	Annotation Expr
	Default    Expr
}

// WithItem is "expr" or "expr as target".
type WithItem struct {
	Span
	Expr Expr
	As   Expr
}

// Keyword is a keyword argument "name=value", or "**value" with a nil Name.
type Keyword struct {
	Span
	Name  *Name
	Value Expr
}

// ---- expressions ----

type (
	// Name is an identifier.
	Name struct {
		Span
		Id string
	}

	// Attribute is "X.Name".
	Attribute struct {
		Span
		X    Expr
		Name *Name
	}

	// Call is "Func(args)". Args holds the positional arguments in order, a *Starred
	// for "*args"; Keywords holds "name=value" and, with a nil Name, "**kwargs".
	Call struct {
		Span
		Func     Expr
		Args     []Expr
		Keywords []*Keyword
	}

	// Subscript is "X[Index]"; "X[a, b]" has a Tuple index, and a slice "a:b" is
	// an OpaqueExpr "slice".
	Subscript struct {
		Span
		X     Expr
		Index Expr
	}

	// Starred is "*X" in a call, a display or an assignment target.
	Starred struct {
		Span
		X Expr
	}

	// String is one string literal or several adjacent ones (implicitly concatenated).
	// Value is decoded: escapes resolved (but "\N{name}" kept as written) and line
	// breaks normalized to "\n"; raw strings keep their backslashes. For bytes, Value
	// holds the bytes. For an f-string, Value is its text with escapes decoded and the
	// replacement fields kept as written, and FString is set.
	String struct {
		Span
		Value   string
		Raw     string // the source text, quotes, prefixes and any space between parts included
		Prefix  string // the first part's prefix, lowercased: "", "r", "b", "rb", "u", "f", "rf", ...
		Bytes   bool
		FString bool // some part is an f-string (or a t-string)
	}

	// Number is a numeric literal as written: "1", "1_000", "0x1F", "2.5e-3", "1j".
	Number struct {
		Span
		Raw string
	}

	// Const is True, False, None or "..." (Ellipsis); Value holds that spelling.
	Const struct {
		Span
		Value string
	}

	// Tuple is "(a, b)" or "a, b"; the span includes the parentheses if there are any.
	Tuple struct {
		Span
		Elts []Expr
	}

	// List is "[a, b]".
	List struct {
		Span
		Elts []Expr
	}

	// Set is "{a, b}".
	Set struct {
		Span
		Elts []Expr
	}

	// Dict is "{k: v, **m}"; a nil key stands for "**m" (its value is m).
	Dict struct {
		Span
		Keys   []Expr
		Values []Expr
	}

	// UnaryOp is "-X", "+X", "~X" or "not X".
	UnaryOp struct {
		Span
		Op string
		X  Expr
	}

	// BinOp is "X Op Y" for the arithmetic and bitwise operators:
	// + - * / // % @ ** | ^ & << >>.
	BinOp struct {
		Span
		Op   string
		X, Y Expr
	}

	// BoolOp is "a and b and c" or "a or b" (one Op, two or more Values).
	BoolOp struct {
		Span
		Op     string
		Values []Expr
	}

	// Compare is a chain "X op1 Ys[0] op2 Ys[1] ..."; Ops are "==", "!=", "<", "<=",
	// ">", ">=", "in", "not in", "is", "is not".
	Compare struct {
		Span
		X   Expr
		Ops []string
		Ys  []Expr
	}

	// OpaqueExpr is a valid expression the parser does not model. Kind is one of
	// "lambda", "comprehension" (list, set and dict comprehensions and generator
	// expressions), "conditional" (a if c else b), "walrus" (n := v), "await",
	// "yield", "slice" (in a subscript) and "typeparams" (the [T] of a generic def).
	OpaqueExpr struct {
		Span
		Kind string
	}
)

func (*Import) stmtNode()     {}
func (*ImportFrom) stmtNode() {}
func (*Assign) stmtNode()     {}
func (*ExprStmt) stmtNode()   {}
func (*ClassDef) stmtNode()   {}
func (*FuncDef) stmtNode()    {}
func (*With) stmtNode()       {}
func (*Pass) stmtNode()       {}
func (*Return) stmtNode()     {}
func (*Opaque) stmtNode()     {}
func (*BadStmt) stmtNode()    {}

func (*Name) exprNode()       {}
func (*Attribute) exprNode()  {}
func (*Call) exprNode()       {}
func (*Subscript) exprNode()  {}
func (*Starred) exprNode()    {}
func (*String) exprNode()     {}
func (*Number) exprNode()     {}
func (*Const) exprNode()      {}
func (*Tuple) exprNode()      {}
func (*List) exprNode()       {}
func (*Set) exprNode()        {}
func (*Dict) exprNode()       {}
func (*UnaryOp) exprNode()    {}
func (*BinOp) exprNode()      {}
func (*BoolOp) exprNode()     {}
func (*Compare) exprNode()    {}
func (*OpaqueExpr) exprNode() {}
