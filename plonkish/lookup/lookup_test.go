package lookup

import (
	"crypto/rand"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
)

func circuit() *plonkish.ConstraintSystem {
	var cs plonkish.ConstraintSystem
	t := cs.FixedColumn("t")
	s := cs.Selector("s")
	a, b := cs.AdviceColumn("a"), cs.AdviceColumn("b")
	tab := cs.AddTable("t", t.Cur())
	cs.AddLookup("a", tab, a.Cur())
	cs.AddLookup("b", tab, b.Cur())
	cs.AddLookup("s·a", tab, plonkish.Mul(s.Cur(), a.Next()))
	cs.AddLookup("a+b", tab, plonkish.Add(a.Cur(), b.Cur()))
	return &cs
}

// Every degree bound gives constraints within the bound, and every lookup is placed
// exactly once.
func TestPlanDegrees(t *testing.T) {
	cs := circuit()
	if r := RequiredDegree(cs); r != 4 {
		t.Fatalf("required degree %d, want 4", r)
	}
	for d := 4; d <= 9; d++ {
		ls, err := Plan(cs, d)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[int]int{}
		for _, i := range ls[0].Inline {
			seen[i]++
		}
		for _, g := range ls[0].Groups {
			if len(g) == 0 {
				t.Fatalf("D=%d: empty group", d)
			}
			for _, i := range g {
				seen[i]++
			}
		}
		for i := range cs.Lookups {
			if seen[i] != 1 {
				t.Fatalf("D=%d: lookup %d placed %d times", d, i, seen[i])
			}
		}
		cols := Columns{M: col(10), Phi: col(11)}
		for g := range ls[0].Groups {
			cols.Helpers = append(cols.Helpers, col(12+g))
		}
		var th, be fr.Element
		th.SetUint64(3)
		be.SetUint64(5)
		for _, e := range Constraints(cs, &ls[0], &cols, th, be) {
			if e.Degree() > d {
				t.Fatalf("D=%d: constraint of degree %d", d, e.Degree())
			}
		}
	}
	if _, err := Plan(cs, 3); err == nil {
		t.Fatal("degree bound 3 accepted for a degree-2 input")
	}
}

func col(i int) plonkish.Column { return plonkish.Column{Kind: plonkish.Advice, Index: i} }

// The running sum returns to 0 exactly when every input is in the table.
func TestRunningSum(t *testing.T) {
	var cs plonkish.ConstraintSystem
	tc := cs.FixedColumn("t")
	a := cs.AdviceColumn("a")
	tab := cs.AddTable("t", tc.Cur())
	cs.AddLookup("a", tab, a.Cur())
	cs.AddLookup("a again", tab, a.Cur())
	cs.AddLookup("a twice more", tab, a.Cur())
	n, usable := 32, 25
	tv := make([]fr.Element, n)
	av := make([]fr.Element, n)
	for i := range usable {
		tv[i].SetUint64(uint64(i % 8))
		av[i].SetUint64(uint64((i * 5) % 8))
	}
	for _, d := range []int{4, 5, 8} {
		ls, _ := Plan(&cs, d)
		tl := &ls[0]
		inputs := [][]fr.Element{av, av, av}
		m, err := Multiplicities(&cs, tl, tv, inputs, usable, false, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		var beta fr.Element
		beta.SetUint64(987654321)
		_, phi, err := Accumulate(tl, tv, inputs, m, usable, beta, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if !phi[usable].IsZero() {
			t.Fatalf("D=%d: honest running sum ends at %s", d, phi[usable].String())
		}
		bad := append([]fr.Element(nil), av...)
		bad[3].SetUint64(99)
		if _, err := Multiplicities(&cs, tl, tv, [][]fr.Element{av, bad, av}, usable, false, rand.Reader); err == nil {
			t.Fatal("missing input not reported")
		}
		m, _ = Multiplicities(&cs, tl, tv, [][]fr.Element{av, bad, av}, usable, true, rand.Reader)
		_, phi, _ = Accumulate(tl, tv, [][]fr.Element{av, bad, av}, m, usable, beta, rand.Reader)
		if phi[usable].IsZero() {
			t.Fatalf("D=%d: running sum ends at 0 with an input outside the table", d)
		}
	}
}
