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

// unit is one use of an instruction: its operands (pushed by constants), itself, then a
// nop and a drop of the result.
func unit(b *Builder, op Instr, operands ...Instr) {
	b.Emit(operands...)
	b.Emit(op, Nop(), Drop())
}

func buildImage(t testing.TB, b *Builder) *Image {
	t.Helper()
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// arImage has the classes of circuits without the AND table (K = 11, byte limbs range
// checked one by one): add/sub, mul, eqz, eq/ne, cmp_u, divrem_u32, shift_const, wrap,
// each at least twice. Input: private 4 (a shift count).
func arImage(t testing.TB) *Image {
	b := NewBuilder("main", 64)
	b.Func("main", 0, 0)
	c32, c64 := I32Const, I64Const
	unit(b, IAdd(false), c32(0xffffffff), c32(2))                                // 1, carry
	unit(b, ISub(false), c32(5), c32(3))                                         // 2
	unit(b, IAdd(true), c64(^uint64(0)), c64(0x0101010101010102))                // 0x0101…01, carry
	unit(b, IMul(false), c32(0xffffffff), c32(0xffffffff))                       // lo 1, hi 0xfffffffe
	unit(b, IMul(true), c64(^uint64(0)), c64(^uint64(0)))                        // lo 1, hi 2^64 − 2
	unit(b, IEqz(false), c32(0))                                                 // 1
	unit(b, IEqz(false), c32(5))                                                 // 0
	unit(b, IEq(false), c32(7), c32(7))                                          // 1
	unit(b, INe(false), c32(7), c32(8))                                          // 1
	unit(b, ILtU(false), c32(3), c32(5))                                         // 1, borrow
	unit(b, ILtU(false), c32(5), c32(3))                                         // 0
	unit(b, I32DivU(), c32(7), c32(2))                                           // 3
	unit(b, I32RemU(), c32(7), c32(2))                                           // 1
	unit(b, ShiftK(false, false, false, 31), c32(0xffffffff), c32(31))           // shl: lo 2^31, hi 2^31 − 1
	unit(b, ShiftK(false, true, true, 4), c32(0x12345678), c32(4))               // rotr
	unit(b, ShiftK(false, false, false, 4), c32(0xff), c32(0), WasmInput(false)) // count 4 from a private input
	unit(b, Wrap(), c64(0xffffffff00000005))                                     // 5
	unit(b, Wrap(), c64(0x100000002))                                            // 2
	b.Return(0)
	return buildImage(t, b)
}

var arInputs = Inputs{Private: []uint64{4}}

// fe returns v as a field element; feBig returns an integer reduced into the field.
func fe(v uint64) fr.Element { var e fr.Element; e.SetUint64(v); return e }

func feBig(v *big.Int) fr.Element { var e fr.Element; e.SetBigInt(v); return e }

// pow2fe is 2^n in the field (n may be negative: the inverse).
func pow2fe(n int) fr.Element {
	var e fr.Element
	e.Exp(fr.NewElement(2), big.NewInt(int64(abs(n))))
	if n < 0 {
		e.Inverse(&e)
	}
	return e
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// cellAdd adds d to an advice cell.
func cellAdd(w *plonkish.Witness, col plonkish.Column, r int, d fr.Element) {
	w.Advice[col.Index][r].Add(&w.Advice[col.Index][r], &d)
}

func cellSet(w *plonkish.Witness, col plonkish.Column, r int, v fr.Element) {
	w.Advice[col.Index][r] = v
}

// resultRows sets the result of the row of an "op, nop, drop" unit (the T cells of the nop
// and the drop rows) to v.
func resultRows(c *Circuit, w *plonkish.Witness, r int, v fr.Element) {
	cellSet(w, c.cols.t, r+1, v)
	cellSet(w, c.cols.t, r+2, v)
}

// classRules registers the state forgeries of class k on img: "pc" sends the skip-th row
// to pc + 2 (over the unit's nop), the others shift the field after the skip-th row and
// back after the next one.
func classRules(prefix string, img func(testing.TB) *Image, in Inputs, p Params, k Class, skip int, fields ...string) {
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

var pcHFpCid = []string{"pc", "h", "fp", "cid"}

var _ = func() bool {
	for _, k := range []Class{ClassAddSub, ClassMul, ClassEqz, ClassEq, ClassLtU, ClassDivU32, ClassShiftK, ClassWrap} {
		classRules("ar", arImage, arInputs, testParams, k, 0, pcHFpCid...)
	}
	return true
}()

// ar registers a forgery of arImage.
func ar(name, target string, f forgery) forgery {
	f.name, f.targets, f.image, f.inputs = "ar/"+name, []string{target}, arImage, arInputs
	return f
}

const tr = "gate transition/"

var _ = registerForgeries(
	// add/sub. The i32 add 0xffffffff + 2 with its carry dropped: T' = 2^32 + 1.
	ar("add without carry, limbs of the wrapped sum", tr+"add/sub: T' = limbs", forgery{
		fault: atClass(ClassAddSub, 0, func(r *Row, s *faultState) { r.C, s.T = false, r.A+r.T })}),
	ar("add gives 2", tr+"add/sub: add/sub", forgery{
		fault: atClass(ClassAddSub, 0, func(r *Row, s *faultState) { r.L, s.T = 2, 2 }), prove: true}),
	ar("add without carry, 33-bit result", tr+"add/sub: i32 high limb 0", forgery{
		fault: atClass(ClassAddSub, 0, func(r *Row, s *faultState) { r.C, r.L, s.T = false, r.A+r.T, r.A+r.T })}),

	// mul: 0xffffffff² = 1 + 0xfffffffe·2^32.
	ar("mul moves 2^32 from hi to T', limbs unchanged", tr+"mul: T' = limbs", forgery{
		fault: atClass(ClassMul, 0, func(r *Row, s *faultState) { r.H2, s.T = r.H2-1, r.L+1<<32 })}),
	ar("mul gives 2", tr+"mul: A·T = T' + hi·2^w", forgery{
		fault: atClass(ClassMul, 0, func(r *Row, s *faultState) { r.L, s.T = 2, 2 })}),

	// eqz.
	ar("eqz(0) = 0 with z = 1", tr+"eqz: T", forgery{
		fault: atClass(ClassEqz, 0, func(r *Row, s *faultState) { s.T = 0 })}),
	ar("eqz(0) = 0", tr+"eqz: d·inv = 1 − z", forgery{
		fault: atClass(ClassEqz, 0, func(r *Row, s *faultState) { r.Z, s.T = false, 0 })}),
	ar("eqz(5) = 1", tr+"eqz: d·z = 0", forgery{
		fault: atClass(ClassEqz, 1, func(r *Row, s *faultState) { r.Z, r.Inv, s.T = true, fr.Element{}, 1 })}),

	// eq/ne.
	ar("eq(7, 7) = 0 with z = 1", tr+"eq/ne: T", forgery{
		fault: atClass(ClassEq, 0, func(r *Row, s *faultState) { s.T = 0 })}),
	ar("eq(7, 7) = 0", tr+"eq/ne: d·inv = 1 − z", forgery{
		fault: atClass(ClassEq, 0, func(r *Row, s *faultState) { r.Z, s.T = false, 0 })}),
	ar("ne(7, 8) = 0", tr+"eq/ne: d·z = 0", forgery{
		fault: atClass(ClassEq, 1, func(r *Row, s *faultState) { r.Z, r.Inv, s.T = true, fr.Element{}, 0 })}),

	// cmp_u.
	ar("lt_u(3, 5) = 0 with c = 1", tr+"cmp_u: T", forgery{
		fault: atClass(ClassLtU, 0, func(r *Row, s *faultState) { s.T = 0 })}),
	ar("lt_u(3, 5) = 0", tr+"cmp_u: borrow", forgery{
		fault: atClass(ClassLtU, 0, func(r *Row, s *faultState) { r.C, s.T = false, 0 })}),
	ar("lt_u(5, 3) = 1, difference + 2^32", tr+"cmp_u: i32 high limb 0", forgery{
		fault: atClass(ClassLtU, 1, func(r *Row, s *faultState) { r.C, r.L, s.T = true, r.L+1<<32, 1 })}),

	// divrem_u32: 7 = 3·2 + 1.
	ar("div_u(7, 2) = 4 with q = 3", tr+"divrem_u32: T", forgery{
		fault: atClass(ClassDivU32, 0, func(r *Row, s *faultState) { s.T = 4 })}),
	ar("div_u(7, 2) = 4", tr+"divrem_u32: A = q·T + r", forgery{
		fault: atClass(ClassDivU32, 0, func(r *Row, s *faultState) { r.L, s.T = r.L+1, 4 })}),
	ar("div_u(7, 2) = 2 remainder 3", tr+"divrem_u32: r < T", forgery{
		fault: atClass(ClassDivU32, 0, func(r *Row, s *faultState) { r.L, r.H2, s.T = 2, 3, 2 })}),

	// shift_const: 0xffffffff << 31 = 2^31 + (2^31 − 1)·2^32.
	ar("shl gives lo + 1", tr+"shift_const: A·2^e = lo + hi·2^w", forgery{
		fault: atClass(ClassShiftK, 0, func(r *Row, s *faultState) { r.L, s.T = r.L+1, r.L+1 })}),
	ar("shl result not lo", tr+"shift_const: result", forgery{
		fault: atClass(ClassShiftK, 0, func(r *Row, s *faultState) { s.T = r.L + 1 })}),
	// The count popped is 5 (a private input) where the image's constant is 4.
	ar("shift count not the image's", tr+"shift_const: count", forgery{
		rows: func(t testing.TB, ex *Execution) {
			i := nthRow(t, ex, ClassShiftK, 2, nil)
			ex.Rows[i-1].L, ex.Rows[i].T = 5, 5
		}}),

	// wrap: 0xffffffff00000005 = 5 + 0xffffffff·2^32.
	ar("wrap gives 6", tr+"wrap: split", forgery{
		fault: atClass(ClassWrap, 0, func(r *Row, s *faultState) { r.L, s.T = 6, 6 })}),
	ar("wrap gives 6, limbs 5", tr+"wrap: T", forgery{
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
			ar(fmt.Sprintf("mul with T' + 2^%d", 32+8*j), fmt.Sprintf(tr+"mul: i32 high limb %d", j), forgery{
				fault: atClass(ClassMul, 0, func(r *Row, s *faultState) { r.L, r.H2, s.T = r.L+d, r.H2-d>>32, r.L+d })}),
			ar(fmt.Sprintf("shl with lo + 2^%d", 32+8*j), fmt.Sprintf(tr+"shift_const: i32 high limb %d", j), forgery{
				fault: atClass(ClassShiftK, 0, func(r *Row, s *faultState) { r.L, r.H2, s.T = r.L+d, r.H2-d>>32, r.L+d })}),
			ar(fmt.Sprintf("wrap with low + 2^%d", 32+8*j), tr+"wrap: "+id, forgery{
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
			ar(fmt.Sprintf("i64 add without carry, L%d = %d + 2^%d", j, 1, 64-8*j), fmt.Sprintf("lookup range L%d", j), forgery{
				cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
					r := nthRow(t, ex, ClassAddSub, 2, nil)
					cellSet(w, c.cols.c, r, fe(0))
					cellAdd(w, c.cols.l[j], r, pow2fe(64-8*j))
					v := fe(ex.Rows[r].L)
					two64 := pow2fe(64)
					v.Add(&v, &two64)
					resultRows(c, w, r, v)
				}}),
			ar(fmt.Sprintf("i64 mul = 2, H%d solved", j), fmt.Sprintf("lookup range H%d", j), forgery{
				fault: atClass(ClassMul, 1, func(r *Row, s *faultState) { r.L, s.T = 2, 2 }),
				cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
					r := nthRow(t, ex, ClassMul, 1, nil)
					d := pow2fe(-64 - 8*j)
					d.Neg(&d)
					cellAdd(w, c.cols.hl[j], r, d)
				}}),
		)
	}
	return true
}()
