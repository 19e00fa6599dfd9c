// Package spectest runs the WebAssembly spec test suite (the integer MVP
// subset in testdata/spectest, wast2json format) against zkwasm's decoder and
// interpreter (wasm, wasm/interp) and against wazero as a reference. It holds
// only tests; set ZKWASM_SPECTEST_DIR to run another directory of
// *.mvpint.json files.
package spectest
