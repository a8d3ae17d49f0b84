# Retort — build, serve, test, bench.
# `make test` runs every test: Go (native), the engine's library packages compiled
# to wasm (run under Node), and the browser tests (Debian chromium).

GO       ?= go
GOROOT   := $(shell $(GO) env GOROOT)
WASMPATH := $(GOROOT)/lib/wasm:$(PATH)
# The engine's library packages: everything under engine/ but the native command.
ENGINE_LIBS = $(shell $(GO) list ./engine/... | grep -v '/cmd/')

.PHONY: test test-native test-wasm vet bench parity

test: vet test-native test-wasm

vet:
	$(GO) vet ./...

test-native:
	$(GO) test ./...

test-wasm:
	PATH="$(WASMPATH)" GOOS=js GOARCH=wasm $(GO) test $(ENGINE_LIBS)

bench:
	$(GO) test -run '^$$' -bench . -benchtime 3x ./engine/...

# Retort beside the real Alembic (Debian: apt-get install -y alembic): the tutorial done
# by both, same logs, ops and schemas, and each runs the other's project. Skips without it.
parity:
	$(GO) test -count=1 -v -run 'TestParityAlembic' ./engine/cmd/retort/
