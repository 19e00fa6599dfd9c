// Package mockcheck is a small row-by-row checker of a plonkish assignment used by the
// circuit's tests until plonkish/mock lands on main (it also checks plonkish.Bus, the
// multiset bus the circuit added to the IR). It evaluates every gate on every usable row,
// checks every lookup input against its table, every shuffle and bus as multisets, and
// every copy constraint, and reports the first few failures by name and row.
//
// Imports: plonkish and gnark-crypto's field only.
package mockcheck

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
)

const maxErrs = 8

// Check returns nil if the assignment satisfies cs, or an error listing failures.
func Check(cs *plonkish.ConstraintSystem, pre *plonkish.Preprocessed, wit *plonkish.Witness) error {
	if err := cs.Validate(); err != nil {
		return err
	}
	if err := plonkish.CheckShapes(cs, pre, wit); err != nil {
		return err
	}
	n := pre.Rows()
	u := cs.UsableRows(n)
	cell := func(c plonkish.Column, row int) fr.Element { return plonkish.Value(pre, wit, c, row) }
	eval := func(e plonkish.Expression, row int) fr.Element { return evalRow(e, row, n, pre, wit) }
	var errs []error
	add := func(err error) bool {
		errs = append(errs, err)
		return len(errs) >= maxErrs
	}
	// Gates.
	for _, g := range cs.Gates {
		for i, p := range g.Polys {
			for row := 0; row < u; row++ {
				v := eval(p, row)
				if !v.IsZero() {
					name := fmt.Sprintf("#%d", i)
					if len(g.PolyNames) == len(g.Polys) {
						name = g.PolyNames[i]
					}
					if add(fmt.Errorf("gate %q poly %s fails at row %d (value %s): %s", g.Name, name, row, plonkish.FormatElement(v), rowCells(cs, p, row, n, cell))) {
						return errors.Join(errs...)
					}
					break
				}
			}
		}
	}
	// Lookups.
	tables := make([]map[string]bool, len(cs.Tables))
	for ti, t := range cs.Tables {
		set := make(map[string]bool, u)
		for row := 0; row < u; row++ {
			set[tupleKey(t.Columns, row, eval)] = true
		}
		tables[ti] = set
	}
	for _, l := range cs.Lookups {
		for row := 0; row < u; row++ {
			if k := tupleKey(l.Inputs, row, eval); !tables[l.Table][k] {
				if add(fmt.Errorf("lookup %q into table %q fails at row %d: input (%s) not in table", l.Name, cs.Tables[l.Table].Name, row, formatKey(k))) {
					return errors.Join(errs...)
				}
				break
			}
		}
	}
	// Shuffles.
	for _, s := range cs.Shuffles {
		count := map[string]int{}
		for row := 0; row < u; row++ {
			count[tupleKey(s.Input, row, eval)]++
			count[tupleKey(s.Shuffled, row, eval)]--
		}
		for k, c := range count {
			if c != 0 {
				if add(fmt.Errorf("shuffle %q unbalanced: tuple (%s) count %+d", s.Name, formatKey(k), c)) {
					return errors.Join(errs...)
				}
				break
			}
		}
	}
	// Buses.
	for _, b := range cs.Buses {
		bal := map[string]*fr.Element{}
		where := map[string]string{}
		for row := 0; row < u; row++ {
			for _, it := range b.Interactions {
				m := eval(it.Multiplicity, row)
				if m.IsZero() {
					continue
				}
				k := tupleKey(it.Values, row, eval)
				if bal[k] == nil {
					bal[k] = new(fr.Element)
					where[k] = fmt.Sprintf("%s row %d", it.Name, row)
				}
				bal[k].Add(bal[k], &m)
			}
		}
		keys := make([]string, 0)
		for k, v := range bal {
			if !v.IsZero() {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			if add(fmt.Errorf("bus %q unbalanced: tuple (%s) has multiplicity %s (first seen at %s)", b.Name, formatKey(k), plonkish.FormatElement(*bal[k]), where[k])) {
				return errors.Join(errs...)
			}
		}
	}
	// Copies.
	for _, c := range pre.Copies {
		a, bb := cell(c.A.Column, c.A.Row), cell(c.B.Column, c.B.Row)
		if !a.Equal(&bb) {
			if add(fmt.Errorf("copy %s = %s fails: %s ≠ %s", c.A, c.B, plonkish.FormatElement(a), plonkish.FormatElement(bb))) {
				return errors.Join(errs...)
			}
		}
	}
	return errors.Join(errs...)
}

// tupleKey is a compact map key for a tuple; formatKey renders it for messages.
func tupleKey(es []plonkish.Expression, row int, eval func(plonkish.Expression, int) fr.Element) string {
	b := make([]byte, 0, 32*len(es))
	for _, e := range es {
		v := eval(e, row)
		x := v.Bytes()
		b = append(b, x[:]...)
	}
	return string(b)
}

func formatKey(k string) string {
	var parts []string
	for i := 0; i+32 <= len(k); i += 32 {
		var v fr.Element
		v.SetBytes([]byte(k[i : i+32]))
		parts = append(parts, plonkish.FormatElement(v))
	}
	return strings.Join(parts, ", ")
}

func rowCells(cs *plonkish.ConstraintSystem, p plonkish.Expression, row, n int, cell func(plonkish.Column, int) fr.Element) string {
	seen := map[plonkish.Query]bool{}
	var parts []string
	plonkish.Queries(p, func(q plonkish.Query) {
		if seen[q] {
			return
		}
		seen[q] = true
		r := ((row+int(q.Rotation))%n + n) % n
		name := cs.ColumnName(q.Column)
		if q.Rotation != 0 {
			name += fmt.Sprintf("@%+d", q.Rotation)
		}
		parts = append(parts, fmt.Sprintf("%s=%s", name, plonkish.FormatElement(cell(q.Column, r))))
	})
	if len(parts) > 24 {
		parts = append(parts[:24], "…")
	}
	return strings.Join(parts, " ")
}

// evalRow evaluates e at row like plonkish.EvaluateRow, skipping the second factor of a
// product whose first factor is zero (gates are selector products, so most rows are cheap).
func evalRow(e plonkish.Expression, row, n int, pre *plonkish.Preprocessed, wit *plonkish.Witness) fr.Element {
	switch e := e.(type) {
	case plonkish.Constant:
		return e.Value
	case plonkish.Query:
		r := (row + int(e.Rotation)) % n
		if r < 0 {
			r += n
		}
		return plonkish.Value(pre, wit, e.Column, r)
	case plonkish.Sum:
		a, b := evalRow(e.A, row, n, pre, wit), evalRow(e.B, row, n, pre, wit)
		a.Add(&a, &b)
		return a
	case plonkish.Product:
		a := evalRow(e.A, row, n, pre, wit)
		if a.IsZero() {
			return a
		}
		b := evalRow(e.B, row, n, pre, wit)
		a.Mul(&a, &b)
		return a
	case plonkish.Negated:
		a := evalRow(e.A, row, n, pre, wit)
		a.Neg(&a)
		return a
	case plonkish.Scaled:
		a := evalRow(e.A, row, n, pre, wit)
		a.Mul(&a, &e.Factor)
		return a
	}
	panic(fmt.Sprintf("mockcheck: unknown expression %T", e))
}
