package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tetratelabs/wazero/api"

	"github.com/zkwasm/zkwasm/config"
	"github.com/zkwasm/zkwasm/wasm"
	"github.com/zkwasm/zkwasm/wasm/host"
	"github.com/zkwasm/zkwasm/wasm/host/wazerohost"
)

// engine is one way of executing a module: zkwasm's interpreter or wazero.
type engine interface {
	// signature returns the parameter and result types ("i32", "i64") of an export.
	signature(name string) (params, results []string, err error)
	// run calls entry with args. steps is the number of executed instructions, -1 if
	// the engine cannot count them. A trap is returned as a *trapError.
	run(env *host.Env, entry string, args []uint64, maxSteps uint64) (results []uint64, steps int64, err error)
	close()
}

// trapError is a guest trap: the kind and where it happened, on one line.
type trapError struct {
	kind  string // e.g. "integer divide by zero", "require failed"
	where string // e.g. `func 5 "op_div" at instruction 3`; "" if unknown
	steps int64  // instructions executed before the trap, -1 if unknown
	err   error
}

func (t *trapError) Error() string {
	s := "trap: " + t.kind
	if t.where != "" {
		s += " in " + t.where
	}
	if t.steps >= 0 {
		s += fmt.Sprintf(" after %d instructions", t.steps)
	}
	return s
}

func (t *trapError) Unwrap() error { return t.err }

func newRunCmd() *cobra.Command {
	v := config.NewViper()
	cmd := &cobra.Command{
		Use:   "run MODULE.wasm",
		Short: "Run a guest and print its outputs and the number of executed instructions",
		Long: `Run a guest's entry point (zkmain unless --entry) with the given inputs, then print
its outputs, one per line, and the number of executed instructions.
With --invoke NAME, call any exported function with --arg VALUE:TYPE arguments
(TYPE i32 or i64) and print each result as VALUE:TYPE, one per line.

Inputs (--public, --private, repeatable, in order): 5:i64, -3:i32 (sign-extended to
64 bits), 0x0102:bytes (one word per byte), 0x0102:bytes-packed (8 bytes per word,
little-endian), @file.bin:bytes, @file.bin:bytes-packed, @file.txt (one spec per line).

Exit status: 0 ok, 2 bad usage, 3 the guest trapped, 4 missing file, 5 invalid module,
6 unsupported feature, 7 bad, missing or (with --strict-inputs) surplus inputs.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, pos []string) error {
			a, err := load(cmd, v)
			if err != nil {
				return err
			}
			return runModule(cmd, pos[0], a.cfg, a.cfg.Invoke, a.cfg.Arg, a.cfg.Wazero)
		},
	}
	addFlags(cmd, v, config.KeyPublic, config.KeyPrivate, config.KeyEntry, config.KeyMaxSteps,
		config.KeyStrictInputs, config.KeyInvoke, config.KeyArg, config.KeyWazero)
	return cmd
}

func runModule(cmd *cobra.Command, path string, cfg config.Config, invoke string, argSpecs []string, useWazero bool) error {
	out := cmd.OutOrStdout()
	bin, err := os.ReadFile(path)
	if err != nil {
		return codeErr(exitFile, "read module: %v", err)
	}
	public, err := host.ParseInputs(cfg.Public)
	if err != nil {
		return inputErr("public input", err)
	}
	private, err := host.ParseInputs(cfg.Private)
	if err != nil {
		return inputErr("private input", err)
	}
	if invoke == "" && len(argSpecs) > 0 {
		return usageErr("--arg needs --invoke")
	}

	var eng engine
	if useWazero {
		eng, err = newWazeroEngine(bin)
	} else {
		eng, err = newInterpEngine(bin)
	}
	if err != nil {
		code := exitModule
		if errors.Is(err, wasm.ErrUnsupported) || strings.Contains(err.Error(), "wazero: compile") {
			code = exitUnsupported
		}
		return &exitError{code, fmt.Errorf("%s: %w", path, err)}
	}
	defer eng.close()

	entry := cfg.Entry
	if invoke != "" {
		entry = invoke
	}
	params, results, err := eng.signature(entry)
	if err != nil {
		return usageErr("%s: %v", path, err)
	}
	var args []uint64
	if invoke == "" {
		if len(params) != 0 || len(results) != 0 {
			return usageErr("%s: entry %q must take no parameters and return nothing, has (%s) -> (%s); use --invoke to call it",
				path, entry, strings.Join(params, ", "), strings.Join(results, ", "))
		}
	} else {
		if len(argSpecs) != len(params) {
			return usageErr("%s: %q takes %d arguments (%s), got %d", path, entry, len(params), strings.Join(params, ", "), len(argSpecs))
		}
		for i, s := range argSpecs {
			a, typ, err := host.ParseArg(s)
			if err != nil {
				return usageErr("argument %d: %v", i+1, err)
			}
			if typ != params[i] {
				return usageErr("argument %d of %q is %s, got %q", i+1, entry, params[i], s)
			}
			args = append(args, a)
		}
	}

	env := host.NewEnv(public, private, cmd.ErrOrStderr())
	res, steps, err := eng.run(env, entry, args, cfg.MaxSteps)
	for i, o := range env.Outputs() {
		fmt.Fprintf(out, "output[%d] = %d\n", i, o)
	}
	if err != nil {
		var te *trapError
		var ee *exitError
		switch {
		case errors.As(err, &te):
			if errors.Is(err, host.ErrInputExhausted) {
				return &exitError{exitInputs, fmt.Errorf("missing input: %w; give more --public/--private inputs", err)}
			}
			return &exitError{exitTrap, err}
		case errors.As(err, &ee):
			return &exitError{ee.code, fmt.Errorf("%s: %w", path, ee.err)}
		}
		return &exitError{exitInternal, err}
	}
	for i, r := range res {
		fmt.Fprintln(out, host.FormatValue(r, results[i]))
	}
	if steps >= 0 {
		fmt.Fprintf(out, "executed %d instructions\n", steps)
	} else {
		fmt.Fprintln(out, "executed on wazero (instruction count not available)")
	}
	if pub, priv := env.Surplus(); pub+priv > 0 {
		msg := env.CheckConsumed()
		if cfg.StrictInputs {
			return &exitError{exitInputs, msg}
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "zkwasm: warning: %v\n", msg)
	}
	return nil
}

// wazeroEngine runs on wazero's interpreter (package wasm/host/wazerohost).
type wazeroEngine struct {
	m *wazerohost.Machine
}

func newWazeroEngine(bin []byte) (engine, error) {
	m, err := wazerohost.Compile(context.Background(), bin)
	if err != nil {
		return nil, err
	}
	return &wazeroEngine{m: m}, nil
}

func (w *wazeroEngine) close() { w.m.Close(context.Background()) }

func (w *wazeroEngine) signature(name string) (params, results []string, err error) {
	def, ok := w.m.Exports()[name]
	if !ok {
		return nil, nil, fmt.Errorf("no exported function %q", name)
	}
	conv := func(ts []api.ValueType) ([]string, error) {
		var out []string
		for _, t := range ts {
			switch t {
			case api.ValueTypeI32:
				out = append(out, host.KindI32)
			case api.ValueTypeI64:
				out = append(out, host.KindI64)
			default:
				return nil, fmt.Errorf("%q has a %s parameter or result; only i32 and i64 are supported", name, api.ValueTypeName(t))
			}
		}
		return out, nil
	}
	if params, err = conv(def.ParamTypes()); err != nil {
		return nil, nil, err
	}
	results, err = conv(def.ResultTypes())
	return params, results, err
}

func (w *wazeroEngine) run(env *host.Env, entry string, args []uint64, _ uint64) ([]uint64, int64, error) {
	res, err := w.m.Run(context.Background(), env, entry, args...)
	if err == nil {
		return res, -1, nil
	}
	if wazerohost.TrapKind(err) == wazerohost.TrapLink {
		return nil, -1, &exitError{exitModule, err}
	}
	if strings.HasPrefix(err.Error(), "wazero: ") { // instantiation or lookup, not a trap
		return nil, -1, &exitError{exitModule, err}
	}
	return nil, -1, &trapError{kind: wazerohost.TrapKind(err), where: wazeroWhere(err), steps: -1, err: err}
}

// wazeroWhere extracts the innermost frame of wazero's stack trace, e.g. ".op_div(i64,i64) i64".
func wazeroWhere(err error) string {
	lines := strings.Split(err.Error(), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "wasm stack trace:") && i+1 < len(lines) {
			return "wazero frame " + strings.TrimSpace(lines[i+1])
		}
	}
	return ""
}
