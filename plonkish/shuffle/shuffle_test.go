package shuffle

import (
	"crypto/rand"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
)

func TestPlan(t *testing.T) {
	var cs plonkish.ConstraintSystem
	a, b, s := cs.AdviceColumn("a"), cs.AdviceColumn("b"), cs.Selector("s")
	for range 5 {
		cs.AddShuffle("x", []plonkish.Expression{a.Cur()}, []plonkish.Expression{b.Cur()})
	}
	cs.AddShuffle("y", []plonkish.Expression{plonkish.Mul(s.Cur(), a.Cur())}, []plonkish.Expression{b.Cur()})
	for d := 4; d <= 8; d++ {
		gs, err := Plan(&cs, d)
		if err != nil {
			t.Fatal(err)
		}
		count := 0
		for _, g := range gs {
			count += len(g)
		}
		if count != 6 {
			t.Fatalf("D=%d: %d shuffles placed", d, count)
		}
		c := Columns{}
		for i := range gs {
			c.Z = append(c.Z, plonkish.Column{Kind: plonkish.Advice, Index: 10 + i})
		}
		for _, e := range Constraints(&cs, gs, &c, fr.NewElement(3), fr.NewElement(5)) {
			if e.Degree() > d {
				t.Fatalf("D=%d: constraint of degree %d", d, e.Degree())
			}
		}
	}
	if _, err := Plan(&cs, 3); err == nil {
		t.Fatal("degree 3 accepted for a degree-2 shuffle")
	}
}

func TestProduct(t *testing.T) {
	n, u := 16, 10
	in := make([]fr.Element, n)
	out := make([]fr.Element, n)
	for i := range u {
		in[i].SetUint64(uint64(i * i))
		out[(i*3)%u].SetUint64(uint64(i * i))
	}
	g := fr.NewElement(77)
	z, err := Product([][]fr.Element{in}, [][]fr.Element{out}, n, u, g, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if !z[u].IsOne() {
		t.Fatal("product of a permutation is not 1")
	}
	out[2].SetUint64(1000)
	z, _ = Product([][]fr.Element{in}, [][]fr.Element{out}, n, u, g, rand.Reader)
	if z[u].IsOne() {
		t.Fatal("product is 1 for different multisets")
	}
}
