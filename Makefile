# jcabot: the JCA-Res.178 coordination bot.
# Quick start: `make run` opens the console on ./jcabot.db; `make test` checks everything.

GO      ?= go
BIN     := bin/jcabot
PKGS    := ./...
BENCH   ?= .
BENCHTIME ?= 1x
# The release jcabot version prints: the newest tag, or the commit, or "devel".
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)

.PHONY: help build run test lint bench docs clean

help: ## List the targets.
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-6s %s\n", $$1, $$2}'

build: ## Build the binary to bin/jcabot.
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./cmd/jcabot

run: build ## Open the console on the embedded store (JCABOT_DATA, default ./jcabot.db).
	./$(BIN) console

lint: ## Check formatting (gofmt) and run go vet.
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet $(PKGS)

test: lint ## gofmt check, go vet, and every test with the race detector.
	$(GO) test -race -count=1 $(PKGS)

bench: ## Run the benchmarks (BENCH=regexp to choose, BENCHTIME=5x or 2s).
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchtime $(BENCHTIME) -benchmem $(PKGS)

docs: build ## Regenerate the README's command reference from the declarations.
	./$(BIN) docs --readme README.md

clean: ## Remove the build output.
	rm -rf bin
