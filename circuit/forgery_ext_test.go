package circuit

// Consistent forgeries of the extension classes' constraints (see
// forgery_framework_test.go): i64 div_s/rem_s, memory.grow and its grown words, loads and
// stores that cross a word (a crossing load's second word, a crossing store's tail row),
// and the booleanity of the offset bits. Each breaks exactly one rule and keeps the rest
// of the execution coherent (the memory bus balanced).

import (
	"fmt"
	"math"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
)

// rowIndex returns the index of the skip-th row of class k (the forgeries' own findRow,
// for testing.TB).
func rowIndex(t testing.TB, ex *Execution, k Class, skip int) int {
	t.Helper()
	for r, row := range ex.Rows[:ex.Steps] {
		if row.Class == k {
			if skip == 0 {
				return r
			}
			skip--
		}
	}
	t.Fatalf("no row of class %s", k)
	return -1
}

// mainImage is a program of the instructions ins in main (stack 64, the initial memory
// mem if not nil) with globals globals.
func mainImage(t testing.TB, mem []uint64, globals int, ins ...Instr) *Image {
	b := NewBuilder("main", 64)
	if globals > 0 {
		b.Globals(make([]uint64, globals)...)
	}
	if mem != nil {
		b.Memory(mem)
	}
	b.Func("main", 0, 0)
	b.Emit(ins...)
	b.Return(0)
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// ---- i64 div_s / rem_s (ported from TestDivRemS64Forgeries) ----

// dsParams: the Y bytes need 8-bit limbs and so the 2^16-row AND table.
var dsParams = Params{K: 17, LimbBits: 8}

// dsImage is x op y followed by a drop (which never stores the division's result), twice
// in one frame (the second division is 100 rem 7), so that a state field can be shifted
// at the first division and restored at the second.
func dsImage(x, y int64, op Instr) func(testing.TB) *Image {
	return func(t testing.TB) *Image {
		if testing.Short() {
			t.Skip("i64 div_s forgeries need the 2^16-row AND table (k = 17): skipped in -short")
		}
		return mainImage(t, nil, 0, I64Const(uint64(x)), I64Const(uint64(y)), op, Drop(),
			I64Const(100), I64Const(7), I64RemS(), Drop())
	}
}

// dsRow edits the first division row and the next row's T (the claimed result).
func dsRow(edit func(r *Row) uint64) func(testing.TB, *Execution) {
	return func(t testing.TB, ex *Execution) {
		r := rowIndex(t, ex, ClassDivS64, 0)
		ex.Rows[r+1].T = edit(&ex.Rows[r])
	}
}

// dsCell sets one cell of the first division row (col) or of the next row (next).
func dsCell(col func(c *columns) plonkish.Column, next bool, v int64) func(testing.TB, *Circuit, *Execution, *plonkish.Witness) {
	return func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
		r := rowIndex(t, ex, ClassDivS64, 0)
		if next {
			r++
		}
		w.Advice[col(c.cols).Index][r].SetInt64(v)
	}
}

func ds(name, target string, img func(testing.TB) *Image, f forgery) forgery {
	f.name, f.targets, f.image, f.params = "ds64/"+name, []string{faTr + "divrem_s64: " + target}, img, dsParams
	return f
}

var _ = func() bool {
	d72 := dsImage(7, 2, I64DivS())
	faClassRules("ds64", d72, Inputs{}, dsParams, ClassDivS64, 0, faStateFields...)
	registerForgeries(
		// 7 / 2 with A's bytes H those of −7 (sign_a, their top bit, follows them): the
		// quotient −(2^63 − 4) fits |A| = 2^64 − 7 = (2^63 − 4)·2 + 1.
		ds("7 / 2 with A's bytes those of −7", "A = H bytes", d72, forgery{rows: dsRow(func(r *Row) uint64 {
			q := uint64(1<<63 - 4)
			r.H2, r.V, r.L, r.W = uint64(1<<64-7), q, 1, 0
			setMag(r, q, true)
			return -q
		})}),
		// 7 / 2 with T's bytes Y those of −2 (sign_b follows them): |T| = 2^64 − 2 > 7, so
		// the quotient is 0 rem 7.
		ds("7 / 2 = 0 with T's bytes those of −2", "T = Y bytes", d72, forgery{rows: dsRow(func(r *Row) uint64 {
			r.Y, r.V, r.L, r.W = uint64(1<<64-2), 0, 7, 1<<64-2-7-1
			setMag(r, 0, true)
			return 0
		})}),
		// Every cell of the division row honest, the result not.
		ds("7 / 2 = 4", "T'", d72, forgery{rows: dsRow(func(r *Row) uint64 { return 4 }), prove: true}),
		// 7 / 2 = 5 rem 1: bytes, signs and the bound fine.
		ds("7 / 2 = 5", "|A| = |q|·|T| + |r|", d72, forgery{rows: dsRow(func(r *Row) uint64 {
			r.V, r.L, r.W = 5, 1, 0
			setMag(r, 5, false)
			return 5
		})}),
		// 7 / 2 = −3: the result's sign bit flipped, the result following it.
		ds("7 / 2 = −3", "sign of the result", d72, forgery{rows: dsRow(func(r *Row) uint64 {
			setMag(r, 3, true)
			return 1<<64 - 3
		})}),
		// 100 rem 7 = 9 (q = 13): the bound |T| − |r| − 1 = −3 held mod 2^64 by W.
		ds("100 rem 7 = 9", "|r| < |T|", dsImage(100, 7, I64RemS()), forgery{rows: dsRow(func(r *Row) uint64 {
			r.V, r.L, r.W = 13, 9, math.MaxUint64-2
			setMag(r, 9, false)
			return 9
		})}),
		// −7 / 2 with z = 1 (the magnitude 3 claimed zero): T' = 3 − 2·3 = −3 in the field.
		ds("−7 / 2 with z = 1", "d·z = 0", dsImage(-7, 2, I64DivS()), forgery{
			rows:  dsRow(func(r *Row) uint64 { r.Z, r.Inv = true, fr.Element{}; return 0 }),
			cells: dsCell(func(c *columns) plonkish.Column { return c.t }, true, -3)}),
		// −7 rem 7 = 2^64 (a field element, no 64-bit value): z = 0 on the magnitude 0, so
		// T' = 0 + 1·(2^64 − 0 − 0).
		ds("−7 rem 7 = 2^64 with z = 0", "d·inv = 1 − z", dsImage(-7, 7, I64RemS()), forgery{
			rows: dsRow(func(r *Row) uint64 { r.Z, r.Inv = false, fr.Element{}; return 0 }),
			cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
				r := rowIndex(t, ex, ClassDivS64, 0)
				w.Advice[c.cols.t.Index][r+1].SetString("18446744073709551616")
			}}),
		// INT64_MIN / −1 = 2^63: the run of INT64_MIN rem −1 (|q| = 2^63, |r| = 0) with the
		// div_s opcode.
		ds("INT64_MIN / −1", "no INT64_MIN / −1", dsImage(math.MinInt64, -1, I64DivS()), forgery{
			runImage: func(t testing.TB, img *Image) *Image {
				return mainImage(t, nil, 0, I64Const(1<<63), I64Const(math.MaxUint64), I64RemS(), Drop(),
					I64Const(100), I64Const(7), I64RemS(), Drop())
			},
			rows: dsRow(func(r *Row) uint64 {
				r.F1 = false
				setMag(r, 1<<63, false)
				return 1 << 63
			})}),
		// Slot 1: the division's A (7) read from and written back to the untouched
		// address 30 (which holds 0) with A unchanged: the slot moved; A + 1 written back.
		forgery{name: "ds64/slot1 moved", targets: []string{"gate memory slots/slot1 divrem_s64 address"},
			image: dsImage(0, 2, I64DivS()), params: dsParams, fault: atClassStep(ClassDivS64, 0, moveSlot(0, 30, true, false))},
		forgery{name: "ds64/slot1 writes another value", targets: []string{"gate memory slots/slot1 divrem_s64 value"},
			image: d72, params: dsParams, fault: atClassStep(ClassDivS64, 0, bumpSlot(0))},
	)
	return true
}()

// ---- decode: the offset bits are bits ----

// obImage is an i32.load8_u of byte s of the word 0x40 + i² (byte i).
func obImage(s uint32) func(testing.TB) *Image {
	return func(t testing.TB) *Image {
		var w uint64
		for i := uint64(0); i < 8; i++ {
			w |= (0x40 + i*i) << (8 * i)
		}
		return mainImage(t, []uint64{w}, 0, I32Const(s), Load(1, 0, false), Drop())
	}
}

// obSplit returns, for the bit a, two other offsets b, c with b + c − a = s in 0..7:
// with o_a = −1 and o_b = o_c = 1 the offset bits still sum to 1 and index s, so the
// load reads the same word and its byte "H_b + H_c − H_a".
func obSplit(a int) (b, c, s int) {
	switch a {
	case 0:
		return 1, 2, 3
	case 1:
		return 0, 2, 1
	case 2:
		return 0, 3, 1
	}
	return 1, a - 1, 0
}

var _ = func() bool {
	for a := 0; a < 8; a++ {
		a := a
		b, c, s := obSplit(a)
		byteOf := func(i int) uint64 { return 0x40 + uint64(i*i) }
		forged := byteOf(b) + byteOf(c) - byteOf(a)
		if forged == byteOf(s) || forged > 0xff {
			panic("obSplit: no false byte")
		}
		registerForgeries(forgery{
			name:    fmt.Sprintf("load8_u with offset bit o%d = −1", a),
			targets: []string{fmt.Sprintf("gate decode/bool o%d", a)},
			image:   obImage(uint32(s)),
			fault:   atClass(ClassLoad, 0, func(r *Row, st *faultState) { r.L, st.T = forged, forged }),
			cells: func(t testing.TB, cc *Circuit, ex *Execution, w *plonkish.Witness) {
				r := rowIndex(t, ex, ClassLoad, 0)
				for k, col := range cc.cols.o {
					w.Advice[col.Index][r].SetZero()
					switch k {
					case a:
						w.Advice[col.Index][r].SetInt64(-1)
					case b, c:
						w.Advice[col.Index][r].SetOne()
					}
				}
			},
		})
	}
	return true
}()
