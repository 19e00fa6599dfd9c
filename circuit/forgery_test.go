package circuit

// Consistent forgeries: an execution that is internally coherent (built by running a
// modified program or editing the rows and regenerating the witness) but differs from
// what the image says. Each is rejected by exactly one or two constraints (found by an
// audit that deleted constraints one at a time), so these tests pin those constraints:
// the one-cell tamper tests elsewhere are caught earlier by the buses and would not
// notice if these constraints were removed.

import (
	"testing"

	"github.com/zkwasm/zkwasm/plonkish/mock"
)

// A run from a different initial global (99 instead of the image's 7), checked against
// the original image's fixed columns: only the "initial value" lookup rejects it.
func TestForgeryInitialGlobal(t *testing.T) {
	b := NewBuilder("main", 32)
	b.Globals(7, 0)
	b.Func("main", 0, 0)
	b.Emit(GlobalGet(0), GlobalSet(1))
	b.Return(0)
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	c, pre, _, _, err := Assign(img, Inputs{}, testParams)
	if err != nil {
		t.Fatal(err)
	}
	img2 := *img
	img2.Globals = []uint64{99, 0}
	ex2, err := Run(&img2, Inputs{}, c.Usable())
	if err != nil {
		t.Fatal(err)
	}
	w2, err := c.Witness(ex2)
	if err != nil {
		t.Fatal(err)
	}
	if err := mock.Verify(c.CS, pre, w2); err == nil {
		t.Fatal("accepted: a run with global0 = 99 against an image with global0 = 7")
	}
}

// A call_indirect redirected to another function of the same shape, with the whole
// execution consistent with that call: only the "dynamic target" lookup rejects it.
func TestForgeryIndirectTargetConsistent(t *testing.T) {
	img := dispatch(t, 3)
	c, pre, _, _, err := Assign(img, Inputs{}, testParams)
	if err != nil {
		t.Fatal(err)
	}
	img2 := *img
	img2.Table = append([]*TableEntry{}, img.Table...)
	e := *img.Table[3]
	e.Entry = img.Table[0].Entry
	e.Params, e.Locals = img.Table[0].Params, img.Table[0].Locals
	img2.Table[3] = &e
	ex2, err := Run(&img2, Inputs{}, c.Usable())
	if err != nil {
		t.Fatal(err)
	}
	w2, err := c.Witness(ex2)
	if err != nil {
		t.Fatal(err)
	}
	if err := mock.Verify(c.CS, pre, w2); err == nil {
		t.Fatal("accepted: a consistent call_indirect to another table entry")
	}
}

// A local.get that skips its memory read (slot 2 disabled) and pushes 6 where 5 was
// stored, with the global write and the final memory tokens made consistent: only the
// "slot2 enable" rule rejects it.
func TestForgerySkippedRead(t *testing.T) {
	b := NewBuilder("main", 32)
	b.Globals(0)
	b.Func("main", 0, 1)
	b.Emit(I32Const(5), LocalSet(0), LocalGet(0), GlobalSet(0))
	b.Return(0)
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(img, testParams)
	if err != nil {
		t.Fatal(err)
	}
	pre := c.Preprocessed()
	ex, err := Run(img, Inputs{}, c.Usable())
	if err != nil {
		t.Fatal(err)
	}
	r := -1
	for i, row := range ex.Rows {
		if row.Class == ClassLocalGet {
			r = i
		}
	}
	if r < 0 {
		t.Fatal("no local.get row")
	}
	addr := ex.Rows[r].Slot[1].Addr
	setTS := ex.Rows[r].PTS2
	ex.Rows[r].Slot[1].On = false
	ex.Rows[r].B = 6
	ex.Rows[r].Slot[1].Write = 6
	ex.Rows[r+1].T = 6
	ex.Rows[r+1].Slot[1].Write = 6
	for i := range ex.Rows {
		row := &ex.Rows[i]
		if row.Class != ClassBoundary {
			continue
		}
		if row.T == addr {
			row.PTS1 = setTS
		}
		if row.T == GlobalBase {
			row.B = 6
		}
	}
	w, err := c.Witness(ex)
	if err != nil {
		t.Fatal(err)
	}
	if err := mock.Verify(c.CS, pre, w); err == nil {
		t.Fatal("accepted: a local.get without a memory read returned 6 (5 was stored)")
	}
}
