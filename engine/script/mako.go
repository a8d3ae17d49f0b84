package script

import (
	"retort/engine/python"

	"errors"
	"fmt"
	"html"
	"net/url"
	"strconv"
	"strings"
)

// This file implements the subset of Mako that Alembic's script.py.mako
// templates use: ${expression | filters}, control lines (% if / elif / else /
// endif, % for / endfor), ## comments, %% escapes, backslash-newline joins,
// <%! ... %> module blocks (ignored), <%doc> and <%text> sections. Expressions
// are the small Python subset the templates write: names, string and number
// literals, None/True/False, calls of repr/str/len/bool and the template's own
// functions (comma), x if c else y, and/or/not, ==/!=/is/in, attribute calls
// join/strip/lower/upper on strings, parentheses.

// ErrTemplate is wrapped by every template error.
var ErrTemplate = errors.New("script.py.mako")

// pyNone is Python's None in template values.
type pyNoneT struct{}

var pyNone = pyNoneT{}

// pySeq is a Python tuple or list of values.
type pySeq struct {
	items []any
	list  bool
}

// pyFunc is a callable the template can use.
type pyFunc func(args []any) (any, error)

// tmplNode is one piece of a parsed template.
type tmplNode interface{}

type textNode string

type exprNode struct {
	expr    string
	filters []string
	line    int
}

type ifNode struct {
	conds  []string // one per branch; "" for else
	bodies [][]tmplNode
	lines  []int
}

type forNode struct {
	target string
	iter   string
	body   []tmplNode
	line   int
}

// renderTemplate renders a Mako template with the given variables.
func renderTemplate(tmpl string, vars map[string]any) (string, error) {
	nodes, err := parseTemplate(tmpl)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := execNodes(&b, nodes, vars); err != nil {
		return "", err
	}
	return b.String(), nil
}

type tmplFrame struct {
	kind  string // "root", "if", "for"
	nodes *[]tmplNode
	ifn   *ifNode
	forn  *forNode
	line  int
}

func tmplErr(line int, format string, args ...any) error {
	return fmt.Errorf("%w:%d: %s", ErrTemplate, line, fmt.Sprintf(format, args...))
}

func parseTemplate(src string) ([]tmplNode, error) {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	var root []tmplNode
	stack := []*tmplFrame{{kind: "root", nodes: &root}}
	top := func() *tmplFrame { return stack[len(stack)-1] }
	emit := func(n tmplNode) { f := top(); *f.nodes = append(*f.nodes, n) }
	emitText := func(s string) {
		if s == "" {
			return
		}
		f := top()
		if k := len(*f.nodes); k > 0 {
			if t, ok := (*f.nodes)[k-1].(textNode); ok {
				(*f.nodes)[k-1] = t + textNode(s)
				return
			}
		}
		emit(textNode(s))
	}

	line := 1
	pos := 0
	atLineStart := true
	for pos < len(src) {
		if atLineStart {
			end := strings.IndexByte(src[pos:], '\n')
			var ln string
			next := len(src)
			if end >= 0 {
				ln = src[pos : pos+end]
				next = pos + end + 1
			} else {
				ln = src[pos:]
			}
			trimmed := strings.TrimLeft(ln, " \t")
			switch {
			case strings.HasPrefix(trimmed, "%%"):
				// An escaped percent sign: the line is text with one % fewer.
				lead := ln[:len(ln)-len(trimmed)]
				emitText(lead)
				pos += len(lead) + 1
				atLineStart = false
				continue
			case strings.HasPrefix(trimmed, "##"):
				pos = next
				line++
				continue
			case strings.HasPrefix(trimmed, "%"):
				if err := controlLine(strings.TrimSpace(trimmed[1:]), line, &stack); err != nil {
					return nil, err
				}
				pos = next
				line++
				continue
			}
			atLineStart = false
		}
		c := src[pos]
		switch {
		case c == '\n':
			emitText("\n")
			pos++
			line++
			atLineStart = true
		case c == '\\' && pos+1 < len(src) && src[pos+1] == '\n':
			pos += 2
			line++
			atLineStart = true
		case strings.HasPrefix(src[pos:], "${"):
			end, err := matchExprEnd(src, pos+2, line)
			if err != nil {
				return nil, err
			}
			body := src[pos+2 : end]
			expr, filters := splitFilters(body)
			if strings.TrimSpace(expr) == "" {
				return nil, tmplErr(line, "empty expression ${}")
			}
			emit(exprNode{expr: expr, filters: filters, line: line})
			line += strings.Count(body, "\n")
			pos = end + 1
		case strings.HasPrefix(src[pos:], "<%text>"):
			end := strings.Index(src[pos:], "</%text>")
			if end < 0 {
				return nil, tmplErr(line, "<%%text> is not closed")
			}
			raw := src[pos+len("<%text>") : pos+end]
			emitText(raw)
			line += strings.Count(raw, "\n")
			pos += end + len("</%text>")
		case strings.HasPrefix(src[pos:], "<%doc>"):
			end := strings.Index(src[pos:], "</%doc>")
			if end < 0 {
				return nil, tmplErr(line, "<%%doc> is not closed")
			}
			line += strings.Count(src[pos:pos+end], "\n")
			pos += end + len("</%doc>")
		case strings.HasPrefix(src[pos:], "<%!"):
			// A module-level block (<%! import re %>): Python that only the
			// template's own code would use; nothing here needs it.
			end := strings.Index(src[pos:], "%>")
			if end < 0 {
				return nil, tmplErr(line, "<%%! is not closed")
			}
			line += strings.Count(src[pos:pos+end], "\n")
			pos += end + 2
		case strings.HasPrefix(src[pos:], "<%") && pos+2 < len(src) && (src[pos+2] == ' ' || src[pos+2] == '\n' || src[pos+2] == '\t'):
			end := strings.Index(src[pos:], "%>")
			if end < 0 {
				return nil, tmplErr(line, "<%% is not closed")
			}
			if strings.TrimSpace(src[pos+2:pos+end]) != "" {
				return nil, tmplErr(line, "<%% python blocks %%> are not supported in script.py.mako")
			}
			line += strings.Count(src[pos:pos+end], "\n")
			pos += end + 2
		default:
			// Copy plain text up to the next character that may start something.
			next := pos + 1
			for next < len(src) && !strings.ContainsRune("\n\\$<", rune(src[next])) {
				next++
			}
			emitText(src[pos:next])
			pos = next
		}
	}
	if len(stack) > 1 {
		f := top()
		return nil, tmplErr(f.line, "%% %s is not closed (%% end%s missing)", f.kind, f.kind)
	}
	return root, nil
}

// controlLine handles a "% keyword ..." line.
func controlLine(stmt string, line int, stack *[]*tmplFrame) error {
	top := (*stack)[len(*stack)-1]
	word := stmt
	if i := strings.IndexAny(stmt, " \t:("); i >= 0 {
		word = stmt[:i]
	}
	body := func() (string, error) {
		s := strings.TrimSpace(stmt[len(word):])
		if !strings.HasSuffix(s, ":") {
			return "", tmplErr(line, "%% %s line must end with ':'", word)
		}
		return strings.TrimSpace(strings.TrimSuffix(s, ":")), nil
	}
	switch word {
	case "if":
		cond, err := body()
		if err != nil {
			return err
		}
		n := &ifNode{conds: []string{cond}, bodies: [][]tmplNode{nil}, lines: []int{line}}
		*top.nodes = append(*top.nodes, n)
		*stack = append(*stack, &tmplFrame{kind: "if", nodes: &n.bodies[0], ifn: n, line: line})
	case "elif", "else":
		if top.kind != "if" {
			return tmplErr(line, "%% %s without %% if", word)
		}
		cond := ""
		if word == "elif" {
			c, err := body()
			if err != nil {
				return err
			}
			cond = c
		}
		n := top.ifn
		n.conds = append(n.conds, cond)
		n.bodies = append(n.bodies, nil)
		n.lines = append(n.lines, line)
		top.nodes = &n.bodies[len(n.bodies)-1]
	case "endif":
		if top.kind != "if" {
			return tmplErr(line, "%% endif without %% if")
		}
		*stack = (*stack)[:len(*stack)-1]
	case "for":
		s, err := body()
		if err != nil {
			return err
		}
		target, iter, ok := strings.Cut(s, " in ")
		if !ok || !isIdent(strings.TrimSpace(target)) {
			return tmplErr(line, "%% for must read: %% for NAME in EXPRESSION:")
		}
		n := &forNode{target: strings.TrimSpace(target), iter: strings.TrimSpace(iter), line: line}
		*top.nodes = append(*top.nodes, n)
		*stack = append(*stack, &tmplFrame{kind: "for", nodes: &n.body, forn: n, line: line})
	case "endfor":
		if top.kind != "for" {
			return tmplErr(line, "%% endfor without %% for")
		}
		*stack = (*stack)[:len(*stack)-1]
	default:
		return tmplErr(line, "unsupported control line %% %s", word)
	}
	return nil
}

// matchExprEnd finds the "}" that closes an expression starting at i,
// skipping string literals and nested brackets.
func matchExprEnd(src string, i, line int) (int, error) {
	depth := 0
	for i < len(src) {
		c := src[i]
		switch c {
		case '\'', '"':
			end, err := skipString(src, i)
			if err != nil {
				return 0, tmplErr(line, "%v", err)
			}
			i = end
			continue
		case '(', '[', '{':
			depth++
		case ')', ']':
			depth--
		case '}':
			if depth == 0 {
				return i, nil
			}
			depth--
		}
		i++
	}
	return 0, tmplErr(line, "${ is not closed")
}

// skipString returns the index just past the string literal starting at i.
func skipString(src string, i int) (int, error) {
	q := src[i]
	triple := strings.HasPrefix(src[i:], strings.Repeat(string(q), 3))
	if triple {
		end := strings.Index(src[i+3:], strings.Repeat(string(q), 3))
		if end < 0 {
			return 0, errors.New("unterminated string")
		}
		return i + 3 + end + 3, nil
	}
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
		case q:
			return j + 1, nil
		case '\n':
			return 0, errors.New("unterminated string")
		}
	}
	return 0, errors.New("unterminated string")
}

// splitFilters splits "expr | f1, f2" at its last top-level "|" when what
// follows is a list of filter names.
func splitFilters(body string) (string, []string) {
	depth := 0
	last := -1
	for i := 0; i < len(body); i++ {
		switch c := body[i]; c {
		case '\'', '"':
			end, err := skipString(body, i)
			if err != nil {
				return body, nil
			}
			i = end - 1
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case '|':
			if depth == 0 {
				last = i
			}
		}
	}
	if last < 0 {
		return body, nil
	}
	var filters []string
	for _, f := range strings.Split(body[last+1:], ",") {
		f = strings.TrimSpace(f)
		if !isIdent(f) {
			return body, nil
		}
		filters = append(filters, f)
	}
	return body[:last], filters
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func execNodes(b *strings.Builder, nodes []tmplNode, vars map[string]any) error {
	for _, n := range nodes {
		switch n := n.(type) {
		case textNode:
			b.WriteString(string(n))
		case exprNode:
			v, err := evalExpr(n.expr, vars)
			if err != nil {
				return tmplErr(n.line, "${%s}: %v", strings.TrimSpace(n.expr), err)
			}
			s, err := applyFilters(v, n.filters, vars)
			if err != nil {
				return tmplErr(n.line, "${%s}: %v", strings.TrimSpace(n.expr), err)
			}
			b.WriteString(s)
		case *ifNode:
			for i, cond := range n.conds {
				take := cond == ""
				if !take {
					v, err := evalExpr(cond, vars)
					if err != nil {
						return tmplErr(n.lines[i], "%% if %s: %v", cond, err)
					}
					take = truthy(v)
				}
				if take {
					if err := execNodes(b, n.bodies[i], vars); err != nil {
						return err
					}
					break
				}
			}
		case *forNode:
			v, err := evalExpr(n.iter, vars)
			if err != nil {
				return tmplErr(n.line, "%% for: %v", err)
			}
			var items []any
			switch x := v.(type) {
			case pySeq:
				items = x.items
			case string:
				for _, r := range x {
					items = append(items, string(r))
				}
			default:
				return tmplErr(n.line, "%% for: %s is not iterable", pyTypeName(v))
			}
			inner := make(map[string]any, len(vars)+1)
			for k, v := range vars {
				inner[k] = v
			}
			for _, it := range items {
				inner[n.target] = it
				if err := execNodes(b, n.body, inner); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func applyFilters(v any, filters []string, vars map[string]any) (string, error) {
	noDefault := false
	for _, f := range filters {
		if f == "n" {
			noDefault = true
		}
	}
	if !noDefault {
		v = pyToStr(v)
	}
	for _, f := range filters {
		switch f {
		case "n":
			continue
		case "str":
			v = pyToStr(v)
		case "trim":
			v = strings.TrimSpace(pyToStr(v))
		case "h":
			v = html.EscapeString(pyToStr(v))
		case "u":
			v = url.QueryEscape(pyToStr(v))
		default:
			fn, ok := vars[f].(pyFunc)
			if !ok {
				return "", fmt.Errorf("unknown filter %q", f)
			}
			r, err := fn([]any{v})
			if err != nil {
				return "", err
			}
			v = r
		}
	}
	return pyToStr(v), nil
}

// truthy is Python's bool().
func truthy(v any) bool {
	switch x := v.(type) {
	case nil, pyNoneT:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case int:
		return x != 0
	case pySeq:
		return len(x.items) > 0
	}
	return true
}

// pyToStr is Python's str().
func pyToStr(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return pyRepr(v)
}

// pyRepr is Python's repr() of a template value.
func pyRepr(v any) string {
	switch x := v.(type) {
	case nil, pyNoneT:
		return "None"
	case bool:
		return python.BoolRepr(x)
	case int:
		return strconv.Itoa(x)
	case string:
		return python.Quote(x)
	case pySeq:
		parts := make([]string, len(x.items))
		for i, it := range x.items {
			parts[i] = pyRepr(it)
		}
		if x.list {
			return "[" + strings.Join(parts, ", ") + "]"
		}
		if len(parts) == 1 {
			return "(" + parts[0] + ",)"
		}
		return "(" + strings.Join(parts, ", ") + ")"
	case pyFunc:
		return "<function>"
	}
	return fmt.Sprint(v)
}

func pyTypeName(v any) string {
	switch x := v.(type) {
	case nil, pyNoneT:
		return "NoneType"
	case bool:
		return "bool"
	case int:
		return "int"
	case string:
		return "str"
	case pySeq:
		if x.list {
			return "list"
		}
		return "tuple"
	case pyFunc:
		return "function"
	}
	return "object"
}

// formatAsComma is Alembic's util.format_as_comma, the template's comma filter.
func formatAsComma(args []any) (any, error) {
	if len(args) != 1 {
		return nil, errors.New("comma() takes one argument")
	}
	switch x := args[0].(type) {
	case nil, pyNoneT:
		return "", nil
	case string:
		return x, nil
	case pySeq:
		parts := make([]string, len(x.items))
		for i, it := range x.items {
			parts[i] = pyToStr(it)
		}
		return strings.Join(parts, ", "), nil
	}
	return nil, fmt.Errorf("Don't know how to comma-format %s", pyRepr(args[0]))
}
