package backend

import (
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/examples"
)

// After Setup, editing the caller's constraint system or preprocessed values (a
// builder reused for another circuit) changes neither the verifying key nor what it
// checks: a witness violating the original gate is still rejected, and the image id is
// unchanged and still the digest of the key.
func TestVKOwnsConstraintSystem(t *testing.T) {
	srs := testSRS(t)
	cs := new(plonkish.ConstraintSystem)
	a := cs.AdviceColumn("a")
	b := cs.AdviceColumn("b")
	q := cs.Selector("q")
	cs.CreateGate("a=b", plonkish.Mul(q.Cur(), plonkish.Sub(a.Cur(), b.Cur())))
	cs.EnableEquality(a)
	k := 5
	pre := plonkish.NewPreprocessed(cs, k)
	for i := 0; i < cs.UsableRows(1<<k); i++ {
		pre.SetFixed(q, i, 1)
	}
	pk, vk, err := Setup(cs, pre, srs)
	if err != nil {
		t.Fatal(err)
	}
	id := vk.ImageID()
	wit := plonkish.NewWitness(cs, k)
	wit.Set(a, 3, 7) // violates a = b
	proof, err := Prove(pk, examples.CloneWitness(wit), nil, WithoutChecks())
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(vk, wit.Instance, proof); err == nil {
		t.Fatal("bad witness accepted before mutation")
	}

	// the caller reuses its builder: the gate becomes trivial, a column and a gate are
	// added, the selector is cleared, equality is enabled on b
	cs.Gates[0].Polys[0] = plonkish.Const(0)
	cs.Gates[0].Name = "changed"
	c := cs.AdviceColumn("c")
	cs.CreateGate("extra", plonkish.Mul(q.Cur(), c.Cur()))
	cs.EnableEquality(b)
	for i := range pre.Fixed[q.Index] {
		pre.Fixed[q.Index][i].SetZero()
	}

	proof, err = Prove(pk, examples.CloneWitness(wit), nil, WithoutChecks())
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(vk, wit.Instance, proof); err == nil {
		t.Fatal("witness violating a=b accepted after the caller's constraint system was edited")
	}
	if _, err := Prove(pk, examples.CloneWitness(wit), nil); err == nil {
		t.Fatal("the prover's witness check no longer sees the gate a=b")
	}
	if vk.ImageID() != id {
		t.Fatalf("image id changed from %s to %s", id, vk.ImageID())
	}
	if d := vk.computeDigest(); d != vk.Digest() {
		t.Fatal("the verifying key no longer hashes to its digest")
	}
	if vk.CS == cs || vk.CS.NumAdvice() != 2 || len(vk.CS.Gates) != 1 || len(vk.CS.Equality) != 1 {
		t.Fatalf("vk.CS follows the caller's edits: %d advice, %d gates, %d equality columns", vk.CS.NumAdvice(), len(vk.CS.Gates), len(vk.CS.Equality))
	}
	if vk.CS.Gates[0].Name != "a=b" {
		t.Fatalf("the copy lost the gate's name: %q", vk.CS.Gates[0].Name)
	}
	// an honest witness of the original circuit still proves and verifies
	good := plonkish.NewWitness(plonkishCS2(t), k)
	proof, err = Prove(pk, good, nil)
	if err != nil {
		t.Fatalf("honest witness: %v", err)
	}
	if err := Verify(vk, good.Instance, proof); err != nil {
		t.Fatalf("honest proof rejected: %v", err)
	}
}

// plonkishCS2 is a constraint system with two advice columns and no instance, for
// building an all-zero witness of the circuit above.
func plonkishCS2(t *testing.T) *plonkish.ConstraintSystem {
	cs := new(plonkish.ConstraintSystem)
	cs.AdviceColumn("a")
	cs.AdviceColumn("b")
	return cs
}

// Protocol returns a copy: editing it does not change the verifier.
func TestProtocolIsACopy(t *testing.T) {
	f := mixedFixture(t, testSRS(t))
	if err := Verify(f.vk, f.ex.Wit.Instance, f.proof); err != nil {
		t.Fatal(err)
	}
	p := f.vk.Protocol()
	if len(p.Sigma) < 2 || len(p.Opened) == 0 || len(p.Arguments) == 0 {
		t.Fatalf("fixture too small: %d σ, %d opened, %d arguments", len(p.Sigma), len(p.Opened), len(p.Arguments))
	}
	p.Sigma[0], p.Sigma[1] = p.Sigma[1], p.Sigma[0]
	p.Arguments[0] = p.Arguments[len(p.Arguments)-1]
	for i := range p.Opened {
		for j := range p.Opened[i].Rotations {
			p.Opened[i].Rotations[j] += 3
		}
	}
	for i := range p.InstanceQueries {
		p.InstanceQueries[i].Rotation += 5
	}
	for i := range p.Multiplicities {
		p.Multiplicities[i].Index += 7
	}
	if err := Verify(f.vk, f.ex.Wit.Instance, f.proof); err != nil {
		t.Fatalf("editing the slices Protocol returned changed the verifier: %v", err)
	}
	if q := f.vk.Protocol(); q.Sigma[0] == p.Sigma[0] {
		t.Fatal("Protocol().Sigma shares its backing array with the key")
	}
}

// Editing the caller's preprocessed values after Setup does not change the proving key.
func TestPKOwnsFixedValues(t *testing.T) {
	srs := testSRS(t)
	ex, err := examples.MixedExample(6, 4, 20)
	if err != nil {
		t.Fatal(err)
	}
	pre := *ex.Pre
	pre.Fixed = make([][]fr.Element, len(ex.Pre.Fixed))
	for i, c := range ex.Pre.Fixed {
		pre.Fixed[i] = append([]fr.Element(nil), c...)
	}
	pre.Copies = append(pre.Copies[:0:0], ex.Pre.Copies...)
	pk, vk, err := Setup(ex.CS, &pre, srs)
	if err != nil {
		t.Fatal(err)
	}
	for i := range pre.Fixed {
		for j := range pre.Fixed[i] {
			pre.Fixed[i][j].SetUint64(99)
		}
	}
	for i := range pre.Copies {
		pre.Copies[i] = pre.Copies[0]
	}
	proof, err := Prove(pk, examples.CloneWitness(ex.Wit), nil)
	if err != nil {
		t.Fatalf("prove after editing the caller's fixed values: %v", err)
	}
	if err := Verify(vk, ex.Wit.Instance, proof); err != nil {
		t.Fatalf("honest proof rejected after editing the caller's fixed values: %v", err)
	}
}

// Setup refuses a constraint system holding a nil expression with an error naming it,
// instead of panicking.
func TestSetupRejectsNilExpression(t *testing.T) {
	srs := testSRS(t)
	for name, build := range map[string]func(cs *plonkish.ConstraintSystem, a plonkish.Column){
		"gate":   func(cs *plonkish.ConstraintSystem, a plonkish.Column) { cs.CreateGate("g", nil) },
		"nested": func(cs *plonkish.ConstraintSystem, a plonkish.Column) { cs.CreateGate("g", plonkish.Mul(a.Cur(), nil)) },
		"table": func(cs *plonkish.ConstraintSystem, a plonkish.Column) {
			cs.AddLookup("l", cs.AddTable("t", nil), a.Cur())
		},
		"lookup": func(cs *plonkish.ConstraintSystem, a plonkish.Column) {
			cs.AddLookup("l", cs.AddTable("t", a.Cur()), nil)
		},
		"shuffle": func(cs *plonkish.ConstraintSystem, a plonkish.Column) {
			cs.AddShuffle("s", []plonkish.Expression{a.Cur()}, []plonkish.Expression{nil})
		},
		"bus multiplicity": func(cs *plonkish.ConstraintSystem, a plonkish.Column) {
			cs.AddInteraction(cs.AddBus("b"), "i", nil, a.Cur())
		},
		"bus value": func(cs *plonkish.ConstraintSystem, a plonkish.Column) {
			cs.AddInteraction(cs.AddBus("b"), "i", a.Cur(), nil)
		},
	} {
		cs := new(plonkish.ConstraintSystem)
		a := cs.AdviceColumn("a")
		build(cs, a)
		pre := plonkish.NewPreprocessed(cs, 5)
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: Setup panicked: %v", name, r)
				}
			}()
			_, _, err = Setup(cs, pre, srs)
		}()
		if err == nil || !strings.Contains(err.Error(), "nil expression") {
			t.Errorf("%s: Setup returned %v, want an error naming the nil expression", name, err)
		}
	}
}
