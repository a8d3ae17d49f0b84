package python

// ---- expressions ----
//
// The functions follow Python's grammar, from the loosest binding to the tightest:
// star expressions, named expressions (:=), lambda and conditional, or, and, not,
// comparisons, | ^ & << >> + - * / // % @, unary - + ~, **, await, and primaries
// (atoms followed by .name, calls and subscripts).

// startsExpr reports whether the current token can start an expression (or a
// starred one).
func (p *parser) startsExpr() bool {
	t := p.tok
	switch t.kind {
	case tNumber, tString:
		return true
	case tName:
		switch p.text(t) {
		case "True", "False", "None", "not", "lambda", "await":
			return true
		}
		return !isKeyword(p.text(t))
	case tOp:
		switch p.text(t) {
		case "(", "[", "{", "-", "+", "~", "...", "*":
			return true
		}
	}
	return false
}

// parseStarExprs parses "a", "a, *b" or "a," (a Tuple unless there is one
// expression and no comma).
func (p *parser) parseStarExprs() Expr {
	start := p.tok.pos
	x := p.parseStarOrTest()
	if !p.isOp(",") {
		return x
	}
	elts := []Expr{x}
	for p.isOp(",") {
		p.next()
		if !p.startsExpr() {
			break
		}
		elts = append(elts, p.parseStarOrTest())
	}
	return &Tuple{Span{start, p.prevEnd}, elts}
}

// parseStarExprsOrYield is the right-hand side of an assignment.
func (p *parser) parseStarExprsOrYield() Expr {
	if p.isName("yield") {
		return p.parseYield()
	}
	return p.parseStarExprs()
}

func (p *parser) parseYield() Expr {
	start := p.tok.pos
	p.next()
	y := &Yield{}
	if p.isName("from") {
		p.next()
		y.From = true
		y.X = p.parseTest()
	} else if p.startsExpr() {
		y.X = p.parseStarExprs()
	}
	y.Span = Span{start, p.prevEnd}
	return y
}

// parseStarOrTest parses "*x" or an expression.
func (p *parser) parseStarOrTest() Expr {
	if p.isOp("*") {
		start := p.tok.pos
		p.next()
		x := p.parseBinary(1)
		return &Starred{Span{start, p.prevEnd}, x}
	}
	return p.parseTest()
}

// parseStarNamed parses "*x" or a named expression: an element of a display.
func (p *parser) parseStarNamed() Expr {
	if p.isOp("*") {
		return p.parseStarOrTest()
	}
	return p.parseNamedExpr()
}

// parseStarTarget parses an assignment target of a for loop, a comprehension or
// "as": "*x" or an expression that binds tighter than comparisons.
func (p *parser) parseStarTarget() Expr {
	start := p.tok.pos
	if p.isOp("*") {
		p.next()
		x := p.parseBinary(1)
		return &Starred{Span{start, p.prevEnd}, x}
	}
	return p.parseBinary(1)
}

// parseTargets parses the targets of a "for" loop or a comprehension, up to the
// "in": a Tuple when there is a comma.
func (p *parser) parseTargets() Expr {
	start := p.tok.pos
	x := p.parseStarTarget()
	p.checkTarget(x)
	if !p.isOp(",") {
		return x
	}
	elts := []Expr{x}
	for p.isOp(",") {
		p.next()
		if !p.startsExpr() {
			break
		}
		x := p.parseStarTarget()
		p.checkTarget(x)
		elts = append(elts, x)
	}
	return &Tuple{Span{start, p.prevEnd}, elts}
}

// parseDelTargets parses the targets of "del a, b[0]".
func (p *parser) parseDelTargets() []Expr {
	var targets []Expr
	for {
		x := p.parseStarTarget()
		p.checkDelTarget(x)
		targets = append(targets, x)
		if !p.isOp(",") {
			return targets
		}
		p.next()
		if !p.startsExpr() {
			return targets
		}
	}
}

// parseNamedExpr parses "name := value" or an expression.
func (p *parser) parseNamedExpr() Expr {
	if p.tok.kind == tName && !isKeyword(p.text(p.tok)) {
		if t := p.peek(1); t.kind == tOp && p.text(t) == ":=" {
			target := &Name{Span{p.tok.pos, p.tok.end}, p.text(p.tok)}
			p.next()
			p.next()
			v := p.parseTest()
			return &NamedExpr{Span{target.From, p.prevEnd}, target, v}
		}
	}
	return p.parseTest()
}

// parseTest parses an expression: a lambda, a conditional expression or an "or".
func (p *parser) parseTest() Expr {
	p.enter()
	defer p.leave()
	start := p.tok.pos
	if p.isName("lambda") {
		p.next()
		params := p.parseParams(":")
		p.expectOp(":")
		body := p.parseTest()
		return &Lambda{Span{start, p.prevEnd}, params, body}
	}
	x := p.parseOr()
	if p.isName("if") {
		p.next()
		test := p.parseOr()
		if !p.isName("else") {
			p.fail("expected 'else' after 'if' expression")
		}
		p.next()
		alt := p.parseTest()
		return &IfExp{Span{start, p.prevEnd}, test, x, alt}
	}
	return x
}

func (p *parser) parseOr() Expr {
	start := p.tok.pos
	x := p.parseAnd()
	if !p.isName("or") {
		return x
	}
	values := []Expr{x}
	for p.isName("or") {
		p.next()
		values = append(values, p.parseAnd())
	}
	return &BoolOp{Span{start, p.prevEnd}, "or", values}
}

func (p *parser) parseAnd() Expr {
	start := p.tok.pos
	x := p.parseNot()
	if !p.isName("and") {
		return x
	}
	values := []Expr{x}
	for p.isName("and") {
		p.next()
		values = append(values, p.parseNot())
	}
	return &BoolOp{Span{start, p.prevEnd}, "and", values}
}

func (p *parser) parseNot() Expr {
	if !p.isName("not") {
		return p.parseComparison()
	}
	p.enter()
	defer p.leave()
	start := p.tok.pos
	p.next()
	x := p.parseNot()
	return &UnaryOp{Span{start, p.prevEnd}, "not", x}
}

// compOp consumes a comparison operator and returns it, or returns "".
func (p *parser) compOp() string {
	t := p.tok
	switch t.kind {
	case tOp:
		switch p.text(t) {
		case "==", "!=", "<", "<=", ">", ">=":
			p.next()
			return p.text(t)
		}
	case tName:
		switch p.text(t) {
		case "in":
			p.next()
			return "in"
		case "not":
			if n := p.peek(1); n.kind == tName && p.text(n) == "in" {
				p.next()
				p.next()
				return "not in"
			}
		case "is":
			p.next()
			if p.isName("not") {
				p.next()
				return "is not"
			}
			return "is"
		}
	}
	return ""
}

func (p *parser) parseComparison() Expr {
	start := p.tok.pos
	x := p.parseBinary(1)
	var ops []string
	var ys []Expr
	for {
		op := p.compOp()
		if op == "" {
			break
		}
		ops = append(ops, op)
		ys = append(ys, p.parseBinary(1))
	}
	if ops == nil {
		return x
	}
	return &Compare{Span{start, p.prevEnd}, x, ops, ys}
}

// binaryPrec returns the precedence of the binary operator at the current token,
// or 0.
func (p *parser) binaryPrec() int {
	if p.tok.kind != tOp {
		return 0
	}
	switch p.text(p.tok) {
	case "|":
		return 1
	case "^":
		return 2
	case "&":
		return 3
	case "<<", ">>":
		return 4
	case "+", "-":
		return 5
	case "*", "/", "//", "%", "@":
		return 6
	}
	return 0
}

// parseBinary parses a chain of binary operators of precedence minPrec or higher
// (left-associative), by precedence climbing.
func (p *parser) parseBinary(minPrec int) Expr {
	start := p.tok.pos
	x := p.parseFactor()
	for {
		prec := p.binaryPrec()
		if prec < minPrec || prec == 0 {
			return x
		}
		op := p.text(p.tok)
		p.next()
		y := p.parseBinary(prec + 1)
		x = &BinOp{Span{start, p.prevEnd}, op, x, y}
	}
}

func (p *parser) parseFactor() Expr {
	if p.isOp("-") || p.isOp("+") || p.isOp("~") {
		p.enter()
		defer p.leave()
		start, op := p.tok.pos, p.text(p.tok)
		p.next()
		x := p.parseFactor()
		return &UnaryOp{Span{start, p.prevEnd}, op, x}
	}
	return p.parsePower()
}

func (p *parser) parsePower() Expr {
	start := p.tok.pos
	var x Expr
	if p.isName("await") {
		p.enter()
		defer p.leave()
		p.next()
		y := p.parsePrimary()
		x = &Await{Span{start, p.prevEnd}, y}
	} else {
		x = p.parsePrimary()
	}
	if p.isOp("**") {
		p.next()
		y := p.parseFactor()
		x = &BinOp{Span{start, p.prevEnd}, "**", x, y}
	}
	return x
}

// parsePrimary parses an atom followed by ".name", calls and subscripts.
func (p *parser) parsePrimary() Expr {
	start := p.tok.pos
	x := p.parseAtom()
	for p.tok.kind == tOp {
		switch p.text(p.tok) {
		case ".":
			p.next()
			if p.tok.kind != tName || isKeyword(p.text(p.tok)) {
				p.fail("expected attribute name after '.'")
			}
			name := p.parseName()
			x = &Attribute{Span{start, p.prevEnd}, x, name}
		case "(":
			p.openBracket()
			args, keywords := p.parseArgs()
			p.closeBracket(true)
			x = &Call{Span{start, p.prevEnd}, x, args, keywords}
		case "[":
			p.openBracket()
			index := p.parseSubscripts()
			p.closeBracket(true)
			x = &Subscript{Span{start, p.prevEnd}, x, index}
		default:
			return x
		}
	}
	return x
}

// parseArgs parses the arguments of a call or the bases of a class, up to the ")".
func (p *parser) parseArgs() ([]Expr, []*Keyword) {
	var args []Expr
	var keywords []*Keyword
	doubleStar := false
	genexp, items, trailing := -1, 0, false
	for !p.isOp(")") {
		items++
		start := p.tok.pos
		switch {
		case p.isOp("*"):
			if doubleStar {
				p.errorAt(start, "iterable argument unpacking follows keyword argument unpacking")
			}
			p.next()
			x := p.parseTest()
			args = append(args, &Starred{Span{start, p.prevEnd}, x})
		case p.isOp("**"):
			p.next()
			x := p.parseTest()
			keywords = append(keywords, &Keyword{Span{start, p.prevEnd}, nil, x})
			doubleStar = true
		default:
			x := p.parseNamedExpr()
			switch {
			case p.isOp("="):
				name, ok := x.(*Name)
				if !ok || x.Pos() != start { // not a name, or a name in parentheses
					p.failAt(start, `expression cannot contain assignment, perhaps you meant "=="?`)
				}
				p.next()
				v := p.parseTest()
				keywords = append(keywords, &Keyword{Span{start, p.prevEnd}, name, v})
			case p.atComp():
				p.checkCompElt(x)
				fors := p.parseCompFor()
				args = append(args, &Comprehension{Span: Span{start, p.prevEnd}, Kind: "generator", Elt: x, Fors: fors})
				genexp = start
			default:
				if doubleStar {
					p.errorAt(start, "positional argument follows keyword argument unpacking")
				} else if len(keywords) > 0 {
					p.errorAt(start, "positional argument follows keyword argument")
				}
				args = append(args, x)
			}
		}
		if !p.isOp(",") {
			trailing = false
			break
		}
		p.next()
		trailing = true
	}
	if genexp >= 0 && (items > 1 || trailing) {
		p.errorAt(genexp, "generator expression must be parenthesized")
	}
	return args, keywords
}

// parseSubscripts parses what is inside "x[...]".
func (p *parser) parseSubscripts() Expr {
	start := p.tok.pos
	x := p.parseSubscript()
	if !p.isOp(",") {
		return x
	}
	elts := []Expr{x}
	for p.isOp(",") {
		p.next()
		if p.isOp("]") {
			break
		}
		elts = append(elts, p.parseSubscript())
	}
	return &Tuple{Span{start, p.prevEnd}, elts}
}

// parseSubscript parses an index, "*x" or a slice "a:b:c".
func (p *parser) parseSubscript() Expr {
	start := p.tok.pos
	if p.isOp("*") {
		return p.parseStarOrTest()
	}
	s := &Slice{}
	if !p.isOp(":") {
		s.Lo = p.parseNamedExpr()
		if !p.isOp(":") {
			return s.Lo
		}
	}
	p.next()
	sliceEnd := func() bool { return p.isOp(":") || p.isOp("]") || p.isOp(",") }
	if !sliceEnd() {
		s.Hi = p.parseTest()
	}
	if p.isOp(":") {
		p.next()
		if !sliceEnd() {
			s.Step = p.parseTest()
		}
	}
	s.Span = Span{start, p.prevEnd}
	return s
}

// parseCompFor parses the "for ... in ... if ..." clauses of a comprehension.
func (p *parser) parseCompFor() []*CompFor {
	var fors []*CompFor
	for p.atComp() {
		c := &CompFor{Span: Span{From: p.tok.pos}}
		if p.isName("async") {
			c.Async = true
			p.next()
		}
		p.next() // "for"
		c.Target = p.parseTargets()
		p.expectKeyword("in")
		c.Iter = p.parseOr()
		for p.isName("if") {
			p.next()
			c.Ifs = append(c.Ifs, p.parseOr())
		}
		c.Span.To = p.prevEnd
		fors = append(fors, c)
	}
	return fors
}

// checkCompElt reports the element of a list or set comprehension or a generator
// expression when it is starred.
func (p *parser) checkCompElt(x Expr) {
	if _, ok := x.(*Starred); ok {
		p.errorAt(x.Pos(), "iterable unpacking cannot be used in comprehension")
	}
}

// atComp reports whether a comprehension's "for" comes next.
func (p *parser) atComp() bool {
	return p.isName("for") || p.isName("async") && p.peek(1).kind == tName && p.text(p.peek(1)) == "for"
}

func (p *parser) parseAtom() Expr {
	t := p.tok
	start := t.pos
	switch t.kind {
	case tName:
		switch p.text(t) {
		case "True", "False", "None":
			p.next()
			return &Const{Span{start, t.end}, p.text(t)}
		}
		if isKeyword(p.text(t)) {
			p.fail("expected expression, found " + p.describe())
		}
		p.next()
		return &Name{Span{start, t.end}, p.text(t)}
	case tNumber:
		p.next()
		return &Number{Span{start, t.end}, p.text(t)}
	case tString:
		return p.parseStrings()
	case tOp:
		switch p.text(t) {
		case "(":
			return p.parseParen()
		case "[":
			return p.parseList()
		case "{":
			return p.parseBrace()
		case "...":
			p.next()
			return &Const{Span{start, t.end}, "..."}
		}
	}
	p.checkCloser()
	p.fail("expected expression")
	return nil
}

// parseParen parses "()", "(x)", "(x, y)", "(yield x)" and "(x for x in y)".
func (p *parser) parseParen() Expr {
	start := p.tok.pos
	p.openBracket()
	if p.isOp(")") {
		p.closeBracket(true)
		return &Tuple{Span{start, p.prevEnd}, nil}
	}
	if p.isName("yield") {
		x := p.parseYield()
		p.closeBracket(false)
		return x
	}
	x := p.parseStarNamed()
	if p.atComp() {
		p.checkCompElt(x)
		fors := p.parseCompFor()
		p.closeBracket(false)
		return &Comprehension{Span: Span{start, p.prevEnd}, Kind: "generator", Elt: x, Fors: fors}
	}
	if !p.isOp(",") {
		p.closeBracket(true)
		return x // the parentheses only group: the span is x's
	}
	elts := []Expr{x}
	for p.isOp(",") {
		p.next()
		if p.isOp(")") {
			break
		}
		elts = append(elts, p.parseStarNamed())
	}
	p.closeBracket(true)
	return &Tuple{Span{start, p.prevEnd}, elts}
}

// parseList parses "[a, b]" and "[x for x in y]".
func (p *parser) parseList() Expr {
	start := p.tok.pos
	p.openBracket()
	var elts []Expr
	if !p.isOp("]") {
		x := p.parseStarNamed()
		if p.atComp() {
			p.checkCompElt(x)
			fors := p.parseCompFor()
			p.closeBracket(false)
			return &Comprehension{Span: Span{start, p.prevEnd}, Kind: "list", Elt: x, Fors: fors}
		}
		elts = append(elts, x)
		for p.isOp(",") {
			p.next()
			if p.isOp("]") {
				break
			}
			elts = append(elts, p.parseStarNamed())
		}
	}
	p.closeBracket(true)
	return &List{Span{start, p.prevEnd}, elts}
}

// parseBrace parses dicts, sets and their comprehensions.
func (p *parser) parseBrace() Expr {
	start := p.tok.pos
	p.openBracket()
	if p.isOp("}") {
		p.closeBracket(true)
		return &Dict{Span: Span{start, p.prevEnd}}
	}
	// The first item decides between a dict and a set.
	var first Expr
	isDict := false
	unpack := p.tok.pos
	if p.isOp("**") {
		p.next()
		first = p.parseBinary(1)
		isDict = true
	} else {
		first = p.parseStarNamed()
		isDict = p.isOp(":")
	}
	if !isDict {
		if p.atComp() {
			p.checkCompElt(first)
			fors := p.parseCompFor()
			p.closeBracket(false)
			return &Comprehension{Span: Span{start, p.prevEnd}, Kind: "set", Elt: first, Fors: fors}
		}
		elts := []Expr{first}
		for p.isOp(",") {
			p.next()
			if p.isOp("}") {
				break
			}
			elts = append(elts, p.parseStarNamed())
		}
		p.closeBracket(true)
		return &Set{Span{start, p.prevEnd}, elts}
	}
	d := &Dict{}
	if p.isOp(":") {
		p.next()
		v := p.parseTest()
		if p.atComp() {
			fors := p.parseCompFor()
			p.closeBracket(false)
			return &Comprehension{Span: Span{start, p.prevEnd}, Kind: "dict", Key: first, Value: v, Fors: fors}
		}
		d.Keys, d.Values = []Expr{first}, []Expr{v}
	} else {
		if p.atComp() {
			p.errorAt(unpack, "dict unpacking cannot be used in dict comprehension")
		}
		d.Keys, d.Values = []Expr{nil}, []Expr{first}
	}
	for p.isOp(",") {
		p.next()
		if p.isOp("}") {
			break
		}
		if p.isOp("**") {
			p.next()
			d.Keys = append(d.Keys, nil)
			d.Values = append(d.Values, p.parseBinary(1))
			continue
		}
		k := p.parseTest()
		p.expectOp(":")
		d.Keys = append(d.Keys, k)
		d.Values = append(d.Values, p.parseTest())
	}
	p.closeBracket(true)
	d.Span = Span{start, p.prevEnd}
	return d
}
