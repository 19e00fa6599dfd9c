package circuit

import (
	"testing"
)

// BenchmarkAssign measures witness generation (run + assignment) for the C fib guest,
// reporting executed instructions per second and the modelled committed cells per
// instruction of a full table.
func BenchmarkAssign(b *testing.B) {
	m := loadGuest(&testing.T{}, "fib.c.wasm")
	img, err := Compile(m, "zkmain", CompileOptions{StackSize: 1024})
	if err != nil {
		b.Fatal(err)
	}
	p := DefaultParams(18)
	c, err := New(img, p)
	if err != nil {
		b.Fatal(err)
	}
	n := uint64(20000) // fib(n) runs ~12 instructions per iteration
	var steps int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ex, err := Run(img, Inputs{Public: []uint64{n}}, c.Usable())
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.Witness(ex); err != nil {
			b.Fatal(err)
		}
		steps = ex.Steps
	}
	b.ReportMetric(float64(steps)*float64(b.N)/b.Elapsed().Seconds(), "instr/s")
	b.ReportMetric(float64(c.CostOf(nil, nil).CellsPerRow), "cells/instr")
}

// TestTrapHasNoSelector: no selector combination decodes to the unreachable opcode, so a
// row can never execute it (the structural reason traps have no witness).
func TestTrapHasNoSelector(t *testing.T) {
	if numClasses > ClassTrap {
		t.Fatalf("%d classes reach the trap code %d", numClasses, ClassTrap)
	}
	for k := ClassNop; k < numClasses; k++ {
		for flags := uint64(0); flags < 16; flags++ {
			if (uint64(k)+64*flags)%64 == uint64(ClassTrap) {
				t.Fatalf("class %s with flags %d decodes to unreachable", k, flags)
			}
		}
	}
}
