package lookup

import (
	"crypto/rand"
	"errors"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/poly"
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
	bus := cs.AddBus("bus")
	cs.AddInteraction(bus, "send", s.Cur(), a.Cur(), b.Cur())
	cs.AddInteraction(bus, "recv", plonkish.Neg(s.Cur()), b.Cur(), a.Cur())
	return &cs
}

func col(i int) plonkish.Column { return plonkish.Column{Kind: plonkish.Advice, Index: i} }

// Every degree bound gives constraints within the bound, and every term is placed
// exactly once.
func TestPlanDegrees(t *testing.T) {
	cs := circuit()
	if r := RequiredDegree(cs); r != 4 {
		t.Fatalf("required degree %d, want 4", r)
	}
	for d := 4; d <= 9; d++ {
		l, err := Plan(cs, d)
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Terms) != 7 || len(l.Tables) != 1 {
			t.Fatalf("%d terms over %d tables, want 7 over 1", len(l.Terms), len(l.Tables))
		}
		seen := map[int]int{}
		for _, i := range l.Inline {
			seen[i]++
		}
		for _, g := range l.Groups {
			if len(g) == 0 {
				t.Fatalf("D=%d: empty group", d)
			}
			for _, i := range g {
				seen[i]++
			}
		}
		for i := range l.Terms {
			if seen[i] != 1 {
				t.Fatalf("D=%d: term %d placed %d times", d, i, seen[i])
			}
		}
		cols := Columns{M: []plonkish.Column{col(10)}, Phi: col(11)}
		for g := range l.Groups {
			cols.Helpers = append(cols.Helpers, col(12+g))
		}
		for _, e := range l.Constraints(&cols, fr.NewElement(3), fr.NewElement(5)) {
			if e.Degree() > d {
				t.Fatalf("D=%d: constraint of degree %d", d, e.Degree())
			}
		}
	}
	if _, err := Plan(cs, 3); err == nil {
		t.Fatal("degree bound 3 accepted for a degree-2 input")
	}
}

// The running sum returns to 0 exactly when every input is in the table and the bus
// balances.
func TestRunningSum(t *testing.T) {
	var cs plonkish.ConstraintSystem
	tc := cs.FixedColumn("t")
	s := cs.Selector("s")
	a, b := cs.AdviceColumn("a"), cs.AdviceColumn("b")
	tab := cs.AddTable("t", tc.Cur())
	cs.AddLookup("a", tab, a.Cur())
	cs.AddLookup("a again", tab, a.Cur())
	cs.AddLookup("b", tab, b.Cur())
	bus := cs.AddBus("ab")
	cs.AddInteraction(bus, "send a", s.Cur(), a.Cur())
	cs.AddInteraction(bus, "recv b", plonkish.Neg(s.Cur()), b.Cur())
	n, usable := 32, 25
	vals := map[plonkish.Column][]fr.Element{tc: make([]fr.Element, n), s: make([]fr.Element, n), a: make([]fr.Element, n), b: make([]fr.Element, n), col(9): nil}
	for i := range usable {
		vals[tc][i].SetUint64(uint64(i % 8))
		vals[s][i].SetOne()
		vals[a][i].SetUint64(uint64((i * 5) % 8))
		vals[b][(i+3)%usable].SetUint64(uint64((i * 5) % 8)) // b is a rotated a
	}
	eval := func(exprs []plonkish.Expression) [][]fr.Element {
		out := make([][]fr.Element, len(exprs))
		for i := range out {
			out[i] = make([]fr.Element, n)
		}
		poly.Compile(exprs).EvalEach(n, func(c plonkish.Column) []fr.Element { return vals[c] }, out)
		return out
	}
	run := func(d int, lenient bool) (fr.Element, error) {
		l, err := Plan(&cs, d)
		if err != nil {
			t.Fatal(err)
		}
		th, be := fr.NewElement(1234), fr.NewElement(987654321)
		m, err := l.Multiplicities(0, th, eval, n, usable, lenient, rand.Reader)
		if err != nil {
			return fr.Element{}, err
		}
		vals[col(9)] = m
		c := Columns{M: []plonkish.Column{col(9)}}
		for g := range l.Groups {
			c.Helpers = append(c.Helpers, col(20+g))
		}
		_, phi, err := l.Accumulate(&c, eval, n, usable, th, be, lenient, rand.Reader)
		if err != nil {
			return fr.Element{}, err
		}
		return phi[usable], nil
	}
	for _, d := range []int{4, 5, 8} {
		end, err := run(d, false)
		if err != nil {
			t.Fatal(err)
		}
		if !end.IsZero() {
			t.Fatalf("D=%d: honest running sum ends at %s", d, end.String())
		}
	}
	// an input outside the table
	vals[b][3].SetUint64(99)
	if _, err := run(4, false); err == nil {
		t.Fatal("missing input not reported")
	}
	if end, _ := run(4, true); end.IsZero() {
		t.Fatal("running sum ends at 0 with an input outside the table")
	}
	// inside the table, but the bus no longer balances
	vals[b][3].SetUint64(7)
	var be *BalanceError
	if _, err := run(5, false); !errors.As(err, &be) {
		t.Fatalf("unbalanced bus gave %v", err)
	}
	if end, _ := run(5, true); end.IsZero() {
		t.Fatal("running sum ends at 0 with an unbalanced bus")
	}
}

// First-fit decreasing: inputs of degrees 2, 3, 2 and the table (degree 1) at D = 6
// (denominator degrees of a group sum to at most 4) fit in two groups, {3, 1} and {2, 2};
// filling groups in declaration order would take three ({2}, {3}, {2, 1}).
func TestPlanFirstFitDecreasing(t *testing.T) {
	var cs plonkish.ConstraintSystem
	tc := cs.FixedColumn("t")
	s := cs.Selector("s")
	a, b := cs.AdviceColumn("a"), cs.AdviceColumn("b")
	tab := cs.AddTable("t", tc.Cur())
	cs.AddLookup("deg2", tab, plonkish.Mul(s.Cur(), a.Cur()))
	cs.AddLookup("deg3", tab, plonkish.Mul(s.Cur(), a.Cur(), b.Cur()))
	cs.AddLookup("deg2'", tab, plonkish.Mul(s.Cur(), b.Cur()))
	l, err := Plan(&cs, 6)
	if err != nil {
		t.Fatal(err)
	}
	if n := 1 + len(l.Groups); n != 2 {
		t.Fatalf("%d groups (inline %v, helpers %v), want 2", n, l.Inline, l.Groups)
	}
}
