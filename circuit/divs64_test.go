package circuit

import (
	"errors"
	"math"
	"math/rand"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/mock"
)

// divS64Cases are the operands of the i64 div_s / rem_s tests: zero, ±1, small values
// with every sign combination, INT64_MIN and INT64_MAX and their neighbours, powers of two
// and a few seeded random values.
func divS64Cases() []int64 {
	vals := []int64{0, 1, -1, 2, -2, 7, -7, 100, math.MinInt64, math.MinInt64 + 1, math.MaxInt64, math.MaxInt64 - 1, 1 << 32, -1 << 32, 1 << 62, -1 << 62}
	rng := rand.New(rand.NewSource(64))
	for i := 0; i < 4; i++ {
		vals = append(vals, int64(rng.Uint64()), int64(rng.Uint64()>>uint(rng.Intn(64))))
	}
	return vals
}

// goDivS64 is WebAssembly's i64.div_s / rem_s in Go (truncated division); ok = false for
// the traps.
func goDivS64(x, y int64, rem bool) (uint64, bool) {
	switch {
	case y == 0:
		return 0, false
	case rem && y == -1:
		return 0, true // Go's x % −1 is 0 too, but avoid relying on INT64_MIN % −1
	case rem:
		return uint64(x % y), true
	case x == math.MinInt64 && y == -1:
		return 0, false
	}
	return uint64(x / y), true
}

// TestDivRemS64: i64 div_s / rem_s on every pair of edge and random values match Go's
// truncated division, the MockProver accepts the honest witness, and one tampered cell of
// each kind the class uses (operands, their bytes and signs, |q|, |r|, the bound, the
// result's sign, the zero test, the result) is rejected.
func TestDivRemS64(t *testing.T) {
	if testing.Short() {
		t.Skip("the AND table needs 2^17 rows")
	}
	vals := divS64Cases()
	type tc struct {
		x, y int64
		rem  bool
		want uint64
	}
	var cases []tc
	for _, x := range vals {
		for _, y := range vals {
			for _, rem := range []bool{false, true} {
				if want, ok := goDivS64(x, y, rem); ok {
					cases = append(cases, tc{x, y, rem, want})
				}
			}
		}
	}
	b := NewBuilder("main", 64)
	b.Globals(make([]uint64, len(cases))...)
	b.Func("main", 0, 0)
	for i, c := range cases {
		op := I64DivS()
		if c.rem {
			op = I64RemS()
		}
		b.Emit(I64Const(uint64(c.x)), I64Const(uint64(c.y)), op, GlobalSet(i))
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
			t.Fatalf("case %d (%d / %d, rem %v): got %#x, want %#x", i, tc.x, tc.y, tc.rem, got, tc.want)
		}
	}
	if err := mock.Verify(c.CS, pre, w); err != nil {
		t.Fatalf("honest witness rejected: %v", err)
	}
	row := func(x, y int64, rem bool) int {
		for k, tc := range cases {
			if tc.x == x && tc.y == y && tc.rem == rem {
				return findRow(t, ex, ClassDivS64, k)
			}
		}
		t.Fatalf("no case %d %d %v", x, y, rem)
		return 0
	}
	col := func(f func(*columns) plonkish.Column) func(*columns) plonkish.Column { return f }
	T := col(func(c *columns) plonkish.Column { return c.t })
	for _, tm := range []struct {
		name string
		r    int
		col  func(*columns) plonkish.Column
		next bool
	}{
		{"div result", row(-7, 2, false), T, true},
		{"rem result", row(-7, 2, true), T, true},
		{"INT64_MIN / 1", row(math.MinInt64, 1, false), T, true},
		{"INT64_MIN rem −1", row(math.MinInt64, -1, true), T, true},
		{"zero quotient, negative sign", row(-1, 7, false), T, true},
		{"zero remainder, negative sign", row(-7, 1, true), T, true},
		{"dividend", row(-7, 2, false), col(func(c *columns) plonkish.Column { return c.a }), false},
		{"divisor", row(-7, 2, false), T, false},
		{"dividend byte", row(-7, 2, false), col(func(c *columns) plonkish.Column { return c.hl[0] }), false},
		{"divisor byte", row(-7, 2, false), col(func(c *columns) plonkish.Column { return c.y[0] }), false},
		{"quotient byte", row(-7, 2, false), col(func(c *columns) plonkish.Column { return c.v[0] }), false},
		{"quotient top byte", row(math.MinInt64, 1, false), col(func(c *columns) plonkish.Column { return c.v[7] }), false},
		{"remainder byte", row(-7, 2, true), col(func(c *columns) plonkish.Column { return c.l[0] }), false},
		{"bound byte", row(100, 7, true), col(func(c *columns) plonkish.Column { return c.w[0] }), false},
		{"bound top byte", row(1, math.MinInt64, true), col(func(c *columns) plonkish.Column { return c.w[7] }), false},
		{"sign of A", row(-7, 2, false), col(func(c *columns) plonkish.Column { return c.sa }), false},
		{"sign of T", row(7, -2, false), col(func(c *columns) plonkish.Column { return c.sb }), false},
		{"sign of |q|", row(math.MinInt64, 1, false), col(func(c *columns) plonkish.Column { return c.sv }), false},
		{"sign of the quotient", row(7, -2, false), col(func(c *columns) plonkish.Column { return c.b }), false},
		{"sign of the remainder", row(-7, 2, true), col(func(c *columns) plonkish.Column { return c.b }), false},
		{"zero bit", row(-1, 7, false), col(func(c *columns) plonkish.Column { return c.z }), false},
		{"inverse", row(-7, 2, false), col(func(c *columns) plonkish.Column { return c.inv }), false},
	} {
		r := tm.r
		if tm.next {
			r++
		}
		cl := tm.col(c.cols)
		if tamperAccepted(c, pre, w, cl, r) {
			t.Errorf("%s: tampered %s at row %d accepted", tm.name, c.CS.ColumnName(cl), r)
		}
	}
}

// divS64Program is x op y followed by a drop (whose T, the division's result, is never
// stored), for forgeries that rewrite the division row.
func divS64Program(t *testing.T, x, y int64, op Instr) *Image {
	t.Helper()
	b := NewBuilder("main", 16)
	b.Func("main", 0, 0)
	b.Emit(I64Const(uint64(x)), I64Const(uint64(y)), op, Drop())
	b.Return(0)
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// forgeDivS64 runs x op y honestly, lets edit rewrite the division row (and the next
// row's T, the claimed result), builds the witness from the edited rows (so that every
// derived cell, such as X = L AND H, is consistent) and lets patch change cells the
// witness derives (the sign bits); it returns what the MockProver says against the
// circuit of the image check (the honest image when nil).
func forgeDivS64(t *testing.T, x, y int64, op Instr, check *Image, edit func(r *Row) uint64, patch func(c *columns, w *plonkish.Witness, r int)) error {
	t.Helper()
	p := DefaultParams(17)
	img := divS64Program(t, x, y, op)
	c, err := New(img, p)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := Run(img, Inputs{}, c.Usable())
	if err != nil {
		t.Fatal(err)
	}
	if check != nil {
		if c, err = New(check, p); err != nil {
			t.Fatal(err)
		}
	}
	r := findRow(t, ex, ClassDivS64, 0)
	ex.Rows[r+1].T = edit(&ex.Rows[r])
	w, err := c.Witness(ex)
	if err != nil {
		t.Fatal(err)
	}
	if patch != nil {
		patch(c.cols, w, r)
	}
	return mock.Verify(c.CS, c.Preprocessed(), w)
}

// setMag sets the magnitude-dependent cells of a forged row: the sign bit of the result
// (B), z and its inverse.
func setMag(r *Row, mag uint64, neg bool) {
	r.B = b2u(neg)
	r.Z = mag == 0
	m := frU(mag)
	r.Inv.Inverse(&m)
}

func wantRejected(t *testing.T, what string, err error, by string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: accepted", what)
		return
	}
	if !strings.Contains(err.Error(), by) {
		t.Errorf("%s: rejected, but not by %q: %v", what, by, err)
	}
}

// TestDivRemS64Forgeries: internally consistent forged division rows, each rejected by
// the one constraint or lookup that stands in its way.
func TestDivRemS64Forgeries(t *testing.T) {
	if testing.Short() {
		t.Skip("the AND table needs 2^17 rows")
	}
	// The honest row itself is accepted (the forgeries below start from it).
	if err := forgeDivS64(t, 7, 2, I64DivS(), nil, func(r *Row) uint64 { return 3 }, nil); err != nil {
		t.Fatalf("honest 7 / 2 rejected: %v", err)
	}
	// 7 / 2 with A claimed negative: |A| = 2^64 − 7 = (2^63 − 4)·2 + 1, so the quotient
	// −(2^63 − 4) is consistent with everything but A's top byte.
	err := forgeDivS64(t, 7, 2, I64DivS(), nil, func(r *Row) uint64 {
		q := uint64(1<<63 - 4)
		r.V, r.L, r.W = q, 1, 0
		setMag(r, q, true)
		return -q
	}, func(c *columns, w *plonkish.Witness, r int) { w.Advice[c.sa.Index][r].SetOne() })
	wantRejected(t, "7 / 2 with A negative", err, "sign of A")

	// The same with A's bytes H those of −7 (so that sign_a, their top bit, is right for
	// them): only "A = H bytes" ties them to A = 7.
	err = forgeDivS64(t, 7, 2, I64DivS(), nil, func(r *Row) uint64 {
		q := uint64(1<<63 - 4)
		r.H2, r.V, r.L, r.W = uint64(1<<64-7), q, 1, 0
		setMag(r, q, true)
		return -q
	}, nil)
	wantRejected(t, "7 / 2 with A's bytes those of −7", err, "A = H bytes")

	// 7 / 2 with T claimed negative: |T| = 2^64 − 2 > 7, so 7 / 2 = 0.
	err = forgeDivS64(t, 7, 2, I64DivS(), nil, func(r *Row) uint64 {
		r.V, r.L, r.W = 0, 7, 1<<64-2-7-1
		setMag(r, 0, true)
		return 0
	}, func(c *columns, w *plonkish.Witness, r int) { w.Advice[c.sb.Index][r].SetOne() })
	wantRejected(t, "7 / 2 with T negative", err, "sign of T")
	// The same with T's bytes Y those of −2: only "T = Y bytes" ties them to T = 2.
	err = forgeDivS64(t, 7, 2, I64DivS(), nil, func(r *Row) uint64 {
		r.Y, r.V, r.L, r.W = uint64(1<<64-2), 0, 7, 1<<64-2-7-1
		setMag(r, 0, true)
		return 0
	}, nil)
	wantRejected(t, "7 / 2 with T's bytes those of −2", err, "T = Y bytes")

	// Every cell of the division row honest, the result (the next row's T) not: only the
	// T' rule links them (the drop row never stores it).
	err = forgeDivS64(t, 7, 2, I64DivS(), nil, func(r *Row) uint64 { return 4 }, nil)
	wantRejected(t, "7 / 2 = 4", err, "T'")

	// 7 / 2 = 5 rem 1: bytes, signs and the bound all fine; only |A| = |q|·|T| + |r|
	// ties the quotient to the operands.
	err = forgeDivS64(t, 7, 2, I64DivS(), nil, func(r *Row) uint64 {
		r.V, r.L, r.W = 5, 1, 0
		setMag(r, 5, false)
		return 5
	}, nil)
	wantRejected(t, "7 / 2 = 5", err, "|A| = |q|·|T| + |r|")

	// −7 / 2 with z = 1 (magnitude 3 claimed zero): T' = 3 − 2·3 = −3 as a field element;
	// only the zero test rejects it.
	err = forgeDivS64(t, -7, 2, I64DivS(), nil, func(r *Row) uint64 {
		r.Z, r.Inv = true, fr.Element{}
		return 0
	}, func(c *columns, w *plonkish.Witness, r int) { w.Advice[c.t.Index][r+1].SetInt64(-3) })
	wantRejected(t, "−7 / 2 with z = 1", err, "d·z = 0")

	// The result's sign flipped (B), with the result that sign gives: 7 / 2 = −3 and
	// −7 rem 2 = +1. Only "sign of the result" ties B to the operands' signs.
	err = forgeDivS64(t, 7, 2, I64DivS(), nil, func(r *Row) uint64 {
		setMag(r, 3, true)
		return 1<<64 - 3
	}, nil)
	wantRejected(t, "7 / 2 = −3", err, "sign of the result")
	err = forgeDivS64(t, -7, 2, I64RemS(), nil, func(r *Row) uint64 {
		setMag(r, 1, false)
		return 1
	}, nil)
	wantRejected(t, "−7 rem 2 = 1", err, "sign of the result")

	// 100 rem 7 with the remainder as large as the divisor (q = 13, r = 9): the bound
	// |T| − |r| − 1 = −3 is no 64-bit value (W holds it mod 2^64).
	err = forgeDivS64(t, 100, 7, I64RemS(), nil, func(r *Row) uint64 {
		r.V, r.L, r.W = 13, 9, math.MaxUint64-2 // −3 mod 2^64
		setMag(r, 9, false)
		return 9
	}, nil)
	wantRejected(t, "100 rem 7 = 9", err, "|r| < |T|")
	// The same with W0 = −3 as a field element: not a byte.
	err = forgeDivS64(t, 100, 7, I64RemS(), nil, func(r *Row) uint64 {
		r.V, r.L, r.W = 13, 9, 0
		setMag(r, 9, false)
		return 9
	}, func(c *columns, w *plonkish.Witness, r int) { w.Advice[c.w[0].Index][r].SetInt64(-3) })
	wantRejected(t, "100 rem 7 = 9 (W0 = −3)", err, "W0 byte")

	// 7 / 2 = 4 with the remainder −1: |r| is no byte string (L0 = −1).
	err = forgeDivS64(t, 7, 2, I64DivS(), nil, func(r *Row) uint64 {
		r.V, r.L, r.W = 4, 0, 2
		setMag(r, 4, false)
		return 4
	}, func(c *columns, w *plonkish.Witness, r int) {
		w.Advice[c.l[0].Index][r].SetInt64(-1)
		w.Advice[c.x[0].Index][r].SetZero()
	})
	wantRejected(t, "7 / 2 = 4 rem −1", err, "limbs 0 and")

	// 7 / 2 = 2^64 + 3 as a field element: |q| must be V bytes.
	err = forgeDivS64(t, 7, 2, I64DivS(), nil, func(r *Row) uint64 { return 3 }, func(c *columns, w *plonkish.Witness, r int) {
		w.Advice[c.v[7].Index][r].SetUint64(256) // V7 = 256: |q| = 3 + 2^64
	})
	wantRejected(t, "|q| with V7 = 256", err, "sign of V") // the sign lookup range-checks V7

	// INT64_MIN / −1 = 2^63 (overflow), forged from the honest rem_s row (|q| = 2^63,
	// |r| = 0) with the div_s opcode: only the overflow rule rejects it.
	err = forgeDivS64(t, math.MinInt64, -1, I64RemS(), divS64Program(t, math.MinInt64, -1, I64DivS()), func(r *Row) uint64 {
		r.F1 = false
		setMag(r, 1<<63, false)
		return 1 << 63
	}, nil)
	wantRejected(t, "INT64_MIN / −1", err, "no INT64_MIN / −1")
	// The same with sign_v claimed 0: the top bit of |q| comes from V7 by a lookup.
	err = forgeDivS64(t, math.MinInt64, -1, I64RemS(), divS64Program(t, math.MinInt64, -1, I64DivS()), func(r *Row) uint64 {
		r.F1 = false
		setMag(r, 1<<63, false)
		return 1 << 63
	}, func(c *columns, w *plonkish.Witness, r int) { w.Advice[c.sv.Index][r].SetZero() })
	wantRejected(t, "INT64_MIN / −1 with sign_v = 0", err, "sign of V")

	// x / 0: forged from x / 1 with the divisor's constant replaced by 0. Whatever the
	// quotient, |A| = |q|·0 + |r| forces |r| = |A| and the bound −1 − |A| is no 64-bit
	// value.
	for _, x := range []int64{0, 5, -5, math.MinInt64} {
		ax := absU64(x)
		err = forgeDivS64(t, x, 1, I64DivS(), divS64Program(t, x, 0, I64DivS()), func(r *Row) uint64 {
			r.T, r.Y, r.V, r.L, r.W = 0, 0, 0, ax, -ax-1
			setMag(r, 0, false)
			return 0
		}, nil)
		if err == nil {
			t.Errorf("%d / 0: accepted", x)
		}
	}
}

// TestDivRemS64Traps: division by zero and INT64_MIN / −1 have no run; rem_s of
// INT64_MIN by −1 is 0.
func TestDivRemS64Traps(t *testing.T) {
	for _, tr := range []struct {
		x, y int64
		op   Instr
	}{{5, 0, I64DivS()}, {5, 0, I64RemS()}, {0, 0, I64DivS()}, {math.MinInt64, 0, I64RemS()}, {math.MinInt64, -1, I64DivS()}} {
		img := divS64Program(t, tr.x, tr.y, tr.op)
		if _, err := Run(img, Inputs{}, 1000); !errors.Is(err, ErrTrap) {
			t.Errorf("%d / %d (%s): err = %v, want a trap", tr.x, tr.y, tr.op, err)
		}
	}
	b := NewBuilder("main", 16)
	b.Globals(1)
	b.Func("main", 0, 0)
	b.Emit(I64Const(1<<63), I64Const(^uint64(0)), I64RemS(), GlobalSet(0))
	b.Return(0)
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	ex, err := Run(img, Inputs{}, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := global(ex, 0); got != 0 {
		t.Fatalf("INT64_MIN rem −1 = %#x, want 0", got)
	}
}

// TestDivRemS64Compiled: divs64.wat compiles, runs like the interpreter (outputs,
// instruction count, pc sequence) and verifies; its exports div and rem run as
// invocations with public arguments; the trapping inputs have no run.
func TestDivRemS64Compiled(t *testing.T) {
	m := loadGuest(t, "circuit/divs64.wat.wasm")
	img, err := Compile(m, "zkmain", CompileOptions{StackSize: 64})
	if err != nil {
		t.Fatal(err)
	}
	p := DefaultParams(17)
	c, err := New(img, p)
	if err != nil {
		t.Fatal(err)
	}
	pre := c.Preprocessed()
	minus := func(v int64) uint64 { return uint64(v) }
	ins := [][2]uint64{{minus(-7), 2}, {7, minus(-2)}, {1 << 63, 1}, {1 << 63, minus(-1) - 1}, {0, 5}, {1<<63 - 1, minus(-1)}, {minus(-1), 1 << 63}}
	for i, in := range ins {
		inp := Inputs{Public: in[:]}
		ex, err := Run(img, inp, c.Usable())
		if err != nil {
			t.Fatalf("%v: %v", in, err)
		}
		crossCheck(t, m, img, "zkmain", nil, inp, ex)
		if testing.Short() || i >= 3 {
			continue // MockProver checks at 2^17: three (signs, INT64_MIN), not in -short
		}
		w, err := c.Witness(ex)
		if err != nil {
			t.Fatal(err)
		}
		if err := mock.Verify(c.CS, pre, w); err != nil {
			t.Fatalf("%v: honest witness rejected: %v", in, err)
		}
	}
	for _, in := range [][2]uint64{{5, 0}, {1 << 63, minus(-1)}} {
		if _, err := Run(img, Inputs{Public: in[:]}, c.Usable()); !errors.Is(err, ErrTrap) {
			t.Errorf("%v: err = %v, want a trap", in, err)
		}
	}
	for _, entry := range []string{"div", "rem"} {
		img, err := Compile(m, entry, CompileOptions{StackSize: 64})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range divS64Cases() {
			for _, y := range []int64{1, -1, 3, -3, math.MinInt64, math.MaxInt64} {
				want, ok := goDivS64(x, y, entry == "rem")
				args := []uint64{uint64(x), uint64(y)}
				ex, err := Run(img, Inputs{Public: args}, 1000)
				if !ok {
					if !errors.Is(err, ErrTrap) {
						t.Errorf("%s(%d, %d): err = %v, want a trap", entry, x, y, err)
					}
					continue
				}
				if err != nil {
					t.Fatalf("%s(%d, %d): %v", entry, x, y, err)
				}
				if len(ex.PublicOut) != 1 || ex.PublicOut[0] != want {
					t.Fatalf("%s(%d, %d) = %v, want %#x", entry, x, y, ex.PublicOut, want)
				}
				crossCheck(t, m, img, entry, args, Inputs{Public: args}, ex)
			}
		}
	}
}

// TestDivS64Selector: the extension class has a selector group of its own only in
// programs that use it, no flag combination of it decodes to unreachable, and on a
// division row the member bit moved to an undefined class of that group is rejected.
func TestDivS64Selector(t *testing.T) {
	for flags := uint64(0); flags < 16; flags++ {
		if (uint64(ClassDivS64)+64*flags)%64 == uint64(ClassTrap) || numExtClasses > ClassTrap {
			t.Fatalf("class %s with flags %d decodes to unreachable", ClassDivS64, flags)
		}
	}
	plain, err := New(divS64Program(t, 7, 2, I64DivU()), DefaultParams(17))
	if err != nil {
		t.Fatal(err)
	}
	if plain.cols.selLayout.has(ClassDivS64) || plain.cols.w != nil {
		t.Fatal("a program without i64 div_s has its selector or the W bytes")
	}
	c, err := New(divS64Program(t, 7, 2, I64DivS()), DefaultParams(17))
	if err != nil {
		t.Fatal(err)
	}
	if !c.cols.selLayout.has(ClassDivS64) || len(c.cols.w) != 8 {
		t.Fatal("a program with i64 div_s lacks its selector or the W bytes")
	}
	if d, d0 := c.CS.MaxGateDegree(), plain.CS.MaxGateDegree(); d != d0 {
		t.Fatalf("max gate degree %d with i64 div_s, %d without", d, d0)
	}
}
