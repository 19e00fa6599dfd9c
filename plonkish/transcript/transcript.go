package transcript

import (
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"golang.org/x/crypto/sha3"
)

// WordSize is the size in bytes of every absorbed word and of the state.
const WordSize = 32

// Transcript is the Keccak-256 Fiat-Shamir transcript specified in the
// package documentation. The zero value is not usable; call New.
// A Transcript is not safe for concurrent use.
type Transcript struct {
	state [WordSize]byte
	buf   []byte // state ‖ buffer: buf[:32] is a copy of state when hashing
}

// New starts a transcript bound to the verifying key's digest: the state is
// word(vkDigest) and the buffer is empty.
func New(vkDigest fr.Element) *Transcript {
	t := &Transcript{buf: make([]byte, WordSize, 16*WordSize)}
	t.state = vkDigest.Bytes()
	return t
}

// AbsorbScalar appends the 32-byte big-endian canonical encoding of s.
func (t *Transcript) AbsorbScalar(s *fr.Element) {
	b := s.Bytes()
	t.buf = append(t.buf, b[:]...)
}

// AbsorbG1 appends x ‖ y (each 32 bytes big-endian) of the affine point p;
// the point at infinity is absorbed as two zero words.
func (t *Transcript) AbsorbG1(p *bn254.G1Affine) {
	if p.IsInfinity() {
		var zero [2 * WordSize]byte
		t.buf = append(t.buf, zero[:]...)
		return
	}
	x := p.X.Bytes()
	y := p.Y.Bytes()
	t.buf = append(t.buf, x[:]...)
	t.buf = append(t.buf, y[:]...)
}

// Challenge hashes state ‖ buffer with Keccak-256 into the new state, clears
// the buffer and returns the state reduced mod r.
func (t *Transcript) Challenge() fr.Element {
	copy(t.buf[:WordSize], t.state[:])
	h := sha3.NewLegacyKeccak256()
	h.Write(t.buf)
	h.Sum(t.state[:0])
	t.buf = t.buf[:WordSize]
	var c fr.Element
	c.SetBigInt(new(big.Int).SetBytes(t.state[:])) // reduces mod r
	return c
}

// State returns the current 32-byte state (for test vectors and debugging).
func (t *Transcript) State() [WordSize]byte { return t.state }

// Pending returns the number of bytes absorbed since the last challenge.
func (t *Transcript) Pending() int { return len(t.buf) - WordSize }
