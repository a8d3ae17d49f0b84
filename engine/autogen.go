package engine

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"retort/engine/diff"
	"retort/engine/ops"
	"retort/engine/project"
	"retort/engine/python"
	"retort/engine/revision"
	"retort/engine/script"
)

// revision, merge and check: the commands that compare and write scripts.

func (s *Session) cmdRevision(inv *invocation) error {
	e, err := s.loadEnv(inv)
	if err != nil {
		return err
	}
	if inv.flag("autogenerate") && inv.flag("sql") {
		return fmt.Errorf("Using --sql with --autogenerate does not make any sense")
	}
	var heads []string
	if h := inv.str("head"); h != "" {
		heads = []string{h}
	}
	parents, err := e.graph.NewRevisionParents(heads, inv.flag("splice"))
	if err != nil {
		return err
	}
	var up, down []ops.Op
	var conv, text []string
	dialect := ""
	if inv.flag("autogenerate") {
		res, err := s.autogenerate(e, inv, parents)
		if err != nil {
			return err
		}
		up, down, conv, text, dialect = res.Upgrade, res.Downgrade, res.conv, res.textDefaults, res.dialect
	}
	deps, err := e.graph.ResolveDependsOn(inv.list("depends-on"))
	if err != nil {
		return err
	}
	return s.writeRevision(e, newRevision{
		id:           inv.str("rev-id"),
		message:      inv.str("message"),
		messageSet:   inv.present["message"],
		down:         parents,
		branchLabels: nonEmpty(inv.str("branch-label")),
		dependsOn:    deps,
		versionPath:  inv.str("version-path"),
		upgrade:      up,
		downgrade:    down,
		conv:         conv,
		dialect:      dialect,
		textDefaults: text,
		autogenerate: inv.flag("autogenerate"),
	})
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

type newRevision struct {
	id, message        string
	messageSet         bool
	down               []string
	branchLabels       []string
	dependsOn          []string
	versionPath        string
	upgrade, downgrade []ops.Op
	conv               []string
	dialect            string
	textDefaults       []string
	autogenerate       bool
}

// writeRevision renders a new revision through the project's script.py.mako
// and writes it where file_template says.
func (s *Session) writeRevision(e *env, r newRevision) error {
	id := r.id
	if id == "" {
		if s.opts.NewRevisionID != nil {
			id = s.opts.NewRevisionID()
		} else {
			id = project.NewRevisionID()
		}
	}
	if err := revision.VerifyRevisionID(id); err != nil {
		return err
	}
	if e.graph.Revision(id) != nil {
		return fmt.Errorf("Revision %s is already present", id)
	}
	loc, err := e.cfg.Location()
	if err != nil {
		return err
	}
	created := s.now()
	if loc != nil {
		created = created.In(loc)
	}
	message := r.message
	if !r.messageSet {
		message = "empty message"
	}
	tmplPath := path.Join(e.cfg.ScriptLocation, "script.py.mako")
	tmpl, err := s.opts.FS.ReadFile(tmplPath)
	if err != nil {
		return fmt.Errorf("reading %s: %w", tmplPath, err)
	}
	text, err := script.Render(string(tmpl), script.RevisionInfo{
		ID: id, Down: r.down, BranchLabels: r.branchLabels, DependsOn: r.dependsOn,
		Message: message, CreateDate: script.FormatCreateDate(created, e.cfg.Timezone != ""),
	}, r.upgrade, r.downgrade, script.RenderOptions{Autogenerate: r.autogenerate, ConvNames: r.conv, TextDefaults: r.textDefaults, Dialect: r.dialect})
	if err != nil {
		return fmt.Errorf("%s: %w", tmplPath, err)
	}
	dir := r.versionPath
	if dir == "" {
		dir = versionLocations(e.cfg)[0]
	}
	file, err := e.cfg.RevisionFileName(dir, id, r.message, created)
	if err != nil {
		return err
	}
	if err := s.opts.FS.MkdirAll(path.Dir(file)); err != nil {
		return err
	}
	if err := s.opts.FS.CreateFile(file, []byte(text)); err != nil { // never over a file
		fmt.Fprintf(s.out.stdout, "Generating %s ...  FAILED\n", s.opts.FS.Abs(file))
		return err
	}
	fmt.Fprintf(s.out.stdout, "Generating %s ...  done\n", s.opts.FS.Abs(file))
	return nil
}

type autogenResult struct {
	*diff.Result
	conv         []string
	textDefaults []string // script.RenderOptions.TextDefaults
	dialect      string
}

// autogenerate compares the models with the live database: Alembic's
// --autogenerate, with rename questions and data-loss warnings. It runs
// env.py, which imports the models and configures the connection and
// target_metadata, and prints the Detected lines. With render_as_batch,
// diff puts each table's ops in a batch block.
func (s *Session) autogenerate(e *env, inv *invocation, parents []string) (*autogenResult, error) {
	var result *autogenResult
	err := s.runEnv(e, inv, envOptions{autogenerate: true, recover: true}, func(x *envRun) error {
		res, err := s.compare(e, inv, x, parents)
		result = res
		return err
	})
	return result, err
}

// compare is autogenerate's work once env.py configured the context.
func (s *Session) compare(e *env, inv *invocation, x *envRun, parents []string) (*autogenResult, error) {
	s.contextLines(x, false)
	db := x.db
	rows, err := db.current(s.ctx, x.env, s)
	if err != nil {
		return nil, err
	}
	if !sameSet(rows, parents) {
		return nil, fmt.Errorf("Target database is not up to date.")
	}
	noTarget := fmt.Errorf("Can't proceed with --autogenerate option; environment script %s does not provide a MetaData object or sequence of objects to the context.",
		s.opts.FS.Abs(path.Join(e.cfg.ScriptLocation, "env.py")))
	if len(x.env.TargetMetadata) == 0 {
		return nil, noTarget
	}
	models, err := x.targetSchema()
	if err != nil {
		return nil, err
	}
	if models == nil || models.MetaData == nil {
		return nil, noTarget
	}
	for _, w := range models.Warnings {
		s.out.warn(logCompare, w.Error())
	}
	live, err := db.inspect(s.ctx)
	if err != nil {
		return nil, err
	}
	in := x.rt.Interp()
	opts := diff.Options{
		CompareServerDefault: x.env.Bool(in, "compare_server_default", false),
		IgnoreTypes:          !x.env.Bool(in, "compare_type", true),
		Batch:                x.env.Bool(in, "render_as_batch", false),
		Counter:              db.counter(s.ctx),
		Dialect:              diffDialect(x.dialect),
		Renames:              map[string]string{},
		Groups:               models.Groups,
	}
	target := models.MetaData
	live, target, err = db.autogen(s.ctx, x.env.Bool(in, "include_schemas", false), live, target, &opts)
	if err != nil {
		return nil, err
	}
	for _, r := range inv.list("rename") {
		old, new, ok := strings.Cut(r, "=")
		if !ok || old == "" || new == "" {
			return nil, fmt.Errorf("--rename %s: expected TABLE.OLD=NEW (a column) or OLD=NEW (a table)", r)
		}
		opts.Renames[old] = new
	}
	res, err := diff.Compare(live, target, opts)
	if err != nil {
		return nil, err
	}
	// Ask about each rename candidate the flags did not answer; ask again
	// after each yes, since a confirmed rename can reveal others.
	asked := map[string]bool{}
	for s.opts.Ask != nil {
		var next *diff.Rename
		for i := range res.RenameCandidates {
			if !asked[res.RenameCandidates[i].Key()] {
				next = &res.RenameCandidates[i]
				break
			}
		}
		if next == nil {
			break
		}
		asked[next.Key()] = true
		answer, ok := s.opts.Ask(Question{Kind: "rename", Text: next.Question(), Options: []string{"n", "y"}})
		if !ok {
			break
		}
		if !isYes(answer) {
			continue
		}
		opts.Renames[next.Key()] = next.To
		if res, err = diff.Compare(live, target, opts); err != nil {
			return nil, err
		}
	}
	for _, l := range res.Log {
		logger := logCompare
		if l.Logger != "" {
			logger = l.Logger
		}
		if l.Level == diff.Warning {
			s.out.warn(logger, l.Text)
		} else {
			s.out.info(logger, l.Text)
		}
	}
	var text []string
	for _, c := range models.Columns {
		if c.ServerDefaultText {
			text = append(text, c.Table+"."+c.Column)
		}
	}
	return &autogenResult{Result: res, conv: models.ConvNames, textDefaults: text, dialect: x.dialect}, nil
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func (s *Session) cmdCheck(inv *invocation) error {
	e, err := s.loadEnv(inv)
	if err != nil {
		return err
	}
	heads := e.graph.Heads()
	res, err := s.autogenerate(e, inv, heads)
	if err != nil {
		return err
	}
	if len(res.Upgrade) == 0 {
		s.out.println("No new upgrade operations detected.")
		return nil
	}
	return fmt.Errorf("New upgrade operations detected: %s", diffTuples(res.Upgrade))
}

// diffTuples writes ops as the list of diff tuples Alembic's check prints.
func diffTuples(list []ops.Op) string {
	var parts []string
	for _, op := range list {
		switch o := op.(type) {
		case *ops.CreateTable:
			parts = append(parts, fmt.Sprintf("('add_table', Table(%s))", python.Quote(o.Table.Name)))
		case *ops.DropTable:
			parts = append(parts, fmt.Sprintf("('remove_table', Table(%s))", python.Quote(o.Name)))
		case *ops.AddColumn:
			parts = append(parts, fmt.Sprintf("('add_column', None, %s, Column(%s, %s, table=<%s>))", python.Quote(o.Table), python.Quote(o.Column.Name), diff.TypeRepr(o.Column.Type), o.Table))
		case *ops.DropColumn:
			parts = append(parts, fmt.Sprintf("('remove_column', None, %s, Column(%s))", python.Quote(o.Table), python.Quote(o.Name)))
		case *ops.AlterColumn:
			parts = append(parts, modifyTuples(o))
		case *ops.CreateIndex:
			parts = append(parts, fmt.Sprintf("('add_index', Index(%s))", python.Quote(o.Index.Name)))
		case *ops.DropIndex:
			parts = append(parts, fmt.Sprintf("('remove_index', Index(%s))", python.Quote(o.Name)))
		case *ops.CreateUnique:
			parts = append(parts, fmt.Sprintf("('add_constraint', UniqueConstraint(%s))", python.Quote(o.Unique.Name)))
		case *ops.CreateForeignKey:
			parts = append(parts, fmt.Sprintf("('add_fk', ForeignKeyConstraint(%s))", python.Quote(o.ForeignKey.Name)))
		case *ops.CreateCheck:
			parts = append(parts, fmt.Sprintf("('add_constraint', CheckConstraint(%s, name=%s))", python.Quote(o.Check.SQL), python.NameRepr(o.Check.Name)))
		case *ops.RenameTable:
			parts = append(parts, fmt.Sprintf("('rename_table', %s, %s)", python.Quote(o.Old), python.Quote(o.New)))
		case *ops.DropConstraint:
			switch o.Kind {
			case ops.KindForeignKey:
				parts = append(parts, fmt.Sprintf("('remove_fk', ForeignKeyConstraint(name=%s))", python.NameRepr(o.Name)))
			default:
				parts = append(parts, fmt.Sprintf("('remove_constraint', %s)", python.NameRepr(o.Name)))
			}
		case *ops.Batch:
			parts = append(parts, strings.Trim(diffTuples(o.Ops), "[]"))
		default:
			parts = append(parts, fmt.Sprintf("(%s)", strings.TrimPrefix(fmt.Sprintf("%T", op), "*ops.")))
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func (s *Session) cmdMerge(inv *invocation) error {
	e, err := s.loadEnv(inv)
	if err != nil {
		return err
	}
	var heads []string
	for _, r := range inv.list("revisions") {
		revs, err := e.graph.GetAll(r)
		if err != nil {
			return err
		}
		for _, rv := range revs {
			if rv != nil && !slices.Contains(heads, rv.ID()) {
				heads = append(heads, rv.ID())
			}
		}
	}
	if len(heads) == 0 {
		return fmt.Errorf("No revisions to merge in %s", strings.Join(inv.list("revisions"), " "))
	}
	return s.writeRevision(e, newRevision{
		id:           inv.str("rev-id"),
		message:      inv.str("message"),
		messageSet:   inv.present["message"],
		down:         heads,
		branchLabels: nonEmpty(inv.str("branch-label")),
	})
}

// modifyTuples writes an alter_column as the modify_* tuples Alembic's diff
// holds: one list per column, one tuple per changed attribute.
func modifyTuples(o *ops.AlterColumn) string {
	existing := "{"
	if o.ExistingType != nil {
		existing += "'existing_type': " + diff.TypeRepr(*o.ExistingType) + ", "
	}
	existing += fmt.Sprintf("'existing_nullable': %s}", python.Literal(o.ExistingNullable))
	var ts []string
	if o.Nullable != nil {
		ts = append(ts, fmt.Sprintf("('modify_nullable', None, %s, %s, %s, %s, %s)", python.Quote(o.Table), python.Quote(o.Column), existing, python.Literal(o.ExistingNullable), python.Literal(o.Nullable)))
	}
	if o.Type != nil {
		from := "None"
		if o.ExistingType != nil {
			from = diff.TypeRepr(*o.ExistingType)
		}
		ts = append(ts, fmt.Sprintf("('modify_type', None, %s, %s, %s, %s, %s)", python.Quote(o.Table), python.Quote(o.Column), existing, from, diff.TypeRepr(*o.Type)))
	}
	if o.ServerDefault != nil {
		ts = append(ts, fmt.Sprintf("('modify_default', None, %s, %s, %s, %s)", python.Quote(o.Table), python.Quote(o.Column), existing, python.Quote(*o.ServerDefault)))
	}
	if o.NewName != "" {
		ts = append(ts, fmt.Sprintf("('rename_column', None, %s, %s, %s)", python.Quote(o.Table), python.Quote(o.Column), python.Quote(o.NewName)))
	}
	return "[" + strings.Join(ts, ", ") + "]"
}
