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

// The class selector is two-level: class k is group (k−1)/selMembers, member
// (k−1)%selMembers, and its selector is the product of the two bits. This takes
// selGroups + selMembers bit columns instead of one per class, for one more degree.
const (
	selMembers = 6
	selGroups  = (int(numClasses) - 1 + selMembers - 1) / selMembers
)

func selIndex(k Class) (g, m int) { return (int(k) - 1) / selMembers, (int(k) - 1) % selMembers }

// sel is the selector expression of class k at rotation rot.
func (c *columns) sel(k Class, rot int) plonkish.Expression {
	g, m := selIndex(k)
	return plonkish.Mul(c.gsel[g].Rot(rot), c.msel[m].Rot(rot))
}

// columns holds every column of the circuit.
type columns struct {
	// Fixed.
	qFirst, qUse, qStep, qLast   plonkish.Column
	ts, tsr, rng                 plonkish.Column
	iPC, iOp, iImm, iImm2, iImm3 plonkish.Column

	// Advice.
	pub               plonkish.Column // instance: public inputs and outputs
	pc, h, fp, cid, t plonkish.Column
	ioIn, ioOut       plonkish.Column
	inInst            plonkish.Column   // 1 on the rows whose instance position holds a public value or a count
	gsel, msel        []plonkish.Column // two-level one-hot class selector
	w64, f1, f2       plonkish.Column
	memory            bool              // the program has loads or stores: the columns below exist
	f3                plonkish.Column   // width flag: 8 bytes
	o                 []plonkish.Column // one-hot byte offset of a memory access in its word
	pts3              plonkish.Column   // timestamp of a store's third slot
	sg                plonkish.Column   // sign bit of a signed load (programs with signed loads)
	y                 []plonkish.Column // i64 signed comparisons: the right operand's bytes
	sa, sb            plonkish.Column   // i64 signed comparisons: the operands' sign bits
	v                 []plonkish.Column // dynamic i64 shr_s: the operand's bytes
	sv                plonkish.Column   // dynamic i64 shr_s: the operand's sign bit
	w                 []plonkish.Column // i64 div_s/rem_s: the bound |T| − |r| − 1 (V holds |q|)
	ext               map[Class]bool    // the extension classes this circuit constrains
	imm, imm2, imm3   plonkish.Column
	a, b, pts1, pts2  plonkish.Column
	en1, en2          plonkish.Column // memory slot enables
	kk                plonkish.Column // br_table: the effective index
	addr1, addr2      plonkish.Column // memory slot addresses
	wv1, wv2          plonkish.Column // values written back by the memory slots
	c, z, inv         plonkish.Column
	l, hl             []plonkish.Column
	x                 []plonkish.Column // bitwise images: X_j = L_j AND H_j on every row
	andA, andB, andC  plonkish.Column   // the limb AND table

	width map[plonkish.Column]Width
}

func (c *columns) advice(cs *plonkish.ConstraintSystem, name string, w Width) plonkish.Column {
	col := cs.AdviceColumn(name)
	c.width[col] = w
	return col
}

func allocate(cs *plonkish.ConstraintSystem, limbs int, bitwise, memory, signedLoads, wideCmp, shrS64 bool) *columns {
	c := &columns{width: map[plonkish.Column]Width{}, memory: memory}
	c.qFirst = cs.Selector("q_first")
	c.qUse = cs.Selector("q_use")
	c.qStep = cs.Selector("q_step")
	c.qLast = cs.Selector("q_last")
	c.ts = cs.FixedColumn("ts")
	c.tsr = cs.FixedColumn("ts_range")
	c.rng = cs.FixedColumn("limb_range")
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
	for i := 0; i < selGroups; i++ {
		c.gsel = append(c.gsel, c.advice(cs, fmt.Sprintf("g%d", i), WidthBit))
	}
	for i := 0; i < selMembers; i++ {
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

	c.en1 = c.advice(cs, "en1", WidthBit)
	c.en2 = c.advice(cs, "en2", WidthBit)
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
	for i := 0; i < limbs; i++ {
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

// hasSel reports whether class k has a selector in this circuit: every base class and row
// kind, and the extension classes whose columns were allocated (programs that use them).
// A selector combination of an extension class without its constraints must not count as
// a defined class, even when its group exists for another class.
func (c *columns) hasSel(k Class) bool {
	if k >= numClasses {
		return c.ext[k]
	}
	g, _ := selIndex(k)
	return g < len(c.gsel)
}

// allocateDivS64 adds the columns of i64 div_s/rem_s (programs that have them): the
// selector group of the class, the V byte group with its sign bit (if the program has no
// dynamic i64 shr_s, which also uses it) and the W byte group.
func (c *columns) allocateDivS64(cs *plonkish.ConstraintSystem) {
	for g, _ := selIndex(ClassDivS64); len(c.gsel) <= g; {
		c.gsel = append(c.gsel, c.advice(cs, fmt.Sprintf("g%d", len(c.gsel)), WidthBit))
	}
	if c.ext == nil {
		c.ext = map[Class]bool{}
	}
	c.ext[ClassDivS64] = true
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
