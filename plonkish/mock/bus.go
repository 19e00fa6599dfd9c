package mock

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
)

// checkBuses checks that, for every bus, the multiplicities of each distinct tuple summed
// over all usable rows and all interactions are zero in the field. Rows where an
// interaction's multiplicity is zero contribute nothing, whatever their values.
func (v *verifier) checkBuses() {
	for bi, b := range v.cs.Buses {
		if len(b.Interactions) == 0 {
			continue
		}
		w := len(b.Interactions[0].Values)
		idx := newTupleIndex(w, 1024, false)
		type first struct {
			row, inter int
			m          fr.Element
		}
		var net []fr.Element
		var firsts []first
		for ii, it := range b.Interactions {
			exprs := append([]plonkish.Expression{it.Multiplicity}, it.Values...)
			vals := v.evalTuples(exprs, func(s *sink, row int) {
				s.add(cid{Blinding, bi, -5, b.Name}, func() Failure {
					return v.blindingFailure(fmt.Sprintf("bus %q interaction %q", b.Name, it.Name), b.Name, bi, -5, exprs, row)
				})
			})
			for r := 0; r < v.usable; r++ {
				row := vals[r*(w+1) : (r+1)*(w+1)]
				if row[0].IsZero() {
					continue
				}
				e := int(idx.insert(row[1:]))
				if e == len(net) {
					net = append(net, fr.Element{})
					firsts = append(firsts, first{r, ii, row[0]})
				}
				net[e].Add(&net[e], &row[0])
			}
		}
		for e := range net {
			if net[e].IsZero() {
				continue
			}
			f := firsts[e]
			it := b.Interactions[f.inter]
			tup := append([]fr.Element(nil), idx.vals[e*w:(e+1)*w]...)
			total := net[e]
			v.out.add(cid{Bus, bi, -1, b.Name}, func() Failure {
				return Failure{Kind: Bus, Name: b.Name, Index: bi, Poly: -1, Row: f.row, Values: tup,
					Cells: v.cells(append([]plonkish.Expression{it.Multiplicity}, it.Values...), f.row),
					Detail: fmt.Sprintf("tuple %s has net multiplicity %s; it first occurs in interaction %q with multiplicity %s",
						tuple(tup), plonkish.FormatElement(total), it.Name, plonkish.FormatElement(f.m))}
			})
		}
	}
}
