package project

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// NewRevisionID is a new revision id as Alembic makes one (uuid4().hex[-12:]):
// 12 lowercase hex digits, all random.
func NewRevisionID() string {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand failed: " + err.Error()) // never happens: rand.Read does not fail
	}
	return hex.EncodeToString(b[:])
}

func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
}

// Slugify is the slug of a revision file name, as Alembic's _rev_path makes
// it: the message's words (runs of \w) joined by "_", lowercased, and, if
// longer than truncate characters, cut to truncate and back to the last "_",
// which stays: "add a much longer message" -> "add_a_much_".
func Slugify(message string, truncate int) string {
	words := strings.FieldsFunc(message, func(r rune) bool { return !isWordRune(r) })
	slug := []rune(strings.ToLower(strings.Join(words, "_")))
	if truncate > 0 && len(slug) > truncate {
		cut := string(slug[:truncate])
		if i := strings.LastIndex(cut, "_"); i >= 0 {
			cut = cut[:i]
		}
		return cut + "_"
	}
	return string(slug)
}

func templateTokens(rev, slug string, created time.Time) map[string]any {
	return map[string]any{
		"rev":    rev,
		"slug":   slug,
		"epoch":  created.Unix(),
		"year":   created.Year(),
		"month":  int(created.Month()),
		"day":    created.Day(),
		"hour":   created.Hour(),
		"minute": created.Minute(),
		"second": created.Second(),
	}
}

// RevisionFileName is the file a new revision is written to, as Alembic's
// _rev_path names it: file_template filled in, plus ".py", inside the
// version folder dir (an FS path; "" for the first version location).
// created is the revision's create date, in the configured timezone.
func (c *Config) RevisionFileName(dir, rev, message string, created time.Time) (string, error) {
	if dir == "" {
		dir = c.VersionLocations[0]
	}
	if strings.ContainsAny(rev, `/\`) || strings.ContainsRune(rev, 0) {
		return "", fmt.Errorf("revision id %q: a revision id names its file, and cannot hold a path separator (/ or \\)", rev)
	}
	slug := Slugify(message, c.TruncateSlugLength)
	name, err := FormatFileTemplate(c.FileTemplate, templateTokens(rev, slug, created))
	if err != nil {
		return "", c.errorAt("file_template", err.Error())
	}
	file := path.Join(dir, name+".py")
	if rel := path.Clean(name); path.IsAbs(rel) || rel == ".." || strings.HasPrefix(rel, "../") || strings.Contains(name, `\`) {
		return "", c.errorAt("file_template", fmt.Sprintf("file_template %q puts revision %s at %s, outside its version folder %s", c.FileTemplate, rev, file, dir))
	}
	return file, nil
}

// FormatFileTemplate fills a file_template, a Python %-format over named
// values ("%(rev)s_%(slug)s", "%(year)d_%(month).2d"), as Python's % does for
// the conversions s, r, d, i, o, u, x, X with flags, width and precision.
func FormatFileTemplate(tmpl string, values map[string]any) (string, error) {
	var b strings.Builder
	rest := tmpl
	for rest != "" {
		i := strings.IndexByte(rest, '%')
		if i < 0 {
			b.WriteString(rest)
			break
		}
		b.WriteString(rest[:i])
		rest = rest[i:]
		if strings.HasPrefix(rest, "%%") {
			b.WriteByte('%')
			rest = rest[2:]
			continue
		}
		m, ok := matchFormatSpec(rest)
		if !ok {
			return "", fmt.Errorf("file_template %q: unsupported format at %q; use %%(token)s or %%(token)d "+
				"with the tokens rev, slug, epoch, year, month, day, hour, minute, second", tmpl, rest)
		}
		rest = rest[m.n:]
		v, ok := values[m.name]
		if !ok {
			return "", fmt.Errorf("file_template %q: unknown token %%(%s); the tokens are rev, slug, epoch, year, "+
				"month, day, hour, minute, second", tmpl, m.name)
		}
		s, err := pyFormat(v, m.flags, m.width, m.precision, m.conv)
		if err != nil {
			return "", fmt.Errorf("file_template %q: %%(%s)%c: %w", tmpl, m.name, m.conv, err)
		}
		b.WriteString(s)
	}
	return b.String(), nil
}

func pyFormat(v any, flags, width, precision string, conv byte) (string, error) {
	// a file name is at most 255 bytes: larger widths are mistakes
	if len(width) > 3 || len(precision) > 3 {
		return "", fmt.Errorf("width or precision too large")
	}
	var s string
	numeric := false
	switch conv {
	case 's':
		s = fmt.Sprint(v)
		if precision != "" {
			p, _ := strconv.Atoi(precision)
			if r := []rune(s); len(r) > p {
				s = string(r[:p])
			}
		}
	case 'r':
		if str, ok := v.(string); ok {
			s = "'" + str + "'"
		} else {
			s = fmt.Sprint(v)
		}
	case '%':
		s = "%"
	default:
		var n int64
		switch x := v.(type) {
		case int:
			n = int64(x)
		case int64:
			n = x
		default:
			return "", fmt.Errorf("%%%c format: a number is required, not str", conv)
		}
		numeric = true
		neg := n < 0
		if neg {
			n = -n
		}
		base, prefix := 10, ""
		switch conv {
		case 'o':
			base = 8
			if strings.Contains(flags, "#") {
				prefix = "0o"
			}
		case 'x', 'X':
			base = 16
			if strings.Contains(flags, "#") {
				prefix = "0" + string(conv)
			}
		}
		digits := strconv.FormatInt(n, base)
		if conv == 'X' {
			digits = strings.ToUpper(digits)
		}
		if precision != "" {
			p, _ := strconv.Atoi(precision)
			for len(digits) < p {
				digits = "0" + digits
			}
		}
		sign := ""
		switch {
		case neg:
			sign = "-"
		case strings.Contains(flags, "+"):
			sign = "+"
		case strings.Contains(flags, " "):
			sign = " "
		}
		s = sign + prefix + digits
		if w, _ := strconv.Atoi(width); len(s) < w && strings.Contains(flags, "0") && !strings.Contains(flags, "-") {
			s = sign + prefix + strings.Repeat("0", w-len(s)) + digits
		}
	}
	if w, _ := strconv.Atoi(width); len([]rune(s)) < w {
		pad := strings.Repeat(" ", w-len([]rune(s)))
		if strings.Contains(flags, "-") {
			s += pad
		} else if !numeric || !strings.Contains(flags, "0") {
			s = pad + s
		}
	}
	return s, nil
}
