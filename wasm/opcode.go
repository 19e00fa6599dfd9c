package wasm

import "fmt"

// String returns the text-format name of the opcode.
func (op Opcode) String() string {
	if in, ok := opInfos[op]; ok {
		return in.name
	}
	if op>>8 == 0xfd {
		return fmt.Sprintf("simd.%#x", op&0xff)
	}
	return fmt.Sprintf("opcode(%#x)", uint16(op))
}

// Feature returns the unsupported feature an opcode belongs to ("floats",
// "reference types", "bulk memory", "SIMD"), or "" if it is supported.
func (op Opcode) Feature() string {
	if in, ok := opInfos[op]; ok {
		return in.feature
	}
	if op>>8 == 0xfd {
		return "SIMD"
	}
	return ""
}

// Known reports whether op is a defined opcode (supported or not).
func (op Opcode) Known() bool {
	_, ok := opInfos[op]
	return ok
}

// Supported reports whether op is in the supported profile.
func (op Opcode) Supported() bool {
	in, ok := opInfos[op]
	return ok && in.feature == ""
}
