package evmtest

import (
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"testing"

	"github.com/zkwasm/zkwasm/plonkish/solidity"
	"github.com/zkwasm/zkwasm/plonkish/transcript"
)

func deploy(t *testing.T, src map[string]string, name string) (*EVM, Contract, func(input []byte) ([]byte, uint64, error)) {
	t.Helper()
	cs, err := Compile(src)
	if err != nil {
		t.Fatal(err)
	}
	c, ok := cs[name]
	if !ok {
		t.Fatalf("no contract %s in solc output", name)
	}
	evm, err := NewEVM()
	if err != nil {
		t.Fatal(err)
	}
	addr, _, err := evm.Deploy(c.Creation)
	if err != nil {
		t.Fatal(err)
	}
	return evm, c, func(input []byte) ([]byte, uint64, error) { return evm.Call(addr, input) }
}

func wordOf(t *testing.T, s string) []byte {
	t.Helper()
	w, err := transcript.ParseWord(s)
	if err != nil {
		t.Fatal(err)
	}
	return w[:]
}

func tag(n int64) []byte { return new(big.Int).SetInt64(n).FillBytes(make([]byte, 32)) }

// TestTranscriptGoldenVectors runs the Solidity transcript (the Yul
// functions every generated verifier embeds) on the Go golden vectors.
func TestTranscriptGoldenVectors(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(SolidityDir(), "..", "transcript", "testdata", "vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var vs []transcript.Vector
	if err := json.Unmarshal(data, &vs); err != nil {
		t.Fatal(err)
	}
	src, err := solidity.TranscriptHarness()
	if err != nil {
		t.Fatal(err)
	}
	_, _, call := deploy(t, map[string]string{"TranscriptHarness.sol": src}, "TranscriptHarness")
	for _, v := range vs {
		input := wordOf(t, v.Digest)
		var want [][]byte
		for _, op := range v.Ops {
			switch op.Op {
			case "scalar":
				input = append(append(input, tag(1)...), wordOf(t, op.A)...)
			case "g1":
				input = append(append(append(input, tag(2)...), wordOf(t, op.A)...), wordOf(t, op.B)...)
			case "challenge":
				input = append(input, tag(3)...)
				want = append(want, wordOf(t, op.A), wordOf(t, op.B))
			}
		}
		out, gas, err := call(input)
		if err != nil {
			t.Fatalf("%s: %v", v.Name, err)
		}
		if len(out) != 32*len(want) {
			t.Fatalf("%s: %d output bytes, want %d", v.Name, len(out), 32*len(want))
		}
		for i, w := range want {
			if got := out[32*i : 32*i+32]; string(got) != string(w) {
				what := "challenge"
				if i%2 == 1 {
					what = "state"
				}
				t.Errorf("%s: %s %d: EVM %x, Go %x", v.Name, what, i/2, got, w)
			}
		}
		t.Logf("%s: %d challenges, %d gas", v.Name, len(want)/2, gas)
	}
}
