package circuit

import (
	"errors"
	"testing"

	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/mock"
)

// dispatch exercises br_table (in range, default, far out of range, with a kept value),
// call_indirect and wrap. ind is the table index of an extra indirect call at the end.
func dispatch(t *testing.T, ind uint32) *Image {
	b := NewBuilder("main", 64)
	b.Globals(0, 0, 0, 0)
	b.Func("main", 0, 2) // acc, i
	b.Emit(I32Const(5), LocalSet(0))
	b.Label("loop")
	b.Emit(Nop(), Nop(), Nop(), Nop()) // block ×4
	b.Emit(LocalGet(1))
	b.BrTable([]BrLabel{{Label: "L0"}, {Label: "L1"}, {Label: "L2"}}, BrLabel{Label: "done"})
	b.Label("L0")
	b.Emit(LocalGet(0), I32Const(0))
	b.CallIndirect(0)
	b.Emit(LocalSet(0))
	b.Br("next", 0, 0)
	b.Label("L1")
	b.Emit(LocalGet(0), I32Const(1))
	b.CallIndirect(0)
	b.Emit(LocalSet(0))
	b.Br("next", 0, 0)
	b.Label("L2")
	b.Emit(LocalGet(0), I32Const(100), IAdd(false), LocalSet(0))
	b.Br("next", 0, 0)
	b.Label("next")
	b.Emit(LocalGet(1), I32Const(1), IAdd(false), LocalSet(1))
	b.Br("loop", 0, 0)
	b.Label("done")
	b.Emit(LocalGet(0), GlobalSet(0))
	b.Emit(I64Const(1<<40+7), Wrap(), GlobalSet(1))
	// A kept value across a br_table far out of range, with a value dropped below it.
	b.Emit(I32Const(9), I32Const(42), I32Const(1000))
	b.BrTable([]BrLabel{{Label: "kept", Drop: 1, Keep: 1}}, BrLabel{Label: "kept", Drop: 1, Keep: 1})
	b.Label("kept")
	b.Emit(GlobalSet(2))
	b.Emit(I32Const(3), I32Const(4), I32Const(ind))
	b.CallIndirect(1)
	b.Emit(GlobalSet(3))
	b.Return(0)

	b.Func("add1", 1, 1)
	b.Emit(LocalGet(0), I32Const(1), IAdd(false))
	b.Return(1)
	b.Func("dbl", 1, 1)
	b.Emit(LocalGet(0), LocalGet(0), IAdd(false))
	b.Return(1)
	b.Func("sub2", 2, 3)
	b.Emit(LocalGet(0), LocalGet(1), ISub(false), LocalGet(2), IAdd(false))
	b.Return(1)
	b.TableSet([]string{"add1", "dbl", "", "sub2"}, map[string]uint64{"add1": 0, "dbl": 0, "sub2": 1})
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func TestDispatch(t *testing.T) {
	img := dispatch(t, 3)
	c, pre, w, ex, err := Assign(img, Inputs{}, testParams)
	if err != nil {
		t.Fatal(err)
	}
	for g, want := range map[int]uint64{0: 112, 1: 7, 2: 42, 3: 0xffffffff} {
		if got, _ := global(ex, g); got != want {
			t.Fatalf("global %d = %d, want %d", g, got, want)
		}
	}
	if err := mock.Verify(c.CS, pre, w); err != nil {
		t.Fatalf("honest witness rejected: %v", err)
	}
	T := func(c *columns) plonkish.Column { return c.t }
	for _, tc := range []struct {
		name  string
		class Class
		skip  int
		col   func(*columns) plonkish.Column
		next  bool
	}{
		{"br_table target", ClassBrTable, 1, func(c *columns) plonkish.Column { return c.b }, false},
		{"br_table pc", ClassBrTable, 1, func(c *columns) plonkish.Column { return c.pc }, true},
		{"br_table drop", ClassBrTable, 4, func(c *columns) plonkish.Column { return c.hl[0] }, false},
		{"br_table refill", ClassBrTable, 4, func(c *columns) plonkish.Column { return c.hl[1] }, false},
		{"br_table in-range flag", ClassBrTable, 3, func(c *columns) plonkish.Column { return c.c }, false},
		{"br_table effective index", ClassBrTable, 3, func(c *columns) plonkish.Column { return c.kk }, false},
		{"br_table kept value", ClassBrTable, 4, T, true},
		{"call_indirect callee", ClassCallIndirect, 0, func(c *columns) plonkish.Column { return c.b }, false},
		{"call_indirect params", ClassCallIndirect, 2, func(c *columns) plonkish.Column { return c.hl[0] }, false},
		{"call_indirect locals", ClassCallIndirect, 2, func(c *columns) plonkish.Column { return c.hl[1] }, false},
		{"call_indirect fp", ClassCallIndirect, 1, func(c *columns) plonkish.Column { return c.fp }, true},
		{"call_indirect return", ClassReturn, 1, T, true},
		{"wrap result", ClassWrap, 0, T, true},
		{"wrap high part", ClassWrap, 0, func(c *columns) plonkish.Column { return c.hl[0] }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := findRow(t, ex, tc.class, tc.skip)
			if tc.next {
				r++
			}
			col := tc.col(c.cols)
			if tamperAccepted(c, pre, w, col, r) {
				t.Fatalf("tampered %s at row %d accepted", c.CS.ColumnName(col), r)
			}
		})
	}
}

func TestCallIndirectTraps(t *testing.T) {
	for _, ind := range []uint32{2, 0, 4, 1 << 20} { // uninitialised, wrong type, out of range ×2
		if _, _, _, _, err := Assign(dispatch(t, ind), Inputs{}, testParams); !errors.Is(err, ErrTrap) {
			t.Fatalf("index %d: err = %v, want a trap", ind, err)
		}
	}
}

// TestForgedIndirectTarget: redirecting a call_indirect to a function of another type is
// rejected even when the rest of the witness is consistent with that call.
func TestForgedIndirectTarget(t *testing.T) {
	img := dispatch(t, 3)
	c, pre, w, ex, err := Assign(img, Inputs{}, testParams)
	if err != nil {
		t.Fatal(err)
	}
	r := findRow(t, ex, ClassCallIndirect, 2)
	// Claim the row called table entry 0 (type 0) while expecting type 1.
	w.Advice[c.cols.b.Index][r].SetUint64(img.Table[0].Entry)
	w.Advice[c.cols.hl[0].Index][r].SetUint64(img.Table[0].Params)
	w.Advice[c.cols.hl[1].Index][r].SetUint64(img.Table[0].Locals)
	if err := mock.Verify(c.CS, pre, w); err == nil {
		t.Fatal("call_indirect to a function of the wrong type accepted")
	}
}

// TestForgedBrTableEntry: a br_table row that claims another valid entry (its target,
// drop and refill consistent with that entry) is rejected: the effective index is bound
// to the popped index.
func TestForgedBrTableEntry(t *testing.T) {
	img := dispatch(t, 3)
	c, pre, w, ex, err := Assign(img, Inputs{}, testParams)
	if err != nil {
		t.Fatal(err)
	}
	if err := mock.Verify(c.CS, pre, w); err != nil {
		t.Fatal(err)
	}
	// A complete alternative execution: index 0 takes entry 2's branch. Run it on a copy
	// of the image whose entry 0 points where entry 2 does, then claim entry 2 on that row.
	r := findRow(t, ex, ClassBrTable, 0)
	site := int(ex.Rows[r].PC)
	img2 := *img
	img2.BrTable = append([]BrEntry{}, img.BrTable...)
	e2, _ := img.brEntry(site, 2)
	for i := range img2.BrTable {
		if img2.BrTable[i].Site == site && img2.BrTable[i].K == 0 {
			img2.BrTable[i].Target = e2.Target
		}
	}
	ex2, err := Run(&img2, Inputs{}, c.Usable())
	if err != nil {
		t.Fatal(err)
	}
	w2, err := c.Witness(ex2)
	if err != nil {
		t.Fatal(err)
	}
	r2 := findRow(t, ex2, ClassBrTable, 0)
	w2.Advice[c.cols.kk.Index][r2].SetUint64(2)
	if err := mock.Verify(c.CS, pre, w2); err == nil {
		t.Fatal("br_table row taking the entry of another index accepted")
	}
}
