package kzg

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// CacheDirEnv names the environment variable that overrides where
// CachedTestSRS keeps its files (default: os.UserCacheDir()/zkwasm/srs).
const CacheDirEnv = "ZKWASM_CACHE_DIR"

// TestSRSCacheDir returns the directory CachedTestSRS uses:
// $ZKWASM_CACHE_DIR/srs if that is set, else <user cache dir>/zkwasm/srs.
func TestSRSCacheDir() (string, error) {
	if d := os.Getenv(CacheDirEnv); d != "" {
		return filepath.Join(d, "srs"), nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "zkwasm", "srs"), nil
}

// testSRSFileName is the cache key: size and a digest of the τ derivation
// domain and seed (so a change of derivation never reuses old files).
func testSRSFileName(size uint64, seed []byte) string {
	h := sha256.New()
	h.Write([]byte(testTauDomain))
	h.Write(seed)
	return fmt.Sprintf("test-%d-%s.srs", size, hex.EncodeToString(h.Sum(nil)[:12]))
}

// CachedTestSRS returns NewTestSRS(size, seed), reading it from the disk
// cache (TestSRSCacheDir) when a valid copy is there and writing it there
// otherwise. INSECURE, like NewTestSRS: for tests and benchmarks only.
//
// A cached file is used only if it is a regular file (not a symlink) of
// exactly the expected size, parses (every point checked, checksum
// matches), is marked insecure, uncompressed, without Lagrange bases, has
// the requested size, and all its points are the powers of the seed's τ
// (G2 by equality, G1 by one random-linear-combination MSM: see
// verifyAgainstTau); anything else is regenerated and replaced. Files are written to a temporary
// name and renamed, so concurrent test processes never see a partial file.
// A cache that cannot be written is not an error: the SRS is still returned.
func CachedTestSRS(size uint64, seed []byte) (*SRS, error) {
	if size < 2 || size > MaxSize {
		return nil, fmt.Errorf("kzg: test SRS of %d points: size must be in [2, 2^%d]", size, MaxLogSize)
	}
	dir, dirErr := TestSRSCacheDir()
	var path string
	if dirErr == nil {
		path = filepath.Join(dir, testSRSFileName(size, seed))
		if s, err := readCachedTestSRS(path, size, seed); err == nil {
			return s, nil
		}
	}
	s, err := NewTestSRS(size, seed)
	if err != nil {
		return nil, err
	}
	if dirErr == nil {
		_ = writeFileAtomic(path, s) // best effort
	}
	return s, nil
}

// cacheFileSize is the exact size of a cache file for an SRS of n points:
// uncompressed, no Lagrange basis, checksum.
func cacheFileSize(n uint64) int64 {
	return int64(srsHeaderSize + 2*bn254.SizeOfG2AffineUncompressed +
		n*bn254.SizeOfG1AffineUncompressed + 1 + sha256.Size)
}

// readCachedTestSRS reads and fully verifies a cache file. It reads only a
// regular file (no symlink) of exactly the size an uncompressed SRS of size
// points without Lagrange bases has, and checks it entirely against the
// seed's τ (verifyAgainstTau), so a file with a valid checksum but tampered
// points is refused.
func readCachedTestSRS(path string, size uint64, seed []byte) (*SRS, error) {
	st, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("cached SRS %s is not a regular file (%v)", path, st.Mode().Type())
	}
	if want := cacheFileSize(size); st.Size() != want {
		return nil, fmt.Errorf("cached SRS %s has %d bytes, want %d", path, st.Size(), want)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// the file opened must be the one inspected (not swapped in between)
	if st2, err := f.Stat(); err != nil || !os.SameFile(st, st2) {
		return nil, fmt.Errorf("cached SRS %s changed while being opened", path)
	}
	var s SRS
	if _, err := s.ReadFrom(io.LimitReader(f, cacheFileSize(size))); err != nil {
		return nil, err
	}
	if !s.Insecure || s.Size() != size {
		return nil, errors.New("cached SRS has the wrong kind or size")
	}
	if s.lag.size() != 0 {
		return nil, errors.New("cached SRS carries Lagrange bases")
	}
	tau := TestTau(seed)
	if err := verifyAgainstTau(&s, tau); err != nil {
		return nil, err
	}
	s.tau = &tau
	return &s, nil
}

// verifyAgainstTau checks that s is exactly the test SRS of τ: G2 points by
// equality, and every G1 point by one random linear combination,
//
//	Σ ρ_i·G1[i] = (Σ ρ_i·τ^i)·G   with ρ_i random 128-bit integers,
//
// which fails with probability at least 1 − 2^-128 if any G1[i] ≠ [τ^i]₁
// (the points are group elements, as ReadFrom checked, and ρ is drawn after
// the file is fixed). Cost: one MSM of n points with 128-bit scalars, a
// fraction of what regenerating costs.
func verifyAgainstTau(s *SRS, tau fr.Element) error {
	_, _, g1, g2 := bn254.Generators()
	var b big.Int
	var want2 bn254.G2Affine
	want2.ScalarMultiplication(&g2, tau.BigInt(&b))
	if !s.G2[0].Equal(&g2) || !s.G2[1].Equal(&want2) {
		return errors.New("cached SRS: G2 points do not match the seed")
	}
	n := len(s.G1)
	rho := make([]fr.Element, n)
	if err := randomScalarsBytes(rho, 16); err != nil {
		return err
	}
	// Σ ρ_i τ^i by Horner
	var e fr.Element
	for i := n - 1; i >= 0; i-- {
		e.Mul(&e, &tau).Add(&e, &rho[i])
	}
	var lhs, rhs bn254.G1Affine
	if _, err := lhs.MultiExp(s.G1, rho, msmConfig); err != nil {
		return err
	}
	rhs.ScalarMultiplication(&g1, e.BigInt(&b))
	if !lhs.Equal(&rhs) {
		return errors.New("cached SRS: G1 points do not match the seed")
	}
	return nil
}

func writeFileAtomic(path string, s *SRS) (err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 1<<20)
	if _, err = s.WriteTo(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
