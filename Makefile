# zkwasm build and test entry points. `make test` is what CI runs.
GO ?= go
PKGS := ./...

.PHONY: build test test-short bench spectest fuzz lint guests

build:
	$(GO) build -o bin/zkwasm ./cmd/zkwasm

test:
	$(GO) vet $(PKGS)
	$(GO) test -timeout 40m $(PKGS)

test-short:
	$(GO) test -short $(PKGS)

bench:
	$(GO) test -run '^$$' -bench . -benchtime 3x -timeout 120m $(PKGS)

# ---- EVM verifier tests and the gnark comparison (nested modules) ----
# Added by the `opening` branch. `make test` and `make bench` gain these as
# prerequisites; no other line is changed. The EVM tests need node and
# the pinned solc (`npm ci` in plonkish/solidity, done here if missing).
.PHONY: test-evm bench-gnark
test: test-evm
bench: bench-gnark

test-evm:
	cd plonkish/solidity && { [ -d node_modules/solc ] || npm ci --no-audit --no-fund; }
	cd plonkish/solidity/evmtest && $(GO) vet ./... && $(GO) test -timeout 20m ./...

bench-gnark:
	cd bench && $(GO) test -run '^$$' -bench . -benchtime 3x -timeout 120m ./...

lint:
	gofmt -l . | tee /dev/stderr | (! read)
	$(GO) vet $(PKGS)
