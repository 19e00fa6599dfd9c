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
	// Keep is the number of values (0 or 1) a taken br, br_if or br_table
	// carries to its label; 0 for every other step (returns carry the
	// function's FuncInfo.Results values).
	Keep uint16
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
	Params   uint32 // number of parameters
	Results  uint32 // number of results (0 or 1)
	Locals   uint32 // number of declared locals (parameters excluded), zeroed on entry
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
