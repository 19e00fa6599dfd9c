package multiopen

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/kzg"

	"github.com/zkwasm/zkwasm/plonkish/transcript"
)

// Verify checks a SHPLONK proof for the claims of queries (see the package
// documentation for the algorithm). The transcript must be in the state the
// prover's was when it called Open: commitments and evaluations absorbed by
// the caller. Verify draws γ, absorbs W, draws z, absorbs W'. A proof that
// does not verify gives an error wrapping ErrInvalidProof.
func Verify(vk kzg.VerifyingKey, queries []VerifierQuery, proof *Proof, tr *transcript.Transcript) error {
	if len(queries) == 0 {
		return fmt.Errorf("multiopen: verify: no queries")
	}
	if proof == nil {
		return fmt.Errorf("multiopen: verify: nil proof")
	}
	if err := checkKey(&vk); err != nil {
		return fmt.Errorf("multiopen: verify: %w", err)
	}
	pts := make([][]fr.Element, len(queries))
	for i := range queries {
		q := &queries[i]
		if err := checkPoints(i, q.Points); err != nil {
			return fmt.Errorf("multiopen: verify: %w", err)
		}
		if len(q.Evals) != len(q.Points) {
			return fmt.Errorf("multiopen: verify: query %d: %d evaluations for %d points", i, len(q.Evals), len(q.Points))
		}
		if err := checkG1(&q.Commitment); err != nil {
			return fmt.Errorf("multiopen: verify: query %d commitment: %w", i, err)
		}
		pts[i] = q.Points
	}
	if err := checkG1(&proof.W); err != nil {
		return fmt.Errorf("multiopen: verify: proof W: %w", err)
	}
	if err := checkG1(&proof.WPrime); err != nil {
		return fmt.Errorf("multiopen: verify: proof W': %w", err)
	}
	setOf, sets, union := pointSets(pts)

	gamma := tr.Challenge()
	tr.AbsorbG1(&proof.W)
	z := tr.Challenge()
	tr.AbsorbG1(&proof.WPrime)

	zT := vanishingAt(union, &z)
	if zT.IsZero() {
		return fmt.Errorf("multiopen: verify: challenge z is an opening point: %w", ErrInvalidProof)
	}
	// Per point set: Z_{T∖S}(z) (shared by its queries).
	outside := make([]fr.Element, len(sets))
	for j := range sets {
		outside[j] = vanishingOutside(union, sets[j], &z)
	}

	m := len(queries)
	points := make([]bn254.G1Affine, 0, m+3)
	scalars := make([]fr.Element, 0, m+3)
	var gpow, sumR fr.Element
	gpow.SetOne()
	for i := range queries {
		q := &queries[i]
		var a fr.Element
		a.Mul(&gpow, &outside[setOf[i]])
		lam := lagrangeAt(q.Points, &z) // the query's own point order
		var rz, t fr.Element
		for k := range lam {
			t.Mul(&q.Evals[k], &lam[k])
			rz.Add(&rz, &t)
		}
		rz.Mul(&rz, &a)
		sumR.Add(&sumR, &rz)
		if !q.Commitment.IsInfinity() { // the zero polynomial adds nothing
			points = append(points, q.Commitment)
			scalars = append(scalars, a)
		}
		gpow.Mul(&gpow, &gamma)
	}
	var negSumR, negZT fr.Element
	negSumR.Neg(&sumR)
	negZT.Neg(&zT)
	for _, term := range []struct {
		p *bn254.G1Affine
		s fr.Element
	}{{&vk.G1, negSumR}, {&proof.W, negZT}, {&proof.WPrime, z}} {
		if !term.p.IsInfinity() {
			points = append(points, *term.p)
			scalars = append(scalars, term.s)
		}
	}

	var p bn254.G1Affine
	if _, err := p.MultiExp(points, scalars, ecc.MultiExpConfig{}); err != nil {
		return fmt.Errorf("multiopen: verify: MSM: %w", err)
	}
	var negW bn254.G1Affine
	negW.Neg(&proof.WPrime)
	ok, err := bn254.PairingCheck([]bn254.G1Affine{p, negW}, []bn254.G2Affine{vk.G2[0], vk.G2[1]})
	if err != nil {
		return fmt.Errorf("multiopen: verify: pairing: %w", err)
	}
	if !ok {
		return fmt.Errorf("multiopen: verify: pairing check failed: %w", ErrInvalidProof)
	}
	return nil
}

// checkKey fails closed on a verifying key that is not a KZG key over the standard
// generators: with [1]₁ at infinity the evaluation term would vanish from the MSM and the
// claimed evaluations would no longer be bound, and with [τ]₂ = [1]₂ or infinity the
// pairing check says nothing.
func checkKey(vk *kzg.VerifyingKey) error {
	_, _, g1, g2 := bn254.Generators()
	if !vk.G1.Equal(&g1) {
		return fmt.Errorf("verifying key: [1]₁ is not the generator")
	}
	if !vk.G2[0].Equal(&g2) {
		return fmt.Errorf("verifying key: [1]₂ is not the generator")
	}
	if vk.G2[1].IsInfinity() || vk.G2[1].Equal(&g2) || !vk.G2[1].IsInSubGroup() {
		return fmt.Errorf("verifying key: [τ]₂ is degenerate or not in the subgroup")
	}
	return nil
}
