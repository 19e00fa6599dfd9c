package wasm_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/zkwasm/zkwasm/wasm"
)

// fuzzSeeds adds a sample of the spec suite's modules (valid and invalid) and
// the interpreter's test program to the corpus.
func fuzzSeeds(f *testing.F, root string) {
	for _, dir := range []string{"binary", "binary-leb128", "br_table", "call_indirect", "memory", "i64", "linking", "custom"} {
		files, _ := filepath.Glob(filepath.Join(root, "testdata/spectest/core", dir, "*.wasm"))
		for i, p := range files {
			if i%4 != 0 && dir != "binary" {
				continue
			}
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	if b, err := os.ReadFile(filepath.Join(root, "wasm/interp/testdata/bench.wasm")); err == nil {
		f.Add(b)
	}
}

// FuzzDecode: Decode never panics, and decoding an accepted module again
// gives an identical result. Finds are kept in testdata/fuzz/FuzzDecode.
func FuzzDecode(f *testing.F) {
	fuzzSeeds(f, "..")
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := wasm.Decode(b)
		if err != nil {
			if _, ok := err.(*wasm.Error); !ok {
				t.Fatalf("error %T is not *wasm.Error: %v", err, err)
			}
			return
		}
		m2, err := wasm.Decode(b)
		if err != nil || !reflect.DeepEqual(m, m2) {
			t.Fatalf("decode not deterministic: %v", err)
		}
	})
}
