package mock

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/examples"
)

// mustAll returns examples.All(k) and the bus example.
func mustAll(t testing.TB, k int) []examples.Example {
	t.Helper()
	all, err := examples.All(k)
	if err != nil {
		t.Fatal(err)
	}
	bus, err := examples.BusExample(k, min(1<<k/2, 20), min(1<<k/2, 30))
	if err != nil {
		t.Fatal(err)
	}
	return append(all, bus)
}

func asError(t *testing.T, err error) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *mock.Error", err, err)
	}
	return e
}

func TestExamplesAccepted(t *testing.T) {
	for k := 5; k <= 11; k++ {
		for _, ex := range mustAll(t, k) {
			if err := Verify(ex.CS, ex.Pre, ex.Wit); err != nil {
				t.Errorf("k=%d %s: honest witness rejected: %v", k, ex.Name, err)
			}
		}
	}
}

// TestTampersRejected applies every example's tampers and checks that the failure names
// the right constraint, kind and row.
func TestTampersRejected(t *testing.T) {
	kinds := map[examples.Broken]Kind{examples.BreaksGate: Gate, examples.BreaksLookup: Lookup, examples.BreaksShuffle: Shuffle, examples.BreaksCopy: Copy, examples.BreaksBus: Bus}
	seen := map[Kind]bool{}
	for _, ex := range append(mustAll(t, 5), mustAll(t, 9)...) {
		for _, tp := range ex.Tampers {
			t.Run(fmt.Sprintf("%s/%s/k=%d", ex.Name, tp.Name, ex.Pre.K), func(t *testing.T) {
				err := Verify(ex.CS, ex.Pre, tp.Apply(ex.Wit))
				if err == nil {
					t.Fatal("tampered witness accepted")
				}
				e := asError(t, err)
				want := kinds[tp.Breaks]
				found := false
				for _, f := range e.Failures {
					if f.Kind != want {
						continue
					}
					if want == Copy {
						c := tp.Changes[0].Cell
						for _, cv := range f.Cells {
							if cv.Column == c.Column && cv.Row == c.Row {
								found = true
							}
						}
						continue
					}
					if f.Name == tp.Constraint && f.Row == tp.Row {
						found = true
					}
				}
				if !found {
					t.Fatalf("want a %s failure of %q at row %d, got:\n%v", want, tp.Constraint, tp.Row, err)
				}
				if tp.Also == "" {
					for _, f := range e.Failures {
						if f.Kind != want {
							t.Errorf("unexpected %s failure: %s", f.Kind, f)
						}
					}
				}
				msg := err.Error()
				if want != Copy && !strings.Contains(msg, fmt.Sprintf("%q", tp.Constraint)) {
					t.Errorf("message does not name %q:\n%s", tp.Constraint, msg)
				}
				if !strings.Contains(msg, fmt.Sprintf("row %d", tp.Row)) {
					t.Errorf("message does not name row %d:\n%s", tp.Row, msg)
				}
				seen[want] = true
			})
		}
	}
	for _, k := range []Kind{Gate, Lookup, Shuffle, Bus, Copy} {
		if !seen[k] {
			t.Errorf("no tamper covers %s", k)
		}
	}
}

func TestGateMessageShowsCells(t *testing.T) {
	ex, err := examples.FibonacciExample(8, 20)
	if err != nil {
		t.Fatal(err)
	}
	w := examples.CloneWitness(ex.Wit)
	w.Set(plonkish.Column{Kind: plonkish.Advice, Index: 0}, 5, 1000) // a[5] = 1000 instead of 8
	err = Verify(ex.CS, ex.Pre, w)
	if err == nil {
		t.Fatal("accepted")
	}
	msg := err.Error()
	for _, want := range []string{
		`constraint 0 in gate "fib" is not satisfied at row 4: q_fib = 1, a@+1 = 1000, a = 5, a@-1 = 3`,
		`constraint 0 in gate "fib" is not satisfied at row 5:`,
		`constraint 0 in gate "fib" is not satisfied at row 6:`,
		`3 failures`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
}

func TestDynamicTableTamperedTableRow(t *testing.T) {
	// Changing a dynamic table row (keeping the table's own gate satisfied) must make the
	// lookups that used the old pair fail: the table is read from the witness.
	ex, err := examples.DynamicLookupExample(9, 8, 32, 20)
	if err != nil {
		t.Fatal(err)
	}
	key, val := plonkish.Column{Kind: plonkish.Advice, Index: 0}, plonkish.Column{Kind: plonkish.Advice, Index: 1}
	k1 := plonkish.Column{Kind: plonkish.Advice, Index: 2}
	used := ex.Wit.Advice[k1.Index][0] // key looked up by lookup1 on row 0
	var row uint64
	for r := range 32 {
		if ex.Wit.Advice[key.Index][r].Equal(&used) {
			row = uint64(r)
		}
	}
	w := examples.CloneWitness(ex.Wit)
	w.Set(key, int(row), 1000) // (1000, 1000²+1) replaces the pair: table_def still holds
	w.Set(val, int(row), 1000*1000+1)
	e := asError(t, Verify(ex.CS, ex.Pre, w))
	found := false
	for _, f := range e.Failures {
		if f.Kind == Lookup && f.Name == "lookup1" && f.Row == 0 {
			found = true
		}
		if f.Kind == Gate {
			t.Errorf("unexpected gate failure %s", f)
		}
	}
	if !found {
		t.Fatalf("lookup1 row 0 not reported: %v", e)
	}
}

// blindingCircuit has one advice column a, a selector q and the gate q·(a − 7).
func blindingCircuit(k int) (*plonkish.ConstraintSystem, *plonkish.Preprocessed, *plonkish.Witness, plonkish.Column, plonkish.Column) {
	cs := new(plonkish.ConstraintSystem)
	a := cs.AdviceColumn("a")
	q := cs.Selector("q")
	cs.CreateGate("seven", plonkish.Mul(q.Cur(), plonkish.Sub(a.Cur(), plonkish.Const(7))))
	pre := plonkish.NewPreprocessed(cs, k)
	w := plonkish.NewWitness(cs, k)
	for r := 0; r < cs.UsableRows(1<<k); r++ {
		pre.SetFixed(q, r, 1)
		w.Set(a, r, 7)
	}
	return cs, pre, w, a, q
}

func TestBlindingRowsNotChecked(t *testing.T) {
	k := 5
	cs, pre, w, a, q := blindingCircuit(k)
	n, u := 1<<k, cs.UsableRows(1<<k)
	for r := u; r < n; r++ {
		w.Set(a, r, uint64(12345+r)) // random-looking values where the prover blinds
	}
	if err := Verify(cs, pre, w); err != nil {
		t.Fatalf("values in unusable rows were checked: %v", err)
	}
	// The last usable row is checked.
	w.Set(a, u-1, 8)
	e := asError(t, Verify(cs, pre, w))
	if len(e.Failures) != 1 || e.Failures[0].Kind != Gate || e.Failures[0].Row != u-1 {
		t.Fatalf("want one gate failure at row %d, got %v", u-1, e)
	}
	w.Set(a, u-1, 7)
	// A selector left on in an unusable row is caught: the prover enforces gates there.
	pre.SetFixed(q, u, 1)
	e = asError(t, Verify(cs, pre, w))
	if e.Failures[0].Kind != Blinding || e.Failures[0].Row != u || !strings.Contains(e.Error(), "not switched off") {
		t.Fatalf("want a blinding failure at row %d, got %v", u, e)
	}
	if err := VerifyWith(cs, pre, w, Options{UsableRowsOnly: true}); err != nil {
		t.Fatalf("UsableRowsOnly: %v", err)
	}
}

func TestReadingBlindingCellsRejected(t *testing.T) {
	// A gate on the last usable row that reads a@+1 depends on a random cell.
	k := 5
	cs := new(plonkish.ConstraintSystem)
	a := cs.AdviceColumn("a")
	q := cs.Selector("q")
	cs.CreateGate("step", plonkish.Mul(q.Cur(), plonkish.Sub(a.Next(), a.Cur())))
	pre := plonkish.NewPreprocessed(cs, k)
	w := plonkish.NewWitness(cs, k)
	u := cs.UsableRows(1 << k)
	for r := 0; r < u; r++ {
		pre.SetFixed(q, r, 1)
	}
	// All advice is zero, including row u: a naive check would pass.
	e := asError(t, Verify(cs, pre, w))
	if len(e.Failures) != 1 || e.Failures[0].Kind != Blinding || e.Failures[0].Row != u-1 || !strings.Contains(e.Error(), "a@+1 (row") {
		t.Fatalf("want one blinding failure at row %d naming a@+1, got %v", u-1, e)
	}
	pre.SetFixed(q, u-1, 0)
	if err := Verify(cs, pre, w); err != nil {
		t.Fatalf("selector off on the last row: %v", err)
	}
}

func TestRotationsWrap(t *testing.T) {
	// Gate on row 0 reads f@-1, the fixed cell on row n−1; gate on row u−1 reads f@+2,
	// which wraps past n only for large rotations: use rotation n+1 ≡ 1.
	k := 5
	n := 1 << k
	cs := new(plonkish.ConstraintSystem)
	f := cs.FixedColumn("f")
	a := cs.AdviceColumn("a")
	q := cs.Selector("q")
	cs.CreateGate("wrap", plonkish.Mul(q.Cur(), plonkish.Sub(a.Cur(), f.Prev())))
	cs.CreateGate("far", plonkish.Mul(q.Cur(), plonkish.Sub(a.Cur(), f.Rot(n))))
	pre := plonkish.NewPreprocessed(cs, k)
	w := plonkish.NewWitness(cs, k)
	pre.SetFixed(q, 0, 1)
	pre.SetFixed(f, n-1, 42)
	pre.SetFixed(f, 0, 42)
	w.Set(a, 0, 42)
	if err := Verify(cs, pre, w); err != nil {
		t.Fatalf("wrapped rotation: %v", err)
	}
	pre.SetFixed(f, n-1, 41)
	e := asError(t, Verify(cs, pre, w))
	if len(e.Failures) != 1 || e.Failures[0].Name != "wrap" || e.Failures[0].Row != 0 || !strings.Contains(e.Error(), "f@-1 = 41") {
		t.Fatalf("want gate wrap at row 0 with f@-1 = 41, got %v", e)
	}
}

func TestRotationsWrapInBlocks(t *testing.T) {
	// The Fibonacci gate evaluated at every row of a 2^12 table crosses block and chunk
	// boundaries; tamper the last term so that the failure is far from row 0.
	ex, err := examples.FibonacciExample(12, 4000)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(ex.CS, ex.Pre, ex.Wit); err != nil {
		t.Fatal(err)
	}
	w := examples.CloneWitness(ex.Wit)
	w.Set(plonkish.Column{Kind: plonkish.Advice, Index: 0}, 64, 0)
	e := asError(t, Verify(ex.CS, ex.Pre, w))
	var rows []int
	for _, f := range e.Failures {
		if f.Kind == Gate {
			rows = append(rows, f.Row)
		}
	}
	if fmt.Sprint(rows) != "[63 64 65]" {
		t.Fatalf("gate failures at rows %v, want [63 64 65]: %v", rows, e)
	}
}

func TestShuffleIsNotALookup(t *testing.T) {
	ex, err := examples.ShuffleExample(9, 50)
	if err != nil {
		t.Fatal(err)
	}
	var dup examples.Tamper
	for _, tp := range ex.Tampers {
		if tp.Name == "shuffle duplicate" {
			dup = tp
		}
	}
	e := asError(t, Verify(ex.CS, ex.Pre, dup.Apply(ex.Wit)))
	// Two failures: the duplicated tuple is extra among the shuffled tuples, the
	// overwritten one is missing (extra among the inputs).
	if len(e.Failures) != 2 || e.Total != 2 {
		t.Fatalf("want 2 shuffle failures, got %v", e)
	}
	if !strings.Contains(e.Error(), "occurs 1 times among the input tuples and 2 times among the shuffled tuples") {
		t.Fatalf("message: %v", e)
	}
}

func TestFailuresAreBounded(t *testing.T) {
	ex, err := examples.FibonacciExample(10, 1000)
	if err != nil {
		t.Fatal(err)
	}
	w := examples.CloneWitness(ex.Wit)
	for r := range 1000 {
		w.Set(plonkish.Column{Kind: plonkish.Advice, Index: 0}, r, 1)
	}
	e := asError(t, VerifyWith(ex.CS, ex.Pre, w, Options{MaxPerConstraint: 5, MaxPrinted: 3}))
	if len(e.Failures) > 5+1 { // the gate's 5 and possibly copy failures
		var n int
		for _, f := range e.Failures {
			if f.Kind == Gate {
				n++
			}
		}
		if n != 5 {
			t.Fatalf("collected %d gate failures, want 5", n)
		}
	}
	if e.Counts[0].Kind != Gate || e.Counts[0].N != 998 {
		t.Fatalf("counts = %+v, want gate \"fib\" ×998 first", e.Counts)
	}
	if lines := strings.Count(e.Error(), "\n"); lines != 4 {
		t.Fatalf("printed %d lines, want 3 failures and a summary:\n%s", lines, e.Error())
	}
}

func TestShapeErrors(t *testing.T) {
	ex, err := examples.FibonacciExample(8, 20)
	if err != nil {
		t.Fatal(err)
	}
	w := examples.CloneWitness(ex.Wit)
	w.Advice[0] = w.Advice[0][:100]
	e := asError(t, Verify(ex.CS, ex.Pre, w))
	if e.Failures[0].Kind != Shape || !strings.Contains(e.Error(), "has 100 rows") {
		t.Fatalf("want shape failure, got %v", e)
	}
	w = examples.CloneWitness(ex.Wit)
	w.Instance[0] = make([]fr.Element, 300)
	e = asError(t, Verify(ex.CS, ex.Pre, w))
	if e.Failures[0].Kind != Shape || !strings.Contains(e.Error(), "instance column") {
		t.Fatalf("want instance shape failure, got %v", e)
	}
	if err := Verify(nil, ex.Pre, ex.Wit); err == nil {
		t.Fatal("nil constraint system accepted")
	}
	if err := Verify(ex.CS, nil, ex.Wit); err == nil {
		t.Fatal("nil preprocessed accepted")
	}
	if err := Verify(ex.CS, ex.Pre, nil); err == nil {
		t.Fatal("nil witness accepted")
	}
}

func TestWrongInstanceValue(t *testing.T) {
	ex, err := examples.FibonacciExample(8, 20)
	if err != nil {
		t.Fatal(err)
	}
	w := examples.CloneWitness(ex.Wit)
	w.Instance[0][2].SetUint64(6766) // F(20) is 6765
	e := asError(t, Verify(ex.CS, ex.Pre, w))
	if len(e.Failures) != 1 || e.Failures[0].Kind != Copy || !strings.Contains(e.Error(), "a row 19 = 6765 != pub row 2 = 6766") {
		t.Fatalf("want copy failure a row 19 = 6765 != pub row 2 = 6766, got %v", e)
	}
	// A missing instance value reads as zero.
	w.Instance[0] = w.Instance[0][:2]
	e = asError(t, Verify(ex.CS, ex.Pre, w))
	if !strings.Contains(e.Error(), "pub row 2 = 0") {
		t.Fatalf("want pub row 2 = 0, got %v", e)
	}
}

// TestRangeCheck16Bit runs the 16-bit table variant, which needs 2^17 rows.
func TestRangeCheck16Bit(t *testing.T) {
	if testing.Short() {
		t.Skip("2^17 rows")
	}
	ex, err := examples.RangeCheckExample(17, 16, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(ex.CS, ex.Pre, ex.Wit); err != nil {
		t.Fatalf("honest: %v", err)
	}
	for _, tp := range ex.Tampers {
		e := asError(t, Verify(ex.CS, ex.Pre, tp.Apply(ex.Wit)))
		if e.Failures[0].Name != tp.Constraint || e.Failures[0].Row != tp.Row {
			t.Errorf("%s: got %v", tp.Name, e)
		}
	}
	if _, err := examples.RangeCheckExample(16, 16, 1000); err == nil || !strings.Contains(err.Error(), "65536 usable rows") {
		t.Errorf("16-bit table at k = 16: err = %v", err)
	}
}

// TestParallelChunksMerge spreads failures over several chunks of rows and checks that
// any number of workers reports the same failures, in row order, keeping the first ones.
func TestParallelChunksMerge(t *testing.T) {
	ex, err := examples.FibonacciExample(13, 8000)
	if err != nil {
		t.Fatal(err)
	}
	w := examples.CloneWitness(ex.Wit)
	a := plonkish.Column{Kind: plonkish.Advice, Index: 0}
	for _, r := range []int{7000, 100, 5000} {
		w.Set(a, r, 1)
	}
	rows := func(opt Options) string {
		e := asError(t, VerifyWith(ex.CS, ex.Pre, w, opt))
		var rs []int
		for _, f := range e.Failures {
			rs = append(rs, f.Row)
		}
		return fmt.Sprint(e.Total, rs)
	}
	want := "9 [99 100 101 4999 5000 5001 6999 7000 7001]"
	for _, workers := range []int{1, 2, 4, 7} {
		if got := rows(Options{Workers: workers, MaxPerConstraint: 100}); got != want {
			t.Errorf("workers %d: got %s, want %s", workers, got, want)
		}
		if got := rows(Options{Workers: workers, MaxPerConstraint: 2}); got != "9 [99 100]" {
			t.Errorf("workers %d, 2 per constraint: got %s", workers, got)
		}
	}
}

func TestMalformedInputsGiveErrors(t *testing.T) {
	ex, err := examples.MixedExample(9, 8, 40)
	if err != nil {
		t.Fatal(err)
	}
	a := plonkish.Column{Kind: plonkish.Advice, Index: 0}
	cases := map[string]func(cs *plonkish.ConstraintSystem, p *plonkish.Preprocessed, w *plonkish.Witness){
		"nil gate poly": func(cs *plonkish.ConstraintSystem, _ *plonkish.Preprocessed, _ *plonkish.Witness) {
			cs.CreateGate("nil", nil)
		},
		"nil inside sum": func(cs *plonkish.ConstraintSystem, _ *plonkish.Preprocessed, _ *plonkish.Witness) {
			cs.CreateGate("half", plonkish.Sum{A: a.Cur()})
		},
		"nil lookup input": func(cs *plonkish.ConstraintSystem, _ *plonkish.Preprocessed, _ *plonkish.Witness) {
			cs.AddLookup("nil", 0, nil)
		},
		"unknown column": func(cs *plonkish.ConstraintSystem, _ *plonkish.Preprocessed, _ *plonkish.Witness) {
			cs.CreateGate("ghost", plonkish.Column{Kind: 7}.Cur())
		},
		"missing advice": func(_ *plonkish.ConstraintSystem, _ *plonkish.Preprocessed, w *plonkish.Witness) {
			w.Advice = w.Advice[:1]
		},
		"missing fixed": func(_ *plonkish.ConstraintSystem, p *plonkish.Preprocessed, _ *plonkish.Witness) { p.Fixed[2] = nil },
		"copy off the table": func(_ *plonkish.ConstraintSystem, p *plonkish.Preprocessed, _ *plonkish.Witness) {
			p.AddCopy(a, 1<<20, a, -1)
		},
		"copy unknown column": func(_ *plonkish.ConstraintSystem, p *plonkish.Preprocessed, _ *plonkish.Witness) {
			p.AddCopy(plonkish.Column{Kind: plonkish.Advice, Index: 99}, 0, a, 0)
		},
		"k zero":              func(_ *plonkish.ConstraintSystem, p *plonkish.Preprocessed, _ *plonkish.Witness) { p.K = 0 },
		"no instance columns": func(_ *plonkish.ConstraintSystem, _ *plonkish.Preprocessed, w *plonkish.Witness) { w.Instance = nil },
	}
	for name, mutate := range cases {
		cs := *ex.CS
		cs.Gates = append([]plonkish.Gate(nil), cs.Gates...)
		cs.Lookups = append([]plonkish.Lookup(nil), cs.Lookups...)
		pre := *ex.Pre
		pre.Fixed = append([][]fr.Element(nil), pre.Fixed...)
		pre.Copies = append([]plonkish.Copy(nil), pre.Copies...)
		w := examples.CloneWitness(ex.Wit)
		mutate(&cs, &pre, w)
		err := Verify(&cs, &pre, w)
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if e := asError(t, err); e.Failures[0].Kind != Shape {
			t.Errorf("%s: want a shape failure, got %v", name, err)
		}
	}
}

func TestUnknownConstraintKindsRefused(t *testing.T) {
	type futureCS struct {
		Gates   []int
		Portals []string
		Widgets map[int]int
		hidden  []int
		Empty   []int
	}
	got := uncheckedConstraints(&futureCS{Gates: []int{1}, Portals: []string{"a", "b"}, Widgets: map[int]int{1: 1}, hidden: []int{1}}, checkedFields)
	if len(got) != 2 || !strings.Contains(got[0], "2 Portals") || !strings.Contains(got[1], "1 Widgets") {
		t.Fatalf("got %q", got)
	}
	// The real ConstraintSystem of every example has nothing unchecked.
	for _, ex := range mustAll(t, 5) {
		if u := uncheckedConstraints(ex.CS, checkedFields); len(u) != 0 {
			t.Errorf("%s: %v", ex.Name, u)
		}
	}
}
