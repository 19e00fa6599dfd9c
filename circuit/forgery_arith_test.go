package circuit

// Consistent forgeries of the arithmetic, comparison, bitwise, shift, bit-count,
// division and extend/wrap classes and of the limb lookups (see
// forgery_framework_test.go): each is a false execution (a wrong result, a wrong
// operand, a dropped carry, a limb out of range, …) that breaks exactly one rule and
// keeps every other constraint, the memory bus and the frame bus satisfied.
//
// The programs put every instance of a class in one frame, twice, as
// "operands, op, nop, drop", so that the per-class state rules can be forged as in
// forgery_control_test.go (pc: skip the nop; h, fp, cid: shift the state after one row of
// the class and back after the next) and a result can be changed with only the nop and
// the drop seeing it (the nop copies it, the drop discards it).

import (
	"fmt"
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
)

// faUnit is one use of an instruction: its operands (pushed by constants), itself, then a
// nop and a drop of the result.
func faUnit(b *Builder, op Instr, operands ...Instr) {
	b.Emit(operands...)
	b.Emit(op, Nop(), Drop())
}

func faBuild(t testing.TB, b *Builder) *Image {
	t.Helper()
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// faArImage has the classes of circuits without the AND table (K = 11, byte limbs range
// checked one by one): add/sub, mul, eqz, eq/ne, cmp_u, divrem_u32, shift_const, wrap,
// each at least twice. Input: private 4 (a shift count).
func faArImage(t testing.TB) *Image {
	b := NewBuilder("main", 64)
	b.Func("main", 0, 0)
	c32, c64 := I32Const, I64Const
	faUnit(b, IAdd(false), c32(0xffffffff), c32(2))                                // 1, carry
	faUnit(b, ISub(false), c32(5), c32(3))                                         // 2
	faUnit(b, IAdd(true), c64(^uint64(0)), c64(0x0101010101010102))                // 0x0101…01, carry
	faUnit(b, IMul(false), c32(0xffffffff), c32(0xffffffff))                       // lo 1, hi 0xfffffffe
	faUnit(b, IMul(true), c64(^uint64(0)), c64(^uint64(0)))                        // lo 1, hi 2^64 − 2
	faUnit(b, IEqz(false), c32(0))                                                 // 1
	faUnit(b, IEqz(false), c32(5))                                                 // 0
	faUnit(b, IEq(false), c32(7), c32(7))                                          // 1
	faUnit(b, INe(false), c32(7), c32(8))                                          // 1
	faUnit(b, ILtU(false), c32(3), c32(5))                                         // 1, borrow
	faUnit(b, ILtU(false), c32(5), c32(3))                                         // 0
	faUnit(b, I32DivU(), c32(7), c32(2))                                           // 3
	faUnit(b, I32RemU(), c32(7), c32(2))                                           // 1
	faUnit(b, ShiftK(false, false, false, 31), c32(0xffffffff), c32(31))           // shl: lo 2^31, hi 2^31 − 1
	faUnit(b, ShiftK(false, true, true, 4), c32(0x12345678), c32(4))               // rotr
	faUnit(b, ShiftK(false, false, false, 4), c32(0xff), c32(0), WasmInput(false)) // count 4 from a private input
	faUnit(b, Wrap(), c64(0xffffffff00000005))                                     // 5
	faUnit(b, Wrap(), c64(0x100000002))                                            // 2
	b.Return(0)
	return faBuild(t, b)
}

var faArInputs = Inputs{Private: []uint64{4}}

// faFe returns v as a field element; faFeBig returns an integer reduced into the field.
func faFe(v uint64) fr.Element { var e fr.Element; e.SetUint64(v); return e }

func faFeBig(v *big.Int) fr.Element { var e fr.Element; e.SetBigInt(v); return e }

// faPow2 is 2^n in the field (n may be negative: the inverse).
func faPow2(n int) fr.Element {
	var e fr.Element
	if n < 0 {
		e.Exp(fr.NewElement(2), big.NewInt(int64(-n)))
		return *e.Inverse(&e)
	}
	e.Exp(fr.NewElement(2), big.NewInt(int64(n)))
	return e
}

// faCellAdd adds d to an advice cell.
func faCellAdd(w *plonkish.Witness, col plonkish.Column, r int, d fr.Element) {
	w.Advice[col.Index][r].Add(&w.Advice[col.Index][r], &d)
}

func faCellSet(w *plonkish.Witness, col plonkish.Column, r int, v fr.Element) {
	w.Advice[col.Index][r] = v
}

// faResult sets the result of the row of an "op, nop, drop" unit (the T cells of the nop
// and the drop rows) to v.
func faResult(c *Circuit, w *plonkish.Witness, r int, v fr.Element) {
	faCellSet(w, c.cols.t, r+1, v)
	faCellSet(w, c.cols.t, r+2, v)
}

// faClassRules registers the state forgeries of class k on img: "pc" sends the skip-th row
// to pc + 2 (over the unit's nop), the others shift the field after the skip-th row and
// back after the next one.
func faClassRules(prefix string, img func(testing.TB) *Image, in Inputs, p Params, k Class, skip int, fields ...string) {
	for _, field := range fields {
		var fault func(int, *Row, *faultState)
		if field == "pc" {
			fault = atClass(k, skip, func(r *Row, s *faultState) { s.Next = r.PC + 2 })
		} else {
			get := map[string]func(*faultState) *uint64{"h": fH, "fp": fFP, "cid": fCID}[field]
			fault = shiftAndBack(k, skip, get, 1)
		}
		registerForgeries(forgery{
			name:    fmt.Sprintf("%s/%s: %s", prefix, k, field),
			targets: []string{fmt.Sprintf("gate transition/%s: %s", k, field)},
			image:   img, inputs: in, params: p, fault: fault,
		})
	}
}

var faStateFields = []string{"pc", "h", "fp", "cid"}

var _ = func() bool {
	for _, k := range []Class{ClassAddSub, ClassMul, ClassEqz, ClassEq, ClassLtU, ClassDivU32, ClassShiftK, ClassWrap} {
		faClassRules("ar", faArImage, faArInputs, testParams, k, 0, faStateFields...)
	}
	return true
}()

// faAr registers a forgery of faArImage.
func faAr(name, target string, f forgery) forgery {
	f.name, f.targets, f.image, f.inputs = "ar/"+name, []string{target}, faArImage, faArInputs
	return f
}

const faTr = "gate transition/"

var _ = registerForgeries(
	// add/sub. The i32 add 0xffffffff + 2 with its carry dropped: T' = 2^32 + 1.
	faAr("add without carry, limbs of the wrapped sum", faTr+"add/sub: T' = limbs", forgery{
		fault: atClass(ClassAddSub, 0, func(r *Row, s *faultState) { r.C, s.T = false, r.A+r.T })}),
	faAr("add gives 2", faTr+"add/sub: add/sub", forgery{
		fault: atClass(ClassAddSub, 0, func(r *Row, s *faultState) { r.L, s.T = 2, 2 }), prove: true}),
	faAr("add without carry, 33-bit result", faTr+"add/sub: i32 high limb 0", forgery{
		fault: atClass(ClassAddSub, 0, func(r *Row, s *faultState) { r.C, r.L, s.T = false, r.A+r.T, r.A+r.T })}),

	// mul: 0xffffffff² = 1 + 0xfffffffe·2^32.
	faAr("mul moves 2^32 from hi to T', limbs unchanged", faTr+"mul: T' = limbs", forgery{
		fault: atClass(ClassMul, 0, func(r *Row, s *faultState) { r.H2, s.T = r.H2-1, r.L+1<<32 })}),
	faAr("mul gives 2", faTr+"mul: A·T = T' + hi·2^w", forgery{
		fault: atClass(ClassMul, 0, func(r *Row, s *faultState) { r.L, s.T = 2, 2 })}),

	// eqz.
	faAr("eqz(0) = 0 with z = 1", faTr+"eqz: T", forgery{
		fault: atClass(ClassEqz, 0, func(r *Row, s *faultState) { s.T = 0 })}),
	faAr("eqz(0) = 0", faTr+"eqz: d·inv = 1 − z", forgery{
		fault: atClass(ClassEqz, 0, func(r *Row, s *faultState) { r.Z, s.T = false, 0 })}),
	faAr("eqz(5) = 1", faTr+"eqz: d·z = 0", forgery{
		fault: atClass(ClassEqz, 1, func(r *Row, s *faultState) { r.Z, r.Inv, s.T = true, fr.Element{}, 1 })}),

	// eq/ne.
	faAr("eq(7, 7) = 0 with z = 1", faTr+"eq/ne: T", forgery{
		fault: atClass(ClassEq, 0, func(r *Row, s *faultState) { s.T = 0 })}),
	faAr("eq(7, 7) = 0", faTr+"eq/ne: d·inv = 1 − z", forgery{
		fault: atClass(ClassEq, 0, func(r *Row, s *faultState) { r.Z, s.T = false, 0 })}),
	faAr("ne(7, 8) = 0", faTr+"eq/ne: d·z = 0", forgery{
		fault: atClass(ClassEq, 1, func(r *Row, s *faultState) { r.Z, r.Inv, s.T = true, fr.Element{}, 0 })}),

	// cmp_u.
	faAr("lt_u(3, 5) = 0 with c = 1", faTr+"cmp_u: T", forgery{
		fault: atClass(ClassLtU, 0, func(r *Row, s *faultState) { s.T = 0 })}),
	faAr("lt_u(3, 5) = 0", faTr+"cmp_u: borrow", forgery{
		fault: atClass(ClassLtU, 0, func(r *Row, s *faultState) { r.C, s.T = false, 0 }), prove: true}),
	faAr("lt_u(5, 3) = 1, difference + 2^32", faTr+"cmp_u: i32 high limb 0", forgery{
		fault: atClass(ClassLtU, 1, func(r *Row, s *faultState) { r.C, r.L, s.T = true, r.L+1<<32, 1 })}),

	// divrem_u32: 7 = 3·2 + 1.
	faAr("div_u(7, 2) = 4 with q = 3", faTr+"divrem_u32: T", forgery{
		fault: atClass(ClassDivU32, 0, func(r *Row, s *faultState) { s.T = 4 })}),
	faAr("div_u(7, 2) = 4", faTr+"divrem_u32: A = q·T + r", forgery{
		fault: atClass(ClassDivU32, 0, func(r *Row, s *faultState) { r.L, s.T = r.L+1, 4 })}),
	faAr("div_u(7, 2) = 2 remainder 3", faTr+"divrem_u32: r < T", forgery{
		fault: atClass(ClassDivU32, 0, func(r *Row, s *faultState) { r.L, r.H2, s.T = 2, 3, 2 })}),

	// shift_const: 0xffffffff << 31 = 2^31 + (2^31 − 1)·2^32.
	faAr("shl gives lo + 1", faTr+"shift_const: A·2^e = lo + hi·2^w", forgery{
		fault: atClass(ClassShiftK, 0, func(r *Row, s *faultState) { r.L, s.T = r.L+1, r.L+1 })}),
	faAr("shl result not lo", faTr+"shift_const: result", forgery{
		fault: atClass(ClassShiftK, 0, func(r *Row, s *faultState) { s.T = r.L + 1 })}),
	// The count popped is 5 (a private input) where the image's constant is 4.
	faAr("shift count not the image's", faTr+"shift_const: count", forgery{
		rows: func(t testing.TB, ex *Execution) {
			i := nthRow(t, ex, ClassShiftK, 2, nil)
			ex.Rows[i-1].L, ex.Rows[i].T = 5, 5
		}}),

	// wrap: 0xffffffff00000005 = 5 + 0xffffffff·2^32.
	faAr("wrap gives 6", faTr+"wrap: split", forgery{
		fault: atClass(ClassWrap, 0, func(r *Row, s *faultState) { r.L, s.T = 6, 6 })}),
	faAr("wrap gives 6, limbs 5", faTr+"wrap: T", forgery{
		fault: atClass(ClassWrap, 0, func(r *Row, s *faultState) { s.T = 6 })}),
)

// Results above 32 bits through the limbs at or above bit 32 (compensated in the high
// part where there is one).
var _ = func() bool {
	for j := 0; j < 4; j++ {
		j := j
		d := uint64(1) << (32 + 8*j)
		id := "low is 32-bit"
		if j > 0 {
			id += fmt.Sprintf("#%d", j+1)
		}
		registerForgeries(
			faAr(fmt.Sprintf("mul with T' + 2^%d", 32+8*j), fmt.Sprintf(faTr+"mul: i32 high limb %d", j), forgery{
				fault: atClass(ClassMul, 0, func(r *Row, s *faultState) { r.L, r.H2, s.T = r.L+d, r.H2-d>>32, r.L+d })}),
			faAr(fmt.Sprintf("shl with lo + 2^%d", 32+8*j), fmt.Sprintf(faTr+"shift_const: i32 high limb %d", j), forgery{
				fault: atClass(ClassShiftK, 0, func(r *Row, s *faultState) { r.L, r.H2, s.T = r.L+d, r.H2-d>>32, r.L+d })}),
			faAr(fmt.Sprintf("wrap with low + 2^%d", 32+8*j), faTr+"wrap: "+id, forgery{
				fault: atClass(ClassWrap, 0, func(r *Row, s *faultState) { r.L, r.H2, s.T = r.L+d, r.H2-d>>32, r.L+d })}),
		)
	}
	return true
}()

// Limbs out of range (circuits without the AND table): the i64 add
// 0xffffffffffffffff + 0x0101010101010102 with its carry dropped, T' = the sum
// 2^64 + 0x0101010101010101 with 2^64 added to limb j; the i64 mul
// 0xffffffffffffffff² with T' = 2 (not 1) and the high part solved in the field through
// H_j.
var _ = func() bool {
	for j := 0; j < 8; j++ {
		j := j
		registerForgeries(
			faAr(fmt.Sprintf("i64 add without carry, L%d = %d + 2^%d", j, 1, 64-8*j), fmt.Sprintf("lookup range L%d", j), forgery{
				cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
					r := nthRow(t, ex, ClassAddSub, 2, nil)
					faCellSet(w, c.cols.c, r, faFe(0))
					faCellAdd(w, c.cols.l[j], r, faPow2(64-8*j))
					v := faFe(ex.Rows[r].L)
					two64 := faPow2(64)
					v.Add(&v, &two64)
					faResult(c, w, r, v)
				}, prove: j == 7}),
			faAr(fmt.Sprintf("i64 mul = 2, H%d solved", j), fmt.Sprintf("lookup range H%d", j), forgery{
				fault: atClass(ClassMul, 1, func(r *Row, s *faultState) { r.L, s.T = 2, 2 }),
				cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
					r := nthRow(t, ex, ClassMul, 1, nil)
					d := faPow2(-64 - 8*j)
					d.Neg(&d)
					faCellAdd(w, c.cols.hl[j], r, d)
				}}),
		)
	}
	return true
}()

// faBwParams: nibble limbs, so that the AND table (256 rows) fits in 2^11 rows; used for
// the rules whose meaning does not depend on the limb width.
var faBwParams = Params{K: 11, LimbBits: 4}

// faBwImage has the classes that need the AND table but not the Y bytes: and/or/xor,
// extend_s, shift32 (no shr_s), cmp_s32, each at least twice.
func faBwImage(t testing.TB) *Image {
	b := NewBuilder("main", 64)
	b.Func("main", 0, 0)
	c32, c64 := I32Const, I64Const
	faUnit(b, IAnd(false), c32(0xf0f0f0f0), c32(0xff00ff00))
	faUnit(b, IOr(false), c32(0x12345678), c32(0x0f0f0f0f))
	faUnit(b, IXor(true), c64(0x0123456789abcdef), c64(0xff00ff00ff00ff00))
	faUnit(b, ExtendS(1, false), c32(0x80)) // 0xffffff80
	faUnit(b, ExtendS(2, true), c32(0x7fff))
	faUnit(b, I32Shl(), c32(0x12345678), c32(4))
	faUnit(b, I32ShrU(), c32(0x80000000), c32(35))
	faUnit(b, I32LtS(), c32(0xffffffff), c32(1)) // −1 < 1
	faUnit(b, I32GeS(), c32(5), c32(0xfffffffe)) // 5 ≥ −2
	b.Return(0)
	return faBuild(t, b)
}

func faBw(name, target string, f forgery) forgery {
	f.name, f.targets, f.image, f.params = "bw/"+name, []string{target}, faBwImage, faBwParams
	return f
}

// faSetLimbs writes v into the limb columns cols (LimbBits each, low first).
func faSetLimbs(c *Circuit, w *plonkish.Witness, cols []plonkish.Column, r int, v uint64) {
	lb := uint(c.Params.LimbBits)
	for i, col := range cols {
		w.Set(col, r, (v>>(uint(i)*lb))&(1<<lb-1))
	}
}

// faFixX recomputes X_j = L_j AND H_j on row r (canonical limbs).
func faFixX(c *Circuit, w *plonkish.Witness, r int) {
	for j := range c.cols.x {
		l, h := w.Advice[c.cols.l[j].Index][r], w.Advice[c.cols.hl[j].Index][r]
		w.Set(c.cols.x[j], r, l.Uint64()&h.Uint64())
	}
}

// faLtsRow rewrites the D limbs, the borrow and the result of the cmp_s32 row r for the
// operands a, t and sign bits sa, sb as its limbs now say: ±(a − t − 2^32·(sa − sb)) =
// D − c·2^32.
func faLtsRow(c *Circuit, w *plonkish.Witness, ex *Execution, r int, a, t int64, sa, sb int64) {
	row := ex.Rows[r]
	x, y := a-(sa<<32), t-(sb<<32)
	if row.F1 {
		x, y = y, x
	}
	lt := x < y
	d := x - y
	if lt {
		d += 1 << 32
	}
	nh := 32 / c.Params.LimbBits
	faSetLimbs(c, w, c.cols.l[:nh], r, uint64(d))
	w.Set(c.cols.c, r, b2u(lt))
	faFixX(c, w, r)
	faResult(c, w, r, faFe(b2u(lt != row.F2)))
}

var _ = func() bool {
	for _, k := range []Class{ClassBitwise, ClassExtendS, ClassShift32, ClassLtS32} {
		faClassRules("bw", faBwImage, Inputs{}, faBwParams, k, 0, faStateFields...)
	}
	for j := 0; j < 8; j++ {
		j := j
		// and: X_j one more than L_j AND H_j, the result following it.
		registerForgeries(faBw(fmt.Sprintf("and with X%d + 1", j), fmt.Sprintf("lookup limbs %d and", j), forgery{
			cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
				r := nthRow(t, ex, ClassBitwise, 0, nil)
				faCellAdd(w, c.cols.x[j], r, faFe(1))
				faResult(c, w, r, faFe(ex.Rows[r+1].T+1<<(4*j)))
			}, prove: j == 0}))
	}
	return true
}()

var _ = registerForgeries(
	faBw("and of another A", faTr+"and/or/xor: A = H limbs", forgery{
		fault: atClass(ClassBitwise, 0, func(r *Row, s *faultState) { r.H2 = r.A ^ 0xff; s.T = r.H2 & r.T })}),
	faBw("and of another T", faTr+"and/or/xor: T = L limbs", forgery{
		fault: atClass(ClassBitwise, 0, func(r *Row, s *faultState) { r.L = r.T ^ 0xff; s.T = r.A & r.L })}),
	faBw("and gives X + 1", faTr+"and/or/xor: result", forgery{
		fault: atClass(ClassBitwise, 0, func(r *Row, s *faultState) { s.T = r.A&r.T + 1 })}),

	// extend8_s of 0x80 as if it were 0x7f (no sign).
	faBw("extend of another T", faTr+"extend_s: T = L limbs", forgery{
		fault: atClass(ClassExtendS, 0, func(r *Row, s *faultState) { r.L, s.T = 0x7f, 0x7f })}),
	faBw("extend8_s(0x80) = 0x80", faTr+"extend_s: T'", forgery{
		fault: atClass(ClassExtendS, 0, func(r *Row, s *faultState) { s.T = 0x80 })}),

	// shl 0x12345678 by 4 (A·16 = lo + hi·2^32).
	// shl by 5 (the count limbs) where T = 4.
	faBw("shl by another count", faTr+"shift32: T = high L limbs", forgery{
		fault: atClass(ClassShift32, 0, func(r *Row, s *faultState) {
			p := r.A << 5
			r.L, r.H2, r.B, s.T = p&(1<<32-1)|5<<32, p>>32|31<<32, 32, p&(1<<32-1)
		})}),
	faBw("shl gives lo + 1", faTr+"shift32: A·2^e = lo + hi·2^32", forgery{
		fault: atClass(ClassShift32, 0, func(r *Row, s *faultState) { r.L++; s.T++ })}),
	faBw("shl result not lo", faTr+"shift32: result", forgery{
		fault: atClass(ClassShift32, 0, func(r *Row, s *faultState) { s.T++ })}),

	// lt_s(−1, 1) = 1.
	faBw("lt_s(−1, 1) = 0 with c = 1", faTr+"cmp_s32: T", forgery{
		fault: atClass(ClassLtS32, 0, func(r *Row, s *faultState) { s.T = 0 })}),
	faBw("lt_s(−1, 1) = 0", faTr+"cmp_s32: borrow", forgery{
		fault: atClass(ClassLtS32, 0, func(r *Row, s *faultState) { r.C, s.T = false, 0 })}),
	// A's top nibble in H 0x7 (not 0xf): A's sign bit reads 0, so −1 compares as
	// 2^32 − 1 and lt_s(−1, 1) = 0.
	faBw("lt_s of another A", faTr+"cmp_s32: A limbs", forgery{
		cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
			r := nthRow(t, ex, ClassLtS32, 0, nil)
			ai, _ := ltsLimbs(8)
			w.Set(c.cols.hl[ai[7]], r, 7)
			faLtsRow(c, w, ex, r, 0xffffffff, 1, 0, 0) // the borrow reads the A cell, the sign the limbs
		}}),
	// T's top nibble in H 0x7: T's sign bit reads 0, ge_s(5, −2) = 0.
	faBw("ge_s of another T", faTr+"cmp_s32: T limbs", forgery{
		cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
			r := nthRow(t, ex, ClassLtS32, 1, nil)
			_, ti := ltsLimbs(8)
			w.Set(c.cols.hl[ti[7]], r, 7)
			faLtsRow(c, w, ex, r, 5, 0xfffffffe, 0, 0)
		}}),
	// The sign constant 0 for A: −1 compared as 0xffffffff (unsigned).
	faBw("lt_s with A's sign masked", faTr+"cmp_s32: sign constant A", forgery{
		cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
			r := nthRow(t, ex, ClassLtS32, 0, nil)
			w.Set(c.cols.l[8], r, 0)
			faLtsRow(c, w, ex, r, 0xffffffff, 1, 0, 0)
		}}),
	faBw("ge_s with T's sign masked", faTr+"cmp_s32: sign constant T", forgery{
		cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
			r := nthRow(t, ex, ClassLtS32, 1, nil)
			w.Set(c.cols.l[9], r, 0)
			faLtsRow(c, w, ex, r, 5, 0xfffffffe, 0, 0)
		}}),
)

// faWdParams: byte limbs (the Y and V bytes, the bit-count and sign constants assume them);
// the AND table needs 2^17 rows, so these forgeries (about 1.5 s each) do not run in
// -short.
var faWdParams = Params{K: 17, LimbBits: 8}

// faClzLimb is the count n of the clz forgery with a non-zero limb 4 + j of D = T·2^n.
func faClzLimb(j int) int { return 8*(4+j) - 31 }

// faWdImage has the classes that need byte limbs: bit counts, i64 signed comparisons,
// dynamic i64 shifts, shr_s by a constant, i32 div_s/rem_s, i64 div_u/rem_u, i32 shr_s,
// each at least twice. Bit-count rows: 0 clz(0x00f00000) = 8, 1 clz(0), 2 i64 clz(1),
// 3..6 clz(2^31 + 2^(31−n)) for n = faClzLimb(0..3), 7 ctz(8), 8 ctz(0), 9 popcnt(0x0f0f0f0f).
// Inputs: private 4 (a shift count), 1 (a divisor).
func faWdImage(t testing.TB) *Image {
	if testing.Short() {
		t.Skip("byte-limb forgeries need the 2^16-row AND table: skipped in -short")
	}
	b := NewBuilder("main", 64)
	b.Func("main", 0, 0)
	c32, c64 := I32Const, I64Const
	faUnit(b, Clz(false), c32(0x00f00000))
	faUnit(b, Clz(false), c32(0))
	faUnit(b, Clz(true), c64(1))
	for j := 0; j < 4; j++ {
		faUnit(b, Clz(false), c32(1<<31+1<<(31-faClzLimb(j))))
	}
	faUnit(b, Ctz(false), c32(8))
	faUnit(b, Ctz(false), c32(0))
	faUnit(b, Popcnt(false), c32(0x0f0f0f0f))
	faUnit(b, I64LtS(), c64(^uint64(0)), c64(1))                          // −1 < 1
	faUnit(b, I64GeS(), c64(5), c64(^uint64(1)))                          // 5 ≥ −2
	faUnit(b, I64DivU(), c64(7), c64(2))                                  // 3
	faUnit(b, I64RemU(), c64(7), c64(2))                                  // 1
	faUnit(b, I64Shl(), c64(0x12345678), c64(4))                          // 0x123456780
	faUnit(b, I64ShrS(), c64(1<<63), c64(4))                              // 0xf800000000000000
	faUnit(b, ShrSK(false, 4), c32(0x80000010), c32(4))                   // 0xf8000001
	faUnit(b, ShrSK(false, 4), c32(0x80000010), c32(0), WasmInput(false)) // count 4 from a private input
	faUnit(b, I32DivS(), c32(uint32(0xfffffff9)), c32(2))                 // −7 / 2 = −3
	faUnit(b, I32RemS(), c32(7), c32(uint32(0xfffffffe)))                 // 7 % −2 = 1
	faUnit(b, I32ShrS(), c32(0x80000000), c32(4))                         // 0xf8000000
	faUnit(b, I32LtS(), c32(0xffffffff), c32(1))                          // −1 < 1
	faUnit(b, ExtendS(1, false), c32(0x80))                               // 0xffffff80
	faUnit(b, ExtendS(2, false), c32(0x8000))                             // 0xffff8000
	faUnit(b, ExtendS(4, true), c64(0x80000000))                          // 0xffffffff80000000
	faUnit(b, I32Shl(), c32(1), c32(36))                                  // 16
	faUnit(b, I32RemS(), c32(uint32(0xfffffffc)), c32(2))                 // −4 % 2 = 0 (sign 1)
	faUnit(b, I32DivS(), c32(1<<31), c32(0), WasmInput(false))            // INT_MIN / 1 (a private input)
	b.Return(0)
	return faBuild(t, b)
}

func faWd(name, target string, f forgery) forgery {
	f.name, f.targets, f.image, f.params, f.inputs = "wd/"+name, []string{target}, faWdImage, faWdParams, faWdInputs
	return f
}

// faBitCount sets a bit-count row's count n (T' and kk) and B = 2^e.
func faBitCount(r *Row, s *faultState, n, e uint64) {
	r.K, s.T, r.B64, r.B = n, n, e == 64, 0
	if e < 64 {
		r.B = 1 << e
	}
}

var _ = func() bool {
	faClassRules("wd", faWdImage, faWdInputs, faWdParams, ClassBitCount, 0, faStateFields...)
	for j := 0; j < 4; j++ {
		j := j
		n := uint64(faClzLimb(j))
		registerForgeries(faWd(fmt.Sprintf("clz = %d with D above 32 bits", n), fmt.Sprintf(faTr+"clz/ctz: clz: i32 L%d zero", 4+j), forgery{
			fault: atClass(ClassBitCount, 3+j, func(r *Row, s *faultState) { faBitCount(r, s, n, n); r.L = r.T << n })}))
	}
	for j := 0; j < 4; j++ {
		j := j
		registerForgeries(faWd(fmt.Sprintf("popcnt with H%d + 1", j), fmt.Sprintf("lookup popcnt byte %d", j), forgery{
			fault: atClass(ClassBitCount, 9, func(r *Row, s *faultState) {
				r.HX = append([]uint64(nil), r.HX...)
				r.HX[j]++
				faBitCount(r, s, r.K+1, r.K+1)
			})}))
	}
	// Bytes 4..7 of an i32 popcnt are 0: H_j = 1 there, with the count following.
	for j := 4; j < 8; j++ {
		j := j
		registerForgeries(faWd(fmt.Sprintf("popcnt with H%d = 1", j), fmt.Sprintf("lookup popcnt byte %d", j), forgery{
			fault: atClass(ClassBitCount, 9, func(r *Row, s *faultState) {
				r.HX = append([]uint64(nil), r.HX...)
				r.HX[j] = 1
				faBitCount(r, s, r.K+1, r.K+1)
			})}))
	}
	return true
}()

var _ = registerForgeries(
	faWd("clz(0x00f00000) = 9 with n = 8", faTr+"clz/ctz: T' = n", forgery{
		fault: atClass(ClassBitCount, 0, func(r *Row, s *faultState) { s.T = 9 })}),
	faWd("clz(0) = 5", faTr+"clz/ctz: zero: n = w (clz, ctz)", forgery{
		fault: atClass(ClassBitCount, 1, func(r *Row, s *faultState) { faBitCount(r, s, 5, 5) })}),
	// clz(0x00f00000) = 7 with D = T·2^8 (top bit set).
	faWd("clz = 7, D of 8", faTr+"clz/ctz: clz: T·2^n = D", forgery{
		fault: atClass(ClassBitCount, 0, func(r *Row, s *faultState) { faBitCount(r, s, 7, 7) })}),
	// clz(0x00f00000) = 7 with D = T·2^7 (top bit clear).
	faWd("clz = 7", faTr+"clz/ctz: clz: top bit set unless zero", forgery{
		fault: atClass(ClassBitCount, 0, func(r *Row, s *faultState) { faBitCount(r, s, 7, 7); r.L = r.T << 7 })}),
	// i64 clz(1) = 31: D = 2^31, its bit 31 tested by H3 = 0x80 as in an i32 row.
	faWd("i64 clz(1) = 31", faTr+"clz/ctz: clz: H3 constant", forgery{
		fault: atClass(ClassBitCount, 2, func(r *Row, s *faultState) {
			faBitCount(r, s, 31, 31)
			r.L, r.HX = 1<<31, []uint64{0, 0, 0, 0x80, 0, 0, 0, 0x80}
		})}),
	// ctz(8) = 4 with hi = 1 (odd): T·2^28 ≠ 2^32.
	faWd("ctz(8) = 4", faTr+"clz/ctz: ctz: T·2^(w−n) = hi·2^w", forgery{
		fault: atClass(ClassBitCount, 7, func(r *Row, s *faultState) { faBitCount(r, s, 4, 28) })}),
	// ctz(8) = 2 with hi = 2: T·2^30 = 2·2^32.
	faWd("ctz(8) = 2", faTr+"clz/ctz: ctz: hi odd unless zero", forgery{
		fault: atClass(ClassBitCount, 7, func(r *Row, s *faultState) { faBitCount(r, s, 2, 30); r.H2 = 2 })}),
	// popcnt of 0x0f0f0f0e (the L bytes) where T = 0x0f0f0f0f.
	faWd("popcnt of another T", faTr+"clz/ctz: popcnt: T = L bytes", forgery{
		fault: atClass(ClassBitCount, 9, func(r *Row, s *faultState) {
			r.L = r.T - 1
			r.HX = append([]uint64(nil), r.HX...)
			r.HX[0]--
			faBitCount(r, s, r.K-1, r.K-1)
		})}),
	faWd("popcnt = Σ H + 1", faTr+"clz/ctz: popcnt: n = Σ H", forgery{
		fault: atClass(ClassBitCount, 9, func(r *Row, s *faultState) { faBitCount(r, s, r.K+1, r.K+1) })}),
)

var faWdInputs = Inputs{Private: []uint64{4, 1}}

// faLts64Row rewrites the D bytes, the borrow and the result of the cmp_s64 row r for its
// A and T cells and the sign bits sa, sb: ±(A − T − 2^64·(sa − sb)) = D − c·2^64.
func faLts64Row(c *Circuit, w *plonkish.Witness, ex *Execution, r int, sa, sb int64) {
	row := ex.Rows[r]
	x := new(big.Int).SetUint64(row.A)
	y := new(big.Int).SetUint64(row.T)
	x.Sub(x, new(big.Int).Lsh(big.NewInt(sa), 64))
	y.Sub(y, new(big.Int).Lsh(big.NewInt(sb), 64))
	if row.F1 {
		x, y = y, x
	}
	d := new(big.Int).Sub(x, y)
	lt := d.Sign() < 0
	if lt {
		d.Add(d, new(big.Int).Lsh(big.NewInt(1), 64))
	}
	faSetLimbs(c, w, c.cols.l, r, d.Uint64())
	w.Set(c.cols.c, r, b2u(lt))
	faFixX(c, w, r)
	w.Set(c.cols.sa, r, uint64(sa))
	w.Set(c.cols.sb, r, uint64(sb))
	faResult(c, w, r, faFe(b2u(lt != row.F2)))
}

// faLts64 fills a cmp_s64 row's H, Y, D, borrow and result for the operand bytes a, t:
// the borrow reads the real A and T cells and the sign bits of a and t.
func faLts64(r *Row, s *faultState, a, t uint64) {
	x := new(big.Int).SetUint64(r.A)
	y := new(big.Int).SetUint64(r.T)
	x.Sub(x, new(big.Int).Lsh(new(big.Int).SetUint64(a>>63), 64))
	y.Sub(y, new(big.Int).Lsh(new(big.Int).SetUint64(t>>63), 64))
	if r.F1 {
		x, y = y, x
	}
	d := new(big.Int).Sub(x, y)
	r.C = d.Sign() < 0
	if r.C {
		d.Add(d, new(big.Int).Lsh(big.NewInt(1), 64))
	}
	r.L, r.H2, r.Y = d.Uint64(), a, t
	s.T = b2u(r.C != r.F2)
}

var _ = func() bool {
	for _, k := range []Class{ClassLtS64, ClassDivU64, ClassShift64, ClassShrSK, ClassDivS32} {
		faClassRules("wd", faWdImage, faWdInputs, faWdParams, k, 0, faStateFields...)
	}
	for j := 0; j < 7; j++ {
		j := j
		// ge_s(5, −2) with T's top byte 0x7f and 0x80·2^(8(7−j)) more in Y_j: T's sign
		// bit reads 0, ge_s(5, T) = 0.
		registerForgeries(faWd(fmt.Sprintf("ge_s with Y%d carrying the sign", j), fmt.Sprintf("lookup Y%d byte", j), forgery{
			cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
				r := nthRow(t, ex, ClassLtS64, 1, nil)
				w.Set(c.cols.y[7], r, 0x7f)
				faCellAdd(w, c.cols.y[j], r, faFeBig(new(big.Int).Lsh(big.NewInt(0x80), uint(8*(7-j)))))
				faLts64Row(c, w, ex, r, 0, 0)
			}}))
		// i64 shr_s(2^63, 4) with V's top byte 0 and 0x80·2^(8(7−j)) more in V_j: the
		// sign reads 0, the result is the logical shift.
		registerForgeries(faWd(fmt.Sprintf("shr_s with V%d carrying the sign", j), fmt.Sprintf("lookup V%d byte", j), forgery{
			cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
				r := nthRow(t, ex, ClassShift64, 1, nil)
				w.Set(c.cols.v[7], r, 0)
				faCellAdd(w, c.cols.v[j], r, faFeBig(new(big.Int).Lsh(big.NewInt(0x80), uint(8*(7-j)))))
				w.Set(c.cols.sv, r, 0)
				faResult(c, w, r, faFe(1<<59))
			}}))
	}
	// i32 shr_s by 4 with lo + 2^(32+8j), hi − 2^(8j).
	for j := 0; j < 4; j++ {
		j := j
		d := uint64(1) << (32 + 8*j)
		registerForgeries(faWd(fmt.Sprintf("shr_s const with lo + 2^%d", 32+8*j), fmt.Sprintf(faTr+"shr_s_const: i32 high limb %d", j), forgery{
			fault: atClass(ClassShrSK, 0, func(r *Row, s *faultState) { r.L, r.H2, s.T = r.L+d, r.H2-d>>32, s.T-d>>32 })}))
	}
	return true
}()

var _ = registerForgeries(
	// cmp_s64: lt_s(−1, 1) = 1, ge_s(5, −2) = 1.
	faWd("lt_s64(−1, 1) = 0 with c = 1", faTr+"cmp_s64: T", forgery{
		fault: atClass(ClassLtS64, 0, func(r *Row, s *faultState) { s.T = 0 })}),
	faWd("lt_s64(−1, 1) = 0", faTr+"cmp_s64: borrow", forgery{
		fault: atClass(ClassLtS64, 0, func(r *Row, s *faultState) { r.C, s.T = false, 0 })}),
	faWd("lt_s64 of A's bytes 2^63 − 1", faTr+"cmp_s64: A = H bytes", forgery{
		fault: atClass(ClassLtS64, 0, func(r *Row, s *faultState) { faLts64(r, s, r.A^1<<63, r.T) })}),
	faWd("ge_s64 of T's bytes 2^63 − 2", faTr+"cmp_s64: T = Y bytes", forgery{
		fault: atClass(ClassLtS64, 1, func(r *Row, s *faultState) { faLts64(r, s, r.A, r.T^1<<63) })}),
	faWd("lt_s64 with sign_a = 0", "lookup sign of A", forgery{
		cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
			faLts64Row(c, w, ex, nthRow(t, ex, ClassLtS64, 0, nil), 0, 0)
		}}),
	faWd("ge_s64 with sign_b = 0", "lookup sign of T", forgery{
		cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
			faLts64Row(c, w, ex, nthRow(t, ex, ClassLtS64, 1, nil), 0, 0)
		}}),

	// divrem_u64: 7 = 3·2 + 1.
	faWd("div_u64(7, 2) = 4 with q = 3", faTr+"divrem_u64: T", forgery{
		fault: atClass(ClassDivU64, 0, func(r *Row, s *faultState) { s.T = 4 })}),
	faWd("div_u64(7, 2) = 4", faTr+"divrem_u64: A = q·T + r", forgery{
		fault: atClass(ClassDivU64, 0, func(r *Row, s *faultState) { r.L, s.T = 4, 4 })}),
	faWd("div_u64(7, 2) = 2 remainder 3", faTr+"divrem_u64: r < T", forgery{
		fault: atClass(ClassDivU64, 0, func(r *Row, s *faultState) { r.L, r.H2, r.Y, s.T = 2, 3, 0, 2 })}),

	// shift64: 0x12345678 << 4; shr_s(2^63, 4).
	faWd("i64 shl by 5 where T = 4", faTr+"shift64: T = Y bytes", forgery{
		fault: atClass(ClassShift64, 0, func(r *Row, s *faultState) {
			r.Y, r.K, r.B, r.L, r.H2, s.T = 5, 5, 32, r.A<<5, 0, r.A<<5
		})}),
	faWd("i64 shl gives lo + 1", faTr+"shift64: A·2^e = lo + hi·2^64", forgery{
		fault: atClass(ClassShift64, 0, func(r *Row, s *faultState) { r.L, s.T = r.L+1, r.L+1 })}),
	faWd("i64 shl result not lo", faTr+"shift64: result", forgery{
		fault: atClass(ClassShift64, 0, func(r *Row, s *faultState) { s.T++ })}),
	faWd("i64 shr_s of V = 0 (sign 0)", faTr+"shift64: shr_s: A = V bytes", forgery{
		fault: atClass(ClassShift64, 1, func(r *Row, s *faultState) { r.V, s.T = 0, 1<<59 })}),
	faWd("i64 shr_s with sign_v = 0", "lookup sign of V", forgery{
		cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
			r := nthRow(t, ex, ClassShift64, 1, nil)
			w.Set(c.cols.sv, r, 0)
			faResult(c, w, r, faFe(1<<59))
		}}),
	faWd("i64 shl by 5 with count byte 4", "lookup i64 shift count", forgery{
		fault: atClass(ClassShift64, 0, func(r *Row, s *faultState) { r.K, r.B, r.L, r.H2, s.T = 5, 32, r.A<<5, 0, r.A<<5 })}),
	faWd("i64 shl by the factor 17", "lookup shift power", forgery{
		fault: atClass(ClassShift64, 0, func(r *Row, s *faultState) { r.B, r.L, s.T = 17, r.A*17, r.A*17 })}),

	// shr_s_const: 0x80000010 >> 4 = 0xf8000001 (hi 0x08000001, sign 1).
	faWd("shr_s const hi + 1", faTr+"shr_s_const: A·2^e = lo + hi·2^w", forgery{
		fault: atClass(ClassShrSK, 0, func(r *Row, s *faultState) { r.H2, s.T = r.H2+1, s.T+1 })}),
	faWd("shr_s const result + 1", faTr+"shr_s_const: result", forgery{
		fault: atClass(ClassShrSK, 0, func(r *Row, s *faultState) { s.T++ })}),
	faWd("shr_s const of Y without the sign", faTr+"shr_s_const: A = Y bytes", forgery{
		fault: atClass(ClassShrSK, 0, func(r *Row, s *faultState) { r.Y, s.T = r.Y&^(0x80<<56), r.H2 })}),
	faWd("shr_s const count 5 where the image says 4", faTr+"shr_s_const: count", forgery{
		rows: func(t testing.TB, ex *Execution) {
			i := nthRow(t, ex, ClassShrSK, 1, nil)
			ex.Rows[i-1].L, ex.Rows[i].T = 5, 5
		}}),

	// divrem_s32: −7 / 2 = −3 (|q| 3, |r| 1, sign 1).
	faWd("div_s(−7, 2) = 3 with sign 1", faTr+"divrem_s32: T'", forgery{
		fault: atClass(ClassDivS32, 0, func(r *Row, s *faultState) { s.T = 3 })}),
	faWd("div_s(−7, 2) = 3", faTr+"divrem_s32: sign of the result", forgery{
		fault: atClass(ClassDivS32, 0, func(r *Row, s *faultState) { r.B, s.T = 0, 3 })}),
	faWd("div_s(−7, 2) = −4", faTr+"divrem_s32: |A| = |q|·|T| + |r|", forgery{
		fault: atClass(ClassDivS32, 0, func(r *Row, s *faultState) { r.H2, r.Inv, s.T = r.H2+1, inverse(4), s.T-1 })}),
	faWd("div_s(−7, 2) = −2 remainder 3", faTr+"divrem_s32: |r| < |T|", forgery{
		fault: atClass(ClassDivS32, 0, func(r *Row, s *faultState) {
			r.L, r.H2, r.Y, r.Inv, s.T = 0x80<<24, r.H2-1, r.Y&^(0xff<<24)|3<<24, inverse(2), s.T+1
		})}),

	// i32 shr_s(0x80000000, 4) with Y saying 0x00000000's sign.
	faWd("i32 shr_s of Y without the sign", faTr+"shift32: shr_s: A = Y bytes", forgery{
		fault: atClass(ClassShift32, 0, func(r *Row, s *faultState) { r.Y, s.T = 0, 0x08000000 })}),

	// extend_s with the sign constant 0 at the top source byte: no sign extension.
	faWd("extend8_s(0x80) = 0x80", faTr+"extend_s: sign constant 0", forgery{
		cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
			r := nthRow(t, ex, ClassExtendS, 0, nil)
			w.Set(c.cols.hl[0], r, 0)
			faFixX(c, w, r)
			faResult(c, w, r, faFe(0x80))
		}}),
	faWd("extend16_s(0x8000) = 0x8000", faTr+"extend_s: sign constant 1", forgery{
		cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
			r := nthRow(t, ex, ClassExtendS, 1, nil)
			w.Set(c.cols.hl[1], r, 0)
			faFixX(c, w, r)
			faResult(c, w, r, faFe(0x8000))
		}}),
	faWd("i64 extend32_s(0x80000000) = 0x80000000", faTr+"extend_s: sign constant 3", forgery{
		cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
			r := nthRow(t, ex, ClassExtendS, 2, nil)
			w.Set(c.cols.hl[3], r, 0)
			faFixX(c, w, r)
			faResult(c, w, r, faFe(0x80000000))
		}}),

	// i32 shl(1, 36) by 36 (count mask 63): 2^36 = 0 + 16·2^32, result 0.
	faWd("i32 shl by 36", faTr+"shift32: count mask 0", forgery{
		cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
			r := nthRow(t, ex, ClassShift32, 1, nil)
			w.Set(c.cols.hl[4], r, 63)
			faFixX(c, w, r)
			faCellSet(w, c.cols.b, r, faPow2(36))
			faSetLimbs(c, w, c.cols.l[:4], r, 0)
			faSetLimbs(c, w, c.cols.hl[:4], r, 16)
			faFixX(c, w, r)
			faResult(c, w, r, faFe(0))
		}}),
)

var _ = registerForgeries(
	// rem_s(−4, 2) = 2^32 (−0 with z = 0).
	faWd("rem_s(−4, 2) = 2^32", faTr+"divrem_s32: d·inv = 1 − z", forgery{
		cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
			r := nthRow(t, ex, ClassDivS32, 2, nil)
			w.Set(c.cols.z, r, 0)
			faResult(c, w, r, faPow2(32))
		}}),
	// div_s(−7, 2) = −3 in the field (z = 1 with |q| = 3).
	faWd("div_s(−7, 2) = −3 mod p", faTr+"divrem_s32: d·z = 0", forgery{
		cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
			r := nthRow(t, ex, ClassDivS32, 0, nil)
			w.Set(c.cols.z, r, 1)
			faCellSet(w, c.cols.inv, r, fr.Element{})
			v := faFe(3)
			v.Neg(&v)
			faResult(c, w, r, v)
		}}),
	// div_s(INT_MIN, −1) = INT_MIN: the divisor −1 (a private input), the result's sign 0.
	faWd("div_s(INT_MIN, −1)", faTr+"divrem_s32: no INT_MIN / −1", forgery{rows: faIntMinByMinus1}),
	// The same with L3 = 0, so that X3 does not see |q|'s top bit.
	faWd("div_s(INT_MIN, −1) with L3 = 0", faTr+"divrem_s32: L3 = 0x80", forgery{rows: faIntMinByMinus1,
		cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
			r := nthRow(t, ex, ClassDivS32, 3, nil)
			w.Set(c.cols.l[3], r, 0)
			faFixX(c, w, r)
		}}),
	// div_s(−7, 2) with A's bytes in H saying 0x7ffffff9 (sign 0): |A| = 0xfffffff9,
	// q = 0x7ffffffc.
	faWd("div_s(−7, 2) as unsigned", faTr+"divrem_s32: A = H4..H7", forgery{
		fault: atClass(ClassDivS32, 0, func(r *Row, s *faultState) {
			q := uint64(0x7ffffffc)
			r.H2, r.B, r.Inv, s.T = q|(r.A^1<<31)<<32, 0, inverse(q), q
		})}),
	// rem_s(7, −2) with T's bytes in Y saying 0x7ffffffe (sign 0): 7 = 0·|T| + 7.
	faWd("rem_s(7, −2) = 7", faTr+"divrem_s32: T = Y0 Y1 Y2 Y7", forgery{
		fault: atClass(ClassDivS32, 1, func(r *Row, s *faultState) {
			tv, faAr := uint64(0x7ffffffe), uint64(7)
			d := tv - faAr - 1
			r.L = d&0xffffff | 0x80<<24 | (d>>24)<<32
			r.H2 = r.A << 32
			r.Y = tv&0xffffff | faAr<<24 | (tv>>24)<<56
			r.B, r.Inv, s.T = 0, inverse(faAr), faAr
		})}),
)

// faIntMinByMinus1 turns faWdImage's div_s(INT_MIN, 1) into div_s(INT_MIN, −1) = INT_MIN:
// the divisor −1 (the private input before it), its bytes in Y, the result's sign 0
// (|q| = 2^31, the result 2^31 either way).
func faIntMinByMinus1(t testing.TB, ex *Execution) {
	i := nthRow(t, ex, ClassDivS32, 3, nil)
	d := &ex.Rows[i]
	ex.Rows[i-1].L, d.T, d.B = 0xffffffff, 0xffffffff, 0
	d.Y = 0xffffff | 0xff<<56
}

// TestArithForgeryImagesHonest checks that the programs the forgeries above start from
// run and are accepted honestly, and that every class they forge runs at least twice
// (the state forgeries shift a field between two rows of the class).
func TestArithForgeryImagesHonest(t *testing.T) {
	for _, tc := range []struct {
		name    string
		img     func(testing.TB) *Image
		in      Inputs
		p       Params
		classes []Class
	}{
		{"ar", faArImage, faArInputs, testParams, []Class{ClassAddSub, ClassMul, ClassEqz, ClassEq, ClassLtU, ClassDivU32, ClassShiftK, ClassWrap}},
		{"bw", faBwImage, Inputs{}, faBwParams, []Class{ClassBitwise, ClassExtendS, ClassShift32, ClassLtS32}},
		{"wd", faWdImage, faWdInputs, faWdParams, []Class{ClassBitCount, ClassLtS64, ClassDivU64, ClassShift64, ClassShrSK, ClassDivS32, ClassExtendS, ClassShift32}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, pre, w, ex, err := Assign(tc.img(t), tc.in, tc.p)
			if err != nil {
				t.Fatal(err)
			}
			if err := mockVerify(c, pre, w); err != nil {
				t.Fatal(err)
			}
			seen := map[Class]int{}
			for _, r := range ex.Rows[:ex.Steps] {
				seen[r.Class]++
			}
			for _, k := range tc.classes {
				if seen[k] < 2 {
					t.Errorf("class %s runs %d times, want at least 2", k, seen[k])
				}
			}
		})
	}
}
