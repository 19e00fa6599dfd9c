package circuit

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"

	"github.com/zkwasm/zkwasm/plonkish/mock"
	"github.com/zkwasm/zkwasm/wasm"
	"github.com/zkwasm/zkwasm/wasm/host"
	"github.com/zkwasm/zkwasm/wasm/interp"
)

// The wast2json command format (wabt docs/wast2json.md), the fields this test needs.
type specScript struct {
	Commands []struct {
		Type     string `json:"type"`
		Line     int    `json:"line"`
		Filename string `json:"filename"`
		Action   *struct {
			Type   string      `json:"type"`
			Module string      `json:"module"`
			Field  string      `json:"field"`
			Args   []specValue `json:"args"`
		} `json:"action"`
		Expected []specValue `json:"expected"`
	} `json:"commands"`
}

type specValue struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

// TestSpecAssertReturns runs the spec suite's assert_return invocations through the
// circuit: each invoked export is compiled with its arguments as public inputs and its
// result as public output, run, compared with the interpreter and the expected result,
// and a sample (per module) checked by the MockProver. Modules or functions the circuit does
// not support yet are counted, not failed.
func TestSpecAssertReturns(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "spectest", "core", "*", "*.mvpint.json"))
	sort.Strings(files)
	if len(files) == 0 {
		t.Fatal("no spec test scripts")
	}
	var ran, verified, refused, stateful int
	refusedBy := map[string]int{}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var s specScript
		if err := json.Unmarshal(b, &s); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		var mod *wasm.Module
		perModule := 0
		for _, c := range s.Commands {
			switch c.Type {
			case "module":
				mod, perModule = nil, 0
				bin, err := os.ReadFile(filepath.Join(filepath.Dir(file), c.Filename))
				if err == nil {
					mod, _ = wasm.Decode(bin)
				}
				continue
			case "assert_return":
			default:
				continue
			}
			if mod == nil || c.Action == nil || c.Action.Type != "invoke" || c.Action.Module != "" || len(c.Expected) > 1 {
				continue
			}
			var args []uint64
			ok := true
			for _, v := range append(append([]specValue{}, c.Action.Args...), c.Expected...) {
				if v.Type != "i32" && v.Type != "i64" {
					ok = false
				}
			}
			for _, v := range c.Action.Args {
				x, err := strconv.ParseUint(v.Value, 10, 64)
				if err != nil {
					ok = false
				}
				args = append(args, x)
			}
			if !ok {
				continue
			}
			where := filepath.Base(file) + ":" + strconv.Itoa(c.Line) + " " + c.Action.Field
			img, err := Compile(mod, c.Action.Field, CompileOptions{StackSize: 512})
			if err != nil {
				if errors.Is(err, ErrUnsupported) {
					refused++
					refusedBy[filepath.Base(filepath.Dir(file))]++
					continue
				}
				t.Fatalf("%s: %v", where, err)
			}
			p := Params{K: 11, LimbBits: 8}
			if len(img.Memory) > 0 {
				p.K = 15
			}
			if img.NeedsAndTable() {
				if len(img.Memory) > 0 || img.uses(ClassLtS64) {
					p.K = 17
				} else {
					p.LimbBits = 4
				}
			}
			c2, err := New(img, p)
			if err != nil {
				refused++
				refusedBy["size: "+filepath.Base(filepath.Dir(file))]++
				if refusedBy["size: "+filepath.Base(filepath.Dir(file))] == 1 {
					t.Logf("%s: %v", where, err)
				}
				continue
			}
			// Scripts are stateful (an earlier invocation may grow or write memory); this
			// test proves single invocations on a fresh instance, so it only uses those whose
			// fresh run on the interpreter gives the expected result.
			want, _, err := host.Run(mod, host.NewEnv(nil, nil, nil), interp.Config{MaxSteps: 1 << 20}, c.Action.Field, args...)
			if err != nil || len(want) != len(c.Expected) || (len(want) == 1 && strconv.FormatUint(want[0], 10) != c.Expected[0].Value) {
				stateful++
				continue
			}
			ex, err := Run(img, Inputs{Public: args}, c2.Usable())
			if errors.Is(err, ErrUnsupported) {
				refused++
				refusedBy["run: "+filepath.Base(filepath.Dir(file))]++
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			ran++
			if len(ex.PublicOut) != len(want) || (len(want) == 1 && ex.PublicOut[0] != want[0]) {
				t.Fatalf("%s: result %v, want %v", where, ex.PublicOut, want)
			}
			perModule++
			// MockProver: two per module at 2^11 in -short; otherwise four per module, one
			// at 2^17.
			if (testing.Short() && (perModule > 2 || p.K > 11)) || perModule > 4 || (p.K >= 17 && perModule > 1) {
				continue
			}
			w, err := c2.Witness(ex)
			if err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			if err := mock.Verify(c2.CS, c2.Preprocessed(), w); err != nil {
				t.Fatalf("%s: honest witness rejected: %v", where, err)
			}
			verified++
		}
	}
	t.Logf("assert_return invocations: %d run through the circuit (results match), %d checked by the MockProver, %d refused (not supported yet), %d skipped (depend on earlier invocations)", ran, verified, refused, stateful)
	t.Logf("refused by script: %v", refusedBy)
	if ran == 0 || verified == 0 {
		t.Fatal("no invocation ran through the circuit")
	}
}
