package pipeline

import (
	"errors"
	"fmt"
)

// Kind classifies an error by what the user should do about it.
type Kind int

// Kinds of errors. The command line maps each to its own exit status.
const (
	KindInternal       Kind = iota // a bug
	KindInvalid                    // the proof is not valid
	KindUsage                      // bad arguments
	KindTrap                       // the guest trapped
	KindFile                       // a file is missing or unreadable
	KindModule                     // not a valid WebAssembly module, or it does not link
	KindUnsupported                // an instruction or feature zkwasm cannot prove
	KindInputs                     // bad, missing or surplus inputs
	KindMismatch                   // a key or proof for another program
	KindCorrupt                    // a corrupted proof, key or SRS file
	KindSRS                        // the SRS is too small for k
	KindTooLarge                   // the run does not fit in the circuit size
	KindNotImplemented             // a feature not implemented yet
)

var kindNames = [...]string{"internal error", "invalid", "usage", "trap", "file", "module",
	"unsupported", "inputs", "mismatch", "corrupt", "srs", "too large", "not implemented"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Error is an error with its Kind and, if set, a hint saying what to do.
type Error struct {
	Kind Kind
	Err  error
	Hint string
}

func (e *Error) Error() string {
	if e.Hint == "" {
		return e.Err.Error()
	}
	return e.Err.Error() + "; " + e.Hint
}

func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the Kind of err: that of the first *Error in its chain, KindInternal if
// there is none.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

func errorf(k Kind, hint, format string, args ...any) error {
	return &Error{Kind: k, Err: fmt.Errorf(format, args...), Hint: hint}
}

func wrap(k Kind, hint string, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Kind: k, Err: err, Hint: hint}
}
