package circuit

// Consistent forgeries of the memory constraints (see forgery_framework_test.go): the
// memory-slot address and value rules of the ALU classes and of loads and stores, the
// token-order lookups, the boundary rows' increasing addresses, and the load and store
// transitions (loaded bytes, offset one-hot, alignment, width flags, the written word,
// the sign of signed loads). Each breaks exactly one rule and keeps the rest of the
// execution coherent (the memory bus balanced).

import (
	"fmt"
	"testing"
)

// aluImages are programs that run every class whose slot 1 pops the second operand A
// (at h − 2, written back unchanged), each once with A = 0, so that moving the slot to an
// untouched stack address (which reads 0) keeps A. They are split by the circuit they
// need: no AND table (8-bit limbs, k = 11: add, mul, eq, lt_u, div_u, shifts by
// constants, a store with base address 0), the AND table of 4-bit limbs (and, shl,
// lt_s), and the Y bytes (8-bit limbs, k = 17: shr_s by a constant, div_s, i64 lt_s, shl,
// div_u).
var aluImages = []struct {
	name    string
	params  Params
	classes []Class
	ops     [][]Instr
}{
	{"plain", testParams, []Class{ClassAddSub, ClassMul, ClassEq, ClassLtU, ClassDivU32, ClassShiftK, ClassStore}, [][]Instr{
		{I32Const(0), I32Const(3), IAdd(false), Drop()},
		{I32Const(0), I32Const(3), IMul(false), Drop()},
		{I32Const(0), I32Const(3), IEq(false), Drop()},
		{I32Const(0), I32Const(3), ILtU(false), Drop()},
		{I32Const(0), I32Const(3), I32DivU(), Drop()},
		{I32Const(0), I32Const(2), ShiftK(false, false, false, 2), Drop()},
		{I32Const(0), I32Const(5), Store(4, 0, false)},
	}},
	{"bitwise", Params{K: 11, LimbBits: 4}, []Class{ClassBitwise, ClassShift32, ClassLtS32}, [][]Instr{
		{I32Const(0), I32Const(3), IAnd(false), Drop()},
		{I32Const(0), I32Const(3), I32Shl(), Drop()},
		{I32Const(0), I32Const(3), I32LtS(), Drop()},
	}},
	{"wide", wideParams, []Class{ClassShrSK, ClassDivS32, ClassLtS64, ClassShift64, ClassDivU64}, [][]Instr{
		{I32Const(0), I32Const(2), ShrSK(false, 2), Drop()},
		{I32Const(0), I32Const(3), I32DivS(), Drop()},
		{I64Const(0), I64Const(3), I64LtS(), Drop()},
		{I64Const(0), I64Const(3), I64Shl(), Drop()},
		{I64Const(0), I64Const(3), I64DivU(), Drop()},
	}},
}

// wideParams size the circuits of programs with the Y bytes (8-bit limbs, so a 2^16-row
// AND table).
var wideParams = Params{K: 17, LimbBits: 8}

func buildMain(t testing.TB, mem []uint64, ops ...[]Instr) *Image {
	b := NewBuilder("main", 64)
	if mem != nil {
		b.Memory(mem)
	}
	b.Func("main", 0, 0)
	for _, o := range ops {
		b.Emit(o...)
	}
	b.Return(0)
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return img
}

var _ = func() bool {
	for _, ai := range aluImages {
		ai := ai
		img := func(t testing.TB) *Image { return buildMain(t, []uint64{0}, ai.ops...) }
		for _, k := range ai.classes {
			id := fmt.Sprintf("gate memory slots/slot1 %s ", k)
			registerForgeries(
				// A read from (and written back to) the untouched address 30, which holds 0 = A.
				forgery{name: fmt.Sprintf("slot1 of %s moved", k), targets: []string{id + "address"}, image: img, params: ai.params,
					fault: atClassStep(k, 0, moveSlot(0, 30, true, false))},
				// A + 1 written back (only the next push reads that address, and ignores it).
				forgery{name: fmt.Sprintf("slot1 of %s writes another value", k), targets: []string{id + "value"}, image: img, params: ai.params,
					fault: atClassStep(k, 0, bumpSlot(0))},
			)
		}
	}
	return true
}()

// Memory words of the load/store images: word 0 has a negative byte at every offset
// that a signed load reads, words 1 and 2 are equal (so that an access can be moved
// from one to the other and read the same word), word 3 is 0.
const memWord = 0x8877665544832281

// lsImage exercises loads and stores: unsigned loads of several widths and offsets, stores,
// each class at least twice in one frame with a nop after the first (for the per-class
// state rules). The first store writes 0x0a0b0c0d to word 1 at offset 4 (i32), over a
// word equal to word 2.
func lsImage(t testing.TB) *Image {
	b := NewBuilder("main", 64)
	b.Memory([]uint64{memWord, memWord, memWord, 0})
	b.Func("main", 0, 0)
	b.Emit(I32Const(0), Load(8, 0, true), Nop(), I32Const(0), Load(8, 0, true), Drop(), Drop()) // i64.load ×2
	b.Emit(I32Const(0), Load(1, 0, true), Drop())                                                // i64.load8_u
	b.Emit(I32Const(8), Load(4, 4, false), Drop())                                               // i32.load offset=4 (word 1, o = 4)
	b.Emit(I32Const(0), Load(4, 0, false), Drop())                                               // i32.load (o = 0)
	b.Emit(I32Const(7), I32Const(8), I32Const(0x0a0b0c0d), Store(4, 4, false), Nop())            // i32.store word 1 offset 4
	b.Emit(I32Const(0), I64Const(0x1122), Store(2, 0, true), Drop())                             // i64.store16 word 3
	b.Return(0)
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// wordAddr is the memory-bus address of the word at byte address ea.
func wordAddr(ea uint64) uint64 { return MemBase + ea/8 }

// moveSlot2 moves slot 2 of the row to the address x, which must hold the value the row
// read (the original address gets its old token back; x's token is consumed and x gets
// what the row wrote).
func moveSlot2(t testing.TB, img *Image, x uint64) func(step int, r *Row, s *faultState) {
	return func(step int, r *Row, s *faultState) {
		y := r.Slot[1].Addr
		s.Mem[y].val, s.Mem[y].ts = r.B, r.PTS2
		c := s.Mem[x]
		if c == nil {
			c = &memCell{val: img.Memory[x-MemBase]}
			s.Mem[x] = c
		}
		if c.val != r.B {
			t.Fatalf("moveSlot2: address %#x holds %#x, the row read %#x", x, c.val, r.B)
		}
		r.PTS2, r.Slot[1].Addr = c.ts, x
		c.val, c.ts = r.Slot[1].Write, uint64(step)+1
	}
}

var _ = registerForgeries(
	// The i32.load at word 1 reads word 2 instead (the same word).
	forgery{name: "slot2 of load moved", targets: []string{"gate memory slots/slot2 load address"}, image: lsImage,
		faultFor: func(t testing.TB, img *Image) func(int, *Row, *faultState) {
			return atClassStep(ClassLoad, 3, moveSlot2(t, img, wordAddr(16)))
		}},
	// A load that writes back the word + 1.
	forgery{name: "slot2 of load writes another value", targets: []string{"gate memory slots/slot2 load value"}, image: lsImage,
		fault: atClassStep(ClassLoad, 0, bumpSlot(1))},
	// The i32.store to word 1 writes word 2 instead (both held the same word).
	forgery{name: "slot2 of store moved", targets: []string{"gate memory slots/slot2 store address"}, image: lsImage,
		faultFor: func(t testing.TB, img *Image) func(int, *Row, *faultState) {
			return atClassStep(ClassStore, 0, moveSlot2(t, img, wordAddr(16)))
		}},
	forgery{name: "slot2 of store writes another value", targets: []string{"gate memory slots/slot2 store value"}, image: lsImage,
		fault: atClassStep(ClassStore, 0, bumpSlot(1))},
)

