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
