package lookup

import (
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
)

// Columns names the columns the argument reads.
type Columns struct {
	M       []plonkish.Column // multiplicities, one per Layout.Tables entry
	Helpers []plonkish.Column // one per Layout.Groups entry
	Phi     plonkish.Column   // running sum

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

// Denominator returns β + D for term t: its tuple followed by its tag, compressed.
func (t *Term) Denominator(theta, beta fr.Element) plonkish.Expression {
	return plonkish.Add(plonkish.ConstElement(beta), t.Compressed(theta))
}

// Compressed returns the term's tagged tuple compressed with θ.
func (t *Term) Compressed(theta fr.Element) plonkish.Expression {
	tup := append(append([]plonkish.Expression{}, t.Tuple...), plonkish.Const(t.Tag))
	return Compress(tup, theta)
}

// Numerator returns N for term t.
func (t *Term) Numerator(c *Columns) plonkish.Expression {
	switch t.Kind {
	case Input:
		return plonkish.Const(1)
	case TableTerm:
		return plonkish.Neg(c.M[t.Table].Cur())
	}
	return t.Num
}

// fractionSum returns Σ_i N_i·Π_{j≠i} D_j and Π_i D_i over the terms g.
func (l *Layout) fractionSum(g []int, c *Columns, theta, beta fr.Element) (num, den plonkish.Expression) {
	ds := make([]plonkish.Expression, len(g))
	for k, i := range g {
		ds[k] = l.Terms[i].Denominator(theta, beta)
	}
	var terms []plonkish.Expression
	for k, i := range g {
		fs := []plonkish.Expression{l.Terms[i].Numerator(c)}
		for j := range ds {
			if j != k {
				fs = append(fs, ds[j])
			}
		}
		terms = append(terms, plonkish.Mul(fs...))
	}
	return plonkish.Add(terms...), plonkish.Mul(ds...)
}

// Constraints returns the argument's constraint polynomials for challenges θ, β:
// l_0·φ, l_last·φ, one per helper column, then the running-sum constraint.
func (l *Layout) Constraints(c *Columns, theta, beta fr.Element) []plonkish.Expression {
	if l.Empty() {
		return nil
	}
	la := c.LActive.Cur()
	out := []plonkish.Expression{
		plonkish.Mul(c.L0.Cur(), c.Phi.Cur()),
		plonkish.Mul(c.LLast.Cur(), c.Phi.Cur()),
	}
	for g, grp := range l.Groups {
		num, den := l.fractionSum(grp, c, theta, beta)
		out = append(out, plonkish.Mul(la, plonkish.Sub(plonkish.Mul(c.Helpers[g].Cur(), den), num)))
	}
	diff := []plonkish.Expression{c.Phi.Next(), plonkish.Neg(c.Phi.Cur())}
	for _, h := range c.Helpers {
		diff = append(diff, plonkish.Neg(h.Cur()))
	}
	e := plonkish.Add(diff...)
	if len(l.Inline) > 0 {
		num, den := l.fractionSum(l.Inline, c, theta, beta)
		e = plonkish.Sub(plonkish.Mul(e, den), num)
	}
	return append(out, plonkish.Mul(la, e))
}
