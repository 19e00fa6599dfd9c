package circuit

// Consistent forgeries of the constraints the cost reduction added or changed: the
// boundary rows' address and initial value (fetched, no lookup of their own), the state a
// return restores (kept in the unused slot-2 cells), the refill of a store (kept in inv),
// the I/O counter io_in (whose step is the public-input indicator), and the limb lookups
// of 4-bit-limb circuits.

import (
	"fmt"
	"testing"

	"github.com/zkwasm/zkwasm/plonkish"
)

// fcGlobImage outputs its two globals (initial values 7 and 0).
func fcGlobImage(t testing.TB) *Image {
	b := NewBuilder("main", 32)
	b.Globals(7, 0)
	b.Func("main", 0, 0)
	b.Emit(GlobalGet(0), WasmOutput(), GlobalGet(1), WasmOutput())
	b.Return(0)
	return faBuild(t, b)
}

// fcGlobGrowImage is fcGlobImage with a memory of one page that grows by one.
func fcGlobGrowImage(t testing.TB) *Image {
	b := NewBuilder("main", 32)
	b.Globals(7, 0)
	b.Memory(make([]uint64, PageWords))
	b.Func("main", 0, 0)
	b.Emit(I32Const(1), MemGrow(4), Drop(), GlobalGet(0), WasmOutput(), GlobalGet(1), WasmOutput())
	b.Return(0)
	img := faBuild(t, b)
	if !img.hasGrow() {
		t.Fatal("no memory.grow")
	}
	return img
}

// fcGlobRun runs the image with other initial globals (the fixed columns stay the
// original image's).
func fcGlobRun(globals ...uint64) func(t testing.TB, img *Image) *Image {
	return func(t testing.TB, img *Image) *Image {
		img2 := *img
		img2.Globals = append([]uint64(nil), globals...)
		return &img2
	}
}

// fcBoundaryRow returns the index of the boundary row of address a.
func fcBoundaryRow(t testing.TB, ex *Execution, a uint64) int {
	t.Helper()
	for i := ex.Steps; i < len(ex.Rows); i++ {
		if ex.Rows[i].Class == ClassBoundary && ex.Rows[i].T == a {
			return i
		}
	}
	t.Fatalf("no boundary row for address %#x", a)
	return -1
}

// fcRetImage calls f (one parameter, returned by a taken return_if) twice and g (no
// result) twice; every call returns over two nops (a forged return may skip one).
func fcRetImage(t testing.TB) *Image {
	b := NewBuilder("main", 64)
	b.Func("main", 0, 0)
	b.Emit(I32Const(1))
	b.Call("f")
	b.Emit(Nop(), Nop(), WasmOutput())
	b.Call("g")
	b.Emit(Nop(), Nop())
	b.Call("g")
	b.Emit(Nop(), Nop(), I32Const(2))
	b.Call("f")
	b.Emit(Nop(), Nop(), WasmOutput())
	b.Return(0)
	b.Func("f", 1, 1)
	b.Emit(LocalGet(0), LocalGet(0), Instr{Class: ClassRetIf, F1: true}, LocalGet(0))
	b.Return(1)
	b.Func("g", 0, 0)
	b.Emit(Nop())
	b.Return(0)
	return faBuild(t, b)
}

// fcRestored forges the state a return (class k: return or return_if, taken) restores:
// the field (pc, fp or cid) moves by d after the skip-th row of class k, while the
// restored-state cell of that row keeps the frame's value, so that the frame bus
// balances and only the rule "<k>: restored <field> in <cell>" fails. fp and cid move
// back after the next row of class k (which restores the moved value from the frame its
// call sent, and whose cell then says so): the caller's own return finds its frame; pc
// skips one nop.
func fcRestored(k Class, skip int, field string) forgery {
	cellName := map[string]string{"pc": "addr2", "fp": "B", "cid": "wv2"}[field]
	var fault func(int, *Row, *faultState)
	const d = 1
	switch field {
	case "pc":
		fault = atClass(k, skip, func(r *Row, s *faultState) { s.Next += d })
	case "fp":
		fault = shiftAndBack(k, skip, fFP, d)
	case "cid":
		fault = shiftAndBack(k, skip, fCID, d)
	}
	return forgery{
		name:    fmt.Sprintf("cost/%s restores another %s", k, field),
		targets: []string{fmt.Sprintf("gate transition/%s: restored %s in %s", k, field, cellName)},
		image:   fcRetImage,
		fault:   fault,
		cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
			col := map[string]plonkish.Column{"pc": c.cols.addr2, "fp": c.cols.b, "cid": c.cols.wv2}[field]
			r := nthRow(t, ex, k, skip, nil)
			faCellAdd(w, col, r, frInt(-d)) // the frame's value, not the one run on
			if field != "pc" {
				r = nthRow(t, ex, k, skip+1, nil)
				faCellAdd(w, col, r, frInt(d))
			}
		},
	}
}

// fcStoreImage stores 5 at address 0 over the value 7, which the store's refill brings
// back to the top of the stack for the output.
func fcStoreImage(t testing.TB) *Image {
	b := NewBuilder("main", 32)
	b.Memory([]uint64{0})
	b.Func("main", 0, 0)
	b.Emit(I32Const(7), I32Const(0), I32Const(5), Store(4, 0, false), WasmOutput())
	b.Return(0)
	return faBuild(t, b)
}

var _ = registerForgeries(
	// Global 1 starts with 7, the initial value of global 0: its boundary row fetches the
	// image's row (global 0, 7) with the token of global 1. Output 7, 7 (honest: 7, 0).
	forgery{name: "cost/initial token of another address", targets: []string{"gate transition/boundary: pc = address"},
		image: fcGlobImage, runImage: fcGlobRun(7, 7),
		rows: func(t testing.TB, ex *Execution) {
			ex.Rows[fcBoundaryRow(t, ex, GlobalBase+1)].PC = GlobalBase
		}, prove: true},
	// The same in a program with memory.grow, where the rule is (1 − F1)·(pc − address):
	// boundary rows of words of the initial memory (F1 = 0) still fetch their own row.
	forgery{name: "cost/initial token of another address (grow program)", targets: []string{"gate transition/boundary: pc = address"},
		image: fcGlobGrowImage, runImage: fcGlobRun(7, 7), params: Params{K: 14, LimbBits: 8},
		rows: func(t testing.TB, ex *Execution) {
			ex.Rows[fcBoundaryRow(t, ex, GlobalBase+1)].PC = GlobalBase
		}},
	// Global 0 starts with 99: its boundary row fetches (global 0, 7) but its token carries
	// 99. Output 99, 0.
	forgery{name: "cost/initial token with another value", targets: []string{"gate transition/boundary: imm = initial value"},
		image: fcGlobImage, runImage: fcGlobRun(99, 0),
		rows: func(t testing.TB, ex *Execution) {
			ex.Rows[fcBoundaryRow(t, ex, GlobalBase)].Imm = 7
		}, prove: true},

	fcRestored(ClassReturn, 0, "pc"),
	fcRestored(ClassReturn, 0, "fp"),
	fcRestored(ClassReturn, 0, "cid"),
	fcRestored(ClassRetIf, 0, "pc"),
	fcRestored(ClassRetIf, 0, "fp"),
	fcRestored(ClassRetIf, 0, "cid"),

	// The store's refill brings back 8 while slot 3 reads and writes 7 at h − 3. Output 8.
	forgery{name: "cost/store refills another value", targets: []string{"gate transition/store: slot3 value in inv"},
		image: fcStoreImage,
		fault: atClass(ClassStore, 0, func(r *Row, s *faultState) { s.T++ }),
		cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
			r := nthRow(t, ex, ClassStore, 0, nil)
			faCellAdd(w, c.cols.inv, r, frInt(-1))
		}},

	// io_in steps on an i32.const row (the i32.const 3 after both public reads): the
	// instance claims a third public input, 3 (the constant, at the position the row looks
	// up), which no wasm_input read.
	forgery{name: "cost/io_in steps on a const", targets: []string{"gate transition/io_in"}, image: ctlImage, inputs: ctlInputs,
		rows: func(t testing.TB, ex *Execution) {
			r := nthRow(t, ex, ClassConst, 3, nil)
			pos := int(ex.Rows[r].IOIn) - 2
			v := ex.Rows[r+1].T
			ex.PublicIn = append(ex.PublicIn[:pos:pos], append([]uint64{v}, ex.PublicIn[pos:]...)...)
			for i := range ex.Rows[:ex.Steps] {
				if i > r {
					ex.Rows[i].IOIn++
				}
				ex.Rows[i].IOOut++
			}
		}, prove: true},
	// io_in steps on the halt row: the halt row's count check (instance row 1 = io_in − 2)
	// becomes a lookup at io_in + 1, so the instance claims two public inputs more than
	// the run read (appended: n_out + 2, which the halt row's output-count lookup reads at
	// io_in, and the value the shifted count lookup wants at io_in + 1).
	forgery{name: "cost/io_in steps after halt", targets: []string{"gate transition/io_in held after halt"}, image: ctlImage, inputs: ctlInputs,
		rows: func(t testing.TB, ex *Execution) {
			halt := nthRow(t, ex, ClassHalt, 0, nil)
			n, m := uint64(len(ex.PublicIn)), uint64(len(ex.PublicOut))
			// pub[io_in + 1] = T@halt+1 + io_in − 2 = T@halt+1 + n.
			ex.PublicIn = append(ex.PublicIn, m+2, ex.Rows[halt+1].T+n)
			for i := range ex.Rows[:ex.Steps] {
				ex.Rows[i].IOOut += 2
			}
		},
		cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
			halt := nthRow(t, ex, ClassHalt, 0, nil)
			for r := halt + 1; r < c.Usable(); r++ {
				faCellAdd(w, c.cols.ioIn, r, frInt(1))
			}
		}, prove: true},
)

// The limb lookups of nibble-limb circuits above limb 7: an i32 and whose X_j (j ≥ 8,
// where L_j = H_j = 0) is 1, the result 2^(4j) more.
var _ = func() bool {
	for j := 8; j < 16; j++ {
		j := j
		registerForgeries(faBw(fmt.Sprintf("and with X%d = 1", j), fmt.Sprintf("lookup limbs %d and", j), forgery{
			cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
				r := nthRow(t, ex, ClassBitwise, 0, nil)
				faCellAdd(w, c.cols.x[j], r, faFe(1))
				v := faFe(ex.Rows[r+1].T)
				p := faPow2(4 * j)
				v.Add(&v, &p)
				faResult(c, w, r, v)
			}}))
	}
	return true
}()

// TestCostForgeryClaims checks what some of the forgeries above claim: public values the
// honest run does not have (so the rules they break are what keeps these claims out).
func TestCostForgeryClaims(t *testing.T) {
	byName := map[string]forgery{}
	for _, f := range forgeries {
		byName[f.name] = f
	}
	for _, tc := range []struct {
		name    string
		in, out []uint64
	}{
		{"cost/initial token of another address", nil, []uint64{7, 7}},
		{"cost/initial token with another value", nil, []uint64{99, 0}},
		{"cost/store refills another value", nil, []uint64{8}},
		{"cost/io_in steps on a const", []uint64{5, 6, 3}, []uint64{12, 6, 8}},
		{"cost/io_in steps after halt", []uint64{5, 6, 5, 2}, []uint64{12, 6, 8}},
	} {
		f, ok := byName[tc.name]
		if !ok {
			t.Fatalf("no forgery %q", tc.name)
		}
		fg := f.build(t)
		want := PublicInstance(tc.in, tc.out)[0]
		got := fg.w.Instance[0]
		same := len(got) == len(want)
		for i := range want {
			same = same && i < len(got) && got[i] == want[i]
		}
		if !same {
			t.Errorf("%s: inputs %v, outputs %v, want %v, %v", tc.name, fg.ex.PublicIn, fg.ex.PublicOut, tc.in, tc.out)
		}
	}
	// The honest runs.
	for _, tc := range []struct {
		img     func(testing.TB) *Image
		inputs  Inputs
		in, out []uint64
	}{
		{fcGlobImage, Inputs{}, nil, []uint64{7, 0}},
		{fcStoreImage, Inputs{}, nil, []uint64{7}},
		{ctlImage, ctlInputs, []uint64{5, 6}, []uint64{12, 6, 8}},
	} {
		ex, err := Run(tc.img(t), tc.inputs, 1<<10)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(ex.PublicIn, ex.PublicOut) != fmt.Sprint(tc.in, tc.out) {
			t.Errorf("honest run: inputs %v, outputs %v, want %v, %v", ex.PublicIn, ex.PublicOut, tc.in, tc.out)
		}
	}
}

// fcNibImage has, for nibble limbs (faBwParams), an i32.shl by 16 (count bit 4 comes out
// of X9 against the mask constant 1 in H9) and an i64.extend32_s (whose top source limb
// is limb 7), each as an "op, nop, drop" unit.
func fcNibImage(t testing.TB) *Image {
	b := NewBuilder("main", 64)
	b.Func("main", 0, 0)
	faUnit(b, I32Shl(), I32Const(1), I32Const(16))
	faUnit(b, ExtendS(4, true), I64Const(0x80000000))
	b.Return(0)
	return faBuild(t, b)
}

var _ = registerForgeries(
	// With nibble limbs the count mask of limb 1 is 1 (bit 4 of the count), not 0: with
	// H9 = 0 the count 16 reads as 0, e = 0, and shl(1, 16) = 1 (lo = 1, hi = 0).
	forgery{name: "cost/nibble i32 shl(1, 16) = 1", targets: []string{"gate transition/shift32: count mask 1"},
		image: fcNibImage, params: faBwParams,
		cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
			r := nthRow(t, ex, ClassShift32, 0, nil)
			nh := 32 / c.Params.LimbBits
			w.Set(c.cols.hl[nh+1], r, 0)
			faSetLimbs(c, w, c.cols.l[:nh], r, 1)
			faSetLimbs(c, w, c.cols.hl[:nh], r, 0)
			w.Set(c.cols.b, r, 1)
			faFixX(c, w, r)
			faResult(c, w, r, faFe(1))
		}},
	// With nibble limbs the top limb of a 4-byte source is limb 7: with H7 = 0 there, X7
	// does not see the sign and i64.extend32_s(0x80000000) = 0x80000000.
	forgery{name: "cost/nibble i64 extend32_s(0x80000000) = 0x80000000", targets: []string{"gate transition/extend_s: sign constant 7"},
		image: fcNibImage, params: faBwParams,
		cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
			r := nthRow(t, ex, ClassExtendS, 0, nil)
			w.Set(c.cols.hl[7], r, 0)
			faFixX(c, w, r)
			faResult(c, w, r, faFe(0x80000000))
		}},
)
