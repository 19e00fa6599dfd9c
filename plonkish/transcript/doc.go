// Package transcript owns zkwasm's Fiat-Shamir transcript: the Keccak-256
// sponge-like construction that turns the prover's messages into the
// verifier's challenges, designed so that a Solidity verifier reproduces it
// with one KECCAK256 opcode per challenge over a contiguous memory region.
//
// Dependencies: the standard library, gnark-crypto (bn254, fr) and
// golang.org/x/crypto/sha3. It knows nothing of circuits or commitments
// beyond how to serialise a G1 point and a scalar.
//
// # Byte-exact specification (version 1)
//
// Notation: word(v) is the 32-byte big-endian encoding of an integer
// 0 ≤ v < 2^256; ‖ is concatenation; keccak256 is the original Keccak-256
// (padding byte 0x01, as the EVM's KECCAK256 opcode and Solidity's keccak256),
// not NIST SHA3-256; r is the BN254 scalar field order
//
//	r = 21888242871839275222246405745257275088548364400416034343698204186575808495617
//
// and p the BN254 base field order.
//
// The transcript holds a 32-byte state S and a byte buffer B (always a whole
// number of 32-byte words).
//
//   - New(d), for the verifying-key digest d ∈ Fr: S = word(d), B = empty.
//     (So the digest is the first word every challenge hashes.)
//   - AbsorbScalar(s), s ∈ Fr: B = B ‖ word(s), s in canonical form (< r).
//   - AbsorbG1(P): B = B ‖ word(P.x) ‖ word(P.y), with the affine coordinates
//     in canonical form (< p); the point at infinity is absorbed as
//     word(0) ‖ word(0), which is also how the EVM precompiles encode it
//     (no curve point has x = y = 0, since 0 ≠ 0³ + 3).
//   - Challenge(): S = keccak256(S ‖ B); B = empty; return c = int(S) mod r.
//     S keeps all 256 bits (it is not reduced), so two consecutive challenges
//     with nothing absorbed in between are keccak256(S) and
//     keccak256(keccak256(S)): distinct except with negligible probability.
//
// A Solidity verifier keeps S in a fixed memory word immediately followed by
// the buffer, writes absorbed words after it, and computes a challenge as
//
//	S := keccak256(ptrS, 32 + len(B)); c := mod(S, r); len(B) := 0
//
// Reducing a 256-bit hash mod r is not exactly uniform (2^256/r ≈ 5.29, so
// some residues are 6/5 times likelier than others); a cheating prover's
// chance of hitting a bad challenge grows by at most that constant factor,
// which is negligible against the ~2^-250 base. This is the convention of
// the Halo2/snark-verifier EVM transcripts.
//
// The order and meaning of what is absorbed (commitments, evaluations, proof
// points) is fixed by the protocol using the transcript (see
// plonkish/multiopen and the prover), not by this package. The word-aligned
// encoding with a fixed protocol schedule makes the message sequence
// unambiguous: no length prefixes or labels are needed.
//
// The test vectors in testdata/vectors.json pin this specification; the
// Solidity transcript library is checked against them in the EVM.
package transcript
