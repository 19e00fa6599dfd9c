package trace

import "fmt"

// CheckMemory verifies the linear-memory log the way the circuit's memory
// argument will: every load returns, byte by byte, the last value stored at
// that address, or the initial contents for bytes not yet stored to in the
// trace. initial(mem, addr) gives the contents of memory mem (a store memory
// address, as in MemAccess.Mem) when the trace starts (0 beyond its size);
// every access must also fall inside the memory as it grows.
func (t *Trace) CheckMemory(initial func(mem uint16, addr uint32) byte) error {
	type key struct {
		mem  uint16
		addr uint32
	}
	written := map[key]byte{}
	last := -1
	for k, a := range t.Mem {
		if int(a.Step) < last || int(a.Step) >= len(t.Steps) {
			return fmt.Errorf("trace: memory access %d: step %d out of order", k, a.Step)
		}
		last = int(a.Step)
		switch a.Width {
		case 1, 2, 4, 8:
		default:
			return fmt.Errorf("trace: memory access %d: width %d", k, a.Width)
		}
		if a.Width < 8 && a.Value>>(8*uint(a.Width)) != 0 {
			return fmt.Errorf("trace: memory access %d: value %#x wider than %d bytes", k, a.Value, a.Width)
		}
		for b := uint32(0); b < uint32(a.Width); b++ {
			kk := key{a.Mem, a.Addr + b}
			v := byte(a.Value >> (8 * b))
			if a.Write {
				written[kk] = v
				continue
			}
			want, ok := written[kk]
			if !ok {
				want = initial(a.Mem, a.Addr+b)
			}
			if v != want {
				return fmt.Errorf("trace: step %d: load of %d bytes at %#x reads byte %#x at +%d, memory holds %#x", a.Step, a.Width, a.Addr, v, b, want)
			}
		}
	}
	return nil
}

// CheckGlobals verifies the globals log: every global.get returns the last
// value set in the trace, or initial(addr) for globals not yet set; each
// record must also agree with its step (the value is the step's R for a get
// and S0 for a set).
func (t *Trace) CheckGlobals(initial func(addr uint32) uint64) error {
	cur := map[uint32]uint64{}
	for k, g := range t.Globals {
		if int(g.Step) >= len(t.Steps) {
			return fmt.Errorf("trace: global access %d: step %d out of range", k, g.Step)
		}
		st := &t.Steps[g.Step]
		if g.Write {
			if st.S0 != g.Value {
				return fmt.Errorf("trace: step %d: global.set record %d, step operand %d", g.Step, g.Value, st.S0)
			}
			cur[g.Global] = g.Value
			continue
		}
		want, ok := cur[g.Global]
		if !ok {
			want = initial(g.Global)
		}
		if g.Value != want || st.R != g.Value {
			return fmt.Errorf("trace: step %d: global.get of global %d reads %d (step R %d), global holds %d", g.Step, g.Global, g.Value, st.R, want)
		}
	}
	return nil
}
