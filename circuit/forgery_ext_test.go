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
		ds("7 / 2 = 4", "T'", d72, forgery{rows: dsRow(func(r *Row) uint64 { return 4 })}),
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
	// 100 rem 7 = 9 (q = 13) with the bound |T| − |r| − 1 = −3 held by the W cells as the
	// field element −3: bytes of 2^(8j) − 3 below W_j = −1 (no byte), 0 above.
	for j := 0; j < 8; j++ {
		j := j
		registerForgeries(forgery{name: fmt.Sprintf("ds64/100 rem 7 = 9 with W%d no byte", j), targets: []string{fmt.Sprintf("lookup W%d byte", j)},
			image: dsImage(100, 7, I64RemS()), params: dsParams,
			rows: dsRow(func(r *Row) uint64 {
				r.V, r.L, r.W = 13, 9, 0
				setMag(r, 9, false)
				return 9
			}),
			cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
				r := rowIndex(t, ex, ClassDivS64, 0)
				low := uint64(1)<<(8*j) - 3
				if j == 0 {
					low = 0
				}
				for i, col := range c.cols.w {
					switch {
					case i < j:
						w.Advice[col.Index][r].SetUint64(low >> (8 * i) & 0xff)
					case i == j && j == 0:
						w.Advice[col.Index][r].SetInt64(-3)
					case i == j:
						w.Advice[col.Index][r].SetInt64(-1)
					}
				}
			}})
	}
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

// ---- memory.grow ----

// grImage grows by 1 page, fails to grow by 5 (maximum 3 pages) and grows by 1 page
// again, dropping each result, in one frame and without initial memory.
func grImage(t testing.TB) *Image {
	return mainImage(t, nil, 0, I32Const(1), MemGrow(3), Drop(), I32Const(5), MemGrow(3), Drop(), I32Const(1), MemGrow(3), Drop())
}

// gwImage grows twice by 1 page from no memory (to 8192 and 16384 words) and stores to
// word 8192 (the second page, allocated by the second grow).
func gwImage(t testing.TB) *Image {
	return mainImage(t, nil, 0, I32Const(1), MemGrow(3), Drop(), I32Const(1), MemGrow(3), Drop(),
		I32Const(65536), I64Const(9), Store(8, 0, true))
}

// giParams fit an initial memory of one page (8192 image rows).
var giParams = Params{K: 14, LimbBits: 8}

// giImage has one page of initial memory (word 0 = 0x55), grows by 1 page, then loads
// word 0.
func giImage(t testing.TB) *Image {
	if testing.Short() {
		t.Skip("a page of initial memory needs k = 14: skipped in -short")
	}
	mem := make([]uint64, PageWords)
	mem[0] = 0x55
	return mainImage(t, mem, 0, I32Const(1), MemGrow(3), Drop(), I32Const(0), Load(8, 0, true), Drop())
}

// boundaryIndex returns the index of the boundary row of address addr.
func boundaryIndex(t testing.TB, ex *Execution, addr uint64) int {
	t.Helper()
	for r := ex.Steps; r < len(ex.Rows); r++ {
		if ex.Rows[r].T == addr {
			return r
		}
	}
	t.Fatalf("no boundary row of address %#x", addr)
	return -1
}

// citeGrow makes the grown word's initial token cite the growth (ts, pages): its boundary
// row and the first access to the word (by slot 2), with the distances to the bounds in
// H0..H3 and H4..H7 (the upper one wrapped to 32 bits).
func citeGrow(t testing.TB, ex *Execution, word, ts, pages uint64) {
	br := boundaryIndex(t, ex, MemBase+word)
	for r, row := range ex.Rows[:ex.Steps] {
		if row.Slot[1].On && row.Slot[1].Addr == MemBase+word {
			ex.Rows[r].PTS2 = ts
			ex.Rows[br].PTS2, ex.Rows[br].Slot[0].Addr = ts, pages
			ex.Rows[br].H2 = (word-ex.Rows[br].Imm3)&(1<<32-1) | ((pages*PageWords-1-word)&(1<<32-1))<<32
			return
		}
	}
	t.Fatalf("no access to word %d", word)
}

var _ = func() bool {
	faClassRules("grow", grImage, Inputs{}, Params{}, ClassMemGrow, 0, faStateFields...)
	gr := func(name, target string, f forgery) forgery {
		f.name, f.targets, f.image = "grow/"+name, []string{target}, grImage
		return f
	}
	registerForgeries(
		gr("grow(1) returns 5", faTr+"memory.grow: T", forgery{
			fault: atClass(ClassMemGrow, 0, func(r *Row, s *faultState) { s.T = 5 }), prove: true}),
		// grow(5) past the maximum claimed successful: the size becomes 6 pages, the result
		// the old size; L keeps old + d − max − 1 (bytes).
		gr("failed grow(5) claimed successful", faTr+"memory.grow: bound", forgery{
			fault: atClass(ClassMemGrow, 1, func(r *Row, s *faultState) {
				r.C, r.Slot[1].Write, s.T = true, r.B+5, r.B
				s.Mem[MemSizeAddr].val = r.B + 5
			})}),
		// The first grow reads the size token (0) from the untouched stack address 30 and
		// writes the new size there: the size stays 0 pages.
		gr("grow's size token moved", "gate memory slots/slot2 memory.grow address", forgery{
			fault: atClassStep(ClassMemGrow, 0, moveSlot(1, 30, false, false))}),
		gr("grow(1) writes the size + 2", "gate memory slots/slot2 memory.grow value", forgery{
			fault: atClassStep(ClassMemGrow, 0, bumpSlot(1))}),
	)
	registerForgeries(
		// Word 0 of the initial memory (0x55) re-initialized to 0 by the first grow, as if
		// grown: the load reads 0.
		forgery{name: "grow/an initial word claimed grown", targets: []string{faTr + "boundary: grown word: above the initial memory"},
			image: giImage, params: giParams,
			fault: atClassStep(ClassMemGrow, 0, func(step int, r *Row, s *faultState) {
				ts := uint64(step) + 1
				if s.Mem[MemBase] != nil {
					panic("word 0 accessed before the grow")
				}
				s.Mem[MemBase] = &memCell{ts: ts, grown: true, its: ts, gpages: r.Slot[1].Write}
			}),
			rows: func(t testing.TB, ex *Execution) {
				br := boundaryIndex(t, ex, MemBase)
				ex.Rows[br].A = 0                        // the initial token of a grown word
				ex.Rows[br].H2 = (2*PageWords - 1) << 32 // word − initial words = −1: no 32-bit value
				if ex.Rows[rowIndex(t, ex, ClassLoad, 0)].B != 0 {
					t.Fatal("the load does not read the forged 0")
				}
			}},
		// Word 8192 (allocated by the second grow, to 2 pages) cites the first (to 1 page).
		forgery{name: "grow/a grown word cites an earlier grow", targets: []string{faTr + "boundary: grown word: below the size"}, image: gwImage,
			rows: func(t testing.TB, ex *Execution) {
				citeGrow(t, ex, PageWords, uint64(rowIndex(t, ex, ClassMemGrow, 0))+1, 1)
			}},
		// Word 8192 cites a growth at the time before the second grow, which is no grow row.
		forgery{name: "grow/a grown word cites no grow", targets: []string{"lookup grown word allocation"}, image: gwImage,
			rows: func(t testing.TB, ex *Execution) {
				citeGrow(t, ex, PageWords, uint64(rowIndex(t, ex, ClassMemGrow, 1)), 2)
			}},
	)
	return true
}()

// ---- loads across words ----

// clMem: words 1 and 3 are equal (a slot moved from one to the other reads the same).
var clMem = []uint64{0x0706050403020100, 0x0f0e0d0c0b0a0908, 0, 0x0f0e0d0c0b0a0908}

// clImage is an i32.load of bytes 5..8 (o = 5: bytes 5, 6, 7 of word 0, byte 0 of word 1).
func clImage(t testing.TB) *Image {
	return mainImage(t, clMem, 0, I32Const(5), Load(4, 0, false), Drop())
}

// moveMemSlot moves slot i of the row to the memory address x, which must hold the value
// the row read (the original address gets its old token back; x's token is consumed and
// x gets what the row wrote).
func moveMemSlot(t testing.TB, img *Image, i int, x uint64) func(step int, r *Row, s *faultState) {
	return func(step int, r *Row, s *faultState) {
		val, pts, use := slotOf(r, i)
		y := use.Addr
		s.Mem[y].val, s.Mem[y].ts = *val, *pts
		c := s.Mem[x]
		if c == nil {
			c = &memCell{val: img.Memory[x-MemBase]}
			s.Mem[x] = c
		}
		if c.val != *val {
			t.Fatalf("moveMemSlot: address %#x holds %#x, the row read %#x", x, c.val, *val)
		}
		*pts, use.Addr = c.ts, x
		c.val, c.ts = use.Write, uint64(step)+1
	}
}

func setByte(v uint64, j int, b uint64) uint64 { return v&^(0xff<<(8*j)) | b<<(8*j) }

var _ = func() bool {
	cl := func(name, target string, f forgery) forgery {
		f.name, f.targets, f.image = "crossing load/"+name, []string{target}, clImage
		return f
	}
	registerForgeries(
		// Loaded byte 0 (byte 5 of word 0) changed: the first word no longer matches.
		cl("a first-word byte", faTr+"load: crossing: first word", forgery{
			fault: atClass(ClassLoad, 0, func(r *Row, s *faultState) { r.L = setByte(r.L, 0, 0x77); s.T = r.L & (1<<32 - 1) })}),
		// Loaded byte 3 (byte 0 of word 1) changed.
		cl("a second-word byte", faTr+"load: crossing: second word", forgery{
			fault: atClass(ClassLoad, 0, func(r *Row, s *faultState) { r.L = setByte(r.L, 3, 0x77); s.T = r.L & (1<<32 - 1) }), prove: true}),
		// The crossing load claimed aligned (x = 0, slot 1 off): the byte of word 1 is read
		// as 0 (bytes 5, 6, 7 of word 0 only); A (read by no slot) is what the crossing
		// rule for the second word says of these cells.
		cl("claimed within its word", faTr+"load: crossing flag", forgery{
			fault: atClassStep(ClassLoad, 0, func(step int, r *Row, s *faultState) {
				c := s.Mem[r.Slot[0].Addr]
				c.val, c.ts = r.A, r.PTS1
				r.C, r.Slot[0], r.PTS1, r.HX, r.H2 = false, SlotUse{}, uint64(step), nil, r.B
				r.L = r.B >> 40
				r.A = (r.L>>24)&0xff | (r.B>>40)<<8
				s.T = r.L
			})}),
		// Slot 1 reads (and writes back) word 3, equal to word 1.
		forgery{name: "crossing load/second word from elsewhere", targets: []string{"gate memory slots/slot1 load address"}, image: clImage,
			faultFor: func(t testing.TB, img *Image) func(int, *Row, *faultState) {
				return atClassStep(ClassLoad, 0, moveMemSlot(t, img, 0, memWordAddr(24)))
			}},
		cl("second word written back + 1", "gate memory slots/slot1 load value", forgery{
			fault: atClassStep(ClassLoad, 0, bumpSlot(0))}),
	)
	return true
}()

// ---- stores across words: the tail row ----

// tsMem: words 1 and 2 are equal; byte 7 of word 1 is not 0.
var tsMem = []uint64{0x1111111111111111, 0xa0a1a2a3a4a5a6a7, 0xa0a1a2a3a4a5a6a7}

const tsValue = 0x0102030405060708

// tsImage is an i64.store of tsValue at byte o of word 0 (o ≥ 1: the tail writes bytes
// 0..o−1 of word 1).
func tsImage(o uint32) func(testing.TB) *Image {
	return func(t testing.TB) *Image {
		return mainImage(t, tsMem, 0, I32Const(o), I64Const(tsValue), Store(8, 0, true))
	}
}

// atTail calls f on the tail row of the first crossing store.
func atTail(f func(step int, r *Row, s *faultState)) func(int, *Row, *faultState) {
	return func(step int, r *Row, s *faultState) {
		if r != nil && r.Class == ClassNop && r.F1 {
			f(step, r, s)
		}
	}
}

// tailWrite sets what the tail row writes from its cells: byte b is L_b below OPrefix,
// else H_b (the old word's), and keeps the memory in step.
func tailWrite(r *Row, s *faultState) {
	var w uint64
	for b := 0; b < 8; b++ {
		src := r.H2
		if uint64(b) < r.OPrefix {
			src = r.L
		}
		w |= src & (0xff << (8 * b))
	}
	r.Slot[0].Write = w
	s.Mem[r.Slot[0].Addr].val = w
}

var _ = func() bool {
	tail := func(name, target string, o uint32, f func(step int, r *Row, s *faultState)) forgery {
		return forgery{name: "tail/" + name, targets: []string{target}, image: tsImage(o), fault: atTail(f)}
	}
	registerForgeries(
		tail("writes the word + 1", "gate memory slots/slot1 nop value", 7, bumpSlot(0)),
		// The tail's old word (H) with byte 7 changed, which it writes back.
		tail("old byte 7 changed", faTr+"nop: tail: word = H bytes", 7, func(_ int, r *Row, s *faultState) {
			r.H2 ^= 0xff << 56
			tailWrite(r, s)
		}),
		forgery{name: "tail/writes word 2", targets: []string{faTr + "store: crossing: tail address"}, image: tsImage(7),
			faultFor: func(t testing.TB, img *Image) func(int, *Row, *faultState) {
				return atTail(moveMemSlot(t, img, 0, memWordAddr(16)))
			}},
	)
	for bt := 0; bt < 8; bt++ {
		bt := bt
		if bt < 7 {
			// o = 7: the tail writes bytes 0..6 of word 1, one of them changed.
			registerForgeries(tail(fmt.Sprintf("value byte %d changed", bt), fmt.Sprintf("%sstore: crossing: tail value byte %d", faTr, bt), 7,
				func(_ int, r *Row, s *faultState) {
					r.L ^= 0x5a << (8 * bt)
					tailWrite(r, s)
				}))
		}
		// o = bt + 1: the tail's mask is bytes 0..bt; without byte bt it keeps the old one.
		// Byte 7 (never written by a tail): o = 7, the mask 0..7 writes L7 = 0 over it.
		o, prefix := uint32(bt+1), uint64(bt)
		if bt == 7 {
			o, prefix = 7, 8
		}
		registerForgeries(tail(fmt.Sprintf("mask byte %d flipped", bt), fmt.Sprintf("%sstore: crossing: tail mask %d", faTr, bt), o,
			func(_ int, r *Row, s *faultState) {
				r.OPrefix = prefix
				tailWrite(r, s)
			}))
	}
	return true
}()

// ---- tail rows where none belongs ----

// fakeTail returns a hook that, at the row at pc p of the run image (a nop in place of
// the store at p of img), makes the row a tail (the store's flags): it overwrites bytes 0 and
// 1 of memory word 1 with 0x3c (slot 1), what deleting the tail-placement rules would
// allow in place of the store. If prev, the row before it gets C = 1 (so it looks like a
// crossing store to 'tail row after a crossing store').
func fakeTail(t testing.TB, img *Image, p uint64, prev bool) func(int, *Row, *faultState) {
	return func(step int, r *Row, s *faultState) {
		if r == nil {
			return
		}
		if prev && r.PC == p-1 && r.Class != ClassNop {
			r.C = true
		}
		if r.PC != p || r.Class != ClassNop {
			return
		}
		x := memWordAddr(8)
		c := s.Mem[x]
		if c == nil {
			c = &memCell{val: img.Memory[x-MemBase]}
			s.Mem[x] = c
		}
		in := img.Code[p] // the store: the tail row has its flags
		r.W64, r.F1, r.F2, r.F3 = in.W64, in.F1, in.F2, in.F3
		r.A, r.PTS1, r.H2, r.L, r.OPrefix = c.val, c.ts, c.val, 0x3c3c, 2
		r.Slot[0] = SlotUse{On: true, Addr: x}
		tailWrite(r, s)
		c.ts = uint64(step) + 1
	}
}

// asNop returns the image with the store at pc p replaced by a nop (a run image: the
// hook gives the nop's row the store's flags, the class and flags of its tail row, which
// the image has for every store of 2 bytes or more).
func asNop(t testing.TB, img *Image, p int) *Image {
	out := *img
	out.Code = append([]Instr(nil), img.Code...)
	in := img.Code[p]
	if in.Class != ClassStore {
		t.Fatalf("pc %d is %s, not a store", p, in.Class)
	}
	out.Code[p] = Nop()
	return &out
}

var _ = func() bool {
	// A tail row after the const before an i64.store (which it replaces): no store
	// precedes it. The const has C = 1, as a crossing store would.
	afterConst := func(t testing.TB) *Image {
		return mainImage(t, tsMem, 0, I32Const(0), I64Const(tsValue), Store(8, 0, true))
	}
	// A tail row after an aligned i64.store, in place of the next store (at pc + 1).
	afterAligned := func(t testing.TB) *Image {
		return mainImage(t, tsMem, 0, I32Const(16), I64Const(tsValue), I32Const(0), I64Const(tsValue), Store(8, 0, true), Store(8, 0, true))
	}
	registerForgeries(
		forgery{name: "tail/after a const", targets: []string{faTr + "tail row after a store"}, image: afterConst,
			runImage: func(t testing.TB, img *Image) *Image { return asNop(t, img, findClass(img, ClassStore)) },
			faultFor: func(t testing.TB, img *Image) func(int, *Row, *faultState) {
				return fakeTail(t, img, uint64(findClass(img, ClassStore)), true)
			}, prove: true},
		forgery{name: "tail/after an aligned store", targets: []string{faTr + "tail row after a crossing store"}, image: afterAligned,
			runImage: func(t testing.TB, img *Image) *Image { return asNop(t, img, findClass(img, ClassStore)+1) },
			faultFor: func(t testing.TB, img *Image) func(int, *Row, *faultState) {
				return fakeTail(t, img, uint64(findClass(img, ClassStore)+1), false)
			}},
	)
	return true
}()
