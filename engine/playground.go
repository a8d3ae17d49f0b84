package engine

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"maps"
	"path"
	"slices"
	"strings"
	"time"

	"retort/engine/models"
	"retort/engine/project"
	"retort/engine/runner"
	"retort/engine/schema"
	"retort/engine/sqlite"
)

// Playground is the page's session: a project held in memory over an
// in-memory database it owns, which every sqlalchemy.url of the project
// means. Commands run through the Session it embeds (Run, and the other
// methods any session has: files, diagnostics, a step's SQL); its own
// methods are what only a database of its own answers: tables, rows and
// their edits, the user's SQL, the database's bytes. A new page method goes
// on Playground when it needs the database, else on Session. Like a
// Session, a Playground is not safe for concurrent use.
type Playground struct {
	*Session
	db    *sqlite.DB
	files *project.MemFS
}

// FileWrites is how many times a project file was written so far (the
// page reads the files back after a command only when it changed).
func (p *Playground) FileWrites() uint64 { return p.files.Writes() }

// OpenPlayground opens a playground over files held in memory and a new
// in-memory database. Data-loss steps are confirmed through opts.Ask; the
// program's name is "alembic" unless opts.Prog says otherwise.
func OpenPlayground(files map[string]string, opts Options) (*Playground, error) {
	fsys, err := project.NewMapFS("", files)
	if err != nil {
		return nil, err
	}
	db, err := sqlite.OpenMemory()
	if err != nil {
		return nil, err
	}
	opts.FS = fsys
	opts.DB = db
	opts.ConfirmDataLoss = true
	if opts.Prog == "" {
		opts.Prog = "alembic"
	}
	s, err := Open(opts)
	if err != nil {
		db.Close()
		return nil, err
	}
	return &Playground{Session: s, db: db, files: fsys}, nil
}

// Close closes the database: it is gone afterwards.
func (p *Playground) Close() error { return p.db.Close() }

// DB returns the playground's database.
func (p *Playground) DB() *sqlite.DB { return p.db }

// Files lists the project's files, sorted.
func (p *Playground) Files() []string {
	return slices.Sorted(maps.Keys(p.files.Files()))
}

// TableColumn describes a column for the page.
type TableColumn struct {
	Name    string `json:"name"`
	Type    string `json:"type"`
	NotNull bool   `json:"notNull"`
	PK      bool   `json:"pk"`
	FK      string `json:"fk,omitempty"` // "users.id"
	Default string `json:"default,omitempty"`
}

// TableInfo describes a table for the page.
type TableInfo struct {
	Name     string        `json:"name"`
	Columns  []TableColumn `json:"columns"`
	RowCount int64         `json:"rowCount"`
	// Error says why the table's rows could not be counted; the other tables
	// are read all the same.
	Error string `json:"error,omitempty"`
}

// Tables lists every table of the database, alembic_version included, with
// its columns and row count. A table whose rows cannot be counted is listed
// with its Error, and does not keep the others from being read.
func (p *Playground) Tables(ctx context.Context) ([]TableInfo, error) {
	out, _, err := p.tables(ctx)
	return out, err
}

// tables is Tables, with the schema's table each TableInfo describes.
func (p *Playground) tables(ctx context.Context) ([]TableInfo, []*schema.Table, error) {
	db := p.db
	md, err := sqlite.InspectShared(ctx, db) // only read
	if err != nil {
		return nil, nil, err
	}
	out := make([]TableInfo, 0, len(md.Tables))
	for _, t := range md.Tables {
		ti := TableInfo{Name: t.Name, Columns: []TableColumn{}}
		for _, c := range t.Columns {
			ci := TableColumn{Name: c.Name, Type: sqlite.TypeSQL(c.Type), NotNull: !c.Nullable || t.IsPrimaryKey(c.Name),
				PK: t.IsPrimaryKey(c.Name), Default: c.ServerDefault}
			for _, fk := range t.ForeignKeys {
				if i := slices.IndexFunc(fk.Columns, func(x string) bool { return strings.EqualFold(x, c.Name) }); i >= 0 {
					ref := ""
					if i < len(fk.RefColumns) {
						ref = fk.RefColumns[i]
					}
					ci.FK = fk.RefTable + "." + ref
				}
			}
			ti.Columns = append(ti.Columns, ci)
		}
		if ti.RowCount, err = db.CountRows(ctx, t.Name); err != nil {
			ti.Error = "counting its rows: " + sqlite.Reason(err)
		}
		out = append(out, ti)
	}
	return out, md.Tables, nil
}

// TablePage is a page of a table's rows, from Offset (what Rows reads).
type TablePage struct {
	Offset int
	Rows   *Rows
}

// View is what the page shows of the database after a command: every
// table, as Tables lists them, and a page of each one's rows (limit rows)
// from the offset offsets gives it (0 when none), moved back to the last
// page when the table holds fewer rows now (as the page does), by table
// name. It reads the schema and counts the rows once for both: a table
// with no rows, or whose rows could not be counted or read, has no page
// (the page asks for it with Rows, and shows why).
func (p *Playground) View(ctx context.Context, offsets map[string]int, limit int) ([]TableInfo, map[string]TablePage, error) {
	infos, tables, err := p.tables(ctx)
	if err != nil {
		return nil, nil, err
	}
	pages := map[string]TablePage{}
	for i, ti := range infos {
		if ti.Error != "" || ti.RowCount == 0 {
			continue
		}
		offset := max(offsets[ti.Name], 0)
		if limit > 0 && int64(offset) >= ti.RowCount {
			offset = int((ti.RowCount - 1) / int64(limit) * int64(limit))
		}
		rows, err := p.db.ReadPage(ctx, tables[i], ti.RowCount, offset, limit)
		if err != nil {
			continue
		}
		pages[ti.Name] = TablePage{Offset: offset, Rows: rows}
	}
	return infos, pages, nil
}

// Rows is one page of a table (engine/sqlite reads it).
type Rows = sqlite.Rows

// RowRef names a row of the page's tables: by its rowid, or in a WITHOUT
// ROWID table by its primary key's values.
type RowRef = sqlite.RowRef

// Rows reads a page of a table's rows: every column a query shows
// (generated ones too), and each row's rowid under a name no column takes.
func (p *Playground) Rows(ctx context.Context, table string, offset, limit int) (*Rows, error) {
	return p.db.ReadRows(ctx, table, offset, limit)
}

// SQLResult is what one statement of the user's SQL gave.
type SQLResult = sqlite.Result

// Exec runs SQL the user typed (statements ending in ';'), each query's rows
// capped at 1,000.
func (p *Playground) Exec(ctx context.Context, sql string) ([]SQLResult, error) {
	return p.db.ExecScript(ctx, sql, 1000)
}

// Current returns the revisions alembic_version holds.
func (p *Playground) Current(ctx context.Context) ([]string, error) {
	db := p.db
	return runner.Current(ctx, db)
}

// RevisionNode is one revision in the page's graph.
type RevisionNode struct {
	ID      string   `json:"id"`
	Message string   `json:"message"`
	Down    []string `json:"down"`
	Path    string   `json:"path"`
	Head    bool     `json:"head"`
	Current bool     `json:"current"`
}

// RevisionGraph is the revision graph, base first, with the database's current revisions.
type RevisionGraph struct {
	Nodes   []RevisionNode `json:"nodes"`
	Current []string       `json:"current"`
}

// Revisions returns the revision graph, ordered from base to heads.
func (p *Playground) Revisions(ctx context.Context) (*RevisionGraph, error) {
	e, err := p.loadEnv(nil)
	if err != nil {
		return nil, err
	}
	g := &RevisionGraph{}
	if g.Current, err = runner.Current(ctx, p.db); err != nil {
		return nil, err
	}
	revs, err := e.graph.Walk("base", "heads")
	if err != nil {
		return nil, err
	}
	for i := len(revs) - 1; i >= 0; i-- {
		r := revs[i]
		g.Nodes = append(g.Nodes, RevisionNode{ID: r.ID(), Message: r.Doc(), Down: r.DownRevisions(), Path: r.Header.Path,
			Head: r.IsHead(), Current: slices.Contains(g.Current, r.ID())})
	}
	return g, nil
}

// ExportDB returns the database file's bytes.
func (p *Playground) ExportDB(ctx context.Context) ([]byte, error) {
	return p.db.Export(ctx)
}

// ImportDB replaces the database with a file's bytes; a file that is not an
// intact SQLite database is refused and the database kept as it was.
func (p *Playground) ImportDB(ctx context.Context, data []byte) error {
	return p.db.Import(ctx, data)
}

// CreateAll does what the app's Base.metadata.create_all() would do to the
// database: create the model tables that do not exist, and nothing else. It
// returns the tables it created and, for the first model table, the query the
// app would run (every column the model declares) — which fails when the
// table lacks a column the model has.
func (p *Playground) CreateAll(ctx context.Context) (created []string, appQuery string, err error) {
	db := p.db
	cfg, err := p.loadConfig(nil)
	if err != nil {
		return nil, "", err
	}
	var res *models.Result
	p.out = &out{stdout: io.Discard, stderr: io.Discard, quiet: true}
	p.ctx = ctx
	defer func() { p.out, p.ctx = nil, nil }()
	err = p.runEnv(&env{cfg: cfg}, nil, envOptions{autogenerate: true}, func(x *envRun) error {
		var err error
		res, err = x.targetSchema()
		return err
	})
	if err != nil {
		return nil, "", firstError(err)
	}
	if res == nil || res.MetaData == nil || len(res.MetaData.Tables) == 0 {
		return nil, "", errors.New("env.py's target_metadata holds no models")
	}
	live, err := sqlite.InspectShared(ctx, db) // only read
	if err != nil {
		return nil, "", err
	}
	for _, t := range res.MetaData.Tables {
		if live.Table(t.Name) != nil {
			continue
		}
		if err := sqlite.CreateTables(ctx, db, []*schema.Table{t}); err != nil {
			return created, "", err
		}
		created = append(created, t.Name)
	}
	if len(res.MetaData.Tables) > 0 {
		appQuery = sqlite.SelectColumnsSQL(res.MetaData.Tables[0])
	}
	return created, appQuery, nil
}

// InsertRow adds a row to a table: the values by column name (missing columns
// take their defaults).
func (p *Playground) InsertRow(ctx context.Context, table string, values map[string]any) error {
	return p.db.InsertRow(ctx, table, values)
}

// UpdateCell sets one value of a row. It changes exactly that row or
// nothing.
func (p *Playground) UpdateCell(ctx context.Context, table string, row RowRef, column string, value any) error {
	return p.db.UpdateCell(ctx, table, row, column, value)
}

// DeleteRow deletes a row. It deletes exactly that row or nothing.
func (p *Playground) DeleteRow(ctx context.Context, table string, row RowRef) error {
	return p.db.DeleteRow(ctx, table, row)
}

// ExportZip packs the project and its database into a zip whose folder (a
// safe file name: see SafeFileName) the real Alembic runs (`alembic upgrade head` in the unzipped folder). The
// database goes where alembic.ini's sqlalchemy.url says.
func (p *Playground) ExportZip(ctx context.Context, folder string) ([]byte, error) {
	folder = SafeFileName(folder, "project") // one folder, never "..": nothing is unpacked outside it
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name string, data []byte) error {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: path.Join(folder, name), Method: zip.Deflate, Modified: p.now().UTC().Truncate(time.Second)})
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	}
	for _, name := range p.Files() {
		if strings.HasSuffix(name, "/.keep") {
			continue
		}
		data, err := p.opts.FS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		if err := add(name, data); err != nil {
			return nil, err
		}
	}
	cfg, err := p.loadConfig(nil)
	if err != nil {
		return nil, err
	}
	for _, dir := range versionLocations(cfg) {
		// The versions folder must exist for Alembic, even empty.
		if _, err := zw.Create(path.Join(folder, dir) + "/"); err != nil {
			return nil, err
		}
	}
	if dbc, err := cfg.Database(); err == nil && !dbc.Memory && dbc.Name != "" {
		data, err := p.ExportDB(ctx)
		if err != nil {
			return nil, err
		}
		if err := add(dbc.Name, data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
