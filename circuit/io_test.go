package circuit

import (
	"errors"
	"fmt"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"testing"

	"github.com/zkwasm/zkwasm/plonkish/mock"
)

func ioProgram(t *testing.T) *Image {
	b := NewBuilder("zkmain", 32)
	b.Func("zkmain", 0, 0)
	b.Emit(I32Const(1), WasmInput(true))  // public a
	b.Emit(I32Const(0), WasmInput(true))  // private b
	b.Emit(IAdd(true), WasmOutput())      // output a + b
	b.Emit(I32Const(0), WasmInput(false)) // private i32 c
	b.Emit(Require())                     // c ≠ 0
	b.Emit(I32Const(1), WasmInput(true), I64Const(2), IMul(true), WasmOutput())
	b.Emit(I64Const(9), WasmDbg())
	b.Return(0)
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func TestPublicIO(t *testing.T) {
	img := ioProgram(t)
	in := Inputs{Public: []uint64{5, 1 << 40}, Private: []uint64{7, 1}}
	c, pre, w, ex, err := Assign(img, in, testParams)
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.PublicOut) != 2 || ex.PublicOut[0] != 12 || ex.PublicOut[1] != 1<<41 {
		t.Fatalf("outputs = %v, want [12 2^41]", ex.PublicOut)
	}
	if err := mock.Verify(c.CS, pre, w); err != nil {
		t.Fatalf("honest witness rejected: %v", err)
	}
	reject := func(name string, mutate func(), undo func()) {
		t.Helper()
		mutate()
		defer undo()
		if err := mock.Verify(c.CS, pre, w); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	inst := w.Instance
	for row := 1; row < len(inst[0]); row++ {
		old := inst[0][row]
		reject(fmt.Sprintf("public value or count at instance row %d changed", row), func() { inst[0][row].SetUint64(old.Uint64() + 1) }, func() { inst[0][row] = old })
	}
	saved := inst[0]
	reject("last output dropped", func() { inst[0] = saved[:len(saved)-1] }, func() { inst[0] = saved })
	extra := append(append([]fr.Element{}, saved...), fr.NewElement(0))
	reject("output count 2 → 3 with a zero output", func() { extra[len(in.Public)+2].SetUint64(3); inst[0] = extra }, func() { inst[0] = saved })
	// The private input and the value of a public input in the witness.
	for i, k := range []int{1, 0} {
		r := findRow(t, ex, ClassInput, k) + 1
		old := w.Advice[c.cols.t.Index][r]
		reject("input value "+string(rune('0'+i)), func() { bump(w, c.cols.t, r, 1) }, func() { w.Advice[c.cols.t.Index][r] = old })
	}
	// The is_public argument flag.
	r := findRow(t, ex, ClassInput, 0)
	old := w.Advice[c.cols.z.Index][r]
	reject("is_public flag", func() { bump(w, c.cols.z, r, 1) }, func() { w.Advice[c.cols.z.Index][r] = old })
	// Output counter.
	r = findRow(t, ex, ClassOutput, 0) + 1
	old = w.Advice[c.cols.ioOut.Index][r]
	reject("output counter", func() { bump(w, c.cols.ioOut, r, 1) }, func() { w.Advice[c.cols.ioOut.Index][r] = old })
}

func TestRequireZeroUnprovable(t *testing.T) {
	img := ioProgram(t)
	_, _, _, _, err := Assign(img, Inputs{Public: []uint64{5, 6}, Private: []uint64{7, 0}}, testParams)
	if !errors.Is(err, ErrTrap) {
		t.Fatalf("require(0): err = %v, want a trap", err)
	}
	_, _, _, _, err = Assign(img, Inputs{Public: []uint64{5}, Private: []uint64{7, 1}}, testParams)
	if !errors.Is(err, ErrTrap) {
		t.Fatalf("input past the end: err = %v, want a trap", err)
	}
	// A forged witness: the require row's condition set to 0 (with the row before
	// producing it) must be rejected.
	c, pre, w, ex, err := Assign(img, Inputs{Public: []uint64{5, 6}, Private: []uint64{7, 1}}, testParams)
	if err != nil {
		t.Fatal(err)
	}
	r := findRow(t, ex, ClassRequire, 0)
	w.Advice[c.cols.t.Index][r].SetZero()
	w.Advice[c.cols.l[0].Index][r-1].SetZero()
	w.Advice[c.cols.inv.Index][r].SetZero()
	if err := mock.Verify(c.CS, pre, w); err == nil {
		t.Fatal("require(0) witness accepted")
	}
}

func TestInvocationArgsAndResultArePublic(t *testing.T) {
	i32 := false
	b := NewInvocationBuilder("sub", []bool{false, false}, &i32, 32)
	b.Func("sub", 2, 2)
	b.Emit(LocalGet(0), LocalGet(1), ISub(false))
	b.Return(1)
	img, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	c, pre, w, ex, err := Assign(img, Inputs{Public: []uint64{3, 10}}, testParams)
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.PublicOut) != 1 || ex.PublicOut[0] != 0xfffffff9 {
		t.Fatalf("sub(3, 10) = %v, want [0xfffffff9]", ex.PublicOut)
	}
	if err := mock.Verify(c.CS, pre, w); err != nil {
		t.Fatalf("honest witness rejected: %v", err)
	}
	w.Instance[0][len(w.Instance[0])-1].SetUint64(0xfffffff8)
	if err := mock.Verify(c.CS, pre, w); err == nil {
		t.Fatal("wrong result accepted")
	}
	// An i32 argument that does not fit is refused before any witness exists.
	if _, _, _, _, err := Assign(img, Inputs{Public: []uint64{1 << 32, 1}}, testParams); err == nil {
		t.Fatal("oversized i32 argument accepted")
	}
}

// TestInstanceTrailingJunkRejected checks that the instance column ends with the last
// output: a non-zero value past it (appended, or placed in the zero padding) is rejected,
// and the past-the-end flag cannot be moved by the prover.
func TestInstanceTrailingJunkRejected(t *testing.T) {
	img := ioProgram(t)
	in := Inputs{Public: []uint64{5, 1 << 40}, Private: []uint64{7, 1}}
	c, pre, w, ex, err := Assign(img, in, testParams)
	if err != nil {
		t.Fatal(err)
	}
	if err := mock.Verify(c.CS, pre, w); err != nil {
		t.Fatalf("honest witness rejected: %v", err)
	}
	saved := w.Instance[0]
	var junk fr.Element
	junk.SetUint64(0xdead)
	w.Instance[0] = append(append([]fr.Element{}, saved...), junk, junk)
	if err := mock.Verify(c.CS, pre, w); err == nil {
		t.Fatal("accepted: junk after the outputs")
	}
	// Junk further out, after zeros.
	far := append(append([]fr.Element{}, saved...), make([]fr.Element, 20)...)
	far[len(far)-1] = junk
	w.Instance[0] = far
	if err := mock.Verify(c.CS, pre, w); err == nil {
		t.Fatal("accepted: junk far after the outputs")
	}
	// Zero padding after the outputs is the same statement and still accepted.
	w.Instance[0] = append(append([]fr.Element{}, saved...), make([]fr.Element, 5)...)
	if err := mock.Verify(c.CS, pre, w); err != nil {
		t.Fatalf("zero padding rejected: %v", err)
	}
	w.Instance[0] = saved

	// Tampering with the in-instance flag: moving the switch later (to hide junk at the
	// first position past the end), earlier, or breaking monotonicity.
	pe := w.Advice[c.cols.inInst.Index]
	end := len(saved)
	u := c.Usable()
	flip := func(name string, rows []int, mutate func()) {
		t.Helper()
		old := make([]fr.Element, len(rows))
		for i, r := range rows {
			old[i] = pe[r]
		}
		mutate()
		if err := mock.Verify(c.CS, pre, w); err == nil {
			t.Errorf("%s: accepted", name)
		}
		for i, r := range rows {
			pe[r] = old[i]
		}
		w.Instance[0] = saved
	}
	flip("switch moved one row later with junk at the end position", []int{end}, func() {
		pe[end].SetOne()
		w.Instance[0] = append(append([]fr.Element{}, saved...), junk)
	})
	flip("switch moved one row later", []int{end}, func() { pe[end].SetOne() })
	flip("switch moved one row earlier", []int{end - 1}, func() { pe[end-1].SetZero() })
	flip("flag set again past the end", []int{end + 3}, func() { pe[end+3].SetOne() })
	flip("flag not a bit", []int{end + 1}, func() { pe[end+1].SetUint64(2) })
	rest := []int{}
	for r := end; r < u; r++ {
		rest = append(rest, r)
	}
	flip("flag never cleared", rest, func() {
		for _, r := range rest {
			pe[r].SetOne()
		}
		w.Instance[0] = append(append([]fr.Element{}, saved...), make([]fr.Element, 4)...)
		w.Instance[0][end+2] = junk
	})
	// The end position carried to the pad rows in io_out: raising it after the halt row
	// (to move the switch) breaks the hold.
	io := w.Advice[c.cols.ioOut.Index]
	oldIO := append([]fr.Element{}, io...)
	for r := len(ex.Rows); r < u; r++ {
		io[r].SetUint64(uint64(end + 1))
	}
	flip("io_out raised on the pad rows with the switch moved", []int{end}, func() {
		pe[end].SetOne()
		w.Instance[0] = append(append([]fr.Element{}, saved...), junk)
	})
	copy(io, oldIO)
	if err := mock.Verify(c.CS, pre, w); err != nil {
		t.Fatalf("honest witness rejected after restore: %v", err)
	}
}
