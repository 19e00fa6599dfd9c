package host

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

func TestEnvQueues(t *testing.T) {
	var dbg bytes.Buffer
	e := NewEnv([]uint64{1, 2}, []uint64{10}, &dbg)
	step := func(kind uint32, want uint64) {
		t.Helper()
		got, err := e.Input(kind)
		if err != nil || got != want {
			t.Fatalf("Input(%d) = %d, %v; want %d", kind, got, err, want)
		}
	}
	if pub, priv := e.Surplus(); pub != 2 || priv != 1 {
		t.Fatalf("surplus before: %d %d", pub, priv)
	}
	step(1, 1)
	step(0, 10)
	if _, err := e.Input(0); !errors.Is(err, ErrInputExhausted) {
		t.Fatalf("private past end: %v", err)
	}
	if err := e.CheckConsumed(); !errors.Is(err, ErrSurplusInput) {
		t.Fatalf("CheckConsumed with 1 public left: %v", err)
	}
	step(1, 2)
	if _, err := e.Input(1); !errors.Is(err, ErrInputExhausted) {
		t.Fatalf("public past end: %v", err)
	}
	if _, err := e.Input(2); !errors.Is(err, ErrBadInputKind) {
		t.Fatalf("Input(2): %v", err)
	}
	if err := e.CheckConsumed(); err != nil {
		t.Fatalf("CheckConsumed: %v", err)
	}
	if pub, priv := e.Consumed(); pub != 2 || priv != 1 {
		t.Fatalf("consumed: %d %d", pub, priv)
	}
	e.Output(7)
	e.Output(^uint64(0))
	if !reflect.DeepEqual(e.Outputs(), []uint64{7, ^uint64(0)}) {
		t.Fatalf("outputs %v", e.Outputs())
	}
	if err := e.Require(5); err != nil {
		t.Fatal(err)
	}
	if err := e.Require(0); !errors.Is(err, ErrRequireFailed) {
		t.Fatalf("Require(0): %v", err)
	}
	e.Dbg(42)
	e.Dbg(1 << 63)
	if dbg.String() != "wasm_dbg: 42\nwasm_dbg: 9223372036854775808\n" {
		t.Fatalf("dbg output %q", dbg.String())
	}
	if !reflect.DeepEqual(e.Debug(), []uint64{42, 1 << 63}) {
		t.Fatalf("debug %v", e.Debug())
	}
}
