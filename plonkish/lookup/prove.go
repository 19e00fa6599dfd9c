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

// BalanceError reports a bus whose interactions do not balance.
type BalanceError struct{ Bus string }

func (e *BalanceError) Error() string { return fmt.Sprintf("bus %q does not balance", e.Bus) }

// Eval evaluates expressions on the n rows of the prover's columns (Lagrange form).
type Eval func(exprs []plonkish.Expression) [][]fr.Element

// Multiplicities returns m for table l.Tables[ti]: how often each of its usable rows is
// looked up. m's rows from usable on are random (from rand). An input that is not in the
// table is a *MissError unless lenient is set, in which case it is skipped (the proof
// will then be rejected: this is how soundness tests prove bad witnesses).
func (l *Layout) Multiplicities(ti int, theta fr.Element, eval Eval, n, usable int, lenient bool, rand io.Reader) (poly.Lagrange, error) {
	var exprs []plonkish.Expression
	var names []string
	table := -1
	for i := range l.Terms {
		t := &l.Terms[i]
		if t.Table != ti || t.Kind == Interaction {
			continue
		}
		if t.Kind == TableTerm {
			table = len(exprs)
		} else {
			names = append(names, t.Name)
		}
		exprs = append(exprs, t.Compressed(theta))
	}
	vals := eval(exprs)
	tv := vals[table]
	inputs := append(append([][]fr.Element{}, vals[:table]...), vals[table+1:]...)
	index := make(map[fr.Element]int32, usable)
	for i := usable - 1; i >= 0; i-- { // first occurrence wins
		index[tv[i]] = int32(i)
	}
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
						miss = &MissError{Lookup: names[k], Row: i}
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

// Accumulate returns the helper columns and the running sum φ for challenges θ, β.
// eval must read the multiplicity columns c.M. Rows past the usable ones are random,
// except φ's row usable, which holds the total (zero for a valid witness). A bus that
// does not balance is a *BalanceError unless lenient is set.
func (l *Layout) Accumulate(c *Columns, eval Eval, n, usable int, theta, beta fr.Element, lenient bool, rand io.Reader) (helpers []poly.Lagrange, phi poly.Lagrange, err error) {
	groupOf := make([]int, len(l.Terms))
	for i := range groupOf {
		groupOf[i] = -1
	}
	for g, grp := range l.Groups {
		for _, i := range grp {
			groupOf[i] = g
		}
	}
	helpers = make([]poly.Lagrange, len(l.Groups))
	for g := range helpers {
		helpers[g] = make(poly.Lagrange, n)
	}
	step := make([]fr.Element, usable) // the inline terms' contributions
	busTotal := map[uint64]fr.Element{}
	busName := map[uint64]string{}
	for i := range l.Terms {
		t := &l.Terms[i]
		exprs := []plonkish.Expression{t.Denominator(theta, beta)}
		if t.Kind != Input {
			exprs = append(exprs, t.Numerator(c))
		}
		vals := eval(exprs)
		den := vals[0][:usable]
		if err := poly.BatchInvert(den); err != nil {
			return nil, nil, fmt.Errorf("lookup: %q: %w", t.Name, err)
		}
		if t.Kind != Input {
			v := fr.Vector(den)
			poly.ParallelChunks(usable, func(lo, hi int) {
				d := v[lo:hi]
				d.Mul(d, vals[1][lo:hi])
			})
		}
		acc := step
		if g := groupOf[i]; g >= 0 {
			acc = helpers[g][:usable]
		}
		poly.ParallelChunks(usable, func(lo, hi int) {
			a := fr.Vector(acc[lo:hi])
			a.Add(a, den[lo:hi])
		})
		if t.Kind == Interaction {
			s := busTotal[t.Tag]
			v := fr.Vector(den)
			sum := v.Sum()
			s.Add(&s, &sum)
			busTotal[t.Tag] = s
			busName[t.Tag] = t.Bus
		}
	}
	if !lenient {
		for tag, s := range busTotal {
			if !s.IsZero() {
				return nil, nil, &BalanceError{Bus: busName[tag]}
			}
		}
	}
	for _, h := range helpers {
		if err := poly.RandomFill(h[usable:], rand); err != nil {
			return nil, nil, err
		}
		poly.ParallelChunks(usable, func(lo, hi int) {
			s := fr.Vector(step[lo:hi])
			s.Add(s, fr.Vector(h[lo:hi]))
		})
	}
	phi = make(poly.Lagrange, n)
	for i := range usable {
		phi[i+1].Add(&phi[i], &step[i])
	}
	if err := poly.RandomFill(phi[usable+1:], rand); err != nil {
		return nil, nil, err
	}
	return helpers, phi, nil
}
