package host

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
)

// ErrBadInput is wrapped by every input-spec parsing error.
var ErrBadInput = errors.New("bad input")

// Input kinds accepted after the colon of an input spec.
const (
	KindI64         = "i64"          // one word: decimal (signed or unsigned) or 0x hex
	KindI32         = "i32"          // one word: a 32-bit value, sign-extended to 64 bits
	KindBytes       = "bytes"        // one word per byte (Delphinus zkWasm `bytes`)
	KindBytesPacked = "bytes-packed" // 8 bytes per word, little-endian, last word zero-padded
)

// ParseInputs parses each spec with ParseInput and concatenates the words in order.
func ParseInputs(specs []string) ([]uint64, error) {
	var out []uint64
	for _, s := range specs {
		w, err := ParseInput(s)
		if err != nil {
			return nil, err
		}
		out = append(out, w...)
	}
	return out, nil
}

// ParseInput turns one input spec into input words. The forms are:
//
//	5:i64  -7:i64  0xff:i64  18446744073709551615:i64   one word
//	-3:i32  0xffffffff:i32                               one word, sign-extended from 32 bits
//	0x0102:bytes                                         one word per byte: 1, 2
//	0x010203040506070809:bytes-packed                    0x0807060504030201, 0x09
//	@msg.bin:bytes  @msg.bin:bytes-packed                the raw bytes of a file
//	@inputs.txt                                          a text file, one spec per line
//	@values.txt:i64  @values.txt:i32                     a text file, one number per line
//
// In text files, blank lines and lines starting with # are ignored. The byte conventions
// are those of Delphinus zkWasm's command line, so its input strings work unchanged.
func ParseInput(spec string) ([]uint64, error) {
	return parseInput(spec, 0)
}

const maxIncludeDepth = 4

func parseInput(spec string, depth int) ([]uint64, error) {
	spec = strings.TrimSpace(spec)
	if strings.HasPrefix(spec, "@") {
		return parseFileInput(spec, depth)
	}
	i := strings.LastIndexByte(spec, ':')
	if i < 0 {
		return nil, fmt.Errorf("%w %q: want VALUE:TYPE with TYPE one of i64, i32, bytes, bytes-packed, or @FILE", ErrBadInput, spec)
	}
	val, kind := spec[:i], spec[i+1:]
	switch kind {
	case KindI64:
		w, err := parseInt(val, 64)
		if err != nil {
			return nil, fmt.Errorf("%w %q: %v", ErrBadInput, spec, err)
		}
		return []uint64{w}, nil
	case KindI32:
		w, err := parseInt(val, 32)
		if err != nil {
			return nil, fmt.Errorf("%w %q: %v", ErrBadInput, spec, err)
		}
		return []uint64{w}, nil
	case KindBytes, KindBytesPacked:
		b, err := parseHex(val)
		if err != nil {
			return nil, fmt.Errorf("%w %q: %v", ErrBadInput, spec, err)
		}
		return bytesToWords(b, kind), nil
	default:
		return nil, fmt.Errorf("%w %q: unknown type %q (want i64, i32, bytes or bytes-packed)", ErrBadInput, spec, kind)
	}
}

// parseInt parses a decimal (optionally negative) or 0x-hex integer that fits in bits
// bits, signed or unsigned, and returns it as a word. A 32-bit value is sign-extended
// from bit 31, so -1:i32 and 0xffffffff:i32 are the same word.
func parseInt(s string, bits int) (uint64, error) {
	if s == "" {
		return 0, errors.New("empty value")
	}
	neg := false
	body := s
	if body[0] == '-' || body[0] == '+' {
		neg = body[0] == '-'
		body = body[1:]
	}
	base := 10
	if strings.HasPrefix(body, "0x") || strings.HasPrefix(body, "0X") {
		base, body = 16, body[2:]
	}
	if body == "" || strings.HasPrefix(body, "+") || strings.HasPrefix(body, "-") {
		return 0, fmt.Errorf("invalid number %q", s)
	}
	mag, err := strconv.ParseUint(body, base, 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return 0, fmt.Errorf("%s does not fit in %d bits", s, bits)
		}
		return 0, fmt.Errorf("invalid number %q", s)
	}
	var umax, nmax uint64 = math.MaxUint64, 1 << 63 // unsigned max, largest negative magnitude
	if bits == 32 {
		umax, nmax = math.MaxUint32, 1<<31
	}
	if neg {
		if mag > nmax {
			return 0, fmt.Errorf("%s does not fit in %d bits", s, bits)
		}
		mag = -mag
	} else if mag > umax {
		return 0, fmt.Errorf("%s does not fit in %d bits", s, bits)
	}
	if bits == 32 {
		return uint64(int64(int32(uint32(mag)))), nil
	}
	return mag, nil
}

func parseHex(s string) ([]byte, error) {
	if !strings.HasPrefix(s, "0x") && !strings.HasPrefix(s, "0X") {
		return nil, errors.New("bytes must be written as 0x followed by hex digits")
	}
	h := s[2:]
	if len(h)%2 != 0 {
		return nil, fmt.Errorf("odd number of hex digits (%d)", len(h))
	}
	b, err := hex.DecodeString(h)
	if err != nil {
		return nil, fmt.Errorf("invalid hex: %v", err)
	}
	return b, nil
}

// bytesToWords converts bytes to input words: one word per byte for KindBytes,
// 8 bytes per word little-endian (last word zero-padded) for KindBytesPacked.
func bytesToWords(b []byte, kind string) []uint64 {
	if kind == KindBytes {
		out := make([]uint64, len(b))
		for i, c := range b {
			out[i] = uint64(c)
		}
		return out
	}
	return PackBytes(b)
}

// PackBytes packs bytes into words, 8 per word, little-endian: byte i is bits
// 8*(i%8)..8*(i%8)+7 of word i/8; the last word is zero-padded.
func PackBytes(b []byte) []uint64 {
	out := make([]uint64, (len(b)+7)/8)
	for i, c := range b {
		out[i/8] |= uint64(c) << (8 * (i % 8))
	}
	return out
}

// UnpackBytes is the inverse of PackBytes for the first n bytes of words.
func UnpackBytes(words []uint64, n int) []byte {
	out := make([]byte, 0, n)
	for i := 0; i < n && i/8 < len(words); i++ {
		out = append(out, byte(words[i/8]>>(8*(i%8))))
	}
	return out
}

func parseFileInput(spec string, depth int) ([]uint64, error) {
	if depth >= maxIncludeDepth {
		return nil, fmt.Errorf("%w %q: files nested more than %d deep", ErrBadInput, spec, maxIncludeDepth)
	}
	path, kind := spec[1:], ""
	if i := strings.LastIndexByte(path, ':'); i >= 0 {
		switch path[i+1:] {
		case KindI64, KindI32, KindBytes, KindBytesPacked:
			path, kind = path[:i], path[i+1:]
		}
	}
	if path == "" {
		return nil, fmt.Errorf("%w %q: empty file name", ErrBadInput, spec)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w %q: %v", ErrBadInput, spec, err)
	}
	if kind == KindBytes || kind == KindBytesPacked {
		return bytesToWords(data, kind), nil
	}
	var out []uint64
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		item := text
		if kind != "" {
			item = text + ":" + kind
		}
		w, err := parseInput(item, depth+1)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		out = append(out, w...)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w %q: %v", ErrBadInput, spec, err)
	}
	return out, nil
}

// ParseArg parses a typed function argument `VALUE:i32` or `VALUE:i64` (decimal, signed
// or unsigned, or 0x hex) into a raw value as engines pass it: an i32 is zero-extended
// (0xfffffffd for -3:i32), an i64 is its 64-bit pattern.
func ParseArg(spec string) (v uint64, typ string, err error) {
	spec = strings.TrimSpace(spec)
	i := strings.LastIndexByte(spec, ':')
	if i < 0 {
		return 0, "", fmt.Errorf("%w %q: want VALUE:i32 or VALUE:i64", ErrBadInput, spec)
	}
	val, typ := spec[:i], spec[i+1:]
	switch typ {
	case KindI32:
		w, err := parseInt(val, 32)
		if err != nil {
			return 0, "", fmt.Errorf("%w %q: %v", ErrBadInput, spec, err)
		}
		return uint64(uint32(w)), typ, nil
	case KindI64:
		w, err := parseInt(val, 64)
		if err != nil {
			return 0, "", fmt.Errorf("%w %q: %v", ErrBadInput, spec, err)
		}
		return w, typ, nil
	}
	return 0, "", fmt.Errorf("%w %q: argument type must be i32 or i64", ErrBadInput, spec)
}

// FormatValue formats a raw i32 or i64 value as `VALUE:TYPE` with VALUE in signed
// decimal, the form ParseArg reads back.
func FormatValue(v uint64, typ string) string {
	if typ == KindI32 {
		return strconv.FormatInt(int64(int32(uint32(v))), 10) + ":" + typ
	}
	return strconv.FormatInt(int64(v), 10) + ":" + typ
}
