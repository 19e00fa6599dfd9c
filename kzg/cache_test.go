package kzg

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254"
)

// cacheFixture points the cache at a temporary directory and returns the
// path CachedTestSRS(n, testSeed) uses and the honest SRS.
func cacheFixture(t *testing.T, n uint64) (string, *SRS) {
	t.Helper()
	dir := t.TempDir()
	t.Setenv(CacheDirEnv, dir)
	if err := os.MkdirAll(filepath.Join(dir, "srs"), 0o755); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "srs", testSRSFileName(n, testSeed)), mustTestSRS(t, n)
}

// wantRegenerated loads through CachedTestSRS and checks that the result is
// the honest SRS (every point, and the Lagrange basis for k) and that the
// file has been replaced by one that reads back as valid.
func wantRegenerated(t *testing.T, path string, honest *SRS, k int) {
	t.Helper()
	got, err := CachedTestSRS(honest.Size(), testSeed)
	if err != nil {
		t.Fatal(err)
	}
	for i := range honest.G1 {
		if !got.G1[i].Equal(&honest.G1[i]) {
			t.Fatalf("tampered cache file served: G1[%d] differs", i)
		}
	}
	if k > 0 {
		a, err := got.LagrangeBasis(k)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := honest.LagrangeBasis(k)
		for i := range b {
			if !a[i].Equal(&b[i]) {
				t.Fatalf("tampered Lagrange basis served: point %d differs", i)
			}
		}
	}
	st, err := os.Lstat(path)
	if err != nil || !st.Mode().IsRegular() {
		t.Fatalf("cache file not replaced by a regular file: %v", err)
	}
	if _, err := readCachedTestSRS(path, honest.Size(), testSeed); err != nil {
		t.Fatalf("cache file not rewritten with a valid SRS: %v", err)
	}
}

// TestCachedTestSRSTamperedRechecksummed: a cache file with a valid
// checksum whose G1 point is another valid point is not served (audit
// item 3: only a handful of points used to be compared with τ).
func TestCachedTestSRSTamperedRechecksummed(t *testing.T) {
	const n = 1024
	path, honest := cacheFixture(t, n)
	bad := *honest
	bad.G1 = append([]bn254.G1Affine(nil), honest.G1...)
	bad.G1[500] = honest.G1[501] // on the curve, wrong power
	if err := writeFileAtomic(path, &bad); err != nil {
		t.Fatal(err)
	}
	if _, err := readCachedTestSRS(path, n, testSeed); err == nil {
		t.Fatal("tampered, re-checksummed cache file accepted")
	}
	wantRegenerated(t, path, honest, 0)
}

// TestCachedTestSRSRejectsLagrange: a cache file carrying a (wrong)
// Lagrange basis is not served, and the basis never reaches the caller.
func TestCachedTestSRSRejectsLagrange(t *testing.T) {
	const n, k = 64, 4
	path, honest := cacheFixture(t, n)
	bad := *honest
	bad.lag = newLagrangeCache()
	wrong := make([]bn254.G1Affine, 1<<k)
	copy(wrong, honest.G1) // monomial points are not the Lagrange basis
	bad.lag.set(k, wrong, false)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bad.Write(f, false, k); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := readCachedTestSRS(path, n, testSeed); err == nil {
		t.Fatal("cache file with a Lagrange basis accepted")
	}
	wantRegenerated(t, path, honest, k)
}

// TestCachedTestSRSRejectsOddFiles: trailing bytes (size differs from the
// header's), a compressed file and a symlink are not read.
func TestCachedTestSRSRejectsOddFiles(t *testing.T) {
	const n = 64
	path, honest := cacheFixture(t, n)
	var buf bytes.Buffer
	if _, err := honest.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	valid := buf.Bytes()

	if err := os.WriteFile(path, append(append([]byte(nil), valid...), make([]byte, 1<<10)...), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readCachedTestSRS(path, n, testSeed); err == nil {
		t.Error("cache file with trailing bytes accepted")
	}
	wantRegenerated(t, path, honest, 0)

	var cbuf bytes.Buffer
	if _, err := honest.Write(&cbuf, true); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, cbuf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readCachedTestSRS(path, n, testSeed); err == nil {
		t.Error("compressed cache file accepted")
	}
	wantRegenerated(t, path, honest, 0)

	target := filepath.Join(t.TempDir(), "elsewhere.srs")
	if err := os.WriteFile(target, valid, 0o644); err != nil {
		t.Fatal(err)
	}
	os.Remove(path)
	if err := os.Symlink(target, path); err != nil {
		t.Fatal(err)
	}
	if _, err := readCachedTestSRS(path, n, testSeed); err == nil {
		t.Error("symlinked cache file followed")
	}
	wantRegenerated(t, path, honest, 0)
	if data, err := os.ReadFile(target); err != nil || !bytes.Equal(data, valid) {
		t.Error("symlink target modified")
	}
}
