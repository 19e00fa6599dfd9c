package kzg

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"io"
	"sync"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/parallel"
)

// SRS byte format, version 1. All integers big-endian.
//
//	offset  size      field
//	0       6         magic "zkwsrs"
//	6       2         version = 1
//	8       1         flags: bit 0 compressed points, bit 1 insecure (a test
//	                  SRS whose τ is public); other bits must be 0
//	9       8         n, the number of G1 points, 2 ≤ n ≤ 2^28
//	17      2·g2      [1]₂, [τ]₂
//	...     n·g1      [τ^0]₁ .. [τ^(n−1)]₁
//	...     32        SHA-256 of every preceding byte
//
// Points use gnark-crypto's encoding (the one of G1Affine.Bytes/RawBytes,
// itself Zcash-style): big-endian coordinates with the two top bits of the
// first byte flagging compression, sign and infinity. g1 = 32 bytes
// compressed or 64 uncompressed; g2 = 64 or 128. Compressed files are half
// the size but decoding costs a square root per point (seconds per million
// points); uncompressed is what the disk cache uses.
//
// ReadFrom checks the magic, version, flags, size, that every point is
// canonical, on the curve, in the prime-order subgroup and not the point at
// infinity, and the checksum; it does not run the pairing consistency check
// (call Check for that: ImportPtau and NewTestSRS already did it or needed
// none).
const (
	srsMagic        = "zkwsrs"
	srsVersion      = 1
	srsFlagCompress = 1 << 0
	srsFlagInsecure = 1 << 1
	srsHeaderSize   = 6 + 2 + 1 + 8
)

// ErrSRSFormat is wrapped by every error ReadFrom returns for malformed input.
var ErrSRSFormat = errors.New("kzg: read SRS")

// WriteTo writes s uncompressed (see the format above). It implements
// io.WriterTo.
func (s *SRS) WriteTo(w io.Writer) (int64, error) { return s.writeTo(w, false) }

// WriteCompressedTo writes s with compressed points: half the size, slower
// to read.
func (s *SRS) WriteCompressedTo(w io.Writer) (int64, error) { return s.writeTo(w, true) }

func (s *SRS) writeTo(w io.Writer, compressed bool) (int64, error) {
	n := len(s.G1)
	if n < 2 || uint64(n) > MaxSize {
		return 0, fmt.Errorf("kzg: write SRS: %d G1 points outside [2, 2^%d]", n, MaxLogSize)
	}
	h := sha256.New()
	cw := &countWriter{w: io.MultiWriter(w, h)}
	bw := bufio.NewWriterSize(cw, 1<<16)

	var hdr [srsHeaderSize]byte
	copy(hdr[:], srsMagic)
	binary.BigEndian.PutUint16(hdr[6:], srsVersion)
	if compressed {
		hdr[8] |= srsFlagCompress
	}
	if s.Insecure {
		hdr[8] |= srsFlagInsecure
	}
	binary.BigEndian.PutUint64(hdr[9:], uint64(n))
	bw.Write(hdr[:])
	for i := range s.G2 {
		if compressed {
			b := s.G2[i].Bytes()
			bw.Write(b[:])
		} else {
			b := s.G2[i].RawBytes()
			bw.Write(b[:])
		}
	}
	g1Size := bn254.SizeOfG1AffineUncompressed
	if compressed {
		g1Size = bn254.SizeOfG1AffineCompressed
	}
	const batch = 1 << 14
	buf := make([]byte, min(n, batch)*g1Size)
	for done := 0; done < n; done += batch {
		m := min(batch, n-done)
		pts := s.G1[done : done+m]
		parallel.Execute(m, func(start, end int) {
			for i := start; i < end; i++ {
				if compressed {
					b := pts[i].Bytes()
					copy(buf[i*g1Size:], b[:])
				} else {
					b := pts[i].RawBytes()
					copy(buf[i*g1Size:], b[:])
				}
			}
		})
		if _, err := bw.Write(buf[:m*g1Size]); err != nil {
			return cw.n, fmt.Errorf("kzg: write SRS: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return cw.n, fmt.Errorf("kzg: write SRS: %w", err)
	}
	sum := h.Sum(nil)
	if _, err := w.Write(sum); err != nil {
		return cw.n, fmt.Errorf("kzg: write SRS: %w", err)
	}
	return cw.n + int64(len(sum)), nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

type hashReader struct {
	r io.Reader
	h hash.Hash
	n int64
}

func (h *hashReader) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	h.h.Write(p[:n])
	h.n += int64(n)
	return n, err
}

// ReadFrom replaces s with an SRS read from r (format above). It implements
// io.ReaderFrom. Malformed input gives an error wrapping ErrSRSFormat; s is
// left unchanged then. Memory grows with the bytes actually read, so a
// truncated file with a huge n cannot exhaust it.
func (s *SRS) ReadFrom(r io.Reader) (int64, error) {
	hr := &hashReader{r: bufio.NewReaderSize(r, 1<<16), h: sha256.New()}
	fail := func(format string, args ...any) (int64, error) {
		return hr.n, fmt.Errorf("%w: "+format, append([]any{ErrSRSFormat}, args...)...)
	}
	readFull := func(b []byte, what string) error {
		if _, err := io.ReadFull(hr, b); err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return fmt.Errorf("%w: %s: input truncated", ErrSRSFormat, what)
			}
			return fmt.Errorf("%w: %s: %v", ErrSRSFormat, what, err)
		}
		return nil
	}
	var hdr [srsHeaderSize]byte
	if err := readFull(hdr[:], "header"); err != nil {
		return hr.n, err
	}
	if string(hdr[:6]) != srsMagic {
		return fail("bad magic %q (not a zkwasm SRS)", hdr[:6])
	}
	if v := binary.BigEndian.Uint16(hdr[6:]); v != srsVersion {
		return fail("unsupported version %d (want %d)", v, srsVersion)
	}
	flags := hdr[8]
	if flags&^(srsFlagCompress|srsFlagInsecure) != 0 {
		return fail("unknown flags %#x", flags)
	}
	compressed := flags&srsFlagCompress != 0
	n := binary.BigEndian.Uint64(hdr[9:])
	if n < 2 || n > MaxSize {
		return fail("%d G1 points outside [2, 2^%d]", n, MaxLogSize)
	}
	g1Size, g2Size := bn254.SizeOfG1AffineUncompressed, bn254.SizeOfG2AffineUncompressed
	if compressed {
		g1Size, g2Size = bn254.SizeOfG1AffineCompressed, bn254.SizeOfG2AffineCompressed
	}

	var g2 [2]bn254.G2Affine
	buf := make([]byte, 2*g2Size)
	if err := readFull(buf, "G2 points"); err != nil {
		return hr.n, err
	}
	for i := range g2 {
		b := buf[i*g2Size : (i+1)*g2Size]
		if err := decodeG2(&g2[i], b, compressed); err != nil {
			return fail("G2 point %d: %v", i, err)
		}
	}

	const batch = 1 << 14
	g1 := make([]bn254.G1Affine, 0, min(int(n), batch))
	buf = make([]byte, min(int(n), batch)*g1Size)
	for done := 0; done < int(n); {
		m := min(batch, int(n)-done)
		if err := readFull(buf[:m*g1Size], fmt.Sprintf("G1 points %d..%d", done, done+m-1)); err != nil {
			return hr.n, err
		}
		g1 = append(g1, make([]bn254.G1Affine, m)...)
		pts := g1[done:]
		var mu sync.Mutex
		firstBad, badErr := -1, error(nil)
		parallel.Execute(m, func(start, end int) {
			for i := start; i < end; i++ {
				if err := decodeG1(&pts[i], buf[i*g1Size:(i+1)*g1Size], compressed); err != nil {
					mu.Lock()
					if firstBad < 0 || i < firstBad {
						firstBad, badErr = i, err
					}
					mu.Unlock()
					return
				}
			}
		})
		if firstBad >= 0 {
			return fail("G1 point %d: %v", done+firstBad, badErr)
		}
		done += m
	}
	want := hr.h.Sum(nil)
	var got [sha256.Size]byte
	if err := readFull(got[:], "checksum"); err != nil {
		return hr.n, err
	}
	if !bytes.Equal(want, got[:]) {
		return fail("checksum mismatch (file corrupted)")
	}
	*s = *newSRS(g1, g2)
	s.Insecure = flags&srsFlagInsecure != 0
	return hr.n, nil
}

// decodeG1 decodes one point, insisting on the expected compression and
// rejecting the point at infinity. gnark-crypto's SetBytes checks that the
// coordinates are canonical and that the point is on the curve and in the
// subgroup.
func decodeG1(p *bn254.G1Affine, b []byte, compressed bool) error {
	if (b[0]&0x80 != 0) != compressed {
		return errors.New("compression flag disagrees with the header")
	}
	if _, err := p.SetBytes(b); err != nil {
		return err
	}
	if p.IsInfinity() {
		return errors.New("point at infinity")
	}
	if !p.IsOnCurve() {
		return errors.New("not on the curve")
	}
	return nil
}

func decodeG2(p *bn254.G2Affine, b []byte, compressed bool) error {
	if (b[0]&0x80 != 0) != compressed {
		return errors.New("compression flag disagrees with the header")
	}
	if _, err := p.SetBytes(b); err != nil {
		return err
	}
	return checkG2Point(p)
}
