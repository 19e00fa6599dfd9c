package config

import (
	"errors"

	"github.com/spf13/pflag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestDefaults(t *testing.T) {
	t.Chdir(t.TempDir())
	c, err := Load(NewViper(), "")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c, Default()) {
		t.Fatalf("got %+v, want %+v", c, Default())
	}
}

func TestFileEnvPrecedence(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	yaml := "entry: main2\npublic:\n  - 5:i64\n  - 0x0102:bytes\nprivate: [\"7:i64\"]\nmax_steps: 1000\n"
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(NewViper(), "")
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.Entry, want.Public, want.Private, want.MaxSteps = "main2", []string{"5:i64", "0x0102:bytes"}, []string{"7:i64"}, 1000
	if !reflect.DeepEqual(c, want) {
		t.Fatalf("file: got %+v, want %+v", c, want)
	}

	t.Setenv("ZKWASM_MAX_STEPS", "77")
	t.Setenv("ZKWASM_STRICT_INPUTS", "true")
	t.Setenv("ZKWASM_PRIVATE", "1:i64 2:i64")
	c, err = Load(NewViper(), "")
	if err != nil {
		t.Fatal(err)
	}
	if c.MaxSteps != 77 || !c.StrictInputs || !reflect.DeepEqual(c.Private, []string{"1:i64", "2:i64"}) || c.Entry != "main2" {
		t.Fatalf("env over file: got %+v", c)
	}
}

func TestInvalid(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("entry: \"\"\npublic: [\"5\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(NewViper(), bad)
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "entry") || !strings.Contains(err.Error(), "public[0]") {
		t.Fatalf("got %v", err)
	}
	typo := filepath.Join(dir, "typo.yaml")
	if err := os.WriteFile(typo, []byte("max_step: 5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(NewViper(), typo); err == nil || !strings.Contains(err.Error(), "max_step") {
		t.Fatalf("unknown key accepted: %v", err)
	}
	notyaml := filepath.Join(dir, "x.yaml")
	if err := os.WriteFile(notyaml, []byte("entry: [unclosed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(NewViper(), notyaml); err == nil {
		t.Fatal("malformed yaml accepted")
	}
	if _, err := Load(NewViper(), filepath.Join(dir, "missing.yaml")); err == nil {
		t.Fatal("missing explicit config accepted")
	}
	t.Setenv("ZKWASM_MAX_STEPS", "lots")
	if _, err := Load(NewViper(), ""); err == nil {
		t.Fatal("non-numeric max_steps accepted")
	}
}

// TestPrecedence checks flags > environment > file > defaults for every kind of value.
func TestPrecedence(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	yaml := "k: 10\nsrs: file.srs\nquiet: true\npublic: [1:i64]\nstack_size: 64\nprogress: never\n"
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("ZKWASM_K", "12")
	t.Setenv("ZKWASM_SRS", "env.srs")
	t.Setenv("ZKWASM_PUBLIC", "2:i64")
	v := NewViper()
	fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
	fs.Int("k", 0, "")
	fs.String("srs", "", "")
	fs.StringArray("public", nil, "")
	fs.Int("stack-size", 0, "")
	for key, name := range map[string]string{KeyK: "k", KeySRS: "srs", KeyPublic: "public", KeyStackSize: "stack-size"} {
		if err := v.BindPFlag(key, fs.Lookup(name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := fs.Parse([]string{"--k", "14", "--public", "3:i64"}); err != nil {
		t.Fatal(err)
	}
	c, err := Load(v, "")
	if err != nil {
		t.Fatal(err)
	}
	// flag beats env and file; env beats file; file beats default; an unset flag is ignored.
	if c.K != 14 || c.SRS != "env.srs" || !reflect.DeepEqual(c.Public, []string{"3:i64"}) ||
		!c.Quiet || c.StackSize != 64 || c.Progress != ProgressNever || c.Entry != "zkmain" {
		t.Fatalf("precedence: got %+v", c)
	}
}

func TestInvalidValuesNameTheKey(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, tc := range []struct{ env, val, key string }{
		{"ZKWASM_K", "29", "k"},
		{"ZKWASM_K", "big", "k"},
		{"ZKWASM_PROGRESS", "sometimes", "progress"},
		{"ZKWASM_STACK_SIZE", "0", "stack_size"},
		{"ZKWASM_QUIET", "maybe", "quiet"},
		{"ZKWASM_OUTPUT", "5", "output"},
	} {
		t.Run(tc.env+"="+tc.val, func(t *testing.T) {
			t.Setenv(tc.env, tc.val)
			_, err := Load(NewViper(), "")
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.key) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("got %v", err)
			}
		})
	}
}

func TestKeysMatchDefaults(t *testing.T) {
	ks := Keys()
	if len(ks) < 19 {
		t.Fatalf("only %d keys: %v", len(ks), ks)
	}
	for _, k := range ks {
		if k == "" || strings.ToLower(k) != k {
			t.Fatalf("bad key %q", k)
		}
	}
}

// TestExampleConfig checks that zkwasm.example.yaml loads, sets every key, and holds the
// defaults.
func TestExampleConfig(t *testing.T) {
	path, err := filepath.Abs(filepath.Join("..", "zkwasm.example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	v := NewViper()
	c, err := Load(v, path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c, Default()) {
		t.Fatalf("example config is not the defaults:\n got %+v\nwant %+v", c, Default())
	}
	for _, k := range Keys() {
		if !v.InConfig(k) {
			t.Errorf("key %s missing from zkwasm.example.yaml", k)
		}
	}
}
