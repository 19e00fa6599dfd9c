package examples

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
)

// Fibonacci returns a circuit that computes m Fibonacci numbers in one advice column "a"
// (a[0] = a[1] = 1) with the gate "fib": q_fib · (a@+1 − a − a@−1) = 0 on rows 1 … m−2,
// and publishes a[0], a[1] and a[m−1] as instance values pub[0], pub[1], pub[2], tied to
// the advice cells by copy constraints. It needs 5 ≤ m ≤ UsableRows (2^k − 6).
func Fibonacci(k, m int) (*plonkish.ConstraintSystem, *plonkish.Preprocessed, *plonkish.Witness, error) {
	e, err := FibonacciExample(k, m)
	return e.CS, e.Pre, e.Wit, err
}

// FibonacciExample is Fibonacci with its tampers:
//   - "fib gate": a[2] += 1 breaks gate "fib" at rows 1, 2, 3;
//   - "fib instance": pub[2] += 1 breaks the copy a[m−1] = pub[2].
func FibonacciExample(k, m int) (Example, error) {
	cs := new(plonkish.ConstraintSystem)
	a := cs.AdviceColumn("a")
	q := cs.Selector("q_fib")
	pub := cs.InstanceColumn("pub")
	cs.EnableEquality(a)
	cs.CreateGate("fib", plonkish.Mul(q.Cur(), plonkish.Sub(a.Next(), plonkish.Add(a.Cur(), a.Prev()))))
	if m < 5 {
		return Example{}, fmt.Errorf("examples: Fibonacci needs at least 5 terms, got %d", m)
	}
	if err := checkRows("Fibonacci", cs, k, m); err != nil {
		return Example{}, err
	}
	pre := plonkish.NewPreprocessed(cs, k)
	wit := plonkish.NewWitness(cs, k)
	col := wit.Advice[a.Index]
	col[0].SetOne()
	col[1].SetOne()
	for i := 2; i < m; i++ {
		col[i].Add(&col[i-1], &col[i-2])
	}
	for i := 1; i <= m-2; i++ {
		pre.SetFixed(q, i, 1)
	}
	wit.Instance[pub.Index] = []fr.Element{col[0], col[1], col[m-1]}
	pre.AddCopy(a, 0, pub, 0)
	pre.AddCopy(a, 1, pub, 1)
	pre.AddCopy(a, m-1, pub, 2)
	return Example{
		Name: "fibonacci", CS: cs, Pre: pre, Wit: wit,
		Tampers: []Tamper{
			{Name: "fib gate", Changes: []Change{{cell(a, 2), plus(col[2], 1)}}, Breaks: BreaksGate, Constraint: "fib", Row: 1, Also: `gate "fib" at rows 2 and 3`},
			{Name: "fib instance", Changes: []Change{{cell(pub, 2), plus(col[m-1], 1)}}, Breaks: BreaksCopy, Row: 2},
		},
	}, nil
}
