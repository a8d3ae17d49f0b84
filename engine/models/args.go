package models

import (
	"slices"
	"strings"

	"retort/engine/interp"
	"retort/engine/python"
)

func didYouMean(name string, candidates []string) string { return python.DidYouMean(name, candidates) }

// dialectPrefixes are the dialect names SQLAlchemy accepts as keyword prefixes
// (sqlite_where=, postgresql_using=): such keywords are passed over, except the
// SQLite ones Retort does not know.
var dialectPrefixes = []string{"sqlite_", "postgresql_", "mysql_", "mariadb_", "mssql_", "oracle_"}

// binding holds a call's arguments by parameter name (a few, so a list).
type binding []boundArg

type boundArg struct {
	name string
	a    *interp.Arg
}

// get returns the argument bound to name, or nil.
func (b binding) get(name string) *interp.Arg {
	for i := range b {
		if b[i].name == name {
			return b[i].a
		}
	}
	return nil
}

// bindArgs matches a call's arguments to a Python signature: params may be given by
// position or keyword, kwonly by keyword only; variadic (when not "") collects
// extra positionals. Dialect keywords (sqlite_*) are accepted when sqliteKw
// lists them; other dialects' keywords are accepted and passed over. It
// reports a mistake and returns ok=false when the arguments do not fit.
func (l *Lib) bindArgs(c *interp.Args, fn string, params, kwonly []string, variadic string, sqliteKw []string) (b binding, rest []interp.Arg, ok bool) {
	b = make(binding, 0, len(c.Pos)+len(c.Kw))
	ok = true
	for i := range c.Pos {
		if i < len(params) {
			b = append(b, boundArg{params[i], &c.Pos[i]})
			continue
		}
		if variadic != "" {
			rest = append(rest, c.Pos[i])
			continue
		}
		l.in.Report(c.Pos[i].Loc, "%s() takes at most %d positional argument%s (%d given)", fn, len(params), plural(len(params)), len(c.Pos))
		return b, rest, false
	}
	for i := range c.Kw {
		a := &c.Kw[i]
		name := a.Name
		if slices.Contains(params, name) || slices.Contains(kwonly, name) {
			if b.get(name) != nil {
				l.in.Report(a.NameLoc, "%s() got multiple values for argument '%s'", fn, name)
				ok = false
				continue
			}
			b = append(b, boundArg{name, a})
			continue
		}
		if strings.HasPrefix(name, "sqlite_") && sqliteKw != nil {
			if slices.Contains(sqliteKw, name) {
				b = append(b, boundArg{name, a})
				continue
			}
			l.in.Report(a.NameLoc, "%s() got an unexpected keyword argument '%s' (SQLite's dialect does not accept it)%s", fn, name, didYouMean(name, sqliteKw))
			ok = false
			continue
		}
		if hasDialectPrefix(name) && sqliteKw != nil {
			b = append(b, boundArg{name, a})
			continue
		}
		all := append(slices.Clone(params), kwonly...)
		all = append(all, sqliteKw...)
		l.in.Report(a.NameLoc, "%s() got an unexpected keyword argument '%s'%s", fn, name, didYouMean(name, all))
		ok = false
	}
	return b, rest, ok
}

func hasDialectPrefix(name string) bool {
	for _, p := range dialectPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// val returns a's value for a consumer that has no better words for a missing
// name: an undefined value is reported now, and becomes Poison.
func (l *Lib) val(a interp.Arg) interp.Value {
	if u, ok := a.Value.(*interp.Undefined); ok {
		if !u.Handled {
			interp.MarkHandled(u)
			l.in.Report(u.Loc, "%s", u.Msg)
		}
		return interp.Poison{}
	}
	return a.Value
}

// report records an error a library call failed with (an exception from
// Python code it ran, or one it made).
func (l *Lib) report(err error) {
	if err == nil || interp.IsReported(err) {
		return
	}
	var e *interp.Exception
	if ex, ok := err.(*interp.Exception); ok {
		e = ex
	}
	if e == nil {
		l.in.Report(interp.Loc{}, "%s", err.Error())
		return
	}
	l.in.Report(e.Loc, "%s", e.Text())
}

// wantBool reads a True/False argument. None counts as False.
func (l *Lib) wantBool(a interp.Arg, what string) (v bool, ok bool) {
	switch x := l.val(a).(type) {
	case interp.Bool:
		return bool(x), true
	case interp.NoneType:
		return false, true
	case interp.Int:
		if x == 0 || x == 1 {
			return x == 1, true
		}
	case interp.Poison:
		return false, false
	}
	l.in.Report(a.Loc, "%s must be True or False, not %s", what, interp.Describe(a.Value))
	return false, false
}

// wantStr reads a string argument; none reports whether None was given.
func (l *Lib) wantStr(a interp.Arg, what string, noneOK bool) (s string, none, ok bool) {
	switch x := l.val(a).(type) {
	case interp.Str:
		return string(x), false, true
	case interp.NoneType:
		if noneOK {
			return "", true, true
		}
	case interp.Poison:
		return "", false, false
	}
	if m, ok := a.Value.(*interp.EnumMember); ok {
		if s, isStr := m.Value.(interp.Str); isStr {
			return string(s), false, true
		}
	}
	l.in.Report(a.Loc, "%s must be a string, not %s", what, interp.Describe(a.Value))
	return "", false, false
}

// wantInt reads an integer argument (None allowed when noneOK); an error
// names it what+whatSuffix ("String" " length").
func (l *Lib) wantInt(a interp.Arg, what, whatSuffix string, noneOK bool) (n int, none, ok bool) {
	switch x := l.val(a).(type) {
	case interp.Int:
		if x >= 0 && x < 1<<31 {
			return int(x), false, true
		}
	case interp.NoneType:
		if noneOK {
			return 0, true, true
		}
	case interp.Poison:
		return 0, false, false
	}
	l.in.Report(a.Loc, "%s%s must be a whole number, not %s", what, whatSuffix, interp.Describe(a.Value))
	return 0, false, false
}

// isNone reports whether v is None.
func isNone(v interp.Value) bool {
	_, ok := v.(interp.NoneType)
	return ok
}

// silent reports whether v stands for a mistake already reported.
func silent(v interp.Value) bool {
	switch v := v.(type) {
	case interp.Poison:
		return true
	case *interp.Undefined:
		return v.Handled
	}
	return false
}

// span joins two Locs of one file into the Loc from the first's start to the
// second's end.
func span(from, to interp.Loc) interp.Loc {
	if from.File == nil {
		return to
	}
	if to.File != from.File {
		return from
	}
	return interp.Loc{File: from.File, From: from.From, To: to.To}
}
