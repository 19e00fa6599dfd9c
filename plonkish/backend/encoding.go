package backend

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fp"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
)

// ErrFormat is wrapped by every decoding error.
var ErrFormat = errors.New("malformed input")

// encoder appends the canonical big-endian encodings the key and proof formats use.
type encoder struct{ b []byte }

func (e *encoder) u8(v uint8)   { e.b = append(e.b, v) }
func (e *encoder) u32(v uint32) { e.b = binary.BigEndian.AppendUint32(e.b, v) }
func (e *encoder) i32(v int32)  { e.u32(uint32(v)) }
func (e *encoder) bytes(b []byte) {
	e.b = append(e.b, b...)
}
func (e *encoder) scalar(v *fr.Element) {
	b := v.Bytes()
	e.b = append(e.b, b[:]...)
}

// g1 appends x ‖ y, 32 bytes each, big-endian; the point at infinity is (0, 0).
func (e *encoder) g1(p *bn254.G1Affine) {
	if p.IsInfinity() {
		e.b = append(e.b, make([]byte, 64)...)
		return
	}
	x, y := p.X.Bytes(), p.Y.Bytes()
	e.b = append(e.b, x[:]...)
	e.b = append(e.b, y[:]...)
}

// g2 appends x.A1 ‖ x.A0 ‖ y.A1 ‖ y.A0 (the EVM precompile order).
func (e *encoder) g2(p *bn254.G2Affine) {
	for _, c := range []*fp.Element{&p.X.A1, &p.X.A0, &p.Y.A1, &p.Y.A0} {
		b := c.Bytes()
		e.b = append(e.b, b[:]...)
	}
}

func (e *encoder) column(c plonkish.Column) {
	e.u8(uint8(c.Kind))
	e.u32(uint32(c.Index))
}

// Expressions: tag byte, then the node's fields.
const (
	tagConst   = 0
	tagQuery   = 1
	tagSum     = 2
	tagProduct = 3
	tagNeg     = 4
	tagScaled  = 5
)

func (e *encoder) expr(x plonkish.Expression) {
	switch x := x.(type) {
	case plonkish.Constant:
		e.u8(tagConst)
		e.scalar(&x.Value)
	case plonkish.Query:
		e.u8(tagQuery)
		e.column(x.Column)
		e.i32(int32(x.Rotation))
	case plonkish.Sum:
		e.u8(tagSum)
		e.expr(x.A)
		e.expr(x.B)
	case plonkish.Product:
		e.u8(tagProduct)
		e.expr(x.A)
		e.expr(x.B)
	case plonkish.Negated:
		e.u8(tagNeg)
		e.expr(x.A)
	case plonkish.Scaled:
		e.u8(tagScaled)
		e.scalar(&x.Factor)
		e.expr(x.A)
	default:
		panic(fmt.Sprintf("backend: unknown expression type %T", x))
	}
}

func (e *encoder) exprs(xs []plonkish.Expression) {
	e.u32(uint32(len(xs)))
	for _, x := range xs {
		e.expr(x)
	}
}

// decoder reads the same encodings, counting bytes and recording the first error; after
// an error every read returns zero values.
type decoder struct {
	r   io.Reader
	n   int64
	err error
	buf [128]byte
}

// newDecoder reads exactly the bytes it decodes from r (so a key or proof can be
// followed by other data in a stream); pass a buffered reader for files.
func newDecoder(r io.Reader) *decoder { return &decoder{r: r} }

// newBufferedDecoder is newDecoder over a bufio.Reader: it may read past the end of
// what it decodes.
func newBufferedDecoder(r io.Reader) *decoder {
	if _, ok := r.(*bufio.Reader); ok {
		return &decoder{r: r}
	}
	return &decoder{r: bufio.NewReaderSize(r, 1<<16)}
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: "+format, append([]any{ErrFormat}, args...)...)
	}
}

func (d *decoder) read(n int, what string) []byte {
	if d.err != nil {
		clear(d.buf[:n])
		return d.buf[:n]
	}
	k, err := io.ReadFull(d.r, d.buf[:n])
	d.n += int64(k)
	if err != nil {
		d.fail("%s at byte %d: %v", what, d.n, err)
		clear(d.buf[:n])
	}
	return d.buf[:n]
}

func (d *decoder) u8(what string) uint8   { return d.read(1, what)[0] }
func (d *decoder) u32(what string) uint32 { return binary.BigEndian.Uint32(d.read(4, what)) }

// count reads a u32 count and checks it against limit.
func (d *decoder) count(what string, limit int) int {
	v := d.u32(what)
	if d.err != nil {
		return 0
	}
	if uint64(v) > uint64(limit) {
		d.fail("%s: %d exceeds the limit %d", what, v, limit)
		return 0
	}
	return int(v)
}

func (d *decoder) scalar(what string) fr.Element {
	var v fr.Element
	b := d.read(32, what)
	if d.err != nil {
		return v
	}
	if err := v.SetBytesCanonical(b); err != nil {
		d.fail("%s at byte %d: scalar not canonical (≥ r)", what, d.n-32)
	}
	return v
}

func (d *decoder) g1(what string) bn254.G1Affine {
	var p bn254.G1Affine
	b := d.read(64, what)
	if d.err != nil {
		return p
	}
	if err := decodeG1(&p, b); err != nil {
		d.fail("%s at byte %d: %v", what, d.n-64, err)
	}
	return p
}

func decodeG1(p *bn254.G1Affine, b []byte) error {
	allZero := true
	for _, c := range b[:64] {
		allZero = allZero && c == 0
	}
	if allZero {
		p.X.SetZero()
		p.Y.SetZero()
		return nil
	}
	if err := p.X.SetBytesCanonical(b[:32]); err != nil {
		return errors.New("x coordinate not canonical")
	}
	if err := p.Y.SetBytesCanonical(b[32:64]); err != nil {
		return errors.New("y coordinate not canonical")
	}
	if !p.IsOnCurve() {
		return errors.New("point not on the curve")
	}
	if !p.IsInSubGroup() {
		return errors.New("point not in the subgroup")
	}
	return nil
}

func (d *decoder) g2(what string) bn254.G2Affine {
	var p bn254.G2Affine
	b := d.read(128, what)
	if d.err != nil {
		return p
	}
	for i, c := range []*fp.Element{&p.X.A1, &p.X.A0, &p.Y.A1, &p.Y.A0} {
		if err := c.SetBytesCanonical(b[32*i : 32*i+32]); err != nil {
			d.fail("%s: coordinate not canonical", what)
			return p
		}
	}
	if !p.IsOnCurve() || !p.IsInSubGroup() {
		d.fail("%s: point not on the curve or not in the subgroup", what)
	}
	return p
}

func (d *decoder) column(what string) plonkish.Column {
	k := d.u8(what)
	i := d.u32(what)
	if d.err == nil && (k > uint8(plonkish.Instance) || i > 1<<24) {
		d.fail("%s: bad column (kind %d, index %d)", what, k, i)
	}
	return plonkish.Column{Kind: plonkish.ColumnKind(k), Index: int(i)}
}

const maxExprDepth = 1 << 14

func (d *decoder) expr(what string, depth int) plonkish.Expression {
	if depth > maxExprDepth {
		d.fail("%s: expression nested deeper than %d", what, maxExprDepth)
	}
	if d.err != nil {
		return plonkish.Const(0)
	}
	switch t := d.u8(what); t {
	case tagConst:
		return plonkish.ConstElement(d.scalar(what))
	case tagQuery:
		c := d.column(what)
		r := int32(d.u32(what))
		return plonkish.Query{Column: c, Rotation: plonkish.Rotation(r)}
	case tagSum:
		a := d.expr(what, depth+1)
		return plonkish.Sum{A: a, B: d.expr(what, depth+1)}
	case tagProduct:
		a := d.expr(what, depth+1)
		return plonkish.Product{A: a, B: d.expr(what, depth+1)}
	case tagNeg:
		return plonkish.Negated{A: d.expr(what, depth+1)}
	case tagScaled:
		f := d.scalar(what)
		return plonkish.Scaled{A: d.expr(what, depth+1), Factor: f}
	default:
		d.fail("%s: unknown expression tag %d", what, t)
		return plonkish.Const(0)
	}
}

func (d *decoder) exprs(what string) []plonkish.Expression {
	n := d.count(what, 1<<20)
	var out []plonkish.Expression
	for i := 0; i < n && d.err == nil; i++ {
		out = append(out, d.expr(what, 0))
	}
	return out
}

// header writes or checks a 4-byte magic and a u32 version.
func (e *encoder) header(magic string, version uint32) {
	e.bytes([]byte(magic))
	e.u32(version)
}

func (d *decoder) header(magic string, version uint32) {
	b := d.read(4, "magic")
	if d.err == nil && string(b) != magic {
		d.fail("bad magic %q, want %q", b, magic)
	}
	if v := d.u32("version"); d.err == nil && v != version {
		d.fail("unsupported version %d (this build reads version %d)", v, version)
	}
}
