package poly

import (
	"errors"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// ErrZeroInverse is returned by BatchInvert when an element is zero.
var ErrZeroInverse = errors.New("poly: inverse of zero")

// BatchInvert inverts v in place, in parallel (Montgomery's trick per chunk). A zero
// element is an error (with random challenges it happens with negligible probability).
func BatchInvert(v []fr.Element) error {
	zero := false
	ParallelChunks(len(v), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			if v[i].IsZero() {
				zero = true
				return
			}
		}
		copy(v[lo:hi], fr.BatchInvert(v[lo:hi]))
	})
	if zero {
		return ErrZeroInverse
	}
	return nil
}
