package examples

import (
	"fmt"

	"github.com/zkwasm/zkwasm/plonkish"
)

// DynamicLookup returns a circuit with a dynamic (advice) lookup table shared by two
// lookups, and a static (fixed) table shared by two more.
//
// The dynamic table "kv" is the pairs (key, val) in advice columns, with val = key² + 1
// enforced by gate "table_def" on every usable row; rows 0 … entries−1 hold the keys
// 0 … entries−1, later rows repeat (0, 1). Lookups "lookup1" and "lookup2" check that
// (k1, v1) and (k2, v2) are pairs of the table on the rows where their selectors q1 and
// q2 are on; where a selector is off the input is (0, 1), which is in the table. The static
// table "range" (fixed column, 0 … 2^bits − 1) is used by "k1 range" (q1·k1) and
// "tag range" (q2·tag, a free advice column).
//
// Needs entries ≤ 2^bits, queries ≥ 4 and max(2^bits, entries, queries) ≤ UsableRows.
func DynamicLookup(k, bits, entries, queries int) (*plonkish.ConstraintSystem, *plonkish.Preprocessed, *plonkish.Witness, error) {
	e, err := DynamicLookupExample(k, bits, entries, queries)
	return e.CS, e.Pre, e.Wit, err
}

// DynamicLookupExample is DynamicLookup with its tampers:
//   - "dynamic lookup": v1[2] += 1 breaks "lookup1" at row 2;
//   - "dynamic lookup 2": (k2, v2)[3] = (entries, entries² + 1), a pair that satisfies the
//     table's rule but is not in the table, breaks "lookup2" at row 3;
//   - "static lookup": tag[1] = 2^bits breaks "tag range" at row 1;
//   - "table gate": val[5] += 1 breaks gate "table_def" at row 5 (and the lookups that
//     used key 5).
func DynamicLookupExample(k, bits, entries, queries int) (Example, error) {
	cs := new(plonkish.ConstraintSystem)
	key := cs.AdviceColumn("key")
	val := cs.AdviceColumn("val")
	k1 := cs.AdviceColumn("k1")
	v1 := cs.AdviceColumn("v1")
	k2 := cs.AdviceColumn("k2")
	v2 := cs.AdviceColumn("v2")
	tag := cs.AdviceColumn("tag")
	qt := cs.Selector("q_table")
	q1 := cs.Selector("q1")
	q2 := cs.Selector("q2")
	rangeCol := cs.FixedColumn("range_table")
	one := plonkish.Const(1)
	cs.CreateGate("table_def", plonkish.Mul(qt.Cur(), plonkish.Sub(val.Cur(), plonkish.Add(plonkish.Mul(key.Cur(), key.Cur()), one))))
	kv := cs.AddTable("kv", key.Cur(), val.Cur())
	pair := func(q, kc, vc plonkish.Column) []plonkish.Expression {
		return []plonkish.Expression{plonkish.Mul(q.Cur(), kc.Cur()), plonkish.Add(plonkish.Mul(q.Cur(), vc.Cur()), plonkish.Sub(one, q.Cur()))}
	}
	cs.AddLookup("lookup1", kv, pair(q1, k1, v1)...)
	cs.AddLookup("lookup2", kv, pair(q2, k2, v2)...)
	rt := cs.AddTable("range", rangeCol.Cur())
	cs.AddLookup("k1 range", rt, plonkish.Mul(q1.Cur(), k1.Cur()))
	cs.AddLookup("tag range", rt, plonkish.Mul(q2.Cur(), tag.Cur()))
	if bits < 1 || bits > 16 || entries < 6 || entries > 1<<bits || queries < 4 {
		return Example{}, fmt.Errorf("examples: DynamicLookup needs 1 ≤ bits ≤ 16, 6 ≤ entries ≤ 2^bits, queries ≥ 4; got bits = %d, entries = %d, queries = %d", bits, entries, queries)
	}
	if err := checkRows("DynamicLookup", cs, k, max(1<<bits, entries, queries)); err != nil {
		return Example{}, err
	}
	pre := plonkish.NewPreprocessed(cs, k)
	wit := plonkish.NewWitness(cs, k)
	usable := cs.UsableRows(1 << k)
	sq1 := func(x uint64) uint64 { return x*x + 1 }
	for i := 0; i < usable; i++ {
		pre.SetFixed(qt, i, 1)
		kk := uint64(0)
		if i < entries {
			kk = uint64(i)
		}
		wit.Set(key, i, kk)
		wit.Set(val, i, sq1(kk))
	}
	for i := 0; i < 1<<bits; i++ {
		pre.SetFixed(rangeCol, i, uint64(i))
	}
	r := rng(0x13198a2e03707344)
	for i := 0; i < queries; i++ {
		pre.SetFixed(q1, i, 1)
		pre.SetFixed(q2, i, 1)
		a, b := r.next()%uint64(entries), r.next()%uint64(entries)
		wit.Set(k1, i, a)
		wit.Set(v1, i, sq1(a))
		wit.Set(k2, i, b)
		wit.Set(v2, i, sq1(b))
		wit.Set(tag, i, r.next()%(1<<bits))
	}
	adv := wit.Advice
	e := uint64(entries)
	return Example{
		Name: "dynamic lookup", CS: cs, Pre: pre, Wit: wit,
		Tampers: []Tamper{
			{Name: "dynamic lookup", Changes: []Change{{cell(v1, 2), plus(adv[v1.Index][2], 1)}}, Breaks: BreaksLookup, Constraint: "lookup1", Row: 2},
			{Name: "dynamic lookup 2", Changes: []Change{{cell(k2, 3), elem(e)}, {cell(v2, 3), elem(sq1(e))}}, Breaks: BreaksLookup, Constraint: "lookup2", Row: 3},
			{Name: "static lookup", Changes: []Change{{cell(tag, 1), elem(1 << bits)}}, Breaks: BreaksLookup, Constraint: "tag range", Row: 1},
			{Name: "table gate", Changes: []Change{{cell(val, 5), plus(adv[val.Index][5], 1)}}, Breaks: BreaksGate, Constraint: "table_def", Row: 5, Also: "lookups of key 5"},
		},
	}, nil
}
