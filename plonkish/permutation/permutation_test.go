package permutation

import (
	"crypto/rand"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/poly"
)

func setup(t *testing.T) (*plonkish.ConstraintSystem, []plonkish.Copy, *poly.Domain, int) {
	var cs plonkish.ConstraintSystem
	a, b, c := cs.AdviceColumn("a"), cs.AdviceColumn("b"), cs.AdviceColumn("c")
	for _, col := range []plonkish.Column{a, b, c} {
		cs.EnableEquality(col)
	}
	cp := func(x plonkish.Column, xr int, y plonkish.Column, yr int) plonkish.Copy {
		return plonkish.Copy{A: plonkish.Cell{Column: x, Row: xr}, B: plonkish.Cell{Column: y, Row: yr}}
	}
	copies := []plonkish.Copy{cp(a, 0, b, 3), cp(b, 3, c, 5), cp(c, 5, a, 0), cp(a, 2, a, 7), cp(b, 1, c, 1)}
	d, err := poly.NewDomain(4)
	if err != nil {
		t.Fatal(err)
	}
	return &cs, copies, d, 10
}

// σ is a permutation whose cycles are exactly the copy classes.
func TestSigmasCycles(t *testing.T) {
	cs, copies, d, usable := setup(t)
	sig, err := Sigmas(cs, copies, d, usable)
	if err != nil {
		t.Fatal(err)
	}
	label := map[fr.Element][2]int{}
	for c := range 3 {
		dc := Delta(c)
		for i := range d.N {
			var l fr.Element
			w := d.Point(i)
			l.Mul(&dc, &w)
			label[l] = [2]int{c, i}
		}
	}
	cycleLen := func(c, i int) int {
		n := 0
		cur := [2]int{c, i}
		for {
			nx, ok := label[sig[cur[0]][cur[1]]]
			if !ok {
				t.Fatalf("σ(%d,%d) is not a label", cur[0], cur[1])
			}
			cur = nx
			n++
			if cur == [2]int{c, i} || n > 3*d.N {
				return n
			}
		}
	}
	if l := cycleLen(0, 0); l != 3 {
		t.Fatalf("cycle of a[0] has %d cells, want 3", l)
	}
	if l := cycleLen(0, 2); l != 2 {
		t.Fatalf("cycle of a[2] has %d cells, want 2", l)
	}
	if l := cycleLen(2, 9); l != 1 {
		t.Fatalf("uncopied cell in a cycle of %d", l)
	}
	bad := append(copies, plonkish.Copy{A: plonkish.Cell{Column: plonkish.Column{Kind: plonkish.Fixed, Index: 0}, Row: 0}, B: copies[0].A})
	if _, err := Sigmas(cs, bad, d, usable); err == nil {
		t.Fatal("copy on a column without equality accepted")
	}
}

// The grand product ends at 1 exactly when copied cells are equal.
func TestProducts(t *testing.T) {
	cs, copies, d, usable := setup(t)
	sig, _ := Sigmas(cs, copies, d, usable)
	vals := make([]poly.Lagrange, 3)
	for c := range vals {
		vals[c] = make(poly.Lagrange, d.N)
		for i := range vals[c] {
			vals[c][i].SetUint64(uint64(100*c + i))
		}
	}
	set := func(c, i int, v uint64) { vals[c][i].SetUint64(v) }
	set(0, 0, 7)
	set(1, 3, 7)
	set(2, 5, 7)
	set(0, 2, 9)
	set(0, 7, 9)
	set(1, 1, 4)
	set(2, 1, 4)
	var beta, gamma fr.Element
	beta.SetUint64(1234567)
	gamma.SetUint64(7654321)
	for _, chunk := range []int{1, 2, 3} {
		zs, err := Products(d, vals, sig, chunk, usable, beta, gamma, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if len(zs) != NumChunks(3, chunk) {
			t.Fatalf("%d products for chunk %d", len(zs), chunk)
		}
		last := zs[len(zs)-1][usable]
		if !last.IsOne() {
			t.Fatalf("chunk %d: honest product ends at %s", chunk, last.String())
		}
	}
	set(2, 5, 8)
	zs, _ := Products(d, vals, sig, 2, usable, beta, gamma, rand.Reader)
	if last := zs[len(zs)-1][usable]; last.IsOne() {
		t.Fatal("product is 1 with a broken copy")
	}
}
