package interp_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/zkwasm/zkwasm/wasm/interp"
	"github.com/zkwasm/zkwasm/wasm/trace"
)

// traceScript runs a fixed series of invocations on a fresh store built with
// cfg and returns a copy of the trace after each one. The loop runs are long
// enough for every log to go through its spare capacity, growing chunks and
// pooled max-size chunks; "forever" stops at the step limit in mid-chunk.
func traceScript(t *testing.T, cfg interp.Config) (*interp.Store, []trace.Trace) {
	t.Helper()
	cfg.Trace = true
	cfg.MaxSteps = 600_000
	s, inst, _ := setup(t, cfg)
	var out []trace.Trace
	snap := func() {
		tr := s.Trace()
		out = append(out, trace.Trace{
			Steps: append([]trace.Step(nil), tr.Steps...), Mem: append([]trace.MemAccess(nil), tr.Mem...),
			Globals: append([]trace.GlobalAccess(nil), tr.Globals...), Frames: append([]trace.Frame(nil), tr.Frames...),
			HostCalls: append([]trace.HostCall(nil), tr.HostCalls...), HostValues: append([]uint64(nil), tr.HostValues...),
			Funcs: append([]trace.FuncInfo(nil), tr.Funcs...)})
	}
	for _, c := range []struct {
		fn    string
		arg   uint64
		reset bool
	}{
		{"loop", 9000, false}, {"fib", 12, false}, {"sum_inputs", 4, false}, // accumulate
		{"loop", 30, true}, {"loop", 12000, false}, // reset, then a short and a long run
		{"forever", 0, true}, // step limit
		{"fib", 15, true},
	} {
		if c.reset {
			s.Trace().Reset()
		}
		var err error
		if c.fn == "forever" {
			_, err = inst.Invoke(c.fn)
		} else {
			_, err = inst.Invoke(c.fn, c.arg)
		}
		if c.fn == "forever" {
			if !errors.Is(err, interp.ErrStepLimit) {
				t.Fatalf("forever: %v", err)
			}
		} else if err != nil {
			t.Fatalf("%s(%d): %v", c.fn, c.arg, err)
		}
		snap()
	}
	return s, out
}

// TestTraceStorage checks that how the logs are stored while running (spare
// capacity, chunks, recycled chunks, a capacity hint, a reused trace) never
// changes the trace.
func TestTraceStorage(t *testing.T) {
	s, ref := traceScript(t, interp.Config{TraceSteps: 1 << 20}) // steps never leave the preallocated slice
	if got := cap(s.Trace().Steps); got < 1<<20 {
		t.Fatalf("TraceSteps: cap(Steps) = %d, want >= %d", got, 1<<20)
	}
	if n := len(ref[5].Steps); n != 600_000 {
		t.Fatalf("step limit: %d steps traced, want 600000", n)
	}
	for i, tr := range ref {
		if len(tr.Steps) == 0 || len(tr.Frames) == 0 {
			t.Fatalf("run %d: empty trace", i)
		}
	}
	// Steps (64 bytes) reach the 1 MiB pooled chunks after 16 Ki records;
	// the memory log goes through several growing chunks.
	if len(ref[0].Steps) < 3<<16 || len(ref[0].Mem) < 10_000 {
		t.Fatalf("loop(9000) traced %d steps and %d memory accesses: too few to exercise the chunks", len(ref[0].Steps), len(ref[0].Mem))
	}
	check := func(name string, got []trace.Trace) {
		t.Helper()
		for i := range ref {
			if !reflect.DeepEqual(got[i], ref[i]) {
				t.Fatalf("%s: trace after run %d differs from the preallocated one", name, i)
			}
		}
	}
	_, plain := traceScript(t, interp.Config{})
	check("default", plain)
	_, again := traceScript(t, interp.Config{}) // recycled chunks from the pool
	check("recycled", again)
	_, small := traceScript(t, interp.Config{TraceSteps: 100})
	check("small hint", small)

	// A reused trace: NewStore empties it, the next store records into it.
	reused := new(trace.Trace)
	s1, first := traceScript(t, interp.Config{TraceInto: reused})
	check("TraceInto", first)
	if s1.Trace() != reused {
		t.Fatal("Store.Trace does not return Config.TraceInto")
	}
	steps := &reused.Steps[:1][0]
	_, second := traceScript(t, interp.Config{TraceInto: reused})
	check("TraceInto reused", second)
	if &reused.Steps[:1][0] != steps {
		t.Fatal("a reused trace whose capacity suffices was reallocated")
	}
}

// TestTraceStorageConsistency runs the documented field checks on a trace
// that went through chunks.
func TestTraceStorageConsistency(t *testing.T) {
	s, inst, m := setup(t, interp.Config{Trace: true})
	if _, err := inst.Invoke("loop", 3000); err != nil {
		t.Fatal(err)
	}
	if len(s.Trace().Steps) < 1<<15 {
		t.Fatalf("only %d steps: the run must spill into several chunks", len(s.Trace().Steps))
	}
	checkTrace(t, "loop", s.Trace(), m)
}
