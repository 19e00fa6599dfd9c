package plonkish

import (
	"errors"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// Cell is one cell of the table: a column and a row.
type Cell struct {
	Column Column
	Row    int
}

func (c Cell) String() string { return fmt.Sprintf("%s row %d", c.Column, c.Row) }

// Copy is a copy constraint: the two cells hold equal values. Both columns must be
// equality-enabled.
type Copy struct{ A, B Cell }

// Preprocessed is the part of an assignment known at setup, before any witness: the
// values of the fixed columns and the copy constraints. It is bound by the verifying key.
type Preprocessed struct {
	// K is log2 of the number of rows n.
	K int
	// Fixed holds NumFixed columns of n values each.
	Fixed [][]fr.Element
	// Copies are the copy constraints.
	Copies []Copy
}

// Witness is the part of an assignment made by the prover: the advice columns (n values
// each; the prover overwrites the blinding rows) and the instance columns (public
// values; at most UsableRows values each, the rest are zero).
type Witness struct {
	Advice   [][]fr.Element
	Instance [][]fr.Element
}

// Rows returns n = 2^K.
func (p *Preprocessed) Rows() int { return 1 << p.K }

// NewPreprocessed returns zero-filled fixed columns for cs with 2^k rows.
func NewPreprocessed(cs *ConstraintSystem, k int) *Preprocessed {
	n := 1 << k
	p := &Preprocessed{K: k, Fixed: make([][]fr.Element, cs.NumFixed())}
	for i := range p.Fixed {
		p.Fixed[i] = make([]fr.Element, n)
	}
	return p
}

// NewWitness returns zero-filled advice columns of 2^k rows and empty instance columns.
func NewWitness(cs *ConstraintSystem, k int) *Witness {
	n := 1 << k
	w := &Witness{Advice: make([][]fr.Element, cs.NumAdvice()), Instance: make([][]fr.Element, cs.NumInstance())}
	for i := range w.Advice {
		w.Advice[i] = make([]fr.Element, n)
	}
	return w
}

// SetFixed sets a fixed cell to v.
func (p *Preprocessed) SetFixed(c Column, row int, v uint64) { p.Fixed[c.Index][row].SetUint64(v) }

// AddCopy records that cell (a, ar) equals cell (b, br).
func (p *Preprocessed) AddCopy(a Column, ar int, b Column, br int) {
	p.Copies = append(p.Copies, Copy{Cell{a, ar}, Cell{b, br}})
}

// Set sets an advice cell to v.
func (w *Witness) Set(c Column, row int, v uint64) { w.Advice[c.Index][row].SetUint64(v) }

// Value returns the value of a cell, reading fixed cells from p and advice and instance
// cells from w. Instance cells past the given values are zero.
func Value(p *Preprocessed, w *Witness, c Column, row int) fr.Element {
	switch c.Kind {
	case Fixed:
		return p.Fixed[c.Index][row]
	case Advice:
		return w.Advice[c.Index][row]
	default:
		col := w.Instance[c.Index]
		if row < len(col) {
			return col[row]
		}
		return fr.Element{}
	}
}

// CheckShapes verifies that p and w have the column counts of cs, that every column has
// n = 2^K rows (instance columns at most UsableRows), and that every copy constraint
// names equality-enabled columns and usable rows.
func CheckShapes(cs *ConstraintSystem, p *Preprocessed, w *Witness) error {
	if p == nil {
		return errors.New("plonkish: no preprocessed assignment")
	}
	if p.K < 1 || p.K > 28 {
		return fmt.Errorf("plonkish: k = %d out of range [1, 28]", p.K)
	}
	n := 1 << p.K
	usable := cs.UsableRows(n)
	if usable < 1 {
		return fmt.Errorf("plonkish: 2^%d rows leave no usable rows after %d blinding rows", p.K, cs.BlindingRows())
	}
	var errs []error
	if len(p.Fixed) != cs.NumFixed() {
		errs = append(errs, fmt.Errorf("plonkish: %d fixed columns assigned, circuit has %d", len(p.Fixed), cs.NumFixed()))
	}
	for i, col := range p.Fixed {
		if len(col) != n {
			errs = append(errs, fmt.Errorf("plonkish: fixed column %q has %d rows, want %d", cs.ColumnName(Column{Fixed, i}), len(col), n))
		}
	}
	if w != nil {
		if len(w.Advice) != cs.NumAdvice() {
			errs = append(errs, fmt.Errorf("plonkish: %d advice columns assigned, circuit has %d", len(w.Advice), cs.NumAdvice()))
		}
		for i, col := range w.Advice {
			if len(col) != n {
				errs = append(errs, fmt.Errorf("plonkish: advice column %q has %d rows, want %d", cs.ColumnName(Column{Advice, i}), len(col), n))
			}
		}
		if len(w.Instance) != cs.NumInstance() {
			errs = append(errs, fmt.Errorf("plonkish: %d instance columns assigned, circuit has %d", len(w.Instance), cs.NumInstance()))
		}
		for i, col := range w.Instance {
			if len(col) > usable {
				errs = append(errs, fmt.Errorf("plonkish: instance column %q has %d values, at most %d fit in 2^%d rows", cs.ColumnName(Column{Instance, i}), len(col), usable, p.K))
			}
		}
	}
	for _, c := range p.Copies {
		for _, cell := range []Cell{c.A, c.B} {
			if cs.EqualityIndex(cell.Column) < 0 {
				errs = append(errs, fmt.Errorf("plonkish: copy constraint on %q, which is not equality-enabled", cs.ColumnName(cell.Column)))
			}
			if cell.Row < 0 || cell.Row >= usable {
				errs = append(errs, fmt.Errorf("plonkish: copy constraint on %q row %d, outside the %d usable rows", cs.ColumnName(cell.Column), cell.Row, usable))
			}
		}
		if len(errs) > 16 {
			break
		}
	}
	return errors.Join(errs...)
}
