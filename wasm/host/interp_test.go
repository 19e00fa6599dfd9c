package host

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/zkwasm/zkwasm/wasm"
	"github.com/zkwasm/zkwasm/wasm/interp"
)

func loadGuest(t *testing.T, name string) *wasm.Module {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "guests", name))
	if err != nil {
		t.Fatal(err)
	}
	m, err := wasm.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestInterpAdapter(t *testing.T) {
	m := loadGuest(t, "dispatch.c.wasm")
	var dbg bytes.Buffer
	env := NewEnv([]uint64{2}, []uint64{0, 40, 2, 3}, &dbg)
	_, s, err := Run(m, env, interp.Config{Trace: true}, DefaultRun)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(env.Outputs(), []uint64{40, 120, 2}) || dbg.String() != "wasm_dbg: 40\nwasm_dbg: 120\n" {
		t.Fatalf("outputs %v, dbg %q", env.Outputs(), dbg.String())
	}
	// every host call is in the trace: 1 + 2*2 inputs, 2 require, 2 dbg, 3 outputs
	if n := len(s.Trace().HostCalls); n != 12 {
		t.Fatalf("%d host calls traced, want 12", n)
	}

	// Host errors trap and stay recognizable through the interpreter's *Trap.
	for _, tc := range []struct {
		pub, priv []uint64
		want      error
	}{
		{[]uint64{1}, []uint64{9, 0}, ErrRequireFailed},
		{[]uint64{2}, []uint64{0, 1}, ErrInputExhausted},
		{nil, nil, ErrInputExhausted},
	} {
		env := NewEnv(tc.pub, tc.priv, nil)
		_, _, err := Run(m, env, interp.Config{}, DefaultRun)
		var trap *interp.Trap
		if !errors.Is(err, tc.want) || !errors.As(err, &trap) {
			t.Errorf("inputs %v/%v: got %v, want a *interp.Trap wrapping %v", tc.pub, tc.priv, err, tc.want)
		}
	}
}

// A guest that passes 2 to wasm_input traps with ErrBadInputKind on both adapters'
// shared Env; checked here on the interpreter with a hand-made module.
func TestInterpBadInputKind(t *testing.T) {
	// (module (import "env" "wasm_input" (func (param i32) (result i64)))
	//   (func (export "zkmain") (drop (call 0 (i32.const 2)))))
	bin := []byte{0, 'a', 's', 'm', 1, 0, 0, 0,
		1, 9, 2, 0x60, 1, 0x7f, 1, 0x7e, 0x60, 0, 0,
		2, 18, 1, 3, 'e', 'n', 'v', 10, 'w', 'a', 's', 'm', '_', 'i', 'n', 'p', 'u', 't', 0, 0,
		3, 2, 1, 1,
		7, 10, 1, 6, 'z', 'k', 'm', 'a', 'i', 'n', 0, 1,
		10, 9, 1, 7, 0, 0x41, 2, 0x10, 0, 0x1a, 0x0b}
	m, err := wasm.Decode(bin)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = Run(m, NewEnv([]uint64{1}, []uint64{1}, nil), interp.Config{}, DefaultRun)
	if !errors.Is(err, ErrBadInputKind) {
		t.Fatalf("got %v", err)
	}
}
