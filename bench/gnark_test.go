package bench

import (
	"fmt"
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/backend/plonk"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/scs"
	"github.com/consensys/gnark/logger"
	"github.com/consensys/gnark/test/unsafekzg"
	"github.com/rs/zerolog"
)

// chain is y^(2^N) == x: N multiplication constraints (one PLONK row each).
type chain struct {
	X frontend.Variable `gnark:",public"`
	Y frontend.Variable
	N int `gnark:"-"`
}

func (c *chain) Define(api frontend.API) error {
	acc := c.Y
	for i := 0; i < c.N; i++ {
		acc = api.Mul(acc, acc)
	}
	api.AssertIsEqual(acc, c.X)
	return nil
}

// slack is the number of rows left for the public input and the final
// assertion so that the domain is exactly 2^k.
const slack = 8

// logSizes are the domain sizes measured; `-short` keeps only 2^16.
func logSizes() []int {
	if testing.Short() {
		return []int{16}
	}
	return []int{16, 18, 20}
}

func BenchmarkGnarkPlonk(b *testing.B) {
	logger.Set(zerolog.Nop())
	for _, k := range logSizes() {
		b.Run(fmt.Sprintf("2^%d", k), func(b *testing.B) {
			n := 1<<k - slack
			ccs, err := frontend.Compile(ecc.BN254.ScalarField(), scs.NewBuilder, &chain{N: n})
			if err != nil {
				b.Fatal(err)
			}
			rows := ccs.GetNbConstraints() + ccs.GetNbPublicVariables()
			if rows > 1<<k || rows <= 1<<(k-1) {
				b.Fatalf("%d rows do not fill a domain of 2^%d", rows, k)
			}
			srs, srsLagrange, err := unsafekzg.NewSRS(ccs)
			if err != nil {
				b.Fatal(err)
			}
			pk, vk, err := plonk.Setup(ccs, srs, srsLagrange)
			if err != nil {
				b.Fatal(err)
			}
			y := big.NewInt(3)
			x := new(big.Int).Set(y)
			for i := 0; i < n; i++ {
				x.Mul(x, x).Mod(x, fr.Modulus())
			}
			w, err := frontend.NewWitness(&chain{X: x, Y: y, N: n}, ecc.BN254.ScalarField())
			if err != nil {
				b.Fatal(err)
			}
			// One proof outside the timer, verified: the benchmark measures
			// a prover that works.
			proof, err := plonk.Prove(ccs, pk, w)
			if err != nil {
				b.Fatal(err)
			}
			pub, err := w.Public()
			if err != nil {
				b.Fatal(err)
			}
			if err := plonk.Verify(proof, vk, pub); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := plonk.Prove(ccs, pk, w); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			cells := float64(3 * (int(1) << k))
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/cells, "ns/wire-cell")
			b.ReportMetric(float64(rows), "rows")
		})
	}
}
