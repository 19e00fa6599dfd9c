package examples

import (
	"fmt"

	"github.com/zkwasm/zkwasm/plonkish"
)

// Bus returns a circuit with one multiset bus "kv": on rows 0 … entries−1 a producer
// sends the pair (key, val) with multiplicity uses (an advice column: how many times the
// pair is consumed), and on rows 0 … queries−1 a consumer receives the pair (k, v) with
// multiplicity −q. The bus balances exactly when every consumed pair was produced and
// uses counts the consumptions; a gate "val" fixes val = 3·key + 1 on the producer rows.
// Needs 6 ≤ entries, 6 ≤ queries, max(entries, queries) ≤ UsableRows (2^k − 6).
//
// Bus is not in All: the prover may not support buses yet.
func Bus(k, entries, queries int) (*plonkish.ConstraintSystem, *plonkish.Preprocessed, *plonkish.Witness, error) {
	e, err := BusExample(k, entries, queries)
	return e.CS, e.Pre, e.Wit, err
}

// BreaksBus is the Broken kind of a tamper that unbalances a bus.
const BreaksBus Broken = "bus"

// BusExample is Bus with its tampers:
//   - "bus value": v[2] += 1 unbalances "kv" (the consumed pair was never produced),
//     first seen at row 2;
//   - "bus count": uses[0] += 1 unbalances "kv" (pair 0 is produced once too often),
//     first seen at row 0.
func BusExample(k, entries, queries int) (Example, error) {
	cs := new(plonkish.ConstraintSystem)
	key := cs.AdviceColumn("key")
	val := cs.AdviceColumn("val")
	uses := cs.AdviceColumn("uses")
	kc := cs.AdviceColumn("k")
	vc := cs.AdviceColumn("v")
	qp := cs.Selector("q_produce")
	q := cs.Selector("q_consume")
	cs.CreateGate("val", plonkish.Mul(qp.Cur(), plonkish.Sub(val.Cur(), plonkish.Add(plonkish.Scale(key.Cur(), 3), plonkish.Const(1)))))
	bus := cs.AddBus("kv")
	cs.AddInteraction(bus, "produce", plonkish.Mul(qp.Cur(), uses.Cur()), key.Cur(), val.Cur())
	cs.AddInteraction(bus, "consume", plonkish.Neg(q.Cur()), kc.Cur(), vc.Cur())
	if entries < 6 || queries < 6 {
		return Example{}, fmt.Errorf("examples: Bus needs entries ≥ 6 and queries ≥ 6, got %d and %d", entries, queries)
	}
	if err := checkRows("Bus", cs, k, max(entries, queries)); err != nil {
		return Example{}, err
	}
	pre := plonkish.NewPreprocessed(cs, k)
	wit := plonkish.NewWitness(cs, k)
	count := make([]uint64, entries)
	r := rng(0xbe5466cf34e90c6c)
	for i := 0; i < queries; i++ {
		x := r.next() % uint64(entries)
		count[x]++
		pre.SetFixed(q, i, 1)
		wit.Set(kc, i, x+1)
		wit.Set(vc, i, 3*(x+1)+1)
	}
	for i := 0; i < entries; i++ {
		pre.SetFixed(qp, i, 1)
		wit.Set(key, i, uint64(i+1))
		wit.Set(val, i, uint64(3*(i+1)+1))
		wit.Set(uses, i, count[i])
	}
	adv := wit.Advice
	return Example{
		Name: "bus", CS: cs, Pre: pre, Wit: wit,
		Tampers: []Tamper{
			{Name: "bus value", Changes: []Change{{cell(vc, 2), plus(adv[vc.Index][2], 1)}}, Breaks: BreaksBus, Constraint: "kv", Row: 2, Also: "the pair it should have consumed is now over-produced"},
			{Name: "bus count", Changes: []Change{{cell(uses, 0), plus(adv[uses.Index][0], 1)}}, Breaks: BreaksBus, Constraint: "kv", Row: 0},
		},
	}, nil
}
