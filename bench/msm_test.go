package bench

import (
	"fmt"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// BenchmarkMSMFloor times one G1 MSM of 2^k full-width (random) scalars,
// reporting ns per point: the cost floor of committing one wide cell.
func BenchmarkMSMFloor(b *testing.B) {
	for _, k := range logSizes() {
		b.Run(fmt.Sprintf("2^%d", k), func(b *testing.B) {
			n := 1 << k
			scalars := make([]fr.Element, n)
			for i := range scalars {
				if _, err := scalars[i].SetRandom(); err != nil {
					b.Fatal(err)
				}
			}
			_, _, g, _ := bn254.Generators()
			// Distinct points: g·s_i for random s_i (fast batch fixed-base).
			ks := make([]fr.Element, n)
			for i := range ks {
				if _, err := ks[i].SetRandom(); err != nil {
					b.Fatal(err)
				}
			}
			points := bn254.BatchScalarMultiplicationG1(&g, ks)
			var res bn254.G1Jac
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := res.MultiExp(points, scalars, ecc.MultiExpConfig{}); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/point")
		})
	}
}
