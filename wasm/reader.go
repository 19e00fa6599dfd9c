package wasm

import "unicode/utf8"

// reader reads the binary format (§5.1, §5.2). Every method fails with a
// malformed error at the current offset instead of panicking, and no method
// allocates more than the bytes that remain.
type reader struct {
	b   []byte
	pos int
	d   *decoder
}

func (r *reader) remaining() int { return len(r.b) - r.pos }

func (r *reader) eof() bool { return r.pos >= len(r.b) }

func (r *reader) errAt(off int, format string, args ...any) error {
	return r.d.errf(ErrMalformed, off, format, args...)
}

func (r *reader) byte() (byte, error) {
	if r.pos >= len(r.b) {
		return 0, r.errAt(r.pos, "unexpected end")
	}
	c := r.b[r.pos]
	r.pos++
	return c, nil
}

func (r *reader) peek() (byte, error) {
	if r.pos >= len(r.b) {
		return 0, r.errAt(r.pos, "unexpected end")
	}
	return r.b[r.pos], nil
}

func (r *reader) bytes(n uint32) ([]byte, error) {
	if uint64(n) > uint64(r.remaining()) {
		return nil, r.errAt(r.pos, "unexpected end (length %d out of bounds)", n)
	}
	s := r.b[r.pos : r.pos+int(n)]
	r.pos += int(n)
	return s, nil
}

// leb reads an unsigned or signed LEB128 integer of at most bits bits (§5.2.2):
// at most ceil(bits/7) bytes, and the unused bits of the last byte must be zero
// (unsigned) or a sign extension (signed).
func (r *reader) leb(bits uint, signed bool) (uint64, error) {
	start := r.pos
	maxBytes := int((bits + 6) / 7)
	var result uint64
	var shift uint
	for i := 0; ; i++ {
		if r.pos >= len(r.b) {
			return 0, r.errAt(r.pos, "unexpected end")
		}
		c := r.b[r.pos]
		r.pos++
		if i == maxBytes-1 {
			if c&0x80 != 0 {
				return 0, r.errAt(start, "integer representation too long")
			}
			used := bits - shift // value bits of this byte that are in range
			if !signed {
				if c>>used != 0 {
					return 0, r.errAt(start, "integer too large")
				}
			} else {
				// bits [used-1, 6] must all equal the sign bit.
				hi := c >> (used - 1) & 0x7f
				if hi != 0 && hi != (0x7f>>(used-1)) {
					return 0, r.errAt(start, "integer too large")
				}
			}
		}
		result |= uint64(c&0x7f) << shift
		shift += 7
		if c&0x80 == 0 {
			if signed && shift < 64 && c&0x40 != 0 {
				result |= ^uint64(0) << shift
			}
			if bits < 64 {
				if signed {
					// keep the sign-extended two's complement in 64 bits
					return result, nil
				}
				return result & (1<<bits - 1), nil
			}
			return result, nil
		}
	}
}

func (r *reader) u32() (uint32, error) {
	v, err := r.leb(32, false)
	return uint32(v), err
}

func (r *reader) s32() (int32, error) {
	v, err := r.leb(32, true)
	return int32(v), err
}

func (r *reader) s33() (int64, error) {
	v, err := r.leb(33, true)
	return int64(v), err
}

func (r *reader) s64() (int64, error) {
	v, err := r.leb(64, true)
	return int64(v), err
}

// count reads a vector length and bounds it by the bytes that remain, each
// element taking at least minSize bytes, so hostile lengths cannot make the
// decoder allocate.
func (r *reader) count(minSize int) (uint32, error) {
	off := r.pos
	n, err := r.u32()
	if err != nil {
		return 0, err
	}
	if uint64(n)*uint64(minSize) > uint64(r.remaining()) {
		return 0, r.errAt(off, "unexpected end (vector length %d exceeds remaining %d bytes)", n, r.remaining())
	}
	return n, nil
}

// name reads a UTF-8 name (§5.2.4).
func (r *reader) name() (string, error) {
	off := r.pos
	n, err := r.u32()
	if err != nil {
		return "", err
	}
	b, err := r.bytes(n)
	if err != nil {
		return "", err
	}
	if !utf8.Valid(b) {
		return "", r.errAt(off, "malformed UTF-8 encoding")
	}
	return string(b), nil
}
