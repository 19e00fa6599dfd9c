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

lint:
	gofmt -l . | tee /dev/stderr | (! read)
	$(GO) vet $(PKGS)

# ---- WebAssembly front end (wasm-core) ----
# Spec suite on zkwasm's decoder+interpreter and on wazero; prints
# "spectest: N passed, M failed" per engine.
spectest:
	@out=$$($(GO) test ./wasm/spectest/ -run . -v -count=1 2>&1); st=$$?; \
	echo "$$out" | grep -E '^(=== RUN|--- |spectest:|ok|FAIL)'; exit $$st

# Short fuzzing of the decoder and the interpreter (FUZZTIME=5m for longer runs).
FUZZTIME ?= 60s
fuzz-wasm:
	$(GO) test ./wasm -run '^$$' -fuzz FuzzDecode -fuzztime $(FUZZTIME)
	$(GO) test ./wasm/interp -run '^$$' -fuzz FuzzInstantiate -fuzztime $(FUZZTIME)
