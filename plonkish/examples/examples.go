package examples

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
)

// Example is one circuit with its honest witness and the tampers that must be rejected.
type Example struct {
	Name    string
	CS      *plonkish.ConstraintSystem
	Pre     *plonkish.Preprocessed
	Wit     *plonkish.Witness
	Tampers []Tamper
}

// Broken names the kind of constraint a tamper breaks, with the words the MockProver uses
// for its failure kinds.
type Broken string

const (
	BreaksGate    Broken = "gate"
	BreaksLookup  Broken = "lookup"
	BreaksShuffle Broken = "shuffle"
	BreaksCopy    Broken = "copy"
)

// Change sets one advice or instance cell to Value.
type Change struct {
	Cell  plonkish.Cell
	Value fr.Element
}

// Tamper is a dishonest change of the witness that breaks a known constraint.
//
// After Apply, a checker must report at least a failure of kind Breaks: for gates,
// lookups and shuffles the one named Constraint (the gate, lookup or shuffle name) at row
// Row; for copies the copy constraint that involves cell Changes[0].Cell (Constraint is
// empty and Row is that cell's row). A tamper may break other constraints as well; Also
// lists them in words, for the reader.
type Tamper struct {
	Name       string
	Changes    []Change
	Breaks     Broken
	Constraint string
	Row        int
	Also       string
}

// Apply returns a copy of w with the tamper's changes; w is not modified. Instance columns
// are extended with zeros if a change lies past their end.
func (t Tamper) Apply(w *plonkish.Witness) *plonkish.Witness {
	out := CloneWitness(w)
	for _, c := range t.Changes {
		switch c.Cell.Column.Kind {
		case plonkish.Advice:
			out.Advice[c.Cell.Column.Index][c.Cell.Row] = c.Value
		case plonkish.Instance:
			col := out.Instance[c.Cell.Column.Index]
			for len(col) <= c.Cell.Row {
				col = append(col, fr.Element{})
			}
			col[c.Cell.Row] = c.Value
			out.Instance[c.Cell.Column.Index] = col
		}
	}
	return out
}

func (t Tamper) String() string {
	s := fmt.Sprintf("%s: breaks %s", t.Name, t.Breaks)
	if t.Constraint != "" {
		s += fmt.Sprintf(" %q at row %d", t.Constraint, t.Row)
	}
	return s
}

// CloneWitness returns a deep copy of w.
func CloneWitness(w *plonkish.Witness) *plonkish.Witness {
	out := &plonkish.Witness{Advice: make([][]fr.Element, len(w.Advice)), Instance: make([][]fr.Element, len(w.Instance))}
	for i, c := range w.Advice {
		out.Advice[i] = append([]fr.Element(nil), c...)
	}
	for i, c := range w.Instance {
		out.Instance[i] = append([]fr.Element(nil), c...)
	}
	return out
}

// All returns every example at 2^k rows with small parameters, for tests that loop over
// all circuits: lookup tables of 8 bits when 2^k ≥ 512 rows, smaller ones (down to 4
// bits) for smaller k, and at most a few dozen rows of data. k must be at least 5.
func All(k int) ([]Example, error) {
	if k < 5 || k > 28 {
		return nil, fmt.Errorf("examples: All needs 5 ≤ k ≤ 28, got %d", k)
	}
	n := 1 << k
	bits := 8
	for bits > 4 && 1<<bits > n-8 {
		bits--
	}
	type build func() (Example, error)
	builds := []build{
		func() (Example, error) { return FibonacciExample(k, min(n/2, 40)) },
		func() (Example, error) { return RangeCheckExample(k, bits, min(n/2, 20)) },
		func() (Example, error) { return CopyHeavyExample(k, min(n/2, 64), 6) },
		func() (Example, error) { return DynamicLookupExample(k, bits, min(1<<bits, 32), min(n/2, 20)) },
		func() (Example, error) { return ShuffleExample(k, min(n/2, 50)) },
		func() (Example, error) { return MixedExample(k, bits, min(n/2, 40)) },
	}
	var out []Example
	for _, b := range builds {
		e, err := b()
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func elem(v uint64) fr.Element {
	var e fr.Element
	e.SetUint64(v)
	return e
}

func plus(v fr.Element, d uint64) fr.Element {
	var e fr.Element
	e.SetUint64(d)
	e.Add(&e, &v)
	return e
}

func cell(c plonkish.Column, row int) plonkish.Cell { return plonkish.Cell{Column: c, Row: row} }

// checkRows returns an error unless 2^k rows leave at least need usable rows in cs.
func checkRows(name string, cs *plonkish.ConstraintSystem, k, need int) error {
	if k < 1 || k > 28 {
		return fmt.Errorf("examples: %s: k = %d out of range [1, 28]", name, k)
	}
	if u := cs.UsableRows(1 << k); need > u {
		return fmt.Errorf("examples: %s needs %d usable rows, 2^%d rows leave %d", name, need, k, u)
	}
	return nil
}

// rng is a small deterministic generator (xorshift64*), so witnesses are reproducible.
type rng uint64

func (r *rng) next() uint64 {
	x := uint64(*r)
	x ^= x >> 12
	x ^= x << 25
	x ^= x >> 27
	*r = rng(x)
	return x * 2685821657736338717
}
