package permutation

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/fft"
	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/poly"
)

// Delta returns δ^c, the coset shift of the labels of equality column c.
func Delta(c int) fr.Element {
	d := fft.GeneratorFullMultiplicativeGroup()
	var r fr.Element
	r.SetOne()
	for range c {
		r.Mul(&r, &d)
	}
	return r
}

// Sigmas returns σ_c in Lagrange form for every equality column of cs: the label of the
// next cell of each cell's copy cycle, from the copy constraints copies over the first
// usable rows of the domain d.
func Sigmas(cs *plonkish.ConstraintSystem, copies []plonkish.Copy, d *poly.Domain, usable int) ([]poly.Lagrange, error) {
	m := len(cs.Equality)
	n := d.N
	// cycles as a permutation of cells (col·n + row), merged with union by size
	next := make([]int32, m*n)
	rep := make([]int32, m*n)
	size := make([]int32, m*n)
	for i := range next {
		next[i], rep[i], size[i] = int32(i), int32(i), 1
	}
	for k, cp := range copies {
		ca, cb := cs.EqualityIndex(cp.A.Column), cs.EqualityIndex(cp.B.Column)
		if ca < 0 || cb < 0 {
			return nil, fmt.Errorf("permutation: copy %d (%s = %s) uses a column that is not equality-enabled", k, cp.A, cp.B)
		}
		if cp.A.Row < 0 || cp.A.Row >= usable || cp.B.Row < 0 || cp.B.Row >= usable {
			return nil, fmt.Errorf("permutation: copy %d (%s = %s) outside the %d usable rows", k, cp.A, cp.B, usable)
		}
		a, b := int32(ca*n+cp.A.Row), int32(cb*n+cp.B.Row)
		ra, rb := rep[a], rep[b]
		if ra == rb {
			continue
		}
		if size[ra] < size[rb] {
			a, b, ra, rb = b, a, rb, ra
		}
		size[ra] += size[rb]
		for c := b; ; {
			rep[c] = ra
			c = next[c]
			if c == b {
				break
			}
		}
		next[a], next[b] = next[b], next[a]
	}
	omegas := make([]fr.Element, n)
	fft.BuildExpTable(d.Omega, omegas)
	deltas := make([]fr.Element, m)
	for c := range deltas {
		deltas[c] = Delta(c)
	}
	out := make([]poly.Lagrange, m)
	for c := range out {
		s := make(poly.Lagrange, n)
		poly.ParallelChunks(n, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				t := next[c*n+i]
				s[i].Mul(&deltas[int(t)/n], &omegas[int(t)%n])
			}
		})
		out[c] = s
	}
	return out, nil
}
