package difftest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/zkwasm/zkwasm/wasm"
	"github.com/zkwasm/zkwasm/wasm/host"
	"github.com/zkwasm/zkwasm/wasm/host/wazerohost"
	"github.com/zkwasm/zkwasm/wasm/interp"
	"github.com/zkwasm/zkwasm/wasm/trace"
)

// Outcome is what one engine did with one run.
type Outcome struct {
	Refused  error    // the module was refused at load time (decode/compile)
	Outputs  []uint64 // wasm_output words, also when the run trapped
	Results  []uint64
	Trap     string // trap kind (wazerohost.Trap*), "" if none
	Err      error  // the trap or other run error
	Steps    uint64 // instructions executed (interpreter only)
	StepHalt bool   // the interpreter stopped at its step limit
	// InitTrap: the interpreter trapped while instantiating (a segment out of bounds),
	// before running any function.
	InitTrap bool
}

// InterpTrapKind maps an interpreter error to the wazerohost.Trap* vocabulary, so traps
// of the two engines can be compared. Host errors keep their own kinds.
func InterpTrapKind(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, host.ErrInputExhausted):
		return wazerohost.TrapInputExhausted
	case errors.Is(err, host.ErrRequireFailed):
		return wazerohost.TrapRequireFailed
	case errors.Is(err, host.ErrBadInputKind):
		return wazerohost.TrapBadInputKind
	case errors.Is(err, interp.ErrUnreachable):
		return wazerohost.TrapUnreachable
	case errors.Is(err, interp.ErrDivByZero):
		return wazerohost.TrapDivideByZero
	case errors.Is(err, interp.ErrIntOverflow):
		return wazerohost.TrapIntegerOverflow
	case errors.Is(err, interp.ErrOutOfBounds):
		return wazerohost.TrapOutOfBoundsMemory
	case errors.Is(err, interp.ErrTableOutOfBounds), errors.Is(err, interp.ErrUndefinedElement):
		return wazerohost.TrapInvalidTableAccess // wazero does not distinguish them
	case errors.Is(err, interp.ErrIndirectTypeMismatch):
		return wazerohost.TrapIndirectCallType
	case errors.Is(err, interp.ErrStackExhausted):
		return wazerohost.TrapStackOverflow
	case errors.Is(err, interp.ErrUnknownImport), errors.Is(err, interp.ErrIncompatibleImport):
		return wazerohost.TrapLink
	case errors.Is(err, interp.ErrStepLimit):
		return "step limit"
	}
	return wazerohost.TrapOther
}

// RunInterp decodes bin and runs entry on zkwasm's interpreter.
func RunInterp(bin []byte, public, private []uint64, cfg interp.Config, entry string, args ...uint64) Outcome {
	m, err := wasm.Decode(bin)
	if err != nil {
		return Outcome{Refused: err}
	}
	return RunInterpModule(m, public, private, cfg, entry, args...)
}

// RunInterpModule runs entry of a decoded module on zkwasm's interpreter.
func RunInterpModule(m *wasm.Module, public, private []uint64, cfg interp.Config, entry string, args ...uint64) Outcome {
	env := host.NewEnv(public, private, nil)
	res, s, err := host.Run(m, env, cfg, entry, args...)
	o := Outcome{Outputs: env.Outputs(), Results: res, Err: err, Trap: InterpTrapKind(err), Steps: s.Steps()}
	o.StepHalt = errors.Is(err, interp.ErrStepLimit)
	var trap *interp.Trap
	o.InitTrap = errors.As(err, &trap) && trap.Func == trace.NoFunc
	return o
}

// RunWazero compiles bin and runs entry on wazero, giving up after timeout.
func RunWazero(bin []byte, public, private []uint64, timeout time.Duration, entry string, args ...uint64) Outcome {
	return RunWazeroLimited(bin, public, private, timeout, 0, entry, args...)
}

// RunWazeroLimited is RunWazero with memories capped at maxPages pages (0: wazero's
// default, 65536), to match interp.Config.MaxMemoryPages.
func RunWazeroLimited(bin []byte, public, private []uint64, timeout time.Duration, maxPages uint32, entry string, args ...uint64) Outcome {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cfg := wazerohost.NewRuntimeConfig()
	if maxPages > 0 {
		cfg = cfg.WithMemoryLimitPages(maxPages)
	}
	m, err := wazerohost.CompileWithConfig(ctx, bin, cfg)
	if err != nil {
		return Outcome{Refused: err}
	}
	defer m.Close(ctx)
	env := host.NewEnv(public, private, nil)
	res, err := m.Run(ctx, env, entry, args...)
	return Outcome{Outputs: env.Outputs(), Results: res, Err: err, Trap: wazerohost.TrapKind(err)}
}

// Compare reports how two outcomes of the same run differ ("" if they agree). A module
// that zkwasm refuses as unsupported (floats, bulk memory, ...) while wazero accepts it
// is agreement: zkwasm supports a subset. Results are not compared after a trap.
func Compare(ours, ref Outcome) string {
	switch {
	case ours.Refused != nil && ref.Refused != nil:
		return ""
	case ours.Refused != nil:
		if errors.Is(ours.Refused, wasm.ErrUnsupported) {
			return ""
		}
		if wazeroLenient(ours.Refused) {
			return ""
		}
		return fmt.Sprintf("zkwasm refused a module wazero accepts: %v", ours.Refused)
	case ref.Refused != nil && ours.InitTrap && strings.Contains(ref.Refused.Error(), "exceeds min table size"):
		// An element segment that does not fit its table: WebAssembly 1.0 fails
		// instantiation, which zkwasm does (a trap before any instruction); wazero
		// without reference types checks constant offsets already when compiling.
		return ""
	case ref.Refused != nil && strings.Contains(ref.Refused.Error(), "over limit of"):
		// wazero with a memory limit refuses a declared maximum above it, where zkwasm
		// caps the maximum: a resource limit of the reference run, nothing to compare.
		return ""
	case ref.Refused != nil:
		return fmt.Sprintf("zkwasm accepted a module wazero refuses: %v", ref.Refused)
	}
	var diffs []string
	if ours.Trap != ref.Trap {
		diffs = append(diffs, fmt.Sprintf("trap: zkwasm %q (%v), wazero %q (%v)", ours.Trap, ours.Err, ref.Trap, ref.Err))
	}
	if !equalWords(ours.Outputs, ref.Outputs) {
		diffs = append(diffs, fmt.Sprintf("outputs: zkwasm %#x, wazero %#x", ours.Outputs, ref.Outputs))
	}
	if ours.Trap == "" && ref.Trap == "" && !equalWords(ours.Results, ref.Results) {
		diffs = append(diffs, fmt.Sprintf("results: zkwasm %#x, wazero %#x", ours.Results, ref.Results))
	}
	if len(diffs) == 0 {
		return ""
	}
	return fmt.Sprint(diffs)
}

// wazeroLenient reports whether a refusal is one that wazero v1.12 is known to miss:
// it decodes local declarations of type exnref (0x69) and (ref null? ht) (0x63, 0x64)
// without checking that the exception-handling or GC features are enabled (found by
// FuzzDifferential; the input is kept in testdata/fuzz). Those bytes are not value
// types in WebAssembly 1.0 or 2.0, so refusing them as malformed is right.
func wazeroLenient(refusal error) bool {
	msg := refusal.Error()
	for _, t := range []string{"0x69", "0x63", "0x64"} {
		if strings.HasSuffix(msg, "malformed value type "+t) {
			return true
		}
	}
	return false
}

func equalWords(a, b []uint64) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return reflect.DeepEqual(a, b)
}
