// Package trace defines the execution trace recorded by the tracing interpreter
// (wasm/interp): the contract between WebAssembly execution and the zk circuit.
//
// A Trace is a handful of flat slices of fixed-size structs, appended to while
// the interpreter runs (no allocation per step beyond amortised slice growth):
//
//   - Steps: one Step per executed instruction, in execution order. The circuit
//     has one execution-table row per Step.
//   - Mem: one MemAccess per linear-memory read or write (loads and stores),
//     each pointing back at its Step.
//   - Globals: one GlobalAccess per global.get / global.set.
//   - Frames: one Frame per function call and per function return.
//   - HostCalls: one HostCall per call of a host (Go) function, with its
//     arguments and results in HostValues.
//   - Funcs: what each function address means (instance, index, name).
//
// # Machine model
//
// Values are uint64. An i32 value is always stored zero-extended (its upper 32
// bits are 0); an i64 value is its two's-complement bit pattern.
//
// The value stack is one array of 64-bit slots shared by all frames. A slot
// address is its index in that array. A function activation (frame) has base
// FP: its locals (parameters first, then declared locals, which start at zero)
// occupy slots FP .. FP+L-1, and its operand stack grows upwards from FP+L.
// SP is the stack height: the address of the first free slot, so the top
// operand is at slot SP-1. The first frame's FP is StackBase (slots below it
// are permanently zero, so S0..S2 below are always defined).
//
// # Reading a Step
//
// For every step, S0, S1, S2 are the values in slots SP-1, SP-2, SP-3 before the
// step (the top three stack entries), whether or not the instruction reads
// them, and R is the value in slot SP'-1 after the step, where SP' is the
// next step's SP (the new top). Which of them are meaningful follows from the
// opcode:
//
//   - binary numeric ops (i32.add, i64.lt_s, ...): operands S1 (left) and S0
//     (right), result R, written to slot SP-2; SP' = SP-1.
//   - unary numeric ops, conversions, eqz, clz, extend*: operand S0, result R
//     in slot SP-1; SP' = SP.
//   - i32.const / i64.const: R = Imm, written to slot SP; SP' = SP+1.
//   - local.get x: reads slot FP+x, R is its value (written to slot SP).
//   - local.set x: writes S0 to slot FP+x; SP' = SP-1.
//   - local.tee x: writes S0 to slot FP+x; R = S0; SP' = SP.
//   - global.get x / global.set x: x = Imm (module-local index); the value is R
//     or S0; the store-wide global address is in the Globals log.
//   - loads: address operand S0, loaded value R; the access is in Mem.
//   - stores: address S1, value S0; the access (value truncated to the width)
//     is in Mem; SP' = SP-2.
//   - select: S2 = first value, S1 = second value, S0 = condition;
//     R = (S0 != 0 ? S2 : S1) in slot SP-3; SP' = SP-2.
//   - drop: SP' = SP-1. nop, block, loop, end (of a block): no effect.
//   - memory.size: R = size in pages. memory.grow: S0 = delta, R = old size
//     in pages or 0xffffffff on failure.
//   - if, br_if: S0 = condition. br_table: S0 = index. Where a branch goes is
//     static: wasm.Module.ResolveControl gives, per instruction, a wasm.Jump
//     {PC, Height, Keep}. A taken br/br_if/br_table continues at Jump.PC with
//     SP' = FP + #locals(params included) + Height + Keep, the carried value
//     (Keep = 1) being S0 for br and S1 for br_if/br_table, now at slot SP'-1.
//     if with S0 = 0 continues at Jumps[pc].PC (after its else, or its end);
//     else continues at Jumps[pc].PC (after its end). Jump.PC = ReturnPC means
//     the branch returns from the function.
//   - call, call_indirect (S0 = table index): the Frames log has the call.
//     The next step is the callee's first instruction (or, for a host
//     function, the instruction after the call, and HostCalls has the call).
//   - return, and the end of a function body: the Frames log has the return.
//
// Instruction indices (PC) are indices into wasm.Code.Body of the function:
// the same numbering the circuit's program image uses.
package trace

import (
	"unsafe"

	"github.com/zkwasm/zkwasm/wasm"
)

// StackBase is the FP of the outermost frame: slots 0..StackBase-1 are zero.
const StackBase = 3

// NoFunc marks "no function" (e.g. the caller of an entry call from the host).
const NoFunc = ^uint32(0)

// Step is one executed instruction (64 bytes).
type Step struct {
	Func uint32      // function address in the store; see Trace.Funcs
	PC   uint32      // index of the instruction in the function body (wasm.Code.Body)
	Op   wasm.Opcode // the instruction's opcode
	_    uint16
	SP   uint32 // value-stack height before the step (slot address of the first free slot)
	FP   uint32 // frame base of the executing function (slot address of local 0)
	Imm  uint64 // the instruction's first immediate, as in wasm.Instr.Imm
	S0   uint64 // value in slot SP-1 before the step (top of stack)
	S1   uint64 // value in slot SP-2 before the step
	S2   uint64 // value in slot SP-3 before the step
	R    uint64 // value in the top slot after the step (the result, for instructions that push one)
}

// MemAccess is one read or write of linear memory (24 bytes).
type MemAccess struct {
	Step  uint32 // index into Trace.Steps of the load or store
	Addr  uint32 // effective byte address (operand + memarg offset); little endian
	Width uint8  // access width in bytes: 1, 2, 4 or 8
	Write bool   // true for stores
	Mem   uint16 // memory address in the store (0 for the first memory created)
	Value uint64 // the Width bytes read or written, zero-extended (before sign extension of loads)
}

// GlobalAccess is one read or write of a global variable (24 bytes).
type GlobalAccess struct {
	Step   uint32 // index into Trace.Steps of the global.get or global.set
	Global uint32 // global address in the store
	Write  bool   // true for global.set
	Value  uint64 // value read or written
}

// FrameKind distinguishes calls from returns in the Frames log.
type FrameKind uint8

// Frame kinds.
const (
	Call   FrameKind = 1
	Return FrameKind = 2
)

// Frame is a call or a return (28 bytes).
//
// For a Call, Step is the call/call_indirect step (or NoStep for an entry call
// from the host), Caller/CallerPC the calling instruction, Callee the called
// function, FP the callee's frame base (its parameters are the caller's top
// operands, so FP = caller SP - number of parameters) and Depth the callee's
// call depth (1 for an entry call).
//
// For a Return, Step is the return or final-end step, Callee the returning
// function, Caller/CallerPC the instruction that called it (NoFunc for a
// return to the host), FP the returning frame's base, Depth its call depth;
// results are moved to slots FP.. (the caller's new SP is FP + #results).
type Frame struct {
	Step     uint32
	Kind     FrameKind
	_        [3]byte
	Caller   uint32
	CallerPC uint32
	Callee   uint32
	FP       uint32
	Depth    uint32
}

// NoStep marks a frame record that has no step (an entry call from the host).
const NoStep = ^uint32(0)

// HostCall is one call of a host function (16 bytes). Its arguments are
// HostValues[ArgStart : ArgStart+NumArgs] and its results follow them.
type HostCall struct {
	Step       uint32 // index into Trace.Steps of the call step (NoStep for an entry call)
	Func       uint32 // host function address in the store
	ArgStart   uint32 // index into Trace.HostValues
	NumArgs    uint16
	NumResults uint16
}

// Results returns the index range of the results in HostValues.
func (h HostCall) Results() (start, end uint32) {
	s := h.ArgStart + uint32(h.NumArgs)
	return s, s + uint32(h.NumResults)
}

// FuncInfo says what a store function address is.
type FuncInfo struct {
	Instance uint32 // instance number in the store (creation order)
	Module   string // name the instance was registered or created under
	Index    uint32 // function index within its module (imports included)
	Name     string // name from the name section or host export name
	Host     bool   // a host (Go) function
}

// Trace is a recorded execution. Slices only grow; Reset empties them keeping
// their capacity.
type Trace struct {
	Steps      []Step
	Mem        []MemAccess
	Globals    []GlobalAccess
	Frames     []Frame
	HostCalls  []HostCall
	HostValues []uint64
	Funcs      []FuncInfo
}

// Reset empties the logs (not Funcs) and keeps their capacity.
func (t *Trace) Reset() {
	t.Steps = t.Steps[:0]
	t.Mem = t.Mem[:0]
	t.Globals = t.Globals[:0]
	t.Frames = t.Frames[:0]
	t.HostCalls = t.HostCalls[:0]
	t.HostValues = t.HostValues[:0]
}

// Bytes is the size in bytes of the recorded logs (Funcs excluded).
func (t *Trace) Bytes() int {
	return len(t.Steps)*int(unsafe.Sizeof(Step{})) +
		len(t.Mem)*int(unsafe.Sizeof(MemAccess{})) +
		len(t.Globals)*int(unsafe.Sizeof(GlobalAccess{})) +
		len(t.Frames)*int(unsafe.Sizeof(Frame{})) +
		len(t.HostCalls)*int(unsafe.Sizeof(HostCall{})) +
		len(t.HostValues)*8
}

// BytesPerStep is Bytes divided by the number of steps (0 if there are none).
func (t *Trace) BytesPerStep() float64 {
	if len(t.Steps) == 0 {
		return 0
	}
	return float64(t.Bytes()) / float64(len(t.Steps))
}
