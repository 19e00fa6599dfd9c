package lookup

import (
	"fmt"
	"sort"

	"github.com/zkwasm/zkwasm/plonkish"
)

// TermKind says where a term's numerator comes from.
type TermKind uint8

const (
	// Input is a lookup input: numerator 1.
	Input TermKind = iota
	// TableTerm is a looked-up table: numerator −m (its multiplicity column).
	TableTerm
	// Interaction is a bus interaction: numerator its multiplicity expression.
	Interaction
)

// Term is one fraction N/(β + D) of the running sum.
type Term struct {
	Kind  TermKind
	Name  string
	Tuple []plonkish.Expression // untagged
	Tag   uint64
	// Table is the position in Layout.Tables of a lookup input or table term.
	Table int
	// Num is an interaction's multiplicity; Bus its bus's name.
	Num        plonkish.Expression
	Bus        string
	degD, degN int
}

// Layout is the plan of the argument.
type Layout struct {
	// Tables lists the looked-up tables (indices into cs.Tables), one multiplicity
	// column each.
	Tables []int
	Terms  []Term
	// Inline lists the terms folded into the running-sum constraint; Groups those of
	// each helper column.
	Inline []int
	Groups [][]int
}

// TupleDegree is the degree of a compressed tuple: the largest degree of its entries.
func TupleDegree(es []plonkish.Expression) int {
	d := 0
	for _, e := range es {
		d = max(d, e.Degree())
	}
	return d
}

// groupDegree is the degree of a helper (or the running-sum) constraint over the
// terms g: l_active·(h·Π(β + D_i) − Σ_i N_i·Π_{j≠i}(β + D_j)).
func groupDegree(terms []Term, g []int) int {
	sumD := 0
	for _, i := range g {
		sumD += terms[i].degD
	}
	d := 1 + sumD
	for _, i := range g {
		d = max(d, terms[i].degN+sumD-terms[i].degD)
	}
	return 1 + d
}

// terms lists the argument's terms: per looked-up table its lookups' inputs then the
// table, then every bus interaction.
func terms(cs *plonkish.ConstraintSystem) ([]int, []Term) {
	var tables []int
	var out []Term
	for t, tab := range cs.Tables {
		first := true
		for i, l := range cs.Lookups {
			if l.Table != t {
				continue
			}
			if first {
				tables = append(tables, t)
				first = false
			}
			out = append(out, Term{Kind: Input, Name: cs.Lookups[i].Name, Tuple: l.Inputs, Tag: uint64(t + 1), Table: len(tables) - 1})
		}
		if !first {
			out = append(out, Term{Kind: TableTerm, Name: tab.Name, Tuple: tab.Columns, Tag: uint64(t + 1), Table: len(tables) - 1, degN: 1})
		}
	}
	for b, bus := range cs.Buses {
		for _, it := range bus.Interactions {
			out = append(out, Term{Kind: Interaction, Name: bus.Name + "/" + it.Name, Tuple: it.Values,
				Tag: uint64(len(cs.Tables) + b + 1), Num: it.Multiplicity, Bus: bus.Name, degN: it.Multiplicity.Degree()})
		}
	}
	for i := range out {
		out[i].degD = max(1, TupleDegree(out[i].Tuple))
	}
	return tables, out
}

// RequiredDegree is the smallest degree bound for which Plan succeeds.
func RequiredDegree(cs *plonkish.ConstraintSystem) int {
	_, ts := terms(cs)
	d := 0
	for i := range ts {
		d = max(d, groupDegree(ts, []int{i}))
	}
	return d
}

// Plan lists the terms of cs and packs them into the running-sum constraint (the first
// group) and helper columns (the others) so that every constraint has degree at most
// maxDegree. Packing is first-fit decreasing: terms are taken by decreasing denominator
// degree (declaration order among equals) and each goes into the first group it fits
// in, so a few high-degree inputs do not strand the room left by declaration order.
// The result depends only on the terms' degrees and order, so prover and verifier
// derive the same layout.
func Plan(cs *plonkish.ConstraintSystem, maxDegree int) (*Layout, error) {
	l := &Layout{}
	l.Tables, l.Terms = terms(cs)
	order := make([]int, len(l.Terms))
	for i := range order {
		order[i] = i
		if d := groupDegree(l.Terms, []int{i}); d > maxDegree {
			return nil, fmt.Errorf("lookup: %q has degree %d, too high for degree bound %d", l.Terms[i].Name, d, maxDegree)
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return l.Terms[order[a]].degD > l.Terms[order[b]].degD })
	var groups [][]int
	for _, i := range order {
		placed := false
		for g := range groups {
			if groupDegree(l.Terms, append(groups[g], i)) <= maxDegree {
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
	if len(groups) > 0 {
		l.Inline, l.Groups = groups[0], groups[1:]
	}
	return l, nil
}

// Empty reports whether the circuit has no lookup and no bus (no running sum).
func (l *Layout) Empty() bool { return len(l.Terms) == 0 }
