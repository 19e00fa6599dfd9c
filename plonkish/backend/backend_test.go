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
