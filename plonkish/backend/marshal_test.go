package backend

import (
	"bytes"
	"errors"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish/lookup"
	"testing"

	"github.com/zkwasm/zkwasm/kzg"
	"github.com/zkwasm/zkwasm/plonkish/examples"
)

type fixture struct {
	ex    examples.Example
	pk    *ProvingKey
	vk    *VerifyingKey
	proof *Proof
}

func mixedFixture(t testing.TB, srs *kzg.SRS) fixture {
	ex, err := examples.MixedExample(6, 4, 20)
	if err != nil {
		t.Fatal(err)
	}
	pk, vk, err := Setup(ex.CS, ex.Pre, srs)
	if err != nil {
		t.Fatal(err)
	}
	proof, err := Prove(pk, examples.CloneWitness(ex.Wit), nil)
	if err != nil {
		t.Fatal(err)
	}
	return fixture{ex, pk, vk, proof}
}

func TestProofRoundTripAndByteFlips(t *testing.T) {
	f := mixedFixture(t, testSRS(t))
	b, err := f.proof.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var w bytes.Buffer
	if _, err := f.proof.WriteTo(&w); err != nil || !bytes.Equal(w.Bytes(), b) {
		t.Fatalf("WriteTo and MarshalBinary differ (%v)", err)
	}
	var back Proof
	if err := back.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if err := Verify(f.vk, f.ex.Wit.Instance, &back); err != nil {
		t.Fatalf("decoded proof rejected: %v", err)
	}
	if got, want := len(b)-28, len(f.proof.Body()); got != want {
		t.Fatalf("body is %d bytes after the header, Body() gives %d", got, want)
	}
	if s := ProofSize(f.vk); s != len(f.proof.Body()) {
		t.Fatalf("ProofSize = %d, body has %d bytes", s, len(f.proof.Body()))
	}
	pb, err := f.vk.ParseBody(f.proof.Body())
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(f.vk, f.ex.Wit.Instance, pb); err != nil {
		t.Fatalf("proof parsed from its body rejected: %v", err)
	}
	if _, err := f.vk.ParseBody(f.proof.Body()[1:]); err == nil {
		t.Fatal("short body parsed")
	}
	// every byte position (stepping through the body), each flip rejected
	step := 1
	if testing.Short() {
		step = 7
	}
	for i := 0; i < len(b); i += step {
		c := append([]byte(nil), b...)
		c[i] ^= 1 << (i % 8)
		var p Proof
		if err := p.UnmarshalBinary(c); err != nil {
			continue // fails to parse: fine
		}
		if err := Verify(f.vk, f.ex.Wit.Instance, &p); err == nil {
			t.Fatalf("proof with byte %d flipped accepted", i)
		}
	}
	// truncations and trailing bytes
	for _, l := range []int{0, 3, 8, 27, 28, 100, len(b) - 1} {
		var p Proof
		if err := p.UnmarshalBinary(b[:l]); err == nil {
			t.Fatalf("proof truncated to %d bytes parsed", l)
		}
	}
	var p Proof
	if err := p.UnmarshalBinary(append(append([]byte(nil), b...), 0)); err == nil {
		t.Fatal("proof with a trailing byte parsed")
	}
}

func TestVerifyingKeyRoundTrip(t *testing.T) {
	f := mixedFixture(t, testSRS(t))
	b, err := f.vk.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var vk VerifyingKey
	if err := vk.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if vk.Digest() != f.vk.Digest() || vk.ImageID() != f.vk.ImageID() {
		t.Fatal("digest changed through serialization")
	}
	if err := Verify(&vk, f.ex.Wit.Instance, f.proof); err != nil {
		t.Fatalf("decoded key rejects an honest proof: %v", err)
	}
	var r VerifyingKey
	if _, err := r.ReadFrom(bytes.NewReader(b)); err != nil {
		t.Fatal(err)
	}
	for _, l := range []int{0, 4, 8, 20, len(b) / 2, len(b) - 1} {
		if err := vk.UnmarshalBinary(b[:l]); err == nil {
			t.Fatalf("key truncated to %d bytes parsed", l)
		}
	}
	step := 1
	if testing.Short() {
		step = 13
	}
	for i := 0; i < len(b); i += step {
		c := append([]byte(nil), b...)
		c[i] ^= 0x10
		var v VerifyingKey
		if err := v.UnmarshalBinary(c); err != nil {
			continue
		}
		if v.Digest() == f.vk.Digest() {
			t.Fatalf("byte %d flipped: same digest", i)
		}
		if err := Verify(&v, f.ex.Wit.Instance, f.proof); err == nil {
			t.Fatalf("byte %d of the key flipped: proof still accepted", i)
		}
	}
}

func TestProvingKeyRoundTrip(t *testing.T) {
	srs := testSRS(t)
	f := mixedFixture(t, srs)
	var buf bytes.Buffer
	if _, err := f.pk.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	var pk ProvingKey
	if _, err := pk.ReadFrom(bytes.NewReader(buf.Bytes())); err != nil {
		t.Fatal(err)
	}
	if _, err := Prove(&pk, examples.CloneWitness(f.ex.Wit), nil); err == nil {
		t.Fatal("proving key without SRS proved")
	}
	if err := pk.SetSRS(srs); err != nil {
		t.Fatal(err)
	}
	proof, err := Prove(&pk, examples.CloneWitness(f.ex.Wit), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(f.vk, f.ex.Wit.Instance, proof); err != nil {
		t.Fatalf("proof from a decoded proving key rejected: %v", err)
	}
	b := buf.Bytes()
	for _, l := range []int{0, 10, len(b) / 2, len(b) - 1} {
		var p ProvingKey
		if _, err := p.ReadFrom(bytes.NewReader(b[:l])); err == nil {
			t.Fatalf("proving key truncated to %d bytes parsed", l)
		}
	}
}

// A proof for circuit A does not verify under circuit B's key, even with the same
// constraint system and other fixed values (another "program").
func TestOtherCircuitKeyRejects(t *testing.T) {
	srs := testSRS(t)
	exA, err := examples.MixedExample(6, 4, 20)
	if err != nil {
		t.Fatal(err)
	}
	exB, err := examples.MixedExample(6, 4, 21)
	if err != nil {
		t.Fatal(err)
	}
	pkA, vkA, err := Setup(exA.CS, exA.Pre, srs)
	if err != nil {
		t.Fatal(err)
	}
	proof, err := Prove(pkA, examples.CloneWitness(exA.Wit), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, vkB, err := Setup(exB.CS, exB.Pre, srs)
	if err != nil {
		t.Fatal(err)
	}
	if vkA.ImageID() == vkB.ImageID() {
		t.Fatal("two circuits share an image id")
	}
	if err := Verify(vkB, exA.Wit.Instance, proof); err == nil {
		t.Fatal("proof for circuit A accepted under circuit B's key")
	}
	// a fixed value changed: same constraint system, different key
	pre := *exA.Pre
	pre.Fixed = append([][]fr.Element(nil), exA.Pre.Fixed...)
	col := append([]fr.Element(nil), pre.Fixed[0]...)
	col[3].SetUint64(12345)
	pre.Fixed[0] = col
	_, vkC, err := Setup(exA.CS, &pre, srs)
	if err != nil {
		t.Fatal(err)
	}
	if vkC.ImageID() == vkA.ImageID() {
		t.Fatal("changing a fixed cell kept the image id")
	}
	if err := Verify(vkC, exA.Wit.Instance, proof); err == nil {
		t.Fatal("proof accepted under a key with another fixed column")
	}
	// fresh Setup of the same circuit gives the same key
	_, vkA2, err := Setup(exA.CS, exA.Pre, srs)
	if err != nil {
		t.Fatal(err)
	}
	if vkA2.ImageID() != vkA.ImageID() {
		t.Fatal("Setup is not deterministic")
	}
}

// Two proofs of the same statement differ (blinding), and both verify.
func TestZeroKnowledgeBlinding(t *testing.T) {
	f := mixedFixture(t, testSRS(t))
	p2, err := Prove(f.pk, examples.CloneWitness(f.ex.Wit), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(f.vk, f.ex.Wit.Instance, p2); err != nil {
		t.Fatal(err)
	}
	for i := range f.proof.Advice {
		if f.proof.Advice[i].Equal(&p2.Advice[i]) {
			t.Fatalf("advice commitment %d identical in two proofs", i)
		}
	}
	for i := range f.proof.Quotient {
		if f.proof.Quotient[i].Equal(&p2.Quotient[i]) {
			t.Fatalf("quotient commitment %d identical in two proofs", i)
		}
	}
	for i := range f.proof.Evals {
		if f.proof.Evals[i].Equal(&p2.Evals[i]) {
			t.Fatalf("evaluation %d identical in two proofs", i)
		}
	}
	// the blinding rows were overwritten with randomness
	wit := examples.CloneWitness(f.ex.Wit)
	if _, err := Prove(f.pk, wit, nil); err != nil {
		t.Fatal(err)
	}
	u := f.vk.UsableRows()
	for c := range wit.Advice {
		for r := u; r < f.vk.Rows(); r++ {
			if wit.Advice[c][r].IsZero() {
				t.Fatalf("advice %d row %d not blinded", c, r)
			}
		}
	}
}

func FuzzReadProof(f *testing.F) {
	fx := mixedFixture(f, testSRS(f))
	b, _ := fx.proof.MarshalBinary()
	f.Add(b)
	f.Add(b[:40])
	f.Fuzz(func(t *testing.T, data []byte) {
		var p Proof
		if err := p.UnmarshalBinary(data); err != nil {
			return
		}
		_ = Verify(fx.vk, fx.ex.Wit.Instance, &p) // must not panic
	})
}

func FuzzReadVerifyingKey(f *testing.F) {
	fx := mixedFixture(f, testSRS(f))
	b, _ := fx.vk.MarshalBinary()
	f.Add(b)
	f.Add(b[:60])
	f.Fuzz(func(t *testing.T, data []byte) {
		var vk VerifyingKey
		if err := vk.UnmarshalBinary(data); err != nil {
			return
		}
		_ = Verify(&vk, fx.ex.Wit.Instance, fx.proof)
	})
}

// A verifying key and a proof written back to back read back from one stream.
func TestStreamedKeyAndProof(t *testing.T) {
	f := mixedFixture(t, testSRS(t))
	var buf bytes.Buffer
	if _, err := f.vk.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	if _, err := f.proof.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	var vk VerifyingKey
	var p Proof
	n1, err := vk.ReadFrom(&buf)
	if err != nil {
		t.Fatal(err)
	}
	n2, err := p.ReadFrom(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if buf.Len() != 0 || n1 == 0 || n2 == 0 {
		t.Fatalf("read %d + %d bytes, %d left", n1, n2, buf.Len())
	}
	if err := Verify(&vk, f.ex.Wit.Instance, &p); err != nil {
		t.Fatal(err)
	}
}

// Buses are part of the key: a decoded key verifies, and the digest changes with them.
func TestBusKeyRoundTrip(t *testing.T) {
	srs := testSRS(t)
	ex, err := examples.BusExample(6, 12, 16)
	if err != nil {
		t.Fatal(err)
	}
	pk, vk, err := Setup(ex.CS, ex.Pre, srs)
	if err != nil {
		t.Fatal(err)
	}
	proof, err := Prove(pk, examples.CloneWitness(ex.Wit), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := vk.MarshalBinary()
	var back VerifyingKey
	if err := back.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if back.ImageID() != vk.ImageID() || len(back.CS.Buses) != 1 || len(back.CS.Buses[0].Interactions) != 2 {
		t.Fatal("bus lost in the key's encoding")
	}
	if err := Verify(&back, ex.Wit.Instance, proof); err != nil {
		t.Fatal(err)
	}
	// the same circuit without its bus has another key, which rejects the proof
	cs2 := *ex.CS
	cs2.Buses = nil
	_, vk2, err := Setup(&cs2, ex.Pre, srs)
	if err != nil {
		t.Fatal(err)
	}
	if vk2.ImageID() == vk.ImageID() || Verify(vk2, ex.Wit.Instance, proof) == nil {
		t.Fatal("dropping the bus kept the key or accepted the proof")
	}
	// and the honest prover refuses an unbalanced bus
	_, err = Prove(pk, ex.Tampers[0].Apply(ex.Wit), nil)
	var be *lookup.BalanceError
	if !errors.As(err, &be) {
		t.Fatalf("unbalanced bus: prove returned %v", err)
	}
}
