package circuit

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden cost files")

// TestCostGolden compares the cost reports, with production parameters, of the recursive
// fib run (a program without memory or bitwise instructions) and of the sha256 guest on
// "abc" (bytes, memory, the AND table) against testdata/circuit/cost_*.golden
// (regenerate with -update).
func TestCostGolden(t *testing.T) {
	sha, err := Compile(loadGuest(t, "sha256.c.wasm"), "zkmain", CompileOptions{StackSize: 1024})
	if err != nil {
		t.Fatal(err)
	}
	srt, err := Compile(loadGuest(t, "sort.c.wasm"), "zkmain", CompileOptions{StackSize: 1024})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		img  *Image
		in   Inputs
	}{
		{"fib_rec", fibRec(t, 10), Inputs{}},
		{"sha256", sha, Inputs{Public: []uint64{3, 0}, Private: []uint64{0x636261}}},
		{"sort", srt, Inputs{Public: []uint64{6}, Private: []uint64{5, 1 << 63, 3, 7, 99, 3}}},
	} {
		t.Run(tc.name, func(t *testing.T) { golden(t, tc.name, tc.img, tc.in) })
	}
}

func golden(t *testing.T, name string, img *Image, in Inputs) {
	c, _, w, ex, err := Assign(img, in, DefaultParams(17))
	if err != nil {
		t.Fatal(err)
	}
	got := c.CostOf(ex, w).String()
	path := filepath.Join("..", "testdata", "circuit", "cost_"+name+".golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Fatalf("cost report changed (run with -update if intended):\n--- got\n%s--- want\n%s", got, want)
	}
}
