//go:build !js

package sqlite

import (
	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/ext/fts5"
)

// extensions are the SQLite extensions each connection gets: FTS5 (full-text
// search virtual tables, which real projects' schemas hold) for the command
// line. The page leaves it out to stay small: a database with FTS5 tables
// is opened by the retort command.
var extensions = []func(*sqlite3.Conn) error{fts5.Register}
