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

// compile pre-compiles f's body. Control flow comes from
// wasm.Module.ResolveControl, the same resolution the circuit's image uses.
func (s *Store) compile(f *function) error {
	m := f.inst.module
	ctl, err := m.ResolveControl(f.index)
	if err != nil {
		return fmt.Errorf("interp: compile %s: %w", f.label(), err)
	}
	code := make([]cinst, len(f.body))
	for pc, in := range f.body {
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
		case wasm.OpCall:
			ci.a = f.inst.funcs[in.Imm]
		case wasm.OpCallIndirect:
			ci.a = s.typeID(m.Types[in.Imm])
		case wasm.OpLocalGet, wasm.OpLocalSet, wasm.OpLocalTee:
			ci.a = uint32(in.Imm)
		case wasm.OpGlobalGet, wasm.OpGlobalSet:
			ci.a = f.inst.globals[in.Imm]
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
	f.code, f.brt = code, brt
	return nil
}
