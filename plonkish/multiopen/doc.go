// Package multiopen owns zkwasm's multi-point KZG opening: SHPLONK
// (Boneh, Drake, Fisch, Gabizon 2021, "Efficient polynomial commitment
// schemes for multiple points and polynomials", §3/§4), with challenges drawn
// from plonkish/transcript so that the native and the Solidity verifiers
// derive them identically.
//
// Dependencies: the standard library, gnark-crypto (fr, bn254 MSM and
// pairing, kzg key types) and plonkish/transcript. The key types are
// gnark-crypto's kzg.ProvingKey and kzg.VerifyingKey, which package kzg
// aliases, so kzg.SRS.ProvingKey() and kzg.SRS.VerifyingKey() fit directly.
//
// # Statement
//
// A query i (i = 0..m−1, in the order the caller lists them) claims that the
// polynomial f_i committed as C_i = [f_i(τ)]₁ takes the values e_{i,k} at the
// distinct points S_i = (s_{i,0}, …, s_{i,|S_i|−1}). Several rotations of one
// column are ONE query with several points. T is the set union of all S_i.
// Z_A(X) = Π_{a∈A} (X − a) is the vanishing polynomial of a set A, and r_i is
// the polynomial of degree < |S_i| with r_i(s_{i,k}) = e_{i,k}.
//
// # Transcript contract
//
// The caller (the main prover and verifier) has already absorbed every
// commitment C_i and every claimed evaluation e_{i,k} into the transcript,
// in an order its own protocol fixes; Open and Verify absorb nothing of the
// statement. They then run exactly:
//
//	γ  = Challenge()
//	AbsorbG1(W)
//	z  = Challenge()
//	AbsorbG1(W')
//
// (W' is absorbed so that any challenge a caller draws afterwards binds the
// whole proof; Verify itself draws none.)
//
// # Prover
//
//	h(X)  = Σ_i γ^i · (f_i(X) − r_i(X)) / Z_{S_i}(X)            W  = [h(τ)]₁
//	L(X)  = Σ_i γ^i · Z_{T∖S_i}(z) · (f_i(X) − r_i(z)) − Z_T(z) · h(X)
//	W'    = [L(X) / (X − z)]₁                                   (L(z) = 0)
//
// The prover groups queries with equal point sets so that each set costs one
// long division, and gets Σ γ^i r_i of a group as the remainder of that
// division (no interpolation). Cost: two MSMs of the largest degree, one
// multiply-add per coefficient of every query (the γ-combination), plus
// O(n·|S|) field operations per point set. Open refuses claimed evaluations
// that do not match the polynomials (the remainder check), naming the query.
//
// # Verifier (the algorithm the Solidity verifier implements)
//
//  1. Check W and W' are on the curve (G1 of BN254 has cofactor 1).
//  2. γ, z from the transcript as above. Reject if z ∈ T (probability |T|/r).
//  3. For each query i:
//     a_i  = γ^i · Z_{T∖S_i}(z)                       (product over T minus S_i)
//     r_i(z) = Σ_k e_{i,k} · λ_{i,k}(z),  λ_{i,k}(z) = Π_{l≠k} (z − s_{i,l}) / (s_{i,k} − s_{i,l})
//  4. One MSM of m + 3 points:
//     P = Σ_i a_i·C_i − (Σ_i a_i·r_i(z))·[1]₁ − Z_T(z)·W + z·W'
//  5. One pairing check (2 pairings): e(P, [1]₂) · e(−W', [τ]₂) = 1.
//
// This is e(F + z·W', [1]₂) = e(W', [τ]₂) with F = [L(τ)]₁, i.e. KZG's
// check that L vanishes at z. In the EVM: m + 3 ecMul, m + 2 ecAdd, one
// ecPairing with 2 pairs. Queries sharing a point set share their λ and
// Z_{T∖S} values, and a generated verifier whose points are x·ω^rot can get
// every 1/(s_k − s_l) from one inversion of x (the 1/(ω^a − ω^b) are
// constants); the grouping is an optimisation only: the result depends on
// the query order i alone.
//
// # Proof format
//
// A Proof is W ‖ W', each point as x ‖ y in 32-byte big-endian words (the
// point at infinity as (0, 0)): 128 bytes, the EVM calldata layout. See
// MarshalBinary.
package multiopen
