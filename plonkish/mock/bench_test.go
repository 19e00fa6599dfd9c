package mock

import (
	"fmt"
	"testing"

	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/examples"
)

// BenchmarkVerify runs the MockProver on 2^16-row examples filled to the last usable row.
//
//	go test -run '^$' -bench Verify -benchtime 3x ./plonkish/mock/
func BenchmarkVerify(b *testing.B) {
	const k = 16
	u := (1 << k) - 6 // usable rows of these examples (5 blinding rows + 1)
	builds := map[string]func() (*plonkish.ConstraintSystem, *plonkish.Preprocessed, *plonkish.Witness, error){
		"fibonacci": func() (*plonkish.ConstraintSystem, *plonkish.Preprocessed, *plonkish.Witness, error) {
			return examples.Fibonacci(k, u)
		},
		"mixed": func() (*plonkish.ConstraintSystem, *plonkish.Preprocessed, *plonkish.Witness, error) {
			return examples.Mixed(k, 8, u)
		},
		"dynamic lookup": func() (*plonkish.ConstraintSystem, *plonkish.Preprocessed, *plonkish.Witness, error) {
			return examples.DynamicLookup(k, 8, 256, u)
		},
		"copy heavy": func() (*plonkish.ConstraintSystem, *plonkish.Preprocessed, *plonkish.Witness, error) {
			return examples.CopyHeavy(k, u, 64)
		},
		"wide gates": func() (*plonkish.ConstraintSystem, *plonkish.Preprocessed, *plonkish.Witness, error) {
			return wideCircuit(k, 60, 40)
		},
	}
	for _, name := range []string{"fibonacci", "mixed", "dynamic lookup", "copy heavy", "wide gates"} {
		cs, pre, wit, err := builds[name]()
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("%s/k=%d", name, k), func(b *testing.B) {
			for b.Loop() {
				if err := Verify(cs, pre, wit); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(int(1)<<k), "ns/row")
		})
	}
}

// wideCircuit resembles an execution table: ncols advice columns, ngates degree-3 gates
// each over a selector and four columns at rotations 0 and 1, all satisfied by a witness
// that makes every gate's bracket zero (c3 = c0·c1 + c2@+1 − …).
func wideCircuit(k, ncols, ngates int) (*plonkish.ConstraintSystem, *plonkish.Preprocessed, *plonkish.Witness, error) {
	cs := new(plonkish.ConstraintSystem)
	cols := make([]plonkish.Column, ncols)
	for i := range cols {
		cols[i] = cs.AdviceColumn(fmt.Sprintf("c%d", i))
	}
	sels := make([]plonkish.Column, ngates)
	for g := range sels {
		sels[g] = cs.Selector(fmt.Sprintf("q%d", g))
	}
	out := cs.AdviceColumn("out")
	// Gate g: q_g · (c_a·c_b + c_c@+1 + 3·c_d − out) with out chosen so it holds on the
	// rows where q_g = 1; selectors partition the rows.
	type term struct{ a, b, c, d int }
	terms := make([]term, ngates)
	for g := range terms {
		terms[g] = term{g % ncols, (g*7 + 1) % ncols, (g*13 + 2) % ncols, (g*29 + 3) % ncols}
		t := terms[g]
		cs.CreateGate(fmt.Sprintf("g%d", g), plonkish.Mul(sels[g].Cur(), plonkish.Sub(
			plonkish.Add(plonkish.Mul(cols[t.a].Cur(), cols[t.b].Cur()), cols[t.c].Next(), plonkish.Scale(cols[t.d].Cur(), 3)), out.Cur())))
	}
	n := 1 << k
	u := cs.UsableRows(n)
	pre := plonkish.NewPreprocessed(cs, k)
	wit := plonkish.NewWitness(cs, k)
	for i := range cols {
		for r := 0; r < n; r++ {
			wit.Advice[cols[i].Index][r].SetUint64(uint64(r*31 + i*17 + 5))
		}
	}
	for r := 0; r < u-1; r++ {
		g := (r / 3) % ngates
		pre.SetFixed(sels[g], r, 1)
		t := terms[g]
		v := &wit.Advice[out.Index][r]
		v.Mul(&wit.Advice[cols[t.a].Index][r], &wit.Advice[cols[t.b].Index][r])
		v.Add(v, &wit.Advice[cols[t.c].Index][r+1])
		var d = wit.Advice[cols[t.d].Index][r]
		d.Add(&d, &d)
		d.Add(&d, &wit.Advice[cols[t.d].Index][r])
		v.Add(v, &d)
	}
	return cs, pre, wit, nil
}
