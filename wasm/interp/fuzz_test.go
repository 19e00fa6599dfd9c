package interp_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/zkwasm/zkwasm/wasm"
	"github.com/zkwasm/zkwasm/wasm/interp"
)

// runAllExports instantiates m with every import satisfied by a synthesized
// host export, calls every exported function with zero arguments and returns
// a transcript of results and errors plus the trace length.
func runAllExports(m *wasm.Module) string {
	s := interp.NewStore(interp.Config{Trace: true, MaxSteps: 20000, MaxCallDepth: 100, MaxMemoryPages: 8, MaxTableSize: 1024, MaxStackSlots: 1 << 16})
	hosts := map[string]*interp.HostModule{}
	for _, im := range m.Imports {
		h := hosts[im.Module]
		if h == nil {
			h = &interp.HostModule{Funcs: map[string]interp.HostFunc{}, Globals: map[string]interp.HostGlobal{},
				Memories: map[string]wasm.Limits{}, Tables: map[string]wasm.Limits{}}
			hosts[im.Module] = h
		}
		switch im.Kind {
		case wasm.ExternFunc:
			ft := m.Types[im.TypeIndex]
			h.Funcs[im.Name] = interp.HostFunc{Type: ft, Fn: func(_ *interp.Caller, args []uint64) ([]uint64, error) {
				return make([]uint64, len(ft.Results)), nil
			}}
		case wasm.ExternGlobal:
			h.Globals[im.Name] = interp.HostGlobal{Type: im.Global, Value: 42}
		case wasm.ExternMemory:
			h.Memories[im.Name] = im.Memory
		case wasm.ExternTable:
			h.Tables[im.Name] = im.Table
		}
	}
	var out string
	for _, name := range sortedNames(hosts) {
		if _, err := s.AddHostModule(name, *hosts[name]); err != nil {
			return "host: " + err.Error()
		}
	}
	inst, err := s.Instantiate(m, "fuzz")
	if err != nil {
		return "instantiate: " + err.Error()
	}
	for _, e := range m.Exports {
		if e.Kind != wasm.ExternFunc {
			continue
		}
		ft, _ := inst.ExportedFunc(e.Name)
		tr := s.Trace()
		tr.Reset()
		var snap [][]byte
		var gsnap []uint64
		for a := 0; a < s.NumGlobals(); a++ {
			v, _, _ := s.GlobalAt(uint32(a))
			gsnap = append(gsnap, v)
		}
		for a := 0; a < s.NumMemories(); a++ {
			snap = append(snap, append([]byte(nil), s.MemoryAt(uint16(a)).Bytes()...))
		}
		res, err := inst.Invoke(e.Name, make([]uint64, len(ft.Params))...)
		out += fmt.Sprintf("%s: %v %v steps %d mem %d frames %d\n", e.Name, res, err, len(tr.Steps), len(tr.Mem), len(tr.Frames))
		if cerr := tr.CheckStack(); cerr != nil {
			return out + "TRACE BUG: " + cerr.Error()
		}
		initial := func(mem uint16, addr uint32) byte {
			if int(addr) < len(snap[mem]) {
				return snap[mem][addr]
			}
			return 0
		}
		if cerr := tr.CheckMemory(initial); cerr != nil {
			return out + "TRACE BUG: " + cerr.Error()
		}
		if cerr := tr.CheckGlobals(func(a uint32) uint64 { return gsnap[a] }); cerr != nil {
			return out + "TRACE BUG: " + cerr.Error()
		}
	}
	return out
}

func sortedNames(m map[string]*interp.HostModule) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	for i := range ks {
		for j := i + 1; j < len(ks); j++ {
			if ks[j] < ks[i] {
				ks[i], ks[j] = ks[j], ks[i]
			}
		}
	}
	return ks
}

// FuzzInstantiate: for any module the decoder accepts, instantiation and
// execution never panic and are deterministic.
func FuzzInstantiate(f *testing.F) {
	for _, dir := range []string{"br_table", "call_indirect", "memory_grow", "i64", "i32", "block", "loop", "call", "linking", "address"} {
		files, _ := filepath.Glob(filepath.Join("../../testdata/spectest/core", dir, "*.wasm"))
		for i, p := range files {
			if i%3 == 0 {
				if b, err := os.ReadFile(p); err == nil {
					f.Add(b)
				}
			}
		}
	}
	if b, err := os.ReadFile("testdata/bench.wasm"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := wasm.Decode(b)
		if err != nil {
			return
		}
		a := runAllExports(m)
		if strings.Contains(a, "TRACE BUG") {
			t.Fatal(a)
		}
		m2, _ := wasm.Decode(b)
		if c := runAllExports(m2); !reflect.DeepEqual(a, c) {
			t.Fatalf("non-deterministic:\n%s\n---\n%s", a, c)
		}
	})
}
