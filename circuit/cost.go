package circuit

import (
	"fmt"
	"sort"
	"strings"

	"github.com/zkwasm/zkwasm/plonkish"
)

// Cost is the circuit's cost report: what the prover commits, per row and per executed
// instruction. Helper columns of the lookup and bus arguments are not in the IR; they are
// counted by planTerms, a copy of plonkish/lookup's Plan (TestCostModelMatchesPlan checks
// that they agree): one running sum for the whole circuit, one multiplicity column per
// looked-up table, and the fractions (lookup inputs, tables, bus interactions) packed
// first-fit decreasing into the running-sum constraint and helper columns under the
// degree bound D.
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
	// MaxDegree is the degree bound D: the largest of the gates' degree and the degree
	// the lookup argument needs (the backend's smallest choice). The quotient has D − 1
	// chunks.
	MaxDegree  int
	GateDegree int
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
		Lookups: len(cs.Lookups), Tables: len(cs.Tables), Buses: len(cs.Buses), GateDegree: cs.MaxGateDegree(),
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
	ts := argTerms(cs)
	r.MaxDegree = max(3, r.GateDegree)
	for i := range ts {
		r.MaxDegree = max(r.MaxDegree, ts.degree([]int{i}))
	}
	groups := ts.plan(r.MaxDegree)
	if len(groups) > 0 {
		r.HelperWide = len(groups) // helpers (all groups but the first) and the running sum
	}
	for _, t := range ts {
		if t.table {
			r.Multiplicity++
		}
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

// argTerm is one fraction of the lookup argument: its denominator and numerator degrees.
type argTerm struct {
	degD, degN int
	table      bool
}

type argTermList []argTerm

// argTerms lists the fractions as plonkish/lookup does: per looked-up table its inputs
// then the table, then every bus interaction.
func argTerms(cs *plonkish.ConstraintSystem) argTermList {
	tupleDeg := func(es []plonkish.Expression) int {
		d := 1
		for _, e := range es {
			d = max(d, e.Degree())
		}
		return d
	}
	var out argTermList
	for t, tab := range cs.Tables {
		n := 0
		for _, l := range cs.Lookups {
			if l.Table == t {
				out = append(out, argTerm{degD: tupleDeg(l.Inputs)})
				n++
			}
		}
		if n > 0 {
			out = append(out, argTerm{degD: tupleDeg(tab.Columns), degN: 1, table: true})
		}
	}
	for _, b := range cs.Buses {
		for _, it := range b.Interactions {
			out = append(out, argTerm{degD: tupleDeg(it.Values), degN: it.Multiplicity.Degree()})
		}
	}
	return out
}

// degree is the degree of the constraint of a group of fractions:
// l_active·(h·Π(β + D_i) − Σ_i N_i·Π_{j≠i}(β + D_j)).
func (ts argTermList) degree(g []int) int {
	sumD := 0
	for _, i := range g {
		sumD += ts[i].degD
	}
	d := 1 + sumD
	for _, i := range g {
		d = max(d, ts[i].degN+sumD-ts[i].degD)
	}
	return 1 + d
}

// plan packs the fractions first-fit decreasing (by denominator degree, stable) into
// groups of degree at most d: the first is folded into the running sum, each other is a
// helper column.
func (ts argTermList) plan(d int) [][]int {
	order := make([]int, len(ts))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return ts[order[a]].degD > ts[order[b]].degD })
	var groups [][]int
	for _, i := range order {
		placed := false
		for g := range groups {
			if ts.degree(append(append([]int{}, groups[g]...), i)) <= d {
				groups[g] = append(groups[g], i)
				placed = true
				break
			}
		}
		if !placed {
			groups = append(groups, []int{i})
		}
	}
	for _, g := range groups {
		sort.Ints(g)
	}
	return groups
}

// DenseCellsPerInstr is the cost per instruction if the table were full: committed cells
// per row over rows per instruction (one), i.e. what a run filling 2^K rows would pay.
func (r *Cost) DenseCellsPerInstr() int { return r.CellsPerRow }

// String renders the report (the golden cost files hold this text).
func (r *Cost) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "rows 2^%d (%d usable), max gate degree %d, degree bound %d\n", r.K, r.Usable, r.GateDegree, r.MaxDegree)
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
