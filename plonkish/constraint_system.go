package plonkish

import (
	"errors"
	"fmt"
)

// Gate is a named custom gate: every polynomial in Polys must evaluate to zero on every
// usable row. Gates are usually multiplied by a selector (a fixed column that is 1 on the
// rows where the gate applies), because they are also enforced by the prover on the
// blinding rows, where fixed columns are zero and advice cells are random.
type Gate struct {
	Name string
	// Polys are the constraint polynomials; PolyNames (optional, same length) name them
	// for error messages.
	Polys     []Expression
	PolyNames []string
}

// Table is a lookup table: a tuple of expressions evaluated on every usable row. The
// table's rows are the set that lookup inputs must belong to. A table over fixed columns
// is a static table; a table over advice columns is a dynamic table.
type Table struct {
	Name    string
	Columns []Expression
}

// Lookup requires that on every usable row the tuple Inputs is one of the rows of table
// Table (an index into ConstraintSystem.Tables). Several lookups may share a table; the
// log-derivative argument then needs one multiplicity column per table. Rows where the
// lookup should not apply are usually handled by multiplying the inputs by a selector and
// keeping an all-zero row in the table.
type Lookup struct {
	Name   string
	Table  int
	Inputs []Expression
}

// Shuffle requires that the multiset of tuples Input over the usable rows equals the
// multiset of tuples Shuffled over the usable rows (a permutation of rows, unlike a
// lookup, which allows repetition and omission).
type Shuffle struct {
	Name     string
	Input    []Expression
	Shuffled []Expression
}

// ConstraintSystem describes a circuit: its columns, gates, lookups, shuffles and the
// columns that take part in copy constraints. Build it with the methods below; the
// zero value is an empty system.
type ConstraintSystem struct {
	names [3][]string

	Gates    []Gate
	Tables   []Table
	Lookups  []Lookup
	Shuffles []Shuffle
	// Buses are multiset-balance arguments (see Bus).
	Buses []Bus

	// Equality lists the equality-enabled columns in permutation order.
	Equality      []Column
	equalityIndex map[Column]int
}

// NumColumns returns the number of columns of kind k.
func (cs *ConstraintSystem) NumColumns(k ColumnKind) int { return len(cs.names[k]) }

// NumFixed, NumAdvice and NumInstance are shorthands for NumColumns.
func (cs *ConstraintSystem) NumFixed() int    { return len(cs.names[Fixed]) }
func (cs *ConstraintSystem) NumAdvice() int   { return len(cs.names[Advice]) }
func (cs *ConstraintSystem) NumInstance() int { return len(cs.names[Instance]) }

func (cs *ConstraintSystem) newColumn(k ColumnKind, name string) Column {
	c := Column{k, len(cs.names[k])}
	if name == "" {
		name = c.String()
	}
	cs.names[k] = append(cs.names[k], name)
	return c
}

// FixedColumn adds a fixed column.
func (cs *ConstraintSystem) FixedColumn(name string) Column { return cs.newColumn(Fixed, name) }

// AdviceColumn adds an advice column.
func (cs *ConstraintSystem) AdviceColumn(name string) Column { return cs.newColumn(Advice, name) }

// InstanceColumn adds an instance column. Instance columns are equality-enabled, since
// the usual way to use a public value is to copy it into an advice cell.
func (cs *ConstraintSystem) InstanceColumn(name string) Column {
	c := cs.newColumn(Instance, name)
	cs.EnableEquality(c)
	return c
}

// Selector adds a fixed column meant to hold 0/1 values that switch gates on and off.
func (cs *ConstraintSystem) Selector(name string) Column { return cs.newColumn(Fixed, name) }

// ColumnName returns the name given to c when it was created.
func (cs *ConstraintSystem) ColumnName(c Column) string {
	if int(c.Kind) < len(cs.names) && c.Index >= 0 && c.Index < len(cs.names[c.Kind]) {
		return cs.names[c.Kind][c.Index]
	}
	return c.String()
}

// EnableEquality lets c take part in copy constraints. Enabling a column twice is a no-op.
func (cs *ConstraintSystem) EnableEquality(c Column) {
	if cs.equalityIndex == nil {
		cs.equalityIndex = make(map[Column]int)
	}
	if _, ok := cs.equalityIndex[c]; ok {
		return
	}
	cs.equalityIndex[c] = len(cs.Equality)
	cs.Equality = append(cs.Equality, c)
}

// EqualityIndex returns c's position in Equality, or -1 if c is not equality-enabled.
func (cs *ConstraintSystem) EqualityIndex(c Column) int {
	if i, ok := cs.equalityIndex[c]; ok {
		return i
	}
	return -1
}

// CreateGate adds a gate whose polynomials must all vanish on every usable row.
func (cs *ConstraintSystem) CreateGate(name string, polys ...Expression) {
	cs.Gates = append(cs.Gates, Gate{Name: name, Polys: polys})
}

// CreateNamedGate adds a gate with a name for each polynomial.
func (cs *ConstraintSystem) CreateNamedGate(name string, polyNames []string, polys []Expression) {
	cs.Gates = append(cs.Gates, Gate{Name: name, Polys: polys, PolyNames: polyNames})
}

// AddTable adds a lookup table and returns its index for AddLookup.
func (cs *ConstraintSystem) AddTable(name string, columns ...Expression) int {
	cs.Tables = append(cs.Tables, Table{Name: name, Columns: columns})
	return len(cs.Tables) - 1
}

// AddLookup requires inputs to be a row of table.
func (cs *ConstraintSystem) AddLookup(name string, table int, inputs ...Expression) {
	cs.Lookups = append(cs.Lookups, Lookup{Name: name, Table: table, Inputs: inputs})
}

// AddShuffle requires the rows of input to be a permutation of the rows of shuffled.
func (cs *ConstraintSystem) AddShuffle(name string, input, shuffled []Expression) {
	cs.Shuffles = append(cs.Shuffles, Shuffle{Name: name, Input: input, Shuffled: shuffled})
}

// MaxGateDegree is the largest degree of any gate polynomial.
func (cs *ConstraintSystem) MaxGateDegree() int {
	d := 0
	for _, g := range cs.Gates {
		for _, p := range g.Polys {
			d = max(d, p.Degree())
		}
	}
	return d
}

// AdviceQueries returns, for each advice column, the distinct rotations at which it is
// queried by gates, lookups and shuffles.
func (cs *ConstraintSystem) AdviceQueries() [][]Rotation {
	seen := make([]map[Rotation]bool, cs.NumAdvice())
	out := make([][]Rotation, cs.NumAdvice())
	add := func(q Query) {
		if q.Column.Kind != Advice {
			return
		}
		i := q.Column.Index
		if seen[i] == nil {
			seen[i] = map[Rotation]bool{}
		}
		if !seen[i][q.Rotation] {
			seen[i][q.Rotation] = true
			out[i] = append(out[i], q.Rotation)
		}
	}
	cs.forEachExpression(func(e Expression) { Queries(e, add) })
	return out
}

func (cs *ConstraintSystem) forEachExpression(f func(Expression)) {
	for _, g := range cs.Gates {
		for _, p := range g.Polys {
			f(p)
		}
	}
	for _, t := range cs.Tables {
		for _, e := range t.Columns {
			f(e)
		}
	}
	for _, l := range cs.Lookups {
		for _, e := range l.Inputs {
			f(e)
		}
	}
	for _, s := range cs.Shuffles {
		for _, e := range s.Input {
			f(e)
		}
		for _, e := range s.Shuffled {
			f(e)
		}
	}
	cs.forEachBusExpression(f)
}

// BlindingRows is the number of rows at the end of every advice column that the prover
// fills with random values for zero knowledge. Each opening of a polynomial reveals one
// evaluation, so a column opened at q points needs q random values to stay hidden; we
// follow Halo2 and reserve max(3, largest number of distinct rotations of any advice
// column) + 2 rows (the extra rows also cover the permutation and lookup helper columns,
// which are opened at two points, and the last-row checks).
func (cs *ConstraintSystem) BlindingRows() int {
	q := 3
	for _, rots := range cs.AdviceQueries() {
		q = max(q, len(rots))
	}
	return q + 2
}

// UsableRows returns the number of rows, out of n = 2^k, on which gates, lookups, shuffles
// and copy constraints hold: all rows but the blinding rows and the one row after the last
// usable row that the permutation and lookup arguments use.
func (cs *ConstraintSystem) UsableRows(n int) int { return n - cs.BlindingRows() - 1 }

// Validate checks that no expression is nil (or holds a nil node), that every query
// names an existing column and that every lookup names an existing table with a
// matching arity.
func (cs *ConstraintSystem) Validate() error {
	errs := cs.badExpressions()
	check := func(where string) func(Query) {
		return func(q Query) {
			if int(q.Column.Kind) >= len(cs.names) || q.Column.Index < 0 || q.Column.Index >= len(cs.names[q.Column.Kind]) {
				errs = append(errs, fmt.Errorf("%s: query of unknown column %s", where, q.Column))
			}
		}
	}
	for _, g := range cs.Gates {
		if len(g.PolyNames) != 0 && len(g.PolyNames) != len(g.Polys) {
			errs = append(errs, fmt.Errorf("gate %q: %d polynomial names for %d polynomials", g.Name, len(g.PolyNames), len(g.Polys)))
		}
		for _, p := range g.Polys {
			Queries(p, check(fmt.Sprintf("gate %q", g.Name)))
		}
	}
	for _, t := range cs.Tables {
		if len(t.Columns) == 0 {
			errs = append(errs, fmt.Errorf("table %q has no columns", t.Name))
		}
		for _, e := range t.Columns {
			Queries(e, check(fmt.Sprintf("table %q", t.Name)))
		}
	}
	for _, l := range cs.Lookups {
		if l.Table < 0 || l.Table >= len(cs.Tables) {
			errs = append(errs, fmt.Errorf("lookup %q: unknown table %d", l.Name, l.Table))
			continue
		}
		if len(l.Inputs) != len(cs.Tables[l.Table].Columns) {
			errs = append(errs, fmt.Errorf("lookup %q: %d inputs for table %q of %d columns", l.Name, len(l.Inputs), cs.Tables[l.Table].Name, len(cs.Tables[l.Table].Columns)))
		}
		for _, e := range l.Inputs {
			Queries(e, check(fmt.Sprintf("lookup %q", l.Name)))
		}
	}
	for _, s := range cs.Shuffles {
		if len(s.Input) == 0 || len(s.Input) != len(s.Shuffled) {
			errs = append(errs, fmt.Errorf("shuffle %q: %d input and %d shuffled expressions", s.Name, len(s.Input), len(s.Shuffled)))
		}
		for _, e := range append(append([]Expression{}, s.Input...), s.Shuffled...) {
			Queries(e, check(fmt.Sprintf("shuffle %q", s.Name)))
		}
	}
	errs = append(errs, cs.validateBuses()...)
	cs.forEachBusExpression(func(e Expression) { Queries(e, check("bus")) })
	return errors.Join(errs...)
}
