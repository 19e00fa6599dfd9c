package shuffle

import (
	"fmt"
	"io"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish/poly"
)

// Product computes one group's grand product in Lagrange form from the compressed,
// tagged tuples ins[k], shuffled[k] (n values each) of the group's shuffles. Rows after
// usable are random, except row usable, which holds the product (1 for a valid witness).
func Product(ins, shuffled [][]fr.Element, n, usable int, gamma fr.Element, rand io.Reader) (poly.Lagrange, error) {
	num := make([]fr.Element, usable)
	den := make([]fr.Element, usable)
	poly.ParallelChunks(usable, func(lo, hi int) {
		var t fr.Element
		for i := lo; i < hi; i++ {
			num[i].SetOne()
			den[i].SetOne()
		}
		for k := range ins {
			a, b := ins[k], shuffled[k]
			for i := lo; i < hi; i++ {
				t.Add(&a[i], &gamma)
				num[i].Mul(&num[i], &t)
				t.Add(&b[i], &gamma)
				den[i].Mul(&den[i], &t)
			}
		}
	})
	if err := poly.BatchInvert(den); err != nil {
		return nil, fmt.Errorf("shuffle: %w", err)
	}
	z := make(poly.Lagrange, n)
	z[0].SetOne()
	for i := range usable {
		z[i+1].Mul(&z[i], &num[i]).Mul(&z[i+1], &den[i])
	}
	if err := poly.RandomFill(z[usable+1:], rand); err != nil {
		return nil, err
	}
	return z, nil
}
