package permutation

import (
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
)

// Columns names the columns the argument's constraints read. The backend chooses them
// (virtual fixed and advice columns beyond the circuit's own).
type Columns struct {
	Values []plonkish.Column // the equality-enabled columns, in permutation order
	Sigmas []plonkish.Column // σ_c, one per value column
	Z      []plonkish.Column // grand products, one per chunk
	L0     plonkish.Column   // 1 on row 0
	LLast  plonkish.Column   // 1 on row u
	// LActive is 1 on the usable rows [0, u).
	LActive plonkish.Column
	// X is the identity polynomial (ω^i on row i).
	X     plonkish.Column
	Chunk int
	// LastRot is the rotation from row 0 to row u (u − n), at which each product but the
	// last is read to chain it into the next.
	LastRot plonkish.Rotation
}

// Constraints returns the argument's constraint polynomials for challenges β, γ; each
// must vanish on the whole domain.
func Constraints(c *Columns, beta, gamma fr.Element) []plonkish.Expression {
	if len(c.Z) == 0 {
		return nil
	}
	one := plonkish.Const(1)
	var out []plonkish.Expression
	out = append(out, plonkish.Mul(c.L0.Cur(), plonkish.Sub(one, c.Z[0].Cur())))
	out = append(out, plonkish.Mul(c.LLast.Cur(), plonkish.Sub(c.Z[len(c.Z)-1].Cur(), one)))
	for j := 1; j < len(c.Z); j++ {
		out = append(out, plonkish.Mul(c.L0.Cur(), plonkish.Sub(c.Z[j].Cur(), c.Z[j-1].Rot(int(c.LastRot)))))
	}
	g := plonkish.ConstElement(gamma)
	for j, z := range c.Z {
		start, end := j*c.Chunk, min((j+1)*c.Chunk, len(c.Values))
		left := []plonkish.Expression{z.Next()}
		right := []plonkish.Expression{z.Cur()}
		for k := start; k < end; k++ {
			v := c.Values[k].Cur()
			left = append(left, plonkish.Add(v, plonkish.ScaleElement(c.Sigmas[k].Cur(), beta), g))
			var bd fr.Element
			d := Delta(k)
			bd.Mul(&beta, &d)
			right = append(right, plonkish.Add(v, plonkish.ScaleElement(c.X.Cur(), bd), g))
		}
		out = append(out, plonkish.Mul(c.LActive.Cur(), plonkish.Sub(plonkish.Mul(left...), plonkish.Mul(right...))))
	}
	return out
}
