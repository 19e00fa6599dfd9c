package circuit

import (
	"fmt"

	"github.com/zkwasm/zkwasm/plonkish"
)

// Width classifies a column by the size of the values it holds, which is what its
// commitment costs (DESIGN §1).
type Width uint8

const (
	WidthBit   Width = iota + 1 // 0/1
	WidthSmall                  // ≤ 24 bits (pc, heights, timestamps, limbs)
	WidthWide                   // up to 64 bits or a field element
)

func (w Width) String() string {
	switch w {
	case WidthBit:
		return "bit"
	case WidthSmall:
		return "small"
	case WidthWide:
		return "wide"
	}
	return "?"
}

// The class selector is two-level and per program: the classes the image uses (plus
// halt, boundary and padding) are numbered 0..n−1 in class order, class number i is
// group i/members, member i%members, and its selector is the product of the two bits.
// groups × members ≥ n with groups + members as small as possible, so a program pays
// for the classes it has (fib: 3 + 4 bits), not for the whole instruction set (7 + 6);
// a class the program does not use has no selector (the constant 0). The opcode of a
// class in this circuit's image is its number + 1 (see code).
type selLayout struct {
	groups, members int
	index           map[Class]int // class → number; absent: not in the program
}

func newSelLayout(used []Class) selLayout {
	l := selLayout{index: map[Class]int{}}
	seen := map[Class]bool{}
	for _, k := range used {
		if k >= ClassNop && k != ClassTrap { // any class, including ones numbered past numClasses
			seen[k] = true
		}
	}
	for k := ClassNop; k < ClassTrap; k++ {
		if seen[k] {
			l.index[k] = len(l.index)
		}
	}
	n := len(l.index)
	best := 0
	for m := 1; m <= n; m++ {
		g := (n + m - 1) / m
		if best == 0 || g+m < best || g+m == best && m < l.members {
			best, l.groups, l.members = g+m, g, m
		}
	}
	return l
}

// has reports whether class k has a selector in this circuit.
func (l selLayout) has(k Class) bool { _, ok := l.index[k]; return ok }

// selIndex returns the group and member bits of class k (ok false: no selector).
func (l selLayout) selIndex(k Class) (g, m int, ok bool) {
	i, ok := l.index[k]
	return i / l.members, i % l.members, ok
}

// code is the class part of the opcode in this circuit's image: 1 + group·members +
// member (never 0, and below 64 = ClassTrap + 1, so unreachable decodes to no class).
func (l selLayout) code(k Class) uint64 {
	if i, ok := l.index[k]; ok {
		return uint64(i) + 1
	}
	return uint64(ClassTrap) // no selector decodes to it
}

// opcode is the instruction's opcode in this circuit's image: its class code plus
// 64·(W64 + 2·F1 + 4·F2 + 8·F3), as Instr.Opcode with the class renumbered.
func (l selLayout) opcode(in Instr) uint64 { return in.Opcode() - uint64(in.Class) + l.code(in.Class) }

// sel is the selector expression of class k at rotation rot (0 if the program does not
// use k).
func (c *columns) sel(k Class, rot int) plonkish.Expression {
	g, m, ok := c.selLayout.selIndex(k)
	if !ok {
		return plonkish.Const(0)
	}
	return plonkish.Mul(oneHotBit(c.gsel, g, rot), oneHotBit(c.msel, m, rot))
}

// oneHotBit is bit i of a one-hot group whose last bit is implicit: cols holds bits
// 0..len−1 and bit len is 1 − Σ cols (the decode gate keeps that sum a bit), which saves
// one column per group.
func oneHotBit(cols []plonkish.Column, i, rot int) plonkish.Expression {
	if i < len(cols) {
		return cols[i].Rot(rot)
	}
	var s []plonkish.Expression
	for _, col := range cols {
		s = append(s, col.Rot(rot))
	}
	return plonkish.Sub(plonkish.Const(1), plonkish.Add(s...))
}

// columns holds every column of the circuit.
type columns struct {
	// Fixed.
	qFirst, qUse, qStep, qLast   plonkish.Column
	ts, tsr                      plonkish.Column
	iPC, iOp, iImm, iImm2, iImm3 plonkish.Column

	// Advice.
	pub               plonkish.Column // instance: public inputs and outputs
	pc, h, fp, cid, t plonkish.Column
	ioIn, ioOut       plonkish.Column
	inInst            plonkish.Column   // 1 on the rows whose instance position holds a public value or a count
	gsel, msel        []plonkish.Column // two-level one-hot class selector (the last group and member bits implicit)
	selLayout         selLayout
	w64, f1, f2       plonkish.Column
	memory            bool              // the program has loads or stores: the columns below exist
	grow              bool              // the program has memory.grow
	divS64            bool              // the program has i64 div_s/rem_s
	f3                plonkish.Column   // width flag: 8 bytes
	o                 []plonkish.Column // one-hot byte offset of a memory access in its word
	pts3              plonkish.Column   // timestamp of a store's third slot
	sg                plonkish.Column   // sign bit of a signed load (programs with signed loads)
	y                 []plonkish.Column // i64 signed comparisons: the right operand's bytes
	sa, sb            plonkish.Column   // i64 signed comparisons: the operands' sign bits
	v                 []plonkish.Column // dynamic i64 shr_s: the operand's bytes
	sv                plonkish.Column   // dynamic i64 shr_s: the operand's sign bit
	w                 []plonkish.Column // i64 div_s/rem_s: the bound |T| − |r| − 1 (V holds |q|)
	imm, imm2, imm3   plonkish.Column
	a, b, pts1, pts2  plonkish.Column
	en1, en2          plonkish.Column // memory slot enables (if hasEn: see configure's slotCells)
	hasEn             [2]bool
	kk                plonkish.Column // br_table: the effective index
	addr1, addr2      plonkish.Column // memory slot addresses
	wv1, wv2          plonkish.Column // values written back by the memory slots
	c, z, inv         plonkish.Column
	l, hl             []plonkish.Column
	noH               bool              // no class of the program reads H: hl aliases l (no H columns)
	x                 []plonkish.Column // bitwise images: X_j = L_j AND H_j on every row
	andA, andB, andC  plonkish.Column   // the limb AND table

	width map[plonkish.Column]Width
}

func (c *columns) advice(cs *plonkish.ConstraintSystem, name string, w Width) plonkish.Column {
	col := cs.AdviceColumn(name)
	c.width[col] = w
	return col
}

func allocate(cs *plonkish.ConstraintSystem, used []Class, limbs int, bitwise, memory, signedLoads, wideCmp, shrS64, grow bool) *columns {
	c := &columns{width: map[plonkish.Column]Width{}, memory: memory, grow: grow, selLayout: newSelLayout(used)}
	c.qFirst = cs.Selector("q_first")
	c.qUse = cs.Selector("q_use")
	c.qStep = cs.Selector("q_step")
	c.qLast = cs.Selector("q_last")
	c.ts = cs.FixedColumn("ts")
	c.tsr = cs.FixedColumn("ts_range")
	c.iPC = cs.FixedColumn("img_pc")
	c.iOp = cs.FixedColumn("img_op")
	c.iImm = cs.FixedColumn("img_imm")
	c.iImm2 = cs.FixedColumn("img_imm2")
	c.iImm3 = cs.FixedColumn("img_imm3")

	c.pub = cs.InstanceColumn("public")
	c.pc = c.advice(cs, "pc", WidthSmall)
	c.h = c.advice(cs, "h", WidthSmall)
	c.fp = c.advice(cs, "fp", WidthSmall)
	c.cid = c.advice(cs, "cid", WidthSmall)
	c.t = c.advice(cs, "T", WidthWide)
	c.ioIn = c.advice(cs, "io_in", WidthSmall)
	c.ioOut = c.advice(cs, "io_out", WidthSmall)
	c.inInst = c.advice(cs, "in_instance", WidthBit)
	for i := 0; i+1 < c.selLayout.groups; i++ {
		c.gsel = append(c.gsel, c.advice(cs, fmt.Sprintf("g%d", i), WidthBit))
	}
	for i := 0; i+1 < c.selLayout.members; i++ {
		c.msel = append(c.msel, c.advice(cs, fmt.Sprintf("m%d", i), WidthBit))
	}
	c.w64 = c.advice(cs, "w64", WidthBit)
	c.f1 = c.advice(cs, "f1", WidthBit)
	c.f2 = c.advice(cs, "f2", WidthBit)
	if memory {
		c.f3 = c.advice(cs, "f3", WidthBit)
		for i := 0; i < 8; i++ {
			c.o = append(c.o, c.advice(cs, fmt.Sprintf("o%d", i), WidthBit))
		}
	}
	c.imm = c.advice(cs, "imm", WidthWide)
	c.imm2 = c.advice(cs, "imm2", WidthSmall)
	c.imm3 = c.advice(cs, "imm3", WidthSmall)
	c.a = c.advice(cs, "A", WidthWide)
	c.b = c.advice(cs, "B", WidthWide)
	c.pts1 = c.advice(cs, "pts1", WidthSmall)
	c.pts2 = c.advice(cs, "pts2", WidthSmall)
	if memory {
		c.pts3 = c.advice(cs, "pts3", WidthSmall)
	}
	if signedLoads {
		c.sg = c.advice(cs, "load_sign", WidthBit)
	}

	c.addr1 = c.advice(cs, "addr1", WidthSmall)
	c.addr2 = c.advice(cs, "addr2", WidthSmall)
	c.wv1 = c.advice(cs, "wv1", WidthWide)
	c.wv2 = c.advice(cs, "wv2", WidthWide)
	c.kk = c.addr2 // br_table's effective index: slot 2 is unused on br_table rows
	// No class uses both the carry/borrow/fresh bit c and the is-zero bit z: one column.
	c.c = c.advice(cs, "c|z", WidthBit)
	c.z = c.c
	c.inv = c.advice(cs, "inv", WidthWide)
	for i := 0; i < limbs; i++ {
		c.l = append(c.l, c.advice(cs, fmt.Sprintf("L%d", i), WidthSmall))
	}
	// Programs none of whose classes read H (and without the AND table, which pairs L
	// with H) get no H columns: hl names the L columns, so an H term of a class the
	// program lacks is an L term under a zero selector, and nothing is left unconstrained
	// (aliasing only ties cells together).
	c.noH = !bitwise && !needsH(used)
	for i := 0; i < limbs; i++ {
		if c.noH {
			c.hl = append(c.hl, c.l[i])
			continue
		}
		c.hl = append(c.hl, c.advice(cs, fmt.Sprintf("H%d", i), WidthSmall))
	}
	if wideCmp {
		for i := 0; i < limbs; i++ {
			c.y = append(c.y, c.advice(cs, fmt.Sprintf("Y%d", i), WidthSmall))
		}
		c.sa = c.advice(cs, "sign_a", WidthBit)
		c.sb = c.advice(cs, "sign_b", WidthBit)
	}
	if wideCmp && shrS64 {
		for i := 0; i < limbs; i++ {
			c.v = append(c.v, c.advice(cs, fmt.Sprintf("V%d", i), WidthSmall))
		}
		c.sv = c.advice(cs, "sign_v", WidthBit)
	}
	if bitwise {
		for i := 0; i < limbs; i++ {
			c.x = append(c.x, c.advice(cs, fmt.Sprintf("X%d", i), WidthSmall))
		}
		c.andA = cs.FixedColumn("and_a")
		c.andB = cs.FixedColumn("and_b")
		c.andC = cs.FixedColumn("and_c")
	}
	return c
}

// allocateDivS64 adds the columns of i64 div_s/rem_s (programs that have them): the V
// byte group with its sign bit (if the program has no dynamic i64 shr_s, which also uses
// it) and the W byte group.
func (c *columns) allocateDivS64(cs *plonkish.ConstraintSystem) {
	c.divS64 = true
	if c.v == nil {
		for i := 0; i < 8; i++ {
			c.v = append(c.v, c.advice(cs, fmt.Sprintf("V%d", i), WidthSmall))
		}
		c.sv = c.advice(cs, "sign_v", WidthBit)
	}
	for i := 0; i < 8; i++ {
		c.w = append(c.w, c.advice(cs, fmt.Sprintf("W%d", i), WidthSmall))
	}
}

// tagRange marks the image rows (v, tagRange, 0, 0, 0), v < 2^LimbBits, that range-check
// limbs in programs without the AND table (instead of a table of their own: one
// multiplicity column and one fraction less).
const tagRange = 1 << 29

// selClasses lists the classes that get a selector in img's circuit: those of its
// instructions (not unreachable, which has none), the row kinds every run has (halt,
// boundary, padding), and nop for the tail rows of stores of 2 bytes or more.
func (img *Image) selClasses() []Class {
	out := []Class{ClassHalt, ClassBoundary, ClassPad}
	for _, in := range img.Code {
		if in.Class >= ClassNop && in.Class != ClassTrap {
			out = append(out, in.Class)
		}
		if in.Class == ClassStore && in.F1 {
			out = append(out, ClassNop) // the tail row of a store across words
		}
	}
	return out
}

// needsH reports whether any of the classes reads the H limbs: every class but those
// listed (so a class added later gets H unless it is listed here).
func needsH(used []Class) bool {
	for _, k := range used {
		switch k {
		case ClassNop, ClassConst, ClassDrop, ClassSelect, ClassLocalGet, ClassLocalSet, ClassLocalTee,
			ClassGlobalGet, ClassGlobalSet, ClassAddSub, ClassEqz, ClassEq, ClassLtU, ClassBr, ClassBrIf,
			ClassCall, ClassReturn, ClassHalt, ClassInput, ClassOutput, ClassRequire, ClassRetIf,
			ClassBoundary, ClassPad:
		default:
			return true
		}
	}
	return false
}

// setSel sets row r's selector bits to group g, member m (the implicit last bits stay
// unset: they are 1 when no other bit is).
func (c *columns) setSel(w *plonkish.Witness, r, g, m int) {
	for i, col := range c.gsel {
		w.Set(col, r, b2u(i == g))
	}
	for i, col := range c.msel {
		w.Set(col, r, b2u(i == m))
	}
}
