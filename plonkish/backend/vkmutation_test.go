package backend

import (
	"bytes"
	"fmt"
	"math/rand"
	"slices"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/examples"
)

// reencode returns vk after an edit, as a verifier that decodes a key would get it.
func reencode(t *testing.T, vk *VerifyingKey, edit func(v *VerifyingKey)) (*VerifyingKey, error) {
	t.Helper()
	v := *vk
	v.CS = vk.CS.Clone()
	v.Fixed = append([]bn254.G1Affine(nil), vk.Fixed...)
	v.Sigma = append([]bn254.G1Affine(nil), vk.Sigma...)
	edit(&v)
	b, err := v.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var out VerifyingKey
	return &out, out.UnmarshalBinary(b)
}

// An honest proof is rejected under a verifying key with one commitment, one SRS point
// or one piece of the constraint system changed (even a change that keeps the same set
// of satisfying witnesses, such as scaling a gate polynomial: the key's digest binds its
// exact encoding).
func TestHonestProofRejectedUnderMutatedVK(t *testing.T) {
	srs := testSRS(t)
	exs, err := allExamples(6)
	if err != nil {
		t.Fatal(err)
	}
	_, _, gen, _ := bn254.Generators()
	for _, ex := range exs {
		pk, vk, err := Setup(ex.CS, ex.Pre, srs)
		if err != nil {
			t.Fatal(err)
		}
		proof, err := Prove(pk, examples.CloneWitness(ex.Wit), nil)
		if err != nil {
			t.Fatal(err)
		}
		same, err := reencode(t, vk, func(*VerifyingKey) {})
		if err != nil {
			t.Fatal(err)
		}
		if err := Verify(same, ex.Wit.Instance, proof); err != nil {
			t.Fatalf("%s: honest proof rejected under the re-encoded key: %v", ex.Name, err)
		}
		type mutation struct {
			name string
			edit func(v *VerifyingKey)
		}
		var ms []mutation
		for i := range vk.Fixed {
			ms = append(ms, mutation{fmt.Sprintf("fixed commitment %d", i), func(v *VerifyingKey) { v.Fixed[i].Add(&v.Fixed[i], &gen) }})
		}
		for i := range vk.Sigma {
			ms = append(ms, mutation{fmt.Sprintf("σ commitment %d", i), func(v *VerifyingKey) { v.Sigma[i].Add(&v.Sigma[i], &gen) }})
		}
		if len(vk.Sigma) >= 2 {
			ms = append(ms, mutation{"σ commitments 0 and 1 swapped", func(v *VerifyingKey) { v.Sigma[0], v.Sigma[1] = v.Sigma[1], v.Sigma[0] }})
		}
		ms = append(ms,
			mutation{"SRS [1]₁", func(v *VerifyingKey) { v.G1.Add(&v.G1, &v.G1) }},
			mutation{"SRS [τ]₂", func(v *VerifyingKey) { v.G2[1].Add(&v.G2[1], &v.G2[1]) }},
			mutation{"trivial gate added", func(v *VerifyingKey) { v.CS.CreateGate("zero", plonkish.Const(0)) }},
		)
		if g := slices.IndexFunc(vk.CS.Gates, func(g plonkish.Gate) bool { return len(g.Polys) > 0 }); g >= 0 {
			ms = append(ms,
				mutation{"gate polynomial scaled by 2", func(v *VerifyingKey) {
					v.CS.Gates[g].Polys[0] = plonkish.Scale(v.CS.Gates[g].Polys[0], 2)
				}},
				mutation{"gate polynomial dropped", func(v *VerifyingKey) {
					v.CS.Gates[g].Polys = v.CS.Gates[g].Polys[1:]
				}})
		}
		if len(vk.CS.Lookups) > 0 {
			ms = append(ms, mutation{"lookup input negated twice", func(v *VerifyingKey) {
				l := &v.CS.Lookups[0]
				l.Inputs = append([]plonkish.Expression(nil), l.Inputs...)
				l.Inputs[0] = plonkish.Neg(plonkish.Neg(l.Inputs[0]))
			}})
		}
		for _, m := range ms {
			bad, err := reencode(t, vk, m.edit)
			if err != nil {
				t.Errorf("%s / %s: the mutated key does not decode (%v): the test would not reach Verify", ex.Name, m.name, err)
				continue
			}
			if bad.ImageID() == vk.ImageID() {
				t.Errorf("%s / %s: image id unchanged", ex.Name, m.name)
			}
			if err := Verify(bad, ex.Wit.Instance, proof); err == nil {
				t.Errorf("%s / %s: honest proof accepted under the mutated key", ex.Name, m.name)
			}
		}
	}
}

// Random byte mutations of the proof, verifying-key and proving-key encodings never
// panic (decoding, loading, verifying), and a changed proof or verifying key is never
// accepted (a small sample; the
// Fuzz* targets explore further).
func TestMutatedEncodingsRejected(t *testing.T) {
	srs := testSRS(t)
	exs, err := allExamples(5)
	if err != nil {
		t.Fatal(err)
	}
	iters := 300
	if testing.Short() {
		iters = 30
	}
	r := rand.New(rand.NewSource(1))
	mut := func(b []byte) []byte {
		c := append([]byte(nil), b...)
		switch r.Intn(4) {
		case 0:
			c[r.Intn(len(c))] ^= byte(1 << r.Intn(8))
		case 1:
			c = c[:r.Intn(len(c))]
		case 2:
			c[r.Intn(len(c))] = byte(r.Intn(256))
		case 3: // a u32 set to a small value (counts, indices, rotations)
			i := r.Intn(len(c) - 4)
			c[i], c[i+1], c[i+2], c[i+3] = 0, 0, 0, byte(r.Intn(8))
		}
		return c
	}
	noPanic := func(what string, f func()) {
		defer func() {
			if p := recover(); p != nil {
				t.Fatalf("%s panicked: %v", what, p)
			}
		}()
		f()
	}
	for _, ex := range exs {
		pk, vk, err := Setup(ex.CS, ex.Pre, srs)
		if err != nil {
			t.Fatal(err)
		}
		proof, err := Prove(pk, examples.CloneWitness(ex.Wit), nil)
		if err != nil {
			t.Fatal(err)
		}
		pb, _ := proof.MarshalBinary()
		vb, _ := vk.MarshalBinary()
		var pkb bytes.Buffer
		if _, err := pk.WriteTo(&pkb); err != nil {
			t.Fatal(err)
		}
		for range iters {
			m := mut(pb)
			if bytes.Equal(m, pb) {
				continue
			}
			noPanic(ex.Name+": proof decode/verify", func() {
				var q Proof
				if q.UnmarshalBinary(m) == nil && Verify(vk, ex.Wit.Instance, &q) == nil {
					t.Errorf("%s: mutated proof accepted", ex.Name)
				}
			})
			m = mut(vb)
			if bytes.Equal(m, vb) {
				continue
			}
			noPanic(ex.Name+": vk decode/verify", func() {
				var v VerifyingKey
				if v.UnmarshalBinary(m) == nil && Verify(&v, ex.Wit.Instance, proof) == nil {
					t.Errorf("%s: proof accepted under a mutated verifying key", ex.Name)
				}
			})
		}
		for range iters / 10 {
			m := mut(pkb.Bytes())
			if bytes.Equal(m, pkb.Bytes()) {
				continue
			}
			noPanic(ex.Name+": pk decode", func() {
				// a mutation may give another consistent key (a gate of its verifying
				// key changed, a copy replaced by an equivalent one): only no panic
				var k ProvingKey
				if _, err := k.ReadFrom(bytes.NewReader(m)); err == nil {
					_ = k.SetSRS(srs)
				}
			})
		}
	}
}
