// Package poly holds the polynomial representations the PLONKish prover works with, each
// a distinct Go type so that mixing bases is a compile error:
//
//   - Coeffs: monomial coefficients c_0 + c_1·X + ...;
//   - Lagrange: evaluations on the base domain H = {ω^i : i < n}, in row order;
//   - Extended: evaluations on the extended coset domain g·⟨ω_N⟩ of size N = e·n, stored
//     part by part (see ExtDomain for the layout).
//
// Conversions are methods of Domain and ExtDomain; the in-place ones consume their
// argument (the returned slice shares its memory) so the prover never copies a column it
// does not need twice. FFTs are gnark-crypto's fr/fft.
//
// Imports: the standard library and gnark-crypto only.
package poly
