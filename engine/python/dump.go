package python

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// Dump renders the tree rooted at n as indented text, one node per line with its
// span as line:col-line:col and its non-empty fields: for golden tests and for
// debugging.
func Dump(f *File, n Node) string {
	var b strings.Builder
	dumpNode(&b, f, "", n, 0)
	return b.String()
}

var (
	nodeType = reflect.TypeFor[Node]()
	spanType = reflect.TypeFor[Span]()
)

func dumpNode(b *strings.Builder, f *File, label string, n Node, depth int) {
	v := reflect.ValueOf(n)
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	b.WriteString(strings.Repeat("  ", depth))
	b.WriteString(label)
	from, to := f.Position(n.Pos()), f.Position(n.End())
	fmt.Fprintf(b, "%s %d:%d-%d:%d", v.Type().Name(), from.Line, from.Column, to.Line, to.Column)
	type child struct {
		label string
		n     Node
	}
	var children []child
	for i := 0; i < v.NumField(); i++ {
		fv, ft := v.Field(i), v.Type().Field(i)
		if ft.Type == spanType || !ft.IsExported() {
			continue
		}
		switch {
		case ft.Type.Implements(nodeType):
			if !fv.IsNil() {
				children = append(children, child{ft.Name + ": ", fv.Interface().(Node)})
			}
		case fv.Kind() == reflect.Slice && ft.Type.Elem().Implements(nodeType):
			for j := 0; j < fv.Len(); j++ {
				e := fv.Index(j)
				if e.IsNil() {
					children = append(children, child{fmt.Sprintf("%s[%d]: nil", ft.Name, j), nil})
					continue
				}
				children = append(children, child{fmt.Sprintf("%s[%d]: ", ft.Name, j), e.Interface().(Node)})
			}
		case fv.Kind() == reflect.String:
			if fv.String() != "" {
				fmt.Fprintf(b, " %s=%s", ft.Name, strconv.Quote(fv.String()))
			}
		case fv.Kind() == reflect.Uint8: // FormattedValue.Conversion
			if fv.Uint() != 0 {
				fmt.Fprintf(b, " %s=%s", ft.Name, strconv.QuoteRune(rune(fv.Uint())))
			}
		case fv.Kind() == reflect.Int:
			if fv.Int() != 0 {
				fmt.Fprintf(b, " %s=%d", ft.Name, fv.Int())
			}
		case fv.Kind() == reflect.Bool:
			if fv.Bool() {
				fmt.Fprintf(b, " %s", ft.Name)
			}
		case fv.Kind() == reflect.Slice && ft.Type.Elem().Kind() == reflect.String:
			q := make([]string, fv.Len())
			for j := range q {
				q[j] = strconv.Quote(fv.Index(j).String())
			}
			fmt.Fprintf(b, " %s=[%s]", ft.Name, strings.Join(q, " "))
		}
	}
	b.WriteByte('\n')
	for _, c := range children {
		if c.n == nil {
			b.WriteString(strings.Repeat("  ", depth+1) + c.label + "\n")
			continue
		}
		dumpNode(b, f, c.label, c.n, depth+1)
	}
}
