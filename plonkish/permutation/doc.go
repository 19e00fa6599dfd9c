// Package permutation is the copy-constraint argument (PLONK's permutation argument in
// Halo2's chunked form).
//
// The equality-enabled columns v_0..v_{m−1} are split into chunks of at most Chunk
// columns. Cell (c, i) is labelled δ^c·ω^i (δ = 5 generates 𝔽_r^×, so the cosets δ^c·H
// are disjoint); σ_c(ω^i) is the label of the next cell in (c, i)'s copy cycle. For
// challenges β, γ, chunk j has a grand product Z_j with, on the u usable rows,
//
//	Z_j(ωX)·Π_{c∈j} (v_c + β·σ_c + γ) = Z_j(X)·Π_{c∈j} (v_c + β·δ^c·X + γ)   (times l_active)
//	l_0·(1 − Z_0) = 0,   l_0·(Z_j − Z_{j−1}(ω^u·X)) = 0 for j > 0,   l_last·(Z_last − 1) = 0
//
// so the products chain through the chunks and the whole product is 1 exactly when
// every cycle's values are equal (with overwhelming probability over β, γ). Each chunk
// constraint has degree Chunk + 2, so Chunk = D − 2 for a degree bound D. Rows after u
// hold random values (zero knowledge).
//
// keygen.go builds σ; prove.go the products; verify.go the constraints as plonkish
// expressions (used by the prover's quotient and by the verifier alike).
//
// Imports: plonkish, plonkish/poly and gnark-crypto.
package permutation
