package circuit

import (
	"testing"

	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/mock"
)

// TestShrSConst: i32/i64 shr_s by constant counts (0, 1, w − 1, ≥ w, negative and
// non-negative operands) give the interpreter's results; one tampered cell (result,
// operand, operand byte, sign bit, high part, count) is rejected.
func TestShrSConst(t *testing.T) {
	if testing.Short() {
		t.Skip("the AND table needs 2^17 rows")
	}
	type tc struct {
		w64  bool
		x, k uint64
		want uint64
	}
	var cases []tc
	for _, k := range []uint64{0, 1, 7, 31, 32, 63, 64, 70} {
		for _, x := range []uint64{0xf00dfacecafebeef, 0x700dfacecafebeef, 1 << 63, 0} {
			cases = append(cases, tc{true, x, k, uint64(int64(x) >> (k % 64))})
		}
		for _, y := range []uint32{0x80000001, 0x7ffffff3, 0xffffffff, 5} {
			cases = append(cases, tc{false, uint64(y), k, uint64(uint32(int32(y) >> (k % 32)))})
		}
	}
	b := NewBuilder("main", 64)
	b.Globals(make([]uint64, len(cases))...)
	b.Func("main", 0, 0)
	for i, c := range cases {
		if c.w64 {
			b.Emit(I64Const(c.x), I64Const(c.k))
		} else {
			b.Emit(I32Const(uint32(c.x)), I32Const(uint32(c.k)))
		}
		b.Emit(ShrSK(c.w64, c.k), GlobalSet(i))
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
		if got, _ := global(ex, i); got != tc.want {
			t.Fatalf("case %d (%+v): got %#x, want %#x", i, tc, got, tc.want)
		}
	}
	if err := mock.Verify(c.CS, pre, w); err != nil {
		t.Fatalf("honest witness rejected: %v", err)
	}
	// Rows: case 4·8·j + i; i64 cases 0..3, i32 cases 4..7 for each count. Case 8+0 is i64
	// 0xf00d… >> 1 (negative), 8+5 is i32 0x7ffffff3 >> 1 (non-negative), 8+4 is i32
	// 0x80000001 >> 1 (negative).
	for _, tm := range []struct {
		name string
		skip int
		col  func(*columns) plonkish.Column
		next bool
	}{
		{"i64 result", 8, func(c *columns) plonkish.Column { return c.t }, true},
		{"i32 result", 12, func(c *columns) plonkish.Column { return c.t }, true},
		{"i64 operand", 8, func(c *columns) plonkish.Column { return c.a }, false},
		{"i32 operand", 13, func(c *columns) plonkish.Column { return c.a }, false},
		{"i64 sign bit", 8, func(c *columns) plonkish.Column { return c.sb }, false},
		{"i32 sign bit (negative)", 12, func(c *columns) plonkish.Column { return c.sb }, false},
		{"i32 sign bit (non-negative)", 13, func(c *columns) plonkish.Column { return c.sb }, false},
		{"i32 top operand byte", 12, func(c *columns) plonkish.Column { return c.y[7] }, false},
		{"i32 unused operand byte", 12, func(c *columns) plonkish.Column { return c.y[3] }, false},
		{"high part", 8, func(c *columns) plonkish.Column { return c.hl[0] }, false},
		{"low part", 8, func(c *columns) plonkish.Column { return c.l[7] }, false},
		{"count", 8, func(c *columns) plonkish.Column { return c.imm3 }, false},
	} {
		r := findRow(t, ex, ClassShrSK, tm.skip)
		if tm.next {
			r++
		}
		col := tm.col(c.cols)
		if tamperAccepted(c, pre, w, col, r) {
			t.Errorf("%s: tampered %s at row %d accepted", tm.name, c.CS.ColumnName(col), r)
		}
	}
	// A forged sign: flip sign_b and Y7's top bit together (the operand bytes then no
	// longer sum to A) on a non-negative i32 operand.
	r := findRow(t, ex, ClassShrSK, 13)
	old7, oldS := w.Advice[c.cols.y[7].Index][r], w.Advice[c.cols.sb.Index][r]
	bump(w, c.cols.y[7], r, 0x80)
	bump(w, c.cols.sb, r, 1)
	if err := mock.Verify(c.CS, pre, w); err == nil {
		t.Error("forged sign accepted")
	}
	w.Advice[c.cols.y[7].Index][r], w.Advice[c.cols.sb.Index][r] = old7, oldS
}

// TestShrSConstCompiled: shrs.wat compiles (shr_s by constants become ClassShrSK), runs
// like the interpreter and verifies, for negative and non-negative inputs.
func TestShrSConstCompiled(t *testing.T) {
	if testing.Short() {
		t.Skip("the AND table needs 2^17 rows")
	}
	m := loadGuest(t, "circuit/shrs.wat.wasm")
	img, err := Compile(m, "zkmain", CompileOptions{StackSize: 64})
	if err != nil {
		t.Fatal(err)
	}
	if !img.uses(ClassShrSK) {
		t.Fatal("no shr_s row in the image")
	}
	for _, x := range []uint64{0x8000000080000000, 0xfedcba9876543210, 0x0123456789abcdef, 0} {
		in := Inputs{Public: []uint64{x}}
		c, pre, w, ex, err := Assign(img, in, DefaultParams(17))
		if err != nil {
			t.Fatal(err)
		}
		crossCheck(t, m, img, "zkmain", nil, in, ex)
		if err := mock.Verify(c.CS, pre, w); err != nil {
			t.Fatalf("x = %#x: honest witness rejected: %v", x, err)
		}
	}
}

// TestShrS32: i32 shr_s by dynamic counts (counts ≥ 32 wrap) matches Go; one tampered cell
// (result, operand, its top byte, sign bit, count, power) is rejected.
func TestShrS32(t *testing.T) {
	if testing.Short() {
		t.Skip("the AND table needs 2^17 rows")
	}
	type tc struct{ x, k, want uint32 }
	var cases []tc
	for _, x := range []uint32{0x80000001, 0x7ffffff3, 0xffffffff, 0, 0xdeadbeef} {
		for _, k := range []uint32{0, 1, 5, 31, 32, 33, 0xffffffff} {
			cases = append(cases, tc{x, k, uint32(int32(x) >> (k % 32))})
		}
	}
	b := NewBuilder("main", 64)
	b.Globals(make([]uint64, len(cases))...)
	b.Func("main", 0, 0)
	for i, c := range cases {
		b.Emit(I32Const(c.x), I32Const(c.k), I32ShrS(), GlobalSet(i))
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
	// Case 2: 0x80000001 >> 5 (negative); case 9: 0x7ffffff3 >> 5 (non-negative).
	for _, tm := range []struct {
		name string
		skip int
		col  func(*columns) plonkish.Column
		next bool
	}{
		{"negative result", 2, func(c *columns) plonkish.Column { return c.t }, true},
		{"non-negative result", 9, func(c *columns) plonkish.Column { return c.t }, true},
		{"operand", 2, func(c *columns) plonkish.Column { return c.a }, false},
		{"operand top byte", 2, func(c *columns) plonkish.Column { return c.y[7] }, false},
		{"unused operand byte", 2, func(c *columns) plonkish.Column { return c.y[4] }, false},
		{"sign bit (negative)", 2, func(c *columns) plonkish.Column { return c.sb }, false},
		{"sign bit (non-negative)", 9, func(c *columns) plonkish.Column { return c.sb }, false},
		{"count", 2, func(c *columns) plonkish.Column { return c.t }, false},
		{"power", 2, func(c *columns) plonkish.Column { return c.b }, false},
	} {
		r := findRow(t, ex, ClassShift32, tm.skip)
		if tm.next {
			r++
		}
		col := tm.col(c.cols)
		if tamperAccepted(c, pre, w, col, r) {
			t.Errorf("%s: tampered %s at row %d accepted", tm.name, c.CS.ColumnName(col), r)
		}
	}
	// The image flag is bound: an imm2 = 1 shr_u or rotate is refused.
	bad := &Image{Code: []Instr{{Class: ClassShift32, Imm2: 1}}, StackSize: 16}
	if err := bad.Validate(); err == nil {
		t.Error("shl with imm2 = 1 validated")
	}
}

// TestShrS64: i64 shr_s by dynamic counts (counts ≥ 64 wrap) matches Go; one tampered cell
// (result, operand, operand byte, sign bit, count byte) is rejected.
func TestShrS64(t *testing.T) {
	if testing.Short() {
		t.Skip("the AND table needs 2^17 rows")
	}
	type tc struct{ x, k, want uint64 }
	var cases []tc
	for _, x := range []uint64{1<<63 | 1, 1<<63 - 13, ^uint64(0), 0, 0xdeadbeefcafef00d} {
		for _, k := range []uint64{0, 1, 5, 63, 64, 65, ^uint64(0)} {
			cases = append(cases, tc{x, k, uint64(int64(x) >> (k % 64))})
		}
	}
	b := NewBuilder("main", 64)
	b.Globals(make([]uint64, len(cases))...)
	b.Func("main", 0, 0)
	for i, c := range cases {
		b.Emit(I64Const(c.x), I64Const(c.k), I64ShrS(), GlobalSet(i))
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
		if got, _ := global(ex, i); got != tc.want {
			t.Fatalf("case %d (%+v): got %#x, want %#x", i, tc, got, tc.want)
		}
	}
	if err := mock.Verify(c.CS, pre, w); err != nil {
		t.Fatalf("honest witness rejected: %v", err)
	}
	// Case 2: (1<<63|1) >> 5 (negative); case 9: (1<<63 − 13) >> 5 (non-negative).
	for _, tm := range []struct {
		name string
		skip int
		col  func(*columns) plonkish.Column
		next bool
	}{
		{"negative result", 2, func(c *columns) plonkish.Column { return c.t }, true},
		{"non-negative result", 9, func(c *columns) plonkish.Column { return c.t }, true},
		{"operand", 2, func(c *columns) plonkish.Column { return c.a }, false},
		{"operand top byte", 2, func(c *columns) plonkish.Column { return c.v[7] }, false},
		{"sign bit (negative)", 2, func(c *columns) plonkish.Column { return c.sv }, false},
		{"sign bit (non-negative)", 9, func(c *columns) plonkish.Column { return c.sv }, false},
		{"count byte", 2, func(c *columns) plonkish.Column { return c.y[0] }, false},
		{"high part", 2, func(c *columns) plonkish.Column { return c.hl[0] }, false},
	} {
		r := findRow(t, ex, ClassShift64, tm.skip)
		if tm.next {
			r++
		}
		col := tm.col(c.cols)
		if tamperAccepted(c, pre, w, col, r) {
			t.Errorf("%s: tampered %s at row %d accepted", tm.name, c.CS.ColumnName(col), r)
		}
	}
}
