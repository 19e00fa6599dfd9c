// Command zkwasm runs and proves WebAssembly programs.
//
//	zkwasm run mod.wasm [--public 5:i64 ...] [--private 0x0102:bytes ...] [--entry zkmain]
//	zkwasm run mod.wasm --invoke NAME --arg 7:i32 --arg 9:i64
//	zkwasm run mod.wasm --wazero ...      (the same run on wazero, for comparison)
//
// Exit status: 0 success, 1 other failure (e.g. --strict-inputs with inputs left unread),
// 2 bad usage, unreadable or refused module, bad input, 3 the guest trapped.
//
// Settings come from flags, ZKWASM_* environment variables and zkwasm.yaml (package
// config). This package is the only one that wires wasm, circuit and proof packages
// together, and with config the only one that uses viper.
package main
