package circuit

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden cost files")

// TestCostGolden compares the cost report of the recursive fib run with production params
// against testdata/circuit/cost_fib_rec.golden (regenerate with -update).
func TestCostGolden(t *testing.T) {
	img := fibRec(t, 10)
	c, _, w, ex, err := Assign(img, Inputs{}, DefaultParams(17))
	if err != nil {
		t.Fatal(err)
	}
	got := c.CostOf(ex, w).String()
	path := filepath.Join("..", "testdata", "circuit", "cost_fib_rec.golden")
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
