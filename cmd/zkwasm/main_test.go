package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"zkwasm": func() { os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScript runs the CLI scenarios in testdata/script/*.txtar. $GUESTS is the
// testdata/guests directory with the committed guest modules.
func TestScript(t *testing.T) {
	guests, err := filepath.Abs(filepath.Join("..", "..", "testdata", "guests"))
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join("testdata", "script"),
		Setup: func(env *testscript.Env) error {
			env.Setenv("GUESTS", guests)
			return nil
		},
	})
}
