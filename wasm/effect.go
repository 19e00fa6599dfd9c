package wasm

// StackEffect returns how many operands op pops and how many values it pushes,
// for the opcodes whose effect depends on nothing but the opcode. ok is false
// for control instructions (block, loop, if, else, end, br*, return,
// unreachable), calls and unknown opcodes, whose effect depends on
// immediates or on the module.
func StackEffect(op Opcode) (pop, push int, ok bool) {
	if n, _, _, isNum := numericSig(op); isNum {
		return n, 1, true
	}
	if w, _, store := loadStoreInfo(op); w != 0 {
		if store {
			return 2, 0, true
		}
		return 1, 1, true
	}
	switch op {
	case OpNop:
		return 0, 0, true
	case OpDrop:
		return 1, 0, true
	case OpSelect:
		return 3, 1, true
	case OpLocalGet, OpGlobalGet, OpI32Const, OpI64Const, OpMemorySize:
		return 0, 1, true
	case OpLocalSet, OpGlobalSet:
		return 1, 0, true
	case OpLocalTee, OpMemoryGrow:
		return 1, 1, true
	}
	return 0, 0, false
}
