// Package evmtest runs zkwasm's generated Solidity in go-ethereum's EVM
// (core/vm/runtime, Prague rules) after compiling it with the pinned npm
// solc (../package.json; run `npm ci` in plonkish/solidity first).
//
// It is a nested module so go-ethereum stays out of zkwasm's go.mod:
//
//	cd plonkish/solidity && npm ci && cd evmtest && go test ./...
package evmtest
