package circuit

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zkwasm/zkwasm/plonkish/mock"
	"github.com/zkwasm/zkwasm/wasm"
	"github.com/zkwasm/zkwasm/wasm/host"
	"github.com/zkwasm/zkwasm/wasm/interp"
)

func loadGuest(t *testing.T, name string) *wasm.Module {
	t.Helper()
	path := filepath.Join("..", "testdata", "guests", name)
	if strings.HasPrefix(name, "circuit/") {
		path = filepath.Join("..", "testdata", name)
	}
	bin, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := wasm.Decode(bin)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// crossCheck runs the module on the tracing interpreter and on the circuit's machine and
// requires the same outputs, the same number of instructions and the same pc sequence.
func crossCheck(t *testing.T, m *wasm.Module, img *Image, entry string, args []uint64, in Inputs, ex *Execution) {
	t.Helper()
	env := host.NewEnv(in.Public[len(args):], in.Private, nil)
	res, s, err := host.Run(m, env, interp.Config{Trace: true, MaxSteps: 1 << 20}, entry, args...)
	if err != nil {
		t.Fatalf("interpreter: %v", err)
	}
	wantOut := append(append([]uint64{}, env.Outputs()...), res...)
	if len(wantOut) != len(ex.PublicOut) {
		t.Fatalf("outputs: circuit %v, interpreter %v", ex.PublicOut, wantOut)
	}
	for i := range wantOut {
		if wantOut[i] != ex.PublicOut[i] {
			t.Fatalf("outputs: circuit %v, interpreter %v", ex.PublicOut, wantOut)
		}
	}
	steps := s.Trace().Steps
	stub := 2*len(args) + 2 // arguments, call, halt
	if len(res) > 0 {
		stub++
	}
	if m.HasStart {
		stub++ // call of the start function
	}
	if ex.Steps-ex.Tails != len(steps)+stub {
		t.Fatalf("instruction count: circuit %d (%d stub rows, %d tail rows of crossing stores), interpreter %d", ex.Steps, stub, ex.Tails, len(steps))
	}
	base := FuncBase(m, img)
	// The rows outside the stub, in order, are the interpreter's steps (the start
	// function's first, when there is one).
	var body []Row
	for _, r := range ex.Rows[:ex.Steps] {
		tail := r.Class == ClassNop && (r.W64 || r.F1 || r.F2 || r.F3) // a crossing store's second row
		if (len(base) == 0 || r.PC >= uint64(base[0])) && !tail {
			body = append(body, r)
		}
	}
	if len(body) != len(steps) {
		t.Fatalf("body rows: circuit %d, interpreter %d", len(body), len(steps))
	}
	for i, st := range steps {
		fi := int(s.Trace().Funcs[st.Func].Index) - int(m.NumImportedFuncs)
		if want := uint64(base[fi]) + uint64(st.PC); body[i].PC != want {
			t.Fatalf("step %d (%s): circuit pc %d, interpreter pc %d", i, st.Op, body[i].PC, want)
		}
	}
}

func TestCompiledGuests(t *testing.T) {
	for _, tc := range []struct {
		guest, entry    string
		args            []uint64
		public, private []uint64
	}{
		{"fib.wat.wasm", "zkmain", nil, []uint64{20}, nil},
		{"fib.wat.wasm", "fib", []uint64{30}, nil, nil},
		{"fib.wat.wasm", "fib", []uint64{0}, nil, nil},
		{"circuit/control.wat.wasm", "zkmain", nil, []uint64{5}, []uint64{0}},
		{"circuit/control.wat.wasm", "zkmain", nil, []uint64{4}, []uint64{1}},
		{"circuit/control.wat.wasm", "classify", []uint64{0}, nil, nil},
		{"circuit/control.wat.wasm", "classify", []uint64{2}, nil, nil},
		{"circuit/control.wat.wasm", "classify", []uint64{3}, nil, nil},
		{"circuit/control.wat.wasm", "classify", []uint64{1 << 31}, nil, nil},
		{"circuit/control.wat.wasm", "fact", []uint64{20}, nil, nil},
		{"circuit/retif.wat.wasm", "zkmain", nil, []uint64{13}, nil},
		{"circuit/retif.wat.wasm", "zkmain", nil, []uint64{0}, nil},
		{"circuit/retif.wat.wasm", "bound", []uint64{50, 100}, nil, nil},
		{"circuit/retif.wat.wasm", "deep", []uint64{1}, nil, nil},
		{"circuit/retif.wat.wasm", "deep", []uint64{0}, nil, nil},
		{"circuit/retif.wat.wasm", "pick", []uint64{0}, nil, nil},
		{"circuit/retif.wat.wasm", "pick", []uint64{3}, nil, nil},
		{"circuit/start.wat.wasm", "zkmain", nil, []uint64{41, 5}, nil},
		{"circuit/start.wat.wasm", "twice", []uint64{8}, []uint64{100}, nil},
		{"circuit/memsort.wat.wasm", "zkmain", nil, []uint64{7}, []uint64{5, 1 << 63, 3, 0, 99, 3, 42}},
		// C guests: 4 memory pages and the byte AND table need 2^17 rows.
		{"fib.c.wasm", "zkmain", nil, []uint64{90}, nil},
		{"ackermann.c.wasm", "zkmain", nil, []uint64{2, 3}, nil},
		{"sha256.c.wasm", "zkmain", nil, []uint64{3, 0}, []uint64{0x636261}}, // "abc", private
		{"sort.c.wasm", "zkmain", nil, []uint64{6}, []uint64{5, 1 << 63, 3, ^uint64(0), 99, 3}},
		{"dispatch.c.wasm", "zkmain", nil, []uint64{6}, []uint64{0, 7, 1, 3, 2, 1 << 40, 3, 0xff, 4, 13, 5, 3}},
		{"sha256.c.wasm", "zkmain", nil, []uint64{11, 1, 0x6f77206f6c6c6568, 0x646c72}, nil}, // "hello world", public
		// every integer opcode, every load/store width, memory.size/grow, crossing accesses
		{"allops.wat.wasm", "zkmain", nil, []uint64{1, 2}, nil},
		{"allops.wat.wasm", "zkmain", nil, []uint64{0xfffffff8, 2}, nil},
		{"allops.wat.wasm", "div_s32", []uint64{0xfffffff9, 2}, nil, nil},
		{"allops.wat.wasm", "mul64", []uint64{1 << 32, 3}, nil, nil},
		{"allops.wat.wasm", "ext64", []uint64{0xfffffffe}, nil, nil},
	} {
		t.Run(tc.guest+"/"+tc.entry, func(t *testing.T) {
			if (strings.HasSuffix(tc.guest, ".c.wasm") || tc.guest == "allops.wat.wasm") && testing.Short() {
				t.Skip("2^17 rows: not in -short")
			}
			m := loadGuest(t, tc.guest)
			img, err := Compile(m, tc.entry, CompileOptions{StackSize: 256})
			if err != nil {
				t.Fatal(err)
			}
			in := Inputs{Public: append(append([]uint64{}, tc.args...), tc.public...), Private: tc.private}
			p := testParams
			if len(img.Memory) > 0 {
				p.K = 14 // the initial-memory table holds one page (8192 words)
			}
			if len(img.Memory) > 8192 || img.NeedsAndTable() {
				p.K = 17
			}
			c, pre, w, ex, err := Assign(img, in, p)
			if err != nil {
				t.Fatal(err)
			}
			crossCheck(t, m, img, tc.entry, tc.args, in, ex)
			if err := mock.Verify(c.CS, pre, w); err != nil {
				t.Fatalf("honest witness rejected: %v", err)
			}
			// The public output is bound: a wrong claimed result is rejected.
			out := w.Instance[0]
			out[len(out)-1].SetUint64(ex.PublicOut[len(ex.PublicOut)-1] + 1)
			if err := mock.Verify(c.CS, pre, w); err == nil {
				t.Fatal("wrong output accepted")
			}
		})
	}
}

// TestImageBindsProgram: a witness for one program does not satisfy the circuit of a
// program that differs in one immediate.
func TestImageBindsProgram(t *testing.T) {
	m := loadGuest(t, "fib.wat.wasm")
	img, err := Compile(m, "zkmain", CompileOptions{StackSize: 256})
	if err != nil {
		t.Fatal(err)
	}
	_, _, w, _, err := Assign(img, Inputs{Public: []uint64{10}}, testParams)
	if err != nil {
		t.Fatal(err)
	}
	other := *img
	other.Code = append([]Instr{}, img.Code...)
	for pc, in := range other.Code {
		if in.Class == ClassConst && in.W64 && in.Imm == 1 {
			other.Code[pc].Imm = 2
			break
		}
	}
	c2, err := New(&other, testParams)
	if err != nil {
		t.Fatal(err)
	}
	if err := mock.Verify(c2.CS, c2.Preprocessed(), w); err == nil {
		t.Fatal("witness of program A accepted by program B's circuit")
	}
}

func TestCompileRefusesUnsupported(t *testing.T) {
	for _, g := range []string{"circuit/refuse_global.wat.wasm"} { // allops.wat (i64 div_s, memory.grow) and sieve.as.wasm compile now
		m := loadGuest(t, g)
		_, err := Compile(m, "zkmain", CompileOptions{})
		if !errors.Is(err, ErrUnsupported) {
			t.Fatalf("%s: err = %v, want ErrUnsupported", g, err)
		}
		if !strings.Contains(err.Error(), "offset 0x") && !strings.Contains(err.Error(), "start function (func") {
			t.Fatalf("%s: error %q does not say where", g, err)
		}
		t.Logf("%s: %v", g, err)
	}
}

// TestCompiledTrapsUnprovable: runs that trap on the interpreter have no circuit witness.
func TestCompiledTrapsUnprovable(t *testing.T) {
	m := loadGuest(t, "circuit/control.wat.wasm")
	img, err := Compile(m, "zkmain", CompileOptions{StackSize: 256})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []uint64{2, 7} { // indirect call type mismatch; require(k < 3) fails
		env := host.NewEnv([]uint64{5}, []uint64{k}, nil)
		if _, _, err := host.Run(m, env, interp.Config{}, "zkmain"); err == nil {
			t.Fatalf("k = %d: interpreter did not trap", k)
		}
		if _, _, _, _, err := Assign(img, Inputs{Public: []uint64{5}, Private: []uint64{k}}, testParams); !errors.Is(err, ErrTrap) {
			t.Fatalf("k = %d: err = %v, want a trap", k, err)
		}
	}
}
