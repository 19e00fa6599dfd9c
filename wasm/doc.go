// Package wasm decodes and validates WebAssembly binary modules and defines the
// module, type and opcode vocabulary shared by the interpreter (wasm/interp), the
// trace (wasm/trace) and the circuit.
//
// Scope: the WebAssembly 1.0 (MVP) integer subset plus the sign-extension
// operators. Decode refuses every other feature (floats, SIMD, bulk memory,
// reference types, multi-value, multiple tables) at load time with an *Error of
// kind ErrUnsupported naming the feature, the function and the byte offset.
//
// Module.ResolveControl gives the static control flow of a body (branch
// targets, label heights, carried values): the single source of truth for the
// interpreter's pre-compilation and the circuit's program image.
//
// Spec references in comments ("§5.2.2") are to the WebAssembly Core
// Specification, Release 2.0 (https://webassembly.github.io/spec/core/).
//
// Imports: standard library only. This package must never import proof packages.
package wasm
