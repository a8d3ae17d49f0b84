package interp

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// strftime formats as CPython's strftime does on glibc (the C locale); a
// directive glibc does not know is written as it is.
func strftime(d *DateTime, f string) string {
	t := d.Civil()
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c != '%' || i+1 == len(f) {
			b.WriteByte(c)
			continue
		}
		i++
		switch f[i] {
		case 'a':
			b.WriteString(t.Weekday().String()[:3])
		case 'A':
			b.WriteString(t.Weekday().String())
		case 'w':
			fmt.Fprintf(&b, "%d", t.Weekday())
		case 'u':
			fmt.Fprintf(&b, "%d", (int(t.Weekday())+6)%7+1)
		case 'd':
			fmt.Fprintf(&b, "%02d", t.Day())
		case 'e':
			fmt.Fprintf(&b, "%2d", t.Day())
		case 'b', 'h':
			b.WriteString(t.Month().String()[:3])
		case 'B':
			b.WriteString(t.Month().String())
		case 'm':
			fmt.Fprintf(&b, "%02d", t.Month())
		case 'y':
			fmt.Fprintf(&b, "%02d", t.Year()%100)
		case 'Y':
			fmt.Fprintf(&b, "%d", t.Year())
		case 'C':
			fmt.Fprintf(&b, "%02d", t.Year()/100)
		case 'H':
			fmt.Fprintf(&b, "%02d", t.Hour())
		case 'I':
			fmt.Fprintf(&b, "%02d", (t.Hour()+11)%12+1)
		case 'p':
			b.WriteString(map[bool]string{true: "AM", false: "PM"}[t.Hour() < 12])
		case 'M':
			fmt.Fprintf(&b, "%02d", t.Minute())
		case 'S':
			fmt.Fprintf(&b, "%02d", t.Second())
		case 'f':
			fmt.Fprintf(&b, "%06d", t.Nanosecond()/1000)
		case 'j':
			fmt.Fprintf(&b, "%03d", t.YearDay())
		case 'U':
			fmt.Fprintf(&b, "%02d", (t.YearDay()+6-int(t.Weekday()))/7)
		case 'W':
			fmt.Fprintf(&b, "%02d", (t.YearDay()+6-(int(t.Weekday())+6)%7)/7)
		case 'G':
			y, _ := t.ISOWeek()
			fmt.Fprintf(&b, "%d", y)
		case 'V':
			_, w := t.ISOWeek()
			fmt.Fprintf(&b, "%02d", w)
		case 'z':
			if d.TZ != nil {
				b.WriteString(offsetString(d.TZ.Offset, ""))
			}
		case 'Z':
			if d.TZ != nil {
				b.WriteString(d.TZ.String())
			}
		case 'c':
			b.WriteString(strftime(d, "%a %b %e %H:%M:%S %Y"))
		case 'x', 'D':
			b.WriteString(strftime(d, "%m/%d/%y"))
		case 'X', 'T':
			b.WriteString(strftime(d, "%H:%M:%S"))
		case 'F':
			b.WriteString(strftime(d, "%Y-%m-%d"))
		case 'R':
			b.WriteString(strftime(d, "%H:%M"))
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case '%':
			b.WriteByte('%')
		default:
			b.WriteByte('%')
			b.WriteByte(f[i])
		}
	}
	return b.String()
}

// strptimeRes are the patterns of CPython's _strptime (TimeRE, C locale).
var strptimeRes = map[byte]string{
	'd': `(3[01]|[12]\d|0[1-9]|[1-9]| [1-9])`,
	'f': `([0-9]{1,6})`,
	'H': `(2[0-3]|[0-1]\d|\d)`,
	'I': `(1[0-2]|0[1-9]|[1-9])`,
	'G': `(\d\d\d\d)`,
	'j': `(36[0-6]|3[0-5]\d|[12]\d\d|0[1-9]\d|00[1-9]|[1-9]\d|0[1-9]|[1-9])`,
	'm': `(1[0-2]|0[1-9]|[1-9])`,
	'M': `([0-5]\d|\d)`,
	'S': `(6[0-1]|[0-5]\d|\d)`,
	'U': `(5[0-3]|[0-4]\d|\d)`,
	'w': `([0-6])`,
	'u': `([1-7])`,
	'V': `(5[0-3]|0[1-9]|[1-4]\d|\d)`,
	'y': `(\d\d)`,
	'Y': `(\d\d\d\d)`,
	'z': `([+-]\d\d:?[0-5]\d(?::?[0-5]\d(?:\.\d{1,6})?)?|(?-i:Z))`,
	'A': `(monday|tuesday|wednesday|thursday|friday|saturday|sunday)`,
	'a': `(mon|tue|wed|thu|fri|sat|sun)`,
	'B': `(january|february|march|april|may|june|july|august|september|october|november|december)`,
	'b': `(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)`,
	'p': `(am|pm)`,
	'Z': `(utc|gmt)`,
	'W': `(5[0-3]|[0-4]\d|\d)`,
}

var strptimeCache sync.Map // format -> *strptimeFormat

type strptimeFormat struct {
	re         *regexp.Regexp
	directives []byte
}

func compileStrptime(format string) (*strptimeFormat, error) {
	if v, ok := strptimeCache.Load(format); ok {
		return v.(*strptimeFormat), nil
	}
	out := &strptimeFormat{}
	var b strings.Builder
	b.WriteString(`(?i)^`)
	seen := map[byte]bool{}
	for i := 0; i < len(format); i++ {
		c := format[i]
		switch {
		case c == '%':
			if i+1 == len(format) {
				return nil, valueError("stray %% in format %s", quote(format))
			}
			i++
			d := format[i]
			expand := map[byte]string{'c': "%a %b %d %H:%M:%S %Y", 'x': "%m/%d/%y", 'X': "%H:%M:%S"}[d]
			if expand != "" {
				sub, err := compileStrptime(expand)
				if err != nil {
					return nil, err
				}
				b.WriteString(strings.TrimPrefix(strings.TrimSuffix(sub.re.String(), "$"), `(?i)^`))
				out.directives = append(out.directives, sub.directives...)
				continue
			}
			if d == '%' {
				b.WriteString("%")
				continue
			}
			p, ok := strptimeRes[d]
			if !ok {
				return nil, valueError("'%c' is a bad directive in format %s", d, quote(format))
			}
			if seen[d] {
				return nil, NewError("re.error", "redefinition of group name %s", quote(string(d)))
			}
			seen[d] = true
			b.WriteString(p)
			out.directives = append(out.directives, d)
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			for i+1 < len(format) && strings.IndexByte(" \t\n\r\f\v", format[i+1]) >= 0 {
				i++
			}
			b.WriteString(`\s+`)
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, valueError("bad format %s", quote(format))
	}
	out.re = re
	strptimeCache.Store(format, out)
	return out, nil
}

// Strptime is datetime.strptime(s, format), as CPython's _strptime reads it.
func Strptime(s, format string) (Value, error) {
	pf, err := compileStrptime(format)
	if err != nil {
		return nil, err
	}
	m := pf.re.FindStringSubmatchIndex(s)
	if m == nil {
		return nil, valueError("time data %s does not match format %s", quote(s), quote(format))
	}
	if m[1] != len(s) {
		return nil, valueError("unconverted data remains: %s", s[m[1]:])
	}
	year, month, day, hour, minute, second, us, yday := 1900, 1, 1, 0, 0, 0, 0, -1
	hour12, pm := -1, -1
	var tz Value = None
	for i, d := range pf.directives {
		v := s[m[2+2*i]:m[3+2*i]]
		n, _ := strconv.Atoi(strings.TrimSpace(v))
		lv := strings.ToLower(v)
		switch d {
		case 'Y':
			year = n
		case 'y':
			year = n + 1900
			if n <= 68 {
				year = n + 2000
			}
		case 'm':
			month = n
		case 'B', 'b':
			for k := time.January; k <= time.December; k++ {
				if strings.HasPrefix(strings.ToLower(k.String()), lv) {
					month = int(k)
					break
				}
			}
		case 'd':
			day = n
		case 'H':
			hour = n
		case 'I':
			hour12 = n
		case 'p':
			pm = map[bool]int{true: 1, false: 0}[lv == "pm"]
		case 'M':
			minute = n
		case 'S':
			second = n
		case 'f':
			us, _ = strconv.Atoi((v + "00000")[:6])
		case 'j':
			yday = n
		case 'z':
			if v == "Z" {
				tz = utcTZ
				break
			}
			sign := int64(1)
			if v[0] == '-' {
				sign = -1
			}
			digits := strings.ReplaceAll(v[1:], ":", "")
			frac := ""
			if k := strings.IndexByte(digits, '.'); k >= 0 {
				digits, frac = digits[:k], digits[k+1:]
			}
			var off int64
			for k := 0; k+2 <= len(digits); k += 2 {
				p, _ := strconv.Atoi(digits[k : k+2])
				off += int64(p) * []int64{3600, 60, 1}[k/2] * usPerSec
			}
			if frac != "" {
				f, _ := strconv.Atoi((frac + "00000")[:6])
				off += int64(f)
			}
			if off == 0 {
				tz = utcTZ
			} else {
				tz = &TZ{Offset: sign * off}
			}
		}
	}
	if hour12 >= 0 {
		hour = hour12 % 12
		if pm == 1 {
			hour += 12
		}
	}
	if yday > 0 && !slicesContainsByte(pf.directives, 'm', 'd', 'b', 'B') {
		t := time.Date(year, 1, yday, 0, 0, 0, 0, time.UTC)
		month, day = int(t.Month()), t.Day()
	}
	return makeDateTime(KindDatetime, []int{year, month, day, hour, minute, second, us}, tz)
}

func slicesContainsByte(s []byte, any ...byte) bool {
	for _, c := range s {
		for _, a := range any {
			if c == a {
				return true
			}
		}
	}
	return false
}
