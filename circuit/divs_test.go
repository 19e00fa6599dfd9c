package circuit

import (
	"errors"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/mock"
)

// TestDivRemS32: i32 div_s / rem_s over signs, zero quotients and remainders, INT_MIN
// (rem_s INT_MIN −1 = 0 is defined) match Go's truncated division; one tampered cell is
// rejected; division by zero and INT_MIN / −1 trap.
func TestDivRemS32(t *testing.T) {
	if testing.Short() {
		t.Skip("the AND table needs 2^17 rows")
	}
	vals := []int32{7, -7, 2, -2, 1, -1, 0, 3, -1 << 31, 1<<31 - 1, 100}
	type tc struct {
		x, y int32
		rem  bool
		want uint32
	}
	var cases []tc
	for _, x := range vals {
		for _, y := range vals {
			if y == 0 {
				continue
			}
			if !(x == -1<<31 && y == -1) {
				cases = append(cases, tc{x, y, false, uint32(x / y)})
			}
			cases = append(cases, tc{x, y, true, uint32(x % y)})
		}
	}
	b := NewBuilder("main", 64)
	b.Globals(make([]uint64, len(cases))...)
	b.Func("main", 0, 0)
	for i, c := range cases {
		op := I32DivS()
		if c.rem {
			op = I32RemS()
		}
		b.Emit(I32Const(uint32(c.x)), I32Const(uint32(c.y)), op, GlobalSet(i))
	}
	b.Return(0)
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	c, pre, w, ex, err := Assign(img, Inputs{}, DefaultParams(17))
	if err != nil {
		t.Fatal(err)
	}
	for i, tc := range cases {
		if got, _ := global(ex, i); got != uint64(tc.want) {
			t.Fatalf("case %d (%+v): got %#x, want %#x", i, tc, got, tc.want)
		}
	}
	if err := mock.Verify(c.CS, pre, w); err != nil {
		t.Fatalf("honest witness rejected: %v", err)
	}
	row := func(x, y int32, rem bool) int {
		k := 0
		for _, tc := range cases {
			if tc.x == x && tc.y == y && tc.rem == rem {
				return findRow(t, ex, ClassDivS32, k)
			}
			k++
		}
		t.Fatalf("no case %d %d %v", x, y, rem)
		return 0
	}
	T := func(c *columns) plonkish.Column { return c.t }
	for _, tm := range []struct {
		name string
		r    int
		col  func(*columns) plonkish.Column
		next bool
	}{
		{"div result", row(-7, 2, false), T, true},
		{"rem result", row(-7, 2, true), T, true},
		{"zero quotient", row(1, -7, false), T, true},
		{"zero remainder", row(-7, 1, true), T, true},
		{"dividend", row(-7, 2, false), func(c *columns) plonkish.Column { return c.a }, false},
		{"divisor", row(-7, 2, false), T, false},
		{"quotient byte", row(-7, 2, false), func(c *columns) plonkish.Column { return c.hl[0] }, false},
		{"remainder byte", row(-7, 2, true), func(c *columns) plonkish.Column { return c.y[3] }, false},
		{"remainder bound", row(100, 7, true), func(c *columns) plonkish.Column { return c.l[0] }, false},
		{"sign of A", row(-7, 2, false), func(c *columns) plonkish.Column { return c.sa }, false},
		{"sign of T", row(7, -2, false), func(c *columns) plonkish.Column { return c.sb }, false},
		{"sign of result", row(7, -2, false), func(c *columns) plonkish.Column { return c.b }, false},
		{"zero bit", row(1, -7, false), func(c *columns) plonkish.Column { return c.z }, false},
		{"sign constant", row(3, 2, false), func(c *columns) plonkish.Column { return c.l[3] }, false},
	} {
		r := tm.r
		if tm.next {
			r++
		}
		col := tm.col(c.cols)
		if tamperAccepted(c, pre, w, col, r) {
			t.Errorf("%s: tampered %s at row %d accepted", tm.name, c.CS.ColumnName(col), r)
		}
	}
	// A remainder as large as the divisor (q one too small) is rejected.
	{
		r := row(100, 7, true) // 100 = 14·7 + 2: claim 13·7 + 9
		saved := map[plonkish.Column]fr.Element{}
		for _, col := range []plonkish.Column{c.cols.hl[0], c.cols.y[3], c.cols.l[0], c.cols.x[0]} {
			saved[col] = w.Advice[col.Index][r]
		}
		w.Advice[c.cols.hl[0].Index][r].SetUint64(13)
		w.Advice[c.cols.y[3].Index][r].SetUint64(9)
		w.Advice[c.cols.l[0].Index][r].SetInt64(7 - 9 - 1)
		if err := mock.Verify(c.CS, pre, w); err == nil {
			t.Error("remainder ≥ divisor accepted")
		}
		for col, v := range saved {
			w.Advice[col.Index][r] = v
		}
	}

	// Traps: no run, and the forged INT_MIN / −1 row fails the overflow constraint.
	for _, tr := range []struct {
		x, y int32
		op   Instr
	}{{5, 0, I32DivS()}, {5, 0, I32RemS()}, {-1 << 31, -1, I32DivS()}} {
		b := NewBuilder("main", 16)
		b.Func("main", 0, 0)
		b.Emit(I32Const(uint32(tr.x)), I32Const(uint32(tr.y)), tr.op, Drop())
		b.Return(0)
		img, _ := b.Build()
		if _, _, _, _, err := Assign(img, Inputs{}, DefaultParams(17)); !errors.Is(err, ErrTrap) {
			t.Errorf("%d / %d: err = %v, want a trap", tr.x, tr.y, err)
		}
	}
	forgeOverflow(t)
}

// forgeOverflow takes the honest witness of rem_s INT_MIN −1 (= 0) and turns its row into
// div_s INT_MIN −1 = 2^31 (consistent in every cell); the div_s circuit rejects it by the
// overflow constraint.
func forgeOverflow(t *testing.T) {
	prog := func(op Instr) *Image {
		b := NewBuilder("main", 16)
		b.Func("main", 0, 0)
		b.Emit(I32Const(1<<31), I32Const(0xffffffff), op, Drop())
		b.Return(0)
		img, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
	p := DefaultParams(17)
	c, _, w, ex, err := Assign(prog(I32RemS()), Inputs{}, p)
	if err != nil {
		t.Fatal(err)
	}
	cDiv, err := New(prog(I32DivS()), p)
	if err != nil {
		t.Fatal(err)
	}
	pre := cDiv.Preprocessed()
	r := findRow(t, ex, ClassDivS32, 0)
	cols := c.cols
	w.Advice[cols.f1.Index][r].SetZero()
	w.Advice[cols.b.Index][r].SetZero() // sign of the quotient: positive
	w.Advice[cols.z.Index][r].SetZero() // |q| = 2^31 ≠ 0
	var inv fr.Element
	inv.SetUint64(1 << 31)
	inv.Inverse(&inv)
	w.Advice[cols.inv.Index][r] = inv
	w.Advice[cols.t.Index][r+1].SetUint64(1 << 31) // the drop row's T: never stored
	err = mock.Verify(cDiv.CS, pre, w)
	if err == nil {
		t.Fatal("INT_MIN / −1 accepted")
	}
	if !strings.Contains(err.Error(), "INT_MIN") {
		t.Fatalf("INT_MIN / −1 rejected, but not by the overflow constraint: %v", err)
	}
}

// TestDivRemS32Compiled: divs.wat compiles, runs like the interpreter and verifies; its
// trapping inputs (b = 0, INT_MIN / −1) have no run.
func TestDivRemS32Compiled(t *testing.T) {
	if testing.Short() {
		t.Skip("the AND table needs 2^17 rows")
	}
	m := loadGuest(t, "circuit/divs.wat.wasm")
	img, err := Compile(m, "zkmain", CompileOptions{StackSize: 64})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range [][2]uint64{{0xfffffff9, 2}, {7, 0xfffffffe}, {0x80000000, 1}, {0, 5}} {
		inp := Inputs{Public: in[:]}
		c, pre, w, ex, err := Assign(img, inp, DefaultParams(17))
		if err != nil {
			t.Fatal(err)
		}
		crossCheck(t, m, img, "zkmain", nil, inp, ex)
		if err := mock.Verify(c.CS, pre, w); err != nil {
			t.Fatalf("%v: honest witness rejected: %v", in, err)
		}
	}
	for _, in := range [][2]uint64{{5, 0}, {0x80000000, 0xffffffff}} {
		if _, _, _, _, err := Assign(img, Inputs{Public: in[:]}, DefaultParams(17)); !errors.Is(err, ErrTrap) {
			t.Errorf("%v: err = %v, want a trap", in, err)
		}
	}
}
