package main

import (
	"errors"
	"fmt"

	"github.com/zkwasm/zkwasm/internal/pipeline"
	"github.com/zkwasm/zkwasm/wasm"
	"github.com/zkwasm/zkwasm/wasm/host"
	"github.com/zkwasm/zkwasm/wasm/interp"
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
	exp, ok := e.mod.ExportByName(name)
	if !ok || exp.Kind != wasm.ExternFunc {
		return nil, nil, fmt.Errorf("no exported function %q", name)
	}
	ft, ok := e.mod.FuncTypeOf(exp.Index)
	if !ok {
		return nil, nil, fmt.Errorf("export %q: bad function index %d", name, exp.Index)
	}
	return valTypes(ft.Params), valTypes(ft.Results), nil
}

func valTypes(ts []wasm.ValType) []string {
	var out []string
	for _, t := range ts {
		if t == wasm.I32 {
			out = append(out, host.KindI32)
		} else {
			out = append(out, host.KindI64) // the decoder admits only i32 and i64
		}
	}
	return out
}

func (e *interpEngine) run(env *host.Env, entry string, args []uint64, maxSteps uint64) ([]uint64, int64, error) {
	res, s, err := host.Run(e.mod, env, interp.Config{MaxSteps: maxSteps}, entry, args...)
	steps := int64(s.Steps())
	if err == nil {
		return res, steps, nil
	}
	var trap *interp.Trap
	if !errors.As(err, &trap) {
		var le *interp.LinkError
		if errors.As(err, &le) { // an import the zkwasm host does not provide: a bad module
			return nil, steps, &exitError{exitModule, err}
		}
		return nil, steps, err
	}
	kind := trap.Err.Error()
	if errors.Is(err, interp.ErrStepLimit) {
		kind = fmt.Sprintf("step limit reached (--max-steps %d)", maxSteps)
	}
	return nil, steps, &trapError{kind: kind, where: trapWhere(trap), steps: steps, err: err}
}

// trapWhere names the function and instruction of a trap.
func trapWhere(t *interp.Trap) string { return pipeline.TrapWhere(t) }
