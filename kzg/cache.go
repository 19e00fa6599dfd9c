package kzg

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
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
// A cached file is used only if it parses (every point checked, checksum
// matches), is marked insecure, has the requested size, and its G2 point
// and a sample of its G1 points are the right powers of the seed's τ;
// anything else is regenerated and replaced. Files are written to a temporary
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

func readCachedTestSRS(path string, size uint64, seed []byte) (*SRS, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var s SRS
	if _, err := s.ReadFrom(f); err != nil {
		return nil, err
	}
	if !s.Insecure || s.Size() != size {
		return nil, errors.New("cached SRS has the wrong kind or size")
	}
	tau := TestTau(seed)
	if err := spotCheck(&s, tau); err != nil {
		return nil, err
	}
	s.tau = &tau
	return &s, nil
}

// spotCheck compares [τ]₂, the first, last and a few random G1 points with
// the powers of the known τ. With the checksum and the per-point checks of
// ReadFrom this catches a stale or foreign file; bit rot is the checksum's job.
func spotCheck(s *SRS, tau fr.Element) error {
	_, _, g1, g2 := bn254.Generators()
	var b big.Int
	var want2 bn254.G2Affine
	want2.ScalarMultiplication(&g2, tau.BigInt(&b))
	if !s.G2[0].Equal(&g2) || !s.G2[1].Equal(&want2) {
		return errors.New("cached SRS: G2 points do not match the seed")
	}
	n := len(s.G1)
	idx := []int{0, 1, n - 1}
	for range 4 {
		idx = append(idx, rand.IntN(n))
	}
	for _, i := range idx {
		var e fr.Element
		e.Exp(tau, big.NewInt(int64(i)))
		var want bn254.G1Affine
		want.ScalarMultiplication(&g1, e.BigInt(&b))
		if !s.G1[i].Equal(&want) {
			return fmt.Errorf("cached SRS: G1 point %d does not match the seed", i)
		}
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
