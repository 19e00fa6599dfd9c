package difftest

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/zkwasm/zkwasm/wasm/host"
	"github.com/zkwasm/zkwasm/wasm/host/wazerohost"
)

func readGuest(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(GuestDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// runWazero runs c on wazero and returns outputs, results and the trap kind.
func runWazero(t testing.TB, wasm []byte, c Case) (outputs, results []uint64, trap string, err error) {
	t.Helper()
	ctx := context.Background()
	m, err := wazerohost.Compile(ctx, wasm)
	if err != nil {
		t.Fatalf("%s: %v", c.Name, err)
	}
	defer m.Close(ctx)
	env := host.NewEnv(c.Public, c.Private, nil)
	entry := c.Entry
	if entry == "" {
		entry = host.DefaultRun
	}
	results, err = m.Run(ctx, env, entry, c.Args...)
	return env.Outputs(), results, wazerohost.TrapKind(err), err
}

// checkExpected compares one engine's run of c with the independent expectations.
func checkExpected(t *testing.T, engine string, c Case, outputs, results []uint64, trap string, err error) {
	t.Helper()
	if trap != c.WantTrap {
		t.Errorf("%s: %s: trap %q (%v), want %q", engine, c.Name, trap, err, c.WantTrap)
		return
	}
	if c.Want != nil && !reflect.DeepEqual(outputs, c.Want) {
		t.Errorf("%s: %s: outputs\n got %#x\nwant %#x", engine, c.Name, outputs, c.Want)
	}
	if c.WantTrap == "" && c.Entry != "" && !reflect.DeepEqual(results, c.WantResults) {
		t.Errorf("%s: %s: results %#x, want %#x", engine, c.Name, results, c.WantResults)
	}
}

// TestGuestsOnWazero checks the case table against wazero alone: the expectations are
// right and the guests do what their sources say.
func TestGuestsOnWazero(t *testing.T) {
	cache := map[string][]byte{}
	for _, c := range Cases() {
		if cache[c.File] == nil {
			cache[c.File] = readGuest(t, c.File)
		}
		out, res, trap, err := runWazero(t, cache[c.File], c)
		checkExpected(t, "wazero", c, out, res, trap, err)
	}
}

func TestAllopsShape(t *testing.T) {
	c := Case{Name: "allops", File: "allops.wat.wasm", Public: []uint64{7, 3}}
	out, _, trap, err := runWazero(t, readGuest(t, c.File), c)
	if trap != "" {
		t.Fatal(err)
	}
	// spot checks against the source: i32.add first, the final marker last
	if len(out) < 100 || out[0] != 10 || out[len(out)-1] != 0x7a6b {
		t.Fatalf("allops outputs (%d): %#x", len(out), out)
	}
}

// TestEveryGuestHasACase keeps the case table in step with testdata/guests.
func TestEveryGuestHasACase(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(GuestDir(), "*.wasm"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no guests: %v", err)
	}
	have := map[string]bool{}
	for _, c := range Cases() {
		have[c.File] = true
	}
	for _, f := range RefusedGuests {
		have[f] = true
	}
	for _, f := range files {
		if !have[filepath.Base(f)] {
			t.Errorf("%s has no case in cases.go", filepath.Base(f))
		}
	}
	for f := range have {
		if !strings.HasSuffix(f, ".wasm") {
			t.Errorf("odd file %q", f)
		}
	}
}
