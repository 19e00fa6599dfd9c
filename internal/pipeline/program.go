package pipeline

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/zkwasm/zkwasm/circuit"
	"github.com/zkwasm/zkwasm/wasm"
	"github.com/zkwasm/zkwasm/wasm/host"
	"github.com/zkwasm/zkwasm/wasm/interp"
	"github.com/zkwasm/zkwasm/wasm/trace"
)

// Program is a decoded, validated module and its bytes.
type Program struct {
	Path   string
	Bytes  []byte
	Hash   [32]byte // SHA-256 of Bytes
	Module *wasm.Module
}

// Load reads and decodes the module at path.
func Load(path string) (*Program, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, errorf(KindFile, "check the path", "read module: %v", err)
	}
	return Decode(path, b)
}

// Decode decodes a module; name is used in messages.
func Decode(name string, b []byte) (*Program, error) {
	m, err := wasm.Decode(b)
	if err != nil {
		if errors.Is(err, wasm.ErrUnsupported) {
			return nil, wrap(KindUnsupported, "zkwasm supports integer WebAssembly 1.0 without floats or bulk memory", fmt.Errorf("%s: %w", name, err))
		}
		return nil, wrap(KindModule, "", fmt.Errorf("%s: %w", name, err))
	}
	return &Program{Path: name, Bytes: b, Hash: sha256.Sum256(b), Module: m}, nil
}

// Options are the settings of one guest run.
type Options struct {
	Entry           string
	Public, Private []uint64
	MaxSteps        uint64    // instruction bound of the run (0: none)
	StackSize       int       // value-stack slots of the circuit's image
	Debug           io.Writer // wasm_dbg output; nil discards it
}

// Run is a guest run ready to be proven: the circuit's image and the execution table,
// with the interpreter's instruction count and outputs.
type Run struct {
	Image        *circuit.Image
	Exec         *circuit.Execution
	Instructions int      // instructions executed (the interpreter's count)
	PublicIn     []uint64 // public inputs read
	Outputs      []uint64 // public outputs written
}

// Compile lays the program out as the circuit's image for entry.
func (p *Program) Compile(entry string, stackSize int) (*circuit.Image, error) {
	exp, ok := p.Module.ExportByName(entry)
	if !ok || exp.Kind != wasm.ExternFunc {
		return nil, errorf(KindUsage, "set entry (--entry) to an exported function", "%s: no exported function %q", p.Path, entry)
	}
	if ft, ok := p.Module.FuncTypeOf(exp.Index); ok && (len(ft.Params) != 0 || len(ft.Results) != 0) {
		return nil, errorf(KindUsage, "prove a zkmain-style entry that reads wasm_input", "%s: entry %q must take no parameters and return nothing", p.Path, entry)
	}
	img, err := circuit.Compile(p.Module, entry, circuit.CompileOptions{StackSize: stackSize})
	if err != nil {
		if errors.Is(err, circuit.ErrUnsupported) {
			return nil, wrap(KindUnsupported, "the circuit cannot prove it", fmt.Errorf("%s: %w", p.Path, err))
		}
		return nil, wrap(KindModule, "", fmt.Errorf("%s: %w", p.Path, err))
	}
	return img, nil
}

// Trace compiles the program, runs it on the tracing interpreter (for exact trap
// locations, input checks and the instruction count) and then in the circuit's machine
// model, which yields the execution table. Every input must be read.
func (p *Program) Trace(o Options) (*Run, error) {
	dbg := o.Debug
	if dbg == nil {
		dbg = io.Discard
	}
	env := host.NewEnv(o.Public, o.Private, dbg)
	// Imports first: a module that cannot link is invalid, whatever the circuit supports.
	if _, err := host.Instantiate(interp.NewStore(interp.Config{}), p.Module, env); err != nil {
		return nil, p.runError(err, 0, 0)
	}
	img, err := p.Compile(o.Entry, o.StackSize)
	if err != nil {
		return nil, err
	}
	_, store, err := host.Run(p.Module, env, interp.Config{MaxSteps: o.MaxSteps}, o.Entry)
	steps := int(store.Steps())
	if err != nil {
		return nil, p.runError(err, steps, o.MaxSteps)
	}
	if err := env.CheckConsumed(); err != nil {
		return nil, wrap(KindInputs, "remove the inputs the program does not read", err)
	}
	ex, err := circuit.Run(img, circuit.Inputs{Public: o.Public, Private: o.Private}, 1<<28)
	if err != nil {
		if errors.Is(err, circuit.ErrUnsupported) {
			return nil, wrap(KindUnsupported, "the circuit cannot prove this run yet", fmt.Errorf("%s: %w", p.Path, err))
		}
		return nil, fmt.Errorf("%s: the circuit's run disagrees with the interpreter: %w", p.Path, err)
	}
	pubRead, _ := env.Consumed()
	return &Run{Image: img, Exec: ex, Instructions: steps, PublicIn: o.Public[:pubRead], Outputs: env.Outputs()}, nil
}

// runError classifies an error of the interpreter's run.
func (p *Program) runError(err error, steps int, maxSteps uint64) error {
	var le *interp.LinkError
	if errors.As(err, &le) {
		return wrap(KindModule, "guests may import only env.wasm_input, wasm_output, require and wasm_dbg", fmt.Errorf("%s: %w", p.Path, err))
	}
	var trap *interp.Trap
	if !errors.As(err, &trap) {
		return fmt.Errorf("%s: %w", p.Path, err)
	}
	if errors.Is(err, host.ErrInputExhausted) {
		return &Error{Kind: KindInputs, Err: fmt.Errorf("missing input: %s", TrapMessage(trap, steps, maxSteps)), Hint: "give more --public/--private inputs"}
	}
	return &Error{Kind: KindTrap, Err: errors.New(TrapMessage(trap, steps, maxSteps))}
}

// TrapMessage renders a trap on one line: the kind, where, and after how many
// instructions.
func TrapMessage(t *interp.Trap, steps int, maxSteps uint64) string {
	kind := t.Err.Error()
	if errors.Is(t, interp.ErrStepLimit) {
		kind = fmt.Sprintf("step limit reached (--max-steps %d)", maxSteps)
	}
	s := "trap: " + kind
	if w := TrapWhere(t); w != "" {
		s += " in " + w
	}
	if steps >= 0 {
		s += fmt.Sprintf(" after %d instructions", steps)
	}
	return strings.ReplaceAll(s, "\n", " ")
}

// TrapWhere names the function and instruction of a trap.
func TrapWhere(t *interp.Trap) string {
	if t.Func == trace.NoFunc {
		return t.Context
	}
	s := fmt.Sprintf("func %d", t.Index)
	if t.FuncName != "" {
		s += fmt.Sprintf(" %q", t.FuncName)
	}
	return s + fmt.Sprintf(" at instruction %d (offset %#x)", t.PC, t.Offset)
}

// MinK returns the smallest k whose circuit holds the image and the run, and that
// circuit.
func MinK(r *Run) (int, *circuit.Circuit, error) {
	var last error
	for k := 1; k <= 28; k++ {
		c, err := circuit.New(r.Image, circuit.DefaultParams(k))
		if err != nil {
			last = err
			continue
		}
		if len(r.Exec.Rows)+1 <= c.Usable() {
			return k, c, nil
		}
		last = fmt.Errorf("the run needs %d rows, 2^%d gives %d", len(r.Exec.Rows)+1, k, c.Usable())
	}
	return 0, nil, &Error{Kind: KindTooLarge, Err: fmt.Errorf("the run does not fit in 2^28 rows: %v", last), Hint: "prove a shorter run"}
}

// CircuitFor returns the circuit of r at k, or at the smallest k that fits if k is 0.
func CircuitFor(r *Run, k int) (*circuit.Circuit, error) {
	minK, c, err := MinK(r)
	if err != nil {
		return nil, err
	}
	if k == 0 || k == minK {
		return c, nil
	}
	if k < minK {
		return nil, errorf(KindTooLarge, fmt.Sprintf("use --k %d or more, or omit --k", minK),
			"k = %d is too small: the run (%d instructions, %d rows with the boundary rows) and the image need 2^%d rows",
			k, r.Instructions, len(r.Exec.Rows)+1, minK)
	}
	c, err = circuit.New(r.Image, circuit.DefaultParams(k))
	if err != nil {
		return nil, fmt.Errorf("build circuit at k = %d: %w", k, err)
	}
	return c, nil
}

// ImageCircuit returns the circuit of the program's image alone (no run) at k, for
// setup: the image rows must fit.
func ImageCircuit(img *circuit.Image, k int) (*circuit.Circuit, error) {
	if k == 0 {
		var last error
		for k = 1; k <= 28; k++ {
			c, err := circuit.New(img, circuit.DefaultParams(k))
			if err == nil {
				return c, nil
			}
			last = err
		}
		return nil, wrap(KindTooLarge, "", last)
	}
	c, err := circuit.New(img, circuit.DefaultParams(k))
	if err != nil {
		return nil, wrap(KindTooLarge, "use a larger --k", err)
	}
	return c, nil
}
