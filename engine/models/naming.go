package models

import (
	"fmt"
	"strconv"
	"strings"
)

// defaultNamingConvention is SQLAlchemy's: MetaData() without naming_convention
// (or with an empty one) names the indexes index=True makes, and nothing else.
var defaultNamingConvention = convention{templates: map[string]string{kindIndex: "ix_%(column_0_label)s"}}

// namingColumn is one column of a constraint, as the convention tokens see it.
type namingColumn struct {
	Name string // the column's name in the database
	Key  string // the attribute / key it is known by in Python
}

// namingTarget is what a naming convention is applied to: a constraint or index
// of a table. For a foreign key, Columns are the referring columns and RefTable /
// RefColumns what they refer to.
type namingTarget struct {
	Kind       string
	Name       string // the explicit name, if Named
	Named      bool
	Table      string
	Schema     string // the table's schema: a column's label starts with it
	Columns    []namingColumn
	RefTable   string
	RefColumns []string
}

// conventionError is a naming convention that cannot be applied; the caller
// positions it.
type conventionError struct{ msg string }

func (e *conventionError) Error() string { return e.msg }

// applyConvention returns the name SQLAlchemy gives the constraint: the
// convention for its kind, expanded, when the constraint is unnamed or the
// convention uses %(constraint_name)s; otherwise its own name ("" for none).
// fromConvention says which: SQLAlchemy marks such a name conv(), and
// Alembic writes it as op.f('name'). It follows sqlalchemy.sql.naming
// (_constraint_name_for_table, ConventionDict).
func applyConvention(conv convention, t namingTarget, custom func(token string) (string, error)) (name string, fromConvention bool, err error) {
	tmpl, ok := conv.templates[t.Kind]
	if !ok || (t.Named && !strings.Contains(tmpl, "constraint_name")) {
		return t.Name, false, nil
	}
	name, err = expandConvention(tmpl, t, conv, custom)
	return name, err == nil, err
}

// expandConvention is Python's tmpl % ConventionDict(...): %(token)s is replaced
// by the token's value, %% by %.
func expandConvention(tmpl string, t namingTarget, conv convention, custom func(string) (string, error)) (string, error) {
	var b strings.Builder
	for i := 0; i < len(tmpl); i++ {
		c := tmpl[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		if i+1 < len(tmpl) && tmpl[i+1] == '%' {
			b.WriteByte('%')
			i++
			continue
		}
		if i+1 >= len(tmpl) || tmpl[i+1] != '(' {
			return "", &conventionError{fmt.Sprintf("naming convention %q: a %% must be followed by (token)s or %%", tmpl)}
		}
		end := strings.IndexByte(tmpl[i+2:], ')')
		if end < 0 {
			return "", &conventionError{fmt.Sprintf("naming convention %q: unclosed %%(", tmpl)}
		}
		key := tmpl[i+2 : i+2+end]
		j := i + 2 + end + 1
		if j >= len(tmpl) || tmpl[j] != 's' {
			return "", &conventionError{fmt.Sprintf("naming convention %q: %%(%s) must be followed by s", tmpl, key)}
		}
		v, err := conventionToken(key, t, conv, custom)
		if err != nil {
			return "", err
		}
		b.WriteString(v)
		i = j
	}
	return b.String(), nil
}

// conventionToken is ConventionDict.__getitem__.
func conventionToken(key string, t namingTarget, conv convention, custom func(string) (string, error)) (string, error) {
	unknown := func() error {
		return &conventionError{fmt.Sprintf("unknown naming convention token %%(%s)s", key)}
	}
	if _, ok := conv.tokens[key]; ok && custom != nil {
		return custom(key)
	}

	switch key {
	case "table_name":
		return t.Table, nil
	case "constraint_name":
		if !t.Named {
			return "", &conventionError{"naming convention including %(constraint_name)s requires that the constraint is explicitly named"}
		}
		return t.Name, nil
	case "referred_table_name":
		if t.Kind != kindForeignKey {
			return "", &conventionError{"%(referred_table_name)s is only for foreign keys (the fk convention)"}
		}
		return t.RefTable, nil
	}
	idx, multiples, ok := matchColumnToken(key)
	if !ok {
		return "", unknown()
	}
	var attr string
	if multiples != "" {
		attr = strings.ReplaceAll(key, "0"+multiples, "X")
	} else {
		attr = strings.ReplaceAll(key, idx, "X")
	}
	var get func(i int) (string, bool)
	switch attr {
	case "column_X_name":
		get = func(i int) (string, bool) {
			if i >= len(t.Columns) {
				return "", false
			}
			return t.Columns[i].Name, true
		}
	case "column_X_key":
		get = func(i int) (string, bool) {
			if i >= len(t.Columns) {
				return "", false
			}
			return t.Columns[i].Key, true
		}
	case "column_X_label":
		get = func(i int) (string, bool) {
			if i >= len(t.Columns) {
				return "", false
			}
			// SQLAlchemy's Column._label: schema_table_column.
			if t.Schema != "" {
				return strings.ReplaceAll(t.Schema, ".", "_") + "_" + t.Table + "_" + t.Columns[i].Name, true
			}
			return t.Table + "_" + t.Columns[i].Name, true
		}
	case "referred_column_X_name":
		if t.Kind != kindForeignKey {
			return "", &conventionError{fmt.Sprintf("%%(%s)s is only for foreign keys (the fk convention)", key)}
		}
		get = func(i int) (string, bool) {
			if i >= len(t.RefColumns) {
				return "", false
			}
			return t.RefColumns[i], true
		}
	default:
		return "", unknown()
	}
	if multiples != "" {
		n := len(t.Columns)
		if attr == "referred_column_X_name" {
			n = len(t.RefColumns)
		}
		parts := make([]string, 0, n)
		for i := range n {
			v, _ := get(i)
			parts = append(parts, v)
		}
		sep := ""
		if strings.HasPrefix(multiples, "_") {
			sep = "_"
		}
		return strings.Join(parts, sep), nil
	}
	// idx as fmt.Sscan reads it (a leading 0 is octal, a bad number is 0),
	// without Sscan's allocations (four a token, every constraint name).
	var i int
	if n, err := strconv.ParseInt(idx, 0, 0); err == nil {
		i = int(n)
	}
	v, ok := get(i)
	if !ok && attr == "referred_column_X_name" {
		return "", &conventionError{fmt.Sprintf("%%(%s)s: the foreign key has no column %s", key, idx)}
	}
	return v, nil
}
