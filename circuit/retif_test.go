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
	if want := []uint64{8, 3, 7, 99, 13}; len(ex.PublicOut) != len(want) {
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
