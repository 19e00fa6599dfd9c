package circuit

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/zkwasm/zkwasm/plonkish/lookup"
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

// The cost model's argument columns are exactly those plonkish/lookup's Plan lays out
// (one running sum, one multiplicity column per table, one column per helper group),
// at the model's degree bound and above it, for circuits of every shape the test guests
// give (no memory, memory and the AND table, i64 signed comparisons, dynamic i64
// shifts, conditional returns, bit counts).
func TestCostModelMatchesPlan(t *testing.T) {
	imgs := map[string]*Image{"fib_rec": fibRec(t, 10)}
	for _, g := range []string{"sha256.c.wasm", "sort.c.wasm", "fib.c.wasm", "dispatch.c.wasm", "fib.wat.wasm",
		"circuit/retif.wat.wasm", "circuit/clzctz.wat.wasm", "circuit/shrs.wat.wasm", "circuit/memsort.wat.wasm"} {
		img, err := Compile(loadGuest(t, g), "zkmain", CompileOptions{StackSize: 1024})
		if err != nil {
			t.Fatalf("%s: %v", g, err)
		}
		imgs[g] = img
	}
	for name, img := range imgs {
		c, err := New(img, DefaultParams(17))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		r := c.CostOf(nil, nil)
		if want := max(3, c.CS.MaxGateDegree(), lookup.RequiredDegree(c.CS)); r.MaxDegree != want {
			t.Errorf("%s: degree bound %d, want %d", name, r.MaxDegree, want)
		}
		for d := r.MaxDegree; d <= r.MaxDegree+3; d++ {
			l, err := lookup.Plan(c.CS, d)
			if err != nil {
				t.Fatalf("%s: D=%d: %v", name, d, err)
			}
			groups := argTerms(c.CS).plan(d)
			if len(groups) != len(l.Groups)+1 || len(l.Tables) != r.Multiplicity {
				t.Errorf("%s: D=%d: model %d groups, %d multiplicities; Plan %d helpers + running sum, %d tables",
					name, d, len(groups), r.Multiplicity, len(l.Groups), len(l.Tables))
			}
			if d == r.MaxDegree && r.HelperWide != len(l.Groups)+1 {
				t.Errorf("%s: modelled %d helper/running-sum columns, Plan %d", name, r.HelperWide, len(l.Groups)+1)
			}
			if !reflect.DeepEqual(groups[0], l.Inline) || !reflect.DeepEqual(groups[1:], l.Groups) {
				t.Errorf("%s: D=%d: model groups %v, Plan %v %v", name, d, groups, l.Inline, l.Groups)
			}
		}
	}
}
