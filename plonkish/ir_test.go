package plonkish

import (
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

func TestEvaluateRowWrapsAndComputes(t *testing.T) {
	var cs ConstraintSystem
	a := cs.AdviceColumn("a")
	q := cs.Selector("q")
	// q · (a@+1 − a − a@−1) − 3
	e := Sub(Mul(q.Cur(), Sub(a.Next(), Add(a.Cur(), a.Prev()))), Const(3))
	if d := e.Degree(); d != 2 {
		t.Fatalf("degree = %d, want 2", d)
	}
	n := 4
	vals := map[Column][]uint64{a: {1, 2, 3, 10}, q: {1, 1, 1, 1}}
	cell := func(c Column, row int) fr.Element {
		var v fr.Element
		v.SetUint64(vals[c][row])
		return v
	}
	// Row 0: a@+1 = 2, a = 1, a@-1 = a[3] = 10 → 2 − 11 − 3 = −12.
	got := EvaluateRow(e, 0, n, cell)
	var want fr.Element
	want.SetInt64(-12)
	if !got.Equal(&want) {
		t.Fatalf("row 0: got %s, want -12", FormatElement(got))
	}
	// Row 3: a@+1 = a[0] = 1, a = 10, a@-1 = 3 → 1 − 13 − 3 = −15.
	got = EvaluateRow(e, 3, n, cell)
	want.SetInt64(-15)
	if !got.Equal(&want) {
		t.Fatalf("row 3: got %s, want -15", FormatElement(got))
	}
	if s := Format(e, &cs); !strings.Contains(s, "a@+1") || !strings.Contains(s, "a@-1") {
		t.Fatalf("Format = %q, want rotations named", s)
	}
}

func TestValidateRejectsBadLookupsAndColumns(t *testing.T) {
	var cs ConstraintSystem
	a := cs.AdviceColumn("a")
	tab := cs.FixedColumn("t")
	id := cs.AddTable("range", tab.Cur())
	cs.AddLookup("ok", id, a.Cur())
	if err := cs.Validate(); err != nil {
		t.Fatalf("valid system rejected: %v", err)
	}
	cs.AddLookup("arity", id, a.Cur(), a.Next())
	cs.AddLookup("table", 7, a.Cur())
	cs.CreateGate("ghost", Column{Advice, 5}.Cur())
	err := cs.Validate()
	if err == nil {
		t.Fatal("invalid system accepted")
	}
	for _, want := range []string{`lookup "arity"`, `lookup "table"`, `gate "ghost"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
}

func TestCheckShapes(t *testing.T) {
	var cs ConstraintSystem
	a := cs.AdviceColumn("a")
	inst := cs.InstanceColumn("pub")
	f := cs.FixedColumn("f")
	p := NewPreprocessed(&cs, 4)
	w := NewWitness(&cs, 4)
	p.AddCopy(inst, 0, inst, 1)
	if err := CheckShapes(&cs, p, w); err != nil {
		t.Fatalf("good shapes rejected: %v", err)
	}
	p.AddCopy(a, 0, f, 1) // neither column is equality-enabled
	w.Advice[0] = w.Advice[0][:3]
	err := CheckShapes(&cs, p, w)
	if err == nil || !strings.Contains(err.Error(), "not equality-enabled") || !strings.Contains(err.Error(), "has 3 rows") {
		t.Fatalf("bad shapes: err = %v", err)
	}
	if got := cs.BlindingRows(); got != 5 {
		t.Fatalf("BlindingRows = %d, want 5", got)
	}
}
