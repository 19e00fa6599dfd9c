package backend

import (
	"strings"
	"testing"

	"github.com/zkwasm/zkwasm/plonkish"
)

// rotCircuit is a gate q·(a − a@r1 − i@r2) with an instance column i.
func rotCircuit(r1, r2 int) *plonkish.ConstraintSystem {
	cs := new(plonkish.ConstraintSystem)
	a := cs.AdviceColumn("a")
	i := cs.InstanceColumn("i")
	q := cs.Selector("q")
	cs.CreateGate("g", plonkish.Mul(q.Cur(), plonkish.Sub(plonkish.Sub(a.Cur(), a.Rot(r1)), i.Rot(r2))))
	return cs
}

// Setup refuses a rotation with |r| ≥ n and two rotations of one column that are the
// same row modulo n; the verifying-key decoder refuses them too.
func TestRotationsOutOfRange(t *testing.T) {
	srs := testSRS(t)
	const k = 5
	const n = 1 << k
	for _, tc := range []struct {
		r1, r2 int
		want   string // "" = accepted
	}{
		{1, 0, ""},
		{n - 1, -(n - 1), ""},
		{n, 1, `column "a" (advice[0]) queried at rotation 32`},
		{-n, 1, `column "a" (advice[0]) queried at rotation -32`},
		{1 << 30, 1, "rotations must lie in (-n, n)"},
		{n + 1, 2, `column "a" (advice[0]) queried at rotation 33`},
		{-(n - 1), 1, ""},
		{1, n + 3, `column "i" (instance[0]) queried at rotation 35`},
	} {
		cs := rotCircuit(tc.r1, tc.r2)
		_, _, err := Setup(cs, plonkish.NewPreprocessed(cs, k), srs)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("rotations %d, %d: %v", tc.r1, tc.r2, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("rotations %d, %d: error %v, want %q", tc.r1, tc.r2, err, tc.want)
		}
	}
	// the same row under two names: a@0 and a@n
	cs := new(plonkish.ConstraintSystem)
	a := cs.AdviceColumn("a")
	q := cs.Selector("q")
	cs.CreateGate("g", plonkish.Mul(q.Cur(), plonkish.Sub(a.Cur(), a.Rot(-1))), plonkish.Mul(q.Cur(), a.Rot(n-1)))
	if _, _, err := Setup(cs, plonkish.NewPreprocessed(cs, k), srs); err == nil || !strings.Contains(err.Error(), "rotations -1 and 31, the same row modulo n = 32") {
		t.Errorf("a@-1 and a@%d: %v", n-1, err)
	}
}

// A verifying key whose constraint system has an out-of-range or aliased rotation is
// refused by the decoder (the encoder writes any int32 rotation).
func TestDecoderRejectsBadRotations(t *testing.T) {
	srs := testSRS(t)
	const k = 5
	good := rotCircuit(1, 0)
	_, vk, err := Setup(good, plonkish.NewPreprocessed(good, k), srs)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []int{1 << k, -(1 << k), 1<<31 - 1, -(1 << 31), (1 << k) + 1} {
		bad := *vk
		bad.CS = rotCircuit(r, 0)
		b, err := bad.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var v VerifyingKey
		err = v.UnmarshalBinary(b)
		if err == nil || !strings.Contains(err.Error(), "queried at rotation") {
			t.Errorf("rotation %d: decoder returned %v", r, err)
		}
	}
	// a@-1 with a@n-1: the same row
	bad := *vk
	bad.CS = rotCircuit(-1, 0)
	bad.CS.Gates[0].Polys = append(bad.CS.Gates[0].Polys, plonkish.Column{Kind: plonkish.Advice}.Rot(1<<k-1))
	b, _ := bad.MarshalBinary()
	var v VerifyingKey
	if err := v.UnmarshalBinary(b); err == nil || !strings.Contains(err.Error(), "the same row modulo") {
		t.Errorf("aliased rotations: decoder returned %v", err)
	}
	// the good key round-trips and its proofs verify
	b, _ = vk.MarshalBinary()
	if err := v.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
}
