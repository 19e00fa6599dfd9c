package examples

import (
	"fmt"
	"slices"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
)

// Mixed returns a circuit that uses gates, lookups, a shuffle, copies and instance values
// together. m values x_i < 2^bits are summed in acc (gate "accumulate": acc[0] = x[0],
// acc[i] = acc[i−1] + x[i]); s holds the same values sorted (shuffle "x sorted" between
// q_all·x and q_all·s), which gate "sorted" proves with s[i+1] = s[i] + d[i] and d in
// range; lookups "x range" and "d range" share the fixed table "range" of 0 … 2^bits − 1.
// The sum, the minimum and the maximum are public: pub = (acc[m−1], s[0], s[m−1]), tied by
// copies. Needs 4 ≤ bits ≤ 16, m ≥ 6 and max(m, 2^bits) ≤ UsableRows (2^k − 6).
func Mixed(k, bits, m int) (*plonkish.ConstraintSystem, *plonkish.Preprocessed, *plonkish.Witness, error) {
	e, err := MixedExample(k, bits, m)
	return e.CS, e.Pre, e.Wit, err
}

// MixedExample is Mixed with its tampers:
//   - "mixed gate": acc[2] += 1 breaks "accumulate" at row 2 (and 3);
//   - "mixed lookup": x[5] += 2^bits breaks "x range" at row 5 (also "accumulate" and the
//     shuffle);
//   - "mixed shuffle": x[3] += 1, x[4] −= 1, acc[3] += 1 keeps the sums but breaks
//     "x sorted" at row 3 only;
//   - "mixed sorted": d[1] += 1 breaks gate "sorted" at row 1;
//   - "mixed instance": pub[1] += 1 breaks the copy s[0] = pub[1].
func MixedExample(k, bits, m int) (Example, error) {
	cs := new(plonkish.ConstraintSystem)
	x := cs.AdviceColumn("x")
	acc := cs.AdviceColumn("acc")
	s := cs.AdviceColumn("s")
	d := cs.AdviceColumn("d")
	pub := cs.InstanceColumn("pub")
	qAll := cs.Selector("q_all")
	qFirst := cs.Selector("q_first")
	qAcc := cs.Selector("q_acc")
	qSort := cs.Selector("q_sort")
	table := cs.FixedColumn("range_table")
	cs.EnableEquality(acc)
	cs.EnableEquality(s)
	cs.CreateNamedGate("accumulate", []string{"first", "step"}, []plonkish.Expression{
		plonkish.Mul(qFirst.Cur(), plonkish.Sub(acc.Cur(), x.Cur())),
		plonkish.Mul(qAcc.Cur(), plonkish.Sub(acc.Cur(), plonkish.Add(acc.Prev(), x.Cur()))),
	})
	cs.CreateGate("sorted", plonkish.Mul(qSort.Cur(), plonkish.Sub(s.Next(), plonkish.Add(s.Cur(), d.Cur()))))
	rt := cs.AddTable("range", table.Cur())
	cs.AddLookup("x range", rt, plonkish.Mul(qAll.Cur(), x.Cur()))
	cs.AddLookup("d range", rt, plonkish.Mul(qSort.Cur(), d.Cur()))
	cs.AddShuffle("x sorted", []plonkish.Expression{plonkish.Mul(qAll.Cur(), x.Cur())}, []plonkish.Expression{plonkish.Mul(qAll.Cur(), s.Cur())})
	if bits < 4 || bits > 16 || m < 6 {
		return Example{}, fmt.Errorf("examples: Mixed needs 4 ≤ bits ≤ 16 and m ≥ 6, got bits = %d, m = %d", bits, m)
	}
	if err := checkRows("Mixed", cs, k, max(m, 1<<bits)); err != nil {
		return Example{}, err
	}
	pre := plonkish.NewPreprocessed(cs, k)
	wit := plonkish.NewWitness(cs, k)
	for i := 0; i < 1<<bits; i++ {
		pre.SetFixed(table, i, uint64(i))
	}
	r := rng(0x082efa98ec4e6c89)
	xs := make([]uint64, m)
	for i := range xs {
		xs[i] = r.next() % (1 << bits)
	}
	xs[3], xs[4] = 5, 7 // room for the shuffle tamper, which makes both 6
	for i := range 3 {
		if xs[i] == 6 {
			xs[i] = 8 // so that the tampered 6 first appears on row 3
		}
	}
	sorted := slices.Clone(xs)
	slices.Sort(sorted)
	adv := wit.Advice
	var sum fr.Element
	for i := 0; i < m; i++ {
		pre.SetFixed(qAll, i, 1)
		wit.Set(x, i, xs[i])
		v := elem(xs[i])
		sum.Add(&sum, &v)
		adv[acc.Index][i] = sum
		wit.Set(s, i, sorted[i])
		if i == 0 {
			pre.SetFixed(qFirst, i, 1)
		} else {
			pre.SetFixed(qAcc, i, 1)
		}
		if i+1 < m {
			pre.SetFixed(qSort, i, 1)
			wit.Set(d, i, sorted[i+1]-sorted[i])
		}
	}
	wit.Instance[pub.Index] = []fr.Element{sum, elem(sorted[0]), elem(sorted[m-1])}
	pre.AddCopy(acc, m-1, pub, 0)
	pre.AddCopy(s, 0, pub, 1)
	pre.AddCopy(pub, 2, s, m-1)
	xm := adv[x.Index][4]
	one := elem(1)
	xm.Sub(&xm, &one)
	return Example{
		Name: "mixed", CS: cs, Pre: pre, Wit: wit,
		Tampers: []Tamper{
			{Name: "mixed gate", Changes: []Change{{cell(acc, 2), plus(adv[acc.Index][2], 1)}}, Breaks: BreaksGate, Constraint: "accumulate", Row: 2, Also: `"accumulate" at row 3`},
			{Name: "mixed lookup", Changes: []Change{{cell(x, 5), plus(adv[x.Index][5], 1<<bits)}}, Breaks: BreaksLookup, Constraint: "x range", Row: 5, Also: `"accumulate" at row 5 and "x sorted"`},
			{Name: "mixed shuffle", Changes: []Change{{cell(x, 3), plus(adv[x.Index][3], 1)}, {cell(x, 4), xm}, {cell(acc, 3), plus(adv[acc.Index][3], 1)}}, Breaks: BreaksShuffle, Constraint: "x sorted", Row: 3},
			{Name: "mixed sorted", Changes: []Change{{cell(d, 1), plus(adv[d.Index][1], 1)}}, Breaks: BreaksGate, Constraint: "sorted", Row: 1},
			{Name: "mixed instance", Changes: []Change{{cell(pub, 1), plus(elem(sorted[0]), 1)}}, Breaks: BreaksCopy, Row: 1},
		},
	}, nil
}
