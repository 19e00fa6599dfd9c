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
//   - Funcs: what each function address means (instance, index, name,
//     number of params, results and declared locals).
//
// Value-stack and locals accesses are not logged: they follow from each
// step's SP, FP, opcode and values. StackWalker derives them step by step
// (address, read/write, value), and CheckStack verifies that every read returns
// the last write and that frames link up, which is what the circuit's
// stack/locals consistency argument proves. CheckMemory does the same for the
// linear-memory log, given the initial memory contents, and CheckGlobals for
// the globals log.
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
// A step that traps is the last step of its invocation; its R is 0 and it has
// no memory, global or frame records. A run stopped by the step limit ends
// with the last completed step.
//
// Instruction indices (PC) are indices into wasm.Code.Body of the function:
// the same numbering the circuit's program image uses.
//
// Imports: the standard library and package wasm only (for wasm.Opcode).
package trace
