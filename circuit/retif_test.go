package circuit

import (
	"testing"

	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/mock"
)

// TestConditionalReturn: br_if to the function body, taken and not taken, with and
// without a result; one tampered cell of each kind of row is rejected.
func TestConditionalReturn(t *testing.T) {
	m := loadGuest(t, "circuit/retif.wat.wasm")
	img, err := Compile(m, "zkmain", CompileOptions{StackSize: 256})
	if err != nil {
		t.Fatal(err)
	}
	in := Inputs{Public: []uint64{13}}
	c, pre, w, ex, err := Assign(img, in, testParams)
	if err != nil {
		t.Fatal(err)
	}
	crossCheck(t, m, img, "zkmain", nil, in, ex)
	if want := []uint64{8, 3, 7, 99, 13, 35, 20, 20, 13, 77}; len(ex.PublicOut) != len(want) {
		t.Fatalf("outputs %v, want %v", ex.PublicOut, want)
	} else {
		for i := range want {
			if ex.PublicOut[i] != want[i] {
				t.Fatalf("outputs %v, want %v", ex.PublicOut, want)
			}
		}
	}
	if err := mock.Verify(c.CS, pre, w); err != nil {
		t.Fatalf("honest witness rejected: %v", err)
	}
	// br_table return entries: with a result (pick) and void (maybe77's default).
	for _, tc := range []struct {
		name string
		skip int
		col  plonkish.Column
		next bool
	}{
		{"br_table return T'", 1, c.cols.t, true},
		{"br_table return pc'", 1, c.cols.pc, true},
		{"br_table return h'", 1, c.cols.h, true},
		{"br_table return fp'", 1, c.cols.fp, true},
		{"br_table return flag", 1, c.cols.hl[2], false},
		{"br_table return arity", 1, c.cols.hl[0], false},
		{"br_table void return h'", 3, c.cols.h, true},
		{"br_table void return T'", 3, c.cols.t, true},
		{"br_table void return cid'", 3, c.cols.cid, true},
		{"br_table branch flag", 0, c.cols.hl[2], false},
	} {
		r := findRow(t, ex, ClassBrTable, tc.skip)
		if tc.next {
			r++
		}
		old := w.Advice[tc.col.Index][r]
		bump(w, tc.col, r, 1)
		if err := mock.Verify(c.CS, pre, w); err == nil {
			t.Errorf("%s: tampered %s at row %d accepted", tc.name, c.CS.ColumnName(tc.col), r)
		}
		w.Advice[tc.col.Index][r] = old
	}
	// Rows: taken / not taken, with a result (F1) or without.
	find := func(taken, result bool) int {
		for r, row := range ex.Rows {
			if row.Class == ClassRetIf && (row.T != 0) == taken && row.F1 == result {
				return r
			}
		}
		t.Fatalf("no return_if row taken=%v result=%v", taken, result)
		return 0
	}
	cols := c.cols
	for _, tc := range []struct {
		name          string
		taken, result bool
		col           plonkish.Column
		next          bool
	}{
		{"taken result T'", true, true, cols.t, true},
		{"taken result pc'", true, true, cols.pc, true},
		{"taken result h'", true, true, cols.h, true},
		{"taken result fp'", true, true, cols.fp, true},
		{"taken result read", true, true, cols.a, false},
		{"taken result zero bit", true, true, cols.z, false},
		{"taken condition", true, true, cols.t, false},
		{"taken void T'", true, false, cols.t, true},
		{"taken void h'", true, false, cols.h, true},
		{"taken void cid'", true, false, cols.cid, true},
		{"taken void refill address", true, false, cols.addr1, false},
		{"not taken pc'", false, true, cols.pc, true},
		{"not taken h'", false, true, cols.h, true},
		{"not taken T'", false, true, cols.t, true},
		{"not taken zero bit", false, true, cols.z, false},
		{"not taken void fp'", false, false, cols.fp, true},
		{"not taken void cid'", false, false, cols.cid, true},
		{"not taken void zero bit", false, false, cols.z, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := find(tc.taken, tc.result)
			if tc.next {
				r++
			}
			old := w.Advice[tc.col.Index][r]
			bump(w, tc.col, r, 1)
			defer func() { w.Advice[tc.col.Index][r] = old }()
			if err := mock.Verify(c.CS, pre, w); err == nil {
				t.Fatalf("tampered %s at row %d accepted", c.CS.ColumnName(tc.col), r)
			}
		})
	}
}

// TestStartFunction: the start function runs from the entry stub before the entry (its
// public input comes after the entry's arguments, as on the interpreter); skipping its
// call or changing what it computes is rejected.
func TestStartFunction(t *testing.T) {
	m := loadGuest(t, "circuit/start.wat.wasm")
	img, err := Compile(m, "twice", CompileOptions{StackSize: 64})
	if err != nil {
		t.Fatal(err)
	}
	in := Inputs{Public: []uint64{8, 100}}
	c, pre, w, ex, err := Assign(img, in, testParams)
	if err != nil {
		t.Fatal(err)
	}
	crossCheck(t, m, img, "twice", []uint64{8}, in, ex)
	if got := ex.PublicOut; len(got) != 1 || got[0] != 109 {
		t.Fatalf("outputs %v, want [109]", got)
	}
	if err := mock.Verify(c.CS, pre, w); err != nil {
		t.Fatalf("honest witness rejected: %v", err)
	}
	r := findRow(t, ex, ClassCall, 0) // the stub's call of the start function
	if ex.Rows[r].Imm != uint64(FuncBase(m, img)[0]) {
		t.Fatalf("first call goes to pc %d, want the start function", ex.Rows[r].Imm)
	}
	for _, tc := range []struct {
		name string
		col  plonkish.Column
		row  int
	}{
		{"start entry pc", c.cols.pc, r + 1},
		{"global set by start", c.cols.t, findRow(t, ex, ClassGlobalSet, 0)},
	} {
		old := w.Advice[tc.col.Index][tc.row]
		bump(w, tc.col, tc.row, 1)
		if err := mock.Verify(c.CS, pre, w); err == nil {
			t.Errorf("%s: tampered %s at row %d accepted", tc.name, c.CS.ColumnName(tc.col), tc.row)
		}
		w.Advice[tc.col.Index][tc.row] = old
	}
}
