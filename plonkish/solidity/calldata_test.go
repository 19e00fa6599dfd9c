package solidity

import (
	"encoding/hex"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

func TestCalldata(t *testing.T) {
	// keccak256("transfer(address,uint256)") starts with a9059cbb.
	if s := Selector("transfer(address,uint256)"); hex.EncodeToString(s[:]) != "a9059cbb" {
		t.Fatalf("selector %x", s)
	}
	var a fr.Element
	a.SetUint64(5)
	c := Calldata([]byte{1, 2, 3}, []fr.Element{a})
	want := "" +
		"0000000000000000000000000000000000000000000000000000000000000040" +
		"0000000000000000000000000000000000000000000000000000000000000080" +
		"0000000000000000000000000000000000000000000000000000000000000003" +
		"0102030000000000000000000000000000000000000000000000000000000000" +
		"0000000000000000000000000000000000000000000000000000000000000001" +
		"0000000000000000000000000000000000000000000000000000000000000005"
	sel := Selector(VerifyProofSignature)
	if got := hex.EncodeToString(c); got != hex.EncodeToString(sel[:])+want {
		t.Fatalf("calldata\n%s\nwant selector+\n%s", got, want)
	}
}
