package difftest

import (
	"context"
	"math/rand"
	"testing"
	"time"

	"github.com/zkwasm/zkwasm/wasm/host"
	"github.com/zkwasm/zkwasm/wasm/host/wazerohost"
)

// TestGenerateValid checks that generated modules are valid (wazero accepts them) and
// terminate quickly, for many random choice streams.
func TestGenerateValid(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 50
	}
	rng := rand.New(rand.NewSource(1))
	trapped := map[string]int{}
	for i := 0; i < n; i++ {
		b := make([]byte, rng.Intn(600))
		rng.Read(b)
		mod := Generate(b)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		m, err := wazerohost.Compile(ctx, mod)
		if err != nil {
			cancel()
			t.Fatalf("seed %d: generated module invalid: %v", i, err)
		}
		_, err = m.Run(ctx, host.NewEnv([]uint64{1, 2}, []uint64{3}, nil), "zkmain")
		kind := wazerohost.TrapKind(err)
		if kind == wazerohost.TrapCanceled || kind == wazerohost.TrapOther {
			t.Errorf("seed %d: %s: %v", i, kind, err)
		}
		trapped[kind]++
		m.Close(ctx)
		cancel()
	}
	t.Logf("outcomes: %v", trapped)
	if trapped[""] < n/4 {
		t.Errorf("only %d of %d generated programs ran to completion", trapped[""], n)
	}
}

func TestGenerateEmptyStream(t *testing.T) {
	mod := Generate(nil)
	ctx := context.Background()
	m, err := wazerohost.Compile(ctx, mod)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close(ctx)
	if _, err := m.Run(ctx, host.NewEnv(nil, nil, nil), "zkmain"); err != nil {
		t.Fatal(err)
	}
}
