# Retort — build, serve, test, bench.
# `make test` runs every test: Go (native), the engine's library packages compiled
# to wasm (run under Node), and the browser tests (Debian chromium).

GO       ?= go
GOROOT   := $(shell $(GO) env GOROOT)
WASMPATH := $(GOROOT)/lib/wasm:$(PATH)
# The engine's library packages: everything under engine/ but the native command.
ENGINE_LIBS = $(shell $(GO) list ./engine/... | grep -v '/cmd/')
# The page's npm packages (CodeMirror, TypeScript), installed from the committed lock file.
NODE_MODULES = web/node_modules/.package-lock.json

.PHONY: build serve test test-native test-wasm typecheck vet bench bench-go parity

# build: the wasm engine and the bundled page into dist/ (cached: a no-op when nothing changed).
build: $(NODE_MODULES)
	$(GO) run ./scripts/build

# serve: build, then serve dist/ on http://localhost:8080, rebuilding when sources change.
serve: $(NODE_MODULES)
	$(GO) run ./scripts/serve

$(NODE_MODULES): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

test: vet typecheck test-native test-wasm

vet:
	$(GO) vet ./...

typecheck: $(NODE_MODULES)
	cd web && npx --no-install tsc --noEmit -p .

# The browser tests (web/browsertest) build dist/ themselves and need the npm packages.
test-native: $(NODE_MODULES)
	$(GO) test -timeout 30m ./...

test-wasm:
	PATH="$(WASMPATH)" GOOS=js GOARCH=wasm $(GO) test $(ENGINE_LIBS)

# bench: the performance figures against their targets and same-run anchors
# (sizes, page load and steps in Chromium, the engine native and in wasm,
# sql.js, alembic), as one table; also written to dist/bench.md. Not a test:
# it fails only when it cannot run. See README, "Performance".
bench: $(NODE_MODULES)
	$(GO) run ./scripts/bench -md dist/bench.md

# bench-go: the engine's Go benchmarks (go test -bench).
bench-go:
	$(GO) test -run '^$$' -bench . -benchtime 3x ./engine/...

# Retort beside the real Alembic (Debian: apt-get install -y alembic python3-psycopg2): the
# tutorial done by both, on SQLite and on PostgreSQL (a throwaway cluster, as make test's),
# same logs, ops, --sql and schemas (pg_dump of both databases on PostgreSQL), and each runs
# the other's project. Skips without alembic.
# It also records the corpus (engine/testdata/corpus: public projects' histories, and
# our harness projects) again with the real Alembic and fails when a golden that
# TestCorpus holds Retort to is not what Alembic does today (several minutes).
parity:
	$(GO) test -count=1 -v -run 'TestParityAlembic' ./engine/cmd/retort/
	@if [ -x /usr/bin/alembic ]; then /usr/bin/python3 engine/testdata/corpus/record.py --check; \
	else echo "parity: /usr/bin/alembic missing: the corpus goldens were not recorded again"; fi
