// Command zkwasm runs and proves WebAssembly programs.
//
//	zkwasm run mod.wasm [--public 5:i64 ...] [--private 0x0102:bytes ...] [--entry zkmain]
//	zkwasm prove mod.wasm [--public ...] [--private ...] [--k K] [-o DIR]   → DIR/proof.json, DIR/proof.bin
//	zkwasm verify [--vk FILE | mod.wasm] DIR/proof.json [--public ...] [--output ...]
//	zkwasm setup mod.wasm [--k K] [-o DIR]                                  → DIR/pk.bin, DIR/vk.bin
//	zkwasm stats mod.wasm [inputs] [--json]
//	zkwasm solidity (--vk FILE | mod.wasm) -o Verifier.sol
//	zkwasm srs new --k K [-o FILE] | zkwasm srs import FILE.ptau [--k K] [-o FILE]
//	zkwasm version
//
// Exit status: 0 ok, 1 proof not valid, 2 bad usage or configuration, 3 the guest trapped,
// 4 missing or unreadable file, 5 invalid module, 6 unsupported instruction or feature,
// 7 bad, missing or surplus inputs, 8 key or proof for another program, 9 corrupted
// proof, key or SRS, 10 SRS too small for k, 11 run too large for k, 12 not implemented
// yet, 70 internal error. Every error is one line on stderr.
//
// Settings come from flags, ZKWASM_* environment variables and zkwasm.yaml (package
// config). The orchestration (module → trace → circuit → keys → proof) lives in
// internal/pipeline; this package parses the command line, maps errors to exit statuses
// and prints results. With config it is the only package that uses viper.
package main
