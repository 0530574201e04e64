# TFTSR — the two commands that matter on a fresh machine:
#   make run    install what is missing, build, launch the desktop app
#   make test   install what the tests need, run every test
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := run

GO        ?= go
TOOLS     := $(CURDIR)/build/tools
WAILS     := $(TOOLS)/wails
BIN       := build/bin/tftsr
E2E_BIN   := build/e2e/tftsr-e2e
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -X main.version=$(VERSION)
STORE_TAGS := sqlite_fts5
# webkit2gtk 4.1 is preferred (newer distributions ship only it); 4.0 is accepted.
WEBKIT_TAG = $(shell pkg-config --exists webkit2gtk-4.1 2>/dev/null && echo webkit2_41)
APP_TAGS   = $(strip $(STORE_TAGS) $(WEBKIT_TAG))
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

GO_SOURCES := $(shell find . -name '*.go' -not -path './frontend/*' -not -path './build/*') go.mod go.sum $(wildcard migrations/*.sql)
FRONTEND_SOURCES := $(shell find frontend/src -type f 2>/dev/null) frontend/index.html frontend/package.json $(wildcard frontend/*.config.* frontend/tsconfig*.json)

.PHONY: run build test help dist-dir deps-toolchain deps-system deps-test frontend-deps bindings frontend \
        test-go test-frontend test-e2e test-smoke lint-go fuzz bench bench-ui clean

help:
	@echo "make run    install what is missing, build and launch TFTSR"
	@echo "make test   install what tests need and run every test"
	@echo "make build  build $(BIN) only"
	@echo "make bench  run the benchmarks (see docs/benchmarks.md)"

## ---- installing ------------------------------------------------------------------------------

# Go and Node.js are not installed by this Makefile (distributions ship versions too old for
# Wails/Vite); say clearly what is missing instead of failing halfway.
deps-toolchain:
	@command -v $(GO) >/dev/null || { echo "Go 1.26 or newer is required: https://go.dev/dl/" >&2; exit 1; }
	@$(GO) version | grep -Eq 'go1\.(2[6-9]|[3-9][0-9])' || { echo "Go 1.26 or newer is required (found: $$($(GO) version))" >&2; exit 1; }
	@command -v node >/dev/null && command -v npm >/dev/null || { echo "Node.js 20.19+ with npm is required: https://nodejs.org/" >&2; exit 1; }
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)||(a===20&&b>=19)?0:1)' || \
	  { echo "Node.js 20.19+ or 22.12+ is required by Vite (found $$(node --version))" >&2; exit 1; }

# Debian/Ubuntu packages to build the desktop app: GTK 3 and webkit2gtk (4.1, else 4.0).
deps-system: deps-toolchain
	@need=""; \
	command -v pkg-config >/dev/null || need="$$need pkg-config"; \
	command -v gcc >/dev/null || need="$$need gcc"; \
	pkg-config --exists gtk+-3.0 2>/dev/null || need="$$need libgtk-3-dev"; \
	if ! pkg-config --exists webkit2gtk-4.1 2>/dev/null && ! pkg-config --exists webkit2gtk-4.0 2>/dev/null; then need="$$need webkit"; fi; \
	if [ -n "$$need" ]; then \
	  if ! command -v apt-get >/dev/null; then \
	    echo "Missing build dependencies:$$need. Install GTK 3 and webkit2gtk (4.1 or 4.0) development packages, then rerun." >&2; exit 1; \
	  fi; \
	  echo "Installing build dependencies:$$need"; \
	  $(SUDO) apt-get update -qq; \
	  webkit=libwebkit2gtk-4.1-dev; apt-cache show $$webkit >/dev/null 2>&1 || webkit=libwebkit2gtk-4.0-dev; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
	    pkg-config gcc libgtk-3-dev $$webkit >/dev/null; \
	fi

# What the tests add: a virtual X server and screenshots for the desktop smoke test,
# Debian's Chromium for the browser tests (Playwright never downloads a browser here), and
# poppler's pdftotext, which reads back the text of exported PDFs.
deps-test: deps-system
	@need=""; \
	command -v Xvfb >/dev/null || need="$$need xvfb"; \
	command -v xauth >/dev/null || need="$$need xauth"; \
	command -v import >/dev/null || need="$$need imagemagick"; \
	[ -x /usr/bin/chromium ] || need="$$need chromium"; \
	dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need="$$need fonts-dejavu-core"; \
	command -v pdftotext >/dev/null || need="$$need poppler-utils"; \
	if [ -n "$$need" ]; then \
	  command -v apt-get >/dev/null || { echo "Missing test dependencies:$$need" >&2; exit 1; }; \
	  echo "Installing test dependencies:$$need"; \
	  $(SUDO) apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$need >/dev/null; \
	fi

# The Wails CLI, built from a tools module that lifts golang.org/x/tools past the version Wails
# pins (v0.17.0 does not compile on Go 1.26; DESIGN.md §6).
$(WAILS): internal/tools/wails/go.mod internal/tools/wails/go.sum
	cd internal/tools/wails && $(GO) build -o $(WAILS) github.com/wailsapp/wails/v2/cmd/wails

frontend/node_modules/.installed: frontend/package-lock.json frontend/package.json
	cd frontend && npm ci --no-audit --no-fund
	@# Some npm packages ship Go files; a go.mod here keeps them out of `go ... ./...`.
	printf 'module tftsr/frontend/node_modules\n' > frontend/node_modules/go.mod
	touch $@

frontend-deps: frontend/node_modules/.installed

## ---- building ------------------------------------------------------------------------------

# main.go embeds frontend/dist: the Go package needs at least one file there to compile, even
# before the frontend is built (vet, tests, bindings).
dist-dir:
	@mkdir -p frontend/dist && touch frontend/dist/.gitkeep

# TypeScript bindings for the bound Go services (frontend/wailsjs), generated from the Go code.
frontend/wailsjs/go/models.ts: $(GO_SOURCES) | $(WAILS) dist-dir
	$(WAILS) generate module -tags "$(APP_TAGS)"
	@touch $@

bindings: frontend/wailsjs/go/models.ts

frontend/dist/index.html: frontend/node_modules/.installed frontend/wailsjs/go/models.ts $(FRONTEND_SOURCES)
	cd frontend && npm run build

frontend: frontend/dist/index.html

$(BIN): deps-system $(WAILS) frontend/dist/index.html $(GO_SOURCES)
	$(WAILS) build -s -skipbindings -tags "$(APP_TAGS)" -ldflags "$(LDFLAGS)" -o tftsr

build: $(BIN)

run: build
	@if [ -z "$${DISPLAY:-}" ] && [ -z "$${WAYLAND_DISPLAY:-}" ]; then \
	  echo "No display (DISPLAY/WAYLAND_DISPLAY unset): built $(BIN) but cannot open a window. The CLI works anywhere: $(BIN) help" >&2; exit 2; \
	fi
	./$(BIN)

$(E2E_BIN): $(GO_SOURCES)
	$(GO) build -tags "$(STORE_TAGS)" -o $(E2E_BIN) ./internal/webbridge/cmd/tftsr-e2e

## ---- testing -------------------------------------------------------------------------------

test: deps-test
	$(MAKE) --no-print-directory -k lint-go test-go test-frontend test-e2e test-smoke
	$(MAKE) --no-print-directory fuzz
	@echo "make test: all suites passed"

lint-go: frontend/wailsjs/go/models.ts dist-dir
	@unformatted=$$(gofmt -l $$(find . -name '*.go' -not -path './frontend/*' -not -path './build/*')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:" $$unformatted >&2; exit 1; fi
	$(GO) vet -tags "$(STORE_TAGS)" ./...

test-go: frontend/wailsjs/go/models.ts dist-dir
	$(GO) test -race -tags "$(STORE_TAGS)" ./...

# Fuzzing (PII detector and redactor, the triage block parser, the Confluence storage
# converter). `go test` above already runs every seed and saved crasher; `make test` adds a short
# run of each target, bounded by a count of executions (~5-15 s each here), not by time: with a
# duration, Go 1.26's fuzz coordinator can fail at the deadline with a bare "context deadline
# exceeded" and no crasher (go.dev/issue/75804, fixed in Go 1.27), which broke CI once.
# A long run: make fuzz FUZZTIME=5m (a duration, accepting that flake) or FUZZTIME=5000000x.
# -fuzzminimizetime is bounded because Go otherwise spends up to 60 s minimising each
# new-coverage input with 0 execs/s, which looks like (and was mistaken for) a hang.
FUZZTIME ?=
# package:target:executions triples; FUZZTIME, when given, replaces every count.
FUZZ_TARGETS := internal/pii:FuzzScan:150000x internal/pii:FuzzRedact:150000x \
                internal/pii:FuzzScanAgreesWithPerLine:100000x internal/triage:FuzzParse:150000x \
                internal/integrations/confluence/storage:FuzzConvert:20000x
fuzz:
	@set -e; for pt in $(FUZZ_TARGETS); do \
	  pkg=$${pt%%:*}; rest=$${pt#*:}; t=$${rest%%:*}; n=$${rest#*:}; \
	  $(GO) test -tags "$(STORE_TAGS)" -run '^$$' -fuzz "^$$t\$$" -fuzztime $(if $(FUZZTIME),$(FUZZTIME),$$n) -fuzzminimizetime 2s ./$$pkg/; \
	done

test-frontend: frontend-deps bindings
	cd frontend && npm run typecheck && npm run lint && npm run test

test-e2e: frontend $(E2E_BIN)
	cd frontend && E2E_SERVER=$(CURDIR)/$(E2E_BIN) npx playwright test --config e2e/playwright.config.ts

test-smoke: $(BIN)
	TFTSR_BIN=$(CURDIR)/$(BIN) TFTSR_SMOKE_OUT=$(CURDIR)/build/smoke \
	  $(GO) test -count=1 -tags "smoke" -run "TestDesktopSmoke|TestNoDisplayExitsWithClearMessage" -v ./internal/smoke/

bench:
	$(GO) test -tags "$(STORE_TAGS)" -run '^$$' -bench . -benchtime 20x ./internal/...
	$(MAKE) --no-print-directory bench-ui

# Streaming in the UI (docs/benchmarks.md): a 20,000-token answer at 200 tokens/s from the fake
# provider through the real services into Chromium (about 2 min); checks that no token is lost or
# reordered and writes event batches/s, frame gaps, long tasks and input latency to
# build/bench/stream-ui.json. And the document editor with a 5,000-line RCA (about 30 s): open
# time and key-to-frame latency, failing on generous limits (build/bench/editor-ui.json).
bench-ui: frontend $(E2E_BIN)
	cd frontend && E2E_SERVER=$(CURDIR)/$(E2E_BIN) npx playwright test --config e2e/bench.config.ts

clean:
	rm -rf build/bin build/e2e build/smoke frontend/dist
