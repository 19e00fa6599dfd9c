package interp_test

import (
	"reflect"
	"testing"

	"github.com/zkwasm/zkwasm/wasm/interp"
	"github.com/zkwasm/zkwasm/wasm/trace"
)

// runAll invokes functions that use calls, call_indirect, globals, host calls
// and memory, checks their results and returns the trace.
func runAll(t *testing.T, s *interp.Store, inst *interp.Instance) trace.Trace {
	t.Helper()
	s.Trace().Reset()
	for _, c := range []struct {
		fn   string
		args []uint64
		want uint64
	}{
		{"fib", []uint64{12}, uint64(goFib(12))},
		{"loop", []uint64{40}, uint64(goLoop(40))},
		{"indirect", []uint64{0, 7}, 49},
		{"bump", nil, 0}, // checked below: a global counter
		{"sum_inputs", []uint64{3}, 0},
	} {
		got, err := inst.Invoke(c.fn, c.args...)
		if err != nil {
			t.Fatalf("%s: %v", c.fn, err)
		}
		if c.want != 0 && got[0] != c.want {
			t.Fatalf("%s%v = %d, want %d", c.fn, c.args, got[0], c.want)
		}
	}
	return *s.Trace()
}

// TestCompiled checks that an instance of a module compiled once behaves and
// traces exactly like a plain instance, in a store where its functions and
// globals get the same addresses and in one where they get other addresses
// (the shared compiled code must not keep the first store's addresses).
func TestCompiled(t *testing.T) {
	m := benchModule(t)
	c, err := interp.Compile(m)
	if err != nil {
		t.Fatal(err)
	}
	if c.Module() != m {
		t.Fatal("Compiled.Module is not the compiled module")
	}
	cfg := interp.Config{Trace: true}

	plain := hostStore(t, cfg)
	pinst, err := plain.Instantiate(m, "bench")
	if err != nil {
		t.Fatal(err)
	}
	want := runAll(t, plain, pinst)

	// Other addresses: a plain instance of the same module comes first.
	shifted := hostStore(t, cfg)
	if _, err := shifted.Instantiate(m, "first"); err != nil {
		t.Fatal(err)
	}
	sinst, err := shifted.InstantiateCompiled(c, "bench")
	if err != nil {
		t.Fatal(err)
	}
	got := runAll(t, shifted, sinst)
	if a, ok := sinst.FuncAddr(0); !ok || a == 0 {
		t.Fatal("the shifted instance's functions must not start at address 0")
	}
	checkTrace(t, "shifted", &got, m)
	if len(got.Steps) != len(want.Steps) {
		t.Fatalf("shifted instance: %d steps, want %d", len(got.Steps), len(want.Steps))
	}

	for i := 0; i < 2; i++ { // same addresses as plain, after the shifted use of c
		s := hostStore(t, cfg)
		inst, err := s.InstantiateCompiled(c, "bench")
		if err != nil {
			t.Fatal(err)
		}
		if got := runAll(t, s, inst); !reflect.DeepEqual(got, want) {
			t.Fatalf("compiled instance %d: trace differs from a plain instance's", i)
		}
	}
}
