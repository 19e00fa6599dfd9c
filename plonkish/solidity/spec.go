package solidity

import (
	"fmt"
	"regexp"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// Spec is what the verifier generator needs from a verifying key.
//
// The transcript schedule it encodes (and the prover must follow) is:
//
//	New(VKDigest)
//	for each instance column: AbsorbScalar(its number of values), then
//	    AbsorbScalar of each value (the backend's absorbInstances)
//	for each round: AbsorbG1 of its Points proof points, then one
//	    Challenge() per name in Challenges
//	x = Challenge()
//	AbsorbScalar(eval[i]) for i < NumEvals
//	(quotient check: absorbs and draws nothing)
//	multiopen.Verify: γ, W, z, W'
//
// and the proof bytes are: every round's points (x ‖ y, 64 bytes each) in
// order, then NumEvals scalars (32 bytes each), then W and W' (64 bytes
// each): see ProofLen.
type Spec struct {
	// Name is the contract name (a Solidity identifier).
	Name string
	// VKDigest is the verifying key's digest, the transcript's first word.
	VKDigest fr.Element
	// G1 is [1]₁; G2 holds [1]₂ and [τ]₂ of the SRS.
	G1 bn254.G1Affine
	G2 [2]bn254.G2Affine
	// Omega generates the evaluation domain: a rotation rot opens at x·Omega^rot.
	Omega fr.Element
	// InstanceColumns is the number of instance columns. verifyProof's flat
	// instances array holds column 0's values, then column 1's, and so on:
	// InstanceSplit[c] is the number of values of column c for every column
	// but the last (len(InstanceSplit) = InstanceColumns − 1), and the last
	// column takes the rest. MaxInstances (> 0) bounds every column's count
	// (the usable rows); 0 means no bound.
	InstanceColumns int
	InstanceSplit   []int
	MaxInstances    int
	// Rounds are the commitment rounds of the proof, in transcript order.
	Rounds []Round
	// NumEvals is the number of claimed evaluations in the proof.
	NumEvals int
	// Fixed are commitments known to the verifying key (fixed columns,
	// permutation sigmas, ...), inlined as constants.
	Fixed []bn254.G1Affine
	// Queries are the opening claims, in the order of multiopen's query
	// index i (the power of γ). Every evaluation index should be used.
	Queries []Query
	// QuotientCheck is Yul code run after the evaluations are absorbed; it
	// may read the challenge slots (CH_*), the evaluations
	// (calldataload(add(proofOff, add(EVALS_OFF, shl(5, i))))) and the
	// instances, and must `leave` (returning false) when the quotient
	// identity fails. Empty: no check (opening-only test contracts).
	QuotientCheck string
	// Evaluator, if set, is Yul for a second contract, <Name>Evaluator,
	// whose fallback copies its calldata to memory from EVALUATOR_IN (the
	// first named slot) on, runs this code (which must declare and set a
	// local acc) and returns acc. The verifier's constructor deploys it, and
	// QuotientCheck can reach it as the Yul variable `evaluator`. It splits
	// the code over two contracts when one would exceed the EIP-170 limit of
	// 24,576 bytes (the verifier's init code carries the evaluator's).
	Evaluator string
	// Memory names extra 32-byte memory words for QuotientCheck's use,
	// declared as constants M_<name> (identifiers, distinct).
	Memory []string
	// ScratchWords reserves that many 32-byte words from the address
	// SCRATCH on, e.g. for YulExpression's temporaries:
	// tmp(k) = fmt.Sprintf("add(SCRATCH, %d)", 32*k).
	ScratchWords int
}

// Round is one prover message: Points G1 points absorbed, then one
// challenge per name drawn (stored at the memory slot CH_<name>).
type Round struct {
	Points     int
	Challenges []string
}

// Query is one opening claim: the commitment, its rotations (the points are
// x·Omega^rot) and, per rotation, the index of its claimed evaluation.
type Query struct {
	Commitment Commitment
	Rotations  []int
	Evals      []int
}

// Commitment names where a query's commitment comes from.
type Commitment struct {
	// Fixed selects Spec.Fixed[Index]; otherwise it is proof point Index,
	// counting the round points from 0 across rounds.
	Fixed bool
	Index int
}

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// NumProofPoints is the number of round points in the proof.
func (s *Spec) NumProofPoints() int {
	n := 0
	for _, r := range s.Rounds {
		n += r.Points
	}
	return n
}

// ProofLen is the proof length in bytes.
func (s *Spec) ProofLen() int { return 64*s.NumProofPoints() + 32*s.NumEvals + 128 }

// Validate reports the first inconsistency of s.
func (s *Spec) Validate() error {
	if !identifier.MatchString(s.Name) {
		return fmt.Errorf("solidity: spec: contract name %q is not an identifier", s.Name)
	}
	if s.InstanceColumns < 0 || s.NumEvals < 0 || s.MaxInstances < 0 || s.ScratchWords < 0 {
		return fmt.Errorf("solidity: spec: negative count")
	}
	if s.InstanceColumns == 0 && len(s.InstanceSplit) != 0 || s.InstanceColumns > 0 && len(s.InstanceSplit) != s.InstanceColumns-1 {
		return fmt.Errorf("solidity: spec: %d instance columns need %d split lengths, have %d", s.InstanceColumns, max(0, s.InstanceColumns-1), len(s.InstanceSplit))
	}
	for c, l := range s.InstanceSplit {
		if l < 0 || s.MaxInstances > 0 && l > s.MaxInstances {
			return fmt.Errorf("solidity: spec: instance column %d: %d values (max %d)", c, l, s.MaxInstances)
		}
	}
	if len(s.Queries) == 0 {
		return fmt.Errorf("solidity: spec: no queries")
	}
	seen := map[string]bool{"X": true}
	for i, r := range s.Rounds {
		if r.Points < 0 {
			return fmt.Errorf("solidity: spec: round %d: %d points", i, r.Points)
		}
		for _, c := range r.Challenges {
			if !identifier.MatchString(c) || seen[c] {
				return fmt.Errorf("solidity: spec: round %d: challenge name %q is not a fresh identifier", i, c)
			}
			seen[c] = true
		}
	}
	mem := map[string]bool{}
	for _, m := range s.Memory {
		if !identifier.MatchString(m) || mem[m] {
			return fmt.Errorf("solidity: spec: memory name %q is not a fresh identifier", m)
		}
		mem[m] = true
	}
	np := s.NumProofPoints()
	used := make([]bool, s.NumEvals)
	for i, q := range s.Queries {
		if q.Commitment.Fixed && (q.Commitment.Index < 0 || q.Commitment.Index >= len(s.Fixed)) {
			return fmt.Errorf("solidity: spec: query %d: fixed commitment %d of %d", i, q.Commitment.Index, len(s.Fixed))
		}
		if !q.Commitment.Fixed && (q.Commitment.Index < 0 || q.Commitment.Index >= np) {
			return fmt.Errorf("solidity: spec: query %d: proof point %d of %d", i, q.Commitment.Index, np)
		}
		if len(q.Rotations) == 0 || len(q.Rotations) != len(q.Evals) {
			return fmt.Errorf("solidity: spec: query %d: %d rotations, %d evaluations", i, len(q.Rotations), len(q.Evals))
		}
		for a, r := range q.Rotations {
			for _, r2 := range q.Rotations[a+1:] {
				if r == r2 {
					return fmt.Errorf("solidity: spec: query %d: rotation %d repeated", i, r)
				}
			}
			e := q.Evals[a]
			if e < 0 || e >= s.NumEvals {
				return fmt.Errorf("solidity: spec: query %d: evaluation index %d of %d", i, e, s.NumEvals)
			}
			used[e] = true
		}
	}
	for e, u := range used {
		if !u {
			return fmt.Errorf("solidity: spec: evaluation %d is absorbed but never opened", e)
		}
	}
	for i := range s.Fixed {
		if !s.Fixed[i].IsOnCurve() {
			return fmt.Errorf("solidity: spec: fixed commitment %d is not on the curve", i)
		}
	}
	return nil
}
