package kzg

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254"
)

// srsFileWithLagrange serializes s with the Lagrange bases for ks; when
// swapK > 0 the first two points of the basis for swapK are swapped (still
// valid points, a valid checksum, the wrong basis).
func srsFileWithLagrange(t *testing.T, s *SRS, swapK int, ks ...int) []byte {
	t.Helper()
	src := *s
	src.lag = newLagrangeCache()
	for _, k := range ks {
		b, err := s.LagrangeBasis(k)
		if err != nil {
			t.Fatal(err)
		}
		b = append([]bn254.G1Affine(nil), b...)
		if k == swapK {
			b[0], b[1] = b[1], b[0]
		}
		src.lag.set(k, b, false)
	}
	var buf bytes.Buffer
	if _, err := src.Write(&buf, false, ks...); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readSRS(t *testing.T, data []byte) *SRS {
	t.Helper()
	var s SRS
	if _, err := s.ReadFrom(bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	return &s
}

// TestLagrangeBasisFromFileVerified: a basis read from a file is verified
// before LagrangeBasis or CommitLagrange serve it (audit item 4).
func TestLagrangeBasisFromFileVerified(t *testing.T) {
	s := mustTestSRS(t, 64)
	bad := readSRS(t, srsFileWithLagrange(t, s, 4, 4))
	if b, err := bad.LagrangeBasis(4); err == nil {
		want, _ := s.LagrangeBasis(4)
		if !b[0].Equal(&want[0]) {
			t.Fatal("tampered Lagrange basis from a file served unchecked")
		}
		t.Fatal("tampered Lagrange basis from a file: no error")
	} else if !strings.Contains(err.Error(), "Lagrange basis 2^4") {
		t.Fatalf("unclear error: %v", err)
	}
	if _, err := bad.CommitLagrange(4, randomElements(16, 8, 1)); err == nil {
		t.Fatal("CommitLagrange used a tampered basis")
	}
	if err := bad.Check(); err == nil {
		t.Fatal("Check accepts the tampered basis")
	}
	// through a prefix (shared cache) too
	bad2 := readSRS(t, srsFileWithLagrange(t, s, 4, 4))
	p, _ := bad2.Prefix(32)
	if _, err := p.LagrangeBasis(4); err == nil {
		t.Fatal("prefix served a tampered basis")
	}

	// an honest basis from a file is served, equal to the computed one
	good := readSRS(t, srsFileWithLagrange(t, s, 0, 3, 4))
	for _, k := range []int{3, 4} {
		got, err := good.LagrangeBasis(k)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := s.LagrangeBasis(k)
		for i := range want {
			if !got[i].Equal(&want[i]) {
				t.Fatalf("2^%d point %d differs", k, i)
			}
		}
	}
}

// TestPrefixCheckSkipsLargerLagrange: a prefix of an SRS holding a
// file-read basis larger than the prefix still checks (audit item 5), and
// does not vouch for that basis.
func TestPrefixCheckSkipsLargerLagrange(t *testing.T) {
	s := mustTestSRS(t, 64)
	for _, swap := range []int{0, 6} {
		parent := readSRS(t, srsFileWithLagrange(t, s, swap, 3, 6))
		p, err := parent.Prefix(16)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Check(); err != nil {
			t.Fatalf("swap=%d: prefix of 16 with a 2^6 basis in the parent: %v", swap, err)
		}
		_, err = parent.LagrangeBasis(6)
		if swap == 6 && err == nil {
			t.Fatal("tampered 2^6 basis served after a prefix Check")
		}
		if swap == 0 && err != nil {
			t.Fatal(err)
		}
		if err := parent.Check(); (err != nil) != (swap == 6) {
			t.Fatalf("swap=%d: parent Check: %v", swap, err)
		}
	}
	// a tampered basis the prefix covers still fails the prefix's Check
	parent := readSRS(t, srsFileWithLagrange(t, s, 3, 3, 6))
	p, _ := parent.Prefix(16)
	if err := p.Check(); err == nil {
		t.Fatal("prefix Check missed a tampered 2^3 basis")
	}
}

// TestLagrangeLiteralConcurrent: first uses of LagrangeBasis, Prefix and
// Check on an SRS built as a literal, from many goroutines (audit item 6:
// run with -race).
func TestLagrangeLiteralConcurrent(t *testing.T) {
	s := mustTestSRS(t, 32)
	lit := &SRS{G1: s.G1, G2: s.G2}
	want, _ := s.LagrangeBasis(4)
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for i := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			switch i % 3 {
			case 0:
				b, err := lit.LagrangeBasis(4)
				if err != nil {
					errs <- err
				} else if !b[3].Equal(&want[3]) {
					errs <- errors.New("literal basis differs")
				}
			case 1:
				p, err := lit.Prefix(16)
				if err != nil {
					errs <- err
					return
				}
				if _, err := p.LagrangeBasis(4); err != nil {
					errs <- err
				}
			case 2:
				if err := lit.Check(); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}
