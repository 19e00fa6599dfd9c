package circuit

import (
	"errors"
	"math/bits"
	"testing"

	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/mock"
)

func TestBitwise(t *testing.T) {
	b := NewBuilder("main", 64)
	b.Globals(0, 0, 0, 0, 0, 0)
	b.Func("main", 0, 0)
	b.Emit(I32Const(0xf0f0ff00), I32Const(0x0ff0f0f0), IAnd(false), GlobalSet(0))
	b.Emit(I32Const(0xf0f0ff00), I32Const(0x0ff0f0f0), IOr(false), GlobalSet(1))
	b.Emit(I32Const(0xf0f0ff00), I32Const(0x0ff0f0f0), IXor(false), GlobalSet(2))
	b.Emit(I64Const(0xdeadbeefcafebabe), I64Const(0x0123456789abcdef), IAnd(true), GlobalSet(3))
	b.Emit(I64Const(0xdeadbeefcafebabe), I64Const(0x0123456789abcdef), IOr(true), GlobalSet(4))
	b.Emit(I64Const(0xdeadbeefcafebabe), I64Const(0x0123456789abcdef), IXor(true), GlobalSet(5))
	b.Return(0)
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	p := Params{K: 11, LimbBits: 4} // a 256-row AND table of nibbles
	c, pre, w, ex, err := Assign(img, Inputs{}, p)
	if err != nil {
		t.Fatal(err)
	}
	const x, y = uint64(0xdeadbeefcafebabe), uint64(0x0123456789abcdef)
	for g, want := range map[int]uint64{0: 0x00f0f000, 1: 0xfff0fff0, 2: 0xff000ff0, 3: x & y, 4: x | y, 5: x ^ y} {
		if got, _ := global(ex, g); got != want {
			t.Fatalf("global %d = %#x, want %#x", g, got, want)
		}
	}
	if err := mock.Verify(c.CS, pre, w); err != nil {
		t.Fatalf("honest witness rejected: %v", err)
	}
	for _, tc := range []struct {
		name string
		skip int
		col  func(*columns) plonkish.Column
		next bool
	}{
		{"and result", 0, func(c *columns) plonkish.Column { return c.t }, true},
		{"or result", 1, func(c *columns) plonkish.Column { return c.t }, true},
		{"xor result", 5, func(c *columns) plonkish.Column { return c.t }, true},
		{"and byte", 3, func(c *columns) plonkish.Column { return c.x[2] }, false},
		{"operand limb", 4, func(c *columns) plonkish.Column { return c.hl[15] }, false},
		{"operand", 2, func(c *columns) plonkish.Column { return c.a }, false},
		{"op flag", 2, func(c *columns) plonkish.Column { return c.f2 }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := findRow(t, ex, ClassBitwise, tc.skip)
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

func TestExtendS(t *testing.T) {
	cases := []struct {
		in   Instr
		arg  uint64
		w64  bool
		want uint64
	}{
		{ExtendS(1, false), 0x80, false, 0xffffff80},
		{ExtendS(1, false), 0x1234567f, false, 0x7f},
		{ExtendS(2, false), 0x7fff, false, 0x7fff},
		{ExtendS(2, false), 0xabcd8001, false, 0xffff8001},
		{ExtendS(1, true), 0xff, true, ^uint64(0)},
		{ExtendS(2, true), 0x8000, true, 0xffffffffffff8000},
		{ExtendS(4, true), 0x80000000, true, 0xffffffff80000000},
		{ExtendS(4, true), 5, false, 5}, // i64.extend_i32_s
		{ExtendS(1, true), 0x1234567890abcd7f, true, 0x7f},
	}
	for _, lb := range []int{4, 8} {
		b := NewBuilder("main", 64)
		b.Globals(make([]uint64, len(cases))...)
		b.Func("main", 0, 0)
		for i, tc := range cases {
			if tc.w64 {
				b.Emit(I64Const(tc.arg))
			} else {
				b.Emit(I32Const(uint32(tc.arg)))
			}
			b.Emit(tc.in, GlobalSet(i))
		}
		b.Return(0)
		img, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		p := Params{K: 11, LimbBits: lb}
		if lb == 8 {
			if testing.Short() {
				continue
			}
			p.K = 17
		}
		c, pre, w, ex, err := Assign(img, Inputs{}, p)
		if err != nil {
			t.Fatal(err)
		}
		for i, tc := range cases {
			if got, _ := global(ex, i); got != tc.want {
				t.Fatalf("limbs %d, case %d: got %#x, want %#x", lb, i, got, tc.want)
			}
		}
		if err := mock.Verify(c.CS, pre, w); err != nil {
			t.Fatalf("limbs %d: honest witness rejected: %v", lb, err)
		}
		if lb != 4 {
			continue
		}
		for _, tc := range []struct {
			name string
			skip int
			col  func(*columns) plonkish.Column
			next bool
		}{
			{"extend8 result", 0, func(c *columns) plonkish.Column { return c.t }, true},
			{"extend32 result", 6, func(c *columns) plonkish.Column { return c.t }, true},
			{"sign constant", 4, func(c *columns) plonkish.Column { return c.hl[1] }, false},
			{"misplaced sign constant", 4, func(c *columns) plonkish.Column { return c.hl[3] }, false},
			{"sign bit", 3, func(c *columns) plonkish.Column { return c.x[3] }, false},
			{"source limb", 2, func(c *columns) plonkish.Column { return c.l[0] }, false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := findRow(t, ex, ClassExtendS, tc.skip)
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
}

func TestShift32(t *testing.T) {
	rotl := func(x, k uint32) uint32 { k &= 31; return x<<k | x>>((32-k)&31) }
	type tc struct {
		in     Instr
		x, k   uint32
		want   uint32
		wantOf string
	}
	var cases []tc
	for _, x := range []uint32{0x80000001, 0xdeadbeef, 1} {
		for _, k := range []uint32{0, 1, 31, 32, 37, 0xffffffe4} {
			cases = append(cases,
				tc{in: I32Shl(), x: x, k: k, want: x << (k & 31)},
				tc{in: I32ShrU(), x: x, k: k, want: x >> (k & 31)},
				tc{in: I32Rotl(), x: x, k: k, want: rotl(x, k)},
				tc{in: I32Rotr(), x: x, k: k, want: rotl(x, 32-(k&31))})
		}
	}
	for _, lb := range []int{4, 8} {
		if lb == 8 && testing.Short() {
			continue
		}
		b := NewBuilder("main", 64)
		b.Globals(make([]uint64, len(cases))...)
		b.Func("main", 0, 0)
		for i, c := range cases {
			b.Emit(I32Const(c.x), I32Const(c.k), c.in, GlobalSet(i))
		}
		b.Return(0)
		img, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		p := Params{K: 11, LimbBits: lb}
		if lb == 8 {
			p.K = 17
		}
		c, pre, w, ex, err := Assign(img, Inputs{}, p)
		if err != nil {
			t.Fatal(err)
		}
		for i, tc := range cases {
			if got, _ := global(ex, i); got != uint64(tc.want) {
				t.Fatalf("limbs %d, case %d (%s %#x by %d): got %#x, want %#x", lb, i, tc.in.Class, tc.x, tc.k, got, tc.want)
			}
		}
		if err := mock.Verify(c.CS, pre, w); err != nil {
			t.Fatalf("limbs %d: honest witness rejected: %v", lb, err)
		}
		if lb != 4 {
			continue
		}
		for _, tm := range []struct {
			name string
			skip int
			col  func(*columns) plonkish.Column
			next bool
		}{
			{"shl result", 5, func(c *columns) plonkish.Column { return c.t }, true},
			{"shr result", 6, func(c *columns) plonkish.Column { return c.t }, true},
			{"rotr result", 7, func(c *columns) plonkish.Column { return c.t }, true},
			{"power", 5, func(c *columns) plonkish.Column { return c.b }, false},
			{"count limb", 5, func(c *columns) plonkish.Column { return c.l[8] }, false},
			{"count mask", 5, func(c *columns) plonkish.Column { return c.hl[9] }, false},
			{"high part", 6, func(c *columns) plonkish.Column { return c.hl[0] }, false},
		} {
			t.Run(tm.name, func(t *testing.T) {
				r := findRow(t, ex, ClassShift32, tm.skip)
				if tm.next {
					r++
				}
				col := tm.col(c.cols)
				if tamperAccepted(c, pre, w, col, r) {
					t.Fatalf("tampered %s at row %d accepted", c.CS.ColumnName(col), r)
				}
			})
		}
	}
}

func TestLtS32(t *testing.T) {
	vals := []uint32{0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 5, 0xfffffffb}
	ops := []struct {
		in Instr
		f  func(a, b int32) bool
	}{
		{I32LtS(), func(a, b int32) bool { return a < b }},
		{I32GtS(), func(a, b int32) bool { return a > b }},
		{I32LeS(), func(a, b int32) bool { return a <= b }},
		{I32GeS(), func(a, b int32) bool { return a >= b }},
	}
	b := NewBuilder("main", 64)
	b.Globals(0)
	b.Func("main", 0, 0)
	var want uint64
	n := 0
	for _, x := range vals {
		for _, y := range vals {
			for i, op := range ops {
				// global0 = Σ result·(n-th power of 3 mod 2^32), an order-sensitive digest
				b.Emit(GlobalGet(0), I32Const(3), IMul(false), I32Const(x), I32Const(y), op.in, IAdd(false), GlobalSet(0))
				want = (want*3)&(1<<32-1) + b2u(op.f(int32(x), int32(y)))
				want &= 1<<32 - 1
				_ = i
				n++
			}
		}
	}
	b.Return(0)
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	c, pre, w, ex, err := Assign(img, Inputs{}, Params{K: 12, LimbBits: 4})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := global(ex, 0); got != want {
		t.Fatalf("digest = %#x, want %#x", got, want)
	}
	if err := mock.Verify(c.CS, pre, w); err != nil {
		t.Fatalf("honest witness rejected: %v", err)
	}
	for _, tm := range []struct {
		name string
		skip int
		col  func(*columns) plonkish.Column
		next bool
	}{
		{"lt_s result", 12, func(c *columns) plonkish.Column { return c.t }, true},
		{"ge_s result", 15, func(c *columns) plonkish.Column { return c.t }, true},
		{"sign bit of A", 12, func(c *columns) plonkish.Column { return c.x[8] }, false},
		{"sign constant", 12, func(c *columns) plonkish.Column { return c.l[9] }, false},
		{"top limb of T", 12, func(c *columns) plonkish.Column { return c.hl[9] }, false},
		{"borrow", 13, func(c *columns) plonkish.Column { return c.c }, false},
	} {
		t.Run(tm.name, func(t *testing.T) {
			r := findRow(t, ex, ClassLtS32, tm.skip)
			if tm.next {
				r++
			}
			col := tm.col(c.cols)
			if tamperAccepted(c, pre, w, col, r) {
				t.Fatalf("tampered %s at row %d accepted", c.CS.ColumnName(col), r)
			}
		})
	}
}

func TestDivRemU32(t *testing.T) {
	pairs := [][2]uint32{{7, 2}, {0xffffffff, 1}, {0xffffffff, 0xffffffff}, {5, 7}, {0x80000000, 3}, {0, 9}}
	b := NewBuilder("main", 64)
	b.Globals(make([]uint64, 2*len(pairs))...)
	b.Func("main", 0, 0)
	for i, p := range pairs {
		b.Emit(I32Const(p[0]), I32Const(p[1]), I32DivU(), GlobalSet(2*i))
		b.Emit(I32Const(p[0]), I32Const(p[1]), I32RemU(), GlobalSet(2*i+1))
	}
	b.Return(0)
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	c, pre, w, ex, err := Assign(img, Inputs{}, testParams)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range pairs {
		if q, _ := global(ex, 2*i); q != uint64(p[0]/p[1]) {
			t.Fatalf("%d / %d = %d", p[0], p[1], q)
		}
		if r, _ := global(ex, 2*i+1); r != uint64(p[0]%p[1]) {
			t.Fatalf("%d %% %d = %d", p[0], p[1], r)
		}
	}
	if err := mock.Verify(c.CS, pre, w); err != nil {
		t.Fatalf("honest witness rejected: %v", err)
	}
	for _, tm := range []struct {
		name string
		skip int
		col  func(*columns) plonkish.Column
		next bool
	}{
		{"quotient", 0, func(c *columns) plonkish.Column { return c.t }, true},
		{"remainder", 1, func(c *columns) plonkish.Column { return c.t }, true},
		{"quotient limb", 4, func(c *columns) plonkish.Column { return c.l[0] }, false},
		{"remainder limb", 4, func(c *columns) plonkish.Column { return c.hl[0] }, false},
		{"bound limb", 4, func(c *columns) plonkish.Column { return c.l[4] }, false},
	} {
		t.Run(tm.name, func(t *testing.T) {
			r := findRow(t, ex, ClassDivU32, tm.skip)
			if tm.next {
				r++
			}
			col := tm.col(c.cols)
			if tamperAccepted(c, pre, w, col, r) {
				t.Fatalf("tampered %s at row %d accepted", c.CS.ColumnName(col), r)
			}
		})
	}
	// q' = q − 1, r' = r + T satisfies A = q'·T + r' but not r' < T: rejected.
	r := findRow(t, ex, ClassDivU32, 0) // 7 / 2: q = 3, r = 1
	w.Advice[c.cols.l[0].Index][r].SetUint64(2)
	w.Advice[c.cols.hl[0].Index][r].SetUint64(3)
	w.Advice[c.cols.t.Index][r+1].SetUint64(2)
	if err := mock.Verify(c.CS, pre, w); err == nil {
		t.Fatal("quotient off by one with a remainder ≥ the divisor accepted")
	}
	// Division by zero traps.
	b2 := NewBuilder("main", 16)
	b2.Func("main", 0, 0)
	b2.Emit(I32Const(1), I32Const(0), I32DivU(), Drop())
	b2.Return(0)
	img2, _ := b2.Build()
	if _, _, _, _, err := Assign(img2, Inputs{}, testParams); !errors.Is(err, ErrTrap) {
		t.Fatalf("divide by zero: err = %v, want a trap", err)
	}
}

func TestShiftConst(t *testing.T) {
	type tc struct {
		w64, right, rotate bool
		x, k               uint64
		want               uint64
	}
	var cases []tc
	for _, k := range []uint64{0, 1, 13, 31, 32, 63, 64, 70} {
		x := uint64(0xf00dfacecafebeef)
		cases = append(cases,
			tc{true, false, false, x, k, x << (k % 64)},
			tc{true, true, false, x, k, x >> (k % 64)},
			tc{true, false, true, x, k, x<<(k%64) | x>>((64-k%64)%64)},
			tc{true, true, true, x, k, x>>(k%64) | x<<((64-k%64)%64)})
		y := uint32(0x80000001)
		k32 := uint32(k % 32)
		cases = append(cases,
			tc{false, false, false, uint64(y), k, uint64(y << k32)},
			tc{false, true, false, uint64(y), k, uint64(y >> k32)},
			tc{false, false, true, uint64(y), k, uint64(y<<k32 | y>>((32-k32)%32))})
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
		b.Emit(ShiftK(c.w64, c.right, c.rotate, c.k), GlobalSet(i))
	}
	b.Return(0)
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	c, pre, w, ex, err := Assign(img, Inputs{}, Params{K: 11, LimbBits: 8})
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
	for _, tm := range []struct {
		name string
		skip int
		col  func(*columns) plonkish.Column
		next bool
	}{
		{"i64 shl result", 4, func(c *columns) plonkish.Column { return c.t }, true},
		{"i64 shr result", 5, func(c *columns) plonkish.Column { return c.t }, true},
		{"i32 rotl result", 9, func(c *columns) plonkish.Column { return c.t }, true},
		{"low limb", 5, func(c *columns) plonkish.Column { return c.l[7] }, false},
		{"high limb", 5, func(c *columns) plonkish.Column { return c.hl[0] }, false},
		{"count", 4, func(c *columns) plonkish.Column { return c.imm3 }, false},
		{"operand", 4, func(c *columns) plonkish.Column { return c.a }, false},
	} {
		t.Run(tm.name, func(t *testing.T) {
			r := findRow(t, ex, ClassShiftK, tm.skip)
			if tm.next {
				r++
			}
			col := tm.col(c.cols)
			if tamperAccepted(c, pre, w, col, r) {
				t.Fatalf("tampered %s at row %d accepted", c.CS.ColumnName(col), r)
			}
		})
	}
	// A count that is not the image's constant cannot be shifted by.
	b2 := NewBuilder("main", 16)
	b2.Func("main", 0, 0)
	b2.Emit(I64Const(1), I64Const(3), ShiftK(true, false, false, 4), Drop())
	b2.Return(0)
	img2, _ := b2.Build()
	if _, _, _, _, err := Assign(img2, Inputs{}, testParams); err == nil {
		t.Fatal("shift by a count other than the image constant ran")
	}
}

func TestLtS64(t *testing.T) {
	if testing.Short() {
		t.Skip("the AND table needs 2^17 rows")
	}
	vals := []uint64{0, 1, 1<<63 - 1, 1 << 63, ^uint64(0), 5, ^uint64(4)}
	ops := []struct {
		in Instr
		f  func(a, b int64) bool
	}{
		{I64LtS(), func(a, b int64) bool { return a < b }},
		{I64GtS(), func(a, b int64) bool { return a > b }},
		{I64LeS(), func(a, b int64) bool { return a <= b }},
		{I64GeS(), func(a, b int64) bool { return a >= b }},
	}
	b := NewBuilder("main", 64)
	b.Globals(0)
	b.Func("main", 0, 0)
	var want uint64
	for _, x := range vals {
		for _, y := range vals {
			for _, op := range ops {
				b.Emit(GlobalGet(0), I32Const(3), IMul(false), I64Const(x), I64Const(y), op.in, IAdd(false), GlobalSet(0))
				want = (want*3 + b2u(op.f(int64(x), int64(y)))) & (1<<32 - 1)
			}
		}
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
	if got, _ := global(ex, 0); got != want {
		t.Fatalf("digest = %#x, want %#x", got, want)
	}
	if err := mock.Verify(c.CS, pre, w); err != nil {
		t.Fatalf("honest witness rejected: %v", err)
	}
	for _, tm := range []struct {
		name string
		skip int
		col  func(*columns) plonkish.Column
		next bool
	}{
		{"lt_s result", 12, func(c *columns) plonkish.Column { return c.t }, true},
		{"sign of A", 12, func(c *columns) plonkish.Column { return c.sa }, false},
		{"sign of T", 13, func(c *columns) plonkish.Column { return c.sb }, false},
		{"T byte", 13, func(c *columns) plonkish.Column { return c.y[7] }, false},
		{"borrow", 14, func(c *columns) plonkish.Column { return c.c }, false},
	} {
		r := findRow(t, ex, ClassLtS64, tm.skip)
		if tm.next {
			r++
		}
		col := tm.col(c.cols)
		if tamperAccepted(c, pre, w, col, r) {
			t.Errorf("%s: tampered %s at row %d accepted", tm.name, c.CS.ColumnName(col), r)
		}
	}
}

func TestWide64(t *testing.T) {
	if testing.Short() {
		t.Skip("the AND table needs 2^17 rows")
	}
	x := uint64(0xf00dfacecafebeef)
	rotl := func(v, k uint64) uint64 { return bits.RotateLeft64(v, int(k%64)) }
	type tc struct {
		in         Instr
		a, b, want uint64
	}
	var cases []tc
	for _, k := range []uint64{0, 1, 13, 63, 64, 70, 1 << 40} {
		cases = append(cases, tc{I64Shl(), x, k, x << (k % 64)}, tc{I64ShrU(), x, k, x >> (k % 64)},
			tc{I64Rotl(), x, k, rotl(x, k)}, tc{I64Rotr(), x, k, rotl(x, 64-k%64)})
	}
	for _, p := range [][2]uint64{{7, 2}, {^uint64(0), 1}, {^uint64(0), ^uint64(0)}, {5, 7}, {x, 0x1234567}, {1 << 63, 3}} {
		cases = append(cases, tc{I64DivU(), p[0], p[1], p[0] / p[1]}, tc{I64RemU(), p[0], p[1], p[0] % p[1]})
	}
	b := NewBuilder("main", 64)
	b.Globals(make([]uint64, len(cases))...)
	b.Func("main", 0, 0)
	for i, c := range cases {
		b.Emit(I64Const(c.a), I64Const(c.b), c.in, GlobalSet(i))
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
			t.Fatalf("case %d (%s %#x, %#x): got %#x, want %#x", i, tc.in.Class, tc.a, tc.b, got, tc.want)
		}
	}
	if err := mock.Verify(c.CS, pre, w); err != nil {
		t.Fatalf("honest witness rejected: %v", err)
	}
	for _, tm := range []struct {
		name  string
		class Class
		skip  int
		col   func(*columns) plonkish.Column
		next  bool
	}{
		{"shl result", ClassShift64, 4, func(c *columns) plonkish.Column { return c.t }, true},
		{"shift count bits", ClassShift64, 5, func(c *columns) plonkish.Column { return c.kk }, false},
		{"shift power", ClassShift64, 6, func(c *columns) plonkish.Column { return c.b }, false},
		{"quotient", ClassDivU64, 0, func(c *columns) plonkish.Column { return c.t }, true},
		{"remainder bound byte", ClassDivU64, 9, func(c *columns) plonkish.Column { return c.y[0] }, false},
	} {
		r := findRow(t, ex, tm.class, tm.skip)
		if tm.next {
			r++
		}
		col := tm.col(c.cols)
		if tamperAccepted(c, pre, w, col, r) {
			t.Errorf("%s: tampered %s at row %d accepted", tm.name, c.CS.ColumnName(col), r)
		}
	}
}
