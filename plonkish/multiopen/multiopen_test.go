package multiopen

import (
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/kzg"

	"github.com/zkwasm/zkwasm/plonkish/transcript"
)

const srsSize = 64

func testSRS(t testing.TB) *kzg.SRS {
	t.Helper()
	srs, err := kzg.NewSRS(srsSize, big.NewInt(123456789))
	if err != nil {
		t.Fatal(err)
	}
	return srs
}

// rng is a tiny deterministic generator of field elements.
type rng struct{ state fr.Element }

func newRng(seed uint64) *rng {
	r := &rng{}
	r.state.SetUint64(seed)
	return r
}

func (r *rng) next() fr.Element {
	var k fr.Element
	k.SetUint64(0x9e3779b97f4a7c15)
	r.state.Mul(&r.state, &r.state).Add(&r.state, &k)
	return r.state
}

func (r *rng) poly(n int) []fr.Element {
	p := make([]fr.Element, n)
	for i := range p {
		p[i] = r.next()
	}
	return p
}

// shape describes a test case: for each query, its polynomial length and its
// rotations (points are x·ω^rot for a fixed x and ω of order 16).
type shape struct {
	name  string
	lens  []int
	rots  [][]int
	evals bool // give Evals to Open (else Open computes them)
}

var shapes = []shape{
	{"one-query-one-point", []int{16}, [][]int{{0}}, true},
	{"one-query-three-points", []int{16}, [][]int{{-1, 0, 1}}, false},
	{"same-set", []int{16, 16, 9}, [][]int{{0, 1}, {0, 1}, {0, 1}}, true},
	{"same-set-other-order", []int{16, 16}, [][]int{{0, 1}, {1, 0}}, true},
	{"halo2-like", []int{16, 16, 16, 16, 16, 64, 5}, [][]int{{0}, {0, 1}, {0}, {-1, 0, 1}, {0, 1}, {0}, {0, 3}}, false},
	{"disjoint", []int{20, 20}, [][]int{{2}, {5, 7}}, true},
	{"constant-and-zero", []int{1, 0, 16}, [][]int{{0}, {0, 1}, {1}}, true},
}

type instance struct {
	prover   []ProverQuery
	verifier []VerifierQuery
	digest   fr.Element
}

func build(t testing.TB, srs *kzg.SRS, s shape, seed uint64) instance {
	t.Helper()
	r := newRng(seed)
	x := r.next()
	omega, err := fr.Generator(16)
	if err != nil {
		t.Fatal(err)
	}
	inst := instance{digest: r.next()}
	for i, n := range s.lens {
		p := r.poly(n)
		var pts, evs []fr.Element
		for _, rot := range s.rots[i] {
			var w fr.Element
			w.Exp(omega, big.NewInt(int64(rot)))
			w.Mul(&w, &x)
			pts = append(pts, w)
			evs = append(evs, horner(p, &w))
		}
		var c bn254.G1Affine
		if n > 0 {
			d, err := kzg.Commit(p, srs.Pk)
			if err != nil {
				t.Fatal(err)
			}
			c = d
		}
		pq := ProverQuery{Poly: p, Points: pts}
		if s.evals {
			pq.Evals = evs
		}
		inst.prover = append(inst.prover, pq)
		inst.verifier = append(inst.verifier, VerifierQuery{Commitment: c, Points: pts, Evals: evs})
	}
	return inst
}

// transcriptFor starts a transcript and absorbs the statement the way the
// caller contract says: commitments, then evaluations.
func transcriptFor(digest fr.Element, qs []VerifierQuery) *transcript.Transcript {
	tr := transcript.New(digest)
	for i := range qs {
		tr.AbsorbG1(&qs[i].Commitment)
	}
	for i := range qs {
		for k := range qs[i].Evals {
			tr.AbsorbScalar(&qs[i].Evals[k])
		}
	}
	return tr
}

func prove(t testing.TB, srs *kzg.SRS, inst instance) *Proof {
	t.Helper()
	proof, err := Open(srs.Pk, inst.prover, transcriptFor(inst.digest, inst.verifier))
	if err != nil {
		t.Fatal(err)
	}
	return proof
}

func verify(srs *kzg.SRS, inst instance, qs []VerifierQuery, proof *Proof) error {
	return Verify(srs.Vk, qs, proof, transcriptFor(inst.digest, qs))
}

func TestHonestOpenings(t *testing.T) {
	srs := testSRS(t)
	for i, s := range shapes {
		t.Run(s.name, func(t *testing.T) {
			inst := build(t, srs, s, uint64(i+1))
			trP := transcriptFor(inst.digest, inst.verifier)
			proof, err := Open(srs.Pk, inst.prover, trP)
			if err != nil {
				t.Fatal(err)
			}
			trV := transcriptFor(inst.digest, inst.verifier)
			if err := Verify(srs.Vk, inst.verifier, proof, trV); err != nil {
				t.Fatal(err)
			}
			// Both transcripts end in the same state.
			if a, b := trP.Challenge(), trV.Challenge(); !a.Equal(&b) {
				t.Fatal("prover and verifier transcripts diverged")
			}
		})
	}
}

func cloneQueries(qs []VerifierQuery) []VerifierQuery {
	out := make([]VerifierQuery, len(qs))
	for i, q := range qs {
		out[i] = VerifierQuery{
			Commitment: q.Commitment,
			Points:     append([]fr.Element(nil), q.Points...),
			Evals:      append([]fr.Element(nil), q.Evals...),
		}
	}
	return out
}

func TestRejectsTampering(t *testing.T) {
	srs := testSRS(t)
	s := shapes[4] // halo2-like: several sets, overlaps
	inst := build(t, srs, s, 99)
	proof := prove(t, srs, inst)
	if err := verify(srs, inst, inst.verifier, proof); err != nil {
		t.Fatal(err)
	}
	var g bn254.G1Affine
	_, _, g, _ = bn254.Generators()
	var one fr.Element
	one.SetOne()

	cases := map[string]func(qs []VerifierQuery, p *Proof){
		"wrong evaluation": func(qs []VerifierQuery, p *Proof) { qs[3].Evals[1].Add(&qs[3].Evals[1], &one) },
		"wrong evaluation in singleton set": func(qs []VerifierQuery, p *Proof) {
			qs[0].Evals[0].Add(&qs[0].Evals[0], &one)
		},
		"wrong commitment": func(qs []VerifierQuery, p *Proof) { qs[1].Commitment.Add(&qs[1].Commitment, &g) },
		"swapped commitments": func(qs []VerifierQuery, p *Proof) {
			qs[0].Commitment, qs[2].Commitment = qs[2].Commitment, qs[0].Commitment
		},
		"swapped points": func(qs []VerifierQuery, p *Proof) {
			qs[3].Points[0], qs[3].Points[2] = qs[3].Points[2], qs[3].Points[0]
		},
		"point replaced":  func(qs []VerifierQuery, p *Proof) { qs[6].Points[1].Add(&qs[6].Points[1], &one) },
		"swapped queries": func(qs []VerifierQuery, p *Proof) { qs[1], qs[4] = qs[4], qs[1] },
		"tampered W":      func(qs []VerifierQuery, p *Proof) { p.W.Add(&p.W, &g) },
		"tampered W'":     func(qs []VerifierQuery, p *Proof) { p.WPrime.Add(&p.WPrime, &g) },
		"swapped W and W'": func(qs []VerifierQuery, p *Proof) {
			p.W, p.WPrime = p.WPrime, p.W
		},
		"W' at infinity": func(qs []VerifierQuery, p *Proof) { p.WPrime.SetInfinity() },
		"dropped query":  func(qs []VerifierQuery, p *Proof) {},
	}
	for name, tamper := range cases {
		t.Run(name, func(t *testing.T) {
			qs := cloneQueries(inst.verifier)
			p := *proof
			tamper(qs, &p)
			if name == "dropped query" {
				qs = qs[:len(qs)-1]
			}
			err := verify(srs, inst, qs, &p)
			if err == nil {
				t.Fatal("tampered opening accepted")
			}
			if !errors.Is(err, ErrInvalidProof) {
				t.Fatalf("error %v does not wrap ErrInvalidProof", err)
			}
		})
	}
	t.Run("other transcript", func(t *testing.T) {
		tr := transcriptFor(one, inst.verifier)
		if err := Verify(srs.Vk, inst.verifier, proof, tr); !errors.Is(err, ErrInvalidProof) {
			t.Fatalf("proof verified under another vk digest: %v", err)
		}
	})
}

func TestOpenRejectsWrongClaims(t *testing.T) {
	srs := testSRS(t)
	inst := build(t, srs, shapes[2], 5)
	inst.prover[1].Evals = append([]fr.Element(nil), inst.prover[1].Evals...)
	inst.prover[1].Evals[0].SetUint64(7)
	_, err := Open(srs.Pk, inst.prover, transcriptFor(inst.digest, inst.verifier))
	if err == nil || !strings.Contains(err.Error(), "claimed values") {
		t.Fatalf("wrong claim: got %v", err)
	}
}

func TestBadInput(t *testing.T) {
	srs := testSRS(t)
	var a, b fr.Element
	a.SetUint64(3)
	b.SetUint64(4)
	tr := func() *transcript.Transcript { return transcript.New(a) }
	for name, qs := range map[string][]ProverQuery{
		"no queries":     nil,
		"no points":      {{Poly: []fr.Element{a}}},
		"repeated point": {{Poly: []fr.Element{a}, Points: []fr.Element{a, b, a}}},
		"evals count":    {{Poly: []fr.Element{a}, Points: []fr.Element{a}, Evals: []fr.Element{a, b}}},
		"poly too long":  {{Poly: make([]fr.Element, srsSize+1), Points: []fr.Element{a}}},
	} {
		if _, err := Open(srs.Pk, qs, tr()); err == nil {
			t.Errorf("Open accepted %s", name)
		}
	}
	var g bn254.G1Affine
	_, _, g, _ = bn254.Generators()
	off := g
	off.Y.SetUint64(5) // not on the curve
	good := &Proof{W: g, WPrime: g}
	for name, c := range map[string]struct {
		qs []VerifierQuery
		p  *Proof
	}{
		"no queries":      {nil, good},
		"nil proof":       {[]VerifierQuery{{Commitment: g, Points: []fr.Element{a}, Evals: []fr.Element{b}}}, nil},
		"evals count":     {[]VerifierQuery{{Commitment: g, Points: []fr.Element{a}}}, good},
		"repeated point":  {[]VerifierQuery{{Commitment: g, Points: []fr.Element{a, a}, Evals: []fr.Element{b, b}}}, good},
		"commitment off":  {[]VerifierQuery{{Commitment: off, Points: []fr.Element{a}, Evals: []fr.Element{b}}}, good},
		"proof point off": {[]VerifierQuery{{Commitment: g, Points: []fr.Element{a}, Evals: []fr.Element{b}}}, &Proof{W: off, WPrime: g}},
	} {
		if err := Verify(srs.Vk, c.qs, c.p, tr()); err == nil {
			t.Errorf("Verify accepted %s", name)
		}
	}
}

func TestMarshal(t *testing.T) {
	srs := testSRS(t)
	inst := build(t, srs, shapes[1], 3)
	proof := prove(t, srs, inst)
	b, err := proof.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != ProofSize {
		t.Fatalf("%d bytes", len(b))
	}
	var back Proof
	if err := back.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if back != *proof {
		t.Fatal("round trip changed the proof")
	}
	inf := Proof{W: proof.W}
	b2, _ := inf.MarshalBinary()
	if err := back.UnmarshalBinary(b2); err != nil || !back.WPrime.IsInfinity() {
		t.Fatalf("infinity round trip: %v", err)
	}
	for name, mut := range map[string]func([]byte) []byte{
		"short":         func(b []byte) []byte { return b[:ProofSize-1] },
		"off curve":     func(b []byte) []byte { b[63] ^= 1; return b },
		"non-canonical": func(b []byte) []byte { copy(b[64:96], []byte{0xff, 0xff, 0xff, 0xff}); return b },
	} {
		c := append([]byte(nil), b...)
		if err := back.UnmarshalBinary(mut(c)); err == nil {
			t.Errorf("UnmarshalBinary accepted %s", name)
		}
	}
}

// TestDivideByVanishing checks the long division against a product.
func TestDivideByVanishing(t *testing.T) {
	r := newRng(7)
	p := r.poly(11)
	set := []fr.Element{r.next(), r.next(), r.next()}
	quo, rem := divideByVanishing(p, set)
	// p(y) = quo(y)·Z(y) + rem(y) at a random y.
	y := r.next()
	zy := vanishingAt(set, &y)
	var lhs fr.Element
	q := horner(quo, &y)
	lhs.Mul(&q, &zy)
	rr := horner(rem, &y)
	lhs.Add(&lhs, &rr)
	if want := horner(p, &y); !lhs.Equal(&want) || len(rem) != 3 || len(quo) != 8 {
		t.Fatal("division identity fails")
	}
}

func benchOpen(b *testing.B, logN int) {
	n := 1 << logN
	srs, err := kzg.NewSRS(uint64(n), big.NewInt(42))
	if err != nil {
		b.Fatal(err)
	}
	s := shape{lens: []int{n, n, n, n, n, n, n, n}, rots: [][]int{{0}, {0}, {0, 1}, {0, 1}, {-1, 0, 1}, {0}, {0}, {0, 1}}, evals: true}
	inst := build(b, srs, s, 1)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Open(srs.Pk, inst.prover, transcriptFor(inst.digest, inst.verifier)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpen8Polys2e12(b *testing.B) { benchOpen(b, 12) }

func BenchmarkVerify8Queries(b *testing.B) {
	srs, err := kzg.NewSRS(64, big.NewInt(42))
	if err != nil {
		b.Fatal(err)
	}
	s := shape{lens: []int{16, 16, 16, 16, 16, 16, 16, 16}, rots: [][]int{{0}, {0}, {0, 1}, {0, 1}, {-1, 0, 1}, {0}, {0}, {0, 1}}, evals: true}
	inst := build(b, srs, s, 1)
	proof := prove(b, srs, inst)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := verify(srs, inst, inst.verifier, proof); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRandomShapes opens random query shapes (random lengths, rotation sets
// drawn from a small pool so sets overlap and repeat) and checks that each
// honest opening verifies and that changing one random evaluation does not.
func TestRandomShapes(t *testing.T) {
	srs := testSRS(t)
	iters := 40
	if testing.Short() {
		iters = 10
	}
	pool := []int{-2, -1, 0, 1, 2, 5}
	for it := 0; it < iters; it++ {
		r := newRng(uint64(1000 + it))
		pick := func(n int) int {
			v := r.next()
			return int(v.Uint64() % uint64(n))
		}
		var s shape
		s.evals = it%2 == 0
		nq := 1 + pick(9)
		for q := 0; q < nq; q++ {
			s.lens = append(s.lens, pick(srsSize+1))
			var rots []int
			for _, p := range pool {
				if pick(3) == 0 {
					rots = append(rots, p)
				}
			}
			if len(rots) == 0 {
				rots = []int{pool[pick(len(pool))]}
			}
			s.rots = append(s.rots, rots)
		}
		inst := build(t, srs, s, uint64(it+7))
		proof := prove(t, srs, inst)
		if err := verify(srs, inst, inst.verifier, proof); err != nil {
			t.Fatalf("shape %d %+v: %v", it, s, err)
		}
		qs := cloneQueries(inst.verifier)
		qi := pick(nq)
		k := pick(len(qs[qi].Evals))
		var one fr.Element
		one.SetOne()
		qs[qi].Evals[k].Add(&qs[qi].Evals[k], &one)
		if err := verify(srs, inst, qs, proof); !errors.Is(err, ErrInvalidProof) {
			t.Fatalf("shape %d: changed evaluation (query %d, point %d) not rejected: %v", it, qi, k, err)
		}
	}
}

// FuzzUnmarshalProof: decoding arbitrary bytes never panics, and whatever
// decodes re-encodes to the same bytes (the encoding is canonical).
func FuzzUnmarshalProof(f *testing.F) {
	srs := testSRS(f)
	inst := build(f, srs, shapes[4], 1)
	b, _ := prove(f, srs, inst).MarshalBinary()
	f.Add(b)
	f.Add(make([]byte, ProofSize))
	f.Add([]byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, data []byte) {
		var p Proof
		if err := p.UnmarshalBinary(data); err != nil {
			return
		}
		back, err := p.MarshalBinary()
		if err != nil || string(back) != string(data) {
			t.Fatalf("decoded proof re-encodes differently")
		}
	})
}
