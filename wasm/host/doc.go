// Package host implements the zkwasm host ABI, independently of any engine.
//
// A guest imports four functions from module "env" (the Delphinus zkWasm ABI):
//
//	wasm_input(is_public i32) -> i64   next word of the public (1) or private (0) queue
//	wasm_output(v i64)                 append v to the public outputs
//	require(cond i32)                  trap with ErrRequireFailed unless cond != 0
//	wasm_dbg(v i64)                    print v for debugging; not part of the proof
//
// Env holds the state of one run: the two input queues, the outputs and the debug sink.
// ParseInput/ParseInputs turn command-line and config input specs (`5:i64`, `-3:i32`,
// `0x0102:bytes`, `0x0102:bytes-packed`, `@file.bin:bytes`, `@inputs.txt`) into words.
//
// The adapters that register the four functions with an engine live next to it: Interp
// (this package) for zkwasm's tracing interpreter, and package wasm/host/wazerohost for
// wazero, used as the reference engine in differential tests and by `zkwasm run --wazero`.
//
// Imports: the standard library, wasm and wasm/interp (for the interpreter adapter).
// Never imports proof packages.
package host
