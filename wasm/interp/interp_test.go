package interp_test

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/zkwasm/zkwasm/wasm"
	"github.com/zkwasm/zkwasm/wasm/interp"
	"github.com/zkwasm/zkwasm/wasm/trace"
)

var errFail = errors.New("host says no")

// setup instantiates testdata/bench.wasm with an "env" host module whose
// input returns 1, 2, 3, ... and whose fail traps with errFail when its
// argument is 0.
func setup(t testing.TB, cfg interp.Config) (*interp.Store, *interp.Instance, *wasm.Module) {
	t.Helper()
	bin, err := os.ReadFile("testdata/bench.wasm")
	if err != nil {
		t.Fatal(err)
	}
	m, err := wasm.DecodeNamed("bench", bin)
	if err != nil {
		t.Fatal(err)
	}
	s := interp.NewStore(cfg)
	next := uint64(0)
	_, err = s.AddHostModule("env", interp.HostModule{Funcs: map[string]interp.HostFunc{
		"input": {Type: wasm.FuncType{Params: []wasm.ValType{wasm.I32}, Results: []wasm.ValType{wasm.I64}},
			Fn: func(_ *interp.Caller, args []uint64) ([]uint64, error) {
				next++
				return []uint64{next}, nil
			}},
		"fail": {Type: wasm.FuncType{Params: []wasm.ValType{wasm.I32}},
			Fn: func(_ *interp.Caller, args []uint64) ([]uint64, error) {
				if args[0] == 0 {
					return nil, errFail
				}
				return nil, nil
			}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	inst, err := s.Instantiate(m, "bench")
	if err != nil {
		t.Fatal(err)
	}
	return s, inst, m
}

func goLoop(n uint32) uint32 {
	var acc uint32
	mem := make([]byte, 65536)
	for i := uint32(0); i < n; i++ {
		acc = acc*31 + i
		a := (i << 2) & 0xfffc
		mem[a], mem[a+1], mem[a+2], mem[a+3] = byte(acc), byte(acc>>8), byte(acc>>16), byte(acc>>24)
		acc ^= uint32(mem[4]) | uint32(mem[5])<<8 | uint32(mem[6])<<16 | uint32(mem[7])<<24
	}
	return acc
}

func goFib(n uint32) uint32 {
	if n < 2 {
		return n
	}
	return goFib(n-1) + goFib(n-2)
}

func TestResults(t *testing.T) {
	for _, tracing := range []bool{false, true} {
		for _, n := range []uint32{0, 1, 5, 1000} {
			_, inst, _ := setup(t, interp.Config{Trace: tracing}) // fresh memory
			got, err := inst.Invoke("loop", uint64(n))
			if err != nil || len(got) != 1 || uint32(got[0]) != goLoop(n) {
				t.Fatalf("loop(%d) = %v, %v; want %d", n, got, err, goLoop(n))
			}
		}
		_, inst, _ := setup(t, interp.Config{Trace: tracing})
		got, err := inst.Invoke("fib", 15)
		if err != nil || got[0] != uint64(goFib(15)) {
			t.Fatalf("fib(15) = %v, %v", got, err)
		}
		if got, err := inst.Invoke("indirect", 0, 9); err != nil || got[0] != 81 {
			t.Fatalf("indirect sq(9) = %v, %v", got, err)
		}
		if got, err := inst.Invoke("indirect", 1, 10); err != nil || got[0] != 55 {
			t.Fatalf("indirect fib(10) = %v, %v", got, err)
		}
		if got, err := inst.Invoke("bump"); err != nil || got[0] != 8 {
			t.Fatalf("bump = %v, %v", got, err)
		}
		if got, err := inst.Invoke("sum_inputs", 4); err != nil || got[0] != 1+2+3+4 {
			t.Fatalf("sum_inputs(4) = %v, %v", got, err)
		}
		for _, c := range [][3]uint64{{0, 100, 7}, {1, 200, 8}, {2, 300, 7}, {9, 300, 7}} {
			a, err1 := inst.Invoke("switch", c[0])
			b, err2 := inst.Invoke("pick", c[0])
			if err1 != nil || err2 != nil || a[0] != c[1] || b[0] != c[2] {
				t.Fatalf("switch/pick(%d) = %v %v, %v %v; want %d %d", c[0], a, err1, b, err2, c[1], c[2])
			}
		}
		if got, err := inst.Invoke("sel", 0); err != nil || got[0] != 20 {
			t.Fatalf("sel(0) = %v, %v", got, err)
		}
		if _, err := inst.Invoke("store", 100, 0xffffffff_ffff8081); err != nil {
			t.Fatal(err)
		}
		if got, err := inst.Invoke("load", 101); err != nil || got[0] != 0xffffffff_ffffff80 {
			t.Fatalf("load8_s = %#x, %v", got, err)
		}
		// i32 arguments are truncated to 32 bits.
		if got, err := inst.Invoke("div", 0xffffffff_00000007, 2); err != nil || got[0] != 3 {
			t.Fatalf("div = %v, %v", got, err)
		}
	}
}

func TestTraps(t *testing.T) {
	_, inst, _ := setup(t, interp.Config{MaxSteps: 1000, MaxCallDepth: 100})
	cases := []struct {
		fn   string
		args []uint64
		want error
	}{
		{"div", []uint64{1, 0}, interp.ErrDivByZero},
		{"div", []uint64{0x80000000, 0xffffffff}, interp.ErrIntOverflow},
		{"load", []uint64{65536}, interp.ErrOutOfBounds},
		{"store", []uint64{65535, 1}, interp.ErrOutOfBounds},
		{"indirect", []uint64{2, 0}, interp.ErrUndefinedElement},
		{"require", []uint64{0}, errFail},
		{"forever", nil, interp.ErrStepLimit},
		{"deep", []uint64{1}, interp.ErrStackExhausted},
	}
	for _, c := range cases {
		_, err := inst.Invoke(c.fn, c.args...)
		if !errors.Is(err, c.want) {
			t.Errorf("%s%v: got %v, want %v", c.fn, c.args, err, c.want)
			continue
		}
		var tr *interp.Trap
		if !errors.As(err, &tr) {
			t.Errorf("%s: %T is not a *Trap", c.fn, err)
			continue
		}
		if tr.Func == trace.NoFunc || !strings.Contains(err.Error(), "offset 0x") {
			t.Errorf("%s: trap lacks a position: %v", c.fn, err)
		}
	}
	// Names from the name section appear in traps.
	_, err := inst.Invoke("deep", 1)
	if !strings.Contains(err.Error(), `"deep"`) {
		t.Errorf("trap message lacks the function name: %v", err)
	}
	// The store stays usable after a trap.
	if got, err := inst.Invoke("fib", 5); err != nil || got[0] != 5 {
		t.Fatalf("after traps: fib(5) = %v, %v", got, err)
	}
}

func TestStepLimitCount(t *testing.T) {
	s, inst, _ := setup(t, interp.Config{MaxSteps: 1000, Trace: true})
	_, err := inst.Invoke("forever")
	if !errors.Is(err, interp.ErrStepLimit) {
		t.Fatal(err)
	}
	if s.Steps() != 1000 || len(s.Trace().Steps) != 1000 {
		t.Fatalf("executed %d, traced %d; want 1000", s.Steps(), len(s.Trace().Steps))
	}
}

// TestTraceConsistency checks the documented meaning of every Step field
// against the program, for a run of the loop, fib and host-call functions.
func TestTraceConsistency(t *testing.T) {
	s, inst, m := setup(t, interp.Config{Trace: true})
	for _, c := range []struct {
		fn  string
		arg uint64
	}{{"loop", 50}, {"fib", 8}, {"sum_inputs", 3}, {"bump", 0}, {"switch", 0}, {"switch", 1}, {"switch", 7}, {"pick", 0}, {"pick", 1}, {"pick", 3}} {
		s.Trace().Reset()
		before := s.Steps()
		var err error
		if c.fn == "bump" {
			_, err = inst.Invoke(c.fn)
		} else {
			_, err = inst.Invoke(c.fn, c.arg)
		}
		if err != nil {
			t.Fatal(err)
		}
		tr := s.Trace()
		if uint64(len(tr.Steps)) != s.Steps()-before {
			t.Fatalf("%s: %d steps traced, %d executed", c.fn, len(tr.Steps), s.Steps()-before)
		}
		checkTrace(t, c.fn, tr, m)
	}
}

func checkTrace(t *testing.T, name string, tr *trace.Trace, m *wasm.Module) {
	t.Helper()
	memByStep := map[uint32]trace.MemAccess{}
	for _, a := range tr.Mem {
		memByStep[a.Step] = a
	}
	globByStep := map[uint32]trace.GlobalAccess{}
	for _, g := range tr.Globals {
		globByStep[g.Step] = g
	}
	calls, returns := 0, 0
	for _, f := range tr.Frames {
		if f.Kind == trace.Call {
			calls++
		} else {
			returns++
		}
	}
	if calls != returns || calls == 0 {
		t.Errorf("%s: %d calls, %d returns", name, calls, returns)
	}
	for i, st := range tr.Steps {
		fi := tr.Funcs[st.Func]
		if fi.Host {
			t.Fatalf("%s: step %d in a host function", name, i)
		}
		code := m.Codes[fi.Index-m.NumImportedFuncs]
		in := code.Body[st.PC]
		if in.Op != st.Op || in.Imm != st.Imm {
			t.Fatalf("%s: step %d: op %s imm %d, body has %s %d", name, i, st.Op, st.Imm, in.Op, in.Imm)
		}
		if i+1 >= len(tr.Steps) {
			break
		}
		next := tr.Steps[i+1]
		// Branches land where wasm.Module.ResolveControl says, with the
		// documented stack shape.
		ctl, err := m.ResolveControl(fi.Index)
		if err != nil {
			t.Fatal(err)
		}
		ft, _ := m.FuncTypeOf(fi.Index)
		operandBase := st.FP + uint32(len(ft.Params)) + code.NumLocals
		var j wasm.Jump
		var carried uint64
		taken := false
		switch st.Op {
		case wasm.OpBr:
			j, taken, carried = ctl.Jumps[st.PC], true, st.S0
		case wasm.OpBrIf:
			j, taken, carried = ctl.Jumps[st.PC], uint32(st.S0) != 0, st.S1
		case wasm.OpBrTable:
			n := uint64(in.Imm2)
			k := st.S0 & 0xffffffff
			if k >= n-1 {
				k = n - 1
			}
			j, taken, carried = ctl.Table[in.Imm+k], true, st.S1
		case wasm.OpIf:
			if uint32(st.S0) == 0 {
				if next.PC != ctl.Jumps[st.PC].PC || next.SP != st.SP-1 {
					t.Fatalf("%s: step %d: if(0) went to pc %d sp %d", name, i, next.PC, next.SP)
				}
			}
		}
		if taken && j.PC != wasm.ReturnPC {
			if next.PC != j.PC || next.SP != operandBase+j.Height+j.Keep || (j.Keep == 1 && next.S0 != carried) {
				t.Fatalf("%s: step %d (%s): landed at pc %d sp %d top %d; want pc %d sp %d", name, i, st.Op, next.PC, next.SP, next.S0, j.PC, operandBase+j.Height+j.Keep)
			}
		}
		pop, push, ok := wasm.StackEffect(st.Op)
		if !ok {
			continue
		}
		if next.SP != st.SP-uint32(pop)+uint32(push) {
			t.Fatalf("%s: step %d (%s): SP %d -> %d, want %d", name, i, st.Op, st.SP, next.SP, st.SP-uint32(pop)+uint32(push))
		}
		if next.PC != st.PC+1 || next.Func != st.Func {
			t.Fatalf("%s: step %d (%s) did not fall through", name, i, st.Op)
		}
		var want uint64
		check := true
		switch st.Op {
		case wasm.OpI32Add:
			want = uint64(uint32(st.S1 + st.S0))
		case wasm.OpI32Mul:
			want = uint64(uint32(st.S1 * st.S0))
		case wasm.OpI32Sub:
			want = uint64(uint32(st.S1 - st.S0))
		case wasm.OpI32Xor:
			want = st.S1 ^ st.S0
		case wasm.OpI64Add:
			want = st.S1 + st.S0
		case wasm.OpI32Const, wasm.OpI64Const:
			want = st.Imm
		case wasm.OpLocalTee:
			want = st.S0
		case wasm.OpI32Load:
			a, ok := memByStep[uint32(i)]
			if !ok || a.Write || a.Width != 4 || a.Addr != uint32(st.S0)+uint32(in.Imm) {
				t.Fatalf("%s: step %d: load access %+v", name, i, a)
			}
			want = a.Value
		case wasm.OpI32Store:
			a, ok := memByStep[uint32(i)]
			if !ok || !a.Write || a.Width != 4 || a.Addr != uint32(st.S1)+uint32(in.Imm) || a.Value != st.S0 {
				t.Fatalf("%s: step %d: store access %+v (S1 %d S0 %d)", name, i, a, st.S1, st.S0)
			}
			check = false
		case wasm.OpGlobalGet:
			g, ok := globByStep[uint32(i)]
			if !ok || g.Write {
				t.Fatalf("%s: step %d: global access %+v", name, i, g)
			}
			want = g.Value
		case wasm.OpGlobalSet:
			g, ok := globByStep[uint32(i)]
			if !ok || !g.Write || g.Value != st.S0 {
				t.Fatalf("%s: step %d: global access %+v", name, i, g)
			}
			check = false
		default:
			check = false
		}
		if check && st.R != want {
			t.Fatalf("%s: step %d (%s): R = %d, want %d", name, i, st.Op, st.R, want)
		}
	}
	if err := tr.CheckStack(); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if name == "sum_inputs" {
		if len(tr.HostCalls) != 3 {
			t.Fatalf("host calls: %d, want 3", len(tr.HostCalls))
		}
		for _, h := range tr.HostCalls {
			if tr.Steps[h.Step].Op != wasm.OpCall || h.NumArgs != 1 || h.NumResults != 1 || tr.HostValues[h.ArgStart] != 1 {
				t.Fatalf("bad host call record %+v", h)
			}
			s, _ := h.Results()
			if tr.Steps[h.Step+1].SP != tr.Steps[h.Step].SP || tr.Steps[h.Step+1].S0 != tr.HostValues[s] {
				t.Fatalf("host result not on the stack after the call: %+v", h)
			}
		}
	}
}

func TestTraceDeterministic(t *testing.T) {
	run := func() trace.Trace {
		s, inst, _ := setup(t, interp.Config{Trace: true})
		for _, f := range []string{"loop", "fib", "sum_inputs"} {
			if _, err := inst.Invoke(f, 10); err != nil {
				t.Fatal(err)
			}
		}
		return *s.Trace()
	}
	a, b := run(), run()
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs produced different traces")
	}
	if bps := a.BytesPerStep(); bps > 100 {
		t.Fatalf("trace uses %.1f bytes per step, budget 100", bps)
	}
}

func TestLinkErrors(t *testing.T) {
	bin, _ := os.ReadFile("testdata/bench.wasm")
	m, err := wasm.Decode(bin)
	if err != nil {
		t.Fatal(err)
	}
	s := interp.NewStore(interp.Config{})
	if _, err := s.Instantiate(m, "x"); !errors.Is(err, interp.ErrUnknownImport) {
		t.Fatalf("missing env: %v", err)
	}
	_, err = s.AddHostModule("env", interp.HostModule{Funcs: map[string]interp.HostFunc{
		"input": {Type: wasm.FuncType{}, Fn: func(*interp.Caller, []uint64) ([]uint64, error) { return nil, nil }},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Instantiate(m, "x"); !errors.Is(err, interp.ErrIncompatibleImport) {
		t.Fatalf("wrong type: %v", err)
	}
}

// CheckStack accepts an honest multi-invocation trace and rejects tampered
// ones (a changed operand, result, local or host result).
func TestCheckStackTamper(t *testing.T) {
	s, inst, _ := setup(t, interp.Config{Trace: true})
	for _, f := range []string{"loop", "fib", "sum_inputs", "pick"} {
		if _, err := inst.Invoke(f, 3); err != nil {
			t.Fatal(err)
		}
	}
	tr := s.Trace()
	if err := tr.CheckStack(); err != nil {
		t.Fatalf("honest trace rejected: %v", err)
	}
	find := func(op wasm.Opcode) int {
		for i, st := range tr.Steps {
			if st.Op == op {
				return i
			}
		}
		t.Fatalf("no %s step", op)
		return -1
	}
	tamper := []struct {
		name string
		mut  func() func()
	}{
		{"add operand", func() func() {
			i := find(wasm.OpI32Add)
			old := tr.Steps[i].S1
			tr.Steps[i].S1++
			return func() { tr.Steps[i].S1 = old }
		}},
		{"local.get value", func() func() {
			i := find(wasm.OpLocalGet)
			old := tr.Steps[i].R
			tr.Steps[i].R ^= 1 << 40
			return func() { tr.Steps[i].R = old }
		}},
		{"host result", func() func() {
			h := tr.HostCalls[0]
			rs, _ := h.Results()
			old := tr.HostValues[rs]
			tr.HostValues[rs] += 5
			return func() { tr.HostValues[rs] = old }
		}},
		{"frame base", func() func() {
			i := 1
			for tr.Frames[i].Kind != trace.Call || tr.Frames[i].Step == trace.NoStep {
				i++
			}
			old := tr.Frames[i].FP
			tr.Frames[i].FP++
			return func() { tr.Frames[i].FP = old }
		}},
	}
	for _, c := range tamper {
		undo := c.mut()
		if err := tr.CheckStack(); err == nil {
			t.Errorf("%s: tampered trace accepted", c.name)
		}
		undo()
	}
	if err := tr.CheckStack(); err != nil {
		t.Fatalf("restored trace rejected: %v", err)
	}
}

// CheckMemory accepts the honest memory log and rejects a changed load value.
func TestCheckMemoryTamper(t *testing.T) {
	s, inst, _ := setup(t, interp.Config{Trace: true})
	if _, err := inst.Invoke("loop", 40); err != nil {
		t.Fatal(err)
	}
	if _, err := inst.Invoke("store", 9, 0x1234); err != nil {
		t.Fatal(err)
	}
	if _, err := inst.Invoke("load", 10); err != nil {
		t.Fatal(err)
	}
	tr := s.Trace()
	zero := func(uint16, uint32) byte { return 0 } // bench.wasm has no data segments
	if err := tr.CheckMemory(zero); err != nil {
		t.Fatalf("honest trace rejected: %v", err)
	}
	loads := 0
	for k := range tr.Mem {
		if tr.Mem[k].Write {
			continue
		}
		loads++
		tr.Mem[k].Value ^= 1
		if err := tr.CheckMemory(zero); err == nil {
			t.Fatalf("tampered load %d accepted", k)
		}
		tr.Mem[k].Value ^= 1
	}
	if loads == 0 {
		t.Fatal("no loads in the trace")
	}
	last := len(tr.Mem) - 1 // the i64.load8_s of byte 10 = 0x12
	if tr.Mem[last].Write || tr.Mem[last].Value != 0x12 || tr.Mem[last].Width != 1 {
		t.Fatalf("last access %+v", tr.Mem[last])
	}
}

// CheckGlobals accepts the honest globals log and rejects a changed get.
func TestCheckGlobalsTamper(t *testing.T) {
	s, inst, _ := setup(t, interp.Config{Trace: true})
	var init []uint64
	for a := 0; a < s.NumGlobals(); a++ {
		v, _, _ := s.GlobalAt(uint32(a))
		init = append(init, v)
	}
	for i := 0; i < 3; i++ {
		if _, err := inst.Invoke("bump"); err != nil {
			t.Fatal(err)
		}
	}
	tr := s.Trace()
	initial := func(a uint32) uint64 { return init[a] }
	if len(tr.Globals) != 9 {
		t.Fatalf("%d global accesses, want 9", len(tr.Globals))
	}
	if err := tr.CheckGlobals(initial); err != nil {
		t.Fatalf("honest trace rejected: %v", err)
	}
	for k := range tr.Globals {
		tr.Globals[k].Value++
		if err := tr.CheckGlobals(initial); err == nil {
			t.Fatalf("tampered global access %d accepted", k)
		}
		tr.Globals[k].Value--
	}
}
