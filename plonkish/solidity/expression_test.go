package solidity

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/zkwasm/zkwasm/plonkish"
)

func TestYulExpression(t *testing.T) {
	a := plonkish.Column{Kind: plonkish.Advice, Index: 0}
	f := plonkish.Column{Kind: plonkish.Fixed, Index: 2}
	e := plonkish.Sub(plonkish.Mul(a.Cur(), f.Next()), plonkish.Scale(a.Prev(), 3))
	leaf := func(q plonkish.Query) (string, error) {
		return fmt.Sprintf("q_%s_%d", q.Column.Kind, q.Rotation+1), nil
	}
	tmp := func(k int) string { return fmt.Sprintf("t%d", k) }
	code, res, n, err := YulExpression(e, leaf, tmp, "  ")
	if err != nil {
		t.Fatal(err)
	}
	want := "  mstore(t0, mulmod(q_advice_1, q_fixed_2, R))\n" +
		"  mstore(t1, mulmod(q_advice_0, 0x0000000000000000000000000000000000000000000000000000000000000003, R))\n" +
		"  mstore(t2, addmod(sub(R, mload(t1)), 0, R))\n" +
		"  mstore(t3, addmod(mload(t0), mload(t2), R))\n"
	if code != want || res != "mload(t3)" || n != 4 {
		t.Fatalf("got\n%s=> %s (%d temps)\nwant\n%s", code, res, n, want)
	}
	_, _, _, err = YulExpression(e, func(q plonkish.Query) (string, error) {
		if q.Column.Kind == plonkish.Fixed {
			return "", errors.New("not opened")
		}
		return "x", nil
	}, tmp, "")
	if err == nil || !strings.Contains(err.Error(), "not opened") {
		t.Fatalf("leaf error not reported: %v", err)
	}
}
