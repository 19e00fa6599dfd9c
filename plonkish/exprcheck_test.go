package plonkish

import (
	"strings"
	"testing"
)

// Validate rejects a nil expression (or nil node, or a node held by pointer) wherever
// it occurs, naming the place.
func TestValidateRejectsNilExpressions(t *testing.T) {
	for _, tc := range []struct {
		name  string
		build func(cs *ConstraintSystem, a, f Column)
		want  string
	}{
		{"gate poly", func(cs *ConstraintSystem, a, f Column) { cs.CreateGate("g", a.Cur(), nil) }, `gate "g" polynomial 1: nil expression`},
		{"nested in gate", func(cs *ConstraintSystem, a, f Column) {
			cs.CreateGate("g", Mul(f.Cur(), Sub(a.Cur(), Scaled{A: Negated{}})))
		}, `gate "g" polynomial 0: nil expression`},
		{"pointer node", func(cs *ConstraintSystem, a, f Column) { cs.CreateGate("g", &Sum{A: a.Cur(), B: a.Cur()}) }, `gate "g" polynomial 0: expression node of unsupported type *plonkish.Sum`},
		{"table column", func(cs *ConstraintSystem, a, f Column) { cs.AddLookup("l", cs.AddTable("t", nil), a.Cur()) }, `table "t" column 0: nil expression`},
		{"lookup input", func(cs *ConstraintSystem, a, f Column) {
			cs.AddLookup("l", cs.AddTable("t", f.Cur()), Product{A: a.Cur()})
		}, `lookup "l" input 0: nil expression`},
		{"shuffle input", func(cs *ConstraintSystem, a, f Column) { cs.AddShuffle("s", []Expression{nil}, []Expression{a.Cur()}) }, `shuffle "s" input 0: nil expression`},
		{"shuffled", func(cs *ConstraintSystem, a, f Column) {
			cs.AddShuffle("s", []Expression{a.Cur()}, []Expression{Sum{B: a.Cur()}})
		}, `shuffle "s" shuffled expression 0: nil expression`},
		{"bus multiplicity", func(cs *ConstraintSystem, a, f Column) { cs.AddInteraction(cs.AddBus("b"), "i", nil, a.Cur()) }, `bus "b" interaction "i" multiplicity: nil expression`},
		{"bus value", func(cs *ConstraintSystem, a, f Column) { cs.AddInteraction(cs.AddBus("b"), "i", f.Cur(), a.Cur(), nil) }, `bus "b" interaction "i" value 1: nil expression`},
	} {
		cs := new(ConstraintSystem)
		a := cs.AdviceColumn("a")
		f := cs.FixedColumn("f")
		tc.build(cs, a, f)
		err := cs.Validate()
		if err == nil {
			t.Errorf("%s: accepted", tc.name)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %q does not say %q", tc.name, err, tc.want)
		}
	}
	// a well-formed system still validates
	cs := new(ConstraintSystem)
	a := cs.AdviceColumn("a")
	f := cs.FixedColumn("f")
	cs.CreateGate("g", Mul(f.Cur(), Sub(a.Cur(), Scale(Neg(a.Next()), 3))))
	cs.AddInteraction(cs.AddBus("b"), "i", f.Cur(), a.Cur())
	if err := cs.Validate(); err != nil {
		t.Fatal(err)
	}
}
