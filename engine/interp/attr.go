package interp

import (
	"sort"
	"strings"

	"retort/engine/python"
)

// GetAttr returns obj.name, raising AttributeError in Python's words (at at).
func (in *Interp) GetAttr(obj Value, name string, at Loc) (Value, error) {
	v, err := in.getAttr(obj, name, at)
	return v, withLoc(err, at)
}

// getAttr returns obj.name. A missing attribute of a module or a class is an
// Undefined (reported by whoever uses it, as a missing name is).
func (in *Interp) getAttr(obj Value, name string, at Loc) (Value, error) {
	switch o := obj.(type) {
	case *Module:
		if v, ok := o.Dict.Get(name); ok {
			return v, nil
		}
		if o.Lazy != nil {
			v, ok, err := o.Lazy(in, name)
			if err != nil {
				return nil, err
			}
			if u, missing := v.(*Undefined); ok && missing {
				u.Loc = at
				return u, nil
			}
			if ok {
				o.Dict.Set(name, v)
				return v, nil
			}
		}
		if sub, ok, err := in.importSubmodule(o, name, at); err != nil || ok {
			return sub, err
		}
		if o.failed || o.loading {
			return Poison{}, nil
		}
		return in.missingAttr(name, "module '"+o.Name+"' has no attribute '"+name+"'"+didYouMean(name, append(publicNames(o.Dict), in.starNames[o]...)), at), nil
	case *Class:
		return in.classAttr(o, name, at)
	case *Instance:
		return in.instanceAttr(o, name, at)
	case *Exception:
		switch name {
		case "args":
			return NewTuple(o.Args...), nil
		case "__class__":
			return o.Class, nil
		case "__cause__":
			if o.Cause == nil {
				return None, nil
			}
			return o.Cause, nil
		}
		if o.Dict != nil {
			if v, ok := o.Dict.Get(name); ok {
				return v, nil
			}
		}
		if v, _, ok := o.Class.Lookup(name); ok {
			return bindAttr(v, o, o.Class)
		}
		return nil, attributeError("'%s' object has no attribute '%s'", o.Class.Name, name)
	case *Opaque:
		return &Opaque{What: o.What + "." + name, Loc: at}, nil
	case *Undefined:
		return nil, undefinedError(o)
	case Poison:
		return nil, errReported
	case *Func:
		switch name {
		case "__name__":
			return Str(o.Name), nil
		case "__qualname__":
			return Str(o.Qualname), nil
		case "__module__":
			return Str(o.Module.Name), nil
		case "__doc__":
			if o.Def != nil {
				if d := docstring(o.Def.Body); d != "" {
					return Str(d), nil
				}
			}
			return None, nil
		}
		if v, ok := o.Dict.Get(name); ok {
			return v, nil
		}
		return nil, attributeError("'function' object has no attribute '%s'", name)
	case *Builtin:
		if name == "__name__" {
			return Str(o.Name), nil
		}
	case *Method:
		switch name {
		case "__self__":
			return o.Self, nil
		case "__func__":
			return o.Func, nil
		}
		return in.getAttr(o.Func, name, at)
	case *Property:
		switch name {
		case "setter":
			return &Builtin{Name: "setter", Fn: func(in *Interp, a *Args) (Value, error) {
				return &Property{Get: o.Get, Set: a.Pos[0].Value}, nil
			}}, nil
		case "getter":
			return &Builtin{Name: "getter", Fn: func(in *Interp, a *Args) (Value, error) {
				return &Property{Get: a.Pos[0].Value, Set: o.Set}, nil
			}}, nil
		}
	case Attrs:
		v, err := o.GetAttr(in, name)
		if u, ok := v.(*Undefined); ok && !u.Loc.Valid() {
			u.Loc = at
		}
		if err != nil || v != nil {
			return v, withLoc(err, at)
		}
	}
	if m, ok := builtinMethod(in, obj, name); ok {
		return m, nil
	}
	if name == "__class__" {
		return TypeOf(obj), nil
	}
	return nil, attributeError("'%s' object has no attribute '%s'", TypeOf(obj).Name, name)
}

// missingAttr makes the Undefined a missing module or class attribute is.
func (in *Interp) missingAttr(name, msg string, at Loc) *Undefined {
	u := &Undefined{Name: name, Msg: msg, Loc: at, Attr: true}
	in.pending = append(in.pending, u)
	return u
}

// MissingAttr is missingAttr for libraries: an attribute a library object
// does not have, reported by its use.
func (in *Interp) MissingAttr(name, msg string, at Loc) *Undefined {
	return in.missingAttr(name, msg, at)
}

func publicNames(ns *Namespace) []string {
	var out []string
	for _, n := range ns.Names() {
		if !strings.HasPrefix(n, "_") {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// classAttr returns cls.name.
func (in *Interp) classAttr(c *Class, name string, at Loc) (Value, error) {
	for _, k := range c.MRO {
		if k.Native != nil && k.Native.ClassAttr != nil {
			v, ok, err := k.Native.ClassAttr(in, c, name)
			if err != nil || ok {
				return v, err
			}
		}
	}
	if v, _, ok := c.Lookup(name); ok {
		switch d := v.(type) {
		case *ClassMethod:
			return &Method{Self: c, Func: d.Func}, nil
		case *StaticMethod:
			return d.Func, nil
		}
		return v, nil
	}
	switch name {
	case "__name__":
		return Str(c.Name), nil
	case "__qualname__":
		return Str(c.Name), nil
	case "__module__":
		return Str(c.Module), nil
	case "__mro__":
		items := make([]Value, len(c.MRO))
		for i, k := range c.MRO {
			items[i] = k
		}
		return NewTuple(items...), nil
	case "__bases__":
		items := make([]Value, len(c.Bases))
		for i, k := range c.Bases {
			items[i] = k
		}
		return NewTuple(items...), nil
	case "__dict__":
		d := NewDict()
		for _, n := range c.Dict.Names() {
			v, _ := c.Dict.Get(n)
			d.SetStr(n, v)
		}
		return d, nil
	case "__annotations__":
		d := NewDict()
		if b := c.Body(); b != nil {
			for _, a := range b.Annotations {
				d.SetStr(a.Name, a.Value)
			}
		}
		return d, nil
	case "__doc__":
		return None, nil
	case "__new__":
		// object.__new__: an instance of a Python class, not initialised.
		if _, _, ok := c.Lookup("__new__"); !ok {
			return &Builtin{Name: "__new__", Fn: func(in *Interp, a *Args) (Value, error) {
				if len(a.Pos) == 0 {
					return nil, typeError("object.__new__(): not enough arguments")
				}
				k, ok := a.Pos[0].Value.(*Class)
				if !ok {
					return nil, typeError("object.__new__(X): X is not a type object (%s)", TypeOf(a.Pos[0].Value).Name)
				}
				return &Instance{Class: k, Dict: NewNamespace()}, nil
			}}, nil
		}
	}
	if m, ok := builtinClassMethod(in, c, name); ok {
		return m, nil
	}
	if c.opaqueBase() {
		return &Opaque{What: c.Name + "." + name, Loc: at}, nil
	}
	var names []string
	for _, k := range c.MRO {
		names = append(names, k.Dict.Names()...)
	}
	return in.missingAttr(name, "type object '"+c.Name+"' has no attribute '"+name+"'"+didYouMean(name, names), at), nil
}

// instanceAttr returns obj.name for an instance of a Python class.
func (in *Interp) instanceAttr(o *Instance, name string, at Loc) (Value, error) {
	for _, k := range o.Class.MRO {
		if k.Native != nil && k.Native.InstanceAttr != nil {
			v, ok, err := k.Native.InstanceAttr(in, o, name)
			if err != nil || ok {
				return v, err
			}
		}
	}
	cv, owner, inClass := o.Class.Lookup(name)
	if p, ok := cv.(*Property); ok && inClass {
		if p.Get == nil {
			return nil, attributeError("unreadable attribute")
		}
		return in.call(p.Get, Values(o))
	}
	if v, ok := o.Dict.Get(name); ok {
		return v, nil
	}
	if inClass {
		return bindAttr(cv, o, owner)
	}
	switch name {
	case "__class__":
		return o.Class, nil
	case "__dict__":
		d := NewDict()
		for _, n := range o.Dict.Names() {
			v, _ := o.Dict.Get(n)
			d.SetStr(n, v)
		}
		return d, nil
	}
	if ga, _, ok := o.Class.Lookup("__getattr__"); ok {
		return in.call(&Method{Self: o, Func: ga}, Values(Str(name)))
	}
	if o.Class.opaqueBase() {
		return &Opaque{What: o.Class.Name + "()." + name, Loc: at}, nil
	}
	return nil, attributeError("'%s' object has no attribute '%s'", o.Class.Name, name)
}

// bindAttr binds a class attribute found for an instance: functions become
// methods.
func bindAttr(v Value, self Value, owner *Class) (Value, error) {
	switch d := v.(type) {
	case *Func:
		return &Method{Self: self, Func: d}, nil
	case *ClassMethod:
		return &Method{Self: TypeOf(self), Func: d.Func}, nil
	case *StaticMethod:
		return d.Func, nil
	case *Builtin:
		if d.Self == nil && owner != nil && (owner.Native != nil || d.Method) {
			return &Method{Self: self, Func: d}, nil
		}
	}
	return v, nil
}

// SetAttr sets obj.name = v.
func (in *Interp) SetAttr(obj Value, name string, v Value) error {
	switch o := obj.(type) {
	case *Instance:
		if cv, _, ok := o.Class.Lookup(name); ok {
			if p, ok := cv.(*Property); ok {
				if p.Set == nil {
					return attributeError("can't set attribute '%s'", name)
				}
				_, err := in.call(p.Set, Values(o, v))
				return err
			}
		}
		o.Dict.Set(name, v)
		return nil
	case *Class:
		o.Dict.Set(name, v)
		return nil
	case *Module:
		o.Dict.Set(name, v)
		return nil
	case *Func:
		o.Dict.Set(name, v)
		return nil
	case *Exception:
		if o.Dict == nil {
			o.Dict = NewNamespace()
		}
		o.Dict.Set(name, v)
		return nil
	case AttrSetter:
		return o.SetAttr(in, name, v)
	case *Opaque:
		return nil // an outside object: Retort does not follow its state
	case *Undefined:
		return undefinedError(o)
	case Poison:
		return errReported
	}
	return attributeError("'%s' object has no attribute '%s'", TypeOf(obj).Name, name)
}

// HasAttr reports whether obj has the attribute (hasattr()).
func (in *Interp) HasAttr(obj Value, name string) (bool, error) {
	n := len(in.pending)
	v, err := in.getAttr(obj, name, Loc{})
	if u, ok := v.(*Undefined); ok {
		u.Handled = true
		in.pending = in.pending[:n]
		return false, nil
	}
	if err != nil {
		if e, ok := err.(*Exception); ok && e.Class.IsSubclass(exceptionClasses["AttributeError"]) {
			return false, nil
		}
		return false, err
	}
	return true, nil
}

func docstring(body []python.Stmt) string {
	if d := python.Docstring(body); d != nil {
		return d.Value
	}
	return ""
}
