package backend

import (
	"errors"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/multiopen"
	"github.com/zkwasm/zkwasm/plonkish/poly"
	"github.com/zkwasm/zkwasm/plonkish/transcript"
	"github.com/zkwasm/zkwasm/plonkish/vanishing"
)

// Errors returned (wrapped) by Verify.
var (
	ErrProofShape = errors.New("verify: proof does not match the verifying key")
	ErrQuotient   = errors.New("verify: quotient identity does not hold")
	ErrOpening    = errors.New("verify: opening check failed")
)

// Verify checks proof against vk and the public values instances (one slice per
// instance column, at most UsableRows values each; missing values are zero).
func Verify(vk *VerifyingKey, instances [][]fr.Element, proof *Proof) error {
	if vk == nil || vk.lay == nil {
		return errors.New("verify: no verifying key")
	}
	if proof == nil {
		return errors.New("verify: no proof")
	}
	lay := vk.lay
	if err := checkInstances(lay, instances); err != nil {
		return fmt.Errorf("verify: public inputs: %w", err)
	}
	if err := checkProofShape(lay, proof); err != nil {
		return err
	}
	tr := transcript.New(vk.digest)
	absorbInstances(tr, instances)
	for i := range proof.Advice {
		tr.AbsorbG1(&proof.Advice[i])
	}
	theta := tr.Challenge()
	for i := range proof.Multiplicities {
		tr.AbsorbG1(&proof.Multiplicities[i])
	}
	beta := tr.Challenge()
	gamma := tr.Challenge()
	for i := range proof.Arguments {
		tr.AbsorbG1(&proof.Arguments[i])
	}
	y := tr.Challenge()
	for i := range proof.Quotient {
		tr.AbsorbG1(&proof.Quotient[i])
	}
	x := tr.Challenge()
	for i := range proof.Evals {
		tr.AbsorbScalar(&proof.Evals[i])
	}

	// every value the constraints read at x
	d, err := poly.NewDomain(lay.k)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	vals := make(map[plonkish.Query]fr.Element, lay.numEvals+8)
	k := 0
	for _, op := range lay.opened {
		for _, r := range op.rots {
			vals[plonkish.Query{Column: op.col, Rotation: r}] = proof.Evals[k]
			k++
		}
	}
	quotientEvals := proof.Evals[k:]
	for _, q := range lay.instanceQueries {
		var pt fr.Element
		w := d.Point(int(q.Rotation))
		pt.Mul(&x, &w)
		col := instances[q.Column.Index]
		var v fr.Element
		if len(col) > 0 {
			ls, err := d.LagrangeRange(pt, 0, len(col))
			if err != nil {
				return fmt.Errorf("verify: %w", err)
			}
			var t fr.Element
			for i := range col {
				t.Mul(&ls[i], &col[i])
				v.Add(&v, &t)
			}
		}
		vals[q] = v
	}
	tail, err := d.LagrangeRange(x, lay.usable, lay.n-lay.usable) // L_u .. L_{n-1}
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	l0, err := d.LagrangeRange(x, 0, 1)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	var active fr.Element
	active.SetOne()
	for i := range tail {
		active.Sub(&active, &tail[i])
	}
	vals[lay.l0.Cur()] = l0[0]
	vals[lay.lLast.Cur()] = tail[0]
	vals[lay.lAct.Cur()] = active
	vals[lay.xCol.Cur()] = x

	cons := lay.constraints(theta, beta, gamma)
	values := make([]fr.Element, len(cons))
	var missing error
	ev := plonkish.Evaluator[fr.Element]{
		Constant: func(v fr.Element) fr.Element { return v },
		Query: func(q plonkish.Query) fr.Element {
			v, ok := vals[q]
			if !ok && missing == nil {
				missing = fmt.Errorf("verify: internal error: no evaluation of %s at rotation %d", q.Column, q.Rotation)
			}
			return v
		},
		Sum:     func(a, b fr.Element) fr.Element { a.Add(&a, &b); return a },
		Product: func(a, b fr.Element) fr.Element { a.Mul(&a, &b); return a },
		Negated: func(a fr.Element) fr.Element { a.Neg(&a); return a },
		Scaled:  func(a fr.Element, k fr.Element) fr.Element { a.Mul(&a, &k); return a },
	}
	for i, e := range cons {
		values[i] = plonkish.Evaluate(e, &ev)
	}
	if missing != nil {
		return missing
	}
	if err := vanishing.Check(vanishing.Combine(values, y), quotientEvals, x, lay.n); err != nil {
		return ErrQuotient
	}

	// the opening, in the prover's query order
	commitment := func(c plonkish.Column) bn254.G1Affine {
		switch {
		case c.Kind == plonkish.Fixed && c.Index < lay.nf:
			return vk.Fixed[c.Index]
		case c.Kind == plonkish.Fixed:
			return vk.Sigma[c.Index-lay.nf]
		case c.Index < lay.na:
			return proof.Advice[c.Index]
		case c.Index < lay.na+len(lay.mCols):
			return proof.Multiplicities[c.Index-lay.na]
		}
		return proof.Arguments[c.Index-lay.na-len(lay.mCols)]
	}
	queries := make([]multiopen.VerifierQuery, 0, len(lay.opened)+len(proof.Quotient))
	k = 0
	for _, op := range lay.opened {
		q := multiopen.VerifierQuery{Commitment: commitment(op.col)}
		for _, r := range op.rots {
			var pt fr.Element
			w := d.Point(int(r))
			pt.Mul(&x, &w)
			q.Points = append(q.Points, pt)
			q.Evals = append(q.Evals, proof.Evals[k])
			k++
		}
		queries = append(queries, q)
	}
	for i := range proof.Quotient {
		queries = append(queries, multiopen.VerifierQuery{Commitment: proof.Quotient[i], Points: []fr.Element{x}, Evals: []fr.Element{quotientEvals[i]}})
	}
	if err := multiopen.Verify(vk.kzgVK, queries, &proof.Opening, tr); err != nil {
		return fmt.Errorf("%w: %v", ErrOpening, err)
	}
	return nil
}

func checkProofShape(lay *layout, p *Proof) error {
	switch {
	case len(p.Advice) != lay.na:
		return fmt.Errorf("%w: %d advice commitments, want %d", ErrProofShape, len(p.Advice), lay.na)
	case len(p.Multiplicities) != len(lay.mCols):
		return fmt.Errorf("%w: %d multiplicity commitments, want %d", ErrProofShape, len(p.Multiplicities), len(lay.mCols))
	case len(p.Arguments) != len(lay.phase3):
		return fmt.Errorf("%w: %d argument commitments, want %d", ErrProofShape, len(p.Arguments), len(lay.phase3))
	case len(p.Quotient) != lay.numQuotient:
		return fmt.Errorf("%w: %d quotient commitments, want %d", ErrProofShape, len(p.Quotient), lay.numQuotient)
	case len(p.Evals) != lay.numEvals+lay.numQuotient:
		return fmt.Errorf("%w: %d evaluations, want %d", ErrProofShape, len(p.Evals), lay.numEvals+lay.numQuotient)
	}
	for _, ps := range [][]bn254.G1Affine{p.Advice, p.Multiplicities, p.Arguments, p.Quotient, {p.Opening.W, p.Opening.WPrime}} {
		for i := range ps {
			if !ps[i].IsInfinity() && !ps[i].IsInSubGroup() {
				return fmt.Errorf("%w: a commitment is not a point of G1", ErrProofShape)
			}
		}
	}
	return nil
}
