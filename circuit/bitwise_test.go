package circuit

import (
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
			old := w.Advice[col.Index][r]
			bump(w, col, r, 1)
			defer func() { w.Advice[col.Index][r] = old }()
			if err := mock.Verify(c.CS, pre, w); err == nil {
				t.Fatalf("tampered %s at row %d accepted", c.CS.ColumnName(col), r)
			}
		})
	}
}
