package mock

import (
	"fmt"
	"strings"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
)

// Kind is the kind of constraint that a Failure violates.
type Kind uint8

const (
	// Shape: the assignment does not fit the constraint system (column counts, column
	// lengths, copy constraints on columns without equality or outside the usable rows),
	// or the constraint system itself is invalid.
	Shape Kind = iota
	// Gate: a gate polynomial is not zero on a usable row.
	Gate
	// Lookup: a lookup input tuple is not a row of its table.
	Lookup
	// Shuffle: a tuple occurs a different number of times among the input and the
	// shuffled tuples.
	Shuffle
	// Bus: a tuple's multiplicities over all rows and interactions of a bus do not sum
	// to zero.
	Bus
	// Copy: the two cells of a copy constraint differ.
	Copy
	// Blinding: a constraint depends on the unusable rows, which the prover fills with
	// random values: an expression on a usable row reads an advice cell there, or a gate
	// does not vanish identically on an unusable row.
	Blinding
)

func (k Kind) String() string {
	switch k {
	case Shape:
		return "shape"
	case Gate:
		return "gate"
	case Lookup:
		return "lookup"
	case Shuffle:
		return "shuffle"
	case Bus:
		return "bus"
	case Copy:
		return "copy"
	case Blinding:
		return "blinding"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// CellValue is one cell read by a failing constraint.
type CellValue struct {
	Column plonkish.Column
	// Name is the column's name in the constraint system.
	Name string
	// Rotation is the query's rotation (0 for copy constraints).
	Rotation plonkish.Rotation
	// Row is the absolute row read (after wrap-around).
	Row   int
	Value fr.Element
	// Unusable is set when the cell is an advice cell in the unusable rows.
	Unusable bool
}

func (c CellValue) String() string {
	var sb strings.Builder
	sb.WriteString(c.Name)
	if c.Rotation != 0 {
		fmt.Fprintf(&sb, "@%+d", c.Rotation)
	}
	if c.Unusable {
		fmt.Fprintf(&sb, " (row %d, unusable: random in a real proof)", c.Row)
	} else {
		sb.WriteString(" = ")
		sb.WriteString(plonkish.FormatElement(c.Value))
	}
	return sb.String()
}

// Failure is one violated constraint.
type Failure struct {
	Kind Kind
	// Name is the gate, lookup, table, shuffle or bus name ("" for copies and shapes).
	Name string
	// Index is the gate, lookup, shuffle, bus or copy index in the constraint system (or
	// in Preprocessed.Copies), -1 for shapes.
	Index int
	// Poly is the polynomial index within a gate (-1 otherwise), PolyName its name if any.
	Poly     int
	PolyName string
	// Row is the row where the constraint fails (-1 if none: shapes).
	Row int
	// Cells are the cells the failing constraint read on that row, with their values.
	Cells []CellValue
	// Values are the evaluated polynomial (gates: one value) or tuple (lookups, shuffles).
	Values []fr.Element
	// Table is the table of a failing lookup.
	Table string
	// Detail is further explanation in words.
	Detail string
}

func (f Failure) String() string {
	var sb strings.Builder
	switch f.Kind {
	case Shape:
		sb.WriteString(f.Detail)
		return sb.String()
	case Gate:
		fmt.Fprintf(&sb, "constraint %d", f.Poly)
		if f.PolyName != "" {
			fmt.Fprintf(&sb, " (%s)", f.PolyName)
		}
		fmt.Fprintf(&sb, " in gate %q is not satisfied at row %d: ", f.Name, f.Row)
		writeCells(&sb, f.Cells)
		if len(f.Values) == 1 {
			fmt.Fprintf(&sb, " (polynomial = %s)", plonkish.FormatElement(f.Values[0]))
		}
	case Lookup:
		fmt.Fprintf(&sb, "lookup %q: input %s at row %d is not in table %q: ", f.Name, tuple(f.Values), f.Row, f.Table)
		writeCells(&sb, f.Cells)
	case Shuffle:
		fmt.Fprintf(&sb, "shuffle %q is not satisfied at row %d: %s: ", f.Name, f.Row, f.Detail)
		writeCells(&sb, f.Cells)
	case Bus:
		fmt.Fprintf(&sb, "bus %q is not balanced: %s at row %d: ", f.Name, f.Detail, f.Row)
		writeCells(&sb, f.Cells)
	case Copy:
		fmt.Fprintf(&sb, "copy constraint %d is not satisfied: ", f.Index)
		for i, c := range f.Cells {
			if i > 0 {
				sb.WriteString(" != ")
			}
			fmt.Fprintf(&sb, "%s row %d = %s", c.Name, c.Row, plonkish.FormatElement(c.Value))
		}
	case Blinding:
		sb.WriteString(f.Detail)
		if len(f.Cells) > 0 {
			sb.WriteString(": ")
			writeCells(&sb, f.Cells)
		}
	}
	return sb.String()
}

func writeCells(sb *strings.Builder, cells []CellValue) {
	for i, c := range cells {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(c.String())
	}
}

func tuple(vs []fr.Element) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = plonkish.FormatElement(v)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// Count is the number of failures of one constraint.
type Count struct {
	Kind Kind
	Name string
	N    int
}

// Error is the error returned by Verify when the assignment does not satisfy the circuit.
type Error struct {
	// Failures are the collected failures, at most Options.MaxPerConstraint for each
	// constraint, ordered by kind, constraint and row.
	Failures []Failure
	// Counts are the total numbers of failures per constraint (all of them, not only the
	// collected ones), in the same order; Total is their sum.
	Counts []Count
	Total  int
	// Printed is how many failures Error() prints (Options.MaxPrinted).
	Printed int
}

func (e *Error) Error() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "mock: circuit not satisfied: %d failure", e.Total)
	if e.Total != 1 {
		sb.WriteString("s")
	}
	sb.WriteString(" (")
	for i, c := range e.Counts {
		if i > 0 {
			sb.WriteString(", ")
		}
		if c.Name != "" {
			fmt.Fprintf(&sb, "%s %q ×%d", c.Kind, c.Name, c.N)
		} else {
			fmt.Fprintf(&sb, "%s ×%d", c.Kind, c.N)
		}
	}
	sb.WriteString(")")
	limit := e.Printed
	if limit <= 0 {
		limit = len(e.Failures)
	}
	for i, f := range e.Failures {
		if i == limit {
			fmt.Fprintf(&sb, "\n  … %d more collected, %d in all", len(e.Failures)-limit, e.Total)
			break
		}
		sb.WriteString("\n  ")
		sb.WriteString(f.String())
	}
	return sb.String()
}
