package multiopen

import (
	"fmt"
	"runtime"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/kzg"
	"github.com/consensys/gnark-crypto/parallel"

	"github.com/zkwasm/zkwasm/plonkish/transcript"
)

// Open proves the claims of queries with SHPLONK (see the package
// documentation for the algorithm and the transcript contract: the caller
// has already absorbed the commitments and the evaluations; Open draws γ,
// absorbs W, draws z, absorbs W').
//
// Queries whose Evals are nil get them computed; queries with Evals are
// checked, and a wrong claim is an error naming the query and point.
func Open(pk kzg.ProvingKey, queries []ProverQuery, tr *transcript.Transcript) (*Proof, error) {
	if len(queries) == 0 {
		return nil, fmt.Errorf("multiopen: open: no queries")
	}
	maxLen := 0
	pts := make([][]fr.Element, len(queries))
	for i := range queries {
		q := &queries[i]
		if err := checkPoints(i, q.Points); err != nil {
			return nil, fmt.Errorf("multiopen: open: %w", err)
		}
		if q.Evals != nil && len(q.Evals) != len(q.Points) {
			return nil, fmt.Errorf("multiopen: open: query %d: %d evaluations for %d points", i, len(q.Evals), len(q.Points))
		}
		if len(q.Poly) > len(pk.G1) {
			return nil, fmt.Errorf("multiopen: open: query %d: polynomial has %d coefficients, SRS only %d points", i, len(q.Poly), len(pk.G1))
		}
		maxLen = max(maxLen, len(q.Poly))
		pts[i] = q.Points
	}
	setOf, sets, union := pointSets(pts)

	gamma := tr.Challenge()

	// Group the queries by point set: F_j = Σ_{i∈j} γ^i f_i and the
	// combined claimed values E_j[k] = Σ_{i∈j} γ^i e_{i,k} at sets[j][k].
	groups := make([][]int, len(sets))
	for i, j := range setOf {
		groups[j] = append(groups[j], i)
	}
	gpow := make([]fr.Element, len(queries))
	gpow[0].SetOne()
	for i := 1; i < len(gpow); i++ {
		gpow[i].Mul(&gpow[i-1], &gamma)
	}
	combined := make([][]fr.Element, len(sets))
	claimed := make([][]fr.Element, len(sets))
	for j, members := range groups {
		combined[j] = make([]fr.Element, maxLen)
		claimed[j] = make([]fr.Element, len(sets[j]))
		for _, i := range members {
			q := &queries[i]
			scaleAdd(combined[j], q.Poly, &gpow[i])
			for k := range sets[j] {
				e, err := claimedValue(i, q, &sets[j][k])
				if err != nil {
					return nil, fmt.Errorf("multiopen: open: %w", err)
				}
				var t fr.Element
				t.Mul(&gpow[i], &e)
				claimed[j][k].Add(&claimed[j][k], &t)
			}
		}
	}

	// h = Σ_j F_j / Z_{S_j}; the remainders are the R_j.
	h := make([]fr.Element, maxLen)
	remainders := make([][]fr.Element, len(sets))
	for j := range sets {
		quo, rem := divideByVanishing(combined[j], sets[j])
		for k := range sets[j] {
			if got := horner(rem, &sets[j][k]); !got.Equal(&claimed[j][k]) {
				return nil, fmt.Errorf("multiopen: open: the polynomials of point set %d do not take their claimed values (queries %v)", j, groups[j])
			}
		}
		remainders[j] = rem
		addInto(h, quo)
	}
	var proof Proof
	if err := commit(&proof.W, pk, h); err != nil {
		return nil, fmt.Errorf("multiopen: open: commit h: %w", err)
	}
	tr.AbsorbG1(&proof.W)

	z := tr.Challenge()
	zT := vanishingAt(union, &z)
	if zT.IsZero() {
		return nil, fmt.Errorf("multiopen: open: challenge z is an opening point")
	}

	// L = Σ_j Z_{T∖S_j}(z)·(F_j − R_j(z)) − Z_T(z)·h, reusing h's storage.
	var negZT fr.Element
	negZT.Neg(&zT)
	scale(h, &negZT)
	var constTerm fr.Element
	for j := range sets {
		c := vanishingOutside(union, sets[j], &z)
		scaleAdd(h, combined[j], &c)
		rz := horner(remainders[j], &z)
		rz.Mul(&rz, &c)
		constTerm.Add(&constTerm, &rz)
	}
	if len(h) == 0 {
		h = make([]fr.Element, 1)
	}
	h[0].Sub(&h[0], &constTerm)
	quo, rem := divideByLinear(h, &z)
	if !rem.IsZero() {
		return nil, fmt.Errorf("multiopen: open: internal error: L(z) = %s, not 0", rem.String())
	}
	if err := commit(&proof.WPrime, pk, quo); err != nil {
		return nil, fmt.Errorf("multiopen: open: commit L/(X−z): %w", err)
	}
	tr.AbsorbG1(&proof.WPrime)
	return &proof, nil
}

// claimedValue returns query i's claimed value at point x: from Evals when
// given (checked later against the remainder), else computed.
func claimedValue(i int, q *ProverQuery, x *fr.Element) (fr.Element, error) {
	for k := range q.Points {
		if q.Points[k].Equal(x) {
			if q.Evals != nil {
				return q.Evals[k], nil
			}
			return horner(q.Poly, x), nil
		}
	}
	return fr.Element{}, fmt.Errorf("query %d: internal error: point %s not found", i, x.String())
}

// commit sets dst = Σ p[i]·G1[i].
func commit(dst *bn254.G1Affine, pk kzg.ProvingKey, p []fr.Element) error {
	for len(p) > 0 && p[len(p)-1].IsZero() {
		p = p[:len(p)-1]
	}
	if len(p) == 0 {
		dst.SetInfinity()
		return nil
	}
	if len(p) > len(pk.G1) {
		return fmt.Errorf("%d coefficients, SRS only %d points", len(p), len(pk.G1))
	}
	_, err := dst.MultiExp(pk.G1[:len(p)], p, ecc.MultiExpConfig{})
	return err
}

// minParallel is the length below which vector loops stay sequential.
const minParallel = 1 << 12

func forRange(n int, f func(start, end int)) {
	if n < minParallel {
		f(0, n)
		return
	}
	parallel.Execute(n, f, runtime.GOMAXPROCS(0))
}

// scaleAdd sets dst[i] += c·src[i] (len(src) ≤ len(dst)).
func scaleAdd(dst, src []fr.Element, c *fr.Element) {
	forRange(len(src), func(start, end int) {
		var t fr.Element
		for i := start; i < end; i++ {
			t.Mul(&src[i], c)
			dst[i].Add(&dst[i], &t)
		}
	})
}

// scale sets p[i] *= c.
func scale(p []fr.Element, c *fr.Element) {
	forRange(len(p), func(start, end int) {
		for i := start; i < end; i++ {
			p[i].Mul(&p[i], c)
		}
	})
}

// addInto sets dst[i] += src[i] (len(src) ≤ len(dst)).
func addInto(dst, src []fr.Element) {
	forRange(len(src), func(start, end int) {
		for i := start; i < end; i++ {
			dst[i].Add(&dst[i], &src[i])
		}
	})
}

// divideByVanishing divides p by the monic Z_S(X) = Π (X − s), returning the
// quotient and the remainder (degree < |S|, always len(S) coefficients).
func divideByVanishing(p []fr.Element, set []fr.Element) (quo, rem []fr.Element) {
	// Coefficients of Z_S, constant first; zs[len(set)] = 1.
	zs := make([]fr.Element, len(set)+1)
	zs[0].SetOne()
	for i := range set {
		var neg fr.Element
		neg.Neg(&set[i])
		for k := i + 1; k >= 1; k-- {
			var t fr.Element
			t.Mul(&zs[k], &neg)
			zs[k].Set(&zs[k-1])
			zs[k].Add(&zs[k], &t)
		}
		zs[0].Mul(&zs[0], &neg)
	}
	d := len(set)
	work := make([]fr.Element, max(len(p), d))
	copy(work, p)
	if len(work) == d {
		return nil, work
	}
	quo = make([]fr.Element, len(work)-d)
	var t fr.Element
	for i := len(work) - 1; i >= d; i-- {
		c := work[i] // leading coefficient: Z_S is monic
		quo[i-d] = c
		if c.IsZero() {
			continue
		}
		for k := 0; k < d; k++ {
			t.Mul(&c, &zs[k])
			work[i-d+k].Sub(&work[i-d+k], &t)
		}
	}
	return quo, work[:d]
}

// divideByLinear divides p by (X − z) (synthetic division), returning the
// quotient and p(z).
func divideByLinear(p []fr.Element, z *fr.Element) (quo []fr.Element, rem fr.Element) {
	if len(p) == 0 {
		return nil, rem
	}
	quo = make([]fr.Element, len(p)-1)
	var acc fr.Element
	for i := len(p) - 1; i >= 1; i-- {
		acc.Mul(&acc, z)
		acc.Add(&acc, &p[i])
		quo[i-1] = acc
	}
	acc.Mul(&acc, z)
	acc.Add(&acc, &p[0])
	return quo, acc
}
