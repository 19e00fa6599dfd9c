package wasm

import (
	"errors"
	"fmt"
)

// Sentinel error kinds. Every error returned by Decode is an *Error whose Kind
// is one of these, so callers can test with errors.Is(err, wasm.ErrMalformed).
var (
	// ErrMalformed: the bytes are not a syntactically well-formed binary module
	// (§5, binary format).
	ErrMalformed = errors.New("malformed module")
	// ErrInvalid: the module is well formed but fails validation (§3).
	ErrInvalid = errors.New("invalid module")
	// ErrUnsupported: the module is valid WebAssembly but uses a feature outside
	// the supported profile (MVP integer subset + sign extension), or exceeds an
	// implementation limit.
	ErrUnsupported = errors.New("unsupported feature")
)

// NoFunc is the Error.Func value of errors that do not belong to a function body.
const NoFunc = ^uint32(0)

// Error describes why a module was refused.
type Error struct {
	Kind     error  // ErrMalformed, ErrInvalid or ErrUnsupported
	Offset   int    // byte offset in the module binary, -1 if unknown
	Func     uint32 // function index (import space included) or NoFunc
	FuncName string // function name from the name section, "" if unknown
	Module   string // module name given to DecodeNamed, "" otherwise
	Msg      string // what is wrong
}

func (e *Error) Error() string {
	s := "wasm: "
	if e.Module != "" {
		s += e.Module + ": "
	}
	if e.Func != NoFunc {
		s += fmt.Sprintf("func %d ", e.Func)
		if e.FuncName != "" {
			s += fmt.Sprintf("%q ", e.FuncName)
		}
	}
	if e.Offset >= 0 {
		s += fmt.Sprintf("at offset %#x: ", e.Offset)
	}
	return s + e.Msg
}

// Unwrap returns the kind, so errors.Is(err, ErrInvalid) works.
func (e *Error) Unwrap() error { return e.Kind }
