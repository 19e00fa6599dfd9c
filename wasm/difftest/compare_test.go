package difftest

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/zkwasm/zkwasm/wasm"
)

// TestCompare: Compare must report every kind of disagreement and tolerate only the
// documented ones.
func TestCompare(t *testing.T) {
	unsupported := &wasm.Error{Kind: wasm.ErrUnsupported, Offset: 9, Func: wasm.NoFunc, Msg: "unsupported opcode f64.add (floats)"}
	malformed := &wasm.Error{Kind: wasm.ErrMalformed, Offset: 9, Func: wasm.NoFunc, Msg: "malformed value type 0x55"}
	exnref := &wasm.Error{Kind: wasm.ErrMalformed, Offset: 9, Func: wasm.NoFunc, Msg: "malformed value type 0x69"}
	ok := Outcome{Outputs: []uint64{1, 2}, Results: []uint64{3}}
	tests := []struct {
		name      string
		ours, ref Outcome
		want      string // substring of the difference, "" for agreement
	}{
		{"same", ok, ok, ""},
		{"nil vs empty outputs", Outcome{}, Outcome{Outputs: []uint64{}}, ""},
		{"outputs", ok, Outcome{Outputs: []uint64{1, 3}, Results: []uint64{3}}, "outputs"},
		{"missing output", ok, Outcome{Outputs: []uint64{1}, Results: []uint64{3}}, "outputs"},
		{"results", ok, Outcome{Outputs: []uint64{1, 2}, Results: []uint64{4}}, "results"},
		{"trap vs none", Outcome{Outputs: []uint64{1, 2}, Trap: "unreachable", Err: errors.New("x")}, ok, "trap"},
		{"trap kinds", Outcome{Trap: "unreachable"}, Outcome{Trap: "integer overflow"}, "trap"},
		{"both refuse", Outcome{Refused: malformed}, Outcome{Refused: errors.New("bad")}, ""},
		{"unsupported subset", Outcome{Refused: unsupported}, ok, ""},
		{"we refuse valid", Outcome{Refused: malformed}, ok, "zkwasm refused"},
		{"wazero exnref leniency", Outcome{Refused: exnref}, ok, ""},
		{"we accept invalid", ok, Outcome{Refused: errors.New("wazero: compile: bad")}, "zkwasm accepted"},
		{"elem segment", Outcome{InitTrap: true, Trap: "invalid table access"}, Outcome{Refused: errors.New("element[0].init exceeds min table size")}, ""},
		{"elem segment but ran", ok, Outcome{Refused: errors.New("element[0].init exceeds min table size")}, "zkwasm accepted"},
	}
	for _, tt := range tests {
		got := Compare(tt.ours, tt.ref)
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("%s: Compare = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestGenerateDeterministicAndMutate(t *testing.T) {
	in := []byte("some fuzzer input that drives the generator's choices")
	a, b := Generate(in), Generate(append([]byte(nil), in...))
	if !bytes.Equal(a, b) {
		t.Fatal("Generate is not deterministic")
	}
	if bytes.Equal(a, Generate(append(in, 1, 2, 3))) && bytes.Equal(a, Generate(in[1:])) {
		t.Fatal("Generate ignores its input")
	}
	seen := map[string]bool{}
	for i := 0; i < 20; i++ {
		m := Mutate(a, []byte{byte(i), byte(i * 7), byte(i * 13)})
		if bytes.Equal(m, a) {
			continue // an overwrite with the same byte
		}
		if !bytes.Equal(m[:8], a[:8]) {
			t.Fatal("Mutate changed the header")
		}
		seen[fmt.Sprintf("%x", m)] = true
	}
	if len(seen) < 10 {
		t.Fatalf("only %d distinct mutants", len(seen))
	}
	if !bytes.Equal(Mutate(a, nil), a) {
		t.Fatal("Mutate without ops changed the module")
	}
}
