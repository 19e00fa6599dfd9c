package circuit

import (
	"fmt"
	"math/big"
	"math/bits"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
)

// Params sizes the circuit.
type Params struct {
	// K is log2 of the number of rows.
	K int
	// LimbBits is the width of the range-checked limbs: 8 (bytes) in production, which
	// loads and stores need; 4 or 16 are accepted for images without memory access.
	LimbBits int
}

// DefaultParams are the production parameters for 2^k rows.
func DefaultParams(k int) Params { return Params{K: k, LimbBits: 8} }

// Circuit is the zkWasm circuit for one program image: its constraint system and the
// layout of its columns. Build it with New.
type Circuit struct {
	Params Params
	Image  *Image
	CS     *plonkish.ConstraintSystem
	cols   *columns
}

// New validates img and builds the constraint system.
func New(img *Image, p Params) (*Circuit, error) {
	switch p.LimbBits {
	case 4, 8, 16:
	default:
		return nil, fmt.Errorf("circuit: limb width %d bits not supported (4, 8 or 16)", p.LimbBits)
	}
	if err := img.Validate(); err != nil {
		return nil, err
	}
	bitwise := img.NeedsAndTable()
	if bitwise && p.LimbBits > 8 {
		return nil, fmt.Errorf("circuit: bitwise and sign-extension instructions need limbs of at most 8 bits, not %d", p.LimbBits)
	}
	cs := &plonkish.ConstraintSystem{}
	shift32 := false
	for _, in := range img.Code {
		shift32 = shift32 || in.Class == ClassShift32
	}
	wideCmp := img.wide()
	if img.uses(ClassBitCount) && p.LimbBits != 8 {
		return nil, fmt.Errorf("circuit: clz, ctz and popcnt need 8-bit limbs, not %d", p.LimbBits)
	}
	if wideCmp && p.LimbBits != 8 {
		return nil, fmt.Errorf("circuit: i64 signed comparisons, dynamic i64 shifts and i64 div/rem need 8-bit limbs, not %d", p.LimbBits)
	}
	cols := configure(cs, img.selClasses(), p.LimbBits, bitwise, img.HasMemoryAccess(), shift32, img.hasSignedLoads(), wideCmp, img.uses(ClassShift64), img.uses(ClassRetIf), img.uses(ClassBitCount), img.hasPopcnt(), img.hasShrS64(), img.hasRetTable(), img.uses(ClassDivS64), img.hasGrow())
	if err := cs.Validate(); err != nil {
		return nil, fmt.Errorf("circuit: internal error: %w", err)
	}
	c := &Circuit{Params: p, Image: img, CS: cs, cols: cols}
	if p.K < 1 || p.K > 28 {
		return nil, fmt.Errorf("circuit: k = %d out of range", p.K)
	}
	u := c.Usable()
	if need := 1 << p.LimbBits; bitwise && need*need > u {
		return nil, fmt.Errorf("circuit: 2^%d rows (%d usable) cannot hold the %d-row limb AND table of a program with bitwise instructions", p.K, u, need*need)
	}
	if need := 1 << p.LimbBits; need > u {
		return nil, fmt.Errorf("circuit: 2^%d rows (%d usable) cannot hold the %d-row limb range table; use a larger k or smaller limbs", p.K, u, need)
	}
	n := img.rows()
	if !bitwise {
		n += 1 << p.LimbBits // the limb range rows
	}
	if n >= u {
		return nil, fmt.Errorf("circuit: image of %d rows (instructions, br_table and table entries, initial memory) does not fit in %d usable rows", n, u)
	}
	lim := uint64(1) << p.LimbBits
	for _, e := range img.BrTable {
		if e.Drop >= lim || e.Refill >= lim || e.Ret && (e.Drop > 1 || e.Refill != 0 || e.Target != 0) {
			return nil, fmt.Errorf("circuit: br_table at pc %d drops %d values, more than %d-bit limbs hold", e.Site, e.Drop, p.LimbBits)
		}
	}
	for i, e := range img.Table {
		if e != nil && (e.Params >= lim || e.Locals >= lim) {
			return nil, fmt.Errorf("circuit: table entry %d has %d locals, more than %d-bit limbs hold", i, e.Locals, p.LimbBits)
		}
	}

	if p.LimbBits != 8 {
		for pc, in := range img.Code {
			if in.Class == ClassLoad || in.Class == ClassStore || in.Class == ClassMemGrow {
				return nil, fmt.Errorf("circuit: pc %d (%s): loads and stores need 8-bit limbs, not %d", pc, in.Source, p.LimbBits)
			}
		}
	}
	return c, nil
}

// Usable is the number of usable rows.
func (c *Circuit) Usable() int { return c.CS.UsableRows(1 << c.Params.K) }

// Preprocessed returns the fixed columns: selectors, tables and the program image.
func (c *Circuit) Preprocessed() *plonkish.Preprocessed {
	cols := c.cols
	pre := plonkish.NewPreprocessed(c.CS, c.Params.K)
	u := c.Usable()
	for r := 0; r < u; r++ {
		pre.SetFixed(cols.qUse, r, 1)
		if r+1 < u {
			pre.SetFixed(cols.qStep, r, 1)
		}
		pre.SetFixed(cols.ts, r, uint64(r)+1)
		pre.SetFixed(cols.tsr, r, uint64(r))
	}
	pre.SetFixed(cols.qFirst, 0, 1)
	pre.SetFixed(cols.qLast, u-1, 1)
	if cols.x != nil {
		n := uint64(1) << c.Params.LimbBits
		for a := uint64(0); a < n; a++ {
			for b := uint64(0); b < n; b++ {
				r := int(a*n + b)
				pre.SetFixed(cols.andA, r, a)
				pre.SetFixed(cols.andB, r, b)
				pre.SetFixed(cols.andC, r, a&b)
			}
		}
	}
	for pc, in := range c.Image.Code {
		pre.SetFixed(cols.iPC, pc, uint64(pc))
		pre.SetFixed(cols.iOp, pc, cols.selLayout.opcode(in))
		pre.SetFixed(cols.iImm, pc, in.Imm)
		pre.SetFixed(cols.iImm2, pc, in.Imm2)
		pre.SetFixed(cols.iImm3, pc, in.Imm3)
	}
	row := len(c.Image.Code)
	for _, e := range c.Image.BrTable {
		pre.SetFixed(cols.iPC, row, uint64(e.Site))
		pre.SetFixed(cols.iOp, row, tagBrTable+uint64(e.K))
		pre.SetFixed(cols.iImm, row, e.Target)
		pre.SetFixed(cols.iImm2, row, e.Drop)
		pre.SetFixed(cols.iImm3, row, e.Refill+b2u(e.Ret)<<uint(c.Params.LimbBits))
		row++
	}
	for i, e := range c.Image.Table {
		if e == nil {
			continue
		}
		pre.SetFixed(cols.iPC, row, uint64(i))
		pre.SetFixed(cols.iOp, row, tagTable+e.TypeID)
		pre.SetFixed(cols.iImm, row, e.Entry)
		pre.SetFixed(cols.iImm2, row, e.Params)
		pre.SetFixed(cols.iImm3, row, e.Locals)
		row++
	}
	// Powers of two for shifts.
	for e := uint64(0); e <= 64; e++ {
		pre.SetFixed(cols.iPC, row, e)
		pre.SetFixed(cols.iOp, row, tagPow)
		pre.Fixed[cols.iImm.Index][row].Exp(fr.NewElement(2), new(big.Int).SetUint64(e))
		row++
	}
	// Bit counts of bytes (programs with popcnt).
	if c.Image.hasPopcnt() {
		for v := uint64(0); v < 256; v++ {
			pre.SetFixed(cols.iPC, row, v)
			pre.SetFixed(cols.iOp, row, tagPopcnt)
			pre.SetFixed(cols.iImm, row, uint64(bits.OnesCount64(v)))
			row++
		}
	}
	// The tail rows of stores that may cross a word: (pc, nop + the store's flags, 0, 0, 0).
	for pc, in := range c.Image.Code {
		if in.Class == ClassStore && in.F1 {
			pre.SetFixed(cols.iPC, row, uint64(pc))
			pre.SetFixed(cols.iOp, row, cols.selLayout.opcode(Instr{Class: ClassNop, W64: in.W64, F1: in.F1, F2: in.F2, F3: in.F3}))
			row++
		}
	}
	// The row that boundary rows of grown words fetch (programs with memory.grow):
	// (0, boundary + F1, 0, 0, the initial memory in words).
	if c.Image.hasGrow() {
		pre.SetFixed(cols.iOp, row, cols.selLayout.opcode(Instr{Class: ClassBoundary, F1: true}))
		pre.SetFixed(cols.iImm3, row, uint64(len(c.Image.Memory)))
		row++
	}
	// Limb range rows (programs without the AND table).
	if cols.x == nil {
		for v := uint64(0); v < 1<<c.Params.LimbBits; v++ {
			pre.SetFixed(cols.iPC, row, v)
			pre.SetFixed(cols.iOp, row, tagRange)
			row++
		}
	}
	// The row padding rows fetch, then the initial memory, which boundary rows fetch:
	// (address, the boundary class's code, initial value, 0, 0).
	pre.SetFixed(cols.iOp, row, cols.selLayout.code(ClassPad))
	row++
	initRow := func(addr, val uint64) {
		pre.SetFixed(cols.iPC, row, addr)
		pre.SetFixed(cols.iOp, row, cols.selLayout.code(ClassBoundary))
		pre.SetFixed(cols.iImm, row, val)
		row++
	}
	for a := 0; a < c.Image.StackSize; a++ {
		initRow(uint64(a), 0)
	}
	for i, g := range c.Image.Globals {
		initRow(GlobalBase+uint64(i), g)
	}
	for i, v := range c.Image.Memory {
		initRow(MemBase+uint64(i), v)
	}
	if c.Image.hasGrow() {
		initRow(MemSizeAddr, uint64(len(c.Image.Memory)/PageWords))
	}
	return pre
}

// Witness assigns the advice columns from an execution of the image (see Run).
func (c *Circuit) Witness(ex *Execution) (*plonkish.Witness, error) {
	u := c.Usable()
	if len(ex.Rows)+1 > u {
		return nil, fmt.Errorf("circuit: execution needs %d rows (%d steps, %d boundary, 1 padding), 2^%d gives %d usable", len(ex.Rows)+1, ex.Steps, len(ex.Rows)-ex.Steps, c.Params.K, u)
	}
	cols := c.cols
	w := plonkish.NewWitness(c.CS, c.Params.K)
	set := func(col plonkish.Column, r int, v uint64) { w.Set(col, r, v) }
	bit := func(col plonkish.Column, r int, v bool) { w.Set(col, r, b2u(v)) }
	lb := uint(c.Params.LimbBits)
	limbMask := uint64(1)<<lb - 1
	for r, row := range ex.Rows {
		if row.Class < ClassNop || row.Class >= numExtClasses {
			return nil, fmt.Errorf("circuit: row %d: %w: %s", r, ErrUnsupported, row.Class)
		}
		g, m, ok := cols.selLayout.selIndex(row.Class)
		if !ok {
			return nil, fmt.Errorf("circuit: row %d: class %s is not in the image", r, row.Class)
		}
		cols.setSel(w, r, g, m)
		set(cols.pc, r, row.PC)
		set(cols.h, r, row.H)
		set(cols.fp, r, row.FP)
		set(cols.cid, r, row.CID)
		set(cols.t, r, row.T)
		set(cols.ioIn, r, row.IOIn)
		set(cols.ioOut, r, row.IOOut)
		bit(cols.w64, r, row.W64)
		bit(cols.f1, r, row.F1)
		bit(cols.f2, r, row.F2)
		if cols.memory {
			bit(cols.f3, r, row.F3)
			if row.Class == ClassLoad || row.Class == ClassStore {
				set(cols.o[row.O], r, 1)
			}
			for b := uint64(0); b < row.OPrefix && row.Class == ClassNop; b++ {
				set(cols.o[b], r, 1) // a store's tail row: the bytes it replaces
			}
			set(cols.pts3, r, row.PTS3)
		}
		if c.Image.hasSignedLoads() {
			bit(cols.sg, r, row.SG)
		}

		for i, sl := range row.Slot {
			en, ad, wv := cols.en1, cols.addr1, cols.wv1
			if i == 1 {
				en, ad, wv = cols.en2, cols.addr2, cols.wv2
			}
			if cols.hasEn[i] {
				bit(en, r, sl.On)
			}
			set(ad, r, sl.Addr)
			set(wv, r, sl.Write)
		}
		set(cols.imm, r, row.Imm)
		set(cols.imm2, r, row.Imm2)
		set(cols.imm3, r, row.Imm3)
		set(cols.a, r, row.A)
		set(cols.b, r, row.B)
		if row.B64 {
			w.Advice[cols.b.Index][r].Exp(fr.NewElement(2), big.NewInt(64))
		}
		set(cols.pts1, r, row.PTS1)
		set(cols.pts2, r, row.PTS2)
		bit(cols.c, r, row.C || row.Z) // one column (see allocate)
		if row.Class == ClassBrTable || row.Class == ClassShift64 || row.Class == ClassBitCount {
			set(cols.kk, r, row.K) // shares addr2
		}
		w.Advice[cols.inv.Index][r] = row.Inv
		if r+1 < len(ex.Rows) {
			switch next := ex.Rows[r+1]; row.Class {
			case ClassReturn, ClassRetIf: // the restored state, in the unused slot-2 cells
				set(cols.addr2, r, next.PC)
				set(cols.b, r, next.FP)
				set(cols.wv2, r, next.CID)
			case ClassStore: // the value slot 3 refills, in inv
				set(cols.inv, r, next.T)
			}
		}
		for i := range cols.l {
			set(cols.l[i], r, (row.L>>(uint(i)*lb))&limbMask)
			if cols.noH {
				continue
			}
			if row.HX != nil {
				if i < len(row.HX) {
					set(cols.hl[i], r, row.HX[i])
				}
				continue
			}
			set(cols.hl[i], r, (row.H2>>(uint(i)*lb))&limbMask)
		}
		if row.Class == ClassLtS32 {
			// D in the low L limbs, the sign-bit constants in L[nh], L[nh+1]; A's limbs at
			// H[0..nh−2] and H[nh] (top), T's at H[nh−1], H[nh+2..] and H[nh+1] (top).
			nh := 32 / int(lb)
			limb := func(v uint64, i int) uint64 { return (v >> (uint(i) * lb)) & limbMask }
			for i := range cols.l {
				w.Advice[cols.l[i].Index][r].SetZero()
				w.Advice[cols.hl[i].Index][r].SetZero()
			}
			for i := 0; i < nh; i++ {
				set(cols.l[i], r, limb(row.L, i))
			}
			set(cols.l[nh], r, 1<<(lb-1))
			set(cols.l[nh+1], r, 1<<(lb-1))
			ai, ti := ltsLimbs(nh)
			for i := 0; i < nh; i++ {
				set(cols.hl[ai[i]], r, limb(row.A, i))
				set(cols.hl[ti[i]], r, limb(row.T, i))
			}
		}
		if row.SignLimb {
			top := int(8*Instr{F1: row.F1, F2: row.F2}.Width())/c.Params.LimbBits - 1
			for i := range cols.hl {
				w.Advice[cols.hl[i].Index][r].SetZero()
			}
			set(cols.hl[top], r, 1<<(lb-1))
		}
		if cols.y != nil {
			for i := range cols.y {
				set(cols.y[i], r, (row.Y>>(8*uint(i)))&0xff)
			}
			h7, y7 := w.Advice[cols.hl[7].Index][r], w.Advice[cols.y[7].Index][r]
			set(cols.sa, r, h7.Uint64()>>7)
			set(cols.sb, r, y7.Uint64()>>7)
		}
		if cols.v != nil {
			for i := range cols.v {
				set(cols.v[i], r, (row.V>>(8*uint(i)))&0xff)
			}
			set(cols.sv, r, row.V>>63)
		}
		for i := range cols.w {
			set(cols.w[i], r, (row.W>>(8*uint(i)))&0xff)
		}
		for i := range cols.x {
			l, h := w.Advice[cols.l[i].Index][r], w.Advice[cols.hl[i].Index][r]
			set(cols.x[i], r, l.Uint64()&h.Uint64())
		}
	}
	for r := len(ex.Rows); r < u; r++ {
		set(cols.pts1, r, uint64(r))
		set(cols.pts2, r, uint64(r))
		if cols.memory {
			set(cols.pts3, r, uint64(r))
		}
		g, m, _ := cols.selLayout.selIndex(ClassPad)
		cols.setSel(w, r, g, m)
	}
	// The instance ends at position 3 + n_in + n_out: io_out holds that value from the halt
	// row on, and in_instance is 1 before that position (at least one usable row must be
	// past the end, since the pad rows look it up).
	end := 3 + len(ex.PublicIn) + len(ex.PublicOut)
	if end >= u {
		return nil, fmt.Errorf("circuit: %d public values need %d instance rows plus one past them, 2^%d gives %d usable", len(ex.PublicIn)+len(ex.PublicOut), end, c.Params.K, u)
	}
	halt := -1
	for r, row := range ex.Rows {
		if row.Class == ClassHalt {
			halt = r
			break
		}
	}
	if halt < 0 {
		return nil, fmt.Errorf("circuit: execution has no halt row")
	}
	for r := halt; r < u; r++ {
		set(cols.ioOut, r, uint64(end))
		set(cols.ioIn, r, ex.Rows[halt].IOIn) // held from halt on (public input indicator)
	}
	for r := 0; r < end; r++ {
		set(cols.inInst, r, 1)
	}
	w.Instance = PublicInstance(ex.PublicIn, ex.PublicOut)
	return w, nil
}

// PublicInstance returns the instance column for the public inputs and outputs:
// 0, the number of inputs, the inputs in order, the number of outputs, the outputs in
// order (row 0 stays 0 so that the all-zero tuple is in the lookup table built on it).
func PublicInstance(publicIn, publicOut []uint64) [][]fr.Element {
	col := make([]fr.Element, 0, len(publicIn)+len(publicOut)+3)
	add := func(v uint64) {
		var e fr.Element
		e.SetUint64(v)
		col = append(col, e)
	}
	add(0)
	add(uint64(len(publicIn)))
	for _, v := range publicIn {
		add(v)
	}
	add(uint64(len(publicOut)))
	for _, v := range publicOut {
		add(v)
	}
	return [][]fr.Element{col}
}

// Assign runs img on the inputs and returns the circuit, fixed columns, witness and
// execution.
func Assign(img *Image, in Inputs, p Params) (*Circuit, *plonkish.Preprocessed, *plonkish.Witness, *Execution, error) {
	c, err := New(img, p)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	ex, err := Run(img, in, c.Usable())
	if err != nil {
		return nil, nil, nil, nil, err
	}
	w, err := c.Witness(ex)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	return c, c.Preprocessed(), w, ex, nil
}
