package host

import (
	"errors"
	"fmt"
	"io"
)

// Import module and function names of the host ABI.
const (
	Module     = "env"
	FnInput    = "wasm_input"
	FnOutput   = "wasm_output"
	FnRequire  = "require"
	FnDbg      = "wasm_dbg"
	DefaultRun = "zkmain" // default entry point: no params, no results
)

// Sentinel errors returned (wrapped) by the host functions; an engine turns them into a
// trap that ends the run.
var (
	// ErrInputExhausted: wasm_input read past the end of its queue.
	ErrInputExhausted = errors.New("input exhausted")
	// ErrRequireFailed: require(0).
	ErrRequireFailed = errors.New("require failed")
	// ErrBadInputKind: wasm_input's argument was neither 0 (private) nor 1 (public).
	ErrBadInputKind = errors.New("wasm_input argument must be 0 (private) or 1 (public)")
	// ErrSurplusInput: the run ended with unread inputs (see Env.CheckConsumed).
	ErrSurplusInput = errors.New("inputs not consumed")
)

// Env is the host state of one run: input queues, outputs and the debug sink. It is not
// safe for concurrent use; a guest is single-threaded.
type Env struct {
	public, private []uint64
	pubPos, privPos int
	outputs         []uint64
	debug           []uint64
	dbgw            io.Writer
}

// NewEnv returns an Env that serves public and private words in order. wasm_dbg values are
// recorded (see Debug) and, if dbg is not nil, printed to dbg one per line.
func NewEnv(public, private []uint64, dbg io.Writer) *Env {
	return &Env{public: public, private: private, dbgw: dbg}
}

// Input implements wasm_input(isPublic). isPublic is the raw i32 argument.
func (e *Env) Input(isPublic uint32) (uint64, error) {
	switch isPublic {
	case 1:
		if e.pubPos >= len(e.public) {
			return 0, fmt.Errorf("wasm_input(1): public %w after %d words", ErrInputExhausted, len(e.public))
		}
		v := e.public[e.pubPos]
		e.pubPos++
		return v, nil
	case 0:
		if e.privPos >= len(e.private) {
			return 0, fmt.Errorf("wasm_input(0): private %w after %d words", ErrInputExhausted, len(e.private))
		}
		v := e.private[e.privPos]
		e.privPos++
		return v, nil
	default:
		return 0, fmt.Errorf("wasm_input(%d): %w", int32(isPublic), ErrBadInputKind)
	}
}

// Output implements wasm_output(v).
func (e *Env) Output(v uint64) { e.outputs = append(e.outputs, v) }

// Require implements require(cond).
func (e *Env) Require(cond uint32) error {
	if cond == 0 {
		return fmt.Errorf("require(0): %w", ErrRequireFailed)
	}
	return nil
}

// Dbg implements wasm_dbg(v): it records v and prints "wasm_dbg: <v as unsigned decimal>".
func (e *Env) Dbg(v uint64) {
	e.debug = append(e.debug, v)
	if e.dbgw != nil {
		fmt.Fprintf(e.dbgw, "wasm_dbg: %d\n", v)
	}
}

// Outputs returns the words written by wasm_output so far (not a copy).
func (e *Env) Outputs() []uint64 { return e.outputs }

// Debug returns the values passed to wasm_dbg so far (not a copy).
func (e *Env) Debug() []uint64 { return e.debug }

// Consumed returns how many public and private words have been read.
func (e *Env) Consumed() (public, private int) { return e.pubPos, e.privPos }

// Surplus returns how many public and private words were never read.
func (e *Env) Surplus() (public, private int) {
	return len(e.public) - e.pubPos, len(e.private) - e.privPos
}

// CheckConsumed returns an error wrapping ErrSurplusInput if some input was not read.
// Whether that is fatal is the caller's choice: a prover usually wants all of it read.
func (e *Env) CheckConsumed() error {
	pub, priv := e.Surplus()
	if pub == 0 && priv == 0 {
		return nil
	}
	return fmt.Errorf("%w: %d public and %d private words left unread", ErrSurplusInput, pub, priv)
}
