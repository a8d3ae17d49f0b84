package models

import (
	"regexp"
	"strconv"
	"time"

	"retort/engine/interp"
	"retort/engine/schema"
)

// What SQLAlchemy 1.4's SQLite dialect does with a Python value bound to a
// column of a type (its bind processor), and with what SQLite gives back for
// one (its result processor): datetimes as 'YYYY-MM-DD HH:MM:SS.ffffff',
// dates as 'YYYY-MM-DD', times as 'HH:MM:SS.ffffff' (an offset is dropped),
// PickleType as pickle.dumps(value, HIGHEST_PROTOCOL). Values of other types,
// and those bound without a type (sa.text(), sa.column('x')), go to the
// driver as they are: sqlite3 writes a datetime or date as isoformat(" ").
// (A value SQLAlchemy would refuse for a date/time type, such as a str, is
// passed on as it is.)

// isSQL reports whether v is a SQL expression or statement (bound as what it
// is) rather than a Python value.
func isSQL(v interp.Value) bool {
	switch v.(type) {
	case *sqlExpr, *columnObj, *textExpr, *stmtObj, *tableObj:
		return true
	}
	return false
}

// bindTyped binds v for a column of type typ (nil: none; t its schema type):
// a TypeDecorator's own process_bind_param first, then BindValue.
func bindTyped(in *interp.Interp, typ *typeObj, t schema.Type, v interp.Value) (interp.Value, error) {
	if in != nil && typ != nil && typ.cls != nil && !isNone(v) {
		if m, owner, ok := typ.cls.Lookup("process_bind_param"); ok && owner.Data == nil {
			r, err := in.Call(&interp.Method{Self: typ, Func: m}, interp.Values(v, lib(in).dialectObj()))
			if err != nil {
				return nil, err
			}
			v = r
		}
	}
	return BindValue(in, t, v)
}

// BindValue is the value SQLite receives for v bound to a column of type t.
func BindValue(in *interp.Interp, t schema.Type, v interp.Value) (interp.Value, error) {
	if interp.Identical(v, interp.None) {
		return v, nil
	}
	switch t.Name {
	case "DateTime", "DATETIME", "TIMESTAMP":
		if d, ok := v.(*interp.DateTime); ok && d.Kind != interp.KindTime {
			return interp.Str(d.As(interp.KindDatetime).SQLite()), nil
		}
	case "Date", "DATE":
		if d, ok := v.(*interp.DateTime); ok && d.Kind != interp.KindTime {
			return interp.Str(d.As(interp.KindDate).SQLite()), nil
		}
	case "Time", "TIME":
		if d, ok := v.(*interp.DateTime); ok && d.Kind == interp.KindTime {
			return interp.Str(d.SQLite()), nil
		}
	case "PickleType":
		b, err := interp.PickleDumps(in, v, interp.PickleHighest)
		return interp.Bytes(b), err
	}
	if d, ok := v.(*interp.DateTime); ok && d.Kind != interp.KindTime {
		s, err := d.IsoFormat(" ", "auto")
		return interp.Str(s), err
	}
	return v, nil
}

var (
	sqliteDatetimeRe = regexp.MustCompile(`^(\d+)-(\d+)-(\d+) (\d+):(\d+):(\d+)(?:\.(\d{1,6}))?`)
	sqliteDateRe     = regexp.MustCompile(`^(\d+)-(\d+)-(\d+)`)
	sqliteTimeRe     = regexp.MustCompile(`^(\d+):(\d+):(\d+)(?:\.(\d{1,6}))?`)
)

// ResultValue is what a script reads from a column of type t for the value
// SQLite returned.
func ResultValue(t schema.Type, v interp.Value) (interp.Value, error) {
	switch t.Name {
	case "DateTime", "DATETIME", "TIMESTAMP", "Date", "DATE", "Time", "TIME":
		s, ok := v.(interp.Str)
		if !ok {
			return v, nil
		}
		re, kind, what := sqliteDatetimeRe, interp.KindDatetime, "datetime"
		switch t.Name {
		case "Date", "DATE":
			re, kind, what = sqliteDateRe, interp.KindDate, "date"
		case "Time", "TIME":
			re, kind, what = sqliteTimeRe, interp.KindTime, "time"
		}
		m := re.FindStringSubmatch(string(s))
		if m == nil {
			return nil, interp.NewError("ValueError", "Couldn't parse %s string: %s", what, strconv.Quote(string(s)))
		}
		f := make([]int, len(m)-1)
		for i, p := range m[1:] {
			if i == len(m)-2 && kind != interp.KindDate && p != "" {
				p = (p + "00000")[:6]
			}
			f[i], _ = strconv.Atoi(p)
		}
		switch kind {
		case interp.KindDate:
			f = append(f, 0, 0, 0, 0)
		case interp.KindTime:
			f = append([]int{1900, 1, 1}, f...)
		}
		if f[0] < 1 || f[0] > 9999 || f[1] < 1 || f[1] > 12 || f[2] < 1 || f[2] > 31 || f[3] > 23 || f[4] > 59 || f[5] > 59 {
			return nil, interp.NewError("ValueError", "Couldn't parse %s string: %s", what, strconv.Quote(string(s)))
		}
		d := interp.NewDateTime(time.Date(f[0], time.Month(f[1]), f[2], f[3], f[4], f[5], f[6]*1000, time.UTC))
		return d.As(kind), nil
	case "PickleType":
		if b, ok := v.(interp.Bytes); ok {
			return interp.PickleLoads([]byte(b))
		}
	}
	return v, nil
}
