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

const retPC = ^uint32(0)

type cframe struct {
	op     wasm.Opcode
	start  int    // pc of the block/loop/if instruction
	height uint32 // operand height at entry
	arity  uint16 // number of results (0 or 1)
	fixups []int  // instructions whose target is this block's end+1
	brfix  []int  // br_table entries whose target is this block's end+1
	elsePC int
	dead   bool
}

func (s *Store) compile(f *function) error {
	m := f.inst.module
	code := make([]cinst, len(f.body))
	var brt []brTarget
	ctrls := []cframe{{op: wasm.OpBlock, start: -1, arity: uint16(f.nresults)}}
	h := 0 // current operand height (meaningless in dead code)
	label := func(depth uint64) *cframe { return &ctrls[len(ctrls)-1-int(depth)] }
	for pc, in := range f.body {
		ci := &code[pc]
		ci.op, ci.top, ci.imm = in.Op, in.Op, in.Imm
		if pop, push, ok := wasm.StackEffect(in.Op); ok {
			h += push - pop
		}
		switch in.Op {
		case wasm.OpBlock, wasm.OpLoop, wasm.OpIf:
			if in.Op == wasm.OpIf {
				h--
			}
			ar := uint16(0)
			switch in.Imm2 {
			case wasm.BlockValue:
				ar = 1
			case wasm.BlockTypeIndex:
				ar = uint16(len(m.Types[in.Imm].Results))
			}
			ctrls = append(ctrls, cframe{op: in.Op, start: pc, height: uint32(max(h, 0)), arity: ar, elsePC: -1})
		case wasm.OpElse:
			fr := &ctrls[len(ctrls)-1]
			fr.elsePC = pc
			fr.fixups = append(fr.fixups, pc) // the then-branch jumps over the else-branch
			h = int(fr.height)
		case wasm.OpEnd:
			fr := ctrls[len(ctrls)-1]
			ctrls = ctrls[:len(ctrls)-1]
			if len(ctrls) == 0 { // the function body's end
				ci.op = wasm.OpReturn
				continue
			}
			ci.op = opBlockEnd
			for _, p := range fr.fixups {
				code[p].a = uint32(pc + 1)
			}
			for _, p := range fr.brfix {
				brt[p].pc = uint32(pc + 1)
			}
			if fr.op == wasm.OpIf {
				if fr.elsePC >= 0 {
					code[fr.start].a = uint32(fr.elsePC + 1)
				} else {
					code[fr.start].a = uint32(pc + 1)
				}
			}
			h = int(fr.height) + int(fr.arity)
		case wasm.OpBr, wasm.OpBrIf:
			if in.Op == wasm.OpBrIf {
				h--
			}
			if int(in.Imm) == len(ctrls)-1 { // the function body: return
				if in.Op == wasm.OpBr {
					ci.op = wasm.OpReturn
				} else {
					ci.op = opBrIfReturn
				}
				break
			}
			fr := label(in.Imm)
			ci.b = fr.height
			if fr.op == wasm.OpLoop {
				ci.a = uint32(fr.start + 1)
			} else {
				ci.keep = fr.arity
				fr.fixups = append(fr.fixups, pc)
			}
		case wasm.OpBrTable:
			h--
			labels := f.body[pc].Imm
			n := uint64(in.Imm2)
			ci.a, ci.b = uint32(len(brt)), uint32(n)
			for k := uint64(0); k < n; k++ {
				d := uint64(m.Codes[f.index-m.NumImportedFuncs].BrTable[labels+k])
				if int(d) == len(ctrls)-1 {
					brt = append(brt, brTarget{pc: retPC})
					continue
				}
				fr := label(d)
				t := brTarget{height: fr.height}
				if fr.op == wasm.OpLoop {
					t.pc = uint32(fr.start + 1)
				} else {
					t.keep = fr.arity
					fr.brfix = append(fr.brfix, len(brt))
				}
				brt = append(brt, t)
			}
		case wasm.OpCall:
			callee := s.funcs[f.inst.funcs[in.Imm]]
			ci.a = callee.addr
			h += callee.nresults - callee.nparams
		case wasm.OpCallIndirect:
			ft := m.Types[in.Imm]
			ci.a = s.typeID(ft)
			h += len(ft.Results) - len(ft.Params) - 1
		case wasm.OpLocalGet, wasm.OpLocalSet, wasm.OpLocalTee:
			ci.a = uint32(in.Imm)
		case wasm.OpGlobalGet, wasm.OpGlobalSet:
			ci.a = f.inst.globals[in.Imm]
		default:
			if w, _, _ := wasm.LoadStoreInfo(in.Op); w != 0 {
				ci.a = uint32(in.Imm)
			} else if _, _, ok := wasm.StackEffect(in.Op); !ok && in.Op != wasm.OpUnreachable && in.Op != wasm.OpReturn {
				return fmt.Errorf("interp: compile %s: unexpected opcode %s at pc %d", f.label(), in.Op, pc)
			}
		}
		if h < 0 {
			h = 0 // only in dead code
		}
	}
	if len(ctrls) != 0 {
		return fmt.Errorf("interp: compile %s: unbalanced blocks", f.label())
	}
	f.code, f.brt = code, brt
	return nil
}
