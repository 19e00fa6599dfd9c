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
