package sqlite

import (
	"context"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/ext/serdes"
)

// ChangeOneRow exposes changeOneRow to the package's external tests.
var ChangeOneRow = (*DB).changeOneRow

// ReadMemory exposes readMemory, and Serialize SQLite's own copy of a
// database (what Export gives a file), to the package's external tests.
var ReadMemory = readMemory

func (db *DB) Serialize(ctx context.Context) (data []byte, err error) {
	err = db.raw(ctx, func(c *sqlite3.Conn) error {
		data, err = serdes.Serialize(c, "main")
		return err
	})
	return data, err
}

// MemoryName is an in-memory database's name in vfs/memdb.
func (db *DB) MemoryName() string { return db.mem }
