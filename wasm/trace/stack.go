package trace

import (
	"fmt"

	"github.com/zkwasm/zkwasm/wasm"
)

// SlotAccess is one read or write of a value-stack slot: an operand or a
// local (locals are slots FP+x of their frame).
type SlotAccess struct {
	Addr  uint32 // slot address
	Write bool
	Value uint64 // value read, or written
}

// StackWalker derives, step by step, every value-stack slot access of a
// trace: what a circuit's stack/locals consistency argument must check (each
// read returns the last value written to the slot). It walks Steps in order,
// keeping cursors into Frames and HostCalls, so it never re-executes anything.
//
// Per step it reports the reads (deepest operand first) and then the writes:
//
//   - instructions with a fixed stack effect (wasm.StackEffect) read their
//     pop operands from slots SP-pop..SP-1 and write their result to slot
//     SP-pop; except drop (no access), local.get x (reads FP+x, writes SP),
//     local.set x / local.tee x (read SP-1, write FP+x);
//   - if reads its condition; br_if / br_table read the condition / index;
//   - a taken branch that carries a value (Step.Keep = 1) reads it (slot SP-1
//     for br, SP-2 for br_if and br_table) and writes it to slot SP'-1, SP'
//     being the next step's SP;
//   - a return (return, the function's final end, or a branch to the
//     function's label: the steps with a Return frame) moves the function's
//     result, if any, to slot FP;
//   - a call to a module function writes zero to each declared local of the
//     callee (slots FP'+Params .. FP'+Params+Locals-1, FP' from the Frame;
//     parameters stay where the caller pushed them); call_indirect first reads
//     its table index;
//   - a call to a host function reads the arguments and writes the results
//     (values from HostValues) starting at slot SP-#args.
//
// The entry call of each invocation (a Frame with Step NoStep) is reported
// with the first step of the invocation: zero writes for the entry function's
// declared locals. Its arguments are written by the host before the first step
// and are not in the trace (zkmain takes none). The accesses of a step that
// trapped are those the instruction would have made.
type StackWalker struct {
	t     *Trace
	i     int
	frame int
	host  int
}

// StackWalker returns a walker positioned before the first step.
func (t *Trace) StackWalker() *StackWalker { return &StackWalker{t: t} }

func zeros(dst []SlotAccess, from, n uint32) []SlotAccess {
	for k := uint32(0); k < n; k++ {
		dst = append(dst, SlotAccess{Addr: from + k, Write: true})
	}
	return dst
}

// Next appends the slot accesses of the next step to dst and returns them with
// the step's index; ok is false when all steps have been walked.
func (w *StackWalker) Next(dst []SlotAccess) (out []SlotAccess, step int, ok bool) {
	t := w.t
	if w.i >= len(t.Steps) {
		return dst, w.i, false
	}
	i := w.i
	w.i++
	st := &t.Steps[i]
	// Entry calls that precede this step.
	for w.frame < len(t.Frames) && t.Frames[w.frame].Step == NoStep {
		f := &t.Frames[w.frame]
		if f.Kind == Call {
			fi := &t.Funcs[f.Callee]
			dst = zeros(dst, f.FP+fi.Params, fi.Locals)
		}
		w.frame++
	}
	for w.host < len(t.HostCalls) && t.HostCalls[w.host].Step == NoStep {
		w.host++
	}
	var frame *Frame
	if w.frame < len(t.Frames) && t.Frames[w.frame].Step == uint32(i) {
		frame = &t.Frames[w.frame]
		w.frame++
	}
	read := func(addr uint32, v uint64) { dst = append(dst, SlotAccess{Addr: addr, Value: v}) }
	write := func(addr uint32, v uint64) { dst = append(dst, SlotAccess{Addr: addr, Write: true, Value: v}) }
	// operand returns the value at slot SP-1-k before the step.
	operand := func(k uint32) uint64 {
		switch k {
		case 0:
			return st.S0
		case 1:
			return st.S1
		}
		return st.S2
	}
	ret := func(top uint32) { // a return; the result (if any) is at slot top-1
		if t.Funcs[st.Func].Results == 1 {
			v := operand(st.SP - top)
			read(top-1, v)
			write(st.FP, v)
		}
	}
	nextSP := func() uint32 {
		if i+1 < len(t.Steps) {
			return t.Steps[i+1].SP
		}
		return st.SP
	}
	isReturn := frame != nil && frame.Kind == Return
	switch st.Op {
	case wasm.OpDrop, wasm.OpNop, wasm.OpBlock, wasm.OpLoop, wasm.OpElse, wasm.OpUnreachable:
	case wasm.OpLocalGet:
		read(st.FP+uint32(st.Imm), st.R)
		write(st.SP, st.R)
	case wasm.OpLocalSet, wasm.OpLocalTee:
		read(st.SP-1, st.S0)
		write(st.FP+uint32(st.Imm), st.S0)
	case wasm.OpIf:
		read(st.SP-1, st.S0)
	case wasm.OpEnd, wasm.OpReturn:
		if isReturn {
			ret(st.SP)
		}
	case wasm.OpBr:
		if isReturn {
			ret(st.SP)
		} else if st.Keep == 1 {
			read(st.SP-1, st.S0)
			write(nextSP()-1, st.S0)
		}
	case wasm.OpBrIf, wasm.OpBrTable:
		read(st.SP-1, st.S0)
		if isReturn {
			ret(st.SP - 1)
		} else if st.Keep == 1 {
			read(st.SP-2, st.S1)
			write(nextSP()-1, st.S1)
		}
	case wasm.OpCall, wasm.OpCallIndirect:
		sp := st.SP
		if st.Op == wasm.OpCallIndirect {
			read(sp-1, st.S0)
			sp--
		}
		if w.host < len(t.HostCalls) && t.HostCalls[w.host].Step == uint32(i) {
			h := &t.HostCalls[w.host]
			w.host++
			base := sp - uint32(h.NumArgs)
			for k := uint32(0); k < uint32(h.NumArgs); k++ {
				read(base+k, t.HostValues[h.ArgStart+k])
			}
			rs, _ := h.Results()
			for k := uint32(0); k < uint32(h.NumResults); k++ {
				write(base+k, t.HostValues[rs+k])
			}
		} else if frame != nil && frame.Kind == Call {
			fi := &t.Funcs[frame.Callee]
			dst = zeros(dst, frame.FP+fi.Params, fi.Locals)
		}
	default:
		pop, push, ok := wasm.StackEffect(st.Op)
		if !ok {
			break
		}
		for k := uint32(pop); k > 0; k-- {
			read(st.SP-k, operand(k-1))
		}
		if push == 1 {
			write(st.SP-uint32(pop), st.R)
		}
	}
	return dst, i, true
}

// CheckStack walks the trace and verifies the value-stack consistency the
// circuit relies on: every slot read returns the last value written to that
// slot, and call/return frames agree with the steps around them (the callee
// frame starts at the caller's SP minus the arguments, the callee's first step
// runs at that FP, a return leaves SP = FP + results in the caller). Slots of an entry function's parameters (written by the host) may be
// read before any write. A nil error means the stack part of the trace is a
// consistent witness.
func (t *Trace) CheckStack() error {
	shadow := map[uint32]uint64{}
	var entryFP, entryParams uint32
	w := t.StackWalker()
	var acc []SlotAccess
	for {
		// Entry frames that start an invocation reset the allowed parameter
		// range (the walker consumes them with the next step).
		if f := w.frame; f < len(t.Frames) && t.Frames[f].Step == NoStep && t.Frames[f].Kind == Call {
			entryFP, entryParams = t.Frames[f].FP, t.Funcs[t.Frames[f].Callee].Params
			for k := uint32(0); k < entryParams; k++ {
				delete(shadow, entryFP+k)
			}
		}
		f0 := w.frame
		var i int
		var ok bool
		acc, i, ok = w.Next(acc[:0])
		if !ok {
			return nil
		}
		if err := t.checkFrames(i, f0, w.frame); err != nil {
			return err
		}
		for _, a := range acc {
			if a.Write {
				shadow[a.Addr] = a.Value
				continue
			}
			v, seen := shadow[a.Addr]
			if !seen {
				if a.Addr < entryFP || a.Addr >= entryFP+entryParams {
					return fmt.Errorf("trace: step %d (%s): reads slot %d, never written", i, t.Steps[i].Op, a.Addr)
				}
				shadow[a.Addr] = a.Value
				continue
			}
			if v != a.Value {
				return fmt.Errorf("trace: step %d (%s): reads %d from slot %d, last written %d", i, t.Steps[i].Op, a.Value, a.Addr, v)
			}
		}
	}
}

// checkFrames checks the frame records consumed for step i (Frames[from:to]).
func (t *Trace) checkFrames(i, from, to int) error {
	st := &t.Steps[i]
	var next *Step
	if i+1 < len(t.Steps) {
		next = &t.Steps[i+1]
	}
	for k := from; k < to; k++ {
		f := &t.Frames[k]
		if f.Step == NoStep {
			if f.Kind == Call && f.FP != st.FP {
				return fmt.Errorf("trace: entry frame %d has FP %d, its first step %d runs at FP %d", k, f.FP, i, st.FP)
			}
			continue
		}
		fi := &t.Funcs[f.Callee]
		switch f.Kind {
		case Call:
			sp := st.SP
			if st.Op == wasm.OpCallIndirect {
				sp--
			}
			if f.FP != sp-fi.Params {
				return fmt.Errorf("trace: step %d: call frame FP %d, want SP-params = %d", i, f.FP, sp-fi.Params)
			}
			if next != nil && (next.Func != f.Callee || next.FP != f.FP || next.PC != 0) {
				return fmt.Errorf("trace: step %d: callee's first step is func %d pc %d FP %d, frame says func %d FP %d", i, next.Func, next.PC, next.FP, f.Callee, f.FP)
			}
		case Return:
			if f.Callee != st.Func || f.FP != st.FP {
				return fmt.Errorf("trace: step %d: return frame of func %d FP %d, step is func %d FP %d", i, f.Callee, f.FP, st.Func, st.FP)
			}
			if f.Caller != NoFunc && next != nil {
				if next.Func != f.Caller || next.PC != f.CallerPC+1 || next.SP != f.FP+fi.Results {
					return fmt.Errorf("trace: step %d: return to func %d pc %d SP %d, next step is func %d pc %d SP %d", i, f.Caller, f.CallerPC+1, f.FP+fi.Results, next.Func, next.PC, next.SP)
				}
			}
		}
	}
	return nil
}
