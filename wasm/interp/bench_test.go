package interp_test

import (
	"testing"

	"github.com/zkwasm/zkwasm/wasm/interp"
)

// bench runs export fn(arg) b.N times and reports executed instructions per
// second and, with tracing, trace bytes per step. The trace is reset (keeping
// its capacity) before each run, as a prover loop would.
func bench(b *testing.B, fn string, arg uint64, tracing bool) {
	s, inst, _ := setup(b, interp.Config{Trace: tracing})
	if _, err := inst.Invoke(fn, arg); err != nil { // warm up: size the trace buffers
		b.Fatal(err)
	}
	start := s.Steps()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.Trace().Reset()
		if _, err := inst.Invoke(fn, arg); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	steps := s.Steps() - start
	b.ReportMetric(float64(steps)/b.Elapsed().Seconds(), "instr/s")
	b.ReportMetric(float64(steps)/float64(b.N), "instr/op")
	if tracing {
		b.ReportMetric(s.Trace().BytesPerStep(), "trace-B/step")
	}
}

func BenchmarkLoop(b *testing.B) {
	b.Run("trace=off", func(b *testing.B) { bench(b, "loop", 100_000, false) })
	b.Run("trace=on", func(b *testing.B) { bench(b, "loop", 100_000, true) })
}

func BenchmarkFib(b *testing.B) {
	b.Run("trace=off", func(b *testing.B) { bench(b, "fib", 20, false) })
	b.Run("trace=on", func(b *testing.B) { bench(b, "fib", 20, true) })
}

// BenchmarkInstantiate is one NewStore + instantiation of testdata/bench.wasm,
// compiling the module each time (plain) or once beforehand (compiled).
func BenchmarkInstantiate(b *testing.B) {
	m := benchModule(b)
	c, err := interp.Compile(m)
	if err != nil {
		b.Fatal(err)
	}
	for _, compiled := range []bool{false, true} {
		name := "plain"
		if compiled {
			name = "compiled"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				s := hostStore(b, interp.Config{})
				var err error
				if compiled {
					_, err = s.InstantiateCompiled(c, "bench")
				} else {
					_, err = s.Instantiate(m, "bench")
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
