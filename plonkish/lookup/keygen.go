package lookup

import (
	"fmt"

	"github.com/zkwasm/zkwasm/plonkish"
)

// TableLayout is how the logUp argument of one table is laid out.
type TableLayout struct {
	Table   int   // index into cs.Tables
	Lookups []int // the lookups into this table (indices into cs.Lookups)
	// Inline lists the lookups folded into the running-sum constraint (G0).
	Inline []int
	// Groups lists the lookups of each helper column.
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

// RequiredDegree is the smallest degree bound D for which Plan succeeds.
func RequiredDegree(cs *plonkish.ConstraintSystem) int {
	d := 0
	for _, l := range cs.Lookups {
		d = max(d, 2+TupleDegree(l.Inputs))
	}
	for t, tab := range cs.Tables {
		used := false
		for _, l := range cs.Lookups {
			used = used || l.Table == t
		}
		if used {
			d = max(d, 2+TupleDegree(tab.Columns))
		}
	}
	return d
}

// Plan groups the lookups of cs by table and packs their inputs into the running-sum
// constraint and helper columns so that every constraint has degree at most maxDegree.
// Tables without lookups get no argument.
func Plan(cs *plonkish.ConstraintSystem, maxDegree int) ([]TableLayout, error) {
	var out []TableLayout
	for t, tab := range cs.Tables {
		var ls []int
		for i, l := range cs.Lookups {
			if l.Table == t {
				ls = append(ls, i)
			}
		}
		if len(ls) == 0 {
			continue
		}
		tl := TableLayout{Table: t, Lookups: ls}
		budget := maxDegree - 2 - TupleDegree(tab.Columns)
		if budget < 0 {
			return nil, fmt.Errorf("lookup: table %q has degree %d, too high for degree bound %d", tab.Name, TupleDegree(tab.Columns), maxDegree)
		}
		var group []int
		used := 0
		for _, i := range ls {
			d := max(1, TupleDegree(cs.Lookups[i].Inputs))
			if d > maxDegree-2 {
				return nil, fmt.Errorf("lookup: input of %q has degree %d, too high for degree bound %d", cs.Lookups[i].Name, d, maxDegree)
			}
			if tl.Inline == nil && len(tl.Groups) == 0 && used+d <= budget {
				// still filling G0
				group = append(group, i)
				used += d
				continue
			}
			if tl.Inline == nil && len(tl.Groups) == 0 {
				tl.Inline = append([]int{}, group...)
				group, used = nil, 0
			}
			if used+d > maxDegree-2 {
				tl.Groups = append(tl.Groups, group)
				group, used = nil, 0
			}
			group = append(group, i)
			used += d
		}
		if tl.Inline == nil && len(tl.Groups) == 0 {
			tl.Inline = group
		} else if len(group) > 0 {
			tl.Groups = append(tl.Groups, group)
		}
		out = append(out, tl)
	}
	return out, nil
}
