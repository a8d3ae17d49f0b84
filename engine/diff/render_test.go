package diff_test

import (
	"fmt"
	"slices"
	"strings"

	"retort/engine/diff"
	"retort/engine/ops"
	"retort/engine/python"
	"retort/engine/schema"
)

// render writes ops as the body of an Alembic upgrade()/downgrade() function,
// in Alembic's plain (or batch) layout. It exists so that tests can compare
// Compare's ops with the scripts the real Alembic wrote; package script owns
// the real rendering.
func render(list []ops.Op) string {
	var b strings.Builder
	for _, op := range list {
		if batch, ok := op.(*ops.Batch); ok {
			fmt.Fprintf(&b, "    with op.batch_alter_table(%s, schema=None) as batch_op:\n", q(batch.Table))
			for _, inner := range batch.Ops {
				b.WriteString("        " + renderOp(inner, "batch_op.", true) + "\n")
			}
			b.WriteString("\n")
			continue
		}
		b.WriteString("    " + renderOp(op, "op.", false) + "\n")
	}
	return b.String()
}

// renderLines renders each op on its own, plain.
func renderLines(list []ops.Op) []string {
	var out []string
	for _, op := range list {
		out = append(out, renderOp(op, "op.", false))
	}
	return out
}

func q(s string) string {
	if strings.ContainsRune(s, '\'') {
		return `"` + s + `"`
	}
	return "'" + s + "'"
}

func qName(s string) string {
	if s == "" {
		return "None"
	}
	return q(s)
}

func qList(items []string) string {
	parts := make([]string, len(items))
	for i, s := range items {
		parts[i] = q(s)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func typ(t schema.Type) string { return "sa." + diff.TypeRepr(t) }

// serverDefault renders a DDL default as Alembic does: a string literal as a
// Python string, anything else as sa.text().
func serverDefault(s string) string {
	if len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'' && !strings.Contains(s[1:len(s)-1], "'") {
		return q(s[1 : len(s)-1])
	}
	return "sa.text(" + q(s) + ")"
}

func column(c *schema.Column) string {
	out := fmt.Sprintf("sa.Column(%s, %s, ", q(c.Name), typ(c.Type))
	if c.ServerDefault != "" {
		out += "server_default=" + serverDefault(c.ServerDefault) + ", "
	}
	return out + fmt.Sprintf("nullable=%s)", python.BoolRepr(c.Nullable))
}

func fkOptions(fk *schema.ForeignKey) string {
	var opts []string
	if fk.OnUpdate != "" {
		opts = append(opts, "onupdate="+q(fk.OnUpdate))
	}
	if fk.OnDelete != "" {
		opts = append(opts, "ondelete="+q(fk.OnDelete))
	}
	return strings.Join(opts, ", ")
}

func renderOp(op ops.Op, prefix string, batch bool) string {
	table := func(name string) string {
		if batch {
			return ""
		}
		return q(name) + ", "
	}
	switch o := op.(type) {
	case *ops.CreateTable:
		t := o.Table
		var args []string
		for _, c := range t.Columns {
			args = append(args, column(c))
		}
		var cons []string
		for _, fk := range t.ForeignKeys {
			refs := make([]string, len(fk.RefColumns))
			for i, c := range fk.RefColumns {
				refs[i] = fk.RefTable + "." + c
			}
			s := fmt.Sprintf("sa.ForeignKeyConstraint(%s, %s, ", qList(fk.Columns), qList(refs))
			if fk.Name != "" {
				s += "name=" + q(fk.Name) + ", "
			}
			// Alembic leaves the trailing ", " when there are no options.
			cons = append(cons, s+fkOptions(fk)+")")
		}
		if t.PrimaryKey != nil {
			parts := make([]string, len(t.PrimaryKey.Columns))
			for i, c := range t.PrimaryKey.Columns {
				parts[i] = q(c)
			}
			if t.PrimaryKey.Name != "" {
				parts = append(parts, "name="+q(t.PrimaryKey.Name))
			}
			cons = append(cons, "sa.PrimaryKeyConstraint("+strings.Join(parts, ", ")+")")
		}
		for _, u := range t.Uniques {
			parts := make([]string, len(u.Columns))
			for i, c := range u.Columns {
				parts[i] = q(c)
			}
			if u.Name != "" {
				parts = append(parts, "name="+q(u.Name))
			}
			cons = append(cons, "sa.UniqueConstraint("+strings.Join(parts, ", ")+")")
		}
		for _, ck := range t.Checks {
			s := "sa.CheckConstraint(" + q(ck.SQL)
			if ck.Name != "" {
				s += ", name=" + q(ck.Name)
			}
			cons = append(cons, s+")")
		}
		slices.Sort(cons)
		args = append(args, cons...)
		return prefix + "create_table(" + q(t.Name) + ",\n    " + strings.Join(args, ",\n    ") + "\n    )"
	case *ops.DropTable:
		return prefix + "drop_table(" + q(o.Name) + ")"
	case *ops.RenameTable:
		return prefix + "rename_table(" + q(o.Old) + ", " + q(o.New) + ")"
	case *ops.AddColumn:
		return prefix + "add_column(" + table(o.Table) + column(o.Column) + ")"
	case *ops.DropColumn:
		return prefix + "drop_column(" + table(o.Table) + q(o.Name) + ")"
	case *ops.AlterColumn:
		indent := ",\n" + strings.Repeat(" ", 15) // absolute, plain or batch
		s := prefix + "alter_column(" + table(o.Table) + q(o.Column)
		if o.ExistingType != nil {
			s += indent + "existing_type=" + typ(*o.ExistingType)
		}
		if o.ServerDefault != nil {
			if *o.ServerDefault == "" {
				s += indent + "server_default=None"
			} else {
				s += indent + "server_default=" + serverDefault(*o.ServerDefault)
			}
		}
		if o.NewName != "" {
			s += indent + "new_column_name=" + q(o.NewName)
		}
		if o.Type != nil {
			s += indent + "type_=" + typ(*o.Type)
		}
		if o.Nullable != nil {
			s += indent + "nullable=" + python.BoolRepr(*o.Nullable)
		}
		if o.Nullable == nil && o.ExistingNullable != nil {
			s += indent + "existing_nullable=" + python.BoolRepr(*o.ExistingNullable)
		}
		if o.ServerDefault == nil && o.ExistingServerDefault != nil && *o.ExistingServerDefault != "" {
			s += indent + "existing_server_default=" + serverDefault(*o.ExistingServerDefault)
		}
		return s + ")"
	case *ops.CreateIndex:
		return fmt.Sprintf("%screate_index(%s, %s%s, unique=%s)", prefix, q(o.Index.Name), table(o.Index.Table), qList(o.Index.Columns), python.BoolRepr(o.Index.Unique))
	case *ops.DropIndex:
		if batch {
			return prefix + "drop_index(" + q(o.Name) + ")"
		}
		return prefix + "drop_index(" + q(o.Name) + ", table_name=" + q(o.Table) + ")"
	case *ops.CreateUnique:
		return fmt.Sprintf("%screate_unique_constraint(%s, %s%s)", prefix, qName(o.Unique.Name), table(o.Table), qList(o.Unique.Columns))
	case *ops.CreateCheck:
		return fmt.Sprintf("%screate_check_constraint(%s, %s%s)", prefix, qName(o.Check.Name), table(o.Table), q(o.Check.SQL))
	case *ops.CreateForeignKey:
		fk := o.ForeignKey
		s := fmt.Sprintf("%screate_foreign_key(%s, %s%s, %s, %s", prefix, qName(fk.Name), table(o.Table), q(fk.RefTable), qList(fk.Columns), qList(fk.RefColumns))
		if opts := fkOptions(fk); opts != "" {
			s += ", " + opts
		}
		return s + ")"
	case *ops.DropConstraint:
		return fmt.Sprintf("%sdrop_constraint(%s, %stype_=%s)", prefix, qName(o.Name), table(o.Table), q(string(o.Kind)))
	}
	return fmt.Sprintf("<%T>", op)
}
