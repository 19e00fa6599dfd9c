package circuit

// Consistent forgeries of the control-flow, stack, call, sequence and I/O constraints
// (see forgery_framework_test.go): each breaks exactly one rule and keeps the rest of
// the execution coherent.

import (
	"fmt"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/mock"
)

// atClass returns a fault hook that calls f on the skip-th executed row of class k.
func atClass(k Class, skip int, f func(r *Row, s *faultState)) func(int, *Row, *faultState) {
	n := 0
	return func(step int, r *Row, s *faultState) {
		if step == -1 { // a new run
			n = 0
			return
		}
		if r == nil || r.Class != k {
			return
		}
		if n == skip {
			f(r, s)
		}
		n++
	}
}

func fibIter4(t testing.TB) *Image { return fibIter(t, 4) }

// shiftAndBack returns a fault hook that adds d to one state field (chosen by get) after
// the skip-th row of class k and subtracts it after the next row of that class: the rows
// in between run from the shifted state, so only the class's rule for that field fails
// (twice), and whatever the field pins later (the frame bus for cid) sees it restored.
func shiftAndBack(k Class, skip int, get func(s *faultState) *uint64, d uint64) func(int, *Row, *faultState) {
	n := 0
	return func(step int, r *Row, s *faultState) {
		if step == -1 { // a new run
			n = 0
			return
		}
		if r == nil || r.Class != k {
			return
		}
		switch n {
		case skip:
			*get(s) += d
		case skip + 1:
			*get(s) -= d
		}
		n++
	}
}

func fH(s *faultState) *uint64   { return &s.H }
func fFP(s *faultState) *uint64  { return &s.FP }
func fCID(s *faultState) *uint64 { return &s.CID }
func fT(s *faultState) *uint64   { return &s.T }

var _ = registerForgeries(
	forgery{
		name:    "const pushes imm+1",
		targets: []string{"gate transition/const: T"},
		image:   fibIter4,
		fault:   atClass(ClassConst, 0, func(r *Row, s *faultState) { s.T++ }),
		prove:   true,
	},
	// fibIter's two consecutive nops (block, loop).
	forgery{name: "nop: h", targets: []string{"gate transition/nop: h"}, image: fibIter4, fault: shiftAndBack(ClassNop, 0, fH, 1), prove: true},
	forgery{name: "nop: fp", targets: []string{"gate transition/nop: fp"}, image: fibIter4, fault: shiftAndBack(ClassNop, 0, fFP, 1), prove: true},
	forgery{name: "nop: cid", targets: []string{"gate transition/nop: cid"}, image: fibIter4, fault: shiftAndBack(ClassNop, 0, fCID, 1), prove: true},
	forgery{name: "nop: T", targets: []string{"gate transition/nop: T"}, image: fibIter4, fault: shiftAndBack(ClassNop, 0, fT, 1), prove: true},
	forgery{name: "nop: pc", targets: []string{"gate transition/nop: pc"}, image: fibIter4,
		fault: atClass(ClassNop, 0, func(r *Row, s *faultState) { s.Next++ })}, // skips the loop's nop
)

// ctlImage exercises every control, stack, call and I/O class at least twice in one
// frame (so that a state field can be shifted at one row and restored at the next of the
// same class): public and private inputs, outputs, require, globals, locals, select,
// drop, br, br_if (taken, not taken, if), br_table (in range, default, a returning
// entry), call, call_indirect, return_if (taken, not taken), return with and without a
// result. Inputs: public 5 and 6, private 7.
func ctlImage(t testing.TB) *Image { img, _ := ctlBuild(t); return img }

// ctlBuild returns the control image and its labels (function entries are labelled
// "<name>.entry").
func ctlBuild(t testing.TB) (*Image, map[string]int) {
	b := NewBuilder("main", 64)
	b.Globals(7, 0)
	b.Func("main", 0, 2)
	b.Emit(I32Const(1), WasmInput(false), I32Const(0), WasmInput(false), IAdd(false), WasmOutput())
	b.Emit(I32Const(1), WasmInput(false), WasmOutput())
	b.Emit(I32Const(3), Require(), I32Const(4), Require())
	b.Emit(GlobalGet(0), GlobalSet(1), GlobalGet(1), GlobalSet(0))
	b.Emit(I32Const(5), LocalSet(0), LocalGet(0), LocalTee(1), LocalSet(0), LocalGet(1), LocalTee(0), Drop())
	b.Emit(I32Const(11), I32Const(22), I32Const(0), Select(), I32Const(33), I32Const(1), Select(), Drop())
	b.Emit(I32Const(1), I32Const(2), Drop(), Drop())
	b.Emit(Nop())
	b.Br("m.a", 0, 0)
	b.Emit(Unreachable())
	b.Label("m.a")
	b.Emit(I32Const(0))
	b.BrIf("m.b", 0, 0) // not taken
	b.Emit(I32Const(1))
	b.BrIf("m.b", 0, 0) // taken
	b.Emit(Nop())       // skipped (a forged branch may run it)
	b.Label("m.b")
	b.Emit(I32Const(0))
	b.If("m.c")   // jumps (zero)
	b.Emit(Nop()) // skipped
	b.Label("m.c")
	b.Emit(Nop())
	b.Br("m.c2", 0, 0)
	b.Label("m.c2")
	b.Emit(I32Const(1))
	b.BrTable([]BrLabel{{Label: "m.x"}, {Label: "m.t1"}}, BrLabel{Label: "m.x"}) // entry 1
	b.Label("m.x")
	b.Emit(Unreachable())
	b.Label("m.t1")
	b.Emit(I32Const(9))
	b.BrTable([]BrLabel{{Label: "m.x"}, {Label: "m.x"}}, BrLabel{Label: "m.t2"}) // default
	b.Label("m.t2")
	b.Emit(I32Const(3))
	b.Call("f") // returns 3 by return_if
	b.Emit(I32Const(0))
	b.Call("f") // returns 5 by the returning br_table entry
	b.Emit(IAdd(false), WasmOutput())
	b.Emit(I32Const(0))
	b.CallIndirect(0)
	b.Emit(I32Const(1))
	b.CallIndirect(0)
	// The same call sites twice (a loop): call g, call_indirect g.
	b.Emit(I32Const(2), LocalSet(1))
	b.Label("m.loop")
	b.Call("g")
	b.Emit(I32Const(0))
	b.CallIndirect(0)
	b.Emit(LocalGet(1), I32Const(1), ISub(false), LocalTee(1))
	b.BrIf("m.loop", 0, 0)
	b.Return(0)

	b.Func("f", 1, 1)
	b.Label("f.entry")
	b.Emit(LocalGet(0), LocalGet(0), Instr{Class: ClassRetIf, F1: true})
	b.Emit(LocalGet(0), LocalGet(0), Instr{Class: ClassRetIf, F1: true})
	b.Emit(Drop(), I32Const(5), LocalGet(0))
	b.BrTable([]BrLabel{{Label: "f.end"}}, BrLabel{Label: "f.end"}) // entry 0: returns
	b.Label("f.end")
	b.Return(1)

	b.Func("g", 0, 0)
	b.Label("g.entry")
	b.Emit(Nop(), Nop())
	b.Return(0)

	b.Func("g2", 0, 0) // never called
	b.Label("g2.entry")
	b.Emit(Nop())
	b.Return(0)

	b.Func("f2", 1, 1) // never called
	b.Label("f2.entry")
	b.Emit(LocalGet(0))
	b.Return(1)
	b.TableSet([]string{"g", "g"}, map[string]uint64{"g": 0})
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range img.BrTable {
		if e.Site == img.BrTable[len(img.BrTable)-1].Site && e.K == 0 {
			img.BrTable[i] = BrEntry{Site: e.Site, K: e.K, Ret: true, Drop: 1}
		}
	}
	return img, b.labels
}

var ctlInputs = Inputs{Public: []uint64{5, 6}, Private: []uint64{7}}

// TestCtlImageHonest checks that the control image runs and its honest witness is
// accepted, so that the forgeries built on it start from a valid execution.
func TestCtlImageHonest(t *testing.T) {
	c, pre, w, ex, err := Assign(ctlImage(t), ctlInputs, testParams)
	if err != nil {
		t.Fatal(err)
	}
	if err := mockVerify(c, pre, w); err != nil {
		t.Fatal(err)
	}
	if want := []uint64{12, 6, 8}; len(ex.PublicOut) != 3 || ex.PublicOut[0] != want[0] || ex.PublicOut[1] != want[1] || ex.PublicOut[2] != want[2] {
		t.Fatalf("outputs %v, want %v", ex.PublicOut, want)
	}
	seen := map[Class]int{}
	for _, r := range ex.Rows[:ex.Steps] {
		seen[r.Class]++
	}
	for _, k := range []Class{ClassNop, ClassConst, ClassDrop, ClassSelect, ClassLocalGet, ClassLocalSet, ClassLocalTee, ClassGlobalGet, ClassGlobalSet, ClassBr, ClassBrIf, ClassCall, ClassReturn, ClassInput, ClassOutput, ClassRequire, ClassBrTable, ClassCallIndirect, ClassRetIf} {
		if seen[k] < 2 {
			t.Errorf("class %s runs %d times, want at least 2", k, seen[k])
		}
	}
}

// stateForgeries break one per-class state rule ("<class>: <field>") of the transition
// gate on the control image: pc rules by sending the run on to pc + d instead of the
// rule's pc' (the fetch lookup still holds: the next row is the instruction there); the
// other fields by shifting the state by d after the skip-th row of the class and back
// after the next one (see shiftAndBack), so that what the field pins later (memory
// addresses, the frame bus) stays consistent.
var stateForgeries = []struct {
	rule string
	k    Class
	skip int
	d    int64
}{
	{"nop: pc", ClassNop, 0, 0},
	{"nop: h", ClassNop, 0, 1},
	{"nop: fp", ClassNop, 0, 1},
	{"nop: cid", ClassNop, 0, 1},
	{"nop: T", ClassNop, 0, 1},
	{"const: pc", ClassConst, 0, 0},
	{"const: h", ClassConst, 0, 1},
	{"const: fp", ClassConst, 0, 1},
	{"const: cid", ClassConst, 0, 1},
	{"const: T", ClassConst, 0, -1},
	{"drop: pc", ClassDrop, 0, 3},
	{"drop: h", ClassDrop, 0, 1},
	{"drop: fp", ClassDrop, 0, 1},
	{"drop: cid", ClassDrop, 0, 1},
	{"drop: T", ClassDrop, 0, 1},
	{"select: pc", ClassSelect, 0, 0},
	{"select: h", ClassSelect, 0, 1},
	{"select: fp", ClassSelect, 0, 1},
	{"select: cid", ClassSelect, 0, 1},
	{"select: T", ClassSelect, 0, 1},
	{"local.get: pc", ClassLocalGet, 0, 0},
	{"local.get: h", ClassLocalGet, 0, 1},
	{"local.get: fp", ClassLocalGet, 0, -1},
	{"local.get: cid", ClassLocalGet, 0, 1},
	{"local.get: T", ClassLocalGet, 0, 1},
	{"local.set: pc", ClassLocalSet, 2, 2},
	{"local.set: h", ClassLocalSet, 0, 1},
	{"local.set: fp", ClassLocalSet, 0, 1},
	{"local.set: cid", ClassLocalSet, 0, 1},
	{"local.set: T", ClassLocalSet, 0, 1},
	{"local.tee: pc", ClassLocalTee, 0, 0},
	{"local.tee: h", ClassLocalTee, 0, 1},
	{"local.tee: fp", ClassLocalTee, 0, -1},
	{"local.tee: cid", ClassLocalTee, 0, 1},
	{"local.tee: T", ClassLocalTee, 0, 1},
	{"global.get: pc", ClassGlobalGet, 0, 0},
	{"global.get: h", ClassGlobalGet, 0, 1},
	{"global.get: fp", ClassGlobalGet, 0, 1},
	{"global.get: cid", ClassGlobalGet, 0, 1},
	{"global.get: T", ClassGlobalGet, 0, 1},
	{"global.set: pc", ClassGlobalSet, 0, 3},
	{"global.set: h", ClassGlobalSet, 0, 1},
	{"global.set: fp", ClassGlobalSet, 0, 1},
	{"global.set: cid", ClassGlobalSet, 0, 1},
	{"global.set: T", ClassGlobalSet, 0, 1},
	{"br: pc", ClassBr, 0, 0},
	{"br: h", ClassBr, 0, 1},
	{"br: fp", ClassBr, 0, 1},
	{"br: cid", ClassBr, 0, 1},
	{"br: T", ClassBr, 0, 1},
	{"br_if: pc", ClassBrIf, 0, 3},
	{"br_if: h", ClassBrIf, 0, 1},
	{"br_if: fp", ClassBrIf, 0, 1},
	{"br_if: cid", ClassBrIf, 0, 1},
	{"br_if: T", ClassBrIf, 0, 1},
	{"call: h", ClassCall, 2, 1},
	{"call: fp", ClassCall, 3, 1},
	{"call: T", ClassCall, 0, 1},
	{"return: h", ClassReturn, 0, 1},
	{"return: T", ClassReturn, 0, 1},
	{"wasm_input: pc", ClassInput, 1, 2},
	{"wasm_input: h", ClassInput, 0, 1},
	{"wasm_input: fp", ClassInput, 0, 1},
	{"wasm_input: cid", ClassInput, 0, 1},
	{"wasm_output: pc", ClassOutput, 1, 3},
	{"wasm_output: h", ClassOutput, 0, 1},
	{"wasm_output: fp", ClassOutput, 0, 1},
	{"wasm_output: cid", ClassOutput, 0, 1},
	{"wasm_output: T", ClassOutput, 0, 1},
	{"require: pc", ClassRequire, 0, 3},
	{"require: h", ClassRequire, 0, 1},
	{"require: fp", ClassRequire, 0, 1},
	{"require: cid", ClassRequire, 0, 1},
	{"require: T", ClassRequire, 0, 1},
	{"br_table: h", ClassBrTable, 0, 1},
	{"br_table: fp", ClassBrTable, 0, 1},
	{"br_table: cid", ClassBrTable, 0, 1},
	{"br_table: T", ClassBrTable, 0, 1},
	{"call_indirect: pc", ClassCallIndirect, 0, 0},
	{"call_indirect: h", ClassCallIndirect, 0, 1},
	{"call_indirect: fp", ClassCallIndirect, 0, 1},
	{"call_indirect: T", ClassCallIndirect, 0, 1},
	{"return_if: h", ClassRetIf, 0, 1},
	{"return_if: T", ClassRetIf, 0, 1},
	{"return_if: pc (not taken)", ClassRetIf, 1, 0},
	{"return_if: fp (not taken)", ClassRetIf, 1, 1},
	{"return_if: cid (not taken)", ClassRetIf, 1, 1},
}

var _ = func() bool {
	for _, sf := range stateForgeries {
		sf := sf
		field := strings.TrimSuffix(sf.rule[strings.LastIndex(sf.rule, ": ")+2:], " (not taken)")
		var fault func(int, *Row, *faultState)
		if field == "pc" {
			fault = atClass(sf.k, sf.skip, func(r *Row, s *faultState) { s.Next = r.PC + uint64(sf.d) })
		} else {
			get := map[string]func(*faultState) *uint64{"h": fH, "fp": fFP, "cid": fCID, "T": fT}[field]
			fault = shiftAndBack(sf.k, sf.skip, get, uint64(sf.d))
		}
		registerForgeries(forgery{
			name:    "ctl/" + sf.rule,
			targets: []string{"gate transition/" + sf.rule},
			image:   ctlImage,
			inputs:  ctlInputs,
			fault:   fault,
		})
	}
	return true
}()

// honestRun runs img without faults.
func honestRun(t testing.TB, img *Image, in Inputs) *Execution {
	t.Helper()
	ex, err := Run(img, in, 1<<16)
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

// swapCIDs returns a fault hook for two executions of the call (or call_indirect) at pc:
// each sets cid' to the other's timestamp instead of its own. Both calls push the same
// frame token but for the timestamp (same site, same frame), so each callee's return
// consumes the other call's token and the frame bus stays balanced.
func swapCIDs(t testing.TB, img *Image, in Inputs, pc int) func(int, *Row, *faultState) {
	var steps []int
	for i, r := range honestRun(t, img, in).Rows {
		if int(r.PC) == pc && (r.Class == ClassCall || r.Class == ClassCallIndirect) {
			steps = append(steps, i)
		}
	}
	if len(steps) < 2 {
		t.Fatalf("the call at pc %d runs %d times, want 2", pc, len(steps))
	}
	return func(step int, _ *Row, s *faultState) {
		switch step {
		case steps[0]:
			s.CID = uint64(steps[1]) + 1
		case steps[1]:
			s.CID = uint64(steps[0]) + 1
		}
	}
}

// ctlLabel returns the pc of a label of the control image.
func ctlLabel(t testing.TB, name string) uint64 {
	_, labels := ctlBuild(t)
	pc, ok := labels[name]
	if !ok {
		t.Fatalf("no label %q", name)
	}
	return uint64(pc)
}

var _ = registerForgeries(
	// The second call of f (f(0)) enters f2 instead (same shape): only the call's pc rule
	// sees it (the frame token holds the return pc, not the target).
	forgery{name: "call enters another function", targets: []string{"gate transition/call: pc"}, image: ctlImage, inputs: ctlInputs,
		faultFor: func(t testing.TB, img *Image) func(int, *Row, *faultState) {
			f2 := ctlLabel(t, "f2.entry")
			return atClass(ClassCall, 2, func(r *Row, s *faultState) { s.Next = f2 })
		}, prove: true},
	forgery{name: "call ids swapped", targets: []string{"gate transition/call: cid"}, image: ctlImage, inputs: ctlInputs,
		faultFor: func(t testing.TB, img *Image) func(int, *Row, *faultState) {
			return swapCIDs(t, img, ctlInputs, int(ctlLabel(t, "m.loop")))
		}, prove: true},
	forgery{name: "call_indirect ids swapped", targets: []string{"gate transition/call_indirect: cid"}, image: ctlImage, inputs: ctlInputs,
		faultFor: func(t testing.TB, img *Image) func(int, *Row, *faultState) {
			return swapCIDs(t, img, ctlInputs, int(ctlLabel(t, "m.loop"))+2)
		}},
	// The first br_table (entry 1, to m.t1) jumps to m.t2 instead.
	forgery{name: "br_table jumps elsewhere", targets: []string{"gate transition/br_table: pc"}, image: ctlImage, inputs: ctlInputs,
		faultFor: func(t testing.TB, img *Image) func(int, *Row, *faultState) {
			to := ctlLabel(t, "m.t2")
			return atClass(ClassBrTable, 0, func(r *Row, s *faultState) { s.Next = to })
		}},
)

// initially returns a fault hook that changes the initial state only.
func initially(f func(s *faultState)) func(int, *Row, *faultState) {
	return func(step int, _ *Row, s *faultState) {
		if step == -1 {
			f(s)
		}
	}
}

// tinyImage is a stub that calls a function that branches to pc 0 dropping one value
// (br 0, drop 1: at h = 1 it leaves h = 0, pc = 0, T unchanged, the state of every row
// after the execution), then halts.
func tinyImage(t testing.TB) *Image {
	img := &Image{StackSize: 4, Code: []Instr{{Class: ClassBr, Imm: 0, Imm2: 1, Source: "br 0"}, {Class: ClassHalt, Source: "halt"}}}
	if err := img.Validate(); err != nil {
		t.Fatal(err)
	}
	return img
}

// setClass moves row r of the witness from class from to class to: it copies the class
// selector cells of a row of class to from a reference witness (so it does not depend on
// how the selector is laid out; from is not needed and kept for the callers).
func setClass(c *Circuit, w *plonkish.Witness, r int, from, to Class) {
	rows := []Row{{Class: ClassHalt, PTS1: 0}}
	if to != ClassPad {
		rows = append(rows, Row{Class: to, PTS1: 1})
	}
	ref, err := c.Witness(&Execution{Rows: rows, Steps: len(rows)})
	if err != nil {
		panic(fmt.Sprintf("setClass: reference witness: %v", err))
	}
	for _, col := range append(append([]plonkish.Column{}, c.cols.gsel...), c.cols.msel...) {
		w.Advice[col.Index][r] = ref.Advice[col.Index][1] // (a padding row after the halt if to is pad)
	}
}

var _ = registerForgeries(
	// First-row pins: a run from another initial state.
	forgery{name: "start at the halt", targets: []string{"gate sequence/first pc"}, image: fibIter4,
		fault: initially(func(s *faultState) { s.Next = 1 }), prove: true},
	forgery{name: "start with h = 2", targets: []string{"gate sequence/first h"}, image: fibIter4,
		fault: initially(func(s *faultState) { s.H = 2 })},
	forgery{name: "start with fp = 3", targets: []string{"gate sequence/first fp"}, image: fibIter4,
		fault: initially(func(s *faultState) { s.FP = 3 })},
	forgery{name: "start with cid = 3", targets: []string{"gate sequence/first cid"}, image: fibIter4,
		fault: initially(func(s *faultState) { s.CID = 3 })},
	forgery{name: "start with T = 3", targets: []string{"gate sequence/first T"}, image: fibIter4,
		fault: initially(func(s *faultState) { s.T = 3 })},
	// An unread public input: io_in starts at 3 and the instance claims one input (9).
	forgery{name: "unread public input", targets: []string{"gate sequence/first io_in"}, image: fibIter4,
		rows: func(t testing.TB, ex *Execution) {
			ex.PublicIn = []uint64{9}
			for i := range ex.Rows[:ex.Steps] {
				ex.Rows[i].IOIn++
				ex.Rows[i].IOOut++
			}
		}},
	// An unwritten public output: io_out starts one past n_in + 3 and the instance claims
	// one output (9) that no wasm_output wrote.
	forgery{name: "unwritten public output", targets: []string{"gate sequence/first io_out"}, image: fibIter4,
		rows: func(t testing.TB, ex *Execution) {
			ex.PublicOut = []uint64{9}
			for i := range ex.Rows[:ex.Steps] {
				ex.Rows[i].IOOut++
			}
		}},
	// An execution of padding rows only (nothing ran, no output).
	forgery{name: "all padding", targets: []string{"gate sequence/first is instr"}, image: tinyImage,
		fault: initially(func(s *faultState) { s.Next = 1 }), // (the rows are replaced)
		rows: func(t testing.TB, ex *Execution) {
			*ex = Execution{Rows: []Row{{Class: ClassHalt, H: 1, IOIn: 2, IOOut: 3}}, Steps: 1}
		},
		cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
			setClass(c, w, 0, ClassHalt, ClassPad)
		}},
	// An execution that stops without halting: br then padding.
	forgery{name: "no halt", targets: []string{"gate sequence/instr then instr"}, image: tinyImage,
		fault: initially(func(s *faultState) { s.Next = 1 }), // (the rows are replaced)
		rows: func(t testing.TB, ex *Execution) {
			*ex = Execution{Rows: []Row{
				{Class: ClassBr, Imm: 0, Imm2: 1, H: 1, IOIn: 2, IOOut: 3},
				{Class: ClassHalt, PTS1: 1, PTS2: 1},
			}, Steps: 2}
		},
		cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
			setClass(c, w, 1, ClassHalt, ClassPad)
			for r := range w.Advice[c.cols.ioIn.Index] {
				w.Set(c.cols.ioIn, r, 2)
			}
		}},
)

// nopHalt is a program of one nop then the halt.
func nopHalt(t testing.TB) *Image {
	img := &Image{StackSize: 4, Code: []Instr{{Class: ClassNop, Source: "nop"}, {Class: ClassHalt, Source: "halt"}}}
	if err := img.Validate(); err != nil {
		t.Fatal(err)
	}
	return img
}

// insertRow inserts row at index i of the execution, moving the timestamps of the rows
// after it that default to "now − 1" (unused slots, boundary rows).
func insertRow(ex *Execution, i int, row Row) {
	rows := append(append(append([]Row{}, ex.Rows[:i]...), row), ex.Rows[i:]...)
	for j := i + 1; j < len(rows); j++ {
		r := &rows[j]
		if r.Class == ClassBoundary {
			r.PTS2, r.PTS3 = uint64(j), uint64(j)
		}
	}
	ex.Rows = rows
	if i < ex.Steps {
		ex.Steps++
	}
}

// publicEnd is the instance position past the last public value.
func publicEnd(ex *Execution) int { return 3 + len(ex.PublicIn) + len(ex.PublicOut) }

var _ = registerForgeries(
	// The nop runs again after the halt, then the halt again.
	forgery{name: "instruction after halt", targets: []string{"gate sequence/halt then boundary/pad"}, image: nopHalt,
		rows: func(t testing.TB, ex *Execution) {
			insertRow(ex, 2, Row{Class: ClassNop, H: 1, IOIn: 2, IOOut: 3, PTS1: 2, PTS2: 2, PTS3: 2})
			insertRow(ex, 3, Row{Class: ClassHalt, PC: 1, H: 1, IOIn: 2, IOOut: 3, PTS1: 3, PTS2: 3, PTS3: 3})
		}},
	// A padding row between the halt and the boundary rows.
	forgery{name: "padding before boundary", targets: []string{"gate sequence/pad then pad"}, image: fibIter4,
		rows: func(t testing.TB, ex *Execution) {
			insertRow(ex, ex.Steps, Row{Class: ClassPad, PTS1: uint64(ex.Steps), PTS2: uint64(ex.Steps), PTS3: uint64(ex.Steps)})
		}},
	// io_in skips instance position 2 (a phantom public input 9 nobody reads).
	forgery{name: "io_in skips an input", targets: []string{"gate transition/io_in", "lookup public input"}, image: ctlImage, inputs: ctlInputs,
		rows: func(t testing.TB, ex *Execution) {
			ex.PublicIn = append([]uint64{9}, ex.PublicIn...)
			for i := range ex.Rows[:ex.Steps] {
				if i > 0 {
					ex.Rows[i].IOIn++
				}
				ex.Rows[i].IOOut++
			}
		}, prove: true},
	// io_out skips the first output position (a phantom output 9 nobody writes).
	forgery{name: "io_out skips an output", targets: []string{"gate transition/io_out"}, image: ctlImage, inputs: ctlInputs,
		rows: func(t testing.TB, ex *Execution) {
			ex.PublicOut = append([]uint64{9}, ex.PublicOut...)
			for i := range ex.Rows[:ex.Steps] {
				if i > 0 {
					ex.Rows[i].IOOut++
				}
			}
		}},
	// The instance claims another first public input than the one read.
	forgery{name: "public input differs", targets: []string{"lookup public input"}, image: ctlImage, inputs: ctlInputs,
		rows: func(t testing.TB, ex *Execution) { ex.PublicIn[0] = 99 }},
	forgery{name: "public output differs", targets: []string{"lookup public output"}, image: ctlImage, inputs: ctlInputs,
		rows: func(t testing.TB, ex *Execution) { ex.PublicOut[0] = 99 }},
	// A value 9 one position past the end of the instance (position end + 1, in_instance
	// back to 1 there).
	forgery{name: "instance value past the end, in_instance 1", targets: []string{"gate instance end/in_instance is monotone"}, image: ctlImage, inputs: ctlInputs,
		cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
			end := publicEnd(ex)
			w.Set(c.cols.inInst, end+1, 1)
			w.Instance[0] = append(w.Instance[0], fr.NewElement(0), fr.NewElement(9))
		}},
	forgery{name: "instance value past the end", targets: []string{"gate instance end/zero past the end"}, image: ctlImage, inputs: ctlInputs,
		cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
			w.Instance[0] = append(w.Instance[0], fr.NewElement(0), fr.NewElement(9))
		}},
	// The padding rows from the 5th on look up one position further.
	forgery{name: "io_out changes after halt", targets: []string{"gate instance end/io_out held after halt"}, image: ctlImage, inputs: ctlInputs,
		cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
			for r := len(ex.Rows) + 4; r < c.Usable(); r++ {
				w.Set(c.cols.ioOut, r, uint64(publicEnd(ex)+1))
			}
		}},
)

// nthRow returns the index of the skip-th row of class k that satisfies ok (nil: any).
func nthRow(t testing.TB, ex *Execution, k Class, skip int, ok func(Row) bool) int {
	t.Helper()
	for i, r := range ex.Rows[:ex.Steps] {
		if r.Class != k || ok != nil && !ok(r) {
			continue
		}
		if skip == 0 {
			return i
		}
		skip--
	}
	t.Fatalf("no such row of class %s", k)
	return -1
}

// ioArgImage reads a private input (1) and uses it as wasm_input's argument (a public
// read), outputs that, then requires another private input (1). Inputs: public 5,
// private 1 and 1.
func ioArgImage(t testing.TB) *Image {
	b := NewBuilder("main", 32)
	b.Func("main", 0, 0)
	b.Emit(I32Const(0), WasmInput(false), WasmInput(false), WasmOutput())
	b.Emit(I32Const(0), WasmInput(false), Require())
	b.Return(0)
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return img
}

var ioArgInputs = Inputs{Public: []uint64{5}, Private: []uint64{1, 1}}

// privateInputLimbs returns a hook that makes the skip-th private wasm_input of the
// control image push v (limbs L = l).
func privateInput(skip int, v, l uint64) func(int, *Row, *faultState) {
	n := 0
	return func(step int, r *Row, s *faultState) {
		if step == -1 { // a new run
			n = 0
			return
		}
		if r == nil || r.Class != ClassInput || r.T != 0 {
			return
		}
		if n == skip {
			r.L, s.T = l, v
		}
		n++
	}
}

func inverse(v uint64) fr.Element {
	var e fr.Element
	e.SetUint64(v)
	e.Inverse(&e)
	return e
}

var _ = registerForgeries(
	// Zero tests (z = [d = 0] from d·inv = 1 − z, d·z = 0).
	forgery{name: "br_if with a non-zero condition not taken", targets: []string{"gate transition/br_if: d·z = 0"}, image: ctlImage, inputs: ctlInputs,
		fault: atClass(ClassBrIf, 1, func(r *Row, s *faultState) { r.Z, r.Inv, s.Next = true, fr.Element{}, r.PC+1 }), prove: true},
	forgery{name: "br_if with a zero condition taken", targets: []string{"gate transition/br_if: d·inv = 1 − z"}, image: ctlImage, inputs: ctlInputs,
		fault: atClass(ClassBrIf, 0, func(r *Row, s *faultState) { r.Z, s.Next = false, r.Imm })},
	forgery{name: "select with a non-zero condition picks the second", targets: []string{"gate transition/select: d·z = 0"}, image: ctlImage, inputs: ctlInputs,
		fault: atClass(ClassSelect, 1, func(r *Row, s *faultState) { r.Z, r.Inv, s.T = true, fr.Element{}, r.A })},
	forgery{name: "select with a zero condition picks the first", targets: []string{"gate transition/select: d·inv = 1 − z"}, image: ctlImage, inputs: ctlInputs,
		fault: atClass(ClassSelect, 0, func(r *Row, s *faultState) { r.Z, s.T = false, r.B })},
	// return_if (F1) with a non-zero condition falls through: the popped frame is pushed
	// back.
	forgery{name: "return_if with a non-zero condition not taken", targets: []string{"gate transition/return_if: d·z = 0"}, image: ctlImage, inputs: ctlInputs,
		fault: atClass(ClassRetIf, 0, func(r *Row, s *faultState) {
			*s.Frames = append(*s.Frames, frame{s.Next, s.FP, s.CID})
			r.Z, r.Inv = true, fr.Element{}
			s.Next, s.FP, s.CID, s.H = r.PC+1, r.FP, r.CID, r.H-1
		})},
	forgery{name: "return_if with a zero condition taken", targets: []string{"gate transition/return_if: d·inv = 1 − z"}, image: ctlImage, inputs: ctlInputs,
		fault: atClass(ClassRetIf, 1, func(r *Row, s *faultState) {
			f := (*s.Frames)[len(*s.Frames)-1]
			*s.Frames = (*s.Frames)[:len(*s.Frames)-1]
			r.Z = false
			s.Next, s.FP, s.CID, s.H = f.pc, f.fp, f.cid, r.FP+1
		})},
	// wasm_input(1) read as a private input: the instance loses that public input.
	forgery{name: "public input read as private", targets: []string{"gate transition/wasm_input: d·z = 0"}, image: ctlImage, inputs: ctlInputs,
		rows: func(t testing.TB, ex *Execution) {
			i := nthRow(t, ex, ClassInput, 0, func(r Row) bool { return r.T == 1 })
			ex.Rows[i].Z, ex.Rows[i].Inv = true, fr.Element{}
			for j := range ex.Rows[:ex.Steps] {
				if j > i {
					ex.Rows[j].IOIn--
				}
				ex.Rows[j].IOOut--
			}
			ex.PublicIn = ex.PublicIn[1:]
		}},
	// wasm_input(2) read as public.
	forgery{name: "wasm_input(2)", targets: []string{"gate transition/wasm_input: is_public is 0 or 1"}, image: ioArgImage, inputs: ioArgInputs,
		rows: func(t testing.TB, ex *Execution) {
			i := nthRow(t, ex, ClassInput, 0, nil)
			ex.Rows[i].L, ex.Rows[i+1].T, ex.Rows[i+1].Inv = 2, 2, inverse(2)
		}},
	// require(0).
	forgery{name: "require(0)", targets: []string{"gate transition/require: condition is non-zero"}, image: ioArgImage, inputs: ioArgInputs,
		rows: func(t testing.TB, ex *Execution) {
			i := nthRow(t, ex, ClassRequire, 0, nil)
			ex.Rows[i-1].L, ex.Rows[i].T = 0, 0
		}, prove: true},
	// A private input larger than its limbs.
	forgery{name: "input not its limbs", targets: []string{"gate transition/wasm_input: T' = limbs"}, image: ioArgImage, inputs: ioArgInputs,
		fault: privateInput(1, 1<<40, 1)},
)

// An i32 private input with a limb above bit 32.
var _ = func() bool {
	for j := 0; j < 4; j++ {
		v := uint64(1) << (32 + 8*j)
		registerForgeries(forgery{name: fmt.Sprintf("i32 input with limb %d", 4+j), targets: []string{fmt.Sprintf("gate transition/wasm_input: i32 high limb %d", j)},
			image: ioArgImage, inputs: ioArgInputs, fault: privateInput(1, v, v)})
	}
	return true
}()

// btImage has a br_table of three entries to three harmless places, run with index 1
// (entry 1) and index 2 (= the count: the default).
func btImage(t testing.TB) *Image { img, _ := btBuild(t); return img }

func btBuild(t testing.TB) (*Image, map[string]int) {
	b := NewBuilder("main", 32)
	b.Func("main", 0, 0)
	for _, idx := range []uint32{1, 2} {
		p := fmt.Sprintf("b%d.", idx)
		b.Emit(I32Const(idx))
		b.BrTable([]BrLabel{{Label: p + "0"}, {Label: p + "1"}}, BrLabel{Label: p + "2"})
		for k := 0; k < 3; k++ {
			b.Label(fmt.Sprintf("%s%d", p, k))
			b.Emit(Nop())
			b.Br(p+"end", 0, 0)
		}
		b.Label(p + "end")
	}
	b.Return(0)
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return img, b.labels
}

// brTo returns a hook that sends the skip-th br_table to its entry k (row and state).
func brTo(t testing.TB, img *Image, skip, k int, edit func(r *Row)) func(int, *Row, *faultState) {
	return atClass(ClassBrTable, skip, func(r *Row, s *faultState) {
		e, ok := img.brEntry(int(r.PC), k)
		if !ok {
			t.Fatalf("no entry %d", k)
		}
		r.K, r.B, r.HX = uint64(k), e.Target, []uint64{e.Drop, e.Refill}
		s.Next = e.Target
		edit(r)
	})
}

// memImage loads a word and has nops (programs with memory access have the offset and
// width columns).
func memImage(t testing.TB) *Image {
	b := NewBuilder("main", 32)
	b.Memory([]uint64{0x0102030405060708})
	b.Func("main", 0, 0)
	b.Emit(I32Const(0), Load(4, 0, false), Drop(), Nop())
	b.Return(0)
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// setCell sets one advice cell of the first row of class k (with skip) to v.
func setCells(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness, k Class, skip int, set map[plonkish.Column]fr.Element) {
	r := nthRow(t, ex, k, skip, nil)
	for col, v := range set {
		w.Advice[col.Index][r] = v
	}
}

func frInt(v int64) fr.Element {
	var e fr.Element
	e.SetInt64(v)
	return e
}

func frFrac(num, den int64) fr.Element {
	var n, d fr.Element
	n.SetInt64(num)
	d.SetInt64(den)
	d.Inverse(&d)
	n.Mul(&n, &d)
	return n
}

var _ = registerForgeries(
	// A parameter read as a fresh declared local (f(0)'s first local.get: reads 0 anyway).
	forgery{name: "parameter read as fresh", targets: []string{"gate transition/local.get: fresh only for declared"}, image: ctlImage, inputs: ctlInputs,
		fault: func() func(int, *Row, *faultState) {
			done := false
			return func(step int, r *Row, s *faultState) {
				if step == -1 { // a new run
					done = false
					return
				}
				if r == nil || done || r.Class != ClassLocalGet || r.F1 || r.B != 0 {
					return
				}
				done, r.C = true, true
			}
		}()},
	// main's local 0 (declared, written in this frame) read as fresh: 0.
	forgery{name: "written local read as fresh", targets: []string{"gate transition/local.get: freshness = L limbs"}, image: ctlImage, inputs: ctlInputs,
		fault: atClass(ClassLocalGet, 0, func(r *Row, s *faultState) {
			r.C, r.Slot[1].Write, s.T = true, 0, 0
			s.Mem[r.Slot[1].Addr].val = 0
		}), prove: true},
	// br_table index 1 sent to entry 0.
	forgery{name: "br_table effective index", targets: []string{"gate transition/br_table: effective index"}, image: btImage,
		faultFor: func(t testing.TB, img *Image) func(int, *Row, *faultState) {
			return brTo(t, img, 0, 0, func(r *Row) {})
		}},
	// br_table index 1 (< 2) sent to the default: borrow c = 0, L = 2^32 − 1.
	forgery{name: "br_table borrow", targets: []string{"gate transition/br_table: borrow"}, image: btImage,
		faultFor: func(t testing.TB, img *Image) func(int, *Row, *faultState) {
			return brTo(t, img, 0, 2, func(r *Row) { r.C = false })
		}},
	// br_table index 2 = count: c = 1 (in range, effective index 2, the same entry) with
	// L = 2^32 (a fifth limb).
	forgery{name: "br_table borrow past 32 bits", targets: []string{"gate transition/br_table: i32 high limb 0"}, image: btImage,
		fault: atClass(ClassBrTable, 1, func(r *Row, s *faultState) { r.C, r.L = true, 1<<32 })},
	// br_table to a target that is not its entry's.
	forgery{name: "br_table to another target", targets: []string{"lookup dynamic target"}, image: btImage,
		faultFor: func(t testing.TB, img *Image) func(int, *Row, *faultState) {
			_, labels := btBuild(t)
			to := uint64(labels["b1.0"])
			return atClass(ClassBrTable, 0, func(r *Row, s *faultState) { r.B, s.Next = to, to })
		}},
	// The returning br_table entry leaves one value more.
	forgery{name: "br_table return height", targets: []string{"gate transition/br_table: h (return)"}, image: ctlImage, inputs: ctlInputs,
		fault: atClass(ClassBrTable, 2, func(r *Row, s *faultState) { s.H++ })},
	// A run of a program with i32.const 5 changed to 6.
	forgery{name: "instruction not in the image", targets: []string{"lookup fetch"}, image: ctlImage, inputs: ctlInputs,
		runImage: func(t testing.TB, img *Image) *Image {
			img2 := *img
			img2.Code = append([]Instr{}, img.Code...)
			for i, in := range img2.Code {
				if in.Class == ClassConst && in.Imm == 5 {
					img2.Code[i].Imm = 6
					return &img2
				}
			}
			t.Fatal("no i32.const 5")
			return nil
		}, prove: true},
	// A run from another initial global.
	forgery{name: "initial global not the image's", targets: []string{"lookup fetch"}, image: ctlImage, inputs: ctlInputs,
		runImage: func(t testing.TB, img *Image) *Image {
			img2 := *img
			img2.Globals = []uint64{99, 0}
			return &img2
		}},
	// g's first return restores another call id.
	forgery{name: "return to another frame", targets: []string{"bus frames"}, image: ctlImage, inputs: ctlInputs,
		fault: atClass(ClassReturn, 0, func(r *Row, s *faultState) { s.CID++ })},
	// global.get returns a value nobody wrote (and writes it back).
	forgery{name: "read of an unwritten value", targets: []string{"bus memory"}, image: ctlImage, inputs: ctlInputs,
		fault: atClass(ClassGlobalGet, 0, func(r *Row, s *faultState) {
			r.B++
			r.Slot[1].Write++
			s.T++
			s.Mem[r.Slot[1].Addr].val++
		})},

	// Decoding: a non-boolean flag on a nop, compensated in the opcode
	// class + 64·(w64 + 2·f1 + 4·f2 + 8·f3) so that the fetch still holds; no nop rule
	// reads the flags.
	forgery{name: "w64 = −2", targets: []string{"gate decode/bool w64"}, image: ctlImage, inputs: ctlInputs,
		cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
			setCells(t, c, ex, w, ClassNop, 0, map[plonkish.Column]fr.Element{c.cols.w64: frInt(-2), c.cols.f1: frInt(1)})
		}},
	forgery{name: "f1 = −1/2", targets: []string{"gate decode/bool f1"}, image: ctlImage, inputs: ctlInputs,
		cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
			setCells(t, c, ex, w, ClassNop, 0, map[plonkish.Column]fr.Element{c.cols.w64: frInt(1), c.cols.f1: frFrac(-1, 2)})
		}},
	forgery{name: "f2 = −1/4", targets: []string{"gate decode/bool f2"}, image: ctlImage, inputs: ctlInputs,
		cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
			setCells(t, c, ex, w, ClassNop, 0, map[plonkish.Column]fr.Element{c.cols.w64: frInt(1), c.cols.f2: frFrac(-1, 4)})
		}},
	forgery{name: "f3 = −1/8", targets: []string{"gate decode/bool f3"}, image: memImage,
		cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
			setCells(t, c, ex, w, ClassNop, 0, map[plonkish.Column]fr.Element{c.cols.w64: frInt(1), c.cols.f3: frFrac(-1, 8)})
		}},
	// (c and z are one column, checked twice: both fail.)
	forgery{name: "c = 2", targets: []string{"gate decode/bool c|z", "gate decode/bool c|z#2"}, image: ctlImage, inputs: ctlInputs,
		cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
			setCells(t, c, ex, w, ClassNop, 0, map[plonkish.Column]fr.Element{c.cols.c: frInt(2)})
		}},
)

// A non-boolean byte-offset bit on a nop (only loads and stores read them): since
// "offset bits only on loads, stores and tails" also rejects it, this forgery has two
// targets and does not count as coverage of the boolean rule.
var _ = func() bool {
	for j := 0; j < 8; j++ {
		j := j
		registerForgeries(forgery{name: fmt.Sprintf("o%d = 2 on a nop", j), targets: []string{fmt.Sprintf("gate decode/bool o%d", j), "gate transition/offset bits only on loads, stores and tails"}, image: memImage,
			cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
				setCells(t, c, ex, w, ClassNop, 0, map[plonkish.Column]fr.Element{c.cols.o[j]: frInt(2)})
			}})
	}
	return true
}()

// Memory-slot forgeries. A slot access (read the token (addr, old, pts), write
// (addr, new, now)) is moved, changed or added by the hook after the run made it, with
// the machine's memory updated the same way, so the memory bus stays balanced and only
// the slot's rule for the class fails.

// slotOf returns the read value, its timestamp and the slot use of slot i (0 or 1).
func slotOf(r *Row, i int) (val, pts *uint64, use *SlotUse) {
	if i == 0 {
		return &r.A, &r.PTS1, &r.Slot[0]
	}
	return &r.B, &r.PTS2, &r.Slot[1]
}

// moveSlot moves slot i of the row to the (untouched stack) address x: the original
// address gets its old token back, x is read (its initial 0) and written (the same value
// for a read-only slot, keep; the row's value otherwise). If tRead, the row's result T'
// is the value read and follows it.
func moveSlot(i int, x uint64, keep, tRead bool) func(step int, r *Row, s *faultState) {
	return func(step int, r *Row, s *faultState) {
		val, pts, use := slotOf(r, i)
		y := use.Addr
		s.Mem[y].val, s.Mem[y].ts = *val, *pts
		c := s.Mem[x]
		if c == nil {
			c = &memCell{}
			s.Mem[x] = c
		}
		w := use.Write
		if keep {
			w = c.val
		}
		if tRead {
			s.T = c.val
		}
		*val, *pts, *use = c.val, c.ts, SlotUse{On: true, Addr: x, Write: w}
		c.val, c.ts = w, uint64(step)+1
	}
}

// bumpSlot makes slot i write back its value + 1.
func bumpSlot(i int) func(step int, r *Row, s *faultState) {
	return func(_ int, r *Row, s *faultState) {
		_, _, use := slotOf(r, i)
		use.Write++
		s.Mem[use.Addr].val = use.Write
	}
}

// extraSlot makes a row that uses no slot i access address x and write 7 there.
func extraSlot(i int, x uint64) func(step int, r *Row, s *faultState) {
	return func(step int, r *Row, s *faultState) {
		val, pts, use := slotOf(r, i)
		c := s.Mem[x]
		if c == nil {
			c = &memCell{}
			s.Mem[x] = c
		}
		*val, *pts, *use = c.val, c.ts, SlotUse{On: true, Addr: x, Write: 7}
		c.val, c.ts = 7, uint64(step)+1
	}
}

// atClassStep is atClass for hooks that need the step.
func atClassStep(k Class, skip int, f func(step int, r *Row, s *faultState)) func(int, *Row, *faultState) {
	n := 0
	return func(step int, r *Row, s *faultState) {
		if step == -1 { // a new run
			n = 0
			return
		}
		if r == nil || r.Class != k {
			return
		}
		if n == skip {
			f(step, r, s)
		}
		n++
	}
}

// brDropImage has a br that drops one value under the kept one (F1: refill T from h − 2).
func brDropImage(t testing.TB) *Image {
	b := NewBuilder("main", 32)
	b.Func("main", 0, 0)
	b.Emit(I32Const(1), I32Const(2), I32Const(3))
	b.Br("l", 1, 0)
	b.Label("l")
	b.Emit(Drop())
	b.Return(0)
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if !img.Code[findClass(img, ClassBr)].F1 {
		t.Fatal("br without refill")
	}
	return img
}

func findClass(img *Image, k Class) int {
	for pc, in := range img.Code {
		if in.Class == k {
			return pc
		}
	}
	return -1
}

var slotForgeries = []struct {
	k           Class
	skip, slot  int
	keep, tRead bool
	img         func(testing.TB) *Image
}{
	{ClassConst, 0, 0, false, false, nil},
	{ClassDrop, 0, 0, true, true, nil},
	{ClassSelect, 0, 0, true, true, nil}, // z = 1: T' = A
	{ClassSelect, 0, 1, true, false, nil},
	{ClassLocalGet, 0, 0, false, false, nil},
	{ClassLocalGet, 2, 1, true, true, nil}, // a parameter (a declared local moved to an untouched address must read as fresh)
	{ClassGlobalGet, 0, 0, false, false, nil},
	{ClassGlobalGet, 0, 1, true, true, nil},
	{ClassLocalSet, 0, 0, true, true, nil},
	{ClassLocalSet, 0, 1, false, false, nil},
	{ClassGlobalSet, 0, 0, true, true, nil},
	{ClassGlobalSet, 0, 1, false, false, nil},
	{ClassLocalTee, 0, 1, false, false, nil},
	{ClassBr, 0, 0, true, true, brDropImage},
	{ClassBrIf, 0, 0, true, true, nil},
	{ClassCall, 1, 0, false, false, nil},
	{ClassReturn, 0, 0, true, true, nil},
	{ClassRetIf, 1, 0, true, true, nil},
	{ClassOutput, 0, 0, true, true, nil},
	{ClassRequire, 0, 0, true, true, nil},
	{ClassBrTable, 0, 0, true, true, nil},
}

var _ = func() bool {
	for _, sf := range slotForgeries {
		sf := sf
		img := sf.img
		if img == nil {
			img = ctlImage
		}
		id := fmt.Sprintf("gate memory slots/slot%d %s ", sf.slot+1, sf.k)
		registerForgeries(
			forgery{name: fmt.Sprintf("slot%d of %s moved", sf.slot+1, sf.k), targets: []string{id + "address"}, image: img, inputs: ctlInputs,
				fault: atClassStep(sf.k, sf.skip, moveSlot(sf.slot, 30, sf.keep, sf.tRead))},
			forgery{name: fmt.Sprintf("slot%d of %s writes another value", sf.slot+1, sf.k), targets: []string{id + "value"}, image: img, inputs: ctlInputs,
				fault: atClassStep(sf.k, sf.skip, bumpSlot(sf.slot))},
		)
	}
	return true
}()

var _ = registerForgeries(
	forgery{name: "nop writes memory by slot 1", targets: []string{"gate memory slots/slot1 enable"}, image: ctlImage, inputs: ctlInputs,
		fault: atClassStep(ClassNop, 0, extraSlot(0, 30))},
	// Slot 2's enable is the sum of the selectors of the classes that use it (no column):
	// a nop's slot-2 write is not on the bus at all, which then does not balance.
	forgery{name: "nop writes memory by slot 2", targets: []string{"bus memory"}, image: ctlImage, inputs: ctlInputs,
		fault: atClassStep(ClassNop, 0, extraSlot(1, 30))},
)

// loopImage is br 0 (an endless loop) and a halt nobody reaches.
func loopImage(t testing.TB) *Image {
	img := &Image{StackSize: 4, Code: []Instr{{Class: ClassBr, Source: "br 0"}, {Class: ClassHalt, Source: "halt"}}}
	if err := img.Validate(); err != nil {
		t.Fatal(err)
	}
	return img
}

var _ = registerForgeries(
	// A program that never halts, its loop filling every usable row: without the last-row
	// pin it would prove a successful run with no output.
	forgery{name: "never halts", targets: []string{"gate sequence/last is pad"}, image: loopImage, params: forgeParams,
		fault: initially(func(s *faultState) { s.Next = 1 }), // (the rows are replaced)
		rows: func(t testing.TB, ex *Execution) {
			u := forgeParams.usable(t, loopImage(t))
			ex.Rows = nil
			for r := 0; r < u-2; r++ {
				ex.Rows = append(ex.Rows, Row{Class: ClassBr, H: 1, IOIn: 2, IOOut: 3, PTS1: uint64(r), PTS2: uint64(r), PTS3: uint64(r)})
			}
			ex.Rows = append(ex.Rows, Row{Class: ClassHalt, PC: 1, H: 1, IOIn: 2, IOOut: 3, PTS1: uint64(u - 2), PTS2: uint64(u - 2), PTS3: uint64(u - 2)})
			ex.Steps = len(ex.Rows)
		},
		cells: func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness) {
			u := c.Usable()
			setClass(c, w, u-2, ClassHalt, ClassBr)
			setClass(c, w, u-1, ClassPad, ClassBr)
			for _, r := range []int{u - 2, u - 1} {
				w.Set(c.cols.pc, r, 0)
				w.Set(c.cols.h, r, 1)
				w.Set(c.cols.ioIn, r, 2)
			}
		}},
)

func (p Params) usable(t testing.TB, img *Image) int {
	c, err := New(img, p)
	if err != nil {
		t.Fatal(err)
	}
	return c.Usable()
}

// TestEveryStepPinned is an exhaustive sweep over the control image (and the br_table,
// I/O and br-refill images): for the initial
// state and every executed row, shifting any state field the row leaves (next pc, h, fp, cid, T) by ±1, moving
// either memory slot to another address (as a read-only or a writing access, the result
// following the read value or not), changing the value it writes back, or adding an
// access to an unused slot gives an execution that the MockProver rejects. (No rule is
// named: this looks for missing constraints; the registered forgeries pin each rule.)
func TestEveryStepPinned(t *testing.T) {
	if testing.Short() {
		t.Skip("a few thousand MockProver runs: skipped in -short")
	}
	for _, tc := range []struct {
		name    string
		img     func(testing.TB) *Image
		in      Inputs
		minRuns int
	}{
		{"control", ctlImage, ctlInputs, 1000},
		{"br_table", btImage, Inputs{}, 100},
		{"io", ioArgImage, ioArgInputs, 100},
		{"br refill", brDropImage, Inputs{}, 50},
	} {
		t.Run(tc.name, func(t *testing.T) { everyStepPinned(t, tc.img(t), tc.in, tc.minRuns) })
	}
}

func everyStepPinned(t *testing.T, img *Image, in Inputs, minRuns int) {
	c, err := New(img, forgeParams)
	if err != nil {
		t.Fatal(err)
	}
	pre := c.Preprocessed()
	ex := honestRun(t, img, in)
	type fault struct {
		what string
		f    func(r *Row, s *faultState, step int)
	}
	var faults []fault
	for _, d := range []uint64{1, ^uint64(0)} {
		for _, fl := range []struct {
			name string
			get  func(*faultState) *uint64
		}{{"pc'", func(s *faultState) *uint64 { return &s.Next }}, {"h'", fH}, {"fp'", fFP}, {"cid'", fCID}, {"T'", fT}} {
			fl, d := fl, d
			faults = append(faults, fault{fmt.Sprintf("%s %+d", fl.name, int64(d)), func(_ *Row, s *faultState, _ int) { *fl.get(s) += d }})
		}
	}
	for slot := 0; slot < 2; slot++ {
		for _, kt := range [][2]bool{{true, true}, {true, false}, {false, true}, {false, false}} {
			slot, kt := slot, kt
			faults = append(faults, fault{fmt.Sprintf("slot%d moved (keep %v, T' read %v)", slot+1, kt[0], kt[1]), func(r *Row, s *faultState, step int) {
				if r.Slot[slot].On {
					moveSlot(slot, 30, kt[0], kt[1])(step, r, s)
				}
			}})
		}
		slot := slot
		faults = append(faults, fault{fmt.Sprintf("slot%d writes value+1", slot+1), func(r *Row, s *faultState, step int) {
			if r.Slot[slot].On {
				bumpSlot(slot)(step, r, s)
			}
		}}, fault{fmt.Sprintf("slot%d added", slot+1), func(r *Row, s *faultState, step int) {
			if !r.Slot[slot].On {
				extraSlot(slot, 30)(step, r, s)
			}
		}})
	}
	runs := 0
	for step := -1; step < ex.Steps-1; step++ {
		for _, f := range faults {
			step, f := step, f
			changed := false
			ex2, err := safeRun(img, in, c.Usable(), func(s0 int, r *Row, s *faultState) {
				if s0 == -1 && step == -1 {
					st := *s
					f.f(&Row{}, s, s0) // the initial state (the slot faults see no slot)
					changed = st.Next != s.Next || st.H != s.H || st.FP != s.FP || st.CID != s.CID || st.T != s.T
					return
				}
				if s0 == step {
					before, st := *r, *s
					f.f(r, s, s0)
					changed = before.A != r.A || before.B != r.B || before.Slot != r.Slot || before.PTS1 != r.PTS1 || before.PTS2 != r.PTS2 ||
						st.Next != s.Next || st.H != s.H || st.FP != s.FP || st.CID != s.CID || st.T != s.T
				}
			})
			if err != nil || !changed {
				continue // the forged run traps, or the fault does not apply to this row
			}
			w, err := c.Witness(ex2)
			if err != nil {
				continue
			}
			runs++
			if mock.VerifyWith(c.CS, pre, w, mock.Options{UsableRowsOnly: true, MaxPerConstraint: 1}) == nil {
				if step == -1 {
					t.Errorf("accepted: initial state: %s", f.what)
				} else {
					t.Errorf("accepted: row %d (%s, pc %d): %s", step, ex.Rows[step].Class, ex.Rows[step].PC, f.what)
				}
			}
		}
	}
	if runs < minRuns {
		t.Errorf("only %d forged runs", runs)
	}
	t.Logf("%d forged executions, all rejected", runs)
}

// safeRun is run that turns a panic (a forged pc outside the code) into an error.
func safeRun(img *Image, in Inputs, maxSteps int, fault func(int, *Row, *faultState)) (ex *Execution, err error) {
	defer func() {
		if r := recover(); r != nil {
			ex, err = nil, fmt.Errorf("forged run panicked: %v", r)
		}
	}()
	return run(img, in, maxSteps, fault)
}

var _ = registerForgeries(
	// call_indirect of table entry 0 (g) enters g2 (same shape) instead.
	forgery{name: "call_indirect to a function not in the table", targets: []string{"lookup dynamic target"}, image: ctlImage, inputs: ctlInputs,
		faultFor: func(t testing.TB, img *Image) func(int, *Row, *faultState) {
			g2 := ctlLabel(t, "g2.entry")
			return atClass(ClassCallIndirect, 0, func(r *Row, s *faultState) { r.B, s.Next = g2, g2 })
		}},
)
