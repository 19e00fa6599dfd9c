package circuit

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	. "github.com/zkwasm/zkwasm/plonkish"
)

// Short names for building constraints.
var (
	one = Const(1)
	two = Const(2)
)

func pow2(n uint) Expression {
	var b big.Int
	b.Lsh(big.NewInt(1), n)
	var e fr.Element
	e.SetBigInt(&b)
	return ConstElement(e)
}

func sum(terms ...Expression) Expression { return Add(terms...) }

// mux returns cond·a + (1 − cond)·b.
func mux(cond, a, b Expression) Expression { return Add(Mul(cond, a), Mul(Sub(one, cond), b)) }

// configure builds the constraint system of the zkWasm circuit: gates, lookups and buses.
// The comments name the rules of RATIONALE.md "## zkWasm circuit".
func configure(cs *ConstraintSystem, used []Class, limbBits int, bitwise, memory, shift32, signedLoads, wideCmp, shift64, retIf, bitCount, popcnt, shrS64, retTable, divS64, grow bool) *columns {
	limbs := 64 / limbBits
	c := allocate(cs, used, limbs, bitwise, memory, signedLoads, wideCmp, shrS64, grow)
	if divS64 && wideCmp {
		c.allocateDivS64(cs)
	}
	s := func(k Class) Expression { return c.sel(k, 0) }
	sn := func(k Class) Expression { return c.sel(k, 1) }
	qUse, qStep := c.qUse.Cur(), c.qStep.Cur()
	pc, h, fp, cid, t := c.pc.Cur(), c.h.Cur(), c.fp.Cur(), c.cid.Cur(), c.t.Cur()
	pc1, h1, fp1, cid1, t1 := c.pc.Next(), c.h.Next(), c.fp.Next(), c.cid.Next(), c.t.Next()
	w64, f1, f2 := c.w64.Cur(), c.f1.Cur(), c.f2.Cur()
	imm, imm2, imm3 := c.imm.Cur(), c.imm2.Cur(), c.imm3.Cur()
	a, b, pts1, pts2 := c.a.Cur(), c.b.Cur(), c.pts1.Cur(), c.pts2.Cur()
	cb, z, inv := c.c.Cur(), c.z.Cur(), c.inv.Cur()
	now := c.ts.Cur()
	var shiftExp Expression   // the exponent of a shift row's power of two (nil without shifts)
	var shift64Exp Expression // the same for dynamic i64 shifts
	var bitCountExp Expression
	type term struct { // a memory slot's use by a class: enable, address, value written
		k          Class
		en, ad, wr Expression
	}
	var memSlot2 []term    // loads and stores (only in programs that have them)
	var memSlot1 []term    // crossing loads, store tails
	var signTop Expression // the top loaded byte (programs with signed loads)

	// Word size 2^32 or 2^64 and the limb sums.
	wsize := Add(pow2(32), Mul(w64, Sub(pow2(64), pow2(32))))
	limbSum := func(cols []Column) Expression {
		var terms []Expression
		for i, col := range cols {
			terms = append(terms, Mul(col.Cur(), pow2(uint(i*limbBits))))
		}
		return sum(terms...)
	}
	lv, hv := limbSum(c.l), limbSum(c.hl)
	// i32 results: limbs at or above bit 32 are zero.
	high32 := func(cols []Column) []Expression {
		var out []Expression
		for i := 32 / limbBits; i < len(cols); i++ {
			out = append(out, Mul(Sub(one, w64), cols[i].Cur()))
		}
		return out
	}

	// Decoding: booleans and one-hot class selectors.
	var polys []Expression
	var names []string
	gate := func(name string, p Expression) { names = append(names, name); polys = append(polys, p) }
	var selSum, gSum, mSum []Expression
	for k := ClassNop; k < numExtClasses; k++ {
		if c.selLayout.has(k) {
			selSum = append(selSum, s(k))
		}
	}
	bools := append(append([]Column{c.w64, c.f1, c.f2, c.c, c.z}, c.gsel...), c.msel...)
	if memory {
		bools = append(append(bools, c.f3), c.o...)
	}
	if wideCmp {
		bools = append(bools, c.sa, c.sb)
	}
	if c.v != nil {
		bools = append(bools, c.sv)
	}
	for _, col := range bools {
		gate("bool "+cs.ColumnName(col), Mul(col.Cur(), Sub(one, col.Cur())))
	}
	for _, col := range c.gsel {
		gSum = append(gSum, col.Cur())
	}
	for _, col := range c.msel {
		mSum = append(mSum, col.Cur())
	}
	// The last group and member bits are 1 − (sum of the others): one-hot iff that sum is a bit.
	gate("one group", Mul(sum(gSum...), Sub(one, sum(gSum...))))
	gate("one member", Mul(sum(mSum...), Sub(one, sum(mSum...))))
	gate("a defined class", Sub(sum(selSum...), one))
	for i := range polys {
		polys[i] = Mul(qUse, polys[i])
	}
	cs.CreateNamedGate("decode", names, polys)

	// Row sequence: instr* halt boundary* pad+, pinned first row.
	after := Add(s(ClassHalt), s(ClassBoundary), s(ClassPad))
	notInstr := Add(s(ClassBoundary), s(ClassPad))
	cs.CreateNamedGate("sequence",
		[]string{"first pc", "first h", "first fp", "first cid", "first T", "first is instr", "first io_in", "first io_out", "instr then instr", "halt then boundary/pad", "pad then pad", "last is pad"},
		[]Expression{
			Mul(c.qFirst.Cur(), pc), Mul(c.qFirst.Cur(), Sub(h, one)), Mul(c.qFirst.Cur(), fp),
			Mul(c.qFirst.Cur(), cid), Mul(c.qFirst.Cur(), t), Mul(c.qFirst.Cur(), notInstr),
			Mul(c.qFirst.Cur(), Sub(c.ioIn.Cur(), two)), Mul(c.qFirst.Cur(), Sub(c.ioOut.Cur(), Add(c.pub.Next(), Const(3)))),
			Mul(qStep, Sub(one, after), Add(sn(ClassBoundary), sn(ClassPad))),
			Mul(qStep, after, Sub(one, Add(sn(ClassBoundary), sn(ClassPad)))),
			Mul(qStep, s(ClassPad), Sub(one, sn(ClassPad))),
			Mul(c.qLast.Cur(), Sub(one, s(ClassPad))),
		})

	// Transitions. Every instruction class fixes pc', h', T' (and fp', cid' for calls and
	// returns); the others keep fp and cid.
	type rule struct {
		name string
		e    Expression
	}
	var rules []rule
	add := func(k Class, name string, e Expression) {
		if c.selLayout.has(k) { // a class the program does not use has no rows
			rules = append(rules, rule{k.String() + ": " + name, Mul(qStep, s(k), e)})
		}
	}
	seq := Sub(pc1, Add(pc, one))
	same := func(k Class) {
		add(k, "fp", Sub(fp1, fp))
		add(k, "cid", Sub(cid1, cid))
	}
	zeroTest := func(k Class, d Expression) {
		add(k, "d·inv = 1 − z", Sub(Mul(d, inv), Sub(one, z)))
		add(k, "d·z = 0", Mul(d, z))
		add(k, "inv·z = 0", Mul(inv, z))
	}
	binop := func(k Class) { // pops the second operand A into the ALU; result in T'
		add(k, "pc", seq)
		add(k, "h", Sub(h1, Sub(h, one)))
		same(k)
	}

	add(ClassNop, "pc", seq)
	add(ClassNop, "h", Sub(h1, h))
	add(ClassNop, "T", Sub(t1, t))
	same(ClassNop)

	add(ClassConst, "pc", seq)
	add(ClassConst, "h", Sub(h1, Add(h, one)))
	add(ClassConst, "T", Sub(t1, imm))
	same(ClassConst)

	add(ClassDrop, "pc", seq)
	add(ClassDrop, "h", Sub(h1, Sub(h, one)))
	add(ClassDrop, "T", Sub(t1, a))
	same(ClassDrop)

	add(ClassSelect, "pc", seq)
	add(ClassSelect, "h", Sub(h1, Sub(h, two)))
	zeroTest(ClassSelect, t)
	add(ClassSelect, "T", Sub(t1, mux(z, a, b)))
	same(ClassSelect)

	localVal := Mul(Sub(one, cb), b) // a declared local not written in this frame reads 0
	add(ClassLocalGet, "pc", seq)
	add(ClassLocalGet, "h", Sub(h1, Add(h, one)))
	add(ClassLocalGet, "T", Sub(t1, localVal))
	add(ClassLocalGet, "fresh only for declared", Mul(Sub(one, f1), cb))
	// Declared-local freshness: fresh (c = 1) iff the consumed token is older than the
	// frame (pts2 < cid): the difference cid − pts2 − 1 or pts2 − cid is ≥ 0, i.e. the
	// L limbs (range-checked on every row) hold it; 0 for parameters.
	add(ClassLocalGet, "freshness = L limbs", Sub(lv, Mul(f1, mux(cb, Sub(Sub(cid, pts2), one), Sub(pts2, cid)))))
	same(ClassLocalGet)
	for _, k := range []Class{ClassLocalSet, ClassGlobalSet} {
		add(k, "pc", seq)
		add(k, "h", Sub(h1, Sub(h, one)))
		add(k, "T", Sub(t1, a))
		same(k)
	}
	add(ClassLocalTee, "pc", seq)
	add(ClassLocalTee, "h", Sub(h1, h))
	add(ClassLocalTee, "T", Sub(t1, t))
	same(ClassLocalTee)
	add(ClassGlobalGet, "pc", seq)
	add(ClassGlobalGet, "h", Sub(h1, Add(h, one)))
	add(ClassGlobalGet, "T", Sub(t1, b))
	same(ClassGlobalGet)

	// Arithmetic: results are limb-decomposed (range-checked), carries are bits.
	binop(ClassAddSub)
	add(ClassAddSub, "T' = limbs", Sub(t1, lv))
	add(ClassAddSub, "add/sub", Add(
		Mul(Sub(one, f1), Sub(Add(a, t), Add(t1, Mul(cb, wsize)))),
		Mul(f1, Sub(Add(Sub(a, t), Mul(cb, wsize)), t1))))
	for i, e := range high32(c.l) {
		add(ClassAddSub, "i32 high limb "+string(rune('0'+i)), e)
	}
	binop(ClassMul)
	add(ClassMul, "T' = limbs", Sub(t1, lv))
	add(ClassMul, "A·T = T' + hi·2^w", Sub(Mul(a, t), Add(t1, Mul(hv, wsize))))
	for i, e := range append(high32(c.l), high32(c.hl)...) {
		add(ClassMul, "i32 high limb "+string(rune('0'+i)), e)
	}

	add(ClassEqz, "pc", seq)
	add(ClassEqz, "h", Sub(h1, h))
	zeroTest(ClassEqz, t)
	add(ClassEqz, "T", Sub(t1, z))
	same(ClassEqz)

	binop(ClassEq)
	zeroTest(ClassEq, Sub(a, t))
	add(ClassEq, "T", Sub(t1, Add(z, Mul(f1, Sub(one, Mul(two, z))))))

	binop(ClassLtU)
	// x − y = L − c·2^w with (x, y) = (A, T), or (T, A) when F1: c = [x < y].
	add(ClassLtU, "borrow", Sub(Mul(Sub(one, Mul(two, f1)), Sub(a, t)), Sub(lv, Mul(cb, wsize))))
	for i, e := range high32(c.l) {
		add(ClassLtU, "i32 high limb "+string(rune('0'+i)), e)
	}
	add(ClassLtU, "T", Sub(t1, Add(cb, Mul(f2, Sub(one, Mul(two, cb))))))

	// i32 div_u / rem_u: A = q·T + r with q in the low L limbs, r in the low H limbs and
	// T − r − 1 in the high L limbs (so r < T, and T = 0 has no witness).
	{
		nh := 32 / limbBits
		var qT, rT, dT []Expression
		for j := 0; j < nh; j++ {
			qT = append(qT, Mul(c.l[j].Cur(), pow2(uint(j*limbBits))))
			rT = append(rT, Mul(c.hl[j].Cur(), pow2(uint(j*limbBits))))
			dT = append(dT, Mul(c.l[nh+j].Cur(), pow2(uint(j*limbBits))))
			add(ClassDivU32, fmt.Sprintf("H%d zero", nh+j), c.hl[nh+j].Cur())
		}
		q, rm := sum(qT...), sum(rT...)
		binop(ClassDivU32)
		add(ClassDivU32, "A = q·T + r", Sub(a, Add(Mul(q, t), rm)))
		add(ClassDivU32, "r < T", Sub(Sub(Sub(t, rm), one), sum(dT...)))
		add(ClassDivU32, "T", Sub(t1, mux(f1, rm, q)))
	}

	// Shifts by a constant count: A·2^e = lo + hi·2^w, 2^e from the image (imm, or 2^64
	// when imm2 = 1), the popped count equal to the image's (imm3).
	binop(ClassShiftK)
	add(ClassShiftK, "count", Sub(t, imm3))
	add(ClassShiftK, "A·2^e = lo + hi·2^w", Sub(Mul(a, Add(imm, Mul(imm2, pow2(64)))), Add(lv, Mul(hv, wsize))))
	for i, e := range append(high32(c.l), high32(c.hl)...) {
		add(ClassShiftK, "i32 high limb "+string(rune('0'+i)), e)
	}
	add(ClassShiftK, "result", Sub(t1, Add(Mul(Sub(one, f2), mux(f1, hv, lv)), Mul(f2, Add(lv, hv)))))

	// i64 signed comparisons (programs that have them; byte limbs): A in H, T in Y, the
	// sign bits from the AND table (top byte AND 0x80 = 0x80·sign), and
	// ±(A − T − 2^64·(s_a − s_b)) = D − c·2^64 with D in L.
	if wideCmp {
		ys := limbSum(c.y)
		binop(ClassLtS64)
		add(ClassLtS64, "A = H bytes", Sub(a, hv))
		add(ClassLtS64, "T = Y bytes", Sub(t, ys))
		diff := Sub(Sub(a, t), Mul(pow2(64), Sub(c.sa.Cur(), c.sb.Cur())))
		add(ClassLtS64, "borrow", Sub(Mul(Sub(one, Mul(two, f1)), diff), Sub(lv, Mul(cb, pow2(64)))))
		add(ClassLtS64, "T", Sub(t1, Add(cb, Mul(f2, Sub(one, Mul(two, cb))))))

		// Dynamic i64 shifts: A·2^e = lo + hi·2^64 (L, H), the count T in Y, k = Y0 AND 63
		// (in the br_index/addr2 cell, from the AND table), e = k or 64 − k, 2^e (in B) from
		// the image's power rows.
		binop(ClassShift64)
		add(ClassShift64, "T = Y bytes", Sub(t, ys))
		add(ClassShift64, "A·2^e = lo + hi·2^64", Sub(Mul(a, b), Add(lv, Mul(hv, pow2(64)))))
		res64 := Add(Mul(Sub(one, f2), mux(f1, hv, lv)), Mul(f2, Add(lv, hv)))
		if c.v != nil {
			// shr_s (imm2 = 1): A in the V bytes (sign_v its sign), T' = hi + s·(2^64 − 2^e).
			add(ClassShift64, "shr_s: A = V bytes", Mul(imm2, Sub(a, limbSum(c.v))))
			res64 = Add(res64, Mul(imm2, c.sv.Cur(), Sub(pow2(64), b)))
		} else {
			add(ClassShift64, "no shr_s without the V bytes", imm2)
		}
		add(ClassShift64, "result", Sub(t1, res64))
		if shift64 {
			shift64Exp = Add(c.kk.Cur(), Mul(f1, Sub(Const(64), Mul(two, c.kk.Cur()))))
		}

		// shr_s by a constant count k: A·2^(w−k) = lo + hi·2^w as for ClassShiftK (hi =
		// A >>u k), A in the Y bytes (i32: bytes 0..2 in Y0..Y2, the top byte in Y7, so
		// that sign_b is A's sign bit s), T' = hi + s·(2^w − 2^(w−k)).
		binop(ClassShrSK)
		add(ClassShrSK, "count", Sub(t, imm3))
		pe := Add(imm, Mul(imm2, pow2(64)))
		add(ClassShrSK, "A·2^e = lo + hi·2^w", Sub(Mul(a, pe), Add(lv, Mul(hv, wsize))))
		for i, e := range append(high32(c.l), high32(c.hl)...) {
			add(ClassShrSK, "i32 high limb "+string(rune('0'+i)), e)
		}
		ya := Add(c.y[0].Cur(), Mul(c.y[1].Cur(), pow2(8)), Mul(c.y[2].Cur(), pow2(16)), Mul(c.y[7].Cur(), pow2(24)),
			Mul(w64, Add(Mul(c.y[3].Cur(), pow2(24)), Mul(c.y[4].Cur(), pow2(32)), Mul(c.y[5].Cur(), pow2(40)),
				Mul(c.y[6].Cur(), pow2(48)), Mul(c.y[7].Cur(), Sub(pow2(56), pow2(24))))))
		add(ClassShrSK, "A = Y bytes", Sub(a, ya))
		for j := 3; j < 7; j++ {
			add(ClassShrSK, fmt.Sprintf("i32 Y%d zero", j), Mul(Sub(one, w64), c.y[j].Cur()))
		}
		add(ClassShrSK, "result", Sub(t1, Add(hv, Mul(c.sb.Cur(), Sub(wsize, pe)))))

		// i32 div_s / rem_s by magnitudes: |A| = |q|·|T| + |r|, |T| − |r| − 1 = D ≥ 0 (so
		// T = 0 has no witness). A is H4..H7 and T is Y0..Y2, Y7, so sign_a and sign_b are
		// their signs; |q| is H0..H3, |r| is Y3..Y6, D is L0..L2, L4; L3 = 0x80 so that X3
		// is 0x80 times the top bit of |q|, which a div_s with T negative must not have
		// (INT_MIN / −1 overflows: no witness). The result's sign (sa XOR sb for div, sa
		// for rem) is in B (slot 2 is unused), z = [magnitude = 0] so that −0 = 0.
		{
			sa, sb := c.sa.Cur(), c.sb.Cur()
			y := func(j int) Expression { return c.y[j].Cur() }
			lj := func(j int) Expression { return c.l[j].Cur() }
			hj := func(j int) Expression { return c.hl[j].Cur() }
			bytes := func(v ...Expression) Expression {
				var terms []Expression
				for i, e := range v {
					terms = append(terms, Mul(e, pow2(uint(8*i))))
				}
				return sum(terms...)
			}
			av, tv := bytes(hj(4), hj(5), hj(6), hj(7)), bytes(y(0), y(1), y(2), y(7))
			q, rm, d := bytes(hj(0), hj(1), hj(2), hj(3)), bytes(y(3), y(4), y(5), y(6)), bytes(lj(0), lj(1), lj(2), lj(4))
			absA := Add(a, Mul(sa, Sub(pow2(32), Mul(two, a))))
			absT := Add(tv, Mul(sb, Sub(pow2(32), Mul(two, tv))))
			binop(ClassDivS32)
			add(ClassDivS32, "A = H4..H7", Sub(a, av))
			add(ClassDivS32, "T = Y0 Y1 Y2 Y7", Sub(t, tv))
			add(ClassDivS32, "|A| = |q|·|T| + |r|", Sub(absA, Add(Mul(q, absT), rm)))
			add(ClassDivS32, "|r| < |T|", Sub(Sub(Sub(absT, rm), one), d))
			add(ClassDivS32, "L3 = 0x80", Sub(lj(3), Const(0x80)))
			for j := 5; j < 8; j++ {
				add(ClassDivS32, fmt.Sprintf("L%d zero", j), lj(j))
			}
			add(ClassDivS32, "no INT_MIN / −1", Mul(Sub(one, f1), sb, c.x[3].Cur()))
			sq := Sub(Add(sa, sb), Mul(two, sa, sb))
			add(ClassDivS32, "sign of the result", Sub(b, mux(f1, sa, sq)))
			mag := mux(f1, rm, q)
			zeroTest(ClassDivS32, mag)
			add(ClassDivS32, "T'", Sub(t1, Add(mag, Mul(b, Sub(Sub(pow2(32), Mul(two, mag)), Mul(z, pow2(32)))))))
		}

		// i64 div_u / rem_u: A = q·T + r with q in L, r in H and T − r − 1 in Y.
		binop(ClassDivU64)
		add(ClassDivU64, "A = q·T + r", Sub(a, Add(Mul(lv, t), hv)))
		add(ClassDivU64, "r < T", Sub(Sub(Sub(t, hv), one), ys))
		add(ClassDivU64, "T", Sub(t1, mux(f1, hv, lv)))

		// i64 div_s / rem_s (programs that have them) by magnitudes, as for i32 but with
		// every value in a byte group of its own: A in H and T in Y (so sign_a and sign_b
		// are their signs), |q| in V, |r| in L and D = |T| − |r| − 1 in W (so |r| < |T|, and
		// T = 0 has no witness). |A| ≤ 2^63 and |T| ≥ 1 bound |q| ≤ 2^63; a div_s with a
		// non-negative quotient must have |q| < 2^63 (sign_v = 0), which leaves
		// INT64_MIN / −1 without a witness. The result's sign is in B, z = [magnitude = 0].
		if c.w != nil {
			sa, sb, sv := c.sa.Cur(), c.sb.Cur(), c.sv.Cur()
			q, rm, d := limbSum(c.v), lv, limbSum(c.w)
			absA := Add(a, Mul(sa, Sub(pow2(64), Mul(two, a))))
			absT := Add(t, Mul(sb, Sub(pow2(64), Mul(two, t))))
			k := ClassDivS64
			binop(k)
			add(k, "A = H bytes", Sub(a, hv))
			add(k, "T = Y bytes", Sub(t, ys))
			add(k, "|A| = |q|·|T| + |r|", Sub(absA, Add(Mul(q, absT), rm)))
			add(k, "|r| < |T|", Sub(Sub(Sub(absT, rm), one), d))
			sq := Sub(Add(sa, sb), Mul(two, sa, sb))
			add(k, "sign of the result", Sub(b, mux(f1, sa, sq)))
			add(k, "no INT64_MIN / −1", Mul(Sub(one, f1), Sub(one, b), sv))
			mag := mux(f1, rm, q)
			zeroTest(k, mag)
			add(k, "T'", Sub(t1, Add(mag, Mul(b, Sub(Sub(pow2(64), Mul(two, mag)), Mul(z, pow2(64)))))))
		}
	}

	// Control flow.
	add(ClassBr, "pc", Sub(pc1, imm))
	add(ClassBr, "h", Sub(h1, Sub(h, imm2)))
	add(ClassBr, "T", Sub(t1, mux(f1, a, t)))
	same(ClassBr)

	taken := Add(Mul(f1, z), Mul(Sub(one, f1), Sub(one, z)))
	zeroTest(ClassBrIf, t)
	add(ClassBrIf, "pc", Sub(pc1, mux(taken, imm, Add(pc, one))))
	add(ClassBrIf, "h", Sub(h1, Sub(Sub(h, one), Mul(taken, imm2))))
	add(ClassBrIf, "T", Sub(t1, a))
	same(ClassBrIf)

	add(ClassCall, "pc", Sub(pc1, imm))
	add(ClassCall, "fp", Sub(fp1, Sub(h, imm2)))
	add(ClassCall, "h", Sub(h1, Add(Sub(h, imm2), imm3, one)))
	add(ClassCall, "T", t1)
	add(ClassCall, "cid", Sub(cid1, now))

	add(ClassReturn, "h", Sub(h1, Add(fp, f1)))
	add(ClassReturn, "T", Sub(t1, mux(f1, t, a)))

	// Conditional return (br_if to the function body): z = [cond = 0]. Not taken (z = 1):
	// as a br_if that falls through. Taken: as a return whose result (F1) sits under the
	// condition, at h − 2; the frame bus restores pc, fp and cid. Either way T' = A.
	zeroTest(ClassRetIf, t)
	add(ClassRetIf, "pc (not taken)", Mul(z, Sub(pc1, Add(pc, one))))
	add(ClassRetIf, "fp (not taken)", Mul(z, Sub(fp1, fp)))
	add(ClassRetIf, "cid (not taken)", Mul(z, Sub(cid1, cid)))
	add(ClassRetIf, "h", Sub(h1, mux(z, Sub(h, one), Add(fp, f1))))
	add(ClassRetIf, "T", Sub(t1, a))

	// Host calls. wasm_input(is_public): is_public is 0 or 1; the value is limb-checked
	// (i32 or i64) and, if public, looked up at the io_in-th public input.
	zeroTest(ClassInput, t)
	add(ClassInput, "is_public is 0 or 1", Mul(Sub(one, z), Sub(t, one)))
	add(ClassInput, "pc", seq)
	add(ClassInput, "h", Sub(h1, h))
	add(ClassInput, "T' = limbs", Sub(t1, lv))
	for i, e := range high32(c.l) {
		add(ClassInput, "i32 high limb "+string(rune('0'+i)), e)
	}
	same(ClassInput)
	for _, k := range []Class{ClassOutput, ClassRequire} {
		add(k, "pc", seq)
		add(k, "h", Sub(h1, Sub(h, one)))
		add(k, "T", Sub(t1, a))
		same(k)
	}
	add(ClassRequire, "condition is non-zero", Sub(Mul(t, inv), one))
	// I/O counters advance on public inputs and outputs only.
	isPub := Mul(s(ClassInput), Sub(one, z))
	rules = append(rules,
		rule{"io_in", Mul(qStep, Sub(one, after), Sub(c.ioIn.Next(), Add(c.ioIn.Cur(), isPub)))},
		rule{"io_in held after halt", Mul(qStep, after, Sub(c.ioIn.Next(), c.ioIn.Cur()))},
		rule{"io_out", Mul(qStep, Sub(one, after), Sub(c.ioOut.Next(), Add(c.ioOut.Cur(), s(ClassOutput))))})

	// i32.wrap_i64: T = low + high·2^32, both 32-bit limb sums; T' = low.
	add(ClassWrap, "pc", seq)
	add(ClassWrap, "h", Sub(h1, h))
	add(ClassWrap, "split", Sub(t, Add(lv, Mul(hv, pow2(32)))))
	add(ClassWrap, "T", Sub(t1, lv))
	for i := 32 / limbBits; i < limbs; i++ {
		add(ClassWrap, "low is 32-bit", c.l[i].Cur())
		add(ClassWrap, "high is 32-bit", c.hl[i].Cur())
	}
	same(ClassWrap)

	// br_table: c = [index < count] (borrow of index − count in 32-bit limbs); the entry
	// (target B, drop H0, refill H1) is looked up in the image below.
	add(ClassBrTable, "borrow", Sub(Sub(t, imm), Sub(lv, Mul(cb, pow2(32)))))
	for i, e := range high32(c.l) {
		add(ClassBrTable, "i32 high limb "+string(rune('0'+i)), e)
	}
	// Return entries (programs that have them): H2 = 1 marks an entry that returns from
	// the function (image refill field + 2^LimbBits), H0 its number of results; the frame
	// bus restores pc, fp and cid, h' = fp + results.
	var brRet Expression = Const(0)
	if retTable {
		brRet = c.hl[2].Cur()
		add(ClassBrTable, "return flag is a bit", Mul(brRet, Sub(one, brRet)))
		add(ClassBrTable, "h (return)", Mul(brRet, Sub(h1, Add(fp, c.hl[0].Cur()))))
		add(ClassBrTable, "pc", Mul(Sub(one, brRet), Sub(pc1, b)))
		add(ClassBrTable, "h", Mul(Sub(one, brRet), Sub(h1, Sub(Sub(h, one), c.hl[0].Cur()))))
	} else {
		add(ClassBrTable, "pc", Sub(pc1, b))
		add(ClassBrTable, "h", Sub(h1, Sub(Sub(h, one), c.hl[0].Cur())))
	}
	add(ClassBrTable, "T", Sub(t1, a))
	if retTable {
		add(ClassBrTable, "fp", Mul(Sub(one, brRet), Sub(fp1, fp)))
		add(ClassBrTable, "cid", Mul(Sub(one, brRet), Sub(cid1, cid)))
	} else {
		same(ClassBrTable)
	}

	// call_indirect: the callee (entry B, params H0, locals H1) is the table entry of the
	// popped index with the expected type id (image lookup below).
	add(ClassCallIndirect, "pc", Sub(pc1, b))
	add(ClassCallIndirect, "fp", Sub(fp1, Sub(Sub(h, one), c.hl[0].Cur())))
	add(ClassCallIndirect, "h", Sub(h1, Add(Sub(Sub(h, one), c.hl[0].Cur()), c.hl[1].Cur(), one)))
	add(ClassCallIndirect, "T", t1)
	add(ClassCallIndirect, "cid", Sub(cid1, now))

	// Loads and stores (8-bit limbs): the word B at byte offset o (one-hot o0..o7) is
	// H0..H7; the access covers bytes o..o+w−1 of it (w from the cumulative flags F1: w ≥ 2,
	// F2: w ≥ 4, F3: w = 8; crossing words is not supported yet). A load's result T' is
	// L0..L7 with L_j the selected bytes and 0 above w; a store's value T is L0..L7 and
	// the word written back has the selected bytes replaced.
	ss := s(ClassStore)
	if memory {
		f3 := c.f3.Cur()
		mask := func(j int) Expression { // [j < w]
			switch {
			case j >= 8:
				return Const(0)
			case j == 0:
				return one
			case j == 1:
				return f1
			case j < 4:
				return f2
			}
			return f3
		}
		var oSum, oIdx []Expression
		for k, col := range c.o {
			oSum = append(oSum, col.Cur())
			oIdx = append(oIdx, Mul(col.Cur(), Const(uint64(k))))
		}
		o := func(k int) Expression { return c.o[k].Cur() }
		align := Add(Mul(f1, o(7)), Mul(f2, Add(o(5), o(6))), Mul(f3, Add(o(1), o(2), o(3), o(4))))
		var newWord []Expression
		newWord = append(newWord, hv)
		// An access may cross into the next word: x = c|z (free on load and store rows) is
		// the crossing flag x = [o + w > 8].
		x := cb
		for _, k := range []Class{ClassLoad, ClassStore} {
			add(k, "one offset", Sub(sum(oSum...), one))
			add(k, "crossing flag", Sub(x, align))
			if k == ClassLoad {
				add(k, "word = H bytes", Mul(Sub(one, x), Sub(b, hv))) // crossing: see below
			} else {
				add(k, "word = H bytes", Sub(b, hv))
			}
			add(k, "width flags cumulative", Add(Mul(f2, Sub(one, f1)), Mul(f3, Sub(one, f2))))
			if k == ClassStore {
				add(k, "pc", Add(seq, x)) // a crossing store stays for its tail row
			} else {
				add(k, "pc", seq)
			}
			same(k)
		}
		// A store that crosses into the next word (x = 1) writes bytes o..7 of its word (the
		// usual new-word formula drops the bytes past the word) and is followed by a tail
		// row: class nop with F1 (its image row (pc, nop + the store's flags, 0, 0, 0)
		// exists for every store of 2 bytes or more), which reads and writes the next word
		// by slot 1. From the store row: the tail's address is this word's + 1, its L_b is
		// the value byte that lands on byte b of the next word (L_(8−o+b), b < o), its
		// offset bits are the prefix mask [b < r], r = o + w − 8; and a tail row must
		// follow a crossing store. On the tail: A = H bytes (the old word), written word =
		// Σ (H_b + o_b·(L_b − H_b))·2^(8b). The tail is a nop for pc, h, T, fp, cid.
		tail := Mul(s(ClassNop), f1)
		tailN := Mul(sn(ClassNop), c.f1.Next())
		add(ClassStore, "crossing: tail row next", Mul(x, Sub(one, sn(ClassNop))))
		add(ClassStore, "crossing: tail flag next", Mul(x, Sub(one, c.f1.Next())))
		rules = append(rules,
			rule{"tail row after a store", Mul(qStep, tailN, Sub(one, ss))},
			rule{"tail row after a crossing store", Mul(qStep, tailN, Sub(one, x))})
		add(ClassStore, "crossing: tail address", Mul(x, Sub(Sub(c.addr1.Next(), c.addr2.Cur()), one)))
		for bt := 0; bt < 8; bt++ {
			var land, pre []Expression
			for ov := 1; ov < 8; ov++ {
				if 8-ov+bt < 8 {
					land = append(land, Mul(o(ov), c.l[8-ov+bt].Cur()))
				}
			}
			for _, wi := range []struct {
				w   int
				ind Expression
			}{{2, Sub(f1, f2)}, {4, Sub(f2, f3)}, {8, f3}} {
				for ov := 9 - wi.w; ov < 8; ov++ {
					if bt < ov+wi.w-8 {
						pre = append(pre, Mul(wi.ind, o(ov)))
					}
				}
			}
			add(ClassStore, fmt.Sprintf("crossing: tail value byte %d", bt), Mul(x, Sub(c.l[bt].Next(), sum(land...))))
			add(ClassStore, fmt.Sprintf("crossing: tail mask %d", bt), Mul(x, Sub(c.o[bt].Next(), sum(pre...))))
		}
		add(ClassNop, "tail: word = H bytes", Mul(f1, Sub(a, hv)))
		var tailWord []Expression
		for bt := 0; bt < 8; bt++ {
			hb := c.hl[bt].Cur()
			tailWord = append(tailWord, Mul(Add(hb, Mul(o(bt), Sub(c.l[bt].Cur(), hb))), pow2(uint(8*bt))))
		}
		memSlot1 = append(memSlot1, term{ClassNop, f1, nil, sum(tailWord...)})
		// The offset bits are 0 outside loads, stores and tails, so that Σo is a degree-1
		// "load, store or tail" indicator; with 1 − en1 (slot 1 is on for stores, tails and
		// crossing loads) it selects aligned loads for the byte selection below at degree 6.
		rules = append(rules, rule{"offset bits only on loads, stores and tails", Mul(qStep, sum(oSum...), Sub(Sub(Sub(one, s(ClassLoad)), ss), tail))})
		// en1 is a column in programs with loads or stores (slot 1 of a load is on only
		// when it crosses a word): allocated here, since the rule below reads it.
		if !c.hasEn[0] {
			c.en1 = c.advice(cs, "en1", WidthBit)
			c.hasEn[0] = true
		}
		alignedLoad := Mul(qStep, sum(oSum...), Sub(one, c.en1.Cur()))
		for j := 0; j < 8; j++ {
			var sel []Expression
			for k := 0; k+j < 8; k++ {
				sel = append(sel, Mul(o(k), c.hl[k+j].Cur()))
				newWord = append(newWord, Mul(o(k), mask(j), Sub(c.l[j].Cur(), c.hl[k+j].Cur()), pow2(uint(8*(k+j)))))
			}
			rules = append(rules, rule{fmt.Sprintf("load: byte %d selected", j), Mul(alignedLoad, mask(j), Sub(c.l[j].Cur(), sum(sel...)))})
			if j > 0 {
				add(ClassLoad, fmt.Sprintf("byte %d above the width", j), Mul(Sub(one, x), Sub(one, mask(j)), c.l[j].Cur()))
			}
		}
		// Crossing loads: B (slot 2, the first word) is H0..H(o−1) below L0..L(7−o);
		// A (slot 1, the second word) is L(8−o)..L(w−1) (bytes 0..r−1, r = o + w − 8),
		// H(o)..H7 (bytes r..w−1) and L(w)..L7 (bytes w..7); every byte of both words is a
		// range-checked limb exactly once, L0..L(w−1) are the loaded bytes. On aligned loads
		// no crossing (w, o) indicator is set, so A = 0.
		{
			var w1 []Expression
			for ov := 1; ov < 8; ov++ {
				var terms []Expression
				for k := 0; k < ov; k++ {
					terms = append(terms, Mul(c.hl[k].Cur(), pow2(uint(8*k))))
				}
				for j := 0; j < 8-ov; j++ {
					terms = append(terms, Mul(c.l[j].Cur(), pow2(uint(8*(ov+j)))))
				}
				w1 = append(w1, Mul(o(ov), sum(terms...)))
			}
			add(ClassLoad, "crossing: first word", Mul(x, Sub(b, sum(w1...))))
			var w2 []Expression
			for _, wi := range []struct {
				w   int
				ind Expression
			}{{2, Sub(f1, f2)}, {4, Sub(f2, f3)}, {8, f3}} {
				for ov := 9 - wi.w; ov < 8; ov++ {
					r := ov + wi.w - 8
					var terms []Expression
					for bt := 0; bt < 8; bt++ {
						var cell Expression
						switch {
						case bt < r:
							cell = c.l[bt+8-ov].Cur()
						case bt < wi.w:
							cell = c.hl[bt+8-wi.w].Cur()
						default:
							cell = c.l[bt].Cur()
						}
						terms = append(terms, Mul(cell, pow2(uint(8*bt))))
					}
					w2 = append(w2, Mul(wi.ind, o(ov), sum(terms...)))
				}
			}
			add(ClassLoad, "crossing: second word", Sub(a, sum(w2...)))
		}
		add(ClassLoad, "h", Sub(h1, h))
		var above []Expression // L(w)..L7: zero on aligned loads, second-word bytes on crossing ones
		for j := 1; j < 8; j++ {
			above = append(above, Mul(Sub(one, mask(j)), c.l[j].Cur(), pow2(uint(8*j))))
		}
		loaded := Sub(lv, Mul(x, sum(above...)))
		if signedLoads {
			// Signed loads (imm2 = 1): T' = bytes + sign·(2^W − 2^(8w)), the sign bit sg of
			// the top loaded byte from the AND table (top AND 0x80 = 0x80·sg).
			sg := c.sg.Cur()
			var top, pw []Expression
			for j := range c.l {
				isTop := Sub(mask(j), mask(j+1))
				top = append(top, Mul(isTop, c.l[j].Cur()))
				pw = append(pw, Mul(isTop, pow2(uint(8*(j+1)))))
			}
			add(ClassLoad, "T' = loaded bytes, sign-extended", Sub(t1, Add(loaded, Mul(imm2, sg, Sub(wsize, sum(pw...))))))
			signTop = sum(top...)
		} else {
			add(ClassLoad, "T' = loaded bytes", Sub(t1, loaded))
		}
		add(ClassStore, "h", Sub(h1, Sub(h, two)))
		add(ClassStore, "value = L bytes", Sub(t, lv))
		var inv8 fr.Element
		inv8.SetUint64(8)
		inv8.Inverse(&inv8)
		wordAddr := func(ea Expression) Expression {
			return Add(pow2(33), ScaleElement(Sub(ea, sum(oIdx...)), inv8))
		}
		memSlot2 = []term{
			{ClassLoad, one, wordAddr(Add(t, imm)), b},
			{ClassStore, one, wordAddr(Add(a, imm)), sum(newWord...)},
		}
		memSlot1 = append(memSlot1, term{ClassLoad, x, Add(c.addr2.Cur(), one), a}) // crossing loads: the next word
	}

	if bitwise {
		xs := limbSum(c.x)
		binop(ClassBitwise)
		add(ClassBitwise, "A = H limbs", Sub(a, hv))
		add(ClassBitwise, "T = L limbs", Sub(t, lv))
		// and = X; or = A + T − X; xor = A + T − 2X.
		add(ClassBitwise, "result", Sub(t1, Sub(Add(xs, Mul(Add(f1, f2), Sub(Add(a, t), Mul(two, xs)))), Mul(f2, xs))))
	}

	if bitwise {
		// i32 shifts and rotates: A·2^e = lo + hi·2^32 (lo in the low L limbs, hi in the low
		// H limbs), e = k or 32 − k; the count T sits in the high L limbs and its low five
		// bits k come out of X against the constant 31 in the high H limbs. 2^e (in B) is
		// looked up in the image's power rows.
		nh := 32 / limbBits
		var loT, hiT, tT, kT []Expression
		for j := 0; j < nh; j++ {
			loT = append(loT, Mul(c.l[j].Cur(), pow2(uint(j*limbBits))))
			hiT = append(hiT, Mul(c.hl[j].Cur(), pow2(uint(j*limbBits))))
			tT = append(tT, Mul(c.l[nh+j].Cur(), pow2(uint(j*limbBits))))
			kT = append(kT, Mul(c.x[nh+j].Cur(), pow2(uint(j*limbBits))))
			mask := uint64(31>>(j*limbBits)) & (1<<limbBits - 1)
			add(ClassShift32, fmt.Sprintf("count mask %d", j), Sub(c.hl[nh+j].Cur(), Const(mask)))
		}
		lo, hi, cnt := sum(loT...), sum(hiT...), sum(kT...)
		binop(ClassShift32)
		add(ClassShift32, "T = high L limbs", Sub(t, sum(tT...)))
		add(ClassShift32, "A·2^e = lo + hi·2^32", Sub(Mul(a, b), Add(lo, Mul(hi, pow2(32)))))
		res32 := Add(Mul(Sub(one, f2), mux(f1, hi, lo)), Mul(f2, Add(lo, hi)))
		if wideCmp {
			// shr_s (imm2 = 1): A also in Y0..Y2, Y7 (so sign_b is its sign) and
			// T' = hi + sign·(2^32 − 2^e).
			ya := Add(c.y[0].Cur(), Mul(c.y[1].Cur(), pow2(8)), Mul(c.y[2].Cur(), pow2(16)), Mul(c.y[7].Cur(), pow2(24)))
			add(ClassShift32, "shr_s: A = Y bytes", Mul(imm2, Sub(a, ya)))
			for j := 3; j < 7; j++ {
				add(ClassShift32, fmt.Sprintf("shr_s: Y%d zero", j), Mul(imm2, c.y[j].Cur()))
			}
			res32 = Add(res32, Mul(imm2, c.sb.Cur(), Sub(pow2(32), b)))
		} else {
			add(ClassShift32, "no shr_s without the Y bytes", imm2)
		}
		add(ClassShift32, "result", Sub(t1, res32))
		shiftExp = Add(cnt, Mul(f1, Sub(Const(32), Mul(two, cnt))))

		// clz / ctz: the count n is in kk (slot 2 is unused), T' = n, z = [T = 0] forces
		// n = w; B = 2^e from the power rows. clz (e = n): T·2^n = D in L (i32: 4 bytes)
		// with its top bit set (X of the top byte against the constant 0x80 in H) unless
		// T = 0. ctz (e = w − n): T·2^(w−n) = hi·2^w with hi in H odd (X0 against L0 = 1)
		// unless T = 0.
		{
			kk := c.kk.Cur()
			wb := Add(Const(32), Mul(Const(32), w64))
			clz, ctz, pop := Sub(Sub(one, f1), f2), f1, f2
			k := ClassBitCount
			add(k, "pc", seq)
			add(k, "h", Sub(h1, h))
			same(k)
			zeroTest(k, t)
			add(k, "T' = n", Sub(t1, kk))
			add(k, "zero: n = w (clz, ctz)", Mul(Sub(one, pop), z, Sub(kk, wb)))
			// popcnt: T = L bytes, H_j = popcount(L_j) from the image's bit-count rows
			// (lookups below), n = Σ H_j.
			add(k, "popcnt: T = L bytes", Mul(pop, Sub(t, lv)))
			var hs []Expression
			for j := range c.hl {
				hs = append(hs, c.hl[j].Cur())
			}
			add(k, "popcnt: n = Σ H", Mul(pop, Sub(kk, sum(hs...))))
			add(k, "clz: T·2^n = D", Mul(clz, Sub(Mul(t, b), lv)))
			for j := 4; j < 8; j++ {
				add(k, fmt.Sprintf("clz: i32 L%d zero", j), Mul(clz, Sub(one, w64), c.l[j].Cur()))
				add(k, fmt.Sprintf("ctz: i32 H%d zero", j), Mul(ctz, Sub(one, w64), c.hl[j].Cur()))
				add(k, fmt.Sprintf("popcnt: i32 L%d zero", j), Mul(pop, Sub(one, w64), c.l[j].Cur()))
			}
			for j := 0; j < 8; j++ {
				var want Expression = Const(0)
				switch j {
				case 3:
					want = Mul(Const(0x80), Sub(one, w64))
				case 7:
					want = Mul(Const(0x80), w64)
				}
				add(k, fmt.Sprintf("clz: H%d constant", j), Mul(clz, Sub(c.hl[j].Cur(), want)))
				if j > 0 {
					add(k, fmt.Sprintf("ctz: L%d zero", j), Mul(ctz, c.l[j].Cur()))
				}
			}
			add(k, "clz: top bit set unless zero", Mul(clz, Sub(Add(c.x[3].Cur(), c.x[7].Cur()), Mul(Const(0x80), Sub(one, z)))))
			add(k, "ctz: T·2^(w−n) = hi·2^w", Mul(ctz, Sub(Mul(t, b), Mul(hv, wsize))))
			add(k, "ctz: L0 = 1", Mul(ctz, Sub(c.l[0].Cur(), one)))
			add(k, "ctz: hi odd unless zero", Mul(ctz, Sub(c.x[0].Cur(), Sub(one, z))))
			if bitCount {
				bitCountExp = Add(kk, Mul(f1, Sub(wb, Mul(two, kk))))
			}
		}

		// i32 signed comparisons: the sign bits of A and T come out of X against the
		// constant 2^(b−1) paired with their top limbs; with a' = A + 2^31 − 2^32·s_a (and
		// b' for T), ±(a' − b') = D − c·2^32 as for the unsigned comparison.
		ai, ti := ltsLimbs(nh)
		var aT, tT2, dT []Expression
		for i := 0; i < nh; i++ {
			aT = append(aT, Mul(c.hl[ai[i]].Cur(), pow2(uint(i*limbBits))))
			tT2 = append(tT2, Mul(c.hl[ti[i]].Cur(), pow2(uint(i*limbBits))))
			dT = append(dT, Mul(c.l[i].Cur(), pow2(uint(i*limbBits))))
		}
		var halfInv fr.Element
		halfInv.SetUint64(1 << (limbBits - 1))
		halfInv.Inverse(&halfInv)
		sa := ScaleElement(c.x[nh].Cur(), halfInv)
		sb := ScaleElement(c.x[nh+1].Cur(), halfInv)
		binop(ClassLtS32)
		add(ClassLtS32, "A limbs", Sub(a, sum(aT...)))
		add(ClassLtS32, "T limbs", Sub(t, sum(tT2...)))
		add(ClassLtS32, "sign constant A", Sub(c.l[nh].Cur(), Const(1<<(limbBits-1))))
		add(ClassLtS32, "sign constant T", Sub(c.l[nh+1].Cur(), Const(1<<(limbBits-1))))
		for j := nh + 2; j < 2*nh; j++ {
			add(ClassLtS32, fmt.Sprintf("L%d zero", j), c.l[j].Cur())
		}
		diff := Sub(Sub(a, t), Mul(pow2(32), Sub(sa, sb)))
		add(ClassLtS32, "borrow", Sub(Mul(Sub(one, Mul(two, f1)), diff), Sub(sum(dT...), Mul(cb, pow2(32)))))
		add(ClassLtS32, "T", Sub(t1, Add(cb, Mul(f2, Sub(one, Mul(two, cb))))))

		// extend_s: T = L limbs; H is 2^(b−1) at the top limb of the source width and 0
		// elsewhere, so X there is 2^(b−1)·sign; T' = low limbs + sign·(2^W − 2^(8w)).
		srcMask := func(j int) Expression { // [limb j is inside the source width]
			switch bit := j * limbBits; {
			case bit < 8:
				return one
			case bit < 16:
				return f1
			case bit < 32:
				return f2
			}
			return Const(0)
		}
		var low, sgn, top []Expression
		for j := range c.l {
			isTop := Sub(srcMask(j), srcMask(j+1))
			low = append(low, Mul(srcMask(j), c.l[j].Cur(), pow2(uint(j*limbBits))))
			sgn = append(sgn, Mul(isTop, c.x[j].Cur()))
			top = append(top, Mul(isTop, pow2(uint((j+1)*limbBits))))
			add(ClassExtendS, fmt.Sprintf("sign constant %d", j), Sub(c.hl[j].Cur(), Mul(isTop, pow2(uint(limbBits-1)))))
		}
		var half fr.Element
		half.SetUint64(1 << (limbBits - 1))
		half.Inverse(&half)
		sign := ScaleElement(sum(sgn...), half)
		add(ClassExtendS, "pc", seq)
		add(ClassExtendS, "h", Sub(h1, h))
		add(ClassExtendS, "T = L limbs", Sub(t, lv))
		add(ClassExtendS, "T'", Sub(t1, Add(sum(low...), Mul(sign, Sub(wsize, sum(top...))))))
		same(ClassExtendS)
	}

	// Boundary rows: strictly increasing addresses.
	rules = append(rules, rule{"boundary: increasing address",
		Mul(qStep, s(ClassBoundary), sn(ClassBoundary), Sub(Sub(t1, t), Add(one, lv)))})

	// Instruction fetch: (pc, opcode, imm, imm2, imm3) is a row of the image (padding rows
	// fetch the row (0, pad code, 0, 0, 0) the image has for them, boundary rows the
	// initial-memory row of their address).
	// opcode = code + 64·flags with code = 1 + group·members + member (linear; see
	// selLayout).
	op := []Expression{one}
	for i := 0; i < c.selLayout.groups; i++ {
		op = append(op, Mul(oneHotBit(c.gsel, i, 0), Const(uint64(i*c.selLayout.members))))
	}
	for i := 0; i < c.selLayout.members; i++ {
		op = append(op, Mul(oneHotBit(c.msel, i, 0), Const(uint64(i))))
	}
	op = append(op, Mul(Const(64), Add(w64, Mul(two, f1), Mul(Const(4), f2))))
	if memory {
		op = append(op, Mul(Const(512), c.f3.Cur()))
	}
	img := cs.AddTable("image", c.iPC.Cur(), c.iOp.Cur(), c.iImm.Cur(), c.iImm2.Cur(), c.iImm3.Cur())
	if (shiftExp != nil && shift32) || shift64Exp != nil || bitCountExp != nil {
		var e, sh Expression = Const(0), Const(0)
		if bitCountExp != nil {
			sbc := s(ClassBitCount)
			sh, e = sbc, Mul(sbc, bitCountExp)
		}
		if shiftExp != nil && shift32 {
			s32 := s(ClassShift32)
			if bitCountExp != nil {
				sh, e = Add(sh, s32), Add(e, Mul(s32, shiftExp))
			} else {
				sh, e = s32, Mul(s32, shiftExp)
			}
		}
		if shift64Exp != nil {
			s64 := s(ClassShift64)
			sh, e = Add(sh, s64), Add(e, Mul(s64, shift64Exp))
		}
		cs.AddLookup("shift power", img, e, Mul(sh, Const(tagPow)), Mul(sh, b), Const(0), Const(0))
	}

	cs.AddLookup("fetch", img, pc, sum(op...), imm, imm2, imm3)
	if popcnt {
		sp := Mul(s(ClassBitCount), f2)
		for j := range c.l {
			cs.AddLookup(fmt.Sprintf("popcnt byte %d", j), img, Mul(sp, c.l[j].Cur()), Mul(sp, Const(tagPopcnt)), Mul(sp, c.hl[j].Cur()), Const(0), Const(0))
		}
	}
	// Dynamic image rows: the br_table entry of the effective index, the table entry of
	// call_indirect (wrong type, out of range or uninitialised: no row, no proof).
	sbt, sci := s(ClassBrTable), s(ClassCallIndirect)
	kk := c.kk.Cur()
	add(ClassBrTable, "effective index", Sub(kk, mux(cb, t, imm)))
	h0, h1v := c.hl[0].Cur(), c.hl[1].Cur()
	brFifth := Mul(Add(sbt, sci), h1v)
	if retTable {
		brFifth = Add(Mul(sbt, Add(h1v, Mul(brRet, pow2(uint(limbBits))))), Mul(sci, h1v))
	}
	if c.selLayout.has(ClassBrTable) || c.selLayout.has(ClassCallIndirect) {
		cs.AddLookup("dynamic target", img,
			Add(Mul(sbt, pc), Mul(sci, t)),
			Add(Mul(sbt, Add(Const(tagBrTable), kk)), Mul(sci, Add(Const(tagTable), imm))),
			Mul(Add(sbt, sci), b), Mul(Add(sbt, sci), h0), brFifth)
	}

	// Limb range checks. With bitwise instructions in the image, one lookup per limb pair
	// (L_j, H_j, X_j) in the AND table range-checks both limbs and gives X_j = L_j AND H_j
	// on every row (half the lookups, plus the X columns); otherwise one range lookup per
	// limb.
	if bitwise {
		and := cs.AddTable("limb and", c.andA.Cur(), c.andB.Cur(), c.andC.Cur())
		for j := range c.l {
			cs.AddLookup(fmt.Sprintf("limbs %d and", j), and, c.l[j].Cur(), c.hl[j].Cur(), c.x[j].Cur())
		}
		if wideCmp {
			// Unmasked: on every row sign_a is the top bit of H7 and sign_b that of Y7, and
			// the Y limbs are bytes (Y7 by the sign lookup itself: the AND table's first
			// column holds bytes only).
			for j := range c.y[:7] {
				cs.AddLookup(fmt.Sprintf("Y%d byte", j), and, c.y[j].Cur(), Const(0), Const(0))
			}
			cs.AddLookup("sign of A", and, c.hl[7].Cur(), Const(0x80), Mul(c.sa.Cur(), Const(0x80)))
			if shift64 {
				s64 := s(ClassShift64)
				cs.AddLookup("i64 shift count", and, Mul(s64, c.y[0].Cur()), Mul(s64, Const(63)), Mul(s64, c.kk.Cur()))
			}
			cs.AddLookup("sign of T", and, c.y[7].Cur(), Const(0x80), Mul(c.sb.Cur(), Const(0x80)))
			for j := range c.v[:len(c.v)-min(1, len(c.v))] { // V7: by "sign of V"
				cs.AddLookup(fmt.Sprintf("V%d byte", j), and, c.v[j].Cur(), Const(0), Const(0))
			}
			if c.v != nil {
				cs.AddLookup("sign of V", and, c.v[7].Cur(), Const(0x80), Mul(c.sv.Cur(), Const(0x80)))
			}
			for j := range c.w {
				cs.AddLookup(fmt.Sprintf("W%d byte", j), and, c.w[j].Cur(), Const(0), Const(0))
			}
		}
		if signTop != nil {
			sl := Mul(s(ClassLoad), imm2)
			cs.AddLookup("signed load sign", and, Mul(sl, signTop), Mul(sl, Const(0x80)), Mul(sl, c.sg.Cur(), Const(0x80)))
		}
	} else {
		// Range rows of the image table: (v, tagRange, 0, 0, 0).
		cols := append([]Column{}, c.l...)
		if !c.noH {
			cols = append(cols, c.hl...)
		}
		for _, col := range cols {
			cs.AddLookup("range "+cs.ColumnName(col), img, col.Cur(), Const(tagRange), Const(0), Const(0), Const(0))
		}
	}

	// Memory slots: enable, address, value written (expressions of the selectors).
	hm := func(d uint64) Expression { return Sub(h, Const(d)) }
	local := Add(fp, imm)
	global := Add(pow2(32), imm)
	slot1 := []term{
		{ClassConst, one, hm(1), t}, {ClassDrop, one, hm(2), a}, {ClassSelect, one, hm(2), a},
		{ClassLocalGet, one, hm(1), t}, {ClassGlobalGet, one, hm(1), t},
		{ClassLocalSet, one, hm(2), a}, {ClassGlobalSet, one, hm(2), a},
		{ClassAddSub, one, hm(2), a}, {ClassMul, one, hm(2), a}, {ClassEq, one, hm(2), a}, {ClassLtU, one, hm(2), a},
		{ClassBr, f1, Sub(Sub(h, imm2), one), a},
		{ClassBrIf, one, Sub(hm(2), Mul(taken, imm3)), a},
		{ClassCall, one, hm(1), t},
		{ClassReturn, Sub(one, f1), Sub(fp, one), a},
		{ClassRetIf, one, Sub(hm(2), Mul(Sub(one, z), Sub(one, f1), Sub(Sub(h, one), fp))), a},
		{ClassOutput, one, hm(2), a}, {ClassRequire, one, hm(2), a},
		{ClassBrTable, one, Sub(Sub(hm(2), c.hl[1].Cur()), Mul(brRet, Sub(one, c.hl[0].Cur()), Sub(Sub(h, one), fp))), a},
		{ClassStore, one, hm(2), a}, {ClassBitwise, one, hm(2), a}, {ClassShift32, one, hm(2), a}, {ClassLtS32, one, hm(2), a}, {ClassDivU32, one, hm(2), a}, {ClassShiftK, one, hm(2), a}, {ClassShrSK, one, hm(2), a}, {ClassDivS32, one, hm(2), a}, {ClassLtS64, one, hm(2), a}, {ClassShift64, one, hm(2), a}, {ClassDivU64, one, hm(2), a},
	}
	if c.selLayout.has(ClassDivS64) {
		slot1 = append(slot1, term{ClassDivS64, one, hm(2), a})
	}
	slot2 := []term{
		{ClassSelect, one, hm(3), b},
		{ClassLocalGet, one, local, localVal}, {ClassLocalSet, one, local, t}, {ClassLocalTee, one, local, t},
		{ClassGlobalGet, one, global, b}, {ClassGlobalSet, one, global, t},
	}
	slot2 = append(slot2, memSlot2...)
	// memory.grow(d) (programs that have it): slot 2 reads the size token (old pages, B)
	// and writes old + c·d; c = 1 (success) iff old + d ≤ max (imm, from the image):
	// L = max − old − d if c, else old + d − max − 1, so L ≥ 0 (its limbs) decides c;
	// T' = old, or 2^32 − 1 (−1) on failure. (L < 2^64 suffices: both sides are below 2^34
	// in absolute value, a wrong c makes L a negative field element.)
	if grow {
		g := ClassMemGrow
		add(g, "pc", seq)
		add(g, "h", Sub(h1, h))
		same(g)
		add(g, "bound", Sub(lv, mux(cb, Sub(Sub(imm, b), t), Sub(Sub(Add(b, t), imm), one))))
		add(g, "T", Sub(t1, mux(cb, b, Const(1<<32-1))))
		slot2 = append(slot2, term{g, one, Const(MemSizeAddr), Add(b, Mul(cb, t))})
	}
	slot1 = append(slot1, memSlot1...)
	// The slots' enable bit, address and written value are cells fixed by the class (so
	// the bus interactions have degree 1 and pack four to a helper column).
	polys, names = nil, nil
	// If every class of the program enables a slot unconditionally, its enable is the sum
	// of their selectors (degree 2: a multiplicity of degree 2 over a degree-1 tuple packs
	// as well as a bit column) and needs no column.
	slotCells := func(slot int, ts []term, en *Column, ad, wr Column) Expression {
		var es []Expression
		plain := true
		name := fmt.Sprintf("slot%d", slot)
		for _, x := range ts {
			if !c.selLayout.has(x.k) {
				continue
			}
			plain = plain && x.en == Expression(one)
			es = append(es, Mul(s(x.k), x.en))
			if x.ad != nil { // nil: bound by a transition rule (a store's tail row)
				names = append(names, name+" "+x.k.String()+" address")
				polys = append(polys, Mul(qUse, s(x.k), x.en, Sub(ad.Cur(), x.ad)))
			}
			names = append(names, name+" "+x.k.String()+" value")
			polys = append(polys, Mul(qUse, s(x.k), x.en, Sub(wr.Cur(), x.wr)))
		}
		if plain && !c.hasEn[slot-1] {
			return sum(es...)
		}
		if !c.hasEn[slot-1] {
			*en = c.advice(cs, fmt.Sprintf("en%d", slot), WidthBit)
			c.hasEn[slot-1] = true
		}
		names = append(names, name+" enable")
		polys = append(polys, Mul(qUse, Sub(en.Cur(), sum(es...))))
		return en.Cur()
	}
	e1 := slotCells(1, slot1, &c.en1, c.addr1, c.wv1)
	e2 := slotCells(2, slot2, &c.en2, c.addr2, c.wv2)
	cs.CreateNamedGate("memory slots", names, polys)
	mem := cs.AddBus("memory")
	cs.AddInteraction(mem, "slot1 read", Neg(e1), c.addr1.Cur(), a, pts1)
	cs.AddInteraction(mem, "slot1 write", e1, c.addr1.Cur(), c.wv1.Cur(), now)
	cs.AddInteraction(mem, "slot2 read", Neg(e2), c.addr2.Cur(), b, pts2)
	cs.AddInteraction(mem, "slot2 write", e2, c.addr2.Cur(), c.wv2.Cur(), now)
	// Slot 3: the refill of T' from h−3 after a store (the value read is T@+1 itself).
	// (Next-row cells are masked by the fixed q_step so the last usable row reads no
	// blinding cell.)
	// The value is kept in inv (unused on store rows) so that the interactions read no
	// next-row cell and have degree 1.
	if memory {
		add(ClassStore, "slot3 value in inv", Sub(inv, t1))
		cs.AddInteraction(mem, "slot3 read", Neg(ss), hm(3), inv, c.pts3.Cur())
		cs.AddInteraction(mem, "slot3 write", ss, hm(3), inv, now)
	}
	bnd := s(ClassBoundary)
	var initTS Expression = Const(0)
	if grow {
		initTS = pts2 // 0, or for a grown word the time its page was allocated
	}
	cs.AddInteraction(mem, "initial token", bnd, t, a, initTS)
	cs.AddInteraction(mem, "final token", Neg(bnd), t, b, pts1)

	// Token order: the consumed token is older than the row (declared-local freshness is
	// a transition rule on the L limbs).
	tsr := cs.AddTable("timestamp range", c.tsr.Cur())
	// Unmasked: an unused slot's timestamp is set to now − 1.
	cs.AddLookup("slot1 order", tsr, Sub(Sub(now, pts1), one))
	cs.AddLookup("slot2 order", tsr, Sub(Sub(now, pts2), one))
	if memory {
		cs.AddLookup("slot3 order", tsr, Sub(Sub(now, c.pts3.Cur()), one))
	}

	// Initial values of boundary tokens come from the image's initial-memory rows, which
	// boundary rows fetch: (address, boundary code, initial value, 0, 0), so pc is the
	// address and imm the initial value (rules below; no lookup of their own). Boundary
	// rows of grown words (programs with memory.grow) have F1 and fetch the one row
	// (0, boundary + F1, 0, 0, initial memory in words): their initial value is 0.
	if grow {
		add(ClassBoundary, "pc = address", Mul(Sub(one, f1), Sub(pc, t)))
	} else {
		add(ClassBoundary, "pc = address", Sub(pc, t))
	}
	add(ClassBoundary, "imm = initial value", Sub(imm, a))
	if grow {
		// A word of grown memory (boundary row with F1): index word = addr − 2^33 at or
		// above the initial memory (imm3 = its size in words, fetched from the image)
		// and below 2^13 · the size (addr1, pages) after the grow at its initial token's
		// timestamp (pts2), looked up among the grow rows (time, pages after). Every
		// access to the word is later than its initial token (the timestamp order), so no
		// access precedes the grow that allocated it.
		word := Sub(t, pow2(33))
		lo := Add(c.hl[0].Cur(), Mul(c.hl[1].Cur(), pow2(8)), Mul(c.hl[2].Cur(), pow2(16)), Mul(c.hl[3].Cur(), pow2(24)))
		hi := Add(c.hl[4].Cur(), Mul(c.hl[5].Cur(), pow2(8)), Mul(c.hl[6].Cur(), pow2(16)), Mul(c.hl[7].Cur(), pow2(24)))
		add(ClassBoundary, "grown word: above the initial memory", Mul(f1, Sub(lo, Sub(word, imm3))))
		add(ClassBoundary, "grown word: below the size", Mul(f1, Sub(hi, Sub(Sub(Mul(c.addr1.Cur(), Const(PageWords)), one), word))))
		sg := s(ClassMemGrow)
		growT := cs.AddTable("memory growth", Mul(sg, now), Mul(sg, c.wv2.Cur()))
		bg := Mul(bnd, f1)
		cs.AddLookup("grown word allocation", growT, Mul(bg, pts2), Mul(bg, c.addr1.Cur()))
	}

	// Public values: (index, value) rows of the instance columns. At halt the counters
	// must equal the counts (instance row 1), so every public value is read or written.
	sh := s(ClassHalt)
	// One instance column: 0, n_in, inputs, n_out, outputs. io_in starts at 2, io_out at
	// n_in + 3 (pinned on the first row); at halt, io_in − 2 = n_in and the entry at io_in
	// (n_out) = io_out − io_in − 1.
	//
	// The end of the instance: the bit v (in_instance) is 1 on the rows whose position is
	// a public value (row r of the table is instance position r) and 0 past them. It is
	// monotone (once 0, 0 on every later usable row) and (1 − v)·pub = 0 on every usable
	// row. Every looked-up position has v = 1 (row 0 too: inactive rows look up (0, 0, 1)),
	// and every pad row looks up (io_out, 0, 0) with io_out held from the halt row, where
	// it is 3 + n_in + n_out: so v drops to 0 exactly at the first position past the last
	// output and every instance value from there on is zero (values past the usable rows
	// do not fit in the instance column at all). v is 1 on only 3 + n_in + n_out rows.
	v, v1 := c.inInst.Cur(), c.inInst.Next()
	cs.CreateNamedGate("instance end",
		[]string{"in_instance is a bit", "in_instance is monotone", "zero past the end", "io_out held after halt"},
		[]Expression{
			Mul(qUse, v, Sub(one, v)),
			Mul(qStep, Sub(one, v), v1),
			Mul(qUse, Sub(one, v), c.pub.Cur()),
			Mul(qStep, after, Sub(c.ioOut.Next(), c.ioOut.Cur())),
		})
	pubT := cs.AddTable("public values", c.tsr.Cur(), c.pub.Cur(), v)
	ioIn, ioOut := c.ioIn.Cur(), c.ioOut.Cur()
	sp := s(ClassPad)
	// The step of io_in is the public-input indicator on every usable row (isPub on
	// instruction rows by the io_in rule, 0 from halt on as io_in is held, 0 on the last
	// usable row by q_step): degree 2 instead of isPub's 3.
	dIn := Mul(qStep, Sub(c.ioIn.Next(), ioIn))
	cs.AddLookup("public input", pubT, Add(Mul(dIn, ioIn), sh, Mul(sp, ioOut)), Add(Mul(dIn, t1), Mul(sh, Sub(ioIn, two))), Sub(one, sp))
	so := s(ClassOutput)
	cs.AddLookup("public output", pubT, Add(Mul(so, ioOut), Mul(sh, ioIn)), Add(Mul(so, t), Mul(sh, Sub(Sub(ioOut, ioIn), one))), one)

	// Frames: call sends (now, pc+1, fp, cid); return receives (cid, pc', fp', cid'). Return
	// and return_if rows do not use memory slot 2, so its cells addr2, B and wv2 hold pc',
	// fp' and cid' (rules below): the interaction reads no next-row cell and has degree 1.
	// br_table return entries (slot-2 cells in use) read the next row, masked by q_step.
	frm := cs.AddBus("frames")
	sc, sr := Add(s(ClassCall), s(ClassCallIndirect)), s(ClassReturn)
	for _, k := range []Class{ClassReturn, ClassRetIf} {
		add(k, "restored pc in addr2", Sub(c.addr2.Cur(), pc1))
		add(k, "restored fp in B", Sub(b, fp1))
		add(k, "restored cid in wv2", Sub(c.wv2.Cur(), cid1))
	}
	if retIf {
		sr = Add(sr, Mul(s(ClassRetIf), Sub(one, z)))
	}
	cs.AddInteraction(frm, "call", sc, now, Add(pc, one), fp, cid)
	cs.AddInteraction(frm, "return", Neg(sr), cid, c.addr2.Cur(), b, c.wv2.Cur())
	if retTable {
		cs.AddInteraction(frm, "br_table return", Neg(Mul(s(ClassBrTable), brRet)), cid, Mul(qStep, pc1), Mul(qStep, fp1), Mul(qStep, cid1))
	}

	// The per-class rules, collected above, form one gate; created last so that no rule
	// added anywhere in this function can be left out.
	polys, names = nil, nil
	for _, r := range rules {
		names = append(names, r.name)
		polys = append(polys, r.e)
	}
	cs.CreateNamedGate("transition", names, polys)
	return c
}
