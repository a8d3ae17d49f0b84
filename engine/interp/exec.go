package interp

import (
	"errors"

	"retort/engine/python"
)

// frame is where code runs: a module's top level, a class body or a call.
type frame struct {
	mod  *Module
	file *python.File
	// fn is the function running (nil at module level and in a class body).
	fn *Func
	// locals are a call's local variables or a class body's namespace; nil at
	// module level, where the module's dict is the locals.
	locals *Namespace
	class  *Class // set in a class body (the class being made)
	// parent is the frame the running function (or class body) was defined
	// in, for names it does not bind itself.
	parent *frame
	ret    Value
	// tries counts the enclosing try blocks with handlers: a missing name
	// inside one raises NameError at once, so that except can catch it.
	tries int
}

// loc returns the Loc of a node of the frame's file.
func (f *frame) loc(n python.Node) Loc { return At(f.file, n) }

type ctrl int

const (
	ctrlNone ctrl = iota
	ctrlReturn
	ctrlBreak
	ctrlContinue
)

// execBody runs statements. top is set for a module's or class's own body:
// with Options.Recover, a statement that raises is reported and the body
// goes on; each statement's unreported missing names are reported at its end.
func (in *Interp) execBody(f *frame, body []python.Stmt, top bool) error {
	for _, st := range body {
		c, err := in.exec(f, st)
		if top {
			in.flushPending()
		}
		if err != nil {
			if !top || !in.opts.Recover || isFatal(err) {
				return err
			}
			in.reportException(err)
			in.poisonTargets(f, st)
			continue
		}
		if c != ctrlNone {
			return errors.New("internal: control statement escaped its block")
		}
	}
	return nil
}

// isFatal reports whether an error must stop everything: the limits and
// cancellation, which going on would hit again.
func isFatal(err error) bool {
	var e *Exception
	if !errors.As(err, &e) {
		return true
	}
	return e.Class == exceptionClasses["RecursionError"] || e.Class == exceptionClasses["KeyboardInterrupt"] ||
		(e.Class == exceptionClasses["RuntimeError"] && e.Plain && e.Go == nil && len(e.Args) == 1 && isStepLimit(e))
}

func isStepLimit(e *Exception) bool {
	s, _ := e.Args[0].(Str)
	return len(s) > 12 && string(s[:12]) == "the code ran"
}

// raisePending raises the first missing name a statement of a nested block
// (a function's body) left unreported, as Python raises it where it is used.
func (in *Interp) raisePending(from int) error {
	if from > len(in.pending) {
		from = len(in.pending)
	}
	var first *Undefined
	for _, u := range in.pending[from:] {
		if !u.Handled && first == nil {
			first = u
		}
	}
	in.pending = in.pending[:from]
	if first != nil {
		return undefinedError(first)
	}
	return nil
}

// flushPending reports the missing names of the statement just run that no
// one reported in its own words.
func (in *Interp) flushPending() {
	for _, u := range in.pending {
		if u.Handled {
			continue
		}
		u.Handled = true
		// One missing name is one mistake: its later uses in the same file
		// say nothing new.
		key := "undefined\x00" + u.Loc.Pos().Filename + "\x00" + u.Msg
		if in.reported[key] {
			continue
		}
		in.reported[key] = true
		in.reportException(undefinedError(u))
	}
	in.pending = in.pending[:0]
}

// targetNames calls f with each name an assignment target binds (a, the a
// and b of (a, [b, *c]), ...).
func targetNames(x python.Expr, f func(name string)) {
	switch t := x.(type) {
	case *python.Name:
		f(t.Id)
	case *python.Tuple:
		for _, e := range t.Elts {
			targetNames(e, f)
		}
	case *python.List:
		for _, e := range t.Elts {
			targetNames(e, f)
		}
	case *python.Starred:
		targetNames(t.X, f)
	}
}

// poisonTargets binds the names a failed statement would have bound to
// Poison, so that their uses do not report again.
func (in *Interp) poisonTargets(f *frame, st python.Stmt) {
	var names []string
	target := func(x python.Expr) { targetNames(x, func(name string) { names = append(names, name) }) }
	switch s := st.(type) {
	case *python.Assign:
		for _, t := range s.Targets {
			target(t)
		}
	case *python.AugAssign:
		target(s.Target)
	case *python.ClassDef:
		names = append(names, s.Name.Id)
	case *python.FuncDef:
		names = append(names, s.Name.Id)
	case *python.Import:
		for _, al := range s.Names {
			if al.As != nil {
				names = append(names, al.As.Id)
			} else {
				top, _, _ := cutDot(al.Name)
				names = append(names, top)
			}
		}
	case *python.ImportFrom:
		for _, al := range s.Names {
			if al.As != nil {
				names = append(names, al.As.Id)
			} else if al.Name != "*" {
				names = append(names, al.Name)
			}
		}
	}
	for _, n := range names {
		if _, bound := in.lookupBound(f, n); !bound {
			in.bindName(f, n, Poison{})
		}
	}
}

func cutDot(s string) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

func (in *Interp) exec(f *frame, st python.Stmt) (ctrl, error) {
	if err := in.step(); err != nil {
		return ctrlNone, withLoc(err, f.loc(st))
	}
	switch s := st.(type) {
	case *python.ExprStmt:
		if str, ok := s.X.(*python.String); ok && !str.FString {
			return ctrlNone, nil // a docstring
		}
		_, err := in.eval(f, s.X)
		return ctrlNone, err
	case *python.Assign:
		return ctrlNone, in.execAssign(f, s)
	case *python.AugAssign:
		return ctrlNone, in.execAugAssign(f, s)
	case *python.Import:
		return ctrlNone, in.execImport(f, s)
	case *python.ImportFrom:
		return ctrlNone, in.execImportFrom(f, s)
	case *python.FuncDef:
		fn, err := in.makeFunc(f, s)
		if err != nil {
			return ctrlNone, err
		}
		v, err := in.decorate(f, s.Decorators, fn)
		if err != nil {
			return ctrlNone, err
		}
		in.bindName(f, s.Name.Id, v)
		return ctrlNone, nil
	case *python.ClassDef:
		return ctrlNone, in.execClass(f, s)
	case *python.Return:
		f.ret = None
		if s.Value != nil {
			v, err := in.eval(f, s.Value)
			if err != nil {
				return ctrlNone, err
			}
			f.ret = v
		}
		if f.fn == nil {
			return ctrlNone, Errorf(f.loc(s), "'return' outside function")
		}
		return ctrlReturn, nil
	case *python.Pass:
		return ctrlNone, nil
	case *python.If:
		for {
			b, err := in.truth(f, s.Test)
			if err != nil {
				return ctrlNone, err
			}
			if b {
				return in.block(f, s.Body)
			}
			if len(s.Else) == 1 {
				if elif, ok := s.Else[0].(*python.If); ok {
					s = elif
					continue
				}
			}
			return in.block(f, s.Else)
		}
	case *python.For:
		return in.execFor(f, s)
	case *python.While:
		for {
			b, err := in.truth(f, s.Test)
			if err != nil {
				return ctrlNone, err
			}
			if !b {
				return in.block(f, s.Else)
			}
			c, err := in.block(f, s.Body)
			if err != nil {
				return ctrlNone, err
			}
			switch c {
			case ctrlBreak:
				return ctrlNone, nil
			case ctrlReturn:
				return c, nil
			}
			if err := in.step(); err != nil {
				return ctrlNone, withLoc(err, f.loc(s))
			}
		}
	case *python.Break:
		return ctrlBreak, nil
	case *python.Continue:
		return ctrlContinue, nil
	case *python.Try:
		return in.execTry(f, s)
	case *python.Raise:
		return ctrlNone, in.execRaise(f, s)
	case *python.With:
		return in.execWith(f, s, 0)
	case *python.Delete:
		for _, t := range s.Targets {
			if err := in.deleteTarget(f, t); err != nil {
				return ctrlNone, err
			}
		}
		return ctrlNone, nil
	case *python.Assert:
		b, err := in.truth(f, s.Test)
		if err != nil || b {
			return ctrlNone, err
		}
		e := &Exception{Class: exceptionClasses["AssertionError"], Loc: f.loc(s)}
		if s.Msg != nil {
			m, err := in.eval(f, s.Msg)
			if err != nil {
				return ctrlNone, err
			}
			e.Args = []Value{m}
		}
		return ctrlNone, e
	case *python.Global, *python.Nonlocal:
		return ctrlNone, nil // read when the function is made
	case *python.Opaque:
		return ctrlNone, Errorf(f.loc(s), "Retort does not run '%s' statements", s.Kind)
	case *python.BadStmt:
		return ctrlNone, errReported // its syntax error is reported
	}
	return ctrlNone, Errorf(f.loc(st), "Retort does not run this kind of statement")
}

// block runs a nested block (not a module's or class's own body).
func (in *Interp) block(f *frame, body []python.Stmt) (ctrl, error) {
	for _, st := range body {
		n := len(in.pending)
		c, err := in.exec(f, st)
		if err == nil {
			err = in.raisePending(n)
		}
		if err != nil || c != ctrlNone {
			return c, err
		}
	}
	return ctrlNone, nil
}

func (in *Interp) truth(f *frame, x python.Expr) (bool, error) {
	v, err := in.eval(f, x)
	if err != nil {
		return false, err
	}
	b, err := in.Truth(v)
	return b, withLoc(err, f.loc(x))
}

func (in *Interp) execFor(f *frame, s *python.For) (ctrl, error) {
	it, err := in.eval(f, s.Iter)
	if err != nil {
		return ctrlNone, err
	}
	var result ctrl
	broke := false
	err = in.Iterate(it, func(v Value) (bool, error) {
		if err := in.assignTo(f, s.Target, v); err != nil {
			return false, err
		}
		c, err := in.block(f, s.Body)
		if err != nil {
			return false, err
		}
		switch c {
		case ctrlBreak:
			broke = true
			return false, nil
		case ctrlReturn:
			result = ctrlReturn
			return false, nil
		}
		return true, in.step()
	})
	if err != nil {
		return ctrlNone, withLoc(err, f.loc(s.Iter))
	}
	if result == ctrlReturn {
		return ctrlReturn, nil
	}
	if !broke {
		return in.block(f, s.Else)
	}
	return ctrlNone, nil
}

func (in *Interp) execTry(f *frame, s *python.Try) (c ctrl, err error) {
	if len(s.Finally) > 0 {
		defer func() {
			saved := f.ret
			fc, ferr := in.block(f, s.Finally)
			if ferr != nil {
				c, err = ctrlNone, ferr
				return
			}
			if fc != ctrlNone {
				c, err = fc, nil // return/break in finally wins
				return
			}
			f.ret = saved
		}()
	}
	if len(s.Handlers) > 0 {
		f.tries++
	}
	c, err = in.block(f, s.Body)
	if len(s.Handlers) > 0 {
		f.tries--
	}
	if err == nil {
		if c != ctrlNone {
			return c, nil
		}
		return in.block(f, s.Else)
	}
	if IsReported(err) || isFatal(err) {
		return ctrlNone, err
	}
	exc := asException(err)
	for _, h := range s.Handlers {
		match := h.Type == nil
		if !match {
			tv, terr := in.eval(f, h.Type)
			if terr != nil {
				return ctrlNone, terr
			}
			match, terr = exceptionMatches(exc, tv)
			if terr != nil {
				return ctrlNone, withLoc(terr, f.loc(h.Type))
			}
		}
		if !match {
			continue
		}
		if h.Name != nil {
			in.bindName(f, h.Name.Id, exc)
		}
		return in.block(f, h.Body)
	}
	return ctrlNone, err
}

// exceptionMatches reports whether an except clause's type (a class or a
// tuple of them) catches exc.
func exceptionMatches(exc *Exception, t Value) (bool, error) {
	switch t := t.(type) {
	case *Class:
		return exc.Class.IsSubclass(t), nil
	case *Tuple:
		for _, it := range t.Items {
			if ok, err := exceptionMatches(exc, it); ok || err != nil {
				return ok, err
			}
		}
		return false, nil
	case *Opaque:
		// An outside exception class (sqlalchemy's own live in a library): it
		// cannot be what Retort raised.
		return false, nil
	case *Undefined:
		return false, undefinedError(t)
	case Poison:
		return false, errReported
	}
	return false, typeError("catching classes that do not inherit from BaseException is not allowed")
}

func (in *Interp) execRaise(f *frame, s *python.Raise) error {
	if s.Exc == nil {
		return Errorf(f.loc(s), "a bare 'raise' outside an except block re-raises nothing")
	}
	v, err := in.eval(f, s.Exc)
	if err != nil {
		return err
	}
	if c, ok := v.(*Class); ok {
		v, err = in.call(c, &Args{Loc: f.loc(s.Exc)})
		if err != nil {
			return withLoc(err, f.loc(s))
		}
	}
	e, ok := v.(*Exception)
	if !ok {
		return withLoc(typeError("exceptions must derive from BaseException"), f.loc(s.Exc))
	}
	if s.Cause != nil {
		cv, err := in.eval(f, s.Cause)
		if err != nil {
			return err
		}
		if ce, ok := cv.(*Exception); ok {
			e.Cause = ce
		}
	}
	e.Loc = f.loc(s)
	e.Trace = nil
	return e
}

func (in *Interp) execWith(f *frame, s *python.With, i int) (ctrl, error) {
	if i == len(s.Items) {
		return in.block(f, s.Body)
	}
	item := s.Items[i]
	cm, err := in.eval(f, item.Expr)
	if err != nil {
		return ctrlNone, err
	}
	at := f.loc(item.Expr)
	enter, exit, err := in.contextManager(cm, at)
	if err != nil {
		return ctrlNone, err
	}
	v, err := enter()
	if err != nil {
		return ctrlNone, withLoc(err, at)
	}
	if item.As != nil {
		if err := in.assignTo(f, item.As, v); err != nil {
			return ctrlNone, err
		}
	}
	c, err := in.execWith(f, s, i+1)
	var exc *Exception
	if err != nil {
		if IsReported(err) || isFatal(err) {
			_, _ = exit(asException(err))
			return ctrlNone, err
		}
		exc = asException(err)
	}
	suppress, xerr := exit(exc)
	if xerr != nil {
		return ctrlNone, withLoc(xerr, at)
	}
	if exc != nil && !suppress {
		return ctrlNone, err
	}
	if exc != nil {
		return ctrlNone, nil
	}
	return c, nil
}

// contextManager returns a with statement's enter and exit.
func (in *Interp) contextManager(cm Value, at Loc) (func() (Value, error), func(*Exception) (bool, error), error) {
	if c, ok := cm.(ContextManager); ok {
		return func() (Value, error) { return c.Enter(in) }, func(e *Exception) (bool, error) { return c.Exit(in, e) }, nil
	}
	if o, ok := cm.(*Opaque); ok {
		// An outside object's with block (a lock, a session): it enters to
		// another Opaque.
		return func() (Value, error) { return &Opaque{What: o.What, Loc: at}, nil },
			func(*Exception) (bool, error) { return false, nil }, nil
	}
	if err := in.use(cm, at); err != nil {
		return nil, nil, err
	}
	enterFn, err := in.getAttr(cm, "__enter__", at)
	if err != nil {
		return nil, nil, withLoc(typeError("%s does not support the context manager protocol", Describe(cm)), at)
	}
	exitFn, err := in.getAttr(cm, "__exit__", at)
	if err != nil {
		return nil, nil, withLoc(typeError("%s does not support the context manager protocol", Describe(cm)), at)
	}
	return func() (Value, error) { return in.call(enterFn, &Args{Loc: at}) },
		func(e *Exception) (bool, error) {
			args := Values(None, None, None)
			if e != nil {
				args = Values(e.Class, e, None)
			}
			r, err := in.call(exitFn, args)
			if err != nil {
				return false, err
			}
			return in.Truth(r)
		}, nil
}

func (in *Interp) deleteTarget(f *frame, t python.Expr) error {
	switch t := t.(type) {
	case *python.Name:
		if f.locals != nil {
			if f.locals.Delete(t.Id) {
				return nil
			}
		} else if f.mod.Dict.Delete(t.Id) {
			return nil
		}
		return withLoc(NewError("NameError", "name '%s' is not defined", t.Id), f.loc(t))
	case *python.Subscript:
		x, err := in.eval(f, t.X)
		if err != nil {
			return err
		}
		k, err := in.eval(f, t.Index)
		if err != nil {
			return err
		}
		switch c := x.(type) {
		case *Dict:
			ok, err := c.Delete(k)
			if err != nil {
				return withLoc(err, f.loc(t))
			}
			if !ok {
				return withLoc(&Exception{Class: exceptionClasses["KeyError"], Args: []Value{k}}, f.loc(t))
			}
			return nil
		case *List:
			i, err := in.index(k, len(c.Items))
			if err != nil {
				return withLoc(err, f.loc(t))
			}
			c.Items = append(c.Items[:i], c.Items[i+1:]...)
			return nil
		}
		return withLoc(typeError("%s does not support item deletion", Describe(x)), f.loc(t))
	case *python.Attribute:
		x, err := in.eval(f, t.X)
		if err != nil {
			return err
		}
		switch o := x.(type) {
		case *Instance:
			o.Dict.Delete(t.Name.Id)
			return nil
		case *Class:
			o.Dict.Delete(t.Name.Id)
			return nil
		case *Module:
			o.Dict.Delete(t.Name.Id)
			return nil
		}
		return nil
	case *python.Tuple:
		for _, e := range t.Elts {
			if err := in.deleteTarget(f, e); err != nil {
				return err
			}
		}
		return nil
	case *python.List:
		for _, e := range t.Elts {
			if err := in.deleteTarget(f, e); err != nil {
				return err
			}
		}
		return nil
	}
	return Errorf(f.loc(t), "cannot delete this")
}
