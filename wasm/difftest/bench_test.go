package difftest

import (
	"context"
	"testing"

	"github.com/zkwasm/zkwasm/wasm"
	"github.com/zkwasm/zkwasm/wasm/host"
	"github.com/zkwasm/zkwasm/wasm/host/wazerohost"
	"github.com/zkwasm/zkwasm/wasm/interp"
)

// Execution benchmarks: one whole guest run per iteration (instantiate + zkmain) on
// zkwasm's interpreter with tracing off and on, and on wazero's interpreter.
//
//	go test ./wasm/difftest -run '^$' -bench BenchmarkRun_ -benchtime 20x
//
// Metrics: instr/s is WebAssembly instructions executed per second (for wazero, the
// interpreter's count for the same run, which executes the same instructions);
// trace-B/step is the trace size per executed instruction.

func BenchmarkRun_SHA256(b *testing.B) {
	msg := pseudoBytes(4096)
	benchGuest(b, "sha256.c.wasm", []uint64{uint64(len(msg)), 0}, host.PackBytes(msg), sha256Want(msg))
}

func BenchmarkRun_Sort(b *testing.B) {
	in := pseudoRandom(3, 256)
	benchGuest(b, "sort.c.wasm", []uint64{uint64(len(in))}, in, sortWant(in))
}

func benchGuest(b *testing.B, file string, public, private, want []uint64) {
	bin := readGuest(b, file)
	m, err := wasm.Decode(bin)
	if err != nil {
		b.Fatal(err)
	}
	check := func(env *host.Env) {
		if !equalWords(env.Outputs(), want) {
			b.Fatalf("%s: wrong outputs %#x", file, env.Outputs())
		}
	}
	// the instruction count of this run, for every engine's instr/s
	env := host.NewEnv(public, private, nil)
	_, s, err := host.Run(m, env, interp.Config{}, host.DefaultRun)
	if err != nil {
		b.Fatal(err)
	}
	check(env)
	steps := float64(s.Steps())

	for _, mode := range []struct {
		name  string
		trace bool
	}{{"interp", false}, {"interp-trace", true}} {
		b.Run(mode.name, func(b *testing.B) {
			var s *interp.Store
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				env := host.NewEnv(public, private, nil)
				_, s, err = host.Run(m, env, interp.Config{Trace: mode.trace}, host.DefaultRun)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(steps*float64(b.N)/b.Elapsed().Seconds(), "instr/s")
			if mode.trace {
				b.ReportMetric(s.Trace().BytesPerStep(), "trace-B/step")
			}
		})
	}
	b.Run("wazero", func(b *testing.B) {
		ctx := context.Background()
		wm, err := wazerohost.Compile(ctx, bin)
		if err != nil {
			b.Fatal(err)
		}
		defer wm.Close(ctx)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			env := host.NewEnv(public, private, nil)
			if _, err := wm.Run(ctx, env, host.DefaultRun); err != nil {
				b.Fatal(err)
			}
			if i == 0 {
				check(env)
			}
		}
		b.StopTimer()
		b.ReportMetric(steps*float64(b.N)/b.Elapsed().Seconds(), "instr/s")
	})
}
