package backend

import (
	"slices"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
)

// Protocol is everything Verify derives from a verifying key, exposed for code
// generators (the Solidity verifier) and tools. Columns beyond the circuit's own are
// virtual (see FORMAT.md): fixed ones are σ and the four the verifier evaluates itself;
// advice ones are the multiplicity and argument columns committed in the proof.
type Protocol struct {
	K, N, Usable int
	// L0, LLast, LActive and X are evaluated by the verifier at x: L_0(x), L_u(x),
	// 1 − Σ_{i=u}^{n−1} L_i(x) and x.
	L0, LLast, LActive, X plonkish.Column
	Sigma                 []plonkish.Column // commitments: VerifyingKey.Sigma
	Multiplicities        []plonkish.Column // commitments: Proof.Multiplicities
	Arguments             []plonkish.Column // commitments: Proof.Arguments
	// Opened lists the polynomials whose evaluations the proof carries, in proof
	// order, each with its rotations (the points are x·ω^r).
	Opened []OpenedPoly
	// InstanceQueries are the instance cells the constraints read (the verifier
	// evaluates the instance polynomials there).
	InstanceQueries []plonkish.Query
	QuotientChunks  int
}

// OpenedPoly is a committed column and the rotations at which it is opened.
type OpenedPoly struct {
	Column    plonkish.Column
	Rotations []plonkish.Rotation
}

// Protocol returns the verifier's view of vk, in slices of its own (editing them does
// not change vk).
func (vk *VerifyingKey) Protocol() *Protocol {
	l := vk.lay
	p := &Protocol{K: l.k, N: l.n, Usable: l.usable, L0: l.l0, LLast: l.lLast, LActive: l.lAct, X: l.xCol,
		Sigma: slices.Clone(l.sigma), Multiplicities: slices.Clone(l.mCols), Arguments: slices.Clone(l.phase3),
		InstanceQueries: slices.Clone(l.instanceQueries), QuotientChunks: l.numQuotient}
	for _, o := range l.opened {
		p.Opened = append(p.Opened, OpenedPoly{Column: o.col, Rotations: slices.Clone(o.rots)})
	}
	return p
}

// Constraints returns the constraint polynomials for the challenges θ, β, γ, in the
// order the quotient combines them (Σ_k y^k·c_k).
func (vk *VerifyingKey) Constraints(theta, beta, gamma fr.Element) []plonkish.Expression {
	return vk.lay.constraints(theta, beta, gamma)
}
