package interp_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/zkwasm/zkwasm/wasm"
	"github.com/zkwasm/zkwasm/wasm/host"
	"github.com/zkwasm/zkwasm/wasm/interp"
	"github.com/zkwasm/zkwasm/wasm/trace"
)

// BenchmarkGuestTrace runs the sha256 and sort guests (testdata/guests) with
// tracing, one fresh store per run as a prover would, with the three ways of
// storing the trace:
//
//   - fresh: a new trace, size unknown (chunks, moved into the trace once at
//     the end of the run);
//
//   - hint: Config.TraceSteps set to the run's step count (no copy);
//
//   - reuse: Config.TraceInto the same trace.Trace every run (no allocation
//     once its capacity suffices).
//
//     go test ./wasm/interp -run '^$' -bench GuestTrace -benchtime 10x
func BenchmarkGuestTrace(b *testing.B) {
	msg := make([]byte, 4096)
	for i := range msg {
		msg[i] = byte(i*7 + i>>5)
	}
	words := make([]uint64, 256)
	x := uint64(0x9e3779b97f4a7c15)
	for i := range words {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		words[i] = x
	}
	guests := []struct {
		name, file      string
		public, private []uint64
	}{
		{"SHA256", "sha256.c.wasm", []uint64{uint64(len(msg)), 0}, host.PackBytes(msg)},
		{"Sort", "sort.c.wasm", []uint64{uint64(len(words))}, words},
	}
	for _, g := range guests {
		bin, err := os.ReadFile(filepath.Join("..", "..", "testdata", "guests", g.file))
		if err != nil {
			b.Fatal(err)
		}
		m, err := wasm.Decode(bin)
		if err != nil {
			b.Fatal(err)
		}
		env := host.NewEnv(g.public, g.private, nil)
		_, s, err := host.Run(m, env, interp.Config{}, host.DefaultRun)
		if err != nil {
			b.Fatal(err)
		}
		want, steps := env.Outputs(), s.Steps()
		for _, mode := range []string{"fresh", "hint", "reuse"} {
			b.Run(g.name+"/"+mode, func(b *testing.B) {
				reused := new(trace.Trace)
				b.ReportAllocs()
				var s *interp.Store
				for i := 0; i < b.N; i++ {
					cfg := interp.Config{Trace: true}
					switch mode {
					case "hint":
						cfg.TraceSteps = int(steps)
					case "reuse":
						cfg.TraceInto = reused
					}
					env := host.NewEnv(g.public, g.private, nil)
					_, s, err = host.Run(m, env, cfg, host.DefaultRun)
					if err != nil {
						b.Fatal(err)
					}
					if i == 0 && !slices.Equal(env.Outputs(), want) {
						b.Fatalf("wrong outputs %#x", env.Outputs())
					}
				}
				b.StopTimer()
				if got := uint64(len(s.Trace().Steps)); got != steps {
					b.Fatalf("%d steps traced, %d executed", got, steps)
				}
				b.ReportMetric(float64(steps)*float64(b.N)/b.Elapsed().Seconds(), "instr/s")
				b.ReportMetric(s.Trace().BytesPerStep(), "trace-B/step")
			})
		}
	}
}
