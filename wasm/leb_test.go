package wasm

import (
	"errors"
	"testing"
)

func TestLEB128(t *testing.T) {
	cases := []struct {
		name   string
		in     []byte
		bits   uint
		signed bool
		want   uint64
		err    string // "" = ok
	}{
		{"u32 0", []byte{0x00}, 32, false, 0, ""},
		{"u32 624485", []byte{0xe5, 0x8e, 0x26}, 32, false, 624485, ""},
		{"u32 padded zero", []byte{0x80, 0x80, 0x80, 0x80, 0x00}, 32, false, 0, ""},
		{"u32 max", []byte{0xff, 0xff, 0xff, 0xff, 0x0f}, 32, false, 0xffffffff, ""},
		{"u32 too long", []byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, 32, false, 0, "integer representation too long"},
		{"u32 overflow", []byte{0xff, 0xff, 0xff, 0xff, 0x1f}, 32, false, 0, "integer too large"},
		{"u32 unused bit", []byte{0x80, 0x80, 0x80, 0x80, 0x70}, 32, false, 0, "integer too large"},
		{"u32 truncated", []byte{0x80, 0x80}, 32, false, 0, "unexpected end"},
		{"s32 -1", []byte{0x7f}, 32, true, 0xffffffffffffffff, ""},
		{"s32 -123456", []byte{0xc0, 0xbb, 0x78}, 32, true, uint64(0xfffffffffffe1dc0), ""},
		{"s32 min", []byte{0x80, 0x80, 0x80, 0x80, 0x78}, 32, true, uint64(0xffffffff80000000), ""},
		{"s32 max", []byte{0xff, 0xff, 0xff, 0xff, 0x07}, 32, true, 0x7fffffff, ""},
		{"s32 bad sign bits", []byte{0xff, 0xff, 0xff, 0xff, 0x0f}, 32, true, 0, "integer too large"},
		{"s32 bad sign bits neg", []byte{0x80, 0x80, 0x80, 0x80, 0x70}, 32, true, 0, "integer too large"},
		{"s64 min", []byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f}, 64, true, 1 << 63, ""},
		{"s64 -1 long", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, 64, true, ^uint64(0), ""},
		{"s64 bad last byte", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, 64, true, 0, "integer too large"},
		{"s64 too long", []byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, 64, true, 0, "integer representation too long"},
		{"s33 typeidx", []byte{0x80, 0x80, 0x80, 0x80, 0x00}, 33, true, 0, ""},
		{"s33 bad", []byte{0x80, 0x80, 0x80, 0x80, 0x20}, 33, true, 0, "integer too large"},
	}
	for _, c := range cases {
		d := &decoder{fn: NoFunc}
		r := &reader{b: c.in, d: d}
		got, err := r.leb(c.bits, c.signed)
		if c.err == "" {
			if err != nil || got != c.want {
				t.Errorf("%s: got %#x, %v; want %#x", c.name, got, err, c.want)
			}
			if r.pos != len(c.in) {
				t.Errorf("%s: consumed %d of %d bytes", c.name, r.pos, len(c.in))
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) || !errors.Is(err, ErrMalformed) || e.Msg[:len(c.err)] != c.err {
			t.Errorf("%s: got %v, want malformed %q", c.name, err, c.err)
		}
	}
}
