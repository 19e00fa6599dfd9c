// Package backend turns a plonkish circuit into a Halo2-style PLONKish SNARK over BN254
// with KZG commitments: Setup (proving and verifying keys), Prove, Verify, and the byte
// formats of keys and proofs (FORMAT.md in this directory).
//
// # Protocol
//
// Rows: n = 2^K, u = cs.UsableRows(n) usable rows, row u is the "last" row, rows after it
// are blinding rows. Advice rows [u, n) are filled with randomness by the prover.
// Polynomials are committed in the Lagrange basis (advice and argument columns) or the
// monomial basis (quotient chunks).
//
// Constraints (each must vanish on all of H; see plonkish/lookup, plonkish/permutation,
// plonkish/shuffle for the argument constraints), in this order:
//
//  1. every polynomial of every gate, in cs order (gates hold on every row, so they are
//     multiplied by selectors that are 0 on the unusable rows; plonkish/mock checks this);
//  2. if there is any lookup or bus, the single logUp argument that carries them all
//     (plonkish/lookup): l_0·φ, l_last·φ, one constraint per helper column, the
//     running-sum constraint;
//  3. the permutation: l_0·(1 − Z_0), l_last·(Z_last − 1), l_0·(Z_j − Z_{j−1}(ω^{u−n}X))
//     for j ≥ 1, then one product constraint per chunk;
//  4. per shuffle group: l_0·(1 − Z), l_last·(Z − 1), the product constraint.
//
// They are combined as Σ_k y^k·c_k and divided by X^n − 1; the quotient (degree < (d−1)·n
// for the largest constraint degree d) is computed on d − 1 cosets of H, split into d − 1
// chunks of n+1 coefficients and blinded (plonkish/vanishing).
//
// Transcript (plonkish/transcript, Keccak-256), in this order:
//
//	New(vk digest)
//	for each instance column: AbsorbScalar(count), AbsorbScalar(value) for each value
//	AbsorbG1(advice commitment) for each advice column
//	θ = Challenge()
//	AbsorbG1(multiplicity commitment) for each looked-up table
//	β = Challenge(); γ = Challenge()
//	AbsorbG1 for each argument column: the logUp helpers, the logUp running sum,
//	    then the permutation products, then the shuffle products
//	y = Challenge()
//	AbsorbG1(quotient chunk) for each chunk
//	x = Challenge()
//	AbsorbScalar(evaluation) for each evaluation (FORMAT.md gives the order)
//	SHPLONK (plonkish/multiopen): γ' = Challenge(); AbsorbG1(W); z = Challenge(); AbsorbG1(W')
//
// The verifier recomputes the challenges, evaluates the instance columns (Lagrange
// basis), l_0, l_last, l_active and X at x itself, evaluates every constraint from the
// claimed evaluations, checks (x^n − 1)·Σ_i x^{n·i}·h_i(x) = Σ_k y^k·c_k(x), and checks
// the multi-point opening of every committed polynomial at its points.
//
// Imports: plonkish and its argument packages, kzg, gnark-crypto, golang.org/x/crypto.
package backend
