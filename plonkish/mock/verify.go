package mock

import (
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
)

// Options tune Verify. The zero value gives the defaults.
type Options struct {
	// MaxPerConstraint bounds the failures collected for each gate polynomial, lookup,
	// shuffle, table and for the copies (default 8); all failures are still counted.
	MaxPerConstraint int
	// MaxPrinted bounds the failures that Error() prints (default 16).
	MaxPrinted int
	// Workers is the number of goroutines (default GOMAXPROCS).
	Workers int
	// UsableRowsOnly skips the check that every gate vanishes on the unusable rows
	// whatever the advice values there. Leave it off unless the prover multiplies the
	// gates by an "active rows" selector.
	UsableRowsOnly bool
}

// Verify checks that pre and wit satisfy cs and returns nil, or an *Error that lists the
// failures (see the package documentation for what is checked).
func Verify(cs *plonkish.ConstraintSystem, pre *plonkish.Preprocessed, wit *plonkish.Witness) error {
	return VerifyWith(cs, pre, wit, Options{})
}

// VerifyWith is Verify with options.
func VerifyWith(cs *plonkish.ConstraintSystem, pre *plonkish.Preprocessed, wit *plonkish.Witness, opt Options) error {
	if opt.MaxPerConstraint <= 0 {
		opt.MaxPerConstraint = 8
	}
	if opt.MaxPrinted <= 0 {
		opt.MaxPrinted = 16
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	if err := shapes(cs, pre, wit); err != nil {
		return err
	}
	v := newVerifier(cs, pre, wit, opt)
	v.checkGates()
	if !opt.UsableRowsOnly {
		v.checkUnusableGates()
	}
	v.checkLookups()
	v.checkShuffles()
	v.checkBuses()
	v.checkCopies()
	return v.result()
}

func shapes(cs *plonkish.ConstraintSystem, pre *plonkish.Preprocessed, wit *plonkish.Witness) error {
	var errs []error
	switch {
	case cs == nil:
		errs = append(errs, errors.New("no constraint system"))
	case wit == nil:
		errs = append(errs, errors.New("no witness"))
	default:
		if err := cs.Validate(); err != nil {
			errs = append(errs, err)
		} else if err := checkExpressions(cs); err != nil {
			errs = append(errs, err)
		} else if unknown := uncheckedConstraints(cs, checkedFields); len(unknown) > 0 {
			for _, u := range unknown {
				errs = append(errs, errors.New(u))
			}
		} else if err := plonkish.CheckShapes(cs, pre, wit); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	e := &Error{Printed: 64}
	for _, line := range strings.Split(errors.Join(errs...).Error(), "\n") {
		e.Failures = append(e.Failures, Failure{Kind: Shape, Index: -1, Poly: -1, Row: -1, Detail: line})
	}
	e.Total = len(e.Failures)
	e.Counts = []Count{{Kind: Shape, N: e.Total}}
	return e
}

type cid struct {
	kind        Kind
	index, poly int
	name        string
}

// sink collects failures for one chunk of rows (or one serial check).
type sink struct {
	limit  int
	fails  []Failure
	counts map[cid]int
	order  []cid
}

func (s *sink) add(id cid, mk func() Failure) {
	if s.counts == nil {
		s.counts = map[cid]int{}
	}
	c, seen := s.counts[id]
	if !seen {
		s.order = append(s.order, id)
	}
	s.counts[id] = c + 1
	if c < s.limit {
		s.fails = append(s.fails, mk())
	}
}

func (s *sink) merge(o *sink) {
	if o.counts == nil {
		return
	}
	if s.counts == nil {
		s.counts = map[cid]int{}
	}
	kept := map[cid]int{}
	for _, f := range s.fails {
		kept[idOf(f)]++
	}
	for _, f := range o.fails {
		id := idOf(f)
		if kept[id] < s.limit {
			kept[id]++
			s.fails = append(s.fails, f)
		}
	}
	for _, id := range o.order {
		if _, seen := s.counts[id]; !seen {
			s.order = append(s.order, id)
		}
		s.counts[id] += o.counts[id]
	}
}

func idOf(f Failure) cid {
	id := cid{kind: f.Kind, index: f.Index, poly: f.Poly, name: f.Name}
	if f.Kind == Copy {
		id.index = -1
	}
	return id
}

type verifier struct {
	cs     *plonkish.ConstraintSystem
	pre    *plonkish.Preprocessed
	wit    *plonkish.Witness
	opt    Options
	cols   *columns
	n      int
	usable int
	// special marks the usable rows on which some advice query reaches an unusable row;
	// expressions are evaluated there with the slow, poison-tracking evaluator.
	special []bool
	out     sink
}

func newVerifier(cs *plonkish.ConstraintSystem, pre *plonkish.Preprocessed, wit *plonkish.Witness, opt Options) *verifier {
	v := &verifier{cs: cs, pre: pre, wit: wit, opt: opt, cols: newColumns(cs, pre, wit), n: pre.Rows()}
	v.usable = cs.UsableRows(v.n)
	v.special = make([]bool, v.usable)
	for _, rots := range cs.AdviceQueries() {
		for _, rot := range rots {
			for u := v.usable; u < v.n; u++ {
				if r := wrap(u-int(rot), v.n); r < v.usable {
					v.special[r] = true
				}
			}
		}
	}
	v.out.limit = opt.MaxPerConstraint
	return v
}

const chunkRows = 64 * blockSize

// forBlocks runs body over [0, rows) in blocks of at most blockSize rows, in parallel
// chunks, and merges the chunks' failures in row order. body receives the worker index.
func (v *verifier) forBlocks(rows int, body func(worker int, s *sink, lo, size int)) {
	nchunks := (rows + chunkRows - 1) / chunkRows
	sinks := make([]sink, nchunks)
	var next atomic.Int64
	workers := min(v.opt.Workers, nchunks)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				c := int(next.Add(1) - 1)
				if c >= nchunks {
					return
				}
				s := &sinks[c]
				s.limit = v.opt.MaxPerConstraint
				for lo := c * chunkRows; lo < min(rows, (c+1)*chunkRows); lo += blockSize {
					body(w, s, lo, min(blockSize, rows-lo))
				}
			}
		}()
	}
	wg.Wait()
	for i := range sinks {
		v.out.merge(&sinks[i])
	}
}

// machines returns one machine per worker for p.
func (v *verifier) machines(p *program) []*machine {
	ms := make([]*machine, min(v.opt.Workers, (v.usable+chunkRows-1)/chunkRows))
	for i := range ms {
		ms[i] = newMachine(p)
	}
	return ms
}

// poison is a value in the poison-tracking evaluator: p is set when the value depends
// on an advice cell in the unusable rows (multiplying by a real zero clears it).
type poison struct {
	v fr.Element
	p bool
}

var poisonEval = plonkish.Evaluator[poison]{
	Constant: func(v fr.Element) poison { return poison{v: v} },
	Sum: func(a, b poison) poison {
		a.v.Add(&a.v, &b.v)
		a.p = a.p || b.p
		return a
	},
	Product: func(a, b poison) poison {
		if (!a.p && a.v.IsZero()) || (!b.p && b.v.IsZero()) {
			return poison{}
		}
		a.v.Mul(&a.v, &b.v)
		a.p = a.p || b.p
		return a
	},
	Negated: func(a poison) poison { a.v.Neg(&a.v); return a },
	Scaled: func(a poison, k fr.Element) poison {
		if k.IsZero() {
			return poison{}
		}
		a.v.Mul(&a.v, &k)
		return a
	},
}

// evalPoison evaluates e at row, treating advice cells in the unusable rows as unknown.
func (v *verifier) evalPoison(e plonkish.Expression, row int) poison {
	ev := poisonEval
	ev.Query = func(q plonkish.Query) poison {
		r := wrap(row+int(q.Rotation), v.n)
		return poison{v: v.cols.cell(q.Column, r), p: q.Column.Kind == plonkish.Advice && r >= v.usable}
	}
	return plonkish.Evaluate(e, &ev)
}

// poisoned reports whether any of exprs depends on an unusable advice cell at row.
func (v *verifier) poisoned(exprs []plonkish.Expression, row int) bool {
	for _, e := range exprs {
		if v.evalPoison(e, row).p {
			return true
		}
	}
	return false
}

// cells lists the distinct cells that exprs query at row, in query order.
func (v *verifier) cells(exprs []plonkish.Expression, row int) []CellValue {
	seen := map[plonkish.Query]bool{}
	var out []CellValue
	for _, e := range exprs {
		plonkish.Queries(e, func(q plonkish.Query) {
			if seen[q] {
				return
			}
			seen[q] = true
			r := wrap(row+int(q.Rotation), v.n)
			out = append(out, CellValue{
				Column: q.Column, Name: v.cs.ColumnName(q.Column), Rotation: q.Rotation, Row: r,
				Value: v.cols.cell(q.Column, r), Unusable: q.Column.Kind == plonkish.Advice && r >= v.usable,
			})
		})
	}
	return out
}

func (v *verifier) blindingFailure(what string, name string, index, poly int, exprs []plonkish.Expression, row int) Failure {
	return Failure{
		Kind: Blinding, Name: name, Index: index, Poly: poly, Row: row, Cells: v.cells(exprs, row),
		Detail: fmt.Sprintf("%s at row %d reads advice cells in the unusable rows (%d … %d), which the prover fills with random values; switch it off there with a selector or move the rows", what, row, v.usable, v.n-1),
	}
}

func gateWhat(g plonkish.Gate, i int) string {
	s := fmt.Sprintf("constraint %d", i)
	if i < len(g.PolyNames) && g.PolyNames[i] != "" {
		s += fmt.Sprintf(" (%s)", g.PolyNames[i])
	}
	return s + fmt.Sprintf(" in gate %q", g.Name)
}

func polyName(g plonkish.Gate, i int) string {
	if i < len(g.PolyNames) {
		return g.PolyNames[i]
	}
	return ""
}

func (v *verifier) checkGates() {
	type gp struct {
		gate, poly int
		prog       *program
		ms         []*machine
	}
	var progs []gp
	for gi, g := range v.cs.Gates {
		for pi, e := range g.Polys {
			p := compile(v.cols, []plonkish.Expression{e})
			if len(p.outputs) == 1 && p.outputs[0].isConst && p.outputs[0].k.IsZero() {
				continue // identically zero
			}
			progs = append(progs, gp{gi, pi, p, v.machines(p)})
		}
	}
	if len(progs) == 0 {
		return
	}
	scratch := make([]fr.Vector, v.opt.Workers)
	for i := range scratch {
		scratch[i] = make(fr.Vector, blockSize)
	}
	v.forBlocks(v.usable, func(w int, s *sink, lo, size int) {
		for _, g := range progs {
			m := g.ms[w]
			m.load(g.prog, v.cols, lo, size)
			skip := m.skippable(g.prog)
			var out fr.Vector
			if !skip {
				m.run(g.prog, size)
				out = m.output(g.prog, 0, size, scratch[w])
			}
			gate := v.cs.Gates[g.gate]
			expr := gate.Polys[g.poly]
			for j := 0; j < size; j++ {
				row := lo + j
				if v.special[row] {
					pv := v.evalPoison(expr, row)
					if pv.p {
						s.add(cid{Blinding, g.gate, g.poly, gate.Name}, func() Failure {
							return v.blindingFailure(gateWhat(gate, g.poly), gate.Name, g.gate, g.poly, []plonkish.Expression{expr}, row)
						})
						continue
					}
				}
				if skip || out[j].IsZero() {
					continue
				}
				val := out[j]
				s.add(cid{Gate, g.gate, g.poly, gate.Name}, func() Failure {
					return Failure{Kind: Gate, Name: gate.Name, Index: g.gate, Poly: g.poly, PolyName: polyName(gate, g.poly), Row: row,
						Cells: v.cells([]plonkish.Expression{expr}, row), Values: []fr.Element{val}}
				})
			}
		}
	})
}

// checkUnusableGates checks that every gate vanishes on the unusable rows whatever the
// random advice values there, since the prover's quotient enforces gates on every row.
func (v *verifier) checkUnusableGates() {
	s := &v.out
	for gi, g := range v.cs.Gates {
		for pi, e := range g.Polys {
			for row := v.usable; row < v.n; row++ {
				pv := v.evalPoison(e, row)
				if !pv.p && pv.v.IsZero() {
					continue
				}
				s.add(cid{Blinding, gi, pi, g.Name}, func() Failure {
					f := Failure{Kind: Blinding, Name: g.Name, Index: gi, Poly: pi, PolyName: polyName(g, pi), Row: row, Cells: v.cells([]plonkish.Expression{e}, row)}
					if pv.p {
						f.Detail = fmt.Sprintf("%s is not switched off at row %d, an unusable row where the prover still enforces it and the advice cells are random; multiply it by a selector that is 0 there", gateWhat(g, pi), row)
					} else {
						f.Values = []fr.Element{pv.v}
						f.Detail = fmt.Sprintf("%s does not vanish at row %d, an unusable row where the prover still enforces it (value %s); keep its selectors 0 on rows %d … %d", gateWhat(g, pi), row, plonkish.FormatElement(pv.v), v.usable, v.n-1)
					}
					return f
				})
			}
		}
	}
}

func (v *verifier) result() error {
	if len(v.out.order) == 0 {
		return nil
	}
	less := func(a, b cid) bool {
		if a.kind != b.kind {
			return a.kind < b.kind
		}
		if a.index != b.index {
			return a.index < b.index
		}
		return a.poly < b.poly
	}
	ids := append([]cid(nil), v.out.order...)
	sort.SliceStable(ids, func(i, j int) bool { return less(ids[i], ids[j]) })
	e := &Error{Printed: v.opt.MaxPrinted}
	for _, id := range ids {
		c := v.out.counts[id]
		e.Counts = append(e.Counts, Count{Kind: id.kind, Name: id.name, N: c})
		e.Total += c
	}
	e.Failures = v.out.fails
	sort.SliceStable(e.Failures, func(i, j int) bool {
		a, b := idOf(e.Failures[i]), idOf(e.Failures[j])
		if a != b {
			return less(a, b)
		}
		return e.Failures[i].Row < e.Failures[j].Row
	})
	return e
}

// checkExpressions rejects nil (and foreign) expression nodes, which Validate lets through
// and which could not be evaluated.
func checkExpressions(cs *plonkish.ConstraintSystem) error {
	var errs []error
	var walk func(e plonkish.Expression) bool
	walk = func(e plonkish.Expression) bool {
		switch e := e.(type) {
		case plonkish.Constant, plonkish.Query:
			return true
		case plonkish.Sum:
			return walk(e.A) && walk(e.B)
		case plonkish.Product:
			return walk(e.A) && walk(e.B)
		case plonkish.Negated:
			return walk(e.A)
		case plonkish.Scaled:
			return walk(e.A)
		}
		return false
	}
	check := func(where string, es []plonkish.Expression) {
		for i, e := range es {
			if !walk(e) {
				errs = append(errs, fmt.Errorf("%s: expression %d has a nil or unknown node", where, i))
			}
		}
	}
	for _, g := range cs.Gates {
		check(fmt.Sprintf("gate %q", g.Name), g.Polys)
	}
	for _, t := range cs.Tables {
		check(fmt.Sprintf("table %q", t.Name), t.Columns)
	}
	for _, l := range cs.Lookups {
		check(fmt.Sprintf("lookup %q", l.Name), l.Inputs)
	}
	for _, sh := range cs.Shuffles {
		check(fmt.Sprintf("shuffle %q input", sh.Name), sh.Input)
		check(fmt.Sprintf("shuffle %q shuffled", sh.Name), sh.Shuffled)
	}
	for _, b := range cs.Buses {
		for _, it := range b.Interactions {
			check(fmt.Sprintf("bus %q interaction %q", b.Name, it.Name), append([]plonkish.Expression{it.Multiplicity}, it.Values...))
		}
	}
	return errors.Join(errs...)
}
