package config

import (
	"errors"
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
	want := Config{Entry: "main2", Public: []string{"5:i64", "0x0102:bytes"}, Private: []string{"7:i64"}, MaxSteps: 1000}
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
