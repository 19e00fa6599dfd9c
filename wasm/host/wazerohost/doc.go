// Package wazerohost runs guests on wazero with the zkwasm host ABI of package host, so
// that wazero can serve as the reference engine: differential tests, `zkwasm run --wazero`
// and benchmarks run the same module with the same inputs on both engines.
//
// wazero is configured as the interpreter (no JIT) with WebAssembly 1.0 plus the
// sign-extension operators, the feature set zkwasm supports apart from floats.
//
// Imports: package host and wazero. Never imports proof packages or wasm/interp.
package wazerohost
