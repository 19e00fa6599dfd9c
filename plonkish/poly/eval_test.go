package poly

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkwasm/zkwasm/plonkish"
)

func TestProgramMatchesEvaluateRow(t *testing.T) {
	var cs plonkish.ConstraintSystem
	a, b := cs.AdviceColumn("a"), cs.AdviceColumn("b")
	f := cs.FixedColumn("f")
	exprs := []plonkish.Expression{
		plonkish.Mul(f.Cur(), plonkish.Sub(plonkish.Add(a.Cur(), b.Cur()), a.Next())),
		plonkish.Add(plonkish.Const(5), plonkish.Scale(b.Prev(), 3), plonkish.Neg(plonkish.Mul(a.Cur(), a.Cur()))),
		plonkish.Const(7),
		plonkish.Mul(plonkish.Const(2), plonkish.Const(3)),
		plonkish.Sub(plonkish.Const(1), f.Rot(-3)),
		plonkish.Mul(f.Cur(), plonkish.Sub(plonkish.Add(a.Cur(), b.Cur()), a.Next())), // shared
		plonkish.Neg(plonkish.Neg(plonkish.Mul(b.Cur(), f.Cur()))),
		plonkish.Add(plonkish.Mul(a.Cur(), a.Cur()), plonkish.Mul(b.Cur(), b.Cur()), plonkish.Mul(f.Cur(), f.Cur()), plonkish.Mul(a.Next(), a.Next())),
	}
	for _, n := range []int{8, 300, 1 << 10} {
		cols := map[plonkish.Column][]fr.Element{a: randVec(n), b: randVec(n), f: randVec(n)}
		src := func(c plonkish.Column) []fr.Element { return cols[c] }
		p := Compile(exprs)
		dst := make([][]fr.Element, len(exprs))
		for i := range dst {
			dst[i] = make([]fr.Element, n)
		}
		p.EvalEach(n, src, dst)
		var y, s fr.Element
		y.SetUint64(11)
		s.SetUint64(13)
		comb := make([]fr.Element, n)
		p.EvalCombined(n, src, y, s, comb)
		for row := range n {
			var acc, pw fr.Element
			pw = s
			for k, e := range exprs {
				want := plonkish.EvaluateRow(e, row, n, func(c plonkish.Column, r int) fr.Element { return cols[c][r] })
				if !want.Equal(&dst[k][row]) {
					t.Fatalf("n=%d expression %d row %d: got %s want %s", n, k, row, dst[k][row].String(), want.String())
				}
				want.Mul(&want, &pw)
				acc.Add(&acc, &want)
				pw.Mul(&pw, &y)
			}
			if !acc.Equal(&comb[row]) {
				t.Fatalf("n=%d row %d: combined value differs", n, row)
			}
		}
	}
}

// Random expressions (with heavy sharing, constants and rotations) agree with
// plonkish.EvaluateRow.
func TestProgramRandomExpressions(t *testing.T) {
	var cs plonkish.ConstraintSystem
	cols := []plonkish.Column{cs.AdviceColumn("a"), cs.AdviceColumn("b"), cs.FixedColumn("f"), cs.InstanceColumn("i")}
	seed := uint64(1)
	rnd := func(n int) int {
		seed = seed*6364136223846793005 + 1442695040888963407
		return int((seed >> 33) % uint64(n))
	}
	var pool []plonkish.Expression
	var gen func(depth int) plonkish.Expression
	gen = func(depth int) plonkish.Expression {
		if len(pool) > 0 && rnd(4) == 0 {
			return pool[rnd(len(pool))]
		}
		if depth == 0 {
			if rnd(3) == 0 {
				return plonkish.Const(uint64(rnd(5)))
			}
			return cols[rnd(len(cols))].Rot(rnd(5) - 2)
		}
		var e plonkish.Expression
		switch rnd(5) {
		case 0:
			e = plonkish.Sum{A: gen(depth - 1), B: gen(depth - 1)}
		case 1:
			e = plonkish.Product{A: gen(depth - 1), B: gen(depth - 1)}
		case 2:
			e = plonkish.Negated{A: gen(depth - 1)}
		case 3:
			e = plonkish.Scale(gen(depth-1), uint64(rnd(4)))
		default:
			e = plonkish.Sub(gen(depth-1), gen(depth-1))
		}
		pool = append(pool, e)
		return e
	}
	for trial := range 20 {
		var exprs []plonkish.Expression
		for range 1 + rnd(6) {
			exprs = append(exprs, gen(1+rnd(5)))
		}
		n := 64 + 64*rnd(5)
		vals := map[plonkish.Column][]fr.Element{}
		for _, c := range cols {
			vals[c] = randVec(n)
		}
		src := func(c plonkish.Column) []fr.Element { return vals[c] }
		dst := make([][]fr.Element, len(exprs))
		for i := range dst {
			dst[i] = make([]fr.Element, n)
		}
		Compile(exprs).EvalEach(n, src, dst)
		for k, e := range exprs {
			for row := 0; row < n; row += 1 + rnd(7) {
				want := plonkish.EvaluateRow(e, row, n, func(c plonkish.Column, r int) fr.Element { return vals[c][r] })
				if !want.Equal(&dst[k][row]) {
					t.Fatalf("trial %d expression %d row %d: %s", trial, k, row, plonkish.Format(e, &cs))
				}
			}
		}
	}
}
