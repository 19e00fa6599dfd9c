package vanishing

import (
	"fmt"
	"io"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish/poly"
)

// Quotient evaluates prog's expressions combined with y, divided by X^n − 1, on every
// part of ext, reading each part's column values from parts(j), and returns the
// quotient's coefficients (ext.Size() of them; only the first chunks·n are non-zero for
// a valid witness).
func Quotient(ext *poly.ExtDomain, prog *poly.Program, y fr.Element, parts func(j int) poly.Source) poly.Coeffs {
	h := make(poly.Extended, ext.Size())
	for j := range ext.P {
		prog.EvalCombined(ext.N, parts(j), y, ext.VanishingInv(j), ext.Part(h, j))
	}
	return ext.ToCoeffs(h)
}

// Split cuts h into chunks polynomials of n+1 coefficients each, blinded as in the package
// documentation with randomness from rand. Coefficients of h beyond chunks·n are dropped
// (they are zero when the constraints hold; if they do not, the verifier's identity
// check fails).
func Split(h poly.Coeffs, n, chunks int, rand io.Reader) ([]poly.Coeffs, error) {
	if chunks < 1 {
		return nil, fmt.Errorf("vanishing: %d chunks", chunks)
	}
	out := make([]poly.Coeffs, chunks)
	b := make([]fr.Element, chunks-1)
	if err := poly.RandomFill(b, rand); err != nil {
		return nil, err
	}
	for i := range chunks {
		c := make(poly.Coeffs, n+1)
		if lo := i * n; lo < len(h) {
			copy(c[:n], h[lo:min(lo+n, len(h))])
		}
		if i < chunks-1 {
			c[n] = b[i]
		}
		if i > 0 {
			c[0].Sub(&c[0], &b[i-1])
		}
		out[i] = c
	}
	return out, nil
}
