package interp

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"

	"github.com/zkwasm/zkwasm/wasm"
	"github.com/zkwasm/zkwasm/wasm/trace"
)

// savedFrame is the caller state pushed on a call.
type savedFrame struct {
	fn *function
	pc int // pc of the call instruction
	fp int
}

func (s *Store) trapAt(f *function, pc int, err error) *Trap {
	t := &Trap{Err: err, Func: f.addr, Index: f.index, FuncName: f.name, Module: f.inst.name, PC: uint32(pc)}
	if pc < len(f.body) {
		t.Offset = f.body[pc].Offset
	}
	return t
}

func (s *Store) invoke(addr uint32, args []uint64) ([]uint64, error) {
	if s.busy {
		return nil, errors.New("interp: store is already executing (re-entrant call)")
	}
	f := s.funcs[addr]
	if len(args) != f.nparams {
		return nil, fmt.Errorf("interp: %s expects %d arguments, got %d", f.label(), f.nparams, len(args))
	}
	s.busy = true
	defer func() { s.busy = false }()
	if need := trace.StackBase + len(args) + 1; len(s.stack) < need {
		s.stack = make([]uint64, max(1024, need))
	}
	sp := trace.StackBase
	for i, a := range args {
		if f.typ.Params[i] == wasm.I32 {
			a = uint64(uint32(a))
		}
		s.stack[sp+i] = a
	}
	sp += len(args)
	if f.host != nil {
		res, err := s.callHost(f, nil, sp, trace.NoStep)
		if err != nil {
			return nil, &Trap{Err: err, Func: f.addr, Index: f.index, FuncName: f.name, Module: f.inst.name}
		}
		return res, nil
	}
	return s.run(f, sp)
}

// callHost calls host function f with its arguments in stack[sp-nparams:sp]
// and returns its results (checked and normalised).
func (s *Store) callHost(f *function, caller *Instance, sp int, step uint32) ([]uint64, error) {
	args := s.stack[sp-f.nparams : sp]
	res, err := f.host.Fn(&Caller{s: s, inst: caller}, args)
	if err != nil {
		return nil, err
	}
	if len(res) != f.nresults {
		return nil, fmt.Errorf("host function %s returned %d results, want %d", f.label(), len(res), f.nresults)
	}
	for i, t := range f.typ.Results {
		if t == wasm.I32 {
			res[i] = uint64(uint32(res[i]))
		}
	}
	if s.cfg.Trace {
		start := uint32(len(s.tr.HostValues))
		s.tr.HostValues = append(s.tr.HostValues, args...)
		s.tr.HostValues = append(s.tr.HostValues, res...)
		s.tr.HostCalls = append(s.tr.HostCalls, trace.HostCall{Step: step, Func: f.addr, ArgStart: start, NumArgs: uint16(f.nparams), NumResults: uint16(f.nresults)})
	}
	return res, nil
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// run executes f (a module function) whose arguments are in
// stack[sp-nparams:sp], and returns its results.
func (s *Store) run(f *function, sp int) ([]uint64, error) {
	res, err, n := s.loop(f, sp)
	s.steps += n
	return res, err
}

// grow makes room for a frame of callee at newFP, zeroes its declared locals
// and returns the (possibly reallocated) stack; nil if the stack is exhausted.
func (s *Store) grow(stack []uint64, callee *function, newFP int) []uint64 {
	need := newFP + callee.nlocals + callee.maxStack + 1
	if need > len(stack) {
		if need > s.cfg.MaxStackSlots {
			return nil
		}
		n := min(max(2*len(stack), need), s.cfg.MaxStackSlots)
		ns := make([]uint64, n)
		copy(ns, stack)
		stack = ns
		s.stack = ns
	}
	clear(stack[newFP+callee.nparams : newFP+callee.nlocals])
	return stack
}

func (s *Store) loop(f *function, sp int) ([]uint64, error, uint64) {
	cfg := &s.cfg
	tracing := cfg.Trace
	t := &s.tr
	stepBase := len(t.Steps)
	limit := cfg.MaxSteps
	if limit == 0 {
		limit = math.MaxUint64
	}
	var executed uint64

	var frames []savedFrame
	fn := f
	fp := sp - fn.nparams
	stack := s.stack
	if stack = s.grow(stack, fn, fp); stack == nil {
		return nil, s.trapAt(fn, 0, ErrStackExhausted), executed
	}
	sp = fp + fn.nlocals
	base := sp // operand base of the current frame
	code := fn.code
	pc := 0
	var mem []byte
	var memAddr uint16
	if fn.inst.mem != nil {
		mem, memAddr = fn.inst.mem.data, fn.inst.mem.addr
	}
	if tracing {
		t.Frames = append(t.Frames, trace.Frame{Step: trace.NoStep, Kind: trace.Call, Caller: trace.NoFunc, CallerPC: 0, Callee: fn.addr, FP: uint32(fp), Depth: 1})
	}
	for {
		in := &code[pc]
		if tracing {
			// Written field by field into the slice (no temporary struct copy).
			n := len(t.Steps)
			if n > stepBase {
				t.Steps[n-1].R = stack[sp-1]
			}
			if n == cap(t.Steps) {
				t.Steps = append(t.Steps, trace.Step{})
			} else {
				t.Steps = t.Steps[:n+1]
			}
			st := &t.Steps[n]
			st.Func, st.PC, st.Op, st.Keep, st.SP, st.FP = fn.addr, uint32(pc), in.top, 0, uint32(sp), uint32(fp)
			st.Imm, st.S0, st.S1, st.S2, st.R = in.imm, stack[sp-1], stack[sp-2], stack[sp-3], 0
		}
		executed++
		if executed > limit {
			executed--
			if tracing {
				t.Steps = t.Steps[:len(t.Steps)-1]
			}
			return nil, s.trapAt(fn, pc, ErrStepLimit), executed
		}
		var callee *function
		switch in.op {
		case wasm.OpUnreachable:
			return nil, s.trapAt(fn, pc, ErrUnreachable), executed
		case wasm.OpNop, wasm.OpBlock, wasm.OpLoop, opBlockEnd:
		case wasm.OpIf:
			sp--
			if uint32(stack[sp]) == 0 {
				pc = int(in.a)
				continue
			}
		case wasm.OpElse:
			pc = int(in.a)
			continue
		case wasm.OpBr:
			if tracing {
				t.Steps[len(t.Steps)-1].Keep = in.keep
			}
			if in.keep != 0 {
				v := stack[sp-1]
				sp = base + int(in.b)
				stack[sp] = v
				sp++
			} else {
				sp = base + int(in.b)
			}
			pc = int(in.a)
			continue
		case wasm.OpBrIf:
			sp--
			if uint32(stack[sp]) != 0 {
				if tracing {
					t.Steps[len(t.Steps)-1].Keep = in.keep
				}
				if in.keep != 0 {
					v := stack[sp-1]
					sp = base + int(in.b)
					stack[sp] = v
					sp++
				} else {
					sp = base + int(in.b)
				}
				pc = int(in.a)
				continue
			}
		case wasm.OpBrTable:
			sp--
			i := uint32(stack[sp])
			if i >= in.b {
				i = in.b - 1
			}
			tg := &fn.brt[in.a+i]
			if tg.pc == retPC {
				goto doReturn
			}
			if tracing {
				t.Steps[len(t.Steps)-1].Keep = tg.keep
			}
			if tg.keep != 0 {
				v := stack[sp-1]
				sp = base + int(tg.height)
				stack[sp] = v
				sp++
			} else {
				sp = base + int(tg.height)
			}
			pc = int(tg.pc)
			continue
		case opBrIfReturn:
			sp--
			if uint32(stack[sp]) != 0 {
				goto doReturn
			}
		case wasm.OpReturn:
			goto doReturn
		case wasm.OpCall:
			callee = s.funcs[in.a]
		case wasm.OpCallIndirect:
			sp--
			i := uint32(stack[sp])
			tab := fn.inst.table
			if i >= uint32(len(tab.elems)) {
				return nil, s.trapAt(fn, pc, ErrUndefinedElement), executed
			}
			a := tab.elems[i]
			if a < 0 {
				return nil, s.trapAt(fn, pc, ErrUninitializedElement), executed
			}
			callee = s.funcs[a]
			if callee.typeID != in.a {
				return nil, s.trapAt(fn, pc, ErrIndirectTypeMismatch), executed
			}
		case wasm.OpDrop:
			sp--
		case wasm.OpSelect:
			sp -= 2
			if uint32(stack[sp+1]) == 0 {
				stack[sp-1] = stack[sp]
			}
		case wasm.OpLocalGet:
			stack[sp] = stack[fp+int(in.a)]
			sp++
		case wasm.OpLocalSet:
			sp--
			stack[fp+int(in.a)] = stack[sp]
		case wasm.OpLocalTee:
			stack[fp+int(in.a)] = stack[sp-1]
		case wasm.OpGlobalGet:
			v := s.globals[in.a].val
			stack[sp] = v
			sp++
			if tracing {
				t.Globals = append(t.Globals, trace.GlobalAccess{Step: uint32(len(t.Steps) - 1), Global: in.a, Value: v})
			}
		case wasm.OpGlobalSet:
			sp--
			v := stack[sp]
			s.globals[in.a].val = v
			if tracing {
				t.Globals = append(t.Globals, trace.GlobalAccess{Step: uint32(len(t.Steps) - 1), Global: in.a, Write: true, Value: v})
			}

		// Loads and stores (§4.4.7): effective address = operand + offset, computed in 64 bits.
		case wasm.OpI32Load:
			ea := uint64(uint32(stack[sp-1])) + uint64(in.a)
			if ea+4 > uint64(len(mem)) {
				return nil, s.trapAt(fn, pc, ErrOutOfBounds), executed
			}
			raw := uint64(binary.LittleEndian.Uint32(mem[ea:]))
			stack[sp-1] = raw
			if tracing {
				t.Mem = append(t.Mem, trace.MemAccess{Step: uint32(len(t.Steps) - 1), Addr: uint32(ea), Width: 4, Mem: memAddr, Value: raw})
			}
		case wasm.OpI64Load:
			ea := uint64(uint32(stack[sp-1])) + uint64(in.a)
			if ea+8 > uint64(len(mem)) {
				return nil, s.trapAt(fn, pc, ErrOutOfBounds), executed
			}
			raw := binary.LittleEndian.Uint64(mem[ea:])
			stack[sp-1] = raw
			if tracing {
				t.Mem = append(t.Mem, trace.MemAccess{Step: uint32(len(t.Steps) - 1), Addr: uint32(ea), Width: 8, Mem: memAddr, Value: raw})
			}
		case wasm.OpI32Load8S:
			ea := uint64(uint32(stack[sp-1])) + uint64(in.a)
			if ea+1 > uint64(len(mem)) {
				return nil, s.trapAt(fn, pc, ErrOutOfBounds), executed
			}
			raw := uint64(mem[ea])
			stack[sp-1] = uint64(uint32(int32(int8(raw))))
			if tracing {
				t.Mem = append(t.Mem, trace.MemAccess{Step: uint32(len(t.Steps) - 1), Addr: uint32(ea), Width: 1, Mem: memAddr, Value: raw})
			}
		case wasm.OpI32Load8U:
			ea := uint64(uint32(stack[sp-1])) + uint64(in.a)
			if ea+1 > uint64(len(mem)) {
				return nil, s.trapAt(fn, pc, ErrOutOfBounds), executed
			}
			raw := uint64(mem[ea])
			stack[sp-1] = raw
			if tracing {
				t.Mem = append(t.Mem, trace.MemAccess{Step: uint32(len(t.Steps) - 1), Addr: uint32(ea), Width: 1, Mem: memAddr, Value: raw})
			}
		case wasm.OpI32Load16S:
			ea := uint64(uint32(stack[sp-1])) + uint64(in.a)
			if ea+2 > uint64(len(mem)) {
				return nil, s.trapAt(fn, pc, ErrOutOfBounds), executed
			}
			raw := uint64(binary.LittleEndian.Uint16(mem[ea:]))
			stack[sp-1] = uint64(uint32(int32(int16(raw))))
			if tracing {
				t.Mem = append(t.Mem, trace.MemAccess{Step: uint32(len(t.Steps) - 1), Addr: uint32(ea), Width: 2, Mem: memAddr, Value: raw})
			}
		case wasm.OpI32Load16U:
			ea := uint64(uint32(stack[sp-1])) + uint64(in.a)
			if ea+2 > uint64(len(mem)) {
				return nil, s.trapAt(fn, pc, ErrOutOfBounds), executed
			}
			raw := uint64(binary.LittleEndian.Uint16(mem[ea:]))
			stack[sp-1] = raw
			if tracing {
				t.Mem = append(t.Mem, trace.MemAccess{Step: uint32(len(t.Steps) - 1), Addr: uint32(ea), Width: 2, Mem: memAddr, Value: raw})
			}
		case wasm.OpI64Load8S:
			ea := uint64(uint32(stack[sp-1])) + uint64(in.a)
			if ea+1 > uint64(len(mem)) {
				return nil, s.trapAt(fn, pc, ErrOutOfBounds), executed
			}
			raw := uint64(mem[ea])
			stack[sp-1] = uint64(int64(int8(raw)))
			if tracing {
				t.Mem = append(t.Mem, trace.MemAccess{Step: uint32(len(t.Steps) - 1), Addr: uint32(ea), Width: 1, Mem: memAddr, Value: raw})
			}
		case wasm.OpI64Load8U:
			ea := uint64(uint32(stack[sp-1])) + uint64(in.a)
			if ea+1 > uint64(len(mem)) {
				return nil, s.trapAt(fn, pc, ErrOutOfBounds), executed
			}
			raw := uint64(mem[ea])
			stack[sp-1] = raw
			if tracing {
				t.Mem = append(t.Mem, trace.MemAccess{Step: uint32(len(t.Steps) - 1), Addr: uint32(ea), Width: 1, Mem: memAddr, Value: raw})
			}
		case wasm.OpI64Load16S:
			ea := uint64(uint32(stack[sp-1])) + uint64(in.a)
			if ea+2 > uint64(len(mem)) {
				return nil, s.trapAt(fn, pc, ErrOutOfBounds), executed
			}
			raw := uint64(binary.LittleEndian.Uint16(mem[ea:]))
			stack[sp-1] = uint64(int64(int16(raw)))
			if tracing {
				t.Mem = append(t.Mem, trace.MemAccess{Step: uint32(len(t.Steps) - 1), Addr: uint32(ea), Width: 2, Mem: memAddr, Value: raw})
			}
		case wasm.OpI64Load16U:
			ea := uint64(uint32(stack[sp-1])) + uint64(in.a)
			if ea+2 > uint64(len(mem)) {
				return nil, s.trapAt(fn, pc, ErrOutOfBounds), executed
			}
			raw := uint64(binary.LittleEndian.Uint16(mem[ea:]))
			stack[sp-1] = raw
			if tracing {
				t.Mem = append(t.Mem, trace.MemAccess{Step: uint32(len(t.Steps) - 1), Addr: uint32(ea), Width: 2, Mem: memAddr, Value: raw})
			}
		case wasm.OpI64Load32S:
			ea := uint64(uint32(stack[sp-1])) + uint64(in.a)
			if ea+4 > uint64(len(mem)) {
				return nil, s.trapAt(fn, pc, ErrOutOfBounds), executed
			}
			raw := uint64(binary.LittleEndian.Uint32(mem[ea:]))
			stack[sp-1] = uint64(int64(int32(raw)))
			if tracing {
				t.Mem = append(t.Mem, trace.MemAccess{Step: uint32(len(t.Steps) - 1), Addr: uint32(ea), Width: 4, Mem: memAddr, Value: raw})
			}
		case wasm.OpI64Load32U:
			ea := uint64(uint32(stack[sp-1])) + uint64(in.a)
			if ea+4 > uint64(len(mem)) {
				return nil, s.trapAt(fn, pc, ErrOutOfBounds), executed
			}
			raw := uint64(binary.LittleEndian.Uint32(mem[ea:]))
			stack[sp-1] = raw
			if tracing {
				t.Mem = append(t.Mem, trace.MemAccess{Step: uint32(len(t.Steps) - 1), Addr: uint32(ea), Width: 4, Mem: memAddr, Value: raw})
			}
		case wasm.OpI32Store:
			v := stack[sp-1]
			ea := uint64(uint32(stack[sp-2])) + uint64(in.a)
			sp -= 2
			if ea+4 > uint64(len(mem)) {
				return nil, s.trapAt(fn, pc, ErrOutOfBounds), executed
			}
			binary.LittleEndian.PutUint32(mem[ea:], uint32(v))
			if tracing {
				t.Mem = append(t.Mem, trace.MemAccess{Step: uint32(len(t.Steps) - 1), Addr: uint32(ea), Width: 4, Write: true, Mem: memAddr, Value: uint64(uint32(v))})
			}
		case wasm.OpI64Store:
			v := stack[sp-1]
			ea := uint64(uint32(stack[sp-2])) + uint64(in.a)
			sp -= 2
			if ea+8 > uint64(len(mem)) {
				return nil, s.trapAt(fn, pc, ErrOutOfBounds), executed
			}
			binary.LittleEndian.PutUint64(mem[ea:], v)
			if tracing {
				t.Mem = append(t.Mem, trace.MemAccess{Step: uint32(len(t.Steps) - 1), Addr: uint32(ea), Width: 8, Write: true, Mem: memAddr, Value: v})
			}
		case wasm.OpI32Store8:
			v := stack[sp-1]
			ea := uint64(uint32(stack[sp-2])) + uint64(in.a)
			sp -= 2
			if ea+1 > uint64(len(mem)) {
				return nil, s.trapAt(fn, pc, ErrOutOfBounds), executed
			}
			mem[ea] = byte(v)
			if tracing {
				t.Mem = append(t.Mem, trace.MemAccess{Step: uint32(len(t.Steps) - 1), Addr: uint32(ea), Width: 1, Write: true, Mem: memAddr, Value: v & 0xff})
			}
		case wasm.OpI32Store16:
			v := stack[sp-1]
			ea := uint64(uint32(stack[sp-2])) + uint64(in.a)
			sp -= 2
			if ea+2 > uint64(len(mem)) {
				return nil, s.trapAt(fn, pc, ErrOutOfBounds), executed
			}
			binary.LittleEndian.PutUint16(mem[ea:], uint16(v))
			if tracing {
				t.Mem = append(t.Mem, trace.MemAccess{Step: uint32(len(t.Steps) - 1), Addr: uint32(ea), Width: 2, Write: true, Mem: memAddr, Value: v & 0xffff})
			}
		case wasm.OpI64Store8:
			v := stack[sp-1]
			ea := uint64(uint32(stack[sp-2])) + uint64(in.a)
			sp -= 2
			if ea+1 > uint64(len(mem)) {
				return nil, s.trapAt(fn, pc, ErrOutOfBounds), executed
			}
			mem[ea] = byte(v)
			if tracing {
				t.Mem = append(t.Mem, trace.MemAccess{Step: uint32(len(t.Steps) - 1), Addr: uint32(ea), Width: 1, Write: true, Mem: memAddr, Value: v & 0xff})
			}
		case wasm.OpI64Store16:
			v := stack[sp-1]
			ea := uint64(uint32(stack[sp-2])) + uint64(in.a)
			sp -= 2
			if ea+2 > uint64(len(mem)) {
				return nil, s.trapAt(fn, pc, ErrOutOfBounds), executed
			}
			binary.LittleEndian.PutUint16(mem[ea:], uint16(v))
			if tracing {
				t.Mem = append(t.Mem, trace.MemAccess{Step: uint32(len(t.Steps) - 1), Addr: uint32(ea), Width: 2, Write: true, Mem: memAddr, Value: v & 0xffff})
			}
		case wasm.OpI64Store32:
			v := stack[sp-1]
			ea := uint64(uint32(stack[sp-2])) + uint64(in.a)
			sp -= 2
			if ea+4 > uint64(len(mem)) {
				return nil, s.trapAt(fn, pc, ErrOutOfBounds), executed
			}
			binary.LittleEndian.PutUint32(mem[ea:], uint32(v))
			if tracing {
				t.Mem = append(t.Mem, trace.MemAccess{Step: uint32(len(t.Steps) - 1), Addr: uint32(ea), Width: 4, Write: true, Mem: memAddr, Value: uint64(uint32(v))})
			}
		case wasm.OpMemorySize:
			stack[sp] = uint64(len(mem) / 65536)
			sp++
		case wasm.OpMemoryGrow:
			m := fn.inst.mem
			old := uint32(len(m.data) / 65536)
			d := uint32(stack[sp-1])
			if uint64(old)+uint64(d) > uint64(m.max) {
				stack[sp-1] = 0xffffffff
			} else {
				if d > 0 {
					m.data = append(m.data, make([]byte, int(d)*65536)...)
				}
				mem = m.data
				stack[sp-1] = uint64(old)
			}
		case wasm.OpI32Const, wasm.OpI64Const:
			stack[sp] = in.imm
			sp++

		// i32 comparisons (§4.4.1).
		case wasm.OpI32Eqz:
			stack[sp-1] = b2u(uint32(stack[sp-1]) == 0)
		case wasm.OpI32Eq:
			sp--
			stack[sp-1] = b2u(uint32(stack[sp-1]) == uint32(stack[sp]))
		case wasm.OpI32Ne:
			sp--
			stack[sp-1] = b2u(uint32(stack[sp-1]) != uint32(stack[sp]))
		case wasm.OpI32LtS:
			sp--
			stack[sp-1] = b2u(int32(stack[sp-1]) < int32(stack[sp]))
		case wasm.OpI32LtU:
			sp--
			stack[sp-1] = b2u(uint32(stack[sp-1]) < uint32(stack[sp]))
		case wasm.OpI32GtS:
			sp--
			stack[sp-1] = b2u(int32(stack[sp-1]) > int32(stack[sp]))
		case wasm.OpI32GtU:
			sp--
			stack[sp-1] = b2u(uint32(stack[sp-1]) > uint32(stack[sp]))
		case wasm.OpI32LeS:
			sp--
			stack[sp-1] = b2u(int32(stack[sp-1]) <= int32(stack[sp]))
		case wasm.OpI32LeU:
			sp--
			stack[sp-1] = b2u(uint32(stack[sp-1]) <= uint32(stack[sp]))
		case wasm.OpI32GeS:
			sp--
			stack[sp-1] = b2u(int32(stack[sp-1]) >= int32(stack[sp]))
		case wasm.OpI32GeU:
			sp--
			stack[sp-1] = b2u(uint32(stack[sp-1]) >= uint32(stack[sp]))

		// i64 comparisons.
		case wasm.OpI64Eqz:
			stack[sp-1] = b2u(stack[sp-1] == 0)
		case wasm.OpI64Eq:
			sp--
			stack[sp-1] = b2u(stack[sp-1] == stack[sp])
		case wasm.OpI64Ne:
			sp--
			stack[sp-1] = b2u(stack[sp-1] != stack[sp])
		case wasm.OpI64LtS:
			sp--
			stack[sp-1] = b2u(int64(stack[sp-1]) < int64(stack[sp]))
		case wasm.OpI64LtU:
			sp--
			stack[sp-1] = b2u(stack[sp-1] < stack[sp])
		case wasm.OpI64GtS:
			sp--
			stack[sp-1] = b2u(int64(stack[sp-1]) > int64(stack[sp]))
		case wasm.OpI64GtU:
			sp--
			stack[sp-1] = b2u(stack[sp-1] > stack[sp])
		case wasm.OpI64LeS:
			sp--
			stack[sp-1] = b2u(int64(stack[sp-1]) <= int64(stack[sp]))
		case wasm.OpI64LeU:
			sp--
			stack[sp-1] = b2u(stack[sp-1] <= stack[sp])
		case wasm.OpI64GeS:
			sp--
			stack[sp-1] = b2u(int64(stack[sp-1]) >= int64(stack[sp]))
		case wasm.OpI64GeU:
			sp--
			stack[sp-1] = b2u(stack[sp-1] >= stack[sp])

		// i32 arithmetic (§4.4.1, numerics §4.3.2).
		case wasm.OpI32Clz:
			stack[sp-1] = uint64(bits.LeadingZeros32(uint32(stack[sp-1])))
		case wasm.OpI32Ctz:
			stack[sp-1] = uint64(bits.TrailingZeros32(uint32(stack[sp-1])))
		case wasm.OpI32Popcnt:
			stack[sp-1] = uint64(bits.OnesCount32(uint32(stack[sp-1])))
		case wasm.OpI32Add:
			sp--
			stack[sp-1] = uint64(uint32(stack[sp-1]) + uint32(stack[sp]))
		case wasm.OpI32Sub:
			sp--
			stack[sp-1] = uint64(uint32(stack[sp-1]) - uint32(stack[sp]))
		case wasm.OpI32Mul:
			sp--
			stack[sp-1] = uint64(uint32(stack[sp-1]) * uint32(stack[sp]))
		case wasm.OpI32DivS:
			sp--
			a, b := int32(stack[sp-1]), int32(stack[sp])
			if b == 0 {
				return nil, s.trapAt(fn, pc, ErrDivByZero), executed
			}
			if a == math.MinInt32 && b == -1 {
				return nil, s.trapAt(fn, pc, ErrIntOverflow), executed
			}
			stack[sp-1] = uint64(uint32(a / b))
		case wasm.OpI32DivU:
			sp--
			a, b := uint32(stack[sp-1]), uint32(stack[sp])
			if b == 0 {
				return nil, s.trapAt(fn, pc, ErrDivByZero), executed
			}
			stack[sp-1] = uint64(a / b)
		case wasm.OpI32RemS:
			sp--
			a, b := int32(stack[sp-1]), int32(stack[sp])
			if b == 0 {
				return nil, s.trapAt(fn, pc, ErrDivByZero), executed
			}
			if b == -1 {
				stack[sp-1] = 0
			} else {
				stack[sp-1] = uint64(uint32(a % b))
			}
		case wasm.OpI32RemU:
			sp--
			a, b := uint32(stack[sp-1]), uint32(stack[sp])
			if b == 0 {
				return nil, s.trapAt(fn, pc, ErrDivByZero), executed
			}
			stack[sp-1] = uint64(a % b)
		case wasm.OpI32And:
			sp--
			stack[sp-1] &= stack[sp]
		case wasm.OpI32Or:
			sp--
			stack[sp-1] |= stack[sp]
		case wasm.OpI32Xor:
			sp--
			stack[sp-1] ^= stack[sp]
		case wasm.OpI32Shl:
			sp--
			stack[sp-1] = uint64(uint32(stack[sp-1]) << (stack[sp] & 31))
		case wasm.OpI32ShrS:
			sp--
			stack[sp-1] = uint64(uint32(int32(stack[sp-1]) >> (stack[sp] & 31)))
		case wasm.OpI32ShrU:
			sp--
			stack[sp-1] = uint64(uint32(stack[sp-1]) >> (stack[sp] & 31))
		case wasm.OpI32Rotl:
			sp--
			stack[sp-1] = uint64(bits.RotateLeft32(uint32(stack[sp-1]), int(stack[sp]&31)))
		case wasm.OpI32Rotr:
			sp--
			stack[sp-1] = uint64(bits.RotateLeft32(uint32(stack[sp-1]), -int(stack[sp]&31)))

		// i64 arithmetic.
		case wasm.OpI64Clz:
			stack[sp-1] = uint64(bits.LeadingZeros64(stack[sp-1]))
		case wasm.OpI64Ctz:
			stack[sp-1] = uint64(bits.TrailingZeros64(stack[sp-1]))
		case wasm.OpI64Popcnt:
			stack[sp-1] = uint64(bits.OnesCount64(stack[sp-1]))
		case wasm.OpI64Add:
			sp--
			stack[sp-1] += stack[sp]
		case wasm.OpI64Sub:
			sp--
			stack[sp-1] -= stack[sp]
		case wasm.OpI64Mul:
			sp--
			stack[sp-1] *= stack[sp]
		case wasm.OpI64DivS:
			sp--
			a, b := int64(stack[sp-1]), int64(stack[sp])
			if b == 0 {
				return nil, s.trapAt(fn, pc, ErrDivByZero), executed
			}
			if a == math.MinInt64 && b == -1 {
				return nil, s.trapAt(fn, pc, ErrIntOverflow), executed
			}
			stack[sp-1] = uint64(a / b)
		case wasm.OpI64DivU:
			sp--
			if stack[sp] == 0 {
				return nil, s.trapAt(fn, pc, ErrDivByZero), executed
			}
			stack[sp-1] /= stack[sp]
		case wasm.OpI64RemS:
			sp--
			a, b := int64(stack[sp-1]), int64(stack[sp])
			if b == 0 {
				return nil, s.trapAt(fn, pc, ErrDivByZero), executed
			}
			if b == -1 {
				stack[sp-1] = 0
			} else {
				stack[sp-1] = uint64(a % b)
			}
		case wasm.OpI64RemU:
			sp--
			if stack[sp] == 0 {
				return nil, s.trapAt(fn, pc, ErrDivByZero), executed
			}
			stack[sp-1] %= stack[sp]
		case wasm.OpI64And:
			sp--
			stack[sp-1] &= stack[sp]
		case wasm.OpI64Or:
			sp--
			stack[sp-1] |= stack[sp]
		case wasm.OpI64Xor:
			sp--
			stack[sp-1] ^= stack[sp]
		case wasm.OpI64Shl:
			sp--
			stack[sp-1] <<= stack[sp] & 63
		case wasm.OpI64ShrS:
			sp--
			stack[sp-1] = uint64(int64(stack[sp-1]) >> (stack[sp] & 63))
		case wasm.OpI64ShrU:
			sp--
			stack[sp-1] >>= stack[sp] & 63
		case wasm.OpI64Rotl:
			sp--
			stack[sp-1] = bits.RotateLeft64(stack[sp-1], int(stack[sp]&63))
		case wasm.OpI64Rotr:
			sp--
			stack[sp-1] = bits.RotateLeft64(stack[sp-1], -int(stack[sp]&63))

		// Conversions and sign extension.
		case wasm.OpI32WrapI64:
			stack[sp-1] = uint64(uint32(stack[sp-1]))
		case wasm.OpI64ExtendI32S:
			stack[sp-1] = uint64(int64(int32(stack[sp-1])))
		case wasm.OpI64ExtendI32U:
			stack[sp-1] = uint64(uint32(stack[sp-1]))
		case wasm.OpI32Extend8S:
			stack[sp-1] = uint64(uint32(int32(int8(stack[sp-1]))))
		case wasm.OpI32Extend16S:
			stack[sp-1] = uint64(uint32(int32(int16(stack[sp-1]))))
		case wasm.OpI64Extend8S:
			stack[sp-1] = uint64(int64(int8(stack[sp-1])))
		case wasm.OpI64Extend16S:
			stack[sp-1] = uint64(int64(int16(stack[sp-1])))
		case wasm.OpI64Extend32S:
			stack[sp-1] = uint64(int64(int32(stack[sp-1])))
		default:
			return nil, s.trapAt(fn, pc, fmt.Errorf("internal error: opcode %s not executable", in.op)), executed
		}

		if callee == nil {
			pc++
			continue
		}
		// Call (§4.4.8 invocation).
		if callee.host != nil {
			res, herr := s.callHost(callee, fn.inst, sp, uint32(len(t.Steps)-1))
			if herr != nil {
				return nil, s.trapAt(fn, pc, herr), executed
			}
			sp -= callee.nparams
			for _, r := range res {
				stack[sp] = r
				sp++
			}
			if fn.inst.mem != nil {
				mem = fn.inst.mem.data
			}
			pc++
			continue
		}
		if len(frames)+1 >= cfg.MaxCallDepth {
			return nil, s.trapAt(fn, pc, ErrStackExhausted), executed
		}
		{
			newFP := sp - callee.nparams
			if stack = s.grow(stack, callee, newFP); stack == nil {
				return nil, s.trapAt(fn, pc, ErrStackExhausted), executed
			}
			frames = append(frames, savedFrame{fn: fn, pc: pc, fp: fp})
			if tracing {
				t.Frames = append(t.Frames, trace.Frame{Step: uint32(len(t.Steps) - 1), Kind: trace.Call, Caller: fn.addr, CallerPC: uint32(pc), Callee: callee.addr, FP: uint32(newFP), Depth: uint32(len(frames) + 1)})
			}
			if callee.inst != fn.inst {
				if callee.inst.mem != nil {
					mem, memAddr = callee.inst.mem.data, callee.inst.mem.addr
				} else {
					mem = nil
				}
			}
			fn = callee
			fp = newFP
			sp = fp + fn.nlocals
			base = sp
			code = fn.code
			pc = 0
		}
		continue

	doReturn:
		if fn.nresults == 1 {
			stack[fp] = stack[sp-1]
		}
		sp = fp + fn.nresults
		if tracing {
			fr := trace.Frame{Step: uint32(len(t.Steps) - 1), Kind: trace.Return, Caller: trace.NoFunc, Callee: fn.addr, FP: uint32(fp), Depth: uint32(len(frames) + 1)}
			if len(frames) > 0 {
				c := frames[len(frames)-1]
				fr.Caller, fr.CallerPC = c.fn.addr, uint32(c.pc)
			}
			t.Frames = append(t.Frames, fr)
		}
		if len(frames) == 0 {
			if tracing {
				t.Steps[len(t.Steps)-1].R = stack[sp-1]
			}
			res := make([]uint64, fn.nresults)
			copy(res, stack[fp:sp])
			return res, nil, executed
		}
		{
			c := frames[len(frames)-1]
			frames = frames[:len(frames)-1]
			if c.fn.inst != fn.inst {
				if c.fn.inst.mem != nil {
					mem, memAddr = c.fn.inst.mem.data, c.fn.inst.mem.addr
				} else {
					mem = nil
				}
			}
			fn, fp, pc = c.fn, c.fp, c.pc+1
			code = fn.code
			base = fp + fn.nlocals
		}
	}
}
