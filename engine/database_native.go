//go:build !js

package engine

import (
	"context"

	"retort/engine/postgres"
)

// openPostgres connects to the PostgreSQL database a sqlalchemy.url names.
func openPostgres(ctx context.Context, url string) (database, error) {
	db, err := postgres.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	return &pgDatabase{db: db}, nil
}
