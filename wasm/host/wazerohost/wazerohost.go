package wazerohost

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"

	"github.com/zkwasm/zkwasm/wasm/host"
)

// Features is the wazero feature set matching zkwasm: WebAssembly 1.0 (which includes
// mutable globals) plus the sign-extension operators; no bulk memory, no reference types,
// no SIMD. wazero cannot disable floats, so float-using modules still load on wazero.
const Features = api.CoreFeaturesV1 | api.CoreFeatureSignExtensionOps

// NewRuntimeConfig returns wazero's interpreter configured with Features, and
// cancellation through the context (so a step limit can be emulated with a deadline).
func NewRuntimeConfig() wazero.RuntimeConfig {
	return wazero.NewRuntimeConfigInterpreter().
		WithCoreFeatures(Features).
		WithCloseOnContextDone(true)
}

// Host is the "env" host module bound to an Env. The Env may be replaced between runs
// (a wazero runtime instantiates "env" only once).
type Host struct {
	Env *host.Env
}

// Instantiate registers the four host functions as module "env" in r.
func (h *Host) Instantiate(ctx context.Context, r wazero.Runtime) error {
	i32, i64 := api.ValueTypeI32, api.ValueTypeI64
	_, err := r.NewHostModuleBuilder(host.Module).
		NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(func(_ context.Context, _ api.Module, s []uint64) {
		v, err := h.Env.Input(api.DecodeU32(s[0]))
		if err != nil {
			panic(err) // wazero turns the panic into an error returned by Call
		}
		s[0] = v
	}), []api.ValueType{i32}, []api.ValueType{i64}).Export(host.FnInput).
		NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(func(_ context.Context, _ api.Module, s []uint64) {
		h.Env.Output(s[0])
	}), []api.ValueType{i64}, nil).Export(host.FnOutput).
		NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(func(_ context.Context, _ api.Module, s []uint64) {
		if err := h.Env.Require(api.DecodeU32(s[0])); err != nil {
			panic(err)
		}
	}), []api.ValueType{i32}, nil).Export(host.FnRequire).
		NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(func(_ context.Context, _ api.Module, s []uint64) {
		h.Env.Dbg(s[0])
	}), []api.ValueType{i64}, nil).Export(host.FnDbg).
		Instantiate(ctx)
	if err != nil {
		return fmt.Errorf("instantiate host module %q: %w", host.Module, err)
	}
	return nil
}

// Machine is a compiled module on a wazero runtime with the host module registered. It
// can be run many times (each run instantiates the module afresh).
type Machine struct {
	rt       wazero.Runtime
	compiled wazero.CompiledModule
	host     *Host
}

// Compile creates a runtime with NewRuntimeConfig, registers the host module and
// compiles wasm. Close releases it.
func Compile(ctx context.Context, wasm []byte) (*Machine, error) {
	return CompileWithConfig(ctx, wasm, NewRuntimeConfig())
}

// CompileWithConfig is Compile with a runtime configuration of the caller's (e.g.
// NewRuntimeConfig().WithMemoryLimitPages(n)).
func CompileWithConfig(ctx context.Context, wasm []byte, cfg wazero.RuntimeConfig) (*Machine, error) {
	rt := wazero.NewRuntimeWithConfig(ctx, cfg)
	h := &Host{Env: host.NewEnv(nil, nil, nil)}
	if err := h.Instantiate(ctx, rt); err != nil {
		rt.Close(ctx)
		return nil, err
	}
	cm, err := rt.CompileModule(ctx, wasm)
	if err != nil {
		rt.Close(ctx)
		return nil, fmt.Errorf("wazero: compile: %w", err)
	}
	return &Machine{rt: rt, compiled: cm, host: h}, nil
}

// Close releases the runtime.
func (m *Machine) Close(ctx context.Context) error { return m.rt.Close(ctx) }

// Exports returns the module's exported functions' definitions by name.
func (m *Machine) Exports() map[string]api.FunctionDefinition { return m.compiled.ExportedFunctions() }

// Run instantiates the module with env as the host state (running its start function),
// calls the export entry with params and returns its results. A trap (including a host
// error such as host.ErrInputExhausted) is returned as an error; TrapKind classifies it.
func (m *Machine) Run(ctx context.Context, env *host.Env, entry string, params ...uint64) ([]uint64, error) {
	m.host.Env = env
	mod, err := m.rt.InstantiateModule(ctx, m.compiled, wazero.NewModuleConfig().WithName("").WithStartFunctions())
	if err != nil {
		return nil, fmt.Errorf("wazero: instantiate: %w", err)
	}
	defer mod.Close(ctx)
	fn := mod.ExportedFunction(entry)
	if fn == nil {
		return nil, fmt.Errorf("wazero: no exported function %q", entry)
	}
	if n := len(fn.Definition().ParamTypes()); n != len(params) {
		return nil, fmt.Errorf("wazero: %q takes %d arguments, got %d", entry, n, len(params))
	}
	return fn.Call(ctx, params...)
}

// Trap kinds shared with the interpreter's traps (see TrapKind).
const (
	TrapUnreachable         = "unreachable"
	TrapDivideByZero        = "integer divide by zero"
	TrapIntegerOverflow     = "integer overflow"
	TrapOutOfBoundsMemory   = "out of bounds memory access"
	TrapInvalidTableAccess  = "invalid table access"
	TrapIndirectCallType    = "indirect call type mismatch"
	TrapStackOverflow       = "stack overflow"
	TrapInputExhausted      = "input exhausted"
	TrapRequireFailed       = "require failed"
	TrapBadInputKind        = "bad wasm_input argument"
	TrapCanceled            = "canceled"
	TrapInvalidConversion   = "invalid conversion to integer"
	TrapLink                = "link error" // an import the host does not provide (or of another type)
	TrapOther               = "other"
	trapPrefixWazeroRuntime = "wasm error: "
)

// TrapKind classifies an error returned by Machine.Run as one of the Trap* kinds
// ("" for nil). Host errors are recognized by their sentinels; wazero's own traps by their
// message (its error values are internal).
func TrapKind(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, host.ErrInputExhausted):
		return TrapInputExhausted
	case errors.Is(err, host.ErrRequireFailed):
		return TrapRequireFailed
	case errors.Is(err, host.ErrBadInputKind):
		return TrapBadInputKind
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return TrapCanceled
	}
	msg := err.Error()
	if strings.Contains(msg, "module closed with context") {
		return TrapCanceled
	}
	if strings.HasPrefix(msg, "wazero: instantiate: ") && (strings.Contains(msg, "is not exported in module") ||
		strings.Contains(msg, "] not instantiated") || strings.Contains(msg, ": import ")) {
		return TrapLink
	}
	// The message of the innermost error comes first in a runtime trap ("wasm error:
	// integer divide by zero\nwasm stack trace: ..."); instantiation failures end with
	// it ("wazero: instantiate: data[0]: out of bounds memory access").
	msg = strings.SplitN(strings.TrimPrefix(msg, trapPrefixWazeroRuntime), "\n", 2)[0]
	for _, k := range []string{TrapUnreachable, TrapDivideByZero, TrapIntegerOverflow, TrapOutOfBoundsMemory,
		TrapInvalidTableAccess, TrapIndirectCallType, TrapStackOverflow, TrapInvalidConversion} {
		if strings.Contains(msg, k) {
			return k
		}
	}
	if strings.Contains(msg, "out of bounds table access") {
		return TrapInvalidTableAccess
	}
	return TrapOther
}
