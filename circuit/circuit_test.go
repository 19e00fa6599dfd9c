package circuit

import (
	"errors"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/mock"
)

// testParams keep the tables small: 8-bit limbs, 2^11 rows.
var testParams = Params{K: 11, LimbBits: 8}

// fibIter computes fib(n) with a loop and stores it in global 0.
func fibIter(t testing.TB, n uint32) *Image {
	b := NewBuilder("main", 64)
	b.Globals(0)
	b.Func("main", 0, 0)
	b.Emit(I32Const(n))
	b.Call("fib")
	b.Emit(GlobalSet(0))
	b.Return(0)

	b.Func("fib", 1, 4) // n; a, b, tmp
	b.Emit(I32Const(1), LocalSet(2))
	b.Emit(Nop()) // block
	b.Emit(Nop()) // loop
	b.Label("fib.loop")
	b.Emit(LocalGet(0), IEqz(false))
	b.BrIf("fib.done", 0, 0)
	b.Emit(LocalGet(1), LocalGet(2), IAdd(false), LocalSet(3))
	b.Emit(LocalGet(2), LocalSet(1))
	b.Emit(LocalGet(3), LocalSet(2))
	b.Emit(LocalGet(0), I32Const(1), ISub(false), LocalSet(0))
	b.Br("fib.loop", 0, 0)
	b.Emit(Nop()) // end loop
	b.Label("fib.done")
	b.Emit(Nop()) // end block
	b.Emit(LocalGet(1))
	b.Return(1)
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// fibRec computes fib(n) recursively and stores it in global 0.
func fibRec(t testing.TB, n uint32) *Image {
	b := NewBuilder("main", 128)
	b.Globals(7)
	b.Func("main", 0, 0)
	b.Emit(I32Const(n))
	b.Call("fib")
	b.Emit(GlobalSet(0))
	b.Return(0)

	b.Func("fib", 1, 1)
	b.Emit(LocalGet(0), I32Const(2), ILtU(false))
	b.If("fib.else")
	b.Emit(LocalGet(0))
	b.Return(1)
	b.Label("fib.else")
	b.Emit(Nop()) // end
	b.Emit(LocalGet(0), I32Const(1), ISub(false))
	b.Call("fib")
	b.Emit(LocalGet(0), I32Const(2), ISub(false))
	b.Call("fib")
	b.Emit(IAdd(false))
	b.Return(1)
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// mixed exercises select, tee, drop, i64 arithmetic, comparisons and declared locals.
func mixed(t testing.TB) *Image {
	b := NewBuilder("main", 64)
	b.Globals(0, 0, 0, 0)
	b.Func("main", 0, 2)
	// global0 = select(11, 22, 0) = 22; global1 = select(11, 22, 5) = 11
	b.Emit(I32Const(11), I32Const(22), I32Const(0), Select(), GlobalSet(0))
	b.Emit(I32Const(11), I32Const(22), I32Const(5), Select(), GlobalSet(1))
	// local1 (declared) reads 0; tee; drop
	b.Emit(LocalGet(1), I32Const(3), IAdd(false), LocalTee(0), Drop())
	// i64: (2^40 + 5) * (2^30 + 3) - 1, with wrap-around
	b.Emit(I64Const(1<<40+5), I64Const(1<<30+3), IMul(true), I64Const(1), ISub(true))
	b.Emit(I64Const(^uint64(0)), IAdd(true)) // + (2^64-1): wraps
	b.Emit(GlobalSet(2))
	// i32 wrap: 0xffffffff * 0xffffffff = 1 (mod 2^32); 3 - 5 wraps
	b.Emit(I32Const(0xffffffff), I32Const(0xffffffff), IMul(false), I32Const(3), I32Const(5), ISub(false), IAdd(false))
	// comparisons: (lt_u 3 5) + (gt_u 3 5) + (le_u 5 5) + (ge_u 4 5) + (eq 7 7) + (ne 7 7) + eqz(0)
	b.Emit(I32Const(3), I32Const(5), ILtU(false))
	b.Emit(I32Const(3), I32Const(5), IGtU(false), IAdd(false))
	b.Emit(I32Const(5), I32Const(5), ILeU(false), IAdd(false))
	b.Emit(I32Const(4), I32Const(5), IGeU(false), IAdd(false))
	b.Emit(I64Const(7), I64Const(7), IEq(true), IAdd(false))
	b.Emit(I64Const(7), I64Const(7), INe(true), IAdd(false))
	b.Emit(I32Const(0), IEqz(false), IAdd(false))
	b.Emit(I64Const(1<<63), I64Const(1), IGtU(true), IAdd(false))
	b.Emit(IAdd(false), GlobalSet(3))
	b.Emit(LocalGet(0), Drop())
	b.Return(0)
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func global(ex *Execution, i int) (uint64, bool) {
	for _, r := range ex.Rows[ex.Steps:] {
		if r.T == GlobalBase+uint64(i) {
			return r.B, true
		}
	}
	return 0, false
}

func assign(t *testing.T, img *Image) (*Circuit, *plonkish.Preprocessed, *plonkish.Witness, *Execution) {
	t.Helper()
	c, pre, w, ex, err := Assign(img, Inputs{}, testParams)
	if err != nil {
		t.Fatal(err)
	}
	return c, pre, w, ex
}

func TestHonestTracesAccepted(t *testing.T) {
	for _, tc := range []struct {
		name string
		img  *Image
		want map[int]uint64
	}{
		{"fib_iter", fibIter(t, 10), map[int]uint64{0: 55}},
		{"fib_rec", fibRec(t, 7), map[int]uint64{0: 13}},
		{"mixed", mixed(t), map[int]uint64{0: 22, 1: 11,
			2: mulWrap(1<<40+5, 1<<30+3) - 1 + ^uint64(0),
			3: 4}}, // 0xffffffff + 5 comparisons true, mod 2^32
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, pre, w, ex := assign(t, tc.img)
			for g, want := range tc.want {
				if got, ok := global(ex, g); !ok || got != want {
					t.Fatalf("global %d = %d (touched %v), want %d", g, got, ok, want)
				}
			}
			if err := mock.Verify(c.CS, pre, w); err != nil {
				t.Fatalf("honest witness rejected:\n%v", err)
			}
		})
	}
}

func TestUnreachableTraps(t *testing.T) {
	b := NewBuilder("main", 16)
	b.Func("main", 0, 0)
	b.Emit(Unreachable())
	b.Return(0)
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, _, err := Assign(img, Inputs{}, testParams); !errors.Is(err, ErrTrap) {
		t.Fatalf("err = %v, want a trap", err)
	}
}

// findRow returns the first instruction row of class k after skip rows of that class.
func findRow(t *testing.T, ex *Execution, k Class, skip int) int {
	t.Helper()
	for r, row := range ex.Rows {
		if row.Class == k {
			if skip == 0 {
				return r
			}
			skip--
		}
	}
	t.Fatalf("no row of class %s", k)
	return 0
}

func bump(w *plonkish.Witness, col plonkish.Column, row int, delta int64) {
	var d fr.Element
	d.SetInt64(delta)
	w.Advice[col.Index][row].Add(&w.Advice[col.Index][row], &d)
}

// TestTamperedWitnessRejected changes one cell of an honest witness and expects the
// checker to reject it, for every opcode class and table the programs use.
func TestTamperedWitnessRejected(t *testing.T) {
	type tamper struct {
		name  string
		class Class
		skip  int
		col   func(*columns) plonkish.Column
		next  bool // tamper the row after the found one (the result T@+1)
	}
	T := func(c *columns) plonkish.Column { return c.t }
	A := func(c *columns) plonkish.Column { return c.a }
	B := func(c *columns) plonkish.Column { return c.b }
	cases := map[string][]tamper{
		"fib_iter": {
			{"add result", ClassAddSub, 0, T, true},
			{"sub result", ClassAddSub, 1, T, true},
			{"add operand", ClassAddSub, 0, A, false},
			{"add carry", ClassAddSub, 0, func(c *columns) plonkish.Column { return c.c }, false},
			{"add limb", ClassAddSub, 0, func(c *columns) plonkish.Column { return c.l[0] }, false},
			{"const result", ClassConst, 0, T, true},
			{"eqz result", ClassEqz, 0, T, true},
			{"eqz flag", ClassEqz, 0, func(c *columns) plonkish.Column { return c.z }, false},
			{"local.get value", ClassLocalGet, 3, B, false},
			{"local.get result", ClassLocalGet, 3, T, true},
			{"local.set old value", ClassLocalSet, 1, B, false},
			{"local.set refill", ClassLocalSet, 1, A, false},
			{"local.get timestamp", ClassLocalGet, 3, func(c *columns) plonkish.Column { return c.pts2 }, false},
			{"spill value", ClassConst, 1, A, false},
			{"br_if pc", ClassBrIf, 0, func(c *columns) plonkish.Column { return c.pc }, true},
			{"br_if taken flag", ClassBrIf, 0, func(c *columns) plonkish.Column { return c.z }, false},
			{"br pc", ClassBr, 0, func(c *columns) plonkish.Column { return c.pc }, true},
			{"stack height", ClassLocalGet, 2, func(c *columns) plonkish.Column { return c.h }, true},
			{"call frame pointer", ClassCall, 0, func(c *columns) plonkish.Column { return c.fp }, true},
			{"call cid", ClassCall, 0, func(c *columns) plonkish.Column { return c.cid }, true},
			{"return pc", ClassReturn, 0, func(c *columns) plonkish.Column { return c.pc }, true},
			{"return fp", ClassReturn, 0, func(c *columns) plonkish.Column { return c.fp }, true},
			{"global.set value", ClassGlobalSet, 0, B, false},
			{"immediate", ClassConst, 0, func(c *columns) plonkish.Column { return c.imm }, false},
			{"flag", ClassLocalGet, 0, func(c *columns) plonkish.Column { return c.f1 }, false},
			{"fresh local", ClassLocalGet, 1, func(c *columns) plonkish.Column { return c.c }, false},
			{"boundary initial value", ClassBoundary, 0, A, false},
			{"boundary final value", ClassBoundary, 2, B, false},
			{"boundary address", ClassBoundary, 1, T, false},
			{"boundary pc", ClassBoundary, 1, func(c *columns) plonkish.Column { return c.pc }, false},
			{"boundary final timestamp", ClassBoundary, 1, func(c *columns) plonkish.Column { return c.pts1 }, false},
			{"halt pc", ClassHalt, 0, func(c *columns) plonkish.Column { return c.pc }, false},
		},
		"fib_rec": {
			{"lt_u result", ClassLtU, 0, T, true},
			{"lt_u borrow", ClassLtU, 0, func(c *columns) plonkish.Column { return c.c }, false},
			{"if pc", ClassBrIf, 0, func(c *columns) plonkish.Column { return c.pc }, true},
			{"return result", ClassReturn, 1, T, true},
			{"return cid", ClassReturn, 2, func(c *columns) plonkish.Column { return c.cid }, true},
			{"call h", ClassCall, 1, func(c *columns) plonkish.Column { return c.h }, true},
		},
		"mixed": {
			{"select result", ClassSelect, 0, T, true},
			{"select second", ClassSelect, 1, B, false},
			{"select zero flag", ClassSelect, 1, func(c *columns) plonkish.Column { return c.z }, false},
			{"mul result", ClassMul, 0, T, true},
			{"mul high limb", ClassMul, 0, func(c *columns) plonkish.Column { return c.hl[0] }, false},
			{"i32 mul result", ClassMul, 1, T, true},
			{"i64 add result", ClassAddSub, 2, T, true},
			{"tee value", ClassLocalTee, 0, T, true},
			{"drop refill", ClassDrop, 0, T, true},
			{"eq result", ClassEq, 0, T, true},
			{"ne result", ClassEq, 1, T, true},
			{"eq inverse", ClassEq, 1, func(c *columns) plonkish.Column { return c.inv }, false},
			{"gt_u result", ClassLtU, 1, T, true},
			{"ge_u result", ClassLtU, 3, T, true},
			{"i64 gt_u result", ClassLtU, 4, T, true},
			{"w64 flag", ClassMul, 0, func(c *columns) plonkish.Column { return c.w64 }, false},
			{"global.get value", ClassLocalGet, 0, func(c *columns) plonkish.Column { return c.pts2 }, false},
		},
	}
	imgs := map[string]*Image{"fib_iter": fibIter(t, 4), "fib_rec": fibRec(t, 4), "mixed": mixed(t)}
	for prog, list := range cases {
		c, pre, w, ex := assign(t, imgs[prog])
		if err := mock.Verify(c.CS, pre, w); err != nil {
			t.Fatalf("%s: honest witness rejected: %v", prog, err)
		}
		for _, tc := range list {
			t.Run(prog+"/"+tc.name, func(t *testing.T) {
				r := findRow(t, ex, tc.class, tc.skip)
				if tc.next {
					r++
				}
				col := tc.col(c.cols)
				old := w.Advice[col.Index][r]
				bump(w, col, r, 1)
				defer func() { w.Advice[col.Index][r] = old }()
				err := mock.Verify(c.CS, pre, w)
				if err == nil {
					t.Fatalf("tampered %s at row %d (%s) accepted", c.CS.ColumnName(col), r, ex.Rows[min(r, len(ex.Rows)-1)].Class)
				}
				t.Logf("rejected: %s", strings.SplitN(err.Error(), "\n", 2)[0])
			})
		}
	}
}

func mulWrap(a, b uint64) uint64 { return a * b }

// tamperAccepted adds 1 to advice cell (col, r) of the honest witness w, runs the
// MockProver, restores the cell, and reports whether the tampered witness was accepted
// (true means a soundness failure for the caller to report).
func tamperAccepted(c *Circuit, pre *plonkish.Preprocessed, w *plonkish.Witness, col plonkish.Column, r int) bool {
	old := w.Advice[col.Index][r]
	bump(w, col, r, 1)
	defer func() { w.Advice[col.Index][r] = old }()
	return mock.Verify(c.CS, pre, w) == nil
}
