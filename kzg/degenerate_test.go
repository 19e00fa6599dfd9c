package kzg

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fp"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// srsFromTau builds the consistent SRS of n points for any τ (no checks).
func srsFromTau(tau fr.Element, n int) *SRS {
	_, _, g1, g2 := bn254.Generators()
	pts := make([]bn254.G1Affine, n)
	var acc fr.Element
	acc.SetOne()
	var b big.Int
	for i := range pts {
		pts[i].ScalarMultiplication(&g1, acc.BigInt(&b))
		acc.Mul(&acc, &tau)
	}
	var g2s [2]bn254.G2Affine
	g2s[0] = g2
	g2s[1].ScalarMultiplication(&g2, tau.BigInt(&b))
	return newSRS(pts, g2s)
}

// degenerateTaus are τ = 1 and primitive 2^j-th roots of unity, 2^j ≤ n.
func degenerateTaus(t *testing.T, n int) map[string]fr.Element {
	out := map[string]fr.Element{}
	var one fr.Element
	one.SetOne()
	out["tau=1"] = one
	for j := 1; 1<<j <= n; j++ {
		w, err := fr.Generator(uint64(1) << j)
		if err != nil {
			t.Fatal(err)
		}
		out[fmt.Sprintf("order 2^%d", j)] = w
	}
	// a root of unity of order 3 (r − 1 is divisible by 3): τ^3 = 1
	var w3 fr.Element
	e := new(big.Int).Sub(fr.Modulus(), big.NewInt(1))
	e.Div(e, big.NewInt(3))
	w3.SetUint64(5).Exp(w3, e)
	if !w3.Equal(&one) {
		out["order 3"] = w3
	}
	return out
}

// TestCheckRejectsDegenerateTau: an SRS that is consistent but whose τ is 1
// or a root of unity of order ≤ n (so the vanishing polynomial of a domain
// it serves vanishes at τ) fails Check.
func TestCheckRejectsDegenerateTau(t *testing.T) {
	const n = 32
	for name, tau := range degenerateTaus(t, n) {
		s := srsFromTau(tau, n)
		err := s.Check()
		if err == nil || !strings.Contains(err.Error(), "degenerate") {
			t.Errorf("%s: Check: %v", name, err)
		}
	}
	// control: an ordinary τ passes
	if err := srsFromTau(TestTau(testSeed), n).Check(); err != nil {
		t.Fatal(err)
	}
	// a primitive 2^6-th root is harmless for 32 points (no domain of 2^6)
	w, _ := fr.Generator(64)
	if err := srsFromTau(w, n).Check(); err != nil {
		t.Fatalf("order 64 > n rejected: %v", err)
	}
}

// TestImportPtauRejectsDegenerateTau: a .ptau file whose powers are those
// of a degenerate τ (consistent, every point valid) is refused.
func TestImportPtauRejectsDegenerateTau(t *testing.T) {
	orig := readFile(t, ptauFiles[0])
	g1Off := sectionOffset(t, orig, ptauSecTauG1)
	g2Off := sectionOffset(t, orig, ptauSecTauG2)
	nG1 := int(binary.LittleEndian.Uint64(orig[g1Off-8:])) / ptauG1Size
	nG2 := int(binary.LittleEndian.Uint64(orig[g2Off-8:])) / ptauG2Size
	putFp := func(b []byte, z *fp.Element) {
		for i := range 4 {
			binary.LittleEndian.PutUint64(b[8*i:], z[i])
		}
	}
	for name, tau := range degenerateTaus(t, 256) {
		s := srsFromTau(tau, nG1)
		data := bytes.Clone(orig)
		for i := range nG1 {
			p := data[g1Off+i*ptauG1Size:]
			putFp(p, &s.G1[i].X)
			putFp(p[ptauN8:], &s.G1[i].Y)
		}
		_, _, _, g2 := bn254.Generators()
		var acc fr.Element
		acc.SetOne()
		var b big.Int
		for i := range nG2 {
			var q bn254.G2Affine
			q.ScalarMultiplication(&g2, acc.BigInt(&b))
			acc.Mul(&acc, &tau)
			p := data[g2Off+i*ptauG2Size:]
			for j, c := range []*fp.Element{&q.X.A0, &q.X.A1, &q.Y.A0, &q.Y.A1} {
				putFp(p[j*ptauN8:], c)
			}
		}
		_, err := ImportPtau(bytes.NewReader(data), 0)
		if !errors.Is(err, ErrPtau) || !strings.Contains(err.Error(), "degenerate") {
			t.Errorf("%s: ImportPtau: %v", name, err)
		}
	}
}
