//go:build js

package sqlite

import "github.com/ncruces/go-sqlite3"

// extensions: the page's SQLite has none beyond the driver's own (see
// ext_native.go).
var extensions []func(*sqlite3.Conn) error
