// Package lookup is the log-derivative (logUp) lookup argument with one multiplicity
// column per table, shared by every lookup into that table.
//
// Tuples are compressed with a challenge θ: t = Σ θ^k·T_k for the table columns and
// f_j = Σ θ^k·F_{j,k} for lookup j's inputs. For a challenge β, every input tuple lies in
// the table on the u usable rows iff (with overwhelming probability)
//
//	Σ_rows Σ_j 1/(β + f_j) = Σ_rows m/(β + t),
//
// where m(row) counts how often table row `row` is looked up. A running sum φ with
// φ(0) = 0 and φ(u) = 0 checks it row by row:
//
//	φ(ωX) − φ(X) = Σ_g h_g(X) + Σ_{j∈G0} 1/(β + f_j) − m/(β + t)          (times l_active)
//
// The inverses are kept within the degree bound D by helper columns h_g = Σ_{j∈g}
// 1/(β + f_j) for groups g whose input degrees sum to at most D − 2, and by folding a
// group G0 (input degrees summing to at most D − 2 − deg t) directly into the running-sum
// constraint, whose denominators are then multiplied out. Plan chooses the groups;
// keygen.go, prove.go and verify.go hold the layout, the prover's columns and the
// constraints.
//
// Imports: plonkish, plonkish/poly and gnark-crypto.
package lookup
