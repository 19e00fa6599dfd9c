package interp

import (
	"fmt"

	"github.com/zkwasm/zkwasm/wasm"
)

// cinst is a pre-compiled instruction. Function bodies are compiled once, at
// instantiation, into an array with the same indices as wasm.Code.Body (so the
// pc in the trace is the original instruction index), with every branch target,
// the stack height to restore on a branch and every store address resolved.
type cinst struct {
	op   wasm.Opcode // dispatch opcode (may be an internal op, see below)
	top  wasm.Opcode // the original opcode, recorded in the trace
	keep uint16      // branches: number of values carried to the label (0 or 1)
	a    uint32      // branch target pc; local index; global/function address; type id; memarg offset
	b    uint32      // branches: operand-stack height of the label, relative to the frame's operand base
	imm  uint64      // the original first immediate (trace), constants
}

// Internal dispatch opcodes (not WebAssembly opcodes; unused byte values).
const (
	opBlockEnd   wasm.Opcode = 0xf0 // end of a block/loop/if: no effect
	opBrIfReturn wasm.Opcode = 0xf1 // br_if whose label is the function body: conditional return
)

// brTarget is one br_table entry. pc == retPC means "return".
type brTarget struct {
	pc, height uint32
	keep       uint16
}

const retPC = wasm.ReturnPC

// template is a function body compiled independently of any store: like
// the code the interpreter runs, except that calls, call_indirect and
// global.get/set hold module indices (function, type and global index),
// listed in patch, which link replaces by store addresses and ids.
type template struct {
	code  []cinst
	brt   []brTarget // shared read-only by every instance
	patch []uint32   // pcs whose a field holds a module index
}

// compileFunc pre-compiles the body of module function idx (imports
// included in the numbering). Control flow comes from
// wasm.Module.ResolveControl, the same resolution the circuit's image uses.
func compileFunc(m *wasm.Module, idx uint32) (*template, error) {
	ctl, err := m.ResolveControl(idx)
	if err != nil {
		return nil, err
	}
	body := m.Codes[idx-m.NumImportedFuncs].Body
	code := make([]cinst, len(body))
	var patch []uint32
	for pc, in := range body {
		ci := &code[pc]
		ci.op, ci.top, ci.imm = in.Op, in.Op, in.Imm
		j := ctl.Jumps[pc]
		switch in.Op {
		case wasm.OpIf, wasm.OpElse:
			ci.a = j.PC
		case wasm.OpEnd:
			if j.PC == wasm.ReturnPC {
				ci.op = wasm.OpReturn // the function body's end
			} else {
				ci.op = opBlockEnd
			}
		case wasm.OpBr, wasm.OpBrIf:
			if j.PC == wasm.ReturnPC {
				if in.Op == wasm.OpBr {
					ci.op = wasm.OpReturn
				} else {
					ci.op = opBrIfReturn
				}
				break
			}
			ci.a, ci.b, ci.keep = j.PC, j.Height, uint16(j.Keep)
		case wasm.OpBrTable:
			ci.a, ci.b = uint32(in.Imm), in.Imm2
		case wasm.OpCall, wasm.OpCallIndirect, wasm.OpGlobalGet, wasm.OpGlobalSet:
			ci.a = uint32(in.Imm)
			patch = append(patch, uint32(pc))
		case wasm.OpLocalGet, wasm.OpLocalSet, wasm.OpLocalTee:
			ci.a = uint32(in.Imm)
		default:
			if w, _, _ := wasm.LoadStoreInfo(in.Op); w != 0 {
				ci.a = uint32(in.Imm)
			}
		}
	}
	brt := make([]brTarget, len(ctl.Table))
	for k, j := range ctl.Table {
		brt[k] = brTarget{pc: j.PC, height: j.Height, keep: uint16(j.Keep)}
	}
	return &template{code: code, brt: brt, patch: patch}, nil
}

// link gives f its own copy of t's code with the module indices replaced by
// f's store addresses (call targets, globals) and the store's type ids.
// fresh says t.code is not shared and may be patched in place.
func (s *Store) link(f *function, t *template, fresh bool) {
	code := t.code
	if !fresh && len(t.patch) > 0 {
		code = append([]cinst(nil), t.code...)
	}
	m := f.inst.module
	for _, pc := range t.patch {
		ci := &code[pc]
		switch ci.op {
		case wasm.OpCall:
			ci.a = f.inst.funcs[ci.imm]
		case wasm.OpCallIndirect:
			ci.a = s.typeID(m.Types[ci.imm])
		case wasm.OpGlobalGet, wasm.OpGlobalSet:
			ci.a = f.inst.globals[ci.imm]
		}
	}
	f.code, f.brt = code, t.brt
}

// compile pre-compiles f's body for this store.
func (s *Store) compile(f *function) error {
	t, err := compileFunc(f.inst.module, f.index)
	if err != nil {
		return fmt.Errorf("interp: compile %s: %w", f.label(), err)
	}
	s.link(f, t, true)
	return nil
}

// Compiled is a module pre-compiled once for any number of instantiations,
// in any stores (Store.InstantiateCompiled): each instance then only copies
// the code and fills in its store addresses. It is read-only and safe for
// concurrent use.
type Compiled struct {
	module *wasm.Module
	funcs  []*template // per module-defined function
}

// Compile pre-compiles every function of m (already validated by
// wasm.Decode). The module must not be modified afterwards.
func Compile(m *wasm.Module) (*Compiled, error) {
	c := &Compiled{module: m, funcs: make([]*template, len(m.Funcs))}
	for i := range m.Funcs {
		idx := m.NumImportedFuncs + uint32(i)
		t, err := compileFunc(m, idx)
		if err != nil {
			return nil, fmt.Errorf("interp: compile func %d: %w", idx, err)
		}
		c.funcs[i] = t
	}
	return c, nil
}

// Module returns the compiled module.
func (c *Compiled) Module() *wasm.Module { return c.module }
