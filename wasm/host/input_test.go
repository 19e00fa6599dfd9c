package host

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseInput(t *testing.T) {
	tests := []struct {
		spec string
		want []uint64
	}{
		{"5:i64", []uint64{5}},
		{"0:i64", []uint64{0}},
		{"-3:i64", []uint64{0xfffffffffffffffd}},
		{"0xff:i64", []uint64{255}},
		{"18446744073709551615:i64", []uint64{^uint64(0)}},
		{"-9223372036854775808:i64", []uint64{1 << 63}},
		{"-3:i32", []uint64{0xfffffffffffffffd}},
		{"0xffffffff:i32", []uint64{^uint64(0)}},
		{"2147483647:i32", []uint64{0x7fffffff}},
		{"0x80000000:i32", []uint64{0xffffffff80000000}},
		{"0x0102:bytes", []uint64{1, 2}},
		{"0x:bytes", []uint64{}},
		{"0x0102:bytes-packed", []uint64{0x0201}},
		{"0x010203040506070809:bytes-packed", []uint64{0x0807060504030201, 0x09}},
		{"0xAbCd:bytes-packed", []uint64{0xcdab}},
		{"  7:i64  ", []uint64{7}},
	}
	for _, tt := range tests {
		got, err := ParseInput(tt.spec)
		if err != nil {
			t.Errorf("ParseInput(%q): %v", tt.spec, err)
			continue
		}
		if len(got) == 0 && len(tt.want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseInput(%q) = %#x, want %#x", tt.spec, got, tt.want)
		}
	}
}

func TestParseInputErrors(t *testing.T) {
	bad := []struct{ spec, msg string }{
		{"5", "want VALUE:TYPE"},
		{"5:u8", "unknown type"},
		{"18446744073709551616:i64", "does not fit in 64 bits"},
		{"-9223372036854775809:i64", "does not fit in 64 bits"},
		{"4294967296:i32", "does not fit in 32 bits"},
		{"-2147483649:i32", "does not fit in 32 bits"},
		{"abc:i64", "invalid number"},
		{":i64", "empty value"},
		{"--5:i64", "invalid number"},
		{"0x:i64", "invalid number"},
		{"0x123:bytes", "odd number of hex digits"},
		{"0102:bytes", "0x followed by hex"},
		{"0xzz:bytes-packed", "invalid hex"},
		{"@", "empty file name"},
		{"@/nonexistent/zkwasm-input.bin:bytes", "no such file"},
	}
	for _, tt := range bad {
		_, err := ParseInput(tt.spec)
		if err == nil {
			t.Errorf("ParseInput(%q) succeeded, want error containing %q", tt.spec, tt.msg)
			continue
		}
		if !errors.Is(err, ErrBadInput) || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("ParseInput(%q) error %q, want ErrBadInput containing %q", tt.spec, err, tt.msg)
		}
	}
}

func TestParseFileInputs(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "msg.bin")
	if err := os.WriteFile(bin, []byte("abcdefghij"), 0o644); err != nil {
		t.Fatal(err)
	}
	txt := filepath.Join(dir, "in.txt")
	if err := os.WriteFile(txt, []byte("# comment\n5:i64\n\n-1:i32\n0x0a0b:bytes\n@"+bin+":bytes-packed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	nums := filepath.Join(dir, "nums.txt")
	if err := os.WriteFile(nums, []byte("1\n0x10\n-2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := ParseInputs([]string{"@" + bin + ":bytes-packed", "@" + bin + ":bytes", "@" + txt, "@" + nums + ":i64"})
	if err != nil {
		t.Fatal(err)
	}
	packed := []uint64{0x6867666564636261, 0x6a69}
	var want []uint64
	want = append(want, packed...)
	for _, c := range []byte("abcdefghij") {
		want = append(want, uint64(c))
	}
	want = append(want, 5, ^uint64(0), 0x0a, 0x0b)
	want = append(want, packed...)
	want = append(want, 1, 16, ^uint64(1))
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %#x\nwant %#x", got, want)
	}

	// An error inside a file names the file and line.
	badf := filepath.Join(dir, "bad.txt")
	if err := os.WriteFile(badf, []byte("1:i64\nnope:i64\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = ParseInput("@" + badf)
	if err == nil || !strings.Contains(err.Error(), "bad.txt:2") || !errors.Is(err, ErrBadInput) {
		t.Fatalf("bad file: got %v, want error naming bad.txt:2", err)
	}
	// A file including itself stops at the nesting limit.
	loop := filepath.Join(dir, "loop.txt")
	if err := os.WriteFile(loop, []byte("@"+loop+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ParseInput("@" + loop); err == nil || !strings.Contains(err.Error(), "nested") {
		t.Fatalf("self-including file: got %v", err)
	}
}

func TestPackUnpack(t *testing.T) {
	for n := 0; n < 20; n++ {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(31*i + 7)
		}
		w := PackBytes(b)
		if len(w) != (n+7)/8 {
			t.Fatalf("n=%d: %d words", n, len(w))
		}
		if got := UnpackBytes(w, n); string(got) != string(b) {
			t.Fatalf("n=%d: round trip %x != %x", n, got, b)
		}
	}
}

func TestParseArgFormatValue(t *testing.T) {
	tests := []struct {
		spec, typ string
		v         uint64
		back      string
	}{
		{"7:i32", "i32", 7, "7:i32"},
		{"-3:i32", "i32", 0xfffffffd, "-3:i32"},
		{"0xffffffff:i32", "i32", 0xffffffff, "-1:i32"},
		{"9:i64", "i64", 9, "9:i64"},
		{"-1:i64", "i64", ^uint64(0), "-1:i64"},
		{"18446744073709551615:i64", "i64", ^uint64(0), "-1:i64"},
	}
	for _, tt := range tests {
		v, typ, err := ParseArg(tt.spec)
		if err != nil || v != tt.v || typ != tt.typ {
			t.Errorf("ParseArg(%q) = %#x, %q, %v; want %#x, %q", tt.spec, v, typ, err, tt.v, tt.typ)
		}
		if got := FormatValue(v, typ); got != tt.back {
			t.Errorf("FormatValue(%#x, %s) = %q, want %q", v, typ, got, tt.back)
		}
	}
	for _, bad := range []string{"7", "7:bytes", "x:i32", "4294967296:i32"} {
		if _, _, err := ParseArg(bad); !errors.Is(err, ErrBadInput) {
			t.Errorf("ParseArg(%q): %v, want ErrBadInput", bad, err)
		}
	}
}
