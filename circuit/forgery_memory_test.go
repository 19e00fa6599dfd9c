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

	"github.com/zkwasm/zkwasm/plonkish"
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
	{"wide", memWideParams, []Class{ClassShrSK, ClassDivS32, ClassLtS64, ClassShift64, ClassDivU64}, [][]Instr{
		{I32Const(0), I32Const(2), ShrSK(false, 2), Drop()},
		{I32Const(0), I32Const(3), I32DivS(), Drop()},
		{I64Const(0), I64Const(3), I64LtS(), Drop()},
		{I64Const(0), I64Const(3), I64Shl(), Drop()},
		{I64Const(0), I64Const(3), I64DivU(), Drop()},
	}},
}

// memWideParams size the circuits of programs with the Y bytes (8-bit limbs, so a 2^16-row
// AND table).
var memWideParams = Params{K: 17, LimbBits: 8}

func memMain(t testing.TB, mem []uint64, ops ...[]Instr) *Image {
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
		img := func(t testing.TB) *Image {
			if ai.params == memWideParams && testing.Short() {
				t.Skip("a k = 17 circuit (2 to 4 s per forgery): skipped in -short")
			}
			return memMain(t, []uint64{0}, ai.ops...)
		}
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

// memWord is the initial word of the load/store images: its byte 0 (0x81) is negative
// for i32.load8_s. In lsImage, words 1 and 2 are equal (so that an access can be moved
// from one to the other and read the same word) and word 3 is 0.
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
	b.Emit(I32Const(0), Load(1, 0, true), Drop())                                               // i64.load8_u
	b.Emit(I32Const(8), Load(4, 4, false), Drop())                                              // i32.load offset=4 (word 1, o = 4)
	b.Emit(I32Const(0), Load(4, 0, false), Drop())                                              // i32.load (o = 0)
	b.Emit(I32Const(7), I32Const(8), I32Const(0x0a0b0c0d), Store(4, 4, false), Nop())           // i32.store word 1 offset 4
	b.Emit(I32Const(24), I64Const(0x1122), Store(2, 0, true), Drop())                           // i64.store16 word 3
	b.Return(0)
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// memWordAddr is the memory-bus address of the word at byte address ea.
func memWordAddr(ea uint64) uint64 { return MemBase + ea/8 }

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
			return atClassStep(ClassLoad, 3, moveSlot2(t, img, memWordAddr(16)))
		}},
	// A load that writes back the word + 1.
	forgery{name: "slot2 of load writes another value", targets: []string{"gate memory slots/slot2 load value"}, image: lsImage,
		fault: atClassStep(ClassLoad, 0, bumpSlot(1))},
	// The i32.store to word 1 writes word 2 instead (both held the same word).
	forgery{name: "slot2 of store moved", targets: []string{"gate memory slots/slot2 store address"}, image: lsImage,
		faultFor: func(t testing.TB, img *Image) func(int, *Row, *faultState) {
			return atClassStep(ClassStore, 0, moveSlot2(t, img, memWordAddr(16)))
		}},
	forgery{name: "slot2 of store writes another value", targets: []string{"gate memory slots/slot2 store value"}, image: lsImage,
		fault: atClassStep(ClassStore, 0, bumpSlot(1))},
)

// storeWord is old with the w bytes at offset o replaced by v's low bytes.
func storeWord(old, v, o, w uint64) uint64 {
	m := uint64(1)<<(8*w) - 1
	if w == 8 {
		m = ^uint64(0)
	}
	return old&^(m<<(8*o)) | (v&m)<<(8*o)
}

// rewrite makes the row's slot 2 write v instead (and the memory hold it).
func rewrite(r *Row, s *faultState, v uint64) {
	r.Slot[1].Write = v
	s.Mem[r.Slot[1].Addr].val = v
}

// loaded makes a load push v (its L bytes and T').
func loaded(r *Row, s *faultState, v uint64) { r.L, s.T = v, v }

// loadImage is a program of one load of the class's flags (possibly a shape no
// constructor makes) at byte address ea, then a drop; storeImage stores v the same way.
func loadImage(in Instr, ea uint32) func(testing.TB) *Image {
	return func(t testing.TB) *Image {
		return memMain(t, []uint64{memWord}, []Instr{I32Const(ea), in, Drop()})
	}
}

func storeImage(in Instr, ea uint32, v uint32) func(testing.TB) *Image {
	return func(t testing.TB) *Image {
		return memMain(t, []uint64{memWord}, []Instr{I32Const(ea), I32Const(v), in})
	}
}

// withCode returns a run image: the circuit's image with the instruction of class k
// replaced by in (the fixed columns stay the original's).
func withCode(k Class, in Instr) func(testing.TB, *Image) *Image {
	return func(t testing.TB, img *Image) *Image {
		img2 := *img
		img2.Code = append([]Instr{}, img.Code...)
		pc := findClass(img, k)
		if pc < 0 {
			t.Fatalf("no %s instruction", k)
		}
		img2.Code[pc] = in
		return &img2
	}
}

// zeroOffset clears the offset bit o of the skip-th row of class k.
func zeroOffset(k Class, skip int, o uint64) func(testing.TB, *Circuit, *Execution, *plonkish.Witness) {
	return func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
		r := nthRow(t, ex, k, skip, nil)
		if ex.Rows[r].O != o {
			t.Fatalf("row %d: offset %d, want %d", r, ex.Rows[r].O, o)
		}
		w.Advice[c.cols.o[o].Index][r].SetZero()
	}
}

var _ = registerForgeries(
	// The first i64.load pushes the word + 1.
	forgery{name: "load pushes another value", targets: []string{"gate transition/load: T' = loaded bytes"}, image: lsImage,
		fault: atClass(ClassLoad, 0, func(r *Row, s *faultState) { s.T++ }), prove: true},
	// The first i64.load reads its bytes from a word with byte 0 changed (H ≠ B).
	forgery{name: "load of another word", targets: []string{"gate transition/load: word = H bytes"}, image: lsImage,
		fault: atClass(ClassLoad, 0, func(r *Row, s *faultState) { r.H2 ^= 0xff; loaded(r, s, r.H2) }), prove: true},
	// The i32.store writes back a word whose untouched byte 0 differs from memory's.
	forgery{name: "store over another word", targets: []string{"gate transition/store: word = H bytes"}, image: lsImage,
		fault: atClass(ClassStore, 0, func(r *Row, s *faultState) { r.H2 ^= 0xff; rewrite(r, s, r.Slot[1].Write^0xff) }), prove: true},
	// The i32.store writes 0x0a0b0c0c (its L bytes) for the value 0x0a0b0c0d.
	forgery{name: "store of another value", targets: []string{"gate transition/store: value = L bytes"}, image: lsImage,
		fault: atClass(ClassStore, 0, func(r *Row, s *faultState) {
			r.L = r.T ^ 1
			rewrite(r, s, storeWord(r.B, r.L, r.O, 4))
		}), prove: true},
	// The i32.load at 0 with no offset bit set: its bytes are all 0.
	forgery{name: "load without an offset", targets: []string{"gate transition/load: one offset"}, image: lsImage,
		fault: atClass(ClassLoad, 4, func(r *Row, s *faultState) { loaded(r, s, 0) }),
		cells: zeroOffset(ClassLoad, 4, 0)},
	// The i64.store16 with no offset bit set: it writes the old word back.
	forgery{name: "store without an offset", targets: []string{"gate transition/store: one offset"}, image: lsImage,
		fault: atClass(ClassStore, 1, func(r *Row, s *faultState) { rewrite(r, s, r.B) }),
		cells: zeroOffset(ClassStore, 1, 0)},
	// i32.load at 5 (crossing into the next word): bytes 5, 6, 7 of word 0 and 0, not the next word's byte 0 (the
	// machine refuses it; the run executes an i32.load8_u there, turned back into the
	// i32.load).
	forgery{name: "load across words", targets: []string{"gate transition/load: crossing: second word", "gate transition/load: crossing flag"}, image: loadImage(Load(4, 0, false), 5),
		runImage: withCode(ClassLoad, Load(1, 0, false)),
		fault: atClass(ClassLoad, 0, func(r *Row, s *faultState) {
			r.F1, r.F2 = true, true
			loaded(r, s, r.B>>40)
		})},
	// i32.store at 5: only three bytes of the value are written.
	forgery{name: "store across words", targets: []string{"gate transition/store: crossing flag"}, image: storeImage(Store(4, 0, false), 5, 0x0a0b0c0d),
		runImage: withCode(ClassStore, Store(1, 0, false)),
		fault: atClass(ClassStore, 0, func(r *Row, s *faultState) {
			r.F1, r.F2 = true, true
			rewrite(r, s, storeWord(r.B, r.L, 5, 3))
		})},
	// An image load with F2 but not F1 (4 bytes by the machine's Width): byte 1 is 0.
	forgery{name: "load with widths F2 without F1", targets: []string{"gate transition/load: width flags cumulative"}, image: loadImage(Instr{Class: ClassLoad, F2: true}, 0),
		fault: atClass(ClassLoad, 0, func(r *Row, s *faultState) { loaded(r, s, r.L&^0xff00) })},
	// A store with F2 but not F1: byte 1 of the word is kept.
	forgery{name: "store with widths F2 without F1", targets: []string{"gate transition/store: width flags cumulative"}, image: storeImage(Instr{Class: ClassStore, F2: true}, 0, 0x0a0b0c0d),
		fault: atClass(ClassStore, 0, func(r *Row, s *faultState) {
			rewrite(r, s, r.Slot[1].Write&^0xff00|r.B&0xff00)
		})},
	// The same with F3 (8 bytes) but not F2: bytes 2 and 3 are 0, or kept.
	forgery{name: "load with widths F3 without F2", targets: []string{"gate transition/load: width flags cumulative"}, image: loadImage(Instr{Class: ClassLoad, W64: true, F1: true, F3: true}, 0),
		fault: atClass(ClassLoad, 0, func(r *Row, s *faultState) { loaded(r, s, r.L&^0xffff0000) })},
	forgery{name: "store with widths F3 without F2", targets: []string{"gate transition/store: width flags cumulative"}, image: storeImage(Instr{Class: ClassStore, W64: true, F1: true, F3: true}, 0, 0x0a0b0c0d),
		fault: atClass(ClassStore, 0, func(r *Row, s *faultState) {
			rewrite(r, s, r.Slot[1].Write&^0xffff0000|r.B&0xffff0000)
		})},
	// pc: the first load and the first store skip the nop after them.
	forgery{name: "load: pc", targets: []string{"gate transition/load: pc"}, image: lsImage,
		fault: atClass(ClassLoad, 0, func(r *Row, s *faultState) { s.Next = r.PC + 2 })},
	forgery{name: "store: pc", targets: []string{"gate transition/store: pc"}, image: lsImage,
		fault: atClass(ClassStore, 0, func(r *Row, s *faultState) { s.Next = r.PC + 2 })},
)

// The other state rules of loads and stores: the state shifted after the first row of
// the class and back after the second (only pushes run in between).
var _ = func() bool {
	for _, k := range []Class{ClassLoad, ClassStore} {
		for _, f := range []struct {
			name string
			get  func(*faultState) *uint64
		}{{"h", fH}, {"fp", fFP}, {"cid", fCID}} {
			registerForgeries(forgery{name: fmt.Sprintf("%s: %s", k, f.name), targets: []string{fmt.Sprintf("gate transition/%s: %s", k, f.name)},
				image: lsImage, fault: shiftAndBack(k, 0, f.get, 1)})
		}
	}
	return true
}()

// Byte rules of loads: the first i64.load pushes a value whose byte j differs from the
// word's; the i64.load8_u pushes a value with byte j ≠ 0.
var _ = func() bool {
	for j := 0; j < 8; j++ {
		j := j
		registerForgeries(forgery{name: fmt.Sprintf("load byte %d not the word's", j), targets: []string{fmt.Sprintf("gate transition/load: byte %d selected", j)},
			image: lsImage, fault: atClass(ClassLoad, 0, func(r *Row, s *faultState) { loaded(r, s, r.L^1<<(8*j)) })})
		if j > 0 {
			registerForgeries(forgery{name: fmt.Sprintf("load8 with byte %d", j), targets: []string{fmt.Sprintf("gate transition/load: byte %d above the width", j)},
				image: lsImage, fault: atClass(ClassLoad, 2, func(r *Row, s *faultState) { loaded(r, s, r.L|1<<(8*j)) })})
		}
	}
	return true
}()

// signedImage has an i32.load8_s of a negative byte (0x81).
func signedImage(t testing.TB) *Image {
	return memMain(t, []uint64{memWord}, []Instr{I32Const(0), LoadS(1, 0, false), Drop()})
}

var _ = registerForgeries(
	forgery{name: "signed load pushes another value", targets: []string{"gate transition/load: T' = loaded bytes, sign-extended"}, image: signedImage, params: memWideParams,
		fault: atClass(ClassLoad, 0, func(r *Row, s *faultState) { s.T++ })},
	// i32.load8_s of 0x81 pushes 0x81 (not sign-extended): sign bit 0.
	forgery{name: "signed load of a negative byte without its sign", targets: []string{"lookup signed load sign"}, image: signedImage, params: memWideParams,
		faultFor: func(t testing.TB, img *Image) func(int, *Row, *faultState) {
			return atClass(ClassLoad, 0, func(r *Row, s *faultState) {
				if !r.SG {
					t.Fatal("the signed load's byte is not negative")
				}
				r.SG, s.T = false, r.L
			})
		}},
)

// boundaryOf returns the index of the boundary row of address x.
func boundaryOf(t testing.TB, ex *Execution, x uint64) int {
	for i := ex.Steps; i < len(ex.Rows); i++ {
		if ex.Rows[i].Class == ClassBoundary && ex.Rows[i].T == x {
			return i
		}
	}
	t.Fatalf("no boundary row for address %d", x)
	return -1
}

// futureRead returns a rows hook that makes the first row of class k whose slot (1, 2, or
// 3: a store's refill) has a later access to its address consume the token of the
// address's last access (a token from the future) instead of its own; the boundary row's
// final token takes the token the row consumed. The bus stays balanced and the values
// hold (slot 1 of a const and slot 2 of a local.set read values no rule uses; slot 3's
// value is T', so the last access must have written the same value): only the slot's
// order lookup fails.
func futureRead(k Class, slot int) func(testing.TB, *Execution) {
	return func(t testing.TB, ex *Execution) {
		for i := range ex.Rows[:ex.Steps] {
			r := &ex.Rows[i]
			if r.Class != k {
				continue
			}
			var x uint64
			var val, pts *uint64
			switch slot {
			case 1:
				x, val, pts = r.Slot[0].Addr, &r.A, &r.PTS1
			case 2:
				x, val, pts = r.Slot[1].Addr, &r.B, &r.PTS2
			case 3:
				x, pts = r.H-3, &r.PTS3
			}
			b := &ex.Rows[boundaryOf(t, ex, x)]
			now := uint64(i) + 1
			if b.PTS1 <= now || slot == 3 && b.B != ex.Rows[i+1].T {
				continue
			}
			*pts, b.PTS1 = b.PTS1, *pts
			if val != nil {
				*val, b.B = b.B, *val
			}
			return
		}
		t.Fatalf("no %s row whose slot %d address is accessed later", k, slot)
	}
}

var _ = registerForgeries(
	forgery{name: "const reads a later token", targets: []string{"lookup slot1 order"}, image: lsImage, rows: futureRead(ClassConst, 1), prove: true},
	forgery{name: "local.set reads a later token", targets: []string{"lookup slot2 order"}, image: ctlImage, inputs: ctlInputs, rows: futureRead(ClassLocalSet, 2), prove: true},
	forgery{name: "store refill reads a later token", targets: []string{"lookup slot3 order"}, image: lsImage, rows: futureRead(ClassStore, 3)},
	// A const that reads its stack address as never written (its initial token again, 0):
	// a second boundary row for that address (the same address twice) produces that
	// initial token and consumes the token the const read honestly.
	forgery{name: "an address reset to its initial value", targets: []string{"gate transition/boundary: increasing address"}, image: lsImage,
		rows: func(t testing.TB, ex *Execution) {
			i := nthRow(t, ex, ClassConst, 0, func(r Row) bool { return r.A != 0 && r.PTS1 != 0 })
			r := &ex.Rows[i]
			x := r.Slot[0].Addr
			j := boundaryOf(t, ex, x)
			if ex.Rows[j].A != 0 {
				t.Fatalf("address %d starts at %d", x, ex.Rows[j].A)
			}
			dup := Row{Class: ClassBoundary, T: x, A: 0, B: r.A, PTS1: r.PTS1, PTS2: uint64(j), PTS3: uint64(j), PC: x} // fetches x's initial row
			r.A, r.PTS1 = 0, 0
			insertRow(ex, j, dup)
		}, prove: true},
)
