package examples

import (
	"fmt"

	"github.com/zkwasm/zkwasm/plonkish"
)

// Shuffle returns a circuit whose only constraint is the shuffle "permute": the m pairs
// (in_k, in_v) on rows where q is on are a permutation of the pairs (out_k, out_v) (the
// same pairs sorted by key). Off rows contribute (0, 0) to both sides. Needs
// 6 ≤ m ≤ UsableRows (2^k − 6).
func Shuffle(k, m int) (*plonkish.ConstraintSystem, *plonkish.Preprocessed, *plonkish.Witness, error) {
	e, err := ShuffleExample(k, m)
	return e.CS, e.Pre, e.Wit, err
}

// ShuffleExample is Shuffle with its tampers:
//   - "shuffle value": out_v[3] += 1 breaks "permute" at row 3;
//   - "shuffle duplicate": row 4 of out set equal to row 5 (a lookup would accept this,
//     a shuffle must not) breaks "permute" at row 4.
func ShuffleExample(k, m int) (Example, error) {
	cs := new(plonkish.ConstraintSystem)
	ink := cs.AdviceColumn("in_k")
	inv := cs.AdviceColumn("in_v")
	outk := cs.AdviceColumn("out_k")
	outv := cs.AdviceColumn("out_v")
	q := cs.Selector("q")
	sel := func(c plonkish.Column) plonkish.Expression { return plonkish.Mul(q.Cur(), c.Cur()) }
	cs.AddShuffle("permute", []plonkish.Expression{sel(ink), sel(inv)}, []plonkish.Expression{sel(outk), sel(outv)})
	if m < 6 {
		return Example{}, fmt.Errorf("examples: Shuffle needs at least 6 rows, got %d", m)
	}
	if err := checkRows("Shuffle", cs, k, m); err != nil {
		return Example{}, err
	}
	pre := plonkish.NewPreprocessed(cs, k)
	wit := plonkish.NewWitness(cs, k)
	// Keys are a permutation of 1 … m (stride coprime to m), so sorting is a placement.
	stride := 1
	for s := m/2 + 1; s < m; s++ {
		if gcd(s, m) == 1 {
			stride = s
			break
		}
	}
	r := rng(0xa4093822299f31d0)
	vals := make([]uint64, m)
	for i := range vals {
		vals[i] = r.next()
	}
	for i := 0; i < m; i++ {
		key := (i*stride)%m + 1
		pre.SetFixed(q, i, 1)
		wit.Set(ink, i, uint64(key))
		wit.Set(inv, i, vals[key-1])
		wit.Set(outk, key-1, uint64(key))
		wit.Set(outv, key-1, vals[key-1])
	}
	adv := wit.Advice
	return Example{
		Name: "shuffle", CS: cs, Pre: pre, Wit: wit,
		Tampers: []Tamper{
			{Name: "shuffle value", Changes: []Change{{cell(outv, 3), plus(adv[outv.Index][3], 1)}}, Breaks: BreaksShuffle, Constraint: "permute", Row: 3},
			{Name: "shuffle duplicate", Changes: []Change{{cell(outk, 4), adv[outk.Index][5]}, {cell(outv, 4), adv[outv.Index][5]}}, Breaks: BreaksShuffle, Constraint: "permute", Row: 4},
		},
	}, nil
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
