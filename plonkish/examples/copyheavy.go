package examples

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
)

// CopyHeavy returns a circuit made mostly of copy constraints. m pseudo-random values x_i
// are placed three times, in a[i], b[i+1] and c[i+2] (indices mod m), tied by three copies
// that close a cycle a[i] → b[i+1] → c[i+2] → a[i]; column e holds x_{i mod 4} on row i,
// tied to its neighbour four rows down and, for i < 4, to a[i] (long copy chains within
// one column); the first npub values are public (instance column "pub") and copied to
// a[j] and c[j+2]. The only gate, "square", checks d = a² on rows < m (d takes part in no
// copy). Needs 8 ≤ m ≤ UsableRows (2^k − 6) and 1 ≤ npub ≤ m.
func CopyHeavy(k, m, npub int) (*plonkish.ConstraintSystem, *plonkish.Preprocessed, *plonkish.Witness, error) {
	e, err := CopyHeavyExample(k, m, npub)
	return e.CS, e.Pre, e.Wit, err
}

// CopyHeavyExample is CopyHeavy with its tampers:
//   - "copy advice": b[5] += 1 breaks the copies of b row 5 (and nothing else);
//   - "copy chain": e[m−1] += 1 breaks the copy e[m−5] = e[m−1];
//   - "copy instance": pub[0] += 1 breaks the copies of pub row 0;
//   - "square gate": d[4] += 1 breaks gate "square" at row 4.
func CopyHeavyExample(k, m, npub int) (Example, error) {
	cs := new(plonkish.ConstraintSystem)
	a := cs.AdviceColumn("a")
	b := cs.AdviceColumn("b")
	c := cs.AdviceColumn("c")
	d := cs.AdviceColumn("d")
	e := cs.AdviceColumn("e")
	pub := cs.InstanceColumn("pub")
	q := cs.Selector("q_square")
	for _, col := range []plonkish.Column{a, b, c, e} {
		cs.EnableEquality(col)
	}
	cs.CreateNamedGate("square", []string{"d = a²"}, []plonkish.Expression{plonkish.Mul(q.Cur(), plonkish.Sub(d.Cur(), plonkish.Mul(a.Cur(), a.Cur())))})
	if m < 8 || npub < 1 || npub > m {
		return Example{}, fmt.Errorf("examples: CopyHeavy needs 8 ≤ m and 1 ≤ npub ≤ m, got m = %d, npub = %d", m, npub)
	}
	if err := checkRows("CopyHeavy", cs, k, m); err != nil {
		return Example{}, err
	}
	pre := plonkish.NewPreprocessed(cs, k)
	wit := plonkish.NewWitness(cs, k)
	adv := wit.Advice
	r := rng(0x243f6a8885a308d3)
	xs := make([]fr.Element, m)
	for i := range xs {
		xs[i].SetUint64(r.next())
	}
	for i := 0; i < m; i++ {
		i1, i2 := (i+1)%m, (i+2)%m
		adv[a.Index][i] = xs[i]
		adv[b.Index][i1] = xs[i]
		adv[c.Index][i2] = xs[i]
		adv[d.Index][i].Square(&xs[i])
		adv[e.Index][i] = xs[i%4]
		pre.SetFixed(q, i, 1)
		pre.AddCopy(a, i, b, i1)
		pre.AddCopy(b, i1, c, i2)
		pre.AddCopy(c, i2, a, i)
		if i+4 < m {
			pre.AddCopy(e, i, e, i+4)
		}
		if i < 4 {
			pre.AddCopy(a, i, e, i)
		}
	}
	wit.Instance[pub.Index] = append([]fr.Element(nil), xs[:npub]...)
	for j := 0; j < npub; j++ {
		pre.AddCopy(pub, j, a, j)
		pre.AddCopy(c, (j+2)%m, pub, j)
	}
	return Example{
		Name: "copy heavy", CS: cs, Pre: pre, Wit: wit,
		Tampers: []Tamper{
			{Name: "copy advice", Changes: []Change{{cell(b, 5), plus(adv[b.Index][5], 1)}}, Breaks: BreaksCopy, Row: 5},
			{Name: "copy chain", Changes: []Change{{cell(e, m-1), plus(adv[e.Index][m-1], 1)}}, Breaks: BreaksCopy, Row: m - 1},
			{Name: "copy instance", Changes: []Change{{cell(pub, 0), plus(xs[0], 1)}}, Breaks: BreaksCopy, Row: 0},
			{Name: "square gate", Changes: []Change{{cell(d, 4), plus(adv[d.Index][4], 1)}}, Breaks: BreaksGate, Constraint: "square", Row: 4},
		},
	}, nil
}
