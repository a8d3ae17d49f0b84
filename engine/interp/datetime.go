package interp

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// Python's datetime objects: date, datetime, time (each with an optional fixed
// offset, timezone.utc or timezone(timedelta)), and timedelta, computed as
// CPython computes them (microseconds, years 1 to 9999).

const (
	usPerSec  = int64(1_000_000)
	usPerDay  = 86400 * usPerSec
	epochDays = 719162 // days from 0001-01-01 to 1970-01-01
)

// DateTimeKind says which of date, datetime and time a DateTime is.
type DateTimeKind byte

const (
	KindDate DateTimeKind = iota
	KindDatetime
	KindTime
)

// DateTime is a datetime.date, datetime.datetime or datetime.time. US is the
// wall clock in microseconds: since 0001-01-01 00:00 for a date or datetime,
// since midnight for a time.
type DateTime struct {
	Kind DateTimeKind
	US   int64
	TZ   *TZ // nil: naive
}

// Timedelta is a datetime.timedelta, in microseconds.
type Timedelta struct{ US int64 }

// TZ is a datetime.timezone: a fixed offset from UTC.
type TZ struct {
	Offset int64 // microseconds
	Name   string
}

var utcTZ = &TZ{Name: "UTC"}

// NewDateTime makes a naive datetime from its fields (no range checks).
func NewDateTime(t time.Time) *DateTime {
	return &DateTime{Kind: KindDatetime, US: civilUS(t.Year(), int(t.Month()), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond()/1000)}
}

func civilUS(y, m, d, hh, mm, ss, us int) int64 {
	return time.Date(y, time.Month(m), d, hh, mm, ss, us*1000, time.UTC).UnixMicro() + epochDays*usPerDay
}

// Civil returns the value's fields (a time's date fields are 1900-01-01's).
func (d *DateTime) Civil() time.Time {
	us := d.US
	if d.Kind == KindTime {
		us += civilUS(1900, 1, 1, 0, 0, 0, 0)
	}
	return time.UnixMicro(us - epochDays*usPerDay).UTC()
}

// As returns the value as a date (its day), a datetime (a date's midnight)
// or a time (its time of day).
func (d *DateTime) As(kind DateTimeKind) *DateTime {
	day := floorDiv(d.US, usPerDay) * usPerDay
	switch {
	case kind == d.Kind:
		return d
	case kind == KindDate:
		return &DateTime{Kind: KindDate, US: day}
	case kind == KindTime:
		return &DateTime{Kind: KindTime, US: d.US - day, TZ: d.TZ}
	}
	return &DateTime{Kind: KindDatetime, US: d.US, TZ: d.TZ}
}

// SQLite writes the value as SQLAlchemy's SQLite dialect stores it for a
// column of its own type: 'YYYY-MM-DD HH:MM:SS.ffffff', 'YYYY-MM-DD',
// 'HH:MM:SS.ffffff' (the offset left out).
func (d *DateTime) SQLite() string {
	t := d.Civil()
	switch d.Kind {
	case KindDate:
		return t.Format("2006-01-02")
	case KindTime:
		return t.Format("15:04:05.000000")
	}
	return fmt.Sprintf("%04d-%s", t.Year(), t.Format("01-02 15:04:05.000000"))
}

// IsoFormat is isoformat(sep): what str() gives (with " ").
func (d *DateTime) IsoFormat(sep, timespec string) (string, error) {
	t := d.Civil()
	date := fmt.Sprintf("%04d-%02d-%02d", t.Year(), t.Month(), t.Day())
	if d.Kind == KindDate {
		return date, nil
	}
	us := t.Nanosecond() / 1000
	var clock string
	switch timespec {
	case "auto", "":
		clock = fmt.Sprintf("%02d:%02d:%02d", t.Hour(), t.Minute(), t.Second())
		if us != 0 {
			clock += fmt.Sprintf(".%06d", us)
		}
	case "hours":
		clock = fmt.Sprintf("%02d", t.Hour())
	case "minutes":
		clock = fmt.Sprintf("%02d:%02d", t.Hour(), t.Minute())
	case "seconds":
		clock = fmt.Sprintf("%02d:%02d:%02d", t.Hour(), t.Minute(), t.Second())
	case "milliseconds":
		clock = fmt.Sprintf("%02d:%02d:%02d.%03d", t.Hour(), t.Minute(), t.Second(), us/1000)
	case "microseconds":
		clock = fmt.Sprintf("%02d:%02d:%02d.%06d", t.Hour(), t.Minute(), t.Second(), us)
	default:
		return "", valueError("Unknown timespec value")
	}
	if d.TZ != nil {
		clock += offsetString(d.TZ.Offset, ":")
	}
	if d.Kind == KindTime {
		return clock, nil
	}
	return date + sep + clock, nil
}

func offsetString(us int64, sep string) string {
	sign := "+"
	if us < 0 {
		sign, us = "-", -us
	}
	h, m, s, f := us/3600/usPerSec, us/60/usPerSec%60, us/usPerSec%60, us%usPerSec
	out := fmt.Sprintf("%s%02d%s%02d", sign, h, sep, m)
	if s != 0 || f != 0 {
		out += fmt.Sprintf("%s%02d", sep, s)
	}
	if f != 0 {
		out += fmt.Sprintf(".%06d", f)
	}
	return out
}

// PyClass implements Object.
func (d *DateTime) PyClass() *Class {
	switch d.Kind {
	case KindDate:
		return DateClass
	case KindTime:
		return TimeClass
	}
	return DatetimeClass
}

// Str implements Stringer.
func (d *DateTime) Str(in *Interp) (string, error) { return d.IsoFormat(" ", "auto") }

// Repr implements Reprer.
func (d *DateTime) Repr(in *Interp) (string, error) {
	t := d.Civil()
	var f []int
	switch d.Kind {
	case KindDate:
		return fmt.Sprintf("datetime.date(%d, %d, %d)", t.Year(), t.Month(), t.Day()), nil
	case KindDatetime:
		f = []int{t.Year(), int(t.Month()), t.Day()}
	}
	f = append(f, t.Hour(), t.Minute())
	if us := t.Nanosecond() / 1000; us != 0 {
		f = append(f, t.Second(), us)
	} else if t.Second() != 0 {
		f = append(f, t.Second())
	}
	s := strings.Trim(strings.ReplaceAll(fmt.Sprint(f), " ", ", "), "[]")
	if d.TZ != nil {
		s += ", tzinfo=" + d.TZ.repr()
	}
	return "datetime." + d.PyClass().Name + "(" + s + ")", nil
}

// HashKey implements Hasher: equal values (the same instant, for aware
// ones) are the same key.
func (d *DateTime) HashKey() (any, error) { return [2]int64{int64(d.Kind), d.utc()}, nil }

func (d *DateTime) utc() int64 {
	if d.TZ != nil {
		return d.US - d.TZ.Offset
	}
	return d.US
}

// BinaryOp implements Operand: arithmetic with timedeltas, subtraction and
// comparison.
func (d *DateTime) BinaryOp(in *Interp, op string, other Value, reflected bool) (Value, error) {
	switch o := other.(type) {
	case *Timedelta:
		if d.Kind == KindTime || op != "+" && (op != "-" || reflected) {
			return NotImplemented, nil
		}
		delta := o.US
		if d.Kind == KindDate { // a date takes the timedelta's days only
			delta = floorDiv(delta, usPerDay) * usPerDay
		}
		if op == "-" {
			delta = -delta
		}
		us := d.US + delta
		if us < 0 || us >= maxUS {
			return nil, NewError("OverflowError", "date value out of range")
		}
		return &DateTime{Kind: d.Kind, US: us, TZ: d.TZ}, nil
	case *DateTime:
		if o.Kind != d.Kind {
			switch op {
			case "==":
				return Bool(false), nil
			case "!=":
				return Bool(true), nil
			}
			return NotImplemented, nil
		}
		a, b := d, o
		if reflected {
			a, b = o, d
		}
		if (a.TZ == nil) != (b.TZ == nil) {
			switch op {
			case "==", "!=":
				if d.Kind == KindDatetime {
					return Bool(op == "!="), nil
				}
			case "-":
				return nil, typeError("can't subtract offset-naive and offset-aware datetimes")
			}
			return nil, typeError("can't compare offset-naive and offset-aware %ss", d.PyClass().Name)
		}
		x, y := a.utc(), b.utc()
		switch op {
		case "-":
			if d.Kind == KindTime {
				return NotImplemented, nil
			}
			return &Timedelta{US: x - y}, nil
		case "==":
			return Bool(x == y), nil
		case "!=":
			return Bool(x != y), nil
		case "<":
			return Bool(x < y), nil
		case "<=":
			return Bool(x <= y), nil
		case ">":
			return Bool(x > y), nil
		case ">=":
			return Bool(x >= y), nil
		}
	}
	return NotImplemented, nil
}

var maxUS = civilUS(10000, 1, 1, 0, 0, 0, 0)

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func dtMethod(name string, fn func(in *Interp, a *Args) (Value, error)) (Value, error) {
	return &Builtin{Name: name, Fn: fn}, nil
}

// GetAttr implements Attrs.
func (d *DateTime) GetAttr(in *Interp, name string) (Value, error) {
	t := d.Civil()
	date, clock := d.Kind != KindTime, d.Kind != KindDate
	switch {
	case date && name == "year":
		return Int(t.Year()), nil
	case date && name == "month":
		return Int(t.Month()), nil
	case date && name == "day":
		return Int(t.Day()), nil
	case clock && name == "hour":
		return Int(t.Hour()), nil
	case clock && name == "minute":
		return Int(t.Minute()), nil
	case clock && name == "second":
		return Int(t.Second()), nil
	case clock && name == "microsecond":
		return Int(t.Nanosecond() / 1000), nil
	case clock && name == "fold":
		return Int(0), nil
	case clock && name == "tzinfo":
		if d.TZ == nil {
			return None, nil
		}
		return d.TZ, nil
	}
	switch name {
	case "isoformat":
		return dtMethod(name, func(in *Interp, a *Args) (Value, error) {
			sep, spec := "T", "auto"
			if d.Kind != KindTime && len(a.Pos) > 0 {
				sep, _ = strArg(a, 0, name)
			}
			if v, ok := kwarg(a, "sep", Str(sep)).(Str); ok {
				sep = string(v)
			}
			if v, ok := kwarg(a, "timespec", Str(spec)).(Str); ok {
				spec = string(v)
			}
			s, err := d.IsoFormat(sep, spec)
			return Str(s), err
		})
	case "strftime", "__format__":
		return dtMethod(name, func(in *Interp, a *Args) (Value, error) {
			f, err := strArg(a, 0, name)
			if err != nil {
				return nil, err
			}
			if f == "" && name == "__format__" {
				s, err := d.Str(in)
				return Str(s), err
			}
			return Str(strftime(d, f)), nil
		})
	case "replace":
		return dtMethod(name, func(in *Interp, a *Args) (Value, error) {
			f := []int{t.Year(), int(t.Month()), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond() / 1000}
			names := dtFieldNames[d.Kind]
			tz := Value(None)
			if d.TZ != nil {
				tz = d.TZ
			}
			for i, p := range a.Pos {
				if i >= len(names) {
					return nil, typeError("replace() takes at most %d arguments", len(names))
				}
				if names[i] == "tzinfo" {
					tz = p.Value
					continue
				}
				n, ok := intOf(p.Value)
				if !ok {
					return nil, typeError("an integer is required")
				}
				f[dtFieldIndex[names[i]]] = int(n)
			}
			for _, k := range a.Kw {
				if k.Name == "tzinfo" && d.Kind != KindDate {
					tz = k.Value
					continue
				}
				i, ok := dtFieldIndex[k.Name]
				n, isInt := intOf(k.Value)
				if !ok || !isInt || !slicesContains(names, k.Name) {
					return nil, typeError("'%s' is an invalid keyword argument for replace()", k.Name)
				}
				f[i] = int(n)
			}
			return makeDateTime(d.Kind, f, tz)
		})
	case "weekday", "isoweekday":
		return dtMethod(name, func(in *Interp, a *Args) (Value, error) {
			w := (int(t.Weekday()) + 6) % 7
			if name == "isoweekday" {
				w++
			}
			return Int(w), nil
		})
	case "toordinal":
		return dtMethod(name, func(in *Interp, a *Args) (Value, error) { return Int(floorDiv(d.US, usPerDay) + 1), nil })
	case "date":
		return dtMethod(name, func(in *Interp, a *Args) (Value, error) {
			return &DateTime{Kind: KindDate, US: floorDiv(d.US, usPerDay) * usPerDay}, nil
		})
	case "time", "timetz":
		return dtMethod(name, func(in *Interp, a *Args) (Value, error) {
			out := &DateTime{Kind: KindTime, US: d.US - floorDiv(d.US, usPerDay)*usPerDay}
			if name == "timetz" {
				out.TZ = d.TZ
			}
			return out, nil
		})
	case "timestamp":
		return dtMethod(name, func(in *Interp, a *Args) (Value, error) {
			us := d.US - epochDays*usPerDay
			if d.TZ != nil {
				us -= d.TZ.Offset
			} else {
				_, off := time.UnixMicro(us).In(time.Local).Zone()
				us -= int64(off) * usPerSec
			}
			return Float(float64(us) / 1e6), nil
		})
	case "utcoffset", "tzname":
		return dtMethod(name, func(in *Interp, a *Args) (Value, error) {
			if d.TZ == nil {
				return None, nil
			}
			if name == "tzname" {
				return Str(d.TZ.String()), nil
			}
			return &Timedelta{US: d.TZ.Offset}, nil
		})
	case "astimezone":
		return dtMethod(name, func(in *Interp, a *Args) (Value, error) {
			us := d.US
			if d.TZ != nil {
				us -= d.TZ.Offset
			} else {
				_, off := time.UnixMicro(us - epochDays*usPerDay).In(time.Local).Zone()
				us -= int64(off) * usPerSec
			}
			var tz *TZ
			if len(a.Pos) > 0 && a.Pos[0].Value != None {
				ok := false
				if tz, ok = a.Pos[0].Value.(*TZ); !ok {
					return nil, typeError("tzinfo argument must be None or of a tzinfo subclass, not type '%s'", TypeOf(a.Pos[0].Value).Name)
				}
			} else {
				_, off := time.UnixMicro(us - epochDays*usPerDay).In(time.Local).Zone()
				name, _ := time.UnixMicro(us - epochDays*usPerDay).In(time.Local).Zone()
				tz = &TZ{Offset: int64(off) * usPerSec, Name: name}
			}
			return &DateTime{Kind: KindDatetime, US: us + tz.Offset, TZ: tz}, nil
		})
	}
	return nil, nil
}

func slicesContains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

var (
	dtFieldNames = map[DateTimeKind][]string{
		KindDate:     {"year", "month", "day"},
		KindDatetime: {"year", "month", "day", "hour", "minute", "second", "microsecond", "tzinfo"},
		KindTime:     {"hour", "minute", "second", "microsecond", "tzinfo"},
	}
	dtFieldIndex = map[string]int{"year": 0, "month": 1, "day": 2, "hour": 3, "minute": 4, "second": 5, "microsecond": 6}
)

// makeDateTime checks the fields (year, month, day, hour, minute, second,
// microsecond) as CPython does and makes the value.
func makeDateTime(kind DateTimeKind, f []int, tz Value) (Value, error) {
	if kind != KindTime {
		if f[0] < 1 || f[0] > 9999 {
			return nil, valueError("year %d is out of range", f[0])
		}
		if f[1] < 1 || f[1] > 12 {
			return nil, valueError("month must be in 1..12")
		}
		if f[2] < 1 || f[2] > daysIn(f[0], f[1]) {
			return nil, valueError("day is out of range for month")
		}
	} else {
		f[0], f[1], f[2] = 1900, 1, 1
	}
	for i, lim := range []int{24, 60, 60, 1000000} {
		if f[3+i] < 0 || f[3+i] >= lim {
			return nil, valueError("%s must be in 0..%d", []string{"hour", "minute", "second", "microsecond"}[i], lim-1)
		}
	}
	d := &DateTime{Kind: kind, US: civilUS(f[0], f[1], f[2], f[3], f[4], f[5], f[6])}
	if kind == KindTime {
		d.US -= civilUS(1900, 1, 1, 0, 0, 0, 0)
	}
	switch z := tz.(type) {
	case NoneType, nil:
	case *TZ:
		d.TZ = z
	default:
		return nil, typeError("tzinfo argument must be None or of a tzinfo subclass, not type '%s'", TypeOf(tz).Name)
	}
	return d, nil
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// dtArgs binds a constructor's arguments to the kind's fields.
func dtArgs(kind DateTimeKind, a *Args) ([]int, Value, error) {
	names := dtFieldNames[kind]
	f := []int{0, 0, 0, 0, 0, 0, 0}
	var tz Value = None
	set := map[string]bool{}
	put := func(name string, v Value) error {
		if set[name] {
			return typeError("argument for function given by name ('%s') and position", name)
		}
		set[name] = true
		if name == "tzinfo" {
			tz = v
			return nil
		}
		n, ok := intOf(v)
		if !ok {
			return typeError("'%s' object cannot be interpreted as an integer", TypeOf(v).Name)
		}
		f[dtFieldIndex[name]] = int(n)
		return nil
	}
	if len(a.Pos) > len(names) {
		return nil, nil, typeError("function takes at most %d arguments (%d given)", len(names), len(a.Pos))
	}
	for i, p := range a.Pos {
		if err := put(names[i], p.Value); err != nil {
			return nil, nil, err
		}
	}
	for _, k := range a.Kw {
		if !slicesContains(names, k.Name) {
			return nil, nil, typeError("'%s' is an invalid keyword argument for this function", k.Name)
		}
		if err := put(k.Name, k.Value); err != nil {
			return nil, nil, err
		}
	}
	if kind != KindTime {
		for _, n := range names[:3] {
			if !set[n] {
				return nil, nil, typeError("function missing required argument '%s'", n)
			}
		}
	}
	return f, tz, nil
}

// PyClass implements Object.
func (t *Timedelta) PyClass() *Class { return TimedeltaClass }

func (t *Timedelta) parts() (days, secs, us int64) {
	days = floorDiv(t.US, usPerDay)
	rest := t.US - days*usPerDay
	return days, rest / usPerSec, rest % usPerSec
}

// Str implements Stringer.
func (t *Timedelta) Str(in *Interp) (string, error) {
	days, secs, us := t.parts()
	s := fmt.Sprintf("%d:%02d:%02d", secs/3600, secs/60%60, secs%60)
	if us != 0 {
		s += fmt.Sprintf(".%06d", us)
	}
	if days != 0 {
		plural := "s"
		if days == 1 || days == -1 {
			plural = ""
		}
		s = fmt.Sprintf("%d day%s, %s", days, plural, s)
	}
	return s, nil
}

// Repr implements Reprer.
func (t *Timedelta) Repr(in *Interp) (string, error) {
	days, secs, us := t.parts()
	var parts []string
	for i, v := range []int64{days, secs, us} {
		if v != 0 {
			parts = append(parts, fmt.Sprintf("%s=%d", []string{"days", "seconds", "microseconds"}[i], v))
		}
	}
	if parts == nil {
		parts = []string{"0"}
	}
	return "datetime.timedelta(" + strings.Join(parts, ", ") + ")", nil
}

// HashKey implements Hasher.
func (t *Timedelta) HashKey() (any, error) { return *t, nil }

// Truth implements Truther.
func (t *Timedelta) Truth(in *Interp) (bool, error) { return t.US != 0, nil }

// UnaryOp implements UnaryOperand.
func (t *Timedelta) UnaryOp(in *Interp, op string) (Value, error) {
	switch op {
	case "-":
		return &Timedelta{US: -t.US}, nil
	case "+":
		return t, nil
	}
	return nil, typeError("bad operand type for unary %s: 'datetime.timedelta'", op)
}

// BinaryOp implements Operand.
func (t *Timedelta) BinaryOp(in *Interp, op string, other Value, reflected bool) (Value, error) {
	if o, ok := other.(*Timedelta); ok {
		a, b := t.US, o.US
		if reflected {
			a, b = b, a
		}
		switch op {
		case "+":
			return &Timedelta{US: a + b}, nil
		case "-":
			return &Timedelta{US: a - b}, nil
		case "/":
			if b == 0 {
				return nil, NewError("ZeroDivisionError", "division by zero")
			}
			return Float(float64(a) / float64(b)), nil
		case "//", "%":
			if b == 0 {
				return nil, NewError("ZeroDivisionError", "integer division or modulo by zero")
			}
			q := floorDiv(a, b)
			if op == "//" {
				return Int(q), nil
			}
			return &Timedelta{US: a - q*b}, nil
		case "==":
			return Bool(a == b), nil
		case "!=":
			return Bool(a != b), nil
		case "<":
			return Bool(a < b), nil
		case "<=":
			return Bool(a <= b), nil
		case ">":
			return Bool(a > b), nil
		case ">=":
			return Bool(a >= b), nil
		}
		return NotImplemented, nil
	}
	switch op {
	case "==", "!=":
		if _, isDT := other.(*DateTime); !isDT {
			return Bool(op == "!="), nil
		}
	case "*":
		if n, ok := intOf(other); ok {
			return &Timedelta{US: t.US * n}, nil
		}
		if f, ok := other.(Float); ok {
			return &Timedelta{US: int64(math.RoundToEven(float64(t.US) * float64(f)))}, nil
		}
	case "/", "//":
		if reflected {
			break
		}
		f, ok := floatOf(other)
		if !ok {
			break
		}
		if f == 0 {
			return nil, NewError("ZeroDivisionError", "division by zero")
		}
		if n, isInt := intOf(other); isInt && op == "//" {
			return &Timedelta{US: floorDiv(t.US, n)}, nil
		}
		if op == "//" {
			return nil, typeError("unsupported operand type(s) for //: 'datetime.timedelta' and 'float'")
		}
		return &Timedelta{US: int64(math.RoundToEven(float64(t.US) / f))}, nil
	}
	return NotImplemented, nil
}

// GetAttr implements Attrs.
func (t *Timedelta) GetAttr(in *Interp, name string) (Value, error) {
	days, secs, us := t.parts()
	switch name {
	case "days":
		return Int(days), nil
	case "seconds":
		return Int(secs), nil
	case "microseconds":
		return Int(us), nil
	case "total_seconds":
		return dtMethod(name, func(in *Interp, a *Args) (Value, error) { return Float(float64(t.US) / 1e6), nil })
	}
	return nil, nil
}

// timedelta(days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0,
// hours=0, weeks=0): floats are summed and rounded half to even, as CPython.
func newTimedelta(a *Args) (Value, error) {
	names := []string{"days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks"}
	scale := []int64{usPerDay, usPerSec, 1, 1000, 60 * usPerSec, 3600 * usPerSec, 7 * usPerDay}
	var total int64
	var frac float64
	add := func(i int, v Value) error {
		if n, ok := intOf(v); ok {
			total += n * scale[i]
			return nil
		}
		f, ok := v.(Float)
		if !ok {
			return typeError("unsupported type for timedelta %s component: %s", names[i], TypeOf(v).Name)
		}
		whole, part := math.Modf(float64(f))
		total += int64(whole) * scale[i]
		frac += part * float64(scale[i])
		return nil
	}
	if len(a.Pos) > len(names) {
		return nil, typeError("timedelta() takes at most 7 arguments")
	}
	for i, p := range a.Pos {
		if err := add(i, p.Value); err != nil {
			return nil, err
		}
	}
	for _, k := range a.Kw {
		i := -1
		for j, n := range names {
			if n == k.Name {
				i = j
			}
		}
		if i < 0 {
			return nil, typeError("'%s' is an invalid keyword argument for __new__()", k.Name)
		}
		if err := add(i, k.Value); err != nil {
			return nil, err
		}
	}
	return &Timedelta{US: total + int64(math.RoundToEven(frac))}, nil
}

// PyClass implements Object.
func (z *TZ) PyClass() *Class { return timezoneClass }

func (z *TZ) String() string {
	if z.Name != "" {
		return z.Name
	}
	return "UTC" + offsetString(z.Offset, ":")
}

func (z *TZ) repr() string {
	if z == utcTZ {
		return "datetime.timezone.utc"
	}
	td, _ := (&Timedelta{US: z.Offset}).Repr(nil)
	if z.Name != "" {
		return "datetime.timezone(" + td + ", " + quote(z.Name) + ")"
	}
	return "datetime.timezone(" + td + ")"
}

// Str implements Stringer.
func (z *TZ) Str(in *Interp) (string, error) { return z.String(), nil }

// Repr implements Reprer.
func (z *TZ) Repr(in *Interp) (string, error) { return z.repr(), nil }

// HashKey implements Hasher.
func (z *TZ) HashKey() (any, error) { return z.Offset, nil }

// BinaryOp implements Operand: timezones compare by offset.
func (z *TZ) BinaryOp(in *Interp, op string, other Value, reflected bool) (Value, error) {
	o, ok := other.(*TZ)
	switch {
	case op == "==":
		return Bool(ok && o.Offset == z.Offset), nil
	case op == "!=":
		return Bool(!ok || o.Offset != z.Offset), nil
	}
	return NotImplemented, nil
}

// GetAttr implements Attrs.
func (z *TZ) GetAttr(in *Interp, name string) (Value, error) {
	switch name {
	case "utcoffset":
		return dtMethod(name, func(in *Interp, a *Args) (Value, error) { return &Timedelta{US: z.Offset}, nil })
	case "tzname":
		return dtMethod(name, func(in *Interp, a *Args) (Value, error) { return Str(z.String()), nil })
	}
	return nil, nil
}

// fromTimestamp is fromtimestamp()/utcfromtimestamp(): the seconds rounded
// to microseconds half to even, as CPython.
func fromTimestamp(v Value, loc *time.Location, tz *TZ) (Value, error) {
	f, ok := floatOf(v)
	if !ok {
		return nil, typeError("'%s' object cannot be interpreted as an integer", TypeOf(v).Name)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 3e11 {
		return nil, valueError("year is out of range")
	}
	whole, frac := math.Modf(f)
	us := int64(math.RoundToEven(frac * 1e6))
	secs := int64(whole)
	if us >= usPerSec {
		secs, us = secs+1, us-usPerSec
	} else if us < 0 {
		secs, us = secs-1, us+usPerSec
	}
	if tz != nil {
		out := NewDateTime(time.Unix(secs, us*1000).UTC())
		out.US += tz.Offset
		out.TZ = tz
		return out, nil
	}
	return NewDateTime(time.Unix(secs, us*1000).In(loc)), nil
}

// nowValue is now(tz)/utcnow()/today().
func nowValue(tz Value, utc bool) (Value, error) {
	t := time.Now()
	switch z := tz.(type) {
	case *TZ:
		d := NewDateTime(t.UTC())
		d.US += z.Offset
		d.TZ = z
		return d, nil
	case NoneType, nil:
	default:
		return nil, typeError("tzinfo argument must be None or of a tzinfo subclass, not type '%s'", TypeOf(tz).Name)
	}
	if utc {
		t = t.UTC()
	}
	return NewDateTime(t), nil
}

// fromISO is fromisoformat() for the three kinds (Python 3.11's forms:
// YYYY-MM-DD or YYYYMMDD, then any one character and HH[:MM[:SS[.f]]] with
// an optional Z or ±HH:MM offset).
func fromISO(kind DateTimeKind, s string) (Value, error) {
	bad := valueError("Invalid isoformat string: %s", quote(s))
	f := []int{1900, 1, 1, 0, 0, 0, 0}
	rest := s
	digits := func(n int) (int, bool) {
		if len(rest) < n {
			return 0, false
		}
		v := 0
		for i := 0; i < n; i++ {
			c := rest[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		rest = rest[n:]
		return v, true
	}
	if kind != KindTime {
		var ok1, ok2, ok3 bool
		f[0], ok1 = digits(4)
		dash := strings.HasPrefix(rest, "-")
		if dash {
			rest = rest[1:]
		}
		f[1], ok2 = digits(2)
		if dash {
			if !strings.HasPrefix(rest, "-") {
				return nil, bad
			}
			rest = rest[1:]
		}
		f[2], ok3 = digits(2)
		if !ok1 || !ok2 || !ok3 {
			return nil, bad
		}
		if kind == KindDate || rest == "" {
			if rest != "" {
				return nil, bad
			}
			return makeDateTime(kind, f, None)
		}
		_, size := utf8.DecodeRuneInString(rest)
		rest = rest[size:]
	}
	var tz Value = None
	if i := strings.IndexAny(rest, "Z+-"); i >= 0 {
		off := rest[i:]
		rest = rest[:i]
		if off == "Z" {
			tz = utcTZ
		} else {
			sign := int64(1)
			if off[0] == '-' {
				sign = -1
			}
			parts := strings.Split(strings.ReplaceAll(off[1:], ":", ""), ".")
			p := parts[0]
			if len(p) != 2 && len(p) != 4 && len(p) != 6 || len(parts) > 2 {
				return nil, bad
			}
			var us int64
			for j := 0; j < len(p); j += 2 {
				v, ok := atoi2(p[j : j+2])
				if !ok {
					return nil, bad
				}
				us += int64(v) * []int64{3600, 60, 1}[j/2] * usPerSec
			}
			if us == 0 && sign > 0 {
				tz = utcTZ
			} else {
				tz = &TZ{Offset: sign * us}
			}
		}
	}
	for i := 3; i < 6 && rest != ""; i++ {
		if i > 3 {
			if rest[0] != ':' {
				break
			}
			rest = rest[1:]
		}
		v, ok := digits(2)
		if !ok {
			return nil, bad
		}
		f[i] = v
	}
	if rest != "" {
		if rest[0] != '.' && rest[0] != ',' || len(rest) < 2 {
			return nil, bad
		}
		frac := rest[1:]
		us := 0
		for i := 0; i < len(frac); i++ {
			if frac[i] < '0' || frac[i] > '9' {
				return nil, bad
			}
			if i < 6 {
				us = us*10 + int(frac[i]-'0')
			}
		}
		for i := len(frac); i < 6; i++ {
			us *= 10
		}
		f[6] = us
	}
	return makeDateTime(kind, f, tz)
}

func atoi2(s string) (int, bool) {
	if len(s) != 2 || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' {
		return 0, false
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), true
}

var timezoneClass = NewClass("timezone", "datetime", &Native{New: func(in *Interp, cls *Class, a *Args) (Value, error) {
	if err := want(a, "timezone", 1, 2); err != nil {
		return nil, err
	}
	td, ok := a.Pos[0].Value.(*Timedelta)
	if !ok {
		return nil, typeError("timezone() argument 1 must be datetime.timedelta, not %s", TypeOf(a.Pos[0].Value).Name)
	}
	if td.US <= -usPerDay || td.US >= usPerDay {
		return nil, valueError("offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24).")
	}
	z := &TZ{Offset: td.US}
	if len(a.Pos) > 1 {
		n, err := strArg(a, 1, "timezone")
		if err != nil {
			return nil, err
		}
		z.Name = n
	}
	if z.Offset == 0 && z.Name == "" {
		return utcTZ, nil
	}
	return z, nil
}})

// Standard library classes that are column types in annotations.
var (
	DateClass      = dtClass(KindDate, "date")
	DatetimeClass  = dtClass(KindDatetime, "datetime", DateClass)
	TimeClass      = dtClass(KindTime, "time")
	TimedeltaClass = NewClass("timedelta", "datetime", &Native{New: func(in *Interp, cls *Class, a *Args) (Value, error) { return newTimedelta(a) }})
)

func dtClass(kind DateTimeKind, name string, bases ...*Class) *Class {
	c := NewClass(name, "datetime", &Native{New: func(in *Interp, cls *Class, a *Args) (Value, error) {
		f, tz, err := dtArgs(kind, a)
		if err != nil {
			return nil, err
		}
		return makeDateTime(kind, f, tz)
	}}, bases...)
	fn := func(name string, f func(in *Interp, a *Args) (Value, error)) {
		c.Dict.Set(name, &StaticMethod{Func: &Builtin{Name: name, Fn: f}})
	}
	arg := func(a *Args, i int, name string) Value {
		if i < len(a.Pos) {
			return a.Pos[i].Value
		}
		return kwarg(a, name, None)
	}
	fn("fromisoformat", func(in *Interp, a *Args) (Value, error) {
		s, err := strArg(a, 0, "fromisoformat")
		if err != nil {
			return nil, err
		}
		return fromISO(kind, s)
	})
	if kind == KindTime {
		return c
	}
	fn("today", func(in *Interp, a *Args) (Value, error) {
		v, err := nowValue(None, false)
		if err == nil && kind == KindDate {
			v.(*DateTime).Kind, v.(*DateTime).US = KindDate, floorDiv(v.(*DateTime).US, usPerDay)*usPerDay
		}
		return v, err
	})
	fn("fromtimestamp", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "fromtimestamp", 1, 2); err != nil {
			return nil, err
		}
		tz, _ := arg(a, 1, "tz").(*TZ)
		v, err := fromTimestamp(a.Pos[0].Value, time.Local, tz)
		if err == nil && kind == KindDate {
			v.(*DateTime).Kind, v.(*DateTime).US = KindDate, floorDiv(v.(*DateTime).US, usPerDay)*usPerDay
		}
		return v, err
	})
	fn("fromordinal", func(in *Interp, a *Args) (Value, error) {
		n, ok := intOf(arg(a, 0, "ordinal"))
		if !ok || n < 1 || n > 3652059 {
			return nil, valueError("ordinal must be >= 1")
		}
		return &DateTime{Kind: kind, US: (n - 1) * usPerDay}, nil
	})
	dateLimits(c, kind)
	if kind == KindDate {
		return c
	}
	fn("now", func(in *Interp, a *Args) (Value, error) { return nowValue(arg(a, 0, "tz"), false) })
	fn("utcnow", func(in *Interp, a *Args) (Value, error) { return nowValue(None, true) })
	fn("utcfromtimestamp", func(in *Interp, a *Args) (Value, error) {
		if err := want(a, "utcfromtimestamp", 1, 1); err != nil {
			return nil, err
		}
		return fromTimestamp(a.Pos[0].Value, time.UTC, nil)
	})
	fn("strptime", func(in *Interp, a *Args) (Value, error) {
		s, err := strArg(a, 0, "strptime")
		if err != nil {
			return nil, err
		}
		f, err := strArg(a, 1, "strptime")
		if err != nil {
			return nil, err
		}
		return Strptime(s, f)
	})
	fn("combine", func(in *Interp, a *Args) (Value, error) {
		d, ok1 := arg(a, 0, "date").(*DateTime)
		t, ok2 := arg(a, 1, "time").(*DateTime)
		if !ok1 || !ok2 || d.Kind == KindTime || t.Kind != KindTime {
			return nil, typeError("combine() takes a date and a time")
		}
		out := &DateTime{Kind: KindDatetime, US: floorDiv(d.US, usPerDay)*usPerDay + t.US, TZ: t.TZ}
		if z, ok := arg(a, 2, "tzinfo").(*TZ); ok {
			out.TZ = z
		}
		return out, nil
	})
	return c
}

func dateLimits(c *Class, kind DateTimeKind) {
	c.Dict.Set("min", &DateTime{Kind: kind})
	c.Dict.Set("max", &DateTime{Kind: kind, US: maxUS - usPerDay*int64(1-int(kind)) - int64(kind)})
}

func datetimeModule(in *Interp) (*Module, error) {
	m := NewModule("datetime")
	m.Set("datetime", DatetimeClass)
	m.Set("date", DateClass)
	m.Set("time", TimeClass)
	m.Set("timedelta", TimedeltaClass)
	timezoneClass.Dict.Set("utc", utcTZ)
	m.Set("timezone", timezoneClass)
	m.Set("tzinfo", timezoneClass)
	m.Set("UTC", utcTZ)
	m.Set("MINYEAR", Int(1))
	m.Set("MAXYEAR", Int(9999))
	return m, nil
}
