package python

import (
	"fmt"
	"strings"
)

// Parse parses a Python source file. It always returns a Module, partial when the
// source has syntax errors; the error is then an ErrorList, sorted, with at most one
// error per line. Valid Python never fails: what the parser does not model becomes
// an Opaque statement or an OpaqueExpr.
func Parse(filename string, src []byte) (*Module, error) {
	file := NewFile(filename, src)
	var lexErrs, parseErrs ErrorList
	lx := &lexer{src: file.src, file: file, errs: &lexErrs, truncated: -1, ends: map[int]int{}}
	lx.run()
	p := &parser{file: file, src: file.src, errs: &parseErrs, toks: layout(lx.toks, lx), stringEnds: lx.ends}
	p.tok = &p.toks[0]
	m := &Module{Span: Span{0, len(file.src)}, File: file}
	m.Body = p.parseStmts(false)

	// A line with a lexical error (a bad character, an unterminated string) gets
	// that error alone: what the parser then finds on it follows from it.
	errs := lexErrs
	bad := map[int]bool{}
	for _, e := range lexErrs {
		bad[e.Pos.Line] = true
	}
	for _, e := range parseErrs {
		// Where the lexer gave up, the parser finds an early end of file.
		if !bad[e.Pos.Line] && (lx.truncated < 0 || e.Pos.Offset < lx.truncated) {
			errs = append(errs, e)
		}
	}
	errs.RemoveMultiples()
	return m, errs.Err()
}

// maxNest bounds the recursion of nested expressions and statements.
const maxNest = 500

type parser struct {
	file *File
	src  string
	errs *ErrorList
	toks []token
	i    int    // index of tok
	tok  *token // the current token
	// prevEnd is the end of the last token consumed that is not NEWLINE, INDENT
	// or DEDENT: where the node being parsed ends.
	prevEnd  int
	brackets []bracket // the brackets the parser is inside, innermost last
	nest     int
	// inField is set in the parser of an f-string replacement field's expression:
	// its syntax errors say "f-string: ".
	inField    bool
	errFilter  errorFilter
	stringEnds map[int]int // the lexer's ends, for the lexers of f-string fields
}

type bracket struct {
	pos      int
	char     byte
	unclosed bool
}

// bailout unwinds the parser from a syntax error to the statement that contains it.
type bailout struct{}

func (p *parser) next() {
	switch p.tok.kind {
	case tEOF:
		return
	case tName, tNumber, tString, tOp:
		p.prevEnd = p.tok.end
	}
	p.i++
	p.tok = &p.toks[p.i]
}

// peek returns the token k places ahead of the current one.
func (p *parser) peek(k int) *token {
	return &p.toks[min(p.i+k, len(p.toks)-1)]
}

// text returns the source text of a token.
func (p *parser) text(t *token) string { return p.src[t.pos:t.end] }

func (p *parser) isOp(s string) bool   { return p.tok.kind == tOp && p.text(p.tok) == s }
func (p *parser) isName(s string) bool { return p.tok.kind == tName && p.text(p.tok) == s }

// errorAt reports an error that does not stop the statement.
func (p *parser) errorAt(pos int, msg string) {
	if p.errFilter.skip(p.file, pos) {
		return
	}
	if p.inField && !strings.HasPrefix(msg, "f-string") {
		msg = "f-string: " + msg
	}
	p.errs.Add(p.file.Position(pos), msg)
}

// fail reports a syntax error at the current token and abandons the statement. When
// the parser is inside a bracket that is never closed, or at the line break that cut
// one off, that is the error it reports.
func (p *parser) fail(msg string) {
	pos := p.tok.pos
	if n := len(p.brackets); n > 0 && p.brackets[n-1].unclosed {
		msg = p.unclosed(p.brackets[n-1].pos)
	} else if p.tok.kind == tNewline && p.tok.opener() >= 0 {
		msg = p.unclosed(p.tok.opener())
	}
	p.failAt(pos, msg)
}

// failAt reports a syntax error at pos and abandons the statement.
func (p *parser) failAt(pos int, msg string) {
	p.errorAt(pos, msg)
	panic(bailout{})
}

func (p *parser) unclosed(pos int) string {
	at := p.file.Position(pos)
	return fmt.Sprintf("unclosed '%c' opened at %d:%d", p.src[pos], at.Line, at.Column)
}

// unexpected fails on the current token.
func (p *parser) unexpected() {
	p.checkCloser()
	p.fail("unexpected " + p.describe())
}

// checkCloser fails on a closing bracket that matches no open one, or not the
// innermost one.
func (p *parser) checkCloser() {
	if p.tok.kind != tOp {
		return
	}
	switch c := p.text(p.tok); c {
	case ")", "]", "}":
		n := len(p.brackets)
		if n == 0 {
			p.fail(fmt.Sprintf("unmatched '%s'", c))
		}
		if b := p.brackets[n-1]; closerOf(b.char) != c {
			p.mismatch(b)
		}
	}
}

// mismatch fails on a closing bracket that does not match b.
func (p *parser) mismatch(b bracket) {
	msg := fmt.Sprintf("closing parenthesis '%s' does not match opening parenthesis '%c'", p.text(p.tok), b.char)
	if at := p.file.Position(b.pos); at.Line != p.file.Position(p.tok.pos).Line {
		msg += fmt.Sprintf(" on line %d", at.Line)
	}
	p.failAt(p.tok.pos, msg) // more precise than "unclosed" when b is never closed
}

// describe names the current token for an error message.
func (p *parser) describe() string {
	t := p.tok
	switch t.kind {
	case tEOF:
		return "end of file"
	case tNewline:
		return "end of line"
	case tIndent:
		return "indent"
	case tDedent:
		return "dedent"
	case tNumber:
		return "number " + p.text(t)
	case tString:
		return "string literal"
	case tName:
		if isKeyword(p.text(t)) {
			return "keyword '" + p.text(t) + "'"
		}
		return "name '" + p.text(t) + "'"
	}
	return "'" + p.text(t) + "'"
}

// enter guards recursion; leave undoes it.
func (p *parser) enter() {
	p.nest++
	if p.nest > maxNest {
		p.fail("too many nested expressions or blocks")
	}
}

func (p *parser) leave() { p.nest-- }

// openBracket consumes an opening bracket and records it.
func (p *parser) openBracket() {
	b := bracket{p.tok.pos, p.text(p.tok)[0], p.tok.unclosed}
	p.brackets = append(p.brackets, b)
	p.next()
}

// closeBracket consumes the closing bracket of the innermost open one; afterItem
// words the error for a place where a "," could also come.
func (p *parser) closeBracket(afterItem bool) {
	b := p.brackets[len(p.brackets)-1]
	want := closerOf(b.char)
	if p.isOp(want) {
		p.brackets = p.brackets[:len(p.brackets)-1]
		p.next()
		return
	}
	if p.isOp(")") || p.isOp("]") || p.isOp("}") {
		p.mismatch(b)
	}
	if afterItem {
		p.fail(fmt.Sprintf("expected ',' or '%s'", want))
	}
	p.fail(fmt.Sprintf("expected '%s'", want))
}

// closerOf returns the closing bracket of the opening bracket c.
func closerOf(c byte) string {
	switch c {
	case '(':
		return ")"
	case '[':
		return "]"
	}
	return "}"
}

// ---- statements ----

// parseStmts parses statements up to the end of a block (a DEDENT, left for the
// caller) or of the file.
func (p *parser) parseStmts(inBlock bool) []Stmt {
	var list []Stmt
	for {
		switch p.tok.kind {
		case tEOF:
			return list
		case tDedent:
			if inBlock {
				return list
			}
			p.next()
		case tIndent:
			p.errorAt(p.tok.pos, "unexpected indent")
			p.next()
			p.enter()
			list = append(list, p.parseStmts(true)...)
			p.leave()
			if p.tok.kind == tDedent {
				p.next()
			}
		case tNewline:
			p.next()
		default:
			p.parseStatement(&list, false)
		}
	}
}

// parseStatement parses one statement (or one line of simple statements, all that
// simpleOnly allows) and appends it to list. A syntax error turns the statement
// into a BadStmt and skips the rest of it: its line, the block that follows and any
// elif/else/except/finally clauses, so that one mistake gives one error.
func (p *parser) parseStatement(list *[]Stmt, simpleOnly bool) {
	start := p.tok.pos
	nest, brackets, n := p.nest, len(p.brackets), len(*list)
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if _, ok := r.(bailout); !ok {
			panic(r)
		}
		p.nest, p.brackets = nest, p.brackets[:brackets]
		p.skipLine()
		// The statements of the line parsed before the error go too ("a = 1; b c").
		*list = append((*list)[:n], &BadStmt{Span{start, max(start, p.prevEnd)}})
		for p.tok.kind == tName && (p.text(p.tok) == "elif" || p.text(p.tok) == "else" ||
			p.text(p.tok) == "except" || p.text(p.tok) == "finally") {
			p.skipLine()
		}
	}()
	if simpleOnly {
		p.parseSimpleStmts(list)
		return
	}
	if p.tok.kind == tOp && p.text(p.tok) == "@" {
		*list = append(*list, p.parseDecorated())
		return
	}
	if p.tok.kind == tName {
		var s Stmt
		switch p.text(p.tok) {
		case "def":
			s = p.parseFuncDef(nil, start)
		case "class":
			s = p.parseClassDef(nil, start)
		case "if":
			s = p.parseIf()
		case "while":
			s = p.parseWhile()
		case "for":
			s = p.parseFor(start, false)
		case "try":
			s = p.parseTry()
		case "with":
			s = p.parseWith(start)
		case "async":
			s = p.parseAsync()
		case "match":
			if p.isMatch() {
				s = p.parseMatch()
			}
		}
		if s != nil {
			*list = append(*list, s)
			return
		}
	}
	p.parseSimpleStmts(list)
}

// skipLine skips to the end of the logical line and past the block that follows
// it, if any, without looking at what it skips.
func (p *parser) skipLine() {
	for p.tok.kind != tNewline && p.tok.kind != tEOF {
		p.next()
	}
	p.next()
	if p.tok.kind != tIndent {
		return
	}
	for depth := 0; p.tok.kind != tEOF; p.next() {
		switch p.tok.kind {
		case tIndent:
			depth++
		case tDedent:
			depth--
			if depth == 0 {
				p.next()
				return
			}
		}
	}
}

// parseSimpleStmts parses "stmt; stmt" up to and including the NEWLINE.
func (p *parser) parseSimpleStmts(list *[]Stmt) {
	for {
		*list = append(*list, p.parseSmallStmt())
		if !p.isOp(";") {
			break
		}
		p.next()
		if p.tok.kind == tNewline || p.tok.kind == tEOF {
			break
		}
	}
	switch p.tok.kind {
	case tNewline:
		p.next()
	case tEOF:
	default:
		p.unexpected()
	}
}

// atStmtEnd reports whether the current token ends a simple statement.
func (p *parser) atStmtEnd() bool {
	return p.tok.kind == tNewline || p.tok.kind == tEOF || p.isOp(";")
}

func (p *parser) parseSmallStmt() Stmt {
	start := p.tok.pos
	if p.tok.kind == tName {
		switch p.text(p.tok) {
		case "pass":
			p.next()
			return &Pass{Span{start, p.prevEnd}}
		case "return":
			p.next()
			var v Expr
			if !p.atStmtEnd() {
				v = p.parseStarExprs()
			}
			return &Return{Span{start, p.prevEnd}, v}
		case "import":
			return p.parseImport()
		case "from":
			return p.parseFrom()
		case "break":
			p.next()
			return &Break{Span{start, p.prevEnd}}
		case "continue":
			p.next()
			return &Continue{Span{start, p.prevEnd}}
		case "global", "nonlocal":
			kw := p.text(p.tok)
			p.next()
			names := []*Name{p.parseName()}
			for p.isOp(",") {
				p.next()
				names = append(names, p.parseName())
			}
			if kw == "global" {
				return &Global{Span{start, p.prevEnd}, names}
			}
			return &Nonlocal{Span{start, p.prevEnd}, names}
		case "del":
			p.next()
			targets := p.parseDelTargets()
			return &Delete{Span{start, p.prevEnd}, targets}
		case "assert":
			p.next()
			s := &Assert{Test: p.parseTest()}
			if p.isOp(",") {
				p.next()
				s.Msg = p.parseTest()
			}
			s.Span = Span{start, p.prevEnd}
			return s
		case "raise":
			p.next()
			s := &Raise{}
			if !p.atStmtEnd() {
				s.Exc = p.parseTest()
				if p.isName("from") {
					p.next()
					s.Cause = p.parseTest()
				}
			}
			s.Span = Span{start, p.prevEnd}
			return s
		case "type":
			// "type X = int" and "type X[T] = list[T]" (soft keyword).
			if nt := p.peek(1); nt.kind == tName && !isKeyword(p.text(nt)) {
				if t := p.peek(2); t.kind == tOp && (p.text(t) == "=" || p.text(t) == "[") {
					p.next()
					p.next()
					if p.isOp("[") {
						p.parseTypeParams()
					}
					p.expectOp("=")
					p.parseTest()
					return &Opaque{Span: Span{start, p.prevEnd}, Kind: "type"}
				}
			}
		}
	}
	return p.parseExprStmt()
}

// expectOp consumes the operator s or fails.
func (p *parser) expectOp(s string) {
	if !p.isOp(s) {
		p.fail(fmt.Sprintf("expected '%s'", s))
	}
	p.next()
}

// expectKeyword consumes the keyword s or fails.
func (p *parser) expectKeyword(s string) {
	if !p.isName(s) {
		p.fail(fmt.Sprintf("expected '%s'", s))
	}
	p.next()
}

func (p *parser) parseExprStmt() Stmt {
	start := p.tok.pos
	x := p.parseStarExprsOrYield()
	switch {
	case p.isOp(":"):
		p.next()
		ann := p.parseTest()
		var v Expr
		if p.isOp("=") {
			p.next()
			v = p.parseStarExprsOrYield()
		}
		switch x.(type) {
		case *Name, *Attribute, *Subscript:
		case *Tuple:
			p.errorAt(x.Pos(), "only single target (not tuple) can be annotated")
		case *List:
			p.errorAt(x.Pos(), "only single target (not list) can be annotated")
		default:
			p.errorAt(x.Pos(), "illegal target for annotation")
		}
		return &Assign{Span{start, p.prevEnd}, []Expr{x}, ann, v}
	case p.isOp("="):
		targets := []Expr{x}
		for p.isOp("=") {
			p.next()
			targets = append(targets, p.parseStarExprsOrYield())
		}
		v := targets[len(targets)-1]
		targets = targets[:len(targets)-1]
		for _, t := range targets {
			p.checkTarget(t)
		}
		return &Assign{Span{start, p.prevEnd}, targets, nil, v}
	case p.tok.kind == tOp && len(p.text(p.tok)) >= 2 && strings.HasSuffix(p.text(p.tok), "=") &&
		p.text(p.tok) != "==" && p.text(p.tok) != "!=" && p.text(p.tok) != "<=" && p.text(p.tok) != ">=":
		switch x.(type) {
		case *Name, *Attribute, *Subscript:
		default:
			p.errorAt(x.Pos(), fmt.Sprintf("'%s' is an illegal expression for augmented assignment", p.describeExpr(x)))
		}
		op := strings.TrimSuffix(p.text(p.tok), "=")
		p.next()
		v := p.parseStarExprsOrYield()
		return &AugAssign{Span{start, p.prevEnd}, x, op, v}
	}
	return &ExprStmt{Span{start, p.prevEnd}, x}
}

// checkTarget reports a target of "=" that cannot be assigned to.
func (p *parser) checkTarget(x Expr) {
	switch t := x.(type) {
	case *Name, *Attribute, *Subscript:
	case *Starred:
		p.checkTarget(t.X)
	case *Tuple:
		for _, e := range t.Elts {
			p.checkTarget(e)
		}
	case *List:
		for _, e := range t.Elts {
			p.checkTarget(e)
		}
	default:
		p.errorAt(x.Pos(), "cannot assign to "+p.describeExpr(x))
	}
}

// checkDelTarget reports a target of "del" that cannot be deleted.
func (p *parser) checkDelTarget(x Expr) {
	switch t := x.(type) {
	case *Name, *Attribute, *Subscript:
	case *Tuple:
		for _, e := range t.Elts {
			p.checkDelTarget(e)
		}
	case *List:
		for _, e := range t.Elts {
			p.checkDelTarget(e)
		}
	case *Starred:
		p.errorAt(x.Pos(), "cannot delete starred")
	default:
		p.errorAt(x.Pos(), "cannot delete "+p.describeExpr(x))
	}
}

// describeExpr names an expression that is not allowed somewhere, as Python does.
func (p *parser) describeExpr(x Expr) string {
	switch x := x.(type) {
	case *Call:
		return "function call"
	case *String, *Number:
		return "literal"
	case *Const:
		return x.Value
	case *Compare:
		return "comparison"
	case *BinOp, *UnaryOp, *BoolOp:
		return "expression"
	case *Tuple:
		return "tuple"
	case *IfExp:
		return "conditional expression"
	case *NamedExpr:
		return "named expression"
	case *Yield:
		return "yield expression"
	case *Await:
		return "await expression"
	case *Lambda:
		return "lambda"
	case *Comprehension:
		return "comprehension"
	case *Slice:
		return "slice"
	case *OpaqueExpr:
		return x.Kind
	}
	return "expression"
}

// parseName parses an identifier (not a keyword).
func (p *parser) parseName() *Name {
	if p.tok.kind != tName || isKeyword(p.text(p.tok)) {
		p.fail("expected name")
	}
	n := &Name{Span{p.tok.pos, p.tok.end}, p.text(p.tok)}
	p.next()
	return n
}

// parseDottedName parses "a.b.c".
func (p *parser) parseDottedName() string {
	var b strings.Builder
	b.WriteString(p.parseName().Id)
	for p.isOp(".") {
		p.next()
		b.WriteByte('.')
		b.WriteString(p.parseName().Id)
	}
	return b.String()
}

func (p *parser) parseImport() Stmt {
	start := p.tok.pos
	p.next()
	s := &Import{}
	for {
		astart := p.tok.pos
		a := &Alias{Name: p.parseDottedName()}
		if p.isName("as") {
			p.next()
			a.As = p.parseName()
		}
		a.Span = Span{astart, p.prevEnd}
		s.Names = append(s.Names, a)
		if !p.isOp(",") {
			break
		}
		p.next()
	}
	s.Span = Span{start, p.prevEnd}
	return s
}

func (p *parser) parseFrom() Stmt {
	start := p.tok.pos
	p.next()
	s := &ImportFrom{}
	for p.isOp(".") || p.isOp("...") {
		s.Level += len(p.text(p.tok))
		p.next()
	}
	if s.Level == 0 || !p.isName("import") {
		s.Module = p.parseDottedName()
	}
	p.expectKeyword("import")
	if p.isOp("*") {
		s.Names = []*Alias{{Span: Span{p.tok.pos, p.tok.end}, Name: "*"}}
		p.next()
		s.Span = Span{start, p.prevEnd}
		return s
	}
	paren := p.isOp("(")
	if paren {
		p.openBracket()
	}
	for {
		astart := p.tok.pos
		a := &Alias{Name: p.parseName().Id}
		if p.isName("as") {
			p.next()
			a.As = p.parseName()
		}
		a.Span = Span{astart, p.prevEnd}
		s.Names = append(s.Names, a)
		if !p.isOp(",") {
			break
		}
		p.next()
		if paren && p.isOp(")") {
			break
		}
	}
	if paren {
		p.closeBracket(true)
	}
	s.Span = Span{start, p.prevEnd}
	return s
}

// parseDecorated parses decorators and the definition they decorate.
func (p *parser) parseDecorated() Stmt {
	start := p.tok.pos
	var decorators []Expr
	for p.isOp("@") {
		p.next()
		decorators = append(decorators, p.parseNamedExpr())
		if p.tok.kind != tNewline {
			p.unexpected()
		}
		p.next()
	}
	switch {
	case p.isName("def"):
		return p.parseFuncDef(decorators, start)
	case p.isName("class"):
		return p.parseClassDef(decorators, start)
	case p.isName("async") && p.peek(1).kind == tName && p.text(p.peek(1)) == "def":
		p.next()
		d := p.parseFuncDef(decorators, start)
		d.Async = true
		return d
	}
	p.fail("expected 'def' or 'class' after a decorator")
	return nil
}

func (p *parser) parseFuncDef(decorators []Expr, start int) *FuncDef {
	line := p.line()
	p.next()
	d := &FuncDef{Decorators: decorators, Name: p.parseName()}
	if p.isOp("[") {
		d.TypeParams = p.parseTypeParams()
	}
	if !p.isOp("(") {
		p.fail("expected '('")
	}
	p.openBracket()
	d.Params = p.parseParams(")")
	p.closeBracket(true)
	if p.isOp("->") {
		p.next()
		d.Returns = p.parseTest()
	}
	d.Body = p.parseSuite("function definition", line)
	d.Span = Span{start, p.prevEnd}
	return d
}

// parseParams parses the parameters of a def, up to the ")" (end), or of a lambda,
// up to the ":" (which then ends the parameters: they have no annotations).
func (p *parser) parseParams(end string) []*Param {
	var params []*Param
	lambda := end == ":"
	star, slash, sawDefault := false, false, false
	var bareStar, doubleStar *Param
	seen := map[string]bool{}
	for !p.isOp(end) {
		pstart := p.tok.pos
		if doubleStar != nil {
			p.errorAt(pstart, "arguments cannot follow var-keyword argument")
		}
		q := &Param{}
		switch {
		case p.isOp("/"):
			switch {
			case slash:
				p.errorAt(pstart, "/ may appear only once")
			case star:
				p.errorAt(pstart, "/ must be ahead of *")
			case len(params) == 0:
				p.errorAt(pstart, "at least one argument must precede /")
			}
			q.Star, slash = "/", true
			p.next()
		case p.isOp("*"), p.isOp("**"):
			q.Star = p.text(p.tok)
			if q.Star == "*" && star {
				p.errorAt(pstart, "* argument may appear only once")
			}
			p.next()
			if q.Star == "**" || p.tok.kind == tName {
				q.Name = p.parseName()
				if p.isOp(":") && !lambda {
					p.next()
					q.Annotation = p.parseStarOrTest() // "*args: *Ts"
				}
			}
			if q.Star == "*" {
				star = true
				if q.Name == nil {
					bareStar = q
				}
			} else {
				doubleStar = q
			}
		default:
			q.Name = p.parseName()
			if p.isOp(":") && !lambda {
				p.next()
				q.Annotation = p.parseTest()
			}
			if p.isOp("=") {
				p.next()
				q.Default = p.parseTest()
				sawDefault = true
			} else if sawDefault && !star {
				p.errorAt(pstart, "parameter without a default follows parameter with a default")
			}
			bareStar = nil
		}
		if q.Name != nil {
			if seen[q.Name.Id] {
				p.errorAt(q.Name.From, fmt.Sprintf("duplicate argument '%s' in function definition", q.Name.Id))
			}
			seen[q.Name.Id] = true
		}
		q.Span = Span{pstart, p.prevEnd}
		params = append(params, q)
		if !p.isOp(",") {
			break
		}
		p.next()
	}
	if bareStar != nil {
		p.errorAt(bareStar.From, "named arguments must follow bare *")
	}
	return params
}

func (p *parser) parseClassDef(decorators []Expr, start int) *ClassDef {
	line := p.line()
	p.next()
	c := &ClassDef{Decorators: decorators, Name: p.parseName()}
	if p.isOp("[") {
		c.TypeParams = p.parseTypeParams()
	}
	if p.isOp("(") {
		p.openBracket()
		c.Bases, c.Keywords = p.parseArgs()
		p.closeBracket(true)
	}
	c.Body = p.parseSuite("class definition", line)
	c.Span = Span{start, p.prevEnd}
	return c
}

// parseTypeParams skips the "[T, *Ts, **P]" of a generic def, class or type alias.
func (p *parser) parseTypeParams() Expr {
	start := p.tok.pos
	p.openBracket()
	depth := 0
	for depth > 0 || !p.isOp("]") {
		switch {
		case p.tok.kind == tNewline || p.tok.kind == tEOF:
			p.fail("expected ']'")
		case p.isOp("(") || p.isOp("[") || p.isOp("{"):
			depth++
		case p.isOp(")") || p.isOp("]") || p.isOp("}"):
			depth--
		}
		p.next()
	}
	p.closeBracket(true)
	return &OpaqueExpr{Span{start, p.prevEnd}, "typeparams"}
}

// line returns the line of the current token.
func (p *parser) line() int { return p.file.Position(p.tok.pos).Line }

// parseSuite parses the ":" and the block of a compound statement; what and line
// name the statement for "expected an indented block after ... on line N".
func (p *parser) parseSuite(what string, line int) []Stmt {
	if p.isOp(":") {
		p.next()
	} else if p.tok.kind == tNewline && p.tok.opener() < 0 && (len(p.brackets) == 0 || !p.brackets[len(p.brackets)-1].unclosed) {
		p.errorAt(p.tok.pos, "expected ':'") // go on as if it were there
	} else {
		p.fail("expected ':'")
	}
	if p.tok.kind != tNewline && p.tok.kind != tEOF {
		var body []Stmt
		p.parseStatement(&body, true)
		return body
	}
	p.next()
	if p.tok.kind != tIndent {
		p.errorAt(p.tok.pos, fmt.Sprintf("expected an indented block after %s on line %d", what, line))
		return nil
	}
	p.next()
	p.enter()
	body := p.parseStmts(true)
	p.leave()
	if p.tok.kind == tDedent {
		p.next()
	}
	return body
}

// parseIf parses an if statement with its elif and else clauses. An elif chain
// becomes nested Ifs, built without recursion so that no number of elifs is too
// many.
func (p *parser) parseIf() Stmt {
	var chain []*If
	for first := true; first || p.isName("elif"); first = false {
		kw, line := p.text(p.tok), p.line()
		s := &If{Span: Span{From: p.tok.pos}}
		p.next()
		s.Test = p.parseNamedExpr()
		s.Body = p.parseSuite("'"+kw+"' statement", line)
		if n := len(chain); n > 0 {
			chain[n-1].Else = []Stmt{s}
		}
		chain = append(chain, s)
	}
	chain[len(chain)-1].Else = p.parseElse()
	for _, s := range chain {
		s.Span.To = p.prevEnd
	}
	return chain[0]
}

// parseElse parses an optional "else:" clause.
func (p *parser) parseElse() []Stmt {
	if !p.isName("else") {
		return nil
	}
	line := p.line()
	p.next()
	return p.parseSuite("'else' statement", line)
}

func (p *parser) parseWhile() Stmt {
	start, line := p.tok.pos, p.line()
	p.next()
	s := &While{Test: p.parseNamedExpr()}
	s.Body = p.parseSuite("'while' statement", line)
	s.Else = p.parseElse()
	s.Span = Span{start, p.prevEnd}
	return s
}

// parseFor parses "for ... in ...:" at the current token; start is where the
// statement starts ("async" when async is set).
func (p *parser) parseFor(start int, async bool) *For {
	line := p.line()
	p.next()
	s := &For{Async: async, Target: p.parseTargets()}
	p.expectKeyword("in")
	s.Iter = p.parseStarExprs()
	s.Body = p.parseSuite("'for' statement", line)
	s.Else = p.parseElse()
	s.Span = Span{start, p.prevEnd}
	return s
}

func (p *parser) parseTry() Stmt {
	start, line := p.tok.pos, p.line()
	p.next()
	s := &Try{Body: p.parseSuite("'try' statement", line)}
	for p.isName("except") {
		h := &ExceptHandler{Span: Span{From: p.tok.pos}}
		line := p.line()
		p.next()
		star := false
		if p.isOp("*") {
			star = true
			p.next()
			if p.isOp(":") {
				p.errorAt(p.tok.pos, "expected one or more exception types")
			}
		}
		if len(s.Handlers) == 0 {
			s.Star = star
		} else if star != s.Star {
			p.errorAt(h.From, "cannot have both 'except' and 'except*' on the same 'try'")
		}
		if !p.isOp(":") {
			h.Type = p.parseStarExprs()
			if p.isName("as") {
				p.next()
				h.Name = p.parseName()
			}
		}
		h.Body = p.parseSuite("'except' statement", line)
		h.Span.To = p.prevEnd
		s.Handlers = append(s.Handlers, h)
	}
	if len(s.Handlers) > 0 {
		s.Else = p.parseElse()
	}
	finally := false
	if p.isName("finally") {
		finally = true
		line := p.line()
		p.next()
		s.Finally = p.parseSuite("'finally' statement", line)
	}
	if len(s.Handlers) == 0 && !finally {
		p.errorAt(p.tok.pos, "expected 'except' or 'finally' block")
	}
	s.Span = Span{start, p.prevEnd}
	return s
}

func (p *parser) parseWith(start int) *With {
	line := p.line()
	p.next()
	w := &With{}
	if p.isOp("(") && p.parenthesizedWithItems() {
		p.openBracket()
		for !p.isOp(")") {
			w.Items = append(w.Items, p.parseWithItem(true))
			if !p.isOp(",") {
				break
			}
			p.next()
		}
		p.closeBracket(true)
	} else {
		for {
			w.Items = append(w.Items, p.parseWithItem(false))
			if !p.isOp(",") {
				break
			}
			p.next()
		}
	}
	w.Body = p.parseSuite("'with' statement", line)
	w.Span = Span{start, p.prevEnd}
	return w
}

// parenthesizedWithItems reports whether the "(" after "with" encloses the items,
// as in "with (a as b, c as d):", rather than starting the first expression.
func (p *parser) parenthesizedWithItems() bool {
	if t := p.peek(1); t.kind == tName && p.text(t) == "yield" {
		return false
	}
	depth := 0
	for i := p.i; i < len(p.toks); i++ {
		t := &p.toks[i]
		switch {
		case t.kind == tNewline || t.kind == tEOF:
			return false
		case t.kind != tOp || len(p.text(t)) != 1:
		case p.text(t) == "(" || p.text(t) == "[" || p.text(t) == "{":
			depth++
		case p.text(t) == ")" || p.text(t) == "]" || p.text(t) == "}":
			depth--
			if depth == 0 {
				n := &p.toks[i+1]
				return n.kind == tOp && p.text(n) == ":"
			}
		}
	}
	return false
}

// parseWithItem parses "expr" or "expr as target"; inside the parentheses of
// "with (...):" the expression may also be "name := value" (which Python reads as
// a parenthesized expression rather than items).
func (p *parser) parseWithItem(parenthesized bool) *WithItem {
	start := p.tok.pos
	var x Expr
	if parenthesized {
		x = p.parseNamedExpr()
	} else {
		x = p.parseTest()
	}
	it := &WithItem{Expr: x}
	if p.isName("as") {
		p.next()
		it.As = p.parseStarTarget()
		p.checkTarget(it.As)
	}
	it.Span = Span{start, p.prevEnd}
	return it
}

func (p *parser) parseAsync() Stmt {
	start := p.tok.pos
	p.next()
	switch {
	case p.isName("def"):
		d := p.parseFuncDef(nil, start)
		d.Async = true
		return d
	case p.isName("for"):
		return p.parseFor(start, true)
	case p.isName("with"):
		w := p.parseWith(start)
		w.Async = true
		return w
	}
	p.fail("expected 'def', 'for' or 'with' after 'async'")
	return nil
}

// isMatch reports whether the statement that starts with the soft keyword "match"
// is a match statement: "match subject:", a NEWLINE, an INDENT and "case".
func (p *parser) isMatch() bool {
	if t := p.peek(1); t.kind == tNewline || t.kind == tOp && p.text(t) == ":" {
		return false
	}
	i := p.colonAhead()
	if i < 0 || i+3 >= len(p.toks) {
		return false
	}
	return p.toks[i+1].kind == tNewline && p.toks[i+2].kind == tIndent &&
		p.toks[i+3].kind == tName && p.text(&p.toks[i+3]) == "case"
}

// colonAhead returns the index of the ":" that ends the header starting at the
// current token, or -1 if the logical line has none.
func (p *parser) colonAhead() int {
	depth, lambdas := 0, 0
	for i := p.i; i < len(p.toks); i++ {
		t := &p.toks[i]
		switch {
		case t.kind == tNewline || t.kind == tEOF:
			return -1
		case t.kind == tName && p.text(t) == "lambda" && depth == 0:
			lambdas++
		case t.kind != tOp:
		case p.text(t) == "(" || p.text(t) == "[" || p.text(t) == "{":
			depth++
		case p.text(t) == ")" || p.text(t) == "]" || p.text(t) == "}":
			depth = max(0, depth-1)
		case p.text(t) == ":" && depth == 0:
			if lambdas == 0 {
				return i
			}
			lambdas--
		}
	}
	return -1
}

// skipHeader skips the subject of "match" or the pattern of "case", up to the ":".
func (p *parser) skipHeader() {
	end := p.colonAhead()
	if end < 0 {
		for p.tok.kind != tNewline && p.tok.kind != tEOF {
			p.next()
		}
		p.fail("expected ':'")
	}
	for p.i < end {
		p.next()
	}
}

func (p *parser) parseMatch() Stmt {
	start := p.tok.pos
	p.next()
	p.skipHeader()
	p.next() // ":"
	p.next() // NEWLINE
	p.next() // INDENT (isMatch checked all three)
	o := &Opaque{Kind: "match"}
	p.enter()
	for p.isName("case") {
		line := p.line()
		p.next()
		if p.colonAhead() < 0 {
			// Not a case clause after all: report it and stay inside the match block.
			for p.tok.kind != tNewline && p.tok.kind != tEOF {
				p.next()
			}
			p.errorAt(p.tok.pos, "expected ':'")
			p.skipLine()
			continue
		}
		p.skipHeader()
		o.Body = append(o.Body, p.parseSuite("'case' statement", line)...)
	}
	if p.tok.kind != tDedent && p.tok.kind != tEOF {
		p.errorAt(p.tok.pos, "expected 'case'")
		p.parseStmts(true)
	}
	p.leave()
	if p.tok.kind == tDedent {
		p.next()
	}
	o.Span = Span{start, p.prevEnd}
	return o
}
