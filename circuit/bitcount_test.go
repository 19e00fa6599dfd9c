package circuit

import (
	"math/bits"
	"strings"
	"testing"

	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/mock"
)

// TestClzCtz: i32/i64 clz and ctz (zero, one, top bit, all ones, odd and even values)
// match math/bits; one tampered cell (result, operand, product byte, constant, zero bit,
// power) is rejected.
func TestClzCtz(t *testing.T) {
	if testing.Short() {
		t.Skip("the AND table needs 2^17 rows")
	}
	type tc struct {
		w64, ctz bool
		x, want  uint64
		pop      bool
	}
	var cases []tc
	for _, x := range []uint64{0, 1, 1 << 63, ^uint64(0), 0x00f0000000000000, 12, 0x80000000} {
		cases = append(cases, tc{true, false, x, uint64(bits.LeadingZeros64(x)), false}, tc{true, true, x, uint64(bits.TrailingZeros64(x)), false})
		y := uint32(x)
		if x == 1<<63 {
			y = 0x40000000
		}
		cases = append(cases, tc{false, false, uint64(y), uint64(bits.LeadingZeros32(y)), false}, tc{false, true, uint64(y), uint64(bits.TrailingZeros32(y)), false})
	}
	npop := 0 // popcnt cases last: i64 then i32 for each value
	for _, x := range []uint64{0, ^uint64(0), 0x8040201008040201, 0xf0f0} {
		cases = append(cases, tc{true, false, x, uint64(bits.OnesCount64(x)), true}, tc{false, false, x & (1<<32 - 1), uint64(bits.OnesCount32(uint32(x))), true})
		npop += 2
	}
	b := NewBuilder("main", 64)
	b.Globals(make([]uint64, len(cases))...)
	b.Func("main", 0, 0)
	for i, c := range cases {
		if c.w64 {
			b.Emit(I64Const(c.x))
		} else {
			b.Emit(I32Const(uint32(c.x)))
		}
		op := Clz(c.w64)
		if c.ctz {
			op = Ctz(c.w64)
		}
		if c.pop {
			op = Popcnt(c.w64)
		}
		b.Emit(op, GlobalSet(i))
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
			t.Fatalf("case %d (%+v): got %d, want %d", i, tc, got, tc.want)
		}
	}
	if err := mock.Verify(c.CS, pre, w); err != nil {
		t.Fatalf("honest witness rejected: %v", err)
	}
	if npop != 8 || len(cases) != 28+npop {
		t.Fatalf("case layout changed: %d cases", len(cases))
	}
	// Rows by case: 4·i + (0 i64 clz, 1 i64 ctz, 2 i32 clz, 3 i32 ctz) for the i-th value;
	// value 5 is 12, value 0 is 0.
	T := func(c *columns) plonkish.Column { return c.t }
	for _, tm := range []struct {
		name string
		skip int
		col  func(*columns) plonkish.Column
		next bool
	}{
		{"i64 clz result", 20, T, true},
		{"i64 ctz result", 21, T, true},
		{"i32 clz result", 22, T, true},
		{"i32 ctz result", 23, T, true},
		{"clz of zero", 0, T, true},
		{"ctz of zero", 3, T, true},
		{"i64 clz operand", 20, T, false},
		{"i32 ctz operand", 23, T, false},
		{"clz product byte", 22, func(c *columns) plonkish.Column { return c.l[3] }, false},
		{"clz constant", 22, func(c *columns) plonkish.Column { return c.hl[3] }, false},
		{"ctz high part", 21, func(c *columns) plonkish.Column { return c.hl[0] }, false},
		{"ctz constant", 21, func(c *columns) plonkish.Column { return c.l[0] }, false},
		{"count cell", 21, func(c *columns) plonkish.Column { return c.kk }, false},
		{"power", 20, func(c *columns) plonkish.Column { return c.b }, false},
		{"zero bit", 0, func(c *columns) plonkish.Column { return c.z }, false},
		{"i64 popcnt result", 28 + 4, T, true},
		{"i32 popcnt result", 28 + 5, T, true},
		{"popcnt of all ones", 28 + 2, T, true},
		{"popcnt operand", 28 + 4, T, false},
		{"popcnt byte count", 28 + 4, func(c *columns) plonkish.Column { return c.hl[1] }, false},
		{"popcnt operand byte", 28 + 4, func(c *columns) plonkish.Column { return c.l[1] }, false},
		{"popcnt count cell", 28 + 4, func(c *columns) plonkish.Column { return c.kk }, false},
	} {
		r := findRow(t, ex, ClassBitCount, tm.skip)
		if tm.next {
			r++
		}
		col := tm.col(c.cols)
		if tamperAccepted(c, pre, w, col, r) {
			t.Errorf("%s: tampered %s at row %d accepted", tm.name, c.CS.ColumnName(col), r)
		}
	}
}

// TestClzCtzCompiled: clzctz.wat compiles, runs like the interpreter and verifies.
func TestClzCtzCompiled(t *testing.T) {
	if testing.Short() {
		t.Skip("the AND table needs 2^17 rows")
	}
	m := loadGuest(t, "circuit/clzctz.wat.wasm")
	img, err := Compile(m, "zkmain", CompileOptions{StackSize: 64})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []uint64{0, 1, 1 << 63, 0x0000001000000000, 0xffff} {
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

// TestClzCtzWithShifts: in a program that also has dynamic i32 and i64 shifts (which
// share the power lookup), the clz/ctz power is still looked up: a wrong power and
// count on a clz/ctz row are rejected, as is a wrong power on the shift rows.
func TestClzCtzWithShifts(t *testing.T) {
	if testing.Short() {
		t.Skip("the AND table needs 2^17 rows")
	}
	b := NewBuilder("main", 64)
	b.Globals(0, 0, 0, 0)
	b.Func("main", 0, 0)
	b.Emit(I32Const(0x00f00000), Clz(false), GlobalSet(0))
	b.Emit(I32Const(7), I32Const(3), I32Shl(), GlobalSet(1))
	b.Emit(I64Const(1<<40), Ctz(true), GlobalSet(2))
	b.Emit(I64Const(5), I64Const(9), I64Shl(), GlobalSet(3))
	b.Return(0)
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	c, pre, w, ex, err := Assign(img, Inputs{}, DefaultParams(17))
	if err != nil {
		t.Fatal(err)
	}
	for g, want := range map[int]uint64{0: 8, 1: 56, 2: 40, 3: 5 << 9} {
		if got, _ := global(ex, g); got != want {
			t.Fatalf("global %d = %d, want %d", g, got, want)
		}
	}
	if err := mock.Verify(c.CS, pre, w); err != nil {
		t.Fatalf("honest witness rejected: %v", err)
	}
	for _, tm := range []struct {
		name  string
		class Class
		skip  int
	}{{"clz", ClassBitCount, 0}, {"ctz", ClassBitCount, 1}, {"i32 shift", ClassShift32, 0}, {"i64 shift", ClassShift64, 0}} {
		r := findRow(t, ex, tm.class, tm.skip)
		// Double the power and adjust what the product gate sees: the lookup alone
		// must catch a power that is not 2^e.
		old := w.Advice[c.cols.b.Index][r]
		w.Advice[c.cols.b.Index][r].Double(&old)
		if err := mock.Verify(c.CS, pre, w); err == nil {
			t.Errorf("%s: doubled power accepted", tm.name)
		} else if !strings.Contains(err.Error(), "shift power") {
			t.Errorf("%s: doubled power rejected, but not by the power lookup: %v", tm.name, err)
		}
		w.Advice[c.cols.b.Index][r] = old
	}
}
