package backend

import (
	"errors"
	"testing"

	"github.com/zkwasm/zkwasm/plonkish/examples"
)

// Every tamper of every example (gates, lookups, copies, shuffles, public values) gives
// a proof that the verifier rejects, with the quotient identity failing.
func TestTamperedWitnessRejected(t *testing.T) {
	srs := testSRS(t)
	exs, err := allExamples(6)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[examples.Broken]int{}
	for _, ex := range exs {
		pk, vk, err := Setup(ex.CS, ex.Pre, srs)
		if err != nil {
			t.Fatal(err)
		}
		for _, tam := range ex.Tampers {
			wit := tam.Apply(ex.Wit)
			proof, err := Prove(pk, wit, nil, WithoutChecks())
			if err != nil {
				t.Fatalf("%s / %s: prove: %v", ex.Name, tam.Name, err)
			}
			err = Verify(vk, wit.Instance, proof)
			if err == nil {
				t.Fatalf("%s / %s (%s): tampered witness accepted", ex.Name, tam.Name, tam.Breaks)
			}
			if !errors.Is(err, ErrQuotient) {
				t.Errorf("%s / %s: rejected with %v, want the quotient identity to fail", ex.Name, tam.Name, err)
			}
			seen[tam.Breaks]++
		}
	}
	for _, b := range []examples.Broken{examples.BreaksGate, examples.BreaksLookup, examples.BreaksCopy, examples.BreaksShuffle, examples.BreaksBus} {
		if seen[b] == 0 {
			t.Errorf("no tamper breaking a %s was tried", b)
		}
	}
	t.Logf("tampers rejected: %v", seen)
}

// A proof checked against other public values fails.
func TestWrongInstanceRejected(t *testing.T) {
	srs := testSRS(t)
	exs, _ := allExamples(6)
	tried := 0
	for _, ex := range exs {
		if len(ex.Wit.Instance) == 0 || len(ex.Wit.Instance[0]) == 0 {
			continue
		}
		pk, vk, err := Setup(ex.CS, ex.Pre, srs)
		if err != nil {
			t.Fatal(err)
		}
		wit := examples.CloneWitness(ex.Wit)
		proof, err := Prove(pk, wit, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := Verify(vk, ex.Wit.Instance, proof); err != nil {
			t.Fatalf("%s: honest proof rejected: %v", ex.Name, err)
		}
		bad := examples.CloneWitness(ex.Wit).Instance
		one := bad[0][0]
		one.SetUint64(1)
		bad[0][0].Add(&bad[0][0], &one)
		if err := Verify(vk, bad, proof); err == nil {
			t.Fatalf("%s: proof accepted with a changed public value", ex.Name)
		}
		// an extra trailing zero changes the statement too
		bad = examples.CloneWitness(ex.Wit).Instance
		bad[0] = append(bad[0], one)
		bad[0][len(bad[0])-1].SetZero()
		if err := Verify(vk, bad, proof); err == nil {
			t.Fatalf("%s: proof accepted with an extra public value", ex.Name)
		}
		tried++
	}
	if tried == 0 {
		t.Fatal("no example has public values")
	}
}
