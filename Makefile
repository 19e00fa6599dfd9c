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

# Product figures: `zkwasm prove` wall time and peak memory on the bundled example (cold
# key cache, then warm), proof size, and verifier gas on the EVM for the guests.
.PHONY: bench-product
bench: bench-product
bench-product: build
	@cache=$$(mktemp -d); for run in cold warm; do \
	  ZKWASM_CACHE_DIR=$$cache /usr/bin/time -f "zkwasm prove fib.wat ($$run cache): wall %e s, peak RSS %M KiB" \
	    ./bin/zkwasm prove testdata/guests/fib.wat.wasm --public 10:i64 -o $$cache/out --quiet; \
	done; echo "proof.bin: $$(wc -c < $$cache/out/proof.bin) bytes"; rm -rf $$cache
	cd plonkish/solidity && { [ -d node_modules/solc ] || npm ci --no-audit --no-fund; }
	cd plonkish/solidity/evmtest && $(GO) test -run 'TestZkwasm.*InEVM' -v -count=1 . | grep -E 'gas|^(ok|FAIL)'
	cd plonkish/solidity/evmtest && $(GO) test -run '^$$' -bench VerifierGas -benchtime 1x .

lint:
	gofmt -l . | tee /dev/stderr | (! read)
	$(GO) vet $(PKGS)

# ---- WebAssembly front end (wasm-core) ----
# Spec suite on zkwasm's decoder+interpreter and on wazero; prints
# "spectest: N passed, M failed" per engine.
spectest:
	@out=$$($(GO) test ./wasm/spectest/ -run . -v -count=1 2>&1); st=$$?; \
	echo "$$out" | grep -E '^(=== RUN|--- |spectest:|ok|FAIL)'; exit $$st
	@# zkWasm circuit: every assert_return through the circuit's interpreter, and a wider
	@# MockProver sample than `make test` (4 per module, 2^17-row circuits included).
	@out=$$($(GO) test ./circuit/ -run TestSpecAssertReturns -v -count=1 -args -spec.mock=4 -spec.large -spec.steps=8388608 2>&1); st=$$?; \
	echo "$$out" | grep -vE '^=== '; exit $$st

# Short fuzzing of the decoder and the interpreter (FUZZTIME=5m for longer runs).
FUZZTIME ?= 60s
fuzz-wasm:
	$(GO) test ./wasm -run '^$$' -fuzz FuzzDecode -fuzztime $(FUZZTIME)
	$(GO) test ./wasm/interp -run '^$$' -fuzz FuzzInstantiate -fuzztime $(FUZZTIME)

# ---- guests (owned by wasm-guests): test guest programs in testdata/guests --------------
# Rebuilds the committed .wasm files from their sources; tests never need these toolchains.
# Needs: wabt (wat2wasm, wasm-objdump), clang + lld (wasm32 target), node/npm.
# Exact commands and toolchain versions: testdata/guests/README.md.
GUEST_DIR     := testdata/guests
CLANG         ?= clang
WASM_LD       ?= wasm-ld
WAT2WASM      ?= wat2wasm
GUEST_CFLAGS  := --target=wasm32 -mcpu=mvp -O2 -nostdlib -ffreestanding -fno-builtin -Wall -Werror
GUEST_LDFLAGS := --no-entry --export=zkmain --allow-undefined --strip-debug -z stack-size=65536 --initial-memory=262144
GUEST_WAT     := fib allops refuse_float refuse_bulk badimport badsig
GUEST_C       := fib ackermann sort dispatch sha256
GUEST_ASFLAGS := -O3 --runtime stub --noAssert --use abort= --disable bulk-memory \
                 --disable nontrapping-f2i --disable mutable-globals --disable sign-extension

guests:
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf $$tmp' EXIT; \
	for g in $(GUEST_WAT); do \
	  $(WAT2WASM) --enable-all --debug-names $(GUEST_DIR)/wat/$$g.wat -o $(GUEST_DIR)/$$g.wat.wasm; \
	done; \
	$(CLANG) $(GUEST_CFLAGS) -c $(GUEST_DIR)/c/libc.c -o $$tmp/libc.o; \
	for g in $(GUEST_C); do \
	  $(CLANG) $(GUEST_CFLAGS) -c $(GUEST_DIR)/c/$$g.c -o $$tmp/$$g.o; \
	  $(WASM_LD) $(GUEST_LDFLAGS) $$tmp/$$g.o $$tmp/libc.o -o $(GUEST_DIR)/$$g.c.wasm; \
	done; \
	(cd $(GUEST_DIR)/as && npm ci --no-audit --no-fund --silent && \
	  npx asc assembly/index.ts $(GUEST_ASFLAGS) -o ../sieve.as.wasm); \
	for f in $(GUEST_DIR)/*.wasm; do \
	  case $$f in *refuse_*) continue;; esac; \
	  if wasm-objdump -d $$f | grep -qE '\b(f32|f64)\.|memory\.(copy|fill|init)|data\.drop|table\.(copy|init|get|set|grow|size|fill)'; then \
	    echo "guests: $$f contains float or bulk-memory instructions" >&2; exit 1; \
	  fi; \
	done; \
	echo "guests: built $$(ls $(GUEST_DIR)/*.wasm | wc -l) modules in $(GUEST_DIR)"

# All fuzz targets in turn (FUZZTIME each).
.PHONY: fuzz-wasm fuzz-difftest
fuzz: fuzz-wasm fuzz-difftest
	$(GO) test ./kzg -run '^$$' -fuzz FuzzReadSRS -fuzztime $(FUZZTIME)
	$(GO) test ./kzg -run '^$$' -fuzz FuzzImportPtau -fuzztime $(FUZZTIME)
	$(GO) test ./plonkish/backend -run '^$$' -fuzz FuzzReadProof -fuzztime $(FUZZTIME)
	$(GO) test ./plonkish/backend -run '^$$' -fuzz FuzzReadVerifyingKey -fuzztime $(FUZZTIME)
	$(GO) test ./plonkish/multiopen -run '^$$' -fuzz FuzzUnmarshalProof -fuzztime $(FUZZTIME)

# Differential fuzzing of zkwasm's interpreter against wazero (FUZZTIME as above).
fuzz-difftest:
	$(GO) test ./wasm/difftest -run '^$$' -fuzz FuzzDifferential -fuzztime $(FUZZTIME)
