package backend

import (
	"errors"
	"sync"
	"testing"

	"github.com/zkwasm/zkwasm/kzg"
	"github.com/zkwasm/zkwasm/plonkish/examples"
)

var (
	srsOnce sync.Once
	srsVal  *kzg.SRS
	srsErr  error
)

// testSRS returns an insecure SRS big enough for every test (2^12 rows).
func testSRS(t testing.TB) *kzg.SRS {
	srsOnce.Do(func() { srsVal, srsErr = kzg.NewTestSRS(1<<12+1, []byte("zkwasm backend tests")) })
	if srsErr != nil {
		t.Fatal(srsErr)
	}
	return srsVal
}

func TestExamplesProveAndVerify(t *testing.T) {
	srs := testSRS(t)
	for _, k := range []int{5, 7} {
		exs, err := examples.All(k)
		if err != nil {
			t.Fatal(err)
		}
		for _, ex := range exs {
			pk, vk, err := Setup(ex.CS, ex.Pre, srs)
			if err != nil {
				t.Fatalf("%s k=%d: setup: %v", ex.Name, k, err)
			}
			wit := examples.CloneWitness(ex.Wit)
			proof, err := Prove(pk, wit, nil)
			if err != nil {
				t.Fatalf("%s k=%d: prove: %v", ex.Name, k, err)
			}
			if err := Verify(vk, ex.Wit.Instance, proof); err != nil {
				t.Fatalf("%s k=%d: verify: %v", ex.Name, k, err)
			}
			if !errors.Is(Verify(vk, nil, proof), nil) && len(ex.Wit.Instance) == 0 {
				t.Fatalf("%s: nil instances rejected for a circuit without instance columns", ex.Name)
			}
		}
	}
}

// Every degree bound packs the arguments differently (helper columns, permutation
// chunks, shuffle groups, quotient parts); each must prove, verify and reject tampers.
func TestDegreeBounds(t *testing.T) {
	srs := testSRS(t)
	exs, err := examples.All(6)
	if err != nil {
		t.Fatal(err)
	}
	totalHelpers, maxChunks := 0, 0
	for _, d := range []int{3, 4, 5, 7} {
		helpers, chunks := 0, 0
		for _, ex := range exs {
			pk, vk, err := Setup(ex.CS, ex.Pre, srs, WithMaxDegree(d))
			if err != nil {
				if d < requiredDegree(ex.CS) {
					continue
				}
				t.Fatalf("%s D=%d: setup: %v", ex.Name, d, err)
			}
			st := vk.Stats()
			helpers += st.LookupHelpers
			chunks += st.PermutationProducts
			proof, err := Prove(pk, examples.CloneWitness(ex.Wit), nil)
			if err != nil {
				t.Fatalf("%s D=%d: prove: %v", ex.Name, d, err)
			}
			if err := Verify(vk, ex.Wit.Instance, proof); err != nil {
				t.Fatalf("%s D=%d: verify: %v (stats %+v)", ex.Name, d, err, st)
			}
			for _, tam := range ex.Tampers {
				w := tam.Apply(ex.Wit)
				p, err := Prove(pk, w, nil, WithoutChecks())
				if err != nil {
					t.Fatal(err)
				}
				if Verify(vk, w.Instance, p) == nil {
					t.Fatalf("%s D=%d: tamper %s accepted", ex.Name, d, tam.Name)
				}
			}
		}
		t.Logf("D=%d: %d lookup helpers, %d permutation chunks over all examples", d, helpers, chunks)
		totalHelpers += helpers
		maxChunks = max(maxChunks, chunks)
	}
	if totalHelpers == 0 || maxChunks <= len(exs) {
		t.Errorf("the degree bounds tried exercised no lookup helper column (%d) or no multi-chunk permutation (%d)", totalHelpers, maxChunks)
	}
}
