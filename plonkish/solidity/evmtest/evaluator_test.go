package evmtest

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/ethereum/go-ethereum/common"

	"github.com/zkwasm/zkwasm/plonkish/backend"
	"github.com/zkwasm/zkwasm/plonkish/examples"
	"github.com/zkwasm/zkwasm/plonkish/solidity"
)

// splitVerifier is a verifier generated WithEvaluatorContract, deployed
// with its evaluator in one EVM.
type splitVerifier struct {
	evm                 *EVM
	verifier, evaluator common.Address
	verifierRT, evalRT  int // runtime code sizes
	call                func(body []byte, inst []fr.Element) ([]byte, uint64, error)
	deployWith          func(evaluator common.Address) func(body []byte, inst []fr.Element) ([]byte, uint64, error)
}

// deploySplit deploys name's evaluator, then the verifier with the
// evaluator's address as constructor argument.
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
	evAddr, _, err := evm.Deploy(ev.Creation)
	if err != nil {
		t.Fatal(err)
	}
	v := compiled[name]
	sv := &splitVerifier{evm: evm, evaluator: evAddr, verifierRT: len(v.Runtime), evalRT: len(ev.Runtime)}
	sv.deployWith = func(a common.Address) func([]byte, []fr.Element) ([]byte, uint64, error) {
		addr, _, err := evm.Deploy(append(append([]byte(nil), v.Creation...), common.LeftPadBytes(a.Bytes(), 32)...))
		if err != nil {
			t.Fatal(err)
		}
		return func(body []byte, inst []fr.Element) ([]byte, uint64, error) {
			return evm.Call(addr, solidity.Calldata(body, inst))
		}
	}
	sv.call = sv.deployWith(evAddr)
	return sv
}

// TestEvaluatorContractEVM: every example's verifier generated with
// WithEvaluatorContract accepts the honest proof, rejects a tampered
// witness (the evaluator's combination must be used), an evaluation
// flipped and a wrong public value, and fails closed with another
// example's evaluator or an address without code.
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
		otherAddr, _, err := sv.evm.Deploy(compiled[fx.proofs[(i+1)%len(fx.proofs)].contract+"SplitEvaluator"].Creation)
		if err != nil || otherAddr == sv.evaluator {
			t.Fatalf("deploy another evaluator: %v", err)
		}
		reject("another circuit's evaluator", sv.deployWith(otherAddr), b, flat)
		reject("evaluator without code", sv.deployWith(common.HexToAddress("0x1234")), b, flat)
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
