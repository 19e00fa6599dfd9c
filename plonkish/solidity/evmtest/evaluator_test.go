package evmtest

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkwasm/zkwasm/plonkish/backend"
	"github.com/zkwasm/zkwasm/plonkish/examples"
	"github.com/zkwasm/zkwasm/plonkish/solidity"
)

// splitVerifier is a verifier generated WithEvaluatorContract, deployed
// (its constructor deploys the evaluator).
type splitVerifier struct {
	verifierRT, evalRT int // runtime code sizes
	initSize           int // the verifier's init code (carries the evaluator's)
	call               func(body []byte, inst []fr.Element) ([]byte, uint64, error)
}

func deploySplit(t testing.TB, compiled map[string]Contract, name string) *splitVerifier {
	t.Helper()
	evm, err := NewEVM()
	if err != nil {
		t.Fatal(err)
	}
	ev, ok := compiled[name+"Evaluator"]
	if !ok {
		t.Fatalf("no contract %sEvaluator", name)
	}
	v := compiled[name]
	addr, _, err := evm.Deploy(v.Creation)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Creation) > 49152 {
		t.Errorf("%s: init code %d bytes exceeds EIP-3860", name, len(v.Creation))
	}
	return &splitVerifier{verifierRT: len(v.Runtime), evalRT: len(ev.Runtime), initSize: len(v.Creation),
		call: func(body []byte, inst []fr.Element) ([]byte, uint64, error) {
			return evm.Call(addr, solidity.Calldata(body, inst))
		}}
}

// TestEvaluatorContractEVM: every example's verifier generated with
// WithEvaluatorContract accepts the honest proof and rejects a tampered
// witness (so the evaluator's combination is what is checked), an
// evaluation flipped and a wrong public value.
func TestEvaluatorContractEVM(t *testing.T) {
	fx := examplesCompiled(t)
	srs := exampleSRS(t)
	srcs := map[string]string{}
	for _, p := range fx.proofs {
		src, err := solidity.GenerateVerifier(p.vk, solidity.WithName(p.contract+"Split"), solidity.WithEvaluatorContract())
		if err != nil {
			t.Fatal(err)
		}
		srcs[p.contract+"Split.sol"] = src
	}
	compiled, err := Compile(srcs)
	if err != nil {
		t.Fatal(err)
	}
	exs, err := examples.All(exampleK)
	if err != nil {
		t.Fatal(err)
	}
	bus, err := examples.BusExample(exampleK, 12, 16)
	if err != nil {
		t.Fatal(err)
	}
	exs = append(exs, bus)
	for i, p := range fx.proofs {
		sv := deploySplit(t, compiled, p.contract+"Split")
		flat := solidity.FlattenInstances(p.instances)
		out, gas, err := sv.call(p.proof.Body(), flat)
		if err != nil || !isTrue(out) {
			t.Fatalf("%s: honest proof rejected (%x, %v)", p.name, out, err)
		}
		t.Logf("%s: verifier %d + evaluator %d bytes, gas %d (single contract: %d bytes)", p.name, sv.verifierRT, sv.evalRT, gas, len(fx.compiled[p.contract].Runtime))
		reject := func(what string, call func([]byte, []fr.Element) ([]byte, uint64, error), body []byte, inst []fr.Element) {
			t.Helper()
			out, _, err := call(body, inst)
			if err == nil && !isFalse(out) {
				t.Errorf("%s: %s accepted (%x)", p.name, what, out)
			}
		}
		b := p.proof.Body()
		bad := append([]byte(nil), b...)
		bad[64*p.spec.NumProofPoints()+31] ^= 1
		reject("flipped evaluation", sv.call, bad, flat)
		if len(flat) > 0 {
			w := append([]fr.Element(nil), flat...)
			var one fr.Element
			one.SetOne()
			w[0].Add(&w[0], &one)
			reject("changed public value", sv.call, b, w)
		}
		// a tampered witness: honest openings, only the combination fails
		ex := exs[i]
		pk, vk, err := backend.Setup(ex.CS, ex.Pre, srs)
		if err != nil {
			t.Fatal(err)
		}
		tam := ex.Tampers[0]
		wit := tam.Apply(ex.Wit)
		proof, err := backend.Prove(pk, wit, nil, backend.WithoutChecks())
		if err != nil {
			t.Fatal(err)
		}
		if vk.Digest() != p.vk.Digest() {
			t.Fatal("setup not deterministic")
		}
		reject("tampered witness "+tam.Name, sv.call, proof.Body(), solidity.FlattenInstances(wit.Instance))
	}
}
