package evmtest

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkwasm/zkwasm/plonkish"
	"github.com/zkwasm/zkwasm/plonkish/backend"
	"github.com/zkwasm/zkwasm/plonkish/solidity"
)

// squares is a circuit with two instance columns: xs (public inputs) and
// ys (their squares, public outputs), tied by copies to advice a and b with
// the gate q·(b − a·a), and a gate reading xs at rotation 1 directly.
func squares(t *testing.T, k int, xs []uint64) (*plonkish.ConstraintSystem, *plonkish.Preprocessed, *plonkish.Witness) {
	t.Helper()
	cs := new(plonkish.ConstraintSystem)
	a, b := cs.AdviceColumn("a"), cs.AdviceColumn("b")
	q := cs.Selector("q")
	pin, pout := cs.InstanceColumn("xs"), cs.InstanceColumn("ys")
	cs.EnableEquality(a)
	cs.EnableEquality(b)
	cs.CreateGate("square", plonkish.Mul(q.Cur(), plonkish.Sub(b.Cur(), plonkish.Mul(a.Cur(), a.Cur()))))
	// a@+1 = xs@+1 on the rows before the last input (instance read in a gate)
	qn := cs.Selector("q_next")
	cs.CreateGate("next", plonkish.Mul(qn.Cur(), plonkish.Sub(a.Next(), pin.Next())))
	pre := plonkish.NewPreprocessed(cs, k)
	wit := plonkish.NewWitness(cs, k)
	for i, x := range xs {
		wit.Advice[a.Index][i].SetUint64(x)
		wit.Advice[b.Index][i].SetUint64(x * x)
		var vx, vy fr.Element
		vx.SetUint64(x)
		vy.SetUint64(x * x)
		wit.Instance[pin.Index] = append(wit.Instance[pin.Index], vx)
		wit.Instance[pout.Index] = append(wit.Instance[pout.Index], vy)
		pre.SetFixed(q, i, 1)
		if i+1 < len(xs) {
			pre.SetFixed(qn, i, 1)
		}
		pre.AddCopy(a, i, pin, i)
		pre.AddCopy(b, i, pout, i)
	}
	return cs, pre, wit
}

// TestTwoInstanceColumnsEVM: with WithInstanceSplit the flat instances
// array is split into the columns as the Go verifier sees them; values
// moved between the columns, or another split, are rejected.
func TestTwoInstanceColumnsEVM(t *testing.T) {
	const k = 5
	xs := []uint64{3, 5, 7}
	cs, pre, wit := squares(t, k, xs)
	pk, vk, err := backend.Setup(cs, pre, exampleSRS(t))
	if err != nil {
		t.Fatal(err)
	}
	proof, err := backend.Prove(pk, wit, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := backend.Verify(vk, wit.Instance, proof); err != nil {
		t.Fatal(err)
	}
	if _, err := solidity.FromVerifyingKey(vk); err == nil {
		t.Fatal("two instance columns without a split accepted")
	}
	good, err := solidity.GenerateVerifier(vk, solidity.WithName("Squares"), solidity.WithInstanceSplit(len(xs)))
	if err != nil {
		t.Fatal(err)
	}
	other, err := solidity.GenerateVerifier(vk, solidity.WithName("SquaresSplit2"), solidity.WithInstanceSplit(2))
	if err != nil {
		t.Fatal(err)
	}
	compiled, err := Compile(map[string]string{"a.sol": good, "b.sol": other})
	if err != nil {
		t.Fatal(err)
	}
	call := deployed(t, compiled["Squares"])
	flat := solidity.FlattenInstances(wit.Instance)
	out, gas, err := call(proof.Body(), flat)
	if err != nil || !isTrue(out) {
		t.Fatalf("honest proof rejected: %x %v", out, err)
	}
	t.Logf("two instance columns, %d values: gas %d", len(flat), gas)
	reject := func(what string, call func([]byte, []fr.Element) ([]byte, uint64, error), inst []fr.Element) {
		t.Helper()
		out, _, err := call(proof.Body(), inst)
		if err == nil && !isFalse(out) {
			t.Errorf("%s: accepted (%x)", what, out)
		}
	}
	reject("split 2 instead of 3", deployed(t, compiled["SquaresSplit2"]), flat)
	swapped := append([]fr.Element(nil), flat...)
	swapped[2], swapped[3] = swapped[3], swapped[2]
	reject("values swapped across the columns", call, swapped)
	short := append([]fr.Element(nil), flat[:2]...)
	reject("fewer values than the split", call, short)
	for i := range flat {
		bad := append([]fr.Element(nil), flat...)
		var one fr.Element
		one.SetOne()
		bad[i].Add(&bad[i], &one)
		reject("value changed", call, bad)
	}
}
