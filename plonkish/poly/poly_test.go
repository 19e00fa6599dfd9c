package poly

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

func randVec(n int) []fr.Element {
	v := make([]fr.Element, n)
	for i := range v {
		v[i].MustSetRandom()
	}
	return v
}

func TestRoundTrip(t *testing.T) {
	d, err := NewDomain(6)
	if err != nil {
		t.Fatal(err)
	}
	v := randVec(d.N)
	orig := append([]fr.Element(nil), v...)
	c := d.ToCoeffs(Lagrange(v))
	// values at ω^i are the interpolated polynomial's
	for i := 0; i < d.N; i += 7 {
		w := d.Point(i)
		if got := Coeffs(c).Eval(w); !got.Equal(&orig[i]) {
			t.Fatalf("row %d: interpolation mismatch", i)
		}
	}
	l := d.ToLagrange(c)
	for i := range l {
		if !l[i].Equal(&orig[i]) {
			t.Fatalf("row %d: FFT(iFFT(v)) != v", i)
		}
	}
}

func TestExtended(t *testing.T) {
	d, _ := NewDomain(5)
	for _, parts := range []int{1, 2, 3, 4, 5, 8} {
		e, err := NewExtDomain(d, parts)
		if err != nil {
			t.Fatal(err)
		}
		c := Coeffs(randVec(d.N))
		ev := e.Evaluate(c)
		// point check: part j, row i is s_j·ω^i
		for _, ji := range [][2]int{{0, 0}, {e.P - 1, 3}, {e.P / 2, d.N - 1}} {
			var x fr.Element
			w := d.Point(ji[1])
			x.Mul(&e.Shift[ji[0]], &w)
			if want := c.Eval(x); !want.Equal(&e.Part(ev, ji[0])[ji[1]]) {
				t.Fatalf("E=%d part %d row %d: wrong evaluation", e.P, ji[0], ji[1])
			}
		}
		// a polynomial of degree < N round-trips through the extended domain
		big := Coeffs(randVec(e.Size()))
		vals := make(Extended, e.Size())
		for j := range e.P {
			for i := range d.N {
				var x fr.Element
				w := d.Point(i)
				x.Mul(&e.Shift[j], &w)
				vals[j*d.N+i] = big.Eval(x)
			}
		}
		back := e.ToCoeffs(vals)
		for i := range back {
			if !back[i].Equal(&big[i]) {
				t.Fatalf("E=%d: coefficient %d differs after ToCoeffs", e.P, i)
			}
		}
		// vanishing polynomial constant per part
		for j := range e.P {
			var x, one fr.Element
			one.SetOne()
			w := d.Point(5)
			x.Mul(&e.Shift[j], &w)
			zh := d.VanishingEval(x)
			zh.Mul(&zh, &e.zhInv[j])
			if !zh.Equal(&one) {
				t.Fatalf("E=%d part %d: wrong vanishing inverse", e.P, j)
			}
		}
	}
}

func TestLagrangeRange(t *testing.T) {
	d, _ := NewDomain(4)
	v := randVec(d.N)
	c := d.ToCoeffs(Lagrange(append([]fr.Element(nil), v...)))
	var x fr.Element
	x.MustSetRandom()
	ls, err := d.LagrangeRange(x, 0, d.N)
	if err != nil {
		t.Fatal(err)
	}
	var acc, t1 fr.Element
	for i := range ls {
		t1.Mul(&ls[i], &v[i])
		acc.Add(&acc, &t1)
	}
	if want := c.Eval(x); !want.Equal(&acc) {
		t.Fatal("Σ v_i L_i(x) != p(x)")
	}
	if _, err := d.LagrangeRange(d.Point(3), 0, 2); err == nil {
		t.Fatal("point in the domain accepted")
	}
}
