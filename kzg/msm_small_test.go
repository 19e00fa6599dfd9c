package kzg

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// TestCommitEqualXOnlyPairs: a level of the bucket reduction whose only
// pairs have equal x (P,P or P,−P) while a later bucket holds a single point
// (audit item 1). [G,G,5G]·[2,2,3] puts G,G in bucket 2 and 5G alone in
// bucket 3.
func TestCommitEqualXOnlyPairs(t *testing.T) {
	_, _, g, _ := bn254.Generators()
	var negG, fiveG bn254.G1Affine
	negG.Neg(&g)
	fiveG.ScalarMultiplication(&g, bigInt(5))
	scalars := elems(2, 2, 3)
	for name, pts := range map[string][]bn254.G1Affine{
		"G,G,5G":  {g, g, fiveG},
		"G,-G,5G": {g, negG, fiveG},
	} {
		s := &SRS{G1: pts}
		got, err := s.Commit(scalars)
		if err != nil {
			t.Fatal(err)
		}
		want := naiveMSM(pts, scalars)
		if !got.Equal(&want) {
			t.Errorf("%s: Commit differs from the naive MSM", name)
		}
	}
	// the same shape for the 0/1 path: one bucket whose first level has
	// only an equal-x pair and an odd point
	pts := []bn254.G1Affine{g, g, fiveG}
	ones := elems(1, 1, 1)
	got, err := (&SRS{G1: pts}).Commit(ones)
	if err != nil {
		t.Fatal(err)
	}
	if want := naiveMSM(pts, ones); !got.Equal(&want) {
		t.Error("0/1 path: Commit differs from the naive MSM")
	}
}

// TestMSMDifferentialRepeated compares msm (every path: 0/1, small widths,
// wide) with gnark-crypto's MultiExp on inputs drawn from a tiny pool of
// points and their negations, so buckets are full of equal-x pairs at every
// level, with sizes crossing the vector-path and parallel thresholds.
func TestMSMDifferentialRepeated(t *testing.T) {
	s := mustTestSRS(t, 4)
	pool := []bn254.G1Affine{}
	for i := range 3 {
		var neg bn254.G1Affine
		neg.Neg(&s.G1[i])
		pool = append(pool, s.G1[i], neg)
	}
	var inf bn254.G1Affine
	inf.SetInfinity()
	rng := rand.New(rand.NewPCG(1, 2))
	sizes := []int{1, 2, 3, 4, 5, 7, 9, 16, 33, 100, 257, 1000}
	if !testing.Short() {
		sizes = append(sizes, 1<<12+3)
	}
	for _, n := range sizes {
		for _, w := range []int{1, 2, 3, 5, 8, 13, 16, 20, 32, 64, 254} {
			for _, poolSize := range []int{1, 2, 6} {
				if n > 1000 && (w%8 != 0 || poolSize != 2) && w != 1 {
					continue
				}
				pts := make([]bn254.G1Affine, n)
				scalars := make([]fr.Element, n)
				for i := range n {
					pts[i] = pool[rng.IntN(poolSize)]
					if rng.IntN(50) == 0 {
						pts[i] = inf
					}
					switch {
					case w >= 254:
						scalars[i].SetRandom()
					case w == 64:
						scalars[i].SetUint64(rng.Uint64())
					default:
						// few distinct digits: many points per bucket
						v := rng.Uint64N(4) << uint(rng.IntN(w))
						if rng.IntN(3) == 0 {
							v = rng.Uint64N(1 << w)
						}
						scalars[i].SetUint64(v & (1<<w - 1))
					}
				}
				name := fmt.Sprintf("n=%d w=%d pool=%d", n, w, poolSize)
				got, err := msm(append([]bn254.G1Affine(nil), pts...), scalars)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				var want bn254.G1Affine
				if _, err := want.MultiExp(pts, scalars, ecc.MultiExpConfig{}); err != nil {
					t.Fatal(err)
				}
				if !got.Equal(&want) {
					t.Fatalf("%s: msm differs from gnark-crypto MultiExp", name)
				}
			}
		}
	}
}

func bigInt(v int64) *big.Int { return big.NewInt(v) }

// elems returns the field elements of vs.
func elems(vs ...uint64) []fr.Element {
	out := make([]fr.Element, len(vs))
	for i, v := range vs {
		out[i].SetUint64(v)
	}
	return out
}
