package plonkish

import "fmt"

// Interaction is one term of a multiset bus: on every usable row it contributes the tuple
// Values with multiplicity Multiplicity (an expression: +1 to send, −1 to receive, 0 to stay
// silent, usually a selector or its negation).
type Interaction struct {
	Name         string
	Multiplicity Expression
	Values       []Expression
}

// Bus is a multiset-balance argument: summed over all usable rows and all interactions,
// the multiplicity of every distinct tuple must be zero. With a random β and θ this is the
// log-derivative identity Σ_rows Σ_i m_i / (β + Σ_j θ^j v_ij) = 0 ("logUp with expression
// multiplicities", the interaction bus of Plonky3, OpenVM and SP1). Unlike Shuffle (one
// tuple per row on each side) a bus takes any number of tuples per row, which memory
// checking needs (several accesses per executed instruction); unlike Lookup its
// multiplicities are constrained expressions, so "consumed exactly once" can be stated.
// All interactions of a bus must have the same number of values.
type Bus struct {
	Name         string
	Interactions []Interaction
}

// AddBus adds an empty bus and returns its index for AddInteraction.
func (cs *ConstraintSystem) AddBus(name string) int {
	cs.Buses = append(cs.Buses, Bus{Name: name})
	return len(cs.Buses) - 1
}

// AddInteraction adds to bus the tuple values with multiplicity m on every usable row.
func (cs *ConstraintSystem) AddInteraction(bus int, name string, m Expression, values ...Expression) {
	cs.Buses[bus].Interactions = append(cs.Buses[bus].Interactions, Interaction{Name: name, Multiplicity: m, Values: values})
}

func (cs *ConstraintSystem) validateBuses() []error {
	var errs []error
	for _, b := range cs.Buses {
		if len(b.Interactions) == 0 {
			errs = append(errs, fmt.Errorf("bus %q has no interactions", b.Name))
			continue
		}
		w := len(b.Interactions[0].Values)
		for _, it := range b.Interactions {
			if len(it.Values) != w || w == 0 {
				errs = append(errs, fmt.Errorf("bus %q: interaction %q has %d values, want %d (> 0)", b.Name, it.Name, len(it.Values), w))
			}
		}
	}
	return errs
}

func (cs *ConstraintSystem) forEachBusExpression(f func(Expression)) {
	for _, b := range cs.Buses {
		for _, it := range b.Interactions {
			f(it.Multiplicity)
			for _, e := range it.Values {
				f(e)
			}
		}
	}
}
