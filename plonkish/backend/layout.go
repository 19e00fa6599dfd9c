package backend

import (
	"fmt"
	"reflect"
	"slices"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/lookup"
	"github.com/zkwasm/zkwasm/plonkish/permutation"
	"github.com/zkwasm/zkwasm/plonkish/poly"
	"github.com/zkwasm/zkwasm/plonkish/shuffle"
)

// layout is everything Setup, Prove and Verify derive from the constraint system, k and
// the degree bound: where each argument's columns live and which evaluations the proof
// carries.
//
// The backend extends the circuit's columns with virtual ones. Fixed indices
// [0, NumFixed) are the circuit's; then come the σ columns, then l_0, l_last, l_active
// and X (the identity ω^i). Advice indices [0, NumAdvice) are the circuit's; then one
// multiplicity column per looked-up table, then the "phase 3" columns in commitment
// order: per table its helper columns and running sum, the permutation products, the
// shuffle products.
type layout struct {
	cs               *plonkish.ConstraintSystem
	k, n, usable     int
	maxDegree        int // the bound D the arguments were packed for
	degree           int // the largest degree of any constraint
	parts            int // cosets of the extended domain (= numQuotient)
	numQuotient      int
	nf, na, ni       int
	sigma            []plonkish.Column
	l0, lLast, lAct  plonkish.Column
	xCol             plonkish.Column
	logup            *lookup.Layout
	logupCols        lookup.Columns
	perm             permutation.Columns
	shuffleGroups    [][]int
	shuffleCols      shuffle.Columns
	mCols            []plonkish.Column // one per looked-up table
	phase3           []plonkish.Column // helper, running-sum and product columns in commitment order
	opened           []openedPoly      // committed polynomials opened at x·ω^rot, in proof order
	numEvals         int
	instanceQueries  []plonkish.Query
	numVirtualFixed  int
	numVirtualAdvice int
}

// openedPoly is a committed polynomial and the rotations at which the proof opens it.
type openedPoly struct {
	col  plonkish.Column
	rots []plonkish.Rotation
}

// dummyChallenges are used to build the constraints when only their shape matters (the
// set of queries and the degrees do not depend on the challenges' values).
var dummyChallenges = func() [3]fr.Element {
	var c [3]fr.Element
	c[0].SetUint64(0x1234567)
	c[1].SetUint64(0x89abcdef)
	c[2].SetUint64(0x13579bdf)
	return c
}()

// newLayout lays out cs at 2^k rows for the degree bound maxDegree, or, if maxDegree
// is 0, for the bound among the few smallest that work which minimizes estimatedCost.
func newLayout(cs *plonkish.ConstraintSystem, k, maxDegree int) (*layout, error) {
	if err := cs.Validate(); err != nil { // before anything reads the expressions
		return nil, fmt.Errorf("invalid constraint system: %w", err)
	}
	if maxDegree != 0 {
		return buildLayout(cs, k, maxDegree)
	}
	req := requiredDegree(cs)
	var best *layout
	for d := req; d <= min(req+4, 64); d++ {
		l, err := buildLayout(cs, k, d)
		if err != nil {
			return nil, err
		}
		if best == nil || l.estimatedCost() < best.estimatedCost() {
			best = l
		}
	}
	return best, nil
}

func requiredDegree(cs *plonkish.ConstraintSystem) int {
	return max(3, cs.MaxGateDegree(), lookup.RequiredDegree(cs), shuffle.RequiredDegree(cs))
}

// estimatedCost is the prover's cost in units of one full-width MSM of n points, from
// figures measured on this project's machines: an FFT of n points costs about a tenth
// of an MSM, and one field operation per row about 1/250 (so the per-row evaluation of
// the constraints matters only for large expressions). Committed columns cost one MSM
// (multiplicities, small integers, less); every advice-kind column read by a constraint
// costs an inverse FFT plus one FFT per part; the constraints are evaluated on every part.
func (l *layout) estimatedCost() float64 {
	commits := float64(l.na+len(l.phase3)+l.numQuotient+2) + 0.3*float64(len(l.mCols))
	cols := map[plonkish.Column]bool{}
	cons := l.constraints(dummyChallenges[0], dummyChallenges[1], dummyChallenges[2])
	for _, e := range cons {
		plonkish.Queries(e, func(q plonkish.Query) {
			if q.Column.Kind != plonkish.Fixed {
				cols[q.Column] = true
			}
		})
	}
	ffts := float64(len(cols) * (l.parts + 1))
	ops := float64(poly.Compile(cons).NumOps() * l.parts)
	return commits + 0.1*ffts + ops/250
}

func buildLayout(cs *plonkish.ConstraintSystem, k, maxDegree int) (*layout, error) {
	if err := cs.Validate(); err != nil {
		return nil, fmt.Errorf("invalid constraint system: %w", err)
	}
	if k < 2 || k > 26 {
		return nil, fmt.Errorf("k = %d out of range [2, 26]", k)
	}
	n := 1 << k
	l := &layout{cs: cs, k: k, n: n, usable: cs.UsableRows(n), nf: cs.NumFixed(), na: cs.NumAdvice(), ni: cs.NumInstance()}
	if l.usable < 1 {
		return nil, fmt.Errorf("2^%d rows leave no usable rows after %d blinding rows", k, cs.BlindingRows())
	}
	if req := requiredDegree(cs); maxDegree < req {
		return nil, fmt.Errorf("degree bound %d below the %d the circuit needs", maxDegree, req)
	}
	if maxDegree > 64 {
		return nil, fmt.Errorf("degree bound %d too large", maxDegree)
	}
	l.maxDegree = maxDegree
	if err := supported(cs); err != nil {
		return nil, err
	}
	var err error
	if l.logup, err = lookup.Plan(cs, maxDegree); err != nil {
		return nil, err
	}
	if l.shuffleGroups, err = shuffle.Plan(cs, maxDegree); err != nil {
		return nil, err
	}

	fixed := func(i int) plonkish.Column { return plonkish.Column{Kind: plonkish.Fixed, Index: i} }
	nextFixed := l.nf
	for range cs.Equality {
		l.sigma = append(l.sigma, fixed(nextFixed))
		nextFixed++
	}
	l.l0, l.lLast, l.lAct, l.xCol = fixed(nextFixed), fixed(nextFixed+1), fixed(nextFixed+2), fixed(nextFixed+3)
	l.numVirtualFixed = nextFixed + 4 - l.nf

	nextAdvice := l.na
	adv := func() plonkish.Column {
		c := plonkish.Column{Kind: plonkish.Advice, Index: nextAdvice}
		nextAdvice++
		return c
	}
	for range l.logup.Tables {
		l.mCols = append(l.mCols, adv())
	}
	if !l.logup.Empty() {
		l.logupCols = lookup.Columns{M: l.mCols, L0: l.l0, LLast: l.lLast, LActive: l.lAct}
		for range l.logup.Groups {
			l.logupCols.Helpers = append(l.logupCols.Helpers, adv())
		}
		l.logupCols.Phi = adv()
		l.phase3 = append(l.phase3, l.logupCols.Helpers...)
		l.phase3 = append(l.phase3, l.logupCols.Phi)
	}
	if len(cs.Equality) > 0 {
		chunk := maxDegree - 2
		l.perm = permutation.Columns{Values: cs.Equality, Sigmas: l.sigma, L0: l.l0, LLast: l.lLast, LActive: l.lAct, X: l.xCol,
			Chunk: chunk, LastRot: plonkish.Rotation(l.usable - n)}
		for range permutation.NumChunks(len(cs.Equality), chunk) {
			l.perm.Z = append(l.perm.Z, adv())
		}
		l.phase3 = append(l.phase3, l.perm.Z...)
	}
	l.shuffleCols = shuffle.Columns{L0: l.l0, LLast: l.lLast, LActive: l.lAct}
	for range l.shuffleGroups {
		l.shuffleCols.Z = append(l.shuffleCols.Z, adv())
	}
	l.phase3 = append(l.phase3, l.shuffleCols.Z...)
	l.numVirtualAdvice = nextAdvice - l.na

	// degrees and queries, from the constraints' shape
	cons := l.constraints(dummyChallenges[0], dummyChallenges[1], dummyChallenges[2])
	rots := map[plonkish.Column][]plonkish.Rotation{}
	instSeen := map[plonkish.Query]bool{}
	for _, e := range cons {
		l.degree = max(l.degree, e.Degree())
		plonkish.Queries(e, func(q plonkish.Query) {
			if q.Column.Kind == plonkish.Instance {
				if !instSeen[q] {
					instSeen[q] = true
					l.instanceQueries = append(l.instanceQueries, q)
				}
				return
			}
			if !slices.Contains(rots[q.Column], q.Rotation) {
				rots[q.Column] = append(rots[q.Column], q.Rotation)
			}
		})
	}
	checked := l.committedOrder()
	for _, q := range l.instanceQueries {
		rots[q.Column] = append(rots[q.Column], q.Rotation)
		if !slices.Contains(checked, q.Column) {
			checked = append(checked, q.Column)
		}
	}
	for _, c := range checked {
		if err := checkRotations(cs, n, c, rots[c]); err != nil {
			return nil, err
		}
	}
	l.degree = max(l.degree, 2)
	l.numQuotient = l.degree - 1
	l.parts = l.numQuotient
	for _, c := range l.committedOrder() {
		if r := rots[c]; len(r) > 0 {
			slices.Sort(r)
			l.opened = append(l.opened, openedPoly{col: c, rots: r})
			l.numEvals += len(r)
		}
	}
	return l, nil
}

// committedOrder lists every committed polynomial in proof order of its evaluations:
// circuit advice, multiplicities, phase-3 columns, circuit fixed, σ.
func (l *layout) committedOrder() []plonkish.Column {
	var out []plonkish.Column
	for i := range l.na {
		out = append(out, plonkish.Column{Kind: plonkish.Advice, Index: i})
	}
	out = append(out, l.mCols...)
	out = append(out, l.phase3...)
	for i := range l.nf {
		out = append(out, plonkish.Column{Kind: plonkish.Fixed, Index: i})
	}
	return append(out, l.sigma...)
}

// constraints returns every constraint polynomial for the given challenges, in the
// order the quotient combines them: gates, lookups and buses, permutation, shuffles.
func (l *layout) constraints(theta, beta, gamma fr.Element) []plonkish.Expression {
	var out []plonkish.Expression
	for _, g := range l.cs.Gates {
		out = append(out, g.Polys...)
	}
	out = append(out, l.logup.Constraints(&l.logupCols, theta, beta)...)
	out = append(out, permutation.Constraints(&l.perm, beta, gamma)...)
	out = append(out, shuffle.Constraints(l.cs, l.shuffleGroups, &l.shuffleCols, theta, gamma)...)
	return out
}

// isVirtualFixed reports whether c is one of l_0, l_last, l_active, X (evaluated by
// the verifier itself).
func (l *layout) isSelector(c plonkish.Column) bool {
	return c == l.l0 || c == l.lLast || c == l.lAct || c == l.xCol
}

// knownKinds are the ConstraintSystem fields this backend proves (or that hold no
// constraint of their own).
var knownKinds = map[string]bool{"Gates": true, "Tables": true, "Lookups": true, "Shuffles": true, "Buses": true, "Equality": true}

// supported refuses a constraint system with a kind of constraint this backend does not
// know (a field added to the IR later), so that no constraint is ever silently dropped.
func supported(cs *plonkish.ConstraintSystem) error {
	v := reflect.ValueOf(cs).Elem()
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		if !f.IsExported() || knownKinds[f.Name] {
			continue
		}
		if fv := v.Field(i); (fv.Kind() == reflect.Slice || fv.Kind() == reflect.Map) && fv.Len() > 0 {
			return fmt.Errorf("the constraint system has %d %s, which this prover does not support", fv.Len(), f.Name)
		}
	}
	return nil
}
