package multiopen

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fp"
)

// ProofSize is the size in bytes of a marshalled Proof.
const ProofSize = 4 * fp.Bytes

// MarshalBinary encodes the proof as W.x ‖ W.y ‖ W'.x ‖ W'.y, each a 32-byte
// big-endian word, the point at infinity as (0, 0): the EVM's encoding.
func (p *Proof) MarshalBinary() ([]byte, error) {
	out := make([]byte, 0, ProofSize)
	for _, q := range []*bn254.G1Affine{&p.W, &p.WPrime} {
		x, y := q.X.Bytes(), q.Y.Bytes() // infinity is stored as (0, 0)
		out = append(out, x[:]...)
		out = append(out, y[:]...)
	}
	return out, nil
}

// UnmarshalBinary decodes MarshalBinary's format, rejecting non-canonical
// coordinates and points not on the curve.
func (p *Proof) UnmarshalBinary(b []byte) error {
	if len(b) != ProofSize {
		return fmt.Errorf("multiopen: proof is %d bytes, want %d", len(b), ProofSize)
	}
	for i, q := range []*bn254.G1Affine{&p.W, &p.WPrime} {
		if err := decodeG1(q, b[i*2*fp.Bytes:(i+1)*2*fp.Bytes]); err != nil {
			return fmt.Errorf("multiopen: proof point %d: %w", i, err)
		}
	}
	return nil
}

// decodeG1 reads x ‖ y (64 bytes, big-endian) into q.
func decodeG1(q *bn254.G1Affine, b []byte) error {
	if err := q.X.SetBytesCanonical(b[:fp.Bytes]); err != nil {
		return fmt.Errorf("x: %w", err)
	}
	if err := q.Y.SetBytesCanonical(b[fp.Bytes : 2*fp.Bytes]); err != nil {
		return fmt.Errorf("y: %w", err)
	}
	return checkG1(q)
}

// checkG1 accepts the point at infinity and points of G1.
func checkG1(q *bn254.G1Affine) error {
	if q.IsInfinity() {
		return nil
	}
	if !q.IsOnCurve() {
		return fmt.Errorf("point (%s, %s) is not on the curve", q.X.String(), q.Y.String())
	}
	if !q.IsInSubGroup() {
		return fmt.Errorf("point (%s, %s) is not in G1", q.X.String(), q.Y.String())
	}
	return nil
}
