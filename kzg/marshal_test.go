package kzg

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254"
)

func roundTrip(t *testing.T, s *SRS, compressed bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	var n int64
	var err error
	if compressed {
		n, err = s.Write(&buf, true)
	} else {
		n, err = s.WriteTo(&buf)
	}
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(buf.Len()) {
		t.Fatalf("WriteTo reported %d bytes, wrote %d", n, buf.Len())
	}
	g1, g2 := 64, 128
	if compressed {
		g1, g2 = 32, 64
	}
	if want := srsHeaderSize + 2*g2 + len(s.G1)*g1 + 1 + 32; buf.Len() != want {
		t.Fatalf("encoded size %d, format says %d", buf.Len(), want)
	}
	var got SRS
	m, err := got.ReadFrom(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if m != n {
		t.Fatalf("ReadFrom read %d bytes of %d", m, n)
	}
	if got.Insecure != s.Insecure || len(got.G1) != len(s.G1) {
		t.Fatal("round trip changed the header")
	}
	for i := range s.G1 {
		if !got.G1[i].Equal(&s.G1[i]) {
			t.Fatalf("G1[%d] changed", i)
		}
	}
	if !got.G2[0].Equal(&s.G2[0]) || !got.G2[1].Equal(&s.G2[1]) {
		t.Fatal("G2 changed")
	}
	if err := got.Check(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSRSRoundTrip(t *testing.T) {
	s := mustTestSRS(t, 100)
	roundTrip(t, s, false)
	roundTrip(t, s, true)
	imported, err := ImportPtau(bytes.NewReader(readFile(t, ptauFiles[0])), 64)
	if err != nil {
		t.Fatal(err)
	}
	data := roundTrip(t, imported, false)
	if data[8]&srsFlagInsecure != 0 {
		t.Fatal("ceremony SRS written as insecure")
	}
}

func TestSRSReadRejectsCorruption(t *testing.T) {
	s := mustTestSRS(t, 40)
	for _, compressed := range []bool{false, true} {
		data := roundTrip(t, s, compressed)
		g1, g2 := 64, 128
		if compressed {
			g1, g2 = 32, 64
		}
		g1Start := srsHeaderSize + 2*g2
		// every single-byte truncation errors
		for n := 0; n < len(data); n += 1 + n/7 {
			var got SRS
			if _, err := got.ReadFrom(bytes.NewReader(data[:n])); err == nil || !errors.Is(err, ErrSRSFormat) {
				t.Fatalf("compressed=%v: truncated to %d: %v", compressed, n, err)
			}
		}
		// every flipped byte errors (bit flips in points are caught by
		// point decoding or the checksum)
		step := 1
		if testing.Short() {
			step = 7
		}
		for off := 0; off < len(data); off += step {
			for _, mask := range []byte{0x01, 0x80} {
				bad := bytes.Clone(data)
				bad[off] ^= mask
				var got SRS
				_, err := got.ReadFrom(bytes.NewReader(bad))
				if err == nil || !errors.Is(err, ErrSRSFormat) {
					t.Fatalf("compressed=%v: flip %#x at %d accepted: %v", compressed, mask, off, err)
				}
			}
		}
		// the error names the bad point
		bad := bytes.Clone(data)
		bad[g1Start+7*g1+g1-1] ^= 0x01
		var got SRS
		_, err := got.ReadFrom(bytes.NewReader(bad))
		if err == nil || !strings.Contains(err.Error(), "G1 point 7") && !strings.Contains(err.Error(), "checksum") {
			t.Fatalf("unclear error %v", err)
		}
	}
}

func TestSRSReadHugeSizeTruncated(t *testing.T) {
	// a header claiming 2^28 points followed by nothing must fail fast,
	// without allocating gigabytes
	s := mustTestSRS(t, 4)
	var buf bytes.Buffer
	s.WriteTo(&buf)
	data := buf.Bytes()[:srsHeaderSize+2*128+64]
	data[9], data[10], data[11], data[12] = 0, 0, 0, 0
	data[13], data[14], data[15], data[16] = 0x10, 0, 0, 0
	var got SRS
	_, err := got.ReadFrom(bytes.NewReader(data))
	if err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Fatalf("got %v", err)
	}
	// and a size above the maximum is refused outright
	data[12] = 0xff
	if _, err := got.ReadFrom(bytes.NewReader(data)); err == nil || !strings.Contains(err.Error(), "outside") {
		t.Fatalf("got %v", err)
	}
}

func TestSRSReadRejectsInfinity(t *testing.T) {
	s := mustTestSRS(t, 4)
	s2 := &SRS{G1: append([]bn254.G1Affine(nil), s.G1...), G2: s.G2}
	s2.G1[2].SetInfinity()
	var buf bytes.Buffer
	if _, err := s2.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	var got SRS
	if _, err := got.ReadFrom(&buf); err == nil || !strings.Contains(err.Error(), "G1 point 2") {
		t.Fatalf("infinity accepted or unclear error: %v", err)
	}
}

func TestCachedTestSRS(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(CacheDirEnv, dir)
	a, err := CachedTestSRS(64, testSeed)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "srs", testSRSFileName(64, testSeed))
	st, err := os.Stat(path)
	if err != nil {
		t.Fatalf("cache file not written: %v", err)
	}
	// second call reads the file: make it recognisable by its mtime
	b, err := CachedTestSRS(64, testSeed)
	if err != nil {
		t.Fatal(err)
	}
	st2, _ := os.Stat(path)
	if !st2.ModTime().Equal(st.ModTime()) {
		t.Fatal("valid cache file was rewritten")
	}
	if b.tau == nil || !b.Insecure || !b.G1[63].Equal(&a.G1[63]) {
		t.Fatal("cached SRS differs")
	}
	fresh := mustTestSRS(t, 64)
	if !b.G1[40].Equal(&fresh.G1[40]) {
		t.Fatal("cached SRS differs from NewTestSRS")
	}
	// a corrupted cache file is detected and replaced
	data, _ := os.ReadFile(path)
	data[len(data)/2] ^= 1
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readCachedTestSRS(path, 64, testSeed); err == nil {
		t.Fatal("corrupted cache file read as valid")
	}
	c, err := CachedTestSRS(64, testSeed)
	if err != nil {
		t.Fatal(err)
	}
	if !c.G1[32].Equal(&fresh.G1[32]) {
		t.Fatal("regenerated SRS differs")
	}
	if _, err := readCachedTestSRS(path, 64, testSeed); err != nil {
		t.Fatalf("corrupted cache file not replaced: %v", err)
	}
	// a well-formed file for another seed under this name is rejected
	other := mustTestSRS(t, 64)
	other2, _ := NewTestSRS(64, []byte("other"))
	other.G1, other.G2 = other2.G1, other2.G2
	if err := writeFileAtomic(path, other); err != nil {
		t.Fatal(err)
	}
	if _, err := readCachedTestSRS(path, 64, testSeed); err == nil {
		t.Fatal("foreign SRS accepted from cache")
	}
	// no stray temporary files
	entries, _ := os.ReadDir(filepath.Join(dir, "srs"))
	if len(entries) != 1 {
		t.Fatalf("cache dir holds %d entries", len(entries))
	}
}

func TestSRSRoundTripLagrange(t *testing.T) {
	s := mustTestSRS(t, 64)
	for _, compressed := range []bool{false, true} {
		var buf bytes.Buffer
		if _, err := s.Write(&buf, compressed, 5, 3, 6, 3); err != nil {
			t.Fatal(err)
		}
		var got SRS
		if _, err := got.ReadFrom(bytes.NewReader(buf.Bytes())); err != nil {
			t.Fatal(err)
		}
		if n := got.lag.size(); n != 3 {
			t.Fatalf("read %d Lagrange bases, want 3", n)
		}
		if n := len(got.lag.computed()); n != 0 {
			t.Fatalf("%d Lagrange bases from the file usable before verification", n)
		}
		for _, k := range []int{3, 5, 6} {
			want, _ := s.LagrangeBasis(k)
			lag, err := got.LagrangeBasis(k) // verified on first use
			if err != nil {
				t.Fatal(err)
			}
			for i := range want {
				if !lag[i].Equal(&want[i]) {
					t.Fatalf("Lagrange 2^%d point %d changed", k, i)
				}
			}
		}
		if err := got.Check(); err != nil {
			t.Fatal(err)
		}
		// a wrong-but-valid Lagrange point passes ReadFrom, fails Check
		data := bytes.Clone(buf.Bytes())
		g1 := 64
		if compressed {
			g1 = 32
		}
		// the 2^3 basis starts after header, G2, G1 points, count and k
		g2 := 2 * g1 * 2
		off := srsHeaderSize + g2 + 64*g1 + 1 + 1
		p0, p1 := data[off:off+g1], data[off+g1:off+2*g1]
		tmp := bytes.Clone(p0)
		copy(p0, p1)
		copy(p1, tmp)
		sum := sha256.Sum256(data[:len(data)-32])
		copy(data[len(data)-32:], sum[:])
		var bad SRS
		if _, err := bad.ReadFrom(bytes.NewReader(data)); err != nil {
			t.Fatal(err)
		}
		if err := bad.Check(); err == nil || !strings.Contains(err.Error(), "Lagrange basis 2^3") {
			t.Fatalf("swapped Lagrange points: %v", err)
		}
		// bad k ordering is a format error
		data = bytes.Clone(buf.Bytes())
		data[off-1] = 9 // k = 9 > log n
		var bad2 SRS
		if _, err := bad2.ReadFrom(bytes.NewReader(data)); err == nil || !strings.Contains(err.Error(), "Lagrange basis k") {
			t.Fatalf("k = 9: %v", err)
		}
	}
	if _, err := s.Write(io.Discard, false, 7); err == nil {
		t.Fatal("Lagrange basis larger than the SRS written")
	}
}
