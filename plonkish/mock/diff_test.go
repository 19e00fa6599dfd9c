package mock

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/examples"
)

// naive is a slow, obviously correct reference: it evaluates every expression with
// plonkish.EvaluateRow and returns the violated constraints as "kind name row" strings
// (copies as "copy i", shuffles as "shuffle name").
func naive(cs *plonkish.ConstraintSystem, p *plonkish.Preprocessed, w *plonkish.Witness) []string {
	n := p.Rows()
	u := cs.UsableRows(n)
	get := func(c plonkish.Column, r int) fr.Element { return plonkish.Value(p, w, c, r) }
	key := func(es []plonkish.Expression, r int) string {
		var sb strings.Builder
		for _, e := range es {
			v := plonkish.EvaluateRow(e, r, n, get)
			sb.WriteString(v.String() + ",")
		}
		return sb.String()
	}
	var out []string
	for _, g := range cs.Gates {
		for pi, e := range g.Polys {
			for r := 0; r < u; r++ {
				if v := plonkish.EvaluateRow(e, r, n, get); !v.IsZero() {
					out = append(out, fmt.Sprintf("gate %s/%d %d", g.Name, pi, r))
				}
			}
		}
	}
	for _, l := range cs.Lookups {
		set := map[string]bool{}
		for r := 0; r < u; r++ {
			set[key(cs.Tables[l.Table].Columns, r)] = true
		}
		for r := 0; r < u; r++ {
			if !set[key(l.Inputs, r)] {
				out = append(out, fmt.Sprintf("lookup %s %d", l.Name, r))
			}
		}
	}
	for _, s := range cs.Shuffles {
		m := map[string]int{}
		for r := 0; r < u; r++ {
			m[key(s.Input, r)]++
			m[key(s.Shuffled, r)]--
		}
		for _, c := range m {
			if c != 0 {
				out = append(out, "shuffle "+s.Name)
				break
			}
		}
	}
	for _, b := range cs.Buses {
		net := map[string]fr.Element{}
		for _, it := range b.Interactions {
			for r := 0; r < u; r++ {
				m := plonkish.EvaluateRow(it.Multiplicity, r, n, get)
				t := key(it.Values, r)
				x := net[t]
				x.Add(&x, &m)
				net[t] = x
			}
		}
		for _, x := range net {
			if !x.IsZero() {
				out = append(out, "bus "+b.Name+"")
				break
			}
		}
	}
	for i, c := range p.Copies {
		a, b := get(c.A.Column, c.A.Row), get(c.B.Column, c.B.Row)
		if !a.Equal(&b) {
			out = append(out, fmt.Sprintf("copy %d", i))
		}
	}
	sort.Strings(out)
	return out
}

func fromMock(err error) []string {
	var e *Error
	if !errors.As(err, &e) {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, f := range e.Failures {
		var s string
		switch f.Kind {
		case Gate:
			s = fmt.Sprintf("gate %s/%d %d", f.Name, f.Poly, f.Row)
		case Lookup:
			s = fmt.Sprintf("lookup %s %d", f.Name, f.Row)
		case Shuffle:
			s = "shuffle " + f.Name
		case Bus:
			s = "bus " + f.Name
		case Copy:
			s = fmt.Sprintf("copy %d", f.Index)
		default:
			s = f.String()
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// TestAgainstNaive changes random cells of every example (advice cells in the usable rows,
// instance cells, fixed cells) to small or random values and checks that the MockProver
// reports exactly the failures of the naive reference.
func TestAgainstNaive(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	trials := 40
	if testing.Short() {
		trials = 10
	}
	for _, ex := range append(mustAll(t, 5), mustAll(t, 9)...) {
		n := ex.Pre.Rows()
		u := ex.CS.UsableRows(n)
		for trial := 0; trial < trials; trial++ {
			pre := *ex.Pre
			pre.Fixed = make([][]fr.Element, len(ex.Pre.Fixed))
			for i, c := range ex.Pre.Fixed {
				pre.Fixed[i] = append([]fr.Element(nil), c...)
			}
			w := examples.CloneWitness(ex.Wit)
			var desc []string
			for range 1 + rnd.IntN(3) {
				var v fr.Element
				if rnd.IntN(2) == 0 {
					v.SetUint64(rnd.Uint64N(300))
				} else {
					v.SetRandom()
				}
				row := 1 + rnd.IntN(min(u, 70)-2) // rows 0 and u−1 could make expressions read unusable cells
				switch x := rnd.IntN(10); {
				case x < 7 || (len(w.Instance) == 0 && x < 9):
					c := rnd.IntN(len(w.Advice))
					w.Advice[c][row] = v
					desc = append(desc, fmt.Sprintf("advice %d row %d", c, row))
				case x < 9 && len(w.Instance) > 0 && len(w.Instance[0]) > 0:
					row %= len(w.Instance[0])
					w.Instance[0][row] = v
					desc = append(desc, fmt.Sprintf("instance row %d", row))
				default:
					c := rnd.IntN(len(pre.Fixed))
					pre.Fixed[c][row] = v
					desc = append(desc, fmt.Sprintf("fixed %d row %d", c, row))
				}
			}
			want := naive(ex.CS, &pre, w)
			got := fromMock(VerifyWith(ex.CS, &pre, w, Options{MaxPerConstraint: 1 << 20}))
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s, changed %v:\n mock  %v\n naive %v", ex.Name, desc, got, want)
			}
		}
	}
}

func TestTupleIndexCollisions(t *testing.T) {
	idx := newTupleIndex(2, 4, true)
	idx.theta[1].SetZero() // every tuple with the same first value collides
	tup := func(a, b uint64) []fr.Element {
		var x, y fr.Element
		x.SetUint64(a)
		y.SetUint64(b)
		return []fr.Element{x, y}
	}
	e1 := idx.insert(tup(1, 2))
	e2 := idx.insert(tup(1, 3))
	if e1 == e2 || idx.insert(tup(1, 2)) != e1 || idx.insert(tup(1, 3)) != e2 {
		t.Fatal("colliding tuples merged or not found")
	}
	if idx.find(tup(1, 4)) != -1 || idx.find(tup(2, 2)) != -1 {
		t.Fatal("absent tuple found")
	}
	if idx.find(tup(1, 3)) != e2 {
		t.Fatal("present tuple not found")
	}
}

func TestLookupReadingBlindingCells(t *testing.T) {
	// A lookup input a@+1 without a selector reads the first unusable row on the last
	// usable row; a table over an advice column at a rotation does the same.
	k := 5
	cs := new(plonkish.ConstraintSystem)
	a := cs.AdviceColumn("a")
	f := cs.FixedColumn("f")
	tab := cs.AddTable("zero", f.Cur())
	cs.AddLookup("next", tab, a.Next())
	pre := plonkish.NewPreprocessed(cs, k)
	w := plonkish.NewWitness(cs, k)
	u := cs.UsableRows(1 << k)
	e := asError(t, Verify(cs, pre, w))
	if len(e.Failures) != 1 || e.Failures[0].Kind != Blinding || e.Failures[0].Row != u-1 || e.Failures[0].Name != "next" {
		t.Fatalf("want one blinding failure of lookup next at row %d, got %v", u-1, e)
	}
	cs2 := new(plonkish.ConstraintSystem)
	b := cs2.AdviceColumn("b")
	c := cs2.AdviceColumn("c")
	tab2 := cs2.AddTable("dyn", b.Prev())
	cs2.AddLookup("c in b", tab2, c.Cur())
	pre2 := plonkish.NewPreprocessed(cs2, k)
	w2 := plonkish.NewWitness(cs2, k)
	e = asError(t, Verify(cs2, pre2, w2))
	if len(e.Failures) != 1 || e.Failures[0].Kind != Blinding || e.Failures[0].Row != 0 || e.Failures[0].Name != "dyn" {
		t.Fatalf("want one blinding failure of table dyn at row 0, got %v", e)
	}
}
