package plonkish

import (
	"reflect"
	"testing"
)

// Clone copies every field; a field added to ConstraintSystem must be added to Clone
// (and to this list).
func TestCloneIsDeep(t *testing.T) {
	known := map[string]bool{"names": true, "Gates": true, "Tables": true, "Lookups": true, "Shuffles": true, "Buses": true, "Equality": true, "equalityIndex": true}
	ty := reflect.TypeOf(ConstraintSystem{})
	for i := 0; i < ty.NumField(); i++ {
		if !known[ty.Field(i).Name] {
			t.Errorf("ConstraintSystem.%s is not copied by Clone", ty.Field(i).Name)
		}
	}
	cs := new(ConstraintSystem)
	a := cs.AdviceColumn("a")
	f := cs.FixedColumn("f")
	cs.InstanceColumn("i")
	cs.EnableEquality(a)
	cs.CreateNamedGate("g", []string{"p"}, []Expression{Mul(f.Cur(), a.Cur())})
	tb := cs.AddTable("t", f.Cur())
	cs.AddLookup("l", tb, a.Cur())
	cs.AddShuffle("s", []Expression{a.Cur()}, []Expression{a.Next()})
	b := cs.AddBus("b")
	cs.AddInteraction(b, "x", f.Cur(), a.Cur())
	cs.AddInteraction(b, "y", Neg(f.Cur()), a.Cur())
	c := cs.Clone()
	if !reflect.DeepEqual(c, cs) {
		t.Fatal("clone differs from the original")
	}
	// edit every slice of the original in place and by append
	cs.Gates[0].Polys[0] = Const(0)
	cs.Gates[0].PolyNames[0] = "q"
	cs.Gates[0].Name = "h"
	cs.Tables[0].Columns[0] = Const(1)
	cs.Lookups[0].Inputs[0] = Const(2)
	cs.Shuffles[0].Input[0] = Const(3)
	cs.Shuffles[0].Shuffled[0] = Const(4)
	cs.Buses[0].Interactions[0].Multiplicity = Const(5)
	cs.Buses[0].Interactions[1].Values[0] = Const(6)
	cs.Equality[0] = f
	cs.names[Advice][0] = "z"
	cs.AdviceColumn("new")
	cs.EnableEquality(f)
	cs.CreateGate("new", a.Cur())
	cs.AddBus("new")
	if c.Gates[0].Polys[0] == Expression(Const(0)) || c.Gates[0].PolyNames[0] != "p" || c.Gates[0].Name != "g" ||
		c.Tables[0].Columns[0] == Expression(Const(1)) || c.Lookups[0].Inputs[0] == Expression(Const(2)) ||
		c.Shuffles[0].Input[0] == Expression(Const(3)) || c.Shuffles[0].Shuffled[0] == Expression(Const(4)) ||
		c.Buses[0].Interactions[0].Multiplicity == Expression(Const(5)) || c.Buses[0].Interactions[1].Values[0] == Expression(Const(6)) ||
		c.Equality[0] != (Column{Instance, 0}) || c.ColumnName(a) != "a" || c.NumAdvice() != 1 || c.EqualityIndex(f) != -1 || len(c.Gates) != 1 || len(c.Buses) != 1 {
		t.Fatal("editing the original changed the clone")
	}
}
