package examples

import (
	"fmt"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
)

// naiveCheck is a deliberately simple reference checker (independent of plonkish/mock):
// it returns one line per violated constraint, "kind name row".
func naiveCheck(cs *plonkish.ConstraintSystem, p *plonkish.Preprocessed, w *plonkish.Witness) []string {
	if err := plonkish.CheckShapes(cs, p, w); err != nil {
		return []string{"shape " + err.Error()}
	}
	n := p.Rows()
	u := cs.UsableRows(n)
	get := func(c plonkish.Column, r int) fr.Element { return plonkish.Value(p, w, c, r) }
	tuple := func(es []plonkish.Expression, r int) string {
		var sb strings.Builder
		for _, e := range es {
			v := plonkish.EvaluateRow(e, r, n, get)
			sb.WriteString(v.String() + ",")
		}
		return sb.String()
	}
	var out []string
	for _, g := range cs.Gates {
		for _, poly := range g.Polys {
			for r := 0; r < u; r++ {
				if v := plonkish.EvaluateRow(poly, r, n, get); !v.IsZero() {
					out = append(out, fmt.Sprintf("gate %s %d", g.Name, r))
				}
			}
		}
	}
	for _, l := range cs.Lookups {
		set := map[string]bool{}
		for r := 0; r < u; r++ {
			set[tuple(cs.Tables[l.Table].Columns, r)] = true
		}
		for r := 0; r < u; r++ {
			if !set[tuple(l.Inputs, r)] {
				out = append(out, fmt.Sprintf("lookup %s %d", l.Name, r))
			}
		}
	}
	for _, s := range cs.Shuffles {
		count := map[string]int{}
		firstIn, firstSh := map[string]int{}, map[string]int{}
		for r := u - 1; r >= 0; r-- {
			t := tuple(s.Input, r)
			count[t]++
			firstIn[t] = r
			t = tuple(s.Shuffled, r)
			count[t]--
			firstSh[t] = r
		}
		for t, c := range count {
			if c > 0 {
				out = append(out, fmt.Sprintf("shuffle %s %d", s.Name, firstIn[t]))
			}
			if c < 0 {
				out = append(out, fmt.Sprintf("shuffle %s %d", s.Name, firstSh[t]))
			}
		}
	}
	for _, b := range cs.Buses {
		net := map[string]fr.Element{}
		for _, it := range b.Interactions {
			for r := 0; r < u; r++ {
				m := plonkish.EvaluateRow(it.Multiplicity, r, n, get)
				t := tuple(it.Values, r)
				x := net[t]
				x.Add(&x, &m)
				net[t] = x
			}
		}
		for _, x := range net {
			if !x.IsZero() {
				out = append(out, "bus "+b.Name)
				break
			}
		}
	}
	for _, c := range p.Copies {
		a, b := get(c.A.Column, c.A.Row), get(c.B.Column, c.B.Row)
		if !a.Equal(&b) {
			out = append(out, fmt.Sprintf("copy %s %d %s %d", cs.ColumnName(c.A.Column), c.A.Row, cs.ColumnName(c.B.Column), c.B.Row))
		}
	}
	return out
}

func TestExamplesHonestAndTampered(t *testing.T) {
	for k := 5; k <= 10; k++ {
		testAll(t, k)
	}
	if _, err := All(4); err == nil {
		t.Error("All(4) accepted")
	}
}

func testAll(t *testing.T, k int) {
	all, err := All(k)
	if err != nil {
		t.Fatal(err)
	}
	bus, err := BusExample(k, min(1<<k/2, 20), min(1<<k/2, 30))
	if err != nil {
		t.Fatal(err)
	}
	all = append(all, bus)
	for _, ex := range all {
		if got := naiveCheck(ex.CS, ex.Pre, ex.Wit); len(got) != 0 {
			t.Errorf("%s: honest witness fails: %v", ex.Name, got)
		}
		if len(ex.Tampers) == 0 {
			t.Errorf("%s: no tampers", ex.Name)
		}
		for _, tp := range ex.Tampers {
			got := naiveCheck(ex.CS, ex.Pre, tp.Apply(ex.Wit))
			want := fmt.Sprintf("%s %s %d", tp.Breaks, tp.Constraint, tp.Row)
			if tp.Breaks == BreaksBus {
				want = "bus " + tp.Constraint
			}
			if tp.Breaks == BreaksCopy {
				want = fmt.Sprintf("%s %d", ex.CS.ColumnName(tp.Changes[0].Cell.Column), tp.Changes[0].Cell.Row)
			}
			found := false
			for _, g := range got {
				if strings.HasPrefix(g, string(tp.Breaks)) && strings.Contains(g, want) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s / %s: want failure %q, got %v", ex.Name, tp.Name, want, got)
			}
			if tp.Also == "" && len(got) > 0 {
				for _, g := range got {
					if !strings.HasPrefix(g, string(tp.Breaks)) {
						t.Errorf("%s / %s: unexpected extra failure %q", ex.Name, tp.Name, g)
					}
				}
			}
		}
		// Apply must not modify the honest witness.
		if got := naiveCheck(ex.CS, ex.Pre, ex.Wit); len(got) != 0 {
			t.Errorf("%s: Apply modified the honest witness: %v", ex.Name, got)
		}
	}
}

func TestExamplesRejectBadParameters(t *testing.T) {
	bad := map[string]error{}
	_, _, _, bad["fib small k"] = Fibonacci(3, 10)
	_, _, _, bad["fib few terms"] = Fibonacci(8, 2)
	_, _, _, bad["range 16-bit at k=16"] = RangeCheck(16, 16, 10)
	_, _, _, bad["range bits"] = RangeCheck(10, 0, 10)
	_, _, _, bad["copy npub"] = CopyHeavy(8, 10, 11)
	_, _, _, bad["dynamic entries"] = DynamicLookup(10, 4, 17, 5)
	_, _, _, bad["shuffle m"] = Shuffle(8, 3)
	_, _, _, bad["mixed bits"] = Mixed(10, 2, 10)
	_, _, _, bad["k too big"] = Fibonacci(40, 10)
	for name, err := range bad {
		if err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, _, _, err := RangeCheck(17, 16, 10); testing.Short() == false && err != nil {
		t.Errorf("16-bit table at k = 17 rejected: %v", err)
	}
}
