package difftest

import (
	"errors"
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/zkwasm/zkwasm/wasm"
	"github.com/zkwasm/zkwasm/wasm/host"
	"github.com/zkwasm/zkwasm/wasm/host/wazerohost"
	"github.com/zkwasm/zkwasm/wasm/interp"
)

const wazeroTimeout = 30 * time.Second

func entryOf(c Case) string {
	if c.Entry == "" {
		return host.DefaultRun
	}
	return c.Entry
}

// TestGuestsDifferential runs every guest case on both engines: each must match the
// independently computed expectations, and the engines must agree with each other.
// The interpreter runs with tracing on; the trace must have one step per instruction.
func TestGuestsDifferential(t *testing.T) {
	mods := map[string]*wasm.Module{}
	bins := map[string][]byte{}
	for _, c := range Cases() {
		if bins[c.File] == nil {
			bins[c.File] = readGuest(t, c.File)
			m, err := wasm.Decode(bins[c.File])
			if err != nil {
				t.Fatalf("%s: zkwasm refuses a supported guest: %v", c.File, err)
			}
			mods[c.File] = m
		}
		t.Run(c.Name, func(t *testing.T) {
			env := host.NewEnv(c.Public, c.Private, nil)
			res, s, err := host.Run(mods[c.File], env, interp.Config{Trace: true, MaxSteps: 1 << 26}, entryOf(c), c.Args...)
			ours := Outcome{Outputs: env.Outputs(), Results: res, Err: err, Trap: InterpTrapKind(err), Steps: s.Steps()}
			checkExpected(t, "zkwasm", c, ours.Outputs, ours.Results, ours.Trap, ours.Err)
			if n := uint64(len(s.Trace().Steps)); n != s.Steps() {
				t.Errorf("trace has %d steps, Steps() = %d", n, s.Steps())
			}
			if s.Steps() == 0 && c.WantTrap != wazerohost.TrapLink {
				t.Errorf("no instructions executed")
			}
			ref := RunWazero(bins[c.File], c.Public, c.Private, wazeroTimeout, entryOf(c), c.Args...)
			if d := Compare(ours, ref); d != "" {
				t.Errorf("engines disagree: %s", d)
			}
			// Trace off must not change anything.
			plain := RunInterpModule(mods[c.File], c.Public, c.Private, interp.Config{MaxSteps: 1 << 26}, entryOf(c), c.Args...)
			if d := Compare(plain, ours); d != "" || plain.Steps != ours.Steps {
				t.Errorf("trace on/off differ: %s (steps %d vs %d)", d, plain.Steps, ours.Steps)
			}
		})
	}
}

// TestRefusedGuests: zkwasm refuses the refuse_* guests at load time as unsupported,
// naming the instruction and its offset.
func TestRefusedGuests(t *testing.T) {
	want := map[string]string{"refuse_float.wat.wasm": "f64", "refuse_bulk.wat.wasm": "memory.copy"}
	for _, f := range RefusedGuests {
		_, err := wasm.Decode(readGuest(t, f))
		if err == nil {
			t.Errorf("%s: accepted", f)
			continue
		}
		var we *wasm.Error
		if !errors.Is(err, wasm.ErrUnsupported) || !errors.As(err, &we) || we.Offset <= 0 || !strings.Contains(err.Error(), want[f]) {
			t.Errorf("%s: error %v, want ErrUnsupported at an offset naming %q", f, err, want[f])
		}
	}
}

// TestStepLimit: the interpreter stops at its step limit with ErrStepLimit.
func TestStepLimit(t *testing.T) {
	c := Case{File: "fib.c.wasm", Public: []uint64{1000}}
	full := RunInterp(readGuest(t, c.File), c.Public, nil, interp.Config{}, "zkmain")
	if full.Err != nil || full.Steps < 1000 {
		t.Fatalf("full run: %v, %d steps", full.Err, full.Steps)
	}
	o := RunInterp(readGuest(t, c.File), c.Public, nil, interp.Config{MaxSteps: full.Steps - 1}, "zkmain")
	if !o.StepHalt || !errors.Is(o.Err, interp.ErrStepLimit) {
		t.Fatalf("limit %d: %v", full.Steps-1, o.Err)
	}
	o = RunInterp(readGuest(t, c.File), c.Public, nil, interp.Config{MaxSteps: full.Steps}, "zkmain")
	if o.Err != nil {
		t.Fatalf("limit = exact count %d: %v", full.Steps, o.Err)
	}
}

// diffModule runs one module on both engines and fails the test if they disagree: its
// zkmain, then every other exported function with fixed arguments (results compared).
func diffModule(t *testing.T, bin []byte) {
	t.Helper()
	public, private := []uint64{1, 0xffffffffffffffff, 0x80000000}, []uint64{7, 1 << 63}
	// Memories are capped (the same on both engines) so that a mutated module cannot
	// make the fuzzer allocate gigabytes.
	const maxPages = 64
	cfg := interp.Config{MaxSteps: 1 << 20, MaxMemoryPages: maxPages, MaxCallDepth: 2000}
	run := func(entry string, args ...uint64) {
		ours := RunInterp(bin, public, private, cfg, entry, args...)
		if ours.StepHalt {
			return // a mutated module may loop forever; nothing to compare
		}
		ref := RunWazeroLimited(bin, public, private, wazeroTimeout, maxPages, entry, args...)
		if d := Compare(ours, ref); d != "" {
			t.Fatalf("engines disagree on %s%x of module %x:\n%s", entry, args, bin, d)
		}
	}
	run(host.DefaultRun)
	m, err := wasm.Decode(bin)
	if err != nil {
		return
	}
	argPool := []uint64{0xfffffff9, 0x8000000000000003, 5, 0}
	for _, e := range m.Exports {
		if e.Kind != wasm.ExternFunc || e.Name == host.DefaultRun {
			continue
		}
		ft, ok := m.FuncTypeOf(e.Index)
		if !ok {
			continue
		}
		args := make([]uint64, len(ft.Params))
		for i, p := range ft.Params {
			args[i] = argPool[i%len(argPool)]
			if p == wasm.I32 {
				args[i] &= 0xffffffff
			}
		}
		run(e.Name, args...)
	}
}

// TestGeneratedDifferential runs a fixed sample of generated and mutated modules on both
// engines (the fuzz target's check, without the fuzzing engine).
func TestGeneratedDifferential(t *testing.T) {
	n := 400
	if testing.Short() {
		n = 60
	}
	rng := rand.New(rand.NewSource(7))
	for i := 0; i < n; i++ {
		b := make([]byte, rng.Intn(800))
		rng.Read(b)
		mod := Generate(b)
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			diffModule(t, mod)
			if i%2 == 1 {
				ops := make([]byte, 3*(1+rng.Intn(3)))
				rng.Read(ops)
				diffModule(t, Mutate(mod, ops))
			}
		})
	}
}

// FuzzDifferential builds a module from gen (see Generate), optionally mutates its bytes
// with mut (see Mutate), and checks that zkwasm and wazero agree on accepting it and on
// running it. Finds are kept in testdata/fuzz/FuzzDifferential and rerun by go test.
//
//	go test ./wasm/difftest -run '^$' -fuzz FuzzDifferential -fuzztime 60s
func FuzzDifferential(f *testing.F) {
	rng := rand.New(rand.NewSource(11))
	for i := 0; i < 8; i++ {
		b := make([]byte, 64+rng.Intn(400))
		rng.Read(b)
		f.Add(b, []byte{})
	}
	f.Add([]byte{}, []byte{0, 0, 20})
	f.Fuzz(func(t *testing.T, gen, mut []byte) {
		mod := Generate(gen)
		if len(mut) > 0 {
			mod = Mutate(mod, mut)
		}
		diffModule(t, mod)
	})
}
