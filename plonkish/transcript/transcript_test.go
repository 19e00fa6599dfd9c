package transcript

import (
	"bytes"
	"encoding/json"
	"flag"
	"math/big"
	"os"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"golang.org/x/crypto/sha3"
)

var update = flag.Bool("update", false, "rewrite testdata/vectors.json")

const vectorsFile = "testdata/vectors.json"

func TestGoldenVectors(t *testing.T) {
	got, err := json.MarshalIndent(GenerateVectors(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		if err := os.WriteFile(vectorsFile, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(vectorsFile)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("transcript output differs from %s: the transcript specification changed (rerun with -update only if that is intended, and update the Solidity library)", vectorsFile)
	}
	var vs []Vector
	if err := json.Unmarshal(want, &vs); err != nil {
		t.Fatal(err)
	}
	if len(vs) < 4 {
		t.Fatalf("only %d vectors", len(vs))
	}
	for i := range vs {
		if err := vs[i].Run(); err != nil {
			t.Error(err)
		}
	}
}

// TestVectorRunDetectsMismatch checks that Run can fail.
func TestVectorRunDetectsMismatch(t *testing.T) {
	vs := GenerateVectors()
	v := vs[1]
	for i, op := range v.Ops {
		if op.Op == "scalar" {
			v.Ops = append([]Op(nil), v.Ops...)
			v.Ops[i].A = "0x0000000000000000000000000000000000000000000000000000000000000007"
			break
		}
	}
	if err := v.Run(); err == nil {
		t.Fatal("a vector with a changed absorbed scalar still matched")
	}
	bad := Vector{Name: "bad", Digest: "0x01", Ops: nil}
	if err := bad.Run(); err == nil {
		t.Fatal("malformed digest accepted")
	}
}

func keccak(parts ...[]byte) []byte {
	h := sha3.NewLegacyKeccak256()
	for _, p := range parts {
		h.Write(p)
	}
	return h.Sum(nil)
}

func word(v *big.Int) []byte {
	b := make([]byte, 32)
	return v.FillBytes(b)
}

// TestSpecByHand recomputes a transcript from the byte-level specification
// with math/big and Keccak directly, independently of the implementation.
func TestSpecByHand(t *testing.T) {
	r := fr.Modulus()
	digest := big.NewInt(0xabcdef)
	s1 := new(big.Int).Sub(r, big.NewInt(5))
	var g bn254.G1Affine
	_, _, g, _ = bn254.Generators()
	var p bn254.G1Affine
	p.ScalarMultiplication(&g, big.NewInt(1234567))
	px, py := p.X.BigInt(new(big.Int)), p.Y.BigInt(new(big.Int))

	// Expected, by the spec.
	st := keccak(word(digest), word(s1), word(px), word(py), word(big.NewInt(0)), word(big.NewInt(0)))
	c1 := new(big.Int).Mod(new(big.Int).SetBytes(st), r)
	st2 := keccak(st)
	c2 := new(big.Int).Mod(new(big.Int).SetBytes(st2), r)
	st3 := keccak(st2, word(big.NewInt(1)))
	c3 := new(big.Int).Mod(new(big.Int).SetBytes(st3), r)

	var d, e, one fr.Element
	d.SetBigInt(digest)
	e.SetBigInt(s1)
	one.SetOne()
	tr := New(d)
	tr.AbsorbScalar(&e)
	tr.AbsorbG1(&p)
	tr.AbsorbG1(&bn254.G1Affine{})
	if tr.Pending() != 5*32 {
		t.Fatalf("pending %d bytes, want 160", tr.Pending())
	}
	got1 := tr.Challenge()
	got2 := tr.Challenge()
	tr.AbsorbScalar(&one)
	got3 := tr.Challenge()
	for i, pair := range []struct {
		got  fr.Element
		want *big.Int
	}{{got1, c1}, {got2, c2}, {got3, c3}} {
		if pair.got.BigInt(new(big.Int)).Cmp(pair.want) != 0 {
			t.Errorf("challenge %d: got %s, want %s", i+1, pair.got.String(), pair.want.String())
		}
	}
	if s := tr.State(); !bytes.Equal(s[:], st3) {
		t.Errorf("state %x, want %x", s, st3)
	}
	if got1.Equal(&got2) {
		t.Error("consecutive challenges are equal")
	}
}

// TestSensitivity checks that every absorbed bit and the order matter.
func TestSensitivity(t *testing.T) {
	var a, b fr.Element
	a.SetUint64(1)
	b.SetUint64(2)
	run := func(d uint64, xs ...fr.Element) fr.Element {
		var de fr.Element
		de.SetUint64(d)
		tr := New(de)
		for i := range xs {
			tr.AbsorbScalar(&xs[i])
		}
		return tr.Challenge()
	}
	base := run(0, a, b)
	for name, other := range map[string]fr.Element{
		"swapped": run(0, b, a),
		"digest":  run(1, a, b),
		"missing": run(0, a),
		"extra":   run(0, a, b, a),
	} {
		if other.Equal(&base) {
			t.Errorf("%s: same challenge", name)
		}
	}
	if run(0, a, b) != base {
		t.Error("not deterministic")
	}
}

func BenchmarkChallenge(b *testing.B) {
	var d fr.Element
	var g bn254.G1Affine
	_, _, g, _ = bn254.Generators()
	tr := New(d)
	for i := 0; i < b.N; i++ {
		tr.AbsorbG1(&g)
		tr.AbsorbScalar(&d)
		_ = tr.Challenge()
	}
}
