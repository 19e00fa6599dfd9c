// Package evmtest runs zkwasm's generated Solidity in go-ethereum's EVM
// (core/vm/runtime, Prague rules) after compiling it with the pinned npm
// solc (../package.json; run `npm ci` in plonkish/solidity first).
//
// The tests prove every plonkish/examples circuit and a zkWasm run
// (testdata/guests/fib.wat.wasm through internal/pipeline, importable here
// because this module's path lies under github.com/zkwasm/zkwasm) with the
// backend, and check that the generated verifiers accept them and reject
// tampered proofs and public values; the execution gas is pinned in
// testdata/gas_examples.json and testdata/gas_zkwasm.json (rewrite with
// `go test -update` after an intended change).
//
// It is a nested module so go-ethereum stays out of zkwasm's go.mod:
//
//	cd plonkish/solidity && npm ci && cd evmtest && go test ./...
package evmtest
