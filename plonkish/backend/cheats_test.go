package backend

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/examples"
	"github.com/zkwasm/zkwasm/plonkish/permutation"
	"github.com/zkwasm/zkwasm/plonkish/poly"
	"github.com/zkwasm/zkwasm/plonkish/shuffle"
)

// conIndex locates the argument constraints in the order layout.constraints lists them:
// gate polynomials; logUp (l_0·φ, l_last·φ, one per helper, the running sum);
// permutation (l_0·(1−Z_0), l_last·(Z_last−1), one link per further chunk, one
// product per chunk); per shuffle group (l_0, l_last, product).
type conIndex struct {
	gates, logup, perm, shuffle int // first index of each block
	helpers, chunks, groups     int
	total                       int
}

func indexConstraints(l *layout) conIndex {
	var ix conIndex
	for _, g := range l.cs.Gates {
		ix.gates += len(g.Polys)
	}
	c := dummyChallenges
	ix.logup = ix.gates
	ix.perm = ix.logup + len(l.logup.Constraints(&l.logupCols, c[0], c[1]))
	ix.shuffle = ix.perm + len(permutation.Constraints(&l.perm, c[1], c[2]))
	ix.total = ix.shuffle + len(shuffle.Constraints(l.cs, l.shuffleGroups, &l.shuffleCols, c[0], c[2]))
	ix.helpers, ix.chunks, ix.groups = len(l.logupCols.Helpers), len(l.perm.Z), len(l.shuffleGroups)
	if n := len(l.constraints(c[0], c[1], c[2])); n != ix.total {
		panic(fmt.Sprintf("constraint blocks add up to %d, layout has %d", ix.total, n))
	}
	return ix
}

func (ix conIndex) logupL0() int          { return ix.logup }
func (ix conIndex) logupLast() int        { return ix.logup + 1 }
func (ix conIndex) logupHelper(g int) int { return ix.logup + 2 + g }
func (ix conIndex) logupSum() int         { return ix.logup + 2 + ix.helpers }
func (ix conIndex) permL0() int           { return ix.perm }
func (ix conIndex) permLast() int         { return ix.perm + 1 }
func (ix conIndex) permLink(j int) int    { return ix.perm + 1 + j } // j ≥ 1
func (ix conIndex) permProducts() []int   { return span(ix.perm+1+ix.chunks, ix.chunks) }
func (ix conIndex) shufL0(g int) int      { return ix.shuffle + 3*g }
func (ix conIndex) shufLast(g int) int    { return ix.shuffle + 3*g + 1 }
func (ix conIndex) shufProduct(g int) int { return ix.shuffle + 3*g + 2 }

func span(from, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = from + i
	}
	return out
}

// failingConstraints evaluates every constraint on every row of the domain from the
// columns Prove is about to commit, and returns those that do not vanish on some row.
// If it returns only constraint k, the cheat is tight for k: every other constraint
// vanishes on the domain, so with k removed the quotient would be a polynomial and the
// proof would verify; constraint k alone is what catches the cheat.
func failingConstraints(l *layout, src func(plonkish.Column) []fr.Element, theta, beta, gamma fr.Element) []int {
	d, err := poly.NewDomain(l.k)
	if err != nil {
		panic(err)
	}
	cell := func(c plonkish.Column, row int) fr.Element {
		var v fr.Element
		switch {
		case c == l.l0:
			if row == 0 {
				v.SetOne()
			}
		case c == l.lLast:
			if row == l.usable {
				v.SetOne()
			}
		case c == l.lAct:
			if row < l.usable {
				v.SetOne()
			}
		case c == l.xCol:
			v = d.Point(row)
		default:
			v = src(c)[row]
		}
		return v
	}
	var out []int
	for k, e := range l.constraints(theta, beta, gamma) {
		for row := range l.n {
			if v := plonkish.EvaluateRow(e, row, l.n, cell); !v.IsZero() {
				out = append(out, k)
				break
			}
		}
	}
	return out
}

// An argument cheat: a change of the argument columns a prover with a witness that
// breaks one kind of constraint might try, and the constraints that must catch it.
type argCheat struct {
	name   string
	breaks examples.Broken
	// apply changes the columns; it returns false if the circuit lacks what it needs
	apply func(l *layout, col func(plonkish.Column) poly.Lagrange) bool
	// want lists the constraints expected to fail: exactly these (tight) or, for
	// anyOf cheats, a non-empty subset of these
	want  func(l *layout, ix conIndex) []int
	anyOf bool
}

func scaleTo(v poly.Lagrange, u int, f *fr.Element) {
	for i := 0; i <= u; i++ {
		v[i].Mul(&v[i], f)
	}
}

func setOnes(v poly.Lagrange, u int) {
	for i := 0; i <= u; i++ {
		v[i].SetOne()
	}
}

var argCheats = []argCheat{
	// baselines: the honest argument on a broken witness fails only its last-row check
	{name: "honest logUp on a broken lookup", breaks: examples.BreaksLookup,
		apply: func(*layout, func(plonkish.Column) poly.Lagrange) bool { return true },
		want:  func(l *layout, ix conIndex) []int { return []int{ix.logupLast()} }},
	{name: "honest logUp on an unbalanced bus", breaks: examples.BreaksBus,
		apply: func(*layout, func(plonkish.Column) poly.Lagrange) bool { return true },
		want:  func(l *layout, ix conIndex) []int { return []int{ix.logupLast()} }},
	{name: "honest permutation on a broken copy", breaks: examples.BreaksCopy,
		apply: func(*layout, func(plonkish.Column) poly.Lagrange) bool { return true },
		want:  func(l *layout, ix conIndex) []int { return []int{ix.permLast()} }},

	{name: "logUp: shift φ by −φ[u] so it ends at 0", breaks: examples.BreaksLookup,
		apply: shiftPhi, want: func(l *layout, ix conIndex) []int { return []int{ix.logupL0()} }},
	{name: "bus: shift φ by −φ[u] so it ends at 0", breaks: examples.BreaksBus,
		apply: shiftPhi, want: func(l *layout, ix conIndex) []int { return []int{ix.logupL0()} }},
	{name: "logUp: φ = 0 on [0,u]", breaks: examples.BreaksLookup,
		apply: zeroPhi, want: func(l *layout, ix conIndex) []int { return []int{ix.logupSum()} }},
	{name: "bus: φ = 0 on [0,u]", breaks: examples.BreaksBus,
		apply: zeroPhi, want: func(l *layout, ix conIndex) []int { return []int{ix.logupSum()} }},
	{name: "logUp: fold φ[u] into helper 0 at row 0", breaks: examples.BreaksLookup,
		apply: foldIntoHelper, want: func(l *layout, ix conIndex) []int { return []int{ix.logupHelper(0)} }},
	{name: "bus: fold φ[u] into helper 0 at row 0", breaks: examples.BreaksBus,
		apply: foldIntoHelper, want: func(l *layout, ix conIndex) []int { return []int{ix.logupHelper(0)} }},

	{name: "permutation: rescale every Z so Z_last[u] = 1", breaks: examples.BreaksCopy,
		apply: func(l *layout, col func(plonkish.Column) poly.Lagrange) bool {
			u := l.usable
			var inv fr.Element
			inv.Inverse(&col(l.perm.Z[len(l.perm.Z)-1])[u])
			for _, z := range l.perm.Z {
				scaleTo(col(z), u, &inv)
			}
			return true
		},
		want: func(l *layout, ix conIndex) []int { return []int{ix.permL0()} }},
	{name: "permutation: rescale the last chunk so it ends at 1", breaks: examples.BreaksCopy,
		apply: func(l *layout, col func(plonkish.Column) poly.Lagrange) bool {
			if len(l.perm.Z) < 2 {
				return false
			}
			last := col(l.perm.Z[len(l.perm.Z)-1])
			var inv fr.Element
			inv.Inverse(&last[l.usable])
			scaleTo(last, l.usable, &inv)
			return true
		},
		want: func(l *layout, ix conIndex) []int { return []int{ix.permLink(ix.chunks - 1)} }},
	{name: "permutation: every Z = 1 on [0,u]", breaks: examples.BreaksCopy, anyOf: true,
		apply: func(l *layout, col func(plonkish.Column) poly.Lagrange) bool {
			for _, z := range l.perm.Z {
				setOnes(col(z), l.usable)
			}
			return true
		},
		want: func(l *layout, ix conIndex) []int { return ix.permProducts() }},

	{name: "honest shuffle product on a broken shuffle", breaks: examples.BreaksShuffle, anyOf: true,
		apply: func(*layout, func(plonkish.Column) poly.Lagrange) bool { return true },
		want: func(l *layout, ix conIndex) []int {
			var out []int
			for g := range ix.groups {
				out = append(out, ix.shufLast(g))
			}
			return out
		}},
	{name: "shuffle: rescale each Z so Z[u] = 1", breaks: examples.BreaksShuffle, anyOf: true,
		apply: func(l *layout, col func(plonkish.Column) poly.Lagrange) bool {
			for _, zc := range l.shuffleCols.Z {
				z := col(zc)
				var inv fr.Element
				inv.Inverse(&z[l.usable])
				scaleTo(z, l.usable, &inv)
			}
			return true
		},
		want: func(l *layout, ix conIndex) []int {
			var out []int
			for g := range ix.groups {
				out = append(out, ix.shufL0(g))
			}
			return out
		}},
	{name: "shuffle: Z = 1 on [0,u]", breaks: examples.BreaksShuffle, anyOf: true,
		apply: func(l *layout, col func(plonkish.Column) poly.Lagrange) bool {
			for _, zc := range l.shuffleCols.Z {
				setOnes(col(zc), l.usable)
			}
			return true
		},
		want: func(l *layout, ix conIndex) []int {
			var out []int
			for g := range ix.groups {
				out = append(out, ix.shufProduct(g))
			}
			return out
		}},
}

func shiftPhi(l *layout, col func(plonkish.Column) poly.Lagrange) bool {
	phi := col(l.logupCols.Phi)
	s := phi[l.usable]
	for i := 0; i <= l.usable; i++ {
		phi[i].Sub(&phi[i], &s)
	}
	return true
}

func zeroPhi(l *layout, col func(plonkish.Column) poly.Lagrange) bool {
	phi := col(l.logupCols.Phi)
	for i := 0; i <= l.usable; i++ {
		phi[i].SetZero()
	}
	return true
}

// foldIntoHelper moves φ's final value into helper 0 at row 0: the running sum then
// ends at 0 and every transition still holds, but helper 0 no longer matches its
// fractions at row 0.
func foldIntoHelper(l *layout, col func(plonkish.Column) poly.Lagrange) bool {
	if len(l.logupCols.Helpers) == 0 {
		return false
	}
	phi, h := col(l.logupCols.Phi), col(l.logupCols.Helpers[0])
	s := phi[l.usable]
	h[0].Sub(&h[0], &s)
	for i := 1; i <= l.usable; i++ {
		phi[i].Sub(&phi[i], &s)
	}
	return true
}

// Each cheat in the argument columns, on a witness that breaks the constraint kind the
// argument enforces, is rejected by Verify (the quotient identity fails), and the
// constraints that fail on the domain are exactly the ones the cheat is designed to
// trip: each of those constraints is necessary, and checked.
func TestArgumentCheatsRejected(t *testing.T) {
	srs := testSRS(t)
	exs, err := allExamples(6)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { testHookArguments = nil }()
	tried := map[string]int{}
	for _, ex := range exs {
		var needs []examples.Broken
		for _, tam := range ex.Tampers {
			needs = append(needs, tam.Breaks)
		}
		// the default degree bound and the smallest one (more helpers and chunks)
		degrees := []int{0}
		if d := requiredDegree(ex.CS); d > 0 {
			degrees = append(degrees, d)
		}
		for _, deg := range degrees {
			var opts []SetupOption
			if deg > 0 {
				opts = append(opts, WithMaxDegree(deg))
			}
			pk, vk, err := Setup(ex.CS, ex.Pre, srs, opts...)
			if err != nil {
				t.Fatal(err)
			}
			ix := indexConstraints(vk.lay)
			for _, ch := range argCheats {
				if !slices.Contains(needs, ch.breaks) {
					continue
				}
				for _, tam := range ex.Tampers {
					if tam.Breaks != ch.breaks {
						continue
					}
					wit := tam.Apply(ex.Wit)
					applied := false
					var failing []int
					testHookArguments = func(l *layout, virt []poly.Lagrange, src func(plonkish.Column) []fr.Element, theta, beta, gamma fr.Element) {
						col := func(c plonkish.Column) poly.Lagrange { return virt[c.Index-l.na] }
						if applied = ch.apply(l, col); applied {
							failing = failingConstraints(l, src, theta, beta, gamma)
						}
					}
					proof, err := Prove(pk, examples.CloneWitness(wit), nil, WithoutChecks())
					testHookArguments = nil
					if err != nil {
						t.Fatalf("%s on %s/%s: prove: %v", ch.name, ex.Name, tam.Name, err)
					}
					if !applied {
						continue
					}
					where := fmt.Sprintf("%s on %s/%s (degree bound %d)", ch.name, ex.Name, tam.Name, vk.MaxDegree)
					if err := Verify(vk, wit.Instance, proof); err == nil {
						t.Errorf("SOUNDNESS: %s: accepted", where)
					} else if !errors.Is(err, ErrQuotient) {
						t.Errorf("%s: rejected with %v, want the quotient identity to fail", where, err)
					}
					want := ch.want(vk.lay, ix)
					tight := slices.Equal(failing, want)
					if ch.anyOf {
						tight = len(failing) > 0
						for _, k := range failing {
							tight = tight && slices.Contains(want, k)
						}
					}
					if !tight {
						// the tamper also breaks a gate: the cheat is caught, but not by
						// the argument alone; it does not count as a tight instance
						if len(failing) > 0 && failing[0] < ix.gates {
							t.Logf("%s: also breaks gates %v", where, failing)
							continue
						}
						t.Errorf("%s: constraints %v fail, want %v (anyOf=%v)", where, failing, want, ch.anyOf)
						continue
					}
					tried[ch.name]++
				}
			}
		}
	}
	for _, ch := range argCheats {
		if tried[ch.name] == 0 {
			t.Errorf("cheat %q was never tried tightly on any example", ch.name)
		}
	}
	t.Logf("tight cheats per kind: %v", tried)
}
