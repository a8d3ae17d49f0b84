//go:build js

package engine

import (
	"context"
	"errors"
)

// openPostgres: the page has no network connection to a database server.
func openPostgres(ctx context.Context, url string) (database, error) {
	return nil, errors.New("the page cannot connect to PostgreSQL (it runs SQLite in the browser): write the SQL with --sql, or run the retort command on your machine")
}
