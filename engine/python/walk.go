package python

import (
	"strconv"
	"strings"
)

// DottedName returns "a.b.c" for a Name or a chain of Attributes on a Name
// (sa.Column, sqlalchemy.orm.Mapped), and false for any other expression.
func DottedName(x Expr) (string, bool) {
	var parts []string
	for {
		switch e := x.(type) {
		case *Name:
			parts = append(parts, e.Id)
			for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
				parts[i], parts[j] = parts[j], parts[i]
			}
			return strings.Join(parts, "."), true
		case *Attribute:
			parts = append(parts, e.Name.Id)
			x = e.X
		default:
			return "", false
		}
	}
}

// Docstring returns the docstring of a module, class or function body: its first
// statement when that is a plain (not bytes, not f-) string literal; nil otherwise.
func Docstring(body []Stmt) *String {
	if len(body) == 0 {
		return nil
	}
	if e, ok := body[0].(*ExprStmt); ok {
		if s, ok := e.X.(*String); ok && !s.Bytes && !s.FString {
			return s
		}
	}
	return nil
}

// Int returns the value of an integer literal ("42", "1_000", "0x1F", "0o17",
// "0b101"), and false for floats, imaginary numbers and values beyond int64.
func (n *Number) Int() (int64, bool) {
	s := strings.ReplaceAll(strings.ToLower(n.Raw), "_", "")
	base := 10
	if len(s) > 2 && s[0] == '0' {
		switch s[1] {
		case 'x':
			base = 16
		case 'o':
			base = 8
		case 'b':
			base = 2
		}
		if base != 10 {
			s = s[2:]
		}
	}
	v, err := strconv.ParseInt(s, base, 64)
	if err != nil {
		return 0, false
	}
	return v, true
}

// Inspect walks the tree rooted at n in source order: it calls f(node) and, when f
// returns true, walks the node's children. Nil children are skipped.
func Inspect(n Node, f func(Node) bool) {
	if n == nil || !f(n) {
		return
	}
	exprs := func(xs []Expr) {
		for _, x := range xs {
			if x != nil {
				Inspect(x, f)
			}
		}
	}
	stmts := func(ss []Stmt) {
		for _, s := range ss {
			Inspect(s, f)
		}
	}
	expr := func(x Expr) {
		if x != nil {
			Inspect(x, f)
		}
	}
	name := func(x *Name) {
		if x != nil {
			Inspect(x, f)
		}
	}
	keywords := func(ks []*Keyword) {
		for _, k := range ks {
			Inspect(k, f)
		}
	}
	switch n := n.(type) {
	case *Module:
		stmts(n.Body)
	case *Import:
		for _, a := range n.Names {
			Inspect(a, f)
		}
	case *ImportFrom:
		for _, a := range n.Names {
			Inspect(a, f)
		}
	case *Alias:
		name(n.As)
	case *Assign:
		exprs(n.Targets)
		expr(n.Annotation)
		expr(n.Value)
	case *ExprStmt:
		expr(n.X)
	case *ClassDef:
		exprs(n.Decorators)
		name(n.Name)
		expr(n.TypeParams)
		exprs(n.Bases)
		keywords(n.Keywords)
		stmts(n.Body)
	case *FuncDef:
		exprs(n.Decorators)
		name(n.Name)
		expr(n.TypeParams)
		for _, p := range n.Params {
			Inspect(p, f)
		}
		expr(n.Returns)
		stmts(n.Body)
	case *Param:
		name(n.Name)
		expr(n.Annotation)
		expr(n.Default)
	case *With:
		for _, it := range n.Items {
			Inspect(it, f)
		}
		stmts(n.Body)
	case *WithItem:
		expr(n.Expr)
		expr(n.As)
	case *Return:
		expr(n.Value)
	case *If:
		expr(n.Test)
		stmts(n.Body)
		stmts(n.Else)
	case *For:
		expr(n.Target)
		expr(n.Iter)
		stmts(n.Body)
		stmts(n.Else)
	case *While:
		expr(n.Test)
		stmts(n.Body)
		stmts(n.Else)
	case *Try:
		stmts(n.Body)
		for _, h := range n.Handlers {
			Inspect(h, f)
		}
		stmts(n.Else)
		stmts(n.Finally)
	case *ExceptHandler:
		expr(n.Type)
		name(n.Name)
		stmts(n.Body)
	case *Raise:
		expr(n.Exc)
		expr(n.Cause)
	case *AugAssign:
		expr(n.Target)
		expr(n.Value)
	case *Delete:
		exprs(n.Targets)
	case *Assert:
		expr(n.Test)
		expr(n.Msg)
	case *Global:
		for _, x := range n.Names {
			name(x)
		}
	case *Nonlocal:
		for _, x := range n.Names {
			name(x)
		}
	case *Opaque:
		stmts(n.Body)
	case *Keyword:
		name(n.Name)
		expr(n.Value)
	case *Attribute:
		expr(n.X)
		name(n.Name)
	case *Call:
		expr(n.Func)
		// Positional and keyword arguments may interleave (f(a, k=1, *b)): walk them
		// in source order.
		i, j := 0, 0
		for i < len(n.Args) || j < len(n.Keywords) {
			if j == len(n.Keywords) || i < len(n.Args) && n.Args[i].Pos() < n.Keywords[j].Pos() {
				Inspect(n.Args[i], f)
				i++
			} else {
				Inspect(n.Keywords[j], f)
				j++
			}
		}
	case *Subscript:
		expr(n.X)
		expr(n.Index)
	case *Starred:
		expr(n.X)
	case *Tuple:
		exprs(n.Elts)
	case *List:
		exprs(n.Elts)
	case *Set:
		exprs(n.Elts)
	case *Dict:
		for i := range n.Keys {
			expr(n.Keys[i])
			expr(n.Values[i])
		}
	case *UnaryOp:
		expr(n.X)
	case *BinOp:
		expr(n.X)
		expr(n.Y)
	case *BoolOp:
		exprs(n.Values)
	case *Compare:
		expr(n.X)
		exprs(n.Ys)
	case *String:
		exprs(n.Parts)
	case *FormattedValue:
		expr(n.X)
		exprs(n.Spec)
	case *Lambda:
		for _, p := range n.Params {
			Inspect(p, f)
		}
		expr(n.Body)
	case *IfExp:
		expr(n.Body) // source order: Body if Test else Else
		expr(n.Test)
		expr(n.Else)
	case *Comprehension:
		expr(n.Elt)
		expr(n.Key)
		expr(n.Value)
		for _, c := range n.Fors {
			Inspect(c, f)
		}
	case *CompFor:
		expr(n.Target)
		expr(n.Iter)
		exprs(n.Ifs)
	case *Slice:
		expr(n.Lo)
		expr(n.Hi)
		expr(n.Step)
	case *NamedExpr:
		name(n.Target)
		expr(n.Value)
	case *Await:
		expr(n.X)
	case *Yield:
		expr(n.X)
	}
}
