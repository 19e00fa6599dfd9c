module github.com/zkwasm/zkwasm/bench

go 1.26.8

// gnark v0.14.0 needs gnark-crypto v0.19.x (v0.22.0, which zkwasm uses, drops
// packages gnark imports), so this module does not require zkwasm itself;
// the replace keeps any future import of zkwasm packages on the local tree.
replace github.com/zkwasm/zkwasm => ../

require (
	github.com/consensys/gnark v0.14.0
	github.com/consensys/gnark-crypto v0.19.0
	github.com/rs/zerolog v1.35.1
)

require (
	github.com/bits-and-blooms/bitset v1.24.0 // indirect
	github.com/blang/semver/v4 v4.0.0 // indirect
	github.com/fxamacker/cbor/v2 v2.9.0 // indirect
	github.com/google/pprof v0.0.0-20250820193118-f64d9cf942d6 // indirect
	github.com/mattn/go-colorable v0.1.14 // indirect
	github.com/mattn/go-isatty v0.0.20 // indirect
	github.com/ronanh/intcomp v1.1.1 // indirect
	github.com/x448/float16 v0.8.4 // indirect
	golang.org/x/crypto v0.41.0 // indirect
	golang.org/x/sync v0.16.0 // indirect
	golang.org/x/sys v0.35.0 // indirect
)
