package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zkwasm/zkwasm/config"
	"github.com/zkwasm/zkwasm/internal/pipeline"
)

// Exit statuses. Each kind of failure a user can cause has its own, so scripts can tell
// them apart; the message on stderr (one line) says what to do.
const (
	exitOK             = 0  // success (verify: the proof is valid)
	exitInvalid        = 1  // verify: the proof is not valid (or does not match --public/--output); run: inputs left unread with strict_inputs
	exitUsage          = 2  // bad command line or configuration (unknown flag or key, bad value)
	exitTrap           = 3  // the guest trapped (unreachable, divide by zero, require(0), step limit, ...)
	exitFile           = 4  // a file (module, input, key, proof, SRS) is missing or unreadable
	exitModule         = 5  // not a valid WebAssembly module, or it imports what the host lacks
	exitUnsupported    = 6  // the module uses an instruction or feature zkwasm cannot run or prove
	exitInputs         = 7  // bad, missing or surplus guest inputs
	exitMismatch       = 8  // a key, proof or SRS for another program
	exitCorrupt        = 9  // a corrupted proof, key or SRS file
	exitSRS            = 10 // the SRS is too small for k
	exitTooLarge       = 11 // the run does not fit the circuit size (k)
	exitNotImplemented = 12 // a command or feature that is not implemented yet
	exitInternal       = 70 // a bug in zkwasm
)

var kindExit = map[pipeline.Kind]int{
	pipeline.KindInternal:       exitInternal,
	pipeline.KindInvalid:        exitInvalid,
	pipeline.KindUsage:          exitUsage,
	pipeline.KindTrap:           exitTrap,
	pipeline.KindFile:           exitFile,
	pipeline.KindModule:         exitModule,
	pipeline.KindUnsupported:    exitUnsupported,
	pipeline.KindInputs:         exitInputs,
	pipeline.KindMismatch:       exitMismatch,
	pipeline.KindCorrupt:        exitCorrupt,
	pipeline.KindSRS:            exitSRS,
	pipeline.KindTooLarge:       exitTooLarge,
	pipeline.KindNotImplemented: exitNotImplemented,
}

// exitError carries an exit status with the error message.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageErr(format string, args ...any) error {
	return &exitError{exitUsage, fmt.Errorf(format, args...)}
}

func codeErr(code int, format string, args ...any) error {
	return &exitError{code, fmt.Errorf(format, args...)}
}

// exitCode maps an error to its exit status.
func exitCode(err error) int {
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	var pe *pipeline.Error
	if errors.As(err, &pe) {
		return kindExit[pe.Kind]
	}
	if errors.Is(err, config.ErrInvalid) {
		return exitUsage
	}
	if isCobraUsage(err) {
		return exitUsage
	}
	return exitInternal
}

// isCobraUsage recognizes cobra's and pflag's own errors: unknown flag or command, wrong
// argument count, bad flag value.
func isCobraUsage(err error) bool {
	s := err.Error()
	for _, p := range []string{"unknown flag", "unknown shorthand", "unknown command", "accepts ", "requires at least", "requires at most",
		"invalid argument", "flag needs an argument", "bad flag", "required flag"} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// version is set at build time: go build -ldflags "-X main.version=v1.2.3".
var version = "dev"

func main() { os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr)) }

// Main runs the command line args and returns the exit status.
func Main(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		// Last line of defence: a bug must not print a goroutine dump to a user.
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "zkwasm: internal error: %v; please report it\n", r)
			code = exitInternal
		}
	}()
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	msg := strings.Join(strings.Fields(strings.ReplaceAll(err.Error(), "\n", "; ")), " ")
	fmt.Fprintf(stderr, "zkwasm: %s\n", msg)
	return exitCode(err)
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "zkwasm",
		Short: "A zero-knowledge virtual machine for WebAssembly",
		Long: `zkwasm runs WebAssembly programs and proves their execution (PLONKish, KZG on BN254).

Settings come from flags, then ZKWASM_* environment variables, then zkwasm.yaml in the
working directory (or --config FILE); see zkwasm.example.yaml for every key.

Exit status: 0 ok, 1 proof not valid, 2 bad usage or configuration, 3 the guest trapped,
4 missing or unreadable file, 5 invalid module, 6 unsupported instruction or feature,
7 bad, missing or surplus inputs, 8 key or proof for another program, 9 corrupted proof,
key or SRS, 10 SRS too small for k, 11 run too large for k, 12 not implemented yet,
70 internal error.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &exitError{exitUsage, err} })
	root.PersistentFlags().String("config", "", "configuration file (default ./zkwasm.yaml if present)")
	root.AddCommand(newRunCmd(), newVersionCmd(), newSRSCmd(), newSetupCmd(), newProveCmd(), newVerifyCmd(),
		newStatsCmd(), newSolidityCmd())
	return root
}
