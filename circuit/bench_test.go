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

// BenchmarkSHA256Rows runs the sha256 guest on its largest message (4096 bytes) and
// reports the instructions executed and the rows they take (instructions + boundary rows
// + one padding row): one row per instruction, so a 2^20-row circuit holds
// 2^20 − 8 − (boundary rows) sha256 instructions.
func BenchmarkSHA256Rows(b *testing.B) {
	m := loadGuest(&testing.T{}, "sha256.c.wasm")
	img, err := Compile(m, "zkmain", CompileOptions{StackSize: 1024})
	if err != nil {
		b.Fatal(err)
	}
	msg := make([]uint64, 512)
	for i := range msg {
		msg[i] = uint64(i) * 0x9e3779b97f4a7c15
	}
	var ex *Execution
	for i := 0; i < b.N; i++ {
		ex, err = Run(img, Inputs{Public: []uint64{4096, 0}, Private: msg}, 1<<20)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(ex.Steps), "instr")
	b.ReportMetric(float64(len(ex.Rows)+1), "rows")
	b.ReportMetric(float64(ex.Steps)*float64(b.N)/b.Elapsed().Seconds(), "instr/s")
}
