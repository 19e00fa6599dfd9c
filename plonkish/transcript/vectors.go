package transcript

import (
	"encoding/hex"
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// Vector is one transcript test vector: a digest and a sequence of
// operations, each challenge with its expected value. The JSON form
// (testdata/vectors.json) is what the Solidity transcript is checked
// against; all numbers are 0x-prefixed 32-byte big-endian hex words.
type Vector struct {
	Name   string `json:"name"`
	Digest string `json:"digest"`
	Ops    []Op   `json:"ops"`
}

// Op is one transcript operation of a Vector.
//
//	{"op":"scalar","a":s}                     AbsorbScalar(s)
//	{"op":"g1","a":x,"b":y}                   AbsorbG1((x, y)); (0,0) is infinity
//	{"op":"challenge","a":c,"b":state}        Challenge() == c, State() == state
type Op struct {
	Op string `json:"op"`
	A  string `json:"a"`
	B  string `json:"b,omitempty"`
}

// Word formats a 32-byte word as 0x-prefixed hex.
func Word(b [WordSize]byte) string { return "0x" + hex.EncodeToString(b[:]) }

// ParseWord parses a 0x-prefixed 32-byte hex word.
func ParseWord(s string) ([WordSize]byte, error) {
	var w [WordSize]byte
	if len(s) != 2+2*WordSize || s[:2] != "0x" {
		return w, fmt.Errorf("transcript: word %q: want 0x and 64 hex digits", s)
	}
	if _, err := hex.Decode(w[:], []byte(s[2:])); err != nil {
		return w, fmt.Errorf("transcript: word %q: %w", s, err)
	}
	return w, nil
}

// parseScalar parses a canonical scalar word.
func parseScalar(s string) (fr.Element, error) {
	w, err := ParseWord(s)
	if err != nil {
		return fr.Element{}, err
	}
	var e fr.Element
	if err := e.SetBytesCanonical(w[:]); err != nil {
		return e, fmt.Errorf("transcript: scalar %s: %w", s, err)
	}
	return e, nil
}

func parseG1(x, y string) (bn254.G1Affine, error) {
	var p bn254.G1Affine
	wx, err := ParseWord(x)
	if err != nil {
		return p, err
	}
	wy, err := ParseWord(y)
	if err != nil {
		return p, err
	}
	if err := p.X.SetBytesCanonical(wx[:]); err != nil {
		return p, fmt.Errorf("transcript: point x %s: %w", x, err)
	}
	if err := p.Y.SetBytesCanonical(wy[:]); err != nil {
		return p, fmt.Errorf("transcript: point y %s: %w", y, err)
	}
	if !p.IsInfinity() && !p.IsOnCurve() {
		return p, fmt.Errorf("transcript: point (%s, %s) is not on BN254 G1", x, y)
	}
	return p, nil
}

// Run replays v on a fresh transcript and returns an error naming the first
// operation whose challenge or state differs from the vector.
func (v *Vector) Run() error {
	d, err := parseScalar(v.Digest)
	if err != nil {
		return fmt.Errorf("vector %q: digest: %w", v.Name, err)
	}
	t := New(d)
	for i, op := range v.Ops {
		switch op.Op {
		case "scalar":
			s, err := parseScalar(op.A)
			if err != nil {
				return fmt.Errorf("vector %q op %d: %w", v.Name, i, err)
			}
			t.AbsorbScalar(&s)
		case "g1":
			p, err := parseG1(op.A, op.B)
			if err != nil {
				return fmt.Errorf("vector %q op %d: %w", v.Name, i, err)
			}
			t.AbsorbG1(&p)
		case "challenge":
			c := t.Challenge()
			if got := Word(c.Bytes()); got != op.A {
				return fmt.Errorf("vector %q op %d: challenge %s, want %s", v.Name, i, got, op.A)
			}
			if got := Word(t.State()); got != op.B {
				return fmt.Errorf("vector %q op %d: state %s, want %s", v.Name, i, got, op.B)
			}
		default:
			return fmt.Errorf("vector %q op %d: unknown op %q", v.Name, i, op.Op)
		}
	}
	return nil
}

// GenerateVectors builds the deterministic test vectors stored in
// testdata/vectors.json: edge-case scalars (0, 1, r−1), the point at
// infinity, the generator and large multiples of it, runs of challenges with
// nothing absorbed, and a long buffer.
func GenerateVectors() []Vector {
	var g bn254.G1Affine
	_, _, g, _ = bn254.Generators()
	mul := func(k string) bn254.G1Affine {
		n, _ := new(big.Int).SetString(k, 0)
		var p bn254.G1Affine
		p.ScalarMultiplication(&g, n)
		return p
	}
	var rMinus1 fr.Element
	rMinus1.SetOne()
	rMinus1.Neg(&rMinus1)
	scalarOf := func(s string) fr.Element {
		var e fr.Element
		if _, err := e.SetString(s); err != nil {
			panic(err)
		}
		return e
	}

	type step struct {
		op string
		s  fr.Element
		p  bn254.G1Affine
	}
	sc := func(e fr.Element) step { return step{op: "scalar", s: e} }
	pt := func(p bn254.G1Affine) step { return step{op: "g1", p: p} }
	ch := step{op: "challenge"}

	cases := []struct {
		name   string
		digest fr.Element
		steps  []step
	}{
		{"empty-then-three-challenges", scalarOf("0"), []step{ch, ch, ch}},
		{"scalars-edge", scalarOf("1"), []step{sc(scalarOf("0")), sc(scalarOf("1")), sc(rMinus1), ch, sc(scalarOf("2")), ch}},
		{"points-edge", scalarOf("12345678901234567890"), []step{pt(bn254.G1Affine{}), pt(g), ch, pt(mul("0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000000")), ch, ch}},
		{"mixed-long", rMinus1, func() []step {
			var s []step
			for i := 1; i <= 20; i++ {
				s = append(s, pt(mul(fmt.Sprint(7919*i+3))), sc(scalarOf(fmt.Sprint(i*i*i*1000003))))
				if i%7 == 0 {
					s = append(s, ch)
				}
			}
			return append(s, ch)
		}()},
	}

	var out []Vector
	for _, c := range cases {
		v := Vector{Name: c.name, Digest: Word(c.digest.Bytes())}
		t := New(c.digest)
		for _, st := range c.steps {
			switch st.op {
			case "scalar":
				t.AbsorbScalar(&st.s)
				v.Ops = append(v.Ops, Op{Op: "scalar", A: Word(st.s.Bytes())})
			case "g1":
				t.AbsorbG1(&st.p)
				v.Ops = append(v.Ops, Op{Op: "g1", A: Word(st.p.X.Bytes()), B: Word(st.p.Y.Bytes())})
			case "challenge":
				c := t.Challenge()
				v.Ops = append(v.Ops, Op{Op: "challenge", A: Word(c.Bytes()), B: Word(t.State())})
			}
		}
		out = append(out, v)
	}
	return out
}
