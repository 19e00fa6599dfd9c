package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

// Exit statuses.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2 // bad flags, unreadable or refused module, bad input
	exitTrap    = 3 // the guest trapped
)

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

func main() { os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr)) }

// Main runs the command line args and returns the exit status.
func Main(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		// Last line of defence: a bug must not print a goroutine dump to a user.
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "zkwasm: internal error: %v\n", r)
			code = exitFailure
		}
	}()
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	msg := strings.ReplaceAll(strings.TrimSpace(err.Error()), "\n", "; ")
	fmt.Fprintf(stderr, "zkwasm: %s\n", msg)
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return exitUsage // cobra's own errors: unknown flag or command, wrong arg count
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "zkwasm",
		Short:         "A zero-knowledge virtual machine for WebAssembly",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.PersistentFlags().String("config", "", "configuration file (default ./zkwasm.yaml if present)")
	root.AddCommand(newRunCmd())
	return root
}
