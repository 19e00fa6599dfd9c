package evmtest

import (
	"encoding/hex"
	"math/big"
	"path/filepath"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkwasm/zkwasm/internal/pipeline"
	"github.com/zkwasm/zkwasm/kzg"
	"github.com/zkwasm/zkwasm/plonkish/solidity"
)

// TestZkwasmSHA256InEVM proves sha256("abc") (private message) with the zkWasm circuit,
// generates its verifier as the CLI does (split into verifier + evaluator contracts when
// one contract would exceed EIP-170), and checks it on the EVM: the honest proof is
// accepted; a flipped proof byte and a wrong digest word are rejected. It logs the gas
// of verifyProof, the figure issue 5 asks for.
func TestZkwasmSHA256InEVM(t *testing.T) {
	if testing.Short() {
		t.Skip("proves a 2^17-row zkWasm run (about a minute)")
	}
	p, err := pipeline.Load(filepath.Join("..", "..", "..", "testdata", "guests", "sha256.c.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := p.Trace(pipeline.Options{Entry: "zkmain", Public: []uint64{3, 0}, Private: []uint64{0x636261}, StackSize: 1024})
	if err != nil {
		t.Fatal(err)
	}
	k, c, err := pipeline.MinK(r)
	if err != nil {
		t.Fatal(err)
	}
	srs, err := kzg.CachedTestSRS(pipeline.SRSPoints(k), []byte("zkwasm solidity evm test"))
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
	src, split, err := solidity.GenerateDeployable(pk.VK)
	if err != nil {
		t.Fatal(err)
	}
	compiled, err := Compile(map[string]string{"Verifier.sol": src})
	if err != nil {
		t.Fatal(err)
	}
	var call func(body []byte, inst []fr.Element) ([]byte, uint64, error)
	size := ""
	if split {
		sv := deploySplit(t, compiled, solidity.DefaultName)
		call = sv.call
		size = "verifier " + itoa(sv.verifierRT) + " + evaluator " + itoa(sv.evalRT) + " bytes"
	} else {
		ct := compiled[solidity.DefaultName]
		call = deployed(t, ct)
		size = itoa(len(ct.Runtime)) + " bytes"
		if len(ct.Runtime) > 24576 {
			t.Errorf("runtime code %d bytes exceeds EIP-170", len(ct.Runtime))
		}
	}
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
	if err != nil || !isTrue(out) {
		t.Fatalf("sha256 proof rejected by the EVM verifier (%x, %v)", out, err)
	}
	input := solidity.Calldata(body, inst)
	t.Logf("zkWasm sha256(\"abc\") k=%d, %d instructions: proof %d bytes, %d instances, contract %s (split %v): verifyProof gas %d (+ intrinsic %d = %d)",
		k, r.Instructions, len(body), len(inst), size, split, gas, IntrinsicGas(input), gas+IntrinsicGas(input))

	b := append([]byte(nil), body...)
	b[len(b)/2] ^= 1
	if out, _, err := call(b, inst); err == nil && !isFalse(out) {
		t.Errorf("flipped proof byte accepted (%x)", out)
	}
	wrong := append([]fr.Element(nil), inst...)
	var one fr.Element
	one.SetOne()
	wrong[len(wrong)-1].Add(&wrong[len(wrong)-1], &one)
	if out, _, err := call(body, wrong); err == nil && !isFalse(out) {
		t.Errorf("wrong digest word accepted (%x)", out)
	}
}

func itoa(n int) string { return big.NewInt(int64(n)).String() }
