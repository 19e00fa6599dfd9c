package shuffle

import (
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/lookup"
)

// Columns names the columns of the argument.
type Columns struct {
	Z                  []plonkish.Column // one per group
	L0, LLast, LActive plonkish.Column
}

// Tagged returns the compressed input and shuffled tuples of shuffle s (tag s+1).
func Tagged(cs *plonkish.ConstraintSystem, s int, theta fr.Element) (in, shuffled plonkish.Expression) {
	tag := plonkish.Const(uint64(s + 1))
	sh := &cs.Shuffles[s]
	in = lookup.Compress(append(append([]plonkish.Expression{}, sh.Input...), tag), theta)
	shuffled = lookup.Compress(append(append([]plonkish.Expression{}, sh.Shuffled...), tag), theta)
	return in, shuffled
}

// Constraints returns the constraint polynomials for challenges θ, γ.
func Constraints(cs *plonkish.ConstraintSystem, groups [][]int, c *Columns, theta, gamma fr.Element) []plonkish.Expression {
	one := plonkish.Const(1)
	g := plonkish.ConstElement(gamma)
	var out []plonkish.Expression
	for k, grp := range groups {
		z := c.Z[k]
		out = append(out,
			plonkish.Mul(c.L0.Cur(), plonkish.Sub(one, z.Cur())),
			plonkish.Mul(c.LLast.Cur(), plonkish.Sub(z.Cur(), one)))
		left := []plonkish.Expression{z.Next()}
		right := []plonkish.Expression{z.Cur()}
		for _, s := range grp {
			a, b := Tagged(cs, s, theta)
			left = append(left, plonkish.Add(b, g))
			right = append(right, plonkish.Add(a, g))
		}
		out = append(out, plonkish.Mul(c.LActive.Cur(), plonkish.Sub(plonkish.Mul(left...), plonkish.Mul(right...))))
	}
	return out
}
