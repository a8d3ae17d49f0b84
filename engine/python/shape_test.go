package python

import (
	"fmt"
	"strconv"
	"strings"
)

// shape renders a node as a compact S-expression without positions, so that the
// tests can say what tree a snippet gives in one line.
func shape(n Node) string {
	var b strings.Builder
	writeShape(&b, n)
	return b.String()
}

func shapes[T Node](ns []T) string {
	var parts []string
	for _, n := range ns {
		parts = append(parts, shape(n))
	}
	return strings.Join(parts, " ")
}

func writeShape(b *strings.Builder, n Node) {
	w := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	switch n := n.(type) {
	case nil:
		w("nil")
	case *Module:
		w("%s", shapes(n.Body))
	case *Name:
		if n == nil {
			w("nil")
			return
		}
		w("%s", n.Id)
	case *Attribute:
		w("(. %s %s)", shape(n.X), n.Name.Id)
	case *Call:
		w("(call %s", shape(n.Func))
		for _, a := range n.Args {
			w(" %s", shape(a))
		}
		for _, k := range n.Keywords {
			w(" %s", shape(k))
		}
		w(")")
	case *Keyword:
		if n.Name == nil {
			w("**%s", shape(n.Value))
		} else {
			w("%s=%s", n.Name.Id, shape(n.Value))
		}
	case *Subscript:
		w("(idx %s %s)", shape(n.X), shape(n.Index))
	case *Starred:
		w("*%s", shape(n.X))
	case *String:
		w("%s%s", n.Prefix, strconv.Quote(n.Value))
	case *Number:
		w("%s", n.Raw)
	case *Const:
		w("%s", n.Value)
	case *Tuple:
		w("(tuple%s)", prefixSpace(shapes(n.Elts)))
	case *List:
		w("[%s]", shapes(n.Elts))
	case *Set:
		w("(set %s)", shapes(n.Elts))
	case *Dict:
		w("{")
		for i := range n.Keys {
			if i > 0 {
				w(" ")
			}
			if n.Keys[i] == nil {
				w("**%s", shape(n.Values[i]))
			} else {
				w("%s:%s", shape(n.Keys[i]), shape(n.Values[i]))
			}
		}
		w("}")
	case *UnaryOp:
		w("(%s %s)", n.Op, shape(n.X))
	case *BinOp:
		w("(%s %s %s)", n.Op, shape(n.X), shape(n.Y))
	case *BoolOp:
		w("(%s %s)", n.Op, shapes(n.Values))
	case *Compare:
		w("(cmp %s", shape(n.X))
		for i := range n.Ops {
			w(" %s %s", n.Ops[i], shape(n.Ys[i]))
		}
		w(")")
	case *OpaqueExpr:
		w("<%s>", n.Kind)
	case *FormattedValue:
		w("{%s", shape(n.X))
		if n.Debug != "" {
			w(" debug=%q", n.Debug)
		}
		if n.Conversion != 0 {
			w("!%c", n.Conversion)
		}
		if n.Spec != nil {
			w(":%s", shapes(n.Spec))
		}
		w("}")
	case *Lambda:
		w("(lambda (%s) %s)", shapes(n.Params), shape(n.Body))
	case *IfExp:
		w("(? %s %s %s)", shape(n.Test), shape(n.Body), shape(n.Else))
	case *Comprehension:
		if n.Kind == "dict" {
			w("(dictcomp %s:%s", shape(n.Key), shape(n.Value))
		} else {
			w("(%scomp %s", n.Kind, shape(n.Elt))
		}
		w(" %s)", shapes(n.Fors))
	case *CompFor:
		if n.Async {
			w("(async for %s in %s", shape(n.Target), shape(n.Iter))
		} else {
			w("(for %s in %s", shape(n.Target), shape(n.Iter))
		}
		for _, c := range n.Ifs {
			w(" if %s", shape(c))
		}
		w(")")
	case *Slice:
		part := func(x Expr) string {
			if x == nil {
				return "_"
			}
			return shape(x)
		}
		w("(slice %s %s %s)", part(n.Lo), part(n.Hi), part(n.Step))
	case *NamedExpr:
		w("(:= %s %s)", shape(n.Target), shape(n.Value))
	case *Await:
		w("(await %s)", shape(n.X))
	case *Yield:
		switch {
		case n.From:
			w("(yield-from %s)", shape(n.X))
		case n.X == nil:
			w("(yield)")
		default:
			w("(yield %s)", shape(n.X))
		}
	case *Assign:
		if n.Annotation != nil {
			w("(: %s %s", shape(n.Targets[0]), shape(n.Annotation))
			if n.Value != nil {
				w(" %s", shape(n.Value))
			}
			w(")")
			return
		}
		w("(= %s %s)", shapes(n.Targets), shape(n.Value))
	case *ExprStmt:
		w("%s", shape(n.X))
	case *Import:
		w("(import%s)", prefixSpace(shapes(n.Names)))
	case *ImportFrom:
		w("(from %s%s import%s)", strings.Repeat(".", n.Level), n.Module, prefixSpace(shapes(n.Names)))
	case *Alias:
		w("%s", n.Name)
		if n.As != nil {
			w(" as %s", n.As.Id)
		}
	case *ClassDef:
		w("(class %s", n.Name.Id)
		for _, d := range n.Decorators {
			w(" @%s", shape(d))
		}
		if n.TypeParams != nil {
			w(" %s", shape(n.TypeParams))
		}
		w(" (%s)", strings.TrimSpace(shapes(n.Bases)+" "+shapes(n.Keywords)))
		w("%s)", prefixSpace(shapes(n.Body)))
	case *FuncDef:
		if n.Async {
			w("(async ")
		} else {
			w("(")
		}
		w("def %s", n.Name.Id)
		for _, d := range n.Decorators {
			w(" @%s", shape(d))
		}
		if n.TypeParams != nil {
			w(" %s", shape(n.TypeParams))
		}
		w(" (%s)", shapes(n.Params))
		if n.Returns != nil {
			w(" -> %s", shape(n.Returns))
		}
		w("%s)", prefixSpace(shapes(n.Body)))
	case *Param:
		w("%s", n.Star)
		if n.Name != nil {
			w("%s", n.Name.Id)
		}
		if n.Annotation != nil {
			w(":%s", shape(n.Annotation))
		}
		if n.Default != nil {
			w("=%s", shape(n.Default))
		}
	case *With:
		if n.Async {
			w("(async with")
		} else {
			w("(with")
		}
		for _, it := range n.Items {
			w(" %s", shape(it))
		}
		w("%s)", prefixSpace(shapes(n.Body)))
	case *WithItem:
		if n.As == nil {
			w("%s", shape(n.Expr))
		} else {
			w("(%s as %s)", shape(n.Expr), shape(n.As))
		}
	case *Pass:
		w("pass")
	case *Return:
		if n.Value == nil {
			w("(return)")
		} else {
			w("(return %s)", shape(n.Value))
		}
	case *Opaque:
		w("<%s%s>", n.Kind, prefixSpace(shapes(n.Body)))
	case *If:
		w("(if %s%s%s)", shape(n.Test), prefixSpace(shapes(n.Body)), elseShape("else", n.Else))
	case *For:
		if n.Async {
			w("(async ")
		} else {
			w("(")
		}
		w("for %s in %s%s%s)", shape(n.Target), shape(n.Iter), prefixSpace(shapes(n.Body)), elseShape("else", n.Else))
	case *While:
		w("(while %s%s%s)", shape(n.Test), prefixSpace(shapes(n.Body)), elseShape("else", n.Else))
	case *Try:
		if n.Star {
			w("(try*%s", prefixSpace(shapes(n.Body)))
		} else {
			w("(try%s", prefixSpace(shapes(n.Body)))
		}
		for _, h := range n.Handlers {
			w(" %s", shape(h))
		}
		w("%s%s)", elseShape("else", n.Else), elseShape("finally", n.Finally))
	case *ExceptHandler:
		w("(except")
		if n.Type != nil {
			w(" %s", shape(n.Type))
		}
		if n.Name != nil {
			w(" as %s", n.Name.Id)
		}
		w("%s)", prefixSpace(shapes(n.Body)))
	case *Raise:
		w("(raise")
		if n.Exc != nil {
			w(" %s", shape(n.Exc))
		}
		if n.Cause != nil {
			w(" from %s", shape(n.Cause))
		}
		w(")")
	case *AugAssign:
		w("(%s= %s %s)", n.Op, shape(n.Target), shape(n.Value))
	case *Delete:
		w("(del %s)", shapes(n.Targets))
	case *Assert:
		if n.Msg != nil {
			w("(assert %s %s)", shape(n.Test), shape(n.Msg))
		} else {
			w("(assert %s)", shape(n.Test))
		}
	case *Break:
		w("break")
	case *Continue:
		w("continue")
	case *Global:
		w("(global %s)", shapes(n.Names))
	case *Nonlocal:
		w("(nonlocal %s)", shapes(n.Names))
	case *BadStmt:
		w("<bad>")
	default:
		w("?%T", n)
	}
}

// elseShape renders an else or finally block, if there is one.
func elseShape(kw string, body []Stmt) string {
	if body == nil {
		return ""
	}
	return " " + kw + " " + shapes(body)
}

func prefixSpace(s string) string {
	if s == "" {
		return ""
	}
	return " " + s
}
