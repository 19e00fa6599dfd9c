package main

import (
	"errors"

	"github.com/zkwasm/zkwasm/wasm"
	"github.com/zkwasm/zkwasm/wasm/host"
)

// interpEngine runs on zkwasm's tracing interpreter.
type interpEngine struct {
	mod *wasm.Module
}

func newInterpEngine(bin []byte) (engine, error) {
	mod, err := wasm.Decode(bin)
	if err != nil {
		return nil, err
	}
	return &interpEngine{mod: mod}, nil
}

func (e *interpEngine) close() {}

func (e *interpEngine) signature(name string) (params, results []string, err error) {
	return nil, nil, errors.New("the zkwasm interpreter is not merged yet; use --wazero")
}

func (e *interpEngine) run(env *host.Env, entry string, args []uint64, maxSteps uint64) ([]uint64, int64, error) {
	return nil, -1, errors.New("not implemented")
}
