package kzg

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fp"
)

// rechecksum fixes the trailing SHA-256 of an SRS file, so that only the
// per-point checks can reject a tampered point.
func rechecksum(data []byte) []byte {
	sum := sha256.Sum256(data[:len(data)-sha256.Size])
	copy(data[len(data)-sha256.Size:], sum[:])
	return data
}

// TestSRSReadRejectsBadPointsRechecksummed: points that are off the
// subgroup, flagged with the wrong compression, or encoded with
// non-canonical coordinates are refused by ReadFrom even when the checksum
// has been recomputed over the tampered bytes.
func TestSRSReadRejectsBadPointsRechecksummed(t *testing.T) {
	s := mustTestSRS(t, 8)
	p := fp.Modulus()

	// a point of the twist curve outside the prime-order subgroup
	var probe bn254.G2Affine
	probe.X.A0.SetUint64(7)
	probe.X.A1.SetUint64(3)
	off := bn254.MapToCurve2(&probe.X)
	if !off.IsOnCurve() || off.IsInSubGroup() {
		t.Fatal("test setup: need an on-curve point outside G2")
	}

	type tamper struct {
		name string
		mod  func(data []byte, g1, g2 int) // g1/g2: encoded point sizes
		want string
	}
	g1Start := func(g2 int) int { return srsHeaderSize + 2*g2 }
	cases := []tamper{
		{"G2 outside subgroup", func(d []byte, g1, g2 int) {
			var b []byte
			if g2 == bn254.SizeOfG2AffineCompressed {
				x := off.Bytes()
				b = x[:]
			} else {
				x := off.RawBytes()
				b = x[:]
			}
			copy(d[srsHeaderSize+g2:], b)
		}, "G2 point 1"},
		{"G1 compression flag flipped", func(d []byte, g1, g2 int) {
			d[g1Start(g2)+3*g1] ^= 0x80
		}, "G1 point 3"},
		{"G2 compression flag flipped", func(d []byte, g1, g2 int) {
			d[srsHeaderSize] ^= 0x80
		}, "G2 point 0"},
		{"G1 x + p (non-canonical)", func(d []byte, g1, g2 int) {
			// G1[0] = (1, 2): 1 + p still fits below the flag bits
			x := new(big.Int).Add(big.NewInt(1), p)
			b := d[g1Start(g2) : g1Start(g2)+32]
			flags := b[0] & 0xc0
			x.FillBytes(b)
			b[0] |= flags
		}, "G1 point 0"},
		{"G1 y + p (non-canonical)", func(d []byte, g1, g2 int) {
			if g1 == bn254.SizeOfG1AffineCompressed {
				// no y in the compressed form: use x + p with the flags kept
				x := new(big.Int).Add(big.NewInt(1), p)
				b := d[g1Start(g2) : g1Start(g2)+32]
				flags := b[0] & 0xc0
				x.FillBytes(b)
				b[0] |= flags
				return
			}
			y := new(big.Int).Add(big.NewInt(2), p)
			y.FillBytes(d[g1Start(g2)+32 : g1Start(g2)+64])
		}, "G1 point 0"},
	}
	for _, compressed := range []bool{false, true} {
		var buf bytes.Buffer
		if _, err := s.Write(&buf, compressed); err != nil {
			t.Fatal(err)
		}
		g1, g2 := bn254.SizeOfG1AffineUncompressed, bn254.SizeOfG2AffineUncompressed
		if compressed {
			g1, g2 = bn254.SizeOfG1AffineCompressed, bn254.SizeOfG2AffineCompressed
		}
		// the generator's x is 1, so 1 + p must fit in 254 bits
		if new(big.Int).Add(big.NewInt(1), p).BitLen() > 254 {
			t.Fatal("test setup: 1 + p overflows the coordinate bits")
		}
		for _, c := range cases {
			data := bytes.Clone(buf.Bytes())
			c.mod(data, g1, g2)
			rechecksum(data)
			var got SRS
			_, err := got.ReadFrom(bytes.NewReader(data))
			if !errors.Is(err, ErrSRSFormat) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("compressed=%v %s: got %v, want an error naming %q", compressed, c.name, err, c.want)
			}
		}
	}
}
