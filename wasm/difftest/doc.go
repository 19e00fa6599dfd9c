// Package difftest runs zkwasm's tracing interpreter and wazero side by side on the same
// modules and inputs and checks that outputs, results and traps agree: on every guest in
// testdata/guests (cases.go lists them with inputs and independently computed expected
// outputs), and on generated and mutated modules (FuzzDifferential, gen.go). It also holds
// the execution benchmarks BenchmarkRun_*.
//
// The non-test files are a library for tests and benchmarks: the guest case table
// (Cases), the module generator and mutator (Generate, Mutate) and the two-engine
// runner (RunInterp, RunWazero, Compare).
//
// Fuzzing: go test ./wasm/difftest -run '^$' -fuzz FuzzDifferential -fuzztime 5m
// Finds land in testdata/fuzz/FuzzDifferential and are rerun by plain go test.
//
// Imports: wasm, wasm/trace, wasm/interp, wasm/host, wasm/host/wazerohost, wazero.
// Never imports proof packages.
package difftest
