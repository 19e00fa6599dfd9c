package pipeline

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/zkwasm/zkwasm/circuit"
	"github.com/zkwasm/zkwasm/kzg"
	"github.com/zkwasm/zkwasm/plonkish/backend"
)

// CacheDir returns the cache directory: dir if not empty, else $ZKWASM_CACHE_DIR, else
// <user cache dir>/zkwasm.
func CacheDir(dir string) (string, error) {
	if dir != "" {
		return dir, nil
	}
	if d := os.Getenv(kzg.CacheDirEnv); d != "" {
		return d, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory (set cache_dir or ZKWASM_CACHE_DIR): %w", err)
	}
	return filepath.Join(d, "zkwasm"), nil
}

// SRSPoints is the number of SRS points a circuit of 2^k rows needs.
func SRSPoints(k int) uint64 { return uint64(1)<<k + 1 }

// ReadSRS reads an SRS file and checks that it holds enough points for 2^k rows (k 0:
// no check).
func ReadSRS(path string, k int) (*kzg.SRS, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, errorf(KindFile, "set srs to a file made by `zkwasm srs new` or `zkwasm srs import`", "read SRS: %v", err)
	}
	defer f.Close()
	s := new(kzg.SRS)
	if _, err := s.ReadFrom(bufio.NewReaderSize(f, 1<<20)); err != nil {
		return nil, wrap(KindCorrupt, "make it again with `zkwasm srs new` or `zkwasm srs import`", fmt.Errorf("%s: %w", path, err))
	}
	if k > 0 {
		return FitSRS(s, path, k)
	}
	return s, nil
}

// FitSRS checks that s has enough points for 2^k rows and trims it to them.
func FitSRS(s *kzg.SRS, name string, k int) (*kzg.SRS, error) {
	need := SRSPoints(k)
	if s.Size() < need {
		return nil, errorf(KindSRS, fmt.Sprintf("use an SRS of at least 2^%d+1 points (`zkwasm srs import` a larger .ptau, or `zkwasm srs new --k %d` for tests)", k, k),
			"SRS %s has %d points, too small for k = %d (needs %d)", name, s.Size(), k, need)
	}
	return s.Prefix(need)
}

// TestSRS returns the cached insecure test SRS for 2^k rows derived from seed.
func TestSRS(k int, seed string) (*kzg.SRS, error) {
	return kzg.CachedTestSRS(SRSPoints(k), []byte(seed))
}

// KeyCacheKey names the cache entry of the keys of one program image at k over one SRS:
// a digest of the module bytes, entry, stack size, k, the SRS's verification points and
// the circuit's constraint system (so a new circuit version never reuses old keys).
func KeyCacheKey(p *Program, entry string, stackSize int, c *circuit.Circuit, srs *kzg.SRS) string {
	h := sha256.New()
	h.Write([]byte("zkwasm key cache v1\x00"))
	h.Write(p.Hash[:])
	h.Write([]byte(entry + "\x00"))
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(stackSize))
	h.Write(b[:])
	binary.BigEndian.PutUint64(b[:], uint64(c.Params.K))
	h.Write(b[:])
	binary.BigEndian.PutUint64(b[:], uint64(c.Params.LimbBits))
	h.Write(b[:])
	vk := srs.VerifyingKey()
	for _, x := range [][]byte{vk.G1.Marshal(), vk.G2[0].Marshal(), vk.G2[1].Marshal()} {
		h.Write(x)
	}
	fmt.Fprintf(h, "%d/%d/%d/%d/%d", c.CS.NumFixed(), c.CS.NumAdvice(), c.CS.NumInstance(), len(c.CS.Lookups), len(c.CS.Gates))
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Keys returns the proving and verifying keys of circuit c over srs, from the key cache
// under cacheDir if a valid entry is there, else by running setup and storing the result
// (best effort). cached reports a cache hit.
func Keys(cacheDir string, p *Program, entry string, stackSize int, c *circuit.Circuit, srs *kzg.SRS, progress Progress) (pk *backend.ProvingKey, cached bool, err error) {
	dir := ""
	if cacheDir != "" {
		dir = filepath.Join(cacheDir, "keys", KeyCacheKey(p, entry, stackSize, c, srs))
		path := filepath.Join(dir, "pk.bin")
		if _, err := os.Stat(path); err == nil {
			progress.Begin("load cached keys")
			pk, err := readPK(path)
			if err == nil {
				err = pk.SetSRS(srs)
			}
			progress.End()
			if err == nil {
				return pk, true, nil
			}
		}
	}
	pk, err = Setup(c, srs, progress)
	if err != nil {
		return nil, false, err
	}
	if dir != "" {
		_ = writeKeysAtomic(dir, pk) // a cache that cannot be written is not an error
	}
	return pk, false, nil
}

// Setup runs the backend's setup for c over srs.
func Setup(c *circuit.Circuit, srs *kzg.SRS, progress Progress) (*backend.ProvingKey, error) {
	progress.Begin("setup (fixed-column commitments)")
	pk, _, err := backend.Setup(c.CS, c.Preprocessed(), srs)
	progress.End()
	if err != nil {
		return nil, fmt.Errorf("setup: %w", err)
	}
	return pk, nil
}

func readPK(path string) (*backend.ProvingKey, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	pk := new(backend.ProvingKey)
	if _, err := pk.ReadFrom(bufio.NewReaderSize(f, 1<<20)); err != nil {
		return nil, err
	}
	return pk, nil
}

// ReadPK reads a proving key file and attaches srs.
func ReadPK(path string, srs *kzg.SRS) (*backend.ProvingKey, error) {
	pk, err := readPK(path)
	if err != nil {
		if os.IsNotExist(err) || errors.Is(err, os.ErrPermission) {
			return nil, errorf(KindFile, "run `zkwasm setup` first", "read proving key: %v", err)
		}
		return nil, wrap(KindCorrupt, "run `zkwasm setup` again", fmt.Errorf("%s: %w", path, err))
	}
	if err := pk.SetSRS(srs); err != nil {
		if errors.Is(err, backend.ErrKeyMismatch) {
			return nil, wrap(KindCorrupt, "the proving key does not match its own verifying key: run `zkwasm setup` again", fmt.Errorf("%s: %w", path, err))
		}
		return nil, wrap(KindMismatch, "use the SRS the key was made with", fmt.Errorf("%s: %w", path, err))
	}
	return pk, nil
}

// ReadVK reads a verifying key file.
func ReadVK(path string) (*backend.VerifyingKey, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, errorf(KindFile, "give the vk.bin written by `zkwasm setup`", "read verifying key: %v", err)
	}
	defer f.Close()
	vk := new(backend.VerifyingKey)
	if _, err := vk.ReadFrom(bufio.NewReader(f)); err != nil {
		return nil, wrap(KindCorrupt, "run `zkwasm setup` again", fmt.Errorf("%s: %w", path, err))
	}
	// trailing bytes mean a damaged or concatenated file
	if n, _ := io.Copy(io.Discard, f); n > 0 {
		return nil, errorf(KindCorrupt, "run `zkwasm setup` again", "%s: %d trailing bytes after the verifying key", path, n)
	}
	return vk, nil
}

// WriteFile writes w's output to path atomically (temporary file, then rename).
func WriteFile(path string, w io.WriterTo) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(tmp, 1<<20)
	_, err = w.WriteTo(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

func writeKeysAtomic(dir string, pk *backend.ProvingKey) error {
	if err := WriteFile(filepath.Join(dir, "vk.bin"), pk.VK); err != nil {
		return err
	}
	return WriteFile(filepath.Join(dir, "pk.bin"), pk)
}
