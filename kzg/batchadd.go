package kzg

import (
	"github.com/consensys/gnark-crypto/ecc/bn254/fp"
)

// pairAdder adds many pairs of affine points at once, P_j + Q_j, none with
// equal x, in structure-of-arrays form so that every step is an
// element-wise operation on fp.Vector (AVX-512 IFMA assembly in
// gnark-crypto on CPUs that have it: about 3× faster per multiplication
// than one-at-a-time Element.Mul on this machine). The batch inversion runs
// lanes interleaved Montgomery chains, so its products are element-wise
// too. Buffers are reused across calls.
type pairAdder struct {
	x1, y1, x2, y2, d, p fp.Vector
}

// pairLanes is the number of interleaved chains of the batch inversion;
// with fewer pairs than minVecPairs the scalar loop is used instead.
const (
	pairLanes   = 64
	minVecPairs = 4 * pairLanes
)

// reset sizes the buffers for m pairs (padded to a multiple of pairLanes).
func (a *pairAdder) reset(m int) {
	m = (m + pairLanes - 1) / pairLanes * pairLanes
	for _, v := range []*fp.Vector{&a.x1, &a.y1, &a.x2, &a.y2, &a.d, &a.p} {
		if cap(*v) < m {
			*v = make(fp.Vector, m)
		}
		*v = (*v)[:0]
	}
}

// add computes the sums of the m = len(a.x1) loaded pairs; on return
// a.d[j] holds x3 and a.x2[j] holds y3 of pair j.
func (a *pairAdder) add() {
	m := len(a.x1)
	// pad to whole lane blocks with a harmless pair: x2 − x1 = 1
	var one fp.Element
	one.SetOne()
	for len(a.x1)%pairLanes != 0 {
		a.x1 = append(a.x1, fp.Element{})
		a.y1 = append(a.y1, fp.Element{})
		a.x2 = append(a.x2, one)
		a.y2 = append(a.y2, fp.Element{})
	}
	n := len(a.x1)
	a.d = a.d[:n]
	a.p = a.p[:n]
	a.d.Sub(a.x2, a.x1) // denominators

	// prefix products per lane: p[i] = p[i−L]·d[i]
	const L = pairLanes
	copy(a.p[:L], a.d[:L])
	for b := L; b < n; b += L {
		blk := a.p[b : b+L]
		blk.Mul(a.p[b-L:b], a.d[b:b+L])
	}
	// invert the L lane products with one inversion (scalar Montgomery trick)
	var inv [L]fp.Element
	last := a.p[n-L : n]
	var acc fp.Element
	acc.SetOne()
	var pre [L]fp.Element
	for i := range L {
		pre[i] = acc
		acc.Mul(&acc, &last[i])
	}
	acc.Inverse(&acc)
	for i := L - 1; i >= 0; i-- {
		inv[i].Mul(&acc, &pre[i])
		acc.Mul(&acc, &last[i])
	}
	// walk back: 1/d[i] = inv·p[i−L], then inv ← inv·d[i]; 1/d goes into p
	invV := fp.Vector(inv[:])
	for b := n - L; b >= 0; b -= L {
		blk := a.p[b : b+L]
		if b == 0 {
			copy(blk, invV)
			break
		}
		blk.Mul(invV, a.p[b-L:b])
		invV.Mul(invV, a.d[b:b+L])
	}
	// λ = (y2 − y1)/d  (into y2)
	a.y2.Sub(a.y2, a.y1)
	a.y2.Mul(a.y2, a.p)
	// x3 = λ² − x1 − x2  (into d)
	a.d.Mul(a.y2, a.y2)
	a.d.Sub(a.d, a.x1)
	a.d.Sub(a.d, a.x2)
	// y3 = λ(x1 − x3) − y1  (into x2)
	a.x2.Sub(a.x1, a.d)
	a.x2.Mul(a.x2, a.y2)
	a.x2.Sub(a.x2, a.y1)
	a.d = a.d[:m]
	a.x2 = a.x2[:m]
	a.x1, a.y1, a.y2 = a.x1[:m], a.y1[:m], a.y2[:m]
}
