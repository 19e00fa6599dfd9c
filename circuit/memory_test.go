package circuit

import (
	"errors"
	"testing"

	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/mock"
)

func memProgram(t *testing.T, extra ...Instr) *Image {
	b := NewBuilder("main", 64)
	b.Globals(0, 0, 0, 0, 0, 0)
	b.Memory([]uint64{0x0706050403020100, 0x0f0e0d0c0b0a0908, 0, 0})
	b.Func("main", 0, 0)
	b.Emit(I32Const(0), Load(8, 0, true), GlobalSet(0))
	b.Emit(I32Const(8), Load(1, 3, false), GlobalSet(1)) // byte 11
	b.Emit(I32Const(4), Load(2, 8, false), GlobalSet(2)) // bytes 12, 13
	b.Emit(I32Const(16), I64Const(0x1122334455667788), Store(8, 0, true))
	b.Emit(I32Const(17), I32Const(0x1AB), Store(1, 0, false)) // only the low byte
	b.Emit(I32Const(16), I32Const(0xdeadbeef), Store(4, 4, false))
	b.Emit(I32Const(16), Load(8, 0, true), GlobalSet(3))
	b.Emit(I32Const(24), I64Const(1<<32+5), Store(4, 0, true))
	b.Emit(I32Const(28), Load(4, 0, true), GlobalSet(4)) // the bytes above: still 0
	b.Emit(I32Const(24), Load(2, 6, true), GlobalSet(5))
	b.Emit(extra...)
	b.Return(0)
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func TestLoadsStores(t *testing.T) {
	img := memProgram(t)
	c, pre, w, ex, err := Assign(img, Inputs{}, testParams)
	if err != nil {
		t.Fatal(err)
	}
	for g, want := range map[int]uint64{0: 0x0706050403020100, 1: 0x0b, 2: 0x0d0c, 3: 0xdeadbeef5566ab88, 4: 0, 5: 0} {
		if got, _ := global(ex, g); got != want {
			t.Fatalf("global %d = %#x, want %#x", g, got, want)
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
		{"load result", ClassLoad, 1, T, true},
		{"load word byte", ClassLoad, 1, func(c *columns) plonkish.Column { return c.hl[3] }, false},
		{"load word", ClassLoad, 0, func(c *columns) plonkish.Column { return c.b }, false},
		{"load offset", ClassLoad, 1, func(c *columns) plonkish.Column { return c.o[3] }, false},
		{"load upper byte", ClassLoad, 2, func(c *columns) plonkish.Column { return c.l[2] }, false},
		{"load timestamp", ClassLoad, 3, func(c *columns) plonkish.Column { return c.pts2 }, false},
		{"store value byte", ClassStore, 1, func(c *columns) plonkish.Column { return c.l[1] }, false},
		{"store old word", ClassStore, 2, func(c *columns) plonkish.Column { return c.b }, false},
		{"store address", ClassStore, 2, func(c *columns) plonkish.Column { return c.a }, false},
		{"store refill", ClassStore, 0, T, true},
		{"store refill timestamp", ClassStore, 0, func(c *columns) plonkish.Column { return c.pts3 }, false},
		{"store width flag", ClassStore, 1, func(c *columns) plonkish.Column { return c.f1 }, false},
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
	// Moving the offset bit (o3 → o4) on the byte load selects another byte: rejected.
	r := findRow(t, ex, ClassLoad, 1)
	w.Advice[c.cols.o[3].Index][r].SetZero()
	w.Advice[c.cols.o[4].Index][r].SetOne()
	if err := mock.Verify(c.CS, pre, w); err == nil {
		t.Fatal("moved offset accepted")
	}
}

func TestMemoryBounds(t *testing.T) {
	oob := memProgram(t, I32Const(32), Load(1, 0, false), Drop())
	if _, _, _, _, err := Assign(oob, Inputs{}, testParams); !errors.Is(err, ErrTrap) {
		t.Fatalf("out of bounds: err = %v, want a trap", err)
	}
	far := memProgram(t, I32Const(0xfffffff0), Load(8, 0x20, true), Drop())
	if _, _, _, _, err := Assign(far, Inputs{}, testParams); !errors.Is(err, ErrTrap) {
		t.Fatalf("address past 2^32: err = %v, want a trap", err)
	}
	cross := memProgram(t, I32Const(29), I32Const(1), Store(4, 0, false)) // bytes 29..32 of 32
	if _, _, _, _, err := Assign(cross, Inputs{}, testParams); !errors.Is(err, ErrTrap) {
		t.Fatalf("crossing store past the end: err = %v, want a trap", err)
	}
	crossOut := memProgram(t, I32Const(30), Load(4, 0, false), Drop()) // bytes 30..33 of 32
	if _, _, _, _, err := Assign(crossOut, Inputs{}, testParams); !errors.Is(err, ErrTrap) {
		t.Fatalf("crossing load past the end: err = %v, want a trap", err)
	}
}

func TestSignedLoads(t *testing.T) {
	if testing.Short() {
		t.Skip("the AND table needs 2^17 rows")
	}
	b := NewBuilder("main", 64)
	b.Globals(make([]uint64, 7)...)
	b.Memory([]uint64{0x8877665544332211, 0x00000000ff7f0080, 0, 0})
	b.Func("main", 0, 0)
	b.Emit(I32Const(7), LoadS(1, 0, false), GlobalSet(0)) // 0x88 → 0xffffff88
	b.Emit(I32Const(0), LoadS(1, 0, false), GlobalSet(1)) // 0x11
	b.Emit(I32Const(6), LoadS(2, 0, false), GlobalSet(2)) // 0x8877 → 0xffff8877
	b.Emit(I32Const(4), LoadS(4, 0, true), GlobalSet(3))  // 0x88776655 → i64 sign-extended
	b.Emit(I32Const(8), LoadS(1, 1, true), GlobalSet(4))  // byte 9 = 0x00
	b.Emit(I32Const(8), LoadS(2, 2, true), GlobalSet(5))  // bytes 10,11 = 0x7f, 0xff → 0xff7f → negative
	b.Emit(I32Const(8), Load(1, 3, false), GlobalSet(6))  // unsigned: 0x00
	b.Return(0)
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	c, pre, w, ex, err := Assign(img, Inputs{}, DefaultParams(17))
	if err != nil {
		t.Fatal(err)
	}
	for g, want := range map[int]uint64{0: 0xffffff88, 1: 0x11, 2: 0xffff8877, 3: 0xffffffff88776655, 4: 0, 5: 0xffffffffffffff7f, 6: 0xff} {
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
		{"sign bit", 0, func(c *columns) plonkish.Column { return c.sg }, false},
		{"sign-extended result", 3, func(c *columns) plonkish.Column { return c.t }, true},
		{"positive sign bit", 1, func(c *columns) plonkish.Column { return c.sg }, false},
	} {
		r := findRow(t, ex, ClassLoad, tc.skip)
		if tc.next {
			r++
		}
		col := tc.col(c.cols)
		if tamperAccepted(c, pre, w, col, r) {
			t.Errorf("%s: tampered %s at row %d accepted", tc.name, c.CS.ColumnName(col), r)
		}
	}
}
