package backend

import (
	"fmt"

	"github.com/zkwasm/zkwasm/plonkish"
)

// checkRotations refuses rotations the opening cannot separate: a column queried at two
// rotations equal modulo n reads one point x·ω^r under two names (the proof would carry
// two evaluations of one point, and the rows reserved for blinding would be counted
// from a wrong number of distinct queries), and a rotation with |r| ≥ n is one of those
// in disguise. It is called with the rotations of every column the constraints read.
func checkRotations(cs *plonkish.ConstraintSystem, n int, c plonkish.Column, rots []plonkish.Rotation) error {
	name := func() string {
		switch {
		case c.Kind == plonkish.Fixed && c.Index < cs.NumFixed(), c.Kind == plonkish.Advice && c.Index < cs.NumAdvice(), c.Kind == plonkish.Instance:
			return fmt.Sprintf("column %q (%s)", cs.ColumnName(c), c)
		}
		return fmt.Sprintf("argument column %s", c)
	}
	seen := make(map[int]plonkish.Rotation, len(rots))
	for _, r := range rots {
		if int64(r) <= -int64(n) || int64(r) >= int64(n) {
			return fmt.Errorf("%s queried at rotation %d: rotations must lie in (-n, n) for n = %d rows", name(), r, n)
		}
		m := ((int(r) % n) + n) % n
		if s, ok := seen[m]; ok && s != r {
			return fmt.Errorf("%s queried at rotations %d and %d, the same row modulo n = %d", name(), s, r, n)
		}
		seen[m] = r
	}
	return nil
}
