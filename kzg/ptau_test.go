package kzg

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// The .ptau files in testdata/ptau were made with snarkjs (see the README
// there): pot8_0001 after one contribution, pot8_final after
// `prepare phase2` (which appends Lagrange sections 12..15).
var ptauFiles = []string{"../testdata/ptau/pot8_0001.ptau", "../testdata/ptau/pot8_final.ptau"}

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestImportPtau(t *testing.T) {
	var first *SRS
	for _, name := range ptauFiles {
		data := readFile(t, name)
		for _, size := range []uint64{0, 2, 100, 256, 511} {
			s, err := ImportPtau(bytes.NewReader(data), size)
			if err != nil {
				t.Fatalf("%s size %d: %v", name, size, err)
			}
			want := size
			if size == 0 {
				want = 256
			}
			if s.Size() != want || s.Insecure {
				t.Fatalf("%s: size %d insecure %v", name, s.Size(), s.Insecure)
			}
			if err := s.Check(); err != nil {
				t.Fatalf("%s: imported SRS fails Check: %v", name, err)
			}
			if size == 0 {
				if first == nil {
					first = s
				} else if !first.G1[255].Equal(&s.G1[255]) || !first.G2[1].Equal(&s.G2[1]) {
					t.Fatal("pot8_0001 and its phase-2 preparation disagree")
				}
			}
		}
	}
	// a commitment opened against the imported SRS verifies
	s := first
	vk := s.VerifyingKey()
	coeffs := randomElements(200, 254, 3)
	c, err := s.Commit(coeffs)
	if err != nil {
		t.Fatal(err)
	}
	var z fr.Element
	z.SetUint64(77)
	proof, err := s.Open(coeffs, z)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(&c, &proof, z, &vk); err != nil {
		t.Fatal(err)
	}
	// the Lagrange basis by FFT over G1 is consistent with the monomial one
	evals := randomElements(256, 16, 4)
	if _, err := s.CommitLagrange(8, evals); err != nil {
		t.Fatal(err)
	}
}

func TestImportPtauTooSmall(t *testing.T) {
	data := readFile(t, ptauFiles[0])
	_, err := ImportPtau(bytes.NewReader(data), 512)
	if !errors.Is(err, ErrPtau) || !strings.Contains(err.Error(), "has only 511") {
		t.Fatalf("want a clear too-small error, got %v", err)
	}
}

// sectionOffset returns the offset of the data of the first section of the
// given type in a .ptau file.
func sectionOffset(t *testing.T, data []byte, typ uint32) int {
	off := 12
	for off < len(data) {
		ty := binary.LittleEndian.Uint32(data[off:])
		size := binary.LittleEndian.Uint64(data[off+4:])
		if ty == typ {
			return off + 12
		}
		off += 12 + int(size)
	}
	t.Fatalf("no section %d", typ)
	return 0
}

func TestImportPtauRejectsCorruption(t *testing.T) {
	orig := readFile(t, ptauFiles[1])
	g1 := sectionOffset(t, orig, 2)
	g2 := sectionOffset(t, orig, 3)
	cases := []struct {
		name   string
		offset int
		want   string
	}{
		{"magic", 0, "not a .ptau"},
		{"version", 4, "version"},
		{"modulus", 12 + 12 + 4 + 5, "not BN254"},
		{"power", 12 + 12 + 4 + 32, "section is"},
		{"generator x", g1 + 3, "tauG1 point 0"},
		{"tauG1[1] x", g1 + 64 + 10, "tauG1 point 1"},
		{"tauG1[100] y low byte", g1 + 100*64 + 32, "tauG1 point 100"},
		{"tauG1[255] top byte", g1 + 255*64 + 31, "tauG1 point 255"},
		{"tauG2[1]", g2 + 128 + 7, "tauG2 point 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := bytes.Clone(orig)
			data[c.offset] ^= 0x01
			_, err := ImportPtau(bytes.NewReader(data), 0)
			if err == nil {
				t.Fatal("corrupted file accepted")
			}
			if !errors.Is(err, ErrPtau) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %q does not mention %q", err, c.want)
			}
		})
	}
	// A point replaced by another valid curve point (so every point check
	// passes) is caught only by the pairing consistency check.
	t.Run("valid but wrong point", func(t *testing.T) {
		data := bytes.Clone(orig)
		copy(data[g1+50*64:g1+51*64], orig[g1+51*64:g1+52*64])
		_, err := ImportPtau(bytes.NewReader(data), 0)
		if !errors.Is(err, ErrPtau) || !errors.Is(err, ErrInconsistentSRS) && !strings.Contains(err.Error(), "powers of tau") {
			t.Fatalf("want a consistency error, got %v", err)
		}
	})
	t.Run("wrong tau in G2", func(t *testing.T) {
		data := bytes.Clone(orig)
		copy(data[g2+128:g2+256], orig[g2+256:g2+384]) // [τ²]₂ as [τ]₂
		_, err := ImportPtau(bytes.NewReader(data), 0)
		if !errors.Is(err, ErrPtau) || !strings.Contains(err.Error(), "powers of tau") {
			t.Fatalf("want a consistency error, got %v", err)
		}
	})
}

func TestImportPtauTruncated(t *testing.T) {
	orig := readFile(t, ptauFiles[0])
	g1 := sectionOffset(t, orig, 2)
	g2 := sectionOffset(t, orig, 3)
	for _, n := range []int{0, 3, 11, 20, 60, g1 + 64*100 + 5, g2 - 1, g2 + 100, g2 + 300} {
		_, err := ImportPtau(bytes.NewReader(orig[:n]), 0)
		if err == nil {
			t.Fatalf("file truncated to %d bytes accepted", n)
		}
		if !errors.Is(err, ErrPtau) || !strings.Contains(err.Error(), "truncated") {
			t.Fatalf("truncated to %d: unclear error %v", n, err)
		}
	}
}

func TestImportPtauLagrange(t *testing.T) {
	final := readFile(t, ptauFiles[1])
	for _, seekable := range []bool{true, false} {
		var r io.Reader = bytes.NewReader(final)
		if !seekable {
			r = struct{ io.Reader }{r}
		}
		s, err := ImportPtau(r, 128)
		if err != nil {
			t.Fatal(err)
		}
		lag, ok := s.lag.computed()[7]
		if !ok {
			t.Fatal("Lagrange basis 2^7 not taken from the prepared file")
		}
		// it equals the basis computed by FFT from the monomial points
		plain := &SRS{G1: s.G1, G2: s.G2}
		want, err := plain.LagrangeBasis(7)
		if err != nil {
			t.Fatal(err)
		}
		for i := range want {
			if !want[i].Equal(&lag[i]) {
				t.Fatalf("imported Lagrange point %d differs from FFT", i)
			}
		}
	}
	// not a power of two: the largest domain that fits (2^6 ≤ 100)
	s, err := ImportPtau(bytes.NewReader(final), 100)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.lag.computed()[6]; !ok || len(s.lag.computed()) != 1 {
		t.Fatal("Lagrange basis 2^6 not imported for 100 points")
	}
	// more points than 2^power: the basis for 2^power
	s, err = ImportPtau(bytes.NewReader(final), 300)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.lag.computed()[8]; !ok {
		t.Fatal("Lagrange basis 2^8 not imported for 300 points")
	}
	// a file without section 12: no basis imported
	s, err = ImportPtau(bytes.NewReader(readFile(t, ptauFiles[0])), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.lag.computed()) != 0 {
		t.Fatal("Lagrange basis from a file without one")
	}

	lagOff := sectionOffset(t, final, 12) + (128-1)*64 // power 7 starts here
	t.Run("corrupt point", func(t *testing.T) {
		data := bytes.Clone(final)
		data[lagOff+5*64+3] ^= 1
		_, err := ImportPtau(bytes.NewReader(data), 128)
		if !errors.Is(err, ErrPtau) || !strings.Contains(err.Error(), "Lagrange tauG1 (2^7) point 5") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("valid but wrong points", func(t *testing.T) {
		data := bytes.Clone(final)
		a, b := data[lagOff+9*64:lagOff+10*64], data[lagOff+10*64:lagOff+11*64]
		tmp := bytes.Clone(a)
		copy(a, b)
		copy(b, tmp)
		_, err := ImportPtau(bytes.NewReader(data), 128)
		if !errors.Is(err, ErrPtau) || !strings.Contains(err.Error(), "not the Lagrange basis") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("truncated", func(t *testing.T) {
		for _, seekable := range []bool{true, false} {
			var r io.Reader = bytes.NewReader(final[:lagOff+70])
			if !seekable {
				r = struct{ io.Reader }{r}
			}
			_, err := ImportPtau(r, 128)
			if !errors.Is(err, ErrPtau) || !strings.Contains(err.Error(), "truncated") {
				t.Fatalf("seekable=%v: got %v", seekable, err)
			}
			// truncated inside a skipped section
			r = bytes.NewReader(final[:sectionOffset(t, final, 5)+100])
			if !seekable {
				r = struct{ io.Reader }{r}
			}
			if _, err := ImportPtau(r, 128); !errors.Is(err, ErrPtau) || !strings.Contains(err.Error(), "truncated") {
				t.Fatalf("seekable=%v: got %v", seekable, err)
			}
		}
	})
}

// TestImportPtauMaxSizeLimit: a requested size above MaxSize is refused up
// front, even for a file whose header claims power 28 (audit item 7: up to
// 2^29 − 1 points used to pass).
func TestImportPtauMaxSizeLimit(t *testing.T) {
	orig := readFile(t, ptauFiles[0])
	big := bytes.Clone(orig)
	binary.LittleEndian.PutUint32(big[12+12+4+32:], 28) // power 28
	for name, data := range map[string][]byte{"pot8": orig, "power 28 header": big, "empty": nil} {
		for _, size := range []uint64{MaxSize + 1, 1<<29 - 1} {
			_, err := ImportPtau(bytes.NewReader(data), size)
			if !errors.Is(err, ErrPtau) || !strings.Contains(err.Error(), "at most 2^28") {
				t.Errorf("%s, %d points: want a clear size-limit error, got %v", name, size, err)
			}
		}
	}
}
