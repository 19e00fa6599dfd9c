package evmtest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSolcPinned checks that the installed solc is the one package.json pins
// (a stale node_modules would silently compile with another version).
func TestSolcPinned(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(SolidityDir(), "package.json"))
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		Dependencies map[string]string `json:"dependencies"`
	}
	if err := json.Unmarshal(data, &pkg); err != nil {
		t.Fatal(err)
	}
	want := pkg.Dependencies["solc"]
	if want == "" || strings.ContainsAny(want, "^~<>*x") {
		t.Fatalf("package.json must pin an exact solc version, has %q", want)
	}
	got, err := SolcVersion()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got, want+"+") {
		t.Fatalf("installed solc %s, package.json pins %s: run npm ci in %s", got, want, SolidityDir())
	}
}
