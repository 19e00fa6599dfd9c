// Package vanishing is the quotient ("vanishing") argument: all constraint polynomials
// c_k of a circuit, combined with a challenge y as Σ_k y^k·c_k, vanish on the domain H
// iff that combination is divisible by X^n − 1. The prover computes
// h = Σ_k y^k·c_k / (X^n − 1) on the extended coset domain (part by part, see
// poly.ExtDomain), interpolates it, and splits it into chunks of n coefficients,
// blinded so that each commitment and evaluation is random on its own while
// Σ_i X^{n·i}·h_i is unchanged:
//
//	h'_i = h_i + b_i·X^n − b_{i−1}   (b_{−1} = b_{last} = 0)
//
// The verifier recomputes Σ_k y^k·c_k(x) from the claimed evaluations and checks
// (x^n − 1)·Σ_i x^{n·i}·h'_i(x) against it.
//
// Imports: plonkish, plonkish/poly and gnark-crypto.
package vanishing
