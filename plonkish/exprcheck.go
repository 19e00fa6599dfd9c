package plonkish

import "fmt"

// badExpressions reports every expression of cs that is nil or contains a nil or
// foreign node (a node type other than the six of this package held by value, such as
// a *Sum), naming where it is. Every consumer of expressions (degrees, evaluation,
// encoding) assumes neither occurs.
func (cs *ConstraintSystem) badExpressions() []error {
	var errs []error
	check := func(e Expression, format string, args ...any) {
		if msg := badNode(e); msg != "" {
			errs = append(errs, fmt.Errorf("%s: %s", fmt.Sprintf(format, args...), msg))
		}
	}
	for _, g := range cs.Gates {
		for i, p := range g.Polys {
			check(p, "gate %q polynomial %d", g.Name, i)
		}
	}
	for _, t := range cs.Tables {
		for i, e := range t.Columns {
			check(e, "table %q column %d", t.Name, i)
		}
	}
	for _, l := range cs.Lookups {
		for i, e := range l.Inputs {
			check(e, "lookup %q input %d", l.Name, i)
		}
	}
	for _, s := range cs.Shuffles {
		for i, e := range s.Input {
			check(e, "shuffle %q input %d", s.Name, i)
		}
		for i, e := range s.Shuffled {
			check(e, "shuffle %q shuffled expression %d", s.Name, i)
		}
	}
	for _, b := range cs.Buses {
		for _, it := range b.Interactions {
			check(it.Multiplicity, "bus %q interaction %q multiplicity", b.Name, it.Name)
			for i, e := range it.Values {
				check(e, "bus %q interaction %q value %d", b.Name, it.Name, i)
			}
		}
	}
	return errs
}

// badNode returns "" if e is a well-formed expression tree, else what is wrong with it.
func badNode(e Expression) string {
	switch e := e.(type) {
	case nil:
		return "nil expression"
	case Constant, Query:
		return ""
	case Sum:
		return firstBad(e.A, e.B)
	case Product:
		return firstBad(e.A, e.B)
	case Negated:
		return badNode(e.A)
	case Scaled:
		return badNode(e.A)
	default:
		return fmt.Sprintf("expression node of unsupported type %T", e)
	}
}

func firstBad(a, b Expression) string {
	if m := badNode(a); m != "" {
		return m
	}
	return badNode(b)
}
