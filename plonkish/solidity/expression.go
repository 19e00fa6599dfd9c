package solidity

import (
	"fmt"
	"strings"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkwasm/zkwasm/plonkish"
)

// YulExpression emits Yul that evaluates the IR expression e mod R, for a
// quotient check. leaf renders a query (column at rotation) as a Yul
// expression whose value is already reduced mod R (an evaluation read from
// calldata, which the verifier checked to be < R, or a computed value);
// tmp(k) renders the address of the k-th scratch memory word.
//
// Every interior node is computed into its own scratch word by one
// statement, so the EVM stack stays shallow whatever the expression's shape
// (nested Yul calls evaluate their arguments right to left and keep them on
// the stack: a long sum written as one nested expression would not compile).
// It returns the statements (one per line, each prefixed with indent), the
// Yul expression of the result, and the number of scratch words used.
func YulExpression(e plonkish.Expression, leaf func(plonkish.Query) (string, error), tmp func(k int) string, indent string) (code, result string, temps int, err error) {
	var b strings.Builder
	n := 0
	store := func(expr string) string {
		addr := tmp(n)
		n++
		fmt.Fprintf(&b, "%smstore(%s, %s)\n", indent, addr, expr)
		return "mload(" + addr + ")"
	}
	var leafErr error
	ev := plonkish.Evaluator[string]{
		Constant: func(v fr.Element) string { return frWord(v) },
		Query: func(q plonkish.Query) string {
			s, err := leaf(q)
			if err != nil && leafErr == nil {
				leafErr = fmt.Errorf("solidity: expression: query %s at rotation %d: %w", q.Column, q.Rotation, err)
			}
			return s
		},
		Sum:     func(a, c string) string { return store(fmt.Sprintf("addmod(%s, %s, R)", a, c)) },
		Product: func(a, c string) string { return store(fmt.Sprintf("mulmod(%s, %s, R)", a, c)) },
		// a < R, so R − a is in (0, R]; addmod reduces R to 0.
		Negated: func(a string) string { return store(fmt.Sprintf("addmod(sub(R, %s), 0, R)", a)) },
		Scaled:  func(a string, k fr.Element) string { return store(fmt.Sprintf("mulmod(%s, %s, R)", a, frWord(k))) },
	}
	result = plonkish.Evaluate(e, &ev)
	if leafErr != nil {
		return "", "", 0, leafErr
	}
	return b.String(), result, n, nil
}
