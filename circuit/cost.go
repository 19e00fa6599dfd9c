package circuit

import (
	"fmt"
	"sort"
	"strings"

	"github.com/zkwasm/zkwasm/plonkish"
)

// Cost is the circuit's cost report: what the prover commits, per row and per executed
// instruction. Helper columns of the lookup and bus arguments are not in the IR; they are
// counted with the layout of plonkish/lookup's Plan: per table (and per bus), one wide
// running sum, inputs packed into wide helper columns so that the input degrees of a
// column sum to at most D − 2 (D the maximum gate degree), and for tables one small
// multiplicity column.
type Cost struct {
	K, Usable           int
	Steps, Boundary     int
	Fixed, Instance     int
	Advice              int
	AdviceBits          int
	AdviceSmall         int
	AdviceWide          int
	Lookups, Tables     int
	Buses, Interactions int
	Fractions           int // lookup inputs + bus interactions per row
	HelperWide          int // modelled logUp helper and running-sum columns
	Multiplicity        int // modelled multiplicity columns (small)
	MaxDegree           int
	// Per row of the execution table.
	CellsPerRow, WideCellsPerRow int
	// Per executed instruction (all 2^K rows' committed cells over Steps).
	CellsPerInstr, WideCellsPerInstr float64
	// Rows per class and the average number of non-zero advice cells on them.
	ClassRows    map[Class]int
	ClassNonZero map[Class]float64
}

// CostOf computes the cost report of a circuit and, if ex and w are not nil, the
// per-instruction figures of that execution.
func (c *Circuit) CostOf(ex *Execution, w *plonkish.Witness) *Cost {
	cs := c.CS
	r := &Cost{K: c.Params.K, Usable: c.Usable(), Fixed: cs.NumFixed(), Instance: cs.NumInstance(), Advice: cs.NumAdvice(),
		Lookups: len(cs.Lookups), Tables: len(cs.Tables), Buses: len(cs.Buses), MaxDegree: cs.MaxGateDegree(),
		ClassRows: map[Class]int{}, ClassNonZero: map[Class]float64{}}
	for _, wd := range c.cols.width {
		switch wd {
		case WidthBit:
			r.AdviceBits++
		case WidthSmall:
			r.AdviceSmall++
		default:
			r.AdviceWide++
		}
	}
	for _, b := range cs.Buses {
		r.Interactions += len(b.Interactions)
	}
	r.Fractions = r.Lookups + r.Interactions
	budget := max(r.MaxDegree-2, 1)
	pack := func(degs []int) int { // helper columns for inputs of these degrees
		cols, used := 0, budget
		for _, d := range degs {
			d = max(d, 1)
			if used+d > budget {
				cols++
				used = 0
			}
			used += d
		}
		return cols
	}
	tupleDeg := func(es []plonkish.Expression) int {
		d := 0
		for _, e := range es {
			d = max(d, e.Degree())
		}
		return d
	}
	for t := range cs.Tables {
		var degs []int
		for _, l := range cs.Lookups {
			if l.Table == t {
				degs = append(degs, tupleDeg(l.Inputs))
			}
		}
		if len(degs) > 0 {
			r.HelperWide += pack(degs) + 1
			r.Multiplicity++
		}
	}
	for _, b := range cs.Buses {
		var degs []int
		for _, it := range b.Interactions {
			degs = append(degs, max(tupleDeg(it.Values), it.Multiplicity.Degree()))
		}
		r.HelperWide += pack(degs) + 1
	}
	r.CellsPerRow = r.Advice + r.HelperWide + r.Multiplicity
	r.WideCellsPerRow = r.AdviceWide + r.HelperWide
	if ex != nil {
		r.Steps, r.Boundary = ex.Steps, len(ex.Rows)-ex.Steps
		rows := float64(int(1) << c.Params.K)
		r.CellsPerInstr = rows * float64(r.CellsPerRow) / float64(ex.Steps)
		r.WideCellsPerInstr = rows * float64(r.WideCellsPerRow) / float64(ex.Steps)
		for i, row := range ex.Rows {
			r.ClassRows[row.Class]++
			if w != nil {
				nz := 0
				for _, col := range w.Advice {
					if !col[i].IsZero() {
						nz++
					}
				}
				r.ClassNonZero[row.Class] += float64(nz)
			}
		}
		for k, n := range r.ClassRows {
			r.ClassNonZero[k] /= float64(n)
		}
	}
	return r
}

// DenseCellsPerInstr is the cost per instruction if the table were full: committed cells
// per row over rows per instruction (one), i.e. what a run filling 2^K rows would pay.
func (r *Cost) DenseCellsPerInstr() int { return r.CellsPerRow }

// String renders the report (the golden cost files hold this text).
func (r *Cost) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "rows 2^%d (%d usable), max gate degree %d\n", r.K, r.Usable, r.MaxDegree)
	fmt.Fprintf(&b, "columns: fixed %d, instance %d, advice %d (bit %d, small %d, wide %d)\n", r.Fixed, r.Instance, r.Advice, r.AdviceBits, r.AdviceSmall, r.AdviceWide)
	fmt.Fprintf(&b, "arguments: %d lookups into %d tables, %d buses with %d interactions: %d fractions per row\n", r.Lookups, r.Tables, r.Buses, r.Interactions, r.Fractions)
	fmt.Fprintf(&b, "modelled helpers: %d wide helper/running-sum columns, %d multiplicity columns\n", r.HelperWide, r.Multiplicity)
	fmt.Fprintf(&b, "committed cells per row = per instruction when the table is full: %d (wide %d), plus %d quotient chunks\n", r.CellsPerRow, r.WideCellsPerRow, r.MaxDegree-1)
	if r.Steps > 0 {
		fmt.Fprintf(&b, "this run: %d instructions, %d boundary rows; at this k %.1f cells per instruction (%.1f wide)\n", r.Steps, r.Boundary, r.CellsPerInstr, r.WideCellsPerInstr)
		var ks []Class
		for k := range r.ClassRows {
			ks = append(ks, k)
		}
		sort.Slice(ks, func(i, j int) bool { return ks[i] < ks[j] })
		fmt.Fprintf(&b, "%-12s %8s %16s\n", "class", "rows", "non-zero cells")
		for _, k := range ks {
			fmt.Fprintf(&b, "%-12s %8d %16.1f\n", k, r.ClassRows[k], r.ClassNonZero[k])
		}
	}
	return b.String()
}
