package circuit

import (
	"errors"
	"strings"
	"testing"

	"github.com/zkwasm/zkwasm/kzg"
	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/backend"
	"github.com/zkwasm/zkwasm/plonkish/mock"
	"github.com/zkwasm/zkwasm/wasm"
	"github.com/zkwasm/zkwasm/wasm/host"
	"github.com/zkwasm/zkwasm/wasm/interp"
)

// growProgram starts with no memory (maximum 3 pages), grows it, uses the new pages and
// records what it sees in globals:
//
//	0: size before (0)          1: grow(2) (0)          2: size (2)
//	3: i64 at 65544 (stored)    4: i32 at 100 (0: a grown, never written word)
//	5: grow(1000) (−1)          6: grow(1) (2)          7: size (3)
//	8: i32.load16 at 3·65536−3  9: i64 load at 65548 (crossing)   10: grow(0) (3)
func growProgram(t *testing.T, extra ...Instr) *Image {
	t.Helper()
	const x, y = 0x1122334455667788, 0x0102030405060708
	b := NewBuilder("main", 64)
	b.Globals(make([]uint64, 11)...)
	b.Func("main", 0, 0)
	b.Emit(MemSize(), GlobalSet(0))
	b.Emit(I32Const(2), MemGrow(3), GlobalSet(1))
	b.Emit(MemSize(), GlobalSet(2))
	b.Emit(I32Const(65536+8), I64Const(x), Store(8, 0, true))
	b.Emit(I32Const(65536+8), Load(8, 0, true), GlobalSet(3))
	b.Emit(I32Const(100), Load(4, 0, false), GlobalSet(4))
	b.Emit(I32Const(1000), MemGrow(3), GlobalSet(5))
	b.Emit(I32Const(1), MemGrow(3), GlobalSet(6))
	b.Emit(MemSize(), GlobalSet(7))
	b.Emit(I32Const(3*65536-8), I64Const(y), Store(8, 0, true))
	b.Emit(I32Const(3*65536-3), Load(2, 0, false), GlobalSet(8))
	b.Emit(I32Const(65536+12), Load(8, 0, true), GlobalSet(9))
	b.Emit(I32Const(0), MemGrow(3), GlobalSet(10))
	b.Emit(extra...)
	b.Return(0)
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// flipAccepted sets a bit cell to its complement and reports whether the checker accepts.
func flipAccepted(c *Circuit, pre *plonkish.Preprocessed, w *plonkish.Witness, col plonkish.Column, r int) bool {
	old := w.Advice[col.Index][r]
	if old.IsZero() {
		w.Advice[col.Index][r].SetOne()
	} else {
		w.Advice[col.Index][r].SetZero()
	}
	defer func() { w.Advice[col.Index][r] = old }()
	return mock.Verify(c.CS, pre, w) == nil
}

// boundaryRow returns the boundary row of address addr.
func boundaryRow(t *testing.T, ex *Execution, addr uint64) int {
	t.Helper()
	for r := ex.Steps; r < len(ex.Rows); r++ {
		if ex.Rows[r].T == addr {
			return r
		}
	}
	t.Fatalf("no boundary row for address %#x", addr)
	return 0
}

func TestMemoryGrow(t *testing.T) {
	img := growProgram(t)
	c, pre, w, ex, err := Assign(img, Inputs{}, testParams)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]uint64{0: 0, 1: 0, 2: 2, 3: 0x1122334455667788, 4: 0, 5: 1<<32 - 1, 6: 2, 7: 3,
		8: 0x0203, 9: 0x11223344, 10: 3}
	for g, v := range want {
		if got, _ := global(ex, g); got != v {
			t.Errorf("global %d = %#x, want %#x", g, got, v)
		}
	}
	if err := mock.Verify(c.CS, pre, w); err != nil {
		t.Fatalf("honest witness rejected: %v", err)
	}
	// memory.grow has a selector only in programs that grow memory.
	if !c.cols.selLayout.has(ClassMemGrow) || !c.cols.grow {
		t.Fatal("a program with memory.grow has no memory.grow selector")
	}

	T := func(c *columns) plonkish.Column { return c.t }
	B := func(c *columns) plonkish.Column { return c.b }
	A := func(c *columns) plonkish.Column { return c.a }
	C := func(c *columns) plonkish.Column { return c.c }
	sizeRow := func(skip int) int { // the skip-th memory.size row
		for r, row := range ex.Rows[:ex.Steps] {
			if row.Class == ClassGlobalGet && row.Imm == MemSizeIndex {
				if skip == 0 {
					return r
				}
				skip--
			}
		}
		t.Fatal("no memory.size row")
		return 0
	}
	grownWord := boundaryRow(t, ex, MemBase+(65536+8)/8)
	if !ex.Rows[grownWord].F1 || ex.Rows[grownWord].PTS2 == 0 {
		t.Fatalf("boundary row of a grown word: %+v", ex.Rows[grownWord])
	}
	for _, tc := range []struct {
		name string
		row  int
		col  func(*columns) plonkish.Column
		flip bool
	}{
		{"grow result", findRow(t, ex, ClassMemGrow, 0) + 1, T, false},
		{"grow old size", findRow(t, ex, ClassMemGrow, 0), B, false},
		{"grow delta", findRow(t, ex, ClassMemGrow, 0), T, false},
		{"grow bound limb", findRow(t, ex, ClassMemGrow, 0), func(c *columns) plonkish.Column { return c.l[0] }, false},
		{"grow success bit", findRow(t, ex, ClassMemGrow, 0), C, true},
		{"failed grow result", findRow(t, ex, ClassMemGrow, 1) + 1, T, false},
		{"failed grow success bit", findRow(t, ex, ClassMemGrow, 1), C, true},
		{"failed grow limb", findRow(t, ex, ClassMemGrow, 1), func(c *columns) plonkish.Column { return c.l[0] }, false},
		{"grow by 0 success bit", findRow(t, ex, ClassMemGrow, 3), C, true},
		{"h after grow", findRow(t, ex, ClassMemGrow, 0) + 1, func(c *columns) plonkish.Column { return c.h }, false},
		{"pc after grow", findRow(t, ex, ClassMemGrow, 0) + 1, func(c *columns) plonkish.Column { return c.pc }, false},
		{"grow written size", findRow(t, ex, ClassMemGrow, 2), func(c *columns) plonkish.Column { return c.wv2 }, false},
		{"grow timestamp", findRow(t, ex, ClassMemGrow, 2), func(c *columns) plonkish.Column { return c.pts2 }, false},
		{"size before grow", sizeRow(0) + 1, T, false},
		{"size after grow", sizeRow(1) + 1, T, false},
		{"size token read", sizeRow(2), B, false},
		{"grown word initial value", grownWord, A, false},
		{"grown word is grown", grownWord, func(c *columns) plonkish.Column { return c.f1 }, true},
		{"grown word allocation time", grownWord, func(c *columns) plonkish.Column { return c.pts2 }, false},
		{"grown word size", grownWord, func(c *columns) plonkish.Column { return c.addr1 }, false},
		{"grown word distance from the initial memory", grownWord, func(c *columns) plonkish.Column { return c.hl[0] }, false},
		{"grown word distance to the end", grownWord, func(c *columns) plonkish.Column { return c.hl[4] }, false},
		{"initial memory size", grownWord, func(c *columns) plonkish.Column { return c.imm3 }, false},
		{"size token boundary (initial pages)", boundaryRow(t, ex, MemSizeAddr), A, false},
		{"size token boundary (final pages)", boundaryRow(t, ex, MemSizeAddr), B, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			col := tc.col(c.cols)
			accepted := false
			if tc.flip {
				accepted = flipAccepted(c, pre, w, col, tc.row)
			} else {
				accepted = tamperAccepted(c, pre, w, col, tc.row)
			}
			if accepted {
				t.Fatalf("tampered %s at row %d accepted", c.CS.ColumnName(col), tc.row)
			}
		})
	}
}

// onlyFailures requires err to be a MockProver error whose failures are all of the named
// constraints (gate polynomial names contain one of names, or lookup/bus names equal one).
func onlyFailures(t *testing.T, err error, names ...string) {
	t.Helper()
	var me *mock.Error
	if !errors.As(err, &me) {
		t.Fatalf("want a MockProver rejection, got %v", err)
	}
	for _, f := range me.Failures {
		ok := false
		for _, n := range names {
			ok = ok || f.Name == n || strings.Contains(f.PolyName, n)
		}
		if !ok {
			t.Fatalf("unexpected failure %v (want only %v)", f, names)
		}
	}
}

// TestGrownWordBeforeItsGrow: a consistent forgery in which the first access to a grown
// word happens before the grow its initial token cites (here the store to page 1, citing
// the second successful grow, to 3 pages, which comes later). Every bus and lookup
// balances except the timestamp order of that access: an access before the grow that
// allocated its page has no witness.
func TestGrownWordBeforeItsGrow(t *testing.T) {
	img := growProgram(t)
	c, err := New(img, testParams)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := Run(img, Inputs{}, c.Usable())
	if err != nil {
		t.Fatal(err)
	}
	word := uint64(65536+8) / 8
	br := boundaryRow(t, ex, MemBase+word)
	late := findRow(t, ex, ClassMemGrow, 2) // grow(1): 2 → 3 pages
	first := -1
	for r, row := range ex.Rows[:ex.Steps] {
		if row.Slot[1].On && row.Slot[1].Addr == MemBase+word {
			first = r
			break
		}
	}
	if first < 0 || first > late {
		t.Fatalf("first access at row %d, late grow at %d", first, late)
	}
	g := uint64(late) + 1
	ex.Rows[br].PTS2, ex.Rows[br].Slot[0].Addr = g, 3
	ex.Rows[br].H2 = (word - 0) | (3*PageWords-1-word)<<32
	ex.Rows[first].PTS2 = g
	w, err := c.Witness(ex)
	if err != nil {
		t.Fatal(err)
	}
	err = mock.Verify(c.CS, c.Preprocessed(), w)
	onlyFailures(t, err, "slot2 order")
}

// TestGrownWordBeyondItsGrow: a consistent forgery in which a word of the third page
// (allocated by the second grow, to 3 pages) cites the first grow (to 2 pages), which did
// not allocate it: only the size bound rejects it.
func TestGrownWordBeyondItsGrow(t *testing.T) {
	img := growProgram(t)
	c, err := New(img, testParams)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := Run(img, Inputs{}, c.Usable())
	if err != nil {
		t.Fatal(err)
	}
	word := uint64(3*65536-8) / 8 // page 2
	br := boundaryRow(t, ex, MemBase+word)
	early := uint64(findRow(t, ex, ClassMemGrow, 0)) + 1 // grow(2): 0 → 2 pages
	first := -1
	for r, row := range ex.Rows[:ex.Steps] {
		if row.Slot[1].On && row.Slot[1].Addr == MemBase+word {
			first = r
			break
		}
	}
	if first < 0 {
		t.Fatal("no access to the word")
	}
	ex.Rows[br].PTS2, ex.Rows[br].Slot[0].Addr = early, 2
	ex.Rows[br].H2 = word | ((2*PageWords-1-word)&(1<<32-1))<<32 // wraps: negative in the field
	ex.Rows[first].PTS2 = early
	w, err := c.Witness(ex)
	if err != nil {
		t.Fatal(err)
	}
	onlyFailures(t, mock.Verify(c.CS, c.Preprocessed(), w), "grown word: below the size")
}

// TestMemoryGrowBounds: accesses past the current size trap in Run (before any grow,
// past the grown size, past the maximum), and a witness claiming a grown word beyond
// every grow is rejected.
func TestMemoryGrowBounds(t *testing.T) {
	for name, img := range map[string]*Image{
		"before the grow": func() *Image {
			b := NewBuilder("main", 64)
			b.Func("main", 0, 0)
			b.Emit(I32Const(0), Load(1, 0, false), Drop(), I32Const(1), MemGrow(3), Drop())
			b.Return(0)
			img, err := b.Build()
			if err != nil {
				t.Fatal(err)
			}
			return img
		}(),
		"past the grown size":             growProgram(t, I32Const(3*65536), Load(1, 0, false), Drop()),
		"crossing past the grown size":    growProgram(t, I32Const(3*65536-2), Load(4, 0, false), Drop()),
		"store past the grown size":       growProgram(t, I32Const(3*65536-4), I32Const(5), Store(8, 0, true)),
		"past the size after a failure":   growProgram(t, I32Const(1), MemGrow(3), Drop(), I32Const(3*65536+8), Load(1, 0, false), Drop()),
		"load far past the memory (2^32)": growProgram(t, I32Const(0xfffffff8), Load(8, 0x10, true), Drop()),
	} {
		t.Run(name, func(t *testing.T) {
			if _, _, _, _, err := Assign(img, Inputs{}, testParams); !errors.Is(err, ErrTrap) {
				t.Fatalf("err = %v, want a trap", err)
			}
		})
	}
	// A grown word whose boundary row claims more pages than any grow gave: no row of the
	// growth table matches.
	img := growProgram(t)
	c, pre, w, ex, err := Assign(img, Inputs{}, testParams)
	if err != nil {
		t.Fatal(err)
	}
	r := boundaryRow(t, ex, MemBase+(3*65536-8)/8)
	ex.Rows[r].Slot[0].Addr = 4
	ex.Rows[r].H2 = (ex.Rows[r].H2 & (1<<32 - 1)) | (4*PageWords-1-(3*65536-8)/8)<<32
	w, err = c.Witness(ex)
	if err != nil {
		t.Fatal(err)
	}
	onlyFailures(t, mock.Verify(c.CS, pre, w), "grown word allocation")
	// A word of the initial memory cannot be claimed as grown (value 0): its distance from
	// the initial memory would be negative.
	b := NewBuilder("main", 64)
	b.Memory(make([]uint64, PageWords))
	b.Func("main", 0, 0)
	b.Emit(I32Const(1), MemGrow(2), Drop(), I32Const(16), Load(8, 0, true), Drop())
	b.Return(0)
	img, err = b.Build()
	if err != nil {
		t.Fatal(err)
	}
	img.Memory[2] = 77
	c, pre, w, ex, err = Assign(img, Inputs{}, Params{K: 14, LimbBits: 8})
	if err != nil {
		t.Fatal(err)
	}
	if err := mock.Verify(c.CS, pre, w); err != nil {
		t.Fatalf("honest witness rejected: %v", err)
	}
	// A consistent forgery: word 2 (initial value 77) claims to be a grown word (value 0)
	// allocated by the grow (to 2 pages) before the load, which then reads 0.
	r = boundaryRow(t, ex, MemBase+2)
	g := uint64(findRow(t, ex, ClassMemGrow, 0)) + 1
	ex.Rows[r].F1, ex.Rows[r].A, ex.Rows[r].Slot[0].Addr, ex.Rows[r].PTS2 = true, 0, 2, g
	ex.Rows[r].PC, ex.Rows[r].Imm, ex.Rows[r].Imm3 = 0, 0, PageWords // fetches the grown-word row
	ex.Rows[r].H2 = (2-PageWords)&(1<<32-1) | (2*PageWords-1-2)<<32  // the low half wraps: not the field value of 2 − 8192
	l := findRow(t, ex, ClassLoad, 0)
	ex.Rows[l].B, ex.Rows[l].H2, ex.Rows[l].L, ex.Rows[l].PTS2, ex.Rows[l].Slot[1].Write = 0, 0, 0, g, 0
	ex.Rows[l+1].T = 0
	ex.Rows[r].B = 0 // the final value
	w, err = c.Witness(ex)
	if err != nil {
		t.Fatal(err)
	}
	onlyFailures(t, mock.Verify(c.CS, pre, w), "grown word: above the initial memory")
}

// TestMemGrowGuest runs memgrow.wat through Compile, the circuit's machine (checked
// against the interpreter: outputs, instruction count, pc sequence) and the MockProver.
func TestMemGrowGuest(t *testing.T) {
	for _, tc := range []struct {
		guest         string
		entry         string
		args, public  []uint64
		p             Params
		needsAndTable bool
	}{
		{"memgrow", "zkmain", nil, []uint64{1}, testParams, false},
		{"memgrow", "zkmain", nil, []uint64{3}, testParams, false},
		{"memgrow", "grow", []uint64{4}, nil, testParams, false},
		{"memgrow", "grow", []uint64{5}, nil, testParams, false}, // past the maximum: −1
		{"memgrow", "grow", []uint64{1 << 31}, nil, testParams, false},
		{"memgrow", "grow_size", []uint64{2}, nil, testParams, false},
		{"memgrow", "grow_size", []uint64{9}, nil, testParams, false},
		{"memgrow", "stores", []uint64{0x8877665544332211}, nil, Params{K: 13, LimbBits: 8}, false},
		{"memgrow", "stores", []uint64{0xfffefdfcfbfaf9f8}, nil, Params{K: 13, LimbBits: 8}, false},
		{"crossload", "signed", []uint64{5}, nil, DefaultParams(17), true},
		{"crossload", "signed", []uint64{14}, nil, DefaultParams(17), true},
		{"crossload", "signed", []uint64{15}, nil, DefaultParams(17), true},
	} {
		t.Run(tc.guest+"/"+tc.entry, func(t *testing.T) {
			if tc.needsAndTable && testing.Short() {
				t.Skip("2^17 rows: not in -short")
			}
			m := loadGuest(t, "circuit/"+tc.guest+".wat.wasm")
			img, err := Compile(m, tc.entry, CompileOptions{StackSize: 128})
			if err != nil {
				t.Fatal(err)
			}
			in := Inputs{Public: append(append([]uint64{}, tc.args...), tc.public...)}
			c, pre, w, ex, err := Assign(img, in, tc.p)
			if err != nil {
				t.Fatal(err)
			}
			crossCheckTails(t, m, img, tc.entry, tc.args, in, ex)
			if err := mock.Verify(c.CS, pre, w); err != nil {
				t.Fatalf("honest witness rejected: %v", err)
			}
			t.Logf("%s%v: outputs %#x, %d tail rows", tc.entry, tc.args, ex.PublicOut, ex.Tails)
		})
	}
	// A configured limit below the module's maximum, as interp.Config.MaxMemoryPages.
	m := loadGuest(t, "circuit/memgrow.wat.wasm")
	img, err := Compile(m, "grow", CompileOptions{StackSize: 128, MaxMemoryPages: 2})
	if err != nil {
		t.Fatal(err)
	}
	ex, err := Run(img, Inputs{Public: []uint64{3}}, 1<<11)
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := host.Run(m, host.NewEnv(nil, nil, nil), interp.Config{MaxMemoryPages: 2}, "grow", 3)
	if err != nil || len(ex.PublicOut) != 1 || ex.PublicOut[0] != want[0] || want[0] != 1<<32-1 {
		t.Fatalf("grow(3) with a 2-page limit: circuit %v, interpreter %v (%v)", ex.PublicOut, want, err)
	}
}

// TestCrossingLoads: loads of every width at every offset of a word, unsigned, against the
// bytes of memory; the MockProver accepts, and tampered cells of crossing rows are
// rejected.
func TestCrossingLoads(t *testing.T) {
	mem := []uint64{0x0706050403020100, 0x0f0e0d0c0b0a0908, 0x1716151413121110, 0}
	byteAt := func(i uint64) uint64 { return mem[i/8] >> (8 * (i % 8)) & 0xff }
	b := NewBuilder("main", 64)
	var want []uint64
	type acc struct {
		w   int
		w64 bool
	}
	accs := []acc{{2, false}, {4, false}, {2, true}, {4, true}, {8, true}}
	b.Globals(make([]uint64, 8*len(accs))...)
	b.Memory(mem)
	b.Func("main", 0, 0)
	for o := uint64(0); o < 8; o++ {
		for i, a := range accs {
			b.Emit(I32Const(uint32(8+o-3)), Load(a.w, 3, a.w64), GlobalSet(int(o)*len(accs)+i))
			v := uint64(0)
			for j := a.w - 1; j >= 0; j-- {
				v = v<<8 | byteAt(8+o+uint64(j))
			}
			want = append(want, v)
		}
	}
	b.Return(0)
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	c, pre, w, ex, err := Assign(img, Inputs{}, testParams)
	if err != nil {
		t.Fatal(err)
	}
	for g, v := range want {
		if got, _ := global(ex, g); got != v {
			t.Fatalf("global %d = %#x, want %#x", g, got, v)
		}
	}
	if err := mock.Verify(c.CS, pre, w); err != nil {
		t.Fatalf("honest witness rejected: %v", err)
	}
	crossing := 0
	for _, r := range ex.Rows {
		if r.Class == ClassLoad && r.C {
			crossing++
		}
	}
	if crossing != 1+3+1+3+7 { // w = 2: o = 7; w = 4: o = 5..7 (i32 and i64); w = 8: o = 1..7
		t.Fatalf("%d crossing loads", crossing)
	}
	T := func(c *columns) plonkish.Column { return c.t }
	// The i64 load at offset 3 (crossing), and the i32 load16 at offset 7.
	r8 := -1
	r2 := -1
	for r, row := range ex.Rows[:ex.Steps] {
		if row.Class == ClassLoad && row.C && row.F3 && row.O == 3 {
			r8 = r
		}
		if row.Class == ClassLoad && row.C && !row.F2 && row.O == 7 && !row.W64 {
			r2 = r
		}
	}
	for _, tc := range []struct {
		name string
		row  int
		col  func(*columns) plonkish.Column
		flip bool
	}{
		{"crossing result", r8 + 1, T, false},
		{"crossing second word", r8, func(c *columns) plonkish.Column { return c.a }, false},
		{"crossing first word", r8, func(c *columns) plonkish.Column { return c.b }, false},
		{"crossing loaded byte", r8, func(c *columns) plonkish.Column { return c.l[2] }, false},
		{"crossing second-word byte above the width", r2, func(c *columns) plonkish.Column { return c.l[5] }, false},
		{"crossing first-word byte below the access", r8, func(c *columns) plonkish.Column { return c.hl[1] }, false},
		{"crossing second-word byte in H", r8, func(c *columns) plonkish.Column { return c.hl[6] }, false},
		{"crossing flag", r8, func(c *columns) plonkish.Column { return c.c }, true},
		{"crossing slot-1 enable", r8, func(c *columns) plonkish.Column { return c.en1 }, true},
		{"crossing slot-1 timestamp", r8, func(c *columns) plonkish.Column { return c.pts1 }, false},
		{"crossing slot-1 address", r8, func(c *columns) plonkish.Column { return c.addr1 }, false},
		{"crossing load16 result", r2 + 1, T, false},
		{"aligned load: crossing flag", findRow(t, ex, ClassLoad, 0), func(c *columns) plonkish.Column { return c.c }, true},
		{"aligned load: second word", findRow(t, ex, ClassLoad, 0), func(c *columns) plonkish.Column { return c.a }, false},
		{"aligned load: slot-1 enable", findRow(t, ex, ClassLoad, 0), func(c *columns) plonkish.Column { return c.en1 }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.row < 0 {
				t.Fatal("row not found")
			}
			col := tc.col(c.cols)
			accepted := false
			if tc.flip {
				accepted = flipAccepted(c, pre, w, col, tc.row)
			} else {
				accepted = tamperAccepted(c, pre, w, col, tc.row)
			}
			if accepted {
				t.Fatalf("tampered %s at row %d accepted", c.CS.ColumnName(col), tc.row)
			}
		})
	}
	// The offset bits are zero outside loads and stores (else Σo would not tell load rows
	// apart and the byte selection could be switched off on them).
	r := findRow(t, ex, ClassConst, 0)
	if flipAccepted(c, pre, w, c.cols.o[2], r) {
		t.Fatal("an offset bit on a const row accepted")
	}
}

// TestImportedStartRefused: with the host ABI no host function has type [] → [], so a
// module whose start function is an import cannot link; the error says so before the
// circuit is involved.
func TestImportedStartRefused(t *testing.T) {
	// (module (import "env" "require" (func (param i32))) (import "env" "f" (func))
	//   (start 1) (func (export "zkmain")))
	bin := []byte{0, 'a', 's', 'm', 1, 0, 0, 0,
		1, 8, 2, 0x60, 1, 0x7f, 0, 0x60, 0, 0, // types: [i32] → [], [] → []
		2, 0x17, 2, 3, 'e', 'n', 'v', 7, 'r', 'e', 'q', 'u', 'i', 'r', 'e', 0, 0, 3, 'e', 'n', 'v', 1, 'f', 0, 1,
		3, 2, 1, 1, // one function of type 1
		7, 0x0a, 1, 6, 'z', 'k', 'm', 'a', 'i', 'n', 0, 2,
		8, 1, 1, // start: function 1 (the import env.f)
		10, 4, 1, 2, 0, 0x0b,
	}
	m, err := wasm.Decode(bin)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if !m.HasStart || m.Start != 1 {
		t.Fatalf("start = %d (%v)", m.Start, m.HasStart)
	}
	_, _, err = host.Run(m, host.NewEnv(nil, nil, nil), interp.Config{}, "zkmain")
	if err == nil || !strings.Contains(err.Error(), "f") {
		t.Fatalf("linking an imported start function: err = %v", err)
	}
	t.Logf("interpreter: %v", err)
	_, err = Compile(m, "zkmain", CompileOptions{})
	if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "start function 1 is imported") {
		t.Fatalf("Compile: err = %v", err)
	}
	t.Logf("Compile: %v", err)
}

// TestMemGrowRealProof proves memgrow.wat (grows, a failed grow, memory.size, crossing
// loads in grown memory) with the real prover at 2^11 rows and verifies it; a proof with
// a wrong public output is rejected.
func TestMemGrowRealProof(t *testing.T) {
	if testing.Short() {
		t.Skip("real proof: not in -short")
	}
	m := loadGuest(t, "circuit/memgrow.wat.wasm")
	img, err := Compile(m, "zkmain", CompileOptions{StackSize: 128})
	if err != nil {
		t.Fatal(err)
	}
	c, pre, w, ex, err := Assign(img, Inputs{Public: []uint64{2}}, testParams)
	if err != nil {
		t.Fatal(err)
	}
	srs, err := kzg.NewTestSRS(1<<testParams.K+1, []byte("zkwasm circuit memgrow test"))
	if err != nil {
		t.Fatal(err)
	}
	pk, vk, err := backend.Setup(c.CS, pre, srs)
	if err != nil {
		t.Fatal(err)
	}
	proof, err := backend.Prove(pk, w, nil)
	if err != nil {
		t.Fatal(err)
	}
	inst := PublicInstance(ex.PublicIn, ex.PublicOut)
	if err := backend.Verify(vk, inst, proof); err != nil {
		t.Fatalf("honest proof rejected: %v", err)
	}
	out := append([]uint64{}, ex.PublicOut...)
	out[1]++ // the size after the grow
	if err := backend.Verify(vk, PublicInstance(ex.PublicIn, out), proof); err == nil {
		t.Fatal("proof accepted with a wrong memory.size output")
	}
	// Forged witnesses proven without the prover's checks: the verifier rejects them.
	crossLoad := -1
	for r, row := range ex.Rows[:ex.Steps] {
		if row.Class == ClassLoad && row.C {
			crossLoad = r
			break
		}
	}
	grown := -1
	for r := ex.Steps; r < len(ex.Rows); r++ {
		if ex.Rows[r].F1 { // a boundary row of a grown word
			grown = r
		}
	}
	if crossLoad < 0 || grown < 0 {
		t.Fatalf("no crossing load (%d) or grown word (%d)", crossLoad, grown)
	}
	for _, f := range []struct {
		name string
		col  plonkish.Column
		row  int
	}{
		{"failed grow claimed successful", c.cols.c, findRow(t, ex, ClassMemGrow, 1)},
		{"crossing load result", c.cols.t, crossLoad + 1},
		{"grown word allocation time", c.cols.pts2, grown},
	} {
		t.Run(f.name, func(t *testing.T) {
			_, _, w2, _, err := Assign(img, Inputs{Public: []uint64{2}}, testParams)
			if err != nil {
				t.Fatal(err)
			}
			if f.col == c.cols.c {
				w2.Advice[f.col.Index][f.row].SetOne()
			} else {
				bump(w2, f.col, f.row, 1)
			}
			if mock.Verify(c.CS, pre, w2) == nil {
				t.Fatal("MockProver accepts the forgery")
			}
			bad, err := backend.Prove(pk, w2, nil, backend.WithoutChecks())
			if err != nil {
				t.Fatal(err)
			}
			if err := backend.Verify(vk, inst, bad); err == nil {
				t.Fatal("verifier accepted a proof of a forged witness")
			}
		})
	}
}

// crossCheckTails is crossCheck for runs with crossing stores: their tail rows are rows,
// not instructions, and are left out of the comparison with the interpreter's steps.
func crossCheckTails(t *testing.T, m *wasm.Module, img *Image, entry string, args []uint64, in Inputs, ex *Execution) {
	t.Helper()
	tails := 0
	for _, r := range ex.Rows[:ex.Steps] {
		if r.Class == ClassNop && r.F1 {
			tails++
		}
	}
	if tails != ex.Tails {
		t.Fatalf("%d tail rows, Execution.Tails = %d", tails, ex.Tails)
	}
	crossCheck(t, m, img, entry, args, in, ex) // which leaves the tail rows out
}

// TestCrossingStores: stores of every width at every offset of a word (i32 store16 and
// store, i64 store16, store32 and store), against the bytes they should leave; the
// MockProver accepts, and tampered cells of crossing store rows and their tail rows are
// rejected.
func TestCrossingStores(t *testing.T) {
	type acc struct {
		w   int
		w64 bool
	}
	accs := []acc{{2, false}, {4, false}, {2, true}, {4, true}, {8, true}}
	const v = 0x8877665544332211
	b := NewBuilder("main", 64)
	b.Globals(make([]uint64, 3*8*len(accs))...)
	b.Memory(make([]uint64, 4))
	b.Func("main", 0, 0)
	var want []uint64
	for o := 0; o < 8; o++ {
		for i, a := range accs {
			g := 3 * (o*len(accs) + i)
			mem := []uint64{^uint64(0), ^uint64(0), ^uint64(0)}
			for j := 0; j < 3; j++ {
				b.Emit(I32Const(uint32(8*j)), I64Const(^uint64(0)), Store(8, 0, true))
			}
			val := uint64(v)
			if !a.w64 {
				val &= 1<<32 - 1
			}
			vi := I64Const(val)
			if !a.w64 {
				vi = I32Const(uint32(val))
			}
			b.Emit(I32Const(uint32(8+o-1)), vi, Store(a.w, 1, a.w64))
			for j := 0; j < a.w; j++ {
				k := 8 + o + j
				mem[k/8] = mem[k/8]&^(0xff<<(8*(k%8))) | (val>>(8*j)&0xff)<<(8*(k%8))
			}
			for j := 0; j < 3; j++ {
				b.Emit(I32Const(uint32(8*j)), Load(8, 0, true), GlobalSet(g+j))
			}
			want = append(want, mem...)
		}
	}
	b.Return(0)
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	c, pre, w, ex, err := Assign(img, Inputs{}, Params{K: 12, LimbBits: 8})
	if err != nil {
		t.Fatal(err)
	}
	for g, v := range want {
		if got, _ := global(ex, g); got != v {
			t.Fatalf("global %d = %#x, want %#x", g, got, v)
		}
	}
	if ex.Tails != 1+3+1+3+7 {
		t.Fatalf("%d tail rows", ex.Tails)
	}
	if err := mock.Verify(c.CS, pre, w); err != nil {
		t.Fatalf("honest witness rejected: %v", err)
	}
	// The i64 store at offset 3 (crossing) and its tail.
	st := -1
	for r, row := range ex.Rows[:ex.Steps] {
		if row.Class == ClassStore && row.C && row.F3 && row.O == 3 {
			st = r
		}
	}
	if st < 0 || ex.Rows[st+1].Class != ClassNop || !ex.Rows[st+1].F1 {
		t.Fatalf("no crossing store followed by its tail (row %d)", st)
	}
	tl := st + 1
	col := func(f func(*columns) plonkish.Column) func(*columns) plonkish.Column { return f }
	for _, tc := range []struct {
		name string
		row  int
		col  func(*columns) plonkish.Column
		flip bool
	}{
		{"store crossing flag", st, col(func(c *columns) plonkish.Column { return c.c }), true},
		{"store new first word", st, col(func(c *columns) plonkish.Column { return c.wv2 }), false},
		{"store value byte", st, col(func(c *columns) plonkish.Column { return c.l[6] }), false},
		{"tail pc", tl, col(func(c *columns) plonkish.Column { return c.pc }), false},
		{"tail marker", tl, col(func(c *columns) plonkish.Column { return c.f1 }), true},
		{"tail old word", tl, col(func(c *columns) plonkish.Column { return c.a }), false},
		{"tail old byte", tl, col(func(c *columns) plonkish.Column { return c.hl[4] }), false},
		{"tail value byte", tl, col(func(c *columns) plonkish.Column { return c.l[1] }), false},
		{"tail value byte past the width", tl, col(func(c *columns) plonkish.Column { return c.l[2] }), false},
		{"tail mask bit", tl, col(func(c *columns) plonkish.Column { return c.o[2] }), true},
		{"tail mask bit past the width", tl, col(func(c *columns) plonkish.Column { return c.o[3] }), true},
		{"tail new word", tl, col(func(c *columns) plonkish.Column { return c.wv1 }), false},
		{"tail address", tl, col(func(c *columns) plonkish.Column { return c.addr1 }), false},
		{"tail enable", tl, col(func(c *columns) plonkish.Column { return c.en1 }), true},
		{"tail timestamp", tl, col(func(c *columns) plonkish.Column { return c.pts1 }), false},
		{"tail h", tl, col(func(c *columns) plonkish.Column { return c.h }), false},
		{"after the tail T", tl + 1, col(func(c *columns) plonkish.Column { return c.t }), false},
		{"a nop marked as a tail", findRow(t, ex, ClassNop, 0), col(func(c *columns) plonkish.Column { return c.f1 }), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cl := tc.col(c.cols)
			accepted := false
			if tc.flip {
				accepted = flipAccepted(c, pre, w, cl, tc.row)
			} else {
				accepted = tamperAccepted(c, pre, w, cl, tc.row)
			}
			if accepted {
				t.Fatalf("tampered %s at row %d accepted", c.CS.ColumnName(cl), tc.row)
			}
		})
	}
}

// TestSieveAS: the AssemblyScript sieve grows its memory (its runtime allocates with
// memory.grow); it runs through the circuit, agrees with the interpreter and is accepted
// by the MockProver.
func TestSieveAS(t *testing.T) {
	if testing.Short() {
		t.Skip("the AND table needs 2^17 rows: not in -short")
	}
	m := loadGuest(t, "sieve.as.wasm")
	img, err := Compile(m, "zkmain", CompileOptions{StackSize: 256})
	if err != nil {
		t.Fatal(err)
	}
	if !img.hasGrow() {
		t.Fatal("sieve.as.wasm has no memory.grow")
	}
	for _, n := range []uint64{2, 100} {
		in := Inputs{Public: []uint64{n}}
		c, pre, w, ex, err := Assign(img, in, DefaultParams(17))
		if err != nil {
			t.Fatal(err)
		}
		crossCheckTails(t, m, img, "zkmain", nil, in, ex)
		if err := mock.Verify(c.CS, pre, w); err != nil {
			t.Fatalf("n = %d: honest witness rejected: %v", n, err)
		}
		t.Logf("n = %d: outputs %v, %d instructions, %d boundary rows", n, ex.PublicOut, ex.Steps-ex.Tails, len(ex.Rows)-ex.Steps)
	}
}

// TestMemoryConsistentForgeries: witnesses that are consistent everywhere (buses balanced,
// values carried on) except for one new rule, which alone rejects them: so removing that
// rule would let them through.
func TestMemoryConsistentForgeries(t *testing.T) {
	build := func(t *testing.T, emit ...Instr) (*Circuit, *Execution) {
		t.Helper()
		b := NewBuilder("main", 64)
		b.Memory([]uint64{0x0706050403020100, 0x0f0e0d0c0b0a0908, 0, 0})
		b.Func("main", 0, 0)
		b.Emit(emit...)
		b.Return(0)
		img, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		c, err := New(img, testParams)
		if err != nil {
			t.Fatal(err)
		}
		ex, err := Run(img, Inputs{}, c.Usable())
		if err != nil {
			t.Fatal(err)
		}
		return c, ex
	}
	check := func(t *testing.T, c *Circuit, ex *Execution, target string) {
		t.Helper()
		w, err := c.Witness(ex)
		if err != nil {
			t.Fatal(err)
		}
		onlyFailures(t, mock.Verify(c.CS, c.Preprocessed(), w), target)
	}
	setByte := func(v *uint64, j int, b uint64) { *v = *v&^(0xff<<(8*j)) | b<<(8*j) }
	final := func(t *testing.T, ex *Execution, addr uint64) *Row { return &ex.Rows[boundaryRow(t, ex, addr)] }

	t.Run("crossing load: a second-word byte", func(t *testing.T) {
		c, ex := build(t, I32Const(5), Load(4, 0, false), Drop()) // bytes 5..8: L3 is byte 0 of word 1
		r := findRow(t, ex, ClassLoad, 0)
		setByte(&ex.Rows[r].L, 3, 0x77)
		ex.Rows[r+1].T = ex.Rows[r].L & (1<<32 - 1)
		check(t, c, ex, "crossing: second word")
	})
	t.Run("crossing load: a first-word byte", func(t *testing.T) {
		c, ex := build(t, I32Const(5), Load(4, 0, false), Drop())
		r := findRow(t, ex, ClassLoad, 0)
		setByte(&ex.Rows[r].L, 0, 0x77)
		ex.Rows[r+1].T = ex.Rows[r].L & (1<<32 - 1)
		check(t, c, ex, "crossing: first word")
	})
	t.Run("crossing store: a value byte of the tail", func(t *testing.T) {
		c, ex := build(t, I32Const(6), I32Const(0xa1b2c3d4), Store(4, 0, false)) // bytes 6..9
		r := findRow(t, ex, ClassStore, 0) + 1                                   // the tail
		setByte(&ex.Rows[r].L, 1, 0x55)
		ex.Rows[r].Slot[0].Write = ex.Rows[r].Slot[0].Write&^0xff00 | 0x5500
		final(t, ex, MemBase+1).B = ex.Rows[r].Slot[0].Write
		check(t, c, ex, "crossing: tail value byte 1")
	})
	t.Run("crossing store: the tail's mask", func(t *testing.T) {
		c, ex := build(t, I32Const(6), I32Const(0xa1b2c3d4), Store(4, 0, false))
		r := findRow(t, ex, ClassStore, 0) + 1
		ex.Rows[r].OPrefix = 1 // keeps the old byte 1 of the second word
		ex.Rows[r].Slot[0].Write = ex.Rows[r].Slot[0].Write&^0xff00 | ex.Rows[r].A&0xff00
		final(t, ex, MemBase+1).B = ex.Rows[r].Slot[0].Write
		check(t, c, ex, "crossing: tail mask 1")
	})
	t.Run("memory.grow: a failed grow claimed successful", func(t *testing.T) {
		b := NewBuilder("main", 64)
		b.Func("main", 0, 0)
		b.Emit(I32Const(1), MemGrow(2), Drop(), I32Const(5), MemGrow(2), Drop())
		b.Return(0)
		img, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		c, err := New(img, testParams)
		if err != nil {
			t.Fatal(err)
		}
		ex, err := Run(img, Inputs{}, c.Usable())
		if err != nil {
			t.Fatal(err)
		}
		r := findRow(t, ex, ClassMemGrow, 1)
		ex.Rows[r].C = true
		ex.Rows[r].Slot[1].Write = ex.Rows[r].B + 5
		ex.Rows[r+1].T = ex.Rows[r].B
		final(t, ex, MemSizeAddr).B = ex.Rows[r].B + 5
		check(t, c, ex, "memory.grow: bound")
	})
}
