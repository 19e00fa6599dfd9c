package solidity

import (
	"strconv"
	"strings"
	"testing"

	"github.com/zkwasm/zkwasm/kzg"
	"github.com/zkwasm/zkwasm/plonkish/backend"
	"github.com/zkwasm/zkwasm/plonkish/examples"
)

// TestFromVerifyingKey checks the Spec built from every example's key
// against the backend's own view: proof layout and length, rounds,
// openings, and that generation is deterministic. (The EVM tests in
// evmtest run the contracts on real proofs.)
func TestFromVerifyingKey(t *testing.T) {
	srs, err := kzg.NewTestSRS(1<<6+1, []byte("solidity unit tests"))
	if err != nil {
		t.Fatal(err)
	}
	exs, err := examples.All(5)
	if err != nil {
		t.Fatal(err)
	}
	bus, err := examples.BusExample(5, 12, 16)
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range append(exs, bus) {
		pk, vk, err := backend.Setup(ex.CS, ex.Pre, srs)
		if err != nil {
			t.Fatal(err)
		}
		proof, err := backend.Prove(pk, examples.CloneWitness(ex.Wit), nil)
		if err != nil {
			t.Fatal(err)
		}
		s, err := FromVerifyingKey(vk)
		if err != nil {
			t.Fatalf("%s: %v", ex.Name, err)
		}
		st := vk.Stats()
		p := vk.Protocol()
		switch {
		case s.ProofLen() != len(proof.Body()):
			t.Errorf("%s: spec proof length %d, body %d", ex.Name, s.ProofLen(), len(proof.Body()))
		case s.NumEvals != len(proof.Evals):
			t.Errorf("%s: %d evaluations, proof has %d", ex.Name, s.NumEvals, len(proof.Evals))
		case len(s.Rounds) != 4 || s.Rounds[0].Points != len(proof.Advice) || s.Rounds[1].Points != len(proof.Multiplicities) ||
			s.Rounds[2].Points != len(proof.Arguments) || s.Rounds[3].Points != len(proof.Quotient):
			t.Errorf("%s: rounds %+v", ex.Name, s.Rounds)
		case len(s.Queries) != len(p.Opened)+st.QuotientChunks:
			t.Errorf("%s: %d queries, want %d", ex.Name, len(s.Queries), len(p.Opened)+st.QuotientChunks)
		case s.VKDigest != vk.Digest() || s.MaxInstances != vk.UsableRows() || s.InstanceColumns != ex.CS.NumInstance():
			t.Errorf("%s: key data differs", ex.Name)
		case len(s.Fixed) != len(vk.Fixed)+len(vk.Sigma):
			t.Errorf("%s: %d fixed commitments", ex.Name, len(s.Fixed))
		}
		src, err := GenerateVerifier(vk)
		if err != nil {
			t.Fatal(err)
		}
		again, err := GenerateVerifier(vk)
		if err != nil || again != src {
			t.Fatalf("%s: generation is not deterministic", ex.Name)
		}
		n := len(vk.Constraints(s.VKDigest, s.VKDigest, s.VKDigest))
		for _, want := range []string{"contract " + DefaultName + " {", "// the quotient: (x^n − 1)", "combined as Σ_k y^k·c_k", "mload(CH_theta)"} {
			if want == "mload(CH_theta)" && len(p.Multiplicities) == 0 && len(ex.CS.Shuffles) == 0 {
				continue
			}
			if !strings.Contains(src, want) {
				t.Errorf("%s: source lacks %q", ex.Name, want)
			}
		}
		if !strings.Contains(src, "// the "+strconv.Itoa(n)+" constraints") {
			t.Errorf("%s: source does not announce its %d constraints", ex.Name, n)
		}
		dep, isSplit, err := GenerateDeployable(vk)
		if err != nil || isSplit || dep != src {
			t.Errorf("%s: GenerateDeployable split a small verifier (estimate %d bytes)", ex.Name, EstimateRuntimeSize(src))
		}
		split, err := GenerateVerifier(vk, WithEvaluatorContract())
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"contract " + DefaultName + "Evaluator {", "EVALUATOR = address(new " + DefaultName + "Evaluator())", "staticcall(gas(), evaluator, EVALUATOR_IN"} {
			if !strings.Contains(split, want) {
				t.Errorf("%s: split source lacks %q", ex.Name, want)
			}
		}
		if strings.Contains(src, "Evaluator") {
			t.Errorf("%s: single-contract source mentions an evaluator", ex.Name)
		}
		if _, err := FromVerifyingKey(vk, WithInstanceSplit(1)); err == nil {
			t.Errorf("%s: a split for a circuit with at most one instance column accepted", ex.Name)
		}
		bad := *vk
		bad.G2[1] = bad.G2[0]
		if _, err := FromVerifyingKey(&bad); err == nil {
			t.Errorf("%s: [τ]₂ = [1]₂ accepted", ex.Name)
		}
		bad = *vk
		bad.G1.Double(&bad.G1)
		if _, err := FromVerifyingKey(&bad); err == nil {
			t.Errorf("%s: [1]₁ not the generator accepted", ex.Name)
		}
		if _, err := FromVerifyingKey(vk, WithName("not an identifier")); err == nil {
			t.Errorf("%s: bad contract name accepted", ex.Name)
		}
	}
	if _, err := FromVerifyingKey(nil); err == nil {
		t.Error("nil key accepted")
	}
	if _, err := GenerateVerifier(&backend.VerifyingKey{}); err == nil {
		t.Error("empty key accepted")
	}
	if _, err := GenerateVerifier(&backend.VerifyingKey{CS: exs[0].CS, K: 5}); err == nil {
		t.Error("a key not made by Setup or read from a file accepted")
	}
}
