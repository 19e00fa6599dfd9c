package plonkish

import "maps"

// Clone returns a deep copy of cs: no slice or map of the copy is shared with cs, so
// editing either afterwards does not change the other. Expressions are shared: they are
// immutable values (every node type is a struct held by value, and its fields cannot be
// changed through the Expression interface).
func (cs *ConstraintSystem) Clone() *ConstraintSystem {
	out := &ConstraintSystem{
		Gates:         make([]Gate, len(cs.Gates)),
		Tables:        make([]Table, len(cs.Tables)),
		Lookups:       make([]Lookup, len(cs.Lookups)),
		Shuffles:      make([]Shuffle, len(cs.Shuffles)),
		Buses:         make([]Bus, len(cs.Buses)),
		Equality:      append([]Column(nil), cs.Equality...),
		equalityIndex: maps.Clone(cs.equalityIndex),
	}
	for k := range cs.names {
		out.names[k] = append([]string(nil), cs.names[k]...)
	}
	exprs := func(es []Expression) []Expression {
		if es == nil {
			return nil
		}
		return append([]Expression{}, es...)
	}
	for i, g := range cs.Gates {
		out.Gates[i] = Gate{Name: g.Name, Polys: exprs(g.Polys)}
		if g.PolyNames != nil {
			out.Gates[i].PolyNames = append([]string{}, g.PolyNames...)
		}
	}
	for i, t := range cs.Tables {
		out.Tables[i] = Table{Name: t.Name, Columns: exprs(t.Columns)}
	}
	for i, l := range cs.Lookups {
		out.Lookups[i] = Lookup{Name: l.Name, Table: l.Table, Inputs: exprs(l.Inputs)}
	}
	for i, s := range cs.Shuffles {
		out.Shuffles[i] = Shuffle{Name: s.Name, Input: exprs(s.Input), Shuffled: exprs(s.Shuffled)}
	}
	for i, b := range cs.Buses {
		out.Buses[i] = Bus{Name: b.Name, Interactions: make([]Interaction, len(b.Interactions))}
		for j, it := range b.Interactions {
			out.Buses[i].Interactions[j] = Interaction{Name: it.Name, Multiplicity: it.Multiplicity, Values: exprs(it.Values)}
		}
	}
	return out
}
