package backend

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/poly"
)

// UnsatisfiedError reports a constraint the witness does not satisfy, found by Prove's
// own checks (which WithoutChecks turns off).
type UnsatisfiedError struct {
	Kind string // "gate", "copy", "shuffle"
	Name string
	Row  int
}

func (e *UnsatisfiedError) Error() string {
	if e.Row >= 0 {
		return fmt.Sprintf("%s %q does not hold on row %d", e.Kind, e.Name, e.Row)
	}
	return fmt.Sprintf("%s %q does not hold", e.Kind, e.Name)
}

// checkGates evaluates every gate on every row of the (blinded) witness: gates must
// vanish on all n rows, since the quotient enforces them there. It costs one pass over
// the base domain, a fraction of the quotient's.
func checkGates(cs *plonkish.ConstraintSystem, n, usable int, src poly.Source) error {
	var polys []plonkish.Expression
	var names []string
	for _, g := range cs.Gates {
		for i, p := range g.Polys {
			polys = append(polys, p)
			name := g.Name
			if i < len(g.PolyNames) && g.PolyNames[i] != "" {
				name += "/" + g.PolyNames[i]
			}
			names = append(names, name)
		}
	}
	if len(polys) == 0 {
		return nil
	}
	var y fr.Element
	y.SetUint64(0x9e3779b97f4a7c15) // any non-trivial combination; a miss only delays the error to Verify
	comb := make([]fr.Element, n)
	poly.Compile(polys).EvalCombined(n, src, y, fr.One(), comb)
	for row := range comb {
		if comb[row].IsZero() {
			continue
		}
		for k, p := range polys {
			v := plonkish.EvaluateRow(p, row, n, func(c plonkish.Column, r int) fr.Element { return src(c)[r] })
			if !v.IsZero() {
				e := &UnsatisfiedError{Kind: "gate", Name: names[k], Row: row}
				if row >= usable {
					return fmt.Errorf("%w (an unusable row, filled with random values: multiply the gate by a selector)", e)
				}
				return e
			}
		}
	}
	return nil
}

// checkCopies compares the two cells of every copy constraint.
func checkCopies(cs *plonkish.ConstraintSystem, copies []plonkish.Copy, src poly.Source) error {
	for _, c := range copies {
		a, b := src(c.A.Column)[c.A.Row], src(c.B.Column)[c.B.Row]
		if !a.Equal(&b) {
			return &UnsatisfiedError{Kind: "copy", Name: fmt.Sprintf("%s row %d = %s row %d", cs.ColumnName(c.A.Column), c.A.Row, cs.ColumnName(c.B.Column), c.B.Row), Row: -1}
		}
	}
	return nil
}
