package models

import (
	"strings"

	"retort/engine/schema"
)

// annInfo is what a class attribute's annotation says.
type annInfo struct {
	mapped   bool // Mapped[...]: a mapped attribute (a column unless a relationship)
	inner    *arg // the Python type inside Mapped[], Optional and None removed
	optional bool // Optional[X], X | None, Union[X, None]
}

// annotation reads an annotation: Mapped[Optional[int]], Mapped["User"], ...
func (ev *evaluator) annotation(a *arg) annInfo {
	a = ev.stringAnnotation(a)
	g, ok := a.val.(*genericVal)
	if !ok {
		return annInfo{}
	}
	origin, _ := g.origin.(externVal)
	switch canon(origin.path) {
	case "sa.Mapped":
	default:
		// WriteOnlyMapped, DynamicMapped (relationships), ClassVar, ...
		return annInfo{}
	}
	if len(g.args) != 1 {
		return annInfo{mapped: true}
	}
	inner, optional := ev.unwrapOptional(g.args[0])
	if inner != nil {
		// Mapped[List["Post"]], Mapped["Post"]: relationships, not columns.
		if ig, ok := inner.val.(*genericVal); ok {
			if o, ok := ig.origin.(externVal); ok && isCollection(canon(o.path)) {
				return annInfo{}
			}
		}
		if c, ok := inner.val.(*classVal); ok && (c.declBase != nil || c.mapped) {
			return annInfo{}
		}
	}
	return annInfo{mapped: true, inner: inner, optional: optional}
}

func isCollection(path string) bool {
	switch path {
	case "typing.List", "typing.Set", "typing.Dict", "typing.Sequence", "typing.Collection",
		"typing.FrozenSet", "builtins.list", "builtins.set", "builtins.dict", "builtins.frozenset",
		"collections.abc.Sequence", "collections.abc.Collection":
		return true
	}
	return false
}

// stringAnnotation returns a's value; string annotations were evaluated when
// the annotation was (resolveStrings).
func (ev *evaluator) stringAnnotation(a *arg) *arg { return a }

// unwrapOptional strips Optional[X], Union[X, None], X | None.
func (ev *evaluator) unwrapOptional(a *arg) (*arg, bool) {
	a = ev.stringAnnotation(a)
	var members []*arg
	switch v := a.val.(type) {
	case *genericVal:
		o, _ := v.origin.(externVal)
		switch canon(o.path) {
		case "typing.Optional":
			if len(v.args) == 1 {
				inner, _ := ev.unwrapOptional(v.args[0])
				return inner, true
			}
			return a, true
		case "typing.Union":
			members = v.args
		case "typing.Annotated":
			if len(v.args) > 0 {
				return ev.unwrapOptional(v.args[0])
			}
			return a, false
		default:
			return a, false
		}
	case *unionVal:
		members = v.members
	case noneVal:
		return nil, true
	default:
		return a, false
	}
	var kept []*arg
	optional := false
	for _, m := range members {
		m = ev.stringAnnotation(m)
		if _, none := m.val.(noneVal); none {
			optional = true
			continue
		}
		inner, opt := ev.unwrapOptional(m)
		optional = optional || opt
		if inner != nil {
			kept = append(kept, inner)
		}
	}
	if len(kept) == 1 {
		return kept[0], optional
	}
	return a, optional
}

// annotationType maps the Python type of a Mapped[] annotation to a column type:
// the base's type_annotation_map first, then SQLAlchemy's default one.
func (ev *evaluator) annotationType(cls *classVal, a *arg) (*typeVal, bool) {
	for _, e := range cls.baseTypeMap() {
		if sameValue(e.key, a.val) {
			return e.typ, false
		}
	}
	switch v := a.val.(type) {
	case externVal:
		if name, ok := annotationTypes[canon(v.path)]; ok {
			return &typeVal{t: schema.Type{Name: name}}, false
		}
	case *classVal:
		if v.enum != nil {
			tv := &typeVal{t: schema.Type{Name: "Enum", EnumName: strings.ToLower(v.name)}}
			for _, m := range v.enum.members {
				tv.t.Enum = append(tv.t.Enum, m.name)
			}
			return tv, false
		}
	case *genericVal:
		if o, ok := v.origin.(externVal); ok && canon(o.path) == "typing.Literal" {
			tv := &typeVal{t: schema.Type{Name: "Enum"}}
			for _, m := range v.args {
				s, ok := m.val.(strVal)
				if !ok {
					ev.errorAt(m, "Literal[...] values must be strings to become an Enum, not %s", describe(m.val))
					return nil, true
				}
				tv.t.Enum = append(tv.t.Enum, string(s))
			}
			return tv, false
		}
	case *unionVal:
		ev.errorAt(a, "a union of several types (%s) has no SQL type: give mapped_column() a type", a.src)
		return nil, true
	case poisonVal:
		return nil, true
	case *undefinedVal:
		if !v.handled {
			v.handled = true
			ev.errorf(v.pos, v.end, "name '%s' is not defined%s", v.name, didYouMean(v.name, annotationNames))
		}
		return nil, true
	}
	return nil, false
}

// sameValue reports whether two values are the same Python object, as far as
// Retort can tell (type_annotation_map keys).
func sameValue(a, b value) bool {
	switch a := a.(type) {
	case externVal:
		if b, ok := b.(externVal); ok {
			return canon(a.path) == canon(b.path)
		}
	case *classVal:
		return a == b
	}
	return false
}

// annotationNames are the Python types SQLAlchemy maps by default, for
// suggestions.
var annotationNames = []string{"int", "str", "float", "bool", "bytes", "datetime", "date", "time", "timedelta", "Decimal", "UUID", "Optional"}
