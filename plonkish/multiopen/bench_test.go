package multiopen

import (
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/kzg"
)

// BenchmarkOpenRealistic opens 60 polynomials of 2^16 coefficients at
// zkwasm-like rotation sets ({x}, {x, ωx}, {ω⁻¹x, x, ωx}).
func BenchmarkOpenRealistic(b *testing.B) {
	logN := 16
	n := 1 << logN
	srs, err := kzg.NewSRS(uint64(n), big.NewInt(42))
	if err != nil {
		b.Fatal(err)
	}
	var s shape
	s.evals = true
	for i := 0; i < 60; i++ {
		s.lens = append(s.lens, n)
		switch i % 6 {
		case 0:
			s.rots = append(s.rots, []int{0, 1})
		case 1:
			s.rots = append(s.rots, []int{-1, 0, 1})
		default:
			s.rots = append(s.rots, []int{0})
		}
	}
	inst := build(b, srs, s, 1)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Open(srs.Pk, inst.prover, transcriptFor(inst.digest, inst.verifier)); err != nil {
			b.Fatal(err)
		}
	}
}
