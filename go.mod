module retort

go 1.26.0

require (
	// scripts/build: the pure-Go brotli encoder for dist/*.br
	github.com/andybalholm/brotli v1.3.0
	// browser tests: drive Debian chromium
	github.com/chromedp/chromedp v0.23.0
	// scripts/build: bundles web/ (TypeScript, CodeMirror) into dist/
	github.com/evanw/esbuild v0.28.2
	// engine/postgres (db.go, inspect.go; native only, never in the wasm): the PostgreSQL driver
	github.com/jackc/pgx/v5 v5.13.0
	// engine/sqlite: the real SQLite (database/sql driver, vfs/memdb, serdes)
	github.com/ncruces/go-sqlite3 v0.37.0
	// the SQLite build that go-sqlite3 v0.37.0 requires (a mismatched pair does not compile)
	github.com/ncruces/go-sqlite3-wasm/v6 v6.5.35401 // indirect
	// tests: require
	github.com/stretchr/testify v1.12.1
)

require (
	github.com/chromedp/cdproto v0.159.0
	golang.org/x/tools v0.52.0
)

require (
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	github.com/jackc/pgpassfile v1.0.0 // indirect
	github.com/jackc/pgservicefile v0.0.0-20240606120523-5a60cdf6a761 // indirect
	github.com/ncruces/julianday v1.0.0 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/text v0.43.0 // indirect
)
