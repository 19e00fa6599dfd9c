package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"zkwasm": func() { os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScript runs the CLI scenarios in testdata/script/*.txtar. $GUESTS is the
// testdata/guests directory with the committed guest modules, $CIRCUITGUESTS
// testdata/circuit and $PTAU testdata/ptau. Every script gets its own key and SRS cache
// ($ZKWASM_CACHE_DIR) inside its work directory.
//
// Besides testscript's commands, `edit FILE REGEXP REPLACEMENT` rewrites every match in
// FILE (to corrupt proofs and keys) and fails if there is none; `status N prog args...` runs prog and fails unless its
// exit status is N; for N ≠ 0 it also checks that stderr ends with exactly one
// "zkwasm: ..." error line and holds no Go panic.
func TestScript(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join("testdata", "script"),
		Setup: func(env *testscript.Env) error {
			env.Setenv("GUESTS", filepath.Join(root, "testdata", "guests"))
			env.Setenv("CIRCUITGUESTS", filepath.Join(root, "testdata", "circuit"))
			env.Setenv("PTAU", filepath.Join(root, "testdata", "ptau"))
			env.Setenv("ZKWASM_CACHE_DIR", filepath.Join(env.WorkDir, ".cache"))
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"status": cmdStatus,
			"edit":   cmdEdit,
		},
	})
}

func cmdStatus(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: status N prog args...")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("status: bad exit status %q", args[0])
	}
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		got = ee.ExitCode()
	} else if err != nil {
		ts.Fatalf("status: %v", err)
	}
	if got != want {
		ts.Fatalf("exit status %d, want %d", got, want)
	}
	if want == 0 {
		return
	}
	stderr := ts.ReadFile("stderr")
	if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic:") {
		ts.Fatalf("stderr holds a Go panic")
	}
	lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
	last := lines[len(lines)-1]
	if !strings.HasPrefix(last, "zkwasm: ") {
		ts.Fatalf("last stderr line %q is not a zkwasm error", last)
	}
	n := 0
	for _, l := range lines {
		if strings.HasPrefix(l, "zkwasm: ") && !strings.HasPrefix(l, "zkwasm: warning") && !strings.HasPrefix(l, "zkwasm: WARNING") && !strings.HasSuffix(l, "...") && !strings.Contains(l, " done in ") {
			n++
		}
	}
	if n != 1 {
		ts.Fatalf("want one error line on stderr, have %d", n)
	}
}

func cmdEdit(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: edit FILE REGEXP REPLACEMENT")
	}
	re, err := regexp.Compile(args[1])
	ts.Check(err)
	path := ts.MkAbs(args[0])
	b, err := os.ReadFile(path)
	ts.Check(err)
	if !re.Match(b) {
		ts.Fatalf("edit: no match for %q in %s", args[1], args[0])
	}
	ts.Check(os.WriteFile(path, re.ReplaceAll(b, []byte(args[2])), 0o644))
}
