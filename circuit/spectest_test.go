package circuit

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/zkwasm/zkwasm/plonkish/mock"
	"github.com/zkwasm/zkwasm/wasm"
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

// The MockProver sample without -short: per module, -spec.mock checks among the 2^11-row
// circuits (and the larger ones with -spec.large), plus every invocation that first
// exercises an opcode variant of the suite. `make spectest` raises both.
var (
	specMockPerModule = flag.Int("spec.mock", 2, "TestSpecAssertReturns: MockProver checks per spec module without -short (more for opcodes not yet covered)")
	specSteps         = flag.Int("spec.steps", 1<<20, "TestSpecAssertReturns: instruction bound of an invocation (with its replayed script); make spectest raises it so that every invocation runs")
	specMockLarge     = flag.Bool("spec.large", false, "TestSpecAssertReturns: let -spec.mock count circuits above 2^11 rows too (else they are checked only for opcode coverage)")
)

// specRefusals is the allow-list of reasons the circuit may refuse a spec invocation for
// (a substring of the error, and why). Any other refusal fails the test.
var specRefusals = []struct {
	match, reason string
	byDesign      bool
}{
	// Not provable by design: the spec harness's "spectest" module is a foreign host.
	// Its functions (print, print_i32, ...) are outside zkwasm's host ABI (env.wasm_input,
	// wasm_output, require, wasm_dbg); a function that calls one in code that can run is
	// refused (dead code calling it compiles to unreachable).
	{"host function spectest.", "calls a spectest.print* host function", true},
	// Its memory and table are imported: their contents are the host's, which the
	// program image (and so the verifying key) cannot bind.
	{"imported memory", "imports the spectest memory", true},
	{"imported table", "imports the spectest table", true},
}

// specRefusal classifies a refusal; ok = false for a reason not on the allow-list.
func specRefusal(err error) (reason string, byDesign, ok bool) {
	for _, r := range specRefusals {
		if strings.Contains(err.Error(), r.match) {
			return r.reason, r.byDesign, true
		}
	}
	return "", false, false
}

// specParams picks the smallest circuit that holds img: 8-bit limbs unless the image uses
// the AND table without the classes that need bytes (wide, memory, bit counts), where
// 4-bit limbs make a 256-row AND table; k from 11 up to what the image and tables need.
func specParams(img *Image) (*Circuit, error) {
	p := Params{K: 11, LimbBits: 8}
	if img.NeedsAndTable() && !img.wide() && !img.HasMemoryAccess() && !img.uses(ClassBitCount) && !img.hasGrow() {
		p.LimbBits = 4
	}
	var err error
	for ; p.K <= 18; p.K++ {
		var c *Circuit
		if c, err = New(img, p); err == nil {
			return c, nil
		}
	}
	return nil, err
}

// specInterp runs invocations in order on one fresh instance of m on the interpreter
// (with the spec harness's spectest module) and returns the last one's results.
func specInterp(m *wasm.Module, calls []Invocation) ([]uint64, error) {
	s := interp.NewStore(interp.Config{MaxSteps: uint64(*specSteps), MaxStackSlots: 1 << 16})
	i32, i64 := []wasm.ValType{wasm.I32}, []wasm.ValType{wasm.I64}
	nop := func(*interp.Caller, []uint64) ([]uint64, error) { return nil, nil }
	fn := func(params []wasm.ValType) interp.HostFunc {
		return interp.HostFunc{Type: wasm.FuncType{Params: params}, Fn: nop}
	}
	if _, err := s.AddHostModule("spectest", interp.HostModule{
		Funcs: map[string]interp.HostFunc{"print": fn(nil), "print_i32": fn(i32), "print_i64": fn(i64), "print_i32_i32": fn(append(i32, wasm.I32))},
		Globals: map[string]interp.HostGlobal{
			"global_i32": {Type: wasm.GlobalType{Type: wasm.I32}, Value: 666},
			"global_i64": {Type: wasm.GlobalType{Type: wasm.I64}, Value: 666},
		},
		Tables:   map[string]wasm.Limits{"table": {Min: 10, Max: 20, HasMax: true}},
		Memories: map[string]wasm.Limits{"memory": {Min: 1, Max: 2, HasMax: true}},
	}); err != nil {
		return nil, err
	}
	inst, err := s.Instantiate(m, "guest")
	if err != nil {
		return nil, err
	}
	var res []uint64
	for _, c := range calls {
		if res, err = inst.Invoke(c.Entry, c.Args...); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// specCompiled is an export compiled for the spec run, or why it could not be.
type specCompiled struct {
	img *Image
	c   *Circuit
	err error
}

// specCoverKey names what a row exercises for the opcode coverage of the MockProver
// sample: class and flags (and the mode in imm2 of loads and dynamic shifts).
func specCoverKey(r Row) string {
	k := fmt.Sprintf("%s w%v f%v%v%v", r.Class, r.W64, r.F1, r.F2, r.F3)
	switch r.Class {
	case ClassLoad, ClassShift32, ClassShift64:
		k += fmt.Sprintf(" imm2=%d", r.Imm2)
	}
	return k
}

// TestSpecAssertReturns runs the spec suite's assert_return invocations (i32/i64
// arguments and results) through the circuit: each invoked export is compiled with its
// arguments as public inputs and its result as public output, run by the circuit's
// interpreter (all of them, also with -short) and compared with the script's expected
// result. An invocation whose result depends on earlier ones of its script is compiled
// with those replayed first (CompileOptions.Prelude). The MockProver checks a sample:
// with -short, two per module among the 2^11-row circuits; without, -spec.mock per module
// (2^11-row circuits only unless -spec.large) plus every invocation that first exercises
// an opcode variant (class and flags) in the suite.
// Refusals must have a reason on the specRefusals allow-list.
func TestSpecAssertReturns(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "spectest", "core", "*", "*.mvpint.json"))
	sort.Strings(files)
	if len(files) == 0 {
		t.Fatal("no spec test scripts")
	}
	var ran, replayed, verified, batches, batched, skipped, long int
	refused := map[string]int{}
	var unlisted []string
	covered := map[string]bool{} // opcode variants in runs the MockProver accepted
	seen := map[string]bool{}    // opcode variants in every run
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
		var history []Invocation // the successful invocations on the current module, in order
		perModule := 0
		cache := map[string]specCompiled{} // per export of the current module (no prelude)
		// Invocations of the current module that exercise opcode variants no MockProver
		// check has covered yet: checked together at the end of the module, as one run
		// that makes them all in turn (one large circuit instead of one each).
		var batch []Invocation
		var batchWhere []string
		pending := map[string]bool{}
		flush := func() {
			if len(batch) == 0 {
				return
			}
			last := batch[len(batch)-1]
			img, err := Compile(mod, last.Entry, CompileOptions{StackSize: 512, Prelude: batch[:len(batch)-1], TrapDead: true})
			var c2 *Circuit
			if err == nil {
				c2, err = specParams(img)
			}
			var ex *Execution
			if err == nil {
				ex, err = Run(img, Inputs{Public: last.Args}, c2.Usable())
			}
			if err != nil {
				t.Errorf("%s: the invocations %v in one run: %v", file, batchWhere, err)
			} else {
				w, err := c2.Witness(ex)
				if err == nil {
					err = mock.Verify(c2.CS, c2.Preprocessed(), w)
				}
				if err != nil {
					t.Fatalf("%s: the invocations %v in one run: honest witness rejected: %v", file, batchWhere, err)
				}
				for _, r := range ex.Rows[:ex.Steps] {
					covered[specCoverKey(r)] = true
				}
				verified++
				batches++
				batched += len(batch)
			}
			batch, batchWhere, pending = nil, nil, map[string]bool{}
		}
		for _, c := range s.Commands {
			if c.Type == "module" {
				flush()
				mod, history, perModule = nil, nil, 0
				cache = map[string]specCompiled{}
				bin, err := os.ReadFile(filepath.Join(filepath.Dir(file), c.Filename))
				if err == nil {
					mod, _ = wasm.Decode(bin)
				}
				continue
			}
			if c.Type != "assert_return" && c.Type != "action" {
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
			call := Invocation{Entry: c.Action.Field, Args: args}
			prior := history
			if ok {
				history = append(history, call)
			} else {
				history = append(history, Invocation{}) // not replayable: marks the history
			}
			if !ok || c.Type != "assert_return" {
				continue
			}
			where := filepath.Base(file) + ":" + strconv.Itoa(c.Line) + " " + c.Action.Field
			var want []uint64
			for _, v := range c.Expected {
				x, _ := strconv.ParseUint(v.Value, 10, 64)
				want = append(want, x)
			}
			// Refusals first (compiling is cheap; the interpreter may grow memory a lot).
			cc, hit := cache[c.Action.Field]
			if !hit {
				cc.img, cc.err = Compile(mod, c.Action.Field, CompileOptions{StackSize: 512, TrapDead: true})
				if cc.err == nil {
					cc.c, cc.err = specParams(cc.img)
				}
				cache[c.Action.Field] = cc
			}
			refuse := func(err error) {
				reason, _, listed := specRefusal(err)
				if !listed || !errors.Is(err, ErrUnsupported) {
					unlisted = append(unlisted, fmt.Sprintf("%s: %v", where, err))
					return
				}
				refused[reason]++
			}
			if cc.err != nil {
				refuse(cc.err)
				continue
			}
			img, c2 := cc.img, cc.c
			// A fresh instance first; if its result is not the script's, replay the earlier
			// invocations of the script on the same instance.
			var prelude []Invocation
			got, ierr := specInterp(mod, []Invocation{call})
			if ierr != nil || fmt.Sprint(got) != fmt.Sprint(want) {
				replayable := true
				for _, p := range prior {
					replayable = replayable && p.Entry != ""
				}
				if !replayable {
					skipped++
					t.Logf("%s: skipped: a fresh instance gives %v (%v), want %v, and an earlier invocation of the script has arguments or results other than i32/i64", where, got, ierr, want)
					continue
				}
				// The replay is compiled first: it may be refused (e.g. memory.grow in an
				// earlier invocation), which is cheaper to find than to interpret.
				var err error
				img, err = Compile(mod, c.Action.Field, CompileOptions{StackSize: 512, Prelude: prior, TrapDead: true})
				if err == nil {
					c2, err = specParams(img)
				}
				if err != nil {
					refuse(err)
					continue
				}
				got, ierr = specInterp(mod, append(append([]Invocation{}, prior...), call))
				if ierr != nil || fmt.Sprint(got) != fmt.Sprint(want) {
					skipped++
					t.Logf("%s: skipped: the interpreter gives %v (%v) on a fresh instance and after replaying the script, want %v", where, got, ierr, want)
					continue
				}
				prelude = prior
			}
			ex, err := Run(img, Inputs{Public: args}, max(c2.Usable(), *specSteps))
			if err != nil {
				refuse(err)
				continue
			}
			ran++
			if prelude != nil {
				replayed++
			}
			if fmt.Sprint(ex.PublicOut) != fmt.Sprint(want) {
				t.Fatalf("%s: result %v, want %v", where, ex.PublicOut, want)
			}
			if len(ex.Rows)+1 > c2.Usable() {
				long++ // ran and compared; its circuit would need more rows than the sample's
				continue
			}
			// MockProver sample.
			var fresh []string
			for _, r := range ex.Rows[:ex.Steps] {
				k := specCoverKey(r)
				seen[k] = true
				if !covered[k] && !pending[k] {
					fresh = append(fresh, k)
				}
			}
			small := c2.Params.K <= 11
			if testing.Short() && (perModule >= 2 || !small) {
				continue
			}
			if !testing.Short() && (perModule >= *specMockPerModule || !small && !*specMockLarge) {
				if len(fresh) > 0 && prelude == nil {
					batch = append(batch, call)
					batchWhere = append(batchWhere, where)
					for _, k := range fresh {
						pending[k] = true
					}
				}
				continue
			}
			perModule++
			w, err := c2.Witness(ex)
			if err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			if err := mock.Verify(c2.CS, c2.Preprocessed(), w); err != nil {
				t.Fatalf("%s: honest witness rejected: %v", where, err)
			}
			for _, r := range ex.Rows[:ex.Steps] {
				covered[specCoverKey(r)] = true
			}
			verified++
		}
		flush()
	}
	var byDesign, pending int
	var reasons []string
	for _, r := range specRefusals {
		if n := refused[r.reason]; n > 0 {
			reasons = append(reasons, fmt.Sprintf("%s: %d", r.reason, n))
			if r.byDesign {
				byDesign += n
			} else {
				pending += n
			}
		}
	}
	t.Logf("assert_return invocations: %d run through the circuit with the expected result (%d after replaying their script's earlier invocations); %d MockProver checks (%d of them runs of several invocations, covering %d more), %d opcode variants covered; refused: %d not provable by design, %d not supported yet; %d skipped (beyond -spec.steps=%d); %d too long for a sampled MockProver check",
		ran, replayed, verified, batches, batched, len(covered), byDesign, pending, skipped, *specSteps, long)
	t.Logf("refusals by reason: %s", strings.Join(reasons, "; "))
	for _, u := range unlisted {
		t.Errorf("refused for a reason not on the allow-list: %s", u)
	}
	if !testing.Short() {
		for k := range seen {
			if !covered[k] {
				t.Errorf("opcode variant %s ran but no MockProver check covered it", k)
			}
		}
	}
	if ran == 0 || verified == 0 {
		t.Fatal("no invocation ran through the circuit")
	}
}

// TestCompileSpecOptions: the compile options the spec run relies on. A prelude of
// invocations runs before the entry (and proves); a foreign host function is refused
// only where it can run (dead code calling it compiles to unreachable); TrapDead keeps a
// dead function's instructions out of the circuit; clz/ctz/popcnt refuse non-byte limbs.
func TestCompileSpecOptions(t *testing.T) {
	m := loadGuest(t, "circuit/prelude.wat.wasm")
	prelude := []Invocation{{Entry: "inc", Args: []uint64{5}}, {Entry: "inc", Args: []uint64{7}}}
	for _, tc := range []struct {
		prelude []Invocation
		want    uint64
	}{{nil, 0}, {prelude, 12}} {
		img, err := Compile(m, "get", CompileOptions{StackSize: 64, Prelude: tc.prelude, TrapDead: true})
		if err != nil {
			t.Fatal(err)
		}
		c, pre, w, ex, err := Assign(img, Inputs{}, Params{K: 11, LimbBits: 8})
		if err != nil {
			t.Fatal(err)
		}
		ref, err := specInterp(m, append(append([]Invocation{}, tc.prelude...), Invocation{Entry: "get"}))
		if err != nil {
			t.Fatal(err)
		}
		if len(ex.PublicOut) != 1 || ex.PublicOut[0] != tc.want || ref[0] != tc.want {
			t.Fatalf("prelude %v: circuit %v, interpreter %v, want %d", tc.prelude, ex.PublicOut, ref, tc.want)
		}
		if err := mock.Verify(c.CS, pre, w); err != nil {
			t.Fatalf("prelude %v: honest witness rejected: %v", tc.prelude, err)
		}
	}
	if _, err := Compile(m, "get", CompileOptions{Prelude: []Invocation{{Entry: "inc"}}}); err == nil {
		t.Error("a prelude call with a missing argument compiled")
	}
	if _, err := Compile(m, "get", CompileOptions{Prelude: []Invocation{{Entry: "nope"}}}); err == nil {
		t.Error("a prelude call of a missing export compiled")
	}

	// noisy calls spectest.print_i32: refused as the entry, unreachable code otherwise.
	if _, err := Compile(m, "noisy", CompileOptions{}); !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "host function spectest.print_i32") {
		t.Errorf("noisy: err = %v, want the foreign host function refused", err)
	}
	img, err := Compile(m, "get", CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	traps := 0
	for _, in := range img.Code {
		if in.Class == ClassTrap && strings.Contains(in.Source, "call") {
			traps++
		}
	}
	if traps != 1 {
		t.Errorf("%d dead calls of the host function laid out as unreachable, want 1", traps)
	}

	// TrapDead: bits (popcnt) is dead from get.
	if !img.uses(ClassBitCount) || !img.NeedsAndTable() {
		t.Fatal("without TrapDead the dead popcnt is compiled")
	}
	lean, err := Compile(m, "get", CompileOptions{TrapDead: true})
	if err != nil {
		t.Fatal(err)
	}
	if lean.uses(ClassBitCount) || lean.NeedsAndTable() || len(lean.Code) != len(img.Code) {
		t.Fatalf("TrapDead: popcnt %v, AND table %v, %d instructions (want %d)", lean.uses(ClassBitCount), lean.NeedsAndTable(), len(lean.Code), len(img.Code))
	}
	bits, err := Compile(m, "bits", CompileOptions{TrapDead: true})
	if err != nil {
		t.Fatal(err)
	}
	if !bits.uses(ClassBitCount) {
		t.Fatal("TrapDead dropped the entry's own popcnt")
	}
	if _, err := New(bits, Params{K: 11, LimbBits: 4}); err == nil {
		t.Error("popcnt accepted with 4-bit limbs")
	}
}

// TestSpecRefusalAllowList: refusals are classified by the allow-list only; a reason
// not on it (such as an instruction that should be supported) is not accepted.
func TestSpecRefusalAllowList(t *testing.T) {
	for _, tc := range []struct {
		msg              string
		listed, byDesign bool
	}{
		{"compile: func 2 instr 1 (offset 0x59) call: unsupported instruction: host function spectest.print_i32", true, true},
		{"compile: imported memory: unsupported instruction", true, true},
		{"compile: element segment 0: unsupported instruction: imported table or non-constant offset", true, true},
		{"compile: func 3 instr 1 (offset 0x6e) memory.grow: unsupported instruction: not constrained yet", false, false},
		{"pc 9 (i64.load): unsupported instruction: access of 8 bytes at 0x407 crosses an 8-byte word", false, false},
		{"compile: func 1 instr 4 (offset 0x40) i64.div_s: unsupported instruction: not constrained yet", false, false},
		{"compile: func 1 instr 4 (offset 0x40) call: unsupported instruction: host function env.print", false, false},
	} {
		_, byDesign, listed := specRefusal(errors.New(tc.msg))
		if listed != tc.listed || byDesign != tc.byDesign {
			t.Errorf("%q: listed %v by design %v, want %v %v", tc.msg, listed, byDesign, tc.listed, tc.byDesign)
		}
	}
}
