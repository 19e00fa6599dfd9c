package circuit

// The consistent-forgery framework and the constraint-coverage check.
//
// A forgery is an execution that breaks exactly one rule of the circuit and is otherwise
// coherent: it is built by running the image with a fault hook (run's last argument,
// which may change a row and the state the rest of the run continues from, so that the
// memory and frame buses stay balanced), by editing the rows of an honest run before
// the witness is assigned, or by editing witness cells afterwards. The MockProver must
// reject it, and every failure it reports must be one of the forgery's named target
// constraints: then deleting the target would let the forgery through, so the target is
// necessary and its test would notice its removal (what one-cell tampers do not show:
// they are caught first by the memory bus or the fetch lookup).
//
// Test files register forgeries with registerForgeries (a package-level registry, so
// that every file adds its own table). TestForgeries runs them all; TestConstraintCoverage
// enumerates every constraint of the circuits of coverageImages and requires each to be
// the only target of a registered forgery or be listed, with a reason, in
// testdata/circuit/unforged.txt (which must hold no stale entries). Regenerate the list's
// missing entries with
//
//	go test ./circuit -run TestConstraintCoverage -update
//
// (existing reasons are kept; new entries get "not forged yet").

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/kzg"
	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/backend"
	"github.com/zkwasm/zkwasm/plonkish/mock"
)

// forgeParams are the default parameters of forgeries: byte limbs, 2^10 rows (the
// MockProver's time is most of a forgery's).
var forgeParams = Params{K: 10, LimbBits: 8}

// defaultForgeParams returns forgeParams if the image and its honest run fit there with
// some room (a forged run may be a little longer), else testParams (2^11 rows).
func defaultForgeParams(img *Image, in Inputs) Params {
	c, err := New(img, forgeParams)
	if err != nil {
		return testParams
	}
	ex, err := Run(img, in, c.Usable())
	if err != nil || len(ex.Rows)+64 > c.Usable() {
		return testParams
	}
	return forgeParams
}

// forgery is one consistent forgery.
type forgery struct {
	// name identifies the forgery (unique in the registry).
	name string
	// targets are the constraint ids (see constraintIDs) the forgery violates: each of
	// them must fail and nothing else may. Only single-target forgeries count as covering
	// their constraint.
	targets []string
	// image builds the program.
	image func(t testing.TB) *Image
	// inputs are the run's inputs.
	inputs Inputs
	// params are the circuit parameters (if zero: forgeParams, or testParams for images
	// or runs that do not fit there).
	params Params
	// runImage, if not nil, is the image the run executes (from the circuit's image); the
	// fixed columns stay the circuit's.
	runImage func(t testing.TB, img *Image) *Image
	// fault, if not nil, is run's fault hook: it may change each instruction row (but
	// halt's) and the state the run continues from. A forgery is built more than once
	// (MockProver, real prover): a hook that keeps state must reset it at step −1, the
	// first call of every run.
	fault func(step int, r *Row, s *faultState)
	// faultFor, if not nil, makes the fault hook for the image (it may run the image
	// honestly first, e.g. to learn the timestamps of later rows); it replaces fault.
	faultFor func(t testing.TB, img *Image) func(step int, r *Row, s *faultState)
	// rows, if not nil, edits the execution before the witness is assigned.
	rows func(t testing.TB, ex *Execution)
	// cells, if not nil, edits witness cells after assignment.
	cells func(t testing.TB, c *Circuit, ex *Execution, w *plonkish.Witness)
	// prove marks the forgery for the real prover and verifier sample (TestForgeriesProver).
	prove bool
}

var forgeries []forgery

// registerForgeries adds forgeries to the registry; use it in a package-level var
// declaration (var _ = registerForgeries(...)) or an init function.
func registerForgeries(fs ...forgery) bool {
	forgeries = append(forgeries, fs...)
	return true
}

// Constraint ids: "gate <gate>/<polynomial>" (the polynomial's name, or #index if it has
// none; a repeated name gets #2, #3 …), "lookup <name>", "shuffle <name>", "bus <name>".
func gatePolyID(gate string, poly int, name string) string {
	if name == "" {
		return fmt.Sprintf("gate %s/#%d", gate, poly)
	}
	return "gate " + gate + "/" + name
}

// constraintIDs returns the ids of every constraint of cs, in order, and the id of each
// gate polynomial (by gate and polynomial index).
func constraintIDs(cs *plonkish.ConstraintSystem) (ids []string, gateIDs [][]string) {
	seen := map[string]int{}
	uniq := func(id string) string {
		seen[id]++
		if n := seen[id]; n > 1 {
			id = fmt.Sprintf("%s#%d", id, n)
		}
		ids = append(ids, id)
		return id
	}
	for _, g := range cs.Gates {
		var gi []string
		for i := range g.Polys {
			name := ""
			if i < len(g.PolyNames) {
				name = g.PolyNames[i]
			}
			gi = append(gi, uniq(gatePolyID(g.Name, i, name)))
		}
		gateIDs = append(gateIDs, gi)
	}
	for _, l := range cs.Lookups {
		uniq("lookup " + l.Name)
	}
	for _, s := range cs.Shuffles {
		uniq("shuffle " + s.Name)
	}
	for _, b := range cs.Buses {
		uniq("bus " + b.Name)
	}
	return ids, gateIDs
}

// failureID returns the constraint id of a MockProver failure ("" for shapes, copies and
// blinding failures, which are never a forgery's target).
func failureID(gateIDs [][]string, f mock.Failure) string {
	switch f.Kind {
	case mock.Gate:
		if f.Index >= 0 && f.Index < len(gateIDs) && f.Poly >= 0 && f.Poly < len(gateIDs[f.Index]) {
			return gateIDs[f.Index][f.Poly]
		}
	case mock.Lookup:
		return "lookup " + f.Name
	case mock.Shuffle:
		return "shuffle " + f.Name
	case mock.Bus:
		return "bus " + f.Name
	}
	return ""
}

// forged is a forgery's circuit, fixed columns, execution and witness.
type forged struct {
	c   *Circuit
	pre *plonkish.Preprocessed
	ex  *Execution
	w   *plonkish.Witness
}

// build runs the forgery's image with its fault hook and edits and returns the forged
// witness (with the original image's fixed columns).
func (f forgery) build(t testing.TB) forged {
	t.Helper()
	img := f.image(t)
	p := f.params
	if p == (Params{}) {
		p = defaultForgeParams(img, f.inputs)
	}
	c, err := New(img, p)
	if err != nil {
		t.Fatal(err)
	}
	fault := f.fault
	if f.faultFor != nil {
		fault = f.faultFor(t, img)
	}
	runImg := img
	if f.runImage != nil {
		runImg = f.runImage(t, img)
	}
	ex, err := run(runImg, f.inputs, c.Usable(), fault)
	if err != nil {
		t.Fatalf("forged run: %v", err)
	}
	if fault != nil { // the same hook must forge the same run again (see forgery.fault)
		again, err := run(runImg, f.inputs, c.Usable(), fault)
		if err != nil || !reflect.DeepEqual(again, ex) {
			t.Fatalf("the fault hook forges another run the second time (keeps state across runs? reset it at step -1): %v", err)
		}
	}
	if f.rows != nil {
		f.rows(t, ex)
	}
	w, err := c.Witness(ex)
	if err != nil {
		t.Fatalf("forged witness: %v", err)
	}
	if f.cells != nil {
		f.cells(t, c, ex, w)
	}
	return forged{c, c.Preprocessed(), ex, w}
}

// check builds the forgery and requires the MockProver to reject it with failures of its
// targets only, every target failing.
func (f forgery) check(t testing.TB) forged {
	t.Helper()
	fg := f.build(t)
	ids, gateIDs := constraintIDs(fg.c.CS)
	exists := map[string]bool{}
	for _, id := range ids {
		exists[id] = true
	}
	want := map[string]bool{}
	for _, id := range f.targets {
		if !exists[id] {
			t.Fatalf("target %q is not a constraint of this circuit", id)
		}
		want[id] = true
	}
	err := mock.VerifyWith(fg.c.CS, fg.pre, fg.w, mock.Options{MaxPerConstraint: 1, UsableRowsOnly: true})
	if err == nil {
		t.Fatalf("forgery accepted by the MockProver (targets %q): a missing constraint", f.targets)
	}
	var me *mock.Error
	if !errors.As(err, &me) {
		t.Fatalf("MockProver: %v", err)
	}
	failed := map[string]bool{}
	for _, fl := range me.Failures {
		id := failureID(gateIDs, fl)
		failed[id] = true
		if !want[id] {
			t.Errorf("failure outside the targets %q: %s (id %q): the forgery is not consistent", f.targets, fl, id)
		}
	}
	for _, id := range f.targets {
		if !failed[id] {
			t.Errorf("target %q did not fail (failures: %v)", id, err)
		}
	}
	return fg
}

// TestForgeries runs every registered forgery against the MockProver.
func TestForgeries(t *testing.T) {
	names := map[string]bool{}
	for _, f := range forgeries {
		if names[f.name] {
			t.Errorf("forgery %q registered twice", f.name)
		}
		names[f.name] = true
		t.Run(f.name, func(t *testing.T) { f.check(t) })
	}
}

// TestForgeriesProver runs the forgeries marked prove through the real prover: Prove
// refuses the witness, and a proof made without its checks does not verify.
func TestForgeriesProver(t *testing.T) {
	if testing.Short() {
		t.Skip("real proofs: skipped in -short")
	}
	srs, err := kzg.NewTestSRS(uint64(1)<<forgeParams.K+1, []byte("zkwasm circuit forgeries"))
	if err != nil {
		t.Fatal(err)
	}
	// The honest run of the control image proves and verifies with this setup, so the
	// rejections below are the forgeries'.
	{
		c, pre, w, _, err := Assign(ctlImage(t), ctlInputs, forgeParams)
		if err != nil {
			t.Fatal(err)
		}
		pk, vk, err := backend.Setup(c.CS, pre, srs)
		if err != nil {
			t.Fatal(err)
		}
		proof, err := backend.Prove(pk, cloneWitness(w), nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := backend.Verify(vk, w.Instance, proof); err != nil {
			t.Fatalf("honest proof rejected: %v", err)
		}
	}
	n := 0
	for _, f := range forgeries {
		if !f.prove {
			continue
		}
		n++
		t.Run(f.name, func(t *testing.T) {
			fg := f.check(t)
			k := fg.c.Params.K
			if srs == nil || srs.Size() < uint64(1)<<k+1 {
				var err error
				if srs, err = kzg.NewTestSRS(1<<k+1, []byte("zkwasm circuit forgeries")); err != nil {
					t.Fatal(err)
				}
			}
			pk, vk, err := backend.Setup(fg.c.CS, fg.pre, srs)
			if err != nil {
				t.Fatal(err)
			}
			w2 := cloneWitness(fg.w)
			if _, err := backend.Prove(pk, w2, nil); err == nil {
				t.Error("Prove accepted the forged witness")
			}
			proof, err := backend.Prove(pk, cloneWitness(fg.w), nil, backend.WithoutChecks())
			if err != nil {
				t.Fatalf("Prove (without checks): %v", err)
			}
			if err := backend.Verify(vk, fg.w.Instance, proof); err == nil {
				t.Fatal("the proof of a forged witness verifies")
			}
		})
	}
	if n < 5 {
		t.Errorf("only %d forgeries marked for the real prover, want at least 5", n)
	}
}

// coverageImages are programs whose circuits together have every optional part of the
// constraint system (see configure's flags): their constraints are the ones
// TestConstraintCoverage requires a forgery or an allow-list entry for.
func coverageImages(t testing.TB) map[string]*Image {
	build := func(b *Builder) *Image {
		img, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
	imgs := map[string]*Image{"plain": fibIter(t, 3)}

	// Everything: memory with signed loads, bitwise, every shift, wide comparisons,
	// divisions, bit counts with popcnt, conditional returns, a returning br_table entry,
	// call_indirect, I/O.
	b := NewBuilder("main", 64)
	b.Globals(0)
	b.Memory([]uint64{0, 0})
	b.Func("main", 0, 1)
	b.Emit(I32Const(1), WasmInput(false), I32Const(0), WasmInput(true), IAdd(false), WasmOutput())
	b.Emit(I32Const(0), Load(4, 0, false), I32Const(0), LoadS(1, 0, false), IAnd(false), IOr(false), Drop())
	b.Emit(I32Const(0), I64Const(5), Store(8, 0, true))
	b.Emit(I32Const(3), ExtendS(1, false), I32Const(2), I32Shl(), I32Const(1), I32ShrS(), Drop())
	b.Emit(I32Const(3), I32Const(2), I32LtS(), I32Const(2), I32DivU(), I32Const(1), I32DivS(), Drop())
	b.Emit(I64Const(3), ShiftK(true, false, false, 2), ShrSK(true, 1), I64Const(2), I64LtS(), Drop())
	b.Emit(I64Const(3), I64Const(2), I64Shl(), I64Const(1), I64ShrS(), I64Const(3), I64DivU(), Drop())
	b.Emit(I32Const(3), Clz(false), Popcnt(false), Wrap(), Require())
	b.Emit(I32Const(3), IEqz(false), I32Const(2), IEq(false), I32Const(1), ILtU(false), I32Const(5), IMul(false), Nop())
	b.Emit(I32Const(1))
	b.BrIf("main.next", 0, 0)
	b.Br("main.next", 0, 0)
	b.Label("main.next")
	b.Emit(I32Const(0), Select())
	b.Emit(I32Const(1), LocalTee(0), GlobalSet(0), GlobalGet(0))
	b.Emit(I32Const(0))
	b.CallIndirect(0)
	b.Emit(I32Const(0))
	b.Call("f")
	b.Return(0)
	b.Func("f", 1, 1)
	b.Emit(LocalGet(0), Instr{Class: ClassRetIf})
	b.Emit(LocalGet(0))
	b.BrTable([]BrLabel{{Label: "f.end"}}, BrLabel{Label: "f.end"})
	b.Label("f.end")
	b.Return(0)
	b.Func("g", 0, 0)
	b.Return(0)
	b.TableSet([]string{"g"}, map[string]uint64{"g": 0})
	all := build(b)
	for i := range all.BrTable {
		if i == 0 {
			all.BrTable[i] = BrEntry{Site: all.BrTable[i].Site, K: all.BrTable[i].K, Ret: true}
		}
	}
	imgs["all"] = all

	// Bitwise and dynamic i32 shifts without the Y bytes; unsigned loads only.
	b = NewBuilder("main", 32)
	b.Memory([]uint64{0})
	b.Func("main", 0, 0)
	b.Emit(I32Const(1), I32Const(2), I32Shl(), I32Const(0), Load(1, 0, false), IXor(false), Drop())
	b.Return(0)
	imgs["narrow"] = build(b)

	// The Y bytes without the V bytes (no dynamic i64 shr_s).
	b = NewBuilder("main", 32)
	b.Func("main", 0, 0)
	b.Emit(I64Const(1), I64Const(2), I64LtS(), Drop())
	b.Return(0)
	imgs["wide"] = build(b)

	// The extension classes: i64 div_s/rem_s; memory.grow with memory.size and accesses
	// that may cross a word (a store's tail row, a crossing load).
	b = NewBuilder("main", 32)
	b.Func("main", 0, 0)
	b.Emit(I64Const(7), I64Const(2), I64DivS(), I64Const(3), I64RemS(), Drop())
	b.Return(0)
	imgs["divs64"] = build(b)
	b = NewBuilder("main", 32)
	b.Memory(make([]uint64, PageWords))
	b.Func("main", 0, 0)
	b.Emit(I32Const(1), MemGrow(4), Drop(), MemSize(), Drop())
	b.Emit(I32Const(5), I32Const(0x01020304), Store(4, 0, false), I32Const(5), Load(4, 0, false), Drop())
	b.Return(0)
	imgs["grow"] = build(b)
	return imgs
}

// coverageExtra are circuits with other parameters whose constraints count too: the
// arithmetic forgeries' programs without the AND table (range lookups of the limbs) and
// with 4-bit limbs.
func coverageExtra(t testing.TB) map[string]struct {
	img *Image
	p   Params
} {
	return map[string]struct {
		img *Image
		p   Params
	}{
		"ar": {faArImage(t), testParams},
		"bw": {faBwImage(t), faBwParams},
	}
}

// coverageParams size the coverage circuits: only their constraint systems are used, so
// k is just large enough for New's size checks (the AND table of 8-bit limbs).
var coverageParams = Params{K: 17, LimbBits: 8}

// allConstraintIDs is the union of the constraint ids of the coverage circuits; every
// executable class must occur in one of their images.
func allConstraintIDs(t testing.TB) map[string]bool {
	all := map[string]bool{}
	used := map[Class]bool{}
	for _, img := range coverageImages(t) {
		for _, in := range img.Code {
			used[in.Class] = true
		}
	}
	for k := ClassNop; k < numExtClasses; k++ {
		if k.executable() && !used[k] {
			t.Errorf("no coverage image has class %s: add it to coverageImages", k)
		}
	}
	for name, img := range coverageImages(t) {
		c, err := New(img, coverageParams)
		if err != nil {
			t.Fatalf("coverage image %s: %v", name, err)
		}
		ids, _ := constraintIDs(c.CS)
		for _, id := range ids {
			all[id] = true
		}
	}
	for name, x := range coverageExtra(t) {
		c, err := New(x.img, x.p)
		if err != nil {
			t.Fatalf("coverage circuit %s: %v", name, err)
		}
		ids, _ := constraintIDs(c.CS)
		for _, id := range ids {
			all[id] = true
		}
	}
	return all
}

const unforgedPath = "../testdata/circuit/unforged.txt"

// readUnforged reads the allow-list: one "<constraint id> | <reason>" per line, # comments.
func readUnforged(t testing.TB) (order []string, reasons map[string]string) {
	reasons = map[string]string{}
	f, err := os.Open(filepath.FromSlash(unforgedPath))
	if err != nil {
		if os.IsNotExist(err) && *update {
			return nil, reasons
		}
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, reason, ok := strings.Cut(line, " | ")
		id, reason = strings.TrimSpace(id), strings.TrimSpace(reason)
		if !ok || id == "" || reason == "" {
			t.Fatalf("%s:%d: want \"<constraint id> | <reason>\", got %q", unforgedPath, n, line)
		}
		if _, dup := reasons[id]; dup {
			t.Fatalf("%s:%d: %q listed twice", unforgedPath, n, id)
		}
		order = append(order, id)
		reasons[id] = reason
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return order, reasons
}

// TestConstraintCoverage requires every constraint to be the single target of a
// registered forgery or to be allow-listed with a reason, and the allow-list to hold
// only constraints that exist and are not covered.
func TestConstraintCoverage(t *testing.T) {
	all := allConstraintIDs(t)
	covered := map[string][]string{}
	for _, f := range forgeries {
		for _, id := range f.targets {
			if !all[id] {
				t.Errorf("forgery %q: target %q is not a constraint of any coverage circuit (add an image to coverageImages?)", f.name, id)
			}
		}
		if len(f.targets) == 1 {
			covered[f.targets[0]] = append(covered[f.targets[0]], f.name)
		}
	}
	_, reasons := readUnforged(t)
	if *update {
		var lines []string
		for id := range all {
			if len(covered[id]) > 0 {
				continue
			}
			r := reasons[id]
			if r == "" {
				r = "not forged yet"
			}
			lines = append(lines, id+" | "+r)
		}
		sort.Strings(lines)
		head := "# Constraints of the zkWasm circuit without a consistent forgery (TestConstraintCoverage):\n" +
			"# \"<constraint id> | <reason>\". The list is the published debt: it must only shrink.\n" +
			"# Regenerate missing entries: go test ./circuit -run TestConstraintCoverage -update\n"
		if err := os.WriteFile(filepath.FromSlash(unforgedPath), []byte(head+strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, reasons = readUnforged(t)
	}
	problems, missing := coverageProblems(all, covered, reasons)
	for _, p := range problems {
		t.Error(p)
	}
	if len(problems) > 0 {
		t.Log("after adding forgeries or constraints: go test ./circuit -run TestConstraintCoverage -update (keeps the reasons), then give new entries a reason")
	}
	t.Logf("%d constraints, %d covered by a forgery, %d allow-listed", len(all), len(all)-len(reasons)-missing, len(reasons))
}

// coverageProblems compares the constraints (all), the forgeries covering them and the
// allow-list: stale entries (covered, or no such constraint) and constraints neither
// covered nor listed, sorted; missing counts the latter.
func coverageProblems(all map[string]bool, covered map[string][]string, reasons map[string]string) (problems []string, missing int) {
	for id := range all {
		_, listed := reasons[id]
		switch {
		case len(covered[id]) > 0 && listed:
			problems = append(problems, fmt.Sprintf("%s: stale entry %q: covered by forgery %q", unforgedPath, id, covered[id]))
		case len(covered[id]) == 0 && !listed:
			problems = append(problems, fmt.Sprintf("constraint %q has no forgery and is not in %s", id, unforgedPath))
			missing++
		}
	}
	for id := range reasons {
		if !all[id] {
			problems = append(problems, fmt.Sprintf("%s: stale entry %q: no such constraint", unforgedPath, id))
		}
	}
	sort.Strings(problems)
	return problems, missing
}

func TestCoverageProblems(t *testing.T) {
	all := map[string]bool{"a": true, "b": true, "c": true, "d": true}
	covered := map[string][]string{"a": {"fa"}, "b": {"fb"}}
	reasons := map[string]string{"b": "x", "c": "y", "gone": "z"}
	problems, missing := coverageProblems(all, covered, reasons)
	want := []string{
		`../testdata/circuit/unforged.txt: stale entry "b": covered by forgery ["fb"]`,
		`../testdata/circuit/unforged.txt: stale entry "gone": no such constraint`,
		`constraint "d" has no forgery and is not in ../testdata/circuit/unforged.txt`,
	}
	if missing != 1 || strings.Join(problems, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got %d missing, problems\n%s\nwant 1 missing,\n%s", missing, strings.Join(problems, "\n"), strings.Join(want, "\n"))
	}
	if p, m := coverageProblems(all, covered, map[string]string{"c": "y", "d": "z"}); len(p) != 0 || m != 0 {
		t.Fatalf("a complete list reported %q", p)
	}
}

func cloneWitness(w *plonkish.Witness) *plonkish.Witness {
	out := &plonkish.Witness{}
	for _, col := range w.Advice {
		out.Advice = append(out.Advice, append([]fr.Element(nil), col...))
	}
	for _, col := range w.Instance {
		out.Instance = append(out.Instance, append([]fr.Element(nil), col...))
	}
	return out
}

func mockVerify(c *Circuit, pre *plonkish.Preprocessed, w *plonkish.Witness) error {
	return mock.Verify(c.CS, pre, w)
}

// recordTB records failures instead of failing the test (Fatal stops the check by a
// panic that checkFails recovers).
type recordTB struct {
	testing.TB
	failed bool
	msg    string
}

func (f *recordTB) Helper() {}
func (f *recordTB) Errorf(format string, a ...any) {
	f.failed = true
	f.msg += fmt.Sprintf(format, a...) + "\n"
}
func (f *recordTB) Fatalf(format string, a ...any) { f.Errorf(format, a...); panic(f) }
func (f *recordTB) Fatal(a ...any)                 { f.Fatalf("%s", fmt.Sprint(a...)) }

// checkFails runs f.check and returns what it reported ("" if it passed).
func checkFails(t *testing.T, f forgery) string {
	rec := &recordTB{TB: t}
	func() {
		defer func() {
			if r := recover(); r != nil && r != rec {
				panic(r)
			}
		}()
		f.check(rec)
	}()
	if !rec.failed {
		return ""
	}
	return rec.msg
}

// TestForgeryCheckCanFail checks that the forgery check rejects a forgery that is not
// one: accepted by the MockProver, failing outside its targets, or not failing a target.
func TestForgeryCheckCanFail(t *testing.T) {
	bumpT := func(_ int, r *Row, s *faultState) {
		if r != nil && r.Class == ClassConst && r.Imm == 1 && r.PC > 2 {
			s.T++
		}
	}
	for _, tc := range []struct {
		name string
		f    forgery
		want string
	}{
		{"honest", forgery{targets: []string{"gate transition/const: T"}, image: fibIter4}, "accepted"},
		{"wrong target", forgery{targets: []string{"gate transition/nop: T"}, image: fibIter4, fault: bumpT}, "outside the targets"},
		{"extra target", forgery{targets: []string{"gate transition/const: T", "gate transition/nop: T"}, image: fibIter4, fault: bumpT}, "did not fail"},
		{"unknown target", forgery{targets: []string{"gate transition/no such rule"}, image: fibIter4, fault: bumpT}, "not a constraint"},
		{"stateful hook", forgery{targets: []string{"gate transition/const: T"}, image: fibIter4, fault: func() func(int, *Row, *faultState) {
			n := 0 // counts const rows over all runs: the second run forges another row
			return func(_ int, r *Row, s *faultState) {
				if r != nil && r.Class == ClassConst {
					if n == 1 {
						s.T++
					}
					n++
				}
			}
		}()}, "second time"},
	} {
		msg := checkFails(t, tc.f)
		if !strings.Contains(msg, tc.want) {
			t.Errorf("%s: check reported %q, want %q", tc.name, msg, tc.want)
		}
	}
	if msg := checkFails(t, forgery{targets: []string{"gate transition/const: T"}, image: fibIter4, fault: bumpT}); msg != "" {
		t.Errorf("a consistent forgery of const: T was refused: %s", msg)
	}
}

// withoutConstraints returns a copy of cs without the constraints ids (gate polynomials
// replaced by 0, lookups, shuffles and buses removed): the circuit an audit that deletes
// them would check.
func withoutConstraints(t testing.TB, cs *plonkish.ConstraintSystem, ids []string) *plonkish.ConstraintSystem {
	drop := map[string]bool{}
	for _, id := range ids {
		drop[id] = true
	}
	out := cs.Clone()
	_, gateIDs := constraintIDs(cs)
	all, _ := constraintIDs(cs)
	n := 0
	for gi, g := range gateIDs {
		for pi, id := range g {
			if drop[id] {
				out.Gates[gi].Polys[pi] = plonkish.Const(0)
				n++
			}
		}
	}
	// Lookups, shuffles and buses follow the gate polynomials in the id order.
	k := 0
	for _, g := range gateIDs {
		k += len(g)
	}
	var lookups []plonkish.Lookup
	for i := range cs.Lookups {
		if drop[all[k+i]] {
			n++
			continue
		}
		lookups = append(lookups, out.Lookups[i])
	}
	k += len(cs.Lookups)
	var shuffles []plonkish.Shuffle
	for i := range cs.Shuffles {
		if drop[all[k+i]] {
			n++
			continue
		}
		shuffles = append(shuffles, out.Shuffles[i])
	}
	k += len(cs.Shuffles)
	var buses []plonkish.Bus
	for i := range cs.Buses {
		if drop[all[k+i]] {
			n++
			continue
		}
		buses = append(buses, out.Buses[i])
	}
	out.Lookups, out.Shuffles, out.Buses = lookups, shuffles, buses
	if n != len(drop) {
		t.Fatalf("deleted %d of the constraints %q", n, ids)
	}
	return out
}

// TestForgeriesDeletion is the deletion audit the forgeries stand for: with its targets
// deleted from the circuit, every forgery is accepted (so each target is necessary).
func TestForgeriesDeletion(t *testing.T) {
	if testing.Short() {
		t.Skip("a second MockProver run per forgery: skipped in -short")
	}
	for _, f := range forgeries {
		t.Run(f.name, func(t *testing.T) {
			fg := f.build(t)
			cs := withoutConstraints(t, fg.c.CS, f.targets)
			if err := mock.VerifyWith(cs, fg.pre, fg.w, mock.Options{UsableRowsOnly: true}); err != nil {
				t.Fatalf("rejected with its targets %q deleted: %v", f.targets, err)
			}
		})
	}
}
