package lookup

import (
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
)

// Columns names the committed and fixed columns one table's argument reads.
type Columns struct {
	M                  plonkish.Column   // multiplicities
	Helpers            []plonkish.Column // one per TableLayout.Groups entry
	Phi                plonkish.Column   // running sum
	L0, LLast, LActive plonkish.Column
}

// Compress returns Σ θ^(L−1−k)·es[k] (Horner's rule), the tuple compressed with θ.
func Compress(es []plonkish.Expression, theta fr.Element) plonkish.Expression {
	var acc plonkish.Expression
	for i, e := range es {
		if i == 0 {
			acc = e
			continue
		}
		acc = plonkish.Add(plonkish.ScaleElement(acc, theta), e)
	}
	if acc == nil {
		return plonkish.Const(0)
	}
	return acc
}

// Constraints returns the constraint polynomials of one table's argument for
// challenges θ, β; each must vanish on the whole domain.
func Constraints(cs *plonkish.ConstraintSystem, tl *TableLayout, c *Columns, theta, beta fr.Element) []plonkish.Expression {
	b := plonkish.ConstElement(beta)
	den := func(es []plonkish.Expression) plonkish.Expression { return plonkish.Add(b, Compress(es, theta)) }
	inputs := func(g []int) []plonkish.Expression {
		out := make([]plonkish.Expression, len(g))
		for k, i := range g {
			out[k] = den(cs.Lookups[i].Inputs)
		}
		return out
	}
	// sumOfOthers returns Σ_j Π_{i≠j} ds[i] (the numerator of Σ 1/ds[j]).
	sumOfOthers := func(ds []plonkish.Expression) plonkish.Expression {
		terms := make([]plonkish.Expression, len(ds))
		for j := range ds {
			var fs []plonkish.Expression
			for i := range ds {
				if i != j {
					fs = append(fs, ds[i])
				}
			}
			terms[j] = plonkish.Mul(fs...)
		}
		return plonkish.Add(terms...)
	}
	la := c.LActive.Cur()
	out := []plonkish.Expression{
		plonkish.Mul(c.L0.Cur(), c.Phi.Cur()),
		plonkish.Mul(c.LLast.Cur(), c.Phi.Cur()),
	}
	for g, grp := range tl.Groups {
		ds := inputs(grp)
		out = append(out, plonkish.Mul(la, plonkish.Sub(plonkish.Mul(c.Helpers[g].Cur(), plonkish.Mul(ds...)), sumOfOthers(ds))))
	}
	// (φ(ωX) − φ(X) − Σ h_g)·(β+t)·Π_{G0} d_j − (β+t)·Σ_j Π_{i≠j} d_i + m·Π_{G0} d_j
	diff := []plonkish.Expression{c.Phi.Next(), plonkish.Neg(c.Phi.Cur())}
	for _, h := range c.Helpers {
		diff = append(diff, plonkish.Neg(h.Cur()))
	}
	t := den(cs.Tables[tl.Table].Columns)
	ds := inputs(tl.Inline)
	prod := plonkish.Mul(ds...)
	e := plonkish.Mul(plonkish.Add(diff...), t, prod)
	if len(ds) > 0 {
		e = plonkish.Sub(e, plonkish.Mul(t, sumOfOthers(ds)))
	}
	e = plonkish.Add(e, plonkish.Mul(c.M.Cur(), prod))
	out = append(out, plonkish.Mul(la, e))
	return out
}
