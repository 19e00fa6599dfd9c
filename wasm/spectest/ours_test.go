package spectest

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/zkwasm/zkwasm/wasm"
	"github.com/zkwasm/zkwasm/wasm/interp"
	"github.com/zkwasm/zkwasm/wasm/trace"
)

// ours runs the suite on zkwasm's decoder and interpreter.
type ours struct {
	store   *interp.Store
	tracing bool
	n       int
	// bodies maps a store function address to its module, code and control
	// flow, for the trace checks.
	bodies map[uint32]funcBody
}

type funcBody struct {
	m    *wasm.Module
	idx  uint32
	code *wasm.Code
	ctl  *wasm.Control
}

func (o *ours) name() string { return "zkwasm" }

func (o *ours) reset() error {
	o.bodies = map[uint32]funcBody{}
	o.store = interp.NewStore(interp.Config{Trace: o.tracing, MaxCallDepth: 2000, MaxSteps: 5_000_000})
	i32, i64 := []wasm.ValType{wasm.I32}, []wasm.ValType{wasm.I64}
	nop := func(*interp.Caller, []uint64) ([]uint64, error) { return nil, nil }
	fn := func(params []wasm.ValType) interp.HostFunc {
		return interp.HostFunc{Type: wasm.FuncType{Params: params}, Fn: nop}
	}
	// The standard "spectest" module (the reference interpreter's spectest.ml),
	// without its float exports.
	_, err := o.store.AddHostModule("spectest", interp.HostModule{
		Funcs: map[string]interp.HostFunc{
			"print":         fn(nil),
			"print_i32":     fn(i32),
			"print_i64":     fn(i64),
			"print_i32_i32": fn([]wasm.ValType{wasm.I32, wasm.I32}),
		},
		Globals: map[string]interp.HostGlobal{
			"global_i32": {Type: wasm.GlobalType{Type: wasm.I32}, Value: 666},
			"global_i64": {Type: wasm.GlobalType{Type: wasm.I64}, Value: 666},
		},
		Tables:   map[string]wasm.Limits{"table": {Min: 10, Max: 20, HasMax: true}},
		Memories: map[string]wasm.Limits{"memory": {Min: 1, Max: 2, HasMax: true}},
	})
	return err
}

func (o *ours) decode(bin []byte) error {
	_, err := wasm.Decode(bin)
	return err
}

func (o *ours) instantiate(name string, bin []byte) (any, error) {
	m, err := wasm.Decode(bin)
	if err != nil {
		return nil, err
	}
	o.n++
	first := len(o.store.Trace().Funcs)
	inst, err := o.store.Instantiate(m, fmt.Sprintf("m%d", o.n))
	// Record the new functions even if instantiation failed: a failed
	// instance's functions may already sit in an imported table.
	for addr := first; addr < len(o.store.Trace().Funcs); addr++ {
		fi := o.store.Trace().Funcs[addr]
		if fi.Host || fi.Index < m.NumImportedFuncs {
			continue
		}
		ctl, cerr := m.ResolveControl(fi.Index)
		if cerr != nil {
			return nil, cerr
		}
		o.bodies[uint32(addr)] = funcBody{m: m, idx: fi.Index, code: &m.Codes[fi.Index-m.NumImportedFuncs], ctl: ctl}
	}
	if err != nil {
		return nil, err
	}
	if name != "" {
		o.store.Register(name, inst)
	}
	return inst, nil
}

func (o *ours) register(as string, inst any) error {
	o.store.Register(as, inst.(*interp.Instance))
	return nil
}

func (o *ours) invoke(inst any, field string, args []uint64) ([]uint64, error) {
	tr := o.store.Trace()
	tr.Reset() // keep memory flat
	before := o.store.Steps()
	var snap [][]byte // memories before the run, for the memory check
	var gsnap []uint64
	if o.tracing {
		for a := 0; a < o.store.NumGlobals(); a++ {
			v, _, _ := o.store.GlobalAt(uint32(a))
			gsnap = append(gsnap, v)
		}
		for a := 0; a < o.store.NumMemories(); a++ {
			snap = append(snap, append([]byte(nil), o.store.MemoryAt(uint16(a)).Bytes()...))
		}
	}
	res, err := inst.(*interp.Instance).Invoke(field, args...)
	if o.tracing {
		if terr := o.checkTrace(tr, o.store.Steps()-before, err == nil); terr != nil {
			return nil, fmt.Errorf("trace check: %w", terr)
		}
		initial := func(mem uint16, addr uint32) byte {
			if int(addr) < len(snap[mem]) {
				return snap[mem][addr]
			}
			return 0
		}
		if terr := tr.CheckMemory(initial); terr != nil {
			return nil, fmt.Errorf("trace memory check: %w", terr)
		}
		if terr := tr.CheckGlobals(func(a uint32) uint64 { return gsnap[a] }); terr != nil {
			return nil, fmt.Errorf("trace globals check: %w", terr)
		}
	}
	return res, err
}

// checkTrace verifies trace invariants that hold for every program: one Step
// per executed instruction, each naming the right instruction, straight-line
// instructions falling through with the documented SP change, taken branches
// landing where wasm.Module.ResolveControl says, and balanced frames when the
// invocation completed.
func (o *ours) checkTrace(tr *trace.Trace, executed uint64, completed bool) error {
	if uint64(len(tr.Steps)) != executed {
		return fmt.Errorf("%d steps traced, %d executed", len(tr.Steps), executed)
	}
	for i, st := range tr.Steps {
		fb, ok := o.bodies[st.Func]
		if !ok || int(st.PC) >= len(fb.code.Body) {
			return fmt.Errorf("step %d: unknown function %d / pc %d", i, st.Func, st.PC)
		}
		in := fb.code.Body[st.PC]
		if in.Op != st.Op || in.Imm != st.Imm {
			return fmt.Errorf("step %d: %s %d recorded, body has %s %d", i, st.Op, st.Imm, in.Op, in.Imm)
		}
		if i+1 == len(tr.Steps) {
			break
		}
		next := tr.Steps[i+1]
		if pop, push, ok := wasm.StackEffect(st.Op); ok {
			if next.Func != st.Func || next.PC != st.PC+1 || next.SP != st.SP-uint32(pop)+uint32(push) {
				return fmt.Errorf("step %d (%s): next is func %d pc %d sp %d", i, st.Op, next.Func, next.PC, next.SP)
			}
			continue
		}
		ft, _ := fb.m.FuncTypeOf(fb.idx)
		base := st.FP + uint32(len(ft.Params)) + fb.code.NumLocals
		var j wasm.Jump
		taken := false
		switch st.Op {
		case wasm.OpBr:
			j, taken = fb.ctl.Jumps[st.PC], true
		case wasm.OpBrIf:
			j, taken = fb.ctl.Jumps[st.PC], uint32(st.S0) != 0
		case wasm.OpBrTable:
			k := min(st.S0&0xffffffff, uint64(in.Imm2)-1)
			j, taken = fb.ctl.Table[in.Imm+k], true
		case wasm.OpIf:
			if uint32(st.S0) == 0 {
				j, taken = fb.ctl.Jumps[st.PC], true
				j.Height, j.Keep = st.SP-1-base, 0
			}
		}
		if taken && j.PC != wasm.ReturnPC {
			if next.Func != st.Func || next.PC != j.PC || next.SP != base+j.Height+j.Keep {
				return fmt.Errorf("step %d (%s): landed at pc %d sp %d, want pc %d sp %d", i, st.Op, next.PC, next.SP, j.PC, base+j.Height+j.Keep)
			}
		}
	}
	// Stack/locals consistency, as the circuit will check it.
	if err := tr.CheckStack(); err != nil {
		return err
	}
	if completed {
		calls := 0
		for _, f := range tr.Frames {
			if f.Kind == trace.Call {
				calls++
			} else {
				calls--
			}
		}
		if calls != 0 {
			return fmt.Errorf("unbalanced frames (%d)", calls)
		}
	}
	return nil
}

func (o *ours) get(inst any, field string) (uint64, error) {
	return inst.(*interp.Instance).Global(field)
}

var trapSentinels = map[string]error{
	"unreachable":                 interp.ErrUnreachable,
	"integer divide by zero":      interp.ErrDivByZero,
	"integer overflow":            interp.ErrIntOverflow,
	"out of bounds memory access": interp.ErrOutOfBounds,
	"out of bounds table access":  interp.ErrTableOutOfBounds,
	"undefined element":           interp.ErrUndefinedElement,
	"uninitialized element":       interp.ErrUninitializedElement,
	"indirect call type mismatch": interp.ErrIndirectTypeMismatch,
	"call stack exhausted":        interp.ErrStackExhausted,
	"unknown import":              interp.ErrUnknownImport,
	"incompatible import type":    interp.ErrIncompatibleImport,
}

func (o *ours) trapIs(err error, text string) bool {
	s, ok := trapSentinels[text]
	return ok && errors.Is(err, s)
}

func (o *ours) malformedIs(err error) bool { return errors.Is(err, wasm.ErrMalformed) }
func (o *ours) invalidIs(err error) bool   { return errors.Is(err, wasm.ErrInvalid) }
func (o *ours) close()                     {}

// TestSpecOurs runs every assertion on our engine, with tracing on (the
// trace must not change results); any failure fails the test.
func TestSpecOurs(t *testing.T) {
	e := &ours{tracing: true}
	res := runAll(t, e)
	report(t, e, res)
	if res.failed > 0 || len(res.failures) > 0 {
		t.Fatalf("%d assertions failed, %d problems:\n%s", res.failed, len(res.failures), strings.Join(res.failures, "\n"))
	}
}
