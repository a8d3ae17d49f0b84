package project

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// INI is an .ini file read as Python's configparser.ConfigParser reads it
// (the defaults Alembic uses): sections in brackets, "key = value" or
// "key: value" lines with keys lowercased, values continued on more-indented
// lines, full-line comments starting with # or ; (a # later in a line is part
// of the value), a [DEFAULT] section whose keys every section sees, and
// %(name)s interpolation with %% for a literal percent sign.
type INI struct {
	File     string // the name used in error messages ("alembic.ini")
	defaults map[string]*iniValue
	sections map[string]map[string]*iniValue
	order    []string            // section names in file order
	keys     map[string][]string // section -> keys in file order
	// vars are extra defaults for interpolation that are not in the file,
	// as Alembic passes "here" (the ini file's folder).
	vars map[string]string
}

type iniValue struct {
	lines []string
	line  int // the line of the key
}

func (v *iniValue) raw() string {
	return strings.TrimRightFunc(strings.Join(v.lines, "\n"), unicode.IsSpace)
}

// INIError is a syntax or interpolation error at a line of the file.
type INIError struct {
	File string
	Line int
	Msg  string
}

func (e *INIError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// ParseINI reads data as configparser does. vars are interpolation defaults
// that the file itself does not hold (Alembic's "here").
func ParseINI(file string, data []byte, vars map[string]string) (*INI, error) {
	ini := &INI{
		File:     file,
		defaults: map[string]*iniValue{},
		sections: map[string]map[string]*iniValue{},
		keys:     map[string][]string{},
		vars:     vars,
	}
	text := strings.TrimPrefix(string(data), "\ufeff")
	var cur map[string]*iniValue // nil before the first section header
	curName := ""
	var opt *iniValue
	indent := -1
	seenSections := map[string]bool{}
	for i, line := range splitLinesKeepNone(text) {
		lineno := i + 1
		stripped := strings.TrimSpace(line)
		isComment := strings.HasPrefix(stripped, "#") || strings.HasPrefix(stripped, ";")
		value := stripped
		if isComment {
			value = ""
		}
		if value == "" {
			// blank lines belong to a value being continued (and are trimmed
			// from its end); comment lines are skipped
			if !isComment && opt != nil {
				opt.lines = append(opt.lines, "")
			}
			continue
		}
		curIndent := len(line) - len(strings.TrimLeftFunc(line, unicode.IsSpace))
		if cur != nil && opt != nil && curIndent > indent {
			opt.lines = append(opt.lines, value)
			continue
		}
		indent = curIndent
		if name, ok := matchSection(value); ok {
			if seenSections[name] {
				return nil, &INIError{File: file, Line: lineno, Msg: fmt.Sprintf("section '%s' already exists", name)}
			}
			seenSections[name] = true
			if name == "DEFAULT" {
				cur = ini.defaults
			} else {
				if _, ok := ini.sections[name]; !ok {
					ini.sections[name] = map[string]*iniValue{}
					ini.order = append(ini.order, name)
				}
				cur = ini.sections[name]
			}
			curName = name
			opt = nil
			continue
		}
		if cur == nil {
			return nil, &INIError{File: file, Line: lineno, Msg: fmt.Sprintf("%q is not under a section header such as [alembic]", line)}
		}
		rawKey, rawValue, ok := matchOption(value)
		if !ok || strings.TrimSpace(rawKey) == "" {
			return nil, &INIError{File: file, Line: lineno, Msg: fmt.Sprintf("%q is not a key = value line", line)}
		}
		key := strings.ToLower(strings.TrimRightFunc(rawKey, unicode.IsSpace))
		if _, dup := cur[key]; dup {
			return nil, &INIError{File: file, Line: lineno, Msg: fmt.Sprintf("option '%s' in section '%s' already exists", key, curName)}
		}
		opt = &iniValue{lines: []string{strings.TrimSpace(rawValue)}, line: lineno}
		cur[key] = opt
		ini.keys[curName] = append(ini.keys[curName], key)
	}
	return ini, nil
}

// splitLinesKeepNone splits on \n, \r\n and \r (as Python's universal
// newlines do when reading a text file).
func splitLinesKeepNone(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// Sections are the section names in file order ([DEFAULT] excluded).
func (ini *INI) Sections() []string { return append([]string(nil), ini.order...) }

// HasSection reports whether the file has the section.
func (ini *INI) HasSection(section string) bool {
	_, ok := ini.sections[section]
	return ok
}

// Keys are the keys of a section in file order (defaults excluded).
func (ini *INI) Keys(section string) []string { return append([]string(nil), ini.keys[section]...) }

func (ini *INI) lookup(section, key string) *iniValue {
	key = strings.ToLower(key)
	if sec, ok := ini.sections[section]; ok {
		if v, ok := sec[key]; ok {
			return v
		}
	}
	if v, ok := ini.defaults[key]; ok {
		return v
	}
	return nil
}

// Line is the line number of a key (0 if absent).
func (ini *INI) Line(section, key string) int {
	if v := ini.lookup(section, key); v != nil {
		return v.line
	}
	return 0
}

// Raw is a value without interpolation.
func (ini *INI) Raw(section, key string) (string, bool) {
	if v := ini.lookup(section, key); v != nil {
		return v.raw(), true
	}
	if v, ok := ini.vars[strings.ToLower(key)]; ok {
		return v, true
	}
	return "", false
}

// Get is a value with %(name)s interpolated, as configparser's get() with
// BasicInterpolation. ok is false when the key is absent.
func (ini *INI) Get(section, key string) (value string, ok bool, err error) {
	raw, ok := ini.Raw(section, key)
	if !ok {
		return "", false, nil
	}
	if ini.lookup(section, key) == nil {
		return raw, true, nil // a var: not interpolated
	}
	var b strings.Builder
	refs := 0
	if err := ini.interpolate(&b, &refs, section, strings.ToLower(key), raw, 1); err != nil {
		if errors.Is(err, errExpansionTooLarge) {
			err = &INIError{File: ini.File, Line: ini.Line(section, key), Msg: fmt.Sprintf(
				"value substitution too large: option '%s' in section '%s' expands to more than %d KiB or %d references "+
					"(values that name each other several times over?)", strings.ToLower(key), section, MaxValueLength>>10, MaxReferences)}
		}
		return "", true, err
	}
	return b.String(), true, nil
}

// maxInterpolationDepth is configparser's MAX_INTERPOLATION_DEPTH.
const maxInterpolationDepth = 10

// MaxValueLength and MaxReferences bound one value's interpolation, which
// configparser does not: ten levels of values that each name the next twice
// or more (a = %(b)s%(b)s, b = %(c)s%(c)s, …) grow without end, and a line
// of references to a longer one is as bad. The values Alembic reads are
// paths, URLs and templates, a few hundred bytes with a handful of
// references; 64 KiB and 1,000 references leave room for any of them.
const (
	MaxValueLength = 64 << 10
	MaxReferences  = 1000
)

var errExpansionTooLarge = errors.New("value substitution too large")

func (ini *INI) interpolate(b *strings.Builder, refs *int, section, key, rest string, depth int) error {
	line := ini.Line(section, key)
	fail := func(msg string) error { return &INIError{File: ini.File, Line: line, Msg: msg} }
	if depth > maxInterpolationDepth {
		return fail(fmt.Sprintf("recursion limit exceeded in value substitution: option '%s' in section '%s'", key, section))
	}
	for rest != "" {
		if b.Len() > MaxValueLength || *refs > MaxReferences {
			return errExpansionTooLarge
		}
		i := strings.IndexByte(rest, '%')
		if i < 0 {
			b.WriteString(rest)
			return nil
		}
		b.WriteString(rest[:i])
		rest = rest[i:]
		if len(rest) < 2 {
			return fail(fmt.Sprintf("'%%' must be followed by '%%' or '(', found: %q", rest))
		}
		switch rest[1] {
		case '%':
			b.WriteByte('%')
			rest = rest[2:]
		case '(':
			ref, n, ok := matchVar(rest)
			if !ok {
				return fail(fmt.Sprintf("bad interpolation variable reference %q", rest))
			}
			name := strings.ToLower(ref)
			rest = rest[n:]
			*refs++
			v, found := ini.Raw(section, name)
			if !found {
				raw, _ := ini.Raw(section, key)
				return fail(fmt.Sprintf("bad value substitution: option '%s' in section '%s' contains an interpolation key '%s' which is not a valid option name. Raw value: %q",
					key, section, name, raw))
			}
			if ini.lookup(section, name) == nil {
				b.WriteString(v) // a var such as here
				continue
			}
			if strings.Contains(v, "%") {
				if err := ini.interpolate(b, refs, section, name, v, depth+1); err != nil {
					return err
				}
			} else {
				b.WriteString(v)
			}
		default:
			return fail(fmt.Sprintf("'%%' must be followed by '%%' or '(', found: %q", rest))
		}
	}
	return nil
}
