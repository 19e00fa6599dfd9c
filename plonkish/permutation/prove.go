package permutation

import (
	"fmt"
	"io"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/fft"
	"github.com/zkwasm/zkwasm/plonkish/poly"
)

// NumChunks returns the number of grand products for m equality columns in chunks of
// chunk columns.
func NumChunks(m, chunk int) int { return (m + chunk - 1) / chunk }

// Products computes the grand products Z_j in Lagrange form. values[c] holds the n
// values of equality column c (the prover's blinded advice, fixed or zero-padded
// instance values), sigmas[c] its σ. Rows after usable are random (from rand), except
// row usable, which holds each chunk's running product.
func Products(d *poly.Domain, values, sigmas []poly.Lagrange, chunk, usable int, beta, gamma fr.Element, rand io.Reader) ([]poly.Lagrange, error) {
	n := d.N
	m := len(values)
	if len(sigmas) != m {
		return nil, fmt.Errorf("permutation: %d columns and %d sigmas", m, len(sigmas))
	}
	omegas := make([]fr.Element, n)
	fft.BuildExpTable(d.Omega, omegas)
	num := make([]fr.Element, usable)
	den := make([]fr.Element, usable)
	out := make([]poly.Lagrange, 0, NumChunks(m, chunk))
	var carry fr.Element
	carry.SetOne()
	for start := 0; start < m; start += chunk {
		end := min(start+chunk, m)
		poly.ParallelChunks(usable, func(lo, hi int) {
			var t, bd fr.Element
			for i := lo; i < hi; i++ {
				num[i].SetOne()
				den[i].SetOne()
			}
			for c := start; c < end; c++ {
				delta := Delta(c)
				bd.Mul(&beta, &delta)
				v, s := values[c], sigmas[c]
				for i := lo; i < hi; i++ {
					// v + β·δ^c·ω^i + γ
					t.Mul(&bd, &omegas[i]).Add(&t, &v[i]).Add(&t, &gamma)
					num[i].Mul(&num[i], &t)
					// v + β·σ + γ
					t.Mul(&beta, &s[i]).Add(&t, &v[i]).Add(&t, &gamma)
					den[i].Mul(&den[i], &t)
				}
			}
		})
		if err := poly.BatchInvert(den); err != nil {
			return nil, fmt.Errorf("permutation: chunk %d: %w", len(out), err)
		}
		z := make(poly.Lagrange, n)
		z[0] = carry
		for i := range usable {
			z[i+1].Mul(&z[i], &num[i]).Mul(&z[i+1], &den[i])
		}
		carry = z[usable]
		if err := poly.RandomFill(z[usable+1:], rand); err != nil {
			return nil, err
		}
		out = append(out, z)
	}
	return out, nil
}
