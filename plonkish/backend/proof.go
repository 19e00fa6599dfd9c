package backend

import (
	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish/multiopen"
)

// Proof is a proof for one witness of a circuit. Its fields are in transcript order,
// which is also the order of its byte encoding (see FORMAT.md).
type Proof struct {
	// Advice are the commitments to the circuit's advice columns.
	Advice []bn254.G1Affine
	// Multiplicities are the logUp multiplicity columns, one per looked-up table.
	Multiplicities []bn254.G1Affine
	// Arguments are the lookup helper and running-sum columns (per table), the
	// permutation products and the shuffle products.
	Arguments []bn254.G1Affine
	// Quotient are the quotient chunks h'_i.
	Quotient []bn254.G1Affine
	// Evals are the evaluations of the opened polynomials at x·ω^rot (advice, then
	// multiplicities, arguments, fixed and σ, each at its rotations in increasing
	// order), followed by the quotient chunks' evaluations at x.
	Evals []fr.Element
	// Opening is the SHPLONK multi-point opening proof (W, W').
	Opening multiopen.Proof
}

// G1 is a point of BN254's G1 in affine form.
type G1 = bn254.G1Affine
