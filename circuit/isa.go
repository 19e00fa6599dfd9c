package circuit

import (
	"errors"
	"fmt"
)

// Class is an opcode class of the circuit's instruction set. Each executable class has
// one selector column in the execution table; WebAssembly opcodes map onto a class plus
// flags and immediates when the image is built (see Instr).
type Class uint8

// Executable classes (one selector bit each), then row kinds that are not instructions.
const (
	ClassNop          Class = iota + 1 // nop, block, loop, end
	ClassConst                         // i32.const, i64.const: imm = value
	ClassDrop                          // drop
	ClassSelect                        // select
	ClassLocalGet                      // local.get: imm = index, F1 = declared (not a parameter)
	ClassLocalSet                      // local.set: imm = index
	ClassLocalTee                      // local.tee: imm = index
	ClassGlobalGet                     // global.get: imm = index
	ClassGlobalSet                     // global.set: imm = index
	ClassAddSub                        // i32/i64 add (F1 = 0) and sub (F1 = 1)
	ClassMul                           // i32/i64 mul
	ClassEqz                           // i32/i64 eqz
	ClassEq                            // i32/i64 eq (F1 = 0), ne (F1 = 1)
	ClassLtU                           // i32/i64 lt_u (F1=0,F2=0), gt_u (1,0), le_u (1,1), ge_u (0,1)
	ClassBr                            // br / else: imm = target, imm2 = values dropped, F1 = refill top
	ClassBrIf                          // br_if (F1 = 0) / if (F1 = 1, jump when zero): imm = target, imm2 = dropped, imm3 = refill offset
	ClassCall                          // call: imm = entry pc, imm2 = params, imm3 = locals (params included)
	ClassReturn                        // return / end of function: F1 = one result
	ClassHalt                          // end of the entry stub
	ClassInput                         // env.wasm_input: pops is_public, pushes the next input (W64 = 0: an i32 argument)
	ClassOutput                        // env.wasm_output: pops a value and appends it to the public outputs
	ClassRequire                       // env.require: pops a condition that must be non-zero
	ClassBrTable                       // br_table: imm = number of labels before the default; entries in Image.BrTable
	ClassCallIndirect                  // call_indirect: imm = type id; the callee comes from Image.Table
	ClassWrap                          // i32.wrap_i64
	ClassLoad                          // unsigned loads: imm = offset; width flags F1 (≥2), F2 (≥4), F3 (8)
	ClassStore                         // stores: imm = offset; width flags as loads
	ClassBitwise                       // and (F1 = F2 = 0), or (F1), xor (F2), i32 and i64
	ClassExtendS                       // sign extension from 1, 2 or 4 bytes (F1: ≥ 2, F2: 4) to i32 or i64 (W64)
	ClassShift32                       // i32 shl (F1 = F2 = 0), shr_u (F1), rotl (F2), rotr (F1, F2); shr_s: F1 and imm2 = 1
	ClassLtS32                         // i32 lt_s (F1=0,F2=0), gt_s (1,0), le_s (1,1), ge_s (0,1)
	ClassDivU32                        // i32 div_u (F1 = 0), rem_u (F1)
	ClassShiftK                        // shifts by a constant count: imm = 2^e, imm3 = the count; F1 right, F2 rotate
	ClassLtS64                         // i64 lt_s (F1=0,F2=0), gt_s (1,0), le_s (1,1), ge_s (0,1)
	ClassShift64                       // i64 shl/shr_u/rotl/rotr by a dynamic count (F1 right, F2 rotate); shr_s: F1 and imm2 = 1
	ClassDivU64                        // i64 div_u (F1 = 0), rem_u (F1)
	ClassRetIf                         // br_if to the function body (conditional return): F1 = one result
	ClassShrSK                         // shr_s by a constant count: imm = 2^(w−k), imm2 = 1 for 2^64, imm3 = the count
	ClassDivS32                        // i32 div_s (F1 = 0), rem_s (F1)
	ClassBitCount                      // i32/i64 clz (F1 = F2 = 0), ctz (F1), popcnt (F2)

	numInstrClasses
)

// Row kinds after the program has halted.
const (
	ClassBoundary = numInstrClasses + iota // one row per touched address: initial and final token
	ClassPad                               // padding up to the last usable row
	numClasses
)

// Extension classes, numbered after the row kinds: their selector groups (the groups past
// ClassPad's) exist only in programs that use them, so that such a class costs nothing to
// the programs without it.
const (
	ClassDivS64   = numClasses + iota // i64 div_s (F1 = 0), rem_s (F1)
	ClassMemGrow                      // memory.grow (imm = the maximum number of pages)
	numExtClasses                     // the first class code past every class
)

// executable reports whether k is an instruction class (base or extension).
func (k Class) executable() bool {
	return k >= ClassNop && k < numInstrClasses || k >= numClasses && k < numExtClasses
}

// ClassTrap is the image code of unreachable: no selector produces it, so no row can
// execute it and a trapping run has no witness.
const ClassTrap Class = 63

var classNames = map[Class]string{
	ClassNop: "nop", ClassConst: "const", ClassDrop: "drop", ClassSelect: "select",
	ClassLocalGet: "local.get", ClassLocalSet: "local.set", ClassLocalTee: "local.tee",
	ClassGlobalGet: "global.get", ClassGlobalSet: "global.set", ClassAddSub: "add/sub",
	ClassMul: "mul", ClassEqz: "eqz", ClassEq: "eq/ne", ClassLtU: "cmp_u", ClassBr: "br",
	ClassBrIf: "br_if", ClassCall: "call", ClassReturn: "return", ClassHalt: "halt",
	ClassInput: "wasm_input", ClassOutput: "wasm_output", ClassRequire: "require",
	ClassBrTable: "br_table", ClassCallIndirect: "call_indirect", ClassWrap: "wrap",
	ClassLoad: "load", ClassStore: "store", ClassBitwise: "and/or/xor", ClassExtendS: "extend_s", ClassShift32: "shift32", ClassLtS32: "cmp_s32", ClassDivU32: "divrem_u32", ClassShiftK: "shift_const", ClassLtS64: "cmp_s64", ClassShift64: "shift64", ClassDivU64: "divrem_u64", ClassRetIf: "return_if", ClassShrSK: "shr_s_const", ClassDivS32: "divrem_s32", ClassBitCount: "clz/ctz",
	ClassDivS64: "divrem_s64", ClassMemGrow: "memory.grow",
	ClassBoundary: "boundary", ClassPad: "pad", ClassTrap: "unreachable",
}

func (c Class) String() string {
	if s, ok := classNames[c]; ok {
		return s
	}
	return fmt.Sprintf("Class(%d)", uint8(c))
}

// Instr is one instruction of the compiled image.
type Instr struct {
	Class       Class
	W64, F1, F2 bool
	F3          bool

	Imm        uint64
	Imm2, Imm3 uint64
	Source     string // the WebAssembly instruction and where it came from, for errors
}

// Opcode is the instruction's code in the image table: class + 64·(W64 + 2·F1 + 4·F2 + 8·F3)
// (F3 is set only on loads and stores).
func (in Instr) Opcode() uint64 {
	return uint64(in.Class) + 64*(b2u(in.W64)+2*b2u(in.F1)+4*b2u(in.F2)+8*b2u(in.F3))
}

// Flags returns the flag bits of the opcode (W64 + 2·F1 + 4·F2 + 8·F3).
func (in Instr) Flags() uint64 {
	return b2u(in.W64) + 2*b2u(in.F1) + 4*b2u(in.F2) + 8*b2u(in.F3)
}

// Width returns the access width in bytes of a load or store (from its flags).
func (in Instr) Width() uint64 {
	switch {
	case in.F3:
		return 8
	case in.F2:
		return 4
	case in.F1:
		return 2
	}
	return 1
}

func (in Instr) String() string {
	s := in.Class.String()
	if in.W64 {
		s = "i64 " + s
	}
	s += fmt.Sprintf(" imm=%d,%d,%d", in.Imm, in.Imm2, in.Imm3)
	if in.F1 {
		s += " f1"
	}
	if in.F2 {
		s += " f2"
	}
	return s
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// GlobalBase is the address-space offset of globals (the stack is space 0); MemBase that
// of linear memory, addressed by 8-byte word.
const (
	GlobalBase = 1 << 32
	MemBase    = 2 << 32
)

// Image is a compiled program: the code of every function laid out flat (pc = index),
// starting at pc 0 with the entry stub (read the arguments as public inputs, call the
// entry function, output its result, halt), the initial globals and the size of the stack
// region. It becomes the fixed columns of the circuit.
//
// Branch targets follow this convention (the WebAssembly compiler must use it so that
// circuit rows and interpreter steps correspond one to one): block, loop, end and the
// fall-through end of if are rows of class nop; a branch to a block goes to the
// instruction after its end; a branch to a loop goes to the first instruction of its
// body; else is a br to the instruction after the end.
type Image struct {
	Code      []Instr
	Globals   []uint64
	StackSize int
	// BrTable holds the targets of every br_table: entry K of the br_table at pc Site
	// (K = number of labels is the default).
	BrTable []BrEntry
	// Table is the function table of call_indirect (nil entries: uninitialised).
	Table []*TableEntry
	// Memory is the initial linear memory as little-endian 8-byte words (its length is
	// the initial memory size; a whole number of pages if the image has memory.grow).
	Memory []uint64
}

// The memory size (in pages) of a program with memory.grow is a token of the memory bus
// at MemSizeAddr, global index MemSizeIndex (past every real global, below linear
// memory): memory.size reads it as a global.get of that index, memory.grow reads and
// writes it. Pages of 2^13 words.
const (
	MemSizeIndex = 1<<32 - 1
	MemSizeAddr  = GlobalBase + MemSizeIndex
	PageWords    = 65536 / 8
)

// MemGrow is memory.grow with a maximum of max pages (the module's maximum, at most
// 65536); MemSize is memory.size in a program that grows memory.
func MemGrow(max uint64) Instr { return Instr{Class: ClassMemGrow, Imm: max} }
func MemSize() Instr           { return Instr{Class: ClassGlobalGet, Imm: MemSizeIndex} }

// hasGrow reports whether the image has memory.grow: its circuit then has the memory
// size token, the grow selector group and grown-word boundary rows.
func (img *Image) hasGrow() bool { return img.uses(ClassMemGrow) }

// BrEntry is one target of a br_table: like a taken br_if, pc' = Target, the stack drops
// Drop values and the new top is refilled from Refill values further down (0 when a value
// is kept).
type BrEntry struct {
	Site, K              int
	Target, Drop, Refill uint64
	// Ret marks an entry that returns from the function (a branch to the function
	// body): Drop is then the number of results (0 or 1), Target and Refill are 0.
	Ret bool
}

// TableEntry is a function reference in the call_indirect table.
type TableEntry struct {
	Entry, Params, Locals uint64 // as the immediates of a direct call
	TypeID                uint64 // canonical id of the function's type
}

// Tags that keep br_table and function-table rows of the image table apart from
// instruction rows (whose opcodes are below 512).
const (
	tagBrTable = 1 << 24
	tagTable   = 1 << 25
	tagInit    = 1 << 26 // initial memory: (address, tagInit, value, 0, 0)
	tagPow     = 1 << 27 // powers of two for shifts: (e, tagPow, 2^e, 0, 0), e ≤ 64
	tagPopcnt  = 1 << 28 // bit counts of bytes (programs with popcnt): (b, tagPopcnt, popcount(b), 0, 0)
)

// HasMemoryAccess reports whether the image has loads or stores: its circuit then has
// the offset, width and third-slot columns.
func (img *Image) HasMemoryAccess() bool {
	for _, in := range img.Code {
		if in.Class == ClassLoad || in.Class == ClassStore {
			return true
		}
	}
	return false
}

// wide reports whether the image needs the Y byte group (i64 signed comparisons, dynamic
// i64 shifts, i64 div/rem).
func (img *Image) wide() bool {
	return img.uses(ClassLtS64) || img.uses(ClassShift64) || img.uses(ClassDivU64) || img.uses(ClassShrSK) || img.uses(ClassDivS32) || img.hasShrS32() || img.uses(ClassDivS64)
}

// uses reports whether the image has an instruction of class k.
func (img *Image) uses(k Class) bool {
	for _, in := range img.Code {
		if in.Class == k {
			return true
		}
	}
	return false
}

// hasPopcnt reports whether the image has popcnt (the byte bit-count rows of the image
// table and eight lookups into them).
func (img *Image) hasPopcnt() bool {
	for _, in := range img.Code {
		if in.Class == ClassBitCount && in.F2 {
			return true
		}
	}
	return false
}

// hasRetTable reports whether a br_table entry returns from its function.
func (img *Image) hasRetTable() bool {
	for _, e := range img.BrTable {
		if e.Ret {
			return true
		}
	}
	return false
}

// hasShrS64 reports whether the image has a dynamic i64 shr_s (a ClassShift64 row with
// imm2 = 1): its circuit then has the V byte group holding the operand.
func (img *Image) hasShrS64() bool {
	for _, in := range img.Code {
		if in.Class == ClassShift64 && in.Imm2 == 1 {
			return true
		}
	}
	return false
}

// I64DivS and I64RemS are i64.div_s and i64.rem_s (class divrem_s64: programs that have
// them get the V and W byte groups).
func I64DivS() Instr { return Instr{Class: ClassDivS64, W64: true} }
func I64RemS() Instr { return Instr{Class: ClassDivS64, W64: true, F1: true} }

// hasShrS32 reports whether the image has a dynamic i32 shr_s (a ClassShift32 row with
// imm2 = 1): its operand's sign comes from the Y bytes.
func (img *Image) hasShrS32() bool {
	for _, in := range img.Code {
		if in.Class == ClassShift32 && in.Imm2 == 1 {
			return true
		}
	}
	return false
}

// hasSignedLoads reports whether the image has sign-extending loads (imm2 = 1).
func (img *Image) hasSignedLoads() bool {
	for _, in := range img.Code {
		if in.Class == ClassLoad && in.Imm2 == 1 {
			return true
		}
	}
	return false
}

// NeedsAndTable reports whether the image has instructions that use the limb AND table
// (and/or/xor, sign extension, i32 shifts and signed comparisons): its circuit then has
// the X limbs and a 2^(2·LimbBits)-row table.
func (img *Image) NeedsAndTable() bool {
	for _, in := range img.Code {
		switch in.Class {
		case ClassBitwise, ClassExtendS, ClassShift32, ClassLtS32, ClassLtS64, ClassShift64, ClassDivU64, ClassShrSK, ClassDivS32, ClassBitCount, ClassDivS64:
			return true
		case ClassLoad:
			if in.Imm2 == 1 {
				return true // the sign of a signed load
			}
		}
	}
	return false
}

// rows is the number of rows of the image table.
func (img *Image) rows() int {
	n := len(img.Code) + len(img.BrTable) + len(img.Table) + 2 + img.StackSize + len(img.Globals) + len(img.Memory) + 65
	if img.hasPopcnt() {
		n += 256
	}
	if img.hasGrow() {
		n++ // the initial memory size
	}
	for _, in := range img.Code {
		if in.Class == ClassStore && in.F1 {
			n++ // the tail row of a store that may cross a word
		}
	}
	return n
}

// ErrUnsupported is wrapped by errors about instructions the circuit cannot prove yet.
var ErrUnsupported = errors.New("unsupported instruction")

// Validate checks that every instruction is one the circuit constrains and that its
// immediates are in range; a refused instruction is named with its pc and source.
func (img *Image) Validate() error {
	if len(img.Code) == 0 {
		return errors.New("circuit: empty image")
	}
	if img.StackSize < 2 {
		return fmt.Errorf("circuit: stack size %d too small", img.StackSize)
	}
	if img.hasGrow() && len(img.Memory)%PageWords != 0 {
		return fmt.Errorf("circuit: memory.grow with an initial memory of %d words, not whole pages", len(img.Memory))
	}
	for pc, in := range img.Code {
		if in.Class == ClassTrap {
			continue
		}
		if !in.Class.executable() {
			return fmt.Errorf("circuit: pc %d (%s): %w: class %d", pc, in.Source, ErrUnsupported, in.Class)
		}
		if in.Class == ClassMemGrow && (in.Imm > 65536 || in.Flags() != 0 || in.Imm2 != 0 || in.Imm3 != 0) {
			return fmt.Errorf("circuit: pc %d (%s): memory.grow with maximum %d pages or flags", pc, in.Source, in.Imm)
		}
		if in.Class == ClassNop && in.Flags() != 0 {
			return fmt.Errorf("circuit: pc %d (%s): nop with flags (the tail row of a store)", pc, in.Source)
		}
		if in.Class == ClassGlobalGet && in.Imm == MemSizeIndex {
			if !img.hasGrow() {
				return fmt.Errorf("circuit: pc %d (%s): memory.size token without memory.grow", pc, in.Source)
			}
			continue
		}
		switch in.Class {
		case ClassBr, ClassBrIf, ClassCall:
			if in.Imm >= uint64(len(img.Code)) {
				return fmt.Errorf("circuit: pc %d (%s): jump target %d outside the code", pc, in.Source, in.Imm)
			}
		case ClassLocalGet, ClassLocalSet, ClassLocalTee, ClassGlobalGet, ClassGlobalSet:
			if in.Imm >= 1<<20 {
				return fmt.Errorf("circuit: pc %d (%s): index %d too large", pc, in.Source, in.Imm)
			}
		}
		if in.Class == ClassShiftK || in.Class == ClassShrSK {
			want := ShiftK(in.W64, in.F1, in.F2, in.Imm3)
			if in.Class == ClassShrSK {
				want = ShiftK(in.W64, true, false, in.Imm3)
				if in.F1 || in.F2 {
					return fmt.Errorf("circuit: pc %d (%s): shr_s with flags", pc, in.Source)
				}
			}
			if want.Imm != in.Imm || want.Imm2 != in.Imm2 {
				return fmt.Errorf("circuit: pc %d (%s): shift power %d does not match the count %d", pc, in.Source, in.Imm, in.Imm3)
			}
		}
		if in.Class == ClassBitCount && in.F1 && in.F2 {
			return fmt.Errorf("circuit: pc %d (%s): bit count with both flags", pc, in.Source)
		}
		if (in.Class == ClassShift32 || in.Class == ClassShift64) && (in.Imm2 > 1 || in.Imm2 == 1 && (!in.F1 || in.F2)) {
			return fmt.Errorf("circuit: pc %d (%s): i32 shift with imm2 = %d (1 only on shr)", pc, in.Source, in.Imm2)
		}
		if !in.W64 && in.Class == ClassConst && in.Imm>>32 != 0 {
			return fmt.Errorf("circuit: pc %d (%s): i32 constant %#x has high bits", pc, in.Source, in.Imm)
		}
	}
	return nil
}

func (img *Image) brEntry(site, k int) (BrEntry, bool) {
	for _, e := range img.BrTable {
		if e.Site == site && e.K == k {
			return e, true
		}
	}
	return BrEntry{}, false
}

// ltsLimbs gives the H limbs holding A's and T's limbs (low to high) in an i32 signed
// comparison row with nh limbs per 32 bits: the top limbs sit at nh and nh+1, paired with
// the sign-bit constants in L.
func ltsLimbs(nh int) (a, t []int) {
	for i := 0; i < nh-1; i++ {
		a = append(a, i)
	}
	a = append(a, nh)
	t = append(t, nh-1)
	for i := nh + 2; i < 2*nh; i++ {
		t = append(t, i)
	}
	t = append(t, nh+1)
	return a, t
}
