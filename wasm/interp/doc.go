// Package interp is zkwasm's deterministic tracing interpreter for the
// WebAssembly integer subset accepted by package wasm.
//
// It owns execution only: modules come from wasm.Decode (already validated),
// the trace format is package wasm/trace. It imports only the standard library,
// wasm and wasm/trace.
//
// # API summary
//
//	s := interp.NewStore(interp.Config{Trace: true, MaxSteps: 1 << 24})
//	host, err := s.AddHostModule("env", interp.HostModule{
//		Funcs: map[string]interp.HostFunc{
//			"wasm_input": {Type: wasm.FuncType{Params: []wasm.ValType{wasm.I32}, Results: []wasm.ValType{wasm.I64}},
//				Fn: func(c *interp.Caller, args []uint64) ([]uint64, error) { ... }},
//		},
//	})
//	m, err := wasm.Decode(bin)
//	inst, err := s.Instantiate(m, "guest") // links imports against registered modules, runs start
//	res, err := inst.Invoke("zkmain")       // args and results are uint64 (i32 zero-extended)
//	tr := s.Trace()                         // *trace.Trace: Steps, Mem, Globals, Frames, HostCalls
//
// Store.Register(name, inst) makes an instance's exports importable by later
// modules under that module name (the spec test "register" command); host
// modules are registered by AddHostModule.
//
// Errors. Runtime failures are *Trap values wrapping one sentinel (ErrDivByZero,
// ErrIntOverflow, ErrOutOfBounds, ErrTableOutOfBounds, ErrUnreachable,
// ErrIndirectTypeMismatch, ErrUndefinedElement (ErrUninitializedElement is-a
// ErrUndefinedElement), ErrStackExhausted, ErrStepLimit) or the error returned by
// a host function, so errors.Is(err, host.ErrRequireFailed) works for host
// sentinels. A Trap names the function (store address, module index, name) and
// the instruction (pc and byte offset). Linking failures wrap ErrUnknownImport
// or ErrIncompatibleImport in a *LinkError.
//
// Config: MaxSteps (per Invoke, ErrStepLimit), MaxCallDepth and MaxStackSlots
// (ErrStackExhausted), MaxMemoryPages (memory.grow fails beyond it; instances
// whose minimum exceeds it are refused), MaxTableSize, Trace.
//
// The trace (see package wasm/trace for the meaning of every field) accumulates
// across Invoke calls, including start functions run by Instantiate; call
// s.Trace().Reset() before the run you want. Step.Func is a store function
// address (Instance.FuncAddr maps module indices to it; Trace.Funcs maps back).
// Branch targets are static and come from wasm.Module.ResolveControl.
// Store.MemoryAt(addr) gives the memory a trace.MemAccess refers to (snapshot
// it before a run to check the log with Trace.CheckMemory).
//
// Host functions must not call back into the store (re-entrant Invoke is
// refused). Determinism: execution depends only on the modules, the arguments
// and the host functions' results; the trace of two runs is identical.
package interp
