package wasm_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/zkwasm/zkwasm/wasm"
)

// Tiny binary builder for tests.
func leb(v uint32) []byte {
	var b []byte
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v != 0 {
			b = append(b, c|0x80)
			continue
		}
		return append(b, c)
	}
}

func vec(items ...[]byte) []byte {
	b := leb(uint32(len(items)))
	for _, it := range items {
		b = append(b, it...)
	}
	return b
}

func section(id byte, payload []byte) []byte {
	return append(append([]byte{id}, leb(uint32(len(payload)))...), payload...)
}

func str(s string) []byte { return append(leb(uint32(len(s))), s...) }

// module builds a module with one function type per entry of types, one
// function per body (function i has type i), the given exports and a name
// section naming function i names[i].
func module(types [][]byte, bodies [][]byte, names []string, extra ...[]byte) []byte {
	b := []byte{0, 'a', 's', 'm', 1, 0, 0, 0}
	b = append(b, section(1, vec(types...))...)
	var fidx [][]byte
	for i := range bodies {
		fidx = append(fidx, leb(uint32(i)))
	}
	b = append(b, section(3, vec(fidx...))...)
	for _, e := range extra {
		b = append(b, e...)
	}
	var codes [][]byte
	for _, body := range bodies {
		codes = append(codes, append(leb(uint32(len(body))), body...))
	}
	b = append(b, section(10, vec(codes...))...)
	if names != nil {
		var entries [][]byte
		for i, n := range names {
			entries = append(entries, append(leb(uint32(i)), str(n)...))
		}
		sub := vec(entries...)
		payload := append(str("name"), 1)
		payload = append(payload, leb(uint32(len(sub)))...)
		payload = append(payload, sub...)
		b = append(b, section(0, payload)...)
	}
	return b
}

var (
	typeVoid   = []byte{0x60, 0, 0}
	typeI32I32 = []byte{0x60, 1, 0x7f, 1, 0x7f}
)

func TestUnsupportedFloatOpNamesFunctionAndOffset(t *testing.T) {
	// func 0 "ok": nop; func 1 "foo": (f32.const 1) (f32.const 2) f32.add drop
	ok := []byte{0, 0x01, 0x0b}
	foo := []byte{0, 0x43, 0, 0, 0x80, 0x3f, 0x0b}
	bin := module([][]byte{typeVoid}, [][]byte{ok, foo}, []string{"ok", "foo"})
	// fix the function section: both functions use type 0
	bin = bytes.Replace(bin, []byte{3, 3, 2, 0, 1}, []byte{3, 3, 2, 0, 0}, 1)
	_, err := wasm.Decode(bin)
	if !errors.Is(err, wasm.ErrUnsupported) {
		t.Fatalf("got %v, want ErrUnsupported", err)
	}
	var e *wasm.Error
	if !errors.As(err, &e) || e.Func != 1 || e.FuncName != "foo" {
		t.Fatalf("error %+v does not name func 1 \"foo\"", e)
	}
	off := bytes.Index(bin, []byte{0x43, 0, 0, 0x80, 0x3f})
	if e.Offset != off {
		t.Fatalf("offset %#x, want %#x", e.Offset, off)
	}
	want := `wasm: func 1 "foo" at offset ` + "0x" + strings.TrimPrefix(strings.ToLower(hex(off)), "0x") + `: unsupported opcode f32.const (floats)`
	if err.Error() != want {
		t.Fatalf("message %q, want %q", err.Error(), want)
	}
}

func hex(n int) string {
	const digits = "0123456789abcdef"
	if n == 0 {
		return "0x0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{digits[n%16]}, b...)
		n /= 16
	}
	return "0x" + string(b)
}

func TestRefusals(t *testing.T) {
	cases := []struct {
		name string
		bin  []byte
		kind error
		msg  string
	}{
		{"bad magic", []byte{0, 'a', 's', 'n', 1, 0, 0, 0}, wasm.ErrMalformed, "magic header"},
		{"bad version", []byte{0, 'a', 's', 'm', 2, 0, 0, 0}, wasm.ErrMalformed, "unknown binary version"},
		{"truncated", []byte{0, 'a', 's', 'm', 1, 0, 0}, wasm.ErrMalformed, "unknown binary version"},
		{"huge vector", append([]byte{0, 'a', 's', 'm', 1, 0, 0, 0, 1, 5}, 0xff, 0xff, 0xff, 0xff, 0x0f), wasm.ErrMalformed, "unexpected end"},
		{"f64 param", module([][]byte{{0x60, 1, 0x7c, 0}}, [][]byte{{0, 0x0b}}, nil), wasm.ErrUnsupported, "f64 (floats)"},
		{"multi-value", module([][]byte{{0x60, 0, 2, 0x7f, 0x7f}}, [][]byte{{0, 0x41, 0, 0x41, 0, 0x0b}}, nil), wasm.ErrUnsupported, "multi-value"},
		{"typeidx block", module([][]byte{typeVoid}, [][]byte{{0, 0x02, 0x00, 0x0b, 0x0b}}, nil), wasm.ErrUnsupported, "block type index 0 () -> () (multi-value)"},
		{"simd", module([][]byte{typeVoid}, [][]byte{{0, 0xfd, 0x0c, 0x0b}}, nil), wasm.ErrUnsupported, "SIMD"},
		{"bulk memory", module([][]byte{typeVoid}, [][]byte{{0, 0xfc, 0x0a, 0, 0, 0x0b}}, nil), wasm.ErrUnsupported, "memory.copy (bulk memory)"},
		{"ref types", module([][]byte{typeVoid}, [][]byte{{0, 0xd0, 0x70, 0x1a, 0x0b}}, nil), wasm.ErrUnsupported, "ref.null (reference types)"},
		{"illegal opcode", module([][]byte{typeVoid}, [][]byte{{0, 0xff, 0x0b}}, nil), wasm.ErrMalformed, "illegal opcode"},
		{"type mismatch", module([][]byte{typeI32I32}, [][]byte{{0, 0x42, 0, 0x0b}}, nil), wasm.ErrInvalid, "type mismatch"},
		{"unknown local", module([][]byte{typeVoid}, [][]byte{{0, 0x20, 5, 0x1a, 0x0b}}, nil), wasm.ErrInvalid, "unknown local 5"},
		{"missing end", module([][]byte{typeVoid}, [][]byte{{0, 0x01}}, nil), wasm.ErrMalformed, "END opcode expected"},
		{"too many locals", module([][]byte{typeVoid}, [][]byte{{1, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f, 0x0b}}, nil), wasm.ErrUnsupported, "locals"},
		{"locals overflow", module([][]byte{typeVoid}, [][]byte{{2, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f, 0x0b}}, nil), wasm.ErrMalformed, "too many locals"},
		{"deep nesting", module([][]byte{typeVoid}, [][]byte{append(append([]byte{0}, bytes.Repeat([]byte{0x02, 0x40}, wasm.MaxNesting+1)...), bytes.Repeat([]byte{0x0b}, wasm.MaxNesting+2)...)}, nil), wasm.ErrUnsupported, "nested deeper"},
		{"two memories", module([][]byte{typeVoid}, [][]byte{{0, 0x0b}}, nil, section(5, vec([]byte{0, 1}, []byte{0, 1}))), wasm.ErrInvalid, "multiple memories"},
		{"big memory", module([][]byte{typeVoid}, [][]byte{{0, 0x0b}}, nil, section(5, vec(append([]byte{0}, leb(65537)...)))), wasm.ErrInvalid, "at most 65536 pages"},
	}
	for _, c := range cases {
		_, err := wasm.Decode(c.bin)
		if !errors.Is(err, c.kind) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: got %v, want %v containing %q", c.name, err, c.kind, c.msg)
		}
	}
}

func TestDecodeKeepsCustomSectionsAndNames(t *testing.T) {
	body := []byte{0, 0x20, 0, 0x20, 0, 0x6a, 0x0b} // local.get 0, local.get 0, i32.add
	bin := module([][]byte{typeI32I32}, [][]byte{body}, []string{"double"},
		section(7, vec(append(str("double"), 0, 0))))
	bin = append(bin, section(0, append(str("zk"), 1, 2, 3))...)
	m, err := wasm.DecodeNamed("t", bin)
	if err != nil {
		t.Fatal(err)
	}
	if m.FuncName(0) != "double" {
		t.Fatalf("name section not used: %v", m.Names)
	}
	if len(m.Customs) != 2 || m.Customs[1].Name != "zk" || !bytes.Equal(m.Customs[1].Data, []byte{1, 2, 3}) {
		t.Fatalf("custom sections: %+v", m.Customs)
	}
	c := m.Codes[0]
	ops := []wasm.Opcode{wasm.OpLocalGet, wasm.OpLocalGet, wasm.OpI32Add, wasm.OpEnd}
	if len(c.Body) != len(ops) || c.MaxStack != 2 {
		t.Fatalf("body %+v maxstack %d", c.Body, c.MaxStack)
	}
	for i, op := range ops {
		if c.Body[i].Op != op {
			t.Fatalf("instr %d = %s, want %s", i, c.Body[i].Op, op)
		}
	}
	if e, ok := m.ExportByName("double"); !ok || e.Kind != wasm.ExternFunc || e.Index != 0 {
		t.Fatalf("export: %+v %v", e, ok)
	}
}

// The spec suite's modules decode identically twice (determinism).
func TestDecodeDeterministic(t *testing.T) {
	files, _ := filepath.Glob("../testdata/spectest/core/i32/*.wasm")
	files2, _ := filepath.Glob("../testdata/spectest/core/br_table/*.wasm")
	files = append(files, files2...)
	if len(files) == 0 {
		t.Fatal("no spec modules found")
	}
	for _, f := range files {
		bin, _ := os.ReadFile(f)
		a, errA := wasm.Decode(bin)
		b, errB := wasm.Decode(bin)
		if (errA == nil) != (errB == nil) || (errA == nil && !reflect.DeepEqual(a, b)) {
			t.Fatalf("%s: decode not deterministic", f)
		}
	}
}
