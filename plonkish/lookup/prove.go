package lookup

import (
	"fmt"
	"io"
	"sync"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/poly"
)

// MissError reports a lookup input that is not in its table (the witness does not
// satisfy the circuit).
type MissError struct {
	Lookup string
	Row    int
}

func (e *MissError) Error() string {
	return fmt.Sprintf("lookup %q: input on row %d is not in the table", e.Lookup, e.Row)
}

// Multiplicities returns m for one table: t holds the compressed table on the n rows,
// inputs[k] the compressed inputs of lookup tl.Lookups[k]. Only the usable rows count;
// m's later rows are random (from rand). An input that is not in the table is a
// *MissError unless lenient is set, in which case it is skipped (the proof will then be
// rejected: this is how soundness tests make proofs of bad witnesses).
func Multiplicities(cs *plonkish.ConstraintSystem, tl *TableLayout, t []fr.Element, inputs [][]fr.Element, usable int, lenient bool, rand io.Reader) (poly.Lagrange, error) {
	n := len(t)
	index := make(map[fr.Element]int32, usable)
	for i := usable - 1; i >= 0; i-- { // first occurrence wins
		index[t[i]] = int32(i)
	}
	// count in parallel: each worker has its own counts (the index is only read)
	var mu sync.Mutex
	counts := make([]uint64, usable)
	var miss *MissError
	poly.Parallel((usable+4095)/4096, func(b0, b1 int) {
		local := make([]uint64, usable)
		lo, hi := b0*4096, min(b1*4096, usable)
		for k, in := range inputs {
			for i := lo; i < hi; i++ {
				r, ok := index[in[i]]
				if !ok {
					if lenient {
						continue
					}
					mu.Lock()
					if miss == nil || i < miss.Row {
						miss = &MissError{Lookup: cs.Lookups[tl.Lookups[k]].Name, Row: i}
					}
					mu.Unlock()
					break
				}
				local[r]++
			}
		}
		mu.Lock()
		for i, c := range local {
			counts[i] += c
		}
		mu.Unlock()
	})
	if miss != nil {
		return nil, miss
	}
	m := make(poly.Lagrange, n)
	for i, c := range counts {
		m[i].SetUint64(c)
	}
	if err := poly.RandomFill(m[usable:], rand); err != nil {
		return nil, err
	}
	return m, nil
}

// Accumulate returns the helper columns and the running sum φ of one table for challenge
// β, from the compressed table t, the compressed inputs (indexed like tl.Lookups) and the
// multiplicities m. Rows past the usable ones are random except φ's row usable, which
// holds the total (zero for a valid witness).
func Accumulate(tl *TableLayout, t []fr.Element, inputs [][]fr.Element, m poly.Lagrange, usable int, beta fr.Element, rand io.Reader) (helpers []poly.Lagrange, phi poly.Lagrange, err error) {
	n := len(t)
	pos := map[int]int{}
	for k, i := range tl.Lookups {
		pos[i] = k
	}
	// inverses 1/(β + f) of every input, and 1/(β + t)
	inv := func(v []fr.Element) ([]fr.Element, error) {
		out := make([]fr.Element, usable)
		poly.ParallelChunks(usable, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				out[i].Add(&v[i], &beta)
			}
		})
		if err := poly.BatchInvert(out); err != nil {
			return nil, err
		}
		return out, nil
	}
	invs := make([][]fr.Element, len(inputs))
	for k := range inputs {
		if invs[k], err = inv(inputs[k]); err != nil {
			return nil, nil, fmt.Errorf("lookup: %w", err)
		}
	}
	invT, err := inv(t)
	if err != nil {
		return nil, nil, fmt.Errorf("lookup: table: %w", err)
	}
	for _, g := range tl.Groups {
		h := make(poly.Lagrange, n)
		for _, i := range g {
			iv := invs[pos[i]]
			poly.ParallelChunks(usable, func(lo, hi int) {
				v := fr.Vector(h[lo:hi])
				v.Add(v, iv[lo:hi])
			})
		}
		if err := poly.RandomFill(h[usable:], rand); err != nil {
			return nil, nil, err
		}
		helpers = append(helpers, h)
	}
	// per-row increment: Σ_g h_g + Σ_{G0} inv − m·invT
	step := make([]fr.Element, usable)
	poly.ParallelChunks(usable, func(lo, hi int) {
		s := fr.Vector(step[lo:hi])
		s.Mul(fr.Vector(m[lo:hi]), invT[lo:hi])
		for i := lo; i < hi; i++ {
			step[i].Neg(&step[i])
		}
		for _, h := range helpers {
			s.Add(s, fr.Vector(h[lo:hi]))
		}
		for _, i := range tl.Inline {
			s.Add(s, invs[pos[i]][lo:hi])
		}
	})
	phi = make(poly.Lagrange, n)
	for i := range usable {
		phi[i+1].Add(&phi[i], &step[i])
	}
	if err := poly.RandomFill(phi[usable+1:], rand); err != nil {
		return nil, nil, err
	}
	return helpers, phi, nil
}
