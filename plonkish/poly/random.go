package poly

import (
	"fmt"
	"io"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// RandomFill sets every element of dst to a uniformly random field element read from r
// (48 bytes per element, reduced mod r, so the bias is below 2^−128).
func RandomFill(dst []fr.Element, r io.Reader) error {
	var buf [48]byte
	var b big.Int
	for i := range dst {
		if _, err := io.ReadFull(r, buf[:]); err != nil {
			return fmt.Errorf("poly: reading randomness: %w", err)
		}
		b.SetBytes(buf[:])
		dst[i].SetBigInt(&b)
	}
	return nil
}
