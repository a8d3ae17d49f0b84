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

	// FuncDef is a function definition ("async def" when Async is set). Its span
	// starts at its first decorator.
	FuncDef struct {
		Span
		Async      bool
		Decorators []Expr
		Name       *Name
		TypeParams Expr // an OpaqueExpr "typeparams" for "def f[T]():", or nil
		Params     []*Param
		Returns    Expr // the "-> T" annotation, or nil
		Body       []Stmt
	}

	// With is "with a as b, c:" ("async with" when Async is set; the span then
	// starts at "async").
	With struct {
		Span
		Async bool
		Items []*WithItem
		Body  []Stmt
	}

	// If is "if Test: Body else: Else". An "elif" clause is an Else holding exactly
	// one *If, whose span runs from "elif" to the end of the whole statement.
	If struct {
		Span
		Test Expr
		Body []Stmt
		Else []Stmt
	}

	// For is "for Target in Iter: Body else: Else" ("async for" when Async is set;
	// the span then starts at "async"). Target is a Tuple in "for a, b in c".
	For struct {
		Span
		Async  bool
		Target Expr
		Iter   Expr
		Body   []Stmt
		Else   []Stmt
	}

	// While is "while Test: Body else: Else".
	While struct {
		Span
		Test Expr
		Body []Stmt
		Else []Stmt
	}

	// Try is "try: Body", its except clauses (Handlers), "else: Else" and
	// "finally: Finally". Star is set when the clauses are "except*".
	Try struct {
		Span
		Body     []Stmt
		Handlers []*ExceptHandler
		Else     []Stmt
		Finally  []Stmt
		Star     bool
	}

	// Raise is "raise", "raise Exc" or "raise Exc from Cause".
	Raise struct {
		Span
		Exc   Expr // nil in a bare "raise"
		Cause Expr // nil without "from"
	}

	// AugAssign is "Target Op= Value"; Op is the operator without its "=": "+", "-",
	// "*", "/", "//", "%", "**", "@", "|", "&", "^", "<<" or ">>".
	AugAssign struct {
		Span
		Target Expr
		Op     string
		Value  Expr
	}

	// Delete is "del a, b[0]".
	Delete struct {
		Span
		Targets []Expr
	}

	// Assert is "assert Test" or "assert Test, Msg".
	Assert struct {
		Span
		Test Expr
		Msg  Expr // nil without a message
	}

	// Break is "break". The parser accepts it anywhere: a "break" outside a loop is
	// for the interpreter to report.
	Break struct {
		Span
	}

	// Continue is "continue", accepted anywhere as Break is.
	Continue struct {
		Span
	}

	// Global is "global a, b".
	Global struct {
		Span
		Names []*Name
	}

	// Nonlocal is "nonlocal a, b".
	Nonlocal struct {
		Span
		Names []*Name
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
	// "match" (a match statement, which spans all its case clauses; Body holds the
	// statements of all of them in order) or "type" (the alias statement
	// "type X = int").
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

// ExceptHandler is one "except Type as Name: Body" clause of a Try (or "except*"),
// from "except" to the end of its block.
type ExceptHandler struct {
	Span
	Type Expr  // nil in a bare "except:"; a Tuple in "except (A, B):"
	Name *Name // nil without "as"
	Body []Stmt
}

// CompFor is one "for Target in Iter if Ifs[0] if Ifs[1] ..." clause of a
// comprehension ("async for" when Async is set), from "for" (or "async") to the
// end of its last condition.
type CompFor struct {
	Span
	Async  bool
	Target Expr
	Iter   Expr
	Ifs    []Expr
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

	// Subscript is "X[Index]"; "X[a, b]" has a Tuple index, and "X[a:b]" a Slice
	// (which may also be an element of the Tuple: "X[1:2, ::3]").
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
	//
	// When FString is set, Parts holds what the string is made of, in order: a
	// *String for each run of literal text (its Value decoded as above, "{{" and
	// "}}" read as "{" and "}"; adjacent plain literals and f-string text merge into
	// one run, which spans their source text; empty runs are left out) and a
	// *FormattedValue for each replacement field. Parts is nil for other strings.
	String struct {
		Span
		Value   string
		Raw     string // the source text, quotes, prefixes and any space between parts included
		Prefix  string // the first part's prefix, lowercased: "", "r", "b", "rb", "u", "f", "rf", ...
		Bytes   bool
		FString bool   // some part is an f-string (or a t-string)
		Parts   []Expr // for an f-string: *String and *FormattedValue
	}

	// FormattedValue is one replacement field "{X!c:spec}" of an f-string, from its
	// "{" to its "}". X is at its true offsets in the file.
	//
	// Conversion is 'r', 's' or 'a' for "!r", "!s", "!a", and 0 without one; as in
	// Python's ast, a self-documenting field ("{x=}") without a conversion and
	// without a format spec has Conversion 'r'. Spec holds the parts of the format
	// spec after ":" (*String and nested *FormattedValue), nil when there is none or
	// it is empty. Debug is, for a self-documenting field, the text the value is
	// printed after: the expression as written with the "=" and the spaces around
	// it ("x=" in "{x=}", " x = " in "{ x = }"); it is "" otherwise.
	FormattedValue struct {
		Span
		X          Expr
		Conversion byte
		Spec       []Expr
		Debug      string
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

	// Lambda is "lambda Params: Body". Its Params have no annotations.
	Lambda struct {
		Span
		Params []*Param
		Body   Expr
	}

	// IfExp is the conditional expression "Body if Test else Else".
	IfExp struct {
		Span
		Test Expr
		Body Expr
		Else Expr
	}

	// Comprehension is a list, set or dict comprehension or a generator expression.
	// Kind is "list" ([Elt for ...]), "set" ({Elt for ...}), "dict" ({Key: Value
	// for ...}; Elt is nil) or "generator" ((Elt for ...)). Fors holds the "for"
	// clauses in order, each with the "if" conditions that follow it. The span
	// includes the brackets; a generator expression that is the only argument of a
	// call (sum(x for x in y)) has no parentheses of its own and spans from its Elt
	// to its last clause.
	Comprehension struct {
		Span
		Kind       string
		Elt        Expr
		Key, Value Expr
		Fors       []*CompFor
	}

	// Slice is "Lo:Hi" or "Lo:Hi:Step" in a subscript; each part may be nil
	// ("a[:]", "a[::2]"). It spans from its first part or colon to its last.
	Slice struct {
		Span
		Lo, Hi, Step Expr
	}

	// NamedExpr is the assignment expression "Target := Value".
	NamedExpr struct {
		Span
		Target *Name
		Value  Expr
	}

	// Await is "await X".
	Await struct {
		Span
		X Expr
	}

	// Yield is "yield", "yield X" (X a Tuple for "yield a, b") or, with From,
	// "yield from X". X is nil in a bare "yield". A parenthesized "(yield x)" has
	// the span of what is inside the parentheses.
	Yield struct {
		Span
		X    Expr
		From bool
	}

	// OpaqueExpr is a valid expression the parser does not model. Its Kind is
	// "typeparams": the [T, *Ts, **P] of a generic def, class or type alias.
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
func (*If) stmtNode()         {}
func (*For) stmtNode()        {}
func (*While) stmtNode()      {}
func (*Try) stmtNode()        {}
func (*Raise) stmtNode()      {}
func (*AugAssign) stmtNode()  {}
func (*Delete) stmtNode()     {}
func (*Assert) stmtNode()     {}
func (*Break) stmtNode()      {}
func (*Continue) stmtNode()   {}
func (*Global) stmtNode()     {}
func (*Nonlocal) stmtNode()   {}
func (*Opaque) stmtNode()     {}
func (*BadStmt) stmtNode()    {}

func (*Name) exprNode()           {}
func (*Attribute) exprNode()      {}
func (*Call) exprNode()           {}
func (*Subscript) exprNode()      {}
func (*Starred) exprNode()        {}
func (*String) exprNode()         {}
func (*Number) exprNode()         {}
func (*Const) exprNode()          {}
func (*Tuple) exprNode()          {}
func (*List) exprNode()           {}
func (*Set) exprNode()            {}
func (*Dict) exprNode()           {}
func (*UnaryOp) exprNode()        {}
func (*BinOp) exprNode()          {}
func (*BoolOp) exprNode()         {}
func (*Compare) exprNode()        {}
func (*FormattedValue) exprNode() {}
func (*Lambda) exprNode()         {}
func (*IfExp) exprNode()          {}
func (*Comprehension) exprNode()  {}
func (*Slice) exprNode()          {}
func (*NamedExpr) exprNode()      {}
func (*Await) exprNode()          {}
func (*Yield) exprNode()          {}
func (*OpaqueExpr) exprNode()     {}
