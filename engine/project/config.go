package project

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"retort/engine/postgres"
)

// DefaultFileTemplate is Alembic's default file_template.
const DefaultFileTemplate = "%(rev)s_%(slug)s"

// DefaultTruncateSlugLength is Alembic's default truncate_slug_length.
const DefaultTruncateSlugLength = 40

// Config is a project's alembic.ini, with the options Retort uses resolved.
// Paths are FS paths (slash-separated, relative to the FS root, which is the
// folder the command runs in, as Alembic resolves them against the working
// directory).
type Config struct {
	FS      FS
	File    string // the ini file ("alembic.ini")
	Dir     string // the ini file's folder ("."), what %(here)s stands for
	Section string // the main section ("alembic")
	INI     *INI

	// ScriptLocation is the migration environment folder (script_location).
	ScriptLocation string
	// URL is sqlalchemy.url as interpolated ("" when absent); see Database.
	URL string
	// PrependSysPath are the prepend_sys_path entries, as written.
	PrependSysPath []string
	// VersionLocations are the folders holding revision files: the
	// version_locations entries, or <script_location>/versions.
	VersionLocations []string
	// VersionLocationsSet is true when version_locations is in the file.
	VersionLocationsSet bool
	// FileTemplate is file_template after interpolation: a Python %-format
	// with the tokens rev, slug, epoch, year, month, day, hour, minute, second.
	FileTemplate string
	// TruncateSlugLength is truncate_slug_length (40 by default).
	TruncateSlugLength int
	// Timezone is timezone ("" for local time); see Location.
	Timezone string
	// RevisionEnvironment is revision_environment.
	RevisionEnvironment bool
	// RecursiveVersionLocations is recursive_version_locations.
	RecursiveVersionLocations bool
}

// Load reads the ini file (usually "alembic.ini") from fsys and resolves its
// [alembic] section. Errors name the file and line: "alembic.ini:12: ...".
func Load(fsys FS, file string) (*Config, error) {
	return LoadSection(fsys, file, "alembic")
}

// LoadSection is Load with another main section (alembic -n NAME).
func LoadSection(fsys FS, file, section string) (*Config, error) {
	file = path.Clean(file)
	noConfig := fmt.Errorf("No config file '%s' found, or file has no '[%s]' section", file, section)
	data, err := fsys.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, noConfig
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	dir := path.Dir(file)
	ini, err := ParseINI(file, data, map[string]string{"here": fsys.Abs(dir)})
	if err != nil {
		return nil, err
	}
	if !ini.HasSection(section) {
		return nil, noConfig
	}
	c := &Config{FS: fsys, File: file, Dir: dir, Section: section, INI: ini}
	if err := c.resolve(); err != nil {
		return nil, err
	}
	return c, nil
}

// Get is a main-section option, interpolated (config.get_main_option).
func (c *Config) Get(key string) (string, bool, error) {
	return c.INI.Get(c.Section, key)
}

// errorAt is an error at the line of key.
func (c *Config) errorAt(key, msg string) error {
	return &INIError{File: c.File, Line: c.INI.Line(c.Section, key), Msg: msg}
}

func (c *Config) resolve() error {
	get := func(key string) (string, bool, error) { return c.Get(key) }

	loc, ok, err := get("script_location")
	if err != nil {
		return err
	}
	switch {
	case (!ok || loc == "") && c.Dir != "." && Exists(c.FS, path.Join(c.Dir, "env.py")):
		// Flask-Migrate's layout: `flask db init` writes migrations/alembic.ini
		// without script_location, and `flask db` sets it to its directory,
		// the folder that holds the ini (and env.py). So does Retort, run
		// with -c migrations/alembic.ini.
		c.ScriptLocation = c.Dir
	case !ok || loc == "":
		return fmt.Errorf("No 'script_location' key found in configuration.")
	default:
		if c.ScriptLocation, err = c.fsPath("script_location", loc); err != nil {
			return err
		}
	}
	if !IsDir(c.FS, c.ScriptLocation) {
		return fmt.Errorf("Path doesn't exist: '%s'.  Please use the 'init' command to create a new scripts folder.",
			c.FS.Abs(c.ScriptLocation))
	}

	if c.URL, _, err = get("sqlalchemy.url"); err != nil {
		return err
	}

	sep, err := c.pathSeparator()
	if err != nil {
		return err
	}
	sysPath, ok, err := get("prepend_sys_path")
	if err != nil {
		return err
	}
	if ok && sysPath != "" {
		if sep != "" {
			c.PrependSysPath = splitNonEmpty(sysPath, sep)
		} else {
			c.PrependSysPath = splitLegacy(sysPath, true)
		}
	}

	versions, ok, err := get("version_locations")
	if err != nil {
		return err
	}
	if ok && versions != "" {
		c.VersionLocationsSet = true
		var entries []string
		switch {
		case sep != "":
			entries = splitNonEmpty(versions, sep)
		default:
			legacy, err := c.legacyVersionSeparator()
			if err != nil {
				return err
			}
			if legacy != "" {
				entries = splitNonEmpty(versions, legacy)
			} else {
				entries = splitLegacy(versions, false)
			}
		}
		for _, e := range entries {
			p, err := c.fsPath("version_locations", e)
			if err != nil {
				return err
			}
			c.VersionLocations = append(c.VersionLocations, p)
		}
	} else {
		c.VersionLocations = []string{path.Join(c.ScriptLocation, "versions")}
	}

	c.FileTemplate = DefaultFileTemplate
	if t, ok, err := get("file_template"); err != nil {
		return err
	} else if ok {
		c.FileTemplate = t
		if _, err := FormatFileTemplate(t, templateTokens("0", "", time.Unix(0, 0))); err != nil {
			return c.errorAt("file_template", err.Error())
		}
	}

	c.TruncateSlugLength = DefaultTruncateSlugLength
	if s, ok, err := get("truncate_slug_length"); err != nil {
		return err
	} else if ok {
		n, convErr := strconv.Atoi(strings.TrimSpace(s))
		if convErr != nil || n < 0 {
			return c.errorAt("truncate_slug_length", fmt.Sprintf("truncate_slug_length = %s is not a whole number", s))
		}
		if n > 0 {
			c.TruncateSlugLength = n
		}
	}

	if c.Timezone, _, err = get("timezone"); err != nil {
		return err
	}

	if s, ok, err := get("revision_environment"); err != nil {
		return err
	} else if ok {
		b, convErr := asBool(s)
		if convErr != nil {
			return c.errorAt("revision_environment", convErr.Error())
		}
		c.RevisionEnvironment = b
	}
	if s, _, err := get("recursive_version_locations"); err != nil {
		return err
	} else {
		c.RecursiveVersionLocations = s == "true"
	}
	return nil
}

func osPathSep() string {
	if runtime.GOOS == "windows" {
		return ";"
	}
	return ":"
}

var pathSeparators = map[string]string{"space": " ", "newline": "\n", ":": ":", ";": ";"}

// pathSeparator is Alembic 1.16's path_separator ("" when absent).
func (c *Config) pathSeparator() (string, error) {
	s, ok, err := c.Get("path_separator")
	if err != nil || !ok {
		return "", err
	}
	if s == "os" {
		return osPathSep(), nil
	}
	if sep, ok := pathSeparators[s]; ok {
		return sep, nil
	}
	return "", c.errorAt("path_separator",
		fmt.Sprintf("'%s' is not a valid value for path_separator; expected 'space', 'newline', 'os', ':', ';'", s))
}

// legacyVersionSeparator is version_path_separator ("" for the legacy split).
func (c *Config) legacyVersionSeparator() (string, error) {
	s, ok, err := c.Get("version_path_separator")
	if err != nil || !ok {
		return "", err
	}
	if s == "os" {
		return osPathSep(), nil
	}
	if sep, ok := pathSeparators[s]; ok {
		return sep, nil
	}
	return "", c.errorAt("version_path_separator",
		fmt.Sprintf("'%s' is not a valid value for version_path_separator; expected 'space', 'newline', 'os', ':', ';'", s))
}

func splitNonEmpty(s, sep string) []string {
	var out []string
	for _, p := range strings.Split(s, sep) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func nonEmpty(parts []string) []string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// asBool is sqlalchemy.util.asbool for strings.
func asBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "on", "y", "t", "1":
		return true, nil
	case "false", "no", "off", "n", "f", "0":
		return false, nil
	}
	return false, fmt.Errorf("String is not true/false: '%s'", s)
}

// isAbs reports whether p is absolute on this system or as a slash path.
func isAbs(p string) bool {
	return strings.HasPrefix(p, "/") || filepath.IsAbs(p)
}

// fsPath turns a path from the ini file (relative to the working directory,
// which is the FS root, or absolute) into an FS path.
func (c *Config) fsPath(key, p string) (string, error) {
	if !isAbs(p) {
		if i := strings.IndexByte(p, ':'); i > 0 {
			return "", c.errorAt(key, fmt.Sprintf("%s = %s names a Python package resource; Retort needs a folder path", key, p))
		}
		clean := path.Clean(filepath.ToSlash(p))
		if clean == ".." || strings.HasPrefix(clean, "../") {
			return "", c.errorAt(key, fmt.Sprintf("%s = %s is outside the project folder %s", key, p, c.FS.Abs(".")))
		}
		return clean, nil
	}
	rel, ok := relToRoot(c.FS, p)
	if !ok {
		return "", c.errorAt(key, fmt.Sprintf("%s = %s is outside the project folder %s", key, p, c.FS.Abs(".")))
	}
	return rel, nil
}

// relToRoot turns an absolute path into an FS path, if it lies in the FS.
func relToRoot(fsys FS, abs string) (string, bool) {
	root := filepath.ToSlash(fsys.Abs("."))
	p := path.Clean(filepath.ToSlash(abs))
	if p == root {
		return ".", true
	}
	prefix := strings.TrimSuffix(root, "/") + "/"
	if strings.HasPrefix(p, prefix) {
		return strings.TrimPrefix(p, prefix), true
	}
	return "", false
}

// Database is where sqlalchemy.url points.
type Database struct {
	URL string // as written (interpolated)
	// Dialect is "sqlite" or "postgresql" (postgresql://, postgres://, with
	// any driver: +psycopg2, +psycopg, +asyncpg, ...). A PostgreSQL database
	// has only its URL.
	Dialect string
	Memory  bool // sqlite:// or sqlite:///:memory:
	// Path is the database file as the user sees it: absolute, as SQLite
	// opens it ("" in memory).
	Path string
	// Name is the file as an FS path when it lies in the project ("myapp.db"),
	// else "".
	Name string
	// Query is what follows '?' in the URL ("mode=ro"), if anything.
	Query string
}

// Database resolves sqlalchemy.url. Retort works with SQLite and
// PostgreSQL: sqlite:///relative.db (relative to the ini file's folder),
// sqlite:////absolute.db, sqlite:// or sqlite:///:memory: for a database in
// memory, and postgresql://user:password@host:port/database (see
// engine/postgres.ParseURL). Anything else is an error naming the key and
// its line.
func (c *Config) Database() (Database, error) {
	key := "sqlalchemy.url"
	if _, ok, _ := c.Get(key); !ok || strings.TrimSpace(c.URL) == "" {
		return Database{}, &INIError{File: c.File, Msg: fmt.Sprintf("no sqlalchemy.url in section [%s]", c.Section)}
	}
	return c.database(strings.TrimSpace(c.URL), func(msg string) error { return c.errorAt(key, msg) }, c.Dir)
}

// DatabaseURL resolves a URL env.py gives (the app's, under Flask-Migrate):
// a relative path is relative to the folder the command runs in. The ini's
// own sqlalchemy.url resolves as Database does.
func (c *Config) DatabaseURL(url string) (Database, error) {
	url = strings.TrimSpace(url)
	if url == strings.TrimSpace(c.URL) {
		return c.Database()
	}
	return c.database(url, func(msg string) error { return errors.New(msg) }, ".")
}

func (c *Config) database(url string, fail func(msg string) error, dir string) (Database, error) {
	if postgres.IsURL(url) {
		if _, err := postgres.ParseURL(url); err != nil {
			return Database{}, fail(err.Error())
		}
		return Database{URL: url, Dialect: "postgresql"}, nil
	}
	rest, ok := matchSQLiteURL(url)
	if !ok {
		return Database{}, fail(fmt.Sprintf("sqlalchemy.url = %s: Retort works with SQLite and PostgreSQL "+
			"(sqlite:///relative/path.db, sqlite:////absolute/path.db, sqlite:// for a database in memory, "+
			"postgresql://user:password@host/database)", obfuscatePassword(url)))
	}
	db := Database{URL: url, Dialect: "sqlite"}
	rest, db.Query, _ = strings.Cut(rest, "?")
	switch {
	case rest == "" || rest == "/" || rest == "/:memory:":
		db.Memory = true
		return db, nil
	case !strings.HasPrefix(rest, "/"):
		return Database{}, fail(fmt.Sprintf("sqlalchemy.url = %s: a SQLite URL has no host; "+
			"write sqlite:///relative/path.db or sqlite:////absolute/path.db", url))
	}
	file := rest[1:] // sqlite:///x -> "x"; sqlite:////abs -> "/abs"
	if isAbs(file) {
		db.Path = filepath.Clean(file)
		if rel, ok := relToRoot(c.FS, file); ok {
			db.Name = rel
		}
		return db, nil
	}
	name := path.Join(dir, filepath.ToSlash(file))
	if name == ".." || strings.HasPrefix(name, "../") {
		db.Path = filepath.Join(c.FS.Abs(dir), filepath.FromSlash(file))
		return db, nil
	}
	db.Name = name
	db.Path = c.FS.Abs(name)
	return db, nil
}

// Location is the timezone option as a location: local time when empty.
// Like Alembic, it tries the name as written, then in upper case.
func (c *Config) Location() (*time.Location, error) {
	if c.Timezone == "" {
		return time.Local, nil
	}
	if loc, err := time.LoadLocation(c.Timezone); err == nil {
		return loc, nil
	}
	if loc, err := time.LoadLocation(strings.ToUpper(c.Timezone)); err == nil {
		return loc, nil
	}
	return nil, c.errorAt("timezone", "Can't locate timezone: "+c.Timezone)
}
