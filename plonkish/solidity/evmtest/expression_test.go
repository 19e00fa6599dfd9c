package evmtest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/solidity"
)

// TestYulExpressionEVM evaluates random IR expressions (and a 60-term sum
// and product, which a nested Yul expression could not compile) in the EVM
// with the code solidity.YulExpression emits, against plonkish.Evaluate.
func TestYulExpressionEVM(t *testing.T) {
	cols := []plonkish.Column{{Kind: plonkish.Advice, Index: 0}, {Kind: plonkish.Fixed, Index: 1}, {Kind: plonkish.Instance, Index: 0}}
	var queries []plonkish.Query
	for _, c := range cols {
		for r := -1; r <= 1; r++ {
			queries = append(queries, c.Rot(r))
		}
	}
	rnd := &seq{}
	rnd.s.SetUint64(99)
	pick := func(n int) int { v := rnd.next(); return int(v.Uint64() % uint64(n)) }
	var gen func(depth int) plonkish.Expression
	gen = func(depth int) plonkish.Expression {
		if depth == 0 || pick(4) == 0 {
			if pick(3) == 0 {
				return plonkish.ConstElement(rnd.next())
			}
			return queries[pick(len(queries))]
		}
		switch pick(4) {
		case 0:
			return plonkish.Sum{A: gen(depth - 1), B: gen(depth - 1)}
		case 1:
			return plonkish.Product{A: gen(depth - 1), B: gen(depth - 1)}
		case 2:
			return plonkish.Negated{A: gen(depth - 1)}
		default:
			return plonkish.Scaled{A: gen(depth - 1), Factor: rnd.next()}
		}
	}
	var exprs []plonkish.Expression
	for i := 0; i < 12; i++ {
		exprs = append(exprs, gen(6))
	}
	var terms, factors []plonkish.Expression
	for i := 0; i < 60; i++ {
		terms = append(terms, plonkish.Mul(queries[i%len(queries)], plonkish.Neg(queries[(i*7)%len(queries)])))
		factors = append(factors, queries[(i*5)%len(queries)])
	}
	exprs = append(exprs, plonkish.Add(terms...), plonkish.Mul(factors...), plonkish.Neg(plonkish.Const(0)))

	values := make(map[plonkish.Query]fr.Element)
	var input []byte
	index := map[plonkish.Query]int{}
	for i, q := range queries {
		v := rnd.next()
		values[q] = v
		index[q] = i
		b := v.Bytes()
		input = append(input, b[:]...)
	}
	leaf := func(q plonkish.Query) (string, error) {
		i, ok := index[q]
		if !ok {
			return "", fmt.Errorf("unknown query")
		}
		return fmt.Sprintf("calldataload(%d)", 32*i), nil
	}
	tmp := func(k int) string { return fmt.Sprintf("0x%x", 0x1000+32*k) }

	var body strings.Builder
	var want []fr.Element
	for i, e := range exprs {
		code, res, _, err := solidity.YulExpression(e, leaf, tmp, "            ")
		if err != nil {
			t.Fatal(err)
		}
		body.WriteString(code)
		fmt.Fprintf(&body, "            mstore(%d, %s)\n", 32*i, res)
		want = append(want, plonkish.Evaluate(e, &plonkish.Evaluator[fr.Element]{
			Constant: func(v fr.Element) fr.Element { return v },
			Query:    func(q plonkish.Query) fr.Element { return values[q] },
			Sum:      func(a, b fr.Element) fr.Element { var r fr.Element; r.Add(&a, &b); return r },
			Product:  func(a, b fr.Element) fr.Element { var r fr.Element; r.Mul(&a, &b); return r },
			Negated:  func(a fr.Element) fr.Element { var r fr.Element; r.Neg(&a); return r },
			Scaled:   func(a fr.Element, k fr.Element) fr.Element { var r fr.Element; r.Mul(&a, &k); return r },
		}))
	}
	src := fmt.Sprintf(`// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;
contract ExprHarness {
    uint256 internal constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    fallback(bytes calldata) external returns (bytes memory) {
        assembly {
%s            return(0, %d)
        }
    }
}
`, body.String(), 32*len(exprs))
	_, _, call := deploy(t, map[string]string{"ExprHarness.sol": src}, "ExprHarness")
	out, gas, err := call(input)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 32*len(want) {
		t.Fatalf("%d output bytes", len(out))
	}
	for i := range want {
		b := want[i].Bytes()
		if string(out[32*i:32*i+32]) != string(b[:]) {
			t.Errorf("expression %d: EVM %x, Go %x", i, out[32*i:32*i+32], b)
		}
	}
	t.Logf("%d expressions, %d gas", len(exprs), gas)
}
