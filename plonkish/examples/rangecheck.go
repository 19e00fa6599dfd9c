package examples

import (
	"fmt"

	"github.com/zkwasm/zkwasm/plonkish"
)

// RangeCheck returns a circuit that proves count values x < 2^(2·bits) by splitting each
// into two limbs x = lo + 2^bits · hi (gate "decompose") and looking both limbs up in one
// static table of the values 0 … 2^bits − 1 (lookups "lo in range" and "hi in range",
// sharing the fixed table "range"). Rows past the table repeat 0, which is in range, so the
// lookup inputs are q·lo and q·hi and need no table row of their own.
//
// The table needs 2^bits usable rows: bits = 8 works from k = 9, the 16-bit table of the
// zkWasm circuit needs k ≥ 17. bits must lie in [1, 16]; count ≤ UsableRows.
func RangeCheck(k, bits, count int) (*plonkish.ConstraintSystem, *plonkish.Preprocessed, *plonkish.Witness, error) {
	e, err := RangeCheckExample(k, bits, count)
	return e.CS, e.Pre, e.Wit, err
}

// RangeCheckExample is RangeCheck with its tampers (count ≥ 4):
//   - "range gate": x[1] += 1 breaks gate "decompose" at row 1;
//   - "range lookup": lo[3] += 2^bits and hi[3] −= 1 (x[3] is unchanged, so the gate
//     still holds) breaks lookup "lo in range" at row 3;
//   - "range lookup hi": hi[2] = 2^bits and x[2] adjusted breaks "hi in range" at row 2.
func RangeCheckExample(k, bits, count int) (Example, error) {
	cs := new(plonkish.ConstraintSystem)
	x := cs.AdviceColumn("x")
	lo := cs.AdviceColumn("lo")
	hi := cs.AdviceColumn("hi")
	q := cs.Selector("q_range")
	table := cs.FixedColumn("range_table")
	shift := uint64(1) << bits
	cs.CreateGate("decompose", plonkish.Mul(q.Cur(), plonkish.Sub(x.Cur(), plonkish.Add(lo.Cur(), plonkish.Scale(hi.Cur(), shift)))))
	tab := cs.AddTable("range", table.Cur())
	cs.AddLookup("lo in range", tab, plonkish.Mul(q.Cur(), lo.Cur()))
	cs.AddLookup("hi in range", tab, plonkish.Mul(q.Cur(), hi.Cur()))
	if bits < 1 || bits > 16 {
		return Example{}, fmt.Errorf("examples: RangeCheck: bits = %d out of range [1, 16]", bits)
	}
	if count < 4 {
		return Example{}, fmt.Errorf("examples: RangeCheck needs at least 4 values, got %d", count)
	}
	if err := checkRows(fmt.Sprintf("RangeCheck with a %d-bit table", bits), cs, k, max(count, 1<<bits)); err != nil {
		return Example{}, err
	}
	pre := plonkish.NewPreprocessed(cs, k)
	wit := plonkish.NewWitness(cs, k)
	for i := 0; i < 1<<bits; i++ {
		pre.SetFixed(table, i, uint64(i))
	}
	r := rng(0x9e3779b97f4a7c15)
	for i := 0; i < count; i++ {
		l, h := r.next()%shift, r.next()%shift
		if i == 3 && h == 0 {
			h = 1 // the lookup tamper borrows from hi[3]
		}
		pre.SetFixed(q, i, 1)
		wit.Set(lo, i, l)
		wit.Set(hi, i, h)
		wit.Set(x, i, l+shift*h)
	}
	adv := wit.Advice
	one := elem(1)
	hiLess := adv[hi.Index][3]
	hiLess.Sub(&hiLess, &one)
	// hi[2] = 2^bits, x[2] = lo[2] + 2^bits·2^bits: the gate holds, the lookup fails.
	big := elem(shift)
	big.Mul(&big, &big)
	xBig := adv[lo.Index][2]
	xBig.Add(&xBig, &big)
	return Example{
		Name: fmt.Sprintf("range check %d-bit", bits), CS: cs, Pre: pre, Wit: wit,
		Tampers: []Tamper{
			{Name: "range gate", Changes: []Change{{cell(x, 1), plus(adv[x.Index][1], 1)}}, Breaks: BreaksGate, Constraint: "decompose", Row: 1},
			{Name: "range lookup", Changes: []Change{{cell(lo, 3), plus(adv[lo.Index][3], shift)}, {cell(hi, 3), hiLess}}, Breaks: BreaksLookup, Constraint: "lo in range", Row: 3},
			{Name: "range lookup hi", Changes: []Change{{cell(hi, 2), elem(shift)}, {cell(x, 2), xBig}}, Breaks: BreaksLookup, Constraint: "hi in range", Row: 2},
		},
	}, nil
}
