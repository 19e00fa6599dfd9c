package multiopen

import (
	"errors"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// ProverQuery is one polynomial to open at a set of points.
type ProverQuery struct {
	// Poly holds the coefficients, constant term first. It is read, never
	// modified, and must have at most len(pk.G1) coefficients.
	Poly []fr.Element
	// Points are the distinct opening points (e.g. x·ω^rot for each
	// rotation at which the column is queried).
	Points []fr.Element
	// Evals are the claimed values Poly(Points[k]), as the caller computed
	// and absorbed them. If nil, Open computes them (costing one Horner
	// pass per point); if set, Open checks them against Poly.
	Evals []fr.Element
}

// VerifierQuery is the verifier's view of a query: a commitment, the
// distinct points and the claimed evaluations at them, in the same order as
// the prover's queries.
type VerifierQuery struct {
	Commitment bn254.G1Affine
	Points     []fr.Element
	Evals      []fr.Element
}

// Proof is a SHPLONK opening proof: W = [h(τ)]₁ and W' = [L(τ)/(τ − z)]₁.
type Proof struct {
	W      bn254.G1Affine
	WPrime bn254.G1Affine
}

// ErrInvalidProof is returned (wrapped) when a proof does not verify.
var ErrInvalidProof = errors.New("invalid opening proof")

// checkPoints reports an error when a query has no points or repeats one.
func checkPoints(i int, points []fr.Element) error {
	if len(points) == 0 {
		return fmt.Errorf("query %d: no opening points", i)
	}
	for a := range points {
		for b := a + 1; b < len(points); b++ {
			if points[a].Equal(&points[b]) {
				return fmt.Errorf("query %d: points %d and %d are equal (%s)", i, a, b, points[a].String())
			}
		}
	}
	return nil
}

// pointSets assigns each query the index of its point set (equal as sets,
// whatever the order), and returns the distinct sets in order of first
// appearance and the union T of all points in order of first appearance.
func pointSets(points [][]fr.Element) (setOf []int, sets [][]fr.Element, union []fr.Element) {
	setOf = make([]int, len(points))
	seenPoint := make(map[fr.Element]struct{})
	for i, ps := range points {
		found := -1
		for j, s := range sets {
			if sameSet(s, ps) {
				found = j
				break
			}
		}
		if found < 0 {
			found = len(sets)
			sets = append(sets, ps)
		}
		setOf[i] = found
		for _, p := range ps {
			if _, ok := seenPoint[p]; !ok {
				seenPoint[p] = struct{}{}
				union = append(union, p)
			}
		}
	}
	return setOf, sets, union
}

// sameSet reports whether a and b (each without repetitions) hold the same
// points.
func sameSet(a, b []fr.Element) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		found := false
		for j := range b {
			if a[i].Equal(&b[j]) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// vanishingAt returns Π_{t∈set} (z − t).
func vanishingAt(set []fr.Element, z *fr.Element) fr.Element {
	var acc, d fr.Element
	acc.SetOne()
	for i := range set {
		d.Sub(z, &set[i])
		acc.Mul(&acc, &d)
	}
	return acc
}

// vanishingOutside returns Z_{T∖S}(z) = Π_{t∈T, t∉S} (z − t).
func vanishingOutside(union, set []fr.Element, z *fr.Element) fr.Element {
	var acc, d fr.Element
	acc.SetOne()
outer:
	for i := range union {
		for j := range set {
			if union[i].Equal(&set[j]) {
				continue outer
			}
		}
		d.Sub(z, &union[i])
		acc.Mul(&acc, &d)
	}
	return acc
}

// lagrangeAt returns λ_k(z) = Π_{l≠k} (z − s_l)/(s_k − s_l) for every k.
// The points are distinct and z is not one of them.
func lagrangeAt(set []fr.Element, z *fr.Element) []fr.Element {
	num := make([]fr.Element, len(set))
	den := make([]fr.Element, len(set))
	var d fr.Element
	for k := range set {
		num[k].SetOne()
		den[k].SetOne()
		for l := range set {
			if l == k {
				continue
			}
			d.Sub(z, &set[l])
			num[k].Mul(&num[k], &d)
			d.Sub(&set[k], &set[l])
			den[k].Mul(&den[k], &d)
		}
	}
	den = fr.BatchInvert(den)
	for k := range num {
		num[k].Mul(&num[k], &den[k])
	}
	return num
}

// horner evaluates the polynomial with coefficients p at x.
func horner(p []fr.Element, x *fr.Element) fr.Element {
	var acc fr.Element
	for i := len(p) - 1; i >= 0; i-- {
		acc.Mul(&acc, x)
		acc.Add(&acc, &p[i])
	}
	return acc
}
