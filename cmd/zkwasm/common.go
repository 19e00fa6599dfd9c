package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/zkwasm/zkwasm/config"
	"github.com/zkwasm/zkwasm/internal/pipeline"
	"github.com/zkwasm/zkwasm/kzg"
	"github.com/zkwasm/zkwasm/wasm/host"
)

// addFlags declares the flags of the given configuration keys on cmd and binds them
// to v, so that a flag given on the command line beats the environment and the file.
// The flag of a key is the key with '-' for '_'.
func addFlags(cmd *cobra.Command, v *viper.Viper, keys ...string) {
	f := cmd.Flags()
	d := config.Default()
	for _, key := range keys {
		name := strings.ReplaceAll(key, "_", "-")
		switch key {
		case config.KeyEntry:
			f.String(name, d.Entry, "entry point: an exported function with no params and no results")
		case config.KeyPublic:
			f.StringArray(name, nil, "public input spec, e.g. 5:i64, 0x0102:bytes, @file (repeatable, in order)")
		case config.KeyPrivate:
			f.StringArray(name, nil, "private input spec (repeatable, in order)")
		case config.KeyMaxSteps:
			f.Uint64(name, d.MaxSteps, "stop after this many instructions (0: no limit)")
		case config.KeyStrictInputs:
			f.Bool(name, false, "fail if inputs are left unread")
		case config.KeyInvoke:
			f.String(name, "", "call this export instead of the entry point and print its results")
		case config.KeyArg:
			f.StringArray(name, nil, "argument VALUE:TYPE for --invoke (repeatable)")
		case config.KeyWazero:
			f.Bool(name, false, "run on wazero's interpreter instead of zkwasm's")
		case config.KeyK:
			f.Int(name, 0, "log2 of the circuit's rows (0: the smallest that fits)")
		case config.KeySRS:
			f.String(name, "", "SRS file (zkwasm srs new/import); default: a cached INSECURE test SRS")
		case config.KeySeed:
			f.String(name, d.Seed, "seed of the insecure test SRS")
		case config.KeyCacheDir:
			f.String(name, "", "cache directory for keys and test SRSs (default $ZKWASM_CACHE_DIR or the user cache dir)")
		case config.KeyOut:
			f.StringP(name, "o", "", "output (directory or file, see the command)")
		case config.KeyVK:
			f.String(name, "", "verifying key file (vk.bin from zkwasm setup)")
		case config.KeyOutput:
			f.StringArray(name, nil, "expected public output (repeatable, in order; same specs as --public)")
		case config.KeyStackSize:
			f.Int(name, d.StackSize, "value-stack slots of the circuit's program image")
		case config.KeyQuiet:
			f.BoolP(name, "q", false, "no progress and no warnings (the insecure-SRS warning stays)")
		case config.KeyJSON:
			f.Bool(name, false, "print a machine-readable JSON result on stdout")
		case config.KeyProgress:
			f.String(name, d.Progress, "progress on stderr: auto (when a terminal), always or never")
		default:
			panic("no flag for key " + key) // a typo in a command's key list
		}
		if err := v.BindPFlag(key, f.Lookup(name)); err != nil {
			panic(err)
		}
	}
}

// app is what every command gets: the configuration and its output streams.
type app struct {
	cfg            config.Config
	stdout, stderr io.Writer
	progress       pipeline.Progress
}

// load reads the configuration and makes the app of cmd.
func load(cmd *cobra.Command, v *viper.Viper) (*app, error) {
	cfgPath, _ := cmd.Flags().GetString("config")
	cfg, err := config.Load(v, cfgPath)
	if err != nil {
		return nil, &exitError{exitUsage, err}
	}
	a := &app{cfg: cfg, stdout: cmd.OutOrStdout(), stderr: cmd.ErrOrStderr(), progress: pipeline.NoProgress}
	show := false
	switch cfg.Progress {
	case config.ProgressAlways:
		show = true
	case config.ProgressAuto:
		show = isTerminal(a.stderr)
	}
	if show && !cfg.Quiet {
		a.progress = &pipeline.LineProgress{W: a.stderr}
	}
	if cfg.CacheDir != "" {
		// kzg's test-SRS cache reads the same variable.
		os.Setenv(kzg.CacheDirEnv, cfg.CacheDir)
	}
	return a, nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// warn prints a warning unless quiet.
func (a *app) warn(format string, args ...any) {
	if !a.cfg.Quiet {
		fmt.Fprintf(a.stderr, "zkwasm: warning: "+format+"\n", args...)
	}
}

// printJSON writes v as indented JSON on stdout.
func (a *app) printJSON(v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "%s\n", b)
	return err
}

// inputs parses the public and private input specs.
func (a *app) inputs() (public, private []uint64, err error) {
	public, err = host.ParseInputs(a.cfg.Public)
	if err != nil {
		return nil, nil, inputErr("public input", err)
	}
	private, err = host.ParseInputs(a.cfg.Private)
	if err != nil {
		return nil, nil, inputErr("private input", err)
	}
	return public, private, nil
}

func inputErr(what string, err error) error {
	code := exitInputs
	if os.IsNotExist(err) || strings.Contains(err.Error(), "no such file") {
		code = exitFile
	}
	return &exitError{code, fmt.Errorf("%s: %w", what, err)}
}

// runOptions are the pipeline's run options from the configuration.
func (a *app) runOptions() (pipeline.Options, error) {
	pub, priv, err := a.inputs()
	if err != nil {
		return pipeline.Options{}, err
	}
	return pipeline.Options{Entry: a.cfg.Entry, Public: pub, Private: priv, MaxSteps: a.cfg.MaxSteps,
		StackSize: a.cfg.StackSize, Debug: a.stderr}, nil
}

// srs returns the SRS for 2^k rows: the configured file, or the cached insecure test
// SRS with a warning.
func (a *app) srs(k int) (*kzg.SRS, error) {
	if a.cfg.SRS != "" {
		s, err := pipeline.ReadSRS(a.cfg.SRS, k)
		if err != nil {
			return nil, err
		}
		if s.Insecure {
			fmt.Fprintf(a.stderr, "zkwasm: WARNING: %s is an INSECURE test SRS: anyone can forge proofs against it; import a ceremony file with `zkwasm srs import` for real use\n", a.cfg.SRS)
		}
		return s, nil
	}
	fmt.Fprintf(a.stderr, "zkwasm: WARNING: no srs configured: using an INSECURE test SRS (seed %q), anyone can forge proofs against it; set srs to a file from `zkwasm srs import` for real use\n", a.cfg.Seed)
	a.progress.Begin(fmt.Sprintf("test SRS of 2^%d+1 points", k))
	defer a.progress.End()
	s, err := pipeline.TestSRS(k, a.cfg.Seed)
	if err != nil {
		return nil, fmt.Errorf("test SRS: %w", err)
	}
	return s, nil
}

// cacheDir returns the key cache directory ("" if there is none: keys are then not
// cached).
func (a *app) cacheDir() string {
	d, err := pipeline.CacheDir(a.cfg.CacheDir)
	if err != nil {
		a.warn("%v; keys will not be cached", err)
		return ""
	}
	return d
}

// outDir returns the output directory (default ".") and creates it.
func (a *app) outDir() (string, error) {
	d := a.cfg.Out
	if d == "" {
		d = "."
	}
	if err := os.MkdirAll(d, 0o755); err != nil {
		return "", codeErr(exitFile, "create output directory: %v", err)
	}
	return d, nil
}
