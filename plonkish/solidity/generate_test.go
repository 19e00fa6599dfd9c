package solidity

import (
	"fmt"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

func sampleSpec(t *testing.T) *Spec {
	t.Helper()
	_, _, g1, g2 := bn254.Generators()
	omega, err := fr.Generator(16)
	if err != nil {
		t.Fatal(err)
	}
	var d fr.Element
	d.SetUint64(77)
	return &Spec{
		Name: "V", VKDigest: d, G1: g1, G2: [2]bn254.G2Affine{g2, g2}, Omega: omega,
		InstanceColumns: 2, InstanceSplit: []int{3}, MaxInstances: 10,
		Rounds:       []Round{{Points: 2, Challenges: []string{"theta"}}},
		NumEvals:     4,
		Fixed:        []bn254.G1Affine{g1},
		Memory:       []string{"lhs"},
		ScratchWords: 3,
		Queries: []Query{
			{Commitment: Commitment{Index: 0}, Rotations: []int{0, 1}, Evals: []int{0, 1}},
			{Commitment: Commitment{Index: 1}, Rotations: []int{-1}, Evals: []int{2}},
			{Commitment: Commitment{Fixed: true, Index: 0}, Rotations: []int{0}, Evals: []int{3}},
		},
	}
}

func TestGenerate(t *testing.T) {
	s := sampleSpec(t)
	src, err := Generate(s)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Generate(s)
	if src != again {
		t.Fatal("generation is not deterministic")
	}
	for _, want := range []string{
		"contract V {",
		"function verifyProof(bytes calldata proof, uint256[] calldata instances) external view returns (bool)",
		"uint256 internal constant PROOF_LEN = 384;", // 2·64 + 4·32 + 128
		"mstore(CH_theta, trChallenge())",
		"VK_DIGEST = 0x000000000000000000000000000000000000000000000000000000000000004d",
		"staticcall(gas(), 0x08, 0x00, 0x180, 0x00, 0x20)",
		"// point set 0: rotations [0 1]",
		"LAM_0_1",
		"uint256 internal constant M_lhs = ",
		"uint256 internal constant SCRATCH = ",
		"if lt(rest, 3) { leave }",
		"if gt(rest, 10) { leave }",
	} {
		if !strings.Contains(src, want) {
			t.Errorf("generated source lacks %q", want)
		}
	}
	if strings.Contains(src, "<no value>") {
		t.Error("template hole left unfilled")
	}
	h, err := TranscriptHarness()
	if err != nil || !strings.Contains(h, "function trChallenge() -> c") {
		t.Fatalf("harness: %v", err)
	}
}

func TestValidateRejects(t *testing.T) {
	cases := map[string]func(s *Spec){
		"bad name":             func(s *Spec) { s.Name = "1V" },
		"no queries":           func(s *Spec) { s.Queries = nil },
		"unopened eval":        func(s *Spec) { s.NumEvals = 5 },
		"eval out of range":    func(s *Spec) { s.Queries[1].Evals[0] = 9 },
		"repeated rotation":    func(s *Spec) { s.Queries[0].Rotations = []int{1, 1} },
		"rotations vs evals":   func(s *Spec) { s.Queries[0].Evals = []int{0} },
		"proof point missing":  func(s *Spec) { s.Queries[1].Commitment.Index = 2 },
		"fixed missing":        func(s *Spec) { s.Queries[2].Commitment.Index = 1 },
		"challenge name X":     func(s *Spec) { s.Rounds[0].Challenges = []string{"X"} },
		"fixed off curve":      func(s *Spec) { s.Fixed[0].Y.SetUint64(5) },
		"memory name repeated": func(s *Spec) { s.Memory = []string{"a", "a"} },
		"split count":          func(s *Spec) { s.InstanceSplit = nil },
		"split too long":       func(s *Spec) { s.InstanceSplit[0] = 11 },
	}
	for name, mut := range cases {
		s := sampleSpec(t)
		mut(s)
		if _, err := Generate(s); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	s := sampleSpec(t)
	s.Queries[0].Rotations = []int{0, 16} // ω^16 = 1: same point
	if _, err := Generate(s); err == nil {
		t.Error("rotations opening at the same point accepted")
	}
}

func TestGenerateLoopsOverRuns(t *testing.T) {
	s := sampleSpec(t)
	s.Rounds = []Round{{Points: 6}}
	s.NumEvals = 6
	s.Fixed = nil
	s.Queries = nil
	for i := 0; i < 6; i++ {
		s.Queries = append(s.Queries, Query{Commitment: Commitment{Index: i}, Rotations: []int{0}, Evals: []int{i}})
	}
	src, err := Generate(s)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(src, "// queries 1..5: rotation 0, proof points 1.., evaluations 1..") {
		t.Fatal("no loop for a run of 5 single-point queries")
	}
	s.Queries[3].Evals[0], s.Queries[4].Evals[0] = 4, 3 // breaks the run
	src, err = Generate(s)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(src, "// queries 1..5") {
		t.Fatal("loop emitted for non-consecutive evaluations")
	}
}

// TestScratchLayout checks that the scratch region ends where the
// transcript state begins (nothing else overlaps it).
func TestScratchLayout(t *testing.T) {
	s := sampleSpec(t)
	src, err := Generate(s)
	if err != nil {
		t.Fatal(err)
	}
	var scratch, state int
	for _, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if _, err := fmt.Sscanf(line, "uint256 internal constant SCRATCH = 0x%x;", &scratch); err == nil {
			continue
		}
		fmt.Sscanf(line, "uint256 internal constant TR_STATE = 0x%x;", &state)
	}
	if scratch == 0 || state != scratch+32*s.ScratchWords {
		t.Fatalf("SCRATCH 0x%x, TR_STATE 0x%x, want TR_STATE = SCRATCH + %d", scratch, state, 32*s.ScratchWords)
	}
}
