package script

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"retort/engine/interp"
	"retort/engine/models"
	"retort/engine/ops"
	"retort/engine/python"
	"retort/engine/schema"
)

// call is one op.* (or batch_op.*) call's arguments, bound to its signature.
type call struct {
	rt    *Runtime
	sig   *signature
	a     *interp.Args
	named map[string]interp.Arg
	rest  []interp.Arg
	// table is the batch block's table ("" for op.*).
	table string
	// ret is what the op.* call returns (nil: None): op.create_table's Table.
	ret interp.Value
}

// bindOp binds a call's arguments to a signature as Python would.
func bindOp(sig *signature, a *interp.Args) (*call, error) {
	c := &call{sig: sig, a: a, named: map[string]interp.Arg{}}
	for i, p := range a.Pos {
		switch {
		case i < len(sig.params):
			c.named[sig.params[i]] = p
		case sig.varargs:
			c.rest = append(c.rest, p)
		default:
			return nil, interp.Errorf(p.Loc, "%s %s", sig.name, positionalMsg(sig.required, len(sig.params), len(a.Pos)))
		}
	}
	for _, kw := range a.Kw {
		if !sig.known(kw.Name) && !dialectKeyword(kw.Name) {
			msg := fmt.Sprintf("%s has no argument '%s'", sig.name, kw.Name)
			if near := python.Suggest(kw.Name, sig.allNames()); near != "" {
				msg += fmt.Sprintf(" (did you mean '%s'?)", near)
			}
			return nil, interp.Errorf(kw.NameLoc, "%s", msg)
		}
		if _, dup := c.named[kw.Name]; dup {
			return nil, interp.Errorf(kw.NameLoc, "%s got multiple values for argument '%s'", sig.name, kw.Name)
		}
		c.named[kw.Name] = kw
	}
	for _, p := range sig.params[:sig.required] {
		if _, ok := c.named[p]; !ok {
			return nil, interp.Errorf(a.Loc, "%s is missing its '%s' argument", sig.name, p)
		}
	}
	return c, nil
}

// dialectKeyword reports whether a keyword is another dialect's option
// (postgresql_using=, mysql_length=): accepted, with no effect on SQLite.
func dialectKeyword(name string) bool {
	for _, p := range []string{"postgresql_", "mysql_", "mariadb_", "mssql_", "oracle_"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

func (c *call) get(name string) (interp.Arg, bool) {
	a, ok := c.named[name]
	return a, ok
}

// has reports whether a parameter was given a value other than None.
func (c *call) has(name string) (interp.Arg, bool) {
	a, ok := c.named[name]
	return a, ok && !isNone(a.Value)
}

func isNone(v interp.Value) bool {
	_, ok := v.(interp.NoneType)
	return ok
}

func isFalse(v interp.Value) bool {
	b, ok := v.(interp.Bool)
	return ok && !bool(b)
}

// use checks an argument's value: a missing name raises NameError.
func (c *call) use(a interp.Arg) error {
	return c.rt.in.Use(a.Value)
}

// str reads a string parameter.
func (c *call) str(name string) (string, error) {
	a, ok := c.get(name)
	if !ok {
		return "", interp.Errorf(c.a.Loc, "%s is missing its '%s' argument", c.sig.name, name)
	}
	return c.strOf(a, name)
}

func (c *call) strOf(a interp.Arg, what string) (string, error) {
	if err := c.use(a); err != nil {
		return "", err
	}
	if s, ok := a.Value.(interp.Str); ok {
		return string(s), nil
	}
	if m, ok := a.Value.(*interp.EnumMember); ok {
		if s, ok := m.Value.(interp.Str); ok {
			return string(s), nil
		}
	}
	return "", interp.Errorf(a.Loc, "%s: %s must be a string, not %s", c.sig.name, what, interp.Describe(a.Value))
}

// optStr reads a string parameter that may be absent or None.
func (c *call) optStr(name string) (string, error) {
	a, ok := c.has(name)
	if !ok {
		return "", nil
	}
	return c.strOf(a, name)
}

// name reads a constraint or index name: a string, op.f('name'), or None.
func (c *call) name(param string) (string, error) {
	a, ok := c.has(param)
	if !ok {
		return "", nil
	}
	return c.strOf(a, param)
}

// optBool reads a True/False parameter (absent or None gives nil).
func (c *call) optBool(name string) (*bool, error) {
	a, ok := c.has(name)
	if !ok {
		return nil, nil
	}
	if err := c.use(a); err != nil {
		return nil, err
	}
	switch v := a.Value.(type) {
	case interp.Bool:
		b := bool(v)
		return &b, nil
	case interp.Int:
		b := v != 0
		return &b, nil
	}
	return nil, interp.Errorf(a.Loc, "%s: %s must be True or False, not %s", c.sig.name, name, interp.Describe(a.Value))
}

// strList reads a list of column names (strings, or column objects).
func (c *call) strList(name string) ([]string, error) {
	a, ok := c.get(name)
	if !ok {
		return nil, interp.Errorf(c.a.Loc, "%s is missing its '%s' argument", c.sig.name, name)
	}
	if err := c.use(a); err != nil {
		return nil, err
	}
	if s, ok := a.Value.(interp.Str); ok {
		return []string{string(s)}, nil
	}
	items, err := c.rt.in.List(a.Value)
	if err != nil {
		return nil, interp.Errorf(a.Loc, "%s: %s must be a list of column names, not %s", c.sig.name, name, interp.Describe(a.Value))
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		n, ok := models.ColumnName(it)
		if !ok {
			return nil, interp.Errorf(a.Loc, "%s: %s must hold column names, not %s", c.sig.name, name, interp.Describe(it))
		}
		out = append(out, n)
	}
	return out, nil
}

// table reads the table a call is on: its table_name parameter, or the
// batch block's.
func (c *call) tableName(param string) (string, error) {
	if c.table != "" {
		return c.table, nil
	}
	return c.str(param)
}

// opFunc is one op.* function.
func (rt *Runtime) opFunc(name string, batch *batchOp) (interp.Value, bool) {
	sigs := opSignatures
	prefix := "op."
	if batch != nil {
		sigs, prefix = batchSignatures, "batch_op."
	}
	switch name {
	case "get_bind":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			return rt.bind(a.Loc)
		}}, true
	case "get_context":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			return &migrationContext{rt: rt}, nil
		}}, true
	case "f":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			if len(a.Pos) != 1 {
				return nil, interp.Errorf(a.Loc, "%sf() takes a name", prefix)
			}
			s, ok := a.Pos[0].Value.(interp.Str)
			if !ok {
				return nil, interp.Errorf(a.Pos[0].Loc, "%sf() takes a name, not %s", prefix, interp.Describe(a.Pos[0].Value))
			}
			rt.convNames[string(s)] = true
			return s, nil
		}}, true
	case "inline_literal":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			if len(a.Pos) == 0 {
				return nil, interp.Errorf(a.Loc, "op.inline_literal() takes a value")
			}
			return rt.lib.Literal(a.Pos[0])
		}}, true
	case "batch_alter_table":
		if batch != nil {
			return nil, false
		}
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			return rt.batchAlterTable(a)
		}}, true
	case "implementation_for", "register_operation":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			return nil, interp.Errorf(a.Loc, "Retort does not run custom Alembic operations (op.%s)", name)
		}}, true
	case "create_exclude_constraint", "invoke", "run_async", "create_sequence", "drop_sequence":
		return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
			return nil, interp.Errorf(a.Func, "%s%s is an Alembic operation Retort does not run yet", prefix, name)
		}}, true
	}
	sig, ok := sigs[name]
	if !ok {
		return nil, false
	}
	return &interp.Builtin{Name: name, Fn: func(in *interp.Interp, a *interp.Args) (interp.Value, error) {
		c, err := bindOp(sig, a)
		if err != nil {
			return nil, err
		}
		c.rt = rt
		if batch != nil {
			c.table = batch.b.Table
		}
		if name == "execute" {
			return interp.None, rt.execute(c)
		}
		op, err := rt.makeOp(name, c)
		if err != nil {
			return nil, err
		}
		if batch == nil {
			param := "schema"
			if name == "create_foreign_key" {
				param = "source_schema"
			}
			sch, err := c.optStr(param)
			if err != nil {
				return nil, err
			}
			for _, o := range op {
				rt.setSchema(o, sch)
			}
		}
		for _, o := range op {
			if err := rt.emit(o, a.Loc); err != nil {
				return nil, err
			}
		}
		if c.ret != nil {
			return c.ret, nil
		}
		return interp.None, nil
	}}, true
}

// opNames lists op.* functions, for suggestions.
func opNames(sigs map[string]*signature) []string {
	names := make([]string, 0, len(sigs))
	for n := range sigs {
		names = append(names, n)
	}
	names = append(names, "get_bind", "get_context", "f", "inline_literal")
	sort.Strings(names)
	return names
}

// makeOp builds the operations of one op.* call.
func (rt *Runtime) makeOp(name string, c *call) ([]ops.Op, error) {
	one := func(o ops.Op, err error) ([]ops.Op, error) {
		if err != nil {
			return nil, err
		}
		return []ops.Op{o}, nil
	}
	switch name {
	case "create_table":
		return one(rt.createTable(c))
	case "drop_table":
		n, err := c.str("table_name")
		return one(&ops.DropTable{Name: n}, err)
	case "rename_table":
		old, err := c.str("old_table_name")
		if err != nil {
			return nil, err
		}
		nw, err := c.str("new_table_name")
		return one(&ops.RenameTable{Old: old, New: nw}, err)
	case "add_column":
		return rt.addColumn(c)
	case "drop_column":
		t, err := c.tableName("table_name")
		if err != nil {
			return nil, err
		}
		col, err := c.str("column_name")
		return one(&ops.DropColumn{Table: t, Name: col}, err)
	case "alter_column":
		op, err := rt.alterColumn(c)
		if err != nil || rt.batch == nil {
			return one(op, err)
		}
		// In a batch, Alembic's alter_column adds the CHECK the new type
		// makes (toimpl.alter_column's add_constraint).
		if x, ok := c.has("type_"); ok {
			if ck := rt.lib.TypeCheck(x, rt.batch.Table, op.(*ops.AlterColumn).Column, rt.naming()); ck != nil {
				return []ops.Op{op, &ops.CreateCheck{Table: op.(*ops.AlterColumn).Table, Check: ck}}, nil
			}
		}
		return one(op, err)
	case "create_index":
		t, err := c.tableName("table_name")
		if err != nil {
			return nil, err
		}
		ix := &schema.Index{Table: t}
		if ix.Name, err = c.name("index_name"); err != nil {
			return nil, err
		}
		if ix.Name == "" {
			return nil, interp.Errorf(c.a.Loc, "%s needs the index's name", c.sig.name)
		}
		a, _ := c.get("columns")
		if ix.Columns, err = rt.indexColumns(c, a); err != nil {
			return nil, err
		}
		if u, err := c.optBool("unique"); err != nil {
			return nil, err
		} else if u != nil {
			ix.Unique = *u
		}
		where := "sqlite_where"
		if rt.dialect() == "postgresql" {
			where = "postgresql_where"
		}
		if w, ok := c.has(where); ok {
			if ix.Where, err = rt.lib.ExprSQL(w); err != nil {
				return nil, err
			}
		}
		if ix.Using, err = c.optStr("postgresql_using"); err != nil {
			return nil, err
		}
		if _, ok := c.has("postgresql_include"); ok {
			if ix.Include, err = c.strList("postgresql_include"); err != nil {
				return nil, err
			}
		}
		op := &ops.CreateIndex{Index: ix}
		if cc, err := c.optBool("postgresql_concurrently"); err != nil {
			return nil, err
		} else if cc != nil {
			op.Concurrently = *cc
		}
		return one(op, nil)
	case "drop_index":
		n, err := c.name("index_name")
		if err != nil {
			return nil, err
		}
		t := c.table
		if t == "" {
			if t, err = c.optStr("table_name"); err != nil {
				return nil, err
			}
		}
		op := &ops.DropIndex{Name: n, Table: t}
		if cc, err := c.optBool("postgresql_concurrently"); err != nil {
			return nil, err
		} else if cc != nil {
			op.Concurrently = *cc
		}
		return one(op, nil)
	case "create_unique_constraint":
		t, err := c.tableName("table_name")
		if err != nil {
			return nil, err
		}
		u := &schema.Unique{}
		if u.Name, err = c.name("constraint_name"); err != nil {
			return nil, err
		}
		if u.Columns, err = c.strList("columns"); err != nil {
			return nil, err
		}
		return one(&ops.CreateUnique{Table: t, Unique: u}, nil)
	case "create_primary_key":
		t, err := c.tableName("table_name")
		if err != nil {
			return nil, err
		}
		pk := &schema.PrimaryKey{}
		if pk.Name, err = c.name("constraint_name"); err != nil {
			return nil, err
		}
		if pk.Columns, err = c.strList("columns"); err != nil {
			return nil, err
		}
		return one(&ops.CreatePrimaryKey{Table: t, PrimaryKey: pk}, nil)
	case "create_check_constraint":
		t, err := c.tableName("table_name")
		if err != nil {
			return nil, err
		}
		ck := &schema.Check{}
		if ck.Name, err = c.name("constraint_name"); err != nil {
			return nil, err
		}
		cond, _ := c.get("condition")
		if ck.SQL, err = rt.lib.ExprSQL(cond); err != nil {
			return nil, err
		}
		return one(&ops.CreateCheck{Table: t, Check: ck}, nil)
	case "create_foreign_key":
		t, err := c.tableName("source_table")
		if err != nil {
			return nil, err
		}
		fk := &schema.ForeignKey{}
		if fk.Name, err = c.name("constraint_name"); err != nil {
			return nil, err
		}
		if fk.RefTable, err = c.str("referent_table"); err != nil {
			return nil, err
		}
		if fk.Columns, err = c.strList("local_cols"); err != nil {
			return nil, err
		}
		if fk.RefColumns, err = c.strList("remote_cols"); err != nil {
			return nil, err
		}
		if len(fk.Columns) != len(fk.RefColumns) {
			a, _ := c.get("remote_cols")
			return nil, interp.Errorf(a.Loc, "%s names %d local and %d remote columns", c.sig.name, len(fk.Columns), len(fk.RefColumns))
		}
		if err := fkOptions(c, fk); err != nil {
			return nil, err
		}
		if rt.dialect() != "sqlite" {
			if fk.RefSchema, err = c.optStr("referent_schema"); err != nil {
				return nil, err
			}
		}
		return one(&ops.CreateForeignKey{Table: t, ForeignKey: fk}, nil)
	case "drop_constraint":
		t, err := c.tableName("table_name")
		if err != nil {
			return nil, err
		}
		n, err := c.name("constraint_name")
		if err != nil {
			return nil, err
		}
		d := &ops.DropConstraint{Name: n, Table: t}
		if x, ok := c.has("type_"); ok {
			k, err := c.strOf(x, "type_")
			if err != nil {
				return nil, err
			}
			d.Kind = ops.ConstraintKind(k)
			switch d.Kind {
			case ops.KindUnique, ops.KindForeignKey, ops.KindCheck, ops.KindPrimary:
			default:
				return nil, interp.Errorf(x.Loc, "type_=%s: expected 'unique', 'foreignkey', 'check' or 'primary'", python.Quote(k))
			}
		}
		return one(d, nil)
	case "bulk_insert":
		return one(rt.bulkInsert(c))
	case "create_table_comment", "drop_table_comment":
		t, err := c.tableName("table_name")
		if err != nil {
			return nil, err
		}
		var existing *string
		if x, ok := c.has("existing_comment"); ok {
			e, err := c.strOf(x, "existing_comment")
			if err != nil {
				return nil, err
			}
			existing = &e
		}
		if name == "drop_table_comment" {
			return one(&ops.DropTableComment{Table: t, ExistingComment: existing}, nil)
		}
		comment, err := c.str("comment")
		return one(&ops.CreateTableComment{Table: t, Comment: comment, ExistingComment: existing}, err)
	}
	return nil, interp.Errorf(c.a.Func, "%s is not supported", c.sig.name)
}

// setSchema gives an op the schema= its call named. SQLite has no schemas
// (its "main" is the only database Retort opens): there the argument is
// accepted and has no effect, as before PostgreSQL.
func (rt *Runtime) setSchema(o ops.Op, sch string) {
	if sch == "" || rt.dialect() == "sqlite" {
		return
	}
	switch o := o.(type) {
	case *ops.CreateTable:
		o.Table.Schema = sch
	case *ops.DropTable:
		o.Schema = sch
	case *ops.RenameTable:
		o.Schema = sch
	case *ops.AddColumn:
		o.Schema = sch
	case *ops.DropColumn:
		o.Schema = sch
	case *ops.AlterColumn:
		o.Schema = sch
	case *ops.CreateIndex:
		o.Index.Schema = sch
	case *ops.DropIndex:
		o.Schema = sch
	case *ops.CreateUnique:
		o.Schema = sch
	case *ops.CreatePrimaryKey:
		o.Schema = sch
	case *ops.CreateCheck:
		o.Schema = sch
	case *ops.CreateForeignKey:
		o.Schema = sch
	case *ops.DropConstraint:
		o.Schema = sch
	case *ops.CreateTableComment:
		o.Schema = sch
	case *ops.DropTableComment:
		o.Schema = sch
	}
}

// dialect is the dialect of the step running, or the runtime's.
func (rt *Runtime) dialect() string {
	if rt.mig != nil {
		return rt.mig.Dialect()
	}
	return rt.opts.Dialect
}

func fkOptions(c *call, fk *schema.ForeignKey) error {
	for _, k := range []string{"ondelete", "onupdate"} {
		s, err := c.optStr(k)
		if err != nil {
			return err
		}
		if k == "ondelete" {
			fk.OnDelete = s
		} else {
			fk.OnUpdate = s
		}
	}
	var parts []string
	if d, err := c.optBool("deferrable"); err != nil {
		return err
	} else if d != nil {
		if *d {
			parts = append(parts, "DEFERRABLE")
		} else {
			parts = append(parts, "NOT DEFERRABLE")
		}
	}
	if s, err := c.optStr("initially"); err != nil {
		return err
	} else if s != "" {
		parts = append(parts, "INITIALLY "+strings.ToUpper(s))
	}
	fk.Deferrable = strings.Join(parts, " ")
	return nil
}

// indexColumns reads create_index's columns: names, sa.text('expr'), or columns.
func (rt *Runtime) indexColumns(c *call, a interp.Arg) ([]string, error) {
	if err := c.use(a); err != nil {
		return nil, err
	}
	items := []interp.Value{a.Value}
	if _, isStr := a.Value.(interp.Str); !isStr && !models.IsSQL(a.Value) {
		var err error
		if items, err = rt.in.List(a.Value); err != nil {
			return nil, interp.Errorf(a.Loc, "%s: the columns must be a list of names, not %s", c.sig.name, interp.Describe(a.Value))
		}
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		if n, ok := models.ColumnName(it); ok {
			out = append(out, n)
			continue
		}
		s, err := rt.lib.ExprSQL(interp.Arg{Value: it, Loc: a.Loc})
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func (rt *Runtime) createTable(c *call) (ops.Op, error) {
	n, _ := c.get("table_name")
	if err := c.use(n); err != nil {
		return nil, err
	}
	if _, ok := n.Value.(interp.Str); !ok {
		return nil, interp.Errorf(n.Loc, "op.create_table: the table's name must be a string, not %s", interp.Describe(n.Value))
	}
	args := &interp.Args{Pos: append([]interp.Arg{n}, c.rest...), Loc: c.a.Loc, Func: c.a.Func}
	for _, kw := range c.a.Kw {
		switch kw.Name {
		case "table_name", "schema", "info", "if_not_exists", "extend_existing", "keep_existing", "prefixes",
			"quote", "quote_schema", "implicit_returning", "listeners", "must_exist", "autoload_replace":
		default:
			args.Kw = append(args.Kw, kw)
		}
	}
	t, tv, err := rt.lib.TableValue(args, rt.naming())
	if err != nil {
		return nil, rt.libError(err)
	}
	c.ret = tv
	return &ops.CreateTable{Table: t}, nil
}

// naming is how the operations name constraints: by the naming convention
// of env.py's target_metadata (one MetaData), but for names written op.f().
func (rt *Runtime) naming() models.ScriptNaming {
	n := models.ScriptNaming{Conv: func(name string) bool { return rt.convNames[name] }}
	if rt.env != nil {
		n.Target = rt.env.Options["target_metadata"]
	}
	return n
}

// libError returns the error the library reported, positioned.
func (rt *Runtime) libError(err error) error {
	if interp.IsReported(err) {
		if errs := rt.in.Errors(); len(errs) > 0 {
			return errs[len(errs)-1]
		}
	}
	return err
}

func (rt *Runtime) addColumn(c *call) ([]ops.Op, error) {
	t, err := c.tableName("table_name")
	if err != nil {
		return nil, err
	}
	a, _ := c.get("column")
	if err := c.use(a); err != nil {
		return nil, err
	}
	col, tbl, err := rt.lib.ColumnFrom(a, t, rt.naming())
	if err != nil {
		return nil, rt.libError(err)
	}
	if tbl.PrimaryKey != nil {
		return nil, interp.Errorf(a.Loc, "%s: SQLite cannot add a primary key column", c.sig.name)
	}
	// What SQLAlchemy attaches to the table with the column, Alembic's
	// add_column creates after it (SQLite: by rebuilding the table).
	out := []ops.Op{&ops.AddColumn{Table: t, Column: col}}
	for _, fk := range tbl.ForeignKeys {
		out = append(out, &ops.CreateForeignKey{Table: t, ForeignKey: fk})
	}
	for _, u := range tbl.Uniques {
		out = append(out, &ops.CreateUnique{Table: t, Unique: u})
	}
	for _, ck := range tbl.Checks {
		out = append(out, &ops.CreateCheck{Table: t, Check: ck})
	}
	for _, ix := range tbl.Indexes {
		out = append(out, &ops.CreateIndex{Index: ix})
	}
	return out, nil
}

func (rt *Runtime) alterColumn(c *call) (ops.Op, error) {
	t, err := c.tableName("table_name")
	if err != nil {
		return nil, err
	}
	o := &ops.AlterColumn{Table: t}
	if o.Column, err = c.str("column_name"); err != nil {
		return nil, err
	}
	if o.Nullable, err = c.optBool("nullable"); err != nil {
		return nil, err
	}
	if o.ExistingNullable, err = c.optBool("existing_nullable"); err != nil {
		return nil, err
	}
	if x, ok := c.get("comment"); ok && !isFalse(x.Value) {
		s := ""
		if !isNone(x.Value) {
			if s, err = c.strOf(x, "comment"); err != nil {
				return nil, err
			}
		}
		o.Comment = &s
	}
	if x, ok := c.has("existing_comment"); ok {
		s, err := c.strOf(x, "existing_comment")
		if err != nil {
			return nil, err
		}
		o.ExistingComment = &s
	}
	if x, ok := c.get("server_default"); ok && !isFalse(x.Value) {
		s, _, err := rt.lib.DefaultFrom(x)
		if err != nil {
			return nil, rt.libError(err)
		}
		o.ServerDefault = &s
	}
	if x, ok := c.has("existing_server_default"); ok && !isFalse(x.Value) {
		s, has, err := rt.lib.DefaultFrom(x)
		if err != nil {
			return nil, rt.libError(err)
		}
		if has {
			o.ExistingServerDefault = &s
		}
	}
	if o.NewName, err = c.optStr("new_column_name"); err != nil {
		return nil, err
	}
	for _, k := range []string{"type_", "existing_type"} {
		x, ok := c.has(k)
		if !ok {
			continue
		}
		ty, _, err := rt.lib.TypeFrom(x)
		if err != nil {
			return nil, rt.libError(err)
		}
		if k == "type_" {
			o.Type = &ty
		} else {
			o.ExistingType = &ty
		}
	}
	if u, ok := c.has("postgresql_using"); ok && rt.dialect() == "postgresql" {
		if o.Using, err = rt.lib.ExprSQL(u); err != nil {
			return nil, err
		}
	}
	return o, nil
}

// bulkInsert is op.bulk_insert(table, rows): the table a sa.table(...), a
// Table or a model.
func (rt *Runtime) bulkInsert(c *call) (ops.Op, error) {
	ta, _ := c.get("table")
	if err := c.use(ta); err != nil {
		return nil, err
	}
	t, ok := models.TableOf(ta.Value)
	if !ok {
		return nil, interp.Errorf(ta.Loc, "op.bulk_insert needs sa.table('name', sa.column('x'), ...), not %s", interp.Describe(ta.Value))
	}
	out := &ops.BulkInsert{Table: t.Name}
	if rt.dialect() != "sqlite" {
		out.Schema = t.Schema
	}
	for _, col := range t.Columns {
		out.Columns = append(out.Columns, col.Name)
	}
	ra, _ := c.get("rows")
	if err := c.use(ra); err != nil {
		return nil, err
	}
	rows, err := rt.in.List(ra.Value)
	if err != nil {
		return nil, interp.Errorf(ra.Loc, "op.bulk_insert needs a list of rows ({'column': value, ...}), not %s", interp.Describe(ra.Value))
	}
	for _, r := range rows {
		d, ok := r.(*interp.Dict)
		if !ok {
			return nil, interp.Errorf(ra.Loc, "a row must be a dict ({'column': value, ...}), not %s", interp.Describe(r))
		}
		row := make(map[string]any, d.Len())
		for i, k := range d.Keys() {
			key, ok := models.ColumnName(k)
			if !ok {
				return nil, interp.Errorf(ra.Loc, "a row's keys must be column names, not %s", interp.Describe(k))
			}
			if !slices.Contains(out.Columns, key) {
				return nil, interp.Errorf(ra.Loc, "column %s is not in sa.table(%s, ...)", python.Quote(key), python.Quote(out.Table))
			}
			bv, err := models.BindColumn(rt.in, ta.Value, key, d.Values()[i])
			if err != nil {
				return nil, interp.Errorf(ra.Loc, "bulk_insert: %s", err.Error())
			}
			v, err := goValue(rt.in, bv)
			if err != nil {
				return nil, interp.Errorf(ra.Loc, "bulk_insert: %s", err.Error())
			}
			row[key] = v
		}
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

// execute is op.execute(sql): a string, sa.text(...), or a Core statement.
func (rt *Runtime) execute(c *call) error {
	a, _ := c.get("sqltext")
	if err := c.use(a); err != nil {
		return err
	}
	var sql string
	var params map[string]any
	switch v := a.Value.(type) {
	case interp.Str:
		sql = string(v)
	default:
		st, ok := models.AsStatement(v)
		if !ok {
			return interp.Errorf(a.Loc, "op.execute takes SQL (a string, sa.text(...) or a statement such as table.update()), not %s", interp.Describe(v))
		}
		s, err := st.SQL()
		if err != nil {
			return withLoc(err, a.Loc)
		}
		sql = s
		if p := st.Params(); p != nil {
			params = map[string]any{}
			for i, k := range p.Keys() {
				ks, _ := k.(interp.Str)
				gv, err := goValue(rt.in, p.Values()[i])
				if err != nil {
					return interp.Errorf(a.Loc, "%s", err.Error())
				}
				params[string(ks)] = gv
			}
		}
	}
	return rt.emit(&ops.Execute{SQL: sql, Params: params}, c.a.Loc)
}

func withLoc(err error, at interp.Loc) error {
	if e, ok := err.(*interp.Exception); ok && !e.Loc.Valid() {
		e.Loc = at
	}
	return err
}

// goValue converts a Python value to what a database parameter takes.
func goValue(in *interp.Interp, v interp.Value) (any, error) {
	switch x := v.(type) {
	case interp.NoneType:
		return nil, nil
	case interp.Bool:
		return bool(x), nil
	case interp.Int:
		return int64(x), nil
	case interp.Float:
		return float64(x), nil
	case interp.Str:
		return string(x), nil
	case interp.Bytes:
		return []byte(x), nil
	case *interp.EnumMember:
		return x.Name, nil
	case *interp.DateTime:
		if bv, err := models.BindValue(in, schema.Type{}, x); err == nil {
			return goValue(in, bv)
		}
	}
	return nil, fmt.Errorf("Retort cannot store %s in the database", interp.Describe(v))
}

// pyValue converts a database value to Python.
func fromDB(v any) interp.Value {
	switch x := v.(type) {
	case pyValue:
		return x.v
	case nil:
		return interp.None
	case bool:
		return interp.Bool(x)
	case int64:
		return interp.Int(x)
	case int:
		return interp.Int(x)
	case float64:
		return interp.Float(x)
	case string:
		return interp.Str(x)
	case []byte:
		return interp.Bytes(x)
	}
	return interp.Str(fmt.Sprint(v))
}
