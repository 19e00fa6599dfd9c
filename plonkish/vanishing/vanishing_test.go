package vanishing

import (
	"crypto/rand"
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish/poly"
)

func TestSplitRecombines(t *testing.T) {
	n, chunks := 16, 3
	h := make(poly.Coeffs, n*chunks)
	for i := range h {
		h[i].MustSetRandom()
	}
	parts, err := Split(h, n, chunks, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	var x, xn fr.Element
	x.MustSetRandom()
	xn.Exp(x, big.NewInt(int64(n)))
	var acc fr.Element
	for i := chunks - 1; i >= 0; i-- {
		e := parts[i].Eval(x)
		acc.Mul(&acc, &xn).Add(&acc, &e)
	}
	if want := h.Eval(x); !want.Equal(&acc) {
		t.Fatal("chunks do not recombine to h")
	}
	if parts[0][n].IsZero() {
		t.Fatal("chunk 0 not blinded")
	}
	// Check accepts (x^n − 1)·h(x) and rejects anything else
	var one, zh, comb fr.Element
	one.SetOne()
	zh.Sub(&xn, &one)
	hx := h.Eval(x)
	comb.Mul(&zh, &hx)
	evals := make([]fr.Element, chunks)
	for i := range parts {
		evals[i] = parts[i].Eval(x)
	}
	if err := Check(comb, evals, x, n); err != nil {
		t.Fatal(err)
	}
	comb.Add(&comb, &one)
	if err := Check(comb, evals, x, n); err == nil {
		t.Fatal("wrong combination accepted")
	}
}

func TestCombine(t *testing.T) {
	v := []fr.Element{fr.NewElement(2), fr.NewElement(3), fr.NewElement(5)}
	y := fr.NewElement(10)
	got := Combine(v, y)
	if want := fr.NewElement(2 + 30 + 500); !got.Equal(&want) {
		t.Fatalf("Combine = %s, want 532", got.String())
	}
}
