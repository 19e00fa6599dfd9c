package kzg

import (
	"errors"
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	gkzg "github.com/consensys/gnark-crypto/ecc/bn254/kzg"
)

// TestVerifyIgnoresLines: Verify must decide with vk.G2, not with the
// precomputed lines a caller may have left zero or filled from another key
// (audit item 2).
func TestVerifyIgnoresLines(t *testing.T) {
	s := mustTestSRS(t, 16)
	coeffs := randomElements(10, 254, 3)
	c, err := s.Commit(coeffs)
	if err != nil {
		t.Fatal(err)
	}
	var z fr.Element
	z.SetUint64(77)
	proof, err := s.Open(coeffs, z)
	if err != nil {
		t.Fatal(err)
	}

	// a literal key without lines: honest proof accepted, bogus one rejected
	noLines := VerifyingKey{G1: s.G1[0], G2: s.G2}
	if err := Verify(&c, &proof, z, &noLines); err != nil {
		t.Fatalf("honest proof rejected by a key without lines: %v", err)
	}
	bogus := proof
	bogus.ClaimedValue.SetUint64(12345)
	bogus.H = s.G1[3]
	if err := Verify(&c, &bogus, z, &noLines); !errors.Is(err, ErrVerifyOpening) {
		t.Fatalf("bogus proof with a key without lines: got %v, want ErrVerifyOpening", err)
	}

	// a key whose lines belong to another τ': a proof forged for τ' (easy,
	// the test τ' is public) must be rejected since vk.G2 holds the real τ
	other, err := NewTestSRS(16, []byte("another seed"))
	if err != nil {
		t.Fatal(err)
	}
	mixed := s.VerifyingKey()
	mixed.Lines = other.VerifyingKey().Lines
	tau, tau2 := TestTau(testSeed), TestTau([]byte("another seed"))
	var fTau, v, h fr.Element // H = (f(τ) − v)/(τ' − z)·G
	for i := len(coeffs) - 1; i >= 0; i-- {
		fTau.Mul(&fTau, &tau).Add(&fTau, &coeffs[i])
	}
	v.SetUint64(999)
	var den fr.Element
	den.Sub(&tau2, &z).Inverse(&den)
	h.Sub(&fTau, &v).Mul(&h, &den)
	forged := OpeningProof{ClaimedValue: v}
	_, _, g1, _ := bn254.Generators()
	forged.H.ScalarMultiplication(&g1, h.BigInt(new(big.Int)))
	otherVK := other.VerifyingKey()
	otherVK.G1 = s.G1[0]
	if err := Verify(&c, &forged, z, &otherVK); err != nil {
		t.Fatalf("forgery does not verify under τ' (test is wrong): %v", err)
	}
	if err := Verify(&c, &forged, z, &mixed); !errors.Is(err, ErrVerifyOpening) {
		t.Fatalf("forgery for the lines' τ' accepted with vk.G2 of τ: %v", err)
	}
	if err := Verify(&c, &proof, z, &mixed); err != nil {
		t.Fatalf("honest proof rejected with foreign lines: %v", err)
	}
}

// TestVerifyRejectsDegenerateKey: a key whose [1]₁ or G2 points are not the
// generators / are the point at infinity cannot bind the claimed value.
func TestVerifyRejectsDegenerateKey(t *testing.T) {
	s := mustTestSRS(t, 16)
	coeffs := randomElements(10, 254, 4)
	c, _ := s.Commit(coeffs)
	var z fr.Element
	z.SetUint64(5)
	proof, err := s.Open(coeffs, z)
	if err != nil {
		t.Fatal(err)
	}
	good := s.VerifyingKey()
	for name, mod := range map[string]func(vk *VerifyingKey){
		"G1 infinity":   func(vk *VerifyingKey) { vk.G1.SetInfinity() },
		"G1 not gen":    func(vk *VerifyingKey) { vk.G1 = s.G1[1] },
		"G2[0] not gen": func(vk *VerifyingKey) { vk.G2[0] = s.G2[1] },
		"G2[1] inf":     func(vk *VerifyingKey) { vk.G2[1].SetInfinity() },
	} {
		vk := good
		mod(&vk)
		if err := Verify(&c, &proof, z, &vk); !errors.Is(err, ErrVerifyOpening) {
			t.Errorf("%s: got %v, want ErrVerifyOpening", name, err)
		}
	}
}

// BenchmarkVerify measures one single-point opening check (lines computed
// from vk.G2 each time), against gnark-crypto's fixed-Q variant.
func BenchmarkVerify(b *testing.B) {
	s := mustTestSRS(b, 16)
	coeffs := randomElements(10, 254, 3)
	c, _ := s.Commit(coeffs)
	var z fr.Element
	z.SetUint64(77)
	proof, _ := s.Open(coeffs, z)
	vk := s.VerifyingKey()
	b.Run("ours", func(b *testing.B) {
		for b.Loop() {
			if err := Verify(&c, &proof, z, &vk); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("gnark-fixedQ", func(b *testing.B) {
		for b.Loop() {
			if err := gkzg.Verify(&c, &proof, z, vk); err != nil {
				b.Fatal(err)
			}
		}
	})
}
