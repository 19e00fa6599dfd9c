package vanishing

import (
	"errors"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// ErrIdentity is returned when the quotient identity does not hold at x.
var ErrIdentity = errors.New("quotient identity does not hold")

// Combine returns Σ_k y^k·values[k] (the combination the prover divides).
func Combine(values []fr.Element, y fr.Element) fr.Element {
	var acc fr.Element
	for k := len(values) - 1; k >= 0; k-- {
		acc.Mul(&acc, &y).Add(&acc, &values[k])
	}
	return acc
}

// Check verifies (x^n − 1)·Σ_i x^{n·i}·chunks[i] = combined.
func Check(combined fr.Element, chunks []fr.Element, x fr.Element, n int) error {
	var xn, one, h, zh fr.Element
	one.SetOne()
	xn.Exp(x, big.NewInt(int64(n)))
	for i := len(chunks) - 1; i >= 0; i-- {
		h.Mul(&h, &xn).Add(&h, &chunks[i])
	}
	zh.Sub(&xn, &one)
	h.Mul(&h, &zh)
	if !h.Equal(&combined) {
		return ErrIdentity
	}
	return nil
}
