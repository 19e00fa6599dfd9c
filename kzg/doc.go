// Package kzg owns zkwasm's polynomial commitment layer over BN254: the
// structured reference string (SRS), how it is obtained, stored and checked,
// and the KZG commitments and openings the PLONKish prover builds on.
//
// An SRS is a list of powers of a secret τ: [τ^i]₁ for i < n in G1 and
// [1]₂, [τ]₂ in G2. There are two ways to get one:
//
//   - NewTestSRS / CachedTestSRS derive τ from a public seed. Anyone who knows
//     the seed knows τ and can forge proofs. Such an SRS is marked
//     Insecure and is for tests and benchmarks only.
//   - ImportPtau reads a real powers-of-tau ceremony file in snarkjs' .ptau
//     format (the Perpetual Powers of Tau files), checking every point and the
//     file's own pairing consistency.
//
// An SRS of 2^k points serves every circuit of up to 2^k rows (see Prefix).
// Commit and CommitLagrange commit to a polynomial given by its coefficients
// or by its evaluations on the domain of size 2^k; both detect columns whose
// values are small (bits, bytes, limbs) and take a cheaper path for them.
//
// The byte format of an SRS (WriteTo/ReadFrom) is documented in marshal.go.
//
// Dependencies: kzg may import only the standard library and gnark-crypto.
// It knows nothing of circuits, WebAssembly or the PLONKish IR; plonkish
// imports kzg, never the reverse.
package kzg
