// Package lookup is the log-derivative (logUp) argument that carries every lookup and
// every bus of a circuit in one running sum.
//
// Each constraint kind contributes fractions N/(β + D) per usable row, where D is a
// tuple compressed with θ together with a tag (so tuples of different tables and buses
// never meet):
//
//   - a lookup into table t: N = 1, D = (inputs, t+1);
//   - table t itself (once, whatever the number of lookups into it): N = −m_t,
//     D = (table columns, t+1), where m_t is a committed multiplicity column
//     (how often each table row is looked up);
//   - an interaction i of bus b: N = its multiplicity expression, D = (values,
//     #tables + b + 1).
//
// All lookups hold and all buses balance iff (with overwhelming probability over θ, β)
// the sum over the usable rows of all fractions is zero. A running sum φ with
// φ(0) = 0, φ(u) = 0 and, on the usable rows,
//
//	φ(ωX) − φ(X) = Σ_g h_g(X) + Σ_{i∈G0} N_i/(β + D_i)           (times l_active)
//
// checks it. The fractions are packed (first-fit decreasing by denominator degree) under
// the degree bound D: helper columns
// h_g = Σ_{i∈g} N_i/(β + D_i), with constraint h_g·Π(β + D_i) − Σ_i N_i·Π_{j≠i}(β + D_j),
// and one group G0 folded into φ's constraint with its denominators multiplied out.
// One multiplicity column per table, shared by all lookups into it, and one running
// sum for the whole circuit: each extra table or bus costs no extra running sum.
//
// keygen.go plans the terms and groups, prove.go computes the columns, verify.go
// gives the constraints.
//
// Imports: plonkish, plonkish/poly and gnark-crypto.
package lookup
