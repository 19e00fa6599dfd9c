package solidity

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/vanishing"
)

// yulMachine interprets the Yul subset combineYul emits: mstore and
// `acc :=` statements over addmod, mulmod, sub, mload, literals and the
// locals y, r, acc. mload(YPOW_l) reads y^l; mload(CH_theta) the challenge.
type yulMachine struct {
	mem      map[string]*big.Int // by address text
	vars     map[string]*big.Int
	maxDepth int
}

var modulus = fr.Modulus()

func (m *yulMachine) run(t *testing.T, code string) {
	t.Helper()
	for _, line := range strings.Split(code, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "//"):
		case strings.HasPrefix(line, "acc := "):
			v, d := m.eval(t, line[len("acc := "):])
			m.maxDepth = max(m.maxDepth, d)
			m.vars["acc"] = v
		case strings.HasPrefix(line, "mstore(") && strings.HasSuffix(line, ")"):
			args := splitArgs(t, line[len("mstore("):len(line)-1])
			v, d := m.eval(t, args[1])
			m.maxDepth = max(m.maxDepth, d)
			m.mem[args[0]] = v
		default:
			t.Fatalf("unexpected statement %q", line)
		}
	}
}

// eval returns the value of a Yul expression and its nesting depth.
func (m *yulMachine) eval(t *testing.T, e string) (*big.Int, int) {
	t.Helper()
	e = strings.TrimSpace(e)
	open := strings.IndexByte(e, '(')
	if open < 0 {
		if v, ok := m.vars[e]; ok {
			return v, 0
		}
		v, ok := new(big.Int).SetString(e, 0)
		if !ok {
			t.Fatalf("unknown atom %q", e)
		}
		return v, 0
	}
	fn, args := e[:open], splitArgs(t, e[open+1:len(e)-1])
	if fn == "mload" {
		v, ok := m.mem[args[0]]
		if !ok {
			t.Fatalf("mload of unwritten word %s", args[0])
		}
		return v, 1
	}
	vals := make([]*big.Int, len(args))
	depth := 0
	for i, a := range args {
		var d int
		vals[i], d = m.eval(t, a)
		depth = max(depth, d)
	}
	out := new(big.Int)
	switch {
	case fn == "addmod" && len(vals) == 3:
		out.Add(vals[0], vals[1]).Mod(out, vals[2])
	case fn == "mulmod" && len(vals) == 3:
		out.Mul(vals[0], vals[1]).Mod(out, vals[2])
	case fn == "sub" && len(vals) == 2:
		out.Sub(vals[0], vals[1])
		if out.Sign() < 0 {
			t.Fatalf("sub underflows: %s", e)
		}
	default:
		t.Fatalf("unknown call %q", e)
	}
	return out, depth + 1
}

func splitArgs(t *testing.T, s string) []string {
	t.Helper()
	var out []string
	depth, start := 0, 0
	for i, c := range s {
		switch c {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}

// randomConstraints builds constraints with heavy sharing (a pool of
// subexpressions reused at random), constants of every kind (0, 1, small,
// −small, large), a challenge leaf, and runs of products with a common
// factor.
func randomConstraints(rng *rand.Rand, leaves []plonkish.Query, theta fr.Element, count int) []plonkish.Expression {
	var pool []plonkish.Expression
	pick := func() plonkish.Expression {
		switch r := rng.IntN(10); {
		case r < 4 || len(pool) == 0:
			return leaves[rng.IntN(len(leaves))]
		case r == 4:
			var c fr.Element
			switch rng.IntN(5) {
			case 0:
			case 1:
				c.SetOne()
			case 2:
				c.SetUint64(rng.Uint64() % 100)
			case 3:
				c.SetInt64(-int64(rng.IntN(10) + 1))
			default:
				c.SetRandom()
			}
			return plonkish.ConstElement(c)
		case r == 5:
			return plonkish.ConstElement(theta)
		default:
			return pool[rng.IntN(len(pool))]
		}
	}
	for range 60 {
		var e plonkish.Expression
		switch rng.IntN(5) {
		case 0:
			e = plonkish.Add(pick(), pick())
		case 1:
			e = plonkish.Mul(pick(), pick())
		case 2:
			e = plonkish.Neg(pick())
		case 3:
			var k fr.Element
			k.SetUint64(rng.Uint64()%7 + 2)
			e = plonkish.ScaleElement(pick(), k)
		default:
			e = plonkish.Sub(pick(), pick())
		}
		pool = append(pool, e)
	}
	var out []plonkish.Expression
	for len(out) < count {
		if rng.IntN(3) == 0 {
			f := pick()
			for range rng.IntN(6) + 2 {
				out = append(out, plonkish.Mul(f, pick()))
			}
		} else {
			out = append(out, pick())
		}
	}
	return out
}

// TestCombineYul interprets the emitted combination on random constraint
// sets and compares it with vanishing.Combine of the constraints evaluated
// in Go: scratch words reused too early, a wrong fold, factor or power of
// y would show up. It also checks the nesting depth stays within the bound
// that keeps the stack shallow.
func TestCombineYul(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 40 {
		leaves := make([]plonkish.Query, 12)
		vals := map[plonkish.Query]fr.Element{}
		m := &yulMachine{mem: map[string]*big.Int{}, vars: map[string]*big.Int{}}
		for i := range leaves {
			leaves[i] = plonkish.Query{Column: plonkish.Column{Kind: plonkish.Advice, Index: i % 5}, Rotation: plonkish.Rotation(i/5 - 1)}
			var v fr.Element
			v.SetRandom()
			if i == 0 {
				v.SetZero()
			}
			vals[leaves[i]] = v
			m.mem[fmt.Sprintf("0x%x", 0x100+32*i)] = v.BigInt(new(big.Int))
		}
		var theta, y fr.Element
		theta.SetRandom()
		y.SetRandom()
		m.mem["CH_theta"] = theta.BigInt(new(big.Int))
		m.mem["CH_y"] = y.BigInt(new(big.Int))
		m.vars["y"] = y.BigInt(new(big.Int))
		m.vars["r"] = modulus
		m.vars["acc"] = new(big.Int)
		var yp fr.Element
		yp.SetOne()
		for l := 1; l <= 64; l++ {
			yp.Mul(&yp, &y)
			m.mem[fmt.Sprintf("YPOW_%d", l)] = yp.BigInt(new(big.Int))
		}
		cons := randomConstraints(rng, leaves, theta, 5+rng.IntN(40))
		idx := map[plonkish.Query]int{}
		for i, q := range leaves {
			idx[q] = i
		}
		g := newDAG(func(v fr.Element) (string, bool) {
			if v == theta {
				return "mload(CH_theta)", true
			}
			return "", false
		})
		roots := make([]int, len(cons))
		for i, e := range cons {
			id, err := g.add(e, func(q plonkish.Query) (string, error) { return fmt.Sprintf("mload(0x%x)", 0x100+32*idx[q]), nil })
			if err != nil {
				t.Fatal(err)
			}
			roots[i] = id
		}
		code, scratch, maxRun, err := combineYul(g, roots, func(k int) string { return fmt.Sprintf("0x%x", 0x10000+32*k) }, "")
		if err != nil {
			t.Fatal(err)
		}
		if maxRun > 64 {
			t.Fatalf("run of %d", maxRun)
		}
		m.run(t, code)
		values := make([]fr.Element, len(cons))
		ev := plonkish.Evaluator[fr.Element]{
			Constant: func(v fr.Element) fr.Element { return v },
			Query:    func(q plonkish.Query) fr.Element { return vals[q] },
			Sum:      func(a, b fr.Element) fr.Element { a.Add(&a, &b); return a },
			Product:  func(a, b fr.Element) fr.Element { a.Mul(&a, &b); return a },
			Negated:  func(a fr.Element) fr.Element { a.Neg(&a); return a },
			Scaled:   func(a fr.Element, k fr.Element) fr.Element { a.Mul(&a, &k); return a },
		}
		for i, e := range cons {
			values[i] = plonkish.Evaluate(e, &ev)
		}
		want := vanishing.Combine(values, y)
		if got := m.vars["acc"]; got.Cmp(want.BigInt(new(big.Int))) != 0 {
			t.Fatalf("trial %d (%d constraints, %d scratch words): Yul gives %s, Go %s\n%s", trial, len(cons), scratch, got, want.String(), code)
		}
		// mload counts as one level; the bound is maxHeight (6) + the
		// statement's own call + one for a negative constant's sub.
		if m.maxDepth > 9 {
			t.Fatalf("trial %d: nesting depth %d", trial, m.maxDepth)
		}
	}
}
