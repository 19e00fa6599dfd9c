// Package bench holds zkwasm's comparison benchmarks against gnark, in a
// nested module so that gnark stays out of zkwasm's go.mod:
//
//   - BenchmarkGnarkPlonk: gnark's PLONK prover on BN254 for a chain of
//     multiplications filling a domain of 2^16, 2^18, 2^20 rows, reporting
//     ns per wire cell (3 committed wire cells per row), to compare with our
//     prover's ns per committed advice cell (plonkish/backend benchmarks);
//   - BenchmarkMSMFloor: one full-scalar G1 MSM of 2^k points with
//     gnark-crypto, the floor under any KZG prover's cost per committed cell.
//
// Run: cd bench && go test -run '^$' -bench . -benchtime 3x -timeout 120m
package bench
