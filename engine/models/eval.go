package models

import (
	"fmt"
	"strings"
)

// evaluator holds one Load: the modules read so far, the metadata objects made,
// and the errors found.
type evaluator struct {
	fsys FS
	errs ErrorList
	// syntax holds the parse errors: when there are any, they are all that is
	// reported (what follows a syntax error is too often its consequence).
	syntax  ErrorList
	modules map[string]*module
	files   []string
	metas   []*metadataVal
	// bases are the declarative bases and MetaData objects, in the order made,
	// for picking the target when env.py does not name one.
	bases []value
	// pending holds the undefined names of the statement being evaluated that no
	// consumer has reported yet.
	pending []*undefinedVal
	// reported holds the missing names reported, by file and message.
	reported map[string]bool
	// declDepth bounds declared_attr functions calling each other.
	declDepth int
	// bareTypes are the types given as a bare class name (Integer), by name.
	bareTypes map[string]*typeVal
	// convNames are the names naming conventions made (Result.ConvNames).
	convNames map[string]bool
}

// undefinedVal is a name (or attribute) that does not exist. Whoever uses it
// reports it, in words that fit the use ("unknown column type 'Strng'"); what
// no one reports by the end of its statement is reported as Python would
// ("name 'x' is not defined").
type undefinedVal struct {
	msg      string // Python's message
	name     string // the missing name
	pos, end loc
	handled  bool
	// forward is set for a name in an annotation: it may be a forward reference
	// to a class defined later, so it is not reported by the statement.
	forward bool
}

func (ev *evaluator) errorf(pos, end loc, format string, args ...any) {
	ev.errs.Add(pos.Pos(), end.Pos(), fmt.Sprintf(format, args...))
}

// errorAt reports a mistake at a's expression.
func (ev *evaluator) errorAt(a *arg, format string, args ...any) {
	ev.errorf(a.pos, a.end, format, args...)
}

// undefined makes an undefinedVal for the current statement.
func (ev *evaluator) undefined(name, msg string, pos, end loc) *undefinedVal {
	u := &undefinedVal{name: name, msg: msg, pos: pos, end: end}
	ev.pending = append(ev.pending, u)
	return u
}

// handle marks an undefined value as reported by its consumer.
func handle(v value) {
	if u, ok := v.(*undefinedVal); ok {
		u.handled = true
	}
}

// flushPending reports the undefined names of the statement just evaluated
// that nothing reported in its own words.
func (ev *evaluator) flushPending() {
	for _, u := range ev.pending {
		if !u.handled {
			u.handled = true
			ev.reportUndefined(u)
		}
	}
	ev.pending = ev.pending[:0]
}

// reportUndefined reports a missing name once per file: using a name that was
// never imported is one mistake, however often the name is used.
func (ev *evaluator) reportUndefined(u *undefinedVal) {
	key := u.pos.file() + "\x00" + u.msg
	if ev.reported == nil {
		ev.reported = map[string]bool{}
	}
	if ev.reported[key] {
		return
	}
	ev.reported[key] = true
	ev.errorf(u.pos, u.end, "%s", u.msg)
}

// val returns a's value for a consumer that has no better words for a missing
// name: an undefined value is reported now, and becomes poisonVal.
func (ev *evaluator) val(a *arg) value {
	if a == nil {
		return nil
	}
	if u, ok := a.val.(*undefinedVal); ok {
		if !u.handled {
			u.handled = true
			ev.reportUndefined(u)
		}
		return poisonVal{}
	}
	return a.val
}

// silent reports whether v stands for a mistake already reported (or about to
// be, by its own consumer).
func silent(v value) bool {
	switch v := v.(type) {
	case poisonVal:
		return true
	case *undefinedVal:
		return v.handled
	}
	return false
}

// describe names a value's kind in messages.
func describe(v value) string {
	switch v := v.(type) {
	case nil:
		return "nothing"
	case noneVal:
		return "None"
	case boolVal:
		if v {
			return "True"
		}
		return "False"
	case intVal:
		return fmt.Sprint(int64(v))
	case floatVal:
		return fmt.Sprint(float64(v))
	case strVal:
		return pyQuote(string(v))
	case *tupleVal:
		if v.list {
			return "a list"
		}
		return "a tuple"
	case *dictVal:
		return "a dict"
	case externVal:
		return v.path
	case *classVal:
		return "class " + v.name
	case *columnVal:
		return "a Column"
	case *typeVal:
		return "a type"
	case *fkVal:
		return "a ForeignKey"
	case *constraintVal:
		return "a constraint"
	case *metadataVal:
		return "a MetaData"
	case *tableVal:
		return "a Table"
	case sqlVal:
		return "a SQL expression"
	case *module:
		return "module " + v.name
	case opaqueVal:
		if v.what != "" {
			return v.what
		}
	}
	return "a value Retort cannot evaluate"
}

// pyQuote writes s as Python's repr() of a str does.
func pyQuote(s string) string {
	q := "'"
	if strings.Contains(s, "'") && !strings.Contains(s, `"`) {
		q = `"`
	}
	var b strings.Builder
	b.WriteString(q)
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case string(r) == q:
			b.WriteString(`\` + q)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteString(q)
	return b.String()
}

// sqlQuote writes s as a SQL string literal.
func sqlQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// truthy is Python's bool() for the values Retort knows; ok is false for a
// value it cannot decide.
func truthy(v value) (b, ok bool) {
	switch v := v.(type) {
	case noneVal:
		return false, true
	case boolVal:
		return bool(v), true
	case intVal:
		return v != 0, true
	case floatVal:
		return v != 0, true
	case strVal:
		return v != "", true
	case *tupleVal:
		return len(v.items) > 0, true
	case *dictVal:
		return len(v.keys) > 0, true
	}
	return false, false
}
