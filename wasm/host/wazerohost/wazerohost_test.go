package wazerohost

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/zkwasm/zkwasm/wasm/host"
)

func TestRunDispatch(t *testing.T) {
	wasm, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "guests", "dispatch.c.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	m, err := Compile(ctx, wasm)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close(ctx)
	if _, ok := m.Exports()["zkmain"]; !ok {
		t.Fatal("zkmain not exported")
	}

	// Two runs on one Machine: state must not leak between them.
	for i := 0; i < 2; i++ {
		var dbg bytes.Buffer
		env := host.NewEnv([]uint64{2}, []uint64{0, 40, 2, 3, 99}, &dbg)
		if _, err := m.Run(ctx, env, "zkmain"); err != nil {
			t.Fatal(err)
		}
		if got := env.Outputs(); len(got) != 3 || got[0] != 40 || got[1] != 120 || got[2] != 2 {
			t.Fatalf("run %d: outputs %v", i, got)
		}
		if dbg.String() != "wasm_dbg: 40\nwasm_dbg: 120\n" {
			t.Fatalf("run %d: dbg %q", i, dbg.String())
		}
		if err := env.CheckConsumed(); !errors.Is(err, host.ErrSurplusInput) {
			t.Fatalf("surplus not reported: %v", err)
		}
	}

	env := host.NewEnv([]uint64{1}, []uint64{7, 0}, nil)
	_, err = m.Run(ctx, env, "zkmain")
	if !errors.Is(err, host.ErrRequireFailed) || TrapKind(err) != TrapRequireFailed {
		t.Fatalf("bad op: %v (%s)", err, TrapKind(err))
	}
	env = host.NewEnv([]uint64{1}, []uint64{5, 0}, nil)
	_, err = m.Run(ctx, env, "zkmain")
	if TrapKind(err) != TrapDivideByZero {
		t.Fatalf("div by zero: %v (%s)", err, TrapKind(err))
	}
	if _, err := m.Run(ctx, host.NewEnv(nil, nil, nil), "nope"); err == nil {
		t.Fatal("missing export accepted")
	}
	if _, err := m.Run(ctx, host.NewEnv(nil, nil, nil), "zkmain", 1); err == nil {
		t.Fatal("wrong argument count accepted")
	}
}

func TestCompileRefusesBulkMemory(t *testing.T) {
	wasm, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "guests", "refuse_bulk.wat.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Compile(context.Background(), wasm); err == nil {
		t.Fatal("wazero with zkwasm's features accepted memory.copy")
	}
	if _, err := Compile(context.Background(), []byte("not wasm")); err == nil {
		t.Fatal("garbage accepted")
	}
}
