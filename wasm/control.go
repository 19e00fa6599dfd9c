package wasm

import "fmt"

// ReturnPC is the Jump.PC of a branch that leaves the function (br/br_if/
// br_table to the function body's label, and return).
const ReturnPC = ^uint32(0)

// Jump is the resolved effect of a taken branch (§4.4.8 br: the label's arity
// values are carried, the rest of the label's operand stack is dropped).
type Jump struct {
	// PC is where execution continues: the instruction after the target
	// block's end, the first instruction of a target loop's body, or ReturnPC.
	PC uint32
	// Height is the operand-stack height the label restores, relative to the
	// frame's operand base (FP + number of params and locals), before the
	// carried values are pushed back. Unused for ReturnPC (results go to FP).
	Height uint32
	// Keep is the number of values carried (0 or 1).
	Keep uint32
}

// Control is the resolved control flow of one function body: the static
// information a branch needs, computed once from the structured code. Both
// the interpreter and the circuit's program image use it.
type Control struct {
	// Jumps[pc] is the taken branch of br and br_if; for if, the PC taken when
	// the condition is zero (after the else, or after the end); for else, the PC
	// after the matching end (the then-branch falls into the else). Zero for
	// other instructions. return and the function's final end return.
	Jumps []Jump
	// Table holds the br_table targets, parallel to Code.BrTable.
	Table []Jump
	// Heights[pc] is the operand-stack height before instruction pc
	// (relative to the operand base). Meaningless in unreachable code.
	Heights []uint32
}

// ResolveControl computes the control flow of function funcIndex (import
// space included, so it must be a module-defined function) of a validated
// module.
func (m *Module) ResolveControl(funcIndex uint32) (*Control, error) {
	if funcIndex < m.NumImportedFuncs || funcIndex >= m.NumFuncs() {
		return nil, fmt.Errorf("wasm: function %d has no body", funcIndex)
	}
	code := &m.Codes[funcIndex-m.NumImportedFuncs]
	ft := m.Types[m.Funcs[funcIndex-m.NumImportedFuncs]]
	type frame struct {
		op     Opcode
		start  int
		height uint32
		arity  uint32
		fixups []int // Jumps entries to patch with end+1
		tfix   []int // Table entries to patch with end+1
		elsePC int
	}
	c := &Control{Jumps: make([]Jump, len(code.Body)), Table: make([]Jump, len(code.BrTable)), Heights: make([]uint32, len(code.Body))}
	ctrls := []frame{{op: OpBlock, start: -1, arity: uint32(len(ft.Results))}}
	h := 0
	var bad error
	target := func(pc int, depth uint64) (Jump, *frame) {
		if depth >= uint64(len(ctrls)) {
			bad = fmt.Errorf("wasm: func %d pc %d: unknown label %d", funcIndex, pc, depth)
			return Jump{}, nil
		}
		if int(depth) == len(ctrls)-1 {
			return Jump{PC: ReturnPC, Keep: uint32(len(ft.Results))}, nil
		}
		fr := &ctrls[len(ctrls)-1-int(depth)]
		if fr.op == OpLoop {
			return Jump{PC: uint32(fr.start + 1), Height: fr.height}, nil
		}
		return Jump{Height: fr.height, Keep: fr.arity}, fr
	}
	for pc, in := range code.Body {
		if h < 0 {
			h = 0 // only in unreachable code
		}
		c.Heights[pc] = uint32(h)
		if pop, push, ok := StackEffect(in.Op); ok {
			h += push - pop
			continue
		}
		switch in.Op {
		case OpBlock, OpLoop, OpIf:
			if in.Op == OpIf {
				h--
			}
			var ar uint32
			switch in.Imm2 {
			case BlockValue:
				ar = 1
			case BlockTypeIndex:
				ar = uint32(len(m.Types[in.Imm].Results))
			}
			ctrls = append(ctrls, frame{op: in.Op, start: pc, height: uint32(max(h, 0)), arity: ar, elsePC: -1})
		case OpElse:
			fr := &ctrls[len(ctrls)-1]
			fr.elsePC = pc
			fr.fixups = append(fr.fixups, pc)
			h = int(fr.height)
		case OpEnd:
			fr := ctrls[len(ctrls)-1]
			ctrls = ctrls[:len(ctrls)-1]
			if len(ctrls) == 0 {
				c.Jumps[pc] = Jump{PC: ReturnPC, Keep: uint32(len(ft.Results))}
				continue
			}
			for _, p := range fr.fixups {
				c.Jumps[p].PC = uint32(pc + 1)
			}
			for _, p := range fr.tfix {
				c.Table[p].PC = uint32(pc + 1)
			}
			if fr.op == OpIf {
				if fr.elsePC >= 0 {
					c.Jumps[fr.start] = Jump{PC: uint32(fr.elsePC + 1), Height: fr.height}
				} else {
					c.Jumps[fr.start] = Jump{PC: uint32(pc + 1), Height: fr.height}
				}
			}
			h = int(fr.height + fr.arity)
		case OpBr, OpBrIf:
			if in.Op == OpBrIf {
				h--
			}
			j, fr := target(pc, in.Imm)
			c.Jumps[pc] = j
			if fr != nil {
				fr.fixups = append(fr.fixups, pc)
			}
		case OpBrTable:
			h--
			for k := in.Imm; k < in.Imm+uint64(in.Imm2); k++ {
				j, fr := target(pc, uint64(code.BrTable[k]))
				c.Table[k] = j
				if fr != nil {
					fr.tfix = append(fr.tfix, int(k))
				}
			}
		case OpReturn:
			c.Jumps[pc] = Jump{PC: ReturnPC, Keep: uint32(len(ft.Results))}
		case OpCall:
			t, _ := m.FuncTypeOf(uint32(in.Imm))
			h += len(t.Results) - len(t.Params)
		case OpCallIndirect:
			t := m.Types[in.Imm]
			h += len(t.Results) - len(t.Params) - 1
		case OpUnreachable:
		default:
			return nil, fmt.Errorf("wasm: func %d pc %d: unexpected opcode %s", funcIndex, pc, in.Op)
		}
		if bad != nil {
			return nil, bad
		}
	}
	if len(ctrls) != 0 {
		return nil, fmt.Errorf("wasm: func %d: unbalanced blocks", funcIndex)
	}
	return c, nil
}
