package evmtest

import (
	"encoding/hex"
	"math/big"
	"path/filepath"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkwasm/zkwasm/circuit"
	"github.com/zkwasm/zkwasm/internal/pipeline"
	"github.com/zkwasm/zkwasm/kzg"
	"github.com/zkwasm/zkwasm/plonkish/solidity"
)

// TestZkwasmFibInEVM proves fib(10) of testdata/guests/fib.wat.wasm with
// the zkwasm pipeline at its smallest k and verifies proof.json's
// `proof` and `instances` with the generated verifier.
func TestZkwasmFibInEVM(t *testing.T) {
	if testing.Short() {
		t.Skip("proves a zkWasm run (a few seconds)")
	}
	p, err := pipeline.Load(filepath.Join("..", "..", "..", "testdata", "guests", "fib.wat.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := p.Trace(pipeline.Options{Entry: "zkmain", Public: []uint64{10}, StackSize: 64})
	if err != nil {
		t.Fatal(err)
	}
	k, c, err := pipeline.MinK(r)
	if err != nil {
		t.Fatal(err)
	}
	srs, err := kzg.NewTestSRS(pipeline.SRSPoints(k), []byte("zkwasm solidity evm test"))
	if err != nil {
		t.Fatal(err)
	}
	pk, err := pipeline.Setup(c, srs, pipeline.NoProgress)
	if err != nil {
		t.Fatal(err)
	}
	pr, err := pipeline.Prove(pk, c, r, pipeline.NoProgress)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pipeline.Verify(pk.VK, &pr.JSON); err != nil {
		t.Fatal(err)
	}
	src, err := solidity.GenerateVerifier(pk.VK)
	if err != nil {
		t.Fatal(err)
	}
	spec, err := solidity.FromVerifyingKey(pk.VK)
	if err != nil {
		t.Fatal(err)
	}
	probe := probeSpec(t, spec)
	probeSrc, err := solidity.Generate(probe)
	if err != nil {
		t.Fatal(err)
	}
	openOnly := *spec
	openOnly.Name, openOnly.QuotientCheck = "OpeningOnly", ""
	openSrc, err := solidity.Generate(&openOnly)
	if err != nil {
		t.Fatal(err)
	}
	splitSrc, err := solidity.GenerateVerifier(pk.VK, solidity.WithName("Split"), solidity.WithEvaluatorContract())
	if err != nil {
		t.Fatal(err)
	}
	compiled, err := Compile(map[string]string{"Verifier.sol": src, "Probe.sol": probeSrc, "Open.sol": openSrc, "Split.sol": splitSrc})
	if err != nil {
		t.Fatal(err)
	}
	// the generated quotient evaluation agrees with Go's on this large circuit
	compareWithGo(t, pk.VK, spec, deployed(t, compiled[probe.Name]), pr.Proof.Body(), circuit.PublicInstance(r.PublicIn, r.Outputs))
	ct := compiled[solidity.DefaultName]
	call := deployed(t, ct)

	// the verifier's arguments, exactly as proof.json carries them
	body, err := hex.DecodeString(strings.TrimPrefix(pr.JSON.Proof, "0x"))
	if err != nil {
		t.Fatal(err)
	}
	inst := make([]fr.Element, len(pr.JSON.Instances))
	for i, s := range pr.JSON.Instances {
		v, ok := new(big.Int).SetString(s, 10)
		if !ok {
			t.Fatalf("instance %q", s)
		}
		inst[i].SetBigInt(v)
	}
	out, gas, err := call(body, inst)
	if err != nil {
		t.Fatal(err)
	}
	if !isTrue(out) {
		t.Fatalf("zkWasm proof rejected (output %x)", out)
	}
	_, openGas, err := deployed(t, compiled["OpeningOnly"])(body, inst)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("of which the quotient check %d gas (the rest: transcript, instances, SHPLONK opening %d gas; opening-only runtime %d bytes)", gas-openGas, openGas, len(compiled["OpeningOnly"].Runtime))
	input := solidity.Calldata(body, inst)
	t.Logf("zkWasm fib(10) k=%d: %d constraints, proof %d bytes, %d instances, source %d bytes, runtime code %d bytes (EIP-170 limit 24576), init code %d bytes: verifyProof gas %d (+ intrinsic %d = %d)",
		k, len(pk.VK.Constraints(fr.Element{}, fr.Element{}, fr.Element{})), len(body), len(inst), len(src), len(ct.Runtime), len(ct.Creation), gas, IntrinsicGas(input), gas+IntrinsicGas(input))
	if est := solidity.EstimateRuntimeSize(src); est < len(ct.Runtime)*95/100 || est > len(ct.Runtime)*105/100 {
		t.Errorf("EstimateRuntimeSize %d, compiled %d bytes: off by more than 5 %%", est, len(ct.Runtime))
	}
	if len(ct.Runtime) > 24576 {
		t.Errorf("runtime code %d bytes exceeds the EIP-170 limit of 24576", len(ct.Runtime))
	}
	// the same check split over two contracts (for circuits whose verifier
	// outgrows EIP-170)
	sv := deploySplit(t, compiled, "Split")
	if out, splitGas, err := sv.call(body, inst); err != nil || !isTrue(out) {
		t.Errorf("split verifier rejects the zkWasm proof (%x, %v)", out, err)
	} else {
		t.Logf("WithEvaluatorContract: verifier %d + evaluator %d bytes runtime (verifier init code %d bytes), verifyProof gas %d", sv.verifierRT, sv.evalRT, sv.initSize, splitGas)
	}
	reject := func(what string, b []byte, in []fr.Element) {
		t.Helper()
		out, _, err := call(b, in)
		if err == nil && !isFalse(out) {
			t.Errorf("%s: accepted (output %x)", what, out)
		}
	}
	for _, off := range []int{63, 64 * 10, len(body) / 2, len(body) - 200, len(body) - 129, len(body) - 1} {
		b := append([]byte(nil), body...)
		b[off] ^= 1
		reject("byte flipped", b, inst)
	}
	wrong := append([]fr.Element(nil), inst...)
	wrong[len(wrong)-1].SetUint64(56) // fib(10) = 55
	reject("wrong output", body, wrong)
	// The zkWasm circuit changes with the VM (so no golden figure here, see
	// BenchmarkVerifierGas); a bound catches a gross regression: 931k at 324
	// constraints when written.
	if gas > 2_000_000 {
		t.Errorf("verifyProof takes %d gas", gas)
	}
}
